// libFuzzer target: bytes parsed as svmlight / LIBSVM data by load_svmlight_file's stream overload,
// with each zero_based setting.
//
// A sklite::FileError is the expected answer to a bad file. Anything else is a bug: a crash, a
// sanitizer report, a hang, an allocation beyond the input's size or the dense limit below, another
// exception, or results that disagree between the settings (checked below).
//
//   cmake -S fuzz -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ && cmake --build build/fuzz
//   build/fuzz/fuzz_svmlight fuzz/corpus/svmlight -max_total_time=300 -timeout=5 -rss_limit_mb=2048

// A small dense limit (2^16 doubles, 512 KiB) keeps every matrix a file may ask for far below the
// fuzzer's memory limit, and makes the limit's checks reachable from short inputs.
#define SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS (std::size_t{1} << 16)

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sklite/datasets/svmlight.hpp>
#include <sklite/detail/text.hpp>
#include <sklite/errors.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

using sklite::datasets::ZeroBased;

[[noreturn]] void bug(const char* what) {
  std::fprintf(stderr, "fuzz_svmlight: %s\n", what);
  std::abort();
}

struct Loaded {
  sklite::datasets::SvmlightData data;
  std::vector<std::int64_t> query_id;
};

std::optional<Loaded> load(const std::string& text, ZeroBased zero_based) {
  std::istringstream in(text);
  Loaded loaded;
  try {
    loaded.data =
        sklite::datasets::load_svmlight_file(in, "<fuzz>", 0, zero_based, &loaded.query_id);
  } catch (const sklite::FileError&) {
    return std::nullopt;
  }
  const auto rows = loaded.data.X.rows();
  if (loaded.data.y.size() != rows || static_cast<Eigen::Index>(loaded.query_id.size()) != rows)
    bug("X, y and query_id disagree on the number of samples");
  if (loaded.data.X.cols() < 1) bug("X has no column");
  if (static_cast<std::size_t>(rows * loaded.data.X.cols()) >
      sklite::datasets::svmlight_max_dense_elements)
    bug("X is above the dense limit");
  return loaded;
}

// Equal, NaN equal to NaN.
bool same(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index i = 0; i < a.rows(); ++i)
      if (!(a(i, j) == b(i, j) || (std::isnan(a(i, j)) && std::isnan(b(i, j))))) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The parser's fast path for plain decimals must agree with parse_double (std::from_chars) on
  // every token, bit for bit.
  if (size <= 64) {
    double fast = 0.0;
    double reference = 0.0;
    const bool fast_ok = sklite::detail::parse_number(text, fast);
    const bool reference_ok = sklite::detail::parse_double(text, reference);
    if (fast_ok != reference_ok || (fast_ok && std::memcmp(&fast, &reference, sizeof fast) != 0 &&
                                    !(std::isnan(fast) && std::isnan(reference))))
      bug("parse_number and parse_double disagree");
  }
  const std::optional<Loaded> zero = load(text, ZeroBased::yes);
  const std::optional<Loaded> one = load(text, ZeroBased::no);
  const std::optional<Loaded> automatic = load(text, ZeroBased::automatic);
  // automatic is one of the other two: the same success and the same matrices.
  if (automatic.has_value() != (zero.has_value() || one.has_value()))
    bug("automatic succeeds or fails unlike yes and no");
  if (automatic) {
    const Loaded& expected = one ? *one : *zero;
    if (!(same(automatic->data.X, expected.data.X) ||
          (zero && same(automatic->data.X, zero->data.X))))
      bug("automatic gives another X than yes and no");
  }
  if (zero && one) {
    // The same file read one-based: the zero-based matrix without its (empty) first column.
    if (!same(zero->data.y, one->data.y) || zero->query_id != one->query_id)
      bug("yes and no disagree on y or query_id");
    const Eigen::MatrixXd& Z = zero->data.X;
    const Eigen::MatrixXd& O = one->data.X;
    if (Z.cols() == O.cols() + 1) {
      if (!Z.col(0).isZero(0) || !same(Z.rightCols(O.cols()), O)) bug("yes and no disagree on X");
    } else if (!(O.cols() == 1 && Z.cols() == 1)) {
      bug("yes has not one more column than no");
    }
  }
  return 0;
}

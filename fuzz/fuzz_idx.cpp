// libFuzzer target: bytes read as an IDX file (plain or gzipped) by load_idx, as double, float and
// the bytes of MNIST's images, whole and limited to 2 items.
//
// A sklite::FileError is the expected answer to a bad file. Anything else is a bug: a crash, a
// sanitizer report (a value converted to a type that cannot hold it included), a hang, an
// oversized allocation, or a result whose shape disagrees with its data (checked below).
//
// load_idx reads a path, so each input is written to a file of this process first.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sklite/datasets/idx.hpp>
#include <sklite/errors.hpp>
#include <string>

namespace {

[[noreturn]] void bug(const char* what) {
  std::fprintf(stderr, "fuzz_idx: %s\n", what);
  std::abort();
}

const std::string& scratch_path() {
  static const std::string path = "/tmp/sklite_fuzz_idx_" + std::to_string(getpid()) + ".idx";
  return path;
}

template <typename Scalar>
void check(std::size_t max_items) {
  try {
    const auto result = sklite::datasets::load_idx<Scalar>(scratch_path(), max_items);
    if (result.shape.empty()) bug("an empty shape");
    std::size_t columns = 1;
    for (std::size_t d = 1; d < result.shape.size(); ++d) columns *= result.shape[d];
    if (static_cast<std::size_t>(result.data.rows()) != result.shape[0] ||
        static_cast<std::size_t>(result.data.cols()) != columns || result.shape[0] > max_items)
      bug("the data disagree with the shape");
  } catch (const sklite::FileError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  check<double>(sklite::datasets::idx_all_items);
  check<float>(sklite::datasets::idx_all_items);
  check<std::uint8_t>(sklite::datasets::idx_all_items);
  check<double>(2);
  return 0;
}

// sklite: reading and writing the svmlight / LIBSVM text format (scikit-learn's
// load_svmlight_file and dump_svmlight_file), with dense Eigen matrices.
#ifndef SKLITE_DATASETS_SVMLIGHT_HPP
#define SKLITE_DATASETS_SVMLIGHT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <istream>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sklite/datasets/detail/io.hpp"
#include "sklite/detail/memory.hpp"
#include "sklite/detail/text.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"

namespace sklite::datasets {

/// @brief How feature indices are numbered in an svmlight file (scikit-learn's `zero_based`).
enum class ZeroBased {
  automatic,  ///< scikit-learn's "auto": one-based unless an index 0 appears in the file.
  yes,        ///< scikit-learn's True: the first feature is index 0.
  no,         ///< scikit-learn's False: the first feature is index 1 (LIBSVM's convention).
};

/// @brief The content of an svmlight file: `auto [X, y] = load_svmlight_file(path);`.
struct SvmlightData {
  /// One row per sample, dense; features missing from a line are 0.
  Eigen::MatrixXd X;
  /// The label of each sample.
  Eigen::VectorXd y;
};

/// @brief The largest dense matrix (rows times columns) load_svmlight_file agrees to allocate,
/// and one more than the largest feature index it accepts: SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS,
/// by default 2^28 doubles (2 GiB; define the macro before including sklite to allow more or
/// less). A file asking for more (usually a corrupt or hostile index) is an error instead of a huge
/// allocation.
inline constexpr std::size_t svmlight_max_dense_elements = sklite::detail::max_dense_elements;

namespace detail {

/// The parsed file before densification: labels and per-row triplets (CSR layout).
struct SvmlightTriplets {
  std::vector<double> labels;
  std::vector<std::int64_t> query_ids;
  std::vector<std::size_t> row_start{0};
  std::vector<std::uint32_t> indices;
  std::vector<double> values;
  bool any_index = false;
  std::uint32_t min_index = 0;
  std::uint32_t max_index = 0;
  std::size_t max_index_line = 0;

  /// Widens the index range by a line's smallest and largest index.
  void add_range(std::uint32_t first, std::uint32_t last, std::size_t line_number) {
    if (!any_index || first < min_index) min_index = first;
    if (!any_index || last > max_index) {
      max_index = last;
      max_index_line = line_number;
    }
    any_index = true;
  }
};

/// Parses one non-comment line's tokens into `out`; throws FileError naming `name:line`.
inline void parse_svmlight_line(std::string_view line, const std::string& name,
                                std::size_t line_number, ZeroBased zero_based,
                                SvmlightTriplets& out) {
  constexpr std::string_view function = "load_svmlight_file";
  const char* p = line.data();
  const char* const end = p + line.size();
  // The label: the first token.
  while (p < end && is_blank(*p)) ++p;
  const char* token = p;
  while (p < end && !is_blank(*p)) ++p;
  const std::string_view label_text(token, static_cast<std::size_t>(p - token));
  double label = 0.0;
  if (!sklite::detail::parse_number(label_text, label))
    throw_file_error(function, name, line_number, "bad label ", quote_token(label_text));
  out.labels.push_back(label);
  // A query id may follow the label, as in svmlight's ranking files.
  std::int64_t query_id = 0;
  while (p < end && is_blank(*p)) ++p;
  if (end - p >= 4 && std::memcmp(p, "qid:", 4) == 0) {
    token = p;
    while (p < end && !is_blank(*p)) ++p;
    const std::string_view whole(token, static_cast<std::size_t>(p - token));
    if (!parse_int64(whole.substr(4), query_id))
      throw_file_error(function, name, line_number, "bad query id ", quote_token(whole));
  }
  sklite::detail::IndexValueRules rules;
  rules.min_index = zero_based == ZeroBased::no ? 1 : 0;
  rules.max_index = static_cast<std::int64_t>(svmlight_max_dense_elements) - 1;
  rules.below_min = "zero_based = no numbers features from 1";
  sklite::detail::parse_index_values(
      std::string_view(p, static_cast<std::size_t>(end - p)), rules,
      [&](std::int64_t index, double value) {
        out.indices.push_back(static_cast<std::uint32_t>(index));
        out.values.push_back(value);
      },
      [&](const auto&... parts) { throw_file_error(function, name, line_number, parts...); });
  // Indices ascend, so the line's range is its first and last index.
  const std::size_t line_start = out.row_start.back();
  if (out.indices.size() > line_start)
    out.add_range(out.indices[line_start], out.indices.back(), line_number);
  out.query_ids.push_back(query_id);
  out.row_start.push_back(out.indices.size());
}

/// The number of bytes from the stream's position to its end, or 0 when it cannot seek. Works on
/// the stream buffer, so the stream's state flags stay as they were, unless the buffer cannot go
/// back to where it was: then the stream is marked bad, and reading it reports an error instead of
/// parsing from the wrong place.
inline std::size_t remaining_bytes(std::istream& in) {
  std::streambuf* const buffer = in.rdbuf();
  if (buffer == nullptr || !in.good()) return 0;
  const auto here = buffer->pubseekoff(0, std::ios::cur, std::ios::in);
  if (here == std::streampos(-1)) return 0;
  const auto last = buffer->pubseekoff(0, std::ios::end, std::ios::in);
  if (buffer->pubseekpos(here, std::ios::in) != here) {
    in.setstate(std::ios::badbit);
    return 0;
  }
  if (last == std::streampos(-1) || last < here) return 0;
  return static_cast<std::size_t>(last - here);
}

/// Reads every line of `in` into triplets.
inline SvmlightTriplets read_svmlight_triplets(std::istream& in, const std::string& name,
                                               ZeroBased zero_based) {
  SvmlightTriplets out;
  // A feature takes at least 4 bytes ("1:2 "), so a seekable stream's size bounds the number of
  // features: reserving that much address space once saves the copies of a growing vector (the
  // pages that are never written cost nothing).
  // Where the system refuses that much address space (no overcommit), the vectors just grow.
  const std::size_t max_features =
      std::min(remaining_bytes(in) / 4 + 1, std::size_t{svmlight_max_dense_elements});
  try {
    out.indices.reserve(max_features);
    out.values.reserve(max_features);
    sklite::detail::advise_huge_pages(out.indices.data(), max_features * sizeof(std::uint32_t));
    sklite::detail::advise_huge_pages(out.values.data(), max_features * sizeof(double));
  } catch (const std::bad_alloc&) {
    out.indices = {};
    out.values = {};
  }
  LineReader reader(in);
  std::string_view line;
  while (reader.next(line)) {
    const void* hash = line.empty() ? nullptr : std::memchr(line.data(), '#', line.size());
    if (hash != nullptr)
      line = line.substr(0, static_cast<std::size_t>(static_cast<const char*>(hash) - line.data()));
    if (trim(line).empty()) continue;
    parse_svmlight_line(line, name, reader.line_number(), zero_based, out);
  }
  if (reader.failed())
    throw_file_error("load_svmlight_file", name, 0, "read error after line ", reader.line_number());
  return out;
}

}  // namespace detail

/// @brief Reads svmlight / LIBSVM data from a stream into a dense matrix (the parser behind
/// load_svmlight_file, also usable on in-memory text).
///
/// The format has one sample per line: `label [qid:N] index:value index:value ...`, with indices
/// strictly ascending; text after `#` is a comment; blank lines are skipped. Numbers follow
/// Python's `float`/`int` syntax as far as std::from_chars allows (a leading `+`, `nan`, `inf`).
/// @param in the text to read, consumed to its end.
/// @param name what error messages call the input (a file name or "<memory>").
/// @param n_features the number of columns of X; 0 (scikit-learn's None) takes the largest index
///        found. Must not be smaller than what the file needs.
/// @param zero_based how indices are numbered; automatic: one-based unless some index is 0.
/// @param query_id when not null, receives one query id per sample (0 where a line has none).
/// @return X (rows x n_features, zeros where a feature is absent) and y (the labels).
/// @throws std::invalid_argument when n_features is negative.
/// @throws sklite::FileError ("load_svmlight_file: name:line: ...") for a bad label, a token that
///         is not index:value, a bad or negative or too large index, indices not ascending, a bad
///         value, n_features too small, or a dense matrix above svmlight_max_dense_elements.
/// @code
/// std::istringstream text("1 1:0.5 3:2\n-1 2:1.5\n");
/// auto [X, y] = sklite::datasets::load_svmlight_file(text, "<memory>");  // X is 2 x 3
/// @endcode
inline SvmlightData load_svmlight_file(std::istream& in, const std::string& name,
                                       Eigen::Index n_features = 0,
                                       ZeroBased zero_based = ZeroBased::automatic,
                                       std::vector<std::int64_t>* query_id = nullptr) {
  constexpr std::string_view function = "load_svmlight_file";
  if (n_features < 0)
    sklite::detail::throw_invalid(
        function, "n_features expected 0 (from the file) or a positive count; got ", n_features);
  detail::SvmlightTriplets triplets = detail::read_svmlight_triplets(in, name, zero_based);
  // As scikit-learn: shift one-based indices down, unless zero-based was asked for or
  // detected (an index 0 occurs, or no index occurs at all).
  const bool one_based =
      zero_based == ZeroBased::no ||
      (zero_based == ZeroBased::automatic && triplets.any_index && triplets.min_index > 0);
  const std::uint32_t shift = one_based ? 1 : 0;
  // scikit-learn's n_features is the largest column + 1, which is 1 even when no index occurs.
  const std::size_t needed =
      triplets.any_index ? std::size_t{triplets.max_index} - shift + 1 : std::size_t{1};
  if (n_features != 0 && static_cast<std::size_t>(n_features) < needed)
    detail::throw_file_error(function, name, triplets.max_index_line, "n_features is ", n_features,
                             " but the file has ", needed, " features (index ", triplets.max_index,
                             ")");
  const std::size_t n_cols = n_features != 0 ? static_cast<std::size_t>(n_features) : needed;
  const std::size_t n_rows = triplets.labels.size();
  if (n_rows != 0 && n_cols > svmlight_max_dense_elements / n_rows)
    detail::throw_file_error(function, name, triplets.max_index_line, "a dense matrix of ", n_rows,
                             " rows and ", n_cols, " columns is above the limit of ",
                             svmlight_max_dense_elements, " elements");

  SvmlightData result;
  result.X.resize(static_cast<Eigen::Index>(n_rows), static_cast<Eigen::Index>(n_cols));
  result.y =
      Eigen::Map<const Eigen::VectorXd>(triplets.labels.data(), static_cast<Eigen::Index>(n_rows));
  // X is column-major and the triplets come row by row: fill it in blocks of rows, zeroing each
  // block's part of every column just before scattering its values, so that each cache line of X
  // is written while it is in the cache instead of once by a memset and again by the scatter.
  double* const X = result.X.data();
  sklite::detail::advise_huge_pages(X, n_rows * n_cols * sizeof(double));
  constexpr std::size_t block = 32;
  for (std::size_t first = 0; first < n_rows; first += block) {
    const std::size_t last = std::min(first + block, n_rows);
    for (std::size_t j = 0; j < n_cols; ++j)
      std::fill(X + j * n_rows + first, X + j * n_rows + last, 0.0);
    for (std::size_t i = first; i < last; ++i)
      for (std::size_t k = triplets.row_start[i]; k < triplets.row_start[i + 1]; ++k)
        X[(triplets.indices[k] - shift) * n_rows + i] = triplets.values[k];
  }
  if (query_id != nullptr) *query_id = std::move(triplets.query_ids);
  return result;
}

/// @brief Loads an svmlight / LIBSVM file into a dense matrix (scikit-learn's
/// `load_svmlight_file`, with X dense instead of sparse).
///
/// The file is read in blocks of 4 MiB; plain decimals ("0.0039215689", "-3", "1") are parsed by a
/// fast path that gives the same doubles as std::from_chars, which parses the rest.
/// @param path the file to read.
/// @param n_features the number of columns of X; 0 (scikit-learn's None) takes the largest index
///        found. Must not be smaller than what the file needs.
/// @param zero_based how indices are numbered; automatic: one-based unless some index is 0.
/// @param query_id when not null, receives one query id per sample (0 where a line has none).
/// @return X (rows x n_features) and y (the labels): `auto [X, y] = load_svmlight_file(path);`
/// @throws std::invalid_argument when n_features is negative.
/// @throws sklite::FileError ("load_svmlight_file: path:line: ...") when the file cannot be read
///         or is malformed (see the stream overload for the list).
/// @code
/// auto [X, y] = sklite::datasets::load_svmlight_file("train.libsvm");
/// @endcode
inline SvmlightData load_svmlight_file(const std::string& path, Eigen::Index n_features = 0,
                                       ZeroBased zero_based = ZeroBased::automatic,
                                       std::vector<std::int64_t>* query_id = nullptr) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    detail::throw_file_error("load_svmlight_file", path, 0, "cannot open the file: ",
                             detail::errno_text(errno != 0 ? errno : ENOENT));
  return load_svmlight_file(in, path, n_features, zero_based, query_id);
}

namespace detail {

/// Appends the shortest text that reads back as exactly `value`.
template <typename Scalar>
void append_number(std::string& out, Scalar value) {
  char text[64];
  std::to_chars_result result{};
  if constexpr (std::is_floating_point_v<Scalar>) {
    // Integral values print as integers (no exponent) while they are exact in a double.
    if (std::abs(value) < Scalar(9007199254740992.0) && std::trunc(value) == value)
      result = std::to_chars(text, text + sizeof text, static_cast<long long>(value));
    else
      result = std::to_chars(text, text + sizeof text, value);
  } else {
    result = std::to_chars(text, text + sizeof text, value);
  }
  out.append(text, result.ptr);
}

}  // namespace detail

/// @brief Writes X and y in the svmlight / LIBSVM format (scikit-learn's `dump_svmlight_file`).
///
/// One line per sample: the label, then `index:value` for each non-zero feature. Numbers are
/// written in the shortest form that reads back exactly (std::to_chars), integral values without
/// a decimal point. The file is written atomically: into a temporary file in the same folder that
/// then replaces `path`, so a failure never leaves a partial file behind.
/// @param X the samples, one per row (any Eigen dense expression).
/// @param y the labels, one per row of X.
/// @param path the file to write (replaced if it exists).
/// @param zero_based true (the default, as scikit-learn) numbers features from 0; false from 1,
///        as LIBSVM expects.
/// @throws std::invalid_argument when X is empty, y is not a vector, the lengths differ, or X or
///         y holds NaN or infinity.
/// @throws sklite::FileError when the file cannot be written.
/// @code
/// sklite::datasets::dump_svmlight_file(X, y, "train.libsvm", /*zero_based=*/false);
/// @endcode
template <typename DerivedX, typename DerivedY>
void dump_svmlight_file(const Eigen::MatrixBase<DerivedX>& X, const Eigen::MatrixBase<DerivedY>& y,
                        const std::string& path, bool zero_based = true) {
  constexpr std::string_view function = "dump_svmlight_file";
  sklite::detail::check_not_empty(function, "X", X);
  sklite::detail::check_vector(function, "y", y);
  sklite::detail::check_same_length(function, "X", X.rows(), "rows", "y", y.size(), "entries");
  sklite::detail::check_finite(function, "X", X);
  sklite::detail::check_finite(function, "y", y);

  detail::AtomicFileWriter file(function, path);
  std::string buffer;
  constexpr std::size_t flush_size = std::size_t{1} << 20;
  buffer.reserve(flush_size + 4096);
  const Eigen::Index offset = zero_based ? 0 : 1;
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    detail::append_number(buffer, y(i));
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      const auto value = X(i, j);
      if (value == 0) continue;
      buffer += ' ';
      detail::append_number(buffer, static_cast<long long>(j + offset));
      buffer += ':';
      detail::append_number(buffer, value);
    }
    buffer += '\n';
    if (buffer.size() >= flush_size) {
      file.write(buffer);
      buffer.clear();
    }
  }
  file.write(buffer);
  file.commit();
}

}  // namespace sklite::datasets

#endif  // SKLITE_DATASETS_SVMLIGHT_HPP

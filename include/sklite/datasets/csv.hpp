// sklite: load_csv, a reader for numeric CSV files (a header line and a target column optional).
#ifndef SKLITE_DATASETS_CSV_HPP
#define SKLITE_DATASETS_CSV_HPP

#include <Eigen/Core>
#include <cerrno>
#include <cstddef>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sklite/datasets/detail/io.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"

namespace sklite::datasets {

/// @brief Options of load_csv.
struct CsvOptions {
  /// The field separator. Any character except '\n', '\r', '"' and '\0'.
  char delimiter = ',';
  /// True when the first non-blank line holds column names rather than numbers.
  bool header = false;
  /// The column that holds the target, removed from X and returned as y. A negative value counts
  /// from the end (-1 is the last column). Unset: every column goes to X and y is empty.
  std::optional<Eigen::Index> target_column;
};

/// @brief The content of a CSV file as returned by load_csv.
struct CsvData {
  /// The numeric columns other than the target, one row per data line.
  Eigen::MatrixXd X;
  /// The target column; empty (size 0) when CsvOptions::target_column is unset.
  Eigen::VectorXd y;
  /// The header names of the columns of X; empty without a header.
  std::vector<std::string> feature_names;
  /// The header name of the target column; empty without a header or a target.
  std::string target_name;
};

namespace detail {

/// Splits `line` at `delimiter`, trimming blanks and one pair of surrounding double quotes.
inline void split_csv_fields(std::string_view line, char delimiter,
                             std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t stop = line.find(delimiter, start);
    std::string_view field = trim(
        line.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
      field = trim(field.substr(1, field.size() - 2));
    fields.push_back(field);
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
}

}  // namespace detail

/// @brief Loads a numeric CSV file into a matrix, optionally taking column names from a header
/// line and a target column out as y.
///
/// Every data line must have the same number of fields, each a number in Python's `float` syntax
/// (blanks around a field and a pair of double quotes are ignored; `nan` and `inf` are accepted).
/// Blank lines are skipped. Quoted fields containing the delimiter are not supported.
/// @param path the file to read.
/// @param options the delimiter, whether there is a header, and the target column.
/// @return X, y (when a target column is given) and the column names (when there is a header).
/// @throws std::invalid_argument for a bad delimiter or a target column outside the columns.
/// @throws sklite::FileError ("load_csv: path:line: ...") when the file cannot be read, has no
///         data line, a line with the wrong number of fields, or a field that is not a number.
/// @code
/// sklite::datasets::CsvOptions options;
/// options.header = true;
/// options.target_column = -1;  // the last column is the label
/// auto data = sklite::datasets::load_csv("iris.csv", options);
/// @endcode
inline CsvData load_csv(const std::string& path, const CsvOptions& options = {}) {
  constexpr std::string_view function = "load_csv";
  const char delimiter = options.delimiter;
  if (delimiter == '\n' || delimiter == '\r' || delimiter == '"' || delimiter == '\0')
    sklite::detail::throw_invalid(function,
                                  "delimiter expected a character other than newline, carriage "
                                  "return, double quote and NUL; got code ",
                                  static_cast<int>(delimiter));
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    detail::throw_file_error(function, path, 0, "cannot open the file: ",
                             detail::errno_text(errno != 0 ? errno : ENOENT));

  detail::LineReader reader(in);
  std::string_view line;
  std::vector<std::string_view> fields;
  std::vector<std::string> names;
  std::vector<double> values;  // row by row
  std::size_t n_fields = 0;
  std::size_t n_rows = 0;
  std::size_t target = 0;
  bool has_target = false;
  bool first = true;
  std::size_t first_line = 0;

  const auto resolve_target = [&](std::size_t columns) {
    if (!options.target_column) return;
    const auto count = static_cast<Eigen::Index>(columns);
    const Eigen::Index column = *options.target_column;
    if (column < -count || column >= count)
      sklite::detail::throw_invalid(function, "target_column expected a column in [", -count, ", ",
                                    count - 1, "] for a file with ", count, " columns; got ",
                                    column);
    target = static_cast<std::size_t>(column < 0 ? column + count : column);
    has_target = true;
  };

  while (reader.next(line)) {
    if (detail::trim(line).empty()) continue;
    detail::split_csv_fields(line, delimiter, fields);
    if (first) {
      first = false;
      first_line = reader.line_number();
      n_fields = fields.size();
      resolve_target(n_fields);
      if (options.header) {
        names.assign(fields.begin(), fields.end());
        continue;
      }
    }
    if (fields.size() != n_fields)
      detail::throw_file_error(function, path, reader.line_number(), "expected ", n_fields,
                               " fields (as on line ", first_line, "); got ", fields.size());
    for (std::size_t j = 0; j < fields.size(); ++j) {
      double value = 0.0;
      if (!detail::parse_double(fields[j], value))
        detail::throw_file_error(function, path, reader.line_number(), "field ", j + 1,
                                 " is not a number: ", detail::quote_token(fields[j]));
      values.push_back(value);
    }
    ++n_rows;
  }
  if (reader.failed())
    detail::throw_file_error(function, path, 0, "read error after line ", reader.line_number());
  if (n_rows == 0)
    detail::throw_file_error(function, path, 0,
                             first ? "the file is empty" : "the file has a header but no data");

  CsvData result;
  const std::size_t n_x = n_fields - (has_target ? 1 : 0);
  result.X.resize(static_cast<Eigen::Index>(n_rows), static_cast<Eigen::Index>(n_x));
  if (has_target) result.y.resize(static_cast<Eigen::Index>(n_rows));
  for (std::size_t i = 0; i < n_rows; ++i) {
    Eigen::Index column = 0;
    for (std::size_t j = 0; j < n_fields; ++j) {
      const double value = values[i * n_fields + j];
      if (has_target && j == target)
        result.y(static_cast<Eigen::Index>(i)) = value;
      else
        result.X(static_cast<Eigen::Index>(i), column++) = value;
    }
  }
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (has_target && j == target)
      result.target_name = names[j];
    else
      result.feature_names.push_back(names[j]);
  }
  return result;
}

}  // namespace sklite::datasets

#endif  // SKLITE_DATASETS_CSV_HPP

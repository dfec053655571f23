// sklite's command-line tools: what sklite-train and sklite-predict share (option values, data
// files, errors). Not part of the library.
#ifndef SKLITE_TOOLS_CLI_HPP
#define SKLITE_TOOLS_CLI_HPP

#include <sklite/datasets/csv.hpp>
#include <sklite/datasets/svmlight.hpp>

#include <Eigen/Core>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace sklite_cli {

/// A command-line mistake: the tool prints the message and exits with status 1.
struct UsageError {
  std::string message;
  bool show_usage = false;  // print the usage text after the message, as LIBSVM's tools do
};

/// Runs a tool's work: a UsageError or any other exception becomes one line "tool: message" on
/// stderr (followed by the usage text when the error asks for it), and the exit status 1.
template <typename Work>
int run(const char* tool, const char* usage, Work work) {
  try {
    work();
  } catch (const UsageError& e) {
    if (!e.message.empty()) std::cerr << tool << ": " << e.message << "\n";
    if (e.show_usage) std::cerr << usage;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << tool << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

/// The whole of `text` as a double; `option` names what it is for in the error.
inline double parse_double(std::string_view text, std::string_view option) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value))
    throw UsageError{std::string(option) + " expects a number; got '" + std::string(text) + "'"};
  return value;
}

/// The whole of `text` as an int; `option` names what it is for in the error.
inline int parse_int(std::string_view text, std::string_view option) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    throw UsageError{std::string(option) + " expects an integer; got '" + std::string(text) + "'"};
  return value;
}

/// Samples and their labels as read from a data file.
struct LabeledData {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
};

/// Reads a LIBSVM data file (one-based `index:value`, as LIBSVM's tools read them) or, with
/// `csv`, a comma-separated file whose first column is the label.
inline LabeledData load_data(const std::string& path, bool csv, Eigen::Index n_features = 0) {
  if (csv) {
    sklite::datasets::CsvOptions options;
    options.target_column = 0;
    auto data = sklite::datasets::load_csv(path, options);
    return {std::move(data.X), std::move(data.y)};
  }
  auto [X, y] =
      sklite::datasets::load_svmlight_file(path, n_features, sklite::datasets::ZeroBased::no);
  return {std::move(X), std::move(y)};
}

/// Reads a LIBSVM precomputed-kernel file: `label 0:serial 1:K(x, x_1) 2:K(x, x_2) ...`. Column 0
/// of X holds the serial numbers, column j the kernel value against training sample j.
inline LabeledData load_precomputed(const std::string& path) {
  auto [X, y] = sklite::datasets::load_svmlight_file(path, 0, sklite::datasets::ZeroBased::yes);
  return {std::move(X), std::move(y)};
}

/// The line of `path` that holds sample `row` (0-based; blank and comment-only lines hold none),
/// for error messages about a sample. 0 when it cannot be found.
inline std::size_t line_of_sample(const std::string& path, Eigen::Index row) {
  std::ifstream in(path);
  std::string line;
  std::size_t number = 0;
  Eigen::Index seen = -1;
  while (std::getline(in, line)) {
    ++number;
    const auto hash = line.find('#');
    if (line.substr(0, hash).find_first_not_of(" \t\r\f\v") == std::string::npos) continue;
    if (++seen == row) return number;
  }
  return 0;
}

/// The labels as integers: C-SVC classifies integer labels (LIBSVM truncates others silently;
/// sklite says so instead).
inline Eigen::VectorXi integer_labels(const Eigen::VectorXd& y, const std::string& path) {
  Eigen::VectorXi labels(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const double value = y(i);
    if (!(std::trunc(value) == value && std::abs(value) <= std::numeric_limits<int>::max()))
      throw UsageError{path + ":" + std::to_string(line_of_sample(path, i)) + ": label " +
                       sklite::detail::concat(value) +
                       " is not an integer; C-SVC and nu-SVC classify integer labels"};
    labels(i) = static_cast<int>(value);
  }
  return labels;
}

/// The mean squared error and the squared correlation coefficient of predictions p against
/// targets t, summed in LIBSVM's order so that the digits svm-train and svm-predict print are
/// theirs.
struct RegressionFit {
  double mean_squared_error = 0;
  double squared_correlation = 0;
};

inline RegressionFit regression_fit(const Eigen::VectorXd& p, const Eigen::VectorXd& t) {
  double error = 0, sum_p = 0, sum_t = 0, sum_pp = 0, sum_tt = 0, sum_pt = 0;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    error += (p(i) - t(i)) * (p(i) - t(i));
    sum_p += p(i);
    sum_t += t(i);
    sum_pp += p(i) * p(i);
    sum_tt += t(i) * t(i);
    sum_pt += p(i) * t(i);
  }
  const double l = static_cast<double>(p.size());
  const double covariance = l * sum_pt - sum_p * sum_t;
  return {error / l,
          covariance * covariance / ((l * sum_pp - sum_p * sum_p) * (l * sum_tt - sum_t * sum_t))};
}

}  // namespace sklite_cli

#endif  // SKLITE_TOOLS_CLI_HPP

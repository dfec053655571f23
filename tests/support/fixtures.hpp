// Test support: expected values produced once by scikit-learn (scripts in tests/fixtures/) and
// committed as JSON, so that the tests themselves need no Python.
#ifndef SKLITE_TESTS_SUPPORT_FIXTURES_HPP
#define SKLITE_TESTS_SUPPORT_FIXTURES_HPP

#include <Eigen/Core>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace sklite::testing {

/// Path of a file under tests/fixtures/.
inline std::string fixture_path(const std::string& relative) {
  return std::string(SKLITE_FIXTURES_DIR) + "/" + relative;
}

/// Reads and parses tests/fixtures/<relative>.
inline nlohmann::json load_fixture(const std::string& relative) {
  std::ifstream in(fixture_path(relative));
  if (!in) throw std::runtime_error("cannot open fixture " + fixture_path(relative));
  return nlohmann::json::parse(in);
}

/// A JSON list of numbers as a column vector. JSON null stands for NaN.
template <typename Scalar = double>
Eigen::Matrix<Scalar, Eigen::Dynamic, 1> to_vector(const nlohmann::json& values) {
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> out(static_cast<Eigen::Index>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    out(static_cast<Eigen::Index>(i)) =
        values[i].is_null() ? std::numeric_limits<Scalar>::quiet_NaN() : values[i].get<Scalar>();
  return out;
}

/// A JSON list of rows as a matrix (rows are samples). JSON null stands for NaN.
template <typename Scalar = double>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> to_matrix(const nlohmann::json& rows) {
  const auto n_rows = static_cast<Eigen::Index>(rows.size());
  const auto n_cols = n_rows == 0 ? Eigen::Index{0} : static_cast<Eigen::Index>(rows[0].size());
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> out(n_rows, n_cols);
  for (Eigen::Index i = 0; i < n_rows; ++i)
    for (Eigen::Index j = 0; j < n_cols; ++j) {
      const auto& v = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      out(i, j) = v.is_null() ? std::numeric_limits<Scalar>::quiet_NaN() : v.get<Scalar>();
    }
  return out;
}

}  // namespace sklite::testing

#endif  // SKLITE_TESTS_SUPPORT_FIXTURES_HPP

// Tests of the error types and the shared argument checks.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <limits>
#include <sklite/detail/validation.hpp>
#include <sklite/errors.hpp>
#include <stdexcept>
#include <string>

using sklite::detail::check_finite;
using sklite::detail::check_not_empty;
using sklite::detail::check_same_length;
using sklite::detail::check_vector;

TEST_CASE("errors: FileError is an invalid_argument that carries the path and the line") {
  const sklite::FileError error("load_csv: data.csv:12: expected 3 fields; got 2", "data.csv", 12);
  const std::invalid_argument& base = error;
  CHECK(std::string(base.what()) == "load_csv: data.csv:12: expected 3 fields; got 2");
  CHECK(error.path() == "data.csv");
  CHECK(error.line() == 12);
}

TEST_CASE("errors: NotFittedError is a logic_error") {
  const sklite::NotFittedError error("SVC::predict: this SVC is not fitted yet; call fit first");
  const std::logic_error& base = error;
  CHECK(std::string(base.what()).find("not fitted") != std::string::npos);
}

TEST_CASE("errors: SKLITE_ASSERT throws InternalError naming the condition") {
  const int answer = 41;
  CHECK_NOTHROW(SKLITE_ASSERT(answer == 41));
  CHECK_THROWS_WITH_AS(SKLITE_ASSERT(answer == 42), doctest::Contains("answer == 42"),
                       sklite::InternalError);
}

TEST_CASE("validation: check_finite names the function, the argument and the position") {
  Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 2);
  CHECK_NOTHROW(check_finite("fit", "X", X));
  X(2, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(check_finite("fit", "X", X),
                       "fit: X must be finite; got NaN at row 2, column 1", std::invalid_argument);
  Eigen::VectorXf y = Eigen::VectorXf::Zero(4);
  y(3) = -std::numeric_limits<float>::infinity();
  CHECK_THROWS_WITH_AS(check_finite("fit", "y", y),
                       "fit: y must be finite; got -infinity at index 3", std::invalid_argument);
  // Integer inputs cannot hold NaN; the check compiles to nothing for them.
  CHECK_NOTHROW(check_finite("fit", "labels", Eigen::VectorXi::Zero(3)));
}

TEST_CASE("validation: shape checks") {
  CHECK_THROWS_WITH_AS(check_not_empty("fit", "X", Eigen::MatrixXd(0, 3)),
                       "fit: X must not be empty; got shape (0, 3): 0 sample(s)",
                       std::invalid_argument);
  CHECK_NOTHROW(check_not_empty("fit", "X", Eigen::MatrixXd(1, 1)));
  CHECK_THROWS_WITH_AS(check_same_length("fit", "X", 4, "rows", "y", 3, "entries"),
                       "fit: X has 4 rows but y has 3 entries", std::invalid_argument);
  CHECK_NOTHROW(check_same_length("fit", "X", 3, "rows", "y", 3, "entries"));
  CHECK_THROWS_WITH_AS(check_vector("score", "y", Eigen::MatrixXd(2, 2)),
                       "score: y must be a vector; got shape (2, 2)", std::invalid_argument);
  CHECK_NOTHROW(check_vector("score", "y", Eigen::RowVectorXd(5)));
}

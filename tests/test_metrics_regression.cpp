// Regression metrics against scikit-learn (fixtures from tests/fixtures/gen_regression_metrics.py).
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <sklite/metrics/regression.hpp>
#include <stdexcept>
#include <string>

#include "support/fixtures.hpp"

using sklite::testing::to_vector;

TEST_CASE("regression metrics: r2_score, mean_squared_error and mean_absolute_error") {
  const auto cases = sklite::testing::load_fixture("metrics/regression.json");
  CHECK(cases.size() >= 9);
  for (const auto& c : cases) {
    INFO("case ", c["name"].get<std::string>());
    const Eigen::VectorXd t = to_vector(c["y_true"]);
    const Eigen::VectorXd p = to_vector(c["y_pred"]);
    const Eigen::VectorXd w =
        c.contains("sample_weight") ? to_vector(c["sample_weight"]) : Eigen::VectorXd();
    CHECK(sklite::metrics::r2_score(t, p, w) ==
          doctest::Approx(c["r2"].get<double>()).epsilon(1e-12));
    CHECK(sklite::metrics::mean_squared_error(t, p, w) ==
          doctest::Approx(c["mse"].get<double>()).epsilon(1e-12));
    CHECK(sklite::metrics::mean_absolute_error(t, p, w) ==
          doctest::Approx(c["mae"].get<double>()).epsilon(1e-12));
  }
}

TEST_CASE("regression metrics: bad input is refused") {
  const Eigen::Vector3d t(1, 2, 3);
  CHECK_THROWS_WITH_AS(sklite::metrics::r2_score(t, Eigen::Vector2d(1, 2)),
                       "r2_score: y_true has 3 entries but y_pred has 2 entries",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      sklite::metrics::r2_score(Eigen::VectorXd::Ones(1), Eigen::VectorXd::Ones(1)),
      "r2_score: R² is not defined for fewer than 2 samples; got 1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::metrics::mean_squared_error(Eigen::VectorXd(), Eigen::VectorXd()),
                       "mean_squared_error: y_true must not be empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::metrics::mean_absolute_error(t, Eigen::Vector3d(1, std::nan(""), 3)),
                       "mean_absolute_error: y_pred must be finite; got NaN at index 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::metrics::r2_score(t, t, Eigen::Vector3d(1, -1, 1)),
                       "r2_score: sample_weight must not be negative", std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::metrics::r2_score(t, t, Eigen::Vector3d::Zero()),
                       "r2_score: sample_weight must not be all 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::metrics::r2_score(t, t, Eigen::Vector2d(1, 1)),
                       "r2_score: y_true has 3 entries but sample_weight has 2 entries",
                       std::invalid_argument);
}

// SVR and NuSVR: parity with scikit-learn (fixtures from tests/fixtures/gen_svm_family.py), the
// ε-tube and ν, bad input.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <random>
#include <sklite/metrics/regression.hpp>
#include <sklite/svm/nu_svr.hpp>
#include <sklite/svm/svr.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/svm_family.hpp"

using sklite::testing::family_cases;
using sklite::testing::to_vector;

namespace {

template <typename Regressor>
void check_regression_cases(const std::string& estimator) {
  const std::vector<std::string> cases = family_cases(estimator);
  CHECK(cases.size() >= 10);
  for (const std::string& name : cases) {
    INFO("case ", name);
    const auto fixture = sklite::testing::load_fixture("svm_family/" + name + ".json");
    const auto d = sklite::testing::family_data(fixture["data"]);
    const auto reg = sklite::testing::fit_single_case<Regressor>(fixture, d);
    if (!reg) continue;
    const auto& expected = fixture["expected"];
    sklite::testing::check_close_to(reg->predict(d.X_test), to_vector(expected["predict"]),
                                    "predict");
    CHECK(reg->score(d.X_test, d.y_test) ==
          doctest::Approx(expected["score"].get<double>()).epsilon(1e-9));
  }
}

// A noisy sine: x in [0, 2π], y = sin x + noise.
void sine(Eigen::Index n, unsigned seed, Eigen::MatrixXd& X, Eigen::VectorXd& y) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> uniform(0, 2 * M_PI);
  std::normal_distribution<double> noise(0, 0.1);
  X.resize(n, 1);
  y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    X(i, 0) = uniform(random);
    y(i) = std::sin(X(i, 0)) + noise(random);
  }
}

}  // namespace

TEST_CASE("svr: parity with scikit-learn on every SVR case") {
  check_regression_cases<sklite::SVR>("SVR");
}

TEST_CASE("nu_svr: parity with scikit-learn on every NuSVR case") {
  check_regression_cases<sklite::NuSVR>("NuSVR");
}

TEST_CASE("svr: the samples inside the ε-tube are not support vectors") {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  sine(200, 5, X, y);
  sklite::SVR reg({.gamma = 1.0, .tol = 1e-6, .C = 10.0, .epsilon = 0.15});
  reg.fit(X, y);
  const Eigen::VectorXd residual = y - reg.predict(X);
  std::vector<bool> support(200, false);
  for (const int s : reg.support()) support[static_cast<std::size_t>(s)] = true;
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    CAPTURE(i);
    if (std::abs(residual(i)) < 0.15 - 1e-3) CHECK_FALSE(support[static_cast<std::size_t>(i)]);
    if (std::abs(residual(i)) > 0.15 + 1e-3) CHECK(support[static_cast<std::size_t>(i)]);
  }
  // The coefficients are α − α*, within [−C, C], and sum to 0 (the equality constraint).
  CHECK(reg.dual_coef().cwiseAbs().maxCoeff() <= 10.0);
  CHECK(std::abs(reg.dual_coef().sum()) < 1e-9);
  CHECK(reg.score(X, y) > 0.9);
}

TEST_CASE("nu_svr: nu bounds the fraction of samples outside the tube") {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  sine(300, 9, X, y);
  for (const double nu : {0.1, 0.3, 0.6}) {
    CAPTURE(nu);
    sklite::NuSVR reg({.nu = nu, .C = 5.0, .gamma = 1.0, .tol = 1e-6});
    reg.fit(X, y);
    const double n = static_cast<double>(X.rows());
    const auto bounded = (reg.dual_coef().array().abs() >= 5.0 * (1 - 1e-9)).count();
    CHECK(static_cast<double>(bounded) / n <= nu + 1e-9);
    CHECK(static_cast<double>(reg.support().size()) / n >= nu - 1e-9);
  }
}

TEST_CASE("svr: bad input is refused and a fitted regression keeps its model") {
  CHECK_THROWS_WITH_AS(sklite::SVR({.C = 0.0}), "SVR: C must be a positive finite number; got 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::SVR({.epsilon = -0.1}),
                       "SVR: epsilon must be a finite number >= 0; got -0.10000000000000001",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::NuSVR({.nu = 2.0}), "NuSVR: nu must be in (0, 1]; got 2",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::NuSVR({.C = -1.0}),
                       "NuSVR: C must be a positive finite number; got -1", std::invalid_argument);
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  sine(50, 1, X, y);
  sklite::SVR reg;
  reg.fit(X, y);
  const Eigen::MatrixXd before = reg.dual_coef();
  Eigen::VectorXd with_nan = y;
  with_nan(4) = std::nan("");
  CHECK_THROWS_WITH_AS(reg.fit(X, with_nan), "SVR::fit: y must be finite; got NaN at index 4",
                       std::invalid_argument);
  Eigen::VectorXd with_inf = y;
  with_inf(0) = -HUGE_VAL;
  CHECK_THROWS_WITH_AS(reg.fit(X, with_inf), "SVR::fit: y must be finite; got -infinity at index 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(reg.fit(X, y.head(10)), "SVR::fit: X has 50 rows but y has 10 targets",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(reg.fit(X, y, Eigen::VectorXd::Constant(50, -1.0)),
                       doctest::Contains("SVR::fit: Invalid input - all samples have zero or "
                                         "negative weights"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(reg.fit(X / X.cwiseAbs().maxCoeff() * std::numeric_limits<double>::max(), y),
                       doctest::Contains("SVR::fit: The dual coefficients or intercepts are not "
                                         "finite"),
                       std::invalid_argument);
  CHECK(reg.dual_coef() == before);
  CHECK_THROWS_WITH_AS(reg.score(X, y.head(3)), "SVR::score: X has 50 rows but y has 3 targets",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(reg.score(X.topRows(1), y.head(1)),
                       "SVR::score: R² needs at least 2 samples; got 1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      reg.coef(),
      doctest::Contains(
          "SVR::coef: coef is only available with the linear kernel; this SVR uses 'rbf'"),
      std::invalid_argument);
}

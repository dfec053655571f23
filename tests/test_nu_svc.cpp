// NuSVC: parity with scikit-learn (fixtures from tests/fixtures/gen_svm_family.py), what the ν
// formulation does and refuses.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/svc.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/svm_family.hpp"

using sklite::testing::family_cases;

TEST_CASE("nu_svc: parity with scikit-learn on every NuSVC case") {
  const std::vector<std::string> cases = family_cases("NuSVC");
  CHECK(cases.size() >= 20);
  for (const std::string& name : cases) sklite::testing::check_classifier_case<sklite::NuSVC>(name);
}

TEST_CASE("nu_svc: the same machine as SVC with C = 1/r") {
  // A ν-SVC solution scaled by 1/r is the C-SVC solution with C = 1/r (Chang & Lin 2001): an SVC
  // with that C finds the same support vectors, coefficients and intercepts.
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(300);
  const Eigen::VectorXi y = (digits.target.head(300).array() > 4).cast<int>();
  sklite::NuSVC nu({.nu = 0.2, .gamma = 0.002, .tol = 1e-8});
  nu.fit(X, y);
  // Recover C from the bounded coefficients: every |coefficient| is at most C, with equality for
  // the bounded support vectors.
  const double C = nu.dual_coef().cwiseAbs().maxCoeff();
  sklite::SVC svc({.C = C, .gamma = 0.002, .tol = 1e-8});
  svc.fit(X, y);
  CHECK(svc.support() == nu.support());
  CHECK((svc.dual_coef() - nu.dual_coef()).cwiseAbs().maxCoeff() < 1e-6 * C);
  CHECK((svc.intercept() - nu.intercept()).cwiseAbs().maxCoeff() < 1e-6);
  // ν bounds the fraction of margin errors from above and of support vectors from below.
  const double n = static_cast<double>(X.rows());
  const auto bounded = (nu.dual_coef().array().abs() >= C * (1 - 1e-9)).count();
  CHECK(static_cast<double>(bounded) / n <= 0.2 + 1e-9);
  CHECK(static_cast<double>(nu.support().size()) / n >= 0.2 - 1e-9);
}

TEST_CASE("nu_svc: nu out of range and infeasible nu are refused") {
  CHECK_THROWS_WITH_AS(sklite::NuSVC({.nu = 0.0}), "NuSVC: nu must be in (0, 1]; got 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::NuSVC({.nu = 1.5}), "NuSVC: nu must be in (0, 1]; got 1.5",
                       std::invalid_argument);
  CHECK_THROWS_AS(sklite::NuSVC({.nu = std::nan("")}), std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::NuSVC({.tol = 0.0}),
                       "NuSVC: tol must be a positive finite number; got 0", std::invalid_argument);
  // 5 samples of one class and 20 of the other: nu (5 + 20) / 2 > 5 for nu > 0.4.
  Eigen::MatrixXd X = Eigen::MatrixXd::Random(25, 3);
  Eigen::VectorXi y = Eigen::VectorXi::Zero(25);
  y.head(5).setOnes();
  sklite::NuSVC fitted({.nu = 0.4});
  fitted.fit(X, y);
  const Eigen::MatrixXd before = fitted.dual_coef();
  sklite::NuSVC infeasible({.nu = 0.5});
  CHECK_THROWS_WITH_AS(infeasible.fit(X, y),
                       doctest::Contains("NuSVC::fit: specified nu is infeasible"),
                       std::invalid_argument);
  CHECK_FALSE(infeasible.is_fitted());
  // A throwing fit leaves a fitted estimator as it was.
  sklite::NuSVC copy = fitted;
  CHECK_THROWS_AS(copy.fit(X, Eigen::VectorXi::Zero(25)), std::invalid_argument);
  CHECK(copy.dual_coef() == before);
}

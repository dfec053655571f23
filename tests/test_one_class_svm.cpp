// OneClassSVM: parity with scikit-learn (fixtures from tests/fixtures/gen_svm_family.py), what ν
// means for the training samples, bad input.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <random>
#include <sklite/svm/one_class_svm.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/svm_family.hpp"

using sklite::testing::family_cases;
using sklite::testing::to_vector;

TEST_CASE("one_class_svm: parity with scikit-learn on every OneClassSVM case") {
  const std::vector<std::string> cases = family_cases("OneClassSVM");
  CHECK(cases.size() >= 12);
  for (const std::string& name : cases) {
    INFO("case ", name);
    const auto fixture = sklite::testing::load_fixture("svm_family/" + name + ".json");
    const auto d = sklite::testing::family_data(fixture["data"]);
    const auto detector = sklite::testing::fit_single_case<sklite::OneClassSVM>(fixture, d);
    if (!detector) continue;
    const auto& expected = fixture["expected"];
    CHECK(detector->offset() == doctest::Approx(expected["offset"][0].get<double>()).epsilon(1e-9));
    const Eigen::VectorXd decision = to_vector(expected["decision_function"]);
    sklite::testing::check_close_to(detector->decision_function(d.X_test), decision,
                                    "decision_function");
    sklite::testing::check_close_to(detector->score_samples(d.X_test),
                                    to_vector(expected["score_samples"]), "score_samples");
    sklite::testing::check_predictions(detector->predict(d.X_test), to_vector(expected["predict"]),
                                       decision);
  }
}

TEST_CASE("one_class_svm: nu bounds the training outliers and the support vectors") {
  std::mt19937 random(3);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd X(300, 2);
  for (Eigen::Index i = 0; i < X.size(); ++i) X(i) = normal(random);
  for (const double nu : {0.05, 0.2, 0.5}) {
    CAPTURE(nu);
    sklite::OneClassSVM detector({.gamma = 0.5, .tol = 1e-6, .nu = nu});
    detector.fit(X);
    const double n = static_cast<double>(X.rows());
    const auto outliers = (detector.predict(X).array() < 0).count();
    CHECK(static_cast<double>(outliers) / n <= nu + 0.02);
    CHECK(static_cast<double>(detector.support().size()) / n >= nu - 1e-9);
    // Σ α = ν·n and 0 ≤ α ≤ 1.
    CHECK(detector.dual_coef().sum() == doctest::Approx(nu * n));
    CHECK(detector.dual_coef().maxCoeff() <= 1.0);
    CHECK(detector.dual_coef().minCoeff() > 0);
  }
}

TEST_CASE("one_class_svm: bad input is refused and a fitted detector keeps its model") {
  CHECK_THROWS_WITH_AS(sklite::OneClassSVM({.nu = 0.0}), "OneClassSVM: nu must be in (0, 1]; got 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::OneClassSVM({.nu = 1.01}),
                       "OneClassSVM: nu must be in (0, 1]; got 1.01", std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::OneClassSVM({.kernel = "gaussian"}),
                       "kernel: unknown kernel 'gaussian'; expected one of 'linear', 'poly', "
                       "'rbf', 'sigmoid', 'precomputed'",
                       std::invalid_argument);
  const Eigen::MatrixXd X = Eigen::MatrixXd::Random(40, 3);
  sklite::OneClassSVM detector;
  CHECK_THROWS_WITH_AS(detector.predict(X),
                       "OneClassSVM::predict: this OneClassSVM is not fitted yet; call fit before "
                       "using it",
                       sklite::NotFittedError);
  detector.fit(X);
  const Eigen::MatrixXd before = detector.dual_coef();
  Eigen::MatrixXd with_nan = X;
  with_nan(2, 1) = std::nan("");
  CHECK_THROWS_WITH_AS(detector.fit(with_nan),
                       "OneClassSVM::fit: X must be finite; got NaN at row 2, column 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(detector.fit(X, Eigen::VectorXd::Ones(39)),
                       "OneClassSVM::fit: X has 40 rows but sample_weight has 39 entries",
                       std::invalid_argument);
  Eigen::VectorXd bad_weight = Eigen::VectorXd::Ones(40);
  bad_weight(7) = HUGE_VAL;
  CHECK_THROWS_WITH_AS(detector.fit(X, bad_weight),
                       "OneClassSVM::fit: sample_weight must be finite; got infinity at index 7",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      detector.fit(X, Eigen::VectorXd::Zero(40)),
      doctest::Contains("Invalid input - all samples have zero or negative weights"),
      std::invalid_argument);
  CHECK(detector.dual_coef() == before);
  CHECK_THROWS_WITH_AS(detector.decision_function(Eigen::MatrixXd::Zero(2, 4)),
                       "OneClassSVM::decision_function: X has 4 features but this OneClassSVM was "
                       "fitted with 3",
                       std::invalid_argument);
}

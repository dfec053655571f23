// NuSVC: parity with scikit-learn (fixtures from tests/fixtures/gen_svm_family.py), what the ν
// formulation does and refuses.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/one_class_svm.hpp>
#include <sklite/svm/svc.hpp>
#include <sklite/svm/svr.hpp>
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
  sklite::NuSVC fitted({.nu = 0.3});
  fitted.fit(X, y);
  const Eigen::MatrixXd before = fitted.dual_coef();
  // At the bound itself the solution divides by r = 0; scikit-learn refuses it in these words.
  sklite::NuSVC at_bound({.nu = 0.4});
  CHECK_THROWS_WITH_AS(
      at_bound.fit(X, y),
      doctest::Contains("NuSVC::fit: The dual coefficients or intercepts are not finite"),
      std::invalid_argument);
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

TEST_CASE("nu_svc: verbose text goes to print_handler, warnings to warning_handler") {
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(200);
  const Eigen::VectorXi y =
      digits.target.head(200).unaryExpr([](int digit) { return digit % 3; }).eval();
  std::string printed;
  std::vector<std::string> warnings;
  sklite::NuSVCParams params;
  params.nu = 0.25;
  params.verbose = true;
  params.max_iter = 3;
  params.print_handler = [&](const std::string& text) { printed += text; };
  params.warning_handler = [&](const std::string& text) { warnings.push_back(text); };
  sklite::NuSVC clf(params);
  clf.fit(X, y);
  // LIBSVM's report of each of the 3 pairs, with nu-SVC's "C = " line, then the total.
  std::size_t reports = 0;
  for (std::size_t at = printed.find("optimization finished, #iter = 3\nC = ");
       at != std::string::npos; at = printed.find("optimization finished, #iter = 3\nC = ", at + 1))
    ++reports;
  CHECK(reports == 3);
  CHECK(printed.find("Total nSV = " + std::to_string(clf.support().size()) + "\n") !=
        std::string::npos);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "NuSVC::fit: Solver terminated early (max_iter=3) before converging (classes 0 vs 1, "
        "classes 0 vs 2, classes 1 vs 2); consider scaling the data or raising max_iter");
  CHECK(clf.fit_status() == 1);
  // Quiet without verbose.
  printed.clear();
  params.verbose = false;
  sklite::NuSVC(params).fit(X, y);
  CHECK(printed.empty());
}

TEST_CASE("nu_svc, one_class_svm, svr: the thread count never changes the model") {
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(600);
  const Eigen::VectorXi y = digits.target.head(600);
  const Eigen::VectorXd z = X.leftCols(32).rowwise().mean();
  const Eigen::MatrixXd T = digits.data.bottomRows(300);
  // 200 MB holds the Gram matrix; 0.5 MB does not (columns on demand).
  for (const double cache_size : {200.0, 0.5}) {
    CAPTURE(cache_size);
    sklite::NuSVC nu_one({.nu = 0.1, .gamma = 0.001, .cache_size = cache_size, .n_jobs = 1});
    sklite::NuSVC nu_two({.nu = 0.1, .gamma = 0.001, .cache_size = cache_size, .n_jobs = 2});
    CHECK(nu_one.fit(X, y).decision_function(T) == nu_two.fit(X, y).decision_function(T));
    CHECK(nu_one.n_iter() == nu_two.n_iter());
    sklite::OneClassSVM oc_one({.gamma = 0.001, .nu = 0.1, .cache_size = cache_size, .n_jobs = 1});
    sklite::OneClassSVM oc_two({.gamma = 0.001, .nu = 0.1, .cache_size = cache_size, .n_jobs = 2});
    CHECK(oc_one.fit(X).decision_function(T) == oc_two.fit(X).decision_function(T));
    sklite::SVR svr_one({.gamma = 0.001, .cache_size = cache_size, .n_jobs = 1});
    sklite::SVR svr_two({.gamma = 0.001, .cache_size = cache_size, .n_jobs = 2});
    CHECK(svr_one.fit(X, z).predict(T) == svr_two.fit(X, z).predict(T));
    CHECK(svr_one.n_iter() == svr_two.n_iter());
  }
}

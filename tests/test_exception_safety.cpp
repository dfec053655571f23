// The strong guarantee of fit: whatever throws (bad input, cancellation, an allocation that fails
// at any point), every estimator is left bit for bit as it was.
//
// This file is a test program of its own (sklite_exception_tests), linked with
// support/failing_new.cpp, whose global operator new can be told to fail after a given number of
// allocations and behaves as the standard one until it is told so.
// (Eigen's matrices allocate with malloc and are not reached this way: the allocations tested are
// those of the containers, strings, functions and threads of the fitting code.)
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <new>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/nu_svr.hpp>
#include <sklite/svm/one_class_svm.hpp>
#include <sklite/svm/svc.hpp>
#include <sklite/svm/svr.hpp>
#include <stdexcept>
#include <string>

#include "support/failing_new.hpp"

using sklite::testing::allocation_count;
using sklite::testing::fail_allocation_after;

namespace {

// 3 classes of 20 points in the plane, a regression target, and other data to refit on.
struct Data {
  Eigen::MatrixXd X, X_other;
  Eigen::VectorXi y;
  Eigen::VectorXd target;
};

Data data() {
  Data d;
  d.X.resize(60, 2);
  d.y.resize(60);
  d.target.resize(60);
  for (Eigen::Index i = 0; i < 60; ++i) {
    const double t = static_cast<double>(i);
    d.X(i, 0) = std::sin(1.7 * t) + static_cast<double>(i % 3);
    d.X(i, 1) = std::cos(2.3 * t) - static_cast<double>(i % 3) / 2;
    d.y(i) = static_cast<int>(i % 3);
    d.target(i) = d.X(i, 0) - 2 * d.X(i, 1);
  }
  d.X_other = d.X * 1.5;
  return d;
}

template <typename Estimator>
void check_same(const Estimator& a, const Estimator& b) {
  REQUIRE(a.is_fitted() == b.is_fitted());
  if (!a.is_fitted()) return;
  const auto& m = a.model();
  const auto& n = b.model();
  CHECK(m.label == n.label);
  CHECK(m.nr_sv == n.nr_sv);
  CHECK(m.rho == n.rho);
  CHECK(m.probA == n.probA);
  CHECK(m.probB == n.probB);
  CHECK(m.sv_coef == n.sv_coef);
  CHECK(m.SV == n.SV);
  CHECK(m.sv_indices == n.sv_indices);
  CHECK(m.kernel.gamma == n.kernel.gamma);
  CHECK(a.n_iter() == b.n_iter());
  CHECK(a.fit_status() == b.fit_status());
}

// Makes the k-th allocation of refit(estimator) fail, for each k below the number of allocations
// of a refit, checking after each failure that the estimator is what it was; returns how many
// failed. (An allocation may fail without a failed refit: std::stable_sort, for one, asks for its
// buffer with nothrow new and sorts in place without it.)
template <typename Estimator, typename Refit>
int fail_each_allocation(Estimator& estimator, Refit refit) {
  const Estimator before = estimator;
  const long long start = allocation_count();
  refit(estimator);
  const long long allocations = allocation_count() - start;
  int failures = 0;
  for (long long k = 0; k < allocations; ++k) {
    estimator = before;
    fail_allocation_after(k);
    try {
      refit(estimator);
      fail_allocation_after(-1);
      continue;
    } catch (const std::bad_alloc&) {
      fail_allocation_after(-1);
    } catch (...) {
      fail_allocation_after(-1);
      throw;
    }
    ++failures;
    check_same(estimator, before);
  }
  refit(estimator);
  return failures;
}

}  // namespace

TEST_CASE("exception safety: SVC keeps its model through every failed allocation of a refit") {
  const Data d = data();
  for (const int threads : {1, 2}) {
    INFO(threads, " threads");
    sklite::SVC clf({.C = 2.0, .probability = true, .random_state = 0, .n_jobs = threads});
    clf.fit(d.X, d.y);
    const int failures = fail_each_allocation(clf, [&](sklite::SVC& c) {
      auto p = c.params();
      p.C = 5.0;
      c.set_params(p);
      c.fit(d.X_other, d.y);
    });
    CHECK(failures > 1000);  // the refit allocates, so the loop tested something
    CHECK(clf.params().C == 5.0);
  }
  // Never fitted: stays unfitted.
  sklite::SVC fresh;
  fail_each_allocation(fresh, [&](sklite::SVC& c) { c.fit(d.X, d.y); });
  CHECK(fresh.is_fitted());
}

TEST_CASE("exception safety: NuSVC, OneClassSVM, SVR and NuSVR keep their model likewise") {
  const Data d = data();
  sklite::NuSVC nu({.nu = 0.3});
  nu.fit(d.X, d.y);
  CHECK(fail_each_allocation(nu, [&](sklite::NuSVC& e) { e.fit(d.X_other, d.y); }) > 150);
  sklite::OneClassSVM detector({.nu = 0.2});
  detector.fit(d.X);
  CHECK(fail_each_allocation(detector, [&](sklite::OneClassSVM& e) { e.fit(d.X_other); }) > 20);
  sklite::SVR reg;
  reg.fit(d.X, d.target);
  CHECK(fail_each_allocation(reg, [&](sklite::SVR& e) { e.fit(d.X_other, d.target); }) > 20);
  sklite::NuSVR nu_reg({.warm_start = true});
  nu_reg.fit(d.X, d.target);
  CHECK(fail_each_allocation(nu_reg, [&](sklite::NuSVR& e) { e.fit(d.X, 2 * d.target); }) > 20);
}

TEST_CASE("exception safety: bad input and cancellation leave every estimator as it was") {
  const Data d = data();
  Eigen::MatrixXd with_nan = d.X;
  with_nan(7, 1) = std::nan("");
  const auto cancel = [](const sklite::FitProgress&) { return false; };

  sklite::SVC clf({.warm_start = true});
  clf.fit(d.X, d.y);
  const sklite::SVC clf_before = clf;
  CHECK_THROWS_AS(clf.fit(with_nan, d.y), std::invalid_argument);
  CHECK_THROWS_AS(clf.fit(d.X, d.y.head(10)), std::invalid_argument);
  auto p = clf.params();
  p.progress = cancel;
  clf.set_params(p);
  CHECK_THROWS_AS(clf.fit(d.X, d.y), sklite::FitCancelled);
  check_same(clf, clf_before);
  CHECK_FALSE(clf.warm_started());

  sklite::NuSVC nu({.nu = 0.3});
  nu.fit(d.X, d.y);
  const sklite::NuSVC nu_before = nu;
  CHECK_THROWS_AS(nu.fit(with_nan, d.y), std::invalid_argument);
  check_same(nu, nu_before);

  sklite::OneClassSVM detector;
  detector.fit(d.X);
  const sklite::OneClassSVM detector_before = detector;
  CHECK_THROWS_AS(detector.fit(with_nan), std::invalid_argument);
  auto dp = detector.params();
  dp.progress = cancel;
  detector.set_params(dp);
  CHECK_THROWS_AS(detector.fit(d.X), sklite::FitCancelled);
  check_same(detector, detector_before);

  sklite::SVR reg;
  reg.fit(d.X, d.target);
  const sklite::SVR reg_before = reg;
  Eigen::VectorXd target_nan = d.target;
  target_nan(3) = std::nan("");
  CHECK_THROWS_AS(reg.fit(d.X, target_nan), std::invalid_argument);
  check_same(reg, reg_before);

  sklite::NuSVR nu_reg;
  nu_reg.fit(d.X, d.target);
  const sklite::NuSVR nu_reg_before = nu_reg;
  CHECK_THROWS_AS(nu_reg.fit(d.X.leftCols(0), d.target), std::invalid_argument);
  check_same(nu_reg, nu_reg_before);
}

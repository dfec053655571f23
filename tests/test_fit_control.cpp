// Control of long fits: max_seconds, the progress callback and its cancellation, warm_start and
// set_params, for every estimator.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/nu_svr.hpp>
#include <sklite/svm/one_class_svm.hpp>
#include <sklite/svm/svc.hpp>
#include <sklite/svm/svr.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

// The first 600 digits, scaled to [0, 1]: 45 pairs of a few dozen rows each.
struct Digits {
  Eigen::MatrixXd X;
  Eigen::VectorXi y;
  Eigen::VectorXd target;  // the label as a number, for the regressions
};

const Digits& digits() {
  static const Digits d = [] {
    const auto all = sklite::datasets::load_digits();
    Digits out;
    out.X = all.data.topRows(600) / 16.0;
    out.y = all.target.head(600);
    out.target = out.y.cast<double>();
    return out;
  }();
  return d;
}

// Every report of a fit, and the "obj = …" values of its verbose report.
struct Reports {
  std::vector<sklite::FitProgress> calls;
  std::vector<double> printed_objectives;
  std::string warnings;
};

template <typename Params>
void observe(Params& p, Reports& r) {
  p.progress = [&r](const sklite::FitProgress& progress) {
    r.calls.push_back(progress);
    return true;
  };
  p.verbose = true;
  p.print_handler = [&r](const std::string& text) {
    for (auto at = text.find("obj = "); at != std::string::npos; at = text.find("obj = ", at + 1))
      r.printed_objectives.push_back(std::stod(text.substr(at + 6)));
  };
  p.warning_handler = [&r](const std::string& text) { r.warnings += text + "\n"; };
}

// The final report of each sub-problem, by (problem, fold).
std::map<std::pair<std::size_t, int>, sklite::FitProgress> finals(const Reports& r) {
  std::map<std::pair<std::size_t, int>, sklite::FitProgress> out;
  for (const auto& call : r.calls)
    if (call.finished) {
      CHECK_MESSAGE(out.count({call.problem, call.fold}) == 0, "problem ", call.problem,
                    " reported finished twice");
      out[{call.problem, call.fold}] = call;
    }
  return out;
}

}  // namespace

TEST_CASE("fit control: each sub-problem reports its end once, with the solver's own figures") {
  const Digits& d = digits();
  sklite::SVCParams p{.C = 10.0, .gamma = 0.02};
  Reports r;
  observe(p, r);
  sklite::SVC clf(p);
  clf.fit(d.X, d.y);
  const auto done = finals(r);
  REQUIRE(done.size() == 45);
  std::size_t i = 0;
  for (const auto& entry : done) {
    // (No structured binding: clang 14 cannot capture one in INFO's lambda.)
    const auto& key = entry.first;
    const sklite::FitProgress& call = entry.second;
    INFO("problem ", key.first);
    CHECK(key.first == i);
    CHECK(key.second == -1);
    CHECK(call.problems == 45);
    CHECK(call.iterations == clf.n_iter()(static_cast<Eigen::Index>(i)));
    CHECK(call.gap < call.tol);
    CHECK(call.tol == 1e-3);
    // The objective kept step by step agrees with LIBSVM's report (printed to 6 decimals).
    CHECK(call.objective == doctest::Approx(r.printed_objectives[i]).epsilon(1e-6));
    ++i;
  }
  // problems_done counts up to the total, one per finished sub-problem.
  std::size_t last = 0;
  for (const auto& call : r.calls)
    if (call.finished) {
      CHECK(call.problems_done == last + 1);
      last = call.problems_done;
    }
  CHECK(last == 45);
}

TEST_CASE("fit control: with a probability model the folds report too, and calls never overlap") {
  const Digits& d = digits();
  std::atomic<int> inside{0};
  bool overlapped = false;
  std::vector<sklite::FitProgress> calls;
  sklite::SVC clf({.probability = true,
                   .random_state = 0,
                   .n_jobs = 2,
                   .progress = [&](const sklite::FitProgress& p) {
                     if (++inside > 1) overlapped = true;
                     calls.push_back(p);
                     --inside;
                     return true;
                   }});
  clf.fit(d.X.topRows(200), d.y.head(200));
  CHECK_FALSE(overlapped);
  std::map<int, int> finished_per_fold;
  for (const auto& call : calls) {
    CHECK(call.problems == 45 * 6);
    if (call.finished) ++finished_per_fold[call.fold];
  }
  // Folds whose training rows hold one class only fit nothing and report nothing.
  CHECK(finished_per_fold[-1] == 45);
  for (int fold = 0; fold < 5; ++fold) CHECK(finished_per_fold[fold] > 40);
}

TEST_CASE("fit control: max_seconds stops every solver where it is, with a usable model") {
  const Digits& d = digits();
  // A budget spent before the first iteration: every problem stops at its starting point.
  std::string warning;
  sklite::SVC clf({.C = 10.0,
                   .gamma = 0.02,
                   .warning_handler = [&](const std::string& w) { warning += w; },
                   .max_seconds = 1e-9});
  clf.fit(d.X, d.y);
  CHECK(clf.fit_status() == 1);
  CHECK(clf.n_iter() == Eigen::VectorXi::Zero(45));
  CHECK(warning.find("SVC::fit: stopped at max_seconds=") == 0);
  CHECK(warning.find(" before converging (classes 0 vs 1, classes 0 vs 2,") != std::string::npos);
  CHECK(clf.dual_coef().allFinite());
  CHECK(clf.intercept().allFinite());
  CHECK(clf.predict(d.X).size() == 600);

  // A budget that is not reached changes nothing.
  sklite::SVC unlimited({.C = 10.0, .gamma = 0.02});
  unlimited.fit(d.X, d.y);
  sklite::SVC generous({.C = 10.0, .gamma = 0.02, .max_seconds = 3600.0});
  generous.fit(d.X, d.y);
  CHECK(generous.fit_status() == 0);
  CHECK(generous.dual_coef() == unlimited.dual_coef());
  CHECK(generous.intercept() == unlimited.intercept());

  // The single-problem estimators stop the same way.
  sklite::SVR reg({.max_seconds = 1e-9});
  reg.fit(d.X, d.target);
  CHECK(reg.fit_status() == 1);
  CHECK(reg.n_iter() == 0);
  sklite::OneClassSVM detector({.max_seconds = 1e-9});
  detector.fit(d.X);
  CHECK(detector.fit_status() == 1);

  CHECK_THROWS_WITH_AS(sklite::SVC({.max_seconds = 0.0}),
                       "SVC: max_seconds must be a positive finite number of seconds; got 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::NuSVR({.max_seconds = -1.0}),
                       "NuSVR: max_seconds must be a positive finite number of seconds; got -1",
                       std::invalid_argument);
}

TEST_CASE("fit control: a callback that returns false cancels the fit and changes nothing") {
  const Digits& d = digits();
  int calls = 0;
  const sklite::ProgressCallback stop_at_third = [&](const sklite::FitProgress&) {
    return ++calls < 3;
  };
  sklite::SVC clf({.C = 10.0, .gamma = 0.02, .n_jobs = 2});
  clf.fit(d.X.topRows(300), d.y.head(300));
  const sklite::SVC before = clf;
  auto p = clf.params();
  p.progress = stop_at_third;
  clf.set_params(p);
  CHECK_THROWS_WITH_AS(clf.fit(d.X, d.y), "SVC::fit: cancelled by the progress callback",
                       sklite::FitCancelled);
  CHECK(calls == 3);
  CHECK(clf.dual_coef() == before.dual_coef());
  CHECK(clf.intercept() == before.intercept());
  CHECK(clf.support() == before.support());
  CHECK(clf.n_iter() == before.n_iter());
  CHECK(clf.support_vectors() == before.support_vectors());

  sklite::NuSVR fresh({.progress = [](const sklite::FitProgress&) { return false; }});
  CHECK_THROWS_AS(fresh.fit(d.X, d.target), sklite::FitCancelled);
  CHECK_FALSE(fresh.is_fitted());
}

TEST_CASE("fit control: warm_start resumes where max_seconds stopped") {
  const Digits& d = digits();
  sklite::SVC cold({.C = 10.0, .gamma = 0.02});
  cold.fit(d.X, d.y);
  sklite::SVC warm({.C = 10.0, .gamma = 0.02, .max_seconds = 1e-9, .warm_start = true});
  warm.fit(d.X, d.y);
  CHECK_FALSE(warm.warm_started());
  CHECK(warm.fit_status() == 1);
  auto p = warm.params();
  p.max_seconds.reset();
  warm.set_params(p);
  warm.fit(d.X, d.y);
  CHECK(warm.warm_started());
  CHECK(warm.fit_status() == 0);
  // Stopped at the starting point (α = 0), it goes on exactly as a cold fit.
  CHECK(warm.dual_coef() == cold.dual_coef());
  CHECK(warm.n_iter() == cold.n_iter());
}

TEST_CASE("fit control: warm_start after C or weights change meets the same tolerance") {
  const Digits& d = digits();
  Reports r;
  constexpr auto ovo = sklite::DecisionFunctionShape::ovo;
  sklite::SVCParams p{.C = 1.0, .gamma = 0.02, .decision_function_shape = ovo, .warm_start = true};
  sklite::SVC warm(p);
  warm.fit(d.X, d.y);
  observe(p, r);
  p.C = 3.0;
  warm.set_params(p);
  warm.fit(d.X, d.y);
  CHECK(warm.warm_started());
  for (const auto& [key, call] : finals(r)) CHECK(call.gap < 1e-3);
  sklite::SVC cold({.C = 3.0, .gamma = 0.02, .decision_function_shape = ovo});
  cold.fit(d.X, d.y);
  // Both meet tol; the pairs' decision values differ by what tol allows (0.0021 at most here).
  const Eigen::MatrixXd dw = warm.decision_function(d.X);
  const Eigen::MatrixXd dc = cold.decision_function(d.X);
  CHECK((dw - dc).cwiseAbs().maxCoeff() < 0.01);
  CHECK(warm.predict(d.X) == cold.predict(d.X));

  // A few sample weights changed: far fewer iterations than a cold fit (406 against 2,674).
  Eigen::VectorXd w = Eigen::VectorXd::Ones(600);
  warm.fit(d.X, d.y, w);
  w(5) = 3.0;
  w(100) = 0.5;
  w(200) = 0.0;
  warm.fit(d.X, d.y, w);
  CHECK(warm.warm_started());
  sklite::SVC cold_weighted({.C = 3.0, .gamma = 0.02, .decision_function_shape = ovo});
  cold_weighted.fit(d.X, d.y, w);
  CHECK(4 * warm.n_iter().sum() < cold_weighted.n_iter().sum());
  CHECK(warm.predict(d.X) == cold_weighted.predict(d.X));

  // Other data, or another kernel, start cold.
  warm.fit(d.X.topRows(500), d.y.head(500));
  CHECK_FALSE(warm.warm_started());
  p.gamma = 0.03;
  warm.set_params(p);
  warm.fit(d.X.topRows(500), d.y.head(500));
  CHECK_FALSE(warm.warm_started());
}

TEST_CASE("fit control: warm_start for NuSVC, OneClassSVM, SVR and NuSVR") {
  const Digits& d = digits();
  const auto refit = [&](auto estimator, auto change, const auto& y) {
    auto p = estimator.params();
    p.warm_start = true;
    estimator.set_params(p);
    if constexpr (std::is_same_v<std::decay_t<decltype(y)>, std::nullptr_t>)
      estimator.fit(d.X);
    else
      estimator.fit(d.X, y);
    change(p);
    Reports r;
    observe(p, r);
    estimator.set_params(p);
    if constexpr (std::is_same_v<std::decay_t<decltype(y)>, std::nullptr_t>)
      estimator.fit(d.X);
    else
      estimator.fit(d.X, y);
    CHECK(estimator.warm_started());
    CHECK(estimator.fit_status() == 0);
    const auto done = finals(r);
    CHECK_FALSE(done.empty());
    for (const auto& [key, call] : done) CHECK(call.gap < call.tol);
  };
  refit(
      sklite::NuSVC({.nu = 0.2}), [](auto& p) { p.nu = 0.1; }, d.y);
  refit(
      sklite::OneClassSVM({.nu = 0.2}), [](auto& p) { p.nu = 0.3; }, nullptr);
  refit(
      sklite::SVR({.C = 1.0}), [](auto& p) { p.C = 5.0; }, d.target);
  refit(
      sklite::NuSVR({.nu = 0.3, .C = 1.0}), [](auto& p) { p.C = 2.0; }, d.target);
}

TEST_CASE("fit control: set_params checks as the constructor does and keeps the model") {
  const Digits& d = digits();
  sklite::SVC clf({.C = 2.0});
  clf.fit(d.X, d.y);
  const Eigen::MatrixXd dual = clf.dual_coef();
  auto p = clf.params();
  p.C = -1.0;
  CHECK_THROWS_WITH_AS(clf.set_params(p),
                       "SVC::set_params: C must be a positive finite number; got -1",
                       std::invalid_argument);
  CHECK(clf.params().C == 2.0);
  p.C = 5.0;
  clf.set_params(p);
  CHECK(clf.params().C == 5.0);
  CHECK(clf.dual_coef() == dual);
  sklite::BasicSVC<sklite::kernels::RBF> typed;
  auto typed_params = typed.params();
  typed_params.kernel = "linear";
  CHECK_THROWS_WITH_AS(typed.set_params(typed_params),
                       doctest::Contains("SVC::set_params: kernel 'linear' contradicts this SVC's "
                                         "kernel type 'rbf'"),
                       std::invalid_argument);
}

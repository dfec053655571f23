// Threads: fits on 2 to 4 threads give the one-thread model, one fitted model predicts from four
// threads at once, and the progress callback and cancellation work across threads. CI also runs
// these tests under ThreadSanitizer (target sklite_thread_tests).
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <atomic>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/one_class_svm.hpp>
#include <sklite/svm/svc.hpp>
#include <sklite/svm/svr.hpp>
#include <thread>
#include <vector>

namespace {

// 240 digits scaled to [0, 1]: small enough for ThreadSanitizer's pace, 45 pairs to share out.
struct Digits {
  Eigen::MatrixXd X;
  Eigen::VectorXi y;
};

const Digits& digits() {
  static const Digits d = [] {
    const auto all = sklite::datasets::load_digits();
    return Digits{all.data.topRows(240) / 16.0, all.target.head(240)};
  }();
  return d;
}

// Runs f(i) on `threads` threads at once, i = 0 … threads − 1.
template <typename F>
void on_threads(int threads, F f) {
  std::vector<std::thread> running;
  for (int i = 0; i < threads; ++i) running.emplace_back(f, i);
  for (auto& t : running) t.join();
}

}  // namespace

TEST_CASE("threads: fits on 2, 3 and 4 threads give the one-thread model") {
  const Digits& d = digits();
  sklite::SVC one({.C = 10.0, .gamma = 0.02, .probability = true, .random_state = 3, .n_jobs = 1});
  one.fit(d.X, d.y);
  sklite::NuSVC nu_one({.nu = 0.1, .n_jobs = 1});
  nu_one.fit(d.X, d.y);
  sklite::SVR reg_one({.C = 5.0, .n_jobs = 1});
  reg_one.fit(d.X, d.y.cast<double>());
  for (int threads = 2; threads <= 4; ++threads) {
    INFO(threads, " threads");
    sklite::SVC many(
        {.C = 10.0, .gamma = 0.02, .probability = true, .random_state = 3, .n_jobs = threads});
    many.fit(d.X, d.y);
    CHECK(many.dual_coef() == one.dual_coef());
    CHECK(many.intercept() == one.intercept());
    CHECK(many.probA() == one.probA());
    CHECK(many.probB() == one.probB());
    sklite::NuSVC nu_many({.nu = 0.1, .n_jobs = threads});
    nu_many.fit(d.X, d.y);
    CHECK(nu_many.dual_coef() == nu_one.dual_coef());
    sklite::SVR reg_many({.C = 5.0, .n_jobs = threads});
    reg_many.fit(d.X, d.y.cast<double>());
    CHECK(reg_many.dual_coef() == reg_one.dual_coef());
  }
}

TEST_CASE("threads: one fitted model predicts from four threads at once") {
  const Digits& d = digits();
  sklite::SVC clf({.C = 10.0, .gamma = 0.02, .probability = true, .random_state = 0});
  clf.fit(d.X, d.y);
  sklite::OneClassSVM detector({.nu = 0.2});
  detector.fit(d.X);
  const Eigen::VectorXi labels = clf.predict(d.X);
  const Eigen::MatrixXd decision = clf.decision_function(d.X);
  const Eigen::MatrixXd proba = clf.predict_proba(d.X);
  const Eigen::VectorXd scores = detector.score_samples(d.X);
  std::atomic<int> mismatches{0};
  on_threads(4, [&](int i) {
    // Each thread predicts on its own, itself with n_jobs threads (the default: every core).
    for (int repeat = 0; repeat < 2; ++repeat) {
      if (clf.predict(d.X) != labels) ++mismatches;
      if (clf.decision_function(d.X) != decision) ++mismatches;
      if (clf.predict_proba(d.X) != proba) ++mismatches;
      if (detector.score_samples(d.X) != scores) ++mismatches;
      if (clf.score(d.X, d.y) != clf.score(d.X, d.y)) ++mismatches;
      (void)i;
    }
  });
  CHECK(mismatches == 0);
}

TEST_CASE("threads: the progress callback is called one call at a time and can cancel") {
  const Digits& d = digits();
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  int finished = 0;  // touched only inside the callback: ThreadSanitizer checks the serialization
  sklite::SVC clf(
      {.C = 10.0, .gamma = 0.02, .n_jobs = 4, .progress = [&](const sklite::FitProgress& p) {
         if (++inside > 1) overlapped = true;
         finished += p.finished ? 1 : 0;
         --inside;
         return true;
       }});
  clf.fit(d.X, d.y);
  CHECK_FALSE(overlapped);
  CHECK(finished == 45);

  int calls = 0;
  sklite::SVC cancelled(
      {.n_jobs = 4, .progress = [&](const sklite::FitProgress&) { return ++calls < 5; }});
  CHECK_THROWS_AS(cancelled.fit(d.X, d.y), sklite::FitCancelled);
  CHECK(calls == 5);
  CHECK_FALSE(cancelled.is_fitted());

  sklite::SVC budget({.n_jobs = 4, .max_seconds = 1e-9});
  budget.fit(d.X, d.y);
  CHECK(budget.fit_status() == 1);
}

// The grid search that bench/compare_search.py times beside scikit-learn's: SVC over 4 C x 4 gamma
// with 5-fold cross-validation on the first 898 digits. One search per process (the first in a
// fresh process is what a program meets), printed as one JSON line: seconds and mean test scores.
//
//   grid_search_workload [n_jobs]          the search, as compare_search.py runs it
//   grid_search_workload --independent N   best of N warm searches on one thread beside the same
//                                          80 fits and scores done one by one, without sharing
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sklite/sklite.hpp>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

sklite::GridSearchCV<sklite::SVC> search(int n_jobs) {
  // One thread means one for the search and one for each fit.
  return sklite::GridSearchCV(
      sklite::SVC({.n_jobs = n_jobs}),
      {{"C", {1.0, 10.0, 100.0, 1000.0}}, {"gamma", {1e-4, 1e-3, 1e-2, 1e-1}}},
      {.n_jobs = n_jobs, .cv = 5});
}

// The searches' fits and scores, one by one, each computing its own kernel values.
double independent_fits(const Eigen::MatrixXd& X, const Eigen::VectorXi& y) {
  const auto start = Clock::now();
  for (const auto& fold : sklite::StratifiedKFold().split(y))
    for (const double C : {1.0, 10.0, 100.0, 1000.0})
      for (const double gamma : {1e-4, 1e-3, 1e-2, 1e-1}) {
        sklite::SVC clf({.C = C, .gamma = gamma, .n_jobs = 1});
        clf.fit(Eigen::MatrixXd(X(fold.train, Eigen::all)), Eigen::VectorXi(y(fold.train)));
        static_cast<void>(
            clf.score(Eigen::MatrixXd(X(fold.test, Eigen::all)), Eigen::VectorXi(y(fold.test))));
      }
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(898);
  const Eigen::VectorXi y = digits.target.head(898);
  if (argc > 2 && std::string(argv[1]) == "--independent") {
    double shared = 1e300, alone = 1e300;
    for (int run = 0; run < std::atoi(argv[2]); ++run) {
      const auto start = Clock::now();
      search(1).fit(X, y);
      shared = std::min(shared, seconds_since(start));
      alone = std::min(alone, independent_fits(X, y));
    }
    std::printf("{\"search_one_thread\": %.6f, \"independent_fits\": %.6f}\n", shared, alone);
    return 0;
  }
  const int n_jobs = argc > 1 ? std::atoi(argv[1]) : -1;
  const auto start = Clock::now();
  auto s = search(n_jobs);
  s.fit(X, y);
  const double seconds = seconds_since(start);
  std::string scores;
  for (const double score : s.cv_results()["mean_test_score"])
    scores += (scores.empty() ? "" : ", ") + sklite::ParamValue::number_repr(score);
  std::printf("{\"seconds\": %.6f, \"mean_test_score\": [%s]}\n", seconds, scores.c_str());
  return 0;
}

// The grid search that bench/compare_search.py times beside scikit-learn's: SVC over 4 C x 4 gamma
// with 5-fold cross-validation on the first 898 digits. One search per process (the first in a
// fresh process is what a program meets), printed as one JSON line: seconds and mean test scores.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sklite/sklite.hpp>
#include <string>

int main(int argc, char** argv) {
  const int n_jobs = argc > 1 ? std::atoi(argv[1]) : -1;
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(898);
  const Eigen::VectorXi y = digits.target.head(898);
  const auto start = std::chrono::steady_clock::now();
  // One thread means one for the search and one for each fit.
  sklite::GridSearchCV search(
      sklite::SVC({.n_jobs = n_jobs}),
      {{"C", {1.0, 10.0, 100.0, 1000.0}}, {"gamma", {1e-4, 1e-3, 1e-2, 1e-1}}},
      {.n_jobs = n_jobs, .cv = 5});
  search.fit(X, y);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string scores;
  for (const double s : search.cv_results()["mean_test_score"])
    scores += (scores.empty() ? "" : ", ") + sklite::ParamValue::number_repr(s);
  std::printf("{\"seconds\": %.6f, \"mean_test_score\": [%s]}\n", seconds, scores.c_str());
  return 0;
}

// sklite/distributed/mpi.hpp, run by CTest under `mpirun -np 3`: every rank runs every test case
// (the calls are collective), and each compares the distributed results with the same search
// run in one process, which tests/test_grid_search.cpp compares with scikit-learn.
#include <sklite/distributed/mpi.hpp>

#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sklite/datasets/digits.hpp"
#include "sklite/svm/svc.hpp"
#include "sklite/svm/svr.hpp"

namespace {

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

struct Digits {
  Eigen::MatrixXd X;
  Eigen::VectorXi y;
};

Digits digits(Eigen::Index n) {
  static const auto all = sklite::datasets::load_digits();
  return {all.data.topRows(n), all.target.head(n)};
}

// The columns of cv_results that do not measure time.
std::vector<std::string> score_keys(const sklite::CVResults& r) {
  std::vector<std::string> keys;
  for (const std::string& key : r.keys())
    if (key.find("_time") == std::string::npos && key.rfind("param", 0) != 0) keys.push_back(key);
  return keys;
}

void check_same_results(const sklite::CVResults& a, const sklite::CVResults& b) {
  REQUIRE(a.keys() == b.keys());
  for (const std::string& key : score_keys(a)) {
    INFO(key);
    const std::vector<double>& x = a[key];
    const std::vector<double>& y = b[key];
    REQUIRE(x.size() == y.size());
    for (std::size_t k = 0; k < x.size(); ++k)
      CHECK((x[k] == y[k] || (std::isnan(x[k]) && std::isnan(y[k]))));
  }
  CHECK(a.params == b.params);
}

// An SVC whose fits kill rank 1.
struct Dying : sklite::SVC {
  using sklite::SVC::SVC;
  template <typename X, typename Y>
  Dying& fit(const X& x, const Y& y) {
    if (rank() == 1) std::abort();
    sklite::SVC::fit(x, y);
    return *this;
  }
};

}  // namespace

TEST_CASE("mpi::GridSearchCV gives every rank the one-process search's results and refit") {
  const Digits d = digits(600);
  const sklite::ParamGrid grid(
      {{{"kernel", {"rbf"}}, {"C", {1.0, 10.0, 100.0}}, {"gamma", {1e-4, 1e-3, 1e-2}}},
       {{"kernel", {"linear"}}, {"C", {0.1, 1.0}}}});
  const sklite::GridSearchOptions options{.n_jobs = 1, .cv = 4};
  sklite::GridSearchCV here(sklite::SVC(), grid, options);
  here.fit(d.X, d.y);
  sklite::mpi::GridSearchCV spread(MPI_COMM_WORLD, sklite::SVC(), grid, options);
  spread.fit(d.X, d.y);

  check_same_results(spread.cv_results(), here.cv_results());
  CHECK(spread.best_index() == here.best_index());
  CHECK(spread.best_params() == here.best_params());
  CHECK(spread.best_score() == here.best_score());
  CHECK(spread.best_estimator().model().rho == here.best_estimator().model().rho);
  CHECK(spread.best_estimator().decision_function(d.X) ==
        here.best_estimator().decision_function(d.X));

  // Every fit ran once, on some rank; four groups (one per γ, one linear) went to three ranks.
  std::size_t tasks = 0, groups = 0;
  for (const sklite::mpi::RankShare& s : spread.shares()) {
    tasks += s.tasks;
    groups += s.groups;
  }
  CHECK(spread.shares().size() == 3);
  CHECK(tasks == 11 * 4);
  CHECK(groups == 4);
}

TEST_CASE("mpi::GridSearchCV with several scorers and SVR matches the one-process search") {
  Eigen::MatrixXd X(80, 2);
  Eigen::VectorXd y(80);
  for (Eigen::Index i = 0; i < 80; ++i) {
    X(i, 0) = static_cast<double>(i) / 10.0;
    X(i, 1) = static_cast<double>((i * 7) % 13) / 13.0;
    y(i) = std::sin(X(i, 0)) + 0.1 * X(i, 1);
  }
  const sklite::ParamGrid grid{{"C", {1.0, 10.0}}, {"epsilon", {0.05, 0.1}}, {"gamma", {0.1, 1.0}}};
  const sklite::GridSearchOptions options{
      .scoring = {"r2", "neg_mean_squared_error"}, .refit = "r2", .cv = 5};
  sklite::GridSearchCV here(sklite::SVR(), grid, options);
  here.fit(X, y);
  sklite::mpi::GridSearchCV spread(MPI_COMM_WORLD, sklite::SVR(), grid, options);
  spread.fit(X, y);
  check_same_results(spread.cv_results(), here.cv_results());
  CHECK(spread.best_params() == here.best_params());
}

TEST_CASE("mpi::cross_validate gives every rank each fold's scores") {
  const Digits d = digits(500);
  const sklite::CrossValidateOptions options{
      .cv = 5, .scoring = {"accuracy", "f1_macro"}, .return_train_score = true};
  const auto here = sklite::cross_validate(sklite::SVC({.gamma = 0.001}), d.X, d.y, options);
  const auto spread =
      sklite::mpi::cross_validate(MPI_COMM_WORLD, sklite::SVC({.gamma = 0.001}), d.X, d.y, options);
  for (const char* key : {"test_accuracy", "test_f1_macro", "train_accuracy", "train_f1_macro"}) {
    INFO(key);
    CHECK(spread.at(key) == here.at(key));
  }
  CHECK(spread.at("fit_time").size() == 5);
}

TEST_CASE("mpi: a failed fit stops the search on every rank, naming the candidate and its rank") {
  const Digits d = digits(60);
  // Fold 0's training rows hold one class: every candidate fails there.
  std::vector<sklite::TrainTestIndices> folds(2);
  for (Eigen::Index i = 0; i < 60; ++i) (d.y(i) == 0 ? folds[0].train : folds[0].test).push_back(i);
  for (Eigen::Index i = 0; i < 60; ++i) (i % 2 ? folds[1].train : folds[1].test).push_back(i);
  sklite::mpi::GridSearchCV search(MPI_COMM_WORLD, sklite::SVC(),
                                   {{"gamma", {0.001, 0.01, 0.1}}, {"C", {1.0, 2.0}}},
                                   {.cv = folds});
  std::string message;
  try {
    search.fit(d.X, d.y);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  // The first failure in task order, as in one process, wherever it ran.
  INFO(message);
  const std::string start =
      "GridSearchCV::fit: the fit of candidate 0 {'C': 1.0, 'gamma': 0.001} on fold 0 on rank ";
  CHECK(message.rfind(start, 0) == 0);
  CHECK(message.find(" failed: SVC::fit: needs samples of at least 2 classes; got 1 class") !=
        std::string::npos);
  CHECK_THROWS_AS(search.best_params(), sklite::NotFittedError);

  // With error_score, the failures score it, every group still runs (more groups than ranks: some
  // are handed out after the first failure is known), and every rank has the one-process results.
  const sklite::GridSearchOptions tolerant{
      .cv = folds, .error_score = -1.0, .warning_handler = [](const std::string&) {}};
  const sklite::ParamGrid gammas{{"gamma", {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0}}};
  sklite::GridSearchCV here(sklite::SVC(), gammas, tolerant);
  here.fit(d.X, d.y);
  sklite::mpi::GridSearchCV spread(MPI_COMM_WORLD, sklite::SVC(), gammas, tolerant);
  spread.fit(d.X, d.y);
  check_same_results(spread.cv_results(), here.cv_results());
  CHECK(spread.cv_results()["split0_test_score"] == std::vector<double>(7, -1.0));
  std::size_t tasks = 0;
  for (const sklite::mpi::RankShare& s : spread.shares()) tasks += s.tasks;
  CHECK(tasks == 7 * 2);

  // cross_validate likewise: fold 0 fails, the other folds still run.
  std::vector<sklite::TrainTestIndices> five = folds;
  for (Eigen::Index k = 2; k < 5; ++k) {
    five.emplace_back();
    for (Eigen::Index i = 0; i < 60; ++i)
      (i % 5 == k ? five.back().test : five.back().train).push_back(i);
  }
  const sklite::CrossValidateOptions cv{
      .cv = five, .error_score = -1.0, .warning_handler = [](const std::string&) {}};
  const auto one = sklite::cross_validate(sklite::SVC(), d.X, d.y, cv);
  const auto all = sklite::mpi::cross_validate(MPI_COMM_WORLD, sklite::SVC(), d.X, d.y, cv);
  CHECK(all.at("test_score") == one.at("test_score"));
  CHECK(all.at("test_score")[0] == -1.0);
  CHECK(all.at("test_score")[4] > 0);  // 5 of 12 right: the fold ran
}

TEST_CASE("mpi: bad input fails on every rank; so do data that differ between ranks") {
  const Digits d = digits(100);
  sklite::mpi::GridSearchCV bad(MPI_COMM_WORLD, sklite::SVC(), {{"Cc", {1.0}}});
  CHECK_THROWS_WITH_AS(bad.fit(d.X, d.y), doctest::Contains("SVC has no parameter 'Cc'"),
                       std::invalid_argument);

  // NaN on rank 1 only: rank 1 rethrows its own error, the others name rank 1.
  Eigen::MatrixXd X = d.X;
  if (rank() == 1) X(2, 3) = std::numeric_limits<double>::quiet_NaN();
  sklite::mpi::GridSearchCV search(MPI_COMM_WORLD, sklite::SVC(), {{"C", {1.0}}});
  if (rank() == 1)
    CHECK_THROWS_WITH_AS(search.fit(X, d.y), doctest::Contains("NaN"), std::invalid_argument);
  else
    CHECK_THROWS_WITH_AS(
        search.fit(X, d.y),
        doctest::Contains("GridSearchCV::fit: rank 1 failed: GridSearchCV::fit: X"),
        std::invalid_argument);

  // Other values on rank 2: found by the fingerprints, refused on every rank.
  Eigen::MatrixXd other = d.X;
  if (rank() == 2) other(5, 5) += 1;
  CHECK_THROWS_WITH_AS(search.fit(other, d.y),
                       "GridSearchCV::fit: rank 2 was given other data, folds or candidates than "
                       "rank 0; every rank must be given the same",
                       std::invalid_argument);

  // The search is usable afterwards.
  search.fit(d.X, d.y);
  CHECK(search.best_params().at("C") == sklite::ParamValue(1.0));
}

TEST_CASE("mpi::broadcast gives every rank rank 0's data") {
  Eigen::MatrixXd X;
  Eigen::VectorXi y;
  if (rank() == 0) {
    const Digits d = digits(50);
    X = d.X;
    y = d.y;
  }
  sklite::mpi::broadcast(MPI_COMM_WORLD, X, y);
  const Digits d = digits(50);
  CHECK(X == d.X);
  CHECK(y == d.y);
}

// Not run with the others (CTest runs it on its own, `--no-skip -tc=...`): rank 1 dies in the
// middle of a search; the job must end, never hang, with the launcher naming rank 1.
TEST_CASE("mpi: a rank that dies ends the job" * doctest::skip()) {
  const Digits d = digits(200);
  sklite::mpi::GridSearchCV search(MPI_COMM_WORLD, Dying(), {{"gamma", {0.001, 0.01, 0.1}}});
  search.fit(d.X, d.y);
}

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  doctest::Context context(argc, argv);
  const int failed = context.run();
  // Every rank reports; the job fails when any rank failed.
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return any;
}

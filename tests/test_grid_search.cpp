// Tests of parameters by name, scorers, cross_validate, cross_val_score and GridSearchCV. Expected
// values come from scikit-learn 1.2.1 (tests/fixtures/gen_grid_search.py).
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sklite/datasets/digits.hpp"
#include "sklite/model_selection.hpp"
#include "sklite/params.hpp"
#include "sklite/pipeline.hpp"
#include "sklite/preprocessing.hpp"
#include "sklite/svm/svc.hpp"
#include "sklite/svm/svr.hpp"
#include "support/fixtures.hpp"

namespace {

using Json = nlohmann::json;

const Json& fixture() {
  static const Json json = sklite::testing::load_fixture("model_selection/grid_search.json");
  return json;
}

struct Digits {
  Eigen::MatrixXd X;
  Eigen::VectorXi y;
};

Digits digits_rows(Eigen::Index first, Eigen::Index last) {
  static const auto digits = sklite::datasets::load_digits();
  return {digits.data.middleRows(first, last - first), digits.target.segment(first, last - first)};
}

// A fixture value (a number or a name) as a ParamValue.
sklite::ParamValue param_value(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.get<long long>();
  return v.get<double>();
}

sklite::ParamGrid::Grid grid_of(const Json& grid) {
  sklite::ParamGrid::Grid out;
  for (const auto& [name, values] : grid.items())
    for (const auto& v : values) out[name].push_back(param_value(v));
  return out;
}

sklite::ParamMap params_of(const Json& params) {
  sklite::ParamMap out;
  for (const auto& [name, v] : params.items()) out[name] = param_value(v);
  return out;
}

// Every candidate's scores against scikit-learn's, to 1e-12.
void check_candidates(const sklite::CVResults& r, const Json& candidates, const std::string& key) {
  REQUIRE(r.params.size() == candidates.size());
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const Json& expected =
        candidates[c].contains("scores") ? candidates[c]["scores"][key] : candidates[c];
    const std::string score = candidates[c].contains("scores") ? key : "score";
    INFO("candidate " << c << " " << sklite::params_repr(r.params[c]));
    CHECK(r.params[c] == params_of(candidates[c]["params"]));
    CHECK(r["mean_test_" + score][c] ==
          doctest::Approx(expected["mean_test_score"]).epsilon(1e-12));
    CHECK(r["std_test_" + score][c] ==
          doctest::Approx(expected["std_test_score"]).epsilon(1e-12).scale(1e-12));
    CHECK(r["rank_test_" + score][c] == expected["rank_test_score"].get<double>());
    for (std::size_t f = 0; f < expected["split_test_scores"].size(); ++f)
      CHECK(r["split" + std::to_string(f) + "_test_" + score][c] ==
            doctest::Approx(expected["split_test_scores"][f]).epsilon(1e-12));
  }
}

}  // namespace

TEST_CASE("ParamValue prints as Python and converts as scikit-learn's set_params") {
  CHECK(sklite::ParamValue(10.0).repr() == "10.0");
  CHECK(sklite::ParamValue(1e-4).repr() == "0.0001");
  CHECK(sklite::ParamValue(1e-5).repr() == "1e-05");
  CHECK(sklite::ParamValue(1e16).repr() == "1e+16");
  CHECK(sklite::ParamValue(0.1 + 0.2).repr() == "0.30000000000000004");
  CHECK(sklite::ParamValue(3).repr() == "3");
  CHECK(sklite::ParamValue("rbf").repr() == "'rbf'");
  CHECK(sklite::ParamValue(true).repr() == "True");
  CHECK(sklite::ParamValue(nullptr).repr() == "None");
  CHECK(sklite::ParamValue(3) != sklite::ParamValue(3.0));
}

TEST_CASE("SVC and SVR get and set their parameters by scikit-learn's names") {
  sklite::SVC clf;
  clf.set_params("C", 10);  // an integer where a number is expected
  clf.set_params({{"kernel", "poly"}, {"degree", 2.0}, {"gamma", "auto"}, {"random_state", 7}});
  const sklite::ParamMap p = clf.get_params();
  CHECK(p.at("C") == sklite::ParamValue(10.0));
  CHECK(p.at("kernel") == sklite::ParamValue("poly"));
  CHECK(p.at("degree") == sklite::ParamValue(2));
  CHECK(p.at("gamma") == sklite::ParamValue("auto"));
  CHECK(p.at("random_state") == sklite::ParamValue(7));
  CHECK(p.at("class_weight").is_none());
  CHECK(p.at("decision_function_shape") == sklite::ParamValue("ovr"));
  CHECK(p.size() == 18);

  CHECK_THROWS_WITH_AS(
      clf.set_params("Cc", 1.0),
      "SVC::set_params: SVC has no parameter 'Cc'; valid parameters are C, "
      "break_ties, cache_size, class_weight, coef0, decision_function_shape, degree, "
      "gamma, kernel, max_iter, max_seconds, n_jobs, probability, random_state, "
      "shrinking, tol, verbose, warm_start",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(clf.set_params("degree", 2.5),
                       "SVC::set_params: parameter 'degree' must be an integer; got a number (2.5)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(clf.set_params("shrinking", 1),
                       "SVC::set_params: parameter 'shrinking' must be a bool; got an integer (1)",
                       std::invalid_argument);
  // All or nothing: a bad value leaves every parameter as it was.
  CHECK_THROWS_WITH_AS(clf.set_params({{"C", 5.0}, {"tol", -1.0}}),
                       "SVC::set_params: tol must be a positive finite number; got -1",
                       std::invalid_argument);
  CHECK(clf.params().C == 10.0);
  CHECK_THROWS_WITH_AS(clf.set_params("kernel", "rfb"), doctest::Contains("rfb"),
                       std::invalid_argument);

  sklite::SVR reg;
  reg.set_params({{"epsilon", 0.2}, {"C", 3.0}});
  CHECK(reg.params().epsilon == 0.2);
  CHECK(reg.get_params().count("break_ties") == 0);
  CHECK_THROWS_WITH_AS(reg.set_params("nu", 0.5), doctest::Contains("SVR has no parameter 'nu'"),
                       std::invalid_argument);
}

TEST_CASE("get_scorer knows scikit-learn's names and refuses others") {
  const Eigen::VectorXd t = (Eigen::VectorXd(4) << 0, 1, 1, 2).finished();
  const Eigen::VectorXd p = (Eigen::VectorXd(4) << 0, 1, 2, 2).finished();
  CHECK(sklite::get_scorer("accuracy").score(t, p) == 0.75);
  CHECK(sklite::get_scorer("neg_mean_squared_error").score(t, p) == -0.25);
  CHECK(sklite::get_scorer("max_error").score(t, p) == -1.0);
  CHECK_THROWS_WITH_AS(
      sklite::get_scorer("acuracy"),
      doctest::Contains("get_scorer: 'acuracy' is not a valid scoring value; valid "
                        "names are accuracy, balanced_accuracy, f1,"),
      std::invalid_argument);
}

TEST_CASE("cross_val_score gives scikit-learn's scores for each scorer and splitter") {
  const Json& f = fixture()["cross_val_score"];
  const Digits d = digits_rows(f["rows"][0], f["rows"][1]);
  const sklite::SVC clf({.gamma = 0.001});
  for (const Json& c : f["results"]) {
    const std::string scoring = c["scoring"];
    INFO(c["cv_name"].get<std::string>() << " " << scoring);
    sklite::CrossValScoreOptions options;
    if (c["cv"]["splitter"] == "KFold")
      options.cv = sklite::KFold({.n_splits = c["cv"]["n_splits"],
                                  .shuffle = c["cv"]["shuffle"],
                                  .random_state = c["cv"]["random_state"].get<std::uint32_t>()});
    else
      options.cv = c["cv"]["n_splits"].get<int>();
    if (scoring != "accuracy") options.scoring = scoring;
    const Eigen::VectorXd scores = sklite::cross_val_score(clf, d.X, d.y, options);
    REQUIRE(scores.size() == static_cast<Eigen::Index>(c["scores"].size()));
    for (Eigen::Index i = 0; i < scores.size(); ++i)
      CHECK(scores(i) == doctest::Approx(c["scores"][static_cast<std::size_t>(i)]).epsilon(1e-12));
  }
}

TEST_CASE("GridSearchCV on the digits gives scikit-learn's cv_results, best and refit") {
  const Json& f = fixture()["digits_rbf"];
  const Digits d = digits_rows(f["rows"][0], f["rows"][1]);
  const Digits rest = digits_rows(f["test_rows"][0], f["test_rows"][1]);
  for (const int n_jobs : {1, 2}) {
    INFO("n_jobs " << n_jobs);
    sklite::GridSearchCV search(sklite::SVC(), grid_of(f["param_grid"]),
                                {.n_jobs = n_jobs, .cv = f["cv"].get<int>()});
    search.fit(d.X, d.y);
    check_candidates(search.cv_results(), f["search"]["candidates"], "score");
    CHECK(search.best_index() == f["search"]["best_index"]);
    CHECK(search.best_params() == params_of(f["search"]["best_params"]));
    CHECK(search.best_score() == doctest::Approx(f["search"]["best_score"]).epsilon(1e-12));
    CHECK(search.score(rest.X, rest.y) == doctest::Approx(f["test_score"]).epsilon(1e-12));
    const Eigen::VectorXi n_support = search.best_estimator().n_support();
    for (Eigen::Index c = 0; c < n_support.size(); ++c)
      CHECK(n_support(c) == f["n_support"][static_cast<std::size_t>(c)]);
    CHECK(search.n_splits() == 5);
  }
}

TEST_CASE("A fit reading shared kernel values gives the model of an independent fit") {
  const Digits d = digits_rows(0, 300);
  auto share = std::make_shared<sklite::svm::KernelShare<double>>(d.X, 64u << 20, 1);
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < 300; i += 3) rows.push_back(i);
  for (Eigen::Index i = 1; i < 300; i += 3) rows.push_back(i);
  const Eigen::MatrixXd X = d.X(rows, Eigen::all);
  const Eigen::VectorXi y = d.y(rows);
  // Each C in turn, larger and smaller: the shared fits also take over the solutions of pairs
  // that stayed below their bounds (svm::SolutionMemo), and must still match bit for bit.
  for (const double gamma : {1e-3, 1e-2})
    for (const double C : {1000.0, 100.0, 10.0, 1.0, 0.5, 3000.0}) {
      INFO("gamma " << gamma << " C " << C);
      sklite::SVC alone({.C = C, .gamma = gamma}), shared = alone;
      alone.fit(X, y);
      shared.share_kernel(share, rows);
      shared.fit(X, y);
      CHECK(shared.dual_coef() == alone.dual_coef());
      CHECK(shared.intercept() == alone.intercept());
      CHECK(shared.support() == alone.support());
      CHECK(shared.n_iter() == alone.n_iter());
    }
  // X that is not the share's rows: the fit computes its own values, and is right.
  sklite::SVC alone({.C = 10, .gamma = 1e-3}), shared = alone;
  const Eigen::MatrixXd other = X * 0.5;
  alone.fit(other, y);
  shared.share_kernel(share, rows);
  shared.fit(other, y);
  CHECK(shared.dual_coef() == alone.dual_coef());
}

TEST_CASE("GridSearchCV with several scorers and two grids follows the gallery example") {
  const Json& f = fixture()["digits_gallery"];
  const Digits all = digits_rows(0, 1797);
  std::vector<Eigen::Index> train = f["train_indices"], test = f["test_indices"];
  std::vector<sklite::ParamGrid::Grid> grids;
  for (const Json& g : f["param_grid"]) grids.push_back(grid_of(g));
  sklite::GridSearchCV search(
      sklite::SVC(), grids,
      {.scoring = f["scoring"].get<std::vector<std::string>>(), .refit = std::string(f["refit"])});
  const Eigen::MatrixXd X_train = all.X(train, Eigen::all);
  search.fit(X_train, Eigen::VectorXi(all.y(train)));
  for (const std::string key : {"precision_macro", "recall_macro", "accuracy"}) {
    INFO(key);
    check_candidates(search.cv_results(), f["multi_search"]["candidates"], key);
  }
  const Json& best = f["multi_search"]["best"]["accuracy"];
  CHECK(search.best_index() == best["best_index"]);
  CHECK(search.best_score() == doctest::Approx(best["best_score"]).epsilon(1e-12));
  const Eigen::VectorXi y_pred = search.predict(Eigen::MatrixXd(all.X(test, Eigen::all)));
  REQUIRE(y_pred.size() == static_cast<Eigen::Index>(f["y_pred"].size()));
  for (Eigen::Index i = 0; i < y_pred.size(); ++i)
    CHECK(y_pred(i) == f["y_pred"][static_cast<std::size_t>(i)]);
  // The CSV: scikit-learn's columns, the missing gamma of the linear grid an empty cell.
  const std::string csv = search.cv_results().to_csv();
  CHECK(csv.rfind("mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_C,param_gamma,"
                  "param_kernel,params,split0_test_precision_macro,",
                  0) == 0);
  CHECK(csv.find(",1,,linear,\"{'C': 1, 'kernel': 'linear'}\",") != std::string::npos);
}

TEST_CASE("GridSearchCV over a pipeline refits the scaler on each fold, as scikit-learn") {
  const Json& f = fixture()["pipeline"];
  const Digits d = digits_rows(f["rows"][0], f["rows"][1]);
  const sklite::StratifiedKFold cv({.n_splits = f["cv"]["n_splits"],
                                    .shuffle = f["cv"]["shuffle"],
                                    .random_state = f["cv"]["random_state"].get<std::uint32_t>()});
  sklite::GridSearchCV search(sklite::make_pipeline(sklite::StandardScaler(), sklite::SVC()),
                              grid_of(f["param_grid"]), {.cv = cv});
  search.fit(d.X, d.y);
  check_candidates(search.cv_results(), f["search"]["candidates"], "score");
  CHECK(search.best_index() == f["search"]["best_index"]);
  CHECK(search.best_params() == params_of(f["search"]["best_params"]));
  CHECK(search.best_estimator().get_params().at("svc__C") == sklite::ParamValue(1.0));
  CHECK_THROWS_WITH_AS(
      sklite::GridSearchCV(sklite::make_pipeline(sklite::StandardScaler(), sklite::SVC()),
                           {{"svc__Cc", {1.0}}})
          .fit(d.X, d.y),
      doctest::Contains("candidate 0 {'svc__Cc': 1.0}"), std::invalid_argument);
}

TEST_CASE("GridSearchCV and cross_validate on a regression give scikit-learn's scores") {
  const Json& f = fixture()["svr"];
  Eigen::MatrixXd X(f["X"].size(), 2);
  Eigen::VectorXd y(f["y"].size());
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    X(i, 0) = f["X"][static_cast<std::size_t>(i)][0];
    X(i, 1) = f["X"][static_cast<std::size_t>(i)][1];
    y(i) = f["y"][static_cast<std::size_t>(i)];
  }
  const sklite::KFold cv({.n_splits = 5, .shuffle = true, .random_state = 0});
  sklite::GridSearchCV search(sklite::SVR(), grid_of(f["param_grid"]),
                              {.scoring = f["scoring"].get<std::string>(), .cv = cv});
  search.fit(X, y);
  check_candidates(search.cv_results(), f["search"]["candidates"], "score");
  CHECK(search.best_params() == params_of(f["search"]["best_params"]));

  const Json& c = f["cross_validate"];
  const auto scores = sklite::cross_validate(
      sklite::SVR({.C = 10}), X, y,
      {.scoring = c["scoring"].get<std::vector<std::string>>(), .return_train_score = true});
  for (const auto& item : c["results"].items()) {
    const std::string key = item.key();  // not a structured binding: clang 14 cannot capture one
    const Json& values = item.value();
    INFO(key);
    REQUIRE(scores.at(key).size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
      CHECK(scores.at(key)[i] == doctest::Approx(values[i]).epsilon(1e-12));
  }
  CHECK(scores.at("fit_time").size() == 5);
}

TEST_CASE("GridSearchCV refuses bad grids, options and data with clear messages") {
  const Digits d = digits_rows(0, 60);
  const auto fit = [&](sklite::ParamGrid grid, sklite::GridSearchOptions options = {}) {
    sklite::GridSearchCV search(sklite::SVC(), std::move(grid), std::move(options));
    search.fit(d.X, d.y);
  };
  CHECK_THROWS_WITH_AS(fit({{"Cc", {1.0}}}),
                       doctest::Contains("GridSearchCV::fit: candidate 0 {'Cc': 1.0}: "
                                         "SVC::set_params: SVC has no parameter 'Cc'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(fit({{"C", {1.0, -1.0}}}),
                       "GridSearchCV::fit: candidate 1 {'C': -1.0}: SVC::set_params: C must be a "
                       "positive finite number; got -1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(fit(std::vector<sklite::ParamGrid::Grid>{}),
                       "GridSearchCV::fit: param_grid is empty: give at least one grid",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      fit({{"C", {}}}),
      "GridSearchCV::fit: param_grid: parameter 'C' needs a non-empty list of values",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(fit({{"C", {1.0}}}, {.cv = 1}), doctest::Contains("n_splits"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(fit({{"C", {1.0}}}, {.scoring = "acc"}),
                       doctest::Contains("'acc' is not a valid scoring value"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(fit({{"C", {1.0}}}, {.scoring = {"accuracy", "f1_macro"}}),
                       doctest::Contains("refit must name the one that chooses"),
                       std::invalid_argument);
  CHECK_THROWS_AS(sklite::GridSearchCV(sklite::SVC(), {{"C", {1.0}}}, {.n_jobs = 0}),
                  std::invalid_argument);
  Eigen::MatrixXd bad = d.X;
  bad(3, 4) = std::numeric_limits<double>::quiet_NaN();
  sklite::GridSearchCV search(sklite::SVC(), {{"C", {1.0}}});
  CHECK_THROWS_WITH_AS(search.fit(bad, d.y), doctest::Contains("NaN"), std::invalid_argument);
  CHECK_THROWS_AS(search.best_params(), sklite::NotFittedError);

  // A fit that fails (a fold whose training rows hold one class): an error naming the candidate
  // and fold by default; with error_score, that score and a warning.
  std::vector<sklite::TrainTestIndices> folds(2);
  for (Eigen::Index i = 0; i < 60; ++i) (d.y(i) == 0 ? folds[0].train : folds[0].test).push_back(i);
  for (Eigen::Index i = 0; i < 60; ++i) (i % 2 ? folds[1].train : folds[1].test).push_back(i);
  for (const int n_jobs : {1, 2})
    CHECK_THROWS_WITH_AS(fit({{"C", {1.0, 2.0}}}, {.n_jobs = n_jobs, .cv = folds}),
                         "GridSearchCV::fit: the fit of candidate 0 {'C': 1.0} on fold 0 failed: "
                         "SVC::fit: needs samples of at least 2 classes; got 1 class",
                         std::runtime_error);
  CHECK_THROWS_WITH_AS(sklite::cross_validate(sklite::SVC(), d.X, d.y, {.cv = folds}),
                       "cross_validate: the fit of fold 0 failed: SVC::fit: needs samples of at "
                       "least 2 classes; got 1 class",
                       std::runtime_error);
  std::vector<std::string> warnings;
  sklite::GridSearchCV tolerant(
      sklite::SVC(), {{"C", {1.0, 2.0}}},
      {.n_jobs = 1, .cv = folds, .error_score = -1.0, .warning_handler = [&](const std::string& w) {
         warnings.push_back(w);
       }});
  tolerant.fit(d.X, d.y);
  CHECK(tolerant.cv_results()["split0_test_score"] == std::vector<double>{-1.0, -1.0});
  sklite::SVC alone;
  alone.fit(Eigen::MatrixXd(d.X(folds[1].train, Eigen::all)), Eigen::VectorXi(d.y(folds[1].train)));
  CHECK(tolerant.cv_results()["split1_test_score"][0] ==
        alone.score(Eigen::MatrixXd(d.X(folds[1].test, Eigen::all)),
                    Eigen::VectorXi(d.y(folds[1].test))));
  CHECK(warnings.size() == 2);

  // An integer cv on a class smaller than the number of folds: scikit-learn's warning.
  warnings.clear();
  const Digits few = digits_rows(0, 40);
  sklite::GridSearchCV small(
      sklite::SVC(), {{"C", {1.0}}},
      {.n_jobs = 1, .warning_handler = [&](const std::string& w) { warnings.push_back(w); }});
  small.fit(few.X, few.y);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "StratifiedKFold::split: the least populated class in y has only 3 member(s), fewer than "
        "n_splits = 5; it is missing from some folds");
}

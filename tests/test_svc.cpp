// SVC parity with scikit-learn (fixtures from tests/fixtures/gen_svc.py), typed and custom
// kernels, and the error cases.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sklite/datasets/digits.hpp>
#include <sklite/datasets/svmlight.hpp>
#include <sklite/svm/svc.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/fixtures.hpp"
#include "support/svm_params.hpp"

namespace {

using sklite::testing::load_fixture;
using sklite::testing::to_matrix;
using sklite::testing::to_vector;
using Json = nlohmann::json;

// The tolerance for dual_coef, intercept and decision values.
constexpr double kTol = 1e-3;

// A JSON list of lists, or a flat list (two classes), as a matrix.
Eigen::MatrixXd as_matrix(const Json& values) {
  if (values.empty() || values[0].is_array()) return to_matrix(values);
  return to_vector(values);
}

struct CaseData {
  Eigen::MatrixXd X_train, X_test;
  Eigen::VectorXi y_train, y_test;
};

CaseData case_data(const Json& data) {
  CaseData d;
  if (data.contains("source")) {
    const auto digits = sklite::datasets::load_digits();
    const auto rows = [&](const Json& range) {
      return std::pair{range[0].get<Eigen::Index>(), range[1].get<Eigen::Index>()};
    };
    const auto [train_begin, train_end] = rows(data["train_rows"]);
    const auto [test_begin, test_end] = rows(data["test_rows"]);
    d.X_train = digits.data.middleRows(train_begin, train_end - train_begin);
    d.y_train = digits.target.segment(train_begin, train_end - train_begin);
    d.X_test = digits.data.middleRows(test_begin, test_end - test_begin);
    d.y_test = digits.target.segment(test_begin, test_end - test_begin);
  } else {
    d.X_train = to_matrix(data["X_train"]);
    d.X_test = to_matrix(data["X_test"]);
    d.y_train = to_vector<int>(data["y_train"]);
    d.y_test = to_vector<int>(data["y_test"]);
  }
  return d;
}

void check_close(const Eigen::MatrixXd& got, const Eigen::MatrixXd& expected, const char* what) {
  INFO(std::string(what));
  REQUIRE(got.rows() == expected.rows());
  REQUIRE(got.cols() == expected.cols());
  const double error = (got - expected).cwiseAbs().maxCoeff();
  CHECK(error <= kTol);
}

// Fits the case and compares every fitted attribute and output with scikit-learn's.
void check_case(const std::string& name) {
  INFO("case ", name);
  const Json fixture = load_fixture("svc/" + name + ".json");
  const Json& expected = fixture["expected"];
  const CaseData d = case_data(fixture["data"]);

  sklite::SVCParams params =
      sklite::testing::params_from_json<sklite::SVCParams>(fixture["params"]);
  int warnings = 0;
  params.warning_handler = [&warnings](const std::string&) { ++warnings; };
  sklite::SVC clf(params);
  clf.fit(d.X_train, d.y_train);

  CHECK(clf.classes() == to_vector<int>(expected["classes"]));
  CHECK(clf.class_weight().isApprox(to_vector(expected["class_weight_"])));
  CHECK(clf.support() == to_vector<int>(expected["support"]));
  CHECK(clf.n_support() == to_vector<int>(expected["n_support"]));
  CHECK(clf.fit_status() == expected["fit_status"].get<int>());
  CHECK(warnings == clf.fit_status());
  if (fixture["params"]["kernel"] != "precomputed")
    CHECK(clf.effective_gamma() == doctest::Approx(expected["gamma_value"].get<double>()));
  check_close(clf.dual_coef(), to_matrix(expected["dual_coef"]), "dual_coef");
  check_close(clf.intercept(), to_vector(expected["intercept"]), "intercept");
  if (expected.contains("support_vectors"))
    CHECK(clf.support_vectors() == to_matrix(expected["support_vectors"]));
  if (expected.contains("coef")) check_close(clf.coef(), to_matrix(expected["coef"]), "coef");
  // Iteration counts follow LIBSVM's path; float rounding may shift them by a few.
  const Eigen::VectorXi n_iter = to_vector<int>(expected["n_iter"]);
  REQUIRE(clf.n_iter().size() == n_iter.size());
  for (Eigen::Index p = 0; p < n_iter.size(); ++p)
    CHECK(std::abs(clf.n_iter()(p) - n_iter(p)) <= std::max(2, n_iter(p) / 50));

  const Eigen::MatrixXd decision = clf.decision_function(d.X_test);
  check_close(decision, as_matrix(expected["decision_function"]), "decision_function");

  // Predictions must be identical, except where scikit-learn's own one-vs-one value is within
  // the tolerance of a tie (then either answer is right).
  sklite::SVCParams ovo_params = params;
  ovo_params.decision_function_shape = sklite::DecisionFunctionShape::ovo;
  ovo_params.break_ties = false;
  const Eigen::MatrixXd ovo_expected = as_matrix(expected["decision_function_ovo"]);
  const Eigen::MatrixXd ovo = sklite::SVC(ovo_params)
                                  .fit(d.X_train, d.y_train)
                                  .decision_function(d.X_test.topRows(ovo_expected.rows()));
  check_close(ovo, ovo_expected, "decision_function (ovo)");

  const Eigen::VectorXi predicted = clf.predict(d.X_test);
  const Eigen::VectorXi expected_predict = to_vector<int>(expected["predict"]);
  Eigen::Index mismatches = 0;
  for (Eigen::Index r = 0; r < predicted.size(); ++r) {
    if (predicted(r) == expected_predict(r)) continue;
    const bool near_tie =
        r < ovo_expected.rows() && ovo_expected.row(r).cwiseAbs().minCoeff() <= kTol;
    if (!near_tie) ++mismatches;
  }
  CHECK(mismatches == 0);
  if (d.X_test.rows() == ovo_expected.rows())
    CHECK(clf.score(d.X_test, d.y_test) == doctest::Approx(expected["score"].get<double>()));
}

// The fixture cases, by test.
const std::vector<std::string> kToyCases = {"toy_linear", "toy_rbf", "toy_poly", "toy_sigmoid"};
const std::vector<std::string> kIrisCases = {"iris_linear",
                                             "iris_linear_ovo",
                                             "iris_poly",
                                             "iris_rbf_scale_C1",
                                             "iris_rbf_scale_C100",
                                             "iris_rbf_auto",
                                             "iris_rbf_ovo",
                                             "iris_sigmoid",
                                             "iris_rbf_break_ties",
                                             "iris_rbf_balanced",
                                             "iris_linear_class_weight",
                                             "iris_rbf_partial_class_weight",
                                             "iris_rbf_no_shrinking",
                                             "iris_rbf_max_iter5",
                                             "iris_poly_tol"};
const std::vector<std::string> kBinaryCases = {"binary_linear",
                                               "binary_poly",
                                               "binary_rbf",
                                               "binary_sigmoid",
                                               "binary_37_linear",
                                               "binary_37_rbf_weighted",
                                               "binary_first_positive_rbf"};
const std::vector<std::string> kMultiCases = {"multi_rbf", "multi_linear_weighted",
                                              "multi_rbf_balanced_ovo", "ties_linear_break_ties",
                                              "ties_rbf_break_ties"};
const std::vector<std::string> kPrecomputedCases = {"precomputed_linear_binary",
                                                    "precomputed_rbf_iris"};
const std::vector<std::string> kDigitsCases = {"digits_rbf_tutorial", "digits_rbf_scale",
                                               "digits_linear"};

}  // namespace

TEST_CASE("svc: scikit-learn's six-point toy problem, in numbers written from the facts") {
  Eigen::MatrixXd X(6, 2);
  X << -2, -1, -1, -1, -1, -2, 1, 1, 1, 2, 2, 1;
  Eigen::VectorXi y(6);
  y << 1, 1, 1, 2, 2, 2;
  sklite::SVC clf({.kernel = "linear"});
  CHECK(&clf.fit(X, y) == &clf);
  CHECK(clf.support() == Eigen::Vector2i(1, 3));
  CHECK(clf.dual_coef().isApprox(Eigen::RowVector2d(-0.25, 0.25)));
  CHECK(std::abs(clf.intercept()(0)) < 1e-12);
  CHECK(clf.coef().isApprox(Eigen::RowVector2d(0.5, 0.5)));
  Eigen::MatrixXd T(3, 2);
  T << -1, -1, 2, 2, 3, 2;
  CHECK(clf.predict(T) == Eigen::Vector3i(1, 2, 2));
}

TEST_CASE("svc: parity with scikit-learn on the toy problem with every kernel") {
  for (const auto& name : kToyCases) check_case(name);
}

TEST_CASE("svc: parity with scikit-learn on iris") {
  for (const auto& name : kIrisCases) check_case(name);
}

TEST_CASE("svc: parity with scikit-learn on synthetic binary problems") {
  for (const auto& name : kBinaryCases) check_case(name);
}

TEST_CASE("svc: parity with scikit-learn with negative, non-contiguous labels and ties") {
  for (const auto& name : kMultiCases) check_case(name);
}

TEST_CASE("svc: break_ties changes predictions where votes tie, as in scikit-learn") {
  const Json fixture = load_fixture("svc/ties_linear_break_ties.json");
  const CaseData d = case_data(fixture["data"]);
  sklite::SVCParams params =
      sklite::testing::params_from_json<sklite::SVCParams>(fixture["params"]);
  params.break_ties = false;
  const Eigen::VectorXi without = sklite::SVC(params).fit(d.X_train, d.y_train).predict(d.X_test);
  CHECK(without == to_vector<int>(fixture["expected"]["predict_break_ties_false"]));
  CHECK(without != to_vector<int>(fixture["expected"]["predict"]));

  // With the ovo shape, break_ties is accepted at construction and fit and refused at predict, as
  // scikit-learn does (after the check that the estimator is fitted).
  params.break_ties = true;
  params.decision_function_shape = sklite::DecisionFunctionShape::ovo;
  sklite::SVC ovo(params);
  CHECK_THROWS_AS(ovo.predict(d.X_test), sklite::NotFittedError);
  CHECK_NOTHROW(ovo.fit(d.X_train, d.y_train));
  CHECK(ovo.decision_function(d.X_test).cols() == 3);
  CHECK_THROWS_WITH_AS(
      ovo.predict(d.X_test),
      "SVC::predict: break_ties must be false when decision_function_shape is 'ovo'",
      std::invalid_argument);
}

TEST_CASE("svc: parity with scikit-learn with precomputed kernels") {
  for (const auto& name : kPrecomputedCases) check_case(name);
}

TEST_CASE("svc: parity with scikit-learn on the digits") {
  for (const auto& name : kDigitsCases) check_case(name);
}

TEST_CASE("svc: the fixture list and the tests agree") {
  // Every committed case is exercised above: a new fixture cannot be silently left out.
  std::set<std::string> tested;
  for (const auto* group :
       {&kToyCases, &kIrisCases, &kBinaryCases, &kMultiCases, &kPrecomputedCases, &kDigitsCases})
    tested.insert(group->begin(), group->end());
  std::set<std::string> committed;
  for (const auto& name : load_fixture("svc/cases.json")) committed.insert(name.get<std::string>());
  CHECK(tested == committed);
}

namespace {

// A user kernel meeting only the documented contract (no dot-product form): the Laplacian kernel.
struct Laplacian {
  double gamma = 0.5;
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return std::exp(-gamma * static_cast<double>((x - z).cwiseAbs().sum()));
  }
};

CaseData iris_case() { return case_data(load_fixture("svc/iris_rbf_scale_C1.json")["data"]); }

}  // namespace

TEST_CASE("svc: a typed kernel gives the same model as the kernel chosen at run time") {
  const CaseData d = iris_case();
  sklite::SVC by_name({.C = 1.0, .kernel = "rbf"});
  sklite::BasicSVC<sklite::kernels::RBF> typed({.C = 1.0});
  by_name.fit(d.X_train, d.y_train);
  typed.fit(d.X_train, d.y_train);
  CHECK(typed.support() == by_name.support());
  CHECK(typed.dual_coef() == by_name.dual_coef());
  CHECK(typed.decision_function(d.X_test) == by_name.decision_function(d.X_test));
}

TEST_CASE("svc: training in float stays within the parity tolerance") {
  const Json fixture = load_fixture("svc/iris_rbf_scale_C1.json");
  const CaseData d = case_data(fixture["data"]);
  sklite::BasicSVC<sklite::kernels::Any, float> clf({.C = 1.0});
  clf.fit(d.X_train.cast<float>(), d.y_train);
  CHECK(clf.support() == to_vector<int>(fixture["expected"]["support"]));
  check_close(clf.dual_coef(), to_matrix(fixture["expected"]["dual_coef"]), "dual_coef (float)");
  check_close(clf.decision_function(d.X_test.cast<float>()),
              as_matrix(fixture["expected"]["decision_function"]), "decision (float)");
}

TEST_CASE("svc: a user kernel gives the model of its precomputed Gram matrix") {
  const CaseData d = iris_case();
  const Laplacian kernel{0.5};
  const auto gram = [&](const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
    Eigen::MatrixXd K(A.rows(), B.rows());
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      for (Eigen::Index j = 0; j < B.rows(); ++j) K(i, j) = kernel(A.row(i), B.row(j));
    return K;
  };
  sklite::BasicSVC<Laplacian> custom({.C = 2.0}, kernel);
  sklite::SVC precomputed({.C = 2.0, .kernel = "precomputed"});
  custom.fit(d.X_train, d.y_train);
  precomputed.fit(gram(d.X_train, d.X_train), d.y_train);
  CHECK(custom.support() == precomputed.support());
  CHECK(custom.n_support() == precomputed.n_support());
  CHECK((custom.dual_coef() - precomputed.dual_coef()).cwiseAbs().maxCoeff() < 1e-9);
  CHECK((custom.decision_function(d.X_test) -
         precomputed.decision_function(gram(d.X_test, d.X_train)))
            .cwiseAbs()
            .maxCoeff() < 1e-9);
  CHECK(custom.support_vectors().rows() == custom.support().size());
  CHECK(precomputed.support_vectors().size() == 0);
}

TEST_CASE("svc: inputs may be blocks, maps, row-major matrices and floating labels") {
  const CaseData d = iris_case();
  sklite::SVC reference;
  reference.fit(d.X_train, d.y_train);

  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major =
      d.X_train;
  const Eigen::VectorXd float_labels = d.y_train.cast<double>();
  sklite::SVC from_views;
  from_views.fit(row_major, float_labels);
  CHECK(from_views.dual_coef() == reference.dual_coef());

  Eigen::MatrixXd wide(d.X_test.rows(), d.X_test.cols() + 2);
  wide.middleCols(1, d.X_test.cols()) = d.X_test;
  const Eigen::Map<const Eigen::MatrixXd> map(d.X_test.data(), d.X_test.rows(), d.X_test.cols());
  CHECK(from_views.predict(wide.middleCols(1, d.X_test.cols())) == reference.predict(d.X_test));
  CHECK(from_views.decision_function(map) == reference.decision_function(d.X_test));
  CHECK(from_views.score(d.X_test, d.y_test.cast<double>()) == reference.score(d.X_test, d.y_test));
}

TEST_CASE("svc: the kernel cache bound changes speed, never the answer") {
  const CaseData d = iris_case();
  sklite::SVC large({.C = 10.0});
  sklite::SVC tiny({.C = 10.0, .cache_size = 1e-6});  // below two columns: the floor applies
  large.fit(d.X_train, d.y_train);
  tiny.fit(d.X_train, d.y_train);
  CHECK(tiny.dual_coef() == large.dual_coef());
  CHECK(tiny.n_iter() == large.n_iter());
  sklite::SVC huge({.C = 10.0, .cache_size = 1e300});  // capped, not overflowed
  huge.fit(d.X_train, d.y_train);
  CHECK(huge.dual_coef() == large.dual_coef());
}

TEST_CASE("svc: the thread count never changes the model, whichever way kernel values come") {
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X_train = digits.data.topRows(898);
  const Eigen::VectorXi y_train = digits.target.head(898);
  const Eigen::MatrixXd X_test = digits.data.bottomRows(899);
  // 200 MB holds the 898 × 898 Gram matrix (computed whole); 1 MB does not (columns on demand).
  for (const double cache_size : {200.0, 1.0}) {
    INFO("cache_size ", cache_size);
    sklite::SVC one({.C = 100.0, .gamma = 0.001, .cache_size = cache_size, .n_jobs = 1});
    sklite::SVC two({.C = 100.0, .gamma = 0.001, .cache_size = cache_size, .n_jobs = 2});
    sklite::SVC three({.C = 100.0, .gamma = 0.001, .cache_size = cache_size, .n_jobs = 3});
    one.fit(X_train, y_train);
    two.fit(X_train, y_train);
    three.fit(X_train, y_train);
    for (const sklite::SVC* other : {&two, &three}) {
      CHECK(other->support() == one.support());
      CHECK(other->dual_coef() == one.dual_coef());
      CHECK(other->intercept() == one.intercept());
      CHECK(other->n_iter() == one.n_iter());
      CHECK(other->decision_function(X_test) == one.decision_function(X_test));
    }
    // The tutorial's figure: 872 of the 899 test digits.
    CHECK((one.predict(X_test).array() == digits.target.tail(899).array()).count() == 872);
  }
}

TEST_CASE("svc: parameters out of range are refused at construction") {
  using sklite::SVC;
  using sklite::SVCParams;
  const auto refuse = [](const SVCParams& params, const std::string& message) {
    CHECK_THROWS_WITH_AS(SVC{params}, doctest::Contains(message.c_str()), std::invalid_argument);
  };
  refuse({.C = 0.0}, "SVC: C must be a positive finite number; got 0");
  refuse({.C = -1.0}, "C must be a positive finite number; got -1");
  refuse({.tol = 0.0}, "SVC: tol must be a positive finite number; got 0");
  refuse({.degree = -1}, "SVC: degree must be >= 0; got -1");
  refuse({.gamma = -0.5}, "SVC: gamma must be a positive number, 'scale' or 'auto'; got -0.5");
  refuse({.gamma = 0.0}, "gamma must be a positive number");
  refuse({.gamma = "scaled"}, "gamma must be a positive number, 'scale' or 'auto'; got 'scaled'");
  refuse({.cache_size = 0.0}, "SVC: cache_size must be a positive number of MB; got 0");
  refuse({.max_iter = -2}, "SVC: max_iter must be -1 (no limit) or >= 0; got -2");
  refuse({.n_jobs = 0}, "SVC: n_jobs must be -1 (every core) or >= 1; got 0");
  refuse({.n_jobs = -2}, "SVC: n_jobs must be -1 (every core) or >= 1; got -2");
  refuse({.kernel = "gaussian"}, "kernel: unknown kernel 'gaussian'");
  refuse({.class_weight = "balance"}, "class_weight must be 'balanced' or a weight per class");
  refuse({.class_weight = ""}, "class_weight must be 'balanced' or a weight per class; got ''");
  refuse({.class_weight = {{1, -2.0}}},
         "class_weight for class 1 must be a positive finite number");
  refuse({.class_weight = {{1, 0.0}}}, "class_weight for class 1 must be a positive finite number");
  CHECK_THROWS_WITH_AS(
      sklite::BasicSVC<sklite::kernels::RBF>({.kernel = "linear"}),
      doctest::Contains("kernel 'linear' contradicts this SVC's kernel type 'rbf'"),
      std::invalid_argument);
  CHECK_NOTHROW(sklite::BasicSVC<sklite::kernels::RBF>({.kernel = "rbf"}));
}

TEST_CASE("svc: bad training data is refused and the estimator keeps its model") {
  const CaseData d = iris_case();
  sklite::SVC clf;
  clf.fit(d.X_train, d.y_train);
  const Eigen::MatrixXd dual_before = clf.dual_coef();
  const auto refuse = [&](const auto& X, const auto& y, const std::string& message) {
    CHECK_THROWS_WITH_AS(clf.fit(X, y), doctest::Contains(message.c_str()), std::invalid_argument);
    CHECK(clf.dual_coef() == dual_before);
    CHECK(clf.n_features_in() == 4);
  };
  Eigen::MatrixXd with_nan = d.X_train;
  with_nan(3, 2) = std::nan("");
  refuse(with_nan, d.y_train, "SVC::fit: X must be finite; got NaN at row 3, column 2");
  Eigen::MatrixXd with_inf = d.X_train;
  with_inf(0, 0) = HUGE_VAL;
  refuse(with_inf, d.y_train, "X must be finite; got infinity at row 0, column 0");
  refuse(d.X_train.topRows(10), d.y_train, "SVC::fit: X has 10 rows but y has 75 labels");
  refuse(Eigen::MatrixXd(0, 4), Eigen::VectorXi(0),
         "SVC::fit: X must not be empty; got shape (0, 4): 0 sample(s)");
  refuse(Eigen::MatrixXd(75, 0), d.y_train,
         "SVC::fit: X must not be empty; got shape (75, 0): 0 feature(s)");
  // scikit-learn's test_svc_nonfinite_params: entries near the largest double overflow the
  // kernel values, and the NaN solution is refused rather than kept.
  refuse(d.X_train * (std::numeric_limits<double>::max() / 8), d.y_train,
         "SVC::fit: The dual coefficients or intercepts are not finite");
  refuse(d.X_train, Eigen::VectorXi::Constant(75, 3),
         "SVC::fit: needs samples of at least 2 classes; got 1");
  refuse(d.X_train, Eigen::VectorXd::Constant(75, 0.5),
         "SVC::fit: Unknown label type: y must hold integer class labels; got 0.5");
  refuse(d.X_train, Eigen::MatrixXi::Zero(75, 2),
         "SVC::fit: y must be a vector; got shape (75, 2)");

  sklite::SVC weighted({.class_weight = {{0, 1.0}, {7, 2.0}}});
  CHECK_THROWS_WITH_AS(weighted.fit(d.X_train, d.y_train),
                       "SVC::fit: class_weight has a weight for class 7, which is not present in y",
                       std::invalid_argument);
  CHECK_FALSE(weighted.is_fitted());

  sklite::SVC precomputed({.kernel = "precomputed"});
  CHECK_THROWS_WITH_AS(precomputed.fit(Eigen::MatrixXd::Identity(75, 74), d.y_train),
                       doctest::Contains("a precomputed kernel needs the square n×n Gram matrix as "
                                         "X; got shape (75, 74)"),
                       std::invalid_argument);
}

TEST_CASE("svc: gamma 'scale' holds where the sums of squares overflow") {
  // 2,000 points of [-1, 1]² times 1e153: every squared norm fits in a double, but the sum of
  // squares over the 4,000 entries does not. gamma comes from Var(X / s) / s², and the model is
  // the one of the unscaled points.
  std::mt19937_64 random(7);
  Eigen::MatrixXd X(2000, 2);
  Eigen::VectorXi y(2000);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    for (Eigen::Index j = 0; j < 2; ++j)
      X(i, j) = static_cast<double>(random() >> 11) * 0x1p-52 - 1.0;
    y(i) = X(i, 0) * X(i, 0) + X(i, 1) > 0.3 ? 1 : 0;
  }
  const double s = 1e153;
  sklite::SVC small;
  small.fit(X, y);
  sklite::SVC huge;
  huge.fit(X * s, y);
  CHECK(huge.effective_gamma() * s * s == doctest::Approx(small.effective_gamma()).epsilon(1e-13));
  CHECK(huge.support() == small.support());
  CHECK(huge.dual_coef().isApprox(small.dual_coef(), 1e-9));
  CHECK(huge.intercept().isApprox(small.intercept(), 1e-9));
  CHECK(huge.decision_function(X.topRows(100) * s)
            .isApprox(small.decision_function(X.topRows(100)), 1e-9));
}

TEST_CASE("svc: prediction checks its input") {
  const CaseData d = iris_case();
  sklite::SVC clf;
  CHECK_THROWS_WITH_AS(clf.predict(d.X_test),
                       "SVC::predict: this SVC is not fitted yet; call fit before using it",
                       sklite::NotFittedError);
  CHECK_THROWS_AS(clf.decision_function(d.X_test), sklite::NotFittedError);
  CHECK_THROWS_AS(clf.score(d.X_test, d.y_test), sklite::NotFittedError);
  CHECK_THROWS_WITH_AS(clf.support(), doctest::Contains("SVC::support: this SVC is not fitted yet"),
                       sklite::NotFittedError);
  clf.fit(d.X_train, d.y_train);
  CHECK_THROWS_WITH_AS(clf.predict(Eigen::MatrixXd::Zero(3, 5)),
                       "SVC::predict: X has 5 features but this SVC was fitted with 4",
                       std::invalid_argument);
  Eigen::MatrixXd with_nan = d.X_test;
  with_nan(1, 1) = std::nan("");
  CHECK_THROWS_WITH_AS(clf.decision_function(with_nan),
                       "SVC::decision_function: X must be finite; got NaN at row 1, column 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(clf.score(d.X_test, d.y_test.head(3)),
                       "SVC::score: X has 75 rows but y has 3 labels", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      clf.coef(),
      doctest::Contains("coef is only available with the linear kernel; this SVC uses 'rbf'"),
      std::invalid_argument);

  sklite::SVC precomputed({.kernel = "precomputed"});
  precomputed.fit(Eigen::MatrixXd(d.X_train * d.X_train.transpose()), d.y_train);
  CHECK_THROWS_WITH_AS(precomputed.predict(Eigen::MatrixXd::Zero(2, 74)),
                       doctest::Contains("a precomputed kernel needs X of shape (n_samples, 75)"),
                       std::invalid_argument);
}

TEST_CASE("svc: max_iter reports through fit_status and the warning handler, never throws") {
  const CaseData d = iris_case();
  std::vector<std::string> warnings;
  sklite::SVC clf(
      {.max_iter = 2, .warning_handler = [&](const std::string& w) { warnings.push_back(w); }});
  CHECK_NOTHROW(clf.fit(d.X_train, d.y_train));
  CHECK(clf.fit_status() == 1);
  CHECK(clf.n_iter() == Eigen::Vector3i(2, 2, 2));
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("Solver terminated early (max_iter=2)") != std::string::npos);
}

TEST_CASE("svc: verbose prints LIBSVM's report, character for character") {
  // tests/fixtures/libsvm/make_files.py recorded what svm-train 3.24 prints on this file with its
  // defaults (rbf, gamma = 1 / number of features, C = 1).
  const auto [X, y] = sklite::datasets::load_svmlight_file(
      sklite::testing::fixture_path("libsvm/digits.train"), 0, sklite::datasets::ZeroBased::no);
  std::ifstream expected_file(sklite::testing::fixture_path("libsvm/digits.train.svm-train.txt"));
  const std::string expected((std::istreambuf_iterator<char>(expected_file)),
                             std::istreambuf_iterator<char>());
  REQUIRE(!expected.empty());

  struct CaptureCout {  // restores std::cout even if fit throws
    std::ostringstream text;
    std::streambuf* saved = std::cout.rdbuf(text.rdbuf());
    ~CaptureCout() { std::cout.rdbuf(saved); }
  };
  sklite::SVCParams params;
  params.gamma = "auto";
  params.verbose = true;
  sklite::SVC clf(params);
  std::string printed;
  {
    CaptureCout capture;
    clf.fit(X, y);
    printed = capture.text.str();
  }
  CHECK(printed == expected);
  CHECK(clf.support().size() == 898);  // the last line, "Total nSV = 898"
}

// Sample weights: SVC's weighted cases against scikit-learn (fixtures from
// tests/fixtures/gen_svm_family.py), the rules every estimator shares, and where sklite departs
// from scikit-learn on purpose (support() indexes the rows of X; a class whose samples all weigh 0
// is left out of the model).
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/nu_svr.hpp>
#include <sklite/svm/one_class_svm.hpp>
#include <sklite/svm/svc.hpp>
#include <sklite/svm/svr.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/svm_family.hpp"

using sklite::testing::family_cases;
using sklite::testing::to_matrix;
using sklite::testing::to_vector;

TEST_CASE("sample_weight: SVC's weighted cases against scikit-learn") {
  std::vector<std::string> cases = family_cases("SVC");
  // The case where weights remove a class is checked below: scikit-learn's answer there is wrong.
  cases.erase(std::find(cases.begin(), cases.end(), "svc_iris_weights_remove_class1"));
  CHECK(cases.size() >= 10);
  for (const std::string& name : cases) sklite::testing::check_classifier_case<sklite::SVC>(name);
}

TEST_CASE("sample_weight: a class whose samples all weigh 0 is left out, with a warning") {
  // scikit-learn 1.2.1 trains the same two-class model but keeps the empty class in classes_ and
  // reports class 2's predictions as label 1; sklite's model has the two classes it was trained
  // on, with scikit-learn's coefficients (in scikit-learn's two-class signs).
  const auto fixture =
      sklite::testing::load_fixture("svm_family/svc_iris_weights_remove_class1.json");
  const auto& expected = fixture["expected"];
  const auto d = sklite::testing::family_data(fixture["data"]);
  std::vector<std::string> warnings;
  auto params = sklite::testing::params_from_json<sklite::SVCParams>(fixture["params"]);
  params.warning_handler = [&](const std::string& w) { warnings.push_back(w); };
  sklite::SVC clf(params);
  clf.fit(d.X_train, d.y_train, d.sample_weight);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "SVC::fit: sample_weight leaves no sample of class 1 with a positive weight; the model "
        "leaves it out");
  CHECK(clf.classes() == Eigen::Vector2i(0, 2));
  CHECK(clf.n_support() == to_vector<int>(expected["n_support"]));
  sklite::testing::check_support(clf.support(), expected["support"], d);
  sklite::testing::check_close_to(clf.dual_coef(), -to_matrix(expected["dual_coef"]), "dual_coef");
  sklite::testing::check_close_to(clf.intercept(), -to_vector(expected["intercept"]), "intercept");
  const Eigen::MatrixXd ovo = sklite::testing::family_matrix(expected["decision_function_ovo"]);
  sklite::testing::check_close_to(clf.decision_function(d.X_test), -ovo, "decision_function");
  // scikit-learn's label 1 is class 2.
  Eigen::VectorXd labels = to_vector(expected["predict"]);
  labels = (labels.array() == 1).select(2.0, labels);
  sklite::testing::check_predictions(clf.predict(d.X_test), labels, ovo);
}

TEST_CASE("sample_weight: scaling every weight by s is scaling C by s") {
  // scikit-learn's test_svm_equivalence_sample_weight_C, on the digits.
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(400);
  const Eigen::VectorXi y = digits.target.head(400);
  sklite::SVC plain({.gamma = 0.001});
  sklite::SVC weighted({.C = 100.0, .gamma = 0.001});
  plain.fit(X, y);
  weighted.fit(X, y, Eigen::VectorXd::Constant(400, 0.01));
  CHECK(weighted.support() == plain.support());
  CHECK((weighted.dual_coef() - plain.dual_coef()).cwiseAbs().maxCoeff() < 1e-9);
  // And a weight of 2 on a sample is that sample's C doubled: the same as class weights when
  // every sample of a class carries it.
  Eigen::VectorXd w = Eigen::VectorXd::Ones(400);
  for (Eigen::Index i = 0; i < 400; ++i)
    if (y(i) == 3) w(i) = 2.5;
  sklite::SVC by_sample({.gamma = 0.001});
  sklite::SVC by_class({.gamma = 0.001, .class_weight = {{3, 2.5}}});
  by_sample.fit(X, y, w);
  by_class.fit(X, y);
  CHECK(by_sample.dual_coef() == by_class.dual_coef());
  CHECK(by_sample.intercept() == by_class.intercept());
}

TEST_CASE("sample_weight: samples of weight 0 are as if absent, and support() names rows of X") {
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(300);
  const Eigen::VectorXi y = digits.target.head(300);
  Eigen::VectorXd w = Eigen::VectorXd::Ones(300);
  std::vector<Eigen::Index> kept;
  for (Eigen::Index i = 0; i < 300; ++i) {
    if (i % 4 == 1) w(i) = i % 8 == 1 ? 0.0 : -1.0;
    if (w(i) > 0) kept.push_back(i);
  }
  const Eigen::MatrixXd X_kept = X(kept, Eigen::all);
  const Eigen::VectorXi y_kept = y(kept);
  // gamma is fixed: "scale" would see the rows of weight 0, as scikit-learn's does.
  const auto check = [&](auto with_weights, auto without, auto fit_kept) {
    with_weights.fit(X, y, w);
    fit_kept(without);
    CHECK(with_weights.dual_coef() == without.dual_coef());
    CHECK(with_weights.intercept() == without.intercept());
    for (Eigen::Index s = 0; s < without.support().size(); ++s)
      CHECK(with_weights.support()(s) == kept[static_cast<std::size_t>(without.support()(s))]);
    CHECK(with_weights.support_vectors() == without.support_vectors());
  };
  check(sklite::SVC({.gamma = 0.002}), sklite::SVC({.gamma = 0.002}),
        [&](auto& m) { m.fit(X_kept, y_kept); });
  check(sklite::NuSVC({.nu = 0.1, .gamma = 0.002}), sklite::NuSVC({.nu = 0.1, .gamma = 0.002}),
        [&](auto& m) { m.fit(X_kept, y_kept); });
  const Eigen::VectorXd z = y.cast<double>();
  const Eigen::VectorXd z_kept = y_kept.cast<double>();
  const auto fit_regression = [&](auto& m) { m.fit(X_kept, z_kept); };
  auto svr = sklite::SVR({.gamma = 0.002});
  svr.fit(X, z, w);
  auto svr_kept = sklite::SVR({.gamma = 0.002});
  fit_regression(svr_kept);
  CHECK(svr.dual_coef() == svr_kept.dual_coef());
  auto nu_svr = sklite::NuSVR({.gamma = 0.002});
  nu_svr.fit(X, z, w);
  auto nu_svr_kept = sklite::NuSVR({.gamma = 0.002});
  fit_regression(nu_svr_kept);
  CHECK(nu_svr.dual_coef() == nu_svr_kept.dual_coef());
  auto detector = sklite::OneClassSVM({.gamma = 0.002});
  detector.fit(X, w);
  auto detector_kept = sklite::OneClassSVM({.gamma = 0.002});
  detector_kept.fit(X_kept);
  CHECK(detector.dual_coef() == detector_kept.dual_coef());
  CHECK(detector.offset() == detector_kept.offset());
}

TEST_CASE("sample_weight: a weight vector of the wrong length or with NaN is refused") {
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(60);
  const Eigen::VectorXi y = digits.target.head(60);
  sklite::SVC clf;
  clf.fit(X, y);
  const Eigen::MatrixXd before = clf.dual_coef();
  CHECK_THROWS_WITH_AS(clf.fit(X, y, Eigen::VectorXd::Ones(59)),
                       "SVC::fit: X has 60 rows but sample_weight has 59 entries",
                       std::invalid_argument);
  Eigen::VectorXd w = Eigen::VectorXd::Ones(60);
  w(12) = std::nan("");
  CHECK_THROWS_WITH_AS(clf.fit(X, y, w),
                       "SVC::fit: sample_weight must be finite; got NaN at index 12",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(clf.fit(X, y, Eigen::MatrixXd::Ones(60, 2)),
                       "SVC::fit: sample_weight must be a vector; got shape (60, 2)",
                       std::invalid_argument);
  CHECK(clf.dual_coef() == before);
}

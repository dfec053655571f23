// Test support: the cases of tests/fixtures/svm_family (written by gen_svm_family.py with
// scikit-learn 1.2.1): their parameters, data and the comparisons every estimator's test makes.
#ifndef SKLITE_TESTS_SUPPORT_SVM_FAMILY_HPP
#define SKLITE_TESTS_SUPPORT_SVM_FAMILY_HPP

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/params.hpp>
#include <string>
#include <vector>

#include "support/fixtures.hpp"
#include "support/svm_params.hpp"

namespace sklite::testing {

using Json = nlohmann::json;

/// The tolerance for coefficients, intercepts, offsets and decision values, relative to
/// the value's size where it exceeds 1.
inline constexpr double kFamilyTol = 1e-6;

/// The names of the cases of one estimator ("NuSVC", "OneClassSVM", …).
inline std::vector<std::string> family_cases(const std::string& estimator) {
  std::vector<std::string> names;
  for (const auto& name : load_fixture("svm_family/cases.json")) {
    const Json fixture = load_fixture("svm_family/" + name.get<std::string>() + ".json");
    if (fixture["estimator"] == estimator) names.push_back(name.get<std::string>());
  }
  return names;
}

/// A case's data: training and test rows, targets (labels as doubles), sample weights (empty when
/// the case has none).
struct FamilyData {
  Eigen::MatrixXd X_train, X_test;
  Eigen::VectorXd y_train, y_test;
  Eigen::VectorXd sample_weight;
};

inline FamilyData family_data(const Json& data) {
  FamilyData d;
  if (data.contains("source")) {
    const auto digits = sklite::datasets::load_digits();
    const auto range = [](const Json& r) {
      return std::pair{r[0].get<Eigen::Index>(), r[1].get<Eigen::Index>()};
    };
    const auto [train_begin, train_end] = range(data["train_rows"]);
    const auto [test_begin, test_end] = range(data["test_rows"]);
    std::vector<Eigen::Index> train;
    for (Eigen::Index r = train_begin; r < train_end; ++r)
      if (!data.contains("train_target") || digits.target(r) == data["train_target"].get<int>())
        train.push_back(r);
    d.X_train = digits.data(train, Eigen::all);
    d.y_train = digits.target(train).cast<double>();
    d.X_test = digits.data.middleRows(test_begin, test_end - test_begin);
    d.y_test = digits.target.segment(test_begin, test_end - test_begin).cast<double>();
  } else {
    d.X_train = to_matrix(data["X_train"]);
    d.X_test = to_matrix(data["X_test"]);
    if (data.contains("y_train")) {
      d.y_train = to_vector(data["y_train"]);
      d.y_test = to_vector(data["y_test"]);
    }
  }
  if (data.contains("sample_weight")) d.sample_weight = to_vector(data["sample_weight"]);
  return d;
}

/// A JSON list of lists, or a flat list (one column), as a matrix.
inline Eigen::MatrixXd family_matrix(const Json& values) {
  if (values.empty() || values[0].is_array()) return to_matrix(values);
  return to_vector(values);
}

/// |got − expected| ≤ kFamilyTol · max(1, |expected|), entry by entry, same shape.
inline void check_close_to(const Eigen::MatrixXd& got, const Eigen::MatrixXd& expected,
                           const char* what) {
  INFO(what);
  REQUIRE(got.rows() == expected.rows());
  REQUIRE(got.cols() == expected.cols());
  const Eigen::ArrayXXd scale = expected.array().abs().max(1.0);
  const double error = ((got - expected).array().abs() / scale).maxCoeff();
  CHECK(error <= kFamilyTol);
}

/// The training rows with a positive weight: scikit-learn's support_ numbers only those, in order.
inline std::vector<int> kept_rows(const FamilyData& d) {
  std::vector<int> kept;
  for (Eigen::Index i = 0; i < d.X_train.rows(); ++i)
    if (d.sample_weight.size() == 0 || d.sample_weight(i) > 0) kept.push_back(static_cast<int>(i));
  return kept;
}

/// sklite's support() (rows of X_train) against scikit-learn's support_ (positions among the kept
/// rows, which are rows of X_train when no weight is ≤ 0).
inline void check_support(const Eigen::VectorXi& got, const Json& expected, const FamilyData& d) {
  const std::vector<int> kept = kept_rows(d);
  Eigen::VectorXi mapped(static_cast<Eigen::Index>(expected.size()));
  for (std::size_t s = 0; s < expected.size(); ++s)
    mapped(static_cast<Eigen::Index>(s)) = kept[expected[s].get<std::size_t>()];
  CHECK(got == mapped);
}

/// Predictions equal except where scikit-learn's decision value is within 1e-3 of a tie (its
/// smallest absolute value in `values`, when the case records them).
template <typename Predicted>
void check_predictions(const Predicted& got, const Eigen::VectorXd& expected,
                       const Eigen::MatrixXd& values = {}) {
  REQUIRE(static_cast<Eigen::Index>(got.size()) == expected.size());
  Eigen::Index mismatches = 0;
  for (Eigen::Index r = 0; r < expected.size(); ++r) {
    if (static_cast<double>(got[r]) == expected(r)) continue;
    const bool near_tie = r < values.rows() && values.row(r).cwiseAbs().minCoeff() <= 1e-3;
    if (!near_tie) ++mismatches;
  }
  CHECK(mismatches == 0);
}

/// n_iter: the solver follows LIBSVM's path step for step, so the counts are scikit-learn's.
inline void check_iterations(long long got, long long expected) { CHECK(got == expected); }

/// The words sklite's error must contain where scikit-learn's fit raised `message`: its own text,
/// except where scikit-learn fails inside numpy ("negative dimensions are not allowed", NuSVC with
/// every weight 0), where sklite says what is wrong.
inline std::string expected_error(const std::string& message) {
  if (message == "negative dimensions are not allowed")
    return "Invalid input - all samples have zero or negative weights";
  return message.back() == '.' ? message.substr(0, message.size() - 1) : message;
}

/// Fits a classifier (SVC or NuSVC) on a case and compares everything scikit-learn recorded.
template <typename Classifier>
void check_classifier_case(const std::string& name) {
  INFO("case ", name);
  const Json fixture = load_fixture("svm_family/" + name + ".json");
  const Json& expected = fixture["expected"];
  const FamilyData d = family_data(fixture["data"]);
  auto params = params_from_json<typename Classifier::params_type>(fixture["params"]);
  int warnings = 0;
  params.warning_handler = [&warnings](const std::string&) { ++warnings; };
  Classifier clf(params);
  if (expected.contains("error")) {
    CHECK_THROWS_WITH_AS(clf.fit(d.X_train, d.y_train, d.sample_weight),
                         doctest::Contains(expected_error(expected["error"]).c_str()),
                         std::invalid_argument);
    CHECK_FALSE(clf.is_fitted());
    return;
  }
  clf.fit(d.X_train, d.y_train, d.sample_weight);
  CHECK(clf.classes() == to_vector<int>(expected["classes"]));
  CHECK(clf.class_weight().isApprox(to_vector(expected["class_weight_"])));
  check_support(clf.support(), expected["support"], d);
  CHECK(clf.n_support() == to_vector<int>(expected["n_support"]));
  CHECK(clf.fit_status() == expected["fit_status"].get<int>());
  CHECK(warnings == clf.fit_status());
  CHECK(clf.effective_gamma() == doctest::Approx(expected["gamma_value"].get<double>()));
  check_close_to(clf.dual_coef(), to_matrix(expected["dual_coef"]), "dual_coef");
  check_close_to(clf.intercept(), to_vector(expected["intercept"]), "intercept");
  if (expected.contains("support_vectors"))
    CHECK(clf.support_vectors() == to_matrix(expected["support_vectors"]));
  if (expected.contains("coef")) check_close_to(clf.coef(), to_matrix(expected["coef"]), "coef");
  const Eigen::VectorXi n_iter = to_vector<int>(expected["n_iter"]);
  REQUIRE(clf.n_iter().size() == n_iter.size());
  for (Eigen::Index p = 0; p < n_iter.size(); ++p) check_iterations(clf.n_iter()(p), n_iter(p));

  const Eigen::MatrixXd decision = family_matrix(expected["decision_function"]);
  check_close_to(clf.decision_function(d.X_test.topRows(decision.rows())), decision,
                 "decision_function");
  auto ovo_params = params;
  ovo_params.decision_function_shape = sklite::DecisionFunctionShape::ovo;
  ovo_params.break_ties = false;
  const Eigen::MatrixXd ovo_expected = family_matrix(expected["decision_function_ovo"]);
  const Eigen::MatrixXd ovo = Classifier(ovo_params)
                                  .fit(d.X_train, d.y_train, d.sample_weight)
                                  .decision_function(d.X_test.topRows(ovo_expected.rows()));
  check_close_to(ovo, ovo_expected, "decision_function (ovo)");
  check_predictions(clf.predict(d.X_test), to_vector(expected["predict"]), ovo_expected);
  CHECK(clf.score(d.X_test, d.y_test) == doctest::Approx(expected["score"].get<double>()));
}

/// Fits an estimator with one decision function (OneClassSVM, SVR, NuSVR) on a case, checks the
/// attributes they share and returns it for the checks of its own outputs (nothing when the case
/// is an error, which is checked here).
template <typename Estimator>
std::optional<Estimator> fit_single_case(const Json& fixture, const FamilyData& d) {
  const Json& expected = fixture["expected"];
  auto params = params_from_json<typename Estimator::params_type>(fixture["params"]);
  int warnings = 0;
  params.warning_handler = [&warnings](const std::string&) { ++warnings; };
  Estimator estimator(params);
  const auto fit = [&] {
    if constexpr (requires { estimator.fit(d.X_train, d.y_train, d.sample_weight); })
      estimator.fit(d.X_train, d.y_train, d.sample_weight);
    else
      estimator.fit(d.X_train, d.sample_weight);
  };
  if (expected.contains("error")) {
    CHECK_THROWS_WITH_AS(fit(), doctest::Contains(expected_error(expected["error"]).c_str()),
                         std::invalid_argument);
    CHECK_FALSE(estimator.is_fitted());
    return std::nullopt;
  }
  fit();
  check_support(estimator.support(), expected["support"], d);
  CHECK(estimator.n_support() == to_vector<int>(expected["n_support"]));
  CHECK(estimator.fit_status() == expected["fit_status"].get<int>());
  CHECK(warnings == estimator.fit_status());
  CHECK(estimator.effective_gamma() == doctest::Approx(expected["gamma_value"].get<double>()));
  check_close_to(estimator.dual_coef(), to_matrix(expected["dual_coef"]), "dual_coef");
  check_close_to(estimator.intercept(), to_vector(expected["intercept"]), "intercept");
  if (expected.contains("support_vectors"))
    CHECK(estimator.support_vectors() == to_matrix(expected["support_vectors"]));
  if (expected.contains("coef"))
    check_close_to(estimator.coef(), to_matrix(expected["coef"]), "coef");
  check_iterations(estimator.n_iter(), expected["n_iter"].get<long long>());
  return estimator;
}

}  // namespace sklite::testing

#endif  // SKLITE_TESTS_SUPPORT_SVM_FAMILY_HPP

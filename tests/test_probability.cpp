// Probability estimates of SVC and NuSVC: parity with scikit-learn's predict_proba, probA_ and
// probB_ (fixtures from tests/fixtures/gen_probability.py), their randomness, and what is refused.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/probability.hpp>
#include <sklite/svm/svc.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/svm_family.hpp"

namespace {

using sklite::testing::Json;

template <typename Classifier>
void check_probability_case(const Json& fixture) {
  const Json& expected = fixture["expected"];
  const sklite::testing::FamilyData d = sklite::testing::family_data(fixture["data"]);
  auto params =
      sklite::testing::params_from_json<typename Classifier::params_type>(fixture["params"]);
  params.probability = true;
  params.random_state = fixture["params"]["random_state"].get<std::uint32_t>();
  Classifier clf(params);
  if (expected.contains("error")) {
    CHECK_THROWS_WITH_AS(clf.fit(d.X_train, d.y_train, d.sample_weight),
                         doctest::Contains(expected["error"].get<std::string>().c_str()),
                         std::invalid_argument);
    return;
  }
  CHECK(sklite::svm::scikit_learn_seed(*params.random_state) ==
        expected["seed"].get<std::uint32_t>());
  clf.fit(d.X_train, d.y_train, d.sample_weight);
  CHECK(clf.classes() == sklite::testing::to_vector<int>(expected["classes"]));
  sklite::testing::check_close_to(clf.probA(), sklite::testing::to_vector(expected["probA"]),
                                  "probA");
  sklite::testing::check_close_to(clf.probB(), sklite::testing::to_vector(expected["probB"]),
                                  "probB");
  const Eigen::MatrixXd proba = clf.predict_proba(d.X_test);
  const Eigen::MatrixXd expected_proba = sklite::testing::to_matrix(expected["predict_proba"]);
  sklite::testing::check_close_to(proba.topRows(expected_proba.rows()), expected_proba,
                                  "predict_proba");
  CHECK((proba.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
  CHECK(clf.predict_log_proba(d.X_test) == Eigen::MatrixXd(proba.array().log()));
  // The probability model changes nothing else: the model and predict are the plain fit's.
  CHECK(clf.predict(d.X_test.topRows(expected_proba.rows())).template cast<double>() ==
        sklite::testing::to_vector(expected["predict"]));
  sklite::testing::check_close_to(clf.dual_coef(),
                                  sklite::testing::to_matrix(expected["dual_coef"]), "dual_coef");
  sklite::testing::check_close_to(clf.intercept(),
                                  sklite::testing::to_vector(expected["intercept"]), "intercept");
  CHECK(clf.n_support() == sklite::testing::to_vector<int>(expected["n_support"]));
}

sklite::datasets::Digits digits_head(Eigen::Index n) {
  auto digits = sklite::datasets::load_digits();
  digits.data = Eigen::MatrixXd(digits.data.topRows(n));
  digits.target = Eigen::VectorXi(digits.target.head(n));
  return digits;
}

}  // namespace

TEST_CASE("probability: parity with scikit-learn on every case") {
  const Json cases = sklite::testing::load_fixture("probability/cases.json");
  CHECK(cases.size() >= 20);
  for (const auto& name : cases) {
    INFO("case ", name.get<std::string>());
    const Json fixture =
        sklite::testing::load_fixture("probability/" + name.get<std::string>() + ".json");
    if (fixture["estimator"] == "SVC")
      check_probability_case<sklite::SVC>(fixture);
    else
      check_probability_case<sklite::NuSVC>(fixture);
  }
}

TEST_CASE("probability: the same random_state gives the same model, whatever the threads") {
  const auto digits = digits_head(400);
  sklite::SVC one({.gamma = 0.001, .probability = true, .random_state = 3u, .n_jobs = 1});
  sklite::SVC two({.gamma = 0.001, .probability = true, .random_state = 3u, .n_jobs = 2});
  one.fit(digits.data, digits.target);
  two.fit(digits.data, digits.target);
  CHECK(one.probA() == two.probA());
  CHECK(one.probB() == two.probB());
  CHECK(one.predict_proba(digits.data) == two.predict_proba(digits.data));
  // Another seed deals other folds: other sigmoids.
  sklite::SVC other({.gamma = 0.001, .probability = true, .random_state = 4u});
  other.fit(digits.data, digits.target);
  CHECK(other.probA() != one.probA());
  // Without random_state each fit draws a seed of its own, as scikit-learn's.
  sklite::SVC fresh({.gamma = 0.001, .probability = true});
  const Eigen::VectorXd first = fresh.fit(digits.data, digits.target).probA();
  CHECK(fresh.fit(digits.data, digits.target).probA() != first);
}

TEST_CASE("probability: LIBSVM's convention takes two classes' sigmoid as it is") {
  const auto digits = digits_head(300);
  const Eigen::VectorXi y = (digits.target.array() > 4).cast<int>();
  sklite::SVC clf({.gamma = 0.002,
                   .probability = true,
                   .random_state = 0u,
                   .probability_convention = sklite::svm::ProbabilityConvention::libsvm});
  clf.fit(digits.data, y);
  const Eigen::MatrixXd proba = clf.predict_proba(digits.data);
  const Eigen::VectorXd f = -clf.decision_function(digits.data);  // LIBSVM's sign: + for class 0
  for (Eigen::Index i = 0; i < f.size(); ++i) {
    const double p = std::clamp(
        sklite::svm::sigmoid_probability(f(i), {clf.probA()(0), clf.probB()(0)}), 1e-7, 1 - 1e-7);
    CHECK(proba(i, 0) == p);
    CHECK(proba(i, 1) == 1 - p);
  }
}

TEST_CASE("probability: a model file keeps the probability model") {
  const auto digits = digits_head(300);
  sklite::SVC clf({.gamma = 0.002, .probability = true, .random_state = 1u});
  clf.fit(digits.data, digits.target);
  sklite::testing::TempDir dir("probability");
  const std::string path = dir.file("proba.model");
  clf.save(path);
  const sklite::SVC loaded = sklite::SVC::load(path);
  CHECK(loaded.probA() == clf.probA());
  CHECK(loaded.probB() == clf.probB());
  CHECK((loaded.predict_proba(digits.data) - clf.predict_proba(digits.data)).cwiseAbs().maxCoeff() <
        1e-12);
}

TEST_CASE("probability: predict_proba without a probability model is refused") {
  const auto digits = digits_head(100);
  sklite::SVC plain({.gamma = 0.002});
  CHECK_THROWS_AS(plain.predict_proba(digits.data), sklite::NotFittedError);
  plain.fit(digits.data, digits.target);
  CHECK(plain.probA().size() == 0);
  CHECK_THROWS_WITH_AS(plain.predict_proba(digits.data),
                       doctest::Contains("SVC::predict_proba: predict_proba is not available when "
                                         "probability=False"),
                       std::logic_error);
  CHECK_THROWS_WITH_AS(plain.predict_log_proba(digits.data),
                       doctest::Contains("SVC::predict_log_proba: predict_log_proba is not "
                                         "available when probability=False"),
                       std::logic_error);
  sklite::NuSVC nu({.nu = 0.2});
  nu.fit(digits.data, digits.target);
  CHECK_THROWS_WITH_AS(nu.predict_proba(digits.data),
                       doctest::Contains("NuSVC::predict_proba: predict_proba is not available"),
                       std::logic_error);
}

TEST_CASE(
    "probability: the folds give the same model whether kernel values come from a Gram "
    "matrix, from columns shared by a pair's problems, or from each problem's own columns") {
  const auto digits = digits_head(898);
  const auto fit = [&](double cache_size) {
    sklite::SVC clf({.C = 100.0,
                     .gamma = 0.001,
                     .probability = true,
                     .cache_size = cache_size,
                     .random_state = 0u,
                     .n_jobs = 2});
    return clf.fit(digits.data, digits.target);
  };
  const sklite::SVC gram = fit(200);  // the 3.2 MB Gram matrix fits a quarter of the budget
  const sklite::SVC shared = fit(5);  // columns, each pair's shared by its six problems
  const sklite::SVC own = fit(0.25);  // columns, too few bytes to share them
  for (const sklite::SVC* other : {&shared, &own}) {
    CHECK(other->probA() == gram.probA());
    CHECK(other->probB() == gram.probB());
    CHECK(other->dual_coef() == gram.dual_coef());
  }
}

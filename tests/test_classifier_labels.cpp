// Classifier labels of any ordered type: std::string labels give the model of their positions,
// sorted as scikit-learn sorts them, and predict returns them.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <sklite/datasets/digits.hpp>
#include <sklite/svm/nu_svc.hpp>
#include <sklite/svm/svc.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Digit d is named by a word; sorted, the words put the classes in another order than the digits.
const std::vector<std::string> kNames = {"zero", "one", "two",   "three", "four",
                                         "five", "six", "seven", "eight", "nine"};

template <typename Labeled, typename Numbered, typename Params>
void check_same_model(const Params& params) {
  const auto digits = sklite::datasets::load_digits();
  const Eigen::MatrixXd X = digits.data.topRows(400);
  const Eigen::MatrixXd T = digits.data.bottomRows(200);
  std::vector<std::string> words;
  for (Eigen::Index i = 0; i < 400; ++i)
    words.push_back(kNames[static_cast<std::size_t>(digits.target(i))]);
  // The words' sorted order: eight five four nine one seven six three two zero.
  const std::vector<std::string> sorted = {"eight", "five", "four",  "nine", "one",
                                           "seven", "six",  "three", "two",  "zero"};
  Eigen::VectorXi positions(400);
  for (Eigen::Index i = 0; i < 400; ++i)
    positions(i) = static_cast<int>(
        std::find(sorted.begin(), sorted.end(), words[static_cast<std::size_t>(i)]) -
        sorted.begin());

  Labeled by_word(params);
  Numbered by_position(params);
  by_word.fit(X, words);
  by_position.fit(X, positions);
  CHECK(by_word.classes() == sorted);
  CHECK(by_word.dual_coef() == by_position.dual_coef());
  CHECK(by_word.intercept() == by_position.intercept());
  CHECK(by_word.decision_function(T) == by_position.decision_function(T));
  const std::vector<std::string> predicted = by_word.predict(T);
  const Eigen::VectorXi numbers = by_position.predict(T);
  REQUIRE(predicted.size() == 200);
  for (std::size_t i = 0; i < predicted.size(); ++i)
    CHECK(predicted[i] == sorted[static_cast<std::size_t>(numbers(static_cast<Eigen::Index>(i)))]);
  std::vector<std::string> truth;
  for (Eigen::Index i = 1597; i < 1797; ++i)
    truth.push_back(kNames[static_cast<std::size_t>(digits.target(i))]);
  CHECK(by_word.score(T, truth) > 0.9);
}

}  // namespace

TEST_CASE("labels: std::string labels give the model of their sorted positions") {
  check_same_model<sklite::BasicSVC<sklite::kernels::Any, double, std::string>, sklite::SVC>(
      sklite::SVCParams{.C = 10.0, .gamma = 0.001, .class_weight = "balanced"});
  check_same_model<sklite::BasicNuSVC<sklite::kernels::Any, double, std::string>, sklite::NuSVC>(
      sklite::NuSVCParams{.nu = 0.1, .gamma = 0.001});
}

TEST_CASE("labels: string-labelled classifiers refuse what needs integer labels") {
  using WordSVC = sklite::BasicSVC<sklite::kernels::Any, double, std::string>;
  const Eigen::MatrixXd X = Eigen::MatrixXd::Random(6, 2);
  const std::vector<std::string> y = {"a", "b", "a", "b", "a", "b"};
  CHECK_THROWS_WITH_AS(
      WordSVC({.class_weight = {{1, 2.0}}}).fit(X, y),
      "SVC::fit: class_weight by label needs integer labels; use 'balanced' or none",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(WordSVC().fit(X, std::vector<std::string>(5, "a")),
                       "SVC::fit: X has 6 rows but y has 5 labels", std::invalid_argument);
  CHECK_THROWS_WITH_AS(WordSVC().fit(X, std::vector<std::string>(6, "a")),
                       "SVC::fit: needs samples of at least 2 classes; got 1 class",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      WordSVC::load("any.model"),
      "SVC::load: LIBSVM model files hold integer labels; this classifier's labels "
      "are of another type",
      std::invalid_argument);
  WordSVC fitted;
  fitted.fit(X, y);
  CHECK_THROWS_WITH_AS(
      fitted.save("never.model"),
      "SVC::save: LIBSVM model files hold integer labels; this classifier's labels "
      "are of another type",
      std::invalid_argument);
}

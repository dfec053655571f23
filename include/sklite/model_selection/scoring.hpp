// sklite: scikit-learn's named scorers ("accuracy", "f1_macro", "r2", "neg_mean_squared_error",
// ...), for cross-validation and grid search: the score of predictions against the truth, where
// greater is always better.
#ifndef SKLITE_MODEL_SELECTION_SCORING_HPP
#define SKLITE_MODEL_SELECTION_SCORING_HPP

#include <Eigen/Core>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/metrics/classification.hpp"
#include "sklite/metrics/regression.hpp"
#include "sklite/params.hpp"

namespace sklite {

/// @brief A named score of predictions y_pred against the truth y_true, greater is better (error
/// metrics come negated, as scikit-learn's "neg_..." scorers).
struct Scorer {
  std::string name;
  std::function<double(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred)> score;
};

namespace detail {

/// The classification scorers averaged as `average` says, by the metric's name.
inline Scorer averaged_scorer(const std::string& name, const std::string& metric,
                              metrics::Average average) {
  metrics::ScoreOptions options;
  options.average = average;
  if (metric == "precision")
    return {name, [options](const Eigen::VectorXd& t, const Eigen::VectorXd& p) {
              return metrics::precision_score(t, p, options);
            }};
  if (metric == "recall")
    return {name, [options](const Eigen::VectorXd& t, const Eigen::VectorXd& p) {
              return metrics::recall_score(t, p, options);
            }};
  return {name, [options](const Eigen::VectorXd& t, const Eigen::VectorXd& p) {
            return metrics::f1_score(t, p, options);
          }};
}

}  // namespace detail

/// @brief The names get_scorer knows, in the order its error message lists them.
inline std::vector<std::string> scorer_names() {
  std::vector<std::string> names = {"accuracy", "balanced_accuracy"};
  for (const char* metric : {"f1", "precision", "recall"})
    for (const char* suffix : {"", "_macro", "_micro", "_weighted"})
      names.push_back(std::string(metric) + suffix);
  for (const char* regression : {"r2", "neg_mean_squared_error", "neg_root_mean_squared_error",
                                 "neg_mean_absolute_error", "max_error"})
    names.emplace_back(regression);
  return names;
}

/// @brief scikit-learn's scorer of that name: "accuracy", "balanced_accuracy", "f1", "f1_macro",
/// "f1_micro", "f1_weighted" (and the same for "precision" and "recall"; the plain names are the
/// binary scores of label 1), "r2", "neg_mean_squared_error", "neg_root_mean_squared_error",
/// "neg_mean_absolute_error", "max_error" (negated, as scikit-learn's).
/// @throws std::invalid_argument for another name, listing the valid ones
inline Scorer get_scorer(const std::string& name) {
  using T = const Eigen::VectorXd&;
  if (name == "accuracy") return {name, [](T t, T p) { return metrics::accuracy_score(t, p); }};
  if (name == "balanced_accuracy")
    return {name, [](T t, T p) { return metrics::balanced_accuracy_score(t, p); }};
  for (const char* metric : {"f1", "precision", "recall"}) {
    const std::string m = metric;
    if (name == m) return detail::averaged_scorer(name, m, metrics::Average::binary);
    if (name == m + "_macro") return detail::averaged_scorer(name, m, metrics::Average::macro);
    if (name == m + "_micro") return detail::averaged_scorer(name, m, metrics::Average::micro);
    if (name == m + "_weighted")
      return detail::averaged_scorer(name, m, metrics::Average::weighted);
  }
  if (name == "r2") return {name, [](T t, T p) { return metrics::r2_score(t, p); }};
  if (name == "neg_mean_squared_error")
    return {name, [](T t, T p) { return -metrics::mean_squared_error(t, p); }};
  if (name == "neg_root_mean_squared_error")
    return {name, [](T t, T p) { return -std::sqrt(metrics::mean_squared_error(t, p)); }};
  if (name == "neg_mean_absolute_error")
    return {name, [](T t, T p) { return -metrics::mean_absolute_error(t, p); }};
  if (name == "max_error") return {name, [](T t, T p) { return -(t - p).cwiseAbs().maxCoeff(); }};
  detail::throw_invalid("get_scorer", "'", name, "' is not a valid scoring value; valid names are ",
                        detail::join_names(scorer_names()));
}

/// @brief The `scoring` parameter of cross_validate and GridSearchCV: unset (the estimator's own
/// score: accuracy for classifiers, R² for regressors), one scorer's name (its results are named
/// "score", as in scikit-learn), or a list of names (each result named after its scorer).
class Scoring {
 public:
  Scoring() = default;
  Scoring(const char* name) : names_{name}, single_(true) {}             // NOLINT
  Scoring(std::string name) : names_{std::move(name)}, single_(true) {}  // NOLINT
  Scoring(std::vector<std::string> names) : names_(std::move(names)) {}  // NOLINT
  Scoring(std::initializer_list<std::string> names) : names_(names) {}   // NOLINT

  /// True when unset: the estimator's score() is the one score.
  bool is_default() const { return names_.empty(); }
  /// True for one scorer given by name or unset (results named "score").
  bool is_single() const { return names_.empty() || single_; }
  const std::vector<std::string>& names() const { return names_; }
  /// The result names: {"score"} for a single scorer, else the scorers' names.
  std::vector<std::string> keys() const {
    return is_single() ? std::vector<std::string>{"score"} : names_;
  }

 private:
  std::vector<std::string> names_;
  bool single_ = false;
};

}  // namespace sklite

#endif  // SKLITE_MODEL_SELECTION_SCORING_HPP

// sklite: classification scores (accuracy, balanced accuracy, precision, recall, F-beta) with
// scikit-learn 1.2's parameters, averaging modes, zero-division rules and error cases.
#ifndef SKLITE_METRICS_CLASSIFICATION_HPP
#define SKLITE_METRICS_CLASSIFICATION_HPP

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/metrics/common.hpp"

namespace sklite::metrics {

/// @brief Options of accuracy_score, with scikit-learn's names and defaults.
struct AccuracyScoreOptions {
  /// True: the fraction of correctly classified samples; false: their number (or the sum of their
  /// weights).
  bool normalize = true;
};

/// @brief Options of balanced_accuracy_score, with scikit-learn's names and defaults.
struct BalancedAccuracyScoreOptions {
  /// Rescale so that chance level scores 0 and a perfect prediction 1.
  bool adjusted = false;
};

/// @brief Options of precision_score, recall_score, f1_score and fbeta_score, with scikit-learn's
/// names and defaults.
struct ScoreOptions {
  /// The labels to score (and their order for Average::none). Empty (the default) means
  /// scikit-learn's `None`: every label of y_true and y_pred, sorted. Labels that do not occur get
  /// zero counts. Ignored for Average::binary on a binary target, as in scikit-learn.
  std::vector<int> labels{};
  /// The positive class for Average::binary; ignored otherwise.
  int pos_label = 1;
  /// How the per-label scores are combined. Average::none is refused by the functions that return
  /// one double: use precision_recall_fscore_support for per-label scores.
  Average average = Average::binary;
  /// The score reported when its denominator is zero: "warn" (same as 0 here), 0 or 1.
  ZeroDivision zero_division{};
};

/// @brief Options of precision_recall_fscore_support, with scikit-learn's names and defaults
/// (note the default `average` is `none` here, as in scikit-learn).
struct PrecisionRecallFscoreSupportOptions {
  /// Weight of recall in the F-score; 1 gives F1. Must be >= 0; +infinity gives the recall.
  double beta = 1.0;
  /// See ScoreOptions::labels.
  std::vector<int> labels{};
  /// See ScoreOptions::pos_label.
  int pos_label = 1;
  /// How the per-label scores are combined; `none` returns one entry per label.
  Average average = Average::none;
  /// See ScoreOptions::zero_division.
  ZeroDivision zero_division{};
};

/// @brief Result of precision_recall_fscore_support.
///
/// With Average::none each vector has one entry per label (in the order of `labels`, or the
/// sorted labels present) and `support` counts the true samples of each label. With any other
/// average the three score vectors hold exactly one value and `support` is empty (scikit-learn
/// returns `None` for it).
struct PrecisionRecallFscoreSupport {
  Eigen::VectorXd precision;  ///< tp / (tp + fp)
  Eigen::VectorXd recall;     ///< tp / (tp + fn)
  Eigen::VectorXd fscore;     ///< (1 + beta^2) p r / (beta^2 p + r)
  CountVector support;        ///< number of true samples per label (empty when averaged)
};

}  // namespace sklite::metrics

namespace sklite::detail {

/// The labels a set-wise score is computed on (scikit-learn's _check_set_wise_labels).
inline std::vector<int> set_wise_labels(std::string_view function, const MetricTargets& targets,
                                        metrics::Average average, const std::vector<int>& labels,
                                        int pos_label) {
  using metrics::Average;
  if (average != Average::none && average != Average::binary && average != Average::micro &&
      average != Average::macro && average != Average::weighted)
    throw_invalid(function, "average expected none, binary, micro, macro or weighted; got ",
                  static_cast<int>(average));
  if (average != Average::binary) return labels;
  if (!targets.is_binary())
    throw_invalid(function,
                  "average=binary expected a binary target; got a multiclass target with labels ",
                  format_label_list(targets.present),
                  ". Choose another average setting: none, micro, macro or weighted");
  if (!contains_label(targets.present, pos_label) && targets.present.size() >= 2)
    throw_invalid(function, "pos_label expected one of the labels ",
                  format_label_list(targets.present), "; got ", pos_label);
  return {pos_label};
}

/// precision_recall_fscore_support on checked targets.
inline metrics::PrecisionRecallFscoreSupport prfs(
    std::string_view function, const MetricTargets& targets,
    const metrics::PrecisionRecallFscoreSupportOptions& options) {
  using metrics::Average;
  check_zero_division(function, options.zero_division);
  if (!(options.beta >= 0.0))  // also catches NaN
    throw_invalid(function, "beta expected a value >= 0; got ", options.beta);
  const std::vector<int> chosen =
      set_wise_labels(function, targets, options.average, options.labels, options.pos_label);
  const std::vector<int>& selected = chosen.empty() ? targets.present : chosen;

  // Count over every present or requested label, then keep the selected ones in their order.
  std::vector<int> classes = targets.present;
  classes.insert(classes.end(), selected.begin(), selected.end());
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  const auto n_classes = static_cast<Eigen::Index>(classes.size());
  metrics::CountVector tp_all = metrics::CountVector::Zero(n_classes);
  metrics::CountVector true_all = metrics::CountVector::Zero(n_classes);
  metrics::CountVector pred_all = metrics::CountVector::Zero(n_classes);
  for (Eigen::Index i = 0; i < targets.y_true.size(); ++i) {
    const Eigen::Index t = label_index(classes, targets.y_true(i));
    const Eigen::Index p = label_index(classes, targets.y_pred(i));
    ++true_all(t);
    ++pred_all(p);
    if (t == p) ++tp_all(t);
  }
  const auto n = static_cast<Eigen::Index>(selected.size());
  metrics::CountVector tp(n), true_sum(n), pred_sum(n);
  for (Eigen::Index k = 0; k < n; ++k) {
    const Eigen::Index c = label_index(classes, selected[static_cast<std::size_t>(k)]);
    tp(k) = tp_all(c);
    true_sum(k) = true_all(c);
    pred_sum(k) = pred_all(c);
  }
  if (options.average == Average::micro) {
    tp = metrics::CountVector::Constant(1, tp.sum());
    true_sum = metrics::CountVector::Constant(1, true_sum.sum());
    pred_sum = metrics::CountVector::Constant(1, pred_sum.sum());
  }

  const double fill = static_cast<double>(options.zero_division.value());
  const auto divide = [fill](const metrics::CountVector& num, const metrics::CountVector& den) {
    Eigen::VectorXd out(num.size());
    for (Eigen::Index k = 0; k < num.size(); ++k)
      out(k) = den(k) == 0 ? fill : static_cast<double>(num(k)) / static_cast<double>(den(k));
    return out;
  };
  metrics::PrecisionRecallFscoreSupport out;
  out.precision = divide(tp, pred_sum);
  out.recall = divide(tp, true_sum);
  if (std::isinf(options.beta)) {
    out.fscore = out.recall;
  } else {
    const double beta2 = options.beta * options.beta;
    out.fscore.resize(out.precision.size());
    for (Eigen::Index k = 0; k < out.precision.size(); ++k) {
      const double p = out.precision(k), r = out.recall(k);
      double denom = beta2 * p + r;
      if (denom == 0.0) denom = 1.0;
      out.fscore(k) = (1.0 + beta2) * p * r / denom;
    }
  }
  if (options.average == Average::none) {
    out.support = true_sum;
    return out;
  }

  const auto scalar = [](double value) { return Eigen::VectorXd::Constant(1, value); };
  if (options.average == Average::weighted) {
    const Eigen::Index total = true_sum.sum();
    if (total == 0) {
      // No true sample of any selected label: scikit-learn reports zero_division for recall, and
      // for precision and F only when nothing was predicted either.
      const bool none_predicted = pred_sum.sum() == 0;
      out.precision = scalar(none_predicted ? fill : 0.0);
      out.recall = scalar(fill);
      out.fscore = scalar(none_predicted ? fill : 0.0);
      out.support.resize(0);
      return out;
    }
    const Eigen::VectorXd weights = true_sum.cast<double>();
    const double weight_sum = numpy_sum(weights);
    out.precision = scalar(numpy_sum(out.precision.cwiseProduct(weights)) / weight_sum);
    out.recall = scalar(numpy_sum(out.recall.cwiseProduct(weights)) / weight_sum);
    out.fscore = scalar(numpy_sum(out.fscore.cwiseProduct(weights)) / weight_sum);
  } else {
    // An empty selection cannot happen: `selected` falls back to the present labels.
    const auto count = static_cast<double>(out.precision.size());
    out.precision = scalar(numpy_sum(out.precision) / count);
    out.recall = scalar(numpy_sum(out.recall) / count);
    out.fscore = scalar(numpy_sum(out.fscore) / count);
  }
  out.support.resize(0);
  return out;
}

/// The single averaged value of one score for precision_score and its siblings.
template <typename DerivedTrue, typename DerivedPred>
metrics::PrecisionRecallFscoreSupport averaged_prfs(std::string_view function,
                                                    const Eigen::DenseBase<DerivedTrue>& y_true,
                                                    const Eigen::DenseBase<DerivedPred>& y_pred,
                                                    double beta,
                                                    const metrics::ScoreOptions& options) {
  if (options.average == metrics::Average::none)
    throw_invalid(function,
                  "average expected binary, micro, macro or weighted for a single score; got "
                  "none (use precision_recall_fscore_support for per-label scores)");
  const MetricTargets targets = check_metric_targets(function, y_true, y_pred);
  metrics::PrecisionRecallFscoreSupportOptions full;
  full.beta = beta;
  full.labels = options.labels;
  full.pos_label = options.pos_label;
  full.average = options.average;
  full.zero_division = options.zero_division;
  return prfs(function, targets, full);
}

}  // namespace sklite::detail

namespace sklite::metrics {

/// @brief Accuracy: the fraction (or number) of samples whose predicted label equals the true one.
///
/// Same as scikit-learn's `accuracy_score(y_true, y_pred, normalize=...)`.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options `normalize` (default true: a fraction; false: a count).
/// @return the fraction of correct predictions, or their number as a double.
/// @throws std::invalid_argument if y_true or y_pred is not a vector, is empty, holds a NaN, an
///         infinity, a non-integral value or a value outside int's range, or if the lengths
///         differ.
/// @code
/// Eigen::VectorXi y_true(4), y_pred(4);
/// y_true << 0, 1, 2, 3;
/// y_pred << 0, 2, 1, 3;
/// double acc = sklite::metrics::accuracy_score(y_true, y_pred);  // 0.5
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
double accuracy_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                      const Eigen::DenseBase<DerivedPred>& y_pred,
                      const AccuracyScoreOptions& options = {}) {
  const auto targets = detail::check_metric_targets("accuracy_score", y_true, y_pred);
  const auto correct = (targets.y_true.array() == targets.y_pred.array()).count();
  const auto correct_d = static_cast<double>(correct);
  return options.normalize ? correct_d / static_cast<double>(targets.y_true.size()) : correct_d;
}

/// @brief Weighted accuracy: the weighted fraction (or weighted sum) of correct predictions.
///
/// Same as scikit-learn's `accuracy_score(y_true, y_pred, normalize=..., sample_weight=...)`.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param sample_weight one finite weight per sample (any real vector expression).
/// @param options `normalize` (default true: divide by the sum of the weights).
/// @return sum of the weights of correct samples, divided by the sum of all weights if normalize.
/// @throws std::invalid_argument in the cases of the unweighted overload; if sample_weight is not
///         a vector, has another length or a non-finite entry; if normalize is true and the
///         weights sum to zero.
template <typename DerivedTrue, typename DerivedPred, typename DerivedWeight>
double accuracy_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                      const Eigen::DenseBase<DerivedPred>& y_pred,
                      const Eigen::DenseBase<DerivedWeight>& sample_weight,
                      const AccuracyScoreOptions& options = {}) {
  constexpr std::string_view kFunction = "accuracy_score";
  const auto targets = detail::check_metric_targets(kFunction, y_true, y_pred);
  detail::check_vector(kFunction, "sample_weight", sample_weight);
  detail::check_same_length(kFunction, "y_true", targets.y_true.size(), "entries", "sample_weight",
                            sample_weight.size(), "entries");
  detail::check_finite(kFunction, "sample_weight", sample_weight);
  const auto n = targets.y_true.size();
  Eigen::VectorXd weights(n), scored(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    weights(i) = static_cast<double>(sample_weight.derived().coeff(i));
    scored(i) = targets.y_true(i) == targets.y_pred(i) ? weights(i) : 0.0;
  }
  const double correct = detail::numpy_sum(scored);
  if (!options.normalize) return correct;
  const double total = detail::numpy_sum(weights);
  if (total == 0.0)
    detail::throw_invalid(kFunction,
                          "sample_weight expected weights with a non-zero sum when normalize is "
                          "true; got a sum of 0");
  return correct / total;
}

/// @brief Balanced accuracy: the mean recall over the classes present in y_true.
///
/// Same as scikit-learn's `balanced_accuracy_score(y_true, y_pred, adjusted=...)`. Classes that
/// occur only in y_pred are left out of the mean (scikit-learn warns about them; sklite is
/// silent). With `adjusted`, the score is rescaled by (score - 1/k) / (1 - 1/k) for k classes, so
/// a single class in y_true gives NaN, as in scikit-learn.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options `adjusted` (default false).
/// @return the balanced accuracy.
/// @throws std::invalid_argument as accuracy_score.
template <typename DerivedTrue, typename DerivedPred>
double balanced_accuracy_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                               const Eigen::DenseBase<DerivedPred>& y_pred,
                               const BalancedAccuracyScoreOptions& options = {}) {
  const auto targets = detail::check_metric_targets("balanced_accuracy_score", y_true, y_pred);
  const auto n_classes = static_cast<Eigen::Index>(targets.present.size());
  CountVector correct = CountVector::Zero(n_classes), total = CountVector::Zero(n_classes);
  for (Eigen::Index i = 0; i < targets.y_true.size(); ++i) {
    const Eigen::Index t = detail::label_index(targets.present, targets.y_true(i));
    ++total(t);
    if (targets.y_true(i) == targets.y_pred(i)) ++correct(t);
  }
  std::vector<double> recalls;
  for (Eigen::Index c = 0; c < n_classes; ++c)
    if (total(c) > 0)
      recalls.push_back(static_cast<double>(correct(c)) / static_cast<double>(total(c)));
  const auto k = static_cast<Eigen::Index>(recalls.size());
  double score = detail::numpy_pairwise_sum(recalls.data(), k) / static_cast<double>(k);
  if (options.adjusted) {
    const double chance = 1.0 / static_cast<double>(k);
    score -= chance;
    if (chance == 1.0) return std::numeric_limits<double>::quiet_NaN();  // numpy's 0 / 0
    score /= 1.0 - chance;
  }
  return score;
}

/// @brief Precision, recall, F-beta score and support per label, or averaged.
///
/// Same as scikit-learn's `precision_recall_fscore_support` (without `sample_weight` and
/// `warn_for`; sklite never warns). The default average is `none`, as in scikit-learn.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options beta, labels, pos_label, average, zero_division (see the struct).
/// @return per-label vectors and supports, or one-entry vectors and an empty support when
///         averaged.
/// @throws std::invalid_argument as accuracy_score, and: beta negative or NaN; zero_division
///         other than "warn", 0 or 1; Average::binary with more than two labels in y_true and
///         y_pred together; Average::binary with a pos_label that is not one of the two labels
///         present.
/// @code
/// sklite::metrics::PrecisionRecallFscoreSupportOptions options;
/// options.labels = {2, 0};
/// auto per_label = sklite::metrics::precision_recall_fscore_support(y_true, y_pred, options);
/// double recall_of_2 = per_label.recall(0);
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
PrecisionRecallFscoreSupport precision_recall_fscore_support(
    const Eigen::DenseBase<DerivedTrue>& y_true, const Eigen::DenseBase<DerivedPred>& y_pred,
    const PrecisionRecallFscoreSupportOptions& options = {}) {
  constexpr std::string_view kFunction = "precision_recall_fscore_support";
  return detail::prfs(kFunction, detail::check_metric_targets(kFunction, y_true, y_pred), options);
}

/// @brief Precision tp / (tp + fp), for the positive class or averaged.
///
/// Same as scikit-learn's `precision_score` with an averaged result; for per-label values
/// (scikit-learn's `average=None`) use precision_recall_fscore_support.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options labels, pos_label, average (default binary), zero_division.
/// @return the precision.
/// @throws std::invalid_argument as precision_recall_fscore_support, and for Average::none.
/// @code
/// sklite::metrics::ScoreOptions options;
/// options.average = sklite::metrics::Average::macro;   // C++20: {.average = ...}
/// double p = sklite::metrics::precision_score(y_true, y_pred, options);
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
double precision_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                       const Eigen::DenseBase<DerivedPred>& y_pred,
                       const ScoreOptions& options = {}) {
  return detail::averaged_prfs("precision_score", y_true, y_pred, 1.0, options).precision(0);
}

/// @brief Recall tp / (tp + fn), for the positive class or averaged.
///
/// Same as scikit-learn's `recall_score` with an averaged result; for per-label values use
/// precision_recall_fscore_support.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options labels, pos_label, average (default binary), zero_division.
/// @return the recall.
/// @throws std::invalid_argument as precision_score.
template <typename DerivedTrue, typename DerivedPred>
double recall_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                    const Eigen::DenseBase<DerivedPred>& y_pred, const ScoreOptions& options = {}) {
  return detail::averaged_prfs("recall_score", y_true, y_pred, 1.0, options).recall(0);
}

/// @brief The F1 score 2 p r / (p + r), for the positive class or averaged.
///
/// Same as scikit-learn's `f1_score` with an averaged result; for per-label values use
/// precision_recall_fscore_support.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options labels, pos_label, average (default binary), zero_division.
/// @return the F1 score.
/// @throws std::invalid_argument as precision_score.
/// @code
/// sklite::metrics::ScoreOptions options;
/// options.average = sklite::metrics::Average::weighted;
/// double f1 = sklite::metrics::f1_score(y_true, y_pred, options);
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
double f1_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                const Eigen::DenseBase<DerivedPred>& y_pred, const ScoreOptions& options = {}) {
  return detail::averaged_prfs("f1_score", y_true, y_pred, 1.0, options).fscore(0);
}

/// @brief The F-beta score (1 + beta^2) p r / (beta^2 p + r), for the positive class or averaged.
///
/// Same as scikit-learn's `fbeta_score(y_true, y_pred, beta=...)` with an averaged result.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param beta weight of recall: >= 0 (0 gives the precision, +infinity the recall).
/// @param options labels, pos_label, average (default binary), zero_division.
/// @return the F-beta score.
/// @throws std::invalid_argument as precision_score, and for a negative or NaN beta.
template <typename DerivedTrue, typename DerivedPred>
double fbeta_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                   const Eigen::DenseBase<DerivedPred>& y_pred, double beta,
                   const ScoreOptions& options = {}) {
  return detail::averaged_prfs("fbeta_score", y_true, y_pred, beta, options).fscore(0);
}

}  // namespace sklite::metrics

#endif  // SKLITE_METRICS_CLASSIFICATION_HPP

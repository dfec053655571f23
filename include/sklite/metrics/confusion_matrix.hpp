// sklite: confusion_matrix, as counts or normalized over true labels, predictions or all samples.
#ifndef SKLITE_METRICS_CONFUSION_MATRIX_HPP
#define SKLITE_METRICS_CONFUSION_MATRIX_HPP

#include <Eigen/Core>
#include <map>
#include <string_view>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/metrics/common.hpp"

namespace sklite::metrics {

/// @brief How confusion_matrix normalizes: scikit-learn's `normalize` parameter.
///
/// `true_` (scikit-learn's `"true"`; `true` is a C++ keyword) divides each row by the number of
/// samples of that true class, `pred` divides each column by the number of predictions of that
/// class, `all` divides by the number of counted samples, `none` keeps the counts. A row, column
/// or matrix whose sum is zero becomes zeros, as in scikit-learn.
enum class Normalize { none, true_, pred, all };

/// @brief Options of confusion_matrix, with scikit-learn's names and defaults.
struct ConfusionMatrixOptions {
  /// The labels that index the rows and columns, in this order. Empty (the default) means
  /// scikit-learn's `None`: every label of y_true and y_pred, sorted. Samples whose true or
  /// predicted label is not listed are left out.
  std::vector<int> labels{};
};

}  // namespace sklite::metrics

namespace sklite::detail {

/// The count matrix shared by both confusion_matrix overloads.
template <typename DerivedTrue, typename DerivedPred>
metrics::CountMatrix confusion_counts(std::string_view function,
                                      const Eigen::DenseBase<DerivedTrue>& y_true,
                                      const Eigen::DenseBase<DerivedPred>& y_pred,
                                      const metrics::ConfusionMatrixOptions& options) {
  const auto targets = sklite::detail::check_metric_targets(function, y_true, y_pred);
  const std::vector<int>& labels = options.labels.empty() ? targets.present : options.labels;
  // A repeated label keeps its last position (its earlier row and column stay zero), as in
  // scikit-learn's label-to-index dictionary.
  std::map<int, Eigen::Index> index;
  for (std::size_t i = 0; i < labels.size(); ++i) index[labels[i]] = static_cast<Eigen::Index>(i);
  if (!options.labels.empty()) {
    bool any_in_true = false;
    for (Eigen::Index i = 0; i < targets.y_true.size() && !any_in_true; ++i)
      any_in_true = index.count(targets.y_true(i)) > 0;
    if (!any_in_true)
      sklite::detail::throw_invalid(function,
                                    "labels expected at least one label that occurs in y_true; "
                                    "got ",
                                    sklite::detail::format_label_list(options.labels));
  }
  const auto n = static_cast<Eigen::Index>(labels.size());
  metrics::CountMatrix cm = metrics::CountMatrix::Zero(n, n);
  for (Eigen::Index i = 0; i < targets.y_true.size(); ++i) {
    const auto row = index.find(targets.y_true(i));
    const auto col = index.find(targets.y_pred(i));
    if (row != index.end() && col != index.end()) ++cm(row->second, col->second);
  }
  return cm;
}

}  // namespace sklite::detail

namespace sklite::metrics {

/// @brief The confusion matrix: entry (i, j) counts the samples of true class `labels[i]`
/// predicted as `labels[j]`.
///
/// Same as scikit-learn's `confusion_matrix(y_true, y_pred, labels=...)` (without
/// `sample_weight`). For normalized values use the overload taking a Normalize.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options `labels` (default: all labels present, sorted).
/// @return an n_labels x n_labels matrix of counts.
/// @throws std::invalid_argument if y_true or y_pred is not a vector, is empty, holds a NaN, an
///         infinity, a non-integral value or a value outside int's range; if the lengths differ;
///         if `labels` is given but none of them occurs in y_true.
/// @code
/// Eigen::VectorXi y_true(6), y_pred(6);
/// y_true << 2, 0, 2, 2, 0, 1;
/// y_pred << 0, 0, 2, 2, 0, 2;
/// sklite::metrics::CountMatrix cm = sklite::metrics::confusion_matrix(y_true, y_pred);
/// // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
CountMatrix confusion_matrix(const Eigen::DenseBase<DerivedTrue>& y_true,
                             const Eigen::DenseBase<DerivedPred>& y_pred,
                             const ConfusionMatrixOptions& options = {}) {
  return sklite::detail::confusion_counts("confusion_matrix", y_true, y_pred, options);
}

/// @brief The confusion matrix as doubles, normalized as scikit-learn's `normalize` parameter.
///
/// Same as scikit-learn's `confusion_matrix(y_true, y_pred, labels=..., normalize=...)`.
/// Normalize::none gives the counts converted to double.
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param normalize over true labels (rows), predictions (columns), all samples, or none.
/// @param options `labels` (default: all labels present, sorted).
/// @return an n_labels x n_labels matrix; rows, columns or the whole matrix summing to zero give
///         zeros.
/// @throws std::invalid_argument in the cases listed for the counting overload, and for a
///         `normalize` value outside the enumeration.
/// @code
/// Eigen::MatrixXd rates =
///     sklite::metrics::confusion_matrix(y_true, y_pred, sklite::metrics::Normalize::true_);
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
Eigen::MatrixXd confusion_matrix(const Eigen::DenseBase<DerivedTrue>& y_true,
                                 const Eigen::DenseBase<DerivedPred>& y_pred, Normalize normalize,
                                 const ConfusionMatrixOptions& options = {}) {
  constexpr std::string_view kFunction = "confusion_matrix";
  if (normalize != Normalize::none && normalize != Normalize::true_ &&
      normalize != Normalize::pred && normalize != Normalize::all)
    sklite::detail::throw_invalid(kFunction, "normalize expected none, true_, pred or all; got ",
                                  static_cast<int>(normalize));
  const CountMatrix counts = sklite::detail::confusion_counts(kFunction, y_true, y_pred, options);
  const Eigen::MatrixXd cm = counts.cast<double>();
  Eigen::MatrixXd out = cm;
  // Division by a zero sum gives NaN in scikit-learn, which then replaces it by 0.
  const auto safe = [](double num, double den) { return den == 0.0 ? 0.0 : num / den; };
  if (normalize == Normalize::true_) {
    for (Eigen::Index i = 0; i < cm.rows(); ++i) {
      const double sum = cm.row(i).sum();
      for (Eigen::Index j = 0; j < cm.cols(); ++j) out(i, j) = safe(cm(i, j), sum);
    }
  } else if (normalize == Normalize::pred) {
    for (Eigen::Index j = 0; j < cm.cols(); ++j) {
      const double sum = cm.col(j).sum();
      for (Eigen::Index i = 0; i < cm.rows(); ++i) out(i, j) = safe(cm(i, j), sum);
    }
  } else if (normalize == Normalize::all) {
    const double sum = cm.sum();
    for (Eigen::Index j = 0; j < cm.cols(); ++j)
      for (Eigen::Index i = 0; i < cm.rows(); ++i) out(i, j) = safe(cm(i, j), sum);
  }
  return out;
}

}  // namespace sklite::metrics

#endif  // SKLITE_METRICS_CONFUSION_MATRIX_HPP

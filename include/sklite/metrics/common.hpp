// sklite: vocabulary shared by the classification metrics (averaging modes, the zero_division
// setting, count types) and the internal label handling behind them.
#ifndef SKLITE_METRICS_COMMON_HPP
#define SKLITE_METRICS_COMMON_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sklite/detail/labels.hpp"
#include "sklite/detail/validation.hpp"

namespace sklite::metrics {

/// @brief A column vector of counts (supports); Eigen::Index so that no count can overflow.
using CountVector = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 1>;

/// @brief A matrix of counts, as returned by confusion_matrix.
using CountMatrix = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic>;

/// @brief How per-label scores are combined: scikit-learn's `average` parameter.
///
/// - `none`: no averaging, one score per label (scikit-learn's `average=None`);
/// - `binary`: the score of the class `pos_label` only; the target must be binary;
/// - `micro`: global counts of true positives, false positives and false negatives;
/// - `macro`: the unweighted mean of the per-label scores;
/// - `weighted`: the mean of the per-label scores weighted by their support.
///
/// scikit-learn's `samples` exists only for multilabel targets, which sklite does not handle.
enum class Average { none, binary, micro, macro, weighted };

/// @brief The value a score takes when its denominator is zero: scikit-learn's `zero_division`.
///
/// scikit-learn accepts `"warn"`, `0` or `1`. `"warn"` (the default) gives the value 0 like `0`;
/// scikit-learn also emits an UndefinedMetricWarning then, while sklite never prints anything, so
/// `"warn"` and `0` behave identically here. The integer constructor is implicit so that options
/// read like Python; a value other than 0 or 1 is rejected by the function that receives it.
/// @code
/// sklite::metrics::ZeroDivision a;                                // "warn" (the default)
/// sklite::metrics::ZeroDivision b = 1;                            // zero_division=1
/// auto c = sklite::metrics::ZeroDivision::warn();                 // explicit "warn"
/// @endcode
class ZeroDivision {
 public:
  /// @brief The default, scikit-learn's `"warn"` (value 0, no output).
  constexpr ZeroDivision() noexcept = default;

  /// @brief A numeric setting; valid values are 0 and 1 (checked where it is used).
  /// @param value the score to report when the denominator is zero.
  constexpr ZeroDivision(int value) noexcept  // NOLINT(google-explicit-constructor)
      : warn_(false), value_(value) {}

  /// @brief scikit-learn's `"warn"`.
  /// @return a ZeroDivision that reports 0.
  static constexpr ZeroDivision warn() noexcept { return ZeroDivision(); }

  /// @brief True for the `"warn"` setting.
  constexpr bool is_warn() const noexcept { return warn_; }

  /// @brief The numeric setting (0 for `"warn"`).
  constexpr int value() const noexcept { return warn_ ? 0 : value_; }

 private:
  bool warn_ = true;
  int value_ = 0;
};

}  // namespace sklite::metrics

namespace sklite::detail {

/// Both label vectors of a classification metric, checked and converted to int.
struct MetricTargets {
  Eigen::VectorXi y_true;
  Eigen::VectorXi y_pred;
  /// Sorted distinct labels of y_true and y_pred together (scikit-learn's unique_labels).
  std::vector<int> present;
  /// Whether each input had a floating scalar type (scikit-learn then names classes "1.0").
  bool true_floating = false;
  bool pred_floating = false;
  /// scikit-learn's target type: binary when at most two distinct labels occur in both together.
  bool is_binary() const { return present.size() <= 2; }
};

/// Validates y_true and y_pred (vectors of integral, finite values of equal, non-zero length).
template <typename DerivedTrue, typename DerivedPred>
MetricTargets check_metric_targets(std::string_view function,
                                   const Eigen::DenseBase<DerivedTrue>& y_true,
                                   const Eigen::DenseBase<DerivedPred>& y_pred) {
  MetricTargets out;
  out.y_true = to_int_labels(function, "y_true", y_true);
  out.y_pred = to_int_labels(function, "y_pred", y_pred);
  check_same_length(function, "y_true", out.y_true.size(), "entries", "y_pred", out.y_pred.size(),
                    "entries");
  check_not_empty(function, "y_true", out.y_true);
  out.true_floating = !Eigen::NumTraits<typename DerivedTrue::Scalar>::IsInteger;
  out.pred_floating = !Eigen::NumTraits<typename DerivedPred::Scalar>::IsInteger;
  out.present.assign(out.y_true.data(), out.y_true.data() + out.y_true.size());
  out.present.insert(out.present.end(), out.y_pred.data(), out.y_pred.data() + out.y_pred.size());
  std::sort(out.present.begin(), out.present.end());
  out.present.erase(std::unique(out.present.begin(), out.present.end()), out.present.end());
  return out;
}

/// Formats labels like a Python list: "[0, 1, 2]".
inline std::string format_label_list(const std::vector<int>& labels) {
  std::string out = "[";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(labels[i]);
  }
  return out + "]";
}

/// True when `label` is one of the sorted `labels`.
inline bool contains_label(const std::vector<int>& sorted_labels, int label) {
  return std::binary_search(sorted_labels.begin(), sorted_labels.end(), label);
}

/// Index of `label` in the sorted `labels` (which must contain it).
inline Eigen::Index label_index(const std::vector<int>& sorted_labels, int label) {
  const auto it = std::lower_bound(sorted_labels.begin(), sorted_labels.end(), label);
  return static_cast<Eigen::Index>(it - sorted_labels.begin());
}

/// Rejects a zero_division setting other than "warn", 0 or 1.
inline void check_zero_division(std::string_view function, const metrics::ZeroDivision& setting) {
  if (!setting.is_warn() && setting.value() != 0 && setting.value() != 1)
    throw_invalid(function, "zero_division expected \"warn\", 0 or 1; got ", setting.value());
}

/// Sum of n doubles in numpy's pairwise order, so that means agree with numpy to the last bit.
inline double numpy_pairwise_sum(const double* values, Eigen::Index n) {
  constexpr Eigen::Index kBlock = 128;
  if (n < 8) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) sum += values[i];
    return sum;
  }
  if (n <= kBlock) {
    double r[8];
    for (Eigen::Index j = 0; j < 8; ++j) r[j] = values[j];
    Eigen::Index i = 8;
    for (; i < n - (n % 8); i += 8)
      for (Eigen::Index j = 0; j < 8; ++j) r[j] += values[i + j];
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += values[i];
    return sum;
  }
  Eigen::Index half = n / 2;
  half -= half % 8;
  return numpy_pairwise_sum(values, half) + numpy_pairwise_sum(values + half, n - half);
}

/// numpy's sum of a vector (add.reduce starts from 0 and adds the pairwise sum).
inline double numpy_sum(const Eigen::VectorXd& values) {
  return 0.0 + numpy_pairwise_sum(values.data(), values.size());
}

}  // namespace sklite::detail

#endif  // SKLITE_METRICS_COMMON_HPP

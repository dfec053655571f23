// sklite: regression metrics (scikit-learn's r2_score, mean_squared_error, mean_absolute_error).
#ifndef SKLITE_METRICS_REGRESSION_HPP
#define SKLITE_METRICS_REGRESSION_HPP

#include <Eigen/Core>
#include <cmath>
#include <string_view>

#include "sklite/detail/validation.hpp"

// The helper lives in sklite::detail: a namespace sklite::metrics::detail would hide sklite::detail
// from the unqualified `detail::` calls of the other metrics headers included after this one.
namespace sklite::detail {

/// The targets and weights of a regression metric, checked: vectors of one length, at least one
/// entry, finite, weights not negative and not all 0 (an empty weight vector means 1 each).
template <typename DerivedTrue, typename DerivedPred, typename DerivedWeight>
void check_regression(std::string_view fn, const Eigen::DenseBase<DerivedTrue>& y_true,
                      const Eigen::DenseBase<DerivedPred>& y_pred,
                      const Eigen::DenseBase<DerivedWeight>& sample_weight, Eigen::VectorXd& t,
                      Eigen::VectorXd& p, Eigen::VectorXd& w) {
  check_vector(fn, "y_true", y_true);
  check_vector(fn, "y_pred", y_pred);
  check_same_length(fn, "y_true", y_true.size(), "entries", "y_pred", y_pred.size(), "entries");
  if (y_true.size() == 0) throw_invalid(fn, "y_true must not be empty");
  t = y_true.derived().template cast<double>();
  p = y_pred.derived().template cast<double>();
  check_finite(fn, "y_true", t);
  check_finite(fn, "y_pred", p);
  if (sample_weight.size() == 0) {
    w = Eigen::VectorXd::Ones(t.size());
    return;
  }
  check_vector(fn, "sample_weight", sample_weight);
  check_same_length(fn, "y_true", t.size(), "entries", "sample_weight", sample_weight.size(),
                    "entries");
  w = sample_weight.derived().template cast<double>();
  check_finite(fn, "sample_weight", w);
  if ((w.array() < 0).any()) throw_invalid(fn, "sample_weight must not be negative");
  if (w.sum() == 0) throw_invalid(fn, "sample_weight must not be all 0");
}

}  // namespace sklite::detail

namespace sklite::metrics {

/// @brief The coefficient of determination R² = 1 − Σ w (y − ŷ)² / Σ w (y − ȳ)², ȳ the weighted
/// mean of y (scikit-learn's `r2_score`, whose default `force_finite=True` this follows: when y is
/// constant, 1 for a perfect prediction and 0 otherwise).
/// @param sample_weight one non-negative weight per sample, or empty (the default) for 1 each
/// @throws std::invalid_argument for vectors of different lengths, fewer than 2 entries (where
///   scikit-learn returns NaN with a warning), NaN or infinity, negative weights or weights all 0
/// @code
/// double r2 = sklite::metrics::r2_score(y_test, reg.predict(X_test));
/// @endcode
template <typename DerivedTrue, typename DerivedPred, typename DerivedWeight = Eigen::VectorXd>
double r2_score(const Eigen::DenseBase<DerivedTrue>& y_true,
                const Eigen::DenseBase<DerivedPred>& y_pred,
                const Eigen::DenseBase<DerivedWeight>& sample_weight = Eigen::VectorXd()) {
  Eigen::VectorXd t, p, w;
  detail::check_regression("r2_score", y_true, y_pred, sample_weight, t, p, w);
  if (t.size() < 2)
    sklite::detail::throw_invalid("r2_score", "R² is not defined for fewer than 2 samples; got ",
                                  t.size());
  const double mean = w.dot(t) / w.sum();
  const double residual = w.dot((t - p).array().square().matrix());
  const double total = w.dot((t.array() - mean).square().matrix());
  if (total == 0) return residual == 0 ? 1.0 : 0.0;
  return 1 - residual / total;
}

/// @brief The (weighted) mean of the squared errors, Σ w (y − ŷ)² / Σ w (scikit-learn's
/// `mean_squared_error`).
/// @throws as r2_score
template <typename DerivedTrue, typename DerivedPred, typename DerivedWeight = Eigen::VectorXd>
double mean_squared_error(
    const Eigen::DenseBase<DerivedTrue>& y_true, const Eigen::DenseBase<DerivedPred>& y_pred,
    const Eigen::DenseBase<DerivedWeight>& sample_weight = Eigen::VectorXd()) {
  Eigen::VectorXd t, p, w;
  detail::check_regression("mean_squared_error", y_true, y_pred, sample_weight, t, p, w);
  return w.dot((t - p).array().square().matrix()) / w.sum();
}

/// @brief The (weighted) mean of the absolute errors, Σ w |y − ŷ| / Σ w (scikit-learn's
/// `mean_absolute_error`).
/// @throws as r2_score
template <typename DerivedTrue, typename DerivedPred, typename DerivedWeight = Eigen::VectorXd>
double mean_absolute_error(
    const Eigen::DenseBase<DerivedTrue>& y_true, const Eigen::DenseBase<DerivedPred>& y_pred,
    const Eigen::DenseBase<DerivedWeight>& sample_weight = Eigen::VectorXd()) {
  Eigen::VectorXd t, p, w;
  detail::check_regression("mean_absolute_error", y_true, y_pred, sample_weight, t, p, w);
  return w.dot((t - p).cwiseAbs()) / w.sum();
}

}  // namespace sklite::metrics

#endif  // SKLITE_METRICS_REGRESSION_HPP

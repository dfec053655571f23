// sklite: MinMaxScaler, scikit-learn's scaling of each feature to a given range (by default
// [0, 1]) from the minimum and maximum seen at fit, with scikit-learn 1.2's arithmetic.
#ifndef SKLITE_PREPROCESSING_MIN_MAX_SCALER_HPP
#define SKLITE_PREPROCESSING_MIN_MAX_SCALER_HPP

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sklite/detail/validation.hpp"
#include "sklite/params.hpp"
#include "sklite/preprocessing/detail/scaler_checks.hpp"

namespace sklite {

/// @brief Parameters of sklite::MinMaxScaler, with scikit-learn's names and defaults
/// (scikit-learn's `copy` has no counterpart: sklite never changes its input).
struct MinMaxScalerParams {
  /// The range (min, max) the training data is mapped onto; min must be below max, both finite.
  std::pair<double, double> feature_range{0.0, 1.0};
  /// Clip transformed values to feature_range (for data beyond the training minimum and maximum).
  bool clip = false;
};

/// @brief Scales each feature to feature_range: `x * scale + min` with `scale = (max_r - min_r)
/// / (data_max - data_min)` and `min = min_r - data_min * scale`, the minimum and maximum taken
/// over the data given to fit (scikit-learn's `sklearn.preprocessing.MinMaxScaler`).
///
/// The formulas and the order of their operations are scikit-learn 1.2's, so every fitted
/// attribute and every transformed value equals scikit-learn's to the last bit. A feature whose
/// range is below 10·eps (about 2.2e-15, including a constant feature) is divided by 1 instead,
/// so it maps to `min_r + (x - data_min)·(max_r - min_r)`.
///
/// Unlike scikit-learn, which skips NaN in fit and passes it through transform, sklite refuses
/// NaN and infinity. Parameters changed by set_params take effect at the next fit.
/// @code
/// sklite::MinMaxScalerParams params;
/// params.feature_range = {-1.0, 1.0};
/// sklite::MinMaxScaler scaler(params);
/// Eigen::MatrixXd Z = scaler.fit_transform(X);   // every column spans [-1, 1]
/// @endcode
class MinMaxScaler {
 public:
  using params_type = MinMaxScalerParams;

  /// @brief A scaler onto [0, 1] without clipping (scikit-learn's defaults).
  MinMaxScaler() = default;
  /// @brief A scaler with the given parameters; nothing is fitted.
  /// @throws std::invalid_argument when feature_range is not finite or its min is not below its
  ///   max
  explicit MinMaxScaler(MinMaxScalerParams params) : params_(params) {
    check_params(estimator_name(), params_);
  }

  /// The class name, as scikit-learn prints it ("MinMaxScaler").
  static const char* estimator_name() { return "MinMaxScaler"; }

  /// The parameters given to the constructor or set_params.
  const MinMaxScalerParams& params() const noexcept { return params_; }

  /// @brief The parameters by scikit-learn's names: clip. feature_range, a pair, has no
  /// ParamValue; it is set through MinMaxScalerParams only.
  ParamMap get_params() const { return {{"clip", params_.clip}}; }

  /// @brief Sets one parameter by name (clip, a bool); takes effect at the next fit.
  /// @throws std::invalid_argument for another name (feature_range included: set it through
  ///   MinMaxScalerParams) or a value that is not a bool (the parameters are then unchanged)
  MinMaxScaler& set_params(const std::string& name, const ParamValue& value) {
    MinMaxScalerParams changed = params_;
    set_param(changed, name, value);
    params_ = changed;
    return *this;
  }

  /// @brief Sets several parameters by name, all or none.
  /// @throws std::invalid_argument as set_params(name, value), leaving every parameter unchanged
  MinMaxScaler& set_params(const ParamMap& params) {
    MinMaxScalerParams changed = params_;
    for (const auto& [name, value] : params) set_param(changed, name, value);
    params_ = changed;
    return *this;
  }

  /// @brief Computes each feature's minimum, maximum, scale and offset.
  /// @param X the data, one sample per row (any numeric Eigen matrix; computed in double)
  /// @return `*this`
  /// @throws std::invalid_argument when X is empty, holds NaN or infinity, or a feature's range
  ///   overflows a double; the scaler is then unchanged
  template <typename Derived>
  MinMaxScaler& fit(const Eigen::MatrixBase<Derived>& X) {
    fitted_ = compute(X);
    return *this;
  }

  /// @brief fit(X); y is ignored (for pipelines), as in scikit-learn.
  template <typename Derived, typename Y>
  MinMaxScaler& fit(const Eigen::MatrixBase<Derived>& X, const Y& /*y*/) {
    return fit(X);
  }

  /// @brief Scales X: `x * scale + min`, then, with clip, each value limited to feature_range.
  /// @return a new matrix of X's shape
  /// @throws sklite::NotFittedError before fit; std::invalid_argument when X is empty, has another
  ///   number of columns than at fit, or holds NaN or infinity
  template <typename Derived>
  Eigen::MatrixXd transform(const Eigen::MatrixBase<Derived>& X) const {
    const std::string fn = detail::scaler_function(estimator_name(), "transform");
    if (!fitted_) detail::throw_scaler_not_fitted(estimator_name(), "transform");
    detail::check_scaler_input(fn, estimator_name(), X, fitted_->data_min.size());
    return apply(*fitted_, X);
  }

  /// @brief fit(X), then transform(X).
  /// @throws as fit; the scaler is then unchanged
  template <typename Derived>
  Eigen::MatrixXd fit_transform(const Eigen::MatrixBase<Derived>& X) {
    Fitted fitted = compute(X);
    Eigen::MatrixXd Z = apply(fitted, X);
    fitted_ = std::move(fitted);
    return Z;
  }

  /// @brief fit_transform(X); y is ignored.
  template <typename Derived, typename Y>
  Eigen::MatrixXd fit_transform(const Eigen::MatrixBase<Derived>& X, const Y& /*y*/) {
    return fit_transform(X);
  }

  /// @brief Undoes transform: `(z - min) / scale` (clipped values are not recovered).
  /// @throws as transform
  template <typename Derived>
  Eigen::MatrixXd inverse_transform(const Eigen::MatrixBase<Derived>& X) const {
    const std::string fn = detail::scaler_function(estimator_name(), "inverse_transform");
    if (!fitted_) detail::throw_scaler_not_fitted(estimator_name(), "inverse_transform");
    detail::check_scaler_input(fn, estimator_name(), X, fitted_->data_min.size());
    Eigen::MatrixXd Z = X.template cast<double>();
    Z.rowwise() -= fitted_->min.transpose();
    Z.array().rowwise() /= fitted_->scale.transpose().array();
    return Z;
  }

  /// True once fit has succeeded.
  bool is_fitted() const noexcept { return fitted_.has_value(); }

  /// @brief Each feature's minimum at fit (scikit-learn's `data_min_`).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& data_min() const { return fitted("data_min").data_min; }
  /// @brief Each feature's maximum at fit (scikit-learn's `data_max_`).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& data_max() const { return fitted("data_max").data_max; }
  /// @brief data_max() - data_min() (scikit-learn's `data_range_`).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& data_range() const { return fitted("data_range").data_range; }
  /// @brief Each feature's factor (scikit-learn's `scale_`).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& scale() const { return fitted("scale").scale; }
  /// @brief Each feature's offset after scaling (scikit-learn's `min_`).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& min() const { return fitted("min").min; }
  /// @brief The number of samples fit saw (scikit-learn's `n_samples_seen_`).
  /// @throws sklite::NotFittedError before fit
  Eigen::Index n_samples_seen() const { return fitted("n_samples_seen").n_samples; }
  /// @brief The number of features (columns) fit saw (scikit-learn's `n_features_in_`).
  /// @throws sklite::NotFittedError before fit
  Eigen::Index n_features_in() const { return fitted("n_features_in").data_min.size(); }

 private:
  struct Fitted {
    Eigen::VectorXd data_min, data_max, data_range, scale, min;
    Eigen::Index n_samples = 0;
    std::pair<double, double> feature_range{0.0, 1.0};
    bool clip = false;
  };

  static void check_params(std::string_view fn, const MinMaxScalerParams& params) {
    const auto [low, high] = params.feature_range;
    if (!std::isfinite(low) || !std::isfinite(high))
      detail::throw_invalid(fn, "feature_range must be finite; got (", detail::describe_number(low),
                            ", ", detail::describe_number(high), ")");
    if (!(low < high))
      detail::throw_invalid(fn,
                            "the minimum of feature_range must be smaller than its maximum; got (",
                            low, ", ", high, ")");
  }

  static std::array<const char*, 1> param_names() { return {"clip"}; }

  static void set_param(MinMaxScalerParams& params, const std::string& name,
                        const ParamValue& value) {
    const std::string fn = detail::scaler_function(estimator_name(), "set_params");
    if (name == "clip")
      params.clip = detail::param_bool(fn, name, value);
    else if (name == "feature_range")
      detail::throw_invalid(fn,
                            "feature_range is a pair, which a ParamValue cannot hold; set "
                            "MinMaxScalerParams::feature_range instead");
    else
      detail::throw_unknown_param(fn, estimator_name(), name, param_names());
  }

  const Fitted& fitted(const char* attribute) const {
    if (!fitted_) detail::throw_scaler_not_fitted_attribute(estimator_name(), attribute);
    return *fitted_;
  }

  // scikit-learn's partial_fit from an empty start, then _handle_zeros_in_scale's threshold.
  template <typename Derived>
  Fitted compute(const Eigen::MatrixBase<Derived>& X_in) const {
    const std::string fn = detail::scaler_function(estimator_name(), "fit");
    detail::check_scaler_fit_input(fn, X_in);
    const Eigen::Ref<const Eigen::MatrixXd> X = X_in.template cast<double>();
    Fitted f;
    f.n_samples = X.rows();
    f.feature_range = params_.feature_range;
    f.clip = params_.clip;
    f.data_min = X.colwise().minCoeff().transpose();
    f.data_max = X.colwise().maxCoeff().transpose();
    f.data_range = f.data_max - f.data_min;
    const double low = f.feature_range.first;
    const double width = f.feature_range.second - low;
    constexpr double tiny = 10 * std::numeric_limits<double>::epsilon();
    f.scale.resize(f.data_range.size());
    f.min.resize(f.data_range.size());
    for (Eigen::Index j = 0; j < f.data_range.size(); ++j) {
      const double range = f.data_range(j);
      if (!std::isfinite(range))
        detail::throw_invalid(fn, "the range of feature ", j, " overflows a double (from ",
                              f.data_min(j), " to ", f.data_max(j),
                              "); scale X down before fitting");
      f.scale(j) = width / (range < tiny ? 1.0 : range);
      f.min(j) = low - f.data_min(j) * f.scale(j);
    }
    return f;
  }

  template <typename Derived>
  static Eigen::MatrixXd apply(const Fitted& f, const Eigen::MatrixBase<Derived>& X) {
    Eigen::MatrixXd Z = X.template cast<double>();
    // Two passes, as scikit-learn's two in-place operations: no fused multiply-add.
    Z.array().rowwise() *= f.scale.transpose().array();
    Z.rowwise() += f.min.transpose();
    if (f.clip) Z = Z.cwiseMax(f.feature_range.first).cwiseMin(f.feature_range.second);
    return Z;
  }

  MinMaxScalerParams params_{};
  std::optional<Fitted> fitted_{};
};

}  // namespace sklite

#endif  // SKLITE_PREPROCESSING_MIN_MAX_SCALER_HPP

// sklite: StandardScaler, scikit-learn's standardization of features (remove the mean, divide by
// the standard deviation), with scikit-learn 1.2's arithmetic so that the values agree to the bit.
#ifndef SKLITE_PREPROCESSING_STANDARD_SCALER_HPP
#define SKLITE_PREPROCESSING_STANDARD_SCALER_HPP

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sklite/detail/validation.hpp"
#include "sklite/metrics/common.hpp"
#include "sklite/params.hpp"
#include "sklite/preprocessing/detail/scaler_checks.hpp"

namespace sklite {

/// @brief Parameters of sklite::StandardScaler, with scikit-learn's names and defaults
/// (scikit-learn's `copy` has no counterpart: sklite never changes its input).
struct StandardScalerParams {
  bool with_mean = true;  ///< subtract each feature's mean
  bool with_std = true;   ///< divide each feature by its standard deviation
};

namespace detail {

/// The column sums of X as numpy's `X.sum(axis=0)` computes them on a row-major (C-ordered)
/// array: row after row for two or more columns, pairwise (numpy's blocked order) for one.
inline Eigen::VectorXd numpy_column_sums(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  Eigen::VectorXd sums(X.cols());
  if (X.cols() == 1) {
    sums(0) = 0.0 + numpy_pairwise_sum(X.col(0).data(), X.rows());
    return sums;
  }
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < X.rows(); ++i) sum += X(i, j);
    sums(j) = sum;
  }
  return sums;
}

}  // namespace detail

/// @brief Standardizes features: `z = (x - mean) / scale`, each column on its own, with the
/// mean and standard deviation of the data given to fit (scikit-learn's
/// `sklearn.preprocessing.StandardScaler`).
///
/// fit computes the mean and the (biased, 1/n) variance as scikit-learn 1.2 does on a C-ordered
/// float64 array: the column sums in numpy's order and the corrected two-pass variance of Chan,
/// Golub & LeVeque (1983), so mean(), var(), scale() and transform() equal scikit-learn's to the
/// last bit. A feature whose variance is within the rounding error of that algorithm
/// (`var <= n·eps·var + (n·mean·eps)²`, a constant or near-constant feature) gets scale 1, so it
/// is centred but not divided.
///
/// Unlike scikit-learn, which skips NaN in fit and passes it through transform, sklite refuses
/// NaN and infinity. Parameters changed by set_params take effect at the next fit: a fitted
/// scaler keeps transforming as it was fitted.
/// @code
/// sklite::StandardScaler scaler;
/// Eigen::MatrixXd Z_train = scaler.fit_transform(X_train);
/// Eigen::MatrixXd Z_test = scaler.transform(X_test);   // with the training mean and scale
/// @endcode
class StandardScaler {
 public:
  using params_type = StandardScalerParams;

  /// @brief A scaler with scikit-learn's defaults (with_mean and with_std on).
  StandardScaler() = default;
  /// @brief A scaler with the given parameters; nothing is fitted.
  explicit StandardScaler(StandardScalerParams params) : params_(params) {}

  /// The class name, as scikit-learn prints it ("StandardScaler").
  static const char* estimator_name() { return "StandardScaler"; }

  /// The parameters given to the constructor or set_params.
  const StandardScalerParams& params() const noexcept { return params_; }

  /// @brief The parameters by scikit-learn's names: with_mean, with_std.
  ParamMap get_params() const {
    return {{"with_mean", params_.with_mean}, {"with_std", params_.with_std}};
  }

  /// @brief Sets one parameter by name (with_mean or with_std, a bool); takes effect at the next
  /// fit.
  /// @throws std::invalid_argument for another name or a value that is not a bool (the
  ///   parameters are then unchanged)
  StandardScaler& set_params(const std::string& name, const ParamValue& value) {
    StandardScalerParams changed = params_;
    set_param(changed, name, value);
    params_ = changed;
    return *this;
  }

  /// @brief Sets several parameters by name, all or none.
  /// @throws std::invalid_argument as set_params(name, value), leaving every parameter unchanged
  StandardScaler& set_params(const ParamMap& params) {
    StandardScalerParams changed = params_;
    for (const auto& [name, value] : params) set_param(changed, name, value);
    params_ = changed;
    return *this;
  }

  /// @brief Computes each feature's mean and variance, as scikit-learn does.
  /// @param X the data, one sample per row (any numeric Eigen matrix; computed in double)
  /// @return `*this`
  /// @throws std::invalid_argument when X is empty, holds NaN or infinity, or a feature's mean or
  ///   variance overflows a double; the scaler is then unchanged
  template <typename Derived>
  StandardScaler& fit(const Eigen::MatrixBase<Derived>& X) {
    fitted_ = compute(X);
    return *this;
  }

  /// @brief fit(X); y is ignored (for pipelines), as in scikit-learn.
  template <typename Derived, typename Y>
  StandardScaler& fit(const Eigen::MatrixBase<Derived>& X, const Y& /*y*/) {
    return fit(X);
  }

  /// @brief Standardizes X with the fitted mean and scale: `(x - mean) / scale`, or only the
  /// subtraction or only the division when with_std or with_mean was off at fit.
  /// @return a new matrix of X's shape
  /// @throws sklite::NotFittedError before fit; std::invalid_argument when X is empty, has another
  ///   number of columns than at fit, or holds NaN or infinity
  template <typename Derived>
  Eigen::MatrixXd transform(const Eigen::MatrixBase<Derived>& X) const {
    const std::string fn = detail::scaler_function(estimator_name(), "transform");
    if (!fitted_) detail::throw_scaler_not_fitted(estimator_name(), "transform");
    detail::check_scaler_input(fn, estimator_name(), X, fitted_->n_features);
    return apply(*fitted_, X);
  }

  /// @brief fit(X), then transform(X): the standardized training data.
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

  /// @brief Undoes transform: `z * scale + mean` (each part as at fit), which gives back X up to
  /// rounding.
  /// @throws as transform
  template <typename Derived>
  Eigen::MatrixXd inverse_transform(const Eigen::MatrixBase<Derived>& X) const {
    const std::string fn = detail::scaler_function(estimator_name(), "inverse_transform");
    if (!fitted_) detail::throw_scaler_not_fitted(estimator_name(), "inverse_transform");
    detail::check_scaler_input(fn, estimator_name(), X, fitted_->n_features);
    Eigen::MatrixXd Z = X.template cast<double>();
    // Two passes, as scikit-learn's two in-place operations: no fused multiply-add.
    if (fitted_->with_std) Z.array().rowwise() *= fitted_->scale.transpose().array();
    if (fitted_->with_mean) Z.array().rowwise() += fitted_->mean.transpose().array();
    return Z;
  }

  /// True once fit has succeeded.
  bool is_fitted() const noexcept { return fitted_.has_value(); }

  /// @brief Each feature's mean (scikit-learn's `mean_`); empty when with_mean and with_std were
  /// both off at fit (scikit-learn's None).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& mean() const { return fitted("mean").mean; }

  /// @brief Each feature's variance, 1/n (scikit-learn's `var_`); empty when with_std was off at
  /// fit (scikit-learn's None).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& var() const { return fitted("var").var; }

  /// @brief Each feature's divisor (scikit-learn's `scale_`): the standard deviation, or 1 for a
  /// constant or near-constant feature; empty when with_std was off at fit (scikit-learn's None).
  /// @throws sklite::NotFittedError before fit
  const Eigen::VectorXd& scale() const { return fitted("scale").scale; }

  /// @brief The number of samples fit saw (scikit-learn's `n_samples_seen_`).
  /// @throws sklite::NotFittedError before fit
  Eigen::Index n_samples_seen() const { return fitted("n_samples_seen").n_samples; }

  /// @brief The number of features (columns) fit saw (scikit-learn's `n_features_in_`).
  /// @throws sklite::NotFittedError before fit
  Eigen::Index n_features_in() const { return fitted("n_features_in").n_features; }

 private:
  struct Fitted {
    Eigen::VectorXd mean, var, scale;
    Eigen::Index n_samples = 0;
    Eigen::Index n_features = 0;
    bool with_mean = true;
    bool with_std = true;
  };

  static std::array<const char*, 2> param_names() { return {"with_mean", "with_std"}; }

  static void set_param(StandardScalerParams& params, const std::string& name,
                        const ParamValue& value) {
    const std::string fn = detail::scaler_function(estimator_name(), "set_params");
    if (name == "with_mean")
      params.with_mean = detail::param_bool(fn, name, value);
    else if (name == "with_std")
      params.with_std = detail::param_bool(fn, name, value);
    else
      detail::throw_unknown_param(fn, estimator_name(), name, param_names());
  }

  const Fitted& fitted(const char* attribute) const {
    if (!fitted_) detail::throw_scaler_not_fitted_attribute(estimator_name(), attribute);
    return *fitted_;
  }

  // scikit-learn's _incremental_mean_and_var from an empty start, then _is_constant_feature and
  // _handle_zeros_in_scale, operation for operation.
  template <typename Derived>
  Fitted compute(const Eigen::MatrixBase<Derived>& X_in) const {
    const std::string fn = detail::scaler_function(estimator_name(), "fit");
    detail::check_scaler_fit_input(fn, X_in);
    const Eigen::Ref<const Eigen::MatrixXd> X = X_in.template cast<double>();
    Fitted f;
    f.n_samples = X.rows();
    f.n_features = X.cols();
    f.with_mean = params_.with_mean;
    f.with_std = params_.with_std;
    if (!f.with_mean && !f.with_std) return f;

    const auto n = static_cast<double>(X.rows());
    const Eigen::VectorXd sums = detail::numpy_column_sums(X);
    f.mean = sums / n;
    check_finite_statistic(fn, "mean", f.mean);
    if (!f.with_std) return f;

    // The corrected two-pass variance: sum((x - m)²) - sum(x - m)² / n, divided by n.
    const Eigen::MatrixXd deviations = X.rowwise() - f.mean.transpose();
    const Eigen::VectorXd correction = detail::numpy_column_sums(deviations);
    const Eigen::VectorXd squares = detail::numpy_column_sums(deviations.array().square().matrix());
    f.var = ((squares.array() - correction.array().square() / n) / n).matrix();
    check_finite_statistic(fn, "variance", f.var);

    constexpr double eps = std::numeric_limits<double>::epsilon();
    f.scale.resize(f.n_features);
    for (Eigen::Index j = 0; j < f.n_features; ++j) {
      const double var = f.var(j);
      const double spread = n * f.mean(j) * eps;
      const bool constant = var <= n * eps * var + spread * spread;
      f.scale(j) = constant ? 1.0 : std::sqrt(var);
    }
    return f;
  }

  static void check_finite_statistic(const std::string& fn, const char* what,
                                     const Eigen::VectorXd& values) {
    for (Eigen::Index j = 0; j < values.size(); ++j)
      if (!std::isfinite(values(j)))
        detail::throw_invalid(fn, "the ", what, " of feature ", j, " overflows a double (",
                              detail::describe_number(values(j)), "); scale X down before fitting");
  }

  template <typename Derived>
  static Eigen::MatrixXd apply(const Fitted& f, const Eigen::MatrixBase<Derived>& X) {
    Eigen::MatrixXd Z = X.template cast<double>();
    if (f.with_mean) Z.rowwise() -= f.mean.transpose();
    if (f.with_std) Z.array().rowwise() /= f.scale.transpose().array();
    return Z;
  }

  StandardScalerParams params_{};
  std::optional<Fitted> fitted_{};
};

}  // namespace sklite

#endif  // SKLITE_PREPROCESSING_STANDARD_SCALER_HPP

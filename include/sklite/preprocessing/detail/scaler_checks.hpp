// sklite: the input checks and messages the scalers share (sklite/preprocessing/*.hpp).
#ifndef SKLITE_PREPROCESSING_DETAIL_SCALER_CHECKS_HPP
#define SKLITE_PREPROCESSING_DETAIL_SCALER_CHECKS_HPP

#include <Eigen/Core>
#include <string>
#include <string_view>

#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"

namespace sklite::detail {

/// "StandardScaler::transform" for estimator "StandardScaler" and method "transform".
inline std::string scaler_function(std::string_view estimator, std::string_view method) {
  return concat(estimator, "::", method);
}

/// Thrown by a method (transform, inverse_transform) used before fit.
[[noreturn]] inline void throw_scaler_not_fitted(std::string_view estimator,
                                                 std::string_view method) {
  throw NotFittedError(concat(estimator, "::", method, ": this ", estimator,
                              " is not fitted yet; call fit before using it"));
}

/// Thrown by a fitted attribute's accessor read before fit.
[[noreturn]] inline void throw_scaler_not_fitted_attribute(std::string_view estimator,
                                                           std::string_view attribute) {
  throw NotFittedError(concat(estimator, "::", attribute, ": this ", estimator,
                              " is not fitted yet; call fit before reading its attributes"));
}

/// The checks of X before fit: at least one row and one column, every value finite.
template <typename Derived>
void check_scaler_fit_input(const std::string& fn, const Eigen::MatrixBase<Derived>& X) {
  check_not_empty(fn, "X", X);
  check_finite(fn, "X", X);
}

/// The checks of X after fit: at least one row, as many columns as at fit, every value finite.
template <typename Derived>
void check_scaler_input(const std::string& fn, std::string_view estimator,
                        const Eigen::MatrixBase<Derived>& X, Eigen::Index n_features) {
  check_not_empty(fn, "X", X);
  if (X.cols() != n_features)
    throw_invalid(fn, "X has ", X.cols(), " features, but ", estimator, " was fitted with ",
                  n_features, " features");
  check_finite(fn, "X", X);
}

}  // namespace sklite::detail

#endif  // SKLITE_PREPROCESSING_DETAIL_SCALER_CHECKS_HPP

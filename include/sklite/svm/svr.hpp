// sklite: ε-support vector regression (scikit-learn's SVR, LIBSVM's ε-SVR).
#ifndef SKLITE_SVM_SVR_HPP
#define SKLITE_SVM_SVR_HPP

#include "sklite/kernels.hpp"
#include "sklite/svm/detail/regressor.hpp"
#include "sklite/svm/params.hpp"

namespace sklite {

/// @brief ε-support vector regression, the estimator of scikit-learn's `SVR`.
///
/// Fits f(x) = Σ_i (α_i − α*_i) k(x_i, x) − rho so that errors within ε of the targets cost
/// nothing and larger ones cost C per unit (Vapnik 1995; Smola & Schölkopf 2004), by LIBSVM's
/// solver on its 2l-variable dual: the same support vectors, coefficients, intercept and
/// predictions as LIBSVM and scikit-learn. Members: svm::detail::Regressor; docs/svm.md.
///
/// @code
/// sklite::SVR reg({.C = 10.0, .epsilon = 0.05});
/// Eigen::VectorXd y_pred = reg.fit(X_train, y_train).predict(X_test);
/// double r2 = reg.score(X_test, y_test);
/// @endcode
template <typename Kernel = kernels::Any, typename Scalar = double>
using BasicSVR = svm::detail::Regressor<SVRParams, Kernel, Scalar>;

/// @brief scikit-learn's SVR: the kernel is chosen at run time from SVRParams::kernel.
using SVR = BasicSVR<>;

}  // namespace sklite

#endif  // SKLITE_SVM_SVR_HPP

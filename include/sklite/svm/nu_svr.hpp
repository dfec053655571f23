// sklite: ν-support vector regression (scikit-learn's NuSVR, LIBSVM's ν-SVR).
#ifndef SKLITE_SVM_NU_SVR_HPP
#define SKLITE_SVM_NU_SVR_HPP

#include "sklite/kernels.hpp"
#include "sklite/svm/detail/regressor.hpp"
#include "sklite/svm/params.hpp"

namespace sklite {

/// @brief ν-support vector regression, the estimator of scikit-learn's `NuSVR`.
///
/// As sklite::BasicSVR, but the width ε of the tube is found by the fit: ν bounds the fraction of
/// samples outside it from above and the fraction of support vectors from below (Schölkopf et
/// al. 2000). Solved in LIBSVM's ν form. Members: svm::detail::Regressor; docs/svm.md.
///
/// @code
/// sklite::NuSVR reg({.nu = 0.2, .C = 10.0});
/// reg.fit(X_train, y_train);
/// @endcode
template <typename Kernel = kernels::Any, typename Scalar = double>
using BasicNuSVR = svm::detail::Regressor<NuSVRParams, Kernel, Scalar>;

/// @brief scikit-learn's NuSVR: the kernel is chosen at run time from NuSVRParams::kernel.
using NuSVR = BasicNuSVR<>;

}  // namespace sklite

#endif  // SKLITE_SVM_NU_SVR_HPP

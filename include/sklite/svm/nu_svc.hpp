// sklite: the ν-support vector classifier (scikit-learn's NuSVC, LIBSVM's ν-SVC).
#ifndef SKLITE_SVM_NU_SVC_HPP
#define SKLITE_SVM_NU_SVC_HPP

#include "sklite/kernels.hpp"
#include "sklite/svm/detail/classifier.hpp"
#include "sklite/svm/params.hpp"

namespace sklite {

/// @brief ν-support vector classification, the estimator of scikit-learn's `NuSVC`.
///
/// The same one-vs-one machine as sklite::BasicSVC with ν in place of C: in each binary problem ν
/// is an upper bound on the fraction of margin errors and a lower bound on the fraction of support
/// vectors (Schölkopf et al. 2000; Chang & Lin 2001, Training ν-support vector classifiers). Each
/// problem is solved in LIBSVM's ν form and rescaled to the C-SVC it equals, so its coefficients,
/// intercepts and decision values are LIBSVM's and scikit-learn's. A ν that no solution can meet
/// (ν(n_a + n_b)/2 > min(n_a, n_b) for some pair of classes) is refused at fit.
///
/// @code
/// sklite::NuSVC clf({.nu = 0.1, .gamma = 0.001});
/// clf.fit(X_train, y_train);
/// @endcode
template <typename Kernel = kernels::Any, typename Scalar = double, typename Label = int>
using BasicNuSVC = svm::detail::Classifier<NuSVCParams, Kernel, Scalar, Label>;

/// @brief scikit-learn's NuSVC: the kernel is chosen at run time from NuSVCParams::kernel.
using NuSVC = BasicNuSVC<>;

}  // namespace sklite

#endif  // SKLITE_SVM_NU_SVC_HPP

// sklite: the C-support vector classifier (scikit-learn's SVC, LIBSVM's C-SVC).
#ifndef SKLITE_SVM_SVC_HPP
#define SKLITE_SVM_SVC_HPP

#include "sklite/kernels.hpp"
#include "sklite/svm/detail/classifier.hpp"
#include "sklite/svm/params.hpp"

namespace sklite {

/// @brief C-support vector classification, the estimator of scikit-learn's `SVC`.
///
/// Trains one binary C-SVM per pair of classes (one-vs-one) with LIBSVM's SMO solver
/// (svm::SMOSolver) and predicts by voting, exactly as LIBSVM and scikit-learn do: the same support
/// vectors, dual coefficients, intercepts and decision values for the same data and parameters.
/// Its members are those of svm::detail::Classifier; docs/svm.md lists them all.
///
/// @tparam Kernel the kernel policy (see sklite::kernels): kernels::Any picks a built-in kernel
///   from the parameters at run time (that is sklite::SVC); a built-in kernel type fixes it at
///   compile time; a user class meeting the kernel contract plugs in its own.
/// @tparam Scalar the floating-point type the training data and support vectors are stored in;
///   kernel sums are accumulated in double whatever it is.
/// @tparam Label int (the default), or any type with operator< such as std::string, whose labels
///   fit and predict take and give as std::vector<Label>.
///
/// @code
/// sklite::SVC clf({.C = 100.0, .gamma = 0.001});
/// clf.fit(X_train, y_train);
/// Eigen::VectorXi y_pred = clf.predict(X_test);
/// @endcode
///
/// References: Platt (1998), Sequential Minimal Optimization; Fan, Chen & Lin (2005), Working set
/// selection using second order information for training SVM, JMLR 6; Chang & Lin (2011), LIBSVM: a
/// library for support vector machines, ACM TIST 2(3).
template <typename Kernel = kernels::Any, typename Scalar = double, typename Label = int>
using BasicSVC = svm::detail::Classifier<SVCParams, Kernel, Scalar, Label>;

/// @brief scikit-learn's SVC: the kernel is chosen at run time from SVCParams::kernel.
using SVC = BasicSVC<>;

}  // namespace sklite

#endif  // SKLITE_SVM_SVC_HPP

// sklite: the one-class SVM for novelty detection (scikit-learn's OneClassSVM, LIBSVM's one-class).
#ifndef SKLITE_SVM_ONE_CLASS_SVM_HPP
#define SKLITE_SVM_ONE_CLASS_SVM_HPP

#include <Eigen/Core>
#include <istream>
#include <string>
#include <utility>

#include "sklite/kernels.hpp"
#include "sklite/svm/detail/single_function.hpp"
#include "sklite/svm/params.hpp"

namespace sklite {

/// @brief Unsupervised outlier detection, the estimator of scikit-learn's `OneClassSVM`.
///
/// Estimates the support of the training distribution (Schölkopf et al. 2001): a function
/// f(x) = Σ_i α_i k(x_i, x) − rho that is positive on most training samples; ν bounds the
/// fraction of training samples left outside from above and the fraction of support vectors
/// from below. LIBSVM's solver gives the same α and rho as LIBSVM and scikit-learn.
///
/// @code
/// sklite::OneClassSVM detector({.gamma = 0.001, .nu = 0.05});
/// detector.fit(X_normal);
/// Eigen::VectorXi inlier = detector.predict(X_new);   // +1 inside, −1 outside
/// @endcode
template <typename Kernel = kernels::Any, typename Scalar = double>
class BasicOneClassSVM : public svm::detail::SingleFunction<OneClassSVMParams, Kernel, Scalar> {
  using Base = svm::detail::SingleFunction<OneClassSVMParams, Kernel, Scalar>;

 public:
  /// @brief Checks the parameters; does not train.
  /// @throws std::invalid_argument for a parameter out of range (see docs/svm.md)
  explicit BasicOneClassSVM(OneClassSVMParams params = {}, Kernel kernel = Kernel{})
      : Base(std::move(params), std::move(kernel)) {}

  /// @brief Fits the detector to the samples X (rows), all taken as normal.
  /// @param X the n×d training matrix, or for a precomputed kernel the n×n Gram matrix
  /// @return *this
  /// @throws std::invalid_argument for an empty X, NaN or infinity, a non-square Gram matrix; the
  ///   estimator is then left as it was
  template <typename DerivedX>
  BasicOneClassSVM& fit(const Eigen::MatrixBase<DerivedX>& X) {
    return fit(X, Eigen::VectorXd());
  }

  /// @brief Fits with a weight per sample: sample i's bound is its weight; samples of weight ≤ 0
  /// take no part, as in scikit-learn.
  template <typename DerivedX, typename DerivedW>
  BasicOneClassSVM& fit(const Eigen::MatrixBase<DerivedX>& X,
                        const Eigen::DenseBase<DerivedW>& sample_weight) {
    const std::string fn = Base::function("fit");
    svm::detail::check_training_X(fn, X, Base::precomputed());
    Base::fit_single(fn, X, Eigen::VectorXd(),
                     svm::detail::sample_weights(fn, sample_weight, X.rows()));
    return *this;
  }

  /// @brief +1 for the rows of X inside the estimated support (f(x) > 0), −1 for outliers.
  /// @throws NotFittedError before fit; std::invalid_argument for NaN/infinity or a column count
  ///   other than at fit (n_train for a precomputed kernel)
  template <typename Derived>
  Eigen::VectorXi predict(const Eigen::MatrixBase<Derived>& X) const {
    const Eigen::VectorXd f = Base::values(Base::function("predict"), X);
    return (f.array() > 0).select(Eigen::VectorXi::Ones(f.size()), -1);
  }

  /// @brief f(x) = Σ α_i k(x_i, x) − rho at the rows of X: positive inside, negative outside.
  /// @throws as predict
  template <typename Derived>
  Eigen::VectorXd decision_function(const Eigen::MatrixBase<Derived>& X) const {
    return Base::values(Base::function("decision_function"), X);
  }

  /// @brief The raw score Σ α_i k(x_i, x) = decision_function(x) + offset().
  /// @throws as predict
  template <typename Derived>
  Eigen::VectorXd score_samples(const Eigen::MatrixBase<Derived>& X) const {
    return Base::values(Base::function("score_samples"), X).array() + offset();
  }

  /// The offset rho that decision_function subtracts from score_samples (scikit-learn's offset_).
  double offset() const { return Base::fitted("offset").rho(0); }

  /// @brief Reads a one-class SVM from a LIBSVM model file (svm_type one_class); `options` give
  /// what the file does not say (n_jobs).
  static BasicOneClassSVM load(const std::string& path, const OneClassSVMParams& options = {}) {
    return Base::template load_path<BasicOneClassSVM>(path, options);
  }
  /// @brief Reads a one-class SVM from LIBSVM model text in a stream; `name` stands for the path.
  static BasicOneClassSVM load(std::istream& in, const std::string& name,
                               const OneClassSVMParams& options = {}) {
    return Base::template load_stream<BasicOneClassSVM>(in, name, options);
  }
  /// @brief A one-class SVM holding `model` (read with svm::read_libsvm_model, another
  /// estimator's model(), or built by hand).
  /// @throws as the classifiers' from_model
  static BasicOneClassSVM from_model(svm::Model<Scalar> model,
                                     const OneClassSVMParams& options = {}) {
    return Base::template adopt_model<BasicOneClassSVM>(std::move(model), options);
  }
};

/// @brief scikit-learn's OneClassSVM: the kernel is chosen at run time from the parameters.
using OneClassSVM = BasicOneClassSVM<>;

}  // namespace sklite

#endif  // SKLITE_SVM_ONE_CLASS_SVM_HPP

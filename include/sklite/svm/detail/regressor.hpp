// sklite: the support vector regressions (SVR and NuSVR): real targets, predictions and R².
#ifndef SKLITE_SVM_DETAIL_REGRESSOR_HPP
#define SKLITE_SVM_DETAIL_REGRESSOR_HPP

#include <Eigen/Core>
#include <istream>
#include <string>
#include <utility>

#include "sklite/detail/validation.hpp"
#include "sklite/metrics/regression.hpp"
#include "sklite/svm/detail/single_function.hpp"
#include "sklite/svm/params.hpp"

namespace sklite::svm::detail {

/// @brief A support vector regression: the function f(x) = Σ coefficient · k(sv, x) − rho fitted
/// to real targets. sklite::BasicSVR and sklite::BasicNuSVR are this template with their
/// parameters (see svm/svr.hpp and svm/nu_svr.hpp).
template <typename Params, typename Kernel, typename Scalar>
class Regressor : public SingleFunction<Params, Kernel, Scalar> {
  using Base = SingleFunction<Params, Kernel, Scalar>;

 public:
  /// @brief Checks the parameters; does not train.
  /// @throws std::invalid_argument for a parameter out of range (see docs/svm.md)
  explicit Regressor(Params params = {}, Kernel kernel = Kernel{})
      : Base(std::move(params), std::move(kernel)) {}

  /// @brief Fits f to the samples X (rows) and their targets y.
  /// @param X the n×d training matrix, or for a precomputed kernel the n×n Gram matrix
  /// @param y n finite targets
  /// @return *this
  /// @throws std::invalid_argument for an empty X, NaN or infinity in X or y, lengths that differ,
  ///   a non-square Gram matrix; the estimator is then left as it was
  template <typename DerivedX, typename DerivedY>
  Regressor& fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) {
    return fit(X, y, Eigen::VectorXd());
  }

  /// @brief Fits with a weight per sample: sample i's bound is C × its weight; samples of weight
  /// ≤ 0 take no part, as in scikit-learn.
  template <typename DerivedX, typename DerivedY, typename DerivedW>
  Regressor& fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y,
                 const Eigen::DenseBase<DerivedW>& sample_weight) {
    const std::string fn = Base::function("fit");
    check_training_X(fn, X, Base::precomputed());
    sklite::detail::check_vector(fn, "y", y);
    sklite::detail::check_same_length(fn, "X", X.rows(), "rows", "y", y.size(), "targets");
    const Eigen::VectorXd targets = y.derived().template cast<double>();
    sklite::detail::check_finite(fn, "y", targets);
    Base::fit_single(fn, X, targets, sample_weights(fn, sample_weight, X.rows()));
    return *this;
  }

  /// @brief f at the rows of X.
  /// @throws NotFittedError before fit; std::invalid_argument for NaN/infinity or a column count
  ///   other than at fit (n_train for a precomputed kernel)
  template <typename Derived>
  Eigen::VectorXd predict(const Eigen::MatrixBase<Derived>& X) const {
    return Base::values(Base::function("predict"), X);
  }

  /// @brief R², the coefficient of determination of predict(X) against y (metrics::r2_score).
  /// @throws as predict and metrics::r2_score
  template <typename DerivedX, typename DerivedY>
  double score(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) const {
    const std::string fn = Base::function("score");
    Base::fitted_for(fn);
    sklite::detail::check_vector(fn, "y", y);
    sklite::detail::check_same_length(fn, "X", X.rows(), "rows", "y", y.size(), "targets");
    if (y.size() < 2) throw_invalid(fn, "R² needs at least 2 samples; got ", y.size());
    return metrics::r2_score(y, predict(X));
  }

  /// @brief Reads a regression from a LIBSVM model file of this estimator's svm_type; `options`
  /// give what the file does not say (n_jobs). As the classifiers' load().
  static Regressor load(const std::string& path, const Params& options = {}) {
    return Base::template load_path<Regressor>(path, options);
  }
  /// @brief Reads a regression from LIBSVM model text in a stream; `name` stands for the path.
  static Regressor load(std::istream& in, const std::string& name, const Params& options = {}) {
    return Base::template load_stream<Regressor>(in, name, options);
  }
  /// @brief A regression holding `model` (read with svm::read_libsvm_model, another estimator's
  /// model(), or built by hand).
  /// @throws std::invalid_argument for a model of another svm_type, another kernel than a fixed
  ///   Kernel, parts of inconsistent sizes or a user-defined kernel
  static Regressor from_model(svm::Model<Scalar> model, const Params& options = {}) {
    return Base::template adopt_model<Regressor>(std::move(model), options);
  }
};

}  // namespace sklite::svm::detail

#endif  // SKLITE_SVM_DETAIL_REGRESSOR_HPP

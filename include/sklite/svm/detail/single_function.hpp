// sklite: the SVMs with one decision function (the one-class SVM and the regressions): their fit
// and scikit-learn's views of their model.
#ifndef SKLITE_SVM_DETAIL_SINGLE_FUNCTION_HPP
#define SKLITE_SVM_DETAIL_SINGLE_FUNCTION_HPP

#include <Eigen/Core>
#include <cstdint>
#include <istream>
#include <string>
#include <utility>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/detail/estimator.hpp"
#include "sklite/svm/model.hpp"
#include "sklite/svm/model_file.hpp"
#include "sklite/svm/train.hpp"

namespace sklite::svm::detail {

/// @brief The base of OneClassSVM, SVR and NuSVR: one problem over every training sample of
/// positive weight, one decision function Σ coefficient · k(sv, x) − rho.
template <typename Params, typename Kernel, typename Scalar>
class SingleFunction : public Estimator<Params, Kernel, Scalar> {
  using Base = Estimator<Params, Kernel, Scalar>;

 public:
  /// For model selection: an integer cv means plain folds (scikit-learn's rule for anything that
  /// is not a classifier).
  static constexpr bool is_classifier = false;

  /// @name Fitted attributes (scikit-learn's, without the trailing underscore)
  /// Each throws NotFittedError before fit; support(), n_iter(), fit_status() and, with the linear
  /// kernel, effective_gamma() throw std::logic_error for a model read from a file.
  ///@{
  /// 1 × n_SV: the coefficient of each support vector.
  const Eigen::MatrixXd& dual_coef() const { return Base::fitted("dual_coef").sv_coef; }
  /// The constant of the decision function, −rho (one value).
  Eigen::VectorXd intercept() const { return -Base::fitted("intercept").rho; }
  /// The number of support vectors (one value).
  Eigen::VectorXi n_support() const {
    return Eigen::VectorXi::Constant(1, static_cast<int>(Base::fitted("n_support").total_sv()));
  }
  /// SMO iterations.
  int n_iter() const { return Base::recorded("n_iter").n_iter(0); }
  /// @brief The primal weights w of the decision function, 1 × n_features (linear kernel only).
  /// @throws std::invalid_argument for any other kernel
  Eigen::MatrixXd coef() const {
    const svm::Model<Scalar>& m = Base::fitted("coef");
    if (is_user_kernel_v<Kernel> || m.kernel_type != kernels::KernelType::linear)
      throw_invalid(Base::function("coef"), "coef is only available with the linear kernel; this ",
                    Base::Traits::name, " uses '",
                    kernel_label(svm::model_kernel(Base::kernel_, m)), "'");
    return m.sv_coef * m.SV.template cast<double>();
  }
  ///@}

 protected:
  using Base::Base;

  /// Trains on X with the targets (regression) and sample weights, and keeps the model.
  template <typename DerivedX>
  void fit_single(const std::string& fn, const Eigen::MatrixBase<DerivedX>& X,
                  const Eigen::VectorXd& targets, const Eigen::VectorXd& w) {
    const std::vector<Eigen::Index> rows = weighted_rows(fn, w);
    const Formulation formulation = formulation_of(Base::params_);
    const Eigen::VectorXd w_kept = w(rows);
    const Eigen::VectorXd z =
        targets.size() == 0 ? Eigen::VectorXd() : Eigen::VectorXd(targets(rows));
    svm::Model<Scalar> model = Base::new_model(X);
    svm::TrainOptions options = Base::train_options();
    Base::use_share(options, X, rows, model);
    const auto control = Base::make_control(1);
    options.solver.control = control.get();
    // A warm start needs the same X, targets and kernel; C, nu and the weights may change.
    std::uint64_t fingerprint = 0;
    std::vector<Eigen::VectorXd> warm;
    if (Base::params_.warm_start) {
      fingerprint = Base::fingerprint(X, model).add_all(targets).value();
      warm = Base::warm_alpha(fingerprint, rows, X.rows());
      if (!warm.empty()) options.warm_alpha = &warm;
      options.keep_alpha = true;
    }
    const svm::Trained t =
        with_training_matrix<Scalar>(X, rows, Base::precomputed(), [&](const auto& train) {
          return svm::train_single(train, w_kept, z, formulation,
                                   svm::model_kernel(Base::kernel_, model), options);
        });
    model.sv_coef = t.sv_coef;
    model.rho = t.rho;
    set_support_vectors(model, X, rows, t.sv_rows);
    FitRecord record = Base::record_fit(t, {""}, control.get());
    record.warm = Base::warm_state(fingerprint, t, rows, X.rows());
    Base::commit(std::move(model), std::move(record));
  }

  /// The decision function's values at the rows of X.
  template <typename Derived>
  Eigen::VectorXd values(const std::string& fn, const Eigen::MatrixBase<Derived>& X) const {
    return Base::raw_decision(fn, X).col(0);
  }

  // What the derived estimators' load(path), load(stream) and from_model do.
  template <typename Derived>
  static Derived load_path(const std::string& path, const Params& options) {
    const std::string fn = Base::function("load");
    Base::refuse_user_kernel(fn);
    return Base::template adopt<Derived>(read_libsvm_model<Scalar>(path, Base::read_options(fn)),
                                         fn, path, options);
  }
  template <typename Derived>
  static Derived load_stream(std::istream& in, const std::string& name, const Params& options) {
    const std::string fn = Base::function("load");
    Base::refuse_user_kernel(fn);
    return Base::template adopt<Derived>(
        read_libsvm_model<Scalar>(in, name, Base::read_options(fn)), fn, name, options);
  }
  template <typename Derived>
  static Derived adopt_model(svm::Model<Scalar>&& model, const Params& options) {
    return Base::template adopt<Derived>(std::move(model), Base::function("from_model"),
                                         "an svm::Model", options);
  }
};

}  // namespace sklite::svm::detail

#endif  // SKLITE_SVM_DETAIL_SINGLE_FUNCTION_HPP

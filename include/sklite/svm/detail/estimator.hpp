// sklite: what the five SVM estimators share: parameter checks, the kernel, fit's set-up (gamma,
// sample weights, the training matrix, the driver's options), prediction's input checks and
// decision values, the fitted model with its training record, and LIBSVM model files.
#ifndef SKLITE_SVM_DETAIL_ESTIMATOR_HPP
#define SKLITE_SVM_DETAIL_ESTIMATOR_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/detail/parallel.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"
#include "sklite/kernels.hpp"
#include "sklite/params.hpp"
#include "sklite/svm/detail/named_params.hpp"
#include "sklite/svm/formulations.hpp"
#include "sklite/svm/kernel_share.hpp"
#include "sklite/svm/model.hpp"
#include "sklite/svm/model_file.hpp"
#include "sklite/svm/params.hpp"
#include "sklite/svm/train.hpp"

namespace sklite::svm::detail {

using sklite::detail::concat;
using sklite::detail::throw_invalid;

/// Each parameter struct's estimator: its name (which starts error messages) and formulation.
template <typename Params>
struct EstimatorTraits;
template <>
struct EstimatorTraits<SVCParams> {
  static constexpr const char* name = "SVC";
  static constexpr SVMType type = SVMType::c_svc;
};
template <>
struct EstimatorTraits<NuSVCParams> {
  static constexpr const char* name = "NuSVC";
  static constexpr SVMType type = SVMType::nu_svc;
};
template <>
struct EstimatorTraits<OneClassSVMParams> {
  static constexpr const char* name = "OneClassSVM";
  static constexpr SVMType type = SVMType::one_class;
};
template <>
struct EstimatorTraits<SVRParams> {
  static constexpr const char* name = "SVR";
  static constexpr SVMType type = SVMType::epsilon_svr;
};
template <>
struct EstimatorTraits<NuSVRParams> {
  static constexpr const char* name = "NuSVR";
  static constexpr SVMType type = SVMType::nu_svr;
};

/// The formulation's parameters, from each estimator's parameters.
inline Formulation formulation_of(const SVCParams& p) { return {SVMType::c_svc, p.C, 0.5, 0.1}; }
inline Formulation formulation_of(const NuSVCParams& p) {
  return {SVMType::nu_svc, 1.0, p.nu, 0.1, p.starting_point};
}
inline Formulation formulation_of(const OneClassSVMParams& p) {
  return {SVMType::one_class, 1.0, p.nu, 0.1, p.starting_point};
}
inline Formulation formulation_of(const SVRParams& p) {
  return {SVMType::epsilon_svr, p.C, 0.5, p.epsilon};
}
inline Formulation formulation_of(const NuSVRParams& p) {
  return {SVMType::nu_svr, p.C, p.nu, 0.1, p.starting_point};
}

// ---- Parameter checks, in the order docs/svm.md lists them.

inline void check_C(std::string_view fn, double C) {
  if (!(C > 0) || !std::isfinite(C))
    throw_invalid(fn, "C must be a positive finite number; got ", C);
}
inline void check_nu(std::string_view fn, double nu) {
  if (!(nu > 0 && nu <= 1)) throw_invalid(fn, "nu must be in (0, 1]; got ", nu);
}
inline void check_epsilon(std::string_view fn, double epsilon) {
  if (!(epsilon >= 0) || !std::isfinite(epsilon))
    throw_invalid(fn, "epsilon must be a finite number >= 0; got ", epsilon);
}

/// The parameters every SVM has: tol, degree, coef0, cache_size, n_jobs, max_iter, gamma.
template <typename P>
void check_common(std::string_view fn, const P& p) {
  if (!(p.tol > 0) || !std::isfinite(p.tol))
    throw_invalid(fn, "tol must be a positive finite number; got ", p.tol);
  if (p.degree < 0) throw_invalid(fn, "degree must be >= 0; got ", p.degree);
  if (!std::isfinite(p.coef0)) throw_invalid(fn, "coef0 must be finite; got ", p.coef0);
  if (!(p.cache_size > 0) || !std::isfinite(p.cache_size))
    throw_invalid(fn, "cache_size must be a positive number of MB; got ", p.cache_size);
  if (p.n_jobs == 0 || p.n_jobs < -1)
    throw_invalid(fn, "n_jobs must be -1 (every core) or >= 1; got ", p.n_jobs);
  if (p.max_iter < -1)
    throw_invalid(fn, "max_iter must be -1 (no limit) or >= 0; got ", p.max_iter);
  if (p.max_seconds && (!(*p.max_seconds > 0) || !std::isfinite(*p.max_seconds)))
    throw_invalid(fn, "max_seconds must be a positive finite number of seconds; got ",
                  *p.max_seconds);
  switch (p.gamma.kind()) {
    case Gamma::Kind::value:
      if (!(p.gamma.value() > 0) || !std::isfinite(p.gamma.value()))
        throw_invalid(fn, "gamma must be a positive number, 'scale' or 'auto'; got ",
                      p.gamma.value());
      break;
    case Gamma::Kind::invalid:
      throw_invalid(fn, "gamma must be a positive number, 'scale' or 'auto'; got '", p.gamma.name(),
                    "'");
    default:
      break;
  }
}

/// The classifiers' own: class_weight (break_ties with the ovo shape is refused at predict, as
/// scikit-learn does).
template <typename P>
void check_classifier(std::string_view fn, const P& p) {
  if (p.class_weight.is_named() && !p.class_weight.is_balanced())
    throw_invalid(fn, "class_weight must be 'balanced' or a weight per class; got '",
                  p.class_weight.name(), "'");
  // A zero weight would make the class's C zero, which LIBSVM cannot solve (scikit-learn ends
  // with non-finite coefficients); refuse it up front.
  for (const auto& [label, weight] : p.class_weight.weights())
    if (!(weight > 0) || !std::isfinite(weight))
      throw_invalid(fn, "class_weight for class ", label, " must be a positive finite number; got ",
                    weight);
}

inline void check_params(std::string_view fn, const SVCParams& p) {
  check_C(fn, p.C);
  check_common(fn, p);
  check_classifier(fn, p);
}
inline void check_params(std::string_view fn, const NuSVCParams& p) {
  check_nu(fn, p.nu);
  check_common(fn, p);
  check_classifier(fn, p);
}
inline void check_params(std::string_view fn, const OneClassSVMParams& p) {
  check_nu(fn, p.nu);
  check_common(fn, p);
}
inline void check_params(std::string_view fn, const SVRParams& p) {
  check_C(fn, p.C);
  check_epsilon(fn, p.epsilon);
  check_common(fn, p);
}
inline void check_params(std::string_view fn, const NuSVRParams& p) {
  check_nu(fn, p.nu);
  check_C(fn, p.C);
  check_common(fn, p);
}

// ---- The kernel.

/// True for a kernel written by the user (neither kernels::Any nor a built-in kernel type).
template <typename Kernel>
inline constexpr bool is_user_kernel_v =
    !std::is_same_v<Kernel, kernels::Any> && !kernels::detail::has_type<Kernel>::value;

/// The built-in kernel a kernel object stands for (rbf for a user kernel, where it is unused).
template <typename Kernel>
kernels::KernelType kernel_kind(const Kernel& kernel) {
  if constexpr (std::is_same_v<Kernel, kernels::Any>) {
    return kernel.type;
  } else if constexpr (kernels::detail::has_type<Kernel>::value) {
    return Kernel::type;
  } else {
    return kernels::KernelType::rbf;
  }
}

/// The kernel's name in messages ("custom" for a user kernel).
template <typename Kernel>
std::string kernel_label(const Kernel& kernel) {
  return is_user_kernel_v<Kernel> ? "custom" : kernels::kernel_name(kernel_kind(kernel));
}

/// Takes the `kernel` parameter: kernels::Any is set to it (rbf when unset); a fixed kernel type
/// must not be contradicted.
template <typename Kernel>
void set_kernel(std::string_view fn, const std::string& estimator, const KernelSpec& spec,
                Kernel& kernel) {
  if constexpr (std::is_same_v<Kernel, kernels::Any>) {
    kernel.type = spec.type(kernels::KernelType::rbf);
  } else if (spec.is_set()) {
    const kernels::KernelType named = spec.type(kernels::KernelType::rbf);
    if (is_user_kernel_v<Kernel> || named != kernel_kind(kernel))
      throw_invalid(fn, "kernel '", kernels::kernel_name(named), "' contradicts this ", estimator,
                    "'s kernel type '", kernel_label(kernel), "'; leave kernel unset for a typed ",
                    estimator);
  }
}

// ---- Fit's set-up.

/// gamma "scale" of the finite values X: 1 / (n_features · Var(X)), or 1 when the variance is 0.
template <typename Values>
double scale_gamma(const Values& X) {
  const auto variance_of = [](const auto& values) {
    const double mean = values.mean();
    return (values - mean).square().mean();
  };
  const double n_features = static_cast<double>(X.cols());
  const double variance = variance_of(X);
  if (std::isfinite(variance)) return variance != 0 ? 1.0 / (n_features * variance) : 1.0;
  // The sums overflowed (entries near 1e154 and beyond): Var(X) = s² Var(X / s) with s = max |x|,
  // and gamma divided by s twice, so that it only underflows when it truly is that small.
  const double s = X.abs().maxCoeff();
  const double scaled = variance_of(X / s);
  return scaled != 0 ? 1.0 / (n_features * scaled) / s / s : 1.0;
}

/// gamma as the kernel uses it: a number, 1 / n_features ("auto"), or 1 / (n_features · Var(X))
/// ("scale"; 1 when the variance is 0), the variance over every entry of X.
template <typename DerivedX>
double resolve_gamma(const Gamma& gamma, const Eigen::MatrixBase<DerivedX>& X) {
  switch (gamma.kind()) {
    case Gamma::Kind::value:
      return gamma.value();
    case Gamma::Kind::automatic:
      return 1.0 / static_cast<double>(X.cols());
    default:
      // A plain matrix of doubles is read where it is; anything else is copied into one first,
      // so that the sums run in the same order either way.
      if constexpr (std::is_same_v<DerivedX, Eigen::MatrixXd>)
        return scale_gamma(X.derived().array());
      else
        return scale_gamma(Eigen::ArrayXXd(X.template cast<double>().array()));
  }
}

/// The threads to use for `tasks` independent tasks: n_jobs, or every core for -1.
inline int thread_count(int n_jobs, Eigen::Index tasks) {
  const int wanted = n_jobs == -1 ? sklite::detail::hardware_threads() : n_jobs;
  return static_cast<int>(std::max<Eigen::Index>(1, std::min<Eigen::Index>(wanted, tasks)));
}

/// Checks fit's X: not empty, finite, and square for a precomputed kernel.
template <typename DerivedX>
void check_training_X(std::string_view fn, const Eigen::MatrixBase<DerivedX>& X, bool precomputed) {
  sklite::detail::check_not_empty(fn, "X", X);
  sklite::detail::check_finite(fn, "X", X);
  if (precomputed && X.rows() != X.cols())
    throw_invalid(fn, "a precomputed kernel needs the square n×n Gram matrix as X; got shape (",
                  X.rows(), ", ", X.cols(), ")");
}

/// The sample weights: one finite number per row of X (an empty vector means 1 for every row).
template <typename DerivedW>
Eigen::VectorXd sample_weights(std::string_view fn, const Eigen::DenseBase<DerivedW>& weights,
                               Eigen::Index n_rows) {
  if (weights.size() == 0) return Eigen::VectorXd::Ones(n_rows);
  sklite::detail::check_vector(fn, "sample_weight", weights);
  sklite::detail::check_same_length(fn, "X", n_rows, "rows", "sample_weight", weights.size(),
                                    "entries");
  Eigen::VectorXd w(weights.size());
  for (Eigen::Index i = 0; i < w.size(); ++i)
    w(i) = static_cast<double>(weights.derived().coeff(i));
  sklite::detail::check_finite(fn, "sample_weight", w);
  return w;
}

/// The rows whose weight is positive (scikit-learn drops the others before training), or an
/// error when there is none.
inline std::vector<Eigen::Index> weighted_rows(std::string_view fn, const Eigen::VectorXd& w) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < w.size(); ++i)
    if (w(i) > 0) rows.push_back(i);
  if (rows.empty())
    throw_invalid(fn,
                  "Invalid input - all samples have zero or negative weights: sample_weight "
                  "leaves no sample to train on");
  return rows;
}

/// Calls f(M) with the training rows `rows` of X as a column-major matrix of the estimator's
/// Scalar: X(rows, :), or for a precomputed kernel the Gram matrix between them, X(rows, rows).
/// M is X itself when X is such a matrix and `rows` are all its rows in order; otherwise a copy.
template <typename Scalar, typename DerivedX, typename F>
decltype(auto) with_training_matrix(const Eigen::MatrixBase<DerivedX>& X,
                                    const std::vector<Eigen::Index>& rows, bool precomputed,
                                    F&& f) {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  if constexpr (std::is_same_v<DerivedX, Matrix>) {
    bool every_row = static_cast<Eigen::Index>(rows.size()) == X.rows();
    for (std::size_t r = 0; every_row && r < rows.size(); ++r)
      every_row = rows[r] == static_cast<Eigen::Index>(r);
    if (every_row) return f(X.derived());
  }
  return f(precomputed ? Matrix(X(rows, rows).template cast<Scalar>())
                       : Matrix(X(rows, Eigen::all).template cast<Scalar>()));
}

/// The model's support vectors and their indices: training rows `sv_rows` of X, which are rows
/// `rows` of the matrix the driver trained on.
template <typename Scalar, typename DerivedX>
void set_support_vectors(Model<Scalar>& model, const Eigen::MatrixBase<DerivedX>& X,
                         const std::vector<Eigen::Index>& rows,
                         const std::vector<Eigen::Index>& sv_rows) {
  const auto n_sv = static_cast<Eigen::Index>(sv_rows.size());
  model.sv_indices.resize(n_sv);
  for (Eigen::Index s = 0; s < n_sv; ++s)
    model.sv_indices(s) =
        static_cast<int>(rows[static_cast<std::size_t>(sv_rows[static_cast<std::size_t>(s)])]);
  if (model.precomputed()) {
    model.SV.resize(0, 0);
  } else {
    model.SV.resize(n_sv, X.cols());
    for (Eigen::Index s = 0; s < n_sv; ++s)
      model.SV.row(s) = X.row(model.sv_indices(s)).template cast<Scalar>();
  }
  model.n_features = X.cols();
}

/// What fit records beyond LIBSVM's model: scikit-learn's n_iter_, fit_status_, class_weight_.
/// A model read from a file has none.
/// @brief What a later fit with warm_start needs: this fit's solution of each problem over the
/// rows of X (twice as long for a regression: α then α*), and a fingerprint of what must not
/// change in between (X, y, the kernel, the formulation, the problems).
struct WarmState {
  std::uint64_t fingerprint = 0;
  std::vector<Eigen::VectorXd> alpha;
};

/// @brief FNV-1a over the words of values: a fingerprint of the data a warm start may reuse.
class Fingerprint {
 public:
  /// Mixes in one number, a word at a time (a byte at a time is needlessly slow on big X).
  template <typename T>
  Fingerprint& add(const T& value) {
    static_assert(std::is_arithmetic_v<T> && sizeof(T) <= sizeof(std::uint64_t));
    std::uint64_t word = 0;
    std::memcpy(&word, &value, sizeof(T));
    hash_ = (hash_ ^ word) * 0x100000001b3ULL;
    return *this;
  }
  template <typename Derived>
  Fingerprint& add_all(const Eigen::DenseBase<Derived>& values) {
    add(values.rows()).add(values.cols());
    for (Eigen::Index j = 0; j < values.cols(); ++j)
      for (Eigen::Index i = 0; i < values.rows(); ++i) add(values.derived().coeff(i, j));
    return *this;
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

struct FitRecord {
  Eigen::VectorXd class_weight;  ///< classifiers: the weight of each class
  Eigen::VectorXi n_iter;        ///< SMO iterations of each problem
  int fit_status = 0;            ///< 1 when max_iter or max_seconds stopped a problem
  bool warm_started = false;     ///< every problem started from the previous fit's solution
  std::shared_ptr<const WarmState> warm;  ///< with warm_start: for the next fit
};

/// @brief The base of the SVM estimators: parameters, kernel, the fitted model and what fit
/// recorded, and everything about them that does not depend on the estimator's task.
template <typename Params, typename Kernel, typename Scalar>
class Estimator {
  static_assert(std::is_floating_point_v<Scalar>, "SVM estimators: Scalar must be float or double");

 public:
  using params_type = Params;
  using kernel_type = Kernel;
  using scalar_type = Scalar;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  /// True once fit (or load) has succeeded.
  bool is_fitted() const noexcept { return model_.has_value(); }
  /// The estimator's name in messages and pipelines: "SVC", "NuSVC", "OneClassSVM", "SVR", "NuSVR".
  static const char* estimator_name() noexcept { return Traits::name; }

  /// The parameters given to the constructor (or to set_params), as their struct.
  const Params& params() const noexcept { return params_; }

  /// @brief The parameters by scikit-learn's names (what set_params by name takes): C, kernel,
  /// gamma ("scale", "auto" or a number), ..., and sklite's n_jobs, max_seconds and warm_start.
  /// A weight per class reads as its Python text, {0: 1.0, 1: 2.0}.
  ParamMap get_params() const { return named_params(params_, kernel_label(kernel_)); }

  /// @brief Replaces the parameters, checked as the constructor checks them. The fitted model
  /// stays until the next fit, which with warm_start starts from it.
  /// @throws std::invalid_argument as the constructor, leaving the parameters as they were
  void set_params(Params params) {
    const std::string fn = function("set_params");
    check_params(fn, params);
    Kernel kernel = kernel_;
    set_kernel(fn, Traits::name, params.kernel, kernel);
    params_ = std::move(params);
    kernel_ = std::move(kernel);
  }

  /// @brief Sets one parameter by scikit-learn's name: `clf.set_params("C", 10.0)`.
  /// @throws std::invalid_argument for an unknown name ("SVC has no parameter 'Cc'; valid
  ///   parameters are C, break_ties, ..."), a value of the wrong kind or out of range; the
  ///   parameters then stay as they were
  void set_params(const std::string& name, const ParamValue& value) {
    set_params(ParamMap{{name, value}});
  }

  /// @brief Sets several parameters by name, all or none.
  /// @throws std::invalid_argument as set_params(name, value)
  void set_params(const ParamMap& values) {
    const std::string fn = function("set_params");
    Params changed = params_;
    for (const auto& [name, value] : values)
      if (!set_named_param(fn, changed, name, value))
        sklite::detail::throw_unknown_param(fn, Traits::name, name, param_names(params_));
    set_params(std::move(changed));
  }

  /// @brief Lets later fits read kernel values from `share` instead of computing them: a fit
  /// whose X holds rows `rows` of the share's data set, in that order, and whose kernel is a
  /// built-in one, copies its block of the shared Gram matrix (KernelShare; what GridSearchCV does
  /// across its candidates and folds). Any other fit computes its own values, as without a share.
  /// The model is the same either way. A null share detaches it.
  void share_kernel(std::shared_ptr<svm::KernelShare<Scalar>> share,
                    std::vector<Eigen::Index> rows = {}) {
    share_ = std::move(share);
    share_rows_ = std::move(rows);
  }

  /// @brief The fitted model in LIBSVM's layout (what save() writes).
  /// @throws NotFittedError before fit
  const svm::Model<Scalar>& model() const { return fitted("model"); }

  /// The number of columns of X at fit (n_train for a precomputed kernel); for a model read from
  /// a file, the largest feature index (or serial) of its support vectors.
  Eigen::Index n_features_in() const { return fitted("n_features_in").n_features; }

  /// The gamma the kernel used (gamma "scale" and "auto" resolved at fit).
  /// @throws NotFittedError before fit; std::logic_error for a linear model read from a file
  double effective_gamma() const {
    const svm::Model<Scalar>& m = fitted("effective_gamma");
    if (!record_ && m.kernel_type == kernels::KernelType::linear) unrecorded("effective_gamma");
    return m.kernel.gamma;
  }

  /// 0 when every problem converged, 1 when max_iter or max_seconds stopped one first.
  int fit_status() const { return recorded("fit_status").fit_status; }

  /// True when the last fit started from the previous fit's solution (warm_start, on the same X
  /// and y with the same kernel); false for a fit from the formulation's own starting point.
  bool warm_started() const { return recorded("warm_started").warm_started; }

  /// @brief Indices (into the training rows) of the support vectors.
  /// @throws NotFittedError before fit; std::logic_error for a model read from a file (except
  ///   with a precomputed kernel, whose file records them)
  const Eigen::VectorXi& support() const {
    const svm::Model<Scalar>& m = fitted("support");
    if (m.sv_indices.size() != m.total_sv()) unrecorded("support");
    return m.sv_indices;
  }

  /// The support vectors, one per row (empty for a precomputed kernel, as in scikit-learn).
  const Matrix& support_vectors() const { return fitted("support_vectors").SV; }

  /// @brief Writes the fitted model as a LIBSVM model file, which svm-predict reads (LIBSVM
  /// 3.24's format), atomically: a failure never leaves a partial file.
  /// @throws NotFittedError before fit; std::invalid_argument for a user-defined kernel, which
  ///   LIBSVM cannot represent; sklite::FileError when the file cannot be written
  void save(const std::string& path) const {
    const std::string fn = function("save");
    const svm::Model<Scalar>& m = fitted_for(fn);
    if constexpr (is_user_kernel_v<Kernel>)
      throw_invalid(fn,
                    "a user-defined kernel cannot be written to a LIBSVM model file (LIBSVM knows "
                    "linear, polynomial, rbf, sigmoid and precomputed)");
    write_libsvm_model(m, path, fn);
  }

 protected:
  using Traits = EstimatorTraits<Params>;

  Estimator(Params params, Kernel kernel) : params_(std::move(params)), kernel_(std::move(kernel)) {
    const std::string fn = Traits::name;
    check_params(fn, params_);
    set_kernel(fn, fn, params_.kernel, kernel_);
  }

  /// "SVC::fit" for method "fit".
  static std::string function(std::string_view method) {
    return concat(Traits::name, "::", method);
  }

  bool precomputed() const {
    return !is_user_kernel_v<Kernel> && kernel_kind(kernel_) == kernels::KernelType::precomputed;
  }

  /// The kernel set to the parameters' gamma (resolved from X), coef0 and degree, and the model
  /// that will hold it.
  template <typename DerivedX>
  svm::Model<Scalar> new_model(const Eigen::MatrixBase<DerivedX>& X) const {
    svm::Model<Scalar> m;
    m.svm_type = Traits::type;
    m.kernel_type = kernel_kind(kernel_);
    m.kernel = {precomputed() ? 0.0 : resolve_gamma(params_.gamma, X), params_.coef0,
                params_.degree};
    return m;
  }

  /// The driver's options: tolerance, shrinking, max_iter, cache, threads, the verbose report.
  svm::TrainOptions train_options() const {
    svm::TrainOptions o;
    o.solver = {params_.tol, params_.shrinking, params_.max_iter};
    o.cache_bytes = cache_bytes_from_mb(params_.cache_size);
    o.threads = thread_count(params_.n_jobs, std::numeric_limits<int>::max());
    if (params_.verbose)
      o.print = params_.print_handler ? params_.print_handler
                                      : [](const std::string& text) { std::cout << text; };
    return o;
  }

  /// Points the driver at the shared kernel values when a share is attached, X is its rows
  /// share_rows_ and the kernel is built in; training row t is row order[t] of X.
  template <typename DerivedX>
  void use_share(svm::TrainOptions& o, const Eigen::MatrixBase<DerivedX>& X,
                 const std::vector<Eigen::Index>& order, const svm::Model<Scalar>& m) const {
    if (!share_ || is_user_kernel_v<Kernel> || precomputed()) return;
    const Matrix& data = share_->X();
    if (X.rows() != static_cast<Eigen::Index>(share_rows_.size()) || X.cols() != data.cols())
      return;
    for (Eigen::Index r = 0; r < X.rows(); ++r)
      if (data.row(share_rows_[static_cast<std::size_t>(r)]) != X.row(r).template cast<Scalar>())
        return;
    o.shared = share_->kernel(m.kernel_type, m.kernel);
    if (!o.shared) return;
    o.shared_rows.resize(order.size());
    for (std::size_t t = 0; t < order.size(); ++t)
      o.shared_rows[t] = share_rows_[static_cast<std::size_t>(order[t])];
  }

  /// Sends a warning to the handler, or to std::clog when verbose.
  void warn(const std::string& message) const {
    if (params_.warning_handler)
      params_.warning_handler(message);
    else if (params_.verbose)
      std::clog << "warning: " << message << "\n";
  }

  /// The record of a fit: n_iter and fit_status, with a warning naming the problems max_iter
  /// stopped (problem_names[p] says which problem p is; empty for a single problem).
  /// @throws std::invalid_argument for a solution that is not finite, which nothing could use
  FitRecord record_fit(const svm::Trained& t, const std::vector<std::string>& problem_names,
                       const svm::FitControl* control) const {
    // Kernel values overflow on huge inputs (near 1e154 and beyond), and ν-SVC divides by a zero
    // r when ν is exactly at its feasible bound; scikit-learn refuses both with the same words.
    if (!t.sv_coef.allFinite() || !t.rho.allFinite() || !t.probA.allFinite() ||
        !t.probB.allFinite())
      throw_invalid(function("fit"),
                    "The dual coefficients or intercepts are not finite: X holds values too large "
                    "for the kernel (scale it, for example with StandardScaler), or nu is at the "
                    "edge of what the classes allow");
    FitRecord r;
    r.n_iter = t.n_iter;
    std::string unconverged;
    for (std::size_t p = 0; p < t.converged.size(); ++p)
      if (!t.converged[p]) unconverged += concat(unconverged.empty() ? "" : ", ", problem_names[p]);
    r.fit_status =
        std::find(t.converged.begin(), t.converged.end(), false) == t.converged.end() ? 0 : 1;
    const std::string which = unconverged.empty() ? "" : " (" + unconverged + ")";
    if (control && control->out_of_time())
      warn(concat(function("fit"), ": stopped at max_seconds=", *params_.max_seconds,
                  " before converging", which,
                  "; the model is the solver's current point, a fit with warm_start can go on "
                  "from it"));
    else if (r.fit_status != 0)
      warn(concat(function("fit"), ": Solver terminated early (max_iter=", params_.max_iter,
                  ") before converging", which, "; consider scaling the data or raising max_iter"));
    r.warm_started = t.warm_started;
    return r;
  }

  /// The control of a fit of `problems` sub-problems, when max_seconds or progress ask for one.
  std::unique_ptr<svm::FitControl> make_control(std::size_t problems) const {
    if (!params_.max_seconds && !params_.progress) return nullptr;
    return std::make_unique<svm::FitControl>(function("fit"), params_.max_seconds, params_.progress,
                                             problems);
  }

  /// The fingerprint of a fit's X, kernel and formulation; the caller adds y and the problems.
  template <typename DerivedX>
  Fingerprint fingerprint(const Eigen::MatrixBase<DerivedX>& X,
                          const svm::Model<Scalar>& model) const {
    Fingerprint f;
    f.add(static_cast<int>(Traits::type)).add(static_cast<int>(model.kernel_type));
    f.add(model.kernel.gamma).add(model.kernel.coef0).add(model.kernel.degree);
    f.add_all(X);
    return f;
  }

  /// With warm_start and a previous fit of the same fingerprint: its solution of each problem
  /// over the training rows (training row t is row rows[t] of X); otherwise nothing.
  std::vector<Eigen::VectorXd> warm_alpha(std::uint64_t fingerprint,
                                          const std::vector<Eigen::Index>& rows,
                                          Eigen::Index n_X) const {
    std::vector<Eigen::VectorXd> out;
    if (!params_.warm_start || !record_ || !record_->warm ||
        record_->warm->fingerprint != fingerprint)
      return out;
    const auto n = static_cast<Eigen::Index>(rows.size());
    for (const Eigen::VectorXd& by_X_row : record_->warm->alpha) {
      const Eigen::Index copies = by_X_row.size() / n_X;
      Eigen::VectorXd alpha(copies * n);
      for (Eigen::Index c = 0; c < copies; ++c)
        for (Eigen::Index t = 0; t < n; ++t)
          alpha(c * n + t) = by_X_row(c * n_X + rows[static_cast<std::size_t>(t)]);
      out.push_back(std::move(alpha));
    }
    return out;
  }

  /// With warm_start: the fit's solutions over the rows of X, for the next fit (see warm_alpha).
  std::shared_ptr<const WarmState> warm_state(std::uint64_t fingerprint, const svm::Trained& t,
                                              const std::vector<Eigen::Index>& rows,
                                              Eigen::Index n_X) const {
    if (!params_.warm_start) return nullptr;
    auto state = std::make_shared<WarmState>();
    state->fingerprint = fingerprint;
    const auto n = static_cast<Eigen::Index>(rows.size());
    for (const Eigen::VectorXd& alpha : t.alpha) {
      const Eigen::Index copies = alpha.size() / n;
      Eigen::VectorXd by_X_row = Eigen::VectorXd::Zero(copies * n_X);
      for (Eigen::Index c = 0; c < copies; ++c)
        for (Eigen::Index t_row = 0; t_row < n; ++t_row)
          by_X_row(c * n_X + rows[static_cast<std::size_t>(t_row)]) = alpha(c * n + t_row);
      state->alpha.push_back(std::move(by_X_row));
    }
    return state;
  }

  /// LIBSVM's decision values of X after checking it: finite, and as wide as at fit (at least
  /// as wide as the support vectors for a model read from a file).
  template <typename Derived>
  Eigen::MatrixXd raw_decision(const std::string& fn, const Eigen::MatrixBase<Derived>& X) const {
    const svm::Model<Scalar>& m = fitted_for(fn);
    sklite::detail::check_finite(fn, "X", X);
    const Eigen::Index n = m.n_features;
    if (!record_) {
      // A model read from a file knows only the largest feature index (or serial) of its support
      // vectors and takes X at least that wide; its support vectors are 0 beyond, as in LIBSVM.
      if (X.cols() < n && m.precomputed())
        throw_invalid(fn, "a precomputed kernel loaded from a LIBSVM file needs X with at least ",
                      n, " columns (the largest support vector serial); got ", X.cols(),
                      " columns");
      if (X.cols() < n)
        throw_invalid(fn, "X has ", X.cols(), " features but the support vectors of this loaded ",
                      Traits::name, " use ", n);
    } else if (m.precomputed()) {
      if (X.cols() != n)
        throw_invalid(fn, "a precomputed kernel needs X of shape (n_samples, ", n, ") against the ",
                      n, " training samples; got ", X.cols(), " columns");
    } else if (X.cols() != n) {
      throw_invalid(fn, "X has ", X.cols(), " features but this ", Traits::name,
                    " was fitted with ", n);
    }
    const auto chunks = (X.rows() + 255) / 256;
    return svm::decision_values(m, svm::model_kernel(kernel_, m), X,
                                thread_count(params_.n_jobs, chunks));
  }

  /// Stores a fit's result: nothing changes before this, so a fit that throws leaves the estimator
  /// as it was.
  void commit(svm::Model<Scalar>&& model, FitRecord&& record) noexcept {
    model_ = std::move(model);
    record_ = std::move(record);
    source_.clear();
  }

  /// A user-defined kernel has no name in LIBSVM's model files and models.
  static void refuse_user_kernel(const std::string& fn) {
    if constexpr (is_user_kernel_v<Kernel>)
      throw_invalid(fn,
                    "a user-defined kernel cannot be read from a LIBSVM model file; load it with "
                    "sklite::",
                    Traits::name);
  }

  /// An estimator holding `model`, with `params` for what the model does not say (its kernel,
  /// degree, gamma and coef0 replace the parameters', which params() then shows). `source`
  /// names where the model came from in messages about what it does not record.
  /// @throws std::invalid_argument for a user-defined kernel, a model of another svm_type or
  ///   kernel than a fixed Kernel, parts of inconsistent sizes, or invalid params
  template <typename Derived>
  static Derived adopt(svm::Model<Scalar> model, const std::string& fn, const std::string& source,
                       Params params) {
    refuse_user_kernel(fn);
    if (model.svm_type != Traits::type)
      throw_invalid(fn, "the model is a ", svm_type_name(model.svm_type), ", not a ",
                    svm_type_name(Traits::type),
                    "; use sklite::", svm::estimator_name(model.svm_type));
    if constexpr (!std::is_same_v<Kernel, kernels::Any>)
      if (model.kernel_type != kernel_kind(Kernel{}))
        throw_invalid(fn, "the model's kernel '", kernels::kernel_name(model.kernel_type),
                      "' is not this ", Traits::name, "'s '",
                      kernels::kernel_name(kernel_kind(Kernel{})), "'");
    check_model(fn, model);
    params.kernel = model.kernel_type;
    if (model.kernel_type != kernels::KernelType::linear &&
        model.kernel_type != kernels::KernelType::precomputed)
      params.gamma = model.kernel.gamma;
    params.coef0 = model.kernel.coef0;
    params.degree = model.kernel.degree;
    Derived estimator(std::move(params));
    estimator.model_ = std::move(model);
    estimator.source_ = source;
    return estimator;
  }

  /// The read options of load(): the estimator's formulation, its kernel when fixed.
  static svm::LibsvmReadOptions read_options(const std::string& fn) {
    svm::LibsvmReadOptions o;
    o.function = fn;
    o.svm_type = Traits::type;
    if constexpr (!std::is_same_v<Kernel, kernels::Any>) o.kernel = kernel_kind(Kernel{});
    return o;
  }

  const svm::Model<Scalar>& fitted(const char* attribute) const {
    if (!model_)
      throw NotFittedError(concat(Traits::name, "::", attribute, ": this ", Traits::name,
                                  " is not fitted yet; call fit before reading its attributes"));
    return *model_;
  }
  const svm::Model<Scalar>& fitted_for(const std::string& fn) const {
    if (!model_)
      throw NotFittedError(
          concat(fn, ": this ", Traits::name, " is not fitted yet; call fit before using it"));
    return *model_;
  }
  /// What fit recorded; a model read from a file has no record.
  const FitRecord& recorded(const char* attribute) const {
    fitted(attribute);
    if (!record_) unrecorded(attribute);
    return *record_;
  }
  [[noreturn]] void unrecorded(const char* attribute) const {
    throw std::logic_error(concat(Traits::name, "::", attribute,
                                  ": unknown for a model loaded from ", source_,
                                  ": a LIBSVM model file does not record it"));
  }

  Params params_;
  Kernel kernel_;
  std::shared_ptr<svm::KernelShare<Scalar>> share_;  // see share_kernel
  std::vector<Eigen::Index> share_rows_;
  std::optional<svm::Model<Scalar>> model_;
  std::optional<FitRecord> record_;  // empty for a model read from a file
  std::string source_;               // the file a model was read from
};

}  // namespace sklite::svm::detail

#endif  // SKLITE_SVM_DETAIL_ESTIMATOR_HPP

// sklite: the C-support vector classifier (scikit-learn's SVC, LIBSVM's C-SVC).
#ifndef SKLITE_SVM_SVC_HPP
#define SKLITE_SVM_SVC_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/detail/labels.hpp"
#include "sklite/detail/parallel.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/model_file.hpp"
#include "sklite/svm/q_matrix.hpp"
#include "sklite/svm/smo_solver.hpp"
#include "sklite/svm/svc_params.hpp"

namespace sklite {

/// @brief C-support vector classification, the estimator of scikit-learn's `SVC`.
///
/// Trains one binary C-SVM per pair of classes (one-vs-one) with LIBSVM's SMO solver
/// (svm::SMOSolver) and predicts by voting, exactly as LIBSVM and scikit-learn do: the same support
/// vectors, dual coefficients, intercepts and decision values for the same data and parameters.
///
/// @tparam Kernel the kernel policy (see sklite::kernels): kernels::Any picks a built-in kernel
/// from
///   the parameters at run time (that is sklite::SVC); a built-in kernel type fixes it at compile
///   time; a user class meeting the kernel contract plugs in its own.
/// @tparam Scalar the floating-point type the training data and support vectors are stored in;
///   kernel sums are accumulated in double whatever it is.
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
template <typename Kernel = kernels::Any, typename Scalar = double>
class BasicSVC {
  static_assert(std::is_floating_point_v<Scalar>, "BasicSVC: Scalar must be float or double");

 public:
  using kernel_type = Kernel;
  using scalar_type = Scalar;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  /// @brief Checks the parameters; does not train.
  /// @param params scikit-learn's SVC parameters
  /// @param kernel the kernel object; built-in kernels take gamma, coef0 and degree from params
  /// @throws std::invalid_argument for a parameter out of range: C ≤ 0, tol ≤ 0, gamma ≤ 0 or an
  ///   unknown gamma name, degree < 0, cache_size ≤ 0, max_iter < −1, an unknown kernel name or one
  ///   that contradicts Kernel, an unknown class_weight name or a weight that is not positive,
  ///   probability = true, break_ties with the ovo shape.
  explicit BasicSVC(SVCParams params = {}, Kernel kernel = Kernel{})
      : params_(std::move(params)), kernel_(std::move(kernel)) {
    validate_params();
  }

  /// @brief Fits the model to the training samples X (rows) and their class labels y.
  /// @param X the n×d training matrix, or for a precomputed kernel the n×n Gram matrix
  /// @param y n integer class labels (any integer values; floating values must be integral)
  /// @return *this
  /// @throws std::invalid_argument for an empty X, NaN or infinity in X, X and y of different
  ///   lengths, non-integral labels, fewer than 2 classes, a non-square Gram matrix, a class_weight
  ///   for a class absent from y. On a throw the estimator is left as it was.
  template <typename DerivedX, typename DerivedY>
  BasicSVC& fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) {
    constexpr const char* fn = "SVC::fit";
    detail::check_not_empty(fn, "X", X);
    detail::check_finite(fn, "X", X);
    const Eigen::VectorXi labels = detail::to_int_labels(fn, "y", y);
    detail::check_same_length(fn, "X", X.rows(), "rows", "y", labels.size(), "labels");
    if (is_precomputed() && X.rows() != X.cols())
      detail::throw_invalid(
          fn, "a precomputed kernel needs the square n×n Gram matrix as X; got shape (", X.rows(),
          ", ", X.cols(), ")");
    Model model = train(X, labels);
    model_ = std::move(model);
    fitted_ = true;
    return *this;
  }

  /// @brief Class labels predicted for the rows of X.
  /// @throws NotFittedError before fit; std::invalid_argument for NaN/infinity or a column count
  ///   other than at fit (n_train for a precomputed kernel)
  template <typename Derived>
  Eigen::VectorXi predict(const Eigen::MatrixBase<Derived>& X) const {
    const Eigen::MatrixXd raw = raw_decision("SVC::predict", X);
    const Eigen::Index k = model_.classes.size();
    Eigen::VectorXi out(raw.rows());
    if (params_.break_ties && k > 2 &&
        params_.decision_function_shape == DecisionFunctionShape::ovr) {
      const Eigen::MatrixXd ovr = ovr_decision(raw);
      for (Eigen::Index r = 0; r < raw.rows(); ++r) {
        Eigen::Index best = 0;
        ovr.row(r).maxCoeff(&best);
        out(r) = model_.classes(best);
      }
      return out;
    }
    std::vector<int> votes(static_cast<std::size_t>(k));
    for (Eigen::Index r = 0; r < raw.rows(); ++r) {
      std::fill(votes.begin(), votes.end(), 0);
      Eigen::Index pair = 0;
      for (Eigen::Index a = 0; a < k; ++a)
        for (Eigen::Index b = a + 1; b < k; ++b, ++pair)
          ++votes[static_cast<std::size_t>(raw(r, pair) > 0 ? a : b)];
      out(r) = model_.classes(vote_winner(votes));
    }
    return out;
  }

  /// @brief Decision values for the rows of X, in scikit-learn's shapes and signs.
  ///
  /// Two classes: one column, positive for classes()(1). More classes: with the ovo shape, one
  /// column per pair (i, j), i < j in classes() order, positive for class i; with the ovr shape
  /// (the default), one column per class holding its one-vs-one votes plus the sum of its
  /// confidences scaled into (−1/3, 1/3), as scikit-learn computes it.
  /// @throws as predict
  template <typename Derived>
  Eigen::MatrixXd decision_function(const Eigen::MatrixBase<Derived>& X) const {
    Eigen::MatrixXd raw = raw_decision("SVC::decision_function", X);
    if (model_.classes.size() == 2) return -raw;
    if (params_.decision_function_shape == DecisionFunctionShape::ovo) return raw;
    return ovr_decision(raw);
  }

  /// @brief The mean accuracy of predict(X) against y.
  /// @throws as predict, and std::invalid_argument when y's length differs from X's rows or
  ///   y holds non-integral values
  template <typename DerivedX, typename DerivedY>
  double score(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) const {
    constexpr const char* fn = "SVC::score";
    check_fitted(fn);
    const Eigen::VectorXi labels = detail::to_int_labels(fn, "y", y);
    detail::check_same_length(fn, "X", X.rows(), "rows", "y", labels.size(), "labels");
    if (labels.size() == 0) detail::throw_invalid(fn, "X must not be empty; got 0 rows");
    const Eigen::VectorXi predicted = predict(X);
    return static_cast<double>((predicted.array() == labels.array()).count()) /
           static_cast<double>(labels.size());
  }

  /// @brief Writes the fitted model as a LIBSVM model file, which svm-predict reads (LIBSVM 3.24's
  /// format; see svm::format_libsvm_model), atomically: a failure never leaves a partial file.
  ///
  /// Classes, support vectors, coefficients and rho are written exactly (shortest round-trip
  /// numbers), the effective gamma with the kernel's parameters; a precomputed kernel's support
  /// vectors are written as `0:serial`, serial = support() + 1. load() gives back a model with the
  /// same predictions and decision values, bit for bit.
  /// @throws NotFittedError before fit; std::invalid_argument for a user-defined kernel, which
  ///   LIBSVM cannot represent; sklite::FileError when the file cannot be written
  /// @code
  /// clf.fit(X, y).save("digits.model");   // then: svm-predict test.libsvm digits.model out.txt
  /// @endcode
  void save(const std::string& path) const;

  /// @brief Reads an SVC from a LIBSVM model file (written by svm-train, save() or any LIBSVM).
  ///
  /// The classes are sorted, as after fit: support vector groups, coefficient rows and rho are
  /// reordered, and pairs whose classes swap change sign, so that decision_function has
  /// scikit-learn's shapes and signs and predict gives svm-predict's labels (ties between votes go
  /// to the class listed first in the file, LIBSVM's rule). The file does not record support()
  /// (except for a precomputed kernel), class_weight(), n_iter(), fit_status(), C or the training
  /// width: those accessors throw std::logic_error, and predict accepts X with at least
  /// n_features_in() columns (the largest feature index of the support vectors), as LIBSVM does.
  /// @param path the model file
  /// @param options prediction options (decision_function_shape, break_ties, n_jobs); kernel,
  ///   degree, gamma and coef0 are replaced by the file's, which get_params() then shows
  /// @throws sklite::FileError ("SVC::load: path:line: problem") for a file that cannot be read,
  ///   is malformed, is not a C-SVC, or has a kernel other than this BasicSVC's fixed kernel;
  ///   std::invalid_argument for a user-defined kernel or invalid options
  /// @code
  /// sklite::SVC clf = sklite::SVC::load("digits.model");
  /// @endcode
  static BasicSVC load(const std::string& path, const SVCParams& options = {});

  /// @brief Reads an SVC from LIBSVM model text in a stream; `name` stands for the path in error
  /// messages. Otherwise as load(path).
  static BasicSVC load(std::istream& in, const std::string& name, const SVCParams& options = {});

  /// @name Fitted attributes (scikit-learn's, without the trailing underscore)
  /// Each throws NotFittedError before fit. A model from load() does not know support() (except
  /// with a precomputed kernel), class_weight(), n_iter(), fit_status(), nor effective_gamma()
  /// with the linear kernel: these throw std::logic_error.
  ///@{
  /// Indices (into the training rows) of the support vectors, grouped by class.
  const Eigen::VectorXi& support() const {
    return (is_precomputed() ? fitted("support") : recorded("support")).support;
  }
  /// The support vectors, one per row (empty for a precomputed kernel, as in scikit-learn).
  const Matrix& support_vectors() const { return fitted("support_vectors").support_vectors; }
  /// The number of support vectors of each class.
  const Eigen::VectorXi& n_support() const { return fitted("n_support").n_support; }
  /// (n_classes − 1) × n_SV: the coefficients y_i α_i of each support vector in the classifiers
  /// that involve its class, in LIBSVM's layout.
  const Eigen::MatrixXd& dual_coef() const { return fitted("dual_coef").dual_coef; }
  /// The constant of each one-vs-one decision function.
  const Eigen::VectorXd& intercept() const { return fitted("intercept").intercept; }
  /// The sorted class labels.
  const Eigen::VectorXi& classes() const { return fitted("classes").classes; }
  /// The weight of each class (1 unless class_weight says otherwise).
  const Eigen::VectorXd& class_weight() const { return recorded("class_weight").class_weight; }
  /// SMO iterations of each one-vs-one sub-problem.
  const Eigen::VectorXi& n_iter() const { return recorded("n_iter").n_iter; }
  /// 0 when every sub-problem converged, 1 when max_iter stopped one first.
  int fit_status() const { return recorded("fit_status").fit_status; }
  /// The number of columns of X at fit.
  Eigen::Index n_features_in() const { return fitted("n_features_in").n_features_in; }
  /// The gamma the kernel used (gamma "scale" and "auto" resolved at fit).
  double effective_gamma() const {
    return (kernel_kind() == kernels::KernelType::linear ? recorded("effective_gamma")
                                                         : fitted("effective_gamma"))
        .gamma;
  }
  /// @brief The primal weights w of each one-vs-one classifier (linear kernel only).
  /// @throws std::invalid_argument for any other kernel
  Eigen::MatrixXd coef() const {
    const Model& m = fitted("coef");
    if (kernel_kind() != kernels::KernelType::linear)
      detail::throw_invalid("SVC::coef",
                            "coef is only available with the linear kernel; this SVC uses '",
                            kernel_label(), "'");
    if (m.classes.size() == 2) return m.dual_coef * m.support_vectors.template cast<double>();
    const Eigen::Index k = m.classes.size();
    Eigen::MatrixXd w(k * (k - 1) / 2, m.n_features_in);
    Eigen::Index pair = 0;
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b, ++pair)
        w.row(pair) =
            m.dual_coef.row(b - 1).segment(m.sv_start(a), m.n_support(a)) *
                m.support_vectors.middleRows(m.sv_start(a), m.n_support(a))
                    .template cast<double>() +
            m.dual_coef.row(a).segment(m.sv_start(b), m.n_support(b)) *
                m.support_vectors.middleRows(m.sv_start(b), m.n_support(b)).template cast<double>();
    return w;
  }
  ///@}

  /// True once fit has succeeded.
  bool is_fitted() const noexcept { return fitted_; }
  /// The parameters given to the constructor.
  const SVCParams& get_params() const noexcept { return params_; }

  /// @brief The fitted model as a LIBSVM model file holds it (what save() writes), for programs
  /// that edit it before writing it with svm::write_libsvm_model, such as sklite-train, which
  /// puts the labels of its data back.
  /// @throws NotFittedError before fit
  svm::LibsvmModel to_libsvm_model() const;

 private:
  struct Model {
    Eigen::VectorXi classes;
    Eigen::VectorXd class_weight;
    Eigen::VectorXi support;
    Matrix support_vectors;
    Eigen::VectorXi n_support;
    Eigen::VectorXi sv_start;  // first row of each class's support vectors
    Eigen::MatrixXd dual_coef;
    Eigen::VectorXd intercept;
    Eigen::MatrixXd libsvm_coef;       // LIBSVM's signs, whatever the number of classes
    Eigen::VectorXd sv_squared_norms;  // ‖sv‖², for kernels with a dot form
    Eigen::VectorXd rho;
    Eigen::VectorXi n_iter;
    int fit_status = 0;
    Eigen::Index n_features_in = 0;
    double gamma = 0;
    Kernel kernel;
    // A model read by load(): its file, and each class's position in the file's label order,
    // which breaks ties between votes as LIBSVM does (empty: the order of classes).
    bool loaded = false;
    std::string source;
    Eigen::VectorXi vote_rank;
  };

  static constexpr bool kIsAny = std::is_same_v<Kernel, kernels::Any>;

  kernels::KernelType kernel_kind() const {
    if constexpr (kIsAny) {
      return kernel_.type;
    } else if constexpr (kernels::detail::has_type<Kernel>::value) {
      return Kernel::type;
    } else {
      return kernels::KernelType::rbf;  // unused for custom kernels: see kernel_label
    }
  }
  bool is_custom_kernel() const { return !kIsAny && !kernels::detail::has_type<Kernel>::value; }
  std::string kernel_label() const {
    return is_custom_kernel() ? "custom" : kernels::kernel_name(kernel_kind());
  }
  bool is_precomputed() const {
    return !is_custom_kernel() && kernel_kind() == kernels::KernelType::precomputed;
  }

  void validate_params() {
    constexpr const char* fn = "SVC";
    const SVCParams& p = params_;
    if (!(p.C > 0) || !std::isfinite(p.C))
      detail::throw_invalid(fn, "C must be a positive finite number; got ", p.C);
    if (!(p.tol > 0) || !std::isfinite(p.tol))
      detail::throw_invalid(fn, "tol must be a positive finite number; got ", p.tol);
    if (p.degree < 0) detail::throw_invalid(fn, "degree must be >= 0; got ", p.degree);
    if (!std::isfinite(p.coef0)) detail::throw_invalid(fn, "coef0 must be finite; got ", p.coef0);
    if (!(p.cache_size > 0) || !std::isfinite(p.cache_size))
      detail::throw_invalid(fn, "cache_size must be a positive number of MB; got ", p.cache_size);
    if (p.n_jobs == 0 || p.n_jobs < -1)
      detail::throw_invalid(fn, "n_jobs must be -1 (every core) or >= 1; got ", p.n_jobs);
    if (p.max_iter < -1)
      detail::throw_invalid(fn, "max_iter must be -1 (no limit) or >= 0; got ", p.max_iter);
    switch (p.gamma.kind()) {
      case Gamma::Kind::value:
        if (!(p.gamma.value() > 0) || !std::isfinite(p.gamma.value()))
          detail::throw_invalid(fn, "gamma must be a positive number, 'scale' or 'auto'; got ",
                                p.gamma.value());
        break;
      case Gamma::Kind::invalid:
        detail::throw_invalid(fn, "gamma must be a positive number, 'scale' or 'auto'; got '",
                              p.gamma.name(), "'");
      default:
        break;
    }
    if (p.class_weight.is_named() && !p.class_weight.is_balanced())
      detail::throw_invalid(fn, "class_weight must be 'balanced' or a weight per class; got '",
                            p.class_weight.name(), "'");
    // A zero weight would make the class's C zero, which LIBSVM cannot solve (scikit-learn ends
    // with non-finite coefficients); refuse it up front.
    for (const auto& [label, weight] : p.class_weight.weights())
      if (!(weight > 0) || !std::isfinite(weight))
        detail::throw_invalid(fn, "class_weight for class ", label,
                              " must be a positive finite number; got ", weight);
    if (p.probability)
      detail::throw_invalid(fn,
                            "probability=true is not supported yet: sklite has no probability "
                            "estimates; use decision_function instead");
    if (p.break_ties && p.decision_function_shape == DecisionFunctionShape::ovo)
      detail::throw_invalid(fn, "break_ties must be false when decision_function_shape is ovo");
    if constexpr (kIsAny) {
      kernel_.type = p.kernel.type(kernels::KernelType::rbf);
    } else if (p.kernel.is_set()) {
      const kernels::KernelType named = p.kernel.type(kernels::KernelType::rbf);
      if (is_custom_kernel() || named != kernel_kind())
        detail::throw_invalid(fn, "kernel '", kernels::kernel_name(named),
                              "' contradicts this SVC's kernel type '", kernel_label(),
                              "'; leave kernel unset for a typed SVC");
    }
  }

  // The threads to use for `tasks` independent tasks: n_jobs, or every core for -1.
  int thread_count(Eigen::Index tasks) const {
    const int wanted = params_.n_jobs == -1 ? detail::hardware_threads() : params_.n_jobs;
    return static_cast<int>(std::max<Eigen::Index>(1, std::min<Eigen::Index>(wanted, tasks)));
  }

  void check_fitted(const char* function) const {
    if (!fitted_)
      throw NotFittedError(std::string(function) +
                           ": this SVC is not fitted yet; call fit before using it");
  }
  // A fitted attribute that a model read from a LIBSVM file does not have.
  const Model& recorded(const char* attribute) const {
    const Model& m = fitted(attribute);
    if (m.loaded)
      throw std::logic_error(detail::concat("SVC::", attribute,
                                            ": unknown for a model loaded from ", m.source,
                                            ": a LIBSVM model file does not record it"));
    return m;
  }
  // The class with the most votes; a tie goes to the class first in classes(), or for a loaded
  // model first in the file's label order (LIBSVM's rule).
  Eigen::Index vote_winner(const std::vector<int>& votes) const {
    const Eigen::VectorXi& rank = model_.vote_rank;
    Eigen::Index best = 0;
    for (Eigen::Index c = 1; c < static_cast<Eigen::Index>(votes.size()); ++c) {
      const int v = votes[static_cast<std::size_t>(c)];
      const int top = votes[static_cast<std::size_t>(best)];
      if (v > top || (v == top && rank.size() != 0 && rank(c) < rank(best))) best = c;
    }
    return best;
  }
  static BasicSVC from_libsvm_model(const svm::LibsvmModel& file, const std::string& source,
                                    SVCParams params);
  static svm::LibsvmReadOptions libsvm_read_options();
  // Both load overloads: read(libsvm_read_options()) gives the file's model. A user-defined kernel
  // has no name in the file format, so it is refused before anything is read.
  template <typename Read>
  static BasicSVC load_model(Read&& read, const std::string& source, const SVCParams& options) {
    if constexpr (!kIsAny && !kernels::detail::has_type<Kernel>::value) {
      detail::throw_invalid("SVC::load",
                            "a user-defined kernel cannot be read from a LIBSVM model file; load "
                            "it with sklite::SVC");
    } else {
      return from_libsvm_model(read(libsvm_read_options()), source, options);
    }
  }

  const Model& fitted(const char* attribute) const {
    if (!fitted_)
      throw NotFittedError(std::string("SVC::") + attribute +
                           ": this SVC is not fitted yet; call fit before reading its attributes");
    return model_;
  }

  template <typename DerivedX>
  double resolve_gamma(const Eigen::MatrixBase<DerivedX>& X) const {
    switch (params_.gamma.kind()) {
      case Gamma::Kind::value:
        return params_.gamma.value();
      case Gamma::Kind::automatic:
        return 1.0 / static_cast<double>(X.cols());
      default: {
        const Eigen::ArrayXXd values = X.template cast<double>().array();
        const double mean = values.mean();
        const double variance = (values - mean).square().mean();
        return variance != 0 ? 1.0 / (static_cast<double>(X.cols()) * variance) : 1.0;
      }
    }
  }

  Eigen::VectorXd weights_per_class(const Eigen::VectorXi& classes, const Eigen::VectorXi& counts,
                                    Eigen::Index n) const {
    const Eigen::Index k = classes.size();
    Eigen::VectorXd weight = Eigen::VectorXd::Ones(k);
    if (params_.class_weight.is_balanced()) {
      for (Eigen::Index c = 0; c < k; ++c)
        weight(c) = static_cast<double>(n) / static_cast<double>(k * counts(c));
    }
    for (const auto& [label, w] : params_.class_weight.weights()) {
      const auto* found = std::find(classes.data(), classes.data() + k, label);
      if (found == classes.data() + k)
        detail::throw_invalid("SVC::fit", "class_weight has a weight for class ", label,
                              ", which is not present in y");
      weight(found - classes.data()) = w;
    }
    return weight;
  }

  void warn(const std::string& message) const {
    if (params_.warning_handler)
      params_.warning_handler(message);
    else if (params_.verbose)
      std::clog << "warning: " << message << "\n";
  }

  // What LIBSVM prints after solving one binary problem, in its words and number formats, so that
  // verbose output reads as LIBSVM's (and scikit-learn's, which is LIBSVM's).
  static std::string libsvm_report(const svm::SolverResult& result,
                                   const std::vector<std::int8_t>& y, double C_positive,
                                   double C_negative) {
    Eigen::Index n_sv = 0;
    Eigen::Index n_bounded = 0;
    double alpha_sum = 0;
    for (std::size_t t = 0; t < y.size(); ++t) {
      const double alpha = result.alpha(static_cast<Eigen::Index>(t));
      alpha_sum += alpha;
      if (alpha > 0) ++n_sv;
      if (alpha >= (y[t] > 0 ? C_positive : C_negative)) ++n_bounded;
    }
    std::string text = result.progress;
    text += detail::format("\noptimization finished, #iter = %lld\n", result.n_iter);
    if (C_positive == C_negative)
      text += detail::format("nu = %f\n", alpha_sum / (C_positive * static_cast<double>(y.size())));
    text += detail::format("obj = %f, rho = %f\n", result.objective, result.rho);
    text += detail::format("nSV = %lld, nBSV = %lld\n", static_cast<long long>(n_sv),
                           static_cast<long long>(n_bounded));
    return text;
  }

  template <typename DerivedX>
  Model train(const Eigen::MatrixBase<DerivedX>& X, const Eigen::VectorXi& labels) const {
    Model m;
    const Eigen::Index n = X.rows();
    m.classes = detail::unique_labels(labels);
    const Eigen::Index k = m.classes.size();
    if (k < 2) detail::throw_invalid("SVC::fit", "needs samples of at least 2 classes; got ", k);

    // Group the samples by class, keeping their order within a class (LIBSVM's layout).
    std::vector<Eigen::Index> class_of(static_cast<std::size_t>(n));
    Eigen::VectorXi counts = Eigen::VectorXi::Zero(k);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto c =
          std::lower_bound(m.classes.data(), m.classes.data() + k, labels(i)) - m.classes.data();
      class_of[static_cast<std::size_t>(i)] = c;
      ++counts(c);
    }
    std::vector<Eigen::Index> start(static_cast<std::size_t>(k + 1), 0);
    for (Eigen::Index c = 0; c < k; ++c)
      start[static_cast<std::size_t>(c + 1)] = start[static_cast<std::size_t>(c)] + counts(c);
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));  // grouped position -> row
    {
      std::vector<Eigen::Index> next(start.begin(), start.end() - 1);
      for (Eigen::Index i = 0; i < n; ++i)
        order[static_cast<std::size_t>(
            next[static_cast<std::size_t>(class_of[static_cast<std::size_t>(i)])]++)] = i;
    }

    m.class_weight = weights_per_class(m.classes, counts, n);
    m.n_features_in = X.cols();
    m.gamma = is_precomputed() ? 0.0 : resolve_gamma(X);
    m.kernel = kernel_;
    const kernels::KernelParameters kernel_parameters{m.gamma, params_.coef0, params_.degree};
    if constexpr (kIsAny)
      m.kernel.parameters = kernel_parameters;
    else if constexpr (kernels::takes_parameters_v<Kernel>)
      m.kernel = Kernel::from_parameters(kernel_parameters);

    // One binary problem per pair of classes (a, b), a < b, in LIBSVM's order. They are
    // independent, so they run on n_jobs threads; each writes only its own result, which keeps
    // the model the same whatever the thread count.
    const Eigen::Index n_pairs = k * (k - 1) / 2;
    std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b) pairs.emplace_back(a, b);
    std::vector<svm::SolverResult> results(static_cast<std::size_t>(n_pairs));
    std::vector<std::vector<std::int8_t>> pair_y(static_cast<std::size_t>(n_pairs));
    {  // The training copy and the kernel values go before the model's support vectors come.
      // The training rows in grouped order (rows and columns of the Gram matrix when precomputed).
      using TrainingMatrix = typename svm::KernelRows<Kernel, Scalar>::Matrix;
      const TrainingMatrix grouped =
          is_precomputed() ? TrainingMatrix(X(order, order).template cast<Scalar>())
                           : TrainingMatrix(X(order, Eigen::all).template cast<Scalar>());
      const svm::KernelRows<Kernel, Scalar> rows(grouped, m.kernel);

      const int threads = thread_count(n_pairs);
      // (Capped so that an absurd cache_size cannot overflow the conversion.)
      const auto budget = static_cast<std::size_t>(
          std::min(params_.cache_size * 1024.0 * 1024.0,
                   static_cast<double>(std::numeric_limits<std::size_t>::max() / 4)));
      const svm::SolverOptions options{params_.tol, params_.shrinking, params_.max_iter};

      // Kernel values come either from a Gram matrix computed whole or column by column. The Gram
      // matrix costs n²·d multiply-adds at matrix-product speed, far faster per value than columns
      // one at a time, and serves every pair; it is used when the kernel has a dot form and the
      // matrix takes at most a quarter of cache_size. Otherwise columns are computed as the solvers
      // ask for them, as LIBSVM does. Both give the same values, so the same model.
      bool use_gram = false;
      kernels::visit_kernel(m.kernel, [&](const auto& kernel) {
        using K_t = std::decay_t<decltype(kernel)>;
        use_gram = kernels::has_dot_form_v<K_t> && svm::GramRows::bytes(n) <= budget / 4;
      });
      std::optional<svm::GramRows> gram;
      if (use_gram) gram.emplace(rows, n, thread_count(n));
      // cache_size bounds all kernel values kept at once: each running problem's column cache gets
      // its share of what the Gram matrix leaves.
      const std::size_t cache_bytes =
          (budget - (use_gram ? svm::GramRows::bytes(n) : 0)) / static_cast<std::size_t>(threads);

      detail::parallel_for(n_pairs, threads, [&](Eigen::Index pair) {
        const auto [a, b] = pairs[static_cast<std::size_t>(pair)];
        std::vector<Eigen::Index> samples;
        std::vector<std::int8_t>& y = pair_y[static_cast<std::size_t>(pair)];
        for (const Eigen::Index c : {a, b})
          for (Eigen::Index r = start[static_cast<std::size_t>(c)];
               r < start[static_cast<std::size_t>(c + 1)]; ++r) {
            samples.push_back(r);
            y.push_back(c == a ? 1 : -1);
          }
        const auto size = static_cast<Eigen::Index>(samples.size());
        Eigen::VectorXd C(size);
        for (Eigen::Index t = 0; t < size; ++t)
          C(t) = params_.C * m.class_weight(y[static_cast<std::size_t>(t)] > 0 ? a : b);
        const auto solve = [&](const auto& kernel_values) {
          svm::ClassificationQ Q(kernel_values, samples, y, cache_bytes);
          svm::SMOSolver solver(Q, -Eigen::VectorXd::Ones(size), y, C, Eigen::VectorXd::Zero(size),
                                options);
          results[static_cast<std::size_t>(pair)] = solver.solve();
        };
        if (gram)
          solve(*gram);
        else
          solve(rows);
      });
    }

    std::vector<std::vector<double>> pair_coef(static_cast<std::size_t>(n_pairs));
    m.rho.resize(n_pairs);
    m.n_iter.resize(n_pairs);
    std::vector<bool> nonzero(static_cast<std::size_t>(n), false);
    std::string unconverged;  // the class pairs that max_iter stopped
    for (Eigen::Index pair = 0; pair < n_pairs; ++pair) {
      const auto [a, b] = pairs[static_cast<std::size_t>(pair)];
      const svm::SolverResult& result = results[static_cast<std::size_t>(pair)];
      const std::vector<std::int8_t>& y = pair_y[static_cast<std::size_t>(pair)];
      if (params_.verbose)
        std::cout << libsvm_report(result, y, params_.C * m.class_weight(a),
                                   params_.C * m.class_weight(b));
      if (!result.converged) {
        m.fit_status = 1;
        unconverged +=
            detail::concat(unconverged.empty() ? "" : ", ", m.classes(a), " vs ", m.classes(b));
      }
      auto& coef = pair_coef[static_cast<std::size_t>(pair)];
      coef.resize(y.size());
      const Eigen::Index first_a = start[static_cast<std::size_t>(a)];
      const Eigen::Index n_a = start[static_cast<std::size_t>(a + 1)] - first_a;
      const Eigen::Index first_b = start[static_cast<std::size_t>(b)];
      for (std::size_t t = 0; t < y.size(); ++t) {
        coef[t] = y[t] * result.alpha(static_cast<Eigen::Index>(t));
        const Eigen::Index sample = static_cast<Eigen::Index>(t) < n_a
                                        ? first_a + static_cast<Eigen::Index>(t)
                                        : first_b + static_cast<Eigen::Index>(t) - n_a;
        if (coef[t] != 0) nonzero[static_cast<std::size_t>(sample)] = true;
      }
      m.rho(pair) = result.rho;
      m.n_iter(pair) =
          static_cast<int>(std::min<long long>(result.n_iter, std::numeric_limits<int>::max()));
    }

    if (params_.verbose)
      std::cout << "Total nSV = " << std::count(nonzero.begin(), nonzero.end(), true) << "\n";
    if (m.fit_status != 0)
      warn(detail::concat("SVC::fit: the solver stopped at max_iter = ", params_.max_iter,
                          " before converging (classes ", unconverged,
                          "); consider scaling the data or raising max_iter"));

    // Support vectors: grouped samples with a non-zero coefficient in any pair, class by class.
    std::vector<Eigen::Index> position(static_cast<std::size_t>(n), -1);
    std::vector<Eigen::Index> sv_rows;
    m.n_support = Eigen::VectorXi::Zero(k);
    m.sv_start = Eigen::VectorXi::Zero(k);
    for (Eigen::Index c = 0; c < k; ++c) {
      m.sv_start(c) = static_cast<int>(sv_rows.size());
      for (Eigen::Index r = start[static_cast<std::size_t>(c)];
           r < start[static_cast<std::size_t>(c + 1)]; ++r)
        if (nonzero[static_cast<std::size_t>(r)]) {
          position[static_cast<std::size_t>(r)] = static_cast<Eigen::Index>(sv_rows.size());
          sv_rows.push_back(r);
          ++m.n_support(c);
        }
    }
    const auto n_sv = static_cast<Eigen::Index>(sv_rows.size());
    m.support.resize(n_sv);
    for (Eigen::Index s = 0; s < n_sv; ++s)
      m.support(s) =
          static_cast<int>(order[static_cast<std::size_t>(sv_rows[static_cast<std::size_t>(s)])]);
    if (is_precomputed()) {
      m.support_vectors.resize(0, 0);
    } else {
      m.support_vectors.resize(n_sv, X.cols());
      for (Eigen::Index s = 0; s < n_sv; ++s)
        m.support_vectors.row(s) = X.row(m.support(s)).template cast<Scalar>();
    }

    // LIBSVM's layout: in the classifier of classes (a, b), the coefficients of a's support vectors
    // sit in row b − 1 and those of b's in row a.
    m.libsvm_coef = Eigen::MatrixXd::Zero(k - 1, n_sv);
    Eigen::Index pair = 0;
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b, ++pair) {
        const auto& coef = pair_coef[static_cast<std::size_t>(pair)];
        std::size_t t = 0;
        for (const Eigen::Index c : {a, b})
          for (Eigen::Index r = start[static_cast<std::size_t>(c)];
               r < start[static_cast<std::size_t>(c + 1)]; ++r, ++t)
            if (nonzero[static_cast<std::size_t>(r)])
              m.libsvm_coef(c == a ? b - 1 : a, position[static_cast<std::size_t>(r)]) = coef[t];
      }
    if (!is_precomputed())
      m.sv_squared_norms = m.support_vectors.template cast<double>().rowwise().squaredNorm();
    // scikit-learn flips the signs of a binary model so that positive values mean classes()(1).
    const double sign = k == 2 ? -1.0 : 1.0;
    m.dual_coef = sign * m.libsvm_coef;
    m.intercept = -sign * m.rho;
    return m;
  }

  // LIBSVM's decision values: one column per pair (a, b), positive for class a. Rows go in chunks,
  // on n_jobs threads: the kernel values against every support vector as one matrix product,
  // then every pair's sum as a second one.
  template <typename Derived>
  Eigen::MatrixXd raw_decision(const char* function, const Eigen::MatrixBase<Derived>& X) const {
    check_fitted(function);
    detail::check_finite(function, "X", X);
    const Model& m = model_;
    // A loaded model knows only the largest feature index (or serial) of its support vectors and
    // takes X at least that wide; its support vectors are 0 beyond, as in LIBSVM.
    if (m.loaded) {
      if (X.cols() < m.n_features_in && is_precomputed())
        detail::throw_invalid(
            function, "a precomputed kernel loaded from a LIBSVM file needs X with at least ",
            m.n_features_in, " columns (the largest support vector serial); got ", X.cols(),
            " columns");
      if (X.cols() < m.n_features_in)
        detail::throw_invalid(function, "X has ", X.cols(),
                              " features but the support vectors of this loaded SVC use ",
                              m.n_features_in);
    } else if (is_precomputed()) {
      if (X.cols() != m.n_features_in)
        detail::throw_invalid(function, "a precomputed kernel needs X of shape (n_samples, ",
                              m.n_features_in, ") against the ", m.n_features_in,
                              " training samples; got ", X.cols(), " columns");
    } else if (X.cols() != m.n_features_in) {
      detail::throw_invalid(function, "X has ", X.cols(), " features but this SVC was fitted with ",
                            m.n_features_in);
    }
    constexpr Eigen::Index kChunk = 256;
    const Eigen::Index n_chunks = (X.rows() + kChunk - 1) / kChunk;
    const Eigen::Index k = m.classes.size();
    Eigen::MatrixXd raw(X.rows(), m.rho.size());
    detail::parallel_for(n_chunks, thread_count(n_chunks), [&](Eigen::Index chunk) {
      const Eigen::Index first = chunk * kChunk;
      const Eigen::Index count = std::min(kChunk, X.rows() - first);
      const Eigen::MatrixXd K = support_kernel(X.middleRows(first, count));
      auto rows = raw.middleRows(first, count);
      rows.rowwise() = -m.rho.transpose();
      // A support vector of class c has coefficients only in the k − 1 pairs of c, in the columns
      // of libsvm_coef: row o (o < c) or o − 1 (o > c) for the pair of c and o. So the pair sums
      // are one product per class, (k − 1)·n_SV multiply-adds per row instead of k(k − 1)/2·n_SV.
      Eigen::MatrixXd sums;
      for (Eigen::Index c = 0; c < k; ++c) {
        if (m.n_support(c) == 0) continue;
        sums.noalias() = K.middleCols(m.sv_start(c), m.n_support(c)) *
                         m.libsvm_coef.middleCols(m.sv_start(c), m.n_support(c)).transpose();
        for (Eigen::Index o = 0; o < k; ++o)
          if (o != c)
            rows.col(svm::detail::pair_position(std::min(c, o), std::max(c, o), k)) +=
                sums.col(o < c ? o : o - 1);
      }
    });
    return raw;
  }

  // K(x, sv) for every row x of X and every support vector sv.
  template <typename Derived>
  Eigen::MatrixXd support_kernel(const Eigen::MatrixBase<Derived>& X) const {
    const Model& m = model_;
    const Eigen::Index n_sv = m.libsvm_coef.cols();
    Eigen::MatrixXd K(X.rows(), n_sv);
    if (is_precomputed()) {
      for (Eigen::Index s = 0; s < n_sv; ++s)
        K.col(s) = X.col(m.support(s)).template cast<double>();
      return K;
    }
    kernels::visit_kernel(m.kernel, [&](const auto& kernel) {
      using K_t = std::decay_t<decltype(kernel)>;
      if constexpr (!std::is_same_v<K_t, kernels::Precomputed>) {
        const Matrix x = X.template cast<Scalar>();
        const Eigen::VectorXd x_sq = x.template cast<double>().rowwise().squaredNorm();
        if (X.cols() == m.support_vectors.cols()) {
          kernels::detail::kernel_block(kernel, x, x_sq, m.support_vectors, m.sv_squared_norms, K);
        } else {  // a loaded model and a wider X: the support vectors are 0 beyond their width
          Matrix wide = Matrix::Zero(n_sv, X.cols());
          wide.leftCols(m.support_vectors.cols()) = m.support_vectors;
          const Eigen::VectorXd wide_sq = wide.template cast<double>().rowwise().squaredNorm();
          kernels::detail::kernel_block(kernel, x, x_sq, wide, wide_sq, K);
        }
      }
    });
    return K;
  }

  // scikit-learn's one-vs-rest view of one-vs-one results: votes plus confidences squashed into
  // (−1/3, 1/3), so that the argmax follows the votes and breaks their ties by confidence.
  Eigen::MatrixXd ovr_decision(const Eigen::MatrixXd& raw) const {
    const Eigen::Index k = model_.classes.size();
    Eigen::MatrixXd votes = Eigen::MatrixXd::Zero(raw.rows(), k);
    Eigen::MatrixXd confidence = Eigen::MatrixXd::Zero(raw.rows(), k);
    Eigen::Index pair = 0;
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b, ++pair)
        for (Eigen::Index r = 0; r < raw.rows(); ++r) {
          confidence(r, a) += raw(r, pair);
          confidence(r, b) -= raw(r, pair);
          votes(r, raw(r, pair) < 0 ? b : a) += 1;
        }
    return votes.array() + confidence.array() / (3 * (confidence.array().abs() + 1));
  }

  SVCParams params_;
  Kernel kernel_;
  Model model_;
  bool fitted_ = false;
};

// LIBSVM model files: save and load (the file format itself is in svm/model_file.hpp).

template <typename Kernel, typename Scalar>
svm::LibsvmModel BasicSVC<Kernel, Scalar>::to_libsvm_model() const {
  check_fitted("SVC::to_libsvm_model");
  const Model& m = model_;
  svm::LibsvmModel file;
  file.kernel_type = kernel_kind();
  file.degree = params_.degree;
  file.gamma = m.gamma;
  file.coef0 = params_.coef0;
  file.label = m.classes;
  file.nr_sv = m.n_support;
  file.rho = m.rho;
  file.sv_coef = m.libsvm_coef;
  if (is_precomputed())
    file.sv_serial = m.support.array() + 1;
  else
    file.SV = m.support_vectors.template cast<double>();
  if (m.vote_rank.size() == 0) return file;
  // A loaded model goes back in its file's class order, which keeps svm-predict's tie-breaking.
  std::vector<Eigen::Index> order(static_cast<std::size_t>(m.classes.size()));
  for (Eigen::Index c = 0; c < m.classes.size(); ++c)
    order[static_cast<std::size_t>(m.vote_rank(c))] = c;
  return svm::reorder_classes(file, order);
}

template <typename Kernel, typename Scalar>
void BasicSVC<Kernel, Scalar>::save(const std::string& path) const {
  constexpr const char* fn = "SVC::save";
  check_fitted(fn);
  if (is_custom_kernel())
    detail::throw_invalid(fn,
                          "a user-defined kernel cannot be written to a LIBSVM model file (LIBSVM "
                          "knows linear, polynomial, rbf, sigmoid and precomputed)");
  svm::write_libsvm_model(to_libsvm_model(), path, fn);
}

template <typename Kernel, typename Scalar>
svm::LibsvmReadOptions BasicSVC<Kernel, Scalar>::libsvm_read_options() {
  svm::LibsvmReadOptions options;
  options.function = "SVC::load";
  if constexpr (!kIsAny && kernels::detail::has_type<Kernel>::value) options.kernel = Kernel::type;
  options.float_values = std::is_same_v<Scalar, float>;
  return options;
}

template <typename Kernel, typename Scalar>
BasicSVC<Kernel, Scalar> BasicSVC<Kernel, Scalar>::load(const std::string& path,
                                                        const SVCParams& options) {
  return load_model(
      [&](const svm::LibsvmReadOptions& read) { return svm::read_libsvm_model(path, read); }, path,
      options);
}

template <typename Kernel, typename Scalar>
BasicSVC<Kernel, Scalar> BasicSVC<Kernel, Scalar>::load(std::istream& in, const std::string& name,
                                                        const SVCParams& options) {
  return load_model(
      [&](const svm::LibsvmReadOptions& read) { return svm::read_libsvm_model(in, name, read); },
      name, options);
}

template <typename Kernel, typename Scalar>
BasicSVC<Kernel, Scalar> BasicSVC<Kernel, Scalar>::from_libsvm_model(
    const svm::LibsvmModel& original, const std::string& source, SVCParams params) {
  using kernels::KernelType;
  const KernelType type = original.kernel_type;
  const bool precomputed = type == KernelType::precomputed;
  params.kernel = type;
  if (type == KernelType::poly) params.degree = original.degree;
  if (type == KernelType::poly || type == KernelType::rbf || type == KernelType::sigmoid)
    params.gamma = original.gamma;
  if (type == KernelType::poly || type == KernelType::sigmoid) params.coef0 = original.coef0;
  BasicSVC svc(std::move(params));

  // sklite keeps classes sorted; the file's order survives as the tie-breaking rank of votes.
  const Eigen::Index k = original.nr_class();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(k));
  for (Eigen::Index c = 0; c < k; ++c) order[static_cast<std::size_t>(c)] = c;
  std::sort(order.begin(), order.end(),
            [&](Eigen::Index a, Eigen::Index b) { return original.label(a) < original.label(b); });
  const svm::LibsvmModel file = svm::reorder_classes(original, order);

  Model m;
  m.loaded = true;
  m.source = source;
  m.vote_rank.resize(k);
  for (Eigen::Index c = 0; c < k; ++c)
    m.vote_rank(c) = static_cast<int>(order[static_cast<std::size_t>(c)]);
  m.classes = file.label;
  m.n_support = file.nr_sv;
  m.sv_start = Eigen::VectorXi::Zero(k);
  for (Eigen::Index c = 1; c < k; ++c) m.sv_start(c) = m.sv_start(c - 1) + m.n_support(c - 1);
  m.libsvm_coef = file.sv_coef;
  m.rho = file.rho;
  const Eigen::Index n_sv = file.total_sv();
  if (precomputed) {
    m.support = file.sv_serial.array() - 1;
    m.n_features_in = n_sv == 0 ? 0 : file.sv_serial.maxCoeff();
  } else {
    m.support_vectors = file.SV.template cast<Scalar>();
    m.n_features_in = file.SV.cols();
    m.sv_squared_norms = m.support_vectors.template cast<double>().rowwise().squaredNorm();
  }
  m.gamma = type == KernelType::linear || precomputed ? 0.0 : file.gamma;
  m.kernel = svc.kernel_;
  const kernels::KernelParameters kernel_parameters{m.gamma, svc.params_.coef0, svc.params_.degree};
  if constexpr (kIsAny)
    m.kernel.parameters = kernel_parameters;
  else if constexpr (kernels::takes_parameters_v<Kernel>)
    m.kernel = Kernel::from_parameters(kernel_parameters);

  const double sign = k == 2 ? -1.0 : 1.0;
  m.dual_coef = sign * m.libsvm_coef;
  m.intercept = -sign * m.rho;
  svc.model_ = std::move(m);
  svc.fitted_ = true;
  return svc;
}

/// @brief scikit-learn's SVC: the kernel is chosen at run time from SVCParams::kernel.
using SVC = BasicSVC<kernels::Any, double>;

}  // namespace sklite

#endif  // SKLITE_SVM_SVC_HPP

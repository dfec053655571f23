// sklite: the support vector classifiers (SVC and NuSVC): labels, one-vs-one training, voting and
// scikit-learn's views of the decision values and the fitted model.
#ifndef SKLITE_SVM_DETAIL_CLASSIFIER_HPP
#define SKLITE_SVM_DETAIL_CLASSIFIER_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <istream>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/detail/labels.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/detail/estimator.hpp"
#include "sklite/svm/model.hpp"
#include "sklite/svm/model_file.hpp"
#include "sklite/svm/params.hpp"
#include "sklite/svm/probability.hpp"
#include "sklite/svm/train.hpp"

namespace sklite::svm::detail {

/// @brief A support vector classifier: one binary problem per pair of classes (one-vs-one) and a
/// vote, as LIBSVM and scikit-learn do it. sklite::BasicSVC and sklite::BasicNuSVC are this
/// template with their parameters (see svm/svc.hpp and svm/nu_svc.hpp for the documentation).
///
/// @tparam Params SVCParams or NuSVCParams
/// @tparam Kernel the kernel policy (kernels::Any: chosen at run time from the parameters)
/// @tparam Scalar the type the training data and support vectors are stored in
/// @tparam Label the class labels: int (taken from any Eigen vector of integral values, returned
///   as Eigen::VectorXi), or any other type with operator< (taken and returned as std::vector)
template <typename Params, typename Kernel, typename Scalar, typename Label>
class Classifier : public Estimator<Params, Kernel, Scalar> {
  using Base = Estimator<Params, Kernel, Scalar>;
  using Traits = typename Base::Traits;
  static constexpr bool kIntLabels = std::is_same_v<Label, int>;

 public:
  using label_type = Label;
  /// The type of a list of labels: Eigen::VectorXi for int labels, std::vector<Label> otherwise.
  using Labels = std::conditional_t<kIntLabels, Eigen::VectorXi, std::vector<Label>>;
  /// For model selection: an integer cv means stratified folds, and the default score accuracy.
  static constexpr bool is_classifier = true;

  /// @brief Checks the parameters; does not train.
  /// @throws std::invalid_argument for a parameter out of range (see docs/svm.md)
  explicit Classifier(Params params = {}, Kernel kernel = Kernel{})
      : Base(std::move(params), std::move(kernel)) {}

  /// @brief Fits the model to the samples X (rows) and their integer class labels y.
  /// @param X the n×d training matrix, or for a precomputed kernel the n×n Gram matrix
  /// @param y n labels: any Eigen vector of integers, or of floating values that are integral
  /// @return *this
  /// @throws std::invalid_argument for bad input (see docs/svm.md); the estimator is then left as
  ///   it was
  template <typename DerivedX, typename DerivedY>
  Classifier& fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) {
    return fit(X, y, Eigen::VectorXd());
  }

  /// @brief Fits with a weight per sample: sample i's bound is C × its class's weight × its weight
  /// (ν-SVC: its weight); samples of weight ≤ 0 take no part, as in scikit-learn.
  template <typename DerivedX, typename DerivedY, typename DerivedW>
  Classifier& fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y,
                  const Eigen::DenseBase<DerivedW>& sample_weight) {
    static_assert(kIntLabels, "this classifier's labels are given as a std::vector<Label>");
    const std::string fn = Base::function("fit");
    const Eigen::VectorXi labels = sklite::detail::to_int_labels(fn, "y", y);
    fit_labels(fn, X, std::vector<int>(labels.data(), labels.data() + labels.size()),
               sample_weight);
    return *this;
  }

  /// @brief Fits to labels of any type with operator< (std::string, …), sorted as scikit-learn
  /// sorts them.
  template <typename DerivedX>
  Classifier& fit(const Eigen::MatrixBase<DerivedX>& X, const std::vector<Label>& y) {
    return fit(X, y, Eigen::VectorXd());
  }
  template <typename DerivedX, typename DerivedW>
  Classifier& fit(const Eigen::MatrixBase<DerivedX>& X, const std::vector<Label>& y,
                  const Eigen::DenseBase<DerivedW>& sample_weight) {
    fit_labels(Base::function("fit"), X, y, sample_weight);
    return *this;
  }

  /// @brief The class of each row of X: by one-vs-one vote, ties to the class first in classes()
  /// (for a model read from a file, first in the file, as LIBSVM); with break_ties (ovr shape,
  /// more than two classes), the argmax of decision_function.
  /// @throws NotFittedError before fit; std::invalid_argument for NaN/infinity, a column count
  ///   other than at fit (n_train for a precomputed kernel), or break_ties with the ovo shape
  template <typename Derived>
  Labels predict(const Eigen::MatrixBase<Derived>& X) const {
    const std::string fn = Base::function("predict");
    const bool ovr_shape = Base::params_.decision_function_shape == DecisionFunctionShape::ovr;
    Base::fitted_for(fn);
    if (Base::params_.break_ties && !ovr_shape)
      throw_invalid(fn, "break_ties must be false when decision_function_shape is 'ovo'");
    const Eigen::MatrixXd raw = Base::raw_decision(fn, X);
    const svm::Model<Scalar>& m = *Base::model_;
    const Eigen::Index k = m.label.size();
    Eigen::VectorXi winner;
    if (Base::params_.break_ties && ovr_shape && k > 2) {
      const Eigen::MatrixXd ovr = ovr_decision(raw);
      winner.resize(raw.rows());
      for (Eigen::Index r = 0; r < raw.rows(); ++r) {
        Eigen::Index best = 0;
        ovr.row(r).maxCoeff(&best);
        winner(r) = static_cast<int>(best);
      }
    } else {
      winner = svm::vote(m, raw);
    }
    return labels_of(winner);
  }

  /// @brief Decision values for the rows of X, in scikit-learn's shapes and signs.
  ///
  /// Two classes: one column, positive for classes()[1]. More classes: with the ovo shape, one
  /// column per pair (i, j), i < j in classes() order, positive for class i; with the ovr shape
  /// (the default), one column per class holding its one-vs-one votes plus the sum of its
  /// confidences scaled into (−1/3, 1/3), as scikit-learn computes it.
  /// @throws as predict
  template <typename Derived>
  Eigen::MatrixXd decision_function(const Eigen::MatrixBase<Derived>& X) const {
    Eigen::MatrixXd raw = Base::raw_decision(Base::function("decision_function"), X);
    if (Base::model_->label.size() == 2) return -raw;
    if (Base::params_.decision_function_shape == DecisionFunctionShape::ovo) return raw;
    return ovr_decision(raw);
  }

  /// @brief The mean accuracy of predict(X) against y.
  /// @throws as predict, and std::invalid_argument when y's length differs from X's rows
  template <typename DerivedX, typename DerivedY>
  double score(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) const {
    static_assert(kIntLabels, "this classifier's labels are given as a std::vector<Label>");
    const std::string fn = Base::function("score");
    Base::fitted_for(fn);
    const Eigen::VectorXi labels = sklite::detail::to_int_labels(fn, "y", y);
    return accuracy(fn, X, std::vector<int>(labels.data(), labels.data() + labels.size()));
  }
  template <typename DerivedX>
  double score(const Eigen::MatrixBase<DerivedX>& X, const std::vector<Label>& y) const {
    const std::string fn = Base::function("score");
    Base::fitted_for(fn);
    return accuracy(fn, X, y);
  }

  /// @brief The probability of each class for the rows of X: one column per class in classes()
  /// order, each row summing to 1 (LIBSVM's method: Platt's sigmoid per pair of classes, fitted
  /// at fit on five-fold cross-validated decision values, then pairwise coupling).
  ///
  /// The argmax of a row may differ from predict(), which is the one-vs-one vote, as in
  /// scikit-learn (see docs/svm.md).
  /// @throws std::logic_error for a model without a probability model (fitted with probability
  ///   = false, or read from a file without probA/probB); otherwise as predict
  template <typename Derived>
  Eigen::MatrixXd predict_proba(const Eigen::MatrixBase<Derived>& X) const {
    const std::string fn = Base::function("predict_proba");
    has_probability_model("predict_proba");
    return svm::class_probabilities(*Base::model_, Base::raw_decision(fn, X),
                                    Base::params_.probability_convention);
  }

  /// @brief The logarithm of predict_proba(X).
  template <typename Derived>
  Eigen::MatrixXd predict_log_proba(const Eigen::MatrixBase<Derived>& X) const {
    const std::string fn = Base::function("predict_log_proba");
    has_probability_model("predict_log_proba");
    return svm::class_probabilities(*Base::model_, Base::raw_decision(fn, X),
                                    Base::params_.probability_convention)
        .array()
        .log();
  }

  /// @name Fitted attributes (scikit-learn's, without the trailing underscore)
  /// Each throws NotFittedError before fit. A model from load() does not know support() (except
  /// with a precomputed kernel), class_weight(), n_iter(), fit_status(), nor effective_gamma()
  /// with the linear kernel: these throw std::logic_error.
  ///@{
  /// The sorted class labels.
  const Labels& classes() const {
    const svm::Model<Scalar>& m = Base::fitted("classes");
    if constexpr (kIntLabels)
      return m.label;
    else
      return classes_;
  }
  /// The number of support vectors of each class.
  const Eigen::VectorXi& n_support() const { return Base::fitted("n_support").nr_sv; }
  /// (n_classes − 1) × n_SV: the coefficients y_i α_i of each support vector in the classifiers
  /// that involve its class, in LIBSVM's layout (signs flipped for two classes, as scikit-learn).
  Eigen::MatrixXd dual_coef() const {
    const svm::Model<Scalar>& m = Base::fitted("dual_coef");
    return m.label.size() == 2 ? Eigen::MatrixXd(-m.sv_coef) : m.sv_coef;
  }
  /// The constant of each one-vs-one decision function.
  Eigen::VectorXd intercept() const {
    const svm::Model<Scalar>& m = Base::fitted("intercept");
    return m.label.size() == 2 ? m.rho : Eigen::VectorXd(-m.rho);
  }
  /// Platt's A of each pair of classes (in the order of decision_function's ovo columns); empty
  /// without a probability model.
  const Eigen::VectorXd& probA() const { return Base::fitted("probA").probA; }
  /// Platt's B of each pair, as probA: P(first class of the pair) = 1 / (1 + exp(A·f + B)) where
  /// f is the pair's ovo decision value.
  const Eigen::VectorXd& probB() const { return Base::fitted("probB").probB; }
  /// The weight of each class (1 unless class_weight says otherwise).
  const Eigen::VectorXd& class_weight() const {
    return Base::recorded("class_weight").class_weight;
  }
  /// SMO iterations of each one-vs-one sub-problem.
  const Eigen::VectorXi& n_iter() const { return Base::recorded("n_iter").n_iter; }
  /// @brief The primal weights w of each one-vs-one classifier (linear kernel only).
  /// @throws std::invalid_argument for any other kernel
  Eigen::MatrixXd coef() const {
    const svm::Model<Scalar>& m = Base::fitted("coef");
    if (is_user_kernel_v<Kernel> || m.kernel_type != kernels::KernelType::linear)
      throw_invalid(Base::function("coef"), "coef is only available with the linear kernel; this ",
                    Traits::name, " uses '", kernel_label(svm::model_kernel(Base::kernel_, m)),
                    "'");
    const Eigen::MatrixXd SV = m.SV.template cast<double>();
    if (m.label.size() == 2) return dual_coef() * SV;
    const Eigen::Index k = m.label.size();
    const Eigen::VectorXi start = m.sv_start();
    Eigen::MatrixXd w(k * (k - 1) / 2, m.SV.cols());
    Eigen::Index pair = 0;
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b, ++pair)
        w.row(pair) = m.sv_coef.row(coef_row(a, b)).segment(start(a), m.nr_sv(a)) *
                          SV.middleRows(start(a), m.nr_sv(a)) +
                      m.sv_coef.row(coef_row(b, a)).segment(start(b), m.nr_sv(b)) *
                          SV.middleRows(start(b), m.nr_sv(b));
    return w;
  }
  ///@}

  /// @brief Writes the fitted model as a LIBSVM model file (see Estimator::save).
  /// @throws as Estimator::save, and std::invalid_argument for labels other than int, which a
  ///   LIBSVM model file cannot hold
  void save(const std::string& path) const {
    refuse_other_labels(Base::function("save"));
    Base::save(path);
  }

  /// @brief Reads a classifier from a LIBSVM model file (written by svm-train, save() or any
  /// LIBSVM) of this estimator's svm_type.
  ///
  /// The classes are sorted, as after fit: support vector groups, coefficient rows and rho are
  /// reordered, and pairs whose classes swap change sign, so that decision_function has
  /// scikit-learn's shapes and signs and predict gives svm-predict's labels (ties between votes go
  /// to the class listed first in the file, LIBSVM's rule). predict accepts X with at least
  /// n_features_in() columns (the largest feature index of the support vectors), as LIBSVM does.
  /// @param path the model file
  /// @param options prediction options (decision_function_shape, break_ties, n_jobs); kernel,
  ///   degree, gamma and coef0 are replaced by the file's, which params() then shows
  /// @throws sklite::FileError ("SVC::load: path:line: problem") for a file that cannot be read,
  ///   is malformed, holds another svm_type, or has a kernel other than this estimator's fixed
  ///   kernel; std::invalid_argument for a user-defined kernel or invalid options
  static Classifier load(const std::string& path, const Params& options = {}) {
    const std::string fn = Base::function("load");
    Base::refuse_user_kernel(fn);
    refuse_other_labels(fn);
    return adopt_sorted(read_libsvm_model<Scalar>(path, Base::read_options(fn)), fn, path, options);
  }

  /// @brief Reads a classifier from LIBSVM model text in a stream; `name` stands for the path in
  /// error messages. Otherwise as load(path).
  static Classifier load(std::istream& in, const std::string& name, const Params& options = {}) {
    const std::string fn = Base::function("load");
    Base::refuse_user_kernel(fn);
    refuse_other_labels(fn);
    return adopt_sorted(read_libsvm_model<Scalar>(in, name, Base::read_options(fn)), fn, name,
                        options);
  }

  /// @brief A classifier holding `model` (read with svm::read_libsvm_model, another estimator's
  /// model(), or built by hand), its classes sorted as load() sorts them.
  /// @throws std::invalid_argument for a model of another svm_type, another kernel than a fixed
  ///   Kernel, parts of inconsistent sizes, a user-defined kernel or labels other than int
  static Classifier from_model(svm::Model<Scalar> model, const Params& options = {}) {
    const std::string fn = Base::function("from_model");
    refuse_other_labels(fn);
    return adopt_sorted(std::move(model), fn, "an svm::Model", options);
  }

 private:
  template <typename DerivedX, typename DerivedW>
  void fit_labels(const std::string& fn, const Eigen::MatrixBase<DerivedX>& X,
                  const std::vector<Label>& y, const Eigen::DenseBase<DerivedW>& sample_weight) {
    check_training_X(fn, X, Base::precomputed());
    sklite::detail::check_same_length(fn, "X", X.rows(), "rows", "y",
                                      static_cast<Eigen::Index>(y.size()), "labels");
    Eigen::VectorXd w = sample_weights(fn, sample_weight, X.rows());
    std::vector<Label> classes = y;
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    auto k = static_cast<Eigen::Index>(classes.size());
    if (k < 2)
      throw_invalid(fn, "needs samples of at least 2 classes; got ", k,
                    k == 1 ? " class" : " classes");
    std::vector<Eigen::Index> class_of(y.size());
    for (std::size_t i = 0; i < y.size(); ++i)
      class_of[i] = std::lower_bound(classes.begin(), classes.end(), y[i]) - classes.begin();
    Eigen::VectorXd class_weight = weights_per_class(fn, classes, class_of);
    if constexpr (std::is_same_v<Params, NuSVCParams>) check_nu_feasible(fn, class_of, w, k);

    // Rows of positive weight, grouped by class in class order (LIBSVM's layout); a class that
    // keeps no row is left out.
    const std::vector<Eigen::Index> rows = weighted_rows(fn, w);
    std::vector<std::vector<Eigen::Index>> members(static_cast<std::size_t>(k));
    for (const Eigen::Index r : rows)
      members[static_cast<std::size_t>(class_of[static_cast<std::size_t>(r)])].push_back(r);
    std::vector<Eigen::Index> kept;
    for (Eigen::Index c = 0; c < k; ++c)
      if (!members[static_cast<std::size_t>(c)].empty()) kept.push_back(c);
    if (kept.size() < 2)
      throw_invalid(fn,
                    "Invalid input - all samples with positive weights belong to the same class (",
                    classes[static_cast<std::size_t>(kept[0])], ")");
    std::vector<Eigen::Index> order;
    std::vector<Eigen::Index> start{0};
    for (const Eigen::Index c : kept) {
      const auto& m = members[static_cast<std::size_t>(c)];
      order.insert(order.end(), m.begin(), m.end());
      start.push_back(static_cast<Eigen::Index>(order.size()));
    }
    if (static_cast<Eigen::Index>(kept.size()) < k) {
      std::string dropped;
      for (Eigen::Index c = 0; c < k; ++c)
        if (members[static_cast<std::size_t>(c)].empty())
          dropped += concat(dropped.empty() ? "" : ", ", classes[static_cast<std::size_t>(c)]);
      Base::warn(concat(fn, ": sample_weight leaves no sample of class ", dropped,
                        " with a positive weight; the model leaves it out"));
      std::vector<Label> kept_classes;
      Eigen::VectorXd kept_weight(static_cast<Eigen::Index>(kept.size()));
      for (std::size_t c = 0; c < kept.size(); ++c) {
        kept_classes.push_back(classes[static_cast<std::size_t>(kept[c])]);
        kept_weight(static_cast<Eigen::Index>(c)) = class_weight(kept[c]);
      }
      classes = std::move(kept_classes);
      class_weight = std::move(kept_weight);
      k = static_cast<Eigen::Index>(classes.size());
    }

    const Formulation formulation = formulation_of(Base::params_);
    Eigen::VectorXd bound(static_cast<Eigen::Index>(order.size()));
    for (Eigen::Index c = 0; c < k; ++c)
      for (Eigen::Index t = start[static_cast<std::size_t>(c)];
           t < start[static_cast<std::size_t>(c) + 1]; ++t) {
        const double weight = w(order[static_cast<std::size_t>(t)]);
        bound(t) = formulation.type == SVMType::c_svc ? weight * (formulation.C * class_weight(c))
                                                      : weight;
      }

    svm::Model<Scalar> model = Base::new_model(X);
    svm::TrainOptions options = Base::train_options();
    options.probability = probability_options();
    Base::use_share(options, X, order, model);
    const auto problems = static_cast<std::size_t>(
        k * (k - 1) / 2 * (options.probability.enabled ? 1 + svm::kProbabilityFolds : 1));
    const auto control = Base::make_control(problems);
    options.solver.control = control.get();
    // A warm start needs the same X, classes and kernel; C and the weights may change.
    std::uint64_t fingerprint = 0;
    std::vector<Eigen::VectorXd> warm;
    if (Base::params_.warm_start) {
      Fingerprint f = Base::fingerprint(X, model);
      for (const Eigen::Index c : class_of) f.add(c);
      for (const Eigen::Index c : kept) f.add(c);
      fingerprint = f.value();
      warm = Base::warm_alpha(fingerprint, order, X.rows());
      if (!warm.empty()) options.warm_alpha = &warm;
      options.keep_alpha = true;
    }
    // (A training copy goes before the model's support vectors come.)
    const svm::Trained t =
        with_training_matrix<Scalar>(X, order, Base::precomputed(), [&](const auto& grouped) {
          return svm::train_one_vs_one(grouped, start, bound, formulation,
                                       svm::model_kernel(Base::kernel_, model), options);
        });
    model.label.resize(k);
    for (Eigen::Index c = 0; c < k; ++c)
      model.label(c) =
          kIntLabels ? label_number(classes[static_cast<std::size_t>(c)]) : static_cast<int>(c);
    model.nr_sv = t.nr_sv;
    model.sv_coef = t.sv_coef;
    model.rho = t.rho;
    model.probA = t.probA;
    model.probB = t.probB;
    set_support_vectors(model, X, order, t.sv_rows);
    std::vector<std::string> pair_names;
    for (std::size_t a = 0; a < classes.size(); ++a)
      for (std::size_t b = a + 1; b < classes.size(); ++b)
        pair_names.push_back(concat("classes ", classes[a], " vs ", classes[b]));
    FitRecord record = Base::record_fit(t, pair_names, control.get());
    record.warm = Base::warm_state(fingerprint, t, order, X.rows());
    record.class_weight = std::move(class_weight);
    Base::commit(std::move(model), std::move(record));
    if constexpr (!kIntLabels) classes_ = std::move(classes);
  }

  // The seed scikit-learn derives from random_state; without one, a fresh seed for each fit.
  svm::ProbabilityOptions probability_options() const {
    const Params& p = Base::params_;
    svm::ProbabilityOptions o;
    o.enabled = p.probability;
    o.convention = p.probability_convention;
    o.seed = p.random_state ? svm::scikit_learn_seed(*p.random_state)
                            : std::random_device{}() & 0x7fffffffU;
    return o;
  }

  static int label_number(const Label& label) {
    if constexpr (kIntLabels) return label;
    return 0;
  }

  /// Each class's weight: 1, n_samples / (n_classes · count) for "balanced", or the map's.
  Eigen::VectorXd weights_per_class(const std::string& fn, const std::vector<Label>& classes,
                                    const std::vector<Eigen::Index>& class_of) const {
    const ClassWeight& spec = Base::params_.class_weight;
    const auto k = static_cast<Eigen::Index>(classes.size());
    Eigen::VectorXd weight = Eigen::VectorXd::Ones(k);
    if (spec.is_balanced()) {
      Eigen::VectorXd count = Eigen::VectorXd::Zero(k);
      for (const Eigen::Index c : class_of) count(c) += 1;
      for (Eigen::Index c = 0; c < k; ++c)
        weight(c) = static_cast<double>(class_of.size()) / (static_cast<double>(k) * count(c));
    }
    for (const auto& [label, w] : spec.weights()) {
      if constexpr (!kIntLabels) {
        throw_invalid(fn, "class_weight by label needs integer labels; use 'balanced' or none");
      } else {
        const auto found = std::find(classes.begin(), classes.end(), label);
        if (found == classes.end())
          throw_invalid(fn, "class_weight has a weight for class ", label,
                        ", which is not present in y");
        weight(found - classes.begin()) = w;
      }
    }
    return weight;
  }

  /// ν-SVC needs ν(n_a + n_b)/2 ≤ min(n_a, n_b) for every pair of classes, the n the summed sample
  /// weights of each class (negative ones included, as scikit-learn sums them).
  void check_nu_feasible(const std::string& fn, const std::vector<Eigen::Index>& class_of,
                         const Eigen::VectorXd& w, Eigen::Index k) const {
    Eigen::VectorXd count = Eigen::VectorXd::Zero(k);
    for (std::size_t i = 0; i < class_of.size(); ++i)
      count(class_of[i]) += w(static_cast<Eigen::Index>(i));
    const double nu = Base::params_.nu;
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b)
        if (nu * (count(a) + count(b)) / 2 > std::min(count(a), count(b)))
          throw_invalid(fn, "specified nu is infeasible: nu = ", nu,
                        " asks for more margin errors "
                        "than the smaller of two classes allows; lower nu");
  }

  Labels labels_of(const Eigen::VectorXi& positions) const {
    if constexpr (kIntLabels) {
      Eigen::VectorXi out(positions.size());
      for (Eigen::Index r = 0; r < positions.size(); ++r)
        out(r) = Base::model_->label(positions(r));
      return out;
    } else {
      std::vector<Label> out;
      out.reserve(static_cast<std::size_t>(positions.size()));
      for (Eigen::Index r = 0; r < positions.size(); ++r)
        out.push_back(classes_[static_cast<std::size_t>(positions(r))]);
      return out;
    }
  }

  template <typename DerivedX>
  double accuracy(const std::string& fn, const Eigen::MatrixBase<DerivedX>& X,
                  const std::vector<Label>& y) const {
    sklite::detail::check_same_length(fn, "X", X.rows(), "rows", "y",
                                      static_cast<Eigen::Index>(y.size()), "labels");
    if (y.empty()) throw_invalid(fn, "X must not be empty; got 0 rows");
    const Labels predicted = predict(X);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      if constexpr (kIntLabels) {
        if (predicted(static_cast<Eigen::Index>(i)) == y[i]) ++correct;
      } else if (predicted[i] == y[i]) {
        ++correct;
      }
    }
    return static_cast<double>(correct) / static_cast<double>(y.size());
  }

  // scikit-learn's one-vs-rest view of one-vs-one results: votes plus confidences squashed into
  // (−1/3, 1/3), so that the argmax follows the votes and breaks their ties by confidence.
  Eigen::MatrixXd ovr_decision(const Eigen::MatrixXd& raw) const {
    const Eigen::Index k = Base::model_->label.size();
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

  void has_probability_model(const char* method) const {
    const svm::Model<Scalar>& m = Base::fitted_for(Base::function(method));
    if (m.probA.size() == 0 || m.probB.size() == 0)
      throw std::logic_error(concat(Base::function(method), ": ", method,
                                    " is not available when probability=False: this ", Traits::name,
                                    " has no probability model (fit it with probability = true; "
                                    "a model file needs probA and probB, from svm-train -b 1)"));
  }

  static void refuse_other_labels(const std::string& fn) {
    if constexpr (!kIntLabels)
      throw_invalid(fn,
                    "LIBSVM model files hold integer labels; this classifier's labels are of "
                    "another type");
  }

  // sklite keeps classes sorted; the model's own order survives as the tie-breaking rank of
  // votes (and the order a file is written in).
  static Classifier adopt_sorted(svm::Model<Scalar> model, const std::string& fn,
                                 const std::string& source, const Params& options) {
    if (is_classification(model.svm_type) && model.vote_rank.size() == 0) {
      model.vote_rank.resize(model.label.size());
      std::iota(model.vote_rank.begin(), model.vote_rank.end(), 0);
    }
    if (is_classification(model.svm_type) && model.vote_rank.size() == model.label.size() &&
        model.nr_sv.size() == model.label.size())
      model = svm::reorder_classes(model);
    return Base::template adopt<Classifier>(std::move(model), fn, source, options);
  }

  std::vector<Label> classes_;  // the labels, for labels other than int (int: the model's)

  friend Base;
};

}  // namespace sklite::svm::detail

#endif  // SKLITE_SVM_DETAIL_CLASSIFIER_HPP

// sklite: the parameters of the SVM estimators, with scikit-learn's names, order and defaults.
#ifndef SKLITE_SVM_PARAMS_HPP
#define SKLITE_SVM_PARAMS_HPP

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sklite/kernels.hpp"
#include "sklite/svm/control.hpp"
#include "sklite/svm/formulations.hpp"

namespace sklite {

/// @brief The `kernel` parameter: a scikit-learn name ("linear", "poly", "rbf", "sigmoid",
/// "precomputed") or a kernels::KernelType; unset means the estimator's own kernel (rbf for the
/// run-time-kernel estimators such as SVC).
class KernelSpec {
 public:
  KernelSpec() = default;
  KernelSpec(kernels::KernelType type) : type_(type) {}     // NOLINT: implicit by design
  KernelSpec(const char* name) : name_(name) {}             // NOLINT: implicit by design
  KernelSpec(std::string name) : name_(std::move(name)) {}  // NOLINT: implicit by design

  /// True when a kernel was named.
  bool is_set() const { return type_.has_value() || name_.has_value(); }
  /// The kernel type named.
  /// @throws std::invalid_argument for an unknown name
  kernels::KernelType type(kernels::KernelType fallback) const {
    if (type_) return *type_;
    if (name_) return kernels::kernel_type_from_name(*name_);
    return fallback;
  }

 private:
  std::optional<kernels::KernelType> type_;
  std::optional<std::string> name_;
};

/// @brief The `gamma` parameter: a positive number, "scale" (1 / (n_features · Var(X)), or 1 when
/// Var(X) is 0) or "auto" (1 / n_features).
class Gamma {
 public:
  enum class Kind { value, scale, automatic, invalid };

  Gamma() : kind_(Kind::scale) {}
  Gamma(double value) : kind_(Kind::value), value_(value) {}  // NOLINT: implicit by design
  Gamma(const char* name) : Gamma(std::string_view(name)) {}  // NOLINT: implicit by design
  Gamma(std::string_view name)                                // NOLINT: implicit by design
      : kind_(name == "scale"  ? Kind::scale
              : name == "auto" ? Kind::automatic
                               : Kind::invalid),
        name_(name) {}

  static Gamma scale() { return Gamma(Kind::scale); }
  static Gamma automatic() { return Gamma(Kind::automatic); }

  Kind kind() const { return kind_; }
  /// The number given (meaningful for Kind::value).
  double value() const { return value_; }
  /// The name given (meaningful for Kind::invalid, to report it).
  const std::string& name() const { return name_; }

 private:
  explicit Gamma(Kind kind) : kind_(kind) {}
  Kind kind_;
  double value_ = 0;
  std::string name_;
};

/// @brief The `class_weight` parameter: none (every class weighs 1), "balanced"
/// (n_samples / (n_classes · count of the class)) or a weight per class label; classes left out of
/// the map weigh 1. Each class's C becomes C · weight.
class ClassWeight {
 public:
  ClassWeight() = default;
  ClassWeight(const char* name) : name_(name), named_(true) {}  // NOLINT: implicit by design
  ClassWeight(std::map<int, double> weights)                    // NOLINT: implicit by design
      : weights_(std::move(weights)) {}
  ClassWeight(std::initializer_list<std::pair<const int, double>> weights)  // NOLINT
      : weights_(weights) {}

  static ClassWeight balanced() { return ClassWeight("balanced"); }

  bool is_none() const { return !named_ && weights_.empty(); }
  /// True when a name was given (valid or not).
  bool is_named() const { return named_; }
  bool is_balanced() const { return name_ == "balanced"; }
  /// The name given, when it is a name ("balanced" is the only valid one).
  const std::string& name() const { return name_; }
  const std::map<int, double>& weights() const { return weights_; }

 private:
  std::string name_;
  bool named_ = false;
  std::map<int, double> weights_;
};

/// @brief The shape of `decision_function` for more than two classes.
enum class DecisionFunctionShape {
  ovr,  ///< one column per class: votes plus scaled confidences, as scikit-learn
  ovo   ///< one column per pair of classes (i, j), i < j, in LIBSVM's order
};

/// @brief Receives text an estimator reports: warnings, or the verbose report.
using MessageHandler = std::function<void(const std::string&)>;

// The parameter structs below declare their fields in scikit-learn's order with its defaults, so
// that C++20 designated initializers read like the Python call; sklite's own fields come last.
// What every field means and accepts is in docs/svm.md.

/// @brief Parameters of sklite::SVC: `sklite::SVC clf({.C = 100.0, .gamma = 0.001});`.
struct SVCParams {
  double C = 1.0;         ///< regularization: the upper bound of each dual variable (> 0)
  KernelSpec kernel{};    ///< "linear", "poly", "rbf" (the default), "sigmoid" or "precomputed"
  int degree = 3;         ///< degree of the poly kernel (≥ 0)
  Gamma gamma{};          ///< "scale" (the default), "auto" or a positive number
  double coef0 = 0.0;     ///< constant term of poly and sigmoid
  bool shrinking = true;  ///< use the shrinking heuristic
  /// Fit a probability model for predict_proba (five more fits per pair of classes, on folds).
  bool probability = false;
  double tol = 1e-3;           ///< stopping tolerance on the KKT violation (> 0)
  double cache_size = 200;     ///< kernel cache, in MB (> 0): a bound on all kernel values kept
  ClassWeight class_weight{};  ///< none, "balanced" or a weight per class label
  bool verbose = false;        ///< print LIBSVM's progress report, as scikit-learn
  long long max_iter = -1;     ///< iteration cap per sub-problem; -1 means none
  DecisionFunctionShape decision_function_shape = DecisionFunctionShape::ovr;
  bool break_ties = false;  ///< with ovr and more than 2 classes, predict the ovr argmax
  /// Seeds the shuffle of probability's internal folds as scikit-learn's random_state does; unset,
  /// each fit draws a fresh seed.
  std::optional<std::uint32_t> random_state{};
  /// Threads for fit and predict: -1 (the default) uses every core, n ≥ 1 at most n. The model
  /// is the same, bit for bit, whatever the count. (sklite's own; scikit-learn's SVC has none.)
  int n_jobs = -1;
  /// Receives warnings (such as reaching max_iter). When unset they go to std::clog if verbose,
  /// and are otherwise dropped: fit_status() still tells.
  MessageHandler warning_handler{};
  /// Receives the verbose report. When unset it goes to std::cout, as scikit-learn prints it.
  MessageHandler print_handler{};
  /// Whose draws and fold problems the probability model follows (svm::ProbabilityConvention):
  /// scikit-learn's (the default) or LIBSVM 3.24's, whose probA/probB sklite-train reproduces.
  svm::ProbabilityConvention probability_convention = svm::ProbabilityConvention::scikit_learn;
  /// A wall-clock budget for one fit, in seconds (> 0); unset, none. At the budget the solvers
  /// stop where they are: the model is usable, fit_status() is 1 and a warning says why.
  std::optional<double> max_seconds{};
  /// Called about every 100 ms of solver work and at the end of each sub-problem (FitProgress);
  /// returning false cancels the fit, which throws sklite::FitCancelled.
  ProgressCallback progress{};
  /// Start the next fit on the same X and y from this fit's solution (scikit-learn's name in its
  /// other estimators): for a refit after C, class_weight or sample_weight changed.
  bool warm_start = false;
};

/// @brief Parameters of sklite::NuSVC: `sklite::NuSVC clf({.nu = 0.1, .gamma = 0.001});`.
struct NuSVCParams {
  double nu = 0.5;  ///< bounds the fraction of margin errors and of support vectors: (0, 1]
  KernelSpec kernel{};
  int degree = 3;
  Gamma gamma{};
  double coef0 = 0.0;
  bool shrinking = true;
  bool probability = false;  ///< fit a probability model for predict_proba
  double tol = 1e-3;
  double cache_size = 200;
  /// Reported by class_weight(); as in scikit-learn and LIBSVM, the ν formulation does not use it.
  ClassWeight class_weight{};
  bool verbose = false;
  long long max_iter = -1;
  DecisionFunctionShape decision_function_shape = DecisionFunctionShape::ovr;
  bool break_ties = false;
  std::optional<std::uint32_t> random_state{};
  int n_jobs = -1;
  MessageHandler warning_handler{};
  MessageHandler print_handler{};
  /// Whose arithmetic the starting point follows (svm::StartingPoint): scikit-learn's (the
  /// default) or LIBSVM 3.24's, whose reports sklite-train reproduces to the printed digit.
  svm::StartingPoint starting_point = svm::StartingPoint::scikit_learn;
  /// As SVCParams::probability_convention.
  svm::ProbabilityConvention probability_convention = svm::ProbabilityConvention::scikit_learn;
  /// As SVCParams::max_seconds, progress and warm_start.
  std::optional<double> max_seconds{};
  ProgressCallback progress{};
  bool warm_start = false;
};

/// @brief Parameters of sklite::OneClassSVM: `sklite::OneClassSVM detector({.nu = 0.05});`.
struct OneClassSVMParams {
  KernelSpec kernel{};
  int degree = 3;
  Gamma gamma{};
  double coef0 = 0.0;
  double tol = 1e-3;
  double nu = 0.5;  ///< bounds the fraction of training outliers and of support vectors: (0, 1]
  bool shrinking = true;
  double cache_size = 200;
  bool verbose = false;
  long long max_iter = -1;
  int n_jobs = -1;  ///< threads for the Gram matrix and predict (the one problem runs on one)
  MessageHandler warning_handler{};
  MessageHandler print_handler{};
  /// Whose arithmetic the starting point follows (svm::StartingPoint): scikit-learn's (the
  /// default) or LIBSVM 3.24's, whose reports sklite-train reproduces to the printed digit.
  svm::StartingPoint starting_point = svm::StartingPoint::scikit_learn;
  /// As SVCParams::max_seconds, progress and warm_start.
  std::optional<double> max_seconds{};
  ProgressCallback progress{};
  bool warm_start = false;
};

/// @brief Parameters of sklite::SVR: `sklite::SVR reg({.C = 10.0, .epsilon = 0.05});`.
struct SVRParams {
  KernelSpec kernel{};
  int degree = 3;
  Gamma gamma{};
  double coef0 = 0.0;
  double tol = 1e-3;
  double C = 1.0;
  double epsilon = 0.1;  ///< the half-width of the tube in which errors cost nothing (≥ 0)
  bool shrinking = true;
  double cache_size = 200;
  bool verbose = false;
  long long max_iter = -1;
  int n_jobs = -1;  ///< threads for the Gram matrix and predict
  MessageHandler warning_handler{};
  MessageHandler print_handler{};
  /// As SVCParams::max_seconds, progress and warm_start.
  std::optional<double> max_seconds{};
  ProgressCallback progress{};
  bool warm_start = false;
};

/// @brief Parameters of sklite::NuSVR: `sklite::NuSVR reg({.nu = 0.2, .C = 10.0});`.
struct NuSVRParams {
  double nu = 0.5;  ///< bounds the fraction of training errors and of support vectors: (0, 1]
  double C = 1.0;
  KernelSpec kernel{};
  int degree = 3;
  Gamma gamma{};
  double coef0 = 0.0;
  bool shrinking = true;
  double tol = 1e-3;
  double cache_size = 200;
  bool verbose = false;
  long long max_iter = -1;
  int n_jobs = -1;
  MessageHandler warning_handler{};
  MessageHandler print_handler{};
  /// Whose arithmetic the starting point follows (svm::StartingPoint): scikit-learn's (the
  /// default) or LIBSVM 3.24's, whose reports sklite-train reproduces to the printed digit.
  svm::StartingPoint starting_point = svm::StartingPoint::scikit_learn;
  /// As SVCParams::max_seconds, progress and warm_start.
  std::optional<double> max_seconds{};
  ProgressCallback progress{};
  bool warm_start = false;
};

}  // namespace sklite

#endif  // SKLITE_SVM_PARAMS_HPP

// sklite: cross-validation (scikit-learn's cross_validate and cross_val_score) and the engine that
// GridSearchCV shares with them: fit a copy of an estimator on each fold's training rows, score
// it on the fold's test rows, on several threads, with the kernel values shared between fits.
#ifndef SKLITE_MODEL_SELECTION_CROSS_VALIDATION_HPP
#define SKLITE_MODEL_SELECTION_CROSS_VALIDATION_HPP

#include <Eigen/Core>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "sklite/detail/parallel.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/model_selection/scoring.hpp"
#include "sklite/model_selection/split.hpp"
#include "sklite/params.hpp"
#include "sklite/svm/kernel_share.hpp"
#include "sklite/svm/train.hpp"

namespace sklite {

/// @brief The `cv` parameter: a number of folds (stratified for a classifier, plain otherwise,
/// as scikit-learn's check_cv), a KFold or StratifiedKFold, or the folds themselves.
class CrossValidation {
 public:
  CrossValidation(int n_splits = 5) : spec_(n_splits) {}         // NOLINT: implicit
  CrossValidation(KFold cv) : spec_(std::move(cv)) {}            // NOLINT: implicit
  CrossValidation(StratifiedKFold cv) : spec_(std::move(cv)) {}  // NOLINT: implicit
  CrossValidation(std::vector<TrainTestIndices> folds) : spec_(std::move(folds)) {}  // NOLINT

  /// @brief The folds of n samples with targets y (class labels for a classifier).
  /// @throws std::invalid_argument as the splitter, or for given folds whose indices fall outside
  ///   [0, n) or that have an empty train or test part
  /// A number of folds sends StratifiedKFold's warning (a class smaller than the number of folds)
  /// to `warning_handler`.
  template <typename DerivedY>
  std::vector<TrainTestIndices> split(
      std::string_view fn, const Eigen::DenseBase<DerivedY>& y, bool classifier,
      const std::function<void(const std::string&)>& warning_handler = {}) const {
    const Eigen::Index n = y.size();
    if (const auto* n_splits = std::get_if<int>(&spec_)) {
      KFoldOptions options;
      options.n_splits = *n_splits;
      options.warning_handler = warning_handler;
      if (classifier) return StratifiedKFold(options).split(labels(y));
      return KFold(options).split(n);
    }
    if (const auto* kfold = std::get_if<KFold>(&spec_)) return kfold->split(n);
    if (const auto* stratified = std::get_if<StratifiedKFold>(&spec_))
      return stratified->split(labels(y));
    const auto& folds = std::get<std::vector<TrainTestIndices>>(spec_);
    if (folds.empty()) detail::throw_invalid(fn, "cv holds no folds");
    for (std::size_t f = 0; f < folds.size(); ++f) {
      if (folds[f].train.empty() || folds[f].test.empty())
        detail::throw_invalid(fn, "fold ", f, " of cv has an empty train or test part");
      for (const auto* part : {&folds[f].train, &folds[f].test})
        for (const Eigen::Index i : *part)
          if (i < 0 || i >= n)
            detail::throw_invalid(fn, "fold ", f, " of cv has index ", i, " outside [0, ", n, ")");
    }
    return folds;
  }

 private:
  template <typename DerivedY>
  static Eigen::VectorXi labels(const Eigen::DenseBase<DerivedY>& y) {
    Eigen::VectorXi out(y.size());
    for (Eigen::Index i = 0; i < y.size(); ++i) out(i) = static_cast<int>(y.derived().coeff(i));
    return out;
  }

  std::variant<int, KFold, StratifiedKFold, std::vector<TrainTestIndices>> spec_;
};

namespace detail {

/// True for an estimator that can read shared kernel values (the SVM estimators).
template <typename E, typename = void>
struct shares_kernel : std::false_type {};
template <typename E>
struct shares_kernel<
    E, std::void_t<typename E::scalar_type, decltype(std::declval<E&>().share_kernel(nullptr))>>
    : std::true_type {};

/// The share of kernel values a run keeps for the estimator's fits (nothing for estimators that
/// cannot read one).
template <typename E, bool = shares_kernel<E>::value>
struct share_of {
  using type = std::shared_ptr<void>;
};
template <typename E>
struct share_of<E, true> {
  using type = std::shared_ptr<svm::KernelShare<typename E::scalar_type>>;
};

/// True for a classifier (an integer cv then means stratified folds).
template <typename E, typename = void>
struct is_classifier : std::false_type {};
template <typename E>
struct is_classifier<E, std::enable_if_t<E::is_classifier>> : std::true_type {};

/// The scores of one fit: per scorer, on the test rows (and the training rows when asked).
struct FitScores {
  double fit_time = 0;
  double score_time = 0;
  std::vector<double> test;
  std::vector<double> train;
  bool failed = false;
  std::string failure;  ///< what a fit that threw said, naming it
};

/// @brief What every fit of a cross-validation or a search takes: the data, the folds, the
/// scorers, and a share of kernel values among them.
template <typename Estimator, typename DerivedX, typename DerivedY>
class CrossValidationRun {
 public:
  using XMatrix = Eigen::Matrix<typename DerivedX::Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using YVector = Eigen::Matrix<typename DerivedY::Scalar, Eigen::Dynamic, 1>;

  CrossValidationRun(std::string fn, const Estimator& estimator,
                     const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y,
                     const CrossValidation& cv, const Scoring& scoring, int n_jobs,
                     const std::function<void(const std::string&)>& warning_handler)
      : fn_(std::move(fn)), X_(X), y_(y) {
    check_not_empty(fn_, "X", X_);
    check_finite(fn_, "X", X_);
    check_vector(fn_, "y", y);
    check_same_length(fn_, "X", X_.rows(), "rows", "y", y_.size(), "entries");
    folds_ = cv.split(fn_, y_, is_classifier<Estimator>::value, warning_handler);
    for (const std::string& name : scoring.names()) scorers_.push_back(get_scorer(name));
    if (n_jobs == 0 || n_jobs < -1)
      throw_invalid(fn_, "n_jobs must be -1 (every core) or >= 1; got ", n_jobs);
    threads_ = n_jobs == -1 ? hardware_threads() : n_jobs;
    if constexpr (shares_kernel<Estimator>::value) {
      using Scalar = typename Estimator::scalar_type;
      const double megabytes = estimator.params().cache_size;
      // A Gram matrix is computed on every thread: the fits of its setting wait for it.
      share_ = std::make_shared<svm::KernelShare<Scalar>>(
          X_.template cast<Scalar>(), svm::cache_bytes_from_mb(megabytes), threads_);
    }
  }

  const std::vector<TrainTestIndices>& folds() const { return folds_; }
  std::size_t n_scorers() const { return scorers_.empty() ? 1 : scorers_.size(); }
  int threads() const { return threads_; }
  Eigen::Index n_samples() const { return X_.rows(); }

  /// Fits `estimator` (its parameters set) on fold f's training rows and scores it.
  FitScores fit_and_score(Estimator& estimator, std::size_t f, bool train_scores) const {
    const TrainTestIndices& fold = folds_[f];
    const XMatrix X_train = X_(fold.train, Eigen::all);
    const YVector y_train = y_(fold.train);
    if constexpr (shares_kernel<Estimator>::value) estimator.share_kernel(share_, fold.train);
    FitScores s;
    const auto start = std::chrono::steady_clock::now();
    estimator.fit(X_train, y_train);
    const auto fitted = std::chrono::steady_clock::now();
    s.test = score(estimator, XMatrix(X_(fold.test, Eigen::all)), YVector(y_(fold.test)));
    const auto scored = std::chrono::steady_clock::now();
    if (train_scores) s.train = score(estimator, X_train, y_train);
    s.fit_time = std::chrono::duration<double>(fitted - start).count();
    s.score_time = std::chrono::duration<double>(scored - fitted).count();
    if constexpr (shares_kernel<Estimator>::value) estimator.share_kernel(nullptr);
    return s;
  }

  /// The scores of a fit that threw, `failure` naming it: error_score for each scorer (0 when
  /// unset, since the run then stops with the failure).
  FitScores failed_fit(std::string failure, const std::optional<double>& error_score) const {
    FitScores s;
    s.failed = true;
    s.failure = std::move(failure);
    s.test.assign(n_scorers(), error_score.value_or(0));
    s.train = s.test;
    return s;
  }

  /// Runs task(t) for t < count on the run's threads.
  template <typename Task>
  void run(Eigen::Index count, Task&& task) const {
    parallel_for(count, static_cast<int>(std::min<Eigen::Index>(threads_, count)), task);
  }

  /// What frees the kernel values an estimator's fit used (nothing when it did not fit or does
  /// not share them); called once no fit of its setting is left.
  std::function<void()> releaser(const Estimator& fitted) const {
    if constexpr (shares_kernel<Estimator>::value) {
      if (fitted.is_fitted())
        return [share = share_, type = fitted.model().kernel_type,
                parameters = fitted.model().kernel] { share->release(type, parameters); };
    }
    return [] {};
  }

 private:
  std::vector<double> score(const Estimator& estimator, const XMatrix& X, const YVector& y) const {
    if (scorers_.empty()) return {estimator.score(X, y)};
    const Eigen::VectorXd truth = y.template cast<double>();
    const Eigen::VectorXd predicted = estimator.predict(X).template cast<double>();
    std::vector<double> out;
    for (const Scorer& s : scorers_) out.push_back(s.score(truth, predicted));
    return out;
  }

  std::string fn_;
  XMatrix X_;
  YVector y_;
  std::vector<TrainTestIndices> folds_;
  std::vector<Scorer> scorers_;
  int threads_ = 1;
  typename share_of<Estimator>::type share_;
};

/// Sets every n_jobs parameter of an estimator (a pipeline's steps' too) to 1: the fits already
/// run in parallel, one per thread. The model is the same whatever n_jobs is.
template <typename Estimator>
void one_thread_each(Estimator& estimator) {
  ParamMap single;
  for (const auto& entry : estimator.get_params()) {
    const std::string& name = entry.first;
    if (name == "n_jobs" || (name.size() > 8 && name.compare(name.size() - 8, 8, "__n_jobs") == 0))
      single[name] = 1;
  }
  if (!single.empty()) estimator.set_params(single);
}

/// The failed fits in order, whichever thread met them first: without error_score the first one
/// throws std::runtime_error; with it, each goes to warning_handler.
inline void report_failures(const std::vector<FitScores>& scores,
                            const std::optional<double>& error_score,
                            const std::function<void(const std::string&)>& warning_handler) {
  for (const FitScores& s : scores)
    if (s.failed) {
      if (!error_score) throw std::runtime_error(s.failure);
      if (warning_handler) warning_handler(s.failure);
    }
}

/// The message of a fit that threw, naming it.
inline std::string fit_failure(std::string_view fn, const std::string& what_failed,
                               const std::exception& e) {
  return concat(fn, ": the fit of ", what_failed, " failed: ", e.what());
}

/// FNV-1a over bytes: how processes that share a search check that they were given the same
/// data, folds and candidates.
class Fingerprint {
 public:
  Fingerprint& add(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t k = 0; k < bytes; ++k) hash_ = (hash_ ^ p[k]) * 1099511628211ULL;
    return *this;
  }
  template <typename Derived>
  Fingerprint& add(const Eigen::DenseBase<Derived>& values) {
    const Eigen::Index shape[2] = {values.rows(), values.cols()};
    add(shape, sizeof shape);
    for (Eigen::Index j = 0; j < values.cols(); ++j)  // value by value: no copy of a large X
      for (Eigen::Index i = 0; i < values.rows(); ++i) {
        const typename Derived::Scalar v = values(i, j);
        add(&v, sizeof v);
      }
    return *this;
  }
  Fingerprint& add(std::string_view text) { return add(text.data(), text.size()); }
  Fingerprint& add(const std::vector<TrainTestIndices>& folds) {
    for (const TrainTestIndices& fold : folds) {
      add(fold.train.data(), fold.train.size() * sizeof(fold.train[0]));
      add(fold.test.data(), fold.test.size() * sizeof(fold.test[0]));
    }
    return *this;
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;
};

/// @brief Where the fits of a cross-validation or a search run: here, every one in this process
/// on the run's threads. sklite/distributed/mpi.hpp has the scheduler that spreads them over the
/// processes of an MPI job; both have this shape.
struct LocalScheduler {
  /// The threads of a process for n_jobs.
  int threads(int n_jobs) const { return n_jobs; }
  /// What a failure says of where the fit ran (nothing here).
  std::string where() const { return {}; }
  /// Called by every process once the run is prepared: rethrows what preparing it threw (the
  /// MPI scheduler also checks that every process prepared the same run).
  void start(std::string_view /*fn*/, const std::exception_ptr& error,
             const std::function<std::uint64_t()>& /*fingerprint*/) const {
    if (error) std::rethrow_exception(error);
  }
  /// The scores of every task: compute(tasks, stop_after) runs tasks (here all of them, group
  /// after group, in one call) and may skip those after stop_after, a task that failed elsewhere.
  /// With stop_at_failure (a failure ends the run), a scheduler that runs groups apart may leave
  /// out the groups whose tasks all come after a failed one; without it, every task runs.
  template <typename Compute>
  std::vector<FitScores> run(const std::vector<std::vector<std::size_t>>& groups,
                             std::size_t n_tasks, bool /*stop_at_failure*/,
                             Compute&& compute) const {
    std::vector<std::size_t> tasks;
    for (const auto& group : groups) tasks.insert(tasks.end(), group.begin(), group.end());
    std::vector<FitScores> got = compute(tasks, std::numeric_limits<std::size_t>::max());
    std::vector<FitScores> out(n_tasks);
    for (std::size_t k = 0; k < tasks.size(); ++k) out[tasks[k]] = std::move(got[k]);
    return out;
  }
};

}  // namespace detail

/// @brief Options of cross_validate, with scikit-learn's names and defaults (n_jobs: sklite fits
/// every fold at once on every core by default; the scores are the same for any count).
struct CrossValidateOptions {
  /// The folds: a number (stratified for classifiers), a splitter, or the folds themselves.
  CrossValidation cv = 5;
  /// Unset: the estimator's score(); one name ("accuracy", "r2", ...) or several (get_scorer).
  Scoring scoring{};
  /// Threads: -1 every core, n >= 1 at most n.
  int n_jobs = -1;
  /// Also score each fit on its own training rows.
  bool return_train_score = false;
  /// The score of a fit that throws: unset, cross_validate throws std::runtime_error naming the
  /// first fold that failed; a number (NaN for scikit-learn's default), that score, with a
  /// warning.
  std::optional<double> error_score{};
  /// Receives warnings: each fit that failed with error_score set, and a class with fewer members
  /// than the number of folds.
  std::function<void(const std::string&)> warning_handler{};
};

namespace detail {

/// cross_validate with its folds run where `scheduler` runs them (one group each).
template <typename Scheduler, typename Estimator, typename DerivedX, typename DerivedY>
std::map<std::string, std::vector<double>> cross_validate_on(Scheduler& scheduler,
                                                             const Estimator& estimator,
                                                             const Eigen::MatrixBase<DerivedX>& X,
                                                             const Eigen::DenseBase<DerivedY>& y,
                                                             const CrossValidateOptions& options) {
  const std::string fn = "cross_validate";
  std::optional<CrossValidationRun<Estimator, DerivedX, DerivedY>> prepared;
  std::exception_ptr error;
  try {
    prepared.emplace(fn, estimator, X, y, options.cv, options.scoring,
                     scheduler.threads(options.n_jobs), options.warning_handler);
  } catch (...) {
    error = std::current_exception();
  }
  scheduler.start(fn, error, [&] {
    return Fingerprint()
        .add(X)
        .add(y)
        .add(prepared->folds())
        .add(join_names(options.scoring.keys()))
        .value();
  });
  const auto& run = *prepared;
  Estimator base = estimator;
  if (run.threads() > 1) one_thread_each(base);
  const std::size_t n_folds = run.folds().size();
  std::vector<std::vector<std::size_t>> groups(n_folds);
  for (std::size_t f = 0; f < n_folds; ++f) groups[f] = {f};
  const std::vector<FitScores> results = scheduler.run(
      groups, n_folds, !options.error_score,
      [&](const std::vector<std::size_t>& folds, std::size_t /*stop_after*/) {
        std::vector<FitScores> out(folds.size());
        run.run(static_cast<Eigen::Index>(folds.size()), [&](Eigen::Index k) {
          const std::size_t f = folds[static_cast<std::size_t>(k)];
          try {
            Estimator copy = base;
            out[static_cast<std::size_t>(k)] =
                run.fit_and_score(copy, f, options.return_train_score);
          } catch (const std::exception& e) {
            out[static_cast<std::size_t>(k)] = run.failed_fit(
                fit_failure(fn, concat("fold ", f, scheduler.where()), e), options.error_score);
          }
        });
        return out;
      });
  report_failures(results, options.error_score, options.warning_handler);
  std::map<std::string, std::vector<double>> out;
  const std::vector<std::string> keys = options.scoring.keys();
  for (const FitScores& r : results) {
    out["fit_time"].push_back(r.fit_time);
    out["score_time"].push_back(r.score_time);
    for (std::size_t s = 0; s < keys.size(); ++s) {
      out["test_" + keys[s]].push_back(r.test[s]);
      if (options.return_train_score) out["train_" + keys[s]].push_back(r.train[s]);
    }
  }
  return out;
}

}  // namespace detail

/// @brief scikit-learn's cross_validate: fits a copy of `estimator` on each fold's training rows
/// and scores it on the fold's test rows.
/// @return scikit-learn's dictionary: "fit_time", "score_time", "test_score" (or "test_<name>" for
///   each of several scorers) and, with return_train_score, "train_score" ("train_<name>"), one
///   value per fold
/// @throws std::invalid_argument for X and y of different lengths, non-finite X, bad cv or
///   scoring; std::runtime_error naming the fold when a fit throws (unless error_score is set)
/// @code
/// auto scores = sklite::cross_validate(sklite::SVC({.gamma = 0.001}), X, y,
///                                      {.cv = 5, .scoring = {"accuracy", "f1_macro"}});
/// scores.at("test_accuracy");  // five values
/// @endcode
template <typename Estimator, typename DerivedX, typename DerivedY>
std::map<std::string, std::vector<double>> cross_validate(
    const Estimator& estimator, const Eigen::MatrixBase<DerivedX>& X,
    const Eigen::DenseBase<DerivedY>& y, const CrossValidateOptions& options = {}) {
  detail::LocalScheduler here;
  return detail::cross_validate_on(here, estimator, X, y, options);
}

/// @brief Options of cross_val_score: cross_validate's, with one scorer.
struct CrossValScoreOptions {
  CrossValidation cv = 5;
  /// Unset: the estimator's score(); else one scorer's name.
  std::string scoring{};
  int n_jobs = -1;
  std::optional<double> error_score{};
};

/// @brief scikit-learn's cross_val_score: the test score of each fold (cross_validate's
/// "test_score").
/// @code
/// Eigen::VectorXd scores = sklite::cross_val_score(sklite::SVC({.gamma = 0.001}), X, y);
/// double mean = scores.mean();
/// @endcode
template <typename Estimator, typename DerivedX, typename DerivedY>
Eigen::VectorXd cross_val_score(const Estimator& estimator, const Eigen::MatrixBase<DerivedX>& X,
                                const Eigen::DenseBase<DerivedY>& y,
                                const CrossValScoreOptions& options = {}) {
  CrossValidateOptions o;
  o.cv = options.cv;
  if (!options.scoring.empty()) o.scoring = options.scoring;
  o.n_jobs = options.n_jobs;
  o.error_score = options.error_score;
  const std::vector<double> scores = cross_validate(estimator, X, y, o).at("test_score");
  return Eigen::Map<const Eigen::VectorXd>(scores.data(), static_cast<Eigen::Index>(scores.size()));
}

}  // namespace sklite

#endif  // SKLITE_MODEL_SELECTION_CROSS_VALIDATION_HPP

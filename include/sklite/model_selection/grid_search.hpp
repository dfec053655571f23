// sklite: GridSearchCV, scikit-learn's exhaustive search of a parameter grid by cross-validation,
// with its grids, candidate order, cv_results, ranks, best candidate and refit.
#ifndef SKLITE_MODEL_SELECTION_GRID_SEARCH_HPP
#define SKLITE_MODEL_SELECTION_GRID_SEARCH_HPP

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sklite/detail/file_io.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"
#include "sklite/model_selection/cross_validation.hpp"
#include "sklite/params.hpp"

namespace sklite {

/// @brief A parameter grid: one grid (parameter name → the values to try) or a list of grids, as
/// scikit-learn's param_grid.
///
/// The candidates are every combination within each grid, grid after grid; within a grid the
/// names are taken alphabetically and the last name's values vary fastest (scikit-learn's
/// ParameterGrid order).
/// @code
/// sklite::ParamGrid one = {{"C", {1.0, 10.0}}, {"gamma", {1e-3, 1e-4}}};
/// sklite::ParamGrid two = std::vector<sklite::ParamGrid::Grid>{
///     {{"kernel", {"rbf"}}, {"gamma", {1e-3, 1e-4}}, {"C", {1, 10, 100, 1000}}},
///     {{"kernel", {"linear"}}, {"C", {1, 10, 100, 1000}}}};
/// @endcode
class ParamGrid {
 public:
  using Grid = std::map<std::string, std::vector<ParamValue>>;

  ParamGrid(std::initializer_list<Grid::value_type> grid) : grids_{Grid(grid)} {}  // NOLINT
  ParamGrid(Grid grid) : grids_{std::move(grid)} {}                                // NOLINT
  ParamGrid(std::vector<Grid> grids) : grids_(std::move(grids)) {}                 // NOLINT

  const std::vector<Grid>& grids() const { return grids_; }

  /// @brief Every candidate, in scikit-learn's order.
  /// @throws std::invalid_argument for no grid, a grid without parameters, or a parameter
  ///   without values
  std::vector<ParamMap> candidates(std::string_view fn) const {
    if (grids_.empty()) detail::throw_invalid(fn, "param_grid is empty: give at least one grid");
    std::vector<ParamMap> out;
    for (std::size_t g = 0; g < grids_.size(); ++g) {
      const Grid& grid = grids_[g];
      if (grid.empty()) detail::throw_invalid(fn, "param_grid: grid ", g, " names no parameter");
      for (const auto& [name, values] : grid)
        if (values.empty())
          detail::throw_invalid(fn, "param_grid: parameter '", name,
                                "' needs a non-empty list of values");
      std::vector<std::size_t> at(grid.size(), 0);
      for (bool more = true; more;) {
        ParamMap candidate;
        std::size_t k = 0;
        for (const auto& [name, values] : grid) candidate[name] = values[at[k++]];
        out.push_back(std::move(candidate));
        // The last name's values vary fastest.
        more = false;
        auto entry = grid.rbegin();
        for (std::size_t j = at.size(); j-- > 0; ++entry) {
          if (++at[j] < entry->second.size()) {
            more = true;
            break;
          }
          at[j] = 0;
        }
      }
    }
    return out;
  }

 private:
  std::vector<Grid> grids_;
};

/// @brief A candidate's parameters as scikit-learn prints them: {'C': 10, 'gamma': 0.001}.
inline std::string params_repr(const ParamMap& params) {
  std::string text = "{";
  for (const auto& [name, value] : params)
    text += (text.size() > 1 ? ", '" : "'") + name + "': " + value.repr();
  return text + "}";
}

/// @brief GridSearchCV's cv_results_: one row per candidate, in candidate order.
///
/// Columns (key → values) as scikit-learn names them: mean_fit_time, std_fit_time,
/// mean_score_time, std_score_time, split<i>_test_<score>, mean_test_<score>, std_test_<score>,
/// rank_test_<score> (and the same for train with return_train_score), where <score> is "score"
/// for one scorer or each scorer's name; the parameters are params and param(name).
class CVResults {
 public:
  /// Each candidate's parameters.
  std::vector<ParamMap> params;

  /// @brief A numeric column ("mean_test_score", "rank_test_score", "split0_test_score", ...).
  /// @throws std::invalid_argument for a key the results do not have, listing those they do
  const std::vector<double>& operator[](const std::string& key) const {
    const auto found = columns_.find(key);
    if (found == columns_.end())
      detail::throw_invalid("CVResults", "no column '", key, "'; the columns are ",
                            detail::join_names(keys()));
    return found->second;
  }
  bool contains(const std::string& key) const { return columns_.count(key) != 0; }

  /// @brief scikit-learn's param_<name> column: each candidate's value, None where its grid
  /// does not name the parameter.
  std::vector<ParamValue> param(const std::string& name) const {
    std::vector<ParamValue> out;
    for (const ParamMap& p : params) {
      const auto found = p.find(name);
      out.push_back(found == p.end() ? ParamValue() : found->second);
    }
    return out;
  }

  /// The names of the parameters any candidate sets, alphabetically.
  std::vector<std::string> param_names() const {
    std::set<std::string> names;
    for (const ParamMap& p : params)
      for (const auto& entry : p) names.insert(entry.first);
    return {names.begin(), names.end()};
  }

  /// Every key in scikit-learn's order (param_<name> and params among them).
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const std::string& key : order_) {
      out.push_back(key);
      if (key == "std_score_time") {
        for (const std::string& name : param_names()) out.push_back("param_" + name);
        out.push_back("params");
      }
    }
    return out;
  }

  /// @brief The table as CSV, columns in keys() order (as pandas writes DataFrame(cv_results_)):
  /// numbers as Python prints them, ranks as integers, parameters by their value, the params
  /// column as a quoted dict.
  std::string to_csv() const {
    const std::vector<std::string> header = keys();
    std::string text;
    for (std::size_t c = 0; c < header.size(); ++c) text += (c ? "," : "") + header[c];
    text += "\n";
    for (std::size_t row = 0; row < params.size(); ++row) {
      for (std::size_t c = 0; c < header.size(); ++c) {
        if (c) text += ",";
        text += cell(header[c], row);
      }
      text += "\n";
    }
    return text;
  }

  /// @brief Writes to_csv() to `path`, atomically.
  /// @throws sklite::FileError when the file cannot be written
  void write_csv(const std::string& path) const {
    detail::AtomicFileWriter out("CVResults::write_csv", path);
    out.write(to_csv());
    out.commit();
  }

  /// Appends a column (for GridSearchCV).
  void add(const std::string& key, std::vector<double> values) {
    order_.push_back(key);
    columns_[key] = std::move(values);
  }

 private:
  std::string cell(const std::string& key, std::size_t row) const {
    if (key == "params") return "\"" + quote(params_repr(params[row])) + "\"";
    if (key.rfind("param_", 0) == 0) {
      const auto found = params[row].find(key.substr(6));
      if (found == params[row].end()) return "";
      const std::string text = found->second.str();
      return text.find_first_of(",\"") == std::string::npos ? text : "\"" + quote(text) + "\"";
    }
    const double value = columns_.at(key)[row];
    if (key.rfind("rank_", 0) == 0) return std::to_string(static_cast<long long>(value));
    return ParamValue::number_repr(value);
  }
  static std::string quote(const std::string& text) {
    std::string out;
    for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out;
  }

  std::vector<std::string> order_;
  std::map<std::string, std::vector<double>> columns_;
};

/// @brief Options of GridSearchCV, with scikit-learn's names, order and defaults (n_jobs: every
/// core by default; the results are the same for any count).
struct GridSearchOptions {
  /// Unset: the estimator's score(); one name ("accuracy", "f1_macro", "r2", ...) or several.
  Scoring scoring{};
  /// Threads: -1 every core, n >= 1 at most n. Fits run one per thread.
  int n_jobs = -1;
  /// Refit the best candidate on all the data (true), not (false), or, with several scorers, the
  /// name of the scorer that chooses the best.
  std::variant<bool, std::string> refit = true;
  /// The folds: a number (stratified for classifiers), a splitter, or the folds themselves.
  CrossValidation cv = 5;
  /// The score of a fit that throws: unset, the search stops with an error naming the candidate
  /// and the fold; a number (NaN as scikit-learn's default), that score, with a warning.
  std::optional<double> error_score{};
  /// Also score each fit on its own training rows (train columns of cv_results).
  bool return_train_score = false;
  /// Receives warnings: fits that failed with error_score set, and a class with fewer members
  /// than the number of folds.
  std::function<void(const std::string&)> warning_handler{};
};

/// @brief scikit-learn's GridSearchCV: every candidate of a parameter grid fitted and scored on
/// each fold, the best by mean test score, refitted on all the data.
///
/// Fits run in parallel, one per thread. For the SVM estimators, candidates that share a kernel
/// setting (an rbf grid: every C at one γ) share its kernel values, and every fold's training
/// rows are rows of X: the kernel matrix of X is computed once per setting, within the
/// estimator's cache_size, and each fit copies its block (svm::KernelShare). The models, and so
/// every score, are those of independent fits.
///
/// @tparam Estimator anything with copy, set_params(ParamMap), fit(X, y), predict(X) and
///   score(X, y): the SVM estimators, sklite::Pipeline
/// @code
/// sklite::GridSearchCV search(sklite::SVC(), {{"C", {1.0, 10.0, 100.0}}, {"gamma", {1e-4, 1e-3}}},
///                             {.cv = 5});
/// search.fit(X, y);
/// search.best_params();  // {"C": 10.0, "gamma": 0.001}
/// search.best_estimator().predict(X_test);
/// @endcode
template <typename Estimator>
class GridSearchCV {
 public:
  /// @brief Keeps the estimator, grid and options; checks the options that need no data.
  /// @throws std::invalid_argument for n_jobs 0 or below -1
  GridSearchCV(Estimator estimator, ParamGrid param_grid, GridSearchOptions options = {})
      : estimator_(std::move(estimator)),
        grid_(std::move(param_grid)),
        options_(std::move(options)) {
    if (options_.n_jobs == 0 || options_.n_jobs < -1)
      detail::throw_invalid("GridSearchCV", "n_jobs must be -1 (every core) or >= 1; got ",
                            options_.n_jobs);
  }

  /// @brief Fits and scores every candidate on every fold, ranks them, and refits the best.
  /// The search keeps its previous results until this succeeds.
  /// @throws std::invalid_argument for bad data, grid (an unknown parameter names the estimator's
  ///   valid ones; a bad value names its candidate), cv or scoring; std::runtime_error naming the
  ///   candidate and the fold when a fit throws and error_score is unset
  template <typename DerivedX, typename DerivedY>
  GridSearchCV& fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) {
    detail::LocalScheduler here;
    return fit_on(here, X, y);
  }

  /// The index of the best candidate in cv_results (the first of the best rank).
  std::size_t best_index() const {
    fitted("best_index");
    return best_index_;
  }
  /// The best candidate's parameters.
  const ParamMap& best_params() const { return fitted("best_params").params[best_index_]; }
  /// Its mean test score (of the refit scorer).
  double best_score() const { return fitted("best_score")["mean_test_" + refit_key_][best_index_]; }
  /// @brief The best candidate refitted on all the data.
  /// @throws NotFittedError before fit; std::logic_error when refit is false
  const Estimator& best_estimator() const {
    fitted("best_estimator");
    if (!best_estimator_)
      throw std::logic_error("GridSearchCV::best_estimator: refit is false, so there is none");
    return *best_estimator_;
  }
  /// The table of results (cv_results_).
  const CVResults& cv_results() const { return fitted("cv_results"); }
  /// Seconds the refit took.
  double refit_time() const {
    fitted("refit_time");
    return refit_time_;
  }
  /// The number of folds.
  std::size_t n_splits() const {
    fitted("n_splits");
    return n_splits_;
  }

  /// @brief predict, decision_function and score of the refitted best estimator.
  template <typename DerivedX>
  auto predict(const Eigen::MatrixBase<DerivedX>& X) const {
    return best_estimator().predict(X);
  }
  template <typename DerivedX>
  auto decision_function(const Eigen::MatrixBase<DerivedX>& X) const {
    return best_estimator().decision_function(X);
  }
  template <typename DerivedX, typename DerivedY>
  double score(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) const {
    return best_estimator().score(X, y);
  }

 protected:
  /// fit, with the fits run where `scheduler` runs them (detail::LocalScheduler: here; every
  /// process calls this alike for sklite/distributed/mpi.hpp's).
  template <typename Scheduler, typename DerivedX, typename DerivedY>
  GridSearchCV& fit_on(Scheduler& scheduler, const Eigen::MatrixBase<DerivedX>& X,
                       const Eigen::DenseBase<DerivedY>& y) {
    const std::string fn = "GridSearchCV::fit";
    std::vector<ParamMap> candidates;
    std::vector<Estimator> estimators;
    std::string refit_key;
    std::optional<detail::CrossValidationRun<Estimator, DerivedX, DerivedY>> prepared;
    std::exception_ptr error;
    try {
      candidates = grid_.candidates(fn);
      estimators = configured(fn, candidates);
      refit_key = refit_scorer(fn);
      prepared.emplace(fn, estimator_, X, y, options_.cv, options_.scoring,
                       scheduler.threads(options_.n_jobs), options_.warning_handler);
    } catch (...) {
      error = std::current_exception();
    }
    scheduler.start(fn, error, [&] {
      detail::Fingerprint print;
      print.add(X).add(y).add(prepared->folds()).add(refit_key);
      for (const ParamMap& c : candidates) print.add(params_repr(c));
      return print.value();
    });
    const auto& run = *prepared;
    std::vector<detail::FitScores> scores = fit_all(scheduler, run, candidates, estimators);

    CVResults results = tabulate(candidates, scores, run.folds().size());
    const std::vector<double>& rank = results["rank_test_" + refit_key];
    const auto best =
        static_cast<std::size_t>(std::min_element(rank.begin(), rank.end()) - rank.begin());
    std::optional<Estimator> best_estimator;
    double refit_time = 0;
    if (refits()) {
      const auto start = std::chrono::steady_clock::now();
      best_estimator.emplace(estimators[best]);
      best_estimator->fit(X, y);
      refit_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    // Commit: nothing above changed the search.
    results_ = std::move(results);
    best_index_ = best;
    best_estimator_ = std::move(best_estimator);
    refit_time_ = refit_time;
    n_splits_ = run.folds().size();
    refit_key_ = refit_key;
    fitted_ = true;
    return *this;
  }

 private:
  const CVResults& fitted(const char* what) const {
    if (!fitted_)
      throw NotFittedError(detail::concat("GridSearchCV::", what,
                                          ": this GridSearchCV is not fitted yet; call fit first"));
    return results_;
  }

  bool refits() const {
    return std::holds_alternative<std::string>(options_.refit) || std::get<bool>(options_.refit);
  }

  // The scorer whose ranks choose the best ("score" for one scorer).
  std::string refit_scorer(std::string_view fn) const {
    if (options_.scoring.is_single()) return "score";
    if (const auto* name = std::get_if<std::string>(&options_.refit)) {
      const auto& names = options_.scoring.names();
      if (std::find(names.begin(), names.end(), *name) == names.end())
        detail::throw_invalid(fn, "refit '", *name, "' is not one of the scorers (",
                              detail::join_names(names), ")");
      return *name;
    }
    if (refits())
      detail::throw_invalid(fn,
                            "with several scorers, refit must name the one that chooses the "
                            "best candidate, or be false");
    return options_.scoring.names().front();
  }

  // A copy of the estimator per candidate, its parameters set: bad names and values are found
  // here, before any fit.
  std::vector<Estimator> configured(std::string_view fn,
                                    const std::vector<ParamMap>& candidates) const {
    std::vector<Estimator> out;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      out.push_back(estimator_);
      try {
        out.back().set_params(candidates[c]);
      } catch (const std::invalid_argument& e) {
        detail::throw_invalid(fn, "candidate ", c, " ", params_repr(candidates[c]), ": ", e.what());
      }
    }
    return out;
  }

  // Every candidate on every fold, in groups: the fits of one kernel setting, which share its
  // kernel values (freed when the last of them ends). A task is candidate c on fold f, number
  // c * n_folds + f.
  template <typename Scheduler, typename Run>
  std::vector<detail::FitScores> fit_all(Scheduler& scheduler, const Run& run,
                                         const std::vector<ParamMap>& candidates,
                                         const std::vector<Estimator>& estimators) const {
    const std::size_t n_folds = run.folds().size();
    std::vector<std::string> setting(candidates.size());
    for (std::size_t c = 0; c < candidates.size(); ++c)
      for (const char* name : {"kernel", "gamma", "degree", "coef0"}) {
        const auto found = candidates[c].find(name);
        setting[c] += found == candidates[c].end() ? "-|" : found->second.repr() + "|";
      }
    std::vector<Estimator> threaded = estimators;
    if (run.threads() > 1)
      for (Estimator& e : threaded) detail::one_thread_each(e);
    std::vector<detail::FitScores> scores = scheduler.run(
        groups_by_setting(candidates, setting, n_folds), candidates.size() * n_folds,
        !options_.error_score, [&](const std::vector<std::size_t>& tasks, std::size_t stop_after) {
          return fit_tasks(scheduler, run, candidates, setting, threaded, tasks, stop_after);
        });
    detail::report_failures(scores, options_.error_score, options_.warning_handler);
    return scores;
  }

  // The tasks by kernel setting (settings in order of their names), each setting's larger C
  // first: a smaller C then takes over the solutions whose variables all stayed below it
  // (svm::SolutionMemo).
  static std::vector<std::vector<std::size_t>> groups_by_setting(
      const std::vector<ParamMap>& candidates, const std::vector<std::string>& setting,
      std::size_t n_folds) {
    const auto C_of = [&](std::size_t c) {
      const auto found = candidates[c].find("C");
      return found != candidates[c].end() && found->second.is_numeric() ? found->second.number()
                                                                        : 0.0;
    };
    std::vector<std::size_t> order(candidates.size());
    for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return setting[a] != setting[b] ? setting[a] < setting[b] : C_of(a) > C_of(b);
    });
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k == 0 || setting[order[k]] != setting[order[k - 1]]) groups.emplace_back();
      for (std::size_t f = 0; f < n_folds; ++f) groups.back().push_back(order[k] * n_folds + f);
    }
    return groups;
  }

  // Runs `tasks` on the run's threads. A fit that throws is recorded; without error_score the
  // search then stops, reporting the failure of the first candidate and fold in their order
  // (whichever thread met it first), so only the fits after a failure (or after stop_after,
  // one that failed elsewhere) are skipped.
  template <typename Scheduler, typename Run>
  std::vector<detail::FitScores> fit_tasks(const Scheduler& scheduler, const Run& run,
                                           const std::vector<ParamMap>& candidates,
                                           const std::vector<std::string>& setting,
                                           const std::vector<Estimator>& threaded,
                                           const std::vector<std::size_t>& tasks,
                                           std::size_t stop_after) const {
    const std::size_t n_folds = run.folds().size();
    std::map<std::string, std::size_t> unfinished;
    for (const std::size_t task : tasks) ++unfinished[setting[task / n_folds]];
    std::map<std::string, std::vector<std::function<void()>>> releases;
    std::mutex mutex;
    std::size_t first_failure = stop_after;
    std::vector<detail::FitScores> scores(tasks.size());
    run.run(static_cast<Eigen::Index>(tasks.size()), [&](Eigen::Index k) {
      const std::size_t task = tasks[static_cast<std::size_t>(k)];
      const std::size_t c = task / n_folds;
      const std::size_t f = task % n_folds;
      detail::FitScores& s = scores[static_cast<std::size_t>(k)];
      Estimator estimator = threaded[c];
      bool skip = false;
      {
        const std::lock_guard<std::mutex> lock(mutex);
        skip = !options_.error_score && task > first_failure;
      }
      if (!skip) try {
          s = run.fit_and_score(estimator, f, options_.return_train_score);
        } catch (const std::exception& e) {
          s = run.failed_fit(
              detail::fit_failure("GridSearchCV::fit",
                                  detail::concat("candidate ", c, " ", params_repr(candidates[c]),
                                                 " on fold ", f, scheduler.where()),
                                  e),
              options_.error_score);
        }
      // The last fit of a kernel setting frees the kernel values its fits used.
      const std::lock_guard<std::mutex> lock(mutex);
      if (s.failed) first_failure = std::min(first_failure, task);
      std::vector<std::function<void()>>& pending = releases[setting[c]];
      pending.push_back(run.releaser(estimator));
      if (--unfinished[setting[c]] == 0)
        for (const auto& release : pending) release();
    });
    return scores;
  }

  CVResults tabulate(const std::vector<ParamMap>& candidates,
                     const std::vector<detail::FitScores>& scores, std::size_t n_folds) const {
    CVResults r;
    r.params = candidates;
    const std::size_t n = candidates.size();
    const auto column = [&](auto&& value) {
      std::vector<std::vector<double>> out(n_folds, std::vector<double>(n));
      for (std::size_t c = 0; c < n; ++c)
        for (std::size_t f = 0; f < n_folds; ++f) out[f][c] = value(scores[c * n_folds + f]);
      return out;
    };
    const auto store = [&](const std::string& key, const std::vector<std::vector<double>>& splits,
                           bool with_splits, bool with_rank) {
      if (with_splits)
        for (std::size_t f = 0; f < n_folds; ++f)
          r.add("split" + std::to_string(f) + "_" + key, splits[f]);
      std::vector<double> mean(n), std(n);
      for (std::size_t c = 0; c < n; ++c) {
        double sum = 0;
        for (std::size_t f = 0; f < n_folds; ++f) sum += splits[f][c];
        mean[c] = sum / static_cast<double>(n_folds);
        double squares = 0;
        for (std::size_t f = 0; f < n_folds; ++f)
          squares += (splits[f][c] - mean[c]) * (splits[f][c] - mean[c]);
        std[c] = std::sqrt(squares / static_cast<double>(n_folds));
      }
      r.add("mean_" + key, mean);
      r.add("std_" + key, std);
      if (with_rank) r.add("rank_" + key, ranks(mean));
    };
    store("fit_time", column([](const auto& s) { return s.fit_time; }), false, false);
    store("score_time", column([](const auto& s) { return s.score_time; }), false, false);
    const std::vector<std::string> keys = options_.scoring.keys();
    for (std::size_t k = 0; k < keys.size(); ++k) {
      store("test_" + keys[k], column([k](const auto& s) { return s.test[k]; }), true, true);
      if (options_.return_train_score)
        store("train_" + keys[k], column([k](const auto& s) { return s.train[k]; }), true, false);
    }
    return r;
  }

  // scipy's rankdata(-mean, method="min"), NaN ranked last (scikit-learn's rule).
  static std::vector<double> ranks(const std::vector<double>& mean) {
    std::vector<double> out(mean.size());
    double lowest = std::numeric_limits<double>::infinity();
    for (const double m : mean)
      if (!std::isnan(m)) lowest = std::min(lowest, m);
    const auto value = [&](std::size_t c) { return std::isnan(mean[c]) ? lowest - 1 : mean[c]; };
    for (std::size_t c = 0; c < mean.size(); ++c) {
      std::size_t better = 0;
      for (std::size_t d = 0; d < mean.size(); ++d)
        if (value(d) > value(c)) ++better;
      out[c] = static_cast<double>(better + 1);
    }
    return out;
  }

  Estimator estimator_;
  ParamGrid grid_;
  GridSearchOptions options_;
  CVResults results_;
  std::size_t best_index_ = 0;
  std::optional<Estimator> best_estimator_;
  double refit_time_ = 0;
  std::size_t n_splits_ = 0;
  std::string refit_key_ = "score";
  bool fitted_ = false;
};

}  // namespace sklite

#endif  // SKLITE_MODEL_SELECTION_GRID_SEARCH_HPP

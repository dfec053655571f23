// sklite: control of a running fit: a wall-clock budget, progress reports and cancellation.
#ifndef SKLITE_SVM_CONTROL_HPP
#define SKLITE_SVM_CONTROL_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "sklite/errors.hpp"

namespace sklite {

/// @brief What a progress callback is told about the sub-problem that calls it.
///
/// A fit solves one dual problem per pair of classes (one for OneClassSVM, SVR and NuSVR), plus
/// five per pair for the internal folds of a probability model; they may run on several threads,
/// and the calls are made one at a time.
struct FitProgress {
  std::size_t problem = 0;   ///< the pair of classes, in LIBSVM's order; 0 for a single problem
  int fold = -1;             ///< the probability model's internal fold (0–4), −1 for the model
  std::size_t problems = 1;  ///< the sub-problems of the fit, folds included
  std::size_t problems_done = 0;  ///< of them, finished (this one included when `finished`)
  long long iterations = 0;       ///< SMO iterations of this sub-problem so far
  double gap = 0;         ///< the KKT violation m(α) − M(α) now; the solver stops below tol
  double tol = 0;         ///< the stopping tolerance
  double objective = 0;   ///< the dual objective ½αᵀQα + pᵀα now, in the solver's scale
  double seconds = 0;     ///< wall-clock time since fit began
  bool finished = false;  ///< this call ends the sub-problem
};

/// @brief Called during a fit (see the `progress` parameter); returning false cancels it.
using ProgressCallback = std::function<bool(const FitProgress&)>;

namespace svm {

/// @brief Why a sub-problem's solver stopped.
enum class StopReason { converged, max_iter, max_seconds };

/// @brief Shared by every solver of one fit: the deadline of max_seconds, the progress callback,
/// the count of finished sub-problems.
///
/// Solvers poll it every few iterations. Past the deadline every solver stops where it is (the
/// fit's model is then usable, its status says it stopped early); a callback that returns false
/// makes the polling solver throw FitCancelled, and the others throw at their next poll.
class FitControl {
 public:
  using Clock = std::chrono::steady_clock;
  /// Reports are at least this far apart, except each sub-problem's last.
  static constexpr std::chrono::milliseconds kReportPeriod{100};

  FitControl(std::string function, std::optional<double> max_seconds, ProgressCallback progress,
             std::size_t problems)
      : function_(std::move(function)),
        start_(Clock::now()),
        progress_(std::move(progress)),
        problems_(problems),
        next_report_(ticks(start_ + kReportPeriod)) {
    if (max_seconds)
      deadline_ = start_ + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(*max_seconds));
  }
  FitControl(const FitControl&) = delete;
  FitControl& operator=(const FitControl&) = delete;

  /// What a solver tells about itself when it polls.
  struct State {
    long long iterations = 0;
    double gap = 0;
    double objective = 0;
  };

  /// Called by a solver every few iterations: false when it must stop where it is (the budget is
  /// spent). `state` is asked for only when a report is due.
  /// @throws FitCancelled once the callback has returned false
  template <typename StateOf>
  bool keep_going(std::size_t problem, int fold, double tol, const StateOf& state) {
    if (cancelled_) throw_cancelled();
    const Clock::time_point now = Clock::now();
    if (deadline_ && now >= *deadline_) {
      out_of_time_ = true;
      return false;
    }
    if (progress_) {
      auto due = next_report_.load(std::memory_order_relaxed);
      if (ticks(now) >= due &&
          next_report_.compare_exchange_strong(due, ticks(now + kReportPeriod)))
        report(problem, fold, tol, state(), false, now);
    }
    return true;
  }

  /// Called by a solver when its sub-problem is done.
  /// @throws FitCancelled when the callback returns false
  void finished(std::size_t problem, int fold, double tol, const State& state) {
    if (progress_)
      report(problem, fold, tol, state, true, Clock::now());
    else
      ++done_;
  }

  /// True when some solver stopped at the deadline.
  bool out_of_time() const { return out_of_time_; }

 private:
  static long long ticks(Clock::time_point t) {
    return static_cast<long long>(t.time_since_epoch().count());
  }

  void report(std::size_t problem, int fold, double tol, const State& state, bool finished,
              Clock::time_point now) {
    FitProgress p;
    p.problem = problem;
    p.fold = fold;
    p.problems = problems_;
    p.iterations = state.iterations;
    p.gap = state.gap;
    p.tol = tol;
    p.objective = state.objective;
    p.seconds = std::chrono::duration<double>(now - start_).count();
    p.finished = finished;
    bool go = false;
    {
      // One call at a time: the user's callback need not be thread-safe.
      const std::lock_guard<std::mutex> lock(mutex_);
      if (cancelled_) throw_cancelled();
      // Counted under the lock, so that the counts the callback sees only ever grow.
      if (finished) ++done_;
      p.problems_done = done_;
      go = progress_(p);
      if (!go) cancelled_ = true;
    }
    if (!go) throw_cancelled();
  }

  [[noreturn]] void throw_cancelled() const {
    throw FitCancelled(function_ + ": cancelled by the progress callback");
  }

  std::string function_;
  Clock::time_point start_;
  std::optional<Clock::time_point> deadline_;
  ProgressCallback progress_;
  std::size_t problems_;
  std::atomic<long long> next_report_;
  std::atomic<std::size_t> done_{0};
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> out_of_time_{false};
  std::mutex mutex_;
};

}  // namespace svm
}  // namespace sklite

#endif  // SKLITE_SVM_CONTROL_HPP

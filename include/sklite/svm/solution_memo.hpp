// sklite: solver results kept for problems that differ only by larger bounds (a grid over C),
// handed back when the solver would take exactly the same steps again.
#ifndef SKLITE_SVM_SOLUTION_MEMO_HPP
#define SKLITE_SVM_SOLUTION_MEMO_HPP

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "sklite/svm/formulations.hpp"
#include "sklite/svm/smo_solver.hpp"

namespace sklite::svm {

/// @brief Solutions of dual problems over rows of one kernel matrix, kept for reuse.
///
/// When no variable ever reached its upper bound, no comparison with a bound decided anything:
/// the same problem with any bounds above the peak each variable reached
/// (SolverResult::alpha_peak) takes the same steps to the same answer, bit for bit. In a grid over
/// C, once C is large enough that a one-vs-one pair has no bounded support vector, the pair's
/// problem at every larger C, and at smaller ones down to its peaks, is solved already. find()
/// hands back such a result; store() keeps results that qualify. Only standard-form problems
/// started from α = 0 (C-SVC) take part.
/// Safe to use from several threads at once.
class SolutionMemo {
 public:
  /// @brief A stored result for `problem` over kernel rows `rows` solved with `options`, if one
  /// qualifies: same rows, signs, linear term and solver settings, every bound above the peak.
  std::optional<SolverResult> find(const std::vector<Eigen::Index>& rows,
                                   const DualProblem& problem, const SolverOptions& options) const {
    if (!eligible(problem, options)) return std::nullopt;
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = entries_.find(key(rows, problem));
    if (found == entries_.end()) return std::nullopt;
    for (const Entry& e : found->second)
      if (serves(e, rows, problem, options)) return e.result;
    return std::nullopt;
  }

  /// @brief Keeps `result` for later problems when it qualifies (converged, every variable
  /// always below its bound); the first result kept for a problem stays.
  void store(const std::vector<Eigen::Index>& rows, const DualProblem& problem,
             const SolverOptions& options, const SolverResult& result) {
    if (!eligible(problem, options) || !result.converged ||
        !(result.alpha_peak.array() < problem.C.array()).all())
      return;
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Entry>& entries = entries_[key(rows, problem)];
    for (const Entry& e : entries)
      if (serves(e, rows, problem, options)) return;  // that one serves this one too
    entries.push_back(
        {rows, problem.y, problem.p, options.tol, options.shrinking, options.max_iter, result});
  }

 private:
  struct Entry {
    std::vector<Eigen::Index> rows;
    std::vector<std::int8_t> y;
    Eigen::VectorXd p;
    double tol;
    bool shrinking;
    long long max_iter;
    SolverResult result;
  };

  // The same problem (rows, signs, linear term, solver settings), every bound above the peak.
  static bool serves(const Entry& e, const std::vector<Eigen::Index>& rows,
                     const DualProblem& problem, const SolverOptions& options) {
    return e.rows == rows && e.y == problem.y && e.p == problem.p && e.tol == options.tol &&
           e.shrinking == options.shrinking && e.max_iter == options.max_iter &&
           (problem.C.array() > e.result.alpha_peak.array()).all();
  }

  // Standard form from α = 0, and no progress reports or deadline to honour.
  static bool eligible(const DualProblem& problem, const SolverOptions& options) {
    return problem.form == DualForm::standard && options.control == nullptr &&
           (problem.alpha.array() == 0).all();
  }

  // FNV-1a over the rows and signs.
  static std::uint64_t key(const std::vector<Eigen::Index>& rows, const DualProblem& problem) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const Eigen::Index r : rows)
      hash = (hash ^ static_cast<std::uint64_t>(r)) * 0x100000001b3ULL;
    for (const std::int8_t s : problem.y)
      hash = (hash ^ static_cast<std::uint64_t>(static_cast<std::uint8_t>(s))) * 0x100000001b3ULL;
    return hash;
  }

  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::vector<Entry>> entries_;
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_SOLUTION_MEMO_HPP

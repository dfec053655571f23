// sklite: LIBSVM's training driver: the kernel source of a fit, the one-vs-one problems of a
// classifier, the single problem of a one-class SVM or a regression, and their assembly in LIBSVM's
// layout.
#ifndef SKLITE_SVM_TRAIN_HPP
#define SKLITE_SVM_TRAIN_HPP

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/detail/parallel.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/formulations.hpp"
#include "sklite/svm/kernel_share.hpp"
#include "sklite/svm/kernel_source.hpp"
#include "sklite/svm/model.hpp"
#include "sklite/svm/probability.hpp"
#include "sklite/svm/q_matrix.hpp"
#include "sklite/svm/smo_solver.hpp"

namespace sklite::svm {

/// @brief How a fit runs: the solver's settings, the kernel value budget, threads, verbose text.
struct TrainOptions {
  SolverOptions solver{};
  /// The bound on all kernel values kept at once (the Gram matrix, or every running problem's
  /// column cache together), in bytes.
  std::size_t cache_bytes = std::size_t{200} << 20;
  /// Threads: the problems run in parallel, and the Gram matrix is computed in parallel.
  int threads = 1;
  /// Receives LIBSVM's report of each problem when set (what `verbose` prints).
  std::function<void(const std::string&)> print{};
  /// Classifiers: whether and how to fit a probability model.
  ProbabilityOptions probability{};
  /// A previous fit's solution to start from, one vector per problem over the training rows (a
  /// regression's α_r at r and α*_r at n + r); null for the formulations' own starting points.
  const std::vector<Eigen::VectorXd>* warm_alpha = nullptr;
  /// Whether to return each problem's solution (Trained::alpha) for a later warm start.
  bool keep_alpha = false;
  /// Kernel values and solutions shared between fits (KernelShare): training row r is row
  /// shared_rows[r] of its Gram matrix. Null: none.
  std::shared_ptr<SharedKernel> shared{};
  std::vector<Eigen::Index> shared_rows{};
};

/// @brief The budget in bytes for `megabytes` of cache_size (capped, so that an absurd value cannot
/// overflow the conversion).
inline std::size_t cache_bytes_from_mb(double megabytes) {
  return static_cast<std::size_t>(
      std::min(megabytes * 1024.0 * 1024.0,
               static_cast<double>(std::numeric_limits<std::size_t>::max() / 4)));
}

/// @brief Calls f(source, rows, cache_bytes, source_rows) with the kernel source of the training
/// rows X, the rows themselves (a KernelRows, for values in double), what is left of the budget
/// for each of `running` column caches running at once, and where each training row is in the
/// source (null: row r is row r).
///
/// Kernel values come either from a Gram matrix computed whole or column by column. The Gram
/// matrix costs n²·d multiply-adds at matrix-product speed on every thread, far faster per value
/// than columns one at a time, and serves every problem; it is used when the kernel has a dot form
/// and the matrix takes at most `gram_share` of the budget (the one-vs-one problems keep most of
/// the budget for their own caches, over subsets of the rows; a single problem over every row
/// needs nothing beyond the Gram matrix). Otherwise columns are computed as the solvers ask for
/// them, as LIBSVM does. Both give the same values, so the same model. A Gram matrix shared with
/// other fits (TrainOptions::shared) is read where it is when `mapped` allows, else its block is
/// copied.
template <typename Kernel, typename Scalar, typename F>
void with_kernel_source(const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& X,
                        const Kernel& kernel, const TrainOptions& options, int running,
                        double gram_share, bool mapped, F&& f) {
  const KernelRows<Kernel, Scalar> rows(X, kernel);
  const auto left = [&](std::size_t used) {
    return (options.cache_bytes - std::min(options.cache_bytes, used)) /
           static_cast<std::size_t>(running);
  };
  if (options.shared && mapped) {
    f(options.shared->gram, rows, left(0), &options.shared_rows);
    return;
  }
  if (options.shared) {
    f(GramRows(options.shared->gram, options.shared_rows), rows, left(GramRows::bytes(X.rows())),
      nullptr);
    return;
  }
  bool use_gram = false;
  kernels::visit_kernel(kernel, [&](const auto& k) {
    using K = std::decay_t<decltype(k)>;
    use_gram =
        kernels::has_dot_form_v<K> && static_cast<double>(GramRows::bytes(X.rows())) <=
                                          gram_share * static_cast<double>(options.cache_bytes);
  });
  if (use_gram)
    f(GramRows(rows, options.threads), rows, left(GramRows::bytes(X.rows())), nullptr);
  else
    f(rows, rows, left(0), nullptr);
}

/// @brief The solution of `problem` by SMO over the Q matrix `Q_matrix`, for the formulation f.
template <typename Q>
Solution solve_on(Q& Q_matrix, const Formulation& f, DualProblem&& problem,
                  const SolverOptions& options) {
  SolverResult result =
      SMOSolver(Q_matrix, problem.p, problem.y, problem.C, problem.alpha, options, problem.form)
          .solve();
  return solution(f, problem, std::move(result));
}

/// @brief One solved problem (a pair of classes, or the single problem of a one-class SVM or a
/// regression) and its solver statistics. With a memo, a C-SVC problem solved before with bounds
/// no larger and never at them is taken from it, and a new one that qualifies is kept in it.
template <typename Source>
Solution solve(const Source& source, const std::vector<Eigen::Index>& rows, const Formulation& f,
               DualProblem&& problem, std::size_t cache_bytes, const SolverOptions& options,
               SolutionMemo* memo = nullptr) {
  if (f.type == SVMType::epsilon_svr || f.type == SVMType::nu_svr) {
    RegressionQ<Source> Q(source, cache_bytes);
    return solve_on(Q, f, std::move(problem), options);
  }
  if (memo)
    if (std::optional<SolverResult> known = memo->find(rows, problem, options))
      return solution(f, problem, std::move(*known));
  SignedQ<Source> Q(source, rows, problem.y, cache_bytes);
  SolverResult result =
      SMOSolver(Q, problem.p, problem.y, problem.C, problem.alpha, options, problem.form).solve();
  if (memo) memo->store(rows, problem, options, result);
  return solution(f, problem, std::move(result));
}

/// @brief What training gives, in LIBSVM's layout over the rows of the training matrix.
struct Trained {
  /// The training rows that are support vectors, in LIBSVM's order (grouped by class).
  std::vector<Eigen::Index> sv_rows;
  Eigen::VectorXi nr_sv;        ///< classifiers: support vectors of each class; empty otherwise
  Eigen::MatrixXd sv_coef;      ///< (k − 1) × n_SV, or 1 × n_SV
  Eigen::VectorXd rho;          ///< one per problem
  Eigen::VectorXi n_iter;       ///< SMO iterations of each problem
  std::vector<bool> converged;  ///< per problem: false when max_iter or the deadline stopped it
  Eigen::VectorXd probA;        ///< Platt's A of each pair, when a probability model was fitted
  Eigen::VectorXd probB;        ///< and its B
  /// With TrainOptions::keep_alpha, each problem's solution, laid out as TrainOptions::warm_alpha.
  std::vector<Eigen::VectorXd> alpha;
  /// True when every problem started from TrainOptions::warm_alpha.
  bool warm_started = false;
};

/// @brief The solver's options for one sub-problem of a fit: the pair, and the probability fold
/// (−1 for the model's own problem), which its progress reports name.
inline SolverOptions problem_options(const TrainOptions& options, Eigen::Index problem, int fold) {
  SolverOptions o = options.solver;
  o.problem = static_cast<std::size_t>(problem);
  o.fold = fold;
  return o;
}

/// @brief Starts `problem` from the warm-start solution `previous` (over every training row; the
/// problem's variables are at `rows`, each row twice for a regression); true when it could.
inline bool start_warm(DualProblem& problem, const Eigen::VectorXd& previous,
                       const std::vector<Eigen::Index>& rows) {
  const auto n_rows = static_cast<Eigen::Index>(rows.size());
  const bool doubled = problem.alpha.size() == 2 * n_rows;
  const Eigen::Index n_train = doubled ? previous.size() / 2 : previous.size();
  Eigen::VectorXd alpha(problem.alpha.size());
  for (Eigen::Index t = 0; t < alpha.size(); ++t) {
    const Eigen::Index row = rows[static_cast<std::size_t>(t % n_rows)];
    alpha(t) = previous(t < n_rows ? row : n_train + row);
  }
  return warm_start(problem, alpha);
}

/// @brief A problem's solution over every training row (0 outside `rows`), as warm_alpha holds it.
inline Eigen::VectorXd alpha_over_rows(const Solution& s, const std::vector<Eigen::Index>& rows,
                                       Eigen::Index n_train) {
  const auto n_rows = static_cast<Eigen::Index>(rows.size());
  const bool doubled = s.alpha.size() == 2 * n_rows;
  Eigen::VectorXd alpha = Eigen::VectorXd::Zero(doubled ? 2 * n_train : n_train);
  for (Eigen::Index t = 0; t < s.alpha.size(); ++t) {
    const Eigen::Index row = rows[static_cast<std::size_t>(t % n_rows)];
    alpha(t < n_rows ? row : n_train + row) = s.alpha(t);
  }
  return alpha;
}

/// @brief One pair of classes' problem: its training rows (the first class's, then the other's),
/// how many are of the first class, and each row's bound.
struct PairRows {
  std::vector<Eigen::Index> rows;
  Eigen::Index n_first = 0;
  Eigen::VectorXd bound;
};

/// @brief The dual problem of a classifier over `bound.size()` rows with labels y.
inline DualProblem classifier_problem(const Formulation& f, std::vector<std::int8_t> y,
                                      Eigen::VectorXd bound) {
  return f.type == SVMType::nu_svc ? nu_svc_problem(std::move(y), std::move(bound), f)
                                   : c_svc_problem(std::move(y), std::move(bound));
}

/// @brief One fold of a pair's internal cross-validation (LIBSVM's svm_binary_svc_probability):
/// fits the pair's rows outside the fold, in the order of the shuffle `perm`, and writes the
/// decision value of each row inside it to dec (by its place in the pair), positive for the
/// pair's first class.
///
/// fit(places, y, bound) solves the problem over the pair's rows at `places`. A fold whose
/// training rows hold one class only fits nothing: its rows get 1 or −1, as in
/// LIBSVM. The fit's problem takes each class's rows in shuffled order, the first class's first
/// for LIBSVM, the other's first for scikit-learn's fork (ProbabilityConvention). The decision
/// values take kernel values in double from `exact` (a KernelRows), as LIBSVM's prediction does.
/// @return the fold's solution, or nothing when it fitted nothing
template <typename Exact, typename Fit>
std::optional<Solution> solve_fold(const Exact& exact, const PairRows& pair,
                                   const std::vector<Eigen::Index>& perm, int fold,
                                   ProbabilityConvention convention, Fit&& fit,
                                   Eigen::VectorXd& dec) {
  const auto l = static_cast<Eigen::Index>(perm.size());
  const Eigen::Index begin = fold * l / kProbabilityFolds;
  const Eigen::Index end = (fold + 1) * l / kProbabilityFolds;
  std::vector<Eigen::Index> first, second;  // places in the pair, shuffled
  for (Eigen::Index i = 0; i < l; ++i)
    if (i < begin || i >= end) {
      const Eigen::Index t = perm[static_cast<std::size_t>(i)];
      (t < pair.n_first ? first : second).push_back(t);
    }
  if (first.empty() || second.empty()) {
    const double value = first.empty() && second.empty() ? 0.0 : first.empty() ? -1.0 : 1.0;
    for (Eigen::Index i = begin; i < end; ++i) dec(perm[static_cast<std::size_t>(i)]) = value;
    return std::nullopt;
  }
  const bool first_leads = convention == ProbabilityConvention::libsvm;
  std::vector<Eigen::Index> places = first_leads ? first : second;
  const std::vector<Eigen::Index>& trailing = first_leads ? second : first;
  const auto n_leading = static_cast<Eigen::Index>(places.size());
  places.insert(places.end(), trailing.begin(), trailing.end());

  std::vector<Eigen::Index> rows(places.size());
  std::vector<std::int8_t> y(places.size());
  Eigen::VectorXd bound(static_cast<Eigen::Index>(places.size()));
  for (std::size_t u = 0; u < places.size(); ++u) {
    rows[u] = pair.rows[static_cast<std::size_t>(places[u])];
    y[u] = static_cast<Eigen::Index>(u) < n_leading ? 1 : -1;
    bound(static_cast<Eigen::Index>(u)) = pair.bound(places[u]);
  }
  Solution s = fit(std::move(places), std::move(y), std::move(bound));

  // The decision values of the held-out rows: their kernel values against the fold's support
  // vectors in one block, summed in the model's order.
  std::vector<Eigen::Index> support, support_rows, held_out;
  for (Eigen::Index u = 0; u < s.coef.size(); ++u)
    if (s.coef(u) != 0) {
      support.push_back(u);
      support_rows.push_back(rows[static_cast<std::size_t>(u)]);
    }
  for (Eigen::Index i = begin; i < end; ++i)
    held_out.push_back(pair.rows[static_cast<std::size_t>(perm[static_cast<std::size_t>(i)])]);
  const Eigen::MatrixXd K = exact.block(held_out, support_rows);
  const double sign = first_leads ? 1.0 : -1.0;
  for (Eigen::Index i = begin; i < end; ++i) {
    double sum = 0;
    for (std::size_t v = 0; v < support.size(); ++v)
      sum += s.coef(support[v]) * K(i - begin, static_cast<Eigen::Index>(v));
    dec(perm[static_cast<std::size_t>(i)]) = sign * (sum - s.rho);
  }
  return s;
}

/// @brief LIBSVM's one-vs-one training (svm_train's classification branch) over training rows
/// grouped by class.
///
/// Class c's rows are [start[c], start[c + 1]) of X. One binary problem per pair of classes (a, b),
/// a < b, in LIBSVM's order, with a's rows as +1 then b's as −1; bound[r] is row r's weight in the
/// formulation's bound (sample weight × C × class weight for C-SVC, the sample weight for ν-SVC).
/// The problems are independent and run on options.threads threads; each writes only its own
/// result, so the model is the same whatever the thread count. The support vectors are the rows
/// with a non-zero coefficient in any pair, their coefficients in LIBSVM's layout (coef_row).
/// With options.probability, each pair also gets Platt's sigmoid from the five folds of its
/// internal cross-validation (solve_fold), which run among the pairs' problems and share their
/// kernel columns (SharedColumns).
template <typename Kernel, typename Scalar>
Trained train_one_vs_one(const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& X,
                         const std::vector<Eigen::Index>& start, const Eigen::VectorXd& bound,
                         const Formulation& formulation, const Kernel& kernel,
                         const TrainOptions& options) {
  const auto k = static_cast<Eigen::Index>(start.size()) - 1;
  const Eigen::Index n_pairs = k * (k - 1) / 2;
  SKLITE_ASSERT(!options.warm_alpha ||
                static_cast<Eigen::Index>(options.warm_alpha->size()) == n_pairs);
  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = a + 1; b < k; ++b) pairs.emplace_back(a, b);
  const auto rows_of = [&](Eigen::Index c) {
    return std::pair{start[static_cast<std::size_t>(c)], start[static_cast<std::size_t>(c + 1)]};
  };

  std::vector<PairRows> pair_rows(static_cast<std::size_t>(n_pairs));
  for (Eigen::Index pair = 0; pair < n_pairs; ++pair) {
    const auto [a, b] = pairs[static_cast<std::size_t>(pair)];
    PairRows& p = pair_rows[static_cast<std::size_t>(pair)];
    for (const Eigen::Index c : {a, b})
      for (auto [r, end] = rows_of(c); r < end; ++r) p.rows.push_back(r);
    p.n_first = rows_of(a).second - rows_of(a).first;
    p.bound.resize(static_cast<Eigen::Index>(p.rows.size()));
    for (std::size_t t = 0; t < p.rows.size(); ++t)
      p.bound(static_cast<Eigen::Index>(t)) = bound(p.rows[t]);
  }

  // Each pair's own problem, and with a probability model the five folds of its internal
  // cross-validation: independent problems, run together.
  const ProbabilityOptions& probability = options.probability;
  std::vector<std::vector<Eigen::Index>> shuffles;
  std::vector<Eigen::VectorXd> dec;
  if (probability.enabled) {
    std::vector<Eigen::Index> sizes, n_first;
    for (const PairRows& p : pair_rows) {
      sizes.push_back(static_cast<Eigen::Index>(p.rows.size()));
      n_first.push_back(p.n_first);
      dec.emplace_back(static_cast<Eigen::Index>(p.rows.size()));
    }
    shuffles = fold_shuffles(sizes, n_first, probability);
  }
  const Eigen::Index per_pair = probability.enabled ? 1 + kProbabilityFolds : 1;
  const Eigen::Index n_tasks = n_pairs * per_pair;
  std::vector<Solution> solutions(static_cast<std::size_t>(n_pairs));
  std::vector<std::optional<Solution>> fold_solutions(
      static_cast<std::size_t>(n_pairs * (per_pair - 1)));
  const int threads = static_cast<int>(std::min<Eigen::Index>(options.threads, n_tasks));
  std::atomic<bool> cold{false};  // some problem could not start warm
  with_kernel_source(
      X, kernel, options, threads, 0.25, true,
      [&](const auto& source, const auto& exact, std::size_t cache,
          const std::vector<Eigen::Index>* source_rows) {
        using Source = std::decay_t<decltype(source)>;
        // With a probability model, a pair's six problems share its kernel columns (computed ones;
        // a Gram matrix is shared already), while at most threads + 1 pairs are under way at once.
        Eigen::Index largest = 0;
        for (const PairRows& p : pair_rows)
          largest = std::max(largest, static_cast<Eigen::Index>(p.rows.size()));
        const std::size_t shared_bytes =
            SharedColumns<Source>::bytes(largest) * static_cast<std::size_t>(threads + 1);
        const bool share =
            probability.enabled && !Source::kStoresValues && 2 * shared_bytes <= cache;
        const std::size_t problem_cache = share ? cache / 2 : cache;
        std::vector<std::unique_ptr<SharedColumns<Source>>> columns(
            static_cast<std::size_t>(n_pairs));
        std::unique_ptr<std::atomic<int>[]> unfinished(
            new std::atomic<int>[static_cast<std::size_t>(n_pairs)]);
        if (share)
          for (Eigen::Index pair = 0; pair < n_pairs; ++pair) {
            columns[static_cast<std::size_t>(pair)] = std::make_unique<SharedColumns<Source>>(
                source, pair_rows[static_cast<std::size_t>(pair)].rows);
            unfinished[static_cast<std::size_t>(pair)] = static_cast<int>(per_pair);
          }
        // The model's own problem (fold −1) starts from the warm-start solution when there is one.
        const auto fit = [&](Eigen::Index pair, int fold, std::vector<Eigen::Index> places,
                             std::vector<std::int8_t> y, Eigen::VectorXd pair_bound) {
          DualProblem problem =
              classifier_problem(formulation, std::move(y), std::move(pair_bound));
          const PairRows& p = pair_rows[static_cast<std::size_t>(pair)];
          std::vector<Eigen::Index> rows(places.size());
          for (std::size_t u = 0; u < places.size(); ++u)
            rows[u] = p.rows[static_cast<std::size_t>(places[u])];
          if (fold < 0 && options.warm_alpha &&
              !start_warm(problem, (*options.warm_alpha)[static_cast<std::size_t>(pair)], rows))
            cold = true;
          const SolverOptions solver = problem_options(options, pair, fold);
          if (share) {
            SharedQ<Source> Q(*columns[static_cast<std::size_t>(pair)], std::move(places),
                              problem.y, problem_cache);
            return solve_on(Q, formulation, std::move(problem), solver);
          }
          if (source_rows)
            for (Eigen::Index& r : rows) r = (*source_rows)[static_cast<std::size_t>(r)];
          SolutionMemo* memo = options.shared && fold < 0 ? &options.shared->memo : nullptr;
          return solve(source, rows, formulation, std::move(problem), problem_cache, solver, memo);
        };
        sklite::detail::parallel_for(n_tasks, threads, [&](Eigen::Index task) {
          const Eigen::Index pair = task / per_pair;
          const auto part = static_cast<int>(task % per_pair);
          const PairRows& p = pair_rows[static_cast<std::size_t>(pair)];
          const auto pair_fit = [&](std::vector<Eigen::Index> places, std::vector<std::int8_t> y,
                                    Eigen::VectorXd pair_bound) {
            return fit(pair, part - 1, std::move(places), std::move(y), std::move(pair_bound));
          };
          if (part > 0) {
            fold_solutions[static_cast<std::size_t>(pair * (per_pair - 1) + part - 1)] =
                solve_fold(exact, p, shuffles[static_cast<std::size_t>(pair)], part - 1,
                           probability.convention, pair_fit, dec[static_cast<std::size_t>(pair)]);
          } else {
            std::vector<Eigen::Index> places(p.rows.size());
            std::vector<std::int8_t> y(p.rows.size());
            for (std::size_t t = 0; t < y.size(); ++t) {
              places[t] = static_cast<Eigen::Index>(t);
              y[t] = static_cast<Eigen::Index>(t) < p.n_first ? 1 : -1;
            }
            solutions[static_cast<std::size_t>(pair)] =
                pair_fit(std::move(places), std::move(y), p.bound);
          }
          if (share && --unfinished[static_cast<std::size_t>(pair)] == 0)
            columns[static_cast<std::size_t>(pair)]->release();
        });
      });

  // Support vectors: rows with a non-zero coefficient in any pair, class by class.
  std::vector<bool> nonzero(static_cast<std::size_t>(X.rows()), false);
  Trained t;
  t.rho.resize(n_pairs);
  t.n_iter.resize(n_pairs);
  if (probability.enabled) {
    t.probA.resize(n_pairs);
    t.probB.resize(n_pairs);
  }
  t.warm_started = options.warm_alpha && !cold;
  for (Eigen::Index pair = 0; pair < n_pairs; ++pair) {
    const auto [a, b] = pairs[static_cast<std::size_t>(pair)];
    const Solution& s = solutions[static_cast<std::size_t>(pair)];
    if (options.keep_alpha)
      t.alpha.push_back(
          alpha_over_rows(s, pair_rows[static_cast<std::size_t>(pair)].rows, X.rows()));
    if (probability.enabled) {
      // LIBSVM reports each fold's fit (a model of its own) before the pair's.
      for (int fold = 0; fold < kProbabilityFolds && options.print; ++fold)
        if (const auto& f =
                fold_solutions[static_cast<std::size_t>(pair * kProbabilityFolds + fold)])
          options.print(
              libsvm_report(*f) +
              sklite::detail::format("Total nSV = %lld\n",
                                     static_cast<long long>((f->coef.array() != 0).count())));
      const PairRows& p = pair_rows[static_cast<std::size_t>(pair)];
      std::vector<bool> positive(p.rows.size());
      for (std::size_t i = 0; i < positive.size(); ++i)
        positive[i] = static_cast<Eigen::Index>(i) < p.n_first;
      const Sigmoid sigmoid =
          fit_sigmoid(dec[static_cast<std::size_t>(pair)], positive, options.print);
      t.probA(pair) = sigmoid.A;
      t.probB(pair) = sigmoid.B;
    }
    if (options.print) options.print(libsvm_report(s));
    Eigen::Index t_index = 0;
    for (const Eigen::Index c : {a, b})
      for (auto [r, end] = rows_of(c); r < end; ++r, ++t_index)
        if (s.coef(t_index) != 0) nonzero[static_cast<std::size_t>(r)] = true;
    t.rho(pair) = s.rho;
    t.n_iter(pair) =
        static_cast<int>(std::min<long long>(s.n_iter, std::numeric_limits<int>::max()));
    t.converged.push_back(s.converged);
  }
  std::vector<Eigen::Index> position(static_cast<std::size_t>(X.rows()), -1);
  t.nr_sv = Eigen::VectorXi::Zero(k);
  for (Eigen::Index c = 0; c < k; ++c)
    for (auto [r, end] = rows_of(c); r < end; ++r)
      if (nonzero[static_cast<std::size_t>(r)]) {
        position[static_cast<std::size_t>(r)] = static_cast<Eigen::Index>(t.sv_rows.size());
        t.sv_rows.push_back(r);
        ++t.nr_sv(c);
      }
  if (options.print)
    options.print(
        sklite::detail::format("Total nSV = %lld\n", static_cast<long long>(t.sv_rows.size())));

  t.sv_coef = Eigen::MatrixXd::Zero(k - 1, static_cast<Eigen::Index>(t.sv_rows.size()));
  for (Eigen::Index pair = 0; pair < n_pairs; ++pair) {
    const auto [a, b] = pairs[static_cast<std::size_t>(pair)];
    const Solution& s = solutions[static_cast<std::size_t>(pair)];
    Eigen::Index t_index = 0;
    for (const Eigen::Index c : {a, b})
      for (auto [r, end] = rows_of(c); r < end; ++r, ++t_index)
        if (nonzero[static_cast<std::size_t>(r)])
          t.sv_coef(coef_row(c, c == a ? b : a), position[static_cast<std::size_t>(r)]) =
              s.coef(t_index);
  }
  return t;
}

/// @brief LIBSVM's training of a one-class SVM or a regression (svm_train's other branch): one
/// problem over every row of X.
///
/// w[r] is row r's sample weight; `targets` are the regression targets (unused by one-class).
/// The support vectors are the rows with a non-zero coefficient, in order.
template <typename Kernel, typename Scalar>
Trained train_single(const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& X,
                     const Eigen::VectorXd& w, const Eigen::VectorXd& targets,
                     const Formulation& formulation, const Kernel& kernel,
                     const TrainOptions& options) {
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(X.rows()));
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = static_cast<Eigen::Index>(r);
  Solution s;
  bool warm = false;
  with_kernel_source(
      X, kernel, options, 1, 1.0, false,
      [&](const auto& source, const auto&, std::size_t cache, const std::vector<Eigen::Index>*) {
        DualProblem problem;
        switch (formulation.type) {
          case SVMType::one_class:
            problem = one_class_problem(w, formulation);
            break;
          case SVMType::epsilon_svr:
            problem = epsilon_svr_problem(targets, w, formulation);
            break;
          default:
            problem = nu_svr_problem(targets, w, formulation);
            break;
        }
        warm = options.warm_alpha && start_warm(problem, options.warm_alpha->front(), rows);
        s = solve(source, rows, formulation, std::move(problem), cache,
                  problem_options(options, 0, -1));
      });
  if (options.print) options.print(libsvm_report(s));
  Trained t;
  t.warm_started = warm;
  if (options.keep_alpha) t.alpha.push_back(alpha_over_rows(s, rows, X.rows()));
  for (Eigen::Index r = 0; r < X.rows(); ++r)
    if (s.coef(r) != 0) t.sv_rows.push_back(r);
  t.sv_coef.resize(1, static_cast<Eigen::Index>(t.sv_rows.size()));
  for (std::size_t i = 0; i < t.sv_rows.size(); ++i)
    t.sv_coef(0, static_cast<Eigen::Index>(i)) = s.coef(t.sv_rows[i]);
  t.rho = Eigen::VectorXd::Constant(1, s.rho);
  t.n_iter = Eigen::VectorXi::Constant(
      1, static_cast<int>(std::min<long long>(s.n_iter, std::numeric_limits<int>::max())));
  t.converged.push_back(s.converged);
  return t;
}

}  // namespace sklite::svm

#endif  // SKLITE_SVM_TRAIN_HPP

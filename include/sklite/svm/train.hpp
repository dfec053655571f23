// sklite: LIBSVM's training driver: the kernel source of a fit, the one-vs-one problems of a
// classifier, the single problem of a one-class SVM or a regression, and their assembly in LIBSVM's
// layout.
#ifndef SKLITE_SVM_TRAIN_HPP
#define SKLITE_SVM_TRAIN_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/detail/parallel.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/formulations.hpp"
#include "sklite/svm/kernel_source.hpp"
#include "sklite/svm/model.hpp"
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
};

/// @brief The budget in bytes for `megabytes` of cache_size (capped, so that an absurd value cannot
/// overflow the conversion).
inline std::size_t cache_bytes_from_mb(double megabytes) {
  return static_cast<std::size_t>(
      std::min(megabytes * 1024.0 * 1024.0,
               static_cast<double>(std::numeric_limits<std::size_t>::max() / 4)));
}

/// @brief Calls f(source, cache_bytes) with the kernel source of the training rows X and what is
/// left of the budget for each of `running` column caches running at once.
///
/// Kernel values come either from a Gram matrix computed whole or column by column. The Gram
/// matrix costs n²·d multiply-adds at matrix-product speed on every thread, far faster per value
/// than columns one at a time, and serves every problem; it is used when the kernel has a dot form
/// and the matrix takes at most `gram_share` of the budget (the one-vs-one problems keep most of
/// the budget for their own caches, over subsets of the rows; a single problem over every row
/// needs nothing beyond the Gram matrix). Otherwise columns are computed as the solvers ask for
/// them, as LIBSVM does. Both give the same values, so the same model.
template <typename Kernel, typename Scalar, typename F>
void with_kernel_source(const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& X,
                        const Kernel& kernel, const TrainOptions& options, int running,
                        double gram_share, F&& f) {
  const KernelRows<Kernel, Scalar> rows(X, kernel);
  bool use_gram = false;
  kernels::visit_kernel(kernel, [&](const auto& k) {
    using K = std::decay_t<decltype(k)>;
    use_gram =
        kernels::has_dot_form_v<K> && static_cast<double>(GramRows::bytes(X.rows())) <=
                                          gram_share * static_cast<double>(options.cache_bytes);
  });
  if (use_gram) {
    const GramRows gram(rows, options.threads);
    f(gram, (options.cache_bytes - GramRows::bytes(X.rows())) / static_cast<std::size_t>(running));
  } else {
    f(rows, options.cache_bytes / static_cast<std::size_t>(running));
  }
}

/// @brief One solved problem (a pair of classes, or the single problem of a one-class SVM or a
/// regression) and its solver statistics.
template <typename Source>
Solution solve(const Source& source, const std::vector<Eigen::Index>& rows, const Formulation& f,
               DualProblem&& problem, std::size_t cache_bytes, const SolverOptions& options) {
  SolverResult result;
  if (f.type == SVMType::epsilon_svr || f.type == SVMType::nu_svr) {
    RegressionQ<Source> Q(source, cache_bytes);
    result =
        SMOSolver(Q, problem.p, problem.y, problem.C, problem.alpha, options, problem.form).solve();
  } else {
    SignedQ<Source> Q(source, rows, problem.y, cache_bytes);
    result =
        SMOSolver(Q, problem.p, problem.y, problem.C, problem.alpha, options, problem.form).solve();
  }
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
  std::vector<bool> converged;  ///< per problem: false when max_iter stopped it
};

/// @brief LIBSVM's one-vs-one training (svm_train's classification branch) over training rows
/// grouped by class.
///
/// Class c's rows are [start[c], start[c + 1]) of X. One binary problem per pair of classes (a, b),
/// a < b, in LIBSVM's order, with a's rows as +1 then b's as −1; bound[r] is row r's weight in the
/// formulation's bound (sample weight × C × class weight for C-SVC, the sample weight for ν-SVC).
/// The problems are independent and run on options.threads threads; each writes only its own
/// result, so the model is the same whatever the thread count. The support vectors are the rows
/// with a non-zero coefficient in any pair, their coefficients in LIBSVM's layout (coef_row).
template <typename Kernel, typename Scalar>
Trained train_one_vs_one(const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& X,
                         const std::vector<Eigen::Index>& start, const Eigen::VectorXd& bound,
                         const Formulation& formulation, const Kernel& kernel,
                         const TrainOptions& options) {
  const auto k = static_cast<Eigen::Index>(start.size()) - 1;
  const Eigen::Index n_pairs = k * (k - 1) / 2;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = a + 1; b < k; ++b) pairs.emplace_back(a, b);
  const auto rows_of = [&](Eigen::Index c) {
    return std::pair{start[static_cast<std::size_t>(c)], start[static_cast<std::size_t>(c + 1)]};
  };

  std::vector<Solution> solutions(static_cast<std::size_t>(n_pairs));
  const int threads = static_cast<int>(std::min<Eigen::Index>(options.threads, n_pairs));
  with_kernel_source(X, kernel, options, threads, 0.25, [&](const auto& source, std::size_t cache) {
    sklite::detail::parallel_for(n_pairs, threads, [&](Eigen::Index pair) {
      const auto [a, b] = pairs[static_cast<std::size_t>(pair)];
      std::vector<Eigen::Index> rows;
      std::vector<std::int8_t> y;
      for (const Eigen::Index c : {a, b})
        for (auto [r, end] = rows_of(c); r < end; ++r) {
          rows.push_back(r);
          y.push_back(c == a ? 1 : -1);
        }
      Eigen::VectorXd pair_bound(static_cast<Eigen::Index>(rows.size()));
      for (std::size_t t = 0; t < rows.size(); ++t)
        pair_bound(static_cast<Eigen::Index>(t)) = bound(rows[t]);
      DualProblem problem = formulation.type == SVMType::nu_svc
                                ? nu_svc_problem(std::move(y), std::move(pair_bound), formulation)
                                : c_svc_problem(std::move(y), std::move(pair_bound));
      solutions[static_cast<std::size_t>(pair)] =
          solve(source, rows, formulation, std::move(problem), cache, options.solver);
    });
  });

  // Support vectors: rows with a non-zero coefficient in any pair, class by class.
  std::vector<bool> nonzero(static_cast<std::size_t>(X.rows()), false);
  Trained t;
  t.rho.resize(n_pairs);
  t.n_iter.resize(n_pairs);
  for (Eigen::Index pair = 0; pair < n_pairs; ++pair) {
    const auto [a, b] = pairs[static_cast<std::size_t>(pair)];
    const Solution& s = solutions[static_cast<std::size_t>(pair)];
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
  with_kernel_source(X, kernel, options, 1, 1.0, [&](const auto& source, std::size_t cache) {
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
    s = solve(source, rows, formulation, std::move(problem), cache, options.solver);
  });
  if (options.print) options.print(libsvm_report(s));
  Trained t;
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

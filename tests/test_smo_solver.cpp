// The SMO solver and its kernel cache, on problems whose answers are known.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <sklite/kernels.hpp>
#include <sklite/svm/kernel_cache.hpp>
#include <sklite/svm/q_matrix.hpp>
#include <sklite/svm/smo_solver.hpp>
#include <vector>

using sklite::svm::KernelCache;

TEST_CASE("kernel cache: least recently used columns go first, within the byte budget") {
  // Budget: 8 floats, i.e. two full columns of a 4×4 matrix.
  KernelCache<float> cache(4, 8 * sizeof(float));
  CHECK(cache.budget_entries() == 8);
  auto [c0, valid0] = cache.column(0, 4);
  CHECK(valid0 == 0);
  c0[0] = 10;
  cache.column(1, 4);
  CHECK(cache.used_entries() == 8);
  CHECK(cache.column(0, 4).second == 4);  // still cached, and now the most recent
  cache.column(2, 4);                     // evicts column 1, the least recently used
  CHECK(cache.used_entries() == 8);
  CHECK(cache.column(0, 4).second == 4);
  CHECK(cache.column(0, 4).first[0] == 10);
  CHECK(cache.column(1, 4).second == 0);  // was evicted
}

TEST_CASE("kernel cache: the budget never drops below two full columns") {
  KernelCache<double> cache(5, 1);
  CHECK(cache.budget_entries() == 10);
  cache.column(0, 5);
  cache.column(1, 5);
  CHECK(cache.column(0, 5).second == 5);
}

TEST_CASE("kernel cache: partial columns grow and keep their prefix") {
  KernelCache<float> cache(6, 1 << 20);
  auto [values, valid] = cache.column(3, 2);
  CHECK(valid == 0);
  values[0] = 1;
  values[1] = 2;
  auto [grown, grown_valid] = cache.column(3, 6);
  CHECK(grown_valid == 2);
  CHECK(grown[0] == 1);
  CHECK(grown[1] == 2);
  CHECK(cache.used_entries() == 6);
}

TEST_CASE("kernel cache: swap_index renames columns and rows, dropping columns it cannot fix") {
  KernelCache<float> cache(4, 1 << 20);
  float* full = cache.column(0, 4).first;
  for (int r = 0; r < 4; ++r) full[r] = static_cast<float>(r);
  float* partial = cache.column(1, 2).first;  // holds rows 0 and 1 only
  partial[0] = 7;
  partial[1] = 8;
  cache.swap_index(1, 3);
  // Column 0 had every row: rows 1 and 3 trade places.
  const auto [col0, valid0] = cache.column(0, 4);
  CHECK(valid0 == 4);
  CHECK(col0[1] == 3);
  CHECK(col0[3] == 1);
  // The partial column moved to index 3 but held row 1 and not row 3: it is dropped.
  CHECK(cache.column(3, 2).second == 0);
}

namespace {

// Q(i, j) = y_i y_j k(x_i, x_j) over a small data set, with a linear or rbf kernel.
struct SmallProblem {
  using Rows = sklite::svm::KernelRows<sklite::kernels::Any, double>;
  Rows::RowMatrix X;
  std::vector<std::int8_t> y;
  sklite::kernels::Any kernel;
};

SmallProblem toy(sklite::kernels::KernelType type) {
  SmallProblem p;
  p.X.resize(6, 2);
  p.X << -2, -1, -1, -1, -1, -2, 1, 1, 1, 2, 2, 1;
  p.y = {1, 1, 1, -1, -1, -1};
  p.kernel.type = type;
  p.kernel.parameters.gamma = 0.25;
  return p;
}

sklite::svm::SolverResult solve(const SmallProblem& p, double C, bool shrinking,
                                long long max_iter = -1) {
  const SmallProblem::Rows rows(p.X, p.kernel);
  const auto n = p.X.rows();
  std::vector<Eigen::Index> samples(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) samples[static_cast<std::size_t>(i)] = i;
  sklite::svm::ClassificationQ<SmallProblem::Rows> Q(rows, samples, p.y, 1 << 20);
  sklite::svm::SMOSolver solver(Q, -Eigen::VectorXd::Ones(n), p.y, Eigen::VectorXd::Constant(n, C),
                                Eigen::VectorXd::Zero(n), {1e-3, shrinking, max_iter});
  return solver.solve();
}

}  // namespace

TEST_CASE("smo solver: the separable toy problem has the hard-margin solution") {
  // The margin runs between (-1,-1) and (1,1): w = α₁x₁ − α₃x₃ = (0.5, 0.5) with α₁ = α₃ = 0.25, b
  // = 0.
  const auto result = solve(toy(sklite::kernels::KernelType::linear), 1.0, true);
  CHECK(result.converged);
  CHECK(result.alpha(1) == doctest::Approx(0.25));
  CHECK(result.alpha(3) == doctest::Approx(0.25));
  CHECK(result.alpha(0) == 0);
  CHECK(result.alpha(5) == 0);
  CHECK(std::abs(result.rho) < 1e-12);
  CHECK(result.objective == doctest::Approx(-0.25));  // ½·‖w‖² − Σα = 0.25 − 0.5
}

TEST_CASE("smo solver: the answer satisfies the KKT conditions, with or without shrinking") {
  const SmallProblem p = toy(sklite::kernels::KernelType::rbf);
  for (const bool shrinking : {true, false}) {
    const auto result = solve(p, 0.5, shrinking);
    CHECK(result.converged);
    // Feasibility: 0 ≤ α ≤ C and yᵀα = 0.
    double balance = 0;
    for (Eigen::Index i = 0; i < 6; ++i) {
      CHECK(result.alpha(i) >= 0);
      CHECK(result.alpha(i) <= 0.5);
      balance += p.y[static_cast<std::size_t>(i)] * result.alpha(i);
    }
    CHECK(std::abs(balance) < 1e-12);
    // Optimality: max over I_up of −y∇f ≤ min over I_low of −y∇f + tol.
    const SmallProblem::Rows rows(p.X, p.kernel);
    double m = -HUGE_VAL;
    double M = HUGE_VAL;
    for (Eigen::Index i = 0; i < 6; ++i) {
      const double yi = p.y[static_cast<std::size_t>(i)];
      double gradient = -1;
      for (Eigen::Index j = 0; j < 6; ++j)
        gradient += yi * p.y[static_cast<std::size_t>(j)] * rows(i, j) * result.alpha(j);
      const double value = -yi * gradient;
      const bool up = (yi > 0 && result.alpha(i) < 0.5) || (yi < 0 && result.alpha(i) > 0);
      const bool low = (yi < 0 && result.alpha(i) < 0.5) || (yi > 0 && result.alpha(i) > 0);
      if (up) m = std::max(m, value);
      if (low) M = std::min(M, value);
    }
    CHECK(m - M < 1e-3);
  }
  CHECK(solve(p, 0.5, true).objective == doctest::Approx(solve(p, 0.5, false).objective));
}

TEST_CASE("smo solver: max_iter stops the solver with a feasible point and says so") {
  const auto result = solve(toy(sklite::kernels::KernelType::rbf), 1.0, true, 1);
  CHECK_FALSE(result.converged);
  CHECK(result.n_iter == 1);
  CHECK(result.alpha.sum() > 0);
}

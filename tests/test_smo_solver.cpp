// The SMO solver and its kernel cache, on problems whose answers are known.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <random>
#include <sklite/kernels.hpp>
#include <sklite/svm/detail/solver_loops.hpp>
#include <sklite/svm/kernel_cache.hpp>
#include <sklite/svm/kernel_source.hpp>
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
  Rows::Matrix X;
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
  sklite::svm::SignedQ<SmallProblem::Rows> Q(rows, samples, p.y, 1 << 20);
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

namespace {

// Random solver state of n variables: values drawn from a few levels so that ties are common,
// zeros of both signs included.
struct RandomState {
  std::vector<double> G, y, in_up, in_low, QD;
  std::vector<float> Q_i;
  explicit RandomState(Eigen::Index n, unsigned seed) {
    std::mt19937 random(seed);
    const auto level = [&](unsigned levels) {
      return (static_cast<double>(random() % levels) - static_cast<double>(levels / 2)) / 4;
    };
    for (Eigen::Index t = 0; t < n; ++t) {
      G.push_back(random() % 7 == 0 ? -0.0 : level(9));
      y.push_back(random() % 2 ? 1.0 : -1.0);
      in_up.push_back(random() % 4 ? 1.0 : 0.0);
      in_low.push_back(random() % 4 ? 1.0 : 0.0);
      QD.push_back(1 + level(3) / 2);
      Q_i.push_back(static_cast<float>(level(5)));
    }
  }
  sklite::svm::detail::ActiveSet view() const {
    return {G.data(),      y.data(),  in_up.data(),
            in_low.data(), QD.data(), static_cast<Eigen::Index>(G.size())};
  }
};

}  // namespace

TEST_CASE("solver loops: the vector loops pick the same pair and gradient as the scalar ones") {
  namespace d = sklite::svm::detail;
  int compared = 0;
  for (Eigen::Index n = 0; n <= 41; ++n) {
    for (unsigned seed = 0; seed < 20; ++seed) {
      const RandomState s(n, seed * 100 + static_cast<unsigned>(n));
      INFO("n = ", n, ", seed = ", seed);
      const d::FirstChoice scalar = d::choose_i_scalar(s.view());
      const d::FirstChoice chosen = d::choose_i(s.view());
      CHECK(chosen.i == scalar.i);
      CHECK(chosen.m == scalar.m);
      CHECK(chosen.minus_M == scalar.minus_M);
      if (scalar.i < 0) continue;
      const double QD_i = s.QD[static_cast<std::size_t>(scalar.i)];
      const double y_i = s.y[static_cast<std::size_t>(scalar.i)];
      const Eigen::Index j_scalar =
          d::choose_j_scalar(s.view(), scalar.m, s.Q_i.data(), QD_i, y_i, 1e-12);
      CHECK(d::choose_j(s.view(), scalar.m, s.Q_i.data(), QD_i, y_i, 1e-12) == j_scalar);
      std::vector<double> G_scalar = s.G;
      std::vector<double> G_vector = s.G;
      d::update_gradient_scalar(n, G_scalar.data(), s.Q_i.data(), 0.3, s.Q_i.data(), -1.7);
      d::update_gradient(n, G_vector.data(), s.Q_i.data(), 0.3, s.Q_i.data(), -1.7);
      CHECK(G_vector == G_scalar);
      ++compared;
    }
  }
  CHECK(compared > 700);  // most draws have a non-empty I_up
}

TEST_CASE("solver loops: ties go to the later index, as in LIBSVM") {
  namespace d = sklite::svm::detail;
  // Every variable violates equally: the last member of I_up is i, the last of I_low is j.
  const std::vector<double> G(9, -1.0), y(9, 1.0), QD(9, 1.0);
  const std::vector<double> in_up = {1, 1, 1, 1, 1, 1, 0, 1, 0};
  const std::vector<double> in_low = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  const std::vector<float> Q_i(9, 0.5F);
  const d::ActiveSet s{G.data(), y.data(), in_up.data(), in_low.data(), QD.data(), 9};
  const d::FirstChoice first = d::choose_i(s);
  CHECK(first.i == 7);
  CHECK(first.m == 1.0);
  CHECK(first.minus_M == -1.0);
  // grad_diff = m + y_t G_t = 0 for all: no t qualifies.
  CHECK(d::choose_j(s, first.m, Q_i.data(), 1.0, 1.0, 1e-12) == -1);
  // With m = 2 every t gains equally: the last one wins.
  CHECK(d::choose_j(s, 2.0, Q_i.data(), 1.0, 1.0, 1e-12) == 8);
}

TEST_CASE_TEMPLATE("kernel rows: dot products are summed feature by feature, as LIBSVM sums them",
                   Scalar, double, float) {
  using Rows = sklite::svm::KernelRows<sklite::kernels::Any, Scalar>;
  std::mt19937 random(7);
  std::uniform_real_distribution<double> value(-1, 1);
  typename Rows::Matrix X(37, 29);
  for (Eigen::Index r = 0; r < X.rows(); ++r)
    for (Eigen::Index f = 0; f < X.cols(); ++f)
      X(r, f) = random() % 3 == 0 ? Scalar(0) : static_cast<Scalar>(value(random));
  sklite::kernels::Any linear;
  linear.type = sklite::kernels::KernelType::linear;
  const Rows rows(X, linear);
  const auto sequential_dot = [&](Eigen::Index a, Eigen::Index b) {
    double sum = 0;
    for (Eigen::Index f = 0; f < X.cols(); ++f)
      sum += static_cast<double>(X(a, f)) * static_cast<double>(X(b, f));
    return sum;
  };
  for (const Eigen::Index a : {0, 5, 36}) {
    INFO("row ", a);
    std::vector<double> out(33);
    rows.row(a, 3, 33, out.data());
    for (Eigen::Index c = 0; c < 33; ++c)
      CHECK(out[static_cast<std::size_t>(c)] == sequential_dot(a, 3 + c));
    CHECK(rows.squared_norms()(a) == sequential_dot(a, a));
    CHECK(rows(a, a) == sequential_dot(a, a));
    CHECK(rows(a, 11) == sequential_dot(a, 11));
  }
}

// Kernel throughput.
//
// BM_RBFKernelBlock: rbf kernel blocks K(A, B) against a plain GEMM A·Bᵀ of the same shape. It
// first times the GEMM alone (median of several runs), then the kernel block, and reports rows of
// A per second, the kernel block's GFLOP/s (2·m·n·d flops per block), the GEMM's GFLOP/s on the
// same shape, and their ratio (`vs_gemm`, 1.0 meaning the kernel costs no more than its product).
//
// BM_KernelColumn: one kernel column as the solver computes it on demand (svm::KernelRows::row,
// dot products over the row's non-zero features) against Eigen's matrix-vector product of the same
// shape, on data with half its values 0 (like Fashion-MNIST's pixels); `vs_gemv` above 1 means
// faster than the matrix-vector product.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <vector>

#include <random>

#include <sklite/kernels.hpp>
#include <sklite/svm/kernel_source.hpp>

#include "bench_common.hpp"

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Clock = std::chrono::steady_clock;

template <typename F>
double median_seconds(int runs, F&& f) {
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    f();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::nth_element(times.begin(), times.begin() + runs / 2, times.end());
  return times[static_cast<std::size_t>(runs / 2)];
}

// Arguments: m (rows of A), n (rows of B), d (features).
void BM_RBFKernelBlock(benchmark::State& state) {
  const auto m = static_cast<Eigen::Index>(state.range(0));
  const auto n = static_cast<Eigen::Index>(state.range(1));
  const auto d = static_cast<Eigen::Index>(state.range(2));
  const RowMatrix A = RowMatrix::Random(m, d).cwiseAbs();
  const RowMatrix B = RowMatrix::Random(n, d).cwiseAbs();
  const Eigen::VectorXd a_sq = A.rowwise().squaredNorm();
  const Eigen::VectorXd b_sq = B.rowwise().squaredNorm();
  const sklite::kernels::RBF rbf{1.0 / static_cast<double>(d)};
  Eigen::MatrixXd dots(m, n);
  Eigen::MatrixXd K(m, n);
  const int runs = sklite::bench::smoke_run() ? 1 : 7;
  const double gemm_s = median_seconds(runs, [&] { dots.noalias() = A * B.transpose(); });
  benchmark::DoNotOptimize(dots.data());

  double kernel_s = 0;
  for (auto _ : state) {
    const auto start = Clock::now();
    sklite::kernels::detail::kernel_block(rbf, A, a_sq, B, b_sq, K);
    benchmark::DoNotOptimize(K.data());
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    state.SetIterationTime(seconds);
    kernel_s += seconds;
  }
  const double flops =
      2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(d);
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["rows/s"] = static_cast<double>(m) * iterations / kernel_s;
  state.counters["GFLOPS"] = flops * iterations / kernel_s * 1e-9;
  state.counters["gemm_GFLOPS"] = flops / gemm_s * 1e-9;
  state.counters["vs_gemm"] = (flops * iterations / kernel_s) / (flops / gemm_s);
}

// Shapes: the digits' class blocks, Fashion-MNIST's class blocks at 5,000 and 20,000 training
// images, and a prediction chunk of 256 test rows against ~2,500 support vectors.
void shapes(benchmark::internal::Benchmark* b) {
  b->Args({90, 90, 64});
  if (sklite::bench::smoke_run()) {
    b->Iterations(1);
    return;
  }
  b->Args({500, 500, 784});
  b->Args({2000, 2000, 784});
  b->Args({256, 2474, 784});
}
BENCHMARK(BM_RBFKernelBlock)
    ->Apply(shapes)
    ->ArgNames({"m", "n", "d"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Arguments: m (rows in the problem), d (features).
void BM_KernelColumn(benchmark::State& state) {
  const auto m = static_cast<Eigen::Index>(state.range(0));
  const auto d = static_cast<Eigen::Index>(state.range(1));
  std::mt19937 random(1);
  std::uniform_real_distribution<double> pixel(0, 1);
  Eigen::MatrixXd X(m, d);
  for (Eigen::Index f = 0; f < d; ++f)
    for (Eigen::Index r = 0; r < m; ++r) X(r, f) = random() % 2 ? pixel(random) : 0.0;
  const RowMatrix X_rows = X;
  sklite::kernels::Any rbf;
  rbf.parameters.gamma = 1.0 / static_cast<double>(d);
  const sklite::svm::KernelRows<sklite::kernels::Any, double> rows(X, rbf);
  Eigen::VectorXd column(m);
  const int runs = sklite::bench::smoke_run() ? 1 : 15;
  Eigen::Index a = 0;
  const double gemv_s = median_seconds(runs, [&] {
    column.noalias() = X_rows * X_rows.row(a = (a + 7) % m).transpose();
    benchmark::DoNotOptimize(column.data());
  });
  double column_s = 0;
  for (auto _ : state) {
    const auto start = Clock::now();
    rows.row(a = (a + 7) % m, 0, m, column.data());
    benchmark::DoNotOptimize(column.data());
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    state.SetIterationTime(seconds);
    column_s += seconds;
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["columns/s"] = iterations / column_s;
  state.counters["gemv_columns/s"] = 1 / gemv_s;
  state.counters["vs_gemv"] = gemv_s / (column_s / iterations);
}
// Shapes: a digits problem, and Fashion-MNIST problems at 5,000 and 20,000 training images.
BENCHMARK(BM_KernelColumn)
    ->Apply([](benchmark::internal::Benchmark* b) {
      b->Args({180, 64});
      if (sklite::bench::smoke_run()) {
        b->Iterations(1);
        return;
      }
      b->Args({1000, 784});
      b->Args({4000, 784});
    })
    ->ArgNames({"m", "d"})
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace

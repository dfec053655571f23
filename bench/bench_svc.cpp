// SVC fit and predict: on the bundled digits (C = 100, gamma = 0.001, the tutorial's settings) and
// on Fashion-MNIST (Debian's dataset-fashion-mnist, C = 10, gamma = "scale"), with the fit time's
// growth in n fitted by Google Benchmark.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>

#include <sklite/datasets/digits.hpp>
#include <sklite/datasets/idx.hpp>
#include <sklite/svm/svc.hpp>

#include "bench_common.hpp"

namespace {

const sklite::datasets::Digits& digits() {
  static const sklite::datasets::Digits data = sklite::datasets::load_digits();
  return data;
}

// Fit on the first n rows: time against n, with the complexity fitted by Google Benchmark.
void BM_SVCFit(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const Eigen::MatrixXd X = digits().data.topRows(n);
  const Eigen::VectorXi y = digits().target.head(n);
  for (auto _ : state) {
    sklite::SVC clf({.C = 100, .gamma = 0.001});
    clf.fit(X, y);
    benchmark::DoNotOptimize(clf.intercept().data());
  }
  state.SetComplexityN(state.range(0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SVCFit)
    ->Apply(sklite::bench::sizes<200, 400, 898, 1797>)
    ->Complexity()
    ->Unit(benchmark::kMillisecond);

// Predict n rows with the model of the tutorial's first half.
void BM_SVCPredict(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  sklite::SVC clf({.C = 100, .gamma = 0.001});
  clf.fit(digits().data.topRows(898), digits().target.head(898));
  const Eigen::MatrixXd X = digits().data.bottomRows(n);
  for (auto _ : state) {
    const Eigen::VectorXi y = clf.predict(X);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SVCPredict)->Apply(sklite::bench::sizes<100, 899>)->Unit(benchmark::kMillisecond);

struct Images {
  Eigen::MatrixXd X;
  Eigen::VectorXi y;
};

// The first 10,000 Fashion-MNIST training images scaled to [0, 1], or nothing when the Debian
// package is not installed.
const std::optional<Images>& fashion() {
  static const std::optional<Images> data = []() -> std::optional<Images> {
    const std::string dir = "/usr/share/datasets/fashion-mnist/";
    try {
      Images images;
      images.X =
          std::move(sklite::datasets::load_idx(dir + "train-images-idx3-ubyte.gz", 10000).data);
      images.X /= 255.0;
      images.y = sklite::datasets::load_idx(dir + "train-labels-idx1-ubyte.gz", 10000)
                     .data.col(0)
                     .cast<int>();
      return images;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }();
  return data;
}

// Fit on the first n images with Threads threads (0: every core).
template <int Threads>
void BM_SVCFitFashion(benchmark::State& state) {
  if (!fashion()) {
    state.SkipWithError("dataset-fashion-mnist is not installed");
    return;
  }
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const Eigen::MatrixXd X = fashion()->X.topRows(n);
  const Eigen::VectorXi y = fashion()->y.head(n);
  for (auto _ : state) {
    sklite::SVC clf({.C = 10, .gamma = "scale", .n_jobs = Threads == 0 ? -1 : Threads});
    clf.fit(X, y);
    benchmark::DoNotOptimize(clf.intercept().data());
  }
  state.SetComplexityN(state.range(0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK_TEMPLATE(BM_SVCFitFashion, 0)
    ->Apply(sklite::bench::sizes<500, 1000, 2000, 5000, 10000>)
    ->Complexity()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_SVCFitFashion, 1)
    ->Apply(sklite::bench::sizes<500, 1000, 2000, 5000, 10000>)
    ->Complexity()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

// SVC fit and predict on the bundled digits (C = 100, gamma = 0.001, the tutorial's settings).
#include <benchmark/benchmark.h>

#include <sklite/datasets/digits.hpp>
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

}  // namespace

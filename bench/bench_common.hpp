// Shared by the benchmark programs: problem sizes, and a smoke mode for CI.
#ifndef SKLITE_BENCH_COMMON_HPP
#define SKLITE_BENCH_COMMON_HPP

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>

namespace sklite::bench {

/// True when SKLITE_BENCH_SMOKE is set: CI runs every benchmark once on its smallest size only.
inline bool smoke_run() {
  const char* value = std::getenv("SKLITE_BENCH_SMOKE");
  return value != nullptr && value[0] != '\0' && value[0] != '0';
}

/// Registers the sizes N... as arguments, or only the first (the smallest) in a smoke run:
/// `BENCHMARK(BM_Fit)->Apply(sklite::bench::sizes<200, 800, 3200>);`
template <std::int64_t First, std::int64_t... Rest>
void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(First);
  if (smoke_run()) {
    b->Iterations(1);
    return;
  }
  (b->Arg(Rest), ...);
}

}  // namespace sklite::bench

#endif  // SKLITE_BENCH_COMMON_HPP

// Shared by the benchmark programs: problem sizes, and a smoke mode for CI.
#ifndef SKLITE_BENCH_COMMON_HPP
#define SKLITE_BENCH_COMMON_HPP

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>

namespace sklite::bench {

/// True when SKLITE_BENCH_SMOKE is set: CI runs every benchmark once on its smallest size only.
inline bool smoke_run() {
  const char* value = std::getenv("SKLITE_BENCH_SMOKE");
  return value != nullptr && value[0] != '\0' && value[0] != '0';
}

/// Registers the given sizes as arguments, or only the smallest in a smoke run.
inline auto sizes(std::initializer_list<std::int64_t> values) {
  return [values](benchmark::internal::Benchmark* b) {
    if (smoke_run()) {
      b->Arg(*std::min_element(values.begin(), values.end()))->Iterations(1);
      return;
    }
    for (const std::int64_t v : values) b->Arg(v);
  };
}

}  // namespace sklite::bench

#endif  // SKLITE_BENCH_COMMON_HPP

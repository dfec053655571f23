// sklite: a minimal fork-join loop over independent tasks, on std::thread.
#ifndef SKLITE_DETAIL_PARALLEL_HPP
#define SKLITE_DETAIL_PARALLEL_HPP

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace sklite::detail {

/// The number of hardware threads, at least 1.
inline int hardware_threads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

/// @brief Calls task(0, w), …, task(count − 1, w) on `threads` threads (the caller's among
/// them), w ∈ [0, threads) naming the thread that runs the task, for per-thread scratch space.
///
/// Tasks are handed out in order, one at a time, so that long and short ones balance. Each task
/// must write only its own results; which thread runs which task then changes nothing. The first
/// exception a task throws is rethrown here once every thread has stopped; tasks not started by
/// then are skipped.
template <typename Task>
void parallel_for_workers(Eigen::Index count, int threads, Task&& task) {
  std::atomic<Eigen::Index> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&](int worker) {
    for (Eigen::Index t = next++; t < count; t = next++) {
      try {
        task(t, worker);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  std::vector<std::thread> workers;
  const auto extra = std::min<Eigen::Index>(threads, count) - 1;
  try {
    workers.reserve(static_cast<std::size_t>(std::max<Eigen::Index>(extra, 0)));
    for (Eigen::Index w = 0; w < extra; ++w) workers.emplace_back(work, static_cast<int>(w) + 1);
  } catch (...) {
    // No memory or no thread for another worker: those started finish their task, and the
    // failure goes to the caller (a joinable std::thread must not be destroyed).
    next = count;
    for (auto& worker : workers) worker.join();
    throw;
  }
  work(0);
  for (auto& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
}

/// @brief Calls task(0), …, task(count − 1) on `threads` threads (see parallel_for_workers).
template <typename Task>
void parallel_for(Eigen::Index count, int threads, Task&& task) {
  parallel_for_workers(count, threads, [&](Eigen::Index t, int) { task(t); });
}

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_PARALLEL_HPP

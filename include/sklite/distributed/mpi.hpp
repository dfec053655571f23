// sklite: cross-validation and grid search across the processes (ranks) of an MPI job.
//
// Optional: include it only in programs that link MPI (CMake: MPI::MPI_CXX); the rest of sklite
// stays free of MPI. MPI carries the messages; this header only decides who computes what:
// groups of fits (one kernel setting each, so that a rank keeps their shared kernel values) go to
// the ranks as they ask for more, rank 0 collects the scores, and every rank ends with all of them.
#ifndef SKLITE_DISTRIBUTED_MPI_HPP
#define SKLITE_DISTRIBUTED_MPI_HPP

#include <mpi.h>
#ifdef __linux__
#include <sched.h>
#endif

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "sklite/detail/parallel.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/model_selection/cross_validation.hpp"
#include "sklite/model_selection/grid_search.hpp"

namespace sklite::mpi {

/// What one rank did in a run: how many groups and tasks (fits, or grid points) it computed, and
/// for how long.
struct RankShare {
  int rank = 0;
  std::size_t groups = 0;
  std::size_t tasks = 0;
  double seconds = 0;
};

/// Where one group ran and for how long.
struct GroupRun {
  int rank = -1;  // -1: not run (after a failure)
  double seconds = 0;
};

namespace detail {

/// Appends numbers and strings to a message.
class Writer {
 public:
  Writer& u64(std::uint64_t v) { return raw(&v, sizeof v); }
  Writer& f64(double v) { return raw(&v, sizeof v); }
  Writer& text(std::string_view s) {
    u64(s.size());
    return raw(s.data(), s.size());
  }
  Writer& doubles(const std::vector<double>& v) {
    u64(v.size());
    return raw(v.data(), v.size() * sizeof(double));
  }
  const std::string& bytes() const { return bytes_; }

 private:
  Writer& raw(const void* p, std::size_t n) {
    bytes_.append(static_cast<const char*>(p), n);
    return *this;
  }
  std::string bytes_;
};

/// Reads back what a Writer wrote, in the same order (from its own copy of the bytes).
class Reader {
 public:
  explicit Reader(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t u64() { return value<std::uint64_t>(); }
  double f64() { return value<double>(); }
  std::string text() {
    const auto n = static_cast<std::size_t>(u64());
    need(n);
    std::string s = bytes_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::vector<double> doubles() {
    const auto n = static_cast<std::size_t>(u64());
    need(n * sizeof(double));
    std::vector<double> v(n);
    if (n) std::memcpy(v.data(), bytes_.data() + at_, n * sizeof(double));
    at_ += n * sizeof(double);
    return v;
  }

 private:
  template <typename T>
  T value() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  void need(std::size_t n) const {
    if (bytes_.size() - at_ < n)
      throw std::runtime_error("sklite::mpi: a message between ranks ended early");
  }
  std::string bytes_;
  std::size_t at_ = 0;
};

/// The scores of one fit as a message.
struct FitScoresCodec {
  void write(Writer& out, const sklite::detail::FitScores& s) const {
    out.f64(s.fit_time).f64(s.score_time).doubles(s.test).doubles(s.train);
    out.u64(s.failed ? 1 : 0).text(s.failure);
  }
  sklite::detail::FitScores read(Reader& in) const {
    sklite::detail::FitScores s;
    s.fit_time = in.f64();
    s.score_time = in.f64();
    s.test = in.doubles();
    s.train = in.doubles();
    s.failed = in.u64() != 0;
    s.failure = in.text();
    return s;
  }
  bool failed(const sklite::detail::FitScores& s) const { return s.failed; }
};

/// Waits for a non-blocking MPI operation without spinning: the cores are for the fits of this
/// rank and of the others on its node.
inline void wait_gently(MPI_Request& request) {
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
}

inline void send_bytes(MPI_Comm comm, int to, int tag, const std::string& bytes) {
  MPI_Request request;
  MPI_Isend(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, comm, &request);
  wait_gently(request);
}

/// The next message with `tag` from `from` (MPI_ANY_SOURCE: anyone); `sender` gets who sent it.
inline std::string receive_bytes(MPI_Comm comm, int from, int tag, int* sender = nullptr) {
  MPI_Status status;
  for (int ready = 0; !ready;) {
    MPI_Iprobe(from, tag, comm, &ready, &status);
    if (!ready) std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string bytes(static_cast<std::size_t>(count), '\0');
  MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, tag, comm, MPI_STATUS_IGNORE);
  if (sender) *sender = status.MPI_SOURCE;
  return bytes;
}

/// Rank root's bytes on every rank.
inline std::string broadcast_bytes(MPI_Comm comm, int root, std::string bytes) {
  std::uint64_t size = bytes.size();
  MPI_Request request;
  MPI_Ibcast(&size, 1, MPI_UINT64_T, root, comm, &request);
  wait_gently(request);
  bytes.resize(static_cast<std::size_t>(size));
  MPI_Ibcast(bytes.data(), static_cast<int>(size), MPI_BYTE, root, comm, &request);
  wait_gently(request);
  return bytes;
}

}  // namespace detail

/// @brief Shares the work of a cross-validation or a grid search among the ranks of a
/// communicator. Every rank constructs it and calls its members alike (they are collective).
///
/// The work comes in groups of tasks. Rank 0 hands the groups out, largest first, to whichever
/// rank asks next (itself included: it computes on a thread of its own while its main thread
/// answers the others), so that a slow group does not hold up the rest. Each rank runs a group's
/// tasks on its threads and sends their results to rank 0, which gathers them and sends every
/// result to every rank. The ranks wait for messages by polling gently, leaving the cores to
/// the fits. Only the thread that calls run() uses MPI (MPI_THREAD_FUNNELED is enough).
class Scheduler {
 public:
  /// @throws std::logic_error when MPI is not initialized
  explicit Scheduler(MPI_Comm comm) : comm_(comm) {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized)
      throw std::logic_error("sklite::mpi::Scheduler: MPI is not initialized; call MPI_Init first");
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
    MPI_Comm node;
    MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &ranks_on_node_);
    MPI_Comm_free(&node);
  }

  int rank() const { return rank_; }
  int size() const { return size_; }

  /// The threads of each rank for n_jobs: -1 shares this node's cores among its ranks, within
  /// the cores the launcher bound this rank to (Open MPI binds each of one or two ranks to a
  /// core, and more to a socket, unless told --bind-to none).
  int threads(int n_jobs) const {
    if (n_jobs != -1) return n_jobs;
    return std::max(1,
                    std::min(sklite::detail::hardware_threads() / ranks_on_node_, bound_cores()));
  }

  /// What a failure says of where the fit ran.
  std::string where() const { return sklite::detail::concat(" on rank ", rank_); }

  /// @brief Checks that every rank is ready: rethrows this rank's `error`; throws on the other
  /// ranks what failed on the first rank that failed, naming it; and throws std::invalid_argument
  /// on every rank when their fingerprints of the data, folds and candidates differ.
  void start(std::string_view fn, const std::exception_ptr& error,
             const std::function<std::uint64_t()>& fingerprint) const {
    const std::uint64_t mine[2] = {error ? 1U : 0U, error ? 0U : fingerprint()};
    std::vector<std::uint64_t> all(2 * static_cast<std::size_t>(size_));
    MPI_Allgather(mine, 2, MPI_UINT64_T, all.data(), 2, MPI_UINT64_T, comm_);
    int failed = -1;
    for (int r = size_ - 1; r >= 0; --r)
      if (all[2 * static_cast<std::size_t>(r)]) failed = r;
    if (failed >= 0) {
      std::string message;
      bool invalid = false;
      if (rank_ == failed) describe(error, message, invalid);
      detail::Writer out;
      out.u64(invalid ? 1 : 0).text(message);
      const std::string bytes = detail::broadcast_bytes(comm_, failed, out.bytes());
      if (error) std::rethrow_exception(error);
      detail::Reader in(bytes);
      invalid = in.u64() != 0;
      message = sklite::detail::concat(fn, ": rank ", failed, " failed: ", in.text());
      if (invalid) throw std::invalid_argument(message);
      throw std::runtime_error(message);
    }
    for (int r = 1; r < size_; ++r)
      if (all[2 * static_cast<std::size_t>(r) + 1] != all[1])
        sklite::detail::throw_invalid(fn, "rank ", r,
                                      " was given other data, folds or candidates than rank 0; "
                                      "every rank must be given the same");
  }

  /// @brief Runs the groups of tasks over the ranks: compute(tasks, stop_after) on some rank for
  /// each group (tasks after stop_after may be skipped: an earlier one failed), and returns every
  /// task's result on every rank, in task order (a default Result for a task never run).
  /// @param stop_at_failure hand out no group whose tasks all come after a failed one
  /// @param on_result called on rank 0 with (task, result) as results arrive, one at a time
  /// @throws std::runtime_error on every rank, naming the rank, when a compute throws
  template <typename Result, typename Codec, typename Compute>
  std::vector<Result> run_groups(
      const std::vector<std::vector<std::size_t>>& groups, std::size_t n_tasks, Compute&& compute,
      const Codec& codec, bool stop_at_failure,
      const std::function<void(std::size_t, const Result&)>& on_result = {}) {
    std::vector<Result> results(n_tasks);
    group_runs_.assign(groups.size(), GroupRun{});
    std::string error;
    if (rank_ == 0)
      error = dispatch(groups, results, compute, codec, stop_at_failure, on_result);
    else
      serve(groups, compute, codec);
    detail::Writer out;
    if (rank_ == 0) {
      out.text(error);
      for (const Result& r : results) codec.write(out, r);
      for (const GroupRun& g : group_runs_) out.f64(g.rank).f64(g.seconds);
    }
    const std::string bytes = detail::broadcast_bytes(comm_, 0, out.bytes());
    detail::Reader in(bytes);
    error = in.text();
    if (!error.empty()) throw std::runtime_error(error);
    for (Result& r : results) r = codec.read(in);
    for (GroupRun& g : group_runs_) {
      g.rank = static_cast<int>(in.f64());
      g.seconds = in.f64();
    }
    tally_shares(groups);
    return results;
  }

  /// The fits of a cross-validation or a search (the shape of detail::LocalScheduler::run).
  template <typename Compute>
  std::vector<sklite::detail::FitScores> run(const std::vector<std::vector<std::size_t>>& groups,
                                             std::size_t n_tasks, bool stop_at_failure,
                                             Compute&& compute) {
    return run_groups<sklite::detail::FitScores>(groups, n_tasks, std::forward<Compute>(compute),
                                                 detail::FitScoresCodec{}, stop_at_failure);
  }

  /// What each rank did in the last run (the same on every rank).
  const std::vector<RankShare>& shares() const { return shares_; }
  /// Where each group of the last run ran, and for how long (the same on every rank).
  const std::vector<GroupRun>& group_runs() const { return group_runs_; }

 private:
  static constexpr int kResultTag = 9001;  // rank → 0: results of a group, and a request for more
  static constexpr int kAssignTag = 9002;  // 0 → rank: the next group, or none
  static constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();

  // The cores this process may run on.
  static int bound_cores() {
#ifdef __linux__
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
#endif
    return sklite::detail::hardware_threads();
  }

  // Each rank's share, from where each group ran.
  void tally_shares(const std::vector<std::vector<std::size_t>>& groups) {
    shares_.assign(static_cast<std::size_t>(size_), RankShare{});
    for (int r = 0; r < size_; ++r) shares_[static_cast<std::size_t>(r)].rank = r;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (group_runs_[g].rank < 0) continue;
      RankShare& share = shares_[static_cast<std::size_t>(group_runs_[g].rank)];
      ++share.groups;
      share.tasks += groups[g].size();
      share.seconds += group_runs_[g].seconds;
    }
  }

  static void describe(const std::exception_ptr& error, std::string& message, bool& invalid) {
    try {
      std::rethrow_exception(error);
    } catch (const std::invalid_argument& e) {
      message = e.what();
      invalid = true;
    } catch (const std::exception& e) {
      message = e.what();
    } catch (...) {
      message = "an exception that is not a std::exception";
    }
  }

  // Rank 0: computes groups on a thread of its own while this thread answers the other ranks.
  // Returns the first error of a compute (naming its rank), or nothing.
  template <typename Result, typename Codec, typename Compute>
  std::string dispatch(const std::vector<std::vector<std::size_t>>& groups,
                       std::vector<Result>& results, Compute& compute, const Codec& codec,
                       bool stop_at_failure,
                       const std::function<void(std::size_t, const Result&)>& on_result) {
    std::vector<std::size_t> order(groups.size());
    for (std::size_t g = 0; g < order.size(); ++g) order[g] = g;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return groups[a].size() > groups[b].size();
    });
    std::mutex mutex;
    std::size_t next = 0;
    std::size_t first_failure = kNone;
    std::string error;
    const auto take = [&]() -> std::uint64_t {
      const std::lock_guard<std::mutex> lock(mutex);
      while (error.empty() && next < order.size()) {
        const std::size_t g = order[next++];
        const std::size_t first = *std::min_element(groups[g].begin(), groups[g].end());
        if (!(stop_at_failure && first > first_failure)) return g;
      }
      return kNone;
    };
    const auto stop_after = [&] {
      const std::lock_guard<std::mutex> lock(mutex);
      return first_failure;
    };
    const auto record = [&](int from, std::size_t g, std::vector<Result> got, double seconds) {
      const std::lock_guard<std::mutex> lock(mutex);
      group_runs_[g] = GroupRun{from, seconds};
      for (std::size_t k = 0; k < got.size(); ++k) {
        const std::size_t task = groups[g][k];
        if (codec.failed(got[k])) first_failure = std::min(first_failure, task);
        results[task] = std::move(got[k]);
        if (on_result) on_result(task, results[task]);
      }
    };
    const auto fail = [&](int from, const std::string& what) {
      const std::lock_guard<std::mutex> lock(mutex);
      if (error.empty()) error = sklite::detail::concat("rank ", from, " failed: ", what);
    };

    std::thread local([&] {
      try {
        for (std::uint64_t g = take(); g != kNone; g = take()) {
          const auto start = std::chrono::steady_clock::now();
          std::vector<Result> got = compute(groups[g], stop_after());
          record(0, g, std::move(got), seconds_since(start));
        }
      } catch (const std::exception& e) {
        fail(0, e.what());
      } catch (...) {
        fail(0, "an exception that is not a std::exception");
      }
    });
    for (int serving = size_ - 1; serving > 0;) {
      int from = 0;
      const std::string bytes = detail::receive_bytes(comm_, MPI_ANY_SOURCE, kResultTag, &from);
      detail::Reader in(bytes);
      const std::uint64_t g = in.u64();
      if (g != kNone) {
        const double seconds = in.f64();
        if (in.u64() != 0) {
          fail(from, in.text());
        } else {
          std::vector<Result> got;
          for (std::size_t k = 0; k < groups[g].size(); ++k) got.push_back(codec.read(in));
          record(from, g, std::move(got), seconds);
        }
      }
      const std::uint64_t assigned = take();
      detail::Writer out;
      out.u64(assigned).u64(stop_after());
      detail::send_bytes(comm_, from, kAssignTag, out.bytes());
      if (assigned == kNone) --serving;
    }
    local.join();
    return error;
  }

  // Every other rank: asks for a group, computes it, sends its results with the next request.
  template <typename Codec, typename Compute>
  void serve(const std::vector<std::vector<std::size_t>>& groups, Compute& compute,
             const Codec& codec) {
    detail::Writer request;
    request.u64(kNone);
    for (;;) {
      detail::send_bytes(comm_, 0, kResultTag, request.bytes());
      detail::Reader in(detail::receive_bytes(comm_, 0, kAssignTag));
      const std::uint64_t g = in.u64();
      const std::size_t stop_after = static_cast<std::size_t>(in.u64());
      if (g == kNone) return;
      request = detail::Writer();
      request.u64(g);
      const auto start = std::chrono::steady_clock::now();
      try {
        const auto got = compute(groups[g], stop_after);
        request.f64(seconds_since(start)).u64(0);
        for (const auto& r : got) codec.write(request, r);
      } catch (const std::exception& e) {
        request = detail::Writer();
        request.u64(g).f64(seconds_since(start)).u64(1).text(e.what());
      }
    }
  }

  static double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  int ranks_on_node_ = 1;
  std::vector<RankShare> shares_;
  std::vector<GroupRun> group_runs_;
};

/// @brief GridSearchCV whose fits run across the ranks of a communicator: every rank constructs
/// it alike and calls fit with the same data, and every rank ends with the same results
/// (cv_results, best_params, best_score) and the same refitted best estimator (each rank refits
/// it). Candidates of one kernel setting run together on one rank, sharing its kernel values.
/// n_jobs = -1 shares each node's cores among its ranks.
/// @code
/// MPI_Init(&argc, &argv);
/// sklite::mpi::GridSearchCV search(MPI_COMM_WORLD, sklite::SVC(),
///                                  {{"C", {1.0, 10.0}}, {"gamma", {1e-4, 1e-3}}}, {.cv = 5});
/// search.fit(X, y);  // the same X and y on every rank (see broadcast)
/// search.best_params();
/// @endcode
template <typename Estimator>
class GridSearchCV : public sklite::GridSearchCV<Estimator> {
 public:
  GridSearchCV(MPI_Comm comm, Estimator estimator, ParamGrid param_grid,
               GridSearchOptions options = {})
      : sklite::GridSearchCV<Estimator>(std::move(estimator), std::move(param_grid),
                                        std::move(options)),
        comm_(comm) {}

  /// @brief GridSearchCV::fit across the ranks (collective).
  /// @throws as GridSearchCV::fit, on every rank; std::invalid_argument when the ranks were given
  ///   different data or candidates; a failed fit's message names its rank
  template <typename DerivedX, typename DerivedY>
  GridSearchCV& fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y) {
    Scheduler scheduler(comm_);
    this->fit_on(scheduler, X, y);
    shares_ = scheduler.shares();
    return *this;
  }

  /// What each rank computed in the last fit.
  const std::vector<RankShare>& shares() const { return shares_; }

 private:
  MPI_Comm comm_;
  std::vector<RankShare> shares_;
};

template <typename Estimator>
GridSearchCV(MPI_Comm, Estimator, ParamGrid, GridSearchOptions) -> GridSearchCV<Estimator>;
template <typename Estimator>
GridSearchCV(MPI_Comm, Estimator, ParamGrid) -> GridSearchCV<Estimator>;

/// @brief sklite::cross_validate with its folds spread over the ranks of a communicator
/// (collective; every rank gets every fold's scores).
template <typename Estimator, typename DerivedX, typename DerivedY>
std::map<std::string, std::vector<double>> cross_validate(
    MPI_Comm comm, const Estimator& estimator, const Eigen::MatrixBase<DerivedX>& X,
    const Eigen::DenseBase<DerivedY>& y, const CrossValidateOptions& options = {}) {
  Scheduler scheduler(comm);
  return sklite::detail::cross_validate_on(scheduler, estimator, X, y, options);
}

/// @brief Rank root's X and y on every rank (collective): for data read by one rank.
template <typename Scalar, typename Target>
void broadcast(MPI_Comm comm, Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& X,
               Eigen::Matrix<Target, Eigen::Dynamic, 1>& y, int root = 0) {
  std::uint64_t shape[3] = {static_cast<std::uint64_t>(X.rows()),
                            static_cast<std::uint64_t>(X.cols()),
                            static_cast<std::uint64_t>(y.size())};
  MPI_Bcast(shape, 3, MPI_UINT64_T, root, comm);
  X.resize(static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
  y.resize(static_cast<Eigen::Index>(shape[2]));
  const auto send = [&](void* data, std::size_t bytes) {
    // MPI counts in int: large matrices go in pieces.
    constexpr std::size_t kPiece = std::size_t{1} << 30;
    for (std::size_t at = 0; at < bytes; at += kPiece)
      MPI_Bcast(static_cast<char*>(data) + at, static_cast<int>(std::min(kPiece, bytes - at)),
                MPI_BYTE, root, comm);
  };
  send(X.data(), static_cast<std::size_t>(X.size()) * sizeof(Scalar));
  send(y.data(), static_cast<std::size_t>(y.size()) * sizeof(Target));
}

}  // namespace sklite::mpi

#endif  // SKLITE_DISTRIBUTED_MPI_HPP

// sklite: kernel values of a whole data set, computed once per kernel setting and read by many
// fits on subsets of its rows (the candidates and folds of a grid search).
#ifndef SKLITE_SVM_KERNEL_SHARE_HPP
#define SKLITE_SVM_KERNEL_SHARE_HPP

#include <Eigen/Core>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <utility>
#include <vector>

#include "sklite/kernels.hpp"
#include "sklite/svm/kernel_source.hpp"
#include "sklite/svm/solution_memo.hpp"

namespace sklite::svm {

/// @brief What the fits of one kernel setting share: its Gram matrix over the whole data set,
/// and the solutions that fits with larger C can take over (SolutionMemo).
struct SharedKernel {
  explicit SharedKernel(GramRows values) : gram(std::move(values)) {}
  GramRows gram;
  SolutionMemo memo;
};

/// @brief The Gram matrices of one data set X, one per kernel setting, each computed the first
/// time a fit asks for it and then shared by every fit on rows of X.
///
/// A grid search fits each candidate on each fold: for an rbf grid, every C at one γ uses the same
/// kernel values, and every fold's training rows are rows of X. With a share attached
/// (Estimator::share_kernel), a fit whose kernel matches reads its rows of the stored matrix
/// instead of computing them. The values are those a fit computes for itself (GramRows over rows
/// of X), so the solver takes the same steps; and a fit with a larger C takes over the solutions
/// of problems that never met their bound (SharedKernel::memo). Matrices are kept while their total
/// stays within `budget_bytes`; a setting that would go beyond gets nothing (its fits compute their
/// own values), and release() frees one that no fit needs any more. Safe to use from several
/// threads at once.
template <typename Scalar>
class KernelShare {
 public:
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  /// @param X the data set every fit takes rows of (copied)
  /// @param budget_bytes the bound on the matrices kept at once
  /// @param threads threads to compute a matrix with
  KernelShare(Matrix X, std::size_t budget_bytes, int threads)
      : X_(std::move(X)), budget_(budget_bytes), threads_(threads) {}

  /// The data set.
  const Matrix& X() const { return X_; }

  /// The Gram matrix of X for the kernel `type` with `parameters` (computed now if it is not yet)
  /// and its solutions; null when the matrix would not fit in the budget.
  std::shared_ptr<SharedKernel> kernel(kernels::KernelType type,
                                       const kernels::KernelParameters& parameters) {
    const Key key{static_cast<int>(type), parameters.gamma, parameters.coef0, parameters.degree};
    std::shared_ptr<Entry> entry;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      auto& slot = entries_[key];
      if (!slot) {
        const std::size_t bytes = GramRows::bytes(X_.rows());
        const bool dot_form = type != kernels::KernelType::precomputed;
        if (!dot_form || used_ + bytes > budget_) return nullptr;
        used_ += bytes;
        slot = std::make_shared<Entry>();
      }
      entry = slot;
    }
    // Computed outside the share's lock: fits of other settings go on meanwhile.
    std::call_once(entry->once, [&] {
      kernels::Any kernel;
      kernel.type = type;
      kernel.parameters = parameters;
      const KernelRows<kernels::Any, Scalar> rows(X_, kernel);
      entry->kernel = std::make_shared<SharedKernel>(GramRows(rows, threads_));
    });
    return entry->kernel;
  }

  /// Frees the matrix of a setting (fits that hold it keep it until they end).
  void release(kernels::KernelType type, const kernels::KernelParameters& parameters) {
    const Key key{static_cast<int>(type), parameters.gamma, parameters.coef0, parameters.degree};
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = entries_.find(key);
    if (found == entries_.end() || !found->second) return;
    used_ -= GramRows::bytes(X_.rows());
    entries_.erase(found);
  }

 private:
  using Key = std::tuple<int, double, double, int>;
  struct Entry {
    std::once_flag once;
    std::shared_ptr<SharedKernel> kernel;
  };

  Matrix X_;
  std::size_t budget_;
  int threads_;
  std::mutex mutex_;
  std::size_t used_ = 0;
  std::map<Key, std::shared_ptr<Entry>> entries_;
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_KERNEL_SHARE_HPP

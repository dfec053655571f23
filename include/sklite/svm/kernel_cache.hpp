// sklite: a least-recently-used cache of kernel (Q-matrix) columns with a memory bound.
#ifndef SKLITE_SVM_KERNEL_CACHE_HPP
#define SKLITE_SVM_KERNEL_CACHE_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "sklite/errors.hpp"

namespace sklite::svm {

/// @brief An LRU cache of Q-matrix columns, bounded by a number of bytes.
///
/// The SMO solver asks for column `i` of Q over its first `length` rows; columns are kept as long
/// as the budget allows and the least recently used ones are dropped first. Columns may be cached
/// partially (only the rows of the active set), and grow when a longer prefix is asked for, as in
/// LIBSVM (Chang & Lin 2011, section 5.1). `swap_index` follows the solver's reordering of the
/// training set during shrinking.
///
/// Whatever the budget, two full columns always fit: the solver needs columns i and j at once.
///
/// @tparam Value the stored kernel value type (float halves the memory, as in LIBSVM).
template <typename Value>
class KernelCache {
 public:
  /// @param n_columns the size l of the (square) Q matrix
  /// @param max_bytes the memory budget for column storage
  KernelCache(Eigen::Index n_columns, std::size_t max_bytes)
      : columns_(static_cast<std::size_t>(n_columns)) {
    const std::size_t full_column = static_cast<std::size_t>(n_columns);
    budget_ = std::max(max_bytes / sizeof(Value), 2 * full_column);
  }

  /// @brief Column `i` with room for at least `length` entries.
  /// @return the storage and how many leading entries already hold valid values; the caller fills
  ///         the entries from there up to `length`.
  std::pair<Value*, Eigen::Index> column(Eigen::Index i, Eigen::Index length) {
    Column& col = columns_[static_cast<std::size_t>(i)];
    if (col.cached) unlink(i);
    const Eigen::Index valid = col.cached ? col.length : 0;
    if (valid < length) {
      const std::size_t needed = static_cast<std::size_t>(length - valid);
      while (used_ + needed > budget_ && oldest_ != kNone) drop(oldest_);
      used_ += needed;
      col.values.resize(static_cast<std::size_t>(length));
      col.length = length;
    }
    col.cached = true;
    append(i);
    return {col.values.data(), valid};
  }

  /// @brief Renames index i to j and j to i, in which column is which and inside every column.
  void swap_index(Eigen::Index i, Eigen::Index j) {
    if (i == j) return;
    if (i > j) std::swap(i, j);
    // Take both out of the recency list, trade them, and put them back as the most recent (as
    // LIBSVM does): which columns are dropped first changes, never a value.
    const bool i_cached = columns_[static_cast<std::size_t>(i)].cached;
    const bool j_cached = columns_[static_cast<std::size_t>(j)].cached;
    if (i_cached) unlink(i);
    if (j_cached) unlink(j);
    std::swap(columns_[static_cast<std::size_t>(i)], columns_[static_cast<std::size_t>(j)]);
    if (j_cached) append(i);
    if (i_cached) append(j);
    for (Eigen::Index c = oldest_; c != kNone;) {
      Column& col = columns_[static_cast<std::size_t>(c)];
      const Eigen::Index next = col.newer;
      if (col.length > j) {
        std::swap(col.values[static_cast<std::size_t>(i)], col.values[static_cast<std::size_t>(j)]);
      } else if (col.length > i) {
        // The column holds row i but not row j: it cannot be kept consistent, so drop it.
        drop(c);
      }
      c = next;
    }
  }

  /// Entries currently stored, for tests and diagnostics.
  std::size_t used_entries() const noexcept { return used_; }
  /// The most entries the cache will store.
  std::size_t budget_entries() const noexcept { return budget_; }

 private:
  static constexpr Eigen::Index kNone = -1;

  // The cached columns form a doubly linked list by index, least recently used first; links kept
  // in the columns themselves spare an allocation on every access.
  struct Column {
    std::vector<Value> values;
    Eigen::Index length = 0;
    bool cached = false;
    Eigen::Index older = kNone;
    Eigen::Index newer = kNone;
  };

  void unlink(Eigen::Index i) {
    Column& col = columns_[static_cast<std::size_t>(i)];
    (col.older == kNone ? oldest_ : columns_[static_cast<std::size_t>(col.older)].newer) =
        col.newer;
    (col.newer == kNone ? newest_ : columns_[static_cast<std::size_t>(col.newer)].older) =
        col.older;
    col.older = col.newer = kNone;
  }

  void append(Eigen::Index i) {
    Column& col = columns_[static_cast<std::size_t>(i)];
    col.older = newest_;
    col.newer = kNone;
    (newest_ == kNone ? oldest_ : columns_[static_cast<std::size_t>(newest_)].newer) = i;
    newest_ = i;
  }

  void drop(Eigen::Index i) {
    Column& col = columns_[static_cast<std::size_t>(i)];
    SKLITE_ASSERT(col.cached);
    unlink(i);
    used_ -= static_cast<std::size_t>(col.length);
    std::vector<Value>().swap(col.values);
    col.length = 0;
    col.cached = false;
  }

  std::vector<Column> columns_;
  Eigen::Index oldest_ = kNone;
  Eigen::Index newest_ = kNone;
  std::size_t budget_ = 0;
  std::size_t used_ = 0;
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_KERNEL_CACHE_HPP

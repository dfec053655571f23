// sklite: kernel values between training rows, and the Q matrix of the classification dual.
#ifndef SKLITE_SVM_Q_MATRIX_HPP
#define SKLITE_SVM_Q_MATRIX_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/detail/parallel.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/kernel_cache.hpp"

namespace sklite::svm {

/// @brief Kernel values k(x_a, x_b) between rows of a training matrix.
///
/// For a precomputed kernel the matrix is the Gram matrix itself and k(x_a, x_b) is its entry
/// (a, b). Kernels with a dot-product form get their squared norms computed once, and blocks of
/// values come from one matrix product (kernels::detail::kernel_block).
template <typename Kernel, typename Scalar>
class KernelRows {
 public:
  using RowMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  /// Norms are accumulated in double whatever Scalar is: rbf's ‖x‖² + ‖z‖² − 2⟨x, z⟩ cancels
  /// badly in float.
  /// @param X the training rows (or the Gram matrix for a precomputed kernel); must outlive this
  KernelRows(const RowMatrix& X, const Kernel& kernel) : X_(X), kernel_(kernel) {
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      precomputed_ = std::is_same_v<K, kernels::Precomputed>;
    });
    if (!precomputed_) squared_norms_ = X_.template cast<double>().rowwise().squaredNorm();
  }

  /// k(x_a, x_b).
  double operator()(Eigen::Index a, Eigen::Index b) const {
    return kernels::visit_kernel(kernel_, [&](const auto& k) -> double {
      using K = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<K, kernels::Precomputed>) {
        return static_cast<double>(X_(a, b));
      } else if constexpr (kernels::has_dot_form_v<K>) {
        return k.from_dot(X_.row(a).template cast<double>().dot(X_.row(b).template cast<double>()),
                          squared_norms_(a), squared_norms_(b));
      } else {
        return k(X_.row(a), X_.row(b));
      }
    });
  }

  /// ‖x_a‖² of every row (empty for a precomputed kernel).
  const Eigen::VectorXd& squared_norms() const { return squared_norms_; }

  /// out(r, c) = k(x_{rows[r]}, x_{first + c}) for r < count, c < length.
  void block(const Eigen::Index* rows, Eigen::Index count, Eigen::Index first, Eigen::Index length,
             Eigen::MatrixXd& out) const {
    if (precomputed_) {
      out.resize(count, length);
      for (Eigen::Index r = 0; r < count; ++r)
        out.row(r) = X_.row(rows[r]).segment(first, length).template cast<double>();
      return;
    }
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      if constexpr (!std::is_same_v<K, kernels::Precomputed>) {
        RowMatrix A(count, X_.cols());
        Eigen::VectorXd a_sq(count);
        for (Eigen::Index r = 0; r < count; ++r) {
          A.row(r) = X_.row(rows[r]);
          a_sq(r) = squared_norms_(rows[r]);
        }
        kernels::detail::kernel_block(k, A, a_sq, X_.middleRows(first, length),
                                      squared_norms_.segment(first, length).eval(), out);
      }
    });
  }

 private:
  const RowMatrix& X_;
  Kernel kernel_;
  bool precomputed_ = false;
  Eigen::VectorXd squared_norms_;
};

/// @brief Every kernel value k(x_a, x_b) between training rows, computed at once and stored as
/// float (as the kernel cache stores them, so the values are the same as computed ones).
///
/// Meets the same contract as KernelRows. The lower triangle is computed in panels of rows, each
/// one matrix product, on `threads` threads, and then mirrored: about n²·d multiply-adds at GEMM
/// speed, which beats computing the columns one at a time whenever the solvers end up touching a
/// fair share of them, as they do on small problems.
class GramRows {
 public:
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  /// @param rows the kernel and the training rows; used only while constructing
  template <typename Rows>
  GramRows(const Rows& rows, Eigen::Index n, int threads) : K_(n, n), diagonal_(n) {
    // The solver takes Q's diagonal in double, as LIBSVM does: keep it unrounded.
    for (Eigen::Index a = 0; a < n; ++a) diagonal_(a) = rows(a, a);
    constexpr Eigen::Index kPanel = 64;
    const Eigen::Index n_panels = (n + kPanel - 1) / kPanel;
    sklite::detail::parallel_for(n_panels, threads, [&](Eigen::Index p) {
      const Eigen::Index first = p * kPanel;
      const Eigen::Index count = std::min(kPanel, n - first);
      std::vector<Eigen::Index> these(static_cast<std::size_t>(count));
      for (Eigen::Index r = 0; r < count; ++r) these[static_cast<std::size_t>(r)] = first + r;
      Eigen::MatrixXd values;
      rows.block(these.data(), count, 0, first + count, values);
      K_.block(first, 0, count, first + count) = values.cast<float>();
    });
    // Mirror the lower triangle, tile by tile so that both sides stay in cache.
    constexpr Eigen::Index kTile = 64;
    sklite::detail::parallel_for((n + kTile - 1) / kTile, threads, [&](Eigen::Index p) {
      const Eigen::Index r0 = p * kTile;
      const Eigen::Index r1 = std::min(n, r0 + kTile);
      for (Eigen::Index c0 = r0; c0 < n; c0 += kTile) {
        const Eigen::Index c1 = std::min(n, c0 + kTile);
        for (Eigen::Index r = r0; r < r1; ++r)
          for (Eigen::Index c = std::max(c0, r + 1); c < c1; ++c) K_(r, c) = K_(c, r);
      }
    });
  }

  /// k(x_a, x_b): in double on the diagonal, rounded to float elsewhere.
  double operator()(Eigen::Index a, Eigen::Index b) const {
    return a == b ? diagonal_(a) : static_cast<double>(K_(a, b));
  }

  /// out(r, c) = k(x_{rows[r]}, x_{first + c}) for r < count, c < length.
  void block(const Eigen::Index* rows, Eigen::Index count, Eigen::Index first, Eigen::Index length,
             Eigen::MatrixXd& out) const {
    out.resize(count, length);
    for (Eigen::Index r = 0; r < count; ++r)
      out.row(r) = K_.row(rows[r]).segment(first, length).cast<double>();
  }

  /// The bytes a Gram matrix of n rows takes.
  static std::size_t bytes(Eigen::Index n) {
    return static_cast<std::size_t>(n) * static_cast<std::size_t>(n) * sizeof(float);
  }

 private:
  Matrix K_;
  Eigen::VectorXd diagonal_;
};

/// @brief Q(s, t) = y_s y_t k(x_s, x_t) of the C-SVC dual, over a subset of the training rows,
/// with kernel columns kept in a KernelCache (float values, as in LIBSVM).
///
/// Meets the QMatrix contract of SMOSolver. A missing column is computed whole (shrunk variables
/// included, so that it never needs growing after the solver un-shrinks), with one
/// matrix-vector product per run of consecutive training rows.
template <typename Rows>
class ClassificationQ {
 public:
  using Value = float;

  /// @param rows kernel values between training rows; must outlive this
  /// @param samples the training rows of this problem, in the order of the solver's variables
  /// @param y the label (+1 or −1) of each variable
  /// @param cache_bytes the kernel cache budget
  ClassificationQ(const Rows& rows, std::vector<Eigen::Index> samples, std::vector<std::int8_t> y,
                  std::size_t cache_bytes)
      : rows_(rows),
        samples_(std::move(samples)),
        y_(std::move(y)),
        cache_(static_cast<Eigen::Index>(samples_.size()), cache_bytes),
        diagonal_(samples_.size()),
        original_position_(samples_.size()) {
    for (std::size_t t = 0; t < samples_.size(); ++t) {
      original_position_[t] = static_cast<Eigen::Index>(t);
      if (t == 0 || samples_[t] != samples_[t - 1] + 1)
        runs_.push_back({samples_[t], 0, static_cast<Eigen::Index>(t)});
      ++runs_.back().length;
      diagonal_[t] = rows_(samples_[t], samples_[t]);
    }
  }

  Eigen::Index size() const { return static_cast<Eigen::Index>(samples_.size()); }

  const Value* column(Eigen::Index i, Eigen::Index length) {
    auto [values, valid] = cache_.column(i, length);
    if (valid >= length) return values;
    values = cache_.column(i, size()).first;
    // K(x_i, sample) in the samples' original order, then put in the solver's current order.
    const auto ui = static_cast<std::size_t>(i);
    values_.resize(size());
    for (const Run& run : runs_) {
      rows_.block(&samples_[ui], 1, run.first_row, run.length, run_values_);
      values_.segment(run.first_variable, run.length) = run_values_.row(0).transpose();
    }
    const double y_i = y_[ui];
    for (Eigen::Index t = 0; t < size(); ++t) {
      const auto ut = static_cast<std::size_t>(t);
      values[t] = static_cast<Value>(y_i * y_[ut] * values_(original_position_[ut]));
    }
    return values;
  }

  double diagonal(Eigen::Index i) const { return diagonal_[static_cast<std::size_t>(i)]; }

  void swap_index(Eigen::Index i, Eigen::Index j) {
    cache_.swap_index(i, j);
    const auto ui = static_cast<std::size_t>(i);
    const auto uj = static_cast<std::size_t>(j);
    std::swap(samples_[ui], samples_[uj]);
    std::swap(y_[ui], y_[uj]);
    std::swap(diagonal_[ui], diagonal_[uj]);
    std::swap(original_position_[ui], original_position_[uj]);
  }

 private:
  struct Run {
    Eigen::Index first_row;       // training row of the run's first sample
    Eigen::Index length;          // samples in the run
    Eigen::Index first_variable;  // the run's first position in the original order
  };

  const Rows& rows_;
  std::vector<Eigen::Index> samples_;
  std::vector<std::int8_t> y_;
  KernelCache<Value> cache_;
  std::vector<double> diagonal_;
  std::vector<Eigen::Index> original_position_;  // variable t's position in the original order
  std::vector<Run> runs_;
  Eigen::VectorXd values_;      // scratch: a column in the original order
  Eigen::MatrixXd run_values_;  // scratch: one run's part of it
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_Q_MATRIX_HPP

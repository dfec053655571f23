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
#include "sklite/detail/simd.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/kernel_cache.hpp"

namespace sklite::svm {

/// @brief Kernel values k(x_a, x_b) between rows of a training matrix.
///
/// For a precomputed kernel the matrix is the Gram matrix itself and k(x_a, x_b) is its entry
/// (a, b). Kernels with a dot-product form get their squared norms computed once; a block of
/// values comes from one matrix product (kernels::detail::kernel_block), and one row of values
/// from the dot products of row a with the others, taken over a's non-zero features only.
///
/// The matrix is column-major: a row's dot products with a run of rows then read, for each
/// non-zero feature of the row, one contiguous stretch of that feature's column. Sparse data (half
/// the pixels of an image are 0) costs proportionally less, and each dot product is summed feature
/// by feature in order, as LIBSVM sums it.
template <typename Kernel, typename Scalar>
class KernelRows {
 public:
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  /// Norms are accumulated in double whatever Scalar is: rbf's ‖x‖² + ‖z‖² − 2⟨x, z⟩ cancels
  /// badly in float.
  /// @param X the training rows (or the Gram matrix for a precomputed kernel); must outlive this
  KernelRows(const Matrix& X, const Kernel& kernel) : X_(X), kernel_(kernel) {
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      precomputed_ = std::is_same_v<K, kernels::Precomputed>;
    });
    if (precomputed_) return;
    // Feature by feature, so that each row's sum runs in the same order as its dot products.
    squared_norms_ = Eigen::VectorXd::Zero(X_.rows());
    for (Eigen::Index f = 0; f < X_.cols(); ++f)
      squared_norms_.array() += X_.col(f).template cast<double>().array().square();
  }

  /// A temporary (such as a row-major matrix converted on the way in) would not outlive this.
  KernelRows(Matrix&&, const Kernel&) = delete;

  /// k(x_a, x_b).
  double operator()(Eigen::Index a, Eigen::Index b) const {
    return kernels::visit_kernel(kernel_, [&](const auto& k) -> double {
      using K = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<K, kernels::Precomputed>) {
        return static_cast<double>(X_(a, b));
      } else if constexpr (kernels::has_dot_form_v<K>) {
        double dot = squared_norms_(a);  // ⟨x_a, x_a⟩, summed in the same order
        if (a != b) dot_products(a, b, 1, &dot);
        return k.from_dot(dot, squared_norms_(a), squared_norms_(b));
      } else {
        return k(X_.row(a), X_.row(b));
      }
    });
  }

  /// ‖x_a‖² of every row (empty for a precomputed kernel).
  const Eigen::VectorXd& squared_norms() const { return squared_norms_; }

  /// out(c) = k(x_a, x_{first + c}) for c < length.
  void row(Eigen::Index a, Eigen::Index first, Eigen::Index length, double* out) const {
    Eigen::Map<Eigen::MatrixXd> values(out, 1, length);
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<K, kernels::Precomputed>) {
        values = X_.row(a).segment(first, length).template cast<double>();
      } else if constexpr (kernels::has_dot_form_v<K>) {
        dot_products(a, first, length, out);
        kernels::detail::from_dots(k, squared_norms_.segment(a, 1),
                                   squared_norms_.segment(first, length), values);
      } else {
        for (Eigen::Index c = 0; c < length; ++c) out[c] = k(X_.row(a), X_.row(first + c));
      }
    });
  }

  /// out(r, c) = k(x_{first_a + r}, x_{first_b + c}) for r < count_a, c < count_b.
  void range_block(Eigen::Index first_a, Eigen::Index count_a, Eigen::Index first_b,
                   Eigen::Index count_b, Eigen::MatrixXd& out) const {
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      out.resize(count_a, count_b);
      if constexpr (std::is_same_v<K, kernels::Precomputed>)
        out = X_.block(first_a, first_b, count_a, count_b).template cast<double>();
      else
        kernels::detail::kernel_block(
            k, X_.middleRows(first_a, count_a), squared_norms_.segment(first_a, count_a),
            X_.middleRows(first_b, count_b), squared_norms_.segment(first_b, count_b), out);
    });
  }

 private:
  // out(c) = ⟨x_a, x_{first + c}⟩ for c < length: for each non-zero feature f of x_a in turn,
  // out += x_af · X(first .. first + length − 1, f). Four features per pass over out, still added
  // one after the other, so that out is read and written a quarter as often.
  void dot_products(Eigen::Index a, Eigen::Index first, Eigen::Index length, double* out) const {
    std::vector<Eigen::Index> features;
    for (Eigen::Index f = 0; f < X_.cols(); ++f)
      if (X_(a, f) != 0) features.push_back(f);
    std::fill(out, out + length, 0.0);
    const auto column = [&](std::size_t k) { return X_.col(features[k]).data() + first; };
    const auto weight = [&](std::size_t k) { return static_cast<double>(X_(a, features[k])); };
    std::size_t k = 0;
    for (; k + 4 <= features.size(); k += 4) {
      const Scalar* c0 = column(k);
      const Scalar* c1 = column(k + 1);
      const Scalar* c2 = column(k + 2);
      const Scalar* c3 = column(k + 3);
      const double w0 = weight(k), w1 = weight(k + 1), w2 = weight(k + 2), w3 = weight(k + 3);
      Eigen::Index r = 0;
#ifdef SKLITE_VECTOR_LOOPS
      namespace simd = sklite::detail::simd;
      for (; r + simd::kLanes <= length; r += simd::kLanes) {
        simd::Doubles sum = simd::load(out + r);
        sum = sum + w0 * simd::load(c0 + r);
        sum = sum + w1 * simd::load(c1 + r);
        sum = sum + w2 * simd::load(c2 + r);
        sum = sum + w3 * simd::load(c3 + r);
        simd::store(out + r, sum);
      }
#endif
      for (; r < length; ++r) {
        double sum = out[r];
        sum = sum + w0 * static_cast<double>(c0[r]);
        sum = sum + w1 * static_cast<double>(c1[r]);
        sum = sum + w2 * static_cast<double>(c2[r]);
        sum = sum + w3 * static_cast<double>(c3[r]);
        out[r] = sum;
      }
    }
    for (; k < features.size(); ++k) {
      const Scalar* c = column(k);
      const double w = weight(k);
      for (Eigen::Index r = 0; r < length; ++r) out[r] += w * static_cast<double>(c[r]);
    }
  }

  const Matrix& X_;
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
      // Computed as the transpose, column-major: column c is row first + c of K, contiguous.
      Eigen::MatrixXd values;
      rows.range_block(0, first + count, first, count, values);
      for (Eigen::Index c = 0; c < count; ++c)
        K_.row(first + c).head(first + c + 1) = values.col(c).head(first + c + 1).cast<float>();
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

  /// Row a: k(x_a, x_b) as float for every b.
  const float* row(Eigen::Index a) const { return K_.row(a).data(); }

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
    const auto ui = static_cast<std::size_t>(i);
    if constexpr (std::is_same_v<Rows, GramRows>) {
      // Straight from the stored float values (flipping a sign is exact).
      const float* k_i = rows_.row(samples_[ui]);
      for (Eigen::Index t = 0; t < size(); ++t) {
        const auto ut = static_cast<std::size_t>(t);
        const float k = k_i[samples_[ut]];
        values[t] = y_[ui] == y_[ut] ? k : -k;
      }
    } else {
      // K(x_i, sample) in the samples' original order, then put in the solver's current order.
      values_.resize(size());
      for (const Run& run : runs_)
        rows_.row(samples_[ui], run.first_row, run.length, values_.data() + run.first_variable);
      const double y_i = y_[ui];
      for (Eigen::Index t = 0; t < size(); ++t) {
        const auto ut = static_cast<std::size_t>(t);
        values[t] = static_cast<Value>(y_i * y_[ut] * values_(original_position_[ut]));
      }
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
  Eigen::VectorXd values_;  // scratch: a column in the original order (KernelRows only)
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_Q_MATRIX_HPP

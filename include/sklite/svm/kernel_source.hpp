// sklite: where the solvers' kernel values come from: computed on demand from the training rows,
// or from a Gram matrix computed whole. Both meet one contract.
#ifndef SKLITE_SVM_KERNEL_SOURCE_HPP
#define SKLITE_SVM_KERNEL_SOURCE_HPP

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "sklite/detail/memory.hpp"
#include "sklite/detail/parallel.hpp"
#include "sklite/detail/simd.hpp"
#include "sklite/errors.hpp"
#include "sklite/kernels.hpp"

/// @brief The kernel-source contract, met by svm::KernelRows and svm::GramRows.
///
/// A source gives the kernel values k(x_a, x_b) between the rows of a training matrix:
///   - `double operator()(Eigen::Index a, Eigen::Index b) const`: one value, unrounded (the
///     solvers keep Q's diagonal in double, as LIBSVM does);
///   - `const float* row_values(Eigen::Index a, const std::vector<RowRange>& ranges,
///     float* scratch) const`: k(x_a, x_r) rounded to float for every row r inside `ranges`,
///     returned as p with p[r] = k(x_a, x_r). `scratch` holds one float per training row; a
///     source that computes values writes them there, one that stores them may return its
///     storage instead;
///   - `static constexpr bool kStoresValues`: true when row_values never computes anything.
/// Both are const and safe to call from several threads at once.
namespace sklite::svm {

/// @brief A run of consecutive training rows, [first, first + length).
struct RowRange {
  Eigen::Index first = 0;
  Eigen::Index length = 0;
};

/// @brief Runs of consecutive training rows that cover a list of distinct rows, ascending; runs
/// closer than `max_gap` rows are joined.
///
/// A column is computed run by run, each run a stretch of every feature column: one long run is
/// far cheaper than many short ones, even with a few values nobody asked for. (The rows of a
/// fold come shuffled and miss every fifth row: taken one by one, a column would be computed
/// a value at a time.)
inline std::vector<RowRange> row_ranges(std::vector<Eigen::Index> rows, Eigen::Index max_gap = 0) {
  std::sort(rows.begin(), rows.end());
  std::vector<RowRange> ranges;
  for (std::size_t t = 0; t < rows.size(); ++t) {
    if (t == 0 || rows[t] > ranges.back().first + ranges.back().length + max_gap)
      ranges.push_back({rows[t], 0});
    ranges.back().length = rows[t] + 1 - ranges.back().first;
  }
  return ranges;
}

/// @brief Kernel values k(x_a, x_b) computed from the rows of a training matrix.
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
  static constexpr bool kStoresValues = false;

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

  /// The number of training rows.
  Eigen::Index rows() const { return X_.rows(); }

  /// k(x_a, x_b).
  double operator()(Eigen::Index a, Eigen::Index b) const {
    return kernels::visit_kernel(kernel_, [&](const auto& k) -> double {
      using K = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<K, kernels::Precomputed>) {
        return static_cast<double>(X_(a, b));
      } else if constexpr (kernels::has_dot_form_v<K>) {
        double dot = squared_norms_(a);  // ⟨x_a, x_a⟩, summed in the same order
        if (a != b) dot_products(nonzero_features(a), a, b, 1, &dot);
        return k.from_dot(dot, squared_norms_(a), squared_norms_(b));
      } else {
        return k(X_.row(a), X_.row(b));
      }
    });
  }

  /// ‖x_a‖² of every row (empty for a precomputed kernel).
  const Eigen::VectorXd& squared_norms() const { return squared_norms_; }

  /// out(c) = k(x_a, x_{first + c}) for c < length, in double.
  void row(Eigen::Index a, Eigen::Index first, Eigen::Index length, double* out) const {
    row_with(nonzero_features(a), a, first, length, out);
  }

  /// The contract's row: the values of row a over `ranges`, rounded to float, in scratch[r].
  const float* row_values(Eigen::Index a, const std::vector<RowRange>& ranges,
                          float* scratch) const {
    const std::vector<Eigen::Index> features = nonzero_features(a);
    // In chunks that stay in the first-level cache, through an aligned buffer on the stack: each
    // chunk then starts on a vector boundary, so which values Eigen's vectorized exp computes
    // (all but each range's last few) never depends on where memory happens to lie.
    constexpr Eigen::Index kChunk = 256;
    alignas(64) std::array<double, kChunk> values;
    for (const RowRange& range : ranges)
      for (Eigen::Index done = 0; done < range.length; done += kChunk) {
        const Eigen::Index first = range.first + done;
        const Eigen::Index length = std::min(kChunk, range.length - done);
        row_with(features, a, first, length, values.data());
        for (Eigen::Index c = 0; c < length; ++c)
          scratch[first + c] = static_cast<float>(values[static_cast<std::size_t>(c)]);
      }
    return scratch;
  }

  /// The kernel values between the rows `a` and the rows `b`, in double: one matrix product for
  /// kernels with a dot form.
  Eigen::MatrixXd block(const std::vector<Eigen::Index>& a,
                        const std::vector<Eigen::Index>& b) const {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(a.size()), static_cast<Eigen::Index>(b.size()));
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<K, kernels::Precomputed>) {
        out = X_(a, b).template cast<double>();
      } else if constexpr (kernels::has_dot_form_v<K>) {
        kernels::detail::kernel_block(k, Matrix(X_(a, Eigen::all)), squared_norms_(a),
                                      Matrix(X_(b, Eigen::all)), squared_norms_(b), out);
      } else {
        for (std::size_t r = 0; r < a.size(); ++r)
          for (std::size_t c = 0; c < b.size(); ++c)
            out(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
                k(X_.row(a[r]), X_.row(b[c]));
      }
    });
    return out;
  }

  /// out(r, c) = k(x_{first_a + r}, x_{first_b + c}) for r < count_a, c < count_b; `out` has
  /// count_a rows and count_b columns.
  void range_block(Eigen::Index first_a, Eigen::Index count_a, Eigen::Index first_b,
                   Eigen::Index count_b, Eigen::Ref<Eigen::MatrixXd> out) const {
    SKLITE_ASSERT(out.rows() == count_a && out.cols() == count_b);
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<K, kernels::Precomputed>)
        out = X_.block(first_a, first_b, count_a, count_b).template cast<double>();
      else
        kernels::detail::kernel_block(
            k, X_.middleRows(first_a, count_a), squared_norms_.segment(first_a, count_a),
            X_.middleRows(first_b, count_b), squared_norms_.segment(first_b, count_b), out);
    });
  }

 private:
  // The features where row a is not 0 (every feature for kernels without a dot form).
  std::vector<Eigen::Index> nonzero_features(Eigen::Index a) const {
    std::vector<Eigen::Index> features;
    if (precomputed_) return features;
    for (Eigen::Index f = 0; f < X_.cols(); ++f)
      if (X_(a, f) != 0) features.push_back(f);
    return features;
  }

  void row_with(const std::vector<Eigen::Index>& features, Eigen::Index a, Eigen::Index first,
                Eigen::Index length, double* out) const {
    Eigen::Map<Eigen::MatrixXd> values(out, 1, length);
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<K, kernels::Precomputed>) {
        values = X_.row(a).segment(first, length).template cast<double>();
      } else if constexpr (kernels::has_dot_form_v<K>) {
        dot_products(features, a, first, length, out);
        kernels::detail::from_dots(k, squared_norms_.segment(a, 1),
                                   squared_norms_.segment(first, length), values);
      } else {
        for (Eigen::Index c = 0; c < length; ++c) out[c] = k(X_.row(a), X_.row(first + c));
      }
    });
  }

  // out(c) = ⟨x_a, x_{first + c}⟩ for c < length: for each non-zero feature f of x_a in turn,
  // out += x_af · X(first .. first + length − 1, f). Four features per pass over out, still added
  // one after the other, so that out is read and written a quarter as often.
  void dot_products(const std::vector<Eigen::Index>& features, Eigen::Index a, Eigen::Index first,
                    Eigen::Index length, double* out) const {
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
/// Meets the kernel-source contract. The lower triangle is computed in panels of rows, each one
/// matrix product, on `threads` threads, and then mirrored: about n²·d multiply-adds at GEMM
/// speed, which beats computing the columns one at a time whenever the solvers end up touching a
/// fair share of them, as they do on small problems.
class GramRows {
 public:
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  static constexpr bool kStoresValues = true;

  /// @param rows the kernel and the training rows (a KernelRows); used only while constructing
  template <typename Rows>
  GramRows(const Rows& rows, int threads) : K_(rows.rows(), rows.rows()), diagonal_(rows.rows()) {
    const Eigen::Index n = rows.rows();
    sklite::detail::advise_huge_pages(K_.data(), bytes(n));
    // The solver takes Q's diagonal in double, as LIBSVM does: keep it unrounded.
    for (Eigen::Index a = 0; a < n; ++a) diagonal_(a) = rows(a, a);
    constexpr Eigen::Index kPanel = 64;
    const Eigen::Index n_panels = (n + kPanel - 1) / kPanel;
    // One panel buffer per thread, reused: a buffer per panel costs its page faults every time.
    std::vector<Eigen::MatrixXd> buffers(static_cast<std::size_t>(std::max(threads, 1)),
                                         Eigen::MatrixXd(n, std::min(kPanel, n)));
    sklite::detail::parallel_for_workers(n_panels, threads, [&](Eigen::Index p, int worker) {
      const Eigen::Index first = p * kPanel;
      const Eigen::Index count = std::min(kPanel, n - first);
      // Computed as the transpose, column-major: column c is row first + c of K, contiguous.
      auto values = buffers[static_cast<std::size_t>(worker)].topLeftCorner(first + count, count);
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

  /// @brief The values among some rows of another Gram matrix: row r here is row rows[r] there.
  /// Copying them costs far less than computing them (a grid search's folds, KernelShare).
  GramRows(const GramRows& full, const std::vector<Eigen::Index>& rows)
      : K_(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.size())),
        diagonal_(static_cast<Eigen::Index>(rows.size())) {
    const auto n = static_cast<Eigen::Index>(rows.size());
    sklite::detail::advise_huge_pages(K_.data(), bytes(n));
    for (Eigen::Index a = 0; a < n; ++a) {
      const Eigen::Index from = rows[static_cast<std::size_t>(a)];
      diagonal_(a) = full.diagonal_(from);
      const float* source = full.K_.row(from).data();
      float* target = K_.row(a).data();
      for (Eigen::Index b = 0; b < n; ++b) target[b] = source[rows[static_cast<std::size_t>(b)]];
    }
  }

  /// The number of training rows.
  Eigen::Index rows() const { return K_.rows(); }

  /// k(x_a, x_b): in double on the diagonal, rounded to float elsewhere.
  double operator()(Eigen::Index a, Eigen::Index b) const {
    return a == b ? diagonal_(a) : static_cast<double>(K_(a, b));
  }

  /// The contract's row: the stored row a, whatever the ranges.
  const float* row_values(Eigen::Index a, const std::vector<RowRange>&, float*) const {
    return K_.row(a).data();
  }

  /// The bytes a Gram matrix of n rows takes.
  static std::size_t bytes(Eigen::Index n) {
    return static_cast<std::size_t>(n) * static_cast<std::size_t>(n) * sizeof(float);
  }

 private:
  Matrix K_;
  Eigen::VectorXd diagonal_;
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_KERNEL_SOURCE_HPP

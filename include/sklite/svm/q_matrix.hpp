// sklite: kernel values between training rows, and the Q matrix of the classification dual.
#ifndef SKLITE_SVM_Q_MATRIX_HPP
#define SKLITE_SVM_Q_MATRIX_HPP

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/kernels.hpp"
#include "sklite/svm/kernel_cache.hpp"

namespace sklite::svm {

/// @brief Kernel values k(x_a, x_b) between rows of a training matrix.
///
/// For a precomputed kernel the matrix is the Gram matrix itself and k(x_a, x_b) is its entry
/// (a, b). Kernels with a dot-product form get their squared norms computed once.
template <typename Kernel, typename Scalar>
class KernelRows {
 public:
  using RowMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  /// Dot products and norms are accumulated in double whatever Scalar is: rbf's
  /// ‖x‖² + ‖z‖² − 2⟨x, z⟩ cancels badly in float.
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
    double value = 0;
    values(a, &b, 1, &value, 1.0, nullptr);
    return value;
  }

  /// out[t] = scale · sign[t] · k(x_a, x_{b[t]}) for t < count (sign omitted when null).
  template <typename Out>
  void values(Eigen::Index a, const Eigen::Index* b, Eigen::Index count, Out* out, double scale,
              const std::int8_t* sign) const {
    kernels::visit_kernel(kernel_, [&](const auto& k) {
      using K = std::decay_t<decltype(k)>;
      for (Eigen::Index t = 0; t < count; ++t) {
        double value;
        if constexpr (std::is_same_v<K, kernels::Precomputed>) {
          value = static_cast<double>(X_(a, b[t]));
        } else if constexpr (kernels::has_dot_form_v<K>) {
          value = k.from_dot(
              X_.row(a).template cast<double>().dot(X_.row(b[t]).template cast<double>()),
              squared_norms_(a), squared_norms_(b[t]));
        } else {
          value = k(X_.row(a), X_.row(b[t]));
        }
        if (sign != nullptr) value *= sign[t];
        out[t] = static_cast<Out>(scale * value);
      }
    });
  }

 private:
  const RowMatrix& X_;
  Kernel kernel_;
  bool precomputed_ = false;
  Eigen::VectorXd squared_norms_;
};

/// @brief Q(s, t) = y_s y_t k(x_s, x_t) of the C-SVC dual, over a subset of the training rows,
/// with kernel columns kept in a KernelCache (float values, as in LIBSVM).
///
/// Meets the QMatrix contract of SMOSolver.
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
        diagonal_(samples_.size()) {
    for (std::size_t t = 0; t < samples_.size(); ++t)
      diagonal_[t] = rows_(samples_[t], samples_[t]);
  }

  Eigen::Index size() const { return static_cast<Eigen::Index>(samples_.size()); }

  const Value* column(Eigen::Index i, Eigen::Index length) {
    auto [values, valid] = cache_.column(i, length);
    if (valid < length) {
      const auto ui = static_cast<std::size_t>(i);
      const auto start = static_cast<std::size_t>(valid);
      rows_.values(samples_[ui], samples_.data() + start, length - valid, values + start, y_[ui],
                   y_.data() + start);
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
  }

 private:
  const Rows& rows_;
  std::vector<Eigen::Index> samples_;
  std::vector<std::int8_t> y_;
  KernelCache<Value> cache_;
  std::vector<double> diagonal_;
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_Q_MATRIX_HPP

// sklite: the Q matrices of LIBSVM's formulations, over a kernel source, with cached columns.
#ifndef SKLITE_SVM_Q_MATRIX_HPP
#define SKLITE_SVM_Q_MATRIX_HPP

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include "sklite/svm/kernel_cache.hpp"
#include "sklite/svm/kernel_source.hpp"

namespace sklite::svm {

/// @brief Where a SignedQ reads its columns: a kernel source's values over a problem's training
/// rows, computed when asked for. column(r) and diagonal(r) take a training row.
template <typename Source>
class SourceColumns {
 public:
  /// @param source kernel values between training rows (see kernel_source.hpp); must outlive this
  /// @param rows the problem's training rows
  SourceColumns(const Source& source, const std::vector<Eigen::Index>& rows)
      : source_(source),
        ranges_(row_ranges(rows, kMaxGap)),
        scratch_(Source::kStoresValues ? 0 : static_cast<std::size_t>(source.rows())) {}

  /// k(x_r, x_u) at [u] for every row u of the problem (and a few more).
  const float* column(Eigen::Index r) { return source_.row_values(r, ranges_, scratch_.data()); }
  double diagonal(Eigen::Index r) const { return source_(r, r); }

 private:
  // Runs of rows a column is computed over: a fold's rows miss about every fifth row of its
  // pair, and computing those few values too keeps each class's rows one run.
  static constexpr Eigen::Index kMaxGap = 16;
  const Source& source_;
  std::vector<RowRange> ranges_;
  std::vector<float> scratch_;  // a kernel row by training row (sources that compute values)
};

/// @brief The kernel columns of one set of training rows (a pair of classes), each computed once
/// when first asked for and shared by every problem over those rows: a pair's own problem and
/// the five folds of its probability model. Safe to use from several threads at once.
/// column(t) and diagonal(t) take a place t in the list of rows, and a column is indexed by place.
template <typename Source>
class SharedColumns {
 public:
  /// @param source kernel values between training rows; must outlive this
  /// @param rows the training rows, in the order columns index them
  SharedColumns(const Source& source, std::vector<Eigen::Index> rows)
      : source_(source),
        rows_(std::move(rows)),
        ranges_(row_ranges(rows_)),
        columns_(rows_.size()) {}

  /// The bytes all the columns of `l` rows take.
  static std::size_t bytes(Eigen::Index l) {
    return static_cast<std::size_t>(l) * static_cast<std::size_t>(l) * sizeof(float);
  }

  /// k(x_{rows[t]}, x_{rows[u]}) at [u] for every u, rounded to float; valid until release().
  const float* column(Eigen::Index t) {
    const auto ut = static_cast<std::size_t>(t);
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!columns_[ut].empty()) return columns_[ut].data();
    }
    // Computed outside the lock: two threads may both compute a column, and keep one. A stored
    // column is never changed again, so its values can be read without the lock.
    std::vector<float> scratch(Source::kStoresValues ? 0
                                                     : static_cast<std::size_t>(source_.rows()));
    const float* k = source_.row_values(rows_[ut], ranges_, scratch.data());
    std::vector<float> values(rows_.size());
    for (std::size_t u = 0; u < rows_.size(); ++u) values[u] = k[rows_[u]];
    const std::lock_guard<std::mutex> lock(mutex_);
    if (columns_[ut].empty()) columns_[ut] = std::move(values);
    return columns_[ut].data();
  }

  double diagonal(Eigen::Index t) const {
    const Eigen::Index r = rows_[static_cast<std::size_t>(t)];
    return source_(r, r);
  }

  /// Frees every column (when no problem needs them any more).
  void release() {
    const std::lock_guard<std::mutex> lock(mutex_);
    columns_ = std::vector<std::vector<float>>();
  }

 private:
  const Source& source_;
  std::vector<Eigen::Index> rows_;
  std::vector<RowRange> ranges_;
  std::mutex mutex_;
  std::vector<std::vector<float>> columns_;
};

/// @brief Q(s, t) = sign_s sign_t k(x_s, x_t) over a list of variables, each named by an index
/// into `Columns` (a SourceColumns, or a reference to SharedColumns): LIBSVM's SVC_Q (signs are
/// the labels ±1) and ONE_CLASS_Q (every sign +1).
///
/// Meets the QMatrix contract of SMOSolver. Columns are kept in a KernelCache as float (as in
/// LIBSVM), in the solver's order. A missing column is taken whole (shrunk variables included,
/// so that it never needs growing after the solver un-shrinks) from `Columns`.
template <typename Columns>
class BasicSignedQ {
 public:
  using Value = float;

  /// @param columns where the kernel values come from
  /// @param indices the index in `columns` of each variable, in the solver's initial order
  /// @param signs the sign (+1 or −1) of each variable
  /// @param cache_bytes the kernel cache budget
  BasicSignedQ(Columns columns, std::vector<Eigen::Index> indices, std::vector<std::int8_t> signs,
               std::size_t cache_bytes)
      : columns_(std::forward<Columns>(columns)),
        indices_(std::move(indices)),
        signs_(std::move(signs)),
        cache_(static_cast<Eigen::Index>(indices_.size()), cache_bytes),
        diagonal_(indices_.size()) {
    for (std::size_t t = 0; t < indices_.size(); ++t) diagonal_[t] = columns_.diagonal(indices_[t]);
  }

  Eigen::Index size() const { return static_cast<Eigen::Index>(indices_.size()); }

  const Value* column(Eigen::Index i, Eigen::Index length) {
    auto [values, valid] = cache_.column(i, length);
    if (valid >= length) return values;
    values = cache_.column(i, size()).first;
    const auto ui = static_cast<std::size_t>(i);
    const float* k_i = columns_.column(indices_[ui]);
    for (std::size_t t = 0; t < indices_.size(); ++t) {
      const float k = k_i[indices_[t]];
      values[t] = signs_[ui] == signs_[t] ? k : -k;  // flipping a sign is exact
    }
    return values;
  }

  double diagonal(Eigen::Index i) const { return diagonal_[static_cast<std::size_t>(i)]; }

  void swap_index(Eigen::Index i, Eigen::Index j) {
    cache_.swap_index(i, j);
    const auto ui = static_cast<std::size_t>(i);
    const auto uj = static_cast<std::size_t>(j);
    std::swap(indices_[ui], indices_[uj]);
    std::swap(signs_[ui], signs_[uj]);
    std::swap(diagonal_[ui], diagonal_[uj]);
  }

 private:
  Columns columns_;
  std::vector<Eigen::Index> indices_;
  std::vector<std::int8_t> signs_;
  KernelCache<Value> cache_;
  std::vector<double> diagonal_;
};

/// @brief BasicSignedQ over training rows, its kernel values computed from a source.
template <typename Source>
class SignedQ : public BasicSignedQ<SourceColumns<Source>> {
 public:
  /// @param source kernel values between training rows (see kernel_source.hpp); must outlive this
  /// @param rows the training row of each variable, in the solver's initial order
  /// @param signs the sign (+1 or −1) of each variable
  /// @param cache_bytes the kernel cache budget
  SignedQ(const Source& source, const std::vector<Eigen::Index>& rows,
          std::vector<std::int8_t> signs, std::size_t cache_bytes)
      : BasicSignedQ<SourceColumns<Source>>(SourceColumns<Source>(source, rows), rows,
                                            std::move(signs), cache_bytes) {}
};

/// @brief BasicSignedQ over places in a SharedColumns' rows, its values read from the shared
/// columns instead of computed again.
template <typename Source>
using SharedQ = BasicSignedQ<SharedColumns<Source>&>;

/// @brief The 2l × 2l Q of ε- and ν-support vector regression over l training rows: variable
/// t < l is row t with sign +1, variable l + t is row t with sign −1, and
/// Q(s, t) = sign_s sign_t k(x_s, x_t) (LIBSVM's SVR_Q).
///
/// Meets the QMatrix contract of SMOSolver. Both variables of a row share its kernel row, so the
/// cache keeps kernel rows by training row (in their own order, untouched by the solver's swaps)
/// and each column is assembled in the solver's order into one of two buffers; a source that
/// stores its values needs no cache at all.
template <typename Source>
class RegressionQ {
 public:
  using Value = float;

  /// @param source kernel values between the l training rows; must outlive this
  /// @param cache_bytes the kernel cache budget
  RegressionQ(const Source& source, std::size_t cache_bytes)
      : source_(source),
        l_(source.rows()),
        ranges_{{0, l_}},
        cache_(Source::kStoresValues ? 0 : l_, cache_bytes),
        row_(static_cast<std::size_t>(2 * l_)),
        sign_(static_cast<std::size_t>(2 * l_)),
        diagonal_(static_cast<std::size_t>(2 * l_)) {
    for (Eigen::Index t = 0; t < l_; ++t) {
      const auto plus = static_cast<std::size_t>(t);
      const auto minus = static_cast<std::size_t>(t + l_);
      row_[plus] = row_[minus] = t;
      sign_[plus] = 1;
      sign_[minus] = -1;
      diagonal_[plus] = diagonal_[minus] = source_(t, t);
    }
    for (auto& buffer : buffers_) buffer.resize(static_cast<std::size_t>(2 * l_));
  }

  Eigen::Index size() const { return 2 * l_; }

  const Value* column(Eigen::Index i, Eigen::Index length) {
    const auto ui = static_cast<std::size_t>(i);
    const float* k_i = kernel_row(row_[ui]);
    std::vector<float>& buffer = buffers_[next_buffer_];
    next_buffer_ = 1 - next_buffer_;
    for (Eigen::Index t = 0; t < length; ++t) {
      const auto ut = static_cast<std::size_t>(t);
      const float k = k_i[row_[ut]];
      buffer[ut] = sign_[ui] == sign_[ut] ? k : -k;
    }
    return buffer.data();
  }

  double diagonal(Eigen::Index i) const { return diagonal_[static_cast<std::size_t>(i)]; }

  void swap_index(Eigen::Index i, Eigen::Index j) {
    const auto ui = static_cast<std::size_t>(i);
    const auto uj = static_cast<std::size_t>(j);
    std::swap(row_[ui], row_[uj]);
    std::swap(sign_[ui], sign_[uj]);
    std::swap(diagonal_[ui], diagonal_[uj]);
  }

 private:
  // k(x_r, x_t) for every training row t.
  const float* kernel_row(Eigen::Index r) {
    if constexpr (Source::kStoresValues) {
      return source_.row_values(r, ranges_, nullptr);
    } else {
      auto [values, valid] = cache_.column(r, l_);
      if (valid < l_) source_.row_values(r, ranges_, values);
      return values;
    }
  }

  const Source& source_;
  Eigen::Index l_;
  std::vector<RowRange> ranges_;
  KernelCache<Value> cache_;  // kernel rows by training row
  std::vector<Eigen::Index> row_;
  std::vector<std::int8_t> sign_;
  std::vector<double> diagonal_;
  std::array<std::vector<Value>, 2> buffers_;  // the last two columns handed out
  std::size_t next_buffer_ = 0;
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_Q_MATRIX_HPP

// sklite: class labels given as any Eigen vector (int, or floating values that are integers).
#ifndef SKLITE_DETAIL_LABELS_HPP
#define SKLITE_DETAIL_LABELS_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "sklite/detail/validation.hpp"

namespace sklite::detail {

/// Copies a vector of class labels into an Eigen::VectorXi, requiring integral values in int's
/// range (a label file often stores them as floating point numbers).
template <typename Derived>
Eigen::VectorXi to_int_labels(std::string_view function, std::string_view name,
                              const Eigen::DenseBase<Derived>& labels) {
  check_vector(function, name, labels);
  using Scalar = typename Derived::Scalar;
  Eigen::VectorXi out(labels.size());
  for (Eigen::Index i = 0; i < labels.size(); ++i) {
    const Scalar value = labels.derived().coeff(i);
    if constexpr (Eigen::NumTraits<Scalar>::IsInteger) {
      if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
        throw_invalid(function, name, " must hold class labels in int's range; got ", value,
                      " at index ", i);
      out(i) = static_cast<int>(value);
    } else {
      const double v = static_cast<double>(value);
      if (!std::isfinite(v) || v != std::floor(v))
        throw_invalid(function, "Unknown label type: ", name,
                      " must hold integer class labels; got ", describe_number(v), " at index ", i);
      if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        throw_invalid(function, name, " must hold class labels in int's range; got ", v,
                      " at index ", i);
      out(i) = static_cast<int>(v);
    }
  }
  return out;
}

/// The sorted distinct values of `labels`.
inline Eigen::VectorXi unique_labels(const Eigen::VectorXi& labels) {
  std::vector<int> values(labels.data(), labels.data() + labels.size());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return Eigen::Map<const Eigen::VectorXi>(values.data(), static_cast<Eigen::Index>(values.size()));
}

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_LABELS_HPP

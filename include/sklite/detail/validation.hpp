// sklite: argument checks shared by every public function, so messages read the same everywhere.
#ifndef SKLITE_DETAIL_VALIDATION_HPP
#define SKLITE_DETAIL_VALIDATION_HPP

#include <Eigen/Core>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace sklite::detail {

/// Joins the arguments with operator<< into one string.
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::ostringstream out;
  out.precision(17);
  (out << ... << parts);
  return out.str();
}

/// printf's formatting into a std::string: for output that must match C programs' number formats
/// (LIBSVM's "%f", "%g", "%.17g") character for character.
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
inline std::string
format(const char* pattern, ...) {
  std::va_list args;
  va_start(args, pattern);
  std::va_list again;
  va_copy(again, args);
  const int size = std::vsnprintf(nullptr, 0, pattern, args);
  va_end(args);
  std::string text(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  if (size > 0) std::vsnprintf(text.data(), text.size() + 1, pattern, again);
  va_end(again);
  return text;
}

/// Throws std::invalid_argument with the message "function: <parts...>".
template <typename... Parts>
[[noreturn]] void throw_invalid(std::string_view function, const Parts&... parts) {
  throw std::invalid_argument(concat(function, ": ", parts...));
}

/// A number for a message, with NaN and the infinities spelled as scikit-learn's messages spell
/// them ("NaN", "infinity", "-infinity"), which users search for.
inline std::string describe_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "infinity" : "-infinity";
  return concat(value);
}

/// Requires every entry of `values` to be finite (no NaN, no infinity).
template <typename Derived>
void check_finite(std::string_view function, std::string_view name,
                  const Eigen::DenseBase<Derived>& values) {
  using Scalar = typename Derived::Scalar;
  if constexpr (!Eigen::NumTraits<Scalar>::IsInteger) {
    for (Eigen::Index j = 0; j < values.cols(); ++j)
      for (Eigen::Index i = 0; i < values.rows(); ++i)
        if (!std::isfinite(values(i, j))) {
          if (values.cols() == 1 || values.rows() == 1)
            throw_invalid(function, name, " must be finite; got ", describe_number(values(i, j)),
                          " at index ", values.cols() == 1 ? i : j);
          throw_invalid(function, name, " must be finite; got ", describe_number(values(i, j)),
                        " at row ", i, ", column ", j);
        }
  }
}

/// Requires a matrix with at least one row and one column.
template <typename Derived>
void check_not_empty(std::string_view function, std::string_view name,
                     const Eigen::DenseBase<Derived>& values) {
  if (values.rows() == 0 || values.cols() == 0)
    throw_invalid(function, name, " must not be empty; got shape (", values.rows(), ", ",
                  values.cols(), "): 0 ", values.rows() == 0 ? "sample(s)" : "feature(s)");
}

/// Requires two lengths to agree: "function: X has 4 rows but y has 3".
inline void check_same_length(std::string_view function, std::string_view name_a,
                              Eigen::Index length_a, std::string_view what_a,
                              std::string_view name_b, Eigen::Index length_b,
                              std::string_view what_b) {
  if (length_a != length_b)
    throw_invalid(function, name_a, " has ", length_a, " ", what_a, " but ", name_b, " has ",
                  length_b, " ", what_b);
}

/// Requires a 1-D input: a column or row vector.
template <typename Derived>
void check_vector(std::string_view function, std::string_view name,
                  const Eigen::DenseBase<Derived>& values) {
  if (values.rows() != 1 && values.cols() != 1)
    throw_invalid(function, name, " must be a vector; got shape (", values.rows(), ", ",
                  values.cols(), ")");
}

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_VALIDATION_HPP

// sklite: parameters by name, as scikit-learn's get_params and set_params take them: one value
// (a number, a name, a flag or None) and the map of an estimator's parameters.
#ifndef SKLITE_PARAMS_HPP
#define SKLITE_PARAMS_HPP

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sklite/detail/validation.hpp"

namespace sklite {

/// @brief One parameter value given by name: None, a flag, an integer, a number or a name.
///
/// Converts implicitly from what a Python grid holds, so that `{"C", {1.0, 10.0}}`,
/// `{"kernel", {"rbf", "linear"}}`, `{"degree", {2, 3}}` and `{"class_weight", {nullptr,
/// "balanced"}}` read as they do in scikit-learn (nullptr is None). An estimator's set_params
/// checks the kind: an integer is accepted where a number is expected, and an integral number where
/// an integer is.
class ParamValue {
 public:
  enum class Kind { none, boolean, integer, number, name };

  ParamValue() = default;                                                      // None
  ParamValue(std::nullptr_t) {}                                                // NOLINT: None
  ParamValue(bool value) : kind_(Kind::boolean), integer_(value) {}            // NOLINT: implicit
  ParamValue(double value) : kind_(Kind::number), number_(value) {}            // NOLINT: implicit
  ParamValue(const char* name) : kind_(Kind::name), name_(name) {}             // NOLINT: implicit
  ParamValue(std::string name) : kind_(Kind::name), name_(std::move(name)) {}  // NOLINT
  ParamValue(std::string_view name) : kind_(Kind::name), name_(name) {}        // NOLINT
  template <typename Integer,
            std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>,
                             int> = 0>
  ParamValue(Integer value)  // NOLINT: implicit
      : kind_(Kind::integer), integer_(static_cast<long long>(value)) {}

  Kind kind() const { return kind_; }
  bool is_none() const { return kind_ == Kind::none; }
  bool is_boolean() const { return kind_ == Kind::boolean; }
  bool is_integer() const { return kind_ == Kind::integer; }
  bool is_number() const { return kind_ == Kind::number; }
  bool is_name() const { return kind_ == Kind::name; }
  /// True for an integer or a number.
  bool is_numeric() const { return is_integer() || is_number(); }

  /// The flag (meaningful when is_boolean()).
  bool boolean() const { return integer_ != 0; }
  /// The integer (meaningful when is_integer()).
  long long integer() const { return integer_; }
  /// The value as a double: a number, or an integer converted.
  double number() const { return is_integer() ? static_cast<double>(integer_) : number_; }
  /// The name (meaningful when is_name()).
  const std::string& name() const { return name_; }

  /// How scikit-learn prints the value in cv_results_ and messages: None, True, 0.001, 'rbf'.
  std::string repr() const {
    switch (kind_) {
      case Kind::none:
        return "None";
      case Kind::boolean:
        return boolean() ? "True" : "False";
      case Kind::integer:
        return std::to_string(integer_);
      case Kind::number:
        return number_repr(number_);
      default:
        return "'" + name_ + "'";
    }
  }

  /// The value as text without quotes (for CSV cells and tables).
  std::string str() const { return is_name() ? name_ : repr(); }

  friend bool operator==(const ParamValue& a, const ParamValue& b) {
    if (a.kind_ != b.kind_) return false;
    switch (a.kind_) {
      case Kind::none:
        return true;
      case Kind::number:
        return a.number_ == b.number_;
      case Kind::name:
        return a.name_ == b.name_;
      default:
        return a.integer_ == b.integer_;
    }
  }
  friend bool operator!=(const ParamValue& a, const ParamValue& b) { return !(a == b); }
  friend std::ostream& operator<<(std::ostream& out, const ParamValue& v) {
    return out << v.repr();
  }

  /// Python's repr of a float: the fewest significant digits that read back as the same double,
  /// in positional notation for exponents from -4 to 15 ("0.001", "100.0") and scientific
  /// otherwise ("1e-05", "1e+16").
  static std::string number_repr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
    std::string text;
    for (int digits = 1; digits <= 17; ++digits) {
      text = detail::format("%.*e", digits - 1, value);
      if (std::stod(text) == value) break;
    }
    // text is [-]d[.ddd]e±XX: split it into sign, digits and exponent.
    const std::size_t e = text.find('e');
    const int exponent = std::stoi(text.substr(e + 1));
    const bool negative = text[0] == '-';
    std::string digits;
    for (std::size_t i = negative ? 1 : 0; i < e; ++i)
      if (text[i] != '.') digits += text[i];
    const std::string sign = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      std::string mantissa = digits.substr(0, 1);
      if (digits.size() > 1) mantissa += "." + digits.substr(1);
      return sign + mantissa +
             detail::format("e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    }
    if (exponent < 0)
      return sign + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    const auto point = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= point)
      return sign + digits + std::string(point - digits.size(), '0') + ".0";
    return sign + digits.substr(0, point) + "." + digits.substr(point);
  }

 private:
  Kind kind_ = Kind::none;
  long long integer_ = 0;
  double number_ = 0;
  std::string name_;
};

/// @brief An estimator's parameters by name, in scikit-learn's (alphabetical) order.
using ParamMap = std::map<std::string, ParamValue>;

namespace detail {

/// The text of a list of names, "a, b, c", for messages.
template <typename Names>
std::string join_names(const Names& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

/// The kind of a value as a message names it.
inline const char* kind_name(const ParamValue& v) {
  switch (v.kind()) {
    case ParamValue::Kind::none:
      return "None";
    case ParamValue::Kind::boolean:
      return "a bool";
    case ParamValue::Kind::integer:
      return "an integer";
    case ParamValue::Kind::number:
      return "a number";
    default:
      return "a name";
  }
}

/// Reads a number (a double or an integer) for parameter `name`, or throws.
inline double param_number(std::string_view fn, std::string_view name, const ParamValue& v) {
  if (!v.is_numeric())
    throw_invalid(fn, "parameter '", name, "' must be a number; got ", kind_name(v), " (", v.repr(),
                  ")");
  return v.number();
}

/// Reads an integer (or an integral number) for parameter `name`, or throws.
inline long long param_integer(std::string_view fn, std::string_view name, const ParamValue& v) {
  if (v.is_integer()) return v.integer();
  if (v.is_number() && std::floor(v.number()) == v.number() && std::abs(v.number()) < 9e18)
    return static_cast<long long>(v.number());
  throw_invalid(fn, "parameter '", name, "' must be an integer; got ", kind_name(v), " (", v.repr(),
                ")");
}

/// Reads a flag for parameter `name`, or throws.
inline bool param_bool(std::string_view fn, std::string_view name, const ParamValue& v) {
  if (!v.is_boolean())
    throw_invalid(fn, "parameter '", name, "' must be a bool; got ", kind_name(v), " (", v.repr(),
                  ")");
  return v.boolean();
}

/// Reads a name for parameter `name`, or throws.
inline const std::string& param_name(std::string_view fn, std::string_view name,
                                     const ParamValue& v) {
  if (!v.is_name())
    throw_invalid(fn, "parameter '", name, "' must be a name; got ", kind_name(v), " (", v.repr(),
                  ")");
  return v.name();
}

/// Throws the message for a parameter the estimator does not have.
template <typename Names>
[[noreturn]] void throw_unknown_param(std::string_view fn, std::string_view estimator,
                                      std::string_view name, const Names& valid) {
  throw_invalid(fn, estimator, " has no parameter '", name, "'; valid parameters are ",
                join_names(valid));
}

}  // namespace detail
}  // namespace sklite

#endif  // SKLITE_PARAMS_HPP

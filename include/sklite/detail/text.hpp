// sklite: text parsing shared by every reader of text files (datasets/ and svm/): token helpers,
// numbers with Python's float() syntax and a fast path for plain decimals, the size limit of the
// tables a file may ask for, and the one parser of `index:value` pairs that the svmlight reader,
// the LIBSVM model reader and sklite-scale use.
#ifndef SKLITE_DETAIL_TEXT_HPP
#define SKLITE_DETAIL_TEXT_HPP

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

#include "sklite/errors.hpp"

/// The default of sklite::detail::max_dense_elements (datasets::svmlight_max_dense_elements,
/// svm::libsvm_model_max_elements): 2^28 doubles (2 GiB). Define the macro before including
/// sklite to allow more (or, in a fuzzer, less).
#ifndef SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS
#define SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS (std::size_t{1} << 28)
#endif

namespace sklite::detail {

/// The largest dense table (rows times columns) that a text reader agrees to allocate, and one
/// more than the largest feature index it accepts: SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS. Published as
/// datasets::svmlight_max_dense_elements and svm::libsvm_model_max_elements.
inline constexpr std::size_t max_dense_elements = SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS;
static_assert(max_dense_elements >= 1 && max_dense_elements <= (std::size_t{1} << 32),
              "SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS: feature indices are stored in 32 bits");

/// A short, printable excerpt of a token for error messages (control bytes shown as \xNN).
inline std::string quote_token(std::string_view token) {
  constexpr std::size_t max_shown = 40;
  std::string out = "'";
  const std::size_t shown = std::min(token.size(), max_shown);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto byte = static_cast<unsigned char>(token[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    }
  }
  if (token.size() > shown) out += "...";
  out += "'";
  return out;
}

/// True for the ASCII blanks that separate tokens within a line (not the newline).
inline bool is_blank(char c) {
  // '\t', '\v', '\f' and '\r' are the codes 9 to 13 except '\n' (10).
  return c == ' ' || (static_cast<unsigned char>(c - '\t') < 5 && c != '\n');
}

/// Trims blanks on both sides.
inline std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_blank(text[begin])) ++begin;
  while (end > begin && is_blank(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

/// The value Python's float() gives for a well-formed decimal that from_chars found out of range:
/// +-infinity when the leading digit's decimal exponent is positive, +-0 otherwise.
inline double out_of_range_value(const char* first, const char* last) {
  const bool negative = *first == '-';
  if (negative) ++first;
  long long position = 0;  // decimal exponent of the first non-zero digit, before the 'e' part
  bool seen_point = false;
  bool seen_digit = false;
  long long integer_digits = 0;
  long long leading_fraction_zeros = 0;
  const char* p = first;
  for (; p < last && *p != 'e' && *p != 'E'; ++p) {
    if (*p == '.') {
      seen_point = true;
    } else if (!seen_point) {
      if (seen_digit || *p != '0') {
        seen_digit = true;
        ++integer_digits;
      }
    } else if (!seen_digit) {
      if (*p == '0')
        ++leading_fraction_zeros;
      else
        seen_digit = true;
    }
  }
  position = integer_digits > 0 ? integer_digits - 1 : -(leading_fraction_zeros + 1);
  long long exponent = 0;
  if (p < last) {
    ++p;
    const bool exponent_negative = p < last && *p == '-';
    if (p < last && (*p == '-' || *p == '+')) ++p;
    for (; p < last && exponent < 100000000; ++p) exponent = exponent * 10 + (*p - '0');
    if (exponent_negative) exponent = -exponent;
  }
  const double magnitude = exponent + position > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return negative ? -magnitude : magnitude;
}

/// Parses the whole token as a double (like Python's float(): a leading '+', "nan", "inf" are
/// accepted). Returns false when the token is empty, has junk, or is out of range.
inline bool parse_double(std::string_view token, double& value) {
  const char* first = token.data();
  const char* last = first + token.size();
  // from_chars rejects a leading '+'; accept it when a sign-less number follows.
  if (first != last && *first == '+') {
    ++first;
    if (first == last || *first == '-' || *first == '+') return false;
  }
  if (first == last) return false;
  const auto result = std::from_chars(first, last, value);
  if (result.ec == std::errc::result_out_of_range && result.ptr == last) {
    // Python's float() gives +-inf on overflow and +-0 on underflow where from_chars reports an
    // error. The decimal exponent of the leading digit tells the two apart: out-of-range values
    // are either above 1e308 or below 1e-323.
    value = out_of_range_value(first, last);
    return true;
  }
  return result.ec == std::errc() && result.ptr == last;
}

/// Parses the whole token as a signed 64-bit integer (leading '+' accepted).
inline bool parse_int64(std::string_view token, std::int64_t& value) {
  const char* first = token.data();
  const char* last = first + token.size();
  if (first != last && *first == '+') {
    ++first;
    if (first == last || *first == '-') return false;
  }
  if (first == last) return false;
  const auto result = std::from_chars(first, last, value);
  return result.ec == std::errc() && result.ptr == last;
}

/// Powers of ten that a double holds exactly (10^22 is the largest).
inline constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// Appends the decimal digits at `p` (at most `room` of them) to `digits`; returns the end.
inline const char* append_digits(const char* p, const char* end, std::ptrdiff_t room,
                                 std::uint64_t& digits) {
  const char* const limit = p + std::min(room, end - p);
  while (p < limit && static_cast<unsigned char>(*p - '0') < 10) {
    digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
    ++p;
  }
  return p;
}

/// Parses the common number forms "[+-]digits[.digits]" starting at `p` (Clinger's fast path:
/// at most 19 digits, the digits as an integer below 2^53 and at most 22 of them after the point,
/// so one correctly rounded division gives the correctly rounded result, the same double that
/// std::from_chars gives). Returns the end of the number, or nullptr when the text is of another
/// form (an exponent, more digits, inf, nan, no digit) and the caller must use parse_double.
/// Whatever follows the number is left to the caller. Off where double arithmetic may be inexact
/// (x87 excess precision, -ffast-math's reciprocals).
inline const char* parse_plain_decimal(const char* p, const char* end, double& value) {
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0 && !defined(__FAST_MATH__)
  constexpr std::ptrdiff_t max_digits = 19;  // below 2^64
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  std::uint64_t digits = 0;
  const char* const first = p;
  p = append_digits(p, end, max_digits, digits);
  std::ptrdiff_t n_digits = p - first;
  std::ptrdiff_t n_fraction = 0;
  if (p < end && *p == '.') {
    ++p;
    const char* const fraction = p;
    p = append_digits(p, end, max_digits - n_digits, digits);
    n_fraction = p - fraction;
    n_digits += n_fraction;
  }
  if (n_digits == 0 || n_fraction > 22 || digits > (std::uint64_t{1} << 53)) return nullptr;
  // A digit, an exponent or a point right after: more than 19 digits or another form.
  if (p < end && (static_cast<unsigned char>(*p - '0') < 10 || *p == 'e' || *p == 'E' || *p == '.'))
    return nullptr;
  const double magnitude = static_cast<double>(digits) / exact_powers_of_ten[n_fraction];
  value = negative ? -magnitude : magnitude;
  return p;
#else
  (void)p;
  (void)end;
  (void)value;
  return nullptr;
#endif
}

/// Parses the whole token as parse_double does (the same doubles, the same refusals), trying
/// parse_plain_decimal first: the number parser of the svmlight and LIBSVM text formats.
inline bool parse_number(std::string_view token, double& value) {
  const char* const end = token.data() + token.size();
  if (parse_plain_decimal(token.data(), end, value) == end) return true;
  return parse_double(token, value);
}

/// What parse_index_values (and parse_feature_index) accept, and how their messages read.
struct IndexValueRules {
  /// The smallest index accepted (0 or more).
  std::int64_t min_index = 0;
  /// The largest index accepted.
  std::int64_t max_index = static_cast<std::int64_t>(max_dense_elements) - 1;
  /// Why an index from 0 to min_index - 1 is refused, the end of the message
  /// "feature index 0 in '0:1'; <below_min>" (e.g. "LIBSVM numbers features from 1").
  std::string_view below_min;
  /// Refuses NaN and infinity: "bad value in '1:inf' (expected a finite number)".
  bool finite_only = false;
  /// Refuses values beyond float's range: "value in '2:1e39' is beyond float's range".
  bool float_range = false;
  /// A token that starts with '#' ends the line (a comment), as in svm-scale's data files.
  bool hash_comment = false;
};

/// Calls `fail(parts...)`, which must throw; one that returns is a bug (InternalError).
template <typename Fail, typename... Parts>
[[noreturn]] void fail_parse(Fail& fail, const Parts&... parts) {
  fail(parts...);
  throw InternalError("sklite internal error: a parse error callback returned instead of throwing");
}

/// Checks the index part `key` of the token `token` (the whole `index:value`, or whatever the
/// messages should quote) against `rules`: an integer (a leading '+' allowed) from
/// rules.min_index to rules.max_index. Returns it, or calls fail(parts...) with a message:
/// "bad feature index in 'x:1'", "negative feature index -3" (or '-99999999999999999999' when it
/// does not fit in 64 bits), "feature index 0 in '0:1'; <rules.below_min>", "feature index
/// 3000000000 is too large (the limit is 2147483647)".
template <typename Fail>
std::int64_t parse_feature_index(std::string_view key, std::string_view token,
                                 const IndexValueRules& rules, Fail&& fail) {
  std::int64_t index = 0;
  if (!parse_int64(key, index)) {
    if (key.size() > 1 && key[0] == '-' &&
        key.find_first_not_of("0123456789", 1) == std::string_view::npos)
      fail_parse(fail, "negative feature index ", quote_token(key));
    fail_parse(fail, "bad feature index in ", quote_token(token));
  }
  if (index < 0) fail_parse(fail, "negative feature index ", index);
  if (index < rules.min_index)
    fail_parse(fail, "feature index ", index, " in ", quote_token(token), "; ", rules.below_min);
  if (index > rules.max_index)
    fail_parse(fail, "feature index ", index, " is too large (the limit is ", rules.max_index, ")");
  return index;
}

/// @brief Parses the `index:value` tokens of `text` (the rest of a line, after its label or
/// coefficients): blank-separated, indices strictly ascending within `rules`' range, values as
/// parse_number reads them. Calls on_pair(std::int64_t index, double value) for each pair in
/// order, and fail(parts...) for the first mistake, with a message whose parts the callback joins
/// and throws in the caller's error (e.g. FileError naming file:line); fail must not return.
///
/// The common token "digits:plain decimal" is read in one pass (no token scan, no separate
/// checks); anything else (a sign, an exponent, inf, an error) goes through the general path,
/// which gives the same values. Messages (besides parse_feature_index's):
/// "expected index:value; got '5'", "feature indices must be ascending and unique; got 2 after 3",
/// "bad value in '2:abc'" (with rules.finite_only: "bad value in '1:inf' (expected a finite
/// number)"), with rules.float_range "value in '2:1e39' is beyond float's range".
template <typename OnPair, typename Fail>
void parse_index_values(std::string_view text, const IndexValueRules& rules, OnPair&& on_pair,
                        Fail&& fail) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const auto max_index = static_cast<std::uint64_t>(rules.max_index);
  const bool hash_comment = rules.hash_comment;
  constexpr double float_max = static_cast<double>(std::numeric_limits<float>::max());
  constexpr std::ptrdiff_t max_fast_digits = 18;  // below 10^18: no overflow in 64 bits
  // Starting one below the range, `index > previous` also checks index >= min_index.
  std::int64_t previous = rules.min_index - 1;
  for (;;) {
    while (p < end && is_blank(*p)) ++p;
    if (p == end || (hash_comment && *p == '#')) return;
    // The fast path: "digits:number" with an index in range, followed by a blank or the end.
    std::uint64_t index = 0;
    const char* q = p;
    const char* const digits_end = p + std::min(max_fast_digits, end - p);
    while (q < digits_end && static_cast<unsigned char>(*q - '0') < 10) {
      index = index * 10 + static_cast<std::uint64_t>(*q - '0');
      ++q;
    }
    if (q > p && q + 1 < end && *q == ':' && index <= max_index &&
        static_cast<std::int64_t>(index) > previous) {
      double value = 0.0;
      const char* stop = parse_plain_decimal(q + 1, end, value);
      // Plain decimals are finite and within float's range; from_chars's answers may not be.
      if (stop == nullptr && q[1] != '+') {
        const auto parsed = std::from_chars(q + 1, end, value);
        if (parsed.ec == std::errc() && (!rules.finite_only || std::isfinite(value)) &&
            (!rules.float_range || !(std::abs(value) > float_max)))
          stop = parsed.ptr;
      }
      if (stop != nullptr && (stop == end || is_blank(*stop))) {
        previous = static_cast<std::int64_t>(index);
        on_pair(previous, value);
        p = stop;
        continue;
      }
    }
    // The general path: the whole token, each check with its message.
    const char* const token = p;
    const char* colon = nullptr;
    for (; p < end && !is_blank(*p); ++p)
      if (*p == ':' && colon == nullptr) colon = p;
    const std::string_view whole(token, static_cast<std::size_t>(p - token));
    if (colon == nullptr) fail_parse(fail, "expected index:value; got ", quote_token(whole));
    const std::string_view key(token, static_cast<std::size_t>(colon - token));
    const std::int64_t checked = parse_feature_index(key, whole, rules, fail);
    if (checked <= previous)
      fail_parse(fail, "feature indices must be ascending and unique; got ", checked, " after ",
                 previous);
    double value = 0.0;
    const std::string_view number(colon + 1, static_cast<std::size_t>(p - colon - 1));
    if (!parse_number(number, value) || (rules.finite_only && !std::isfinite(value)))
      fail_parse(fail, "bad value in ", quote_token(whole),
                 rules.finite_only ? " (expected a finite number)" : "");
    if (rules.float_range && std::abs(value) > float_max)
      fail_parse(fail, "value in ", quote_token(whole), " is beyond float's range");
    previous = checked;
    on_pair(checked, value);
  }
}

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_TEXT_HPP

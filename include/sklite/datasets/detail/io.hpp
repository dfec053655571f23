// sklite: helpers shared by the file readers and writers of sklite::datasets: FileError messages,
// number parsing with std::from_chars, and a block reader that hands out whole lines.
#ifndef SKLITE_DATASETS_DETAIL_IO_HPP
#define SKLITE_DATASETS_DETAIL_IO_HPP

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <istream>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "sklite/detail/file_io.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"

namespace sklite::datasets::detail {

using sklite::detail::AtomicFileWriter;
using sklite::detail::errno_text;
using sklite::detail::throw_file_error;

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

/// Reads a stream in large blocks and hands out one line at a time (without the '\n'), so the
/// parsers never go through per-character stream calls. A final line without '\n' is returned too.
class LineReader {
 public:
  explicit LineReader(std::istream& in, std::size_t block_size = std::size_t{1} << 22)
      : in_(in), block_size_(std::max<std::size_t>(block_size, 1)) {
    // Start small so that short inputs stay cheap; refill() grows the buffer to block_size.
    buffer_.resize(std::min<std::size_t>(block_size_, 1 << 16));
  }

  /// Stores the next line in `line` and returns true, or returns false at the end of the input.
  /// The view stays valid until the next call. Throws std::ios_base::failure-free: a read error
  /// is reported through `failed()`.
  bool next(std::string_view& line) {
    for (;;) {
      const char* begin = buffer_.data() + start_;
      const std::size_t available = end_ - start_;
      const void* newline = available == 0 ? nullptr : std::memchr(begin, '\n', available);
      if (newline != nullptr) {
        const auto length = static_cast<std::size_t>(static_cast<const char*>(newline) - begin);
        line = std::string_view(begin, length);
        start_ += length + 1;
        ++line_number_;
        return true;
      }
      if (eof_) {
        if (available == 0) return false;
        line = std::string_view(begin, available);
        start_ = end_;
        ++line_number_;
        return true;
      }
      refill();
    }
  }

  /// The 1-based number of the line last returned.
  std::size_t line_number() const { return line_number_; }

  /// True when the stream reported an error other than its end.
  bool failed() const { return bad_; }

 private:
  void refill() {
    // Move the partial line to the front, growing the buffer when one line fills it.
    const std::size_t kept = end_ - start_;
    if (start_ > 0 && kept > 0) std::memmove(buffer_.data(), buffer_.data() + start_, kept);
    start_ = 0;
    end_ = kept;
    if (buffer_.size() < block_size_ ||
        buffer_.size() - end_ < std::max<std::size_t>(block_size_ / 2, 1))
      buffer_.resize(buffer_.size() * 2);
    in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
    const auto got = in_.gcount();
    end_ += static_cast<std::size_t>(got);
    if (!in_) {
      eof_ = true;
      bad_ = in_.bad();
    } else if (got == 0) {
      eof_ = true;
    }
  }

  std::istream& in_;
  std::size_t block_size_;
  std::vector<char> buffer_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  std::size_t line_number_ = 0;
  bool eof_ = false;
  bool bad_ = false;
};

}  // namespace sklite::datasets::detail

#endif  // SKLITE_DATASETS_DETAIL_IO_HPP

// sklite: helpers shared by the file readers and writers of sklite::datasets: FileError messages,
// the text helpers of sklite/detail/text.hpp, and a block reader that hands out whole lines.
#ifndef SKLITE_DATASETS_DETAIL_IO_HPP
#define SKLITE_DATASETS_DETAIL_IO_HPP

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <istream>
#include <string_view>
#include <vector>

#include "sklite/detail/file_io.hpp"
#include "sklite/detail/text.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"

namespace sklite::datasets::detail {

using sklite::detail::AtomicFileWriter;
using sklite::detail::errno_text;
using sklite::detail::throw_file_error;

// The text helpers live in sklite/detail/text.hpp, shared with svm/ and the tools.
using sklite::detail::is_blank;
using sklite::detail::parse_double;
using sklite::detail::parse_int64;
using sklite::detail::quote_token;
using sklite::detail::trim;

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

// sklite: file helpers shared by every module that reads or writes files: FileError messages that
// name path:line, the text of errno, and a writer that replaces a file atomically.
#ifndef SKLITE_DETAIL_FILE_IO_HPP
#define SKLITE_DETAIL_FILE_IO_HPP

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"

namespace sklite::detail {

/// Throws FileError "function: path:line: what" (or "function: path: what" when line is 0).
template <typename... Parts>
[[noreturn]] void throw_file_error(std::string_view function, const std::string& path,
                                   std::size_t line, const Parts&... parts) {
  std::string message = line == 0 ? concat(function, ": ", path, ": ", parts...)
                                  : concat(function, ": ", path, ":", line, ": ", parts...);
  throw FileError(message, path, line);
}

/// The text of errno for a failed open, e.g. "No such file or directory".
inline std::string errno_text(int error_number) {
  return std::generic_category().message(error_number);
}

/// Writes a file atomically: the content goes to a new temporary file in the same folder, which
/// replaces `path` (std::rename) only once everything is written and flushed. On any failure the
/// temporary file is removed and `path` is left as it was.
class AtomicFileWriter {
 public:
  AtomicFileWriter(std::string_view function, std::string path)
      : function_(function), path_(std::move(path)) {
    std::random_device entropy;
    for (int attempt = 0; attempt < 16 && file_ == nullptr; ++attempt) {
      temp_path_ = path_ + ".tmp" + std::to_string(entropy() % 1000000000u);
      // "x": fail rather than reuse a file that exists (C11 exclusive mode).
      file_ = std::fopen(temp_path_.c_str(), "wbx");
      if (file_ == nullptr && errno != EEXIST) break;
    }
    if (file_ == nullptr)
      throw_file_error(function_, path_, 0,
                       "cannot create a temporary file beside it: ", errno_text(errno));
  }

  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  ~AtomicFileWriter() {
    if (file_ != nullptr) {
      std::fclose(file_);
      std::remove(temp_path_.c_str());
    }
  }

  /// Appends bytes; throws FileError when the disk refuses them.
  void write(std::string_view bytes) {
    if (bytes.empty()) return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
      throw_file_error(function_, path_, 0, "write failed: ", errno_text(errno));
  }

  /// Flushes, closes and renames the temporary file onto the target.
  void commit() {
    const bool flushed = std::fflush(file_) == 0;
    const int flush_errno = errno;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!flushed || !closed) {
      std::remove(temp_path_.c_str());
      throw_file_error(function_, path_, 0, "write failed: ", errno_text(flush_errno));
    }
    if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      const int rename_errno = errno;
      std::remove(temp_path_.c_str());
      throw_file_error(function_, path_, 0, "cannot replace the file: ", errno_text(rename_errno));
    }
  }

 private:
  std::string_view function_;
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
};

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_FILE_IO_HPP

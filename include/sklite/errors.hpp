// sklite: errors thrown by the library and the assertion macro for internal invariants.
#ifndef SKLITE_ERRORS_HPP
#define SKLITE_ERRORS_HPP

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace sklite {

/// @brief Thrown when an estimator is used (predict, score, accessors) before `fit`.
///
/// Mirrors scikit-learn's `sklearn.exceptions.NotFittedError`.
class NotFittedError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// @brief Thrown by the file readers: the file is missing, unreadable or malformed.
///
/// The message has the form `function: path:line: what was wrong`; `line()` is 0 when the problem
/// is not tied to one line (a missing file, a truncated binary header).
class FileError : public std::invalid_argument {
 public:
  FileError(const std::string& message, std::string path, std::size_t line)
      : std::invalid_argument(message), path_(std::move(path)), line_(line) {}

  /// The file the error is about.
  const std::string& path() const noexcept { return path_; }
  /// The 1-based line of the problem, or 0 when it is not tied to a line.
  std::size_t line() const noexcept { return line_; }

 private:
  std::string path_;
  std::size_t line_;
};

/// @brief Thrown by an estimator's fit when its progress callback returned false; the estimator
/// keeps what it had before the call.
class FitCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// @brief Thrown by SKLITE_ASSERT when an internal invariant does not hold (a bug in sklite).
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace sklite

/// Checks an internal invariant (never user input). Define SKLITE_ASSERT before including sklite
/// to route failures elsewhere; the default throws sklite::InternalError in every build type.
#ifndef SKLITE_ASSERT
#define SKLITE_ASSERT(condition)                                                                 \
  do {                                                                                           \
    if (!(condition))                                                                            \
      throw ::sklite::InternalError(std::string("sklite internal error: ") + #condition + " (" + \
                                    __FILE__ + ":" + std::to_string(__LINE__) + ")");            \
  } while (false)
#endif

#endif  // SKLITE_ERRORS_HPP

// sklite-scale: scales the features (and, on request, the labels) of a LIBSVM data file to a range,
// with the options, files, output and messages of LIBSVM's svm-scale 3.24 (docs/cli.md).
//
// Like svm-scale it reads the data file twice: once for each feature's minimum and maximum, once to
// write the scaled values. Unlike svm-scale it keeps one entry per feature that occurs (not an
// array over every index up to the largest), so files of any dimension work, and it checks every
// line: a malformed file gives one message naming file:line and exit status 1.
#include <sklite/detail/file_io.hpp>
#include <sklite/detail/text.hpp>
#include <sklite/detail/validation.hpp>

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iterator>
#include <limits>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using sklite::detail::is_blank;
using sklite::detail::parse_number;
using sklite::detail::quote_token;
using sklite::detail::trim;

constexpr const char* usage_text =
    "Usage: sklite-scale [options] data_filename\n"
    "options:\n"
    "-l lower : x scaling lower limit (default -1)\n"
    "-u upper : x scaling upper limit (default +1)\n"
    "-y y_lower y_upper : y scaling limits (default: no y scaling)\n"
    "-s save_filename : save scaling parameters to save_filename\n"
    "-r restore_filename : restore scaling parameters from restore_filename\n";

/// Ends the program with status 1 after printing `message` (a full line) to stderr; with
/// `show_usage`, the usage text follows on stdout, as svm-scale prints it.
struct Exit {
  std::string message;
  bool show_usage = false;
};

template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  throw Exit{sklite::detail::concat(parts...), false};
}

/// A malformed file: "sklite-scale: path:line: what".
template <typename... Parts>
[[noreturn]] void fail_at(const std::string& path, std::size_t line, const Parts&... parts) {
  fail("sklite-scale: ", path, ":", line, ": ", parts...);
}

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
  double lower = -1.0;
  double upper = 1.0;
  double y_lower = 0.0;
  double y_upper = 0.0;
  bool y_scaling = false;
  const char* save = nullptr;
  const char* restore = nullptr;
  const char* data = nullptr;
};

/// An option's value as svm-scale 3.24 (Debian) reads it: strtof, the whole text, so the value is
/// a float widened to double (-l 0.1 is 0.10000000149011612).
double option_value(const char* option, const char* text) {
  errno = 0;
  char* end = nullptr;
  const float value = std::strtof(text, &end);
  const int error = errno;
  if ((error == ERANGE && value == HUGE_VALF) || (error != 0 && value == 0.0f))
    throw Exit{sklite::detail::concat("sklite-scale: ", option, ": '", text,
                                      "' is out of the range of a float"),
               true};
  if (*end != '\0')
    throw Exit{
        sklite::detail::concat("sklite-scale: ", option, " expects a number; got '", text, "'"),
        true};
  return static_cast<double>(value);
}

/// svm-scale's command line: options first (only their second character counts, as in
/// svm-scale), then exactly one data file.
Options parse_options(int argc, char** argv) {
  Options options;
  int i = 1;
  for (; i < argc; ++i) {
    if (argv[i][0] != '-') break;
    const char* option = argv[i];
    ++i;
    const char letter = option[1];
    if (letter != 'l' && letter != 'u' && letter != 'y' && letter != 's' && letter != 'r')
      throw Exit{"unknown option", true};
    const int values = letter == 'y' ? 2 : 1;
    if (i + values > argc)
      throw Exit{sklite::detail::concat("sklite-scale: ", option, " needs ",
                                        values == 2 ? "two values" : "a value"),
                 true};
    switch (letter) {
      case 'l':
        options.lower = option_value(option, argv[i]);
        break;
      case 'u':
        options.upper = option_value(option, argv[i]);
        break;
      case 'y':
        options.y_lower = option_value(option, argv[i]);
        ++i;
        options.y_upper = option_value(option, argv[i]);
        options.y_scaling = true;
        break;
      case 's':
        options.save = argv[i];
        break;
      default:
        options.restore = argv[i];
        break;
    }
  }
  if (!(options.upper > options.lower) ||
      (options.y_scaling && !(options.y_upper > options.y_lower)))
    fail("inconsistent lower/upper specification");
  if (options.restore != nullptr && options.save != nullptr)
    fail("cannot use -r and -s simultaneously");
  if (argc != i + 1) throw Exit{"", true};
  options.data = argv[i];
  return options;
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Reads a file in large blocks and hands out its lines (without '\n') as views into the block.
class LineFile {
 public:
  explicit LineFile(const char* path) : path_(path), file_(std::fopen(path, "rb")) {
    if (file_ == nullptr) fail("can't open file ", path);
    buffer_.resize(std::size_t{1} << 20);
  }
  LineFile(const LineFile&) = delete;
  LineFile& operator=(const LineFile&) = delete;
  ~LineFile() { std::fclose(file_); }

  /// The next line, or false at the end of the file. Throws Exit on a read error.
  bool next(std::string_view& line) {
    for (;;) {
      const std::size_t available = end_ - start_;
      const void* newline =
          available == 0 ? nullptr : std::memchr(buffer_.data() + start_, '\n', available);
      if (newline != nullptr) {
        const auto length =
            static_cast<std::size_t>(static_cast<const char*>(newline) - (buffer_.data() + start_));
        line = std::string_view(buffer_.data() + start_, length);
        start_ += length + 1;
        ++line_number_;
        return true;
      }
      if (eof_) {
        if (available == 0) return false;
        line = std::string_view(buffer_.data() + start_, available);
        start_ = end_;
        ++line_number_;
        return true;
      }
      refill();
    }
  }

  std::size_t line_number() const { return line_number_; }
  const std::string& path() const { return path_; }

 private:
  void refill() {
    const std::size_t kept = end_ - start_;
    if (start_ > 0 && kept > 0) std::memmove(buffer_.data(), buffer_.data() + start_, kept);
    start_ = 0;
    end_ = kept;
    // A line longer than half the buffer: grow it.
    if (buffer_.size() - end_ < buffer_.size() / 2) buffer_.resize(buffer_.size() * 2);
    errno = 0;
    const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    end_ += got;
    if (got == 0) {
      if (std::ferror(file_))
        fail("sklite-scale: ", path_, ": read error after line ", line_number_, ": ",
             sklite::detail::errno_text(errno != 0 ? errno : EIO));
      eof_ = true;
    }
  }

  std::string path_;
  std::FILE* file_;
  std::vector<char> buffer_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  std::size_t line_number_ = 0;
  bool eof_ = false;
};

/// What svm-scale's data lines and -r files accept as feature indices: 0 to INT_MAX (index 0 is
/// scaled but not saved). In data lines, a token that starts with '#' starts a comment.
const sklite::detail::IndexValueRules index_rules = [] {
  sklite::detail::IndexValueRules rules;
  rules.min_index = 0;
  rules.max_index = std::numeric_limits<int>::max();
  rules.hash_comment = true;
  return rules;
}();

/// Parses one data line, `label index:value ...` with ascending indices and an optional
/// `# comment` at the end, calling on_label(label) and then on_feature(index, value) for each
/// feature. Throws Exit naming path:line when the line is malformed.
template <typename OnLabel, typename OnFeature>
void parse_data_line(std::string_view line, const std::string& path, std::size_t line_number,
                     OnLabel&& on_label, OnFeature&& on_feature) {
  const char* p = line.data();
  const char* const end = p + line.size();
  while (p < end && is_blank(*p)) ++p;
  const char* token = p;
  while (p < end && !is_blank(*p)) ++p;
  const std::string_view label_text(token, static_cast<std::size_t>(p - token));
  if (label_text.empty()) fail_at(path, line_number, "expected a label; got an empty line");
  if (label_text[0] == '#') fail_at(path, line_number, "expected a label; got a comment");
  double label = 0.0;
  if (!parse_number(label_text, label))
    fail_at(path, line_number, "bad label ", quote_token(label_text));
  on_label(label);
  sklite::detail::parse_index_values(
      std::string_view(p, static_cast<std::size_t>(end - p)), index_rules,
      [&](std::int64_t index, double value) { on_feature(static_cast<int>(index), value); },
      [&](const auto&... parts) { fail_at(path, line_number, parts...); });
}

// ---------------------------------------------------------------------------------------------
// Feature statistics

/// One feature's range, as svm-scale's feature_min / feature_max, plus the last data row that
/// held it (rows in between hold a 0).
struct Feature {
  double min = DBL_MAX;
  double max = -DBL_MAX;
  /// -2: no entry; -1: an entry that no data row holds (restored); else the last row holding it.
  std::int64_t last_row = -2;
};

/// svm-scale's max(x, y) and min(x, y) macros, which decide NaN's fate by the order of the
/// operands.
inline double macro_max(double x, double y) { return x > y ? x : y; }
inline double macro_min(double x, double y) { return x < y ? x : y; }

/// The features that occur, by index: an array for small indices, a hash table beyond, so that a
/// file with an index of two billion costs one entry, not two billion.
class FeatureTable {
 public:
  static constexpr int dense_limit = 1 << 20;

  /// The entry of `index`, created (with last_row == -2) when missing.
  Feature& get(int index) {
    if (index < dense_limit) {
      const auto slot = static_cast<std::size_t>(index);
      if (slot >= dense_.size())
        dense_.resize(std::min<std::size_t>(std::max(slot + 1, 2 * dense_.size()), dense_limit));
      return dense_[slot];
    }
    return sparse_[index];
  }

  /// The entry of `index`, or nullptr when there is none.
  const Feature* find(int index) const {
    if (index < dense_limit) {
      const auto slot = static_cast<std::size_t>(index);
      return slot < dense_.size() && dense_[slot].last_row != -2 ? &dense_[slot] : nullptr;
    }
    const auto found = sparse_.find(index);
    return found == sparse_.end() ? nullptr : &found->second;
  }

 private:
  std::vector<Feature> dense_;
  std::unordered_map<int, Feature> sparse_;
};

/// A set of integers kept as disjoint ranges [first, last).
class IndexRanges {
 public:
  /// Calls f(i) for each i in [first, last) that is not in the set, in increasing order.
  template <typename F>
  void for_each_missing(std::int64_t first, std::int64_t last, F&& f) const {
    auto it = ranges_.upper_bound(first);
    if (it != ranges_.begin() && std::prev(it)->second > first) first = std::prev(it)->second;
    while (first < last) {
      const std::int64_t stop = it == ranges_.end() ? last : std::min(last, it->first);
      for (std::int64_t i = first; i < stop; ++i) f(i);
      if (it == ranges_.end()) break;
      first = std::max(first, it->second);
      ++it;
    }
  }

  /// Adds [first, last), merging the ranges it touches.
  void add(std::int64_t first, std::int64_t last) {
    if (first >= last) return;
    auto it = ranges_.upper_bound(first);
    if (it != ranges_.begin() && std::prev(it)->second >= first) {
      --it;
      first = it->first;
    }
    while (it != ranges_.end() && it->first <= last) {
      last = std::max(last, it->second);
      it = ranges_.erase(it);
    }
    ranges_.emplace(first, last);
  }

 private:
  std::map<std::int64_t, std::int64_t> ranges_;  // first -> last
};

/// What the first pass learns from the data file.
struct DataSummary {
  std::int64_t rows = 0;
  long num_nonzeros = 0;  // feature tokens, as svm-scale counts them
  int max_index = 0;
  int min_index = 1;
  double y_min = DBL_MAX;
  double y_max = -DBL_MAX;
  std::vector<int> indices;  // every index that occurs or is restored, sorted at the end
};

/// Pass 1: every line checked, each feature's range as svm-scale computes it.
DataSummary first_pass(const char* path, FeatureTable& table) {
  DataSummary summary;
  LineFile file(path);
  std::string_view line;
  while (file.next(line)) {
    const std::int64_t row = summary.rows;
    parse_data_line(
        line, file.path(), file.line_number(),
        [&](double label) {
          summary.y_max = macro_max(summary.y_max, label);
          summary.y_min = macro_min(summary.y_min, label);
        },
        [&](int index, double value) {
          Feature& feature = table.get(index);
          if (feature.last_row == -2) {
            feature.last_row = -1;
            summary.indices.push_back(index);
          }
          // Rows between the last one holding this feature and this one hold a 0 (svm-scale
          // applies that 0 row by row; once is the same). Index 0 gets no zeros in svm-scale.
          if (index != 0 && feature.last_row < row - 1) {
            feature.max = macro_max(feature.max, 0);
            feature.min = macro_min(feature.min, 0);
          }
          feature.max = macro_max(feature.max, value);
          feature.min = macro_min(feature.min, value);
          feature.last_row = row;
          summary.max_index = std::max(summary.max_index, index);
          summary.min_index = std::min(summary.min_index, index);
          ++summary.num_nonzeros;
        });
    ++summary.rows;
  }
  // The rows after the last one holding a feature hold a 0.
  for (int index : summary.indices) {
    Feature& feature = table.get(index);
    if (index != 0 && feature.last_row < summary.rows - 1) {
      feature.max = macro_max(feature.max, 0);
      feature.min = macro_min(feature.min, 0);
    }
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Scaling-parameter files (-s / -r)

struct RestoreEntry {
  int index;
  double min;
  double max;
};

struct Restore {
  bool has_y = false;
  double y_lower = 0, y_upper = 0, y_min = 0, y_max = 0;
  double lower = 0, upper = 0;
  std::vector<RestoreEntry> entries;  // in the file's order
  int max_index = 0;
};

/// Reads a file that -s wrote: an optional "y" section (y_lower y_upper, then y_min y_max), then
/// "x", lower upper, and one "index min max" line per feature. Blank lines are ignored.
Restore read_restore(const char* path) {
  Restore restore;
  LineFile file(path);
  std::string_view line;
  std::vector<std::string_view> fields;
  // Blank lines are skipped, except before the first line, which must name a section: svm-scale
  // reads a file's first character as the section name.
  bool first_line = true;
  const auto next_fields = [&]() {
    while (file.next(line)) {
      fields.clear();
      const char* p = line.data();
      const char* const end = p + line.size();
      for (;;) {
        while (p < end && is_blank(*p)) ++p;
        if (p == end) break;
        const char* token = p;
        while (p < end && !is_blank(*p)) ++p;
        fields.emplace_back(token, static_cast<std::size_t>(p - token));
      }
      if (!fields.empty() || first_line) {
        first_line = false;
        return true;
      }
    }
    return false;
  };
  const auto shown = [&]() {
    return fields.empty() ? std::string("an empty line") : quote_token(trim(line));
  };
  const auto expect_pair = [&](const char* what, double& first, double& second) {
    if (!next_fields())
      fail("sklite-scale: ", file.path(), ": the file ends before the line of ", what);
    if (fields.size() != 2 || !parse_number(fields[0], first) || !parse_number(fields[1], second))
      fail_at(file.path(), file.line_number(), "expected ", what, "; got ", shown());
  };
  if (!next_fields())
    fail("sklite-scale: ", file.path(), ": the file is empty; expected scaling parameters");
  if (fields.size() == 1 && fields[0] == "y") {
    restore.has_y = true;
    expect_pair("y_lower y_upper", restore.y_lower, restore.y_upper);
    expect_pair("y_min y_max", restore.y_min, restore.y_max);
    if (!next_fields())
      fail("sklite-scale: ", file.path(), ": the file ends before its 'x' section");
  }
  if (!(fields.size() == 1 && fields[0] == "x"))
    fail_at(file.path(), file.line_number(), "expected ",
            restore.has_y ? "'x'" : "'x' or 'y' (a section of scaling parameters)", "; got ",
            shown());
  expect_pair("lower upper", restore.lower, restore.upper);
  while (next_fields()) {
    RestoreEntry entry{};
    if (fields.size() != 3)
      fail_at(file.path(), file.line_number(), "expected index min max; got ", shown());
    entry.index = static_cast<int>(sklite::detail::parse_feature_index(
        fields[0], trim(line), index_rules,
        [&](const auto&... parts) { fail_at(file.path(), file.line_number(), parts...); }));
    if (!parse_number(fields[1], entry.min) || !parse_number(fields[2], entry.max))
      fail_at(file.path(), file.line_number(), "expected index min max; got ", shown());
    restore.max_index = std::max(restore.max_index, entry.index);
    restore.entries.push_back(entry);
  }
  return restore;
}

/// Appends `value` as printf's "%.<precision>g" writes it.
void append_g(std::string& out, double value, int precision) {
  char text[64];
  const auto result =
      std::to_chars(text, text + sizeof text, value, std::chars_format::general, precision);
  out.append(text, result.ptr);
}

void append_int(std::string& out, long long value) {
  char text[24];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out.append(text, result.ptr);
}

/// Writes the whole of `text` to `file`; false on failure.
bool write_all(std::FILE* file, const std::string& text) {
  return text.empty() || std::fwrite(text.data(), 1, text.size(), file) == text.size();
}

// ---------------------------------------------------------------------------------------------
// The program

int run(int argc, char** argv) {
  Options options = parse_options(argc, argv);
  std::FILE* probe = std::fopen(options.data, "rb");
  if (probe == nullptr) fail("can't open file ", options.data);
  std::fclose(probe);
  Restore restore;
  if (options.restore != nullptr) restore = read_restore(options.restore);

  FeatureTable table;
  DataSummary data = first_pass(options.data, table);
  const bool no_rows = data.rows == 0;
  const int max_index = std::max(data.max_index, restore.max_index);
  if (data.min_index < 1)
    std::fprintf(stderr, "WARNING: minimal feature index is %d, but indices should start from 1\n",
                 data.min_index);

  double lower = options.lower;
  double upper = options.upper;
  double y_lower = options.y_lower;
  double y_upper = options.y_upper;
  bool y_scaling = options.y_scaling;
  double y_min = data.y_min;
  double y_max = data.y_max;

  if (options.restore != nullptr) {
    // Restored features that the data lacks get an entry that holds what svm-scale's arrays hold
    // for them: 0 and 0 (every row has a 0 there).
    for (const RestoreEntry& entry : restore.entries) {
      Feature& feature = table.get(entry.index);
      if (feature.last_row == -2) {
        feature.last_row = -1;
        if (!no_rows && entry.index != 0) feature.min = feature.max = 0.0;
        data.indices.push_back(entry.index);
      }
    }
  }
  std::sort(data.indices.begin(), data.indices.end());

  if (options.restore != nullptr) {
    if (restore.has_y) {
      y_lower = restore.y_lower;
      y_upper = restore.y_upper;
      y_min = restore.y_min;
      y_max = restore.y_max;
      y_scaling = true;
    }
    lower = restore.lower;
    upper = restore.upper;
    IndexRanges zeroed;
    // svm-scale warns about each feature of the data, from `from` up to `to` (excluded), that
    // the file does not restore and that is not constant, and then scales it to 0.
    const auto warn_unrestored = [&](std::int64_t from, std::int64_t to) {
      const auto warn = [&](std::int64_t index) {
        std::fprintf(stderr,
                     "WARNING: feature index %lld appeared in file %s was not seen in the scaling "
                     "factor file %s. The feature is scaled to 0.\n",
                     static_cast<long long>(index), options.data, options.restore);
      };
      auto it = std::lower_bound(data.indices.begin(), data.indices.end(), from);
      std::int64_t index = from;
      while (index < to) {
        const std::int64_t key = it != data.indices.end() ? *it : to;
        if (key == index) {
          Feature& feature = table.get(*it);
          if (feature.min != feature.max) {
            warn(index);
            feature.min = feature.max = 0.0;
          }
          ++it;
          ++index;
          continue;
        }
        // Indices without an entry: constant (0 and 0) when the data has rows. Without rows,
        // every feature svm-scale knows is [DBL_MAX, -DBL_MAX], not constant, until a warning
        // scales it to 0; `zeroed` keeps those as ranges, so memory stays bounded.
        const std::int64_t stop = std::min(key, to);
        if (no_rows) {
          zeroed.for_each_missing(index, stop, warn);
          zeroed.add(index, stop);
        }
        index = stop;
      }
    };
    std::int64_t next = 1;
    for (const RestoreEntry& entry : restore.entries) {
      warn_unrestored(next, entry.index);
      Feature& feature = table.get(entry.index);
      feature.min = entry.min;
      feature.max = entry.max;
      next = std::int64_t{entry.index} + 1;
    }
    warn_unrestored(next, std::int64_t{max_index} + 1);
  }

  if (options.save != nullptr) {
    std::string text;
    if (y_scaling) {
      text += "y\n";
      append_g(text, y_lower, 17);
      text += ' ';
      append_g(text, y_upper, 17);
      text += '\n';
      append_g(text, y_min, 17);
      text += ' ';
      append_g(text, y_max, 17);
      text += '\n';
    }
    text += "x\n";
    append_g(text, lower, 17);
    text += ' ';
    append_g(text, upper, 17);
    text += '\n';
    for (int index : data.indices) {
      const Feature& feature = table.get(index);
      if (index < 1 || feature.min == feature.max) continue;
      append_int(text, index);
      text += ' ';
      append_g(text, feature.min, 17);
      text += ' ';
      append_g(text, feature.max, 17);
      text += '\n';
    }
    std::FILE* file = std::fopen(options.save, "w");
    if (file == nullptr) fail("can't open file ", options.save);
    const bool written = write_all(file, text);
    const int write_errno = errno;
    if (std::fclose(file) != 0 || !written)
      fail("sklite-scale: ", options.save,
           ": write failed: ", sklite::detail::errno_text(written ? errno : write_errno));
    if (data.min_index < 1)
      std::fprintf(stderr,
                   "WARNING: scaling factors with indices smaller than 1 are not stored to the "
                   "file %s.\n",
                   options.save);
  }

  // The scaled value of `value` for `feature`, as svm-scale's output(); false when nothing is
  // written (a constant feature, or 0).
  const auto scale = [&](const Feature& feature, double value, double& scaled) {
    if (feature.max == feature.min) return false;
    if (value == feature.min)
      value = lower;
    else if (value == feature.max)
      value = upper;
    else
      value = lower + (upper - lower) * (value - feature.min) / (feature.max - feature.min);
    scaled = value;
    return value != 0;
  };

  // Features that a row lacks are 0 and scaled like any other value. The ones whose scaled 0 is
  // written (not constant, and 0 does not land on 0) are listed once with their text.
  std::vector<int> zero_index;
  std::vector<std::size_t> zero_offset{0};
  std::string zero_text;
  if (!no_rows) {
    for (int index : data.indices) {
      double scaled = 0;
      if (index < 1 || !scale(table.get(index), 0.0, scaled)) continue;
      append_int(zero_text, index);
      zero_text += ':';
      append_g(zero_text, scaled, 6);
      zero_text += ' ';
      zero_index.push_back(index);
      zero_offset.push_back(zero_text.size());
    }
  }

  // Pass 2: the scaled rows.
  long new_num_nonzeros = 0;
  std::string out;
  constexpr std::size_t flush_size = std::size_t{1} << 20;
  out.reserve(flush_size + 4096);
  const auto flush = [&]() {
    if (!write_all(stdout, out))
      fail("sklite-scale: cannot write the output: ", sklite::detail::errno_text(errno));
    out.clear();
  };
  LineFile file(options.data);
  std::string_view line;
  std::int64_t rows = 0;
  const std::string changed = sklite::detail::concat("sklite-scale: ", options.data,
                                                     ": the file changed while it was read");
  while (file.next(line)) {
    if (++rows > data.rows) fail(changed);
    std::size_t zero = 0;  // the next entry of zero_index to write
    const auto write_zeros_below = [&](std::int64_t index) {
      const std::size_t from = zero;
      while (zero < zero_index.size() && zero_index[zero] < index) ++zero;
      out.append(zero_text, zero_offset[from], zero_offset[zero] - zero_offset[from]);
      new_num_nonzeros += static_cast<long>(zero - from);
    };
    parse_data_line(
        line, file.path(), file.line_number(),
        [&](double label) {
          if (y_scaling) {
            if (label == y_min)
              label = y_lower;
            else if (label == y_max)
              label = y_upper;
            else
              label = y_lower + (y_upper - y_lower) * (label - y_min) / (y_max - y_min);
          }
          append_g(out, label, 17);
          out += ' ';
        },
        [&](int index, double value) {
          write_zeros_below(index);
          if (zero < zero_index.size() && zero_index[zero] == index) ++zero;
          const Feature* feature = table.find(index);
          if (feature == nullptr) fail(changed);
          double scaled = 0;
          if (scale(*feature, value, scaled)) {
            append_int(out, index);
            out += ':';
            append_g(out, scaled, 6);
            out += ' ';
            ++new_num_nonzeros;
          }
        });
    write_zeros_below(std::numeric_limits<std::int64_t>::max());
    out += '\n';
    if (out.size() >= flush_size) flush();
  }
  if (rows != data.rows) fail(changed);
  flush();
  if (std::fflush(stdout) != 0)
    fail("sklite-scale: cannot write the output: ", sklite::detail::errno_text(errno));

  if (new_num_nonzeros > data.num_nonzeros)
    std::fprintf(stderr,
                 "WARNING: original #nonzeros %ld\n"
                 "       > new      #nonzeros %ld\n"
                 "If feature values are non-negative and sparse, use -l 0 rather than the default "
                 "-l -1\n",
                 data.num_nonzeros, new_num_nonzeros);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const Exit& exit) {
    std::fflush(stdout);
    if (!exit.message.empty()) std::fprintf(stderr, "%s\n", exit.message.c_str());
    if (exit.show_usage) std::fputs(usage_text, stdout);
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "sklite-scale: out of memory\n");
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "sklite-scale: %s\n", error.what());
    return 1;
  }
}

// sklite-grid: LIBSVM's grid.py (Debian's svm-grid) on sklite's SVMs. The same options, the same
// order of the grid's points, the same lines and .out file; the points run on every core, and the
// picture is an SVG heat map instead of gnuplot's PNG.
#include <sklite/plot.hpp>
#include <sklite/svm.hpp>
#ifdef SKLITE_GRID_MPI
#include <sklite/distributed/mpi.hpp>
#endif

#include <malloc.h>
#include <sys/stat.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "cli.hpp"
#include "cross_validation.hpp"

namespace {

using sklite_cli::UsageError;

constexpr const char* kUsage =
    "Usage: sklite-grid [grid_options] [svm_options] dataset\n"
    "\n"
    "Cross-validates an SVM (sklite-train -v) at every point of a grid of C and gamma, powers of\n"
    "two, and prints the best pair. grid_options:\n"
    "-log2c begin,end,step | null : log2(C) from begin to end by step (default -5,15,2);\n"
    "    null: no grid over C (svm-train's default C)\n"
    "-log2g begin,end,step | null : log2(gamma) likewise (default 3,-15,-2); null: no grid over\n"
    "    gamma (the default gamma)\n"
    "-v n : n-fold cross-validation (default 5)\n"
    "-out pathname | null : where the rate of each point goes (default: dataset.out in the\n"
    "    current folder); null: nowhere\n"
    "-svg pathname | null : the SVG heat map of the rates (default: the -png name with .svg)\n"
    "-png pathname : accepted for grid.py's scripts: the SVG goes there with .svg in place of\n"
    "    the extension (default dataset.png, so dataset.svg)\n"
    "-gnuplot pathname | null : accepted for grid.py's scripts and otherwise unused; null also\n"
    "    means no picture unless -svg is given\n"
    "-svmtrain pathname : accepted for grid.py's scripts and unused (sklite-grid trains itself)\n"
    "-resume [pathname] : take the rates an earlier run wrote (default dataset.out) and compute\n"
    "    only the points it lacks; for the same data and options only\n"
    "--threads n : points computed at once (default: every core; under MPI, each rank's share of\n"
    "    its node's cores)\n"
    "--verbose : under MPI, print each rank's share of the work on stderr\n"
    "\n"
    "Started by mpiexec or srun (when built with MPI), sklite-grid spreads the gamma values over\n"
    "the ranks; rank 0 reads the data and prints and writes what a single process would.\n"
    "\n"
    "svm_options: sklite-train's options (-s -t -d -r -m -e -h -b -wi -q ...), given to every\n"
    "training; the grid sets -c and -g.\n";

// ---------------------------------------------------------------------------------------------
// Python's ways with numbers and strings, which grid.py's output and messages follow.

/// Python's float(text): surrounding whitespace, a sign, digits with single underscores between
/// them, inf, infinity and nan in any case. Nothing when Python would raise ValueError.
std::optional<double> python_float(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double value = 0;
  if (lower == "inf" || lower == "infinity") {
    value = HUGE_VAL;
  } else if (lower == "nan") {
    value = std::nan("");
  } else {
    std::string digits;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '_') {
        const bool between =
            i > 0 && i + 1 < text.size() && std::isdigit(text[i - 1]) && std::isdigit(text[i + 1]);
        if (!between) return std::nullopt;
        continue;
      }
      if (!(std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' || text[i] == 'e' ||
            text[i] == 'E' || text[i] == '+' || text[i] == '-'))
        return std::nullopt;
      digits += text[i];
    }
    const char* end = digits.data() + digits.size();
    const auto [stop, error] = std::from_chars(digits.data(), end, value);
    if (digits.empty() || stop != end ||
        (error != std::errc() && error != std::errc::result_out_of_range))
      return std::nullopt;
  }
  return negative ? -value : value;
}

/// Python's repr(x) of a float: the shortest digits that read back as x, in positional notation
/// from 1e-4 up to below 1e16 ("0.03125", "32768.0") and in exponent notation otherwise
/// ("3.0517578125e-05", "1e+16").
std::string python_repr(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  if (x == 0) return std::signbit(x) ? "-0.0" : "0.0";
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific);
  const std::string text(buffer, result.ptr);  // [-]d[.ddd]e±dd
  const bool negative = text[0] == '-';
  const std::size_t e = text.find('e');
  std::string digits;
  for (std::size_t i = negative ? 1 : 0; i < e; ++i)
    if (text[i] != '.') digits += text[i];
  const int exponent = std::stoi(text.substr(e + 1));
  const int point = exponent + 1;  // x = 0.digits × 10^point
  const auto n = static_cast<int>(digits.size());
  std::string out = negative ? "-" : "";
  if (point <= -4 || point > 16) {
    out += digits.substr(0, 1);
    if (n > 1) out += "." + digits.substr(1);
    const int magnitude = std::abs(exponent);
    out += exponent < 0 ? "e-" : "e+";
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
  } else if (point <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= n) {
    out += digits + std::string(static_cast<std::size_t>(point - n), '0') + ".0";
  } else {
    out += digits.substr(0, static_cast<std::size_t>(point)) + "." +
           digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

/// Python's repr(s) of a str, for messages that quote what was given: single quotes, or double
/// quotes when s holds a single quote and no double quote.
std::string python_quote(std::string_view s) {
  const bool double_quotes =
      s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos;
  const char quote = double_quotes ? '"' : '\'';
  std::string out(1, quote);
  for (const char c : s) {
    if (c == '\\' || c == quote) out += '\\';
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out + quote;
}

/// One of grid.py's own errors (its ValueError and IOError): the message, then a line pointing to
/// the usage text, on stderr; status 1.
struct GridError {
  std::string message;
};

/// Ends an MPI rank other than 0 with this status, printing nothing: rank 0 reports.
struct QuietExit {
  int status = 1;
};

// ---------------------------------------------------------------------------------------------
// The options.

/// A log2 value of C or gamma as grid.py holds it: an int for the default ranges (printed "-5"),
/// a float when given by -log2c, -log2g or a resumed file (printed "-5.0").
struct Log2 {
  double value = 0;
  bool integer = false;
  std::string str() const {
    return integer ? std::to_string(static_cast<long long>(value)) : python_repr(value);
  }
};

/// One axis of the grid: its range, or none ("null").
struct Axis {
  bool on = true;
  Log2 begin, end, step;
};

struct GridOptions {
  Axis c{true, {-5, true}, {15, true}, {2, true}};
  Axis g{true, {3, true}, {-15, true}, {-2, true}};
  std::string fold = "5";
  std::string dataset;
  std::string dataset_title;  // the dataset's file name without its folders
  std::optional<std::string> out;
  std::string png;
  std::optional<std::string> svg;  // -svg (nullopt: not given; "" after "null")
  bool svg_given = false;
  bool gnuplot_null = false;
  std::optional<std::string> resume;
  std::vector<std::string> pass_through;
  std::optional<int> threads;  // --threads (default: every core, shared by a node's MPI ranks)
  bool verbose = false;        // --verbose: each MPI rank's share of the work, on stderr
};

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

/// begin,end,step as grid.py reads them (each item through float(), then three of them).
Axis parse_range(const std::string& text) {
  if (text == "null") return Axis{false, {}, {}, {}};
  std::vector<std::string> items;
  std::size_t from = 0;
  for (;;) {
    const std::size_t comma = text.find(',', from);
    items.push_back(
        text.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  std::vector<double> values;
  for (std::size_t k = 0; k < std::min<std::size_t>(items.size(), 4); ++k) {
    const auto value = python_float(items[k]);
    if (!value) throw GridError{"could not convert string to float: " + python_quote(items[k])};
    values.push_back(*value);
  }
  if (items.size() < 3)
    throw GridError{"not enough values to unpack (expected 3, got " + std::to_string(items.size()) +
                    ")"};
  if (items.size() > 3) throw GridError{"too many values to unpack (expected 3)"};
  return Axis{true, {values[0], false}, {values[1], false}, {values[2], false}};
}

GridOptions parse_grid_options(int argc, char** argv, bool check_files = true) {
  GridOptions o;
  o.dataset = argv[argc - 1];
  const auto slash = o.dataset.find_last_of('/');
  o.dataset_title = slash == std::string::npos ? o.dataset : o.dataset.substr(slash + 1);
  o.out = o.dataset_title + ".out";
  o.png = o.dataset_title + ".png";
  const std::vector<std::string> args(argv + 1, argv + argc - 1);
  const auto value_of = [&](std::size_t& i) -> const std::string& {
    if (i + 1 >= args.size()) throw UsageError{"option " + args[i] + " needs a value", true};
    return args[++i];
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-log2c") {
      o.c = parse_range(value_of(i));
    } else if (arg == "-log2g") {
      o.g = parse_range(value_of(i));
    } else if (arg == "-v") {
      o.fold = value_of(i);
    } else if (arg == "-c" || arg == "-g") {
      throw GridError{"Use -log2c and -log2g."};
    } else if (arg == "-svmtrain") {
      value_of(i);  // sklite-grid trains itself
    } else if (arg == "-gnuplot") {
      o.gnuplot_null = value_of(i) == "null";
    } else if (arg == "-out") {
      const std::string& value = value_of(i);
      o.out = value == "null" ? std::nullopt : std::optional<std::string>(value);
    } else if (arg == "-png") {
      o.png = value_of(i);
    } else if (arg == "-svg") {
      o.svg = value_of(i);
      o.svg_given = true;
    } else if (arg == "-resume") {
      if (i + 1 == args.size() || args[i + 1].rfind('-', 0) == 0)
        o.resume = o.dataset_title + ".out";
      else
        o.resume = args[++i];
    } else if (arg == "--threads") {
      o.threads = sklite_cli::parse_int(value_of(i), arg);
      if (*o.threads < 1) throw UsageError{"--threads expects n >= 1; got " + args[i]};
    } else if (arg == "--verbose") {
      o.verbose = true;
    } else {
      o.pass_through.push_back(arg);
    }
  }
  // grid.py's checks, in its order (it also checks that svm-train exists: sklite-grid needs none).
  if (check_files && !exists(o.dataset)) throw GridError{"dataset not found"};
  if (check_files && o.resume && !exists(*o.resume))
    throw GridError{"file for resumption not found"};
  if (!o.c.on && !o.g.on) throw GridError{"-log2c and -log2g should not be null simultaneously"};
  return o;
}

/// Where the picture goes: -svg, else (unless -gnuplot null) the -png name with .svg in place of
/// its extension. Empty: no picture.
std::string svg_path(const GridOptions& o) {
  if (o.svg_given) return *o.svg == "null" ? std::string() : *o.svg;
  if (o.gnuplot_null) return {};
  const auto slash = o.png.find_last_of('/');
  const auto dot = o.png.find_last_of('.');
  const bool has_extension =
      dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  return (has_extension ? o.png.substr(0, dot) : o.png) + ".svg";
}

// ---------------------------------------------------------------------------------------------
// The points, in grid.py's order.

/// begin, begin + step, … up to end (grid.py's range_f, which adds the step to a running value).
std::vector<Log2> axis_values(const Axis& axis, const char* option) {
  const auto name = [&] {
    return std::string(option) + " " + axis.begin.str() + "," + axis.end.str() + "," +
           axis.step.str();
  };
  if (!std::isfinite(axis.begin.value) || !std::isfinite(axis.end.value) ||
      !std::isfinite(axis.step.value))
    throw UsageError{name() + ": begin, end and step must be finite numbers"};
  if (axis.step.value == 0) throw UsageError{name() + ": the step must not be 0"};
  constexpr std::size_t kMost = 100000;
  std::vector<Log2> seq;
  Log2 value = axis.begin;
  for (;;) {
    if (axis.step.value > 0 && value.value > axis.end.value) break;
    if (axis.step.value < 0 && value.value < axis.end.value) break;
    if (seq.size() == kMost)
      throw UsageError{name() + ": more than " + std::to_string(kMost) + " values"};
    seq.push_back(value);
    const double next = value.value + axis.step.value;
    if (next == value.value) throw UsageError{name() + ": the step is too small to advance"};
    value.value = next;
  }
  if (seq.empty())
    throw UsageError{name() + ": no value (end lies before begin in the step's direction)"};
  return seq;
}

/// grid.py's permute_sequence: the middle value first, then the middles of the two halves taken
/// alternately, so that early points spread over the whole range.
std::vector<Log2> coarse_to_fine(const std::vector<Log2>& seq) {
  if (seq.size() <= 1) return seq;
  const std::size_t mid = seq.size() / 2;
  std::vector<Log2> left = coarse_to_fine({seq.begin(), seq.begin() + static_cast<long>(mid)});
  std::vector<Log2> right = coarse_to_fine({seq.begin() + static_cast<long>(mid) + 1, seq.end()});
  std::vector<Log2> out{seq[mid]};
  for (std::size_t k = 0; k < std::max(left.size(), right.size()); ++k) {
    if (k < left.size()) out.push_back(left[k]);
    if (k < right.size()) out.push_back(right[k]);
  }
  return out;
}

/// A point of the grid: log2 C and log2 gamma (absent for an axis that is "null").
struct Point {
  std::optional<Log2> c, g;
};

bool same_value(const std::optional<Log2>& a, const std::optional<Log2>& b) {
  return a.has_value() == b.has_value() && (!a || a->value == b->value);
}

bool same_point(const Point& a, const Point& b) {
  return same_value(a.c, b.c) && same_value(a.g, b.g);
}

/// The points in grid.py's order: each step adds a new value of C or of gamma, whichever axis is
/// behind in the share of its values already used, crossed with the other axis's values so far.
std::vector<Point> grid_points(const GridOptions& o) {
  std::vector<std::optional<Log2>> c_seq{std::nullopt}, g_seq{std::nullopt};
  if (o.c.on) {
    c_seq.clear();
    for (const Log2& v : coarse_to_fine(axis_values(o.c, "-log2c"))) c_seq.emplace_back(v);
  }
  if (o.g.on) {
    g_seq.clear();
    for (const Log2& v : coarse_to_fine(axis_values(o.g, "-log2g"))) g_seq.emplace_back(v);
  }
  const auto nr_c = static_cast<double>(c_seq.size());
  const auto nr_g = static_cast<double>(g_seq.size());
  std::size_t i = 0, j = 0;
  std::vector<Point> points;
  while (i < c_seq.size() || j < g_seq.size()) {
    if (static_cast<double>(i) / nr_c < static_cast<double>(j) / nr_g) {
      for (std::size_t k = 0; k < j; ++k) points.push_back({c_seq[i], g_seq[k]});
      ++i;
    } else {
      for (std::size_t k = 0; k < i; ++k) points.push_back({c_seq[k], g_seq[j]});
      ++j;
    }
  }
  return points;
}

/// A rate read back from an earlier .out file.
struct Resumed {
  Point point;
  double rate = 0;
};

/// The first text after `key` made of characters of `allowed` (one at least), searching on from
/// one occurrence of the key to the next, as grid.py's regular expressions do.
std::optional<std::string> find_after(const std::string& line, const std::string& key,
                                      std::string_view allowed) {
  for (std::size_t at = line.find(key); at != std::string::npos; at = line.find(key, at + 1)) {
    const std::size_t from = at + key.size();
    std::size_t to = from;
    while (to < line.size() && allowed.find(line[to]) != std::string_view::npos) ++to;
    if (to > from) return line.substr(from, to - from);
  }
  return std::nullopt;
}

[[noreturn]] void throw_os_error(int error, const std::string& path) {
  throw GridError{"[Errno " + std::to_string(error) + "] " + std::strerror(error) + ": " +
                  python_quote(path)};
}

/// The rates of an earlier run, in the order of their first line, each point with its last rate
/// (grid.py keeps them in a dict).
std::vector<Resumed> read_resumed(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw_os_error(errno, path);
  std::vector<Resumed> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto rate_text = find_after(line, "rate=", "0123456789.");
    if (!rate_text) continue;
    const auto number = [](const std::string& text) {
      const auto value = python_float(text);
      if (!value) throw GridError{"could not convert string to float: " + python_quote(text)};
      return *value;
    };
    const double rate = number(*rate_text);
    Point p;
    if (const auto c = find_after(line, "log2c=", "0123456789.-")) p.c = Log2{number(*c), false};
    if (const auto g = find_after(line, "log2g=", "0123456789.-")) p.g = Log2{number(*g), false};
    const auto known = std::find_if(out.begin(), out.end(),
                                    [&](const Resumed& r) { return same_point(r.point, p); });
    if (known != out.end())
      known->rate = rate;
    else
      out.push_back({p, rate});
  }
  if (in.bad()) throw_os_error(errno, path);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The cross-validation of each point, on several threads.

/// svm-train's arguments at a point, as grid.py builds its command line: -c and -g (2 to the
/// point's values), -v, the options passed through, the dataset.
std::vector<std::string> train_arguments(const GridOptions& o, const Point& p) {
  std::vector<std::string> args;
  if (p.c) args.insert(args.end(), {"-c", python_repr(std::pow(2.0, p.c->value))});
  if (p.g) args.insert(args.end(), {"-g", python_repr(std::pow(2.0, p.g->value))});
  args.insert(args.end(), {"-v", o.fold});
  args.insert(args.end(), o.pass_through.begin(), o.pass_through.end());
  args.push_back(o.dataset);
  return args;
}

/// svm-train's options at a point, for a quiet single-threaded fit.
sklite_cli::Options train_options(const GridOptions& o, const Point& p) {
  sklite_cli::Options options = sklite_cli::parse_options(train_arguments(o, p));
  if (options.train_file != o.dataset || options.model_file != o.dataset_title + ".model")
    throw UsageError{"svm_options: '" + options.train_file +
                     "' is not an option (svm_options come before the dataset)"};
  options.quiet = true;
  options.threads = 1;
  return options;
}

/// The rate grid.py reads from svm-train's report: the last word of the first line that mentions
/// "Cross", without its last character (the accuracy's %; for a regression, that drops the last
/// digit of the mean squared error, as grid.py does).
double rate_of(const std::string& report) {
  std::size_t start = 0;
  while (start < report.size()) {
    const std::size_t end = std::min(report.find('\n', start), report.size());
    const std::string line = report.substr(start, end - start);
    if (line.find("Cross") != std::string::npos) {
      const std::size_t last = line.find_last_not_of(" \t");
      const std::size_t first = line.find_last_of(" \t", last) + 1;
      const std::string word = line.substr(first, last - first);  // without the last character
      if (const auto rate = python_float(word)) return *rate;
      throw std::runtime_error("grid.py would read no rate from svm-train's '" + line + "'");
    }
    start = end + 1;
  }
  throw std::runtime_error("no cross-validation report");
}

/// The kernel setting of a training's options: its type and parameters, as a fit records them
/// (gamma 0 is 1/num_features).
std::pair<sklite::kernels::KernelType, sklite::kernels::KernelParameters> kernel_setting(
    const sklite_cli::Options& o, Eigen::Index n_features) {
  static const sklite::kernels::KernelType types[] = {
      sklite::kernels::KernelType::linear, sklite::kernels::KernelType::poly,
      sklite::kernels::KernelType::rbf, sklite::kernels::KernelType::sigmoid,
      sklite::kernels::KernelType::precomputed};
  sklite::kernels::KernelParameters parameters;
  parameters.gamma = o.gamma > 0 ? o.gamma : 1.0 / static_cast<double>(n_features);
  parameters.coef0 = o.coef0;
  parameters.degree = o.degree;
  return {types[o.kernel_type], parameters};
}

/// The points still to compute, their folds as tasks for the threads, and their rates as they
/// come. Workers take tasks in order; the caller waits for each point's rate in turn.
///
/// The fits of one kernel setting (one gamma: every C, every fold) share their kernel values: the
/// solver's come from one Gram matrix of all the samples (svm::KernelShare), and a classifier's
/// predictions of a fold from one block of kernel values between the fold's samples and the
/// others, computed as predict computes them, once for all the C. When the matrices of every
/// setting fit in the -m budget at once, the points run in grid.py's order, so that their lines
/// come out as they are computed; otherwise one setting after the other, each setting's matrices
/// freed after its last fit.
class Evaluation {
 public:
  Evaluation(const GridOptions& grid, const sklite_cli::Problem& problem,
             const sklite_cli::Folds& folds, int n_folds, const std::vector<Point>& points)
      : problem_(problem), folds_(folds), n_folds_(n_folds), states_(points.size()) {
    std::vector<double> gammas;
    for (std::size_t p = 0; p < points.size(); ++p) {
      State& s = states_[p];
      s.options = train_options(grid, points[p]);
      const auto known = std::find(gammas.begin(), gammas.end(), s.options.gamma);
      s.setting = static_cast<std::size_t>(known - gammas.begin());
      if (known == gammas.end()) {
        gammas.push_back(s.options.gamma);
        settings_.emplace_back(n_folds_);
      }
      settings_[s.setting].tasks_left += n_folds_;
      settings_[s.setting].points += 1;
    }
    for (Setting& setting : settings_)
      for (int f = 0; f < n_folds_; ++f)
        setting.blocks[static_cast<std::size_t>(f)].uses_left = setting.points;
    if (states_.empty()) return;

    const sklite_cli::Options& o = states_.front().options;
    const std::size_t budget = sklite::svm::cache_bytes_from_mb(o.cache_size);
    if (!problem.precomputed)
      share_ = std::make_shared<sklite::svm::KernelShare<double>>(problem.X, budget, 1);
    // The bytes of one setting's matrices: the Gram matrix (floats) and the fold blocks.
    const auto n = static_cast<std::size_t>(problem.X.rows());
    std::size_t block_bytes = 0;
    for (int f = 0; f < n_folds_; ++f) {
      const auto test = static_cast<std::size_t>(folds.start[static_cast<std::size_t>(f) + 1] -
                                                 folds.start[static_cast<std::size_t>(f)]);
      block_bytes += test * (n - test) * sizeof(double);
    }
    const std::size_t per_setting = sklite::svm::GramRows::bytes(problem.X.rows()) + block_bytes;
    const bool all_at_once = per_setting * settings_.size() <= budget;
    order_.resize(points.size());
    for (std::size_t p = 0; p < points.size(); ++p) order_[p] = p;
    if (!all_at_once)
      std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
        return states_[a].setting < states_[b].setting;
      });
    // (Run one setting after the other, two may overlap where they meet.)
    shared_blocks_ = sklite_cli::classifies(o) && o.probability == 0 && !problem.precomputed &&
                     per_setting * (all_at_once ? settings_.size() : 2) <= budget;
  }

  /// Starts `threads` workers.
  void start(int threads) {
    const auto count = static_cast<std::size_t>(std::max(1, threads));
    for (std::size_t w = 0; w < count; ++w) workers_.emplace_back([this] { work(); });
  }

  /// The rate of point p, once computed. Rethrows the first failure of any task.
  double rate(std::size_t p) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return states_[p].finished || failure_; });
    if (failure_) std::rethrow_exception(failure_);
    return states_[p].rate;
  }

  /// Stops the workers (after their current task) and waits for them.
  void stop() {
    next_ = states_.size() * static_cast<std::size_t>(n_folds_);
    for (auto& worker : workers_)
      if (worker.joinable()) worker.join();
  }

  Evaluation(const Evaluation&) = delete;
  Evaluation& operator=(const Evaluation&) = delete;
  ~Evaluation() { stop(); }

 private:
  struct State {
    sklite_cli::Options options;
    std::size_t setting = 0;
    std::once_flag allocated;
    Eigen::VectorXd predicted;
    std::atomic<int> folds_left{0};
    bool finished = false;
    double rate = 0;
  };
  /// The kernel values between a fold's samples and the others, for one setting.
  struct Block {
    std::once_flag computed;
    Eigen::MatrixXd K;
    std::atomic<int> uses_left{0};
  };
  struct Setting {
    explicit Setting(int n_folds) : blocks(static_cast<std::size_t>(n_folds)) {}
    std::atomic<int> tasks_left{0};
    int points = 0;
    std::vector<Block> blocks;
  };

  /// The kernel values between the samples `test` and `train` of the problem at options o, as a
  /// classifier's predict computes them against its support vectors.
  Eigen::MatrixXd kernel_block(const sklite_cli::Options& o, const std::vector<Eigen::Index>& test,
                               const std::vector<Eigen::Index>& train) const {
    sklite::svm::Model<double> all;  // every training sample as a support vector
    std::tie(all.kernel_type, all.kernel) = kernel_setting(o, problem_.X.cols());
    all.SV = problem_.X(train, Eigen::all);
    all.sv_coef.resize(1, static_cast<Eigen::Index>(train.size()));
    return sklite::svm::support_kernel(all, sklite::svm::model_kernel(sklite::kernels::Any{}, all),
                                       Eigen::MatrixXd(problem_.X(test, Eigen::all)));
  }

  /// What predict gives for the samples of fold `fold` with the classifier t, from the fold's
  /// block of kernel values.
  Eigen::VectorXd predict_from_block(const sklite_cli::Options& o, Block& block,
                                     const sklite_cli::Trained& t,
                                     const std::vector<Eigen::Index>& test,
                                     const std::vector<Eigen::Index>& train) const {
    std::call_once(block.computed, [&] { block.K = kernel_block(o, test, train); });
    const sklite::svm::Model<double>& fitted = std::visit(
        [](const auto& e) -> const sklite::svm::Model<double>& { return e.model(); }, t.estimator);
    sklite::svm::Model<double> m;  // the fitted model, its kernel values taken from the block
    m.svm_type = fitted.svm_type;
    m.kernel_type = sklite::kernels::KernelType::precomputed;
    m.label = fitted.label;
    m.nr_sv = fitted.nr_sv;
    m.rho = fitted.rho;
    m.sv_coef = fitted.sv_coef;
    m.sv_indices = fitted.sv_indices;
    m.vote_rank = fitted.vote_rank;
    m.n_features = static_cast<Eigen::Index>(train.size());
    sklite::kernels::Any precomputed;
    precomputed.type = sklite::kernels::KernelType::precomputed;
    const Eigen::VectorXi winner =
        sklite::svm::vote(m, sklite::svm::decision_values(m, precomputed, block.K, 1));
    Eigen::VectorXd out(winner.size());
    for (Eigen::Index i = 0; i < winner.size(); ++i)
      out(i) = t.classes[static_cast<std::size_t>(m.label(winner(i)))];
    if (--block.uses_left == 0) block.K = Eigen::MatrixXd();
    return out;
  }

  void work() {
    const std::size_t tasks = states_.size() * static_cast<std::size_t>(n_folds_);
    const sklite_cli::BeforeFit share = [this](sklite_cli::Estimator& e,
                                               const std::vector<Eigen::Index>& rows) {
      if (share_) std::visit([&](auto& estimator) { estimator.share_kernel(share_, rows); }, e);
    };
    for (std::size_t task = next_++; task < tasks; task = next_++) {
      const std::size_t p = order_[task / static_cast<std::size_t>(n_folds_)];
      const int fold = static_cast<int>(task % static_cast<std::size_t>(n_folds_));
      State& s = states_[p];
      Setting& setting = settings_[s.setting];
      try {
        std::call_once(s.allocated, [&] {
          s.predicted = Eigen::VectorXd::Zero(problem_.y.size());
          s.folds_left = n_folds_;
        });
        sklite_cli::Predictor predictor;
        if (shared_blocks_)
          predictor = [&](const sklite_cli::Trained& t, const std::vector<Eigen::Index>& test,
                          const std::vector<Eigen::Index>& train) {
            return predict_from_block(s.options, setting.blocks[static_cast<std::size_t>(fold)], t,
                                      test, train);
          };
        sklite_cli::predict_fold(s.options, problem_, folds_, fold, s.predicted, share, predictor);
        if (--setting.tasks_left == 0 && share_) {
          const auto [type, parameters] = kernel_setting(s.options, problem_.X.cols());
          share_->release(type, parameters);
        }
        if (--s.folds_left == 0) {
          const double rate =
              rate_of(sklite_cli::cross_validation_report(s.options, s.predicted, problem_.y));
          s.predicted = Eigen::VectorXd();
          const std::lock_guard<std::mutex> lock(mutex_);
          s.rate = rate;
          s.finished = true;
          done_.notify_all();
        }
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        next_ = tasks;
        done_.notify_all();
        return;
      }
    }
  }

  const sklite_cli::Problem& problem_;
  const sklite_cli::Folds& folds_;
  int n_folds_;
  std::vector<State> states_;
  std::deque<Setting> settings_;    // by kernel setting (gamma)
  std::vector<std::size_t> order_;  // the points in the order they run
  std::shared_ptr<sklite::svm::KernelShare<double>> share_;
  bool shared_blocks_ = false;  // predict from Setting::blocks
  std::atomic<std::size_t> next_{0};
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::exception_ptr failure_;
};

// ---------------------------------------------------------------------------------------------
// The report.

/// The best point so far, by grid.py's rule: a higher rate, or the same rate at the same gamma
/// with a smaller C.
struct Best {
  std::optional<Log2> c, g;
  double rate = -1;
  void update(const Point& p, double r) {
    const bool smaller_c = p.c && c && p.c->value < c->value;
    if (r > rate || (r == rate && same_value(p.g, g) && smaller_c)) {
      rate = r;
      c = p.c;
      g = p.g;
    }
  }
};

/// grid.py's line for a point: "[worker] log2c log2g rate (best c=…, g=…, rate=…)".
std::string report_line(const char* worker, const Point& p, double rate, const Best& best) {
  std::string line = std::string("[") + worker + "] ";
  std::string values;
  for (const auto& v : {p.c, p.g})
    if (v) values += (values.empty() ? "" : " ") + v->str();
  line += values + " " + python_repr(rate) + " (best ";
  if (p.c) line += "c=" + python_repr(std::pow(2.0, best.c ? best.c->value : NAN)) + ", ";
  if (p.g) line += "g=" + python_repr(std::pow(2.0, best.g ? best.g->value : NAN)) + ", ";
  return line + "rate=" + python_repr(best.rate) + ")";
}

/// grid.py's line of the .out file for a point.
std::string out_line(const Point& p, double rate) {
  std::string line;
  if (p.c) line += "log2c=" + p.c->str() + " ";
  if (p.g) line += "log2g=" + p.g->str() + " ";
  return line + "rate=" + python_repr(rate) + "\n";
}

/// The heat map of the rates over the grid (both axes on), the best point marked.
std::string heat_map(const GridOptions& o, const std::vector<Point>& points,
                     const std::vector<double>& rates, const Best& best, bool accuracy) {
  std::vector<double> xs, ys;
  for (const Point& p : points) {
    xs.push_back(p.c->value);
    ys.push_back(p.g->value);
  }
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  std::sort(ys.begin(), ys.end());
  ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
  Eigen::MatrixXd values = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(ys.size()),
                                                     static_cast<Eigen::Index>(xs.size()), NAN);
  for (std::size_t k = 0; k < points.size(); ++k) {
    const auto col = std::lower_bound(xs.begin(), xs.end(), points[k].c->value) - xs.begin();
    const auto row = std::lower_bound(ys.begin(), ys.end(), points[k].g->value) - ys.begin();
    values(row, col) = rates[k];
  }
  sklite::plot::GridHeatmapOptions options;
  options.title = o.dataset_title;
  options.xlabel = "log2(C)";
  options.ylabel = "log2(gamma)";
  options.colorbar_label = accuracy ? "cross-validation accuracy (%)" : "cross-validation rate";
  if (best.c && best.g) {
    options.best = std::pair{best.c->value, best.g->value};
    options.best_label = "best: log2(C) = " + best.c->str() + ", log2(gamma) = " + best.g->str() +
                         ", " + python_repr(best.rate) + (accuracy ? "%" : "") +
                         " (C = " + python_repr(std::pow(2.0, best.c->value)) +
                         ", gamma = " + python_repr(std::pow(2.0, best.g->value)) + ")";
  }
  // Contours where grid.py asks gnuplot for them, from 3 below the best rate (rounded), but every
  // 1 rather than every 0.5, and below the best rate (a line at the best rate itself would only
  // run through the best points); colours over the 10 points below the best accuracy, lower ones
  // all in the darkest colour, so that the region of good rates shows its shape.
  const double top = values.array().isNaN().select(-HUGE_VAL, values).maxCoeff();
  const double bottom = values.array().isNaN().select(HUGE_VAL, values).minCoeff();
  if (accuracy) {
    for (double level = std::nearbyint(top) - 3; level < top; level += 1)
      options.levels.push_back(level);
    if (bottom < top - 10) options.vmin = top - 10;
  }
  return sklite::plot::grid_heatmap(xs, ys, values, options);
}

/// What a search needs before its first fit: the options, the grid, the data and folds, and the
/// points still to compute (those an earlier run's -resume file lacks).
struct Search {
  GridOptions o;
  std::vector<Point> points;
  std::vector<Resumed> resumed;
  sklite_cli::Options first;  // the first point's training options
  sklite_cli::Problem problem;
  int n_folds = 0;
  sklite_cli::Folds folds;
  std::vector<std::size_t> todo;  // indices into points
  std::vector<double> rates;      // by point; those of resumed points filled in
};

Search prepare(int argc, char** argv) {
  Search s;
  s.o = parse_grid_options(argc, argv);
  s.points = grid_points(s.o);
  s.resumed = s.o.resume ? read_resumed(*s.o.resume) : std::vector<Resumed>{};
  // Every point's training options, checked now; then the data, read once.
  s.first = train_options(s.o, s.points.front());
  s.problem = sklite_cli::read_problem(s.first);
  s.n_folds = sklite_cli::fold_count(s.first.folds, s.problem.y.size());
  s.folds = sklite_cli::cross_validation_folds(s.first, s.problem, s.n_folds);
  s.rates.assign(s.points.size(), 0.0);
  for (std::size_t k = 0; k < s.points.size(); ++k) {
    const auto known = std::find_if(s.resumed.begin(), s.resumed.end(), [&](const Resumed& r) {
      return same_point(r.point, s.points[k]);
    });
    if (known != s.resumed.end())
      s.rates[k] = known->rate;
    else
      s.todo.push_back(k);
  }
  return s;
}

std::vector<Point> points_of(const Search& s, const std::vector<std::size_t>& indices) {
  std::vector<Point> out;
  for (const std::size_t k : indices) out.push_back(s.points[k]);
  return out;
}

/// grid.py's output: the resumed points' lines, a line (and a line of the .out file) for each
/// point computed, in grid order as their rates become known, then the best pair and the
/// picture.
class Report {
 public:
  explicit Report(Search& s) : s_(s) {
    if (s_.o.out) {
      out_.open(*s_.o.out, s_.o.resume ? std::ios::app : std::ios::trunc);
      if (!out_) throw_os_error(errno, *s_.o.out);
    }
    for (const Resumed& r : s_.resumed) {
      best_.update(r.point, r.rate);
      std::cout << report_line("resumed", r.point, r.rate, best_) << '\n';
    }
    known_.assign(s_.todo.size(), false);
  }

  /// The rate of s.todo[t]; prints every line that is then due.
  void rate(std::size_t t, double rate) {
    s_.rates[s_.todo[t]] = rate;
    known_[t] = true;
    for (; printed_ < known_.size() && known_[printed_]; ++printed_) {
      const std::size_t k = s_.todo[printed_];
      best_.update(s_.points[k], s_.rates[k]);
      std::cout << report_line("local", s_.points[k], s_.rates[k], best_) << std::endl;
      if (out_.is_open()) {
        out_ << out_line(s_.points[k], s_.rates[k]);
        out_.flush();
      }
    }
  }

  /// The best pair and the picture, once every rate is known.
  void finish() {
    if (out_.is_open()) {
      out_.close();
      if (!out_) throw_os_error(errno, *s_.o.out);
    }
    std::string last;
    for (const auto& v : {best_.c, best_.g})
      if (v) last += (last.empty() ? "" : " ") + python_repr(std::pow(2.0, v->value));
    std::cout << last << " " << python_repr(best_.rate) << std::endl;
    const std::string picture = svg_path(s_.o);
    if (!picture.empty() && s_.o.c.on && s_.o.g.on)
      sklite::plot::save_svg(picture,
                             heat_map(s_.o, s_.points, s_.rates, best_, s_.first.svm_type <= 2));
  }

 private:
  Search& s_;
  std::ofstream out_;
  Best best_;
  std::vector<bool> known_;
  std::size_t printed_ = 0;
};

void run(int argc, char** argv) {
  Search s = prepare(argc, argv);
  Report report(s);
  Evaluation evaluation(s.o, s.problem, s.folds, s.n_folds, points_of(s, s.todo));
  evaluation.start(s.o.threads.value_or(sklite::detail::hardware_threads()));
  for (std::size_t t = 0; t < s.todo.size(); ++t) report.rate(t, evaluation.rate(t));
  evaluation.stop();
  report.finish();
}

#ifdef SKLITE_GRID_MPI
// ---------------------------------------------------------------------------------------------
// Across the ranks of an MPI job (docs/distributed.md).

/// Whether a launcher (mpiexec, mpirun, srun) started this process: only then is MPI
/// initialized, since MPI_Init on its own costs most of a second.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

/// A point's rate, or why its cross-validation failed, as the ranks send them.
struct PointRate {
  double rate = 0;
  std::string failure;
};

struct PointRateCodec {
  void write(sklite::mpi::detail::Writer& out, const PointRate& r) const {
    out.f64(r.rate).text(r.failure);
  }
  PointRate read(sklite::mpi::detail::Reader& in) const {
    PointRate r;
    r.rate = in.f64();
    r.failure = in.text();
    return r;
  }
  bool failed(const PointRate& r) const { return !r.failure.empty(); }
};

/// Rank 0's problem, folds and points to compute on every rank (the other ranks read no file).
void share_search(MPI_Comm comm, Search& s) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  sklite::mpi::broadcast(comm, s.problem.X, s.problem.y);
  const auto as_doubles = [](const auto& values) {
    return std::vector<double>(values.begin(), values.end());
  };
  sklite::mpi::detail::Writer out;
  if (rank == 0) {
    out.u64(s.problem.precomputed ? 1 : 0).u64(static_cast<std::uint64_t>(s.n_folds));
    out.doubles(as_doubles(s.problem.labels)).doubles(as_doubles(s.folds.perm));
    out.doubles(as_doubles(s.folds.start)).doubles(as_doubles(s.todo));
  }
  sklite::mpi::detail::Reader in(sklite::mpi::detail::broadcast_bytes(comm, 0, out.bytes()));
  s.problem.precomputed = in.u64() != 0;
  s.n_folds = static_cast<int>(in.u64());
  const std::vector<double> labels = in.doubles(), perm = in.doubles(), start = in.doubles(),
                            todo = in.doubles();
  s.problem.labels =
      Eigen::Map<const Eigen::VectorXd>(labels.data(), static_cast<Eigen::Index>(labels.size()))
          .cast<int>();
  s.folds.perm.assign(perm.begin(), perm.end());
  s.folds.start.assign(start.begin(), start.end());
  s.todo.assign(todo.begin(), todo.end());
}

/// The points to compute by kernel setting (gamma), each group run on one rank.
std::vector<std::vector<std::size_t>> groups_by_gamma(const Search& s) {
  std::vector<double> gammas;
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t t = 0; t < s.todo.size(); ++t) {
    const double gamma = train_options(s.o, s.points[s.todo[t]]).gamma;
    const auto g =
        static_cast<std::size_t>(std::find(gammas.begin(), gammas.end(), gamma) - gammas.begin());
    if (g == gammas.size()) {
      gammas.push_back(gamma);
      groups.emplace_back();
    }
    groups[g].push_back(t);
  }
  return groups;
}

/// --verbose: where each gamma's points ran and for how long, and each rank's share, on stderr.
void print_shares(const Search& s, const std::vector<std::vector<std::size_t>>& groups,
                  const sklite::mpi::Scheduler& scheduler) {
  char line[160];
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Point& p = s.points[s.todo[groups[g].front()]];
    const sklite::mpi::GroupRun& run = scheduler.group_runs()[g];
    std::snprintf(line, sizeof line, "group log2g=%s: %zu points, rank %d, %.3f s\n",
                  p.g ? p.g->str().c_str() : "null", groups[g].size(), run.rank, run.seconds);
    std::cerr << line;
  }
  for (const sklite::mpi::RankShare& share : scheduler.shares()) {
    std::snprintf(line, sizeof line, "rank %d: %zu groups, %zu points, %.3f s busy\n", share.rank,
                  share.groups, share.tasks, share.seconds);
    std::cerr << line;
  }
}

/// run() across the ranks of comm. Rank 0 reads the data, prints and writes everything; the others
/// receive the data from it and compute the groups of points it hands them.
void run_distributed(MPI_Comm comm, int argc, char** argv) {
  sklite::mpi::Scheduler scheduler(comm);
  Search s;
  // Rank 0 prepares alone (and reports its errors); the others follow it or stop with it.
  std::exception_ptr error;
  if (scheduler.rank() == 0) try {
      s = prepare(argc, argv);
    } catch (...) {
      error = std::current_exception();
    }
  int ready = error ? 0 : 1;
  MPI_Bcast(&ready, 1, MPI_INT, 0, comm);
  if (error) std::rethrow_exception(error);
  if (!ready) throw QuietExit{1};
  if (scheduler.rank() != 0) {
    s.o = parse_grid_options(argc, argv, /*check_files=*/false);
    s.points = grid_points(s.o);
  }
  share_search(comm, s);

  std::optional<Report> report;
  if (scheduler.rank() == 0) report.emplace(s);
  const int threads = s.o.threads.value_or(scheduler.threads(-1));
  const auto compute = [&](const std::vector<std::size_t>& tasks, std::size_t /*stop_after*/) {
    std::vector<PointRate> rates(tasks.size());
    std::vector<std::size_t> indices;
    for (const std::size_t t : tasks) indices.push_back(s.todo[t]);
    Evaluation evaluation(s.o, s.problem, s.folds, s.n_folds, points_of(s, indices));
    evaluation.start(threads);
    for (std::size_t k = 0; k < tasks.size(); ++k) try {
        rates[k].rate = evaluation.rate(k);
      } catch (const std::exception& e) {
        // out_line names the point: "log2c=… log2g=… rate=…".
        const std::string point = out_line(s.points[indices[k]], 0);
        rates[k].failure = std::string(e.what()) + " (at " + point.substr(0, point.find(" rate=")) +
                           "," + scheduler.where() + ")";
        break;
      }
    evaluation.stop();
    return rates;
  };
  const std::vector<std::vector<std::size_t>> groups = groups_by_gamma(s);
  std::vector<PointRate> rates;
  try {
    rates = scheduler.run_groups<PointRate>(groups, s.todo.size(), compute, PointRateCodec{}, true,
                                            [&](std::size_t t, const PointRate& r) {
                                              if (r.failure.empty()) report->rate(t, r.rate);
                                            });
  } catch (...) {
    if (scheduler.rank() != 0) throw QuietExit{1};  // rank 0 reports it
    throw;
  }
  for (const PointRate& r : rates)
    if (!r.failure.empty()) {
      if (scheduler.rank() == 0) throw std::runtime_error(r.failure);
      throw QuietExit{1};
    }
  if (s.o.verbose && scheduler.rank() == 0) print_shares(s, groups, scheduler);
  if (report) report->finish();
}

/// MPI for the lifetime of main, when a launcher started the process.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv) {
    if (!launched_by_mpi()) return;
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    active_ = true;
  }
  ~MpiSession() {
    if (active_) MPI_Finalize();
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  bool active() const { return active_; }

 private:
  bool active_ = false;
};
#endif

}  // namespace

int main(int argc, char** argv) {
  // Hundreds of fits allocate and free blocks of megabytes: keep them in the heap for the next fit
  // rather than mapping them afresh (and faulting their pages in) every time.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  bool report = true;  // false on MPI ranks other than 0
#ifdef SKLITE_GRID_MPI
  MpiSession mpi(argc, argv);
  if (mpi.active()) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    report = rank == 0;
  }
#endif
  if (argc < 2) {
    if (report) std::cout << kUsage;
    return 1;
  }
  try {
    return sklite_cli::run("sklite-grid", kUsage, [&] {
#ifdef SKLITE_GRID_MPI
      if (mpi.active()) return run_distributed(MPI_COMM_WORLD, argc, argv);
#endif
      run(argc, argv);
    });
  } catch (const GridError& e) {
    std::cout.flush();
    std::cerr << e.message << "\nTry \"sklite-grid\" for more information.\n";
    return 1;
  } catch (const QuietExit& e) {
    return e.status;
  }
}

// sklite: LIBSVM's text model file (what svm-train writes and svm-predict reads), for every
// svm_type: a strict reader into svm::Model and an atomic writer.
#ifndef SKLITE_SVM_MODEL_FILE_HPP
#define SKLITE_SVM_MODEL_FILE_HPP

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <istream>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/detail/file_io.hpp"
#include "sklite/detail/text.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/formulations.hpp"
#include "sklite/svm/model.hpp"

namespace sklite::svm {

/// @brief The largest number of entries the reader agrees to allocate for one table: the dense
/// support vectors (total_sv × the largest feature index) and sklite's pair weights
/// (total_sv × nr_class(nr_class − 1)/2). One more than the largest feature index or
/// precomputed serial accepted. It is the limit of every text reader, as
/// datasets::svmlight_max_dense_elements (2^28 unless SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS says
/// otherwise), so that a corrupt or hostile count is an error instead of a huge allocation.
inline constexpr std::size_t libsvm_model_max_elements = sklite::detail::max_dense_elements;

/// @brief Options of read_libsvm_model.
struct LibsvmReadOptions {
  /// How error messages start ("function: path:line: problem").
  std::string_view function = "read_libsvm_model";
  /// When set, the file's svm_type must be this one (for an estimator's load).
  std::optional<SVMType> svm_type{};
  /// When set, the file's kernel_type must be this kernel (for an estimator with a fixed kernel).
  std::optional<kernels::KernelType> kernel{};
};

namespace detail {

using sklite::detail::quote_token;

/// LIBSVM's name of a kernel ("polynomial" where scikit-learn says "poly").
inline const char* libsvm_kernel_name(kernels::KernelType type) {
  return type == kernels::KernelType::poly ? "polynomial" : kernels::kernel_name(type);
}

/// Splits a line at blanks (space, tab, \v, \f, \r).
inline void split_tokens(std::string_view line, std::vector<std::string_view>& tokens) {
  tokens.clear();
  std::size_t p = 0;
  while (p < line.size()) {
    while (p < line.size() && sklite::detail::is_blank(line[p])) ++p;
    const std::size_t begin = p;
    while (p < line.size() && !sklite::detail::is_blank(line[p])) ++p;
    if (p > begin) tokens.push_back(line.substr(begin, p - begin));
  }
}

/// Parses a whole token as a finite double.
inline bool parse_finite(std::string_view token, double& value) {
  return sklite::detail::parse_double(token, value) && std::isfinite(value);
}

/// Parses a whole token as an int.
inline bool parse_int(std::string_view token, int& value) {
  std::int64_t wide = 0;
  if (!sklite::detail::parse_int64(token, wide) || wide < std::numeric_limits<int>::min() ||
      wide > std::numeric_limits<int>::max())
    return false;
  value = static_cast<int>(wide);
  return true;
}

/// The whole content of a stream; throws FileError on a read error.
inline std::string read_all(std::istream& in, const std::string& name, std::string_view function) {
  std::string content;
  std::array<char, 1 << 16> block{};
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    content.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) sklite::detail::throw_file_error(function, name, 0, "read error");
  return content;
}

/// The parser: header lines up to "SV", then one line per support vector.
template <typename Scalar>
class LibsvmModelParser {
 public:
  LibsvmModelParser(std::string_view text, const std::string& name,
                    const LibsvmReadOptions& options)
      : text_(text), name_(name), options_(options) {
    model_.kernel.gamma = 0;  // a kernel without gamma has none in the file
  }

  Model<Scalar> parse() {
    if (text_.empty()) fail(0, "the file is empty");
    if (text_.back() != '\n') {
      const auto lines = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n'));
      fail(lines + 1, "the last line does not end with a newline: the file looks truncated");
    }
    std::size_t sv_line = 0;
    while (next_line()) {
      if (tokens_.empty()) continue;
      if (tokens_[0] == "SV") {
        if (tokens_.size() != 1)
          fail(line_number_, "SV must be alone on its line; got ", tokens_.size() - 1,
               " more token(s)");
        sv_line = line_number_;
        break;
      }
      header_line();
    }
    if (sv_line == 0) fail(line_number_, "the file ends before the SV line");
    check_header(sv_line);
    read_support_vectors();
    return std::move(model_);
  }

 private:
  enum Key : std::size_t {
    svm_type,
    kernel_type,
    degree,
    gamma,
    coef0,
    nr_class,
    total_sv,
    rho,
    label,
    probA,
    probB,
    nr_sv,
    n_keys
  };
  static constexpr std::array<const char*, n_keys> kKeyNames{
      "svm_type", "kernel_type", "degree", "gamma", "coef0", "nr_class",
      "total_sv", "rho",         "label",  "probA", "probB", "nr_sv"};

  template <typename... Parts>
  [[noreturn]] void fail(std::size_t line, const Parts&... parts) const {
    sklite::detail::throw_file_error(options_.function, name_, line, parts...);
  }

  // Moves to the next line and splits it; false at the end of the text.
  bool next_line() {
    if (position_ >= text_.size()) return false;
    const std::size_t end = text_.find('\n', position_);  // found: the text ends with '\n'
    split_tokens(text_.substr(position_, end - position_), tokens_);
    position_ = end + 1;
    ++line_number_;
    return true;
  }

  void expect_values(Key key, std::size_t count) const {
    if (tokens_.size() - 1 != count)
      fail(line_number_, kKeyNames[key], " expects ", count, " value", count == 1 ? "" : "s",
           "; got ", tokens_.size() - 1);
  }
  int int_value(Key key, std::string_view token) const {
    int value = 0;
    if (!parse_int(token, value))
      fail(line_number_, kKeyNames[key], ": expected an integer; got ", quote_token(token));
    return value;
  }
  double finite_value(Key key, std::string_view token) const {
    double value = 0;
    if (!parse_finite(token, value))
      fail(line_number_, kKeyNames[key], ": expected a finite number; got ", quote_token(token));
    return value;
  }
  Eigen::VectorXd finite_values(Key key) const {
    Eigen::VectorXd values(static_cast<Eigen::Index>(tokens_.size() - 1));
    for (std::size_t t = 1; t < tokens_.size(); ++t)
      values(static_cast<Eigen::Index>(t - 1)) = finite_value(key, tokens_[t]);
    return values;
  }
  Eigen::VectorXi int_values(Key key) const {
    Eigen::VectorXi values(static_cast<Eigen::Index>(tokens_.size() - 1));
    for (std::size_t t = 1; t < tokens_.size(); ++t)
      values(static_cast<Eigen::Index>(t - 1)) = int_value(key, tokens_[t]);
    return values;
  }

  void header_line() {
    const std::string_view word = tokens_[0];
    const auto* found = std::find_if(kKeyNames.begin(), kKeyNames.end(),
                                     [&](const char* key) { return word == key; });
    if (found == kKeyNames.end())
      fail(line_number_, "unknown header line ", quote_token(word),
           "; expected svm_type, kernel_type, degree, gamma, coef0, nr_class, total_sv, rho, "
           "label, probA, probB, nr_sv or SV");
    const auto key = static_cast<Key>(found - kKeyNames.begin());
    if (line_of_[key] != 0)
      fail(line_number_, "duplicate header line '", kKeyNames[key], "' (first at line ",
           line_of_[key], ")");
    line_of_[key] = line_number_;
    switch (key) {
      case svm_type: {
        expect_values(key, 1);
        const std::string_view type = tokens_[1];
        bool known = false;
        for (const SVMType candidate : {SVMType::c_svc, SVMType::nu_svc, SVMType::one_class,
                                        SVMType::epsilon_svr, SVMType::nu_svr})
          if (type == svm_type_name(candidate)) {
            model_.svm_type = candidate;
            known = true;
          }
        if (!known)
          fail(line_number_, "unknown svm_type ", quote_token(type),
               "; expected c_svc, nu_svc, one_class, epsilon_svr or nu_svr");
        if (options_.svm_type && *options_.svm_type != model_.svm_type)
          fail(line_number_, "svm_type ", type, " is not what ", estimator_name(*options_.svm_type),
               " reads (", svm_type_name(*options_.svm_type),
               "); load the file with sklite::", estimator_name(model_.svm_type));
        break;
      }
      case kernel_type: {
        expect_values(key, 1);
        const std::string_view type = tokens_[1];
        bool known = false;
        for (const kernels::KernelType candidate :
             {kernels::KernelType::linear, kernels::KernelType::poly, kernels::KernelType::rbf,
              kernels::KernelType::sigmoid, kernels::KernelType::precomputed})
          if (type == libsvm_kernel_name(candidate)) {
            model_.kernel_type = candidate;
            known = true;
          }
        if (!known)
          fail(line_number_, "unknown kernel_type ", quote_token(type),
               "; expected linear, polynomial, rbf, sigmoid or precomputed");
        if (options_.kernel && *options_.kernel != model_.kernel_type) {
          const char* estimator = estimator_name(options_.svm_type.value_or(SVMType::c_svc));
          fail(line_number_, "kernel_type ", type, " does not match this ", estimator,
               "'s kernel '", kernels::kernel_name(*options_.kernel),
               "'; load the file with sklite::", estimator, ", which takes any kernel");
        }
        break;
      }
      case degree:
        expect_values(key, 1);
        model_.kernel.degree = int_value(key, tokens_[1]);
        if (model_.kernel.degree < 0)
          fail(line_number_, "degree must be >= 0; got ", model_.kernel.degree);
        break;
      case gamma:
        expect_values(key, 1);
        model_.kernel.gamma = finite_value(key, tokens_[1]);
        if (!(model_.kernel.gamma > 0)) fail(line_number_, "gamma must be > 0; got ", tokens_[1]);
        break;
      case coef0:
        expect_values(key, 1);
        model_.kernel.coef0 = finite_value(key, tokens_[1]);
        break;
      case nr_class:
        expect_values(key, 1);
        n_class_ = int_value(key, tokens_[1]);
        if (n_class_ < 2)
          fail(line_number_,
               "nr_class must be at least 2 (a classifier has two classes or more); got ",
               n_class_);
        break;
      case total_sv:
        expect_values(key, 1);
        n_sv_ = int_value(key, tokens_[1]);
        if (n_sv_ < 0) fail(line_number_, "total_sv must be >= 0; got ", n_sv_);
        break;
      case rho:
        model_.rho = finite_values(key);
        break;
      case probA:
        model_.probA = finite_values(key);
        break;
      case probB:
        model_.probB = finite_values(key);
        break;
      case label:
        model_.label = int_values(key);
        break;
      case nr_sv:
        model_.nr_sv = int_values(key);
        for (const int count : model_.nr_sv)
          if (count < 0) fail(line_number_, "nr_sv must be >= 0; got ", count);
        break;
      case n_keys:
        break;
    }
  }

  // The header is complete: every line present that the svm_type and the kernel need, none that
  // they do not have, and counts that agree.
  void check_header(std::size_t sv_line) const {
    const kernels::KernelType kernel = model_.kernel_type;
    const bool poly = kernel == kernels::KernelType::poly;
    const bool uses_gamma =
        poly || kernel == kernels::KernelType::rbf || kernel == kernels::KernelType::sigmoid;
    const bool uses_coef0 = poly || kernel == kernels::KernelType::sigmoid;
    const bool classifier = is_classification(model_.svm_type);
    const char* type = svm_type_name(model_.svm_type);
    for (std::size_t key = 0; key < n_keys; ++key) {
      const bool required =
          key == svm_type || key == kernel_type || key == nr_class || key == total_sv ||
          key == rho || ((key == label || key == nr_sv) && classifier) || (key == degree && poly) ||
          (key == gamma && uses_gamma) || (key == coef0 && uses_coef0);
      if (required && line_of_[key] == 0)
        fail(
            sv_line, "the header has no '", kKeyNames[key], "' line",
            key == degree || key == gamma || key == coef0
                ? sklite::detail::concat(" (kernel_type ", libsvm_kernel_name(kernel), " needs it)")
            : key == label || key == nr_sv
                ? sklite::detail::concat(" (svm_type ", type, " needs it)")
                : std::string());
      // LIBSVM writes no classes for one-class SVMs and regressions, and probB for classifiers
      // only; a one-class SVM has no probability model.
      const bool foreign = (!classifier && (key == label || key == nr_sv || key == probB)) ||
                           (model_.svm_type == SVMType::one_class && key == probA);
      if (foreign && line_of_[key] != 0)
        fail(line_of_[key], "svm_type ", type, " has no '", kKeyNames[key], "' line");
    }
    const Eigen::Index k = n_class_;
    if (!classifier && k != 2)
      fail(line_of_[nr_class], "nr_class must be 2 for svm_type ", type,
           " (LIBSVM's count for one decision function); got ", k);
    const Eigen::Index n_pairs = k * (k - 1) / 2;
    if (classifier && model_.label.size() != k)
      fail(line_of_[label], "label has ", model_.label.size(), " values but nr_class is ", k);
    std::vector<int> sorted(model_.label.begin(), model_.label.end());
    std::sort(sorted.begin(), sorted.end());
    const auto repeated = std::adjacent_find(sorted.begin(), sorted.end());
    if (repeated != sorted.end()) fail(line_of_[label], "label ", *repeated, " appears twice");
    const auto check_pairs = [&](Key key, const Eigen::VectorXd& values) {
      if (line_of_[key] != 0 && values.size() != n_pairs)
        fail(line_of_[key], kKeyNames[key], " has ", values.size(), " values but nr_class ", k,
             " needs ", n_pairs, ", one per pair of classes");
    };
    check_pairs(rho, model_.rho);
    check_pairs(probA, model_.probA);
    check_pairs(probB, model_.probB);
    if (!classifier) return;
    if (model_.nr_sv.size() != k)
      fail(line_of_[nr_sv], "nr_sv has ", model_.nr_sv.size(), " values but nr_class is ", k);
    const std::int64_t sum =
        std::accumulate(model_.nr_sv.begin(), model_.nr_sv.end(), std::int64_t{0});
    if (sum != n_sv_) fail(line_of_[nr_sv], "nr_sv adds up to ", sum, " but total_sv is ", n_sv_);
  }

  // A precomputed kernel's support vector: the tokens from `t` on are `0:serial` alone, the serial
  // from 1 to libsvm_model_max_elements - 1. Returns the serial.
  std::uint32_t read_serial(std::size_t t) const {
    constexpr std::string_view alone =
        "a support vector of a precomputed kernel is given as 0:serial alone; got ";
    if (t == tokens_.size()) fail(line_number_, alone, "no 0:serial");
    std::int64_t serial = 0;
    for (std::size_t u = t; u < tokens_.size(); ++u) {
      const std::string_view token = tokens_[u];
      const std::size_t colon = token.find(':');
      if (colon == std::string_view::npos)
        fail(line_number_, "expected index:value; got ", quote_token(token));
      std::int64_t index = 0;
      if (!sklite::detail::parse_int64(token.substr(0, colon), index))
        fail(line_number_, "bad feature index in ", quote_token(token));
      if (index != 0 || u != t) fail(line_number_, alone, quote_token(token));
      if (!sklite::detail::parse_int64(token.substr(colon + 1), serial) || serial < 1 ||
          static_cast<std::uint64_t>(serial) >= libsvm_model_max_elements)
        fail(line_number_, "bad serial number in ", quote_token(token),
             " (expected an integer from 1 to ", libsvm_model_max_elements - 1, ")");
    }
    return static_cast<std::uint32_t>(serial);
  }

  void read_support_vectors() {
    const bool precomputed = model_.kernel_type == kernels::KernelType::precomputed;
    const auto n_coef = static_cast<std::size_t>(n_class_ - 1);
    std::vector<double> coefficients;
    std::vector<std::size_t> row_start{0};
    std::vector<std::uint32_t> indices;
    std::vector<double> values;
    std::uint32_t max_index = 0;
    std::size_t max_index_line = 0;
    std::int64_t n_read = 0;
    sklite::detail::IndexValueRules rules;
    rules.min_index = 1;
    rules.max_index = static_cast<std::int64_t>(libsvm_model_max_elements) - 1;
    rules.below_min = "LIBSVM numbers features from 1";
    rules.finite_only = true;
    rules.float_range = std::is_same_v<Scalar, float>;
    const auto add = [&](std::int64_t index, double value) {
      indices.push_back(static_cast<std::uint32_t>(index));
      values.push_back(value);
      if (static_cast<std::uint32_t>(index) > max_index) {
        max_index = static_cast<std::uint32_t>(index);
        max_index_line = line_number_;
      }
    };
    while (next_line()) {
      if (tokens_.empty()) continue;
      if (n_read == n_sv_) fail(line_number_, "more support vectors than total_sv = ", n_sv_);
      ++n_read;
      std::size_t t = 0;
      for (; t < n_coef && t < tokens_.size(); ++t) {
        double value = 0;
        if (tokens_[t].find(':') != std::string_view::npos) break;
        if (!parse_finite(tokens_[t], value))
          fail(line_number_, "bad coefficient ", quote_token(tokens_[t]),
               " (expected a finite number)");
        coefficients.push_back(value);
      }
      if (t < n_coef)
        fail(line_number_, "expected ", n_coef, " coefficient", n_coef == 1 ? "" : "s",
             " (nr_class - 1) before the index:value pairs; got ", t);
      if (precomputed) {
        add(read_serial(t), 0.0);  // the serial as an index (its value is not used)
      } else if (t < tokens_.size()) {
        // The tokens are views into the text: the pairs run from token t to the last one.
        const char* const first = tokens_[t].data();
        const char* const last = tokens_.back().data() + tokens_.back().size();
        sklite::detail::parse_index_values(
            std::string_view(first, static_cast<std::size_t>(last - first)), rules, add,
            [&](const auto&... parts) { fail(line_number_, parts...); });
      }
      row_start.push_back(indices.size());
    }
    if (n_read < n_sv_)
      fail(line_number_, "the file ends after ", n_read, " of total_sv = ", n_sv_,
           " support vectors");

    const auto n = static_cast<Eigen::Index>(n_sv_);
    model_.sv_coef.resize(static_cast<Eigen::Index>(n_coef), n);
    for (Eigen::Index s = 0; s < n; ++s)
      for (std::size_t r = 0; r < n_coef; ++r)
        model_.sv_coef(static_cast<Eigen::Index>(r), s) =
            coefficients[static_cast<std::size_t>(s) * n_coef + r];
    model_.n_features = static_cast<Eigen::Index>(max_index);
    if (precomputed) {
      // The serials number the training samples from 1: the support vectors' indices.
      model_.sv_indices.resize(n);
      for (Eigen::Index s = 0; s < n; ++s)
        model_.sv_indices(s) = static_cast<int>(indices[static_cast<std::size_t>(s)]) - 1;
      model_.SV.resize(0, 0);
      return;
    }
    if (n > 0 && max_index > libsvm_model_max_elements / static_cast<std::size_t>(n))
      fail(max_index_line, "total_sv ", n, " support vectors of ", max_index,
           " features are above the limit of ", libsvm_model_max_elements, " elements");
    model_.SV = Model<Scalar>::Matrix::Zero(n, static_cast<Eigen::Index>(max_index));
    for (Eigen::Index s = 0; s < n; ++s)
      for (std::size_t e = row_start[static_cast<std::size_t>(s)];
           e < row_start[static_cast<std::size_t>(s) + 1]; ++e)
        model_.SV(s, static_cast<Eigen::Index>(indices[e]) - 1) = static_cast<Scalar>(values[e]);
  }

  std::string_view text_;
  const std::string& name_;
  const LibsvmReadOptions& options_;
  std::size_t position_ = 0;
  std::size_t line_number_ = 0;
  std::vector<std::string_view> tokens_;
  std::array<std::size_t, n_keys> line_of_{};
  int n_class_ = 0;
  int n_sv_ = 0;
  Model<Scalar> model_;
};

/// Appends the shortest text that reads back as exactly `value` (std::to_chars).
template <typename T>
void append_shortest(std::string& out, T value) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out.append(text, result.ptr);
}

}  // namespace detail

/// @brief Parses a LIBSVM model file from a stream (the reader behind read_libsvm_model(path) and
/// the estimators' load, also usable on in-memory text).
///
/// The format is LIBSVM 3.24's: header lines `keyword values` (svm_type, kernel_type, degree,
/// gamma, coef0, nr_class, total_sv, rho, label, probA, probB, nr_sv, in any order, each at most
/// once), a line `SV`, then one line per support vector: its nr_class − 1 coefficients, then
/// `index:value` pairs with ascending 1-based indices (for a precomputed kernel, the single pair
/// `0:serial`). Classifiers (c_svc, nu_svc) have label and nr_sv lines; one-class SVMs and
/// regressions have neither, nr_class 2 and one rho. Blank lines are skipped; the file must end
/// with a newline.
/// @tparam Scalar the type of the support vectors (values beyond float's range are refused for
///   float)
/// @param in the text, read to its end
/// @param name what error messages call the input (a path or "<memory>")
/// @param options the function name that starts error messages, an expected svm_type and kernel
/// @throws sklite::FileError ("function: name:line: problem") for anything malformed: an empty
///   file, a last line without newline, an unknown or duplicate header line, an unknown svm_type
///   (or one other than options.svm_type), an unknown kernel_type (or one other than
///   options.kernel), a missing header line or one the svm_type does not have, a bad number (NaN
///   and infinity included), nr_class < 2 (or other than 2 without classes), negative counts,
///   label, rho, probA, probB or nr_sv counts that disagree with nr_class, repeated labels, nr_sv
///   not adding up to total_sv, more or fewer support vector lines than total_sv, a bad
///   coefficient, feature indices that are 0, not ascending or not below
///   libsvm_model_max_elements, tables above that limit; or a stream read error.
/// @code
/// std::ifstream in("digits.model");
/// sklite::svm::Model<> model = sklite::svm::read_libsvm_model(in, "digits.model");
/// @endcode
template <typename Scalar = double>
Model<Scalar> read_libsvm_model(std::istream& in, const std::string& name,
                                const LibsvmReadOptions& options = {}) {
  const std::string text = detail::read_all(in, name, options.function);
  return detail::LibsvmModelParser<Scalar>(text, name, options).parse();
}

/// @brief Reads a LIBSVM model file (see the stream overload for the format).
/// @throws sklite::FileError when the file cannot be opened or is malformed
template <typename Scalar = double>
Model<Scalar> read_libsvm_model(const std::string& path, const LibsvmReadOptions& options = {}) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    sklite::detail::throw_file_error(options.function, path, 0, "cannot open the file: ",
                                     sklite::detail::errno_text(errno != 0 ? errno : ENOENT));
  return read_libsvm_model<Scalar>(in, path, options);
}

/// @brief The text of a LIBSVM model file, as LIBSVM 3.24 lays it out, with every number in the
/// shortest form that reads back exactly (std::to_chars) and zero feature values left out.
///
/// svm-train writes support vector values with 8 significant digits; this writer keeps them
/// exact, so a model written and read again predicts bit for bit as before. A classifier read
/// from a file (with a vote_rank) is written in that file's class order. A precomputed kernel's
/// support vectors are written as `0:serial`, serial = sv_indices + 1.
/// @throws std::invalid_argument when the parts disagree in size (the message starts with
///   `function`)
template <typename Scalar>
std::string format_libsvm_model(const Model<Scalar>& original,
                                std::string_view function = "format_libsvm_model") {
  check_model(function, original);
  const bool classifier = is_classification(original.svm_type);
  const Eigen::Index k = original.nr_class();
  const Eigen::Index n = original.total_sv();
  const bool precomputed = original.precomputed();
  if (original.vote_rank.size() != 0) {
    std::vector<Eigen::Index> order(static_cast<std::size_t>(k));
    for (Eigen::Index c = 0; c < k; ++c) order[static_cast<std::size_t>(original.vote_rank(c))] = c;
    Model<Scalar> in_file_order = reorder_classes(original, order);
    in_file_order.vote_rank.resize(0);
    return format_libsvm_model(in_file_order, function);
  }
  const Model<Scalar>& model = original;
  const kernels::KernelType kernel = model.kernel_type;
  std::string out;
  const auto line = [&](std::string_view key, const auto& values) {
    out += key;
    for (Eigen::Index i = 0; i < values.size(); ++i) {
      out += ' ';
      detail::append_shortest(out, values(i));
    }
    out += '\n';
  };
  out += "svm_type ";
  out += svm_type_name(model.svm_type);
  out += "\nkernel_type ";
  out += detail::libsvm_kernel_name(kernel);
  out += '\n';
  if (kernel == kernels::KernelType::poly)
    line("degree", Eigen::VectorXi::Constant(1, model.kernel.degree));
  if (kernel == kernels::KernelType::poly || kernel == kernels::KernelType::rbf ||
      kernel == kernels::KernelType::sigmoid)
    line("gamma", Eigen::VectorXd::Constant(1, model.kernel.gamma));
  if (kernel == kernels::KernelType::poly || kernel == kernels::KernelType::sigmoid)
    line("coef0", Eigen::VectorXd::Constant(1, model.kernel.coef0));
  line("nr_class", Eigen::Matrix<Eigen::Index, 1, 1>::Constant(k));
  line("total_sv", Eigen::Matrix<Eigen::Index, 1, 1>::Constant(n));
  line("rho", model.rho);
  if (classifier) line("label", model.label);
  if (model.probA.size() != 0) line("probA", model.probA);
  if (model.probB.size() != 0) line("probB", model.probB);
  if (classifier) line("nr_sv", model.nr_sv);
  out += "SV\n";
  for (Eigen::Index s = 0; s < n; ++s) {
    for (Eigen::Index r = 0; r < k - 1; ++r) {
      if (r > 0) out += ' ';
      detail::append_shortest(out, model.sv_coef(r, s));
    }
    if (precomputed) {
      out += " 0:";
      detail::append_shortest(out, model.sv_indices(s) + 1);
    } else {
      for (Eigen::Index j = 0; j < model.SV.cols(); ++j) {
        const auto value = static_cast<double>(model.SV(s, j));
        if (value == 0) continue;
        out += ' ';
        detail::append_shortest(out, j + 1);
        out += ':';
        detail::append_shortest(out, value);
      }
    }
    out += '\n';
  }
  return out;
}

/// @brief Writes a LIBSVM model file atomically: into a temporary file in the same folder, which
/// then replaces `path`, so a failure never leaves a partial file. See format_libsvm_model.
/// @throws std::invalid_argument for an inconsistent model; sklite::FileError ("function: path:
///   problem") when the file cannot be written
/// @code
/// sklite::svm::write_libsvm_model(clf.model(), "digits.model");
/// @endcode
template <typename Scalar>
void write_libsvm_model(const Model<Scalar>& model, const std::string& path,
                        std::string_view function = "write_libsvm_model") {
  const std::string text = format_libsvm_model(model, function);
  sklite::detail::AtomicFileWriter file(function, path);
  file.write(text);
  file.commit();
}

}  // namespace sklite::svm

#endif  // SKLITE_SVM_MODEL_FILE_HPP

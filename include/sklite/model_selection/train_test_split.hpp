// sklite: train_test_split, the random (optionally stratified) split of a data set into a train
// part and a test part, reproducing scikit-learn 1.2's choice of rows exactly for a given seed.
#ifndef SKLITE_MODEL_SELECTION_TRAIN_TEST_SPLIT_HPP
#define SKLITE_MODEL_SELECTION_TRAIN_TEST_SPLIT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <locale>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sklite/detail/numpy_random.hpp"
#include "sklite/detail/validation.hpp"

namespace sklite {

/// @brief The size of one side of a split: unset, a fraction of the samples, or a count of them.
///
/// As in scikit-learn, the type of the value decides its meaning: a floating-point value is a
/// fraction that must lie in (0, 1), an integer value is a number of samples. So `0.5` means half
/// of the samples and `5` means five samples, while `1.0` is an invalid fraction (not "one
/// sample"). Both constructors are implicit so that options read like scikit-learn's keywords.
/// @code
/// sklite::SplitSize half = 0.5;   // a fraction
/// sklite::SplitSize five = 5;     // a count
/// sklite::SplitSize none;         // unset (scikit-learn's None)
/// @endcode
class SplitSize {
 public:
  /// What a SplitSize holds.
  enum class Kind { unset, fraction, count };

  /// @brief An unset size (scikit-learn's `None`).
  constexpr SplitSize() noexcept = default;

  /// @brief A fraction of the samples; valid values lie in the open interval (0, 1).
  /// @param fraction the share of the samples (checked when the split is made).
  constexpr SplitSize(double fraction) noexcept  // NOLINT(google-explicit-constructor)
      : kind_(Kind::fraction), fraction_(fraction) {}

  /// @brief A number of samples; valid values lie in [1, n_samples - 1].
  /// @param count the number of samples (checked when the split is made). Values beyond the
  ///        range of std::int64_t saturate, which is out of range for any data set anyway.
  template <
      typename Integer,
      std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
  constexpr SplitSize(Integer count) noexcept  // NOLINT(google-explicit-constructor)
      : kind_(Kind::count), count_(saturate(count)) {}

  /// @brief Which kind of value this holds.
  constexpr Kind kind() const noexcept { return kind_; }
  /// @brief True unless the size is unset.
  constexpr bool is_set() const noexcept { return kind_ != Kind::unset; }
  /// @brief True when the size is a fraction.
  constexpr bool is_fraction() const noexcept { return kind_ == Kind::fraction; }
  /// @brief True when the size is a count.
  constexpr bool is_count() const noexcept { return kind_ == Kind::count; }
  /// @brief The fraction (meaningful only when is_fraction()).
  constexpr double fraction() const noexcept { return fraction_; }
  /// @brief The count (meaningful only when is_count()).
  constexpr std::int64_t count() const noexcept { return count_; }

 private:
  template <typename Integer>
  static constexpr std::int64_t saturate(Integer value) noexcept {
    if constexpr (std::is_unsigned_v<Integer>) {
      constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      return static_cast<std::uint64_t>(value) > kMax ? std::numeric_limits<std::int64_t>::max()
                                                      : static_cast<std::int64_t>(value);
    } else {
      return static_cast<std::int64_t>(value);
    }
  }

  Kind kind_ = Kind::unset;
  double fraction_ = 0.0;
  std::int64_t count_ = 0;
};

/// @brief Options of train_test_split, with scikit-learn's names, order and defaults.
///
/// @code
/// // C++20:
/// sklite::TrainTestSplitOptions options{.test_size = 0.25, .random_state = 0};
/// // C++17:
/// sklite::TrainTestSplitOptions options;
/// options.test_size = 0.25;
/// options.random_state = 0;
/// @endcode
struct TrainTestSplitOptions {
  /// Size of the test set: a fraction in (0, 1) or a count. When both sizes are unset the test
  /// set takes 25% of the samples (rounded up); when only train_size is set it takes the rest.
  SplitSize test_size{};
  /// Size of the train set: a fraction in (0, 1) (rounded down) or a count. Unset: the complement
  /// of the test set.
  SplitSize train_size{};
  /// Seed of numpy's legacy generator as scikit-learn uses it; the same seed selects the same rows
  /// as scikit-learn. Unset: a nondeterministic seed from std::random_device.
  std::optional<std::uint32_t> random_state{};
  /// Whether to shuffle before splitting. When false the train set is the first rows and the test
  /// set the rows right after them, and stratify must be empty.
  bool shuffle = true;
  /// Class labels for a stratified split (each class keeps its share in both sets), one per
  /// sample; empty for a plain random split.
  Eigen::VectorXi stratify{};
};

/// @brief Row indices of a split: the train rows and the test rows, in the order scikit-learn
/// returns them.
struct TrainTestIndices {
  /// Indices of the train samples.
  std::vector<Eigen::Index> train;
  /// Indices of the test samples.
  std::vector<Eigen::Index> test;
};

/// @brief The four parts of a split, in the order of scikit-learn's return value, so that
/// `auto [X_train, X_test, y_train, y_test] = train_test_split(X, y, options);` works.
/// @tparam XScalar the scalar type of X.
/// @tparam YScalar the scalar type of y.
template <typename XScalar, typename YScalar>
struct TrainTestSplitResult {
  /// Rows of X selected for training.
  Eigen::Matrix<XScalar, Eigen::Dynamic, Eigen::Dynamic> X_train;
  /// Rows of X selected for testing.
  Eigen::Matrix<XScalar, Eigen::Dynamic, Eigen::Dynamic> X_test;
  /// Entries of y matching X_train.
  Eigen::Matrix<YScalar, Eigen::Dynamic, 1> y_train;
  /// Entries of y matching X_test.
  Eigen::Matrix<YScalar, Eigen::Dynamic, 1> y_test;
};

namespace detail {

/// The shortest decimal text that reads back as the same double (0.1 prints as "0.1").
inline std::string format_shortest(double value) {
  std::string text;
  for (int precision = 1; precision <= 17; ++precision) {
    std::ostringstream out;
    out.imbue(std::locale::classic());  // a '.' decimal point whatever the global locale
    out.precision(precision);
    out << value;
    text = out.str();
    std::istringstream in(text);
    in.imbue(std::locale::classic());
    double parsed = 0.0;
    if ((in >> parsed) && parsed == value) break;
  }
  return text;
}

/// A SplitSize as text for error messages.
inline std::string describe(const SplitSize& size) {
  if (size.is_fraction()) return format_shortest(size.fraction());
  if (size.is_count()) return std::to_string(size.count());
  return "unset";
}

/// Numbers of train and test samples.
struct SplitCounts {
  Eigen::Index n_train = 0;
  Eigen::Index n_test = 0;
};

/// Requires a fraction in (0, 1) or a count in [1, n_samples - 1] (an unset size passes).
inline void check_split_size(std::string_view function, std::string_view name,
                             const SplitSize& size, Eigen::Index n_samples) {
  const bool bad_fraction = size.is_fraction() && !(size.fraction() > 0.0 && size.fraction() < 1.0);
  const bool bad_count = size.is_count() && (size.count() <= 0 ||
                                             size.count() >= static_cast<std::int64_t>(n_samples));
  if (bad_fraction || bad_count)
    throw_invalid(function, name,
                  " expected a fraction in (0, 1) or a count in [1, n_samples) with ",
                  "n_samples = ", n_samples, "; got ", describe(size));
}

/// The sizes of the two sets, with scikit-learn's rules (sklearn's _validate_shuffle_split): a test
/// fraction rounds up, a train fraction rounds down, an unset side takes the complement, and when
/// both are unset the test side is `default_test_fraction`.
inline SplitCounts validate_shuffle_split(std::string_view function, Eigen::Index n_samples,
                                          SplitSize test_size, const SplitSize& train_size,
                                          double default_test_fraction) {
  if (!test_size.is_set() && !train_size.is_set()) test_size = SplitSize(default_test_fraction);
  check_split_size(function, "test_size", test_size, n_samples);
  check_split_size(function, "train_size", train_size, n_samples);
  if (test_size.is_fraction() && train_size.is_fraction() &&
      train_size.fraction() + test_size.fraction() > 1.0)
    throw_invalid(function,
                  "test_size + train_size expected at most 1 when both are fractions; got ",
                  describe(test_size), " + ", describe(train_size), " = ",
                  format_shortest(train_size.fraction() + test_size.fraction()));

  const auto n = static_cast<double>(n_samples);
  std::int64_t n_test = 0;
  std::int64_t n_train = 0;
  if (test_size.is_fraction())
    n_test = static_cast<std::int64_t>(std::ceil(test_size.fraction() * n));
  if (test_size.is_count()) n_test = test_size.count();
  if (train_size.is_fraction())
    n_train = static_cast<std::int64_t>(std::floor(train_size.fraction() * n));
  if (train_size.is_count()) n_train = train_size.count();
  if (!train_size.is_set())
    n_train = n_samples - n_test;
  else if (!test_size.is_set())
    n_test = n_samples - n_train;

  if (n_train + n_test > n_samples)
    throw_invalid(function, "train_size + test_size expected at most n_samples = ", n_samples,
                  "; got ", n_train, " + ", n_test, " = ", n_train + n_test, " samples");
  if (n_train == 0)
    throw_invalid(
        function, "the train set expected at least 1 sample; got 0 with n_samples = ", n_samples,
        ", test_size = ", describe(test_size), " and train_size = ", describe(train_size));
  return {static_cast<Eigen::Index>(n_train), static_cast<Eigen::Index>(n_test)};
}

/// How many of `n_draws` samples each class receives so that shares follow the class sizes
/// (sklearn.utils._approximate_mode): round every share down, then hand the missing samples to the
/// classes with the largest remainders, breaking ties with `rng` exactly as scikit-learn does.
inline std::vector<Eigen::Index> approximate_mode(const std::vector<Eigen::Index>& class_counts,
                                                  Eigen::Index n_draws, LegacyRandomState& rng) {
  const std::size_t n_classes = class_counts.size();
  Eigen::Index total = 0;
  for (const Eigen::Index count : class_counts) total += count;
  // Same operations in the same order as numpy: (count / total) * n_draws in double precision.
  std::vector<double> continuous(n_classes);
  std::vector<double> floored(n_classes);
  double floored_sum = 0.0;
  for (std::size_t i = 0; i < n_classes; ++i) {
    continuous[i] = static_cast<double>(class_counts[i]) / static_cast<double>(total) *
                    static_cast<double>(n_draws);
    floored[i] = std::floor(continuous[i]);
    floored_sum += floored[i];  // exact: whole numbers far below 2^53
  }
  auto need_to_add = static_cast<std::int64_t>(static_cast<double>(n_draws) - floored_sum);
  if (need_to_add > 0) {
    std::vector<double> remainder(n_classes);
    for (std::size_t i = 0; i < n_classes; ++i) remainder[i] = continuous[i] - floored[i];
    std::vector<double> values = remainder;
    std::sort(values.begin(), values.end(), std::greater<>());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (const double value : values) {
      std::vector<std::size_t> tied;
      for (std::size_t i = 0; i < n_classes; ++i)
        if (remainder[i] == value) tied.push_back(i);
      const auto add_now = std::min(static_cast<std::int64_t>(tied.size()), need_to_add);
      for (const std::size_t i :
           rng.choice_without_replacement(tied, static_cast<std::size_t>(add_now)))
        floored[i] += 1.0;
      need_to_add -= add_now;
      if (need_to_add == 0) break;
    }
  }
  std::vector<Eigen::Index> result(n_classes);
  for (std::size_t i = 0; i < n_classes; ++i) result[i] = static_cast<Eigen::Index>(floored[i]);
  return result;
}

/// One split of sklearn's ShuffleSplit: permute all samples, the first n_test are the test set
/// and the next n_train the train set.
inline TrainTestIndices shuffle_split_once(Eigen::Index n_samples, const SplitCounts& counts,
                                           LegacyRandomState& rng) {
  const std::vector<Eigen::Index> order = rng.permutation(n_samples);
  const auto n_test = static_cast<std::ptrdiff_t>(counts.n_test);
  const auto n_train = static_cast<std::ptrdiff_t>(counts.n_train);
  TrainTestIndices result;
  result.test.assign(order.begin(), order.begin() + n_test);
  result.train.assign(order.begin() + n_test, order.begin() + n_test + n_train);
  return result;
}

/// The samples of each class: classes in increasing order, members in increasing index order.
struct ClassMembers {
  std::vector<int> classes;
  std::vector<std::vector<Eigen::Index>> members;
};

/// Groups sample indices by label.
inline ClassMembers group_by_class(const Eigen::VectorXi& labels) {
  std::map<int, std::vector<Eigen::Index>> groups;
  for (Eigen::Index i = 0; i < labels.size(); ++i) groups[labels(i)].push_back(i);
  ClassMembers result;
  for (auto& [label, members] : groups) {
    result.classes.push_back(label);
    result.members.push_back(std::move(members));
  }
  return result;
}

/// Checks that a stratified split is possible (sklearn's StratifiedShuffleSplit conditions).
inline void check_stratified(std::string_view function, const ClassMembers& groups,
                             const SplitCounts& counts) {
  for (std::size_t c = 0; c < groups.classes.size(); ++c)
    if (groups.members[c].size() < 2)
      throw_invalid(function,
                    "stratify expected at least 2 members in every class; got 1 member in ",
                    "class ", groups.classes[c]);
  const auto n_classes = static_cast<Eigen::Index>(groups.classes.size());
  if (counts.n_train < n_classes)
    throw_invalid(function, "the train set expected at least as many samples as classes (",
                  n_classes, ") when stratifying; got ", counts.n_train);
  if (counts.n_test < n_classes)
    throw_invalid(function, "the test set expected at least as many samples as classes (",
                  n_classes, ") when stratifying; got ", counts.n_test);
}

/// One split of sklearn's StratifiedShuffleSplit, with its random draws in the same order: class
/// shares of the train set, then of the test set, then one permutation per class, then a
/// permutation of the train set and one of the test set.
inline TrainTestIndices stratified_split_once(const ClassMembers& groups, const SplitCounts& counts,
                                              LegacyRandomState& rng) {
  const std::size_t n_classes = groups.classes.size();
  std::vector<Eigen::Index> class_counts(n_classes);
  for (std::size_t c = 0; c < n_classes; ++c)
    class_counts[c] = static_cast<Eigen::Index>(groups.members[c].size());
  const std::vector<Eigen::Index> n_i = approximate_mode(class_counts, counts.n_train, rng);
  std::vector<Eigen::Index> remaining(n_classes);
  for (std::size_t c = 0; c < n_classes; ++c) remaining[c] = class_counts[c] - n_i[c];
  const std::vector<Eigen::Index> t_i = approximate_mode(remaining, counts.n_test, rng);

  std::vector<Eigen::Index> train;
  std::vector<Eigen::Index> test;
  for (std::size_t c = 0; c < n_classes; ++c) {
    const std::vector<Eigen::Index> order = rng.permutation(class_counts[c]);
    const auto& members = groups.members[c];
    for (Eigen::Index k = 0; k < n_i[c] + t_i[c]; ++k) {
      const Eigen::Index sample =
          members[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
      (k < n_i[c] ? train : test).push_back(sample);
    }
  }
  return {rng.permutation(std::move(train)), rng.permutation(std::move(test))};
}

/// The seed to use: the given one, or a nondeterministic one when unset.
inline std::uint32_t resolve_seed(const std::optional<std::uint32_t>& random_state) {
  if (random_state) return *random_state;
  std::random_device device;
  return static_cast<std::uint32_t>(device());
}

/// Shared body of the public functions; `x_rows` is true when the samples come from a matrix X
/// (only changes the wording of the stratify length message).
inline TrainTestIndices split_indices(std::string_view function, Eigen::Index n_samples,
                                      const TrainTestSplitOptions& options, bool x_rows) {
  const SplitCounts counts =
      validate_shuffle_split(function, n_samples, options.test_size, options.train_size, 0.25);
  const bool stratified = options.stratify.size() > 0;
  if (!options.shuffle) {
    if (stratified)
      throw_invalid(function,
                    "stratify expected to be empty when shuffle is false (a stratified split is "
                    "always shuffled); got ",
                    options.stratify.size(), " labels");
    TrainTestIndices result;
    for (Eigen::Index i = 0; i < counts.n_train; ++i) result.train.push_back(i);
    for (Eigen::Index i = counts.n_train; i < counts.n_train + counts.n_test; ++i)
      result.test.push_back(i);
    return result;
  }
  if (!stratified) {
    LegacyRandomState rng(resolve_seed(options.random_state));
    return shuffle_split_once(n_samples, counts, rng);
  }
  if (options.stratify.size() != n_samples) {
    if (x_rows)
      check_same_length(function, "stratify", options.stratify.size(), "labels", "X", n_samples,
                        "rows");
    throw_invalid(function, "stratify has ", options.stratify.size(), " labels but n_samples is ",
                  n_samples);
  }
  const ClassMembers groups = group_by_class(options.stratify);
  check_stratified(function, groups, counts);
  LegacyRandomState rng(resolve_seed(options.random_state));
  return stratified_split_once(groups, counts, rng);
}

/// The rows of X listed in `rows`, as a plain column-major matrix.
template <typename Derived>
Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, Eigen::Dynamic> take_rows(
    const Eigen::DenseBase<Derived>& X, const std::vector<Eigen::Index>& rows) {
  if constexpr ((static_cast<unsigned int>(Derived::Flags) & Eigen::DirectAccessBit) == 0U) {
    // Expressions without storage (products, cwise ops) are evaluated once rather than per entry.
    const typename Derived::PlainObject evaluated = X.derived();
    return take_rows(evaluated, rows);
  } else {
    const Derived& source = X.derived();
    Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, Eigen::Dynamic> out(
        static_cast<Eigen::Index>(rows.size()), source.cols());
    for (Eigen::Index j = 0; j < source.cols(); ++j)
      for (std::size_t k = 0; k < rows.size(); ++k)
        out(static_cast<Eigen::Index>(k), j) = source(rows[k], j);
    return out;
  }
}

/// The entries of the vector y listed in `indices`, as a plain column vector.
template <typename Derived>
Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1> take_entries(
    const Eigen::DenseBase<Derived>& y, const std::vector<Eigen::Index>& indices) {
  if constexpr ((static_cast<unsigned int>(Derived::Flags) & Eigen::DirectAccessBit) == 0U) {
    const typename Derived::PlainObject evaluated = y.derived();
    return take_entries(evaluated, indices);
  } else {
    const Derived& source = y.derived();
    const bool row_vector = source.rows() == 1 && source.cols() != 1;
    Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1> out(
        static_cast<Eigen::Index>(indices.size()));
    for (std::size_t k = 0; k < indices.size(); ++k)
      out(static_cast<Eigen::Index>(k)) =
          row_vector ? source(0, indices[k]) : source(indices[k], 0);
    return out;
  }
}

}  // namespace detail

/// @brief The train and test row indices that train_test_split would select for `n_samples`
/// samples (the index form, for cross-validation code and tools).
///
/// Same rules, random draws and errors as train_test_split. A plain split permutes all indices
/// with numpy's legacy generator and takes the first n_test as the test set and the next n_train
/// as the train set; a stratified split (options.stratify not empty) follows scikit-learn's
/// StratifiedShuffleSplit draw for draw.
/// @param n_samples number of samples (at least 1).
/// @param options sizes, seed, shuffle and stratify labels (of length n_samples when given).
/// @return the train and test indices, in scikit-learn's order.
/// @throws std::invalid_argument when n_samples < 1, a size is out of range, fractions add up to
///         more than 1, counts add up to more than n_samples, the train set would be empty,
///         stratify is given with shuffle = false or has the wrong length, a class has a single
///         member, or either set has fewer samples than there are classes.
/// @code
/// auto [train, test] = sklite::train_test_split_indices(10, {.test_size = 3, .random_state = 0});
/// // test = {2, 8, 4}, train = {9, 1, 6, 7, 3, 0, 5}
/// @endcode
inline TrainTestIndices train_test_split_indices(Eigen::Index n_samples,
                                                 const TrainTestSplitOptions& options = {}) {
  constexpr std::string_view kFunction = "train_test_split_indices";
  if (n_samples < 1)
    detail::throw_invalid(kFunction, "n_samples expected at least 1; got ", n_samples);
  return detail::split_indices(kFunction, n_samples, options, false);
}

/// @brief Splits X (rows are samples) and y into random train and test subsets, selecting exactly
/// the rows that scikit-learn 1.2's `train_test_split(X, y, ...)` selects with the same options.
///
/// The default test set is 25% of the samples (rounded up). A test fraction rounds up, a train
/// fraction rounds down; an unset side takes the remaining samples.
/// @param X the samples, any dense Eigen expression (matrix or array, blocks and maps included).
/// @param y one value per row of X, any dense vector expression (column or row).
/// @param options test_size, train_size, random_state, shuffle and stratify (see
///        TrainTestSplitOptions).
/// @return X_train, X_test, y_train, y_test as plain Eigen objects of the input scalar types.
/// @throws std::invalid_argument when y is not a vector, X and y differ in length, X is empty, or
///         in any case listed for train_test_split_indices.
/// @code
/// Eigen::MatrixXd X = ...;  // 100 x 4
/// Eigen::VectorXi y = ...;  // 100 labels
/// auto [X_train, X_test, y_train, y_test] =
///     sklite::train_test_split(X, y, {.test_size = 0.25, .random_state = 0, .stratify = y});
/// @endcode
template <typename DerivedX, typename DerivedY>
TrainTestSplitResult<typename DerivedX::Scalar, typename DerivedY::Scalar> train_test_split(
    const Eigen::DenseBase<DerivedX>& X, const Eigen::DenseBase<DerivedY>& y,
    const TrainTestSplitOptions& options = {}) {
  constexpr std::string_view kFunction = "train_test_split";
  detail::check_vector(kFunction, "y", y);
  detail::check_same_length(kFunction, "X", X.rows(), "rows", "y", y.size(), "entries");
  detail::check_not_empty(kFunction, "X", X);
  const TrainTestIndices indices = detail::split_indices(kFunction, X.rows(), options, true);
  return {detail::take_rows(X, indices.train), detail::take_rows(X, indices.test),
          detail::take_entries(y, indices.train), detail::take_entries(y, indices.test)};
}

}  // namespace sklite

#endif  // SKLITE_MODEL_SELECTION_TRAIN_TEST_SPLIT_HPP

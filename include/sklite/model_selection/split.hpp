// sklite: the k-fold cross-validation splitters KFold and StratifiedKFold, reproducing scikit-learn
// 1.2's folds exactly (same indices, same order, same random draws for a given seed).
#ifndef SKLITE_MODEL_SELECTION_SPLIT_HPP
#define SKLITE_MODEL_SELECTION_SPLIT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sklite/detail/numpy_random.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/model_selection/train_test_split.hpp"

namespace sklite {

/// @brief Options of KFold and StratifiedKFold, with scikit-learn's names and defaults.
///
/// @code
/// // C++20:
/// sklite::KFold cv({.n_splits = 3, .shuffle = true, .random_state = 0});
/// // C++17:
/// sklite::KFoldOptions options;
/// options.n_splits = 3;
/// options.shuffle = true;
/// options.random_state = 0;
/// sklite::KFold cv(options);
/// @endcode
struct KFoldOptions {
  /// Number of folds, at least 2. Each sample is in the test set of exactly one fold.
  int n_splits = 5;
  /// Whether to shuffle the samples (KFold) or each class's fold labels (StratifiedKFold) before
  /// forming the folds. When false the folds are contiguous blocks and random_state must be unset.
  bool shuffle = false;
  /// Seed of numpy's legacy generator as scikit-learn uses it: the same seed gives the same folds
  /// as scikit-learn, and every call of split() gives the same folds. Unset (with shuffle): each
  /// call of split() draws a nondeterministic seed from std::random_device.
  std::optional<std::uint32_t> random_state{};
  /// Receives StratifiedKFold's warning that a class has fewer members than n_splits. Empty (the
  /// default): the warning is dropped. KFold never warns.
  std::function<void(const std::string&)> warning_handler{};
};

/// @brief Options of StratifiedKFold: the same fields as KFoldOptions.
using StratifiedKFoldOptions = KFoldOptions;

namespace detail {

/// Requires n_splits >= 2 and no random_state without shuffle (scikit-learn's _BaseKFold checks).
inline void check_kfold_options(std::string_view function, const KFoldOptions& options) {
  if (options.n_splits < 2)
    throw_invalid(function,
                  "n_splits expected at least 2 (k-fold cross-validation needs at least one "
                  "train/test split); got ",
                  options.n_splits);
  if (!options.shuffle && options.random_state)
    throw_invalid(function,
                  "random_state expected to be unset when shuffle is false (the seed would have "
                  "no effect); leave it unset or set shuffle to true; got ",
                  *options.random_state);
}

/// Requires at least as many samples as folds.
inline void check_enough_samples(std::string_view function, int n_splits, Eigen::Index n_samples) {
  if (static_cast<Eigen::Index>(n_splits) > n_samples)
    throw_invalid(function, "n_splits = ", n_splits,
                  " expected at most the number of samples; got n_samples = ", n_samples);
}

/// The folds described by `fold_of` (the test fold of each sample): fold i's test set holds the
/// samples of fold i and its train set all the others, both in increasing index order.
inline std::vector<TrainTestIndices> folds_from_assignment(const std::vector<int>& fold_of,
                                                           int n_splits) {
  std::vector<std::size_t> test_sizes(static_cast<std::size_t>(n_splits), 0);
  for (const int fold : fold_of) ++test_sizes[static_cast<std::size_t>(fold)];
  std::vector<TrainTestIndices> folds(static_cast<std::size_t>(n_splits));
  for (std::size_t f = 0; f < folds.size(); ++f) {
    folds[f].test.reserve(test_sizes[f]);
    folds[f].train.reserve(fold_of.size() - test_sizes[f]);
  }
  for (std::size_t i = 0; i < fold_of.size(); ++i) {
    const auto sample = static_cast<Eigen::Index>(i);
    for (std::size_t f = 0; f < folds.size(); ++f)
      (static_cast<int>(f) == fold_of[i] ? folds[f].test : folds[f].train).push_back(sample);
  }
  return folds;
}

/// KFold's test fold of each sample: the (optionally permuted) indices cut into n_splits
/// consecutive blocks, the first n_samples % n_splits blocks one sample longer.
inline std::vector<int> kfold_assignment(Eigen::Index n_samples, int n_splits,
                                         const std::optional<std::uint32_t>& shuffle_seed) {
  std::vector<Eigen::Index> order;
  if (shuffle_seed) {
    LegacyRandomState rng(*shuffle_seed);
    order = rng.permutation(n_samples);
  } else {
    order.resize(static_cast<std::size_t>(n_samples));
    for (Eigen::Index i = 0; i < n_samples; ++i) order[static_cast<std::size_t>(i)] = i;
  }
  const Eigen::Index base = n_samples / n_splits;
  const Eigen::Index longer = n_samples % n_splits;
  std::vector<int> fold_of(order.size());
  std::size_t position = 0;
  for (int fold = 0; fold < n_splits; ++fold) {
    const Eigen::Index size = base + (fold < longer ? 1 : 0);
    for (Eigen::Index k = 0; k < size; ++k)
      fold_of[static_cast<std::size_t>(order[position++])] = fold;
  }
  return fold_of;
}

/// Labels recoded 0, 1, 2, ... in the order each label first appears in `y`.
struct EncodedLabels {
  std::vector<int> code;             ///< the code of each sample's label
  std::vector<Eigen::Index> counts;  ///< members per code
  std::vector<int> labels;           ///< the original label of each code
};

/// Encodes labels by order of first appearance (as StratifiedKFold does, so that renaming the
/// classes does not change the folds).
inline EncodedLabels encode_by_appearance(const Eigen::VectorXi& y) {
  EncodedLabels result;
  result.code.resize(static_cast<std::size_t>(y.size()));
  std::map<int, int> code_of;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const auto [it, inserted] = code_of.try_emplace(y(i), static_cast<int>(result.labels.size()));
    if (inserted) {
      result.labels.push_back(y(i));
      result.counts.push_back(0);
    }
    result.code[static_cast<std::size_t>(i)] = it->second;
    ++result.counts[static_cast<std::size_t>(it->second)];
  }
  return result;
}

/// StratifiedKFold's test fold of each sample (scikit-learn's _make_test_folds).
///
/// Sort the encoded labels and deal the sorted list round robin to the folds: position p goes to
/// fold p % n_splits. That fixes how many members of each class every fold receives. Each class
/// then hands out its fold numbers in blocks (fold 0's share first) to its members in index
/// order; with a seed, each class's list of fold numbers is shuffled first, one class after the
/// other in code order, with a single generator.
inline std::vector<int> stratified_assignment(const EncodedLabels& encoded, int n_splits,
                                              const std::optional<std::uint32_t>& shuffle_seed) {
  const std::size_t n_classes = encoded.counts.size();
  std::optional<LegacyRandomState> rng;
  if (shuffle_seed) rng.emplace(*shuffle_seed);
  std::vector<std::vector<int>> folds_for_class(n_classes);
  Eigen::Index start = 0;  // position of the class's first member in the sorted labels
  for (std::size_t k = 0; k < n_classes; ++k) {
    std::vector<Eigen::Index> share(static_cast<std::size_t>(n_splits), 0);
    for (Eigen::Index p = start; p < start + encoded.counts[k]; ++p)
      ++share[static_cast<std::size_t>(p % n_splits)];
    start += encoded.counts[k];
    auto& folds = folds_for_class[k];
    folds.reserve(static_cast<std::size_t>(encoded.counts[k]));
    for (int fold = 0; fold < n_splits; ++fold)
      folds.insert(folds.end(), static_cast<std::size_t>(share[static_cast<std::size_t>(fold)]),
                   fold);
    if (rng) rng->shuffle(folds);
  }
  std::vector<std::size_t> next(n_classes, 0);
  std::vector<int> fold_of(encoded.code.size());
  for (std::size_t i = 0; i < encoded.code.size(); ++i) {
    const auto k = static_cast<std::size_t>(encoded.code[i]);
    fold_of[i] = folds_for_class[k][next[k]++];
  }
  return fold_of;
}

/// The seed for one call of split(): none without shuffle, else the given or a fresh one.
inline std::optional<std::uint32_t> kfold_seed(const KFoldOptions& options) {
  if (!options.shuffle) return std::nullopt;
  return resolve_seed(options.random_state);
}

}  // namespace detail

/// @brief scikit-learn's KFold: splits the samples into n_splits consecutive folds; each fold is
/// the test set once while the others form the train set.
///
/// The first `n_samples % n_splits` folds have one sample more than the others. With shuffle, the
/// samples are permuted first with numpy's legacy generator seeded by random_state, exactly as
/// scikit-learn does, so a seed gives scikit-learn's folds. The train and test indices of each
/// fold are in increasing order (also with shuffle), as in scikit-learn.
/// @code
/// sklite::KFold cv({.n_splits = 3});
/// for (const auto& [train, test] : cv.split(X)) { /* fit on train, score on test */ }
/// // 7 samples: test folds {0, 1, 2}, {3, 4}, {5, 6}
/// @endcode
class KFold {
 public:
  /// @brief Stores and checks the options (scikit-learn's KFold(n_splits, shuffle, random_state)).
  /// @throws std::invalid_argument when n_splits < 2, or random_state is set while shuffle is
  ///         false (scikit-learn raises there too: the seed would have no effect).
  explicit KFold(KFoldOptions options = {}) : options_(std::move(options)) {
    detail::check_kfold_options("KFold", options_);
  }

  /// @brief The folds of `n_samples` samples, in fold order.
  ///
  /// With shuffle and a random_state, every call returns the same folds (scikit-learn seeds a new
  /// generator on each call); with shuffle and no random_state, each call draws a new seed.
  /// @param n_samples number of samples (at least n_splits).
  /// @return n_splits pairs of train and test indices, each list in increasing order.
  /// @throws std::invalid_argument when n_samples < n_splits.
  std::vector<TrainTestIndices> split(Eigen::Index n_samples) const {
    detail::check_enough_samples("KFold::split", options_.n_splits, n_samples);
    return detail::folds_from_assignment(
        detail::kfold_assignment(n_samples, options_.n_splits, detail::kfold_seed(options_)),
        options_.n_splits);
  }

  /// @brief The folds of the rows of X (rows are samples; only their number matters).
  /// @param X any dense Eigen expression with one row per sample.
  /// @return the same as split(X.rows()).
  /// @throws std::invalid_argument when X has fewer rows than n_splits.
  template <typename Derived>
  std::vector<TrainTestIndices> split(const Eigen::DenseBase<Derived>& X) const {
    return split(X.rows());
  }

  /// @brief The number of folds, n_splits.
  int get_n_splits() const noexcept { return options_.n_splits; }

  /// @brief The options given at construction.
  const KFoldOptions& options() const noexcept { return options_; }

 private:
  KFoldOptions options_;
};

/// @brief scikit-learn's StratifiedKFold: k folds that keep each class's share of the samples in
/// every fold, as far as the class sizes allow.
///
/// The folds are those of scikit-learn 1.2, index for index. The classes are taken in the order
/// of their first appearance in y, so relabelling the classes does not change the folds. The
/// number of members of each class in each fold comes from dealing the sorted labels round robin
/// to the folds; without shuffle each class fills fold 0 first with its earliest members, then
/// fold 1, and so on, which keeps the order of the data as much as possible. With shuffle, the
/// fold numbers within each class are shuffled with numpy's legacy generator seeded by
/// random_state (one generator for all classes, as scikit-learn). A class of c members puts
/// floor(c / n_splits) or ceil(c / n_splits) of them in each test set, and the test sets' sizes
/// differ by at most one.
///
/// A class with fewer members than n_splits is allowed (it is missing from some test folds), but
/// it sends a warning to options().warning_handler.
/// @code
/// Eigen::VectorXi y(7);
/// y << 1, 1, 1, 0, 0, 0, 0;
/// auto folds = sklite::StratifiedKFold({.n_splits = 2}).split(y);
/// // folds[0].test = {0, 1, 3, 4}, folds[1].test = {2, 5, 6}
/// @endcode
class StratifiedKFold {
 public:
  /// @brief Stores and checks the options.
  /// @throws std::invalid_argument when n_splits < 2, or random_state is set while shuffle is
  ///         false.
  explicit StratifiedKFold(StratifiedKFoldOptions options = {}) : options_(std::move(options)) {
    detail::check_kfold_options("StratifiedKFold", options_);
  }

  /// @brief The stratified folds for the class labels y (one label per sample, any int values).
  ///
  /// When the smallest class has fewer members than n_splits (but not every class), the folds are
  /// made anyway and a warning goes to options().warning_handler, if set.
  /// @param y class labels; only equality between them matters.
  /// @return n_splits pairs of train and test indices, each list in increasing order.
  /// @throws std::invalid_argument when y is empty, has fewer entries than n_splits, or when
  ///         every class has fewer members than n_splits.
  std::vector<TrainTestIndices> split(const Eigen::VectorXi& y) const {
    constexpr std::string_view kFunction = "StratifiedKFold::split";
    const int n_splits = options_.n_splits;
    detail::check_not_empty(kFunction, "y", y);
    detail::check_enough_samples(kFunction, n_splits, y.size());
    const detail::EncodedLabels encoded = detail::encode_by_appearance(y);
    const Eigen::Index largest = *std::max_element(encoded.counts.begin(), encoded.counts.end());
    const Eigen::Index smallest = *std::min_element(encoded.counts.begin(), encoded.counts.end());
    if (largest < n_splits)
      detail::throw_invalid(kFunction, "n_splits = ", n_splits,
                            " expected at most the number of members of the largest class; got ",
                            largest, " member(s) in the largest of ", encoded.counts.size(),
                            " class(es)");
    if (smallest < n_splits && options_.warning_handler)
      options_.warning_handler(detail::concat(
          kFunction, ": the least populated class in y has only ", smallest,
          " member(s), fewer than n_splits = ", n_splits, "; it is missing from some folds"));
    return detail::folds_from_assignment(
        detail::stratified_assignment(encoded, n_splits, detail::kfold_seed(options_)), n_splits);
  }

  /// @brief The stratified folds of the rows of X with labels y (X only fixes the number of
  /// samples; scikit-learn's split(X, y)).
  /// @param X any dense Eigen expression with one row per sample.
  /// @param y one class label per row of X.
  /// @return the same as split(y).
  /// @throws std::invalid_argument when X and y differ in length, or as split(y).
  template <typename Derived>
  std::vector<TrainTestIndices> split(const Eigen::DenseBase<Derived>& X,
                                      const Eigen::VectorXi& y) const {
    detail::check_same_length("StratifiedKFold::split", "X", X.rows(), "rows", "y", y.size(),
                              "entries");
    return split(y);
  }

  /// @brief The number of folds, n_splits.
  int get_n_splits() const noexcept { return options_.n_splits; }

  /// @brief The options given at construction.
  const StratifiedKFoldOptions& options() const noexcept { return options_; }

 private:
  StratifiedKFoldOptions options_;
};

}  // namespace sklite

#endif  // SKLITE_MODEL_SELECTION_SPLIT_HPP

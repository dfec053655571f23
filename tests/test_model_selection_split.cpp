// Tests of sklite/model_selection/split.hpp: KFold and StratifiedKFold. Expected folds come from
// scikit-learn 1.2.1 (tests/fixtures/gen_splits.py); the property tests port the KFold and
// StratifiedKFold cases of scikit-learn's sklearn/model_selection/tests/test_split.py.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sklite/model_selection/split.hpp"
#include "support/fixtures.hpp"

namespace {

using sklite::KFold;
using sklite::KFoldOptions;
using sklite::StratifiedKFold;
using sklite::TrainTestIndices;
using Folds = std::vector<TrainTestIndices>;
using Indices = std::vector<Eigen::Index>;
using Json = nlohmann::json;

Indices to_indices(const Json& values) {
  Indices out;
  for (const auto& v : values) out.push_back(v.get<Eigen::Index>());
  return out;
}

Eigen::VectorXi to_labels(const Json& values) {
  Eigen::VectorXi out(static_cast<Eigen::Index>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    out(static_cast<Eigen::Index>(i)) = values[i].get<int>();
  return out;
}

Eigen::VectorXi labels(std::initializer_list<int> values) {
  Eigen::VectorXi out(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const int v : values) out(i++) = v;
  return out;
}

// `count` copies of `label` appended to `y`.
void append(std::vector<int>& y, int label, std::size_t count) { y.insert(y.end(), count, label); }

Eigen::VectorXi to_vector(const std::vector<int>& values) {
  return Eigen::Map<const Eigen::VectorXi>(values.data(), static_cast<Eigen::Index>(values.size()));
}

KFoldOptions to_options(const Json& c) {
  KFoldOptions options;
  options.n_splits = c["n_splits"].get<int>();
  options.shuffle = c["shuffle"].get<bool>();
  if (!c["random_state"].is_null()) options.random_state = c["random_state"].get<std::uint32_t>();
  return options;
}

// Each sample is in exactly one test set; train and test of a fold are disjoint, sorted and
// together hold every sample (scikit-learn's check_cv_coverage, plus the order).
void check_coverage(const Folds& folds, Eigen::Index n_samples, int n_splits) {
  REQUIRE(folds.size() == static_cast<std::size_t>(n_splits));
  std::vector<int> times_tested(static_cast<std::size_t>(n_samples), 0);
  for (const auto& [train, test] : folds) {
    CHECK(std::is_sorted(train.begin(), train.end()));
    CHECK(std::is_sorted(test.begin(), test.end()));
    CHECK(train.size() + test.size() == static_cast<std::size_t>(n_samples));
    Indices all;
    std::set_union(train.begin(), train.end(), test.begin(), test.end(), std::back_inserter(all));
    CHECK(all.size() == static_cast<std::size_t>(n_samples));  // no overlap, nothing missing
    for (const Eigen::Index i : test) ++times_tested[static_cast<std::size_t>(i)];
  }
  CHECK(std::all_of(times_tested.begin(), times_tested.end(), [](int t) { return t == 1; }));
}

std::vector<std::size_t> test_sizes(const Folds& folds) {
  std::vector<std::size_t> sizes;
  for (const auto& fold : folds) sizes.push_back(fold.test.size());
  return sizes;
}

// Sizes differ by at most one and add up to n_samples.
void check_balanced(const Folds& folds, Eigen::Index n_samples) {
  const auto sizes = test_sizes(folds);
  const auto [smallest, largest] = std::minmax_element(sizes.begin(), sizes.end());
  CHECK(*largest - *smallest <= 1);
  std::size_t total = 0;
  for (const std::size_t size : sizes) total += size;
  CHECK(total == static_cast<std::size_t>(n_samples));
}

// How many samples of each label the listed indices hold.
std::map<int, int> label_counts(const Eigen::VectorXi& y, const Indices& indices) {
  std::map<int, int> counts;
  for (const Eigen::Index i : indices) ++counts[y(i)];
  return counts;
}

std::map<int, int> label_counts(const Eigen::VectorXi& y) {
  std::map<int, int> counts;
  for (Eigen::Index i = 0; i < y.size(); ++i) ++counts[y(i)];
  return counts;
}

// sklite's message for each error kind recorded from scikit-learn, built from the case.
std::string expected_message(const std::string& splitter, const Json& c) {
  const std::string kind = c["error"].get<std::string>();
  const std::string n_splits = std::to_string(c["n_splits"].get<int>());
  if (kind == "n_splits_below_2")
    return splitter +
           ": n_splits expected at least 2 (k-fold cross-validation needs at least one "
           "train/test split); got " +
           n_splits;
  if (kind == "random_state_without_shuffle")
    return splitter +
           ": random_state expected to be unset when shuffle is false (the seed would have no "
           "effect); leave it unset or set shuffle to true; got " +
           std::to_string(c["random_state"].get<std::uint32_t>());
  const std::string n_samples =
      std::to_string(c.contains("y") ? c["y"].size() : c["n_samples"].get<std::size_t>());
  if (kind == "n_splits_above_n_samples")
    return splitter + "::split: n_splits = " + n_splits +
           " expected at most the number of samples; got n_samples = " + n_samples;
  if (kind == "empty")
    return splitter + "::split: y must not be empty; got shape (0, 1): 0 sample(s)";
  if (kind == "n_splits_above_class_sizes") {
    const auto counts = label_counts(to_labels(c["y"]));
    int largest = 0;
    for (const auto& [label, count] : counts) largest = std::max(largest, count);
    return splitter + "::split: n_splits = " + n_splits +
           " expected at most the number of members of the largest class; got " +
           std::to_string(largest) + " member(s) in the largest of " +
           std::to_string(counts.size()) + " class(es)";
  }
  FAIL("unknown error kind " << kind);
  return {};
}

std::string expected_warning(int min_members, int n_splits) {
  return "StratifiedKFold::split: the least populated class in y has only " +
         std::to_string(min_members) +
         " member(s), fewer than n_splits = " + std::to_string(n_splits) +
         "; it is missing from some folds";
}

void check_folds(const Folds& got, const Json& expected) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t f = 0; f < got.size(); ++f) {
    CAPTURE(f);
    CHECK(got[f].train == to_indices(expected[f]["train"]));
    CHECK(got[f].test == to_indices(expected[f]["test"]));
  }
}

// A StratifiedKFold whose warnings are appended to `warnings`.
StratifiedKFold collecting(KFoldOptions options, std::vector<std::string>& warnings) {
  options.warning_handler = [&warnings](const std::string& text) { warnings.push_back(text); };
  return StratifiedKFold(options);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Against scikit-learn's folds

TEST_CASE("KFold: folds match scikit-learn index for index") {
  const Json fixture = sklite::testing::load_fixture("model_selection/kfold.json");
  const Json& cases = fixture["kfold"];
  REQUIRE(cases.size() > 350);
  std::size_t n_shuffled = 0;
  std::size_t n_errors = 0;
  for (const auto& c : cases) {
    const auto n = c["n_samples"].get<Eigen::Index>();
    const KFoldOptions options = to_options(c);
    CAPTURE(c["name"].get<std::string>());
    CAPTURE(n);
    CAPTURE(options.n_splits);
    CAPTURE(c["random_state"].dump());
    if (c.contains("error")) {
      ++n_errors;
      CHECK_THROWS_WITH_AS(KFold(options).split(n), expected_message("KFold", c).c_str(),
                           std::invalid_argument);
      continue;
    }
    if (options.shuffle) ++n_shuffled;
    const KFold cv(options);
    CHECK(cv.get_n_splits() == options.n_splits);
    const Folds folds = cv.split(n);
    check_folds(folds, c["folds"]);
    check_coverage(folds, n, options.n_splits);
    // A seed gives the same folds on every call; the matrix form counts rows.
    const Folds again = cv.split(Eigen::MatrixXd::Zero(n, 3));
    REQUIRE(again.size() == folds.size());
    for (std::size_t f = 0; f < folds.size(); ++f) CHECK(again[f].test == folds[f].test);
  }
  CHECK(n_shuffled > 250);
  CHECK(n_errors == 10);
}

TEST_CASE("StratifiedKFold: folds, errors and warnings match scikit-learn") {
  const Json fixture = sklite::testing::load_fixture("model_selection/kfold.json");
  const Json& cases = fixture["stratified"];
  REQUIRE(cases.size() > 250);
  std::size_t n_shuffled = 0;
  std::size_t n_errors = 0;
  std::size_t n_warnings = 0;
  for (const auto& c : cases) {
    const Eigen::VectorXi y = to_labels(c["y"]);
    const KFoldOptions options = to_options(c);
    CAPTURE(c["name"].get<std::string>());
    CAPTURE(options.n_splits);
    CAPTURE(c["random_state"].dump());
    std::vector<std::string> warnings;
    if (c.contains("error")) {
      ++n_errors;
      CHECK_THROWS_WITH_AS(collecting(options, warnings).split(y),
                           expected_message("StratifiedKFold", c).c_str(), std::invalid_argument);
      CHECK(warnings.empty());
      continue;
    }
    if (options.shuffle) ++n_shuffled;
    const StratifiedKFold cv = collecting(options, warnings);
    const Folds folds = cv.split(y);
    check_folds(folds, c["folds"]);
    check_coverage(folds, y.size(), options.n_splits);
    if (c["warning"].is_null()) {
      CHECK(warnings.empty());
    } else {
      ++n_warnings;
      REQUIRE(warnings.size() == 1);
      CHECK(warnings[0] == expected_warning(c["warning"].get<int>(), options.n_splits));
    }
    // Without a handler the warning is dropped and the folds are the same; X only gives a count.
    const Folds quiet = StratifiedKFold(to_options(c)).split(Eigen::MatrixXd::Zero(y.size(), 2), y);
    REQUIRE(quiet.size() == folds.size());
    for (std::size_t f = 0; f < folds.size(); ++f) CHECK(quiet[f].test == folds[f].test);
  }
  CHECK(n_shuffled > 200);
  CHECK(n_errors > 20);
  CHECK(n_warnings > 50);
}

// ---------------------------------------------------------------------------------------------
// Errors with their full messages

TEST_CASE("KFold and StratifiedKFold: errors name the problem") {
  KFoldOptions options;
  SUBCASE("n_splits below 2") {
    for (const int n_splits : {1, 0, -2}) {
      options.n_splits = n_splits;
      const std::string got = "; got " + std::to_string(n_splits);
      CHECK_THROWS_WITH_AS(KFold{options},
                           ("KFold: n_splits expected at least 2 (k-fold cross-validation needs "
                            "at least one train/test split)" +
                            got)
                               .c_str(),
                           std::invalid_argument);
      CHECK_THROWS_WITH_AS(StratifiedKFold{options},
                           ("StratifiedKFold: n_splits expected at least 2 (k-fold "
                            "cross-validation needs at least one train/test split)" +
                            got)
                               .c_str(),
                           std::invalid_argument);
    }
  }
  SUBCASE("random_state without shuffle") {
    options.n_splits = 3;
    options.random_state = 0;
    CHECK_THROWS_WITH_AS(KFold{options},
                         "KFold: random_state expected to be unset when shuffle is false (the "
                         "seed would have no effect); leave it unset or set shuffle to true; got 0",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(StratifiedKFold{options},
                         "StratifiedKFold: random_state expected to be unset when shuffle is "
                         "false (the seed would have no effect); leave it unset or set shuffle to "
                         "true; got 0",
                         std::invalid_argument);
    options.shuffle = true;
    CHECK_NOTHROW(KFold{options});
  }
  SUBCASE("more folds than samples") {
    options.n_splits = 6;
    CHECK_THROWS_WITH_AS(
        KFold(options).split(5),
        "KFold::split: n_splits = 6 expected at most the number of samples; got n_samples = 5",
        std::invalid_argument);
    CHECK_THROWS_WITH_AS(KFold(options).split(Eigen::MatrixXd::Zero(5, 2)),
                         doctest::Contains("got n_samples = 5"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(StratifiedKFold(options).split(labels({0, 1, 0, 1, 0})),
                         "StratifiedKFold::split: n_splits = 6 expected at most the number of "
                         "samples; got n_samples = 5",
                         std::invalid_argument);
  }
  SUBCASE("every class smaller than n_splits") {
    options.n_splits = 3;
    CHECK_THROWS_WITH_AS(StratifiedKFold(options).split(labels({3, 3, -1, -1, 2})),
                         "StratifiedKFold::split: n_splits = 3 expected at most the number of "
                         "members of the largest class; got 2 member(s) in the largest of 3 "
                         "class(es)",
                         std::invalid_argument);
  }
  SUBCASE("empty labels, and X and y of different lengths") {
    CHECK_THROWS_WITH_AS(StratifiedKFold().split(Eigen::VectorXi()),
                         "StratifiedKFold::split: y must not be empty; got shape (0, 1): 0 "
                         "sample(s)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(StratifiedKFold().split(Eigen::MatrixXd::Zero(9, 2), Eigen::VectorXi(10)),
                         "StratifiedKFold::split: X has 9 rows but y has 10 entries",
                         std::invalid_argument);
  }
}

TEST_CASE("StratifiedKFold: a class smaller than n_splits warns once and still covers") {
  // scikit-learn's test_kfold_valueerrors
  std::vector<std::string> warnings;
  KFoldOptions options;
  options.n_splits = 3;
  const Eigen::VectorXi y = labels({3, 3, -1, -1, 3});
  const Folds folds = collecting(options, warnings).split(y);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "StratifiedKFold::split: the least populated class in y has only 2 member(s), fewer than "
        "n_splits = 3; it is missing from some folds");
  check_coverage(folds, 5, 3);
  // A throwing handler propagates, as any exception from a callback.
  options.warning_handler = [](const std::string& text) { throw std::runtime_error(text); };
  CHECK_THROWS_AS(StratifiedKFold(options).split(y), std::runtime_error);
}

// ---------------------------------------------------------------------------------------------
// Ports of scikit-learn's test_split.py

TEST_CASE("KFold: defaults, get_n_splits and options") {
  const KFold cv;
  CHECK(cv.get_n_splits() == 5);
  CHECK_FALSE(cv.options().shuffle);
  CHECK_FALSE(cv.options().random_state.has_value());
  CHECK(StratifiedKFold().get_n_splits() == 5);
  KFoldOptions options;
  options.n_splits = 7;
  options.shuffle = true;
  options.random_state = 11;
  const StratifiedKFold stratified(options);
  CHECK(stratified.get_n_splits() == 7);
  CHECK(stratified.options().random_state == 11U);
  CHECK(KFold(options).options().n_splits == 7);
}

TEST_CASE("KFold: every index is tested once, even when folds cannot be equal") {
  // test_kfold_indices
  KFoldOptions options;
  options.n_splits = 3;
  check_coverage(KFold(options).split(18), 18, 3);
  check_coverage(KFold(options).split(17), 17, 3);
}

TEST_CASE("KFold: without shuffle the folds are consecutive blocks") {
  // test_kfold_no_shuffle
  KFoldOptions options;
  options.n_splits = 2;
  const Folds four = KFold(options).split(4);
  CHECK(four[0].test == Indices{0, 1});
  CHECK(four[0].train == Indices{2, 3});
  CHECK(four[1].test == Indices{2, 3});
  CHECK(four[1].train == Indices{0, 1});
  const Folds five = KFold(options).split(5);
  CHECK(five[0].test == Indices{0, 1, 2});
  CHECK(five[0].train == Indices{3, 4});
  CHECK(five[1].test == Indices{3, 4});
  CHECK(five[1].train == Indices{0, 1, 2});
}

TEST_CASE("StratifiedKFold: without shuffle the data order is kept as far as possible") {
  // test_stratified_kfold_no_shuffle
  KFoldOptions options;
  options.n_splits = 2;
  const StratifiedKFold cv(options);
  const Folds four = cv.split(labels({1, 1, 0, 0}));
  CHECK(four[0].test == Indices{0, 2});
  CHECK(four[0].train == Indices{1, 3});
  CHECK(four[1].test == Indices{1, 3});
  CHECK(four[1].train == Indices{0, 2});
  const Folds seven = cv.split(labels({1, 1, 1, 0, 0, 0, 0}));
  CHECK(seven[0].test == Indices{0, 1, 3, 4});
  CHECK(seven[0].train == Indices{2, 5, 6});
  CHECK(seven[1].test == Indices{2, 5, 6});
  CHECK(seven[1].train == Indices{0, 1, 3, 4});

  // Alternating labels: the same folds as KFold.
  options.n_splits = 3;
  const Folds stratified = StratifiedKFold(options).split(labels({0, 1, 0, 1, 0, 1, 0, 1}));
  const Folds plain = KFold(options).split(8);
  for (std::size_t f = 0; f < 3; ++f) {
    CHECK(stratified[f].train == plain[f].train);
    CHECK(stratified[f].test == plain[f].test);
  }
}

TEST_CASE("StratifiedKFold: class ratios are kept in every fold") {
  // test_stratified_kfold_ratios: 1000 samples, classes 4 (10%), 0 (89%), 1 (1%)
  std::vector<int> values;
  append(values, 4, 100);
  append(values, 0, 890);
  append(values, 1, 10);
  const Eigen::VectorXi y = to_vector(values);
  const std::map<int, double> share = {{0, 0.89}, {1, 0.01}, {4, 0.10}};
  for (const bool shuffle : {false, true}) {
    for (int k = 4; k <= 10; ++k) {
      CAPTURE(shuffle);
      CAPTURE(k);
      KFoldOptions options;
      options.n_splits = k;
      options.shuffle = shuffle;
      if (shuffle) options.random_state = 0;
      const Folds folds = StratifiedKFold(options).split(y);
      for (const auto& [train, test] : folds) {
        for (const auto* part : {&train, &test}) {
          const auto counts = label_counts(y, *part);
          for (const auto& [label, expected] : share) {
            const auto found = counts.find(label);
            const double got = found == counts.end() ? 0.0 : found->second;
            CHECK(std::abs(got / static_cast<double>(part->size()) - expected) <= 0.02);
          }
        }
      }
      check_balanced(folds, y.size());
    }
  }
}

TEST_CASE("StratifiedKFold: renaming the classes does not change the folds") {
  // test_stratified_kfold_label_invariance
  std::vector<int> base;
  append(base, 2, 10);
  append(base, 0, 89);
  append(base, 1, 1);
  std::array<int, 3> perm = {0, 1, 2};
  for (const bool shuffle : {false, true}) {
    for (const int k : {4, 6, 7}) {
      KFoldOptions options;
      options.n_splits = k;
      options.shuffle = shuffle;
      if (shuffle) options.random_state = 0;
      const StratifiedKFold cv(options);
      const Folds expected = cv.split(to_vector(base));
      std::sort(perm.begin(), perm.end());
      do {
        std::vector<int> renamed = base;
        for (int& label : renamed) label = perm[static_cast<std::size_t>(label)];
        const Folds got = cv.split(to_vector(renamed));
        CAPTURE(k);
        CAPTURE(shuffle);
        for (std::size_t f = 0; f < got.size(); ++f) {
          CHECK(got[f].train == expected[f].train);
          CHECK(got[f].test == expected[f].test);
        }
      } while (std::next_permutation(perm.begin(), perm.end()));
      // Arbitrary label values, negative and extreme ones included.
      std::vector<int> extreme = base;
      const std::array<int, 3> values = {-2147483647 - 1, 2147483647, -5};
      for (int& label : extreme) label = values[static_cast<std::size_t>(label)];
      const Folds got = cv.split(to_vector(extreme));
      for (std::size_t f = 0; f < got.size(); ++f) CHECK(got[f].test == expected[f].test);
    }
  }
}

TEST_CASE("KFold: fold sizes differ by at most one") {
  // test_kfold_balance
  for (Eigen::Index n = 11; n < 17; ++n) {
    CAPTURE(n);
    check_balanced(KFold().split(n), n);
    KFoldOptions options;
    options.shuffle = true;
    check_balanced(KFold(options).split(n), n);
  }
}

TEST_CASE("StratifiedKFold: fold sizes differ by at most one") {
  // test_stratifiedkfold_balance
  std::vector<int> values;
  append(values, 0, 3);
  append(values, 1, 14);
  for (const bool shuffle : {true, false}) {
    KFoldOptions options;
    options.n_splits = 3;
    options.shuffle = shuffle;  // unset seed when shuffled: a fresh one per call
    const StratifiedKFold cv(options);
    for (Eigen::Index n = 11; n < 17; ++n) {
      CAPTURE(n);
      CAPTURE(shuffle);
      const Eigen::VectorXi y = to_vector(values).head(n);
      check_balanced(cv.split(y), n);
    }
  }
}

TEST_CASE("StratifiedKFold: each class is spread as evenly as possible over the test folds") {
  // Dealing the sorted labels round robin gives every fold floor(c / k) or ceil(c / k) members of
  // a class of c members, and folds of sizes floor(n / k) or ceil(n / k), whatever the seed.
  std::mt19937 generator(12);
  for (int trial = 0; trial < 60; ++trial) {
    const auto n = static_cast<Eigen::Index>(20 + generator() % 200);
    const int n_classes = 1 + static_cast<int>(generator() % 8);
    Eigen::VectorXi y(n);
    for (Eigen::Index i = 0; i < n; ++i)
      y(i) = 17 * static_cast<int>(generator() % static_cast<unsigned>(n_classes)) - 40;
    KFoldOptions options;
    options.n_splits = 2 + static_cast<int>(generator() % 9);
    options.shuffle = trial % 2 == 1;
    if (options.shuffle) options.random_state = static_cast<std::uint32_t>(generator());
    const auto total = label_counts(y);
    int largest = 0;
    for (const auto& [label, count] : total) largest = std::max(largest, count);
    if (largest < options.n_splits) continue;
    CAPTURE(trial);
    const Folds folds = StratifiedKFold(options).split(y);
    check_coverage(folds, n, options.n_splits);
    check_balanced(folds, n);
    for (const auto& fold : folds) {
      const auto counts = label_counts(y, fold.test);
      for (const auto& [label, count] : total) {
        const auto found = counts.find(label);
        const int got = found == counts.end() ? 0 : found->second;
        CHECK(got >= count / options.n_splits);
        CHECK(got <= (count + options.n_splits - 1) / options.n_splits);
      }
    }
  }
}

TEST_CASE("KFold: shuffling with different seeds gives different folds that still cover") {
  // test_shuffle_kfold
  KFoldOptions options;
  options.n_splits = 3;
  const Folds plain = KFold(options).split(300);
  options.shuffle = true;
  options.random_state = 0;
  const Folds seed0 = KFold(options).split(300);
  options.random_state = 1;
  const Folds seed1 = KFold(options).split(300);
  for (std::size_t f = 0; f < 3; ++f) {
    const std::array<const Indices*, 3> trains = {&plain[f].train, &seed0[f].train,
                                                  &seed1[f].train};
    for (std::size_t a = 0; a < 3; ++a)
      for (std::size_t b = a + 1; b < 3; ++b) {
        Indices common;
        std::set_intersection(trains[a]->begin(), trains[a]->end(), trains[b]->begin(),
                              trains[b]->end(), std::back_inserter(common));
        CHECK(common.size() != trains[a]->size());
      }
  }
  check_coverage(seed0, 300, 3);
}

TEST_CASE("KFold and StratifiedKFold: a seed repeats its folds, no seed varies them") {
  // test_shuffle_kfold_stratifiedkfold_reproducibility
  std::vector<int> values;
  append(values, 0, 7);
  append(values, 1, 8);
  const Eigen::VectorXi y = to_vector(values);
  KFoldOptions options;
  options.n_splits = 3;
  options.shuffle = true;
  options.random_state = 0;
  const KFold seeded(options);
  const StratifiedKFold seeded_stratified(options);
  const Folds first = seeded.split(15);
  const Folds first_stratified = seeded_stratified.split(y);
  for (int call = 0; call < 3; ++call) {
    const Folds again = seeded.split(15);
    const Folds again_stratified = seeded_stratified.split(y);
    for (std::size_t f = 0; f < 3; ++f) {
      CHECK(again[f].test == first[f].test);
      CHECK(again_stratified[f].test == first_stratified[f].test);
    }
  }
  // Unseeded: each call draws a fresh seed (scikit-learn's RandomState instance or None), so ten
  // calls do not all give the same folds.
  options.random_state.reset();
  const KFold unseeded(options);
  const StratifiedKFold unseeded_stratified(options);
  std::set<Indices> seen;
  std::set<Indices> seen_stratified;
  for (int call = 0; call < 10; ++call) {
    const Folds folds = unseeded.split(16);
    check_coverage(folds, 16, 3);
    seen.insert(folds[0].test);
    const Folds stratified = unseeded_stratified.split(y);
    check_coverage(stratified, 15, 3);
    seen_stratified.insert(stratified[0].test);
  }
  CHECK(seen.size() > 1);
  CHECK(seen_stratified.size() > 1);
}

TEST_CASE("StratifiedKFold: shuffling differs between seeds, and within each class") {
  // test_shuffle_stratifiedkfold
  std::vector<int> values;
  append(values, 0, 20);
  append(values, 1, 20);
  KFoldOptions options;
  options.n_splits = 5;
  options.shuffle = true;
  options.random_state = 0;
  const Folds seed0 = StratifiedKFold(options).split(to_vector(values));
  options.random_state = 1;
  const Folds seed1 = StratifiedKFold(options).split(to_vector(values));
  for (std::size_t f = 0; f < 5; ++f) CHECK(seed0[f].test != seed1[f].test);
  check_coverage(seed0, 40, 5);

  // Each class is shuffled with its own draws (scikit-learn PR 13124): the sets of test folds
  // differ between seeds.
  const Eigen::VectorXi y10 = labels({0, 0, 0, 0, 0, 1, 1, 1, 1, 1});
  std::set<Indices> tests0;
  std::set<Indices> tests1;
  options.random_state = 0;
  for (const auto& fold : StratifiedKFold(options).split(y10)) tests0.insert(fold.test);
  options.random_state = 1;
  for (const auto& fold : StratifiedKFold(options).split(y10)) tests1.insert(fold.test);
  CHECK(tests0 != tests1);
}

TEST_CASE("KFold: split accepts any dense expression and only counts its rows") {
  KFoldOptions options;
  options.n_splits = 4;
  options.shuffle = true;
  options.random_state = 9;
  const KFold cv(options);
  const Folds expected = cv.split(10);
  Eigen::MatrixXf wide = Eigen::MatrixXf::Zero(14, 6);
  const Folds from_block = cv.split(wide.block(2, 1, 10, 3));
  const Folds from_array = cv.split(Eigen::ArrayXXd::Ones(10, 2) * 3.0);
  for (std::size_t f = 0; f < expected.size(); ++f) {
    CHECK(from_block[f].test == expected[f].test);
    CHECK(from_array[f].train == expected[f].train);
  }
}

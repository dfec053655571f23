// Tests of sklite/model_selection.hpp and of the numpy-compatible generator behind it. Expected
// values come from numpy 1.24.2 and scikit-learn 1.2.1 (tests/fixtures/gen_model_selection.py).
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sklite/model_selection.hpp"
#include "support/fixtures.hpp"

namespace {

using sklite::SplitSize;
using sklite::TrainTestSplitOptions;
using sklite::detail::LegacyRandomState;
using sklite::detail::Mt19937;
using Json = nlohmann::json;

std::vector<Eigen::Index> to_indices(const Json& values) {
  std::vector<Eigen::Index> out;
  for (const auto& v : values) out.push_back(v.get<Eigen::Index>());
  return out;
}

SplitSize to_size(const Json& value) {
  if (value.is_null()) return {};
  if (value.is_number_integer()) return SplitSize(value.get<std::int64_t>());
  return SplitSize(value.get<double>());
}

Eigen::VectorXi to_labels(const Json& values) {
  Eigen::VectorXi out(static_cast<Eigen::Index>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    out(static_cast<Eigen::Index>(i)) = values[i].get<int>();
  return out;
}

TrainTestSplitOptions to_options(const Json& c) {
  TrainTestSplitOptions options;
  options.test_size = to_size(c["test_size"]);
  options.train_size = to_size(c["train_size"]);
  options.random_state = c["random_state"].get<std::uint32_t>();
  options.shuffle = c["shuffle"].get<bool>();
  if (!c["stratify"].is_null()) options.stratify = to_labels(c["stratify"]);
  return options;
}

// The part of sklite's message that identifies each error kind recorded from scikit-learn.
std::string message_for(const std::string& kind) {
  static const std::map<std::string, std::string> messages = {
      {"test_size_range", "test_size expected a fraction in (0, 1) or a count in [1, n_samples)"},
      {"train_size_range", "train_size expected a fraction in (0, 1) or a count in [1, n_samples)"},
      {"fraction_sum", "test_size + train_size expected at most 1 when both are fractions"},
      {"count_sum", "train_size + test_size expected at most n_samples"},
      {"train_empty", "the train set expected at least 1 sample; got 0"},
      {"shuffle_stratify", "stratify expected to be empty when shuffle is false"},
      {"single_member", "stratify expected at least 2 members in every class"},
      {"train_classes", "the train set expected at least as many samples as classes"},
      {"test_classes", "the test set expected at least as many samples as classes"},
      {"length", "stratify has "},
  };
  const auto found = messages.find(kind);
  REQUIRE_MESSAGE(found != messages.end(), "unknown error kind " << kind);
  return found->second;
}

// Sample i of the test data set: row (i, -2i + 0.5), label 3i - 7, so rows identify indices.
Eigen::MatrixXd sample_X(Eigen::Index n) {
  Eigen::MatrixXd X(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) {
    X(i, 0) = static_cast<double>(i);
    X(i, 1) = -2.0 * static_cast<double>(i) + 0.5;
  }
  return X;
}

Eigen::VectorXi sample_y(Eigen::Index n) {
  Eigen::VectorXi y(n);
  for (Eigen::Index i = 0; i < n; ++i) y(i) = 3 * static_cast<int>(i) - 7;
  return y;
}

// Rows of X and entries of y selected by `indices` match the parts returned.
void check_rows(const Eigen::MatrixXd& X, const Eigen::VectorXi& y,
                const std::vector<Eigen::Index>& indices, const Eigen::MatrixXd& X_part,
                const Eigen::VectorXi& y_part) {
  REQUIRE(X_part.rows() == static_cast<Eigen::Index>(indices.size()));
  REQUIRE(X_part.cols() == X.cols());
  REQUIRE(y_part.size() == static_cast<Eigen::Index>(indices.size()));
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const auto row = static_cast<Eigen::Index>(k);
    CHECK(X_part.row(row) == X.row(indices[k]));
    CHECK(y_part(row) == y(indices[k]));
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The generator

TEST_CASE("model_selection: MT19937 matches numpy's RandomState raw outputs") {
  const Json fixture = sklite::testing::load_fixture("model_selection/generator.json");
  REQUIRE(fixture["raw"].size() == 7);
  for (const auto& c : fixture["raw"]) {
    const auto seed = c["seed"].get<std::uint32_t>();
    CAPTURE(seed);
    Mt19937 generator(seed);
    std::mt19937 reference(seed);  // the C++ standard fixes this generator's output too
    std::vector<std::uint32_t> draws;
    for (int i = 0; i < 2000; ++i) {
      draws.push_back(generator.next_uint32());
      CHECK(draws.back() == static_cast<std::uint32_t>(reference()));
    }
    for (std::size_t k = 0; k < 10; ++k) {
      CHECK(draws[k] == c["first"][k].get<std::uint32_t>());
      CHECK(draws[620 + k] == c["at_620"][k].get<std::uint32_t>());
      CHECK(draws[1990 + k] == c["at_1990"][k].get<std::uint32_t>());
    }
  }
}

TEST_CASE("model_selection: 64-bit draws take the first 32-bit output as the high word") {
  const Json fixture = sklite::testing::load_fixture("model_selection/generator.json");
  REQUIRE(fixture["uint64"].size() == 3);
  for (const auto& c : fixture["uint64"]) {
    Mt19937 generator(c["seed"].get<std::uint32_t>());
    for (const auto& value : c["values"])
      CHECK(generator.next_uint64() == std::stoull(value.get<std::string>()));
  }
}

TEST_CASE("model_selection: permutation matches numpy's legacy permutation") {
  const Json fixture = sklite::testing::load_fixture("model_selection/generator.json");
  REQUIRE(fixture["permutation"].size() == 91);
  for (const auto& c : fixture["permutation"]) {
    const auto seed = c["seed"].get<std::uint32_t>();
    const auto n = c["n"].get<Eigen::Index>();
    CAPTURE(seed);
    CAPTURE(n);
    LegacyRandomState rng(seed);
    CHECK(rng.permutation(n) == to_indices(c["permutation"]));
    // Same number of draws consumed as numpy.
    CHECK(rng.generator().next_uint32() == c["next_raw"].get<std::uint32_t>());
  }
  for (const auto& c : fixture["value_permutation"]) {
    LegacyRandomState rng(c["seed"].get<std::uint32_t>());
    CHECK(rng.permutation(c["values"].get<std::vector<int>>()) ==
          c["permutation"].get<std::vector<int>>());
  }
}

TEST_CASE("model_selection: choice without replacement matches numpy") {
  const Json fixture = sklite::testing::load_fixture("model_selection/generator.json");
  REQUIRE(fixture["choice"].size() == 18);
  for (const auto& c : fixture["choice"]) {
    LegacyRandomState rng(c["seed"].get<std::uint32_t>());
    const auto values = c["values"].get<std::vector<int>>();
    CAPTURE(values.size());
    CHECK(rng.choice_without_replacement(values, c["size"].get<std::size_t>()) ==
          c["chosen"].get<std::vector<int>>());
    CHECK(rng.generator().next_uint32() == c["next_raw"].get<std::uint32_t>());
  }
}

TEST_CASE("model_selection: random_interval stays in range and draws nothing for 0") {
  LegacyRandomState rng(3);
  LegacyRandomState same(3);
  CHECK(rng.random_interval(0) == 0);
  CHECK(rng.generator().next_uint32() == same.generator().next_uint32());
  for (std::uint64_t max :
       {1ULL, 2ULL, 5ULL, 1000ULL, 0xffffffffULL, 0x100000000ULL, 0xffffffffffffULL})
    for (int k = 0; k < 50; ++k) CHECK(rng.random_interval(max) <= max);
}

TEST_CASE("model_selection: approximate_mode matches scikit-learn, ties and draws included") {
  const Json fixture = sklite::testing::load_fixture("model_selection/generator.json");
  REQUIRE(fixture["approximate_mode"].size() == 48);
  for (const auto& c : fixture["approximate_mode"]) {
    const auto counts = to_indices(c["class_counts"]);
    const auto n_draws = c["n_draws"].get<Eigen::Index>();
    CAPTURE(c["class_counts"].dump());
    CAPTURE(n_draws);
    CAPTURE(c["seed"].get<std::uint32_t>());
    LegacyRandomState rng(c["seed"].get<std::uint32_t>());
    CHECK(sklite::detail::approximate_mode(counts, n_draws, rng) == to_indices(c["result"]));
    CHECK(rng.generator().next_uint32() == c["next_raw"].get<std::uint32_t>());
  }
}

// ---------------------------------------------------------------------------------------------
// Sizes

TEST_CASE("model_selection: SplitSize keeps the kind of its value") {
  const SplitSize unset;
  const SplitSize fraction = 0.25;
  const SplitSize fraction_float = 0.5F;
  const SplitSize count = 7;
  const SplitSize unsigned_count = std::size_t{7};
  const SplitSize huge = std::numeric_limits<std::uint64_t>::max();
  CHECK(unset.kind() == SplitSize::Kind::unset);
  CHECK_FALSE(unset.is_set());
  CHECK(fraction.is_fraction());
  CHECK(fraction.fraction() == 0.25);
  CHECK(fraction_float.is_fraction());
  CHECK(fraction_float.fraction() == 0.5);
  CHECK(count.is_count());
  CHECK(count.count() == 7);
  CHECK(unsigned_count.is_count());
  CHECK(unsigned_count.count() == 7);
  CHECK(huge.count() == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("model_selection: train and test sizes match scikit-learn on a grid") {
  const Json fixture = sklite::testing::load_fixture("model_selection/sizes.json");
  const Json& entries = fixture["entries"];
  REQUIRE(entries.size() > 2000);
  std::size_t n_errors = 0;
  for (const auto& e : entries) {
    const auto n = e[0].get<Eigen::Index>();
    TrainTestSplitOptions options;
    options.test_size = to_size(e[1]);
    options.train_size = to_size(e[2]);
    options.shuffle = false;
    CAPTURE(e.dump());
    if (e.size() == 4) {
      ++n_errors;
      CHECK_THROWS_WITH_AS(sklite::train_test_split_indices(n, options),
                           doctest::Contains(message_for(e[3].get<std::string>()).c_str()),
                           std::invalid_argument);
    } else {
      const auto [train, test] = sklite::train_test_split_indices(n, options);
      CHECK(static_cast<Eigen::Index>(train.size()) == e[3].get<Eigen::Index>());
      CHECK(static_cast<Eigen::Index>(test.size()) == e[4].get<Eigen::Index>());
    }
  }
  CHECK(n_errors > 100);
}

// ---------------------------------------------------------------------------------------------
// Splits

TEST_CASE("model_selection: train_test_split selects scikit-learn's rows") {
  const Json fixture = sklite::testing::load_fixture("model_selection/splits.json");
  const Json& cases = fixture["cases"];
  REQUIRE(cases.size() > 350);
  std::size_t n_stratified = 0;
  std::size_t n_errors = 0;
  for (const auto& c : cases) {
    const auto n = c["n"].get<Eigen::Index>();
    const TrainTestSplitOptions options = to_options(c);
    CAPTURE(c["name"].get<std::string>());
    CAPTURE(n);
    CAPTURE(c["random_state"].get<std::uint32_t>());
    CAPTURE(c["test_size"].dump());
    CAPTURE(c["train_size"].dump());
    const Eigen::MatrixXd X = sample_X(n);
    const Eigen::VectorXi y = sample_y(n);
    if (c.contains("error")) {
      ++n_errors;
      const std::string expected = message_for(c["error"].get<std::string>());
      CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                           doctest::Contains(("train_test_split: " + expected).c_str()),
                           std::invalid_argument);
      CHECK_THROWS_WITH_AS(sklite::train_test_split_indices(n, options),
                           doctest::Contains(expected.c_str()), std::invalid_argument);
      continue;
    }
    if (options.stratify.size() > 0) ++n_stratified;
    const auto train = to_indices(c["train"]);
    const auto test = to_indices(c["test"]);
    const auto indices = sklite::train_test_split_indices(n, options);
    CHECK(indices.train == train);
    CHECK(indices.test == test);
    const auto [X_train, X_test, y_train, y_test] = sklite::train_test_split(X, y, options);
    check_rows(X, y, train, X_train, y_train);
    check_rows(X, y, test, X_test, y_test);
  }
  CHECK(n_stratified > 150);
  CHECK(n_errors > 20);
}

TEST_CASE("model_selection: train_test_split on real-valued data matches scikit-learn") {
  const Json fixture = sklite::testing::load_fixture("model_selection/data.json");
  const Eigen::MatrixXd X = sklite::testing::to_matrix(fixture["X"]);
  const Eigen::VectorXi y = to_labels(fixture["y"]);
  REQUIRE(fixture["splits"].size() == 2);

  TrainTestSplitOptions plain;
  plain.test_size = 0.3;
  plain.random_state = 5;
  TrainTestSplitOptions stratified;
  stratified.test_size = 0.25;
  stratified.random_state = 0;
  stratified.stratify = y;

  for (const auto& split : fixture["splits"]) {
    const bool is_plain = split["name"].get<std::string>() == "plain";
    CAPTURE(split["name"].get<std::string>());
    auto [X_train, X_test, y_train, y_test] =
        sklite::train_test_split(X, y, is_plain ? plain : stratified);
    static_assert(std::is_same_v<decltype(X_train), Eigen::MatrixXd>);
    static_assert(std::is_same_v<decltype(y_test), Eigen::VectorXi>);
    CHECK(X_train == sklite::testing::to_matrix(split["X_train"]));
    CHECK(X_test == sklite::testing::to_matrix(split["X_test"]));
    CHECK(y_train == to_labels(split["y_train"]));
    CHECK(y_test == to_labels(split["y_test"]));
  }
}

TEST_CASE("model_selection: train_test_split accepts blocks, maps, arrays and expressions") {
  const Eigen::MatrixXd X = sample_X(12);
  const Eigen::VectorXi y = sample_y(12);
  TrainTestSplitOptions options;
  options.test_size = 4;
  options.random_state = 11;
  const auto expected = sklite::train_test_split(X, y, options);
  const auto indices = sklite::train_test_split_indices(12, options);
  REQUIRE(indices.test.size() == 4);

  SUBCASE("a block of a larger matrix and a row-vector label expression") {
    Eigen::MatrixXd wide = Eigen::MatrixXd::Zero(15, 5);
    wide.block(2, 1, 12, 2) = X;
    const Eigen::RowVectorXi y_row = y.transpose();
    const auto got = sklite::train_test_split(wide.block(2, 1, 12, 2), y_row, options);
    CHECK(got.X_train == expected.X_train);
    CHECK(got.X_test == expected.X_test);
    CHECK(got.y_train == expected.y_train);
    CHECK(got.y_test == expected.y_test);
  }
  SUBCASE("a map over row-major storage") {
    std::vector<float> storage(24);
    for (std::size_t i = 0; i < storage.size(); ++i) storage[i] = static_cast<float>(i);
    const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        mapped(storage.data(), 12, 2);
    const auto got = sklite::train_test_split(mapped, y, options);
    static_assert(std::is_same_v<decltype(got.X_test), Eigen::MatrixXf>);
    REQUIRE(got.X_test.rows() == 4);
    for (std::size_t k = 0; k < indices.test.size(); ++k)
      CHECK(got.X_test.row(static_cast<Eigen::Index>(k)) == mapped.row(indices.test[k]));
  }
  SUBCASE("arrays and lazy expressions (a product, a scaled array)") {
    const Eigen::ArrayXXd array = X.array();
    const Eigen::ArrayXd y_array = y.cast<double>().array();
    const auto from_array = sklite::train_test_split(array * 2.0, y_array + 1.0, options);
    CHECK(from_array.X_train == 2.0 * expected.X_train);
    CHECK((from_array.y_test.array() == expected.y_test.cast<double>().array() + 1.0).all());
    const Eigen::Matrix2d rotate{{0.0, 1.0}, {1.0, 0.0}};
    const auto from_product = sklite::train_test_split(X * rotate, y, options);
    CHECK(from_product.X_test == expected.X_test * rotate);
  }
}

TEST_CASE("model_selection: shuffle=false keeps the order") {
  TrainTestSplitOptions options;
  options.test_size = 2;
  options.train_size = 5;
  options.shuffle = false;
  const auto [train, test] = sklite::train_test_split_indices(10, options);
  CHECK(train == std::vector<Eigen::Index>{0, 1, 2, 3, 4});
  CHECK(test == std::vector<Eigen::Index>{5, 6});
}

TEST_CASE("model_selection: an unset random_state still gives a valid split") {
  TrainTestSplitOptions options;
  options.test_size = 0.2;
  auto [train, test] = sklite::train_test_split_indices(50, options);
  CHECK(train.size() == 40);
  CHECK(test.size() == 10);
  std::vector<Eigen::Index> all = train;
  all.insert(all.end(), test.begin(), test.end());
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i] == static_cast<Eigen::Index>(i));

  options.stratify = Eigen::VectorXi::LinSpaced(50, 0, 49).unaryExpr([](int v) { return v % 3; });
  auto [strat_train, strat_test] = sklite::train_test_split_indices(50, options);
  int test_per_class[3] = {0, 0, 0};
  for (const Eigen::Index i : strat_test) ++test_per_class[options.stratify(i) % 3];
  // 17/17/16 members and 10 test samples: 3 or 4 per class, whatever the seed.
  for (const int count : test_per_class) CHECK((count == 3 || count == 4));
  CHECK(strat_train.size() == 40);
}

// ---------------------------------------------------------------------------------------------
// Errors with their full messages

TEST_CASE("model_selection: errors name the problem") {
  const Eigen::MatrixXd X = sample_X(10);
  const Eigen::VectorXi y = sample_y(10);
  TrainTestSplitOptions options;
  options.random_state = 0;

  SUBCASE("X and y of different lengths") {
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, sample_y(9)),
                         "train_test_split: X has 10 rows but y has 9 entries",
                         std::invalid_argument);
  }
  SUBCASE("y not a vector") {
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, Eigen::MatrixXi::Zero(10, 2)),
                         "train_test_split: y must be a vector; got shape (10, 2)",
                         std::invalid_argument);
  }
  SUBCASE("empty input") {
    CHECK_THROWS_WITH_AS(sklite::train_test_split(Eigen::MatrixXd(0, 3), Eigen::VectorXd(0)),
                         "train_test_split: X must not be empty; got shape (0, 3): 0 sample(s)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sklite::train_test_split_indices(0),
                         "train_test_split_indices: n_samples expected at least 1; got 0",
                         std::invalid_argument);
  }
  SUBCASE("sizes out of range") {
    options.test_size = 10;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: test_size expected a fraction in (0, 1) or a count in "
                         "[1, n_samples) with n_samples = 10; got 10",
                         std::invalid_argument);
    options.test_size = 1.5;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: test_size expected a fraction in (0, 1) or a count in "
                         "[1, n_samples) with n_samples = 10; got 1.5",
                         std::invalid_argument);
    options.test_size = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         doctest::Contains("test_size expected a fraction in (0, 1)"),
                         std::invalid_argument);
    options.test_size = {};
    options.train_size = -1;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: train_size expected a fraction in (0, 1) or a count in "
                         "[1, n_samples) with n_samples = 10; got -1",
                         std::invalid_argument);
  }
  SUBCASE("sum of fractions above 1") {
    options.test_size = 0.6;
    options.train_size = 0.5;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: test_size + train_size expected at most 1 when both "
                         "are fractions; got 0.6 + 0.5 = 1.1",
                         std::invalid_argument);
  }
  SUBCASE("sum of counts above n_samples") {
    options.test_size = 0.5;
    options.train_size = 6;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: train_size + test_size expected at most n_samples = "
                         "10; got 6 + 5 = 11 samples",
                         std::invalid_argument);
  }
  SUBCASE("empty train set") {
    options.test_size = 0.95;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: the train set expected at least 1 sample; got 0 with "
                         "n_samples = 10, test_size = 0.95 and train_size = unset",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sklite::train_test_split_indices(1),
                         "train_test_split_indices: the train set expected at least 1 sample; got "
                         "0 with n_samples = 1, test_size = 0.25 and train_size = unset",
                         std::invalid_argument);
  }
  SUBCASE("stratify with shuffle=false") {
    options.shuffle = false;
    options.stratify = y;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: stratify expected to be empty when shuffle is false (a "
                         "stratified split is always shuffled); got 10 labels",
                         std::invalid_argument);
  }
  SUBCASE("stratify of the wrong length") {
    options.stratify = Eigen::VectorXi::Zero(9);
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: stratify has 9 labels but X has 10 rows",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sklite::train_test_split_indices(10, options),
                         "train_test_split_indices: stratify has 9 labels but n_samples is 10",
                         std::invalid_argument);
  }
  SUBCASE("a class with a single member") {
    options.stratify = Eigen::VectorXi::Zero(10);
    options.stratify(4) = -3;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: stratify expected at least 2 members in every class; "
                         "got 1 member in class -3",
                         std::invalid_argument);
  }
  SUBCASE("fewer train or test samples than classes") {
    options.stratify = (Eigen::VectorXi(10) << 0, 0, 1, 1, 2, 2, 0, 1, 2, 0).finished();
    options.train_size = 2;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: the train set expected at least as many samples as "
                         "classes (3) when stratifying; got 2",
                         std::invalid_argument);
    options.train_size = {};
    options.test_size = 2;
    CHECK_THROWS_WITH_AS(sklite::train_test_split(X, y, options),
                         "train_test_split: the test set expected at least as many samples as "
                         "classes (3) when stratifying; got 2",
                         std::invalid_argument);
  }
}

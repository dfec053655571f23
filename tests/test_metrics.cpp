// Tests of sklite/metrics.hpp. Expected values come from scikit-learn 1.2.1
// (tests/fixtures/gen_metrics.py): every score, matrix and report of tests/fixtures/metrics/ is
// recomputed here and compared, the reports byte for byte.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sklite/metrics.hpp"
#include "support/fixtures.hpp"

namespace {

namespace m = sklite::metrics;
using Json = nlohmann::json;
using sklite::testing::load_fixture;
using sklite::testing::to_vector;

constexpr double kTolerance = 1e-12;

std::vector<int> to_labels(const Json& value) {
  std::vector<int> out;
  if (!value.is_null())
    for (const auto& v : value) out.push_back(v.get<int>());
  return out;
}

m::Average to_average(const Json& value) {
  if (value.is_null()) return m::Average::none;
  const auto name = value.get<std::string>();
  if (name == "binary") return m::Average::binary;
  if (name == "micro") return m::Average::micro;
  if (name == "macro") return m::Average::macro;
  if (name == "weighted") return m::Average::weighted;
  throw std::runtime_error("unknown average " + name);
}

m::ZeroDivision to_zero_division(const Json& options) {
  if (!options.contains("zero_division") || options["zero_division"].is_string())
    return m::ZeroDivision::warn();
  return options["zero_division"].get<int>();
}

m::Normalize to_normalize(const Json& value) {
  if (value.is_null()) return m::Normalize::none;
  const auto name = value.get<std::string>();
  if (name == "true") return m::Normalize::true_;
  if (name == "pred") return m::Normalize::pred;
  return m::Normalize::all;
}

m::ScoreOptions to_score_options(const Json& o) {
  m::ScoreOptions options;
  options.labels = to_labels(o["labels"]);
  options.pos_label = o["pos_label"].get<int>();
  options.average = to_average(o["average"]);
  options.zero_division = to_zero_division(o);
  return options;
}

double to_beta(const Json& o) {
  return o["beta"].is_null() ? std::numeric_limits<double>::infinity() : o["beta"].get<double>();
}

m::ClassificationReportOptions to_report_options(const Json& o) {
  m::ClassificationReportOptions options;
  if (o.contains("labels")) options.labels = to_labels(o["labels"]);
  if (o.contains("target_names"))
    for (const auto& name : o["target_names"]) options.target_names.push_back(name);
  if (o.contains("digits")) options.digits = o["digits"].get<int>();
  options.zero_division = to_zero_division(o);
  return options;
}

void check_vector(const Eigen::VectorXd& actual, const Json& expected) {
  REQUIRE(actual.size() == static_cast<Eigen::Index>(expected.size()));
  for (Eigen::Index i = 0; i < actual.size(); ++i)
    CHECK(actual(i) ==
          doctest::Approx(expected[static_cast<std::size_t>(i)].get<double>()).epsilon(kTolerance));
}

void check_row(const m::ClassificationReportRow& row, const std::string& name, const Json& values) {
  CHECK(row.name == name);
  CHECK(row.precision == doctest::Approx(values["precision"].get<double>()).epsilon(kTolerance));
  CHECK(row.recall == doctest::Approx(values["recall"].get<double>()).epsilon(kTolerance));
  CHECK(row.f1_score == doctest::Approx(values["f1-score"].get<double>()).epsilon(kTolerance));
  CHECK(static_cast<double>(row.support) == values["support"].get<double>());
}

// Runs every recorded check of one fixture case on labels of the given Eigen types.
template <typename True, typename Pred>
void run_checks(const Json& c, const True& y_true, const Pred& y_pred) {
  std::map<std::string, int> counted;
  for (const auto& check : c["checks"]) {
    const auto function = check["function"].get<std::string>();
    const Json& o = check["options"];
    const Json& expected = check["expected"];
    INFO("case: ", c["name"].get<std::string>(), ", function: ", function, ", options: ", o.dump());
    ++counted[function];
    if (function == "accuracy_score") {
      m::AccuracyScoreOptions options;
      options.normalize = o["normalize"].get<bool>();
      const double actual =
          o.contains("sample_weight")
              ? m::accuracy_score(y_true, y_pred, to_vector(o["sample_weight"]), options)
              : m::accuracy_score(y_true, y_pred, options);
      CHECK(actual == doctest::Approx(expected.get<double>()).epsilon(kTolerance));
    } else if (function == "balanced_accuracy_score") {
      m::BalancedAccuracyScoreOptions options;
      options.adjusted = o["adjusted"].get<bool>();
      const double actual = m::balanced_accuracy_score(y_true, y_pred, options);
      if (expected.is_null())
        CHECK(std::isnan(actual));
      else
        CHECK(actual == doctest::Approx(expected.get<double>()).epsilon(kTolerance));
    } else if (function == "confusion_matrix") {
      m::ConfusionMatrixOptions options;
      options.labels = to_labels(o["labels"]);
      const Eigen::MatrixXd want = sklite::testing::to_matrix(expected);
      if (o["normalize"].is_null()) {
        const m::CountMatrix counts = m::confusion_matrix(y_true, y_pred, options);
        CHECK(counts.cast<double>() == want);
      }
      const Eigen::MatrixXd actual =
          m::confusion_matrix(y_true, y_pred, to_normalize(o["normalize"]), options);
      REQUIRE(actual.rows() == want.rows());
      REQUIRE(actual.cols() == want.cols());
      CHECK(actual.isApprox(want, kTolerance));
      CHECK((actual - want).cwiseAbs().maxCoeff() <= kTolerance);
    } else if (function == "precision_recall_fscore_support") {
      m::PrecisionRecallFscoreSupportOptions options;
      options.beta = to_beta(o);
      options.labels = to_labels(o["labels"]);
      options.pos_label = o["pos_label"].get<int>();
      options.average = to_average(o["average"]);
      options.zero_division = to_zero_division(o);
      const auto result = m::precision_recall_fscore_support(y_true, y_pred, options);
      check_vector(result.precision, expected["precision"]);
      check_vector(result.recall, expected["recall"]);
      check_vector(result.fscore, expected["fscore"]);
      if (expected["support"].is_null()) {
        CHECK(result.support.size() == 0);
      } else {
        check_vector(result.support.template cast<double>(), expected["support"]);
      }
    } else if (function == "precision_score" || function == "recall_score" ||
               function == "f1_score" || function == "fbeta_score") {
      const auto options = to_score_options(o);
      double actual = 0.0;
      if (function == "precision_score") actual = m::precision_score(y_true, y_pred, options);
      if (function == "recall_score") actual = m::recall_score(y_true, y_pred, options);
      if (function == "f1_score") actual = m::f1_score(y_true, y_pred, options);
      if (function == "fbeta_score") actual = m::fbeta_score(y_true, y_pred, to_beta(o), options);
      CHECK(actual == doctest::Approx(expected.get<double>()).epsilon(kTolerance));
    } else if (function == "classification_report") {
      CHECK(m::classification_report(y_true, y_pred, to_report_options(o)) ==
            expected.get<std::string>());
    } else if (function == "classification_report_dict") {
      const auto report = m::classification_report_dict(y_true, y_pred, to_report_options(o));
      const std::size_t n_classes = report.classes.size();
      REQUIRE(expected.size() == n_classes + 3);
      for (std::size_t i = 0; i < n_classes; ++i)
        check_row(report.classes[i], expected[i][0].get<std::string>(), expected[i][1]);
      const Json& fourth = expected[n_classes];
      if (fourth[0] == "accuracy") {
        REQUIRE(report.accuracy.has_value());
        CHECK_FALSE(report.micro_avg.has_value());
        CHECK(*report.accuracy == doctest::Approx(fourth[1].get<double>()).epsilon(kTolerance));
      } else {
        REQUIRE(report.micro_avg.has_value());
        CHECK_FALSE(report.accuracy.has_value());
        check_row(*report.micro_avg, fourth[0].get<std::string>(), fourth[1]);
      }
      check_row(report.macro_avg, expected[n_classes + 1][0].get<std::string>(),
                expected[n_classes + 1][1]);
      check_row(report.weighted_avg, expected[n_classes + 2][0].get<std::string>(),
                expected[n_classes + 2][1]);
    } else {
      FAIL("unknown function in fixture: ", function);
    }
  }
  // Guards against a fixture that silently lost its checks.
  CHECK(counted["accuracy_score"] == 4);
  CHECK(counted["confusion_matrix"] >= 4);
  CHECK(counted["precision_recall_fscore_support"] >= 48);
  CHECK(counted["classification_report"] >= 4);
  CHECK(counted["classification_report_dict"] == counted["classification_report"]);
}

const Json& cases() {
  static const Json all = load_fixture("metrics/cases.json");
  return all;
}

void run_case(const Json& c) {
  const bool float_true = c["float_true"].get<bool>();
  const bool float_pred = c["float_pred"].get<bool>();
  const Eigen::VectorXi ti = to_vector<int>(c["y_true"]), pi = to_vector<int>(c["y_pred"]);
  const Eigen::VectorXd td = ti.cast<double>(), pd = pi.cast<double>();
  if (float_true && float_pred)
    run_checks(c, td, pd);
  else if (float_pred)
    run_checks(c, ti, pd);
  else if (float_true)
    run_checks(c, td, pi);
  else
    run_checks(c, ti, pi);
}

void run_named_case(const std::string& name) {
  for (const auto& c : cases())
    if (c["name"] == name) return run_case(c);
  FAIL("no fixture case named ", name);
}

Eigen::VectorXi ints(std::initializer_list<int> values) {
  Eigen::VectorXi out(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const int v : values) out(i++) = v;
  return out;
}

}  // namespace

TEST_CASE("metrics: binary 0/1 labels agree with scikit-learn") { run_named_case("binary 0/1"); }

TEST_CASE("metrics: binary -1/+1 labels agree with scikit-learn") { run_named_case("binary -1/1"); }

TEST_CASE("metrics: five non-contiguous classes agree with scikit-learn") {
  run_named_case("five classes");
}

TEST_CASE("metrics: a class never predicted (zero division) agrees with scikit-learn") {
  run_named_case("never predicted");
}

TEST_CASE("metrics: labels given as doubles agree with scikit-learn, reports name them 7.0") {
  run_named_case("five classes as doubles");
  run_named_case("int true, double pred");
}

TEST_CASE("metrics: a single class and a perfect prediction agree with scikit-learn") {
  run_named_case("single class");
  run_named_case("perfect");
}

TEST_CASE("metrics: the fixture covers every case") { CHECK(cases().size() == 8); }

TEST_CASE("metrics: classification_report layout for a known input") {
  // scikit-learn's documented example, written out so the layout is visible here.
  const Eigen::VectorXi y_true = ints({0, 1, 2, 2, 2});
  const Eigen::VectorXi y_pred = ints({0, 0, 2, 2, 1});
  m::ClassificationReportOptions options;
  options.target_names = {"class 0", "class 1", "class 2"};
  const std::string expected =
      "              precision    recall  f1-score   support\n"
      "\n"
      "     class 0       0.50      1.00      0.67         1\n"
      "     class 1       0.00      0.00      0.00         1\n"
      "     class 2       1.00      0.67      0.80         3\n"
      "\n"
      "    accuracy                           0.60         5\n"
      "   macro avg       0.50      0.56      0.49         5\n"
      "weighted avg       0.70      0.60      0.61         5\n";
  CHECK(m::classification_report(y_true, y_pred, options) == expected);
}

TEST_CASE("metrics: inputs may be blocks, maps and row vectors") {
  Eigen::MatrixXd data(6, 2);
  data << 0, 0, 1, 1, 2, 1, 2, 2, 1, 0, 0, 0;
  const std::vector<int> raw_pred = {0, 1, 1, 2, 0, 0};
  const Eigen::Map<const Eigen::VectorXi> mapped(raw_pred.data(), 6);
  const Eigen::RowVectorXi row = mapped.transpose();
  const Eigen::VectorXi y_true = data.col(0).cast<int>();
  const double expected = m::accuracy_score(y_true, mapped);
  CHECK(expected == doctest::Approx(4.0 / 6.0));
  CHECK(m::accuracy_score(data.col(0), row) == expected);
  CHECK(m::accuracy_score(data.col(0), data.col(1)) == doctest::Approx(4.0 / 6.0));
  CHECK(m::confusion_matrix(data.col(0), mapped) == m::confusion_matrix(y_true, row));
  CHECK(m::classification_report(data.col(0).head(4), mapped.head(4)) ==
        m::classification_report(y_true.head(4).cast<double>(), mapped.head(4)));
}

TEST_CASE("metrics: ZeroDivision reads like scikit-learn's zero_division") {
  const m::ZeroDivision warn;
  const m::ZeroDivision one = 1;
  CHECK(warn.is_warn());
  CHECK(warn.value() == 0);
  CHECK_FALSE(one.is_warn());
  CHECK(one.value() == 1);
  CHECK(m::ZeroDivision::warn().is_warn());
}

TEST_CASE("metrics: errors recorded from scikit-learn are errors in sklite") {
  const std::map<std::string, std::string> messages = {
      {"length", "y_true has 3 entries but y_pred has 2 entries"},
      {"non_integral",
       "Unknown label type: y_true must hold integer class labels; got 1.5 at index 1"},
      {"nan", "Unknown label type: y_pred must hold integer class labels; got NaN at index 1"},
      {"binary_multiclass", "average=binary expected a binary target; got a multiclass target"},
      {"bad_pos_label", "pos_label expected one of the labels [0, 2]; got 1"},
      {"bad_zero_division", "zero_division expected \"warn\", 0 or 1; got 2"},
      {"negative_beta", "beta expected a value >= 0; got -1"},
      {"labels_not_in_true",
       "labels expected at least one label that occurs in y_true; got [5, 6]"},
      {"target_names_length", "target_names expected 3 names"},
      {"sample_weight_length", "y_true has 3 entries but sample_weight has 2 entries"},
      {"sample_weight_zero_sum", "sample_weight expected weights with a non-zero sum"},
  };
  const Json errors = load_fixture("metrics/errors.json");
  CHECK(errors.size() == 35);
  for (const auto& e : errors) {
    const auto kind = e["kind"].get<std::string>();
    const auto function = e["function"].get<std::string>();
    const Json& o = e["options"];
    INFO("kind: ", kind, ", function: ", function,
         ", scikit-learn: ", e["sklearn_message"].get<std::string>());
    REQUIRE(messages.count(kind) == 1);
    const std::string message = function + ": " + messages.at(kind);
    const std::string dict_message = "classification_report_dict: " + messages.at(kind);
    const Eigen::VectorXd y_true = to_vector(e["y_true"]), y_pred = to_vector(e["y_pred"]);
    if (function == "accuracy_score") {
      if (o.contains("sample_weight")) {
        CHECK_THROWS_WITH_AS(m::accuracy_score(y_true, y_pred, to_vector(o["sample_weight"])),
                             doctest::Contains(message.c_str()), std::invalid_argument);
      } else {
        CHECK_THROWS_WITH_AS(m::accuracy_score(y_true, y_pred), doctest::Contains(message.c_str()),
                             std::invalid_argument);
      }
    } else if (function == "balanced_accuracy_score") {
      CHECK_THROWS_WITH_AS(m::balanced_accuracy_score(y_true, y_pred),
                           doctest::Contains(message.c_str()), std::invalid_argument);
    } else if (function == "confusion_matrix") {
      m::ConfusionMatrixOptions options;
      if (o.contains("labels")) options.labels = to_labels(o["labels"]);
      CHECK_THROWS_WITH_AS(m::confusion_matrix(y_true, y_pred, options),
                           doctest::Contains(message.c_str()), std::invalid_argument);
      CHECK_THROWS_WITH_AS(m::confusion_matrix(y_true, y_pred, m::Normalize::all, options),
                           doctest::Contains(message.c_str()), std::invalid_argument);
    } else if (function == "classification_report") {
      const auto options = to_report_options(o);
      CHECK_THROWS_WITH_AS(m::classification_report(y_true, y_pred, options),
                           doctest::Contains(message.c_str()), std::invalid_argument);
      CHECK_THROWS_WITH_AS(m::classification_report_dict(y_true, y_pred, options),
                           doctest::Contains(dict_message.c_str()), std::invalid_argument);
    } else {
      m::ScoreOptions options;
      options.average = o.contains("average") ? to_average(o["average"]) : m::Average::binary;
      if (o.contains("pos_label")) options.pos_label = o["pos_label"].get<int>();
      options.zero_division = to_zero_division(o);
      const double beta = o.contains("beta") ? o["beta"].get<double>() : 1.0;
      m::PrecisionRecallFscoreSupportOptions full;
      full.beta = beta;
      full.average = o.contains("average") ? to_average(o["average"]) : m::Average::none;
      full.pos_label = options.pos_label;
      full.zero_division = options.zero_division;
      const auto call = [&] {
        if (function == "precision_score") return m::precision_score(y_true, y_pred, options);
        if (function == "recall_score") return m::recall_score(y_true, y_pred, options);
        if (function == "f1_score") return m::f1_score(y_true, y_pred, options);
        if (function == "fbeta_score") return m::fbeta_score(y_true, y_pred, beta, options);
        return m::precision_recall_fscore_support(y_true, y_pred, full).precision(0);
      };
      CHECK_THROWS_WITH_AS(call(), doctest::Contains(message.c_str()), std::invalid_argument);
    }
  }
}

TEST_CASE("metrics: errors where scikit-learn only warns or returns NaN") {
  const Eigen::VectorXi empty(0);
  const Eigen::VectorXi y3 = ints({0, 1, 2});
  const Eigen::VectorXi p3 = ints({0, 2, 1});
  // Empty input: scikit-learn returns NaN or an empty matrix with a warning.
  CHECK_THROWS_WITH_AS(m::accuracy_score(empty, empty),
                       "accuracy_score: y_true must not be empty; got shape (0, 1): 0 sample(s)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(m::confusion_matrix(empty, empty),
                       doctest::Contains("confusion_matrix: y_true must not be empty"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(m::f1_score(empty, empty), doctest::Contains("must not be empty"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(m::classification_report(empty, empty),
                       doctest::Contains("must not be empty"), std::invalid_argument);
  // Infinity and values beyond int's range are not labels.
  Eigen::VectorXd inf_labels(3);
  inf_labels << 0.0, std::numeric_limits<double>::infinity(), 1.0;
  CHECK_THROWS_WITH_AS(m::accuracy_score(inf_labels, p3),
                       "accuracy_score: Unknown label type: y_true must hold integer class labels; "
                       "got infinity at index 1",
                       std::invalid_argument);
  Eigen::VectorXd huge(3);
  huge << 0.0, 1e12, 1.0;
  CHECK_THROWS_AS(m::accuracy_score(y3, huge), std::invalid_argument);
  // A matrix is not a label vector.
  const Eigen::MatrixXi two_columns = Eigen::MatrixXi::Zero(3, 2);
  CHECK_THROWS_WITH_AS(m::accuracy_score(two_columns, two_columns),
                       doctest::Contains("y_true must be a vector; got shape (3, 2)"),
                       std::invalid_argument);
  // target_names of the wrong length with labels given: scikit-learn warns and truncates.
  m::ClassificationReportOptions report;
  report.labels = {0, 1};
  report.target_names = {"a", "b", "c"};
  CHECK_THROWS_WITH_AS(
      m::classification_report(y3, p3, report),
      "classification_report: target_names expected 2 names (one per label in labels); got 3",
      std::invalid_argument);
  report.target_names.clear();
  report.digits = -1;
  CHECK_THROWS_WITH_AS(m::classification_report(y3, p3, report),
                       "classification_report: digits expected a value >= 0; got -1",
                       std::invalid_argument);
  report.digits = 2;
  report.zero_division = 5;
  CHECK_THROWS_WITH_AS(m::classification_report(y3, p3, report),
                       doctest::Contains("zero_division expected \"warn\", 0 or 1; got 5"),
                       std::invalid_argument);
  // Average::none has no single value: precision_recall_fscore_support gives per-label values.
  m::ScoreOptions none;
  none.average = m::Average::none;
  CHECK_THROWS_WITH_AS(m::f1_score(y3, p3, none),
                       doctest::Contains("f1_score: average expected binary, micro, macro or "
                                         "weighted for a single score; got none"),
                       std::invalid_argument);
  // NaN beta (scikit-learn would return NaN scores).
  m::ScoreOptions macro;
  macro.average = m::Average::macro;
  CHECK_THROWS_WITH_AS(m::fbeta_score(y3, p3, std::nan(""), macro),
                       "fbeta_score: beta expected a value >= 0; got nan", std::invalid_argument);
  // Enumerators outside their range (a cast from an integer).
  macro.average = static_cast<m::Average>(17);
  CHECK_THROWS_WITH_AS(m::precision_score(y3, p3, macro),
                       doctest::Contains("average expected none, binary, micro, macro or "
                                         "weighted; got 17"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(m::confusion_matrix(y3, p3, static_cast<m::Normalize>(9)),
                       doctest::Contains("normalize expected none, true_, pred or all; got 9"),
                       std::invalid_argument);
  // Weights must be finite.
  Eigen::VectorXd weights(3);
  weights << 1.0, std::nan(""), 1.0;
  CHECK_THROWS_WITH_AS(m::accuracy_score(y3, p3, weights),
                       doctest::Contains("sample_weight must be finite"), std::invalid_argument);
}

TEST_CASE("metrics: numpy's pairwise summation order") {
  // 1e16 + 1 + ... loses the ones when added in sequence but not when numpy sums in 8 lanes.
  Eigen::VectorXd values = Eigen::VectorXd::Ones(16);
  values(0) = 1e16;
  double sequential = 0.0;
  for (Eigen::Index i = 0; i < values.size(); ++i) sequential += values(i);
  CHECK(sequential == 1e16);
  CHECK(sklite::detail::numpy_sum(values) == 1e16 + 14.0);  // numpy 1.24.2: np.sum gives this
}

// sklite: classification_report, the per-class precision / recall / F1 / support table, as
// scikit-learn's exact text or as a struct (the analogue of output_dict=True).
#ifndef SKLITE_METRICS_CLASSIFICATION_REPORT_HPP
#define SKLITE_METRICS_CLASSIFICATION_REPORT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <iomanip>
#include <locale>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/metrics/classification.hpp"
#include "sklite/metrics/common.hpp"

namespace sklite::metrics {

/// @brief Options of classification_report, with scikit-learn's names and defaults.
struct ClassificationReportOptions {
  /// The labels to report, in this order. Empty (the default) means scikit-learn's `None`: every
  /// label of y_true and y_pred, sorted.
  std::vector<int> labels{};
  /// Display names of the labels, one per label. Empty (the default) means scikit-learn's `None`:
  /// the labels themselves.
  std::vector<std::string> target_names{};
  /// Digits after the decimal point in the text report (ignored by classification_report_dict).
  int digits = 2;
  /// The score reported when its denominator is zero: "warn" (same as 0 here), 0 or 1.
  ZeroDivision zero_division{};
};

/// @brief One row of a classification report.
struct ClassificationReportRow {
  std::string name;          ///< target name, or "micro avg", "macro avg", "weighted avg"
  double precision = 0.0;    ///< precision of the class, or its average
  double recall = 0.0;       ///< recall of the class, or its average
  double f1_score = 0.0;     ///< F1 score of the class, or its average
  Eigen::Index support = 0;  ///< true samples of the class, or of all reported classes
};

/// @brief The structured classification report: scikit-learn's `output_dict=True` as a struct.
///
/// `classes` holds one row per reported label, in order. When every label present in y_true and
/// y_pred is reported, the micro average equals the accuracy and scikit-learn shows an
/// "accuracy" entry: then `accuracy` is set and `micro_avg` is not; otherwise (a subset of the
/// labels) `micro_avg` is set and `accuracy` is not.
struct ClassificationReport {
  std::vector<ClassificationReportRow> classes;      ///< one row per label
  std::optional<double> accuracy;                    ///< the "accuracy" entry, when shown
  std::optional<ClassificationReportRow> micro_avg;  ///< the "micro avg" row, when shown
  ClassificationReportRow macro_avg;                 ///< the "macro avg" row
  ClassificationReportRow weighted_avg;              ///< the "weighted avg" row
};

}  // namespace sklite::metrics

namespace sklite::detail {

/// Length of a UTF-8 string in code points (what Python's len and format widths count).
inline std::size_t utf8_length(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  return n;
}

/// `text` right-aligned in a field of `width` code points (Python's "{:>width}").
inline std::string right_align(const std::string& text, std::size_t width) {
  const std::size_t length = utf8_length(text);
  return length >= width ? text : std::string(width - length, ' ') + text;
}

/// A double with `digits` decimals (Python's "{:.digits f}": both round the exact binary value).
inline std::string fixed(double value, int digits) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

/// The structured report on checked targets. scikit-learn's dict stores the micro precision as
/// "accuracy" while its text prints the micro F1 (they can differ in the last bit), so the latter
/// is handed back through `accuracy_text` when requested.
inline metrics::ClassificationReport classification_report(
    std::string_view function, const MetricTargets& targets,
    const metrics::ClassificationReportOptions& options, double* accuracy_text = nullptr) {
  check_zero_division(function, options.zero_division);
  if (options.digits < 0)
    throw_invalid(function, "digits expected a value >= 0; got ", options.digits);
  const bool labels_given = !options.labels.empty();
  const std::vector<int>& labels = labels_given ? options.labels : targets.present;
  if (!options.target_names.empty() && options.target_names.size() != labels.size())
    throw_invalid(function, "target_names expected ", labels.size(), " names (one per label",
                  labels_given ? " in labels" : " present in y_true and y_pred", "); got ",
                  options.target_names.size());

  std::vector<std::string> names = options.target_names;
  if (names.empty()) {
    // scikit-learn prints labels of a floating array as "1.0". Its unique_labels array is floating
    // when y_true is, or when y_pred is and contributes a label that y_true lacks.
    bool floating = false;
    if (!labels_given) {
      floating = targets.true_floating;
      if (!floating && targets.pred_floating) {
        std::vector<int> in_true(targets.y_true.data(),
                                 targets.y_true.data() + targets.y_true.size());
        std::sort(in_true.begin(), in_true.end());
        for (Eigen::Index i = 0; i < targets.y_pred.size() && !floating; ++i)
          floating = !contains_label(in_true, targets.y_pred(i));
      }
    }
    for (const int label : labels) names.push_back(std::to_string(label) + (floating ? ".0" : ""));
  }

  metrics::PrecisionRecallFscoreSupportOptions prfs_options;
  prfs_options.labels = options.labels;
  prfs_options.zero_division = options.zero_division;
  prfs_options.average = metrics::Average::none;
  const auto per_class = prfs(function, targets, prfs_options);

  metrics::ClassificationReport report;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    report.classes.push_back({names[i], per_class.precision(k), per_class.recall(k),
                              per_class.fscore(k), per_class.support(k)});
  }
  const Eigen::Index total_support = per_class.support.sum();
  const auto average_row = [&](metrics::Average average, const char* name) {
    metrics::PrecisionRecallFscoreSupportOptions o = prfs_options;
    o.average = average;
    const auto avg = prfs(function, targets, o);
    return metrics::ClassificationReportRow{name, avg.precision(0), avg.recall(0), avg.fscore(0),
                                            total_support};
  };
  // The micro average is the accuracy when the reported labels are exactly those present.
  std::vector<int> label_set = labels;
  std::sort(label_set.begin(), label_set.end());
  label_set.erase(std::unique(label_set.begin(), label_set.end()), label_set.end());
  const auto micro = average_row(metrics::Average::micro, "micro avg");
  if (label_set == targets.present) {
    report.accuracy = micro.precision;
    if (accuracy_text != nullptr) *accuracy_text = micro.f1_score;
  } else {
    report.micro_avg = micro;
  }
  report.macro_avg = average_row(metrics::Average::macro, "macro avg");
  report.weighted_avg = average_row(metrics::Average::weighted, "weighted avg");
  return report;
}

/// The text layout of scikit-learn's classification_report.
inline std::string format_classification_report(const metrics::ClassificationReport& report,
                                                double accuracy_text, int digits) {
  std::size_t width = std::string_view("weighted avg").size();
  for (const auto& row : report.classes) width = std::max(width, utf8_length(row.name));
  width = std::max(width, static_cast<std::size_t>(digits));
  std::string out = right_align("", width) + " ";
  for (const char* header : {"precision", "recall", "f1-score", "support"})
    out += " " + right_align(header, 9);
  out += "\n\n";
  const auto add_row = [&](const metrics::ClassificationReportRow& row) {
    out += right_align(row.name, width) + " ";
    for (const double value : {row.precision, row.recall, row.f1_score}) {
      out += ' ';  // (" " + a temporary makes GCC 12 warn of overlapping copies, wrongly)
      out += right_align(fixed(value, digits), 9);
    }
    out += " " + right_align(std::to_string(row.support), 9) + "\n";
  };
  for (const auto& row : report.classes) add_row(row);
  out += "\n";
  if (report.accuracy) {
    out += right_align("accuracy", width) + " ";
    out += " " + right_align("", 9) + " " + right_align("", 9);
    out += " " + right_align(fixed(accuracy_text, digits), 9);
    out += " " + right_align(std::to_string(report.macro_avg.support), 9) + "\n";
  } else if (report.micro_avg) {
    add_row(*report.micro_avg);
  }
  add_row(report.macro_avg);
  add_row(report.weighted_avg);
  return out;
}

}  // namespace sklite::detail

namespace sklite::metrics {

/// @brief The classification report as text, byte for byte as scikit-learn prints it.
///
/// Same as scikit-learn's `classification_report(y_true, y_pred, labels=..., target_names=...,
/// digits=..., zero_division=...)`: a header line, one row per label (precision, recall, F1,
/// support), then "accuracy" (or "micro avg" when `labels` is not exactly the set of labels
/// present), "macro avg" and "weighted avg". Without target_names, labels are named as
/// scikit-learn names them, which for floating inputs means "1.0" rather than "1".
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options labels, target_names, digits (default 2), zero_division.
/// @return the report, each line ending in '\n'.
/// @throws std::invalid_argument as accuracy_score, and: target_names of another length than
///         the labels (scikit-learn only warns when labels are given, then truncates); digits
///         negative; zero_division other than "warn", 0 or 1.
/// @code
/// std::string text = sklite::metrics::classification_report(y_true, y_pred);
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
std::string classification_report(const Eigen::DenseBase<DerivedTrue>& y_true,
                                  const Eigen::DenseBase<DerivedPred>& y_pred,
                                  const ClassificationReportOptions& options = {}) {
  constexpr std::string_view kFunction = "classification_report";
  const auto targets = detail::check_metric_targets(kFunction, y_true, y_pred);
  double accuracy_text = 0.0;
  const auto report = detail::classification_report(kFunction, targets, options, &accuracy_text);
  return detail::format_classification_report(report, accuracy_text, options.digits);
}

/// @brief The classification report as a struct: scikit-learn's `output_dict=True`.
///
/// Same values as classification_report, unrounded; `options.digits` is ignored except for its
/// check. Rows keep their order and duplicates (a Python dict would merge equal names).
/// @param y_true true labels: any Eigen vector of integers or of integral floating values.
/// @param y_pred predicted labels, same length as y_true.
/// @param options labels, target_names, digits (ignored), zero_division.
/// @return per-class rows and the average rows.
/// @throws std::invalid_argument as classification_report.
/// @code
/// auto report = sklite::metrics::classification_report_dict(y_true, y_pred);
/// double macro_f1 = report.macro_avg.f1_score;
/// @endcode
template <typename DerivedTrue, typename DerivedPred>
ClassificationReport classification_report_dict(const Eigen::DenseBase<DerivedTrue>& y_true,
                                                const Eigen::DenseBase<DerivedPred>& y_pred,
                                                const ClassificationReportOptions& options = {}) {
  constexpr std::string_view kFunction = "classification_report_dict";
  const auto targets = detail::check_metric_targets(kFunction, y_true, y_pred);
  return detail::classification_report(kFunction, targets, options);
}

}  // namespace sklite::metrics

#endif  // SKLITE_METRICS_CLASSIFICATION_REPORT_HPP

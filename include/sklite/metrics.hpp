// sklite: the metrics module (scikit-learn's sklearn.metrics): classification scores, the
// confusion matrix and the classification report.
#ifndef SKLITE_METRICS_HPP
#define SKLITE_METRICS_HPP

#include "sklite/metrics/classification.hpp"
#include "sklite/metrics/classification_report.hpp"
#include "sklite/metrics/common.hpp"
#include "sklite/metrics/confusion_matrix.hpp"
#include "sklite/metrics/regression.hpp"

#endif  // SKLITE_METRICS_HPP

// sklite: the umbrella header. Including it brings in the whole public API.
#ifndef SKLITE_SKLITE_HPP
#define SKLITE_SKLITE_HPP

#include "sklite/datasets.hpp"
#include "sklite/errors.hpp"
#include "sklite/metrics.hpp"
#include "sklite/model_selection.hpp"
#include "sklite/params.hpp"
#include "sklite/pipeline.hpp"
#include "sklite/plot.hpp"
#include "sklite/preprocessing.hpp"
#include "sklite/svm.hpp"
#include "sklite/version.hpp"

#endif  // SKLITE_SKLITE_HPP

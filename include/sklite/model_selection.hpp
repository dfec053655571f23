// sklite: the model_selection module (scikit-learn's sklearn.model_selection): splitting data into
// train and test sets, cross-validation folds, cross-validated scores and grid search.
#ifndef SKLITE_MODEL_SELECTION_HPP
#define SKLITE_MODEL_SELECTION_HPP

#include "sklite/model_selection/cross_validation.hpp"
#include "sklite/model_selection/grid_search.hpp"
#include "sklite/model_selection/scoring.hpp"
#include "sklite/model_selection/split.hpp"
#include "sklite/model_selection/train_test_split.hpp"

#endif  // SKLITE_MODEL_SELECTION_HPP

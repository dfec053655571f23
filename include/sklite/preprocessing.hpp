// sklite: the preprocessing module (scikit-learn's sklearn.preprocessing): StandardScaler and
// MinMaxScaler, with scikit-learn's arithmetic.
#ifndef SKLITE_PREPROCESSING_HPP
#define SKLITE_PREPROCESSING_HPP

#include "sklite/preprocessing/min_max_scaler.hpp"
#include "sklite/preprocessing/standard_scaler.hpp"

#endif  // SKLITE_PREPROCESSING_HPP

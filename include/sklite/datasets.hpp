// sklite: the datasets module (scikit-learn's sklearn.datasets): the bundled digits data set and
// readers and writers for svmlight / LIBSVM, numeric CSV and IDX (MNIST) files.
#ifndef SKLITE_DATASETS_HPP
#define SKLITE_DATASETS_HPP

#include "sklite/datasets/csv.hpp"
#include "sklite/datasets/digits.hpp"
#include "sklite/datasets/idx.hpp"
#include "sklite/datasets/svmlight.hpp"

#endif  // SKLITE_DATASETS_HPP

// sklite: load_digits, the 8x8 handwritten digits data set bundled with the library (scikit-learn's
// sklearn.datasets.load_digits). The data is compiled in, so it works from an installed copy.
#ifndef SKLITE_DATASETS_DIGITS_HPP
#define SKLITE_DATASETS_DIGITS_HPP

#include <Eigen/Core>
#include <string>
#include <vector>

#include "sklite/datasets/detail/digits_data.hpp"
#include "sklite/detail/validation.hpp"

namespace sklite::datasets {

/// @brief The digits data set as returned by load_digits (scikit-learn's Bunch, as a struct).
struct Digits {
  /// One row per sample, 64 columns: the 8x8 image flattened row by row; counts in 0..16.
  Eigen::MatrixXd data;
  /// The digit shown by each sample.
  Eigen::VectorXi target;
  /// The same pixels as 8x8 images: `images[k](r, c) == data(k, 8 * r + c)`.
  std::vector<Eigen::Matrix<double, 8, 8>> images;
  /// The classes kept, 0 .. n_class - 1.
  Eigen::VectorXi target_names;
  /// Column names "pixel_<row>_<column>", from "pixel_0_0" to "pixel_7_7".
  std::vector<std::string> feature_names;
  /// A description of the data set: origin, preprocessing, licence and references.
  std::string DESCR;  // NOLINT(readability-identifier-naming): scikit-learn's name
};

namespace detail {

/// The description returned in Digits::DESCR.
inline const char* digits_description() {
  return R"(Optical recognition of handwritten digits (UCI), test set
=========================================================

Summary
  Samples:             1797 (about 180 per class)
  Classes:             10 (the digits 0 to 9)
  Features:            64 integers from 0 to 16 (an 8x8 image, row by row)
  Missing values:      none
  Creators:            E. Alpaydin and C. Kaynak, Department of Computer Engineering,
                       Bogazici University, Istanbul, Turkey
  Date:                July 1998
  Source:              UCI Machine Learning Repository,
                       https://archive.ics.uci.edu/dataset/80
                       DOI 10.24432/C50P49
  Licence:             Creative Commons Attribution 4.0 International (CC BY 4.0)

How the images were made
  43 people wrote digits on preprinted forms. The forms of 30 of them make up the
  UCI training set and those of the other 13 the UCI test set; this data set is that
  test set. Each scanned digit was normalized into a 32x32 black-and-white bitmap
  with the NIST preprocessing programs. The bitmap was then cut into 64 blocks of
  4x4 pixels that do not overlap, and each feature is the number of black pixels in
  one block. A feature is therefore an integer between 0 and 16, and the 64 counts
  form an 8x8 image. Working on block counts instead of the full bitmap shrinks the
  input and makes it tolerant of small shifts and distortions of the strokes.

References
  - E. Alpaydin and C. Kaynak (1998). Optical Recognition of Handwritten Digits.
    UCI Machine Learning Repository. https://doi.org/10.24432/C50P49
  - C. Kaynak (1995). Methods of Combining Multiple Classifiers and Their
    Applications to Handwritten Digit Recognition. MSc thesis, Institute of
    Graduate Studies in Science and Engineering, Bogazici University.
  - E. Alpaydin and C. Kaynak (1998). Cascading Classifiers. Kybernetika 34(4).
  - L. Xu, A. Krzyzak and C. Y. Suen (1992). Methods of combining multiple
    classifiers and their applications to handwriting recognition. IEEE
    Transactions on Systems, Man, and Cybernetics 22(3), 418-435.
)";
}

/// The value of one pixel character of the generated table ("0".."9", "a".."g" for 0..16).
inline int digits_pixel_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

}  // namespace detail

/// @brief Loads the handwritten digits data set (a copy of UCI's "Optical Recognition of
/// Handwritten Digits" test set: 1797 8x8 images, pixel counts 0..16).
///
/// Same data and order as scikit-learn's `load_digits`. The data is compiled into the library,
/// so no file is needed at run time.
/// @param n_class the number of classes to keep: only samples whose digit is below `n_class`
///        are returned, in their original order. Between 1 and 10.
/// @return the data, targets, images, names and description (see Digits).
/// @throws std::invalid_argument when n_class is not in [1, 10].
/// @code
/// auto digits = sklite::datasets::load_digits();
/// // digits.data is 1797 x 64, digits.target holds 0..9
/// auto first_three = sklite::datasets::load_digits(3);  // only the digits 0, 1 and 2
/// @endcode
inline Digits load_digits(int n_class = 10) {
  if (n_class < 1 || n_class > 10)
    sklite::detail::throw_invalid("load_digits", "n_class expected an integer in [1, 10]; got ",
                                  n_class);
  const auto keep = [n_class](int k) { return detail::digits_rows[k][64] - '0' < n_class; };
  Eigen::Index n_kept = 0;
  for (int k = 0; k < detail::digits_n_samples; ++k)
    if (keep(k)) ++n_kept;

  Digits result;
  result.data.resize(n_kept, 64);
  result.target.resize(n_kept);
  result.images.resize(static_cast<std::size_t>(n_kept));
  Eigen::Index row = 0;
  for (int k = 0; k < detail::digits_n_samples; ++k) {
    if (!keep(k)) continue;
    const char* text = detail::digits_rows[k];
    auto& image = result.images[static_cast<std::size_t>(row)];
    for (Eigen::Index j = 0; j < 64; ++j) {
      const double value = detail::digits_pixel_value(text[j]);
      result.data(row, j) = value;
      image(j / 8, j % 8) = value;
    }
    result.target(row) = text[64] - '0';
    ++row;
  }
  result.target_names = Eigen::VectorXi::LinSpaced(n_class, 0, n_class - 1);
  result.feature_names.reserve(64);
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c)
      result.feature_names.push_back("pixel_" + std::to_string(r) + "_" + std::to_string(c));
  result.DESCR = detail::digits_description();
  return result;
}

}  // namespace sklite::datasets

#endif  // SKLITE_DATASETS_DIGITS_HPP

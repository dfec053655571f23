// sklite: digit_grid, a grid of small grayscale images with captions drawn as SVG (the picture of
// the first digits of load_digits in scikit-learn's digits tutorial).
#ifndef SKLITE_PLOT_DIGIT_GRID_HPP
#define SKLITE_PLOT_DIGIT_GRID_HPP

#include <Eigen/Core>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/plot/colormap.hpp"
#include "sklite/plot/svg.hpp"

namespace sklite::plot {

/// @brief Where a caption goes relative to its image.
enum class CaptionPosition { below, above };

/// @brief Options of digit_grid. Every field has a usable default.
struct DigitGridOptions {
  /// Title drawn above the grid; empty for none.
  std::string title{};
  /// Images per row (the grid has ceil(n_images / n_cols) rows); at least 1.
  int n_cols = 8;
  /// Side in px of the square box each image is fitted into (aspect ratio kept); > 0.
  double cell_size = 64.0;
  /// Font size in px of the captions; the title is 1.3 times larger. > 0.
  double font_size = 12.0;
  /// Colormap; gray_r draws the smallest value white and the largest black.
  Colormap cmap = Colormap::gray_r;
  /// Value drawn with the first colour of the map; default: the smallest value of all images.
  std::optional<double> vmin{};
  /// Value drawn with the last colour of the map; default: the largest value of all images.
  std::optional<double> vmax{};
  /// Captions below (default) or above the images.
  CaptionPosition caption_position = CaptionPosition::below;
  /// One flag per image (or empty): flagged images get a red frame and a red caption. The
  /// y_true / y_pred overload flags the misclassified images when this is left empty.
  std::vector<bool> highlight{};
};

namespace detail {

/// A label as a caption shows it: integral values without decimals ("3"), others in their
/// shortest exact form.
inline std::string label_text(double value) {
  if (std::abs(value) < 1e15 && value == std::floor(value)) return format_fixed(value, 0);
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

/// The lines of a caption: a caption with '\n' is drawn as several lines.
inline std::vector<std::string> caption_lines(const std::string& caption) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end = caption.find('\n'); end != std::string::npos;
       end = caption.find('\n', start)) {
    lines.push_back(caption.substr(start, end - start));
    start = end + 1;
  }
  lines.push_back(caption.substr(start));
  return lines;
}

/// Checks a label vector given beside the images and returns its values as doubles.
template <typename Derived>
std::vector<double> grid_labels(std::string_view function, std::string_view name,
                                const Eigen::DenseBase<Derived>& labels, std::size_t n_images) {
  sklite::detail::check_vector(function, name, labels);
  sklite::detail::check_finite(function, name, labels);
  if (static_cast<std::size_t>(labels.size()) != n_images)
    sklite::detail::throw_invalid(function, name, " expected ", n_images,
                                  " entries (one per image); got ", labels.size());
  std::vector<double> values;
  values.reserve(n_images);
  for (Eigen::Index i = 0; i < labels.size(); ++i) values.push_back(static_cast<double>(labels(i)));
  return values;
}

/// Draws the grid once the captions and highlights are known.
template <typename Matrix>
std::string draw_digit_grid(std::string_view function, const std::vector<Matrix>& images,
                            const std::vector<std::string>& captions,
                            const std::vector<bool>& highlight, const DigitGridOptions& options) {
  static_assert(std::is_base_of_v<Eigen::DenseBase<Matrix>, Matrix>,
                "digit_grid: images must be a std::vector of Eigen matrices");
  const std::size_t n = images.size();
  if (n == 0) sklite::detail::throw_invalid(function, "images must not be empty; got 0 images");
  if (!captions.empty() && captions.size() != n)
    sklite::detail::throw_invalid(function, "captions expected 0 or ", n,
                                  " entries (one per image); got ", captions.size());
  if (!highlight.empty() && highlight.size() != n)
    sklite::detail::throw_invalid(function, "options.highlight expected 0 or ", n,
                                  " entries (one per image); got ", highlight.size());
  if (options.n_cols < 1)
    sklite::detail::throw_invalid(function, "options.n_cols expected an integer >= 1; got ",
                                  options.n_cols);
  check_positive(function, "options.cell_size", options.cell_size);
  check_positive(function, "options.font_size", options.font_size);
  check_colormap(function, options.cmap);
  if (options.vmin && !std::isfinite(*options.vmin))
    sklite::detail::throw_invalid(function, "options.vmin expected a finite number; got ",
                                  *options.vmin);
  if (options.vmax && !std::isfinite(*options.vmax))
    sklite::detail::throw_invalid(function, "options.vmax expected a finite number; got ",
                                  *options.vmax);
  if (options.vmin && options.vmax && !(*options.vmin < *options.vmax))
    sklite::detail::throw_invalid(function, "options.vmin expected a value < options.vmax (",
                                  *options.vmax, "); got ", *options.vmin);

  double data_min = 0.0;
  double data_max = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::string name = "images[" + std::to_string(k) + "]";
    sklite::detail::check_not_empty(function, name, images[k]);
    sklite::detail::check_finite(function, name, images[k]);
    const auto low = static_cast<double>(images[k].minCoeff());
    const auto high = static_cast<double>(images[k].maxCoeff());
    data_min = k == 0 ? low : std::min(data_min, low);
    data_max = k == 0 ? high : std::max(data_max, high);
  }
  const double vmin = options.vmin.value_or(data_min);
  const double vmax = options.vmax.value_or(data_max);
  // A constant picture (vmax <= vmin) is drawn in the first colour, as matplotlib does.
  const auto position = [vmin, vmax](double value) {
    return vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.0;
  };

  std::vector<std::vector<std::string>> lines;
  std::size_t max_lines = 0;
  for (const auto& caption : captions) {
    lines.push_back(caption_lines(caption));
    max_lines = std::max(max_lines, lines.back().size());
  }

  // Layout, in px. Columns are widened to the longest caption line so that captions never
  // overlap; every row leaves room for the caption with the most lines.
  const double font = options.font_size;
  const double title_font = 1.3 * font;
  const double line_height = 1.2 * font;
  const double cell = options.cell_size;
  const double pad = std::max(8.0, 0.75 * font);
  const double gap = std::max(6.0, 0.6 * font);
  const double title_height = options.title.empty() ? 0.0 : 1.7 * title_font;
  const double caption_height =
      captions.empty() ? 0.0 : 1.5 * font + static_cast<double>(max_lines - 1) * line_height;
  double column_width = cell;
  for (const auto& caption : lines)
    for (const auto& line : caption) column_width = std::max(column_width, text_width(line, font));
  const std::size_t n_cols = std::min(n, static_cast<std::size_t>(options.n_cols));
  const std::size_t n_rows = (n + n_cols - 1) / n_cols;
  const double row_height = cell + caption_height;
  const double grid_width =
      static_cast<double>(n_cols) * column_width + static_cast<double>(n_cols - 1) * gap;
  const double grid_height =
      static_cast<double>(n_rows) * row_height + static_cast<double>(n_rows - 1) * gap;
  const double width = std::max(grid_width, text_width(options.title, title_font, true)) + 2 * pad;
  const double height = grid_height + title_height + 2 * pad;
  const double grid_x = (width - grid_width) / 2;
  const double grid_y = pad + title_height;

  SvgBuilder svg(width, height, options.title);
  if (!options.title.empty())
    svg.text(width / 2, pad + 1.1 * title_font, options.title, title_font, "middle", "#000000", 0.0,
             "font-weight=\"bold\"");
  for (std::size_t k = 0; k < n; ++k) {
    const auto& image = images[k];
    const bool flagged = !highlight.empty() && highlight[k];
    const double cell_x = grid_x + static_cast<double>(k % n_cols) * (column_width + gap);
    const double cell_y = grid_y + static_cast<double>(k / n_cols) * (row_height + gap);
    const double box_x = cell_x + (column_width - cell) / 2;
    const double box_y =
        cell_y + (options.caption_position == CaptionPosition::above ? caption_height : 0.0);
    // Square pixels: the longer side of the image fills the box.
    const double pixel = cell / static_cast<double>(std::max(image.rows(), image.cols()));
    const double image_width = pixel * static_cast<double>(image.cols());
    const double image_height = pixel * static_cast<double>(image.rows());
    const double image_x = box_x + (cell - image_width) / 2;
    const double image_y = box_y + (cell - image_height) / 2;

    // image(r, c) is row r from the top and column c from the left, as matplotlib's imshow.
    svg.open_group("transform=\"translate(" + format_number(image_x) + " " +
                   format_number(image_y) + ")\" shape-rendering=\"crispEdges\"");
    for (Eigen::Index r = 0; r < image.rows(); ++r)
      for (Eigen::Index c = 0; c < image.cols(); ++c)
        svg.rect(pixel * static_cast<double>(c), pixel * static_cast<double>(r), pixel, pixel,
                 colormap_color(options.cmap, position(static_cast<double>(image(r, c)))).hex());
    svg.close_group();
    // A thin frame, so that white pixels stay distinct from the white page.
    svg.rect(image_x, image_y, image_width, image_height, "none",
             flagged ? "stroke=\"#d62728\" stroke-width=\"2\""
                     : "stroke=\"#b0b0b0\" stroke-width=\"1\"");
    if (!captions.empty()) {
      // Captions above end just over their image; captions below start just under it.
      const double n_lines = static_cast<double>(lines[k].size());
      double line_y = options.caption_position == CaptionPosition::above
                          ? cell_y + caption_height - 0.45 * font - (n_lines - 1) * line_height
                          : box_y + cell + 1.1 * font;
      for (const auto& line : lines[k]) {
        svg.text(cell_x + column_width / 2, line_y, line, font, "middle",
                 flagged ? "#d62728" : "#000000");
        line_y += line_height;
      }
    }
  }
  return svg.finish();
}

}  // namespace detail

/// @brief Draws images as a grid of grayscale (or colormapped) pictures with captions, as SVG.
///
/// Each image is a matrix whose entry (r, c) is the pixel in row r from the top and column c
/// from the left (the layout of `load_digits().images` and of matplotlib's `imshow`). Images may
/// have any and different sizes; each is scaled to fit a square box of `options.cell_size` px.
/// Values are mapped linearly from [vmin, vmax] (default: the smallest and largest value of all
/// images) onto the colormap; values outside are clipped.
/// @param images the pictures: a std::vector of Eigen matrices (e.g.
///        `std::vector<Eigen::Matrix<double, 8, 8>>` or `std::vector<Eigen::MatrixXd>`).
/// @param captions one text per image, drawn under (or above) it; empty for no captions. A
///        caption with '\n' is drawn as several centred lines, one <text> each.
/// @param options title, columns, sizes, colormap, value range (see DigitGridOptions).
/// @return the SVG document (UTF-8), to be written with save_svg.
/// @throws std::invalid_argument when images is empty, an image is empty or holds NaN or an
///         infinity, captions or options.highlight does not have one entry per image,
///         options.n_cols < 1, cell_size or font_size is not a finite number > 0, vmin or vmax is
///         not finite, or vmin >= vmax when both are given.
/// @code
/// auto digits = sklite::datasets::load_digits();
/// std::vector<Eigen::Matrix<double, 8, 8>> first(digits.images.begin(), digits.images.begin() +
/// 4); std::string svg = sklite::plot::digit_grid(first, {"a", "b", "c", "d"});
/// @endcode
template <typename Matrix>
std::string digit_grid(const std::vector<Matrix>& images, const std::vector<std::string>& captions,
                       const DigitGridOptions& options = {}) {
  return detail::draw_digit_grid("digit_grid", images, captions, options.highlight, options);
}

/// @brief Draws images with the caption "label: <label>" under each.
///
/// @param images the pictures (see the overload taking captions).
/// @param labels one label per image: any Eigen vector of integers or of finite floating values.
/// @param options title, columns, sizes, colormap, value range (see DigitGridOptions).
/// @return the SVG document.
/// @throws std::invalid_argument as the overload taking captions, and when labels is not a vector
///         with one finite entry per image.
/// @code
/// auto digits = sklite::datasets::load_digits();
/// std::vector<Eigen::Matrix<double, 8, 8>> first(digits.images.begin(), digits.images.begin() +
/// 32); sklite::plot::DigitGridOptions options; options.title = "The first 32 digits"; std::string
/// svg = sklite::plot::digit_grid(first, digits.target.head(32), options);
/// @endcode
template <typename Matrix, typename DerivedLabels>
std::string digit_grid(const std::vector<Matrix>& images,
                       const Eigen::DenseBase<DerivedLabels>& labels,
                       const DigitGridOptions& options = {}) {
  constexpr std::string_view kFunction = "digit_grid";
  const std::vector<double> values =
      detail::grid_labels(kFunction, "labels", labels, images.size());
  std::vector<std::string> captions;
  captions.reserve(values.size());
  for (const double value : values) captions.push_back("label: " + detail::label_text(value));
  return detail::draw_digit_grid(kFunction, images, captions, options.highlight, options);
}

/// @brief Draws images with their true and predicted labels: "label: 3" when the prediction is
/// right, "true 3 / pred 8" in red, with a red frame, when it is wrong.
///
/// @param images the pictures (see the overload taking captions).
/// @param y_true the true label of each image (any Eigen vector, finite values).
/// @param y_pred the predicted label of each image.
/// @param options as for the other overloads; when `options.highlight` is empty the misclassified
///        images are the highlighted ones.
/// @return the SVG document.
/// @throws std::invalid_argument as the overload taking captions, and when y_true or y_pred is not
///         a vector with one finite entry per image.
/// @code
/// std::string svg = sklite::plot::digit_grid(test_images, y_test, y_pred);
/// @endcode
template <typename Matrix, typename DerivedTrue, typename DerivedPred>
std::string digit_grid(const std::vector<Matrix>& images,
                       const Eigen::DenseBase<DerivedTrue>& y_true,
                       const Eigen::DenseBase<DerivedPred>& y_pred,
                       const DigitGridOptions& options = {}) {
  constexpr std::string_view kFunction = "digit_grid";
  const std::vector<double> truth = detail::grid_labels(kFunction, "y_true", y_true, images.size());
  const std::vector<double> pred = detail::grid_labels(kFunction, "y_pred", y_pred, images.size());
  std::vector<std::string> captions;
  std::vector<bool> wrong;
  for (std::size_t k = 0; k < truth.size(); ++k) {
    wrong.push_back(truth[k] != pred[k]);
    captions.push_back(wrong.back() ? "true " + detail::label_text(truth[k]) + " / pred " +
                                          detail::label_text(pred[k])
                                    : "label: " + detail::label_text(truth[k]));
  }
  return detail::draw_digit_grid(kFunction, images, captions,
                                 options.highlight.empty() ? wrong : options.highlight, options);
}

}  // namespace sklite::plot

#endif  // SKLITE_PLOT_DIGIT_GRID_HPP

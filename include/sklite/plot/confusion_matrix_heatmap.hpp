// sklite: confusion_matrix_heatmap, a confusion matrix drawn as an SVG heat map with the counts in
// the cells, class labels on both axes and a colour bar (scikit-learn's ConfusionMatrixDisplay).
#ifndef SKLITE_PLOT_CONFUSION_MATRIX_HEATMAP_HPP
#define SKLITE_PLOT_CONFUSION_MATRIX_HEATMAP_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/plot/colormap.hpp"
#include "sklite/plot/svg.hpp"

namespace sklite::plot {

/// @brief Options of confusion_matrix_heatmap. Every field has a usable default.
struct ConfusionMatrixHeatmapOptions {
  /// Title drawn above the picture; empty for none.
  std::string title = "Confusion matrix";
  /// Class names along both axes, one per row of the matrix; empty: 0, 1, ..., n - 1
  /// (scikit-learn's `display_labels`).
  std::vector<std::string> display_labels{};
  /// Label of the horizontal axis (the columns: predictions).
  std::string xlabel = "Predicted label";
  /// Label of the vertical axis (the rows: true classes).
  std::string ylabel = "True label";
  /// Side of one cell in px; > 0.
  double cell_size = 48.0;
  /// Font size of labels and tick values in px (the title is 1.2 times larger); > 0. The numbers
  /// in the cells use it too, shrunk when they would not fit in a cell.
  double font_size = 13.0;
  /// Colormap of the cells and the colour bar; matplotlib's default viridis.
  Colormap cmap = Colormap::viridis;
  /// Digits after the point of the values in the cells; -1 (default): integers as integers and
  /// other values with 2 decimals. Between -1 and 10.
  int decimals = -1;
  /// Draw the colour bar to the right of the matrix.
  bool colorbar = true;
};

namespace detail {

/// Evenly spaced "round" values (steps of 1, 2, 2.5 or 5 times a power of ten) covering
/// [low, high], about five of them; `integral` keeps the steps whole numbers. Also returns the
/// number of decimals the labels need.
inline std::vector<double> nice_ticks(double low, double high, bool integral, int& decimals) {
  decimals = 0;
  if (!(high > low)) return {low};
  const double raw = (high - low) / 5.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double ratio = raw / magnitude;
  double factor = 10.0;
  if (ratio <= 1.0)
    factor = 1.0;
  else if (ratio <= 2.0)
    factor = 2.0;
  else if (ratio <= 2.5 && !(integral && magnitude < 10.0))
    factor = 2.5;
  else if (ratio <= 5.0)
    factor = 5.0;
  double step = factor * magnitude;
  if (integral) step = std::max(1.0, std::round(step));
  const double digits = -std::floor(std::log10(step) + 1e-9);
  decimals = std::max(0, static_cast<int>(digits) + (factor == 2.5 ? 1 : 0));
  std::vector<double> ticks;
  const double first = std::ceil(low / step - 1e-9);
  for (double k = first; k * step <= high + 1e-9 * step; k += 1.0) ticks.push_back(k * step);
  return ticks;
}

}  // namespace detail

/// @brief Draws a confusion matrix (or any square matrix) as an SVG heat map.
///
/// Row i is the true class i and column j the predicted class j, as returned by
/// sklite::metrics::confusion_matrix. Each cell is coloured by its value, mapped linearly from
/// the smallest to the largest value onto `options.cmap`, and shows the value in black on light
/// cells and in white on dark ones. "Predicted label" runs along the bottom, "True label" along
/// the left side, and a colour bar with tick values stands on the right, as in scikit-learn's
/// ConfusionMatrixDisplay. Class names too long for a cell are turned vertical on the x axis.
/// @param cm an n x n matrix of counts or rates: any Eigen matrix of integers or floating values.
/// @param options title, class names, axis labels, sizes, colormap, number format.
/// @return the SVG document (UTF-8), to be written with save_svg.
/// @throws std::invalid_argument when cm is empty, not square or holds NaN or an infinity,
///         display_labels is neither empty nor one name per row, cell_size or font_size is not a
///         finite number > 0, decimals is not in [-1, 10], or cmap is not a Colormap.
/// @code
/// sklite::metrics::CountMatrix cm = sklite::metrics::confusion_matrix(y_test, y_pred);
/// sklite::plot::save_svg("confusion.svg", sklite::plot::confusion_matrix_heatmap(cm));
/// @endcode
template <typename Derived>
std::string confusion_matrix_heatmap(const Eigen::DenseBase<Derived>& cm,
                                     const ConfusionMatrixHeatmapOptions& options = {}) {
  constexpr std::string_view kFunction = "confusion_matrix_heatmap";
  using Scalar = typename Derived::Scalar;
  sklite::detail::check_not_empty(kFunction, "cm", cm);
  if (cm.rows() != cm.cols())
    sklite::detail::throw_invalid(kFunction, "cm expected a square matrix; got shape (", cm.rows(),
                                  ", ", cm.cols(), ")");
  sklite::detail::check_finite(kFunction, "cm", cm);
  const auto n = static_cast<std::size_t>(cm.rows());
  if (!options.display_labels.empty() && options.display_labels.size() != n)
    sklite::detail::throw_invalid(kFunction, "options.display_labels expected 0 or ", n,
                                  " names (one per class); got ", options.display_labels.size());
  detail::check_positive(kFunction, "options.cell_size", options.cell_size);
  detail::check_positive(kFunction, "options.font_size", options.font_size);
  if (options.decimals < -1 || options.decimals > 10)
    sklite::detail::throw_invalid(
        kFunction, "options.decimals expected an integer in [-1, 10]; got ", options.decimals);
  detail::check_colormap(kFunction, options.cmap);

  // Values, their range and their text.
  Eigen::MatrixXd values = cm.derived().template cast<double>();
  const double vmin = values.minCoeff();
  const double vmax = values.maxCoeff();
  bool integral = Eigen::NumTraits<Scalar>::IsInteger;
  if (!integral) {
    integral = true;
    for (Eigen::Index i = 0; i < values.size(); ++i)
      integral = integral && std::abs(values(i)) < 1e15 && values(i) == std::floor(values(i));
  }
  const int decimals = options.decimals >= 0 ? options.decimals : (integral ? 0 : 2);
  std::vector<std::string> labels = options.display_labels;
  if (labels.empty())
    for (std::size_t k = 0; k < n; ++k) labels.push_back(std::to_string(k));
  int tick_decimals = 0;
  const std::vector<double> ticks = detail::nice_ticks(vmin, vmax, integral, tick_decimals);

  // Layout, in px, from left to right: padding, y axis label, class names, matrix, colour bar and
  // its values, padding; from top to bottom: padding, title, matrix, class names, x axis label.
  const double font = options.font_size;
  const double title_font = 1.2 * font;
  const double cell = options.cell_size;
  const double side = cell * static_cast<double>(n);
  const double pad = std::max(8.0, 0.75 * font);
  const double tick = 4.0;  // length of the tick marks
  double label_width = 0.0;
  for (const auto& label : labels)
    label_width = std::max(label_width, detail::text_width(label, font));
  const bool vertical_xticks = label_width > cell - 4.0;
  const double title_height = options.title.empty() ? 0.0 : 2.0 * title_font;
  const double ylabel_width = options.ylabel.empty() ? 0.0 : 1.6 * font;
  const double yticks_width = label_width + tick + 0.4 * font;
  const double xticks_height = (vertical_xticks ? label_width : 1.0 * font) + tick + 0.5 * font;
  const double xlabel_height = options.xlabel.empty() ? 0.0 : 1.6 * font;
  double colorbar_width = 0.0;
  const double bar_width = std::max(12.0, 1.1 * font);
  double bar_labels_width = 0.0;
  if (options.colorbar) {
    for (const double value : ticks)
      bar_labels_width = std::max(
          bar_labels_width, detail::text_width(detail::format_fixed(value, tick_decimals), font));
    colorbar_width = std::max(16.0, 0.4 * cell) + bar_width + tick + 0.3 * font + bar_labels_width;
  }
  const double plot_x = pad + ylabel_width + yticks_width;
  const double plot_y = pad + title_height;
  const double content_width = plot_x + side + colorbar_width + pad;
  const double width =
      std::max(content_width, detail::text_width(options.title, title_font, true) + 2 * pad);
  const double height = plot_y + side + xticks_height + xlabel_height + pad;
  const auto cell_colour = [&](double value) {
    return colormap_color(options.cmap, vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.0);
  };

  detail::SvgBuilder svg(width, height, options.title);
  if (!options.title.empty()) {
    // Centred over the matrix, but moved inwards when it would stick out of the picture.
    const double half = detail::text_width(options.title, title_font, true) / 2;
    const double title_x = std::clamp(plot_x + side / 2, pad + half, width - pad - half);
    svg.text(title_x, pad + 1.2 * title_font, options.title, title_font, "middle", "#000000", 0.0,
             "font-weight=\"bold\"");
  }

  // Cells, then the numbers on top of them; a long number shrinks to fit its cell.
  std::vector<std::string> texts(n * n);
  double longest = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      std::string& text = texts[i * n + j];
      text = detail::format_fixed(
          values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), decimals);
      longest = std::max(longest, detail::text_width(text, 1.0));
    }
  const double value_font = std::min(font, (cell - 6.0) / std::max(longest, 1e-9));
  svg.open_group("shape-rendering=\"crispEdges\"");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      svg.rect(
          plot_x + cell * static_cast<double>(j), plot_y + cell * static_cast<double>(i), cell,
          cell,
          cell_colour(values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j))).hex());
  svg.close_group();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const Rgb colour =
          cell_colour(values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
      svg.text(plot_x + cell * (static_cast<double>(j) + 0.5),
               plot_y + cell * (static_cast<double>(i) + 0.5) + 0.35 * value_font, texts[i * n + j],
               value_font, "middle", colour.luminance() < 0.5 ? "#ffffff" : "#000000");
    }
  svg.rect(plot_x, plot_y, side, side, "none", "stroke=\"#000000\" stroke-width=\"1\"");

  // Axes: tick marks and class names, then the axis labels.
  for (std::size_t k = 0; k < n; ++k) {
    const double centre = cell * (static_cast<double>(k) + 0.5);
    svg.line(plot_x - tick, plot_y + centre, plot_x, plot_y + centre, "#000000", 1.0);
    svg.text(plot_x - tick - 0.3 * font, plot_y + centre + 0.35 * font, labels[k], font, "end",
             "#000000");
    svg.line(plot_x + centre, plot_y + side, plot_x + centre, plot_y + side + tick, "#000000", 1.0);
    if (vertical_xticks)
      svg.text(plot_x + centre + 0.35 * font, plot_y + side + tick + 0.3 * font, labels[k], font,
               "end", "#000000", -90.0);
    else
      svg.text(plot_x + centre, plot_y + side + tick + 1.0 * font, labels[k], font, "middle",
               "#000000");
  }
  if (!options.xlabel.empty())
    svg.text(plot_x + side / 2, plot_y + side + xticks_height + 1.1 * font, options.xlabel, font,
             "middle", "#000000");
  if (!options.ylabel.empty())
    svg.text(pad + 1.1 * font, plot_y + side / 2, options.ylabel, font, "middle", "#000000", -90.0);

  // Colour bar: a vertical gradient through the colormap's stops (SVG interpolates them linearly
  // in sRGB, as colormap_color does), the smallest value at the bottom.
  if (options.colorbar) {
    const double bar_x = plot_x + side + std::max(16.0, 0.4 * cell);
    const std::string id = std::string("sklite-cmap-") + detail::colormap_name(options.cmap);
    const std::vector<Rgb> stops = detail::colormap_stops(options.cmap);
    std::string defs =
        "<defs><linearGradient id=\"" + id + "\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
    for (std::size_t k = 0; k < stops.size(); ++k)
      defs +=
          "<stop offset=\"" +
          detail::format_number(static_cast<double>(k) / static_cast<double>(stops.size() - 1)) +
          "\" stop-color=\"" + stops[k].hex() + "\"/>\n";
    defs += "</linearGradient></defs>\n";
    svg.raw(defs);
    // A constant matrix has a single colour: draw the bar in it rather than the whole map.
    svg.rect(bar_x, plot_y, bar_width, side,
             vmax > vmin ? "url(#" + id + ")" : cell_colour(vmin).hex(),
             "stroke=\"#000000\" stroke-width=\"1\"");
    for (const double value : ticks) {
      const double y =
          vmax > vmin ? plot_y + side - (value - vmin) / (vmax - vmin) * side : plot_y + side / 2;
      svg.line(bar_x + bar_width, y, bar_x + bar_width + tick, y, "#000000", 1.0);
      svg.text(bar_x + bar_width + tick + 0.3 * font, y + 0.35 * font,
               detail::format_fixed(value, tick_decimals), font, "start", "#000000");
    }
  }
  return svg.finish();
}

}  // namespace sklite::plot

#endif  // SKLITE_PLOT_CONFUSION_MATRIX_HEATMAP_HPP

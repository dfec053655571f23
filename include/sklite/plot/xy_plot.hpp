// sklite: xy_plot, a chart of x-y data drawn as SVG: lines, points, rings and shaded bands on
// linear axes with round tick values, axis labels, a title and a legend.
#ifndef SKLITE_PLOT_XY_PLOT_HPP
#define SKLITE_PLOT_XY_PLOT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/plot/colormap.hpp"
#include "sklite/plot/svg.hpp"

namespace sklite::plot {

/// @brief How xy_plot draws a series.
///
/// - `line`: a polyline through the points in the order given;
/// - `points`: a filled dot at each point;
/// - `rings`: an open circle around each point (to mark points drawn by another series);
/// - `band`: the area between two curves, y and y2 over the same x, filled with a light colour
///   (matplotlib's `fill_between`).
enum class SeriesStyle { line, points, rings, band };

/// @brief Where xy_plot puts the legend.
///
/// `best` picks the inside corner that covers the fewest points and line segments (matplotlib's
/// `loc="best"`, restricted to the four corners); `outside_right` puts it to the right of the axes,
/// where it covers nothing; `none` leaves it out.
enum class LegendPosition {
  best,
  upper_right,
  upper_left,
  lower_left,
  lower_right,
  outside_right,
  none
};

/// @brief One data series of xy_plot: its values, how it is drawn, and its legend entry.
///
/// Fill the fields directly, or use the factory functions:
/// @code
/// using sklite::plot::Series;
/// std::vector<Series> series = {Series::band(x, f.array() - 0.1, f.array() + 0.1, "tube"),
///                               Series::line(x, f, "fit"), Series::points(xs, ys, "data")};
/// @endcode
struct Series {
  /// How the series is drawn.
  SeriesStyle style = SeriesStyle::line;
  /// Horizontal coordinates; at least one, all finite.
  Eigen::VectorXd x{};
  /// Vertical coordinates, one per x; for a band, one of its two edges.
  Eigen::VectorXd y{};
  /// The other edge of a band, one value per x; must stay empty for the other styles.
  Eigen::VectorXd y2{};
  /// Legend text; empty: the series has no legend entry.
  std::string label{};
  /// Colour: "#rrggbb", "#rgb" or an SVG colour name such as "black"; empty: the next colour of
  /// matplotlib's default cycle (tab10), counted over the series that leave it empty.
  std::string color{};
  /// Line width (line), dot radius (points) or ring radius (rings) in px; unset: 2, 3 and 6.
  /// A band ignores it. When set: a finite number > 0.
  std::optional<double> size{};
  /// Opacity in [0, 1]; unset: 0.25 for a band, 1 for the other styles.
  std::optional<double> opacity{};

  /// @brief A polyline through (x[i], y[i]) in order.
  static Series line(Eigen::VectorXd x, Eigen::VectorXd y, std::string label = {},
                     std::string color = {}) {
    return make(SeriesStyle::line, std::move(x), std::move(y), {}, std::move(label),
                std::move(color));
  }
  /// @brief A filled dot at each (x[i], y[i]).
  static Series points(Eigen::VectorXd x, Eigen::VectorXd y, std::string label = {},
                       std::string color = {}) {
    return make(SeriesStyle::points, std::move(x), std::move(y), {}, std::move(label),
                std::move(color));
  }
  /// @brief An open circle around each (x[i], y[i]).
  static Series rings(Eigen::VectorXd x, Eigen::VectorXd y, std::string label = {},
                      std::string color = {}) {
    return make(SeriesStyle::rings, std::move(x), std::move(y), {}, std::move(label),
                std::move(color));
  }
  /// @brief The area between (x[i], y[i]) and (x[i], y2[i]); x is traced in the order given, so
  /// sort it for a band between two curves.
  static Series band(Eigen::VectorXd x, Eigen::VectorXd y, Eigen::VectorXd y2,
                     std::string label = {}, std::string color = {}) {
    return make(SeriesStyle::band, std::move(x), std::move(y), std::move(y2), std::move(label),
                std::move(color));
  }

 private:
  static Series make(SeriesStyle style, Eigen::VectorXd x, Eigen::VectorXd y, Eigen::VectorXd y2,
                     std::string label, std::string color) {
    Series s;
    s.style = style;
    s.x = std::move(x);
    s.y = std::move(y);
    s.y2 = std::move(y2);
    s.label = std::move(label);
    s.color = std::move(color);
    return s;
  }
};

/// @brief Options of xy_plot. Every field has a usable default.
struct XYPlotOptions {
  /// Title drawn above the axes; empty for none.
  std::string title{};
  /// Label under the horizontal axis; empty for none.
  std::string xlabel{};
  /// Label along the vertical axis (reading upwards); empty for none.
  std::string ylabel{};
  /// Width of the whole picture in px; > 0, and wide enough for the labels and a plot area.
  double width = 640.0;
  /// Height of the whole picture in px; > 0, and tall enough for the labels and a plot area.
  double height = 420.0;
  /// Font size of tick values, axis labels and legend in px (the title is 1.2 times larger); > 0.
  double font_size = 12.0;
  /// Axis limits; unset: the data range widened by 5% on each side (matplotlib's margins).
  /// Data outside the limits is clipped at the edge of the axes.
  std::optional<double> xmin{};
  std::optional<double> xmax{};  ///< see xmin
  std::optional<double> ymin{};  ///< see xmin
  std::optional<double> ymax{};  ///< see xmin
  /// Where the legend goes; it lists the series with a label, and is left out when none has one.
  LegendPosition legend = LegendPosition::best;
  /// Light grey grid lines at the ticks, behind the data.
  bool grid = true;
};

namespace detail {

/// The colour of the k-th series without one: matplotlib's tab10 cycle.
inline Rgb series_palette(std::size_t k) {
  static constexpr std::array<Rgb, 10> kTab10 = {
      Rgb{0x1f, 0x77, 0xb4}, Rgb{0xff, 0x7f, 0x0e}, Rgb{0x2c, 0xa0, 0x2c}, Rgb{0xd6, 0x27, 0x28},
      Rgb{0x94, 0x67, 0xbd}, Rgb{0x8c, 0x56, 0x4b}, Rgb{0xe3, 0x77, 0xc2}, Rgb{0x7f, 0x7f, 0x7f},
      Rgb{0xbc, 0xbd, 0x22}, Rgb{0x17, 0xbe, 0xcf}};
  return kTab10[k % kTab10.size()];
}

/// True for "#rgb", "#rrggbb" and colour names made of ASCII letters: the texts that can go into
/// a fill or stroke attribute as they are.
inline bool is_color_text(std::string_view text) {
  const auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (text.empty()) return false;
  if (text[0] == '#')
    return (text.size() == 4 || text.size() == 7) &&
           std::all_of(text.begin() + 1, text.end(), is_hex);
  return text.size() <= 32 && std::all_of(text.begin(), text.end(), is_letter);
}

/// The ticks of one axis: round values inside [low, high] and their labels.
struct AxisTicks {
  std::vector<double> values;
  std::vector<std::string> labels;
};

/// At most `target` + 1 evenly spaced round values (steps of 1, 2, 2.5 or 5 times a power of ten)
/// inside [low, high], which must be finite with low < high, labelled with as many decimals as
/// the step needs; steps that need more than five decimals and values whose exponent form is
/// shorter are labelled in
/// exponent form ("2e-07", "1.5e+09").
inline AxisTicks axis_ticks(double low, double high, int target) {
  const double raw = (high - low) / static_cast<double>(std::max(target, 1));
  int exponent = static_cast<int>(std::floor(std::log10(raw)));
  double magnitude = std::pow(10.0, exponent);
  double factor = 10.0;
  for (const double candidate : {1.0, 2.0, 2.5, 5.0})
    if (raw <= candidate * magnitude * (1.0 + 1e-9)) {
      factor = candidate;
      break;
    }
  if (factor == 10.0) {
    factor = 1.0;
    ++exponent;
    magnitude *= 10.0;
  }
  const double step = factor * magnitude;
  const int decimals = std::max(0, -exponent + (factor == 2.5 ? 1 : 0));

  AxisTicks ticks;
  const double first = std::ceil(low / step - 1e-9);
  const double last = std::floor(high / step + 1e-9);
  // Counted, not stepped until the end: k + 1 == k for huge k would never end a loop.
  const double count = std::min(last - first, 50.0);
  for (double i = 0.0; i <= count; i += 1.0) {
    const double value = (first + i) * step;
    if (ticks.values.empty() || value > ticks.values.back()) ticks.values.push_back(value);
  }
  // Fixed labels, unless the step needs more than five decimals or the exponent form is shorter
  // (huge values); the exponent form gets enough digits to tell neighbouring ticks apart.
  double largest = 0.0;
  for (const double value : ticks.values) largest = std::max(largest, std::abs(value));
  const int digits = largest > 0.0 ? static_cast<int>(std::floor(std::log10(largest))) : 0;
  const int precision = std::clamp(digits - exponent + 1 + (factor == 2.5 ? 1 : 0), 1, 17);
  std::vector<std::string> fixed;
  std::vector<std::string> scientific;
  std::size_t fixed_length = 0;
  std::size_t scientific_length = 0;
  for (const double value : ticks.values) {
    fixed.push_back(format_fixed(value, decimals));
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, precision);
    scientific.emplace_back(buffer, result.ptr);
    fixed_length = std::max(fixed_length, fixed.back().size());
    scientific_length = std::max(scientific_length, scientific.back().size());
  }
  ticks.labels = decimals > 5 || fixed_length > scientific_length ? scientific : fixed;
  return ticks;
}

/// The limits of one axis: the options' values where given, otherwise the data range [low, high]
/// widened by 5% on each side (a constant range is first opened around its value).
inline std::pair<double, double> axis_limits(std::string_view function, char axis, double low,
                                             double high, std::optional<double> given_min,
                                             std::optional<double> given_max) {
  const std::string name_min = std::string("options.") + axis + "min";
  const std::string name_max = std::string("options.") + axis + "max";
  if (given_min && !std::isfinite(*given_min))
    sklite::detail::throw_invalid(function, name_min, " expected a finite number; got ",
                                  *given_min);
  if (given_max && !std::isfinite(*given_max))
    sklite::detail::throw_invalid(function, name_max, " expected a finite number; got ",
                                  *given_max);
  if (given_min && given_max && !(*given_min < *given_max))
    sklite::detail::throw_invalid(function, name_min, " expected a value < ", name_max, " (",
                                  *given_max, "); got ", *given_min);
  if (low == high) {
    const double half = low == 0.0 ? 1.0 : 0.05 * std::abs(low);
    low -= half;
    high += half;
  }
  const double margin = 0.05 * (high - low);
  const double lower = given_min.value_or(low - margin);
  const double upper = given_max.value_or(high + margin);
  if (!std::isfinite(upper - lower))
    sklite::detail::throw_invalid(function, axis, " values span too wide a range to draw; got ",
                                  lower, " to ", upper);
  if (given_min && !(lower < upper))
    sklite::detail::throw_invalid(function, name_min, " expected a value < the upper ", axis,
                                  " limit taken from the data (", upper, "); got ", lower);
  if (given_max && !(lower < upper))
    sklite::detail::throw_invalid(function, name_max, " expected a value > the lower ", axis,
                                  " limit taken from the data (", lower, "); got ", upper);
  return {lower, upper};
}

/// An axis-aligned rectangle in picture coordinates (px, y downwards).
struct Box {
  double left = 0.0;
  double top = 0.0;
  double right = 0.0;
  double bottom = 0.0;

  bool contains(double x, double y, double inflate = 0.0) const {
    return x >= left - inflate && x <= right + inflate && y >= top - inflate &&
           y <= bottom + inflate;
  }

  /// True when the segment from (x0, y0) to (x1, y1) passes through the box (Liang-Barsky).
  bool crossed_by(double x0, double y0, double x1, double y1) const {
    double t0 = 0.0;
    double t1 = 1.0;
    const double dx = x1 - x0;
    const double dy = y1 - y0;
    const std::array<std::pair<double, double>, 4> edges = {
        std::pair{-dx, x0 - left}, {dx, right - x0}, {-dy, y0 - top}, {dy, bottom - y0}};
    for (const auto& [p, q] : edges) {
      if (p == 0.0) {
        if (q < 0.0) return false;
        continue;
      }
      const double t = q / p;
      if (p < 0.0)
        t0 = std::max(t0, t);
      else
        t1 = std::min(t1, t);
      if (t0 > t1) return false;
    }
    return true;
  }
};

/// A series in picture coordinates, ready to draw.
struct PlacedSeries {
  SeriesStyle style = SeriesStyle::line;
  std::vector<std::pair<double, double>> points;  // (x, y); a band: y edge, then y2 edge reversed
  std::string color;
  double size = 0.0;
  double opacity = 1.0;
  std::string label;
};

/// How many points and segments of the series the box would cover: the badness of a legend spot.
inline std::size_t covered(const Box& box, const std::vector<PlacedSeries>& placed) {
  std::size_t n = 0;
  for (const auto& s : placed) {
    const bool markers = s.style == SeriesStyle::points || s.style == SeriesStyle::rings;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const auto [x, y] = s.points[i];
      if (box.contains(x, y, markers ? s.size : 0.0)) ++n;
      if (!markers && i > 0 && box.crossed_by(s.points[i - 1].first, s.points[i - 1].second, x, y))
        ++n;
    }
  }
  return n;
}

/// "points" attribute text of a polyline or polygon.
inline std::string points_text(const std::vector<std::pair<double, double>>& points) {
  std::string out;
  for (const auto& [x, y] : points) {
    if (!out.empty()) out += ' ';
    out += format_number(x) + "," + format_number(y);
  }
  return out;
}

/// Checks one series and returns its colour, size and opacity with the defaults filled in.
inline PlacedSeries check_series(std::string_view function, const Series& s, std::size_t k,
                                 std::size_t& next_palette_colour) {
  const std::string name = "series[" + std::to_string(k) + "]";
  if (s.style != SeriesStyle::line && s.style != SeriesStyle::points &&
      s.style != SeriesStyle::rings && s.style != SeriesStyle::band)
    sklite::detail::throw_invalid(function, name,
                                  ".style expected line, points, rings or band; got ",
                                  static_cast<int>(s.style));
  if (s.x.size() == 0)
    sklite::detail::throw_invalid(function, name, ".x must not be empty; got 0 values");
  sklite::detail::check_same_length(function, name + ".y", s.y.size(), "values", name + ".x",
                                    s.x.size(), "values");
  if (s.style == SeriesStyle::band)
    sklite::detail::check_same_length(function, name + ".y2", s.y2.size(), "values", name + ".x",
                                      s.x.size(), "values");
  else if (s.y2.size() != 0)
    sklite::detail::throw_invalid(
        function, name, ".y2 expected no values (only a band uses y2); got ", s.y2.size());
  sklite::detail::check_finite(function, name + ".x", s.x);
  sklite::detail::check_finite(function, name + ".y", s.y);
  sklite::detail::check_finite(function, name + ".y2", s.y2);
  if (!s.color.empty() && !is_color_text(s.color))
    sklite::detail::throw_invalid(
        function, name, ".color expected #rgb, #rrggbb or a colour name; got '", s.color, "'");
  if (s.size) check_positive(function, name + ".size", *s.size);
  if (s.opacity && !(*s.opacity >= 0.0 && *s.opacity <= 1.0))
    sklite::detail::throw_invalid(function, name, ".opacity expected a number in [0, 1]; got ",
                                  *s.opacity);

  PlacedSeries placed;
  placed.style = s.style;
  placed.color = s.color.empty() ? series_palette(next_palette_colour++).hex() : s.color;
  const double default_size = s.style == SeriesStyle::line     ? 2.0
                              : s.style == SeriesStyle::points ? 3.0
                              : s.style == SeriesStyle::rings  ? 6.0
                                                               : 0.0;
  placed.size = s.style == SeriesStyle::band ? 0.0 : s.size.value_or(default_size);
  placed.opacity = s.opacity.value_or(s.style == SeriesStyle::band ? 0.25 : 1.0);
  placed.label = s.label;
  return placed;
}

/// The legend swatch of a series, centred vertically on `y`, from `x` to `x + width`.
inline void legend_swatch(SvgBuilder& svg, const PlacedSeries& s, double x, double y, double width,
                          double font) {
  const std::string opacity = format_number(s.opacity);
  switch (s.style) {
    case SeriesStyle::line:
      svg.raw("<line x1=\"" + format_number(x) + "\" y1=\"" + format_number(y) + "\" x2=\"" +
              format_number(x + width) + "\" y2=\"" + format_number(y) + "\" stroke=\"" + s.color +
              "\" stroke-width=\"" + format_number(s.size) + "\" stroke-opacity=\"" + opacity +
              "\" stroke-linecap=\"round\"/>\n");
      break;
    case SeriesStyle::points:
    case SeriesStyle::rings: {
      const bool ring = s.style == SeriesStyle::rings;
      const double r = std::min(s.size, 0.6 * font);
      svg.raw("<circle cx=\"" + format_number(x + width / 2) + "\" cy=\"" + format_number(y) +
              "\" r=\"" + format_number(r) + "\" " +
              (ring ? "fill=\"none\" stroke=\"" + s.color +
                          "\" stroke-width=\"1.5\" stroke-opacity=\"" + opacity + "\""
                    : "fill=\"" + s.color + "\" fill-opacity=\"" + opacity + "\"") +
              "/>\n");
      break;
    }
    case SeriesStyle::band:
      svg.rect(x, y - 0.4 * font, width, 0.8 * font, s.color, "fill-opacity=\"" + opacity + "\"");
      break;
  }
}

}  // namespace detail

/// @brief Draws x-y data as an SVG chart: lines, dots, rings and shaded bands on linear axes.
///
/// The series are drawn in the order given, so put bands first and rings last to keep everything
/// visible. Unless the options fix them, the axis limits are the range of all the data (x, y and
/// a band's y2) widened by 5% on each side; data outside fixed limits is clipped at the edge of
/// the axes. Ticks fall on round values (steps of 1, 2, 2.5 or 5 times a power of ten), about one
/// per 80 px along x and per 45 px along y, and light grid lines continue them across the plot.
/// The legend lists the series that have a label, with a swatch drawn in their style.
/// @param series the data: at least one series (see Series and SeriesStyle).
/// @param options title, axis labels, picture size, font size, axis limits, legend, grid.
/// @return the SVG document (UTF-8), to be written with save_svg.
/// @throws std::invalid_argument ("xy_plot: <argument> ...") when series is empty; a series has
///         an unknown style, no x values, a y (or a band's y2) whose length differs from x's, a
///         y2 while not a band, a NaN or infinite value, a colour that is not "#rgb", "#rrggbb"
///         or a name of letters, a size that is not a finite number > 0, or an opacity outside
///         [0, 1]; width, height or font_size is not a finite number > 0, or leaves less than
///         40 px for the plot area; an axis limit is not finite or not below the upper limit; the
///         data spans more than a double can hold; legend is not a LegendPosition.
/// @code
/// namespace plot = sklite::plot;
/// Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(50, 0.0, 6.28);
/// Eigen::VectorXd y = x.array().sin();
/// plot::XYPlotOptions options;
/// options.title = "sin x";
/// plot::save_svg("sin.svg", plot::xy_plot({plot::Series::line(x, y, "sin x")}, options));
/// @endcode
inline std::string xy_plot(const std::vector<Series>& series, const XYPlotOptions& options = {}) {
  constexpr std::string_view kFunction = "xy_plot";
  if (series.empty())
    sklite::detail::throw_invalid(kFunction, "series must not be empty; got 0 series");
  detail::check_positive(kFunction, "options.width", options.width);
  detail::check_positive(kFunction, "options.height", options.height);
  detail::check_positive(kFunction, "options.font_size", options.font_size);
  const LegendPosition where = options.legend;
  if (where != LegendPosition::best && where != LegendPosition::upper_right &&
      where != LegendPosition::upper_left && where != LegendPosition::lower_left &&
      where != LegendPosition::lower_right && where != LegendPosition::outside_right &&
      where != LegendPosition::none)
    sklite::detail::throw_invalid(kFunction,
                                  "options.legend expected best, upper_right, upper_left, "
                                  "lower_left, lower_right, outside_right or none; got ",
                                  static_cast<int>(where));

  std::vector<detail::PlacedSeries> placed;
  std::size_t next_colour = 0;
  double x_low = 0.0;
  double x_high = 0.0;
  double y_low = 0.0;
  double y_high = 0.0;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Series& s = series[k];
    placed.push_back(detail::check_series(kFunction, s, k, next_colour));
    double lo = std::min(s.y.minCoeff(), s.y2.size() > 0 ? s.y2.minCoeff() : s.y.minCoeff());
    double hi = std::max(s.y.maxCoeff(), s.y2.size() > 0 ? s.y2.maxCoeff() : s.y.maxCoeff());
    x_low = k == 0 ? s.x.minCoeff() : std::min(x_low, s.x.minCoeff());
    x_high = k == 0 ? s.x.maxCoeff() : std::max(x_high, s.x.maxCoeff());
    y_low = k == 0 ? lo : std::min(y_low, lo);
    y_high = k == 0 ? hi : std::max(y_high, hi);
  }
  const std::pair<double, double> x_limits =
      detail::axis_limits(kFunction, 'x', x_low, x_high, options.xmin, options.xmax);
  const std::pair<double, double> y_limits =
      detail::axis_limits(kFunction, 'y', y_low, y_high, options.ymin, options.ymax);
  const double x_min = x_limits.first;
  const double x_max = x_limits.second;
  const double y_min = y_limits.first;
  const double y_max = y_limits.second;

  // Legend size: a swatch and a text per labelled series, in a framed box.
  const double font = options.font_size;
  const double title_font = 1.2 * font;
  const double pad = std::max(8.0, 0.75 * font);
  const double tick = 4.0;
  std::vector<std::size_t> entries;
  double longest_label = 0.0;
  for (std::size_t k = 0; k < placed.size(); ++k)
    if (!placed[k].label.empty()) {
      entries.push_back(k);
      longest_label = std::max(longest_label, detail::text_width(placed[k].label, font));
    }
  const bool legend = where != LegendPosition::none && !entries.empty();
  const double row = 1.5 * font;
  const double swatch = 2.2 * font;
  const double legend_width = 0.6 * font + swatch + 0.5 * font + longest_label + 0.6 * font;
  const double legend_height = static_cast<double>(entries.size()) * row + 0.6 * font;
  const double legend_outside =
      legend && where == LegendPosition::outside_right ? legend_width + pad : 0.0;

  // Layout, in px. Vertically: padding, title, plot area, x ticks, x label, padding.
  // Horizontally: padding, y label, y ticks, plot area, half an x tick label, legend, padding.
  const double title_height = options.title.empty() ? 0.0 : 2.0 * title_font;
  const double xlabel_height = options.xlabel.empty() ? 0.0 : 1.6 * font;
  const double ylabel_width = options.ylabel.empty() ? 0.0 : 1.6 * font;
  const double xticks_height = tick + 1.4 * font;
  constexpr double kMinimumArea = 40.0;
  const double plot_top = pad + title_height;
  const double plot_bottom = options.height - pad - xlabel_height - xticks_height;
  const double plot_height = plot_bottom - plot_top;
  if (plot_height < kMinimumArea)
    sklite::detail::throw_invalid(kFunction, "options.height expected at least ",
                                  std::ceil(options.height - plot_height + kMinimumArea),
                                  " px (room for the title, the x axis and a plot area); got ",
                                  options.height);
  const auto target_count = [](double length, double spacing) {
    return static_cast<int>(std::clamp(std::round(length / spacing), 2.0, 12.0));
  };
  const detail::AxisTicks y_ticks = detail::axis_ticks(y_min, y_max, target_count(plot_height, 45));
  double yticks_width = 0.0;
  for (const auto& label : y_ticks.labels)
    yticks_width = std::max(yticks_width, detail::text_width(label, font));
  const double plot_left = pad + ylabel_width + yticks_width + tick + 0.4 * font;
  // The x ticks depend on the plot width and the right margin on the x tick labels: estimate
  // with a first set of ticks, then choose the final ones for the final width.
  const double right_fixed = pad + legend_outside;
  double widest_x = 0.0;
  for (const auto& label :
       detail::axis_ticks(x_min, x_max, target_count(options.width - plot_left - right_fixed, 80))
           .labels)
    widest_x = std::max(widest_x, detail::text_width(label, font));
  const double plot_right = options.width - right_fixed - widest_x / 2;
  const double plot_width = plot_right - plot_left;
  if (plot_width < kMinimumArea)
    sklite::detail::throw_invalid(kFunction, "options.width expected at least ",
                                  std::ceil(options.width - plot_width + kMinimumArea),
                                  " px (room for the y axis, the legend and a plot area); got ",
                                  options.width);
  // Fewer x ticks while their labels would run into each other (long exponent-form labels).
  detail::AxisTicks x_ticks;
  for (int target = target_count(plot_width, 80); target >= 2; --target) {
    x_ticks = detail::axis_ticks(x_min, x_max, target);
    double widest = 0.0;
    for (const auto& label : x_ticks.labels)
      widest = std::max(widest, detail::text_width(label, font));
    const double spacing = x_ticks.values.size() < 2 ? plot_width
                                                     : (x_ticks.values[1] - x_ticks.values[0]) /
                                                           (x_max - x_min) * plot_width;
    if (widest + font <= spacing) break;
  }
  const auto px = [&](double x) { return plot_left + (x - x_min) / (x_max - x_min) * plot_width; };
  const auto py = [&](double y) {
    return plot_bottom - (y - y_min) / (y_max - y_min) * plot_height;
  };

  for (std::size_t k = 0; k < series.size(); ++k) {
    const Series& s = series[k];
    auto& points = placed[k].points;
    for (Eigen::Index i = 0; i < s.x.size(); ++i) points.emplace_back(px(s.x(i)), py(s.y(i)));
    if (s.style == SeriesStyle::band)
      for (Eigen::Index i = s.x.size(); i-- > 0;) points.emplace_back(px(s.x(i)), py(s.y2(i)));
  }

  detail::SvgBuilder svg(options.width, options.height, options.title);
  if (!options.title.empty()) {
    // Centred over the plot area, moved inwards when it would stick out of the picture.
    const double half = detail::text_width(options.title, title_font, true) / 2;
    const double centre = plot_left + plot_width / 2;
    const double title_x = half * 2 <= options.width - 2 * pad
                               ? std::clamp(centre, pad + half, options.width - pad - half)
                               : options.width / 2;
    svg.text(title_x, pad + 1.2 * title_font, options.title, title_font, "middle", "#000000", 0.0,
             "font-weight=\"bold\"");
  }

  // Grid lines, then the series clipped to the plot area, then the frame on top.
  if (options.grid) {
    svg.open_group("class=\"sklite-grid\"");
    for (const double value : x_ticks.values)
      svg.line(px(value), plot_top, px(value), plot_bottom, "#e5e5e5", 1.0);
    for (const double value : y_ticks.values)
      svg.line(plot_left, py(value), plot_right, py(value), "#e5e5e5", 1.0);
    svg.close_group();
  }
  svg.raw("<defs><clipPath id=\"sklite-xy-plot-area\"><rect x=\"" +
          detail::format_number(plot_left) + "\" y=\"" + detail::format_number(plot_top) +
          "\" width=\"" + detail::format_number(plot_width) + "\" height=\"" +
          detail::format_number(plot_height) + "\"/></clipPath></defs>\n");
  svg.open_group("clip-path=\"url(#sklite-xy-plot-area)\"");
  for (const auto& s : placed) {
    const std::string opacity = detail::format_number(s.opacity);
    switch (s.style) {
      case SeriesStyle::line:
        svg.open_group("class=\"sklite-line\" fill=\"none\" stroke=\"" + s.color +
                       "\" stroke-width=\"" + detail::format_number(s.size) +
                       "\" stroke-opacity=\"" + opacity +
                       "\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        svg.raw("<polyline points=\"" + detail::points_text(s.points) + "\"/>\n");
        break;
      case SeriesStyle::band:
        svg.open_group("class=\"sklite-band\" fill=\"" + s.color + "\" fill-opacity=\"" + opacity +
                       "\" stroke=\"none\"");
        svg.raw("<polygon points=\"" + detail::points_text(s.points) + "\"/>\n");
        break;
      case SeriesStyle::points:
      case SeriesStyle::rings: {
        if (s.style == SeriesStyle::points)
          svg.open_group("class=\"sklite-points\" fill=\"" + s.color + "\" fill-opacity=\"" +
                         opacity + "\"");
        else
          svg.open_group("class=\"sklite-rings\" fill=\"none\" stroke=\"" + s.color +
                         "\" stroke-width=\"1.5\" stroke-opacity=\"" + opacity + "\"");
        const std::string radius = detail::format_number(s.size);
        for (const auto& [x, y] : s.points)
          svg.raw("<circle cx=\"" + detail::format_number(x) + "\" cy=\"" +
                  detail::format_number(y) + "\" r=\"" + radius + "\"/>\n");
        break;
      }
    }
    svg.close_group();
  }
  svg.close_group();
  svg.rect(plot_left, plot_top, plot_width, plot_height, "none",
           "stroke=\"#000000\" stroke-width=\"1\"");

  // Ticks and their values, then the axis labels.
  for (std::size_t k = 0; k < x_ticks.values.size(); ++k) {
    const double x = px(x_ticks.values[k]);
    svg.line(x, plot_bottom, x, plot_bottom + tick, "#000000", 1.0);
    svg.text(x, plot_bottom + tick + 1.1 * font, x_ticks.labels[k], font, "middle", "#000000");
  }
  for (std::size_t k = 0; k < y_ticks.values.size(); ++k) {
    const double y = py(y_ticks.values[k]);
    svg.line(plot_left - tick, y, plot_left, y, "#000000", 1.0);
    svg.text(plot_left - tick - 0.3 * font, y + 0.35 * font, y_ticks.labels[k], font, "end",
             "#000000");
  }
  if (!options.xlabel.empty())
    svg.text(plot_left + plot_width / 2, plot_bottom + xticks_height + 1.2 * font, options.xlabel,
             font, "middle", "#000000");
  if (!options.ylabel.empty())
    svg.text(pad + 1.1 * font, plot_top + plot_height / 2, options.ylabel, font, "middle",
             "#000000", -90.0);

  if (legend) {
    // Inside corners are inset by half a font size from the frame.
    const double inset = 0.5 * font;
    const auto corner = [&](LegendPosition position) {
      const bool right =
          position == LegendPosition::upper_right || position == LegendPosition::lower_right;
      const bool upper =
          position == LegendPosition::upper_right || position == LegendPosition::upper_left;
      const double left = right ? plot_right - inset - legend_width : plot_left + inset;
      const double top = upper ? plot_top + inset : plot_bottom - inset - legend_height;
      return detail::Box{left, top, left + legend_width, top + legend_height};
    };
    detail::Box box;
    if (where == LegendPosition::outside_right) {
      const double left = options.width - pad - legend_width;
      box = {left, plot_top, left + legend_width, plot_top + legend_height};
    } else if (where == LegendPosition::best) {
      std::size_t fewest = 0;
      bool first = true;
      for (const LegendPosition candidate :
           {LegendPosition::upper_right, LegendPosition::upper_left, LegendPosition::lower_left,
            LegendPosition::lower_right}) {
        const detail::Box spot = corner(candidate);
        const std::size_t n = detail::covered(spot, placed);
        if (first || n < fewest) {
          box = spot;
          fewest = n;
          first = false;
        }
      }
    } else {
      box = corner(where);
    }
    svg.open_group("class=\"sklite-legend\"");
    svg.rect(box.left, box.top, legend_width, legend_height, "#ffffff",
             "fill-opacity=\"0.85\" stroke=\"#bbbbbb\" stroke-width=\"1\" rx=\"3\"");
    for (std::size_t e = 0; e < entries.size(); ++e) {
      const detail::PlacedSeries& s = placed[entries[e]];
      const double centre = box.top + 0.3 * font + (static_cast<double>(e) + 0.5) * row;
      detail::legend_swatch(svg, s, box.left + 0.6 * font, centre, swatch, font);
      svg.text(box.left + 0.6 * font + swatch + 0.5 * font, centre + 0.35 * font, s.label, font,
               "start", "#000000");
    }
    svg.close_group();
  }
  return svg.finish();
}

}  // namespace sklite::plot

#endif  // SKLITE_PLOT_XY_PLOT_HPP

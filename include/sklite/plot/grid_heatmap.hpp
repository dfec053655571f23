// sklite: grid_heatmap, the values of a grid search over two parameters (such as the
// cross-validation accuracy over log2 C and log2 gamma) drawn as an SVG heat map with labelled
// contour lines, a colour bar and the best point marked: what LIBSVM's grid.py asks gnuplot for.
#ifndef SKLITE_PLOT_GRID_HEATMAP_HPP
#define SKLITE_PLOT_GRID_HEATMAP_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/plot/colormap.hpp"
#include "sklite/plot/confusion_matrix_heatmap.hpp"
#include "sklite/plot/svg.hpp"

namespace sklite::plot {

/// @brief Options of grid_heatmap. Every field has a usable default.
struct GridHeatmapOptions {
  /// Title drawn above the picture; empty for none.
  std::string title{};
  /// A second line under the title (for instance the best point in words); empty for none.
  std::string subtitle{};
  /// Label of the horizontal axis (the x values, the columns of the grid).
  std::string xlabel = "log2(C)";
  /// Label of the vertical axis (the y values, the rows of the grid), drawn increasing upwards.
  std::string ylabel = "log2(gamma)";
  /// Label along the colour bar; empty for none.
  std::string colorbar_label{};
  /// The values at which contour lines are drawn; empty: about five round values inside the range
  /// of the grid's values. Levels outside that range draw nothing.
  std::vector<double> levels{};
  /// Write each contour line's level on it.
  bool contour_labels = true;
  /// The point marked as the best, (x, y); unset: the grid point of the largest value (the first
  /// in row order on a tie). Not drawn when it lies outside the grid's cells.
  std::optional<std::pair<double, double>> best{};
  /// Mark the best point (a white star).
  bool mark_best = true;
  /// Text of the legend entry of the star, drawn under the title (for instance the best point
  /// and its value); empty for none.
  std::string best_label{};
  /// The value drawn in the colormap's first colour; smaller values take it too, and the colour
  /// bar then ends in a point at the bottom. Unset: the smallest value.
  std::optional<double> vmin{};
  /// The value drawn in the colormap's last colour; larger values take it too (a point at the
  /// top of the colour bar). Unset: the largest value.
  std::optional<double> vmax{};
  /// Side of one cell in px; > 0.
  double cell_size = 36.0;
  /// Font size of labels and tick values in px (the title is 1.2 times larger); > 0.
  double font_size = 13.0;
  /// Colormap of the cells and the colour bar; matplotlib's default viridis.
  Colormap cmap = Colormap::viridis;
  /// Draw the colour bar to the right of the grid.
  bool colorbar = true;
};

namespace detail {

/// @brief A straight piece of a contour line, from (x1, y1) to (x2, y2), in data coordinates.
struct ContourSegment {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

/// @brief The contour of `values` at `level` by marching squares: values(i, j) is the value at
/// (x[j], y[i]); each square of four neighbouring grid points whose corners lie on both sides of
/// the level (a corner counts as inside when its value is >= level) gets one segment, or two at a
/// saddle, where the mean of the four corners decides which corners connect. Points on the square's
/// edges are interpolated linearly. Squares with a NaN corner get none.
///
/// A point shared by two squares is computed from the same edge in the same direction, so the
/// segments of a line meet exactly (contour_lines joins them).
inline std::vector<ContourSegment> contour_segments(const std::vector<double>& x,
                                                    const std::vector<double>& y,
                                                    const Eigen::MatrixXd& values, double level) {
  std::vector<ContourSegment> out;
  const auto rows = static_cast<Eigen::Index>(y.size());
  const auto cols = static_cast<Eigen::Index>(x.size());
  struct Corner {
    double x, y, v;
  };
  // The crossing on the edge from a to b, always taken from the corner first in row order.
  const auto crossing = [&](Corner a, Corner b) {
    if (b.y < a.y || (b.y == a.y && b.x < a.x)) std::swap(a, b);
    const double t = (level - a.v) / (b.v - a.v);
    return std::pair<double, double>{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
  };
  for (Eigen::Index i = 0; i + 1 < rows; ++i)
    for (Eigen::Index j = 0; j + 1 < cols; ++j) {
      // Counter-clockwise from the lower left: (i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j).
      const Corner c[4] = {
          {x[static_cast<std::size_t>(j)], y[static_cast<std::size_t>(i)], values(i, j)},
          {x[static_cast<std::size_t>(j + 1)], y[static_cast<std::size_t>(i)], values(i, j + 1)},
          {x[static_cast<std::size_t>(j + 1)], y[static_cast<std::size_t>(i + 1)],
           values(i + 1, j + 1)},
          {x[static_cast<std::size_t>(j)], y[static_cast<std::size_t>(i + 1)], values(i + 1, j)}};
      bool nan = false;
      bool inside[4];
      int count = 0;
      for (int k = 0; k < 4; ++k) {
        nan = nan || std::isnan(c[k].v);
        inside[k] = c[k].v >= level;
        count += inside[k] ? 1 : 0;
      }
      if (nan || count == 0 || count == 4) continue;
      // Edge k joins corner k and corner k + 1.
      const auto edge_point = [&](int k) { return crossing(c[k], c[(k + 1) % 4]); };
      const auto add = [&](int e1, int e2) {
        const auto p = edge_point(e1);
        const auto q = edge_point(e2);
        out.push_back({p.first, p.second, q.first, q.second});
      };
      const bool saddle = count == 2 && inside[0] == inside[2];
      if (!saddle) {
        int crossed[2];
        int n = 0;
        for (int k = 0; k < 4; ++k)
          if (inside[k] != inside[(k + 1) % 4]) crossed[n++] = k;
        add(crossed[0], crossed[1]);
        continue;
      }
      // A saddle: cut off the two corners that do not connect through the middle.
      const bool middle_inside = (c[0].v + c[1].v + c[2].v + c[3].v) / 4 >= level;
      for (int k = 0; k < 4; ++k)
        if (inside[k] != middle_inside) add((k + 3) % 4, k);  // the two edges at corner k
    }
  return out;
}

/// @brief Joins contour segments that share end points into polylines (open or closed: a closed
/// line ends where it starts).
inline std::vector<std::vector<std::pair<double, double>>> contour_lines(
    const std::vector<ContourSegment>& segments) {
  using Point = std::pair<double, double>;
  std::multimap<Point, std::size_t> ends;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    ends.emplace(Point{segments[s].x1, segments[s].y1}, s);
    ends.emplace(Point{segments[s].x2, segments[s].y2}, s);
  }
  std::vector<bool> used(segments.size(), false);
  const auto other_end = [&](std::size_t s, const Point& p) {
    const Point a{segments[s].x1, segments[s].y1};
    return a == p ? Point{segments[s].x2, segments[s].y2} : a;
  };
  // The next unused segment at p, if any.
  const auto next_at = [&](const Point& p) -> std::optional<std::size_t> {
    const auto [first, last] = ends.equal_range(p);
    for (auto it = first; it != last; ++it)
      if (!used[it->second]) return it->second;
    return std::nullopt;
  };
  std::vector<std::vector<Point>> lines;
  // Open lines first, from their ends (points of one segment only), then the closed ones.
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t s = 0; s < segments.size(); ++s) {
      if (used[s]) continue;
      Point start{segments[s].x1, segments[s].y1};
      if (pass == 0 && ends.count(start) != 1) {
        const Point end{segments[s].x2, segments[s].y2};
        if (ends.count(end) != 1) continue;
        start = end;
      }
      std::vector<Point> line{start};
      Point at = start;
      for (std::optional<std::size_t> next = s; next; next = next_at(at)) {
        used[*next] = true;
        at = other_end(*next, at);
        line.push_back(at);
      }
      lines.push_back(std::move(line));
    }
  return lines;
}

/// @brief The pixel offset of value v along an axis whose grid values are `grid` (increasing),
/// each in a cell `cell` px wide: piecewise linear, a grid value at the centre of its cell when the
/// grid is evenly spaced, the cell edges halfway between grid values. Values outside the cells
/// are extrapolated.
inline double axis_offset(const std::vector<double>& grid, double cell, double v) {
  const std::size_t n = grid.size();
  const auto edge = [&](std::size_t k) {  // edge k: left of cell k
    if (n == 1) return grid[0] + (k == 0 ? -0.5 : 0.5);
    if (k == 0) return grid[0] - (grid[1] - grid[0]) / 2;
    if (k == n) return grid[n - 1] + (grid[n - 1] - grid[n - 2]) / 2;
    return (grid[k - 1] + grid[k]) / 2;
  };
  std::size_t k = 0;
  while (k + 1 < n && v >= edge(k + 1)) ++k;
  return cell * (static_cast<double>(k) + (v - edge(k)) / (edge(k + 1) - edge(k)));
}

/// Checks that an axis's values are finite and strictly increasing.
inline void check_grid_axis(std::string_view function, std::string_view name,
                            const std::vector<double>& values) {
  if (values.empty())
    sklite::detail::throw_invalid(function, name, " expected at least one value; got none");
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (!std::isfinite(values[k]))
      sklite::detail::throw_invalid(function, name, " expected finite values; got ", values[k]);
    if (k > 0 && !(values[k] > values[k - 1]))
      sklite::detail::throw_invalid(function, name, " expected strictly increasing values; got ",
                                    values[k - 1], " then ", values[k]);
  }
}

/// A level written briefly: at most 4 decimals, no trailing zeros.
inline std::string format_level(double value) {
  std::string out = format_fixed(value, 4);
  if (out.find('.') != std::string::npos) {
    out.erase(out.find_last_not_of('0') + 1);
    if (out.back() == '.') out.pop_back();
  }
  return out;
}

/// The points of a five-pointed star of outer radius r centred on (0, 0), point up, as the
/// `points` attribute of an SVG polygon.
inline std::string star_points(double r) {
  constexpr double kPi = 3.14159265358979323846;
  std::string points;
  for (int k = 0; k < 10; ++k) {
    const double angle = -kPi / 2 + k * kPi / 5;
    const double radius = k % 2 == 0 ? r : 0.45 * r;
    if (k > 0) points += ' ';
    points +=
        format_number(radius * std::cos(angle)) + "," + format_number(radius * std::sin(angle));
  }
  return points;
}

/// A polyline in px.
using PixelLine = std::vector<std::pair<double, double>>;

/// The distance from (x, y) to the segment from a to b.
inline double distance_to_segment(double x, double y, const std::pair<double, double>& a,
                                  const std::pair<double, double>& b) {
  const double dx = b.first - a.first, dy = b.second - a.second;
  const double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? ((x - a.first) * dx + (y - a.second) * dy) / length2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(x - (a.first + t * dx), y - (a.second + t * dy));
}

/// @brief Where to write each level's label: on one of its lines (lines[k] are the lines of level
/// k, in px), inside the box [left, right] × [top, bottom], as far as it can be from the labels
/// placed before it and from the other levels' lines (labels are width[k] × height px). Levels go
/// from the last to the first, so the highest levels (the best values) choose first. A level
/// without lines gets no label (nullopt).
inline std::vector<std::optional<std::pair<double, double>>> place_contour_labels(
    const std::vector<std::vector<PixelLine>>& lines, const std::vector<double>& width,
    double height, double left, double top, double right, double bottom) {
  std::vector<std::optional<std::pair<double, double>>> placed(lines.size());
  for (std::size_t k = lines.size(); k-- > 0;) {
    double best_score = -HUGE_VAL;
    for (const PixelLine& line : lines[k])
      for (std::size_t s = 1; s < line.size(); ++s)
        for (const double t : {0.25, 0.5, 0.75}) {
          const double x = line[s - 1].first + t * (line[s].first - line[s - 1].first);
          const double y = line[s - 1].second + t * (line[s].second - line[s - 1].second);
          if (x - width[k] / 2 < left || x + width[k] / 2 > right || y - height / 2 < top ||
              y + height / 2 > bottom)
            continue;
          double score = 3 * height;  // farther than this is far enough
          for (std::size_t o = 0; o < lines.size(); ++o) {
            if (placed[o])  // the gap between the two label boxes
              score = std::min(score,
                               std::max(std::abs(x - placed[o]->first) - (width[k] + width[o]) / 2,
                                        std::abs(y - placed[o]->second) - height));
            if (o == k) continue;
            for (const PixelLine& other : lines[o])
              for (std::size_t r = 1; r < other.size(); ++r)
                score =
                    std::min(score, distance_to_segment(x, y, other[r - 1], other[r]) - height / 2);
          }
          // Between places far enough from everything, the middle of a line.
          const double middle = static_cast<double>(line.size()) / 2;
          score -= 1e-3 * std::abs(static_cast<double>(s) - middle) / middle;
          if (score > best_score) {
            best_score = score;
            placed[k] = std::pair{x, y};
          }
        }
  }
  return placed;
}

}  // namespace detail

/// @brief Draws the values of a grid over two parameters as an SVG heat map with contour lines.
///
/// values(i, j) is the value at (x[j], y[i]): the columns follow x, drawn from left to right, and
/// the rows follow y, drawn from the bottom up. Each grid point is a cell coloured by its value,
/// mapped linearly from `vmin` to `vmax` (by default the smallest and the largest value) onto
/// `options.cmap`; NaN marks a point without a value (a light grey cell). Contour lines at
/// `options.levels` are traced by marching squares between the cell centres
/// (detail::contour_segments), drawn in black over a white casing so that they show on every
/// colour, and labelled with their level where they are clear of the others. The best point is
/// marked with a white star, and a colour bar on the right shows the scale with the contour levels
/// as lines across it. This is the picture LIBSVM's grid.py asks gnuplot for; sklite-grid draws
/// it (docs/cli.md).
/// @param x the grid's x values (e.g. log2 C), finite and strictly increasing.
/// @param y the grid's y values (e.g. log2 gamma), finite and strictly increasing.
/// @param values a y.size() × x.size() matrix (any Eigen matrix of floating values): finite, or
///   NaN where there is no value.
/// @param options title, labels, contour levels, colour range, best point, sizes, colormap.
/// @return the SVG document (UTF-8), to be written with save_svg.
/// @throws std::invalid_argument when x or y is empty, not finite or not strictly increasing,
///         values is not y.size() × x.size() or holds an infinity, a level, vmin or vmax is not
///         finite, vmin is not below vmax, cell_size or font_size is not a finite number > 0, or
///         cmap is not a Colormap.
/// @code
/// std::vector<double> log2c{-5, -3, -1, 1}, log2g{-9, -7, -5};
/// Eigen::MatrixXd accuracy(3, 4);  // accuracy(i, j): at log2g[i], log2c[j]
/// accuracy << 90, 95, 97, 97, 93, 97, 98.5, 98, 60, 85, 92, 93;
/// sklite::plot::save_svg("grid.svg", sklite::plot::grid_heatmap(log2c, log2g, accuracy));
/// @endcode
template <typename Derived>
std::string grid_heatmap(const std::vector<double>& x, const std::vector<double>& y,
                         const Eigen::DenseBase<Derived>& values,
                         const GridHeatmapOptions& options = {}) {
  constexpr std::string_view kFunction = "grid_heatmap";
  detail::check_grid_axis(kFunction, "x", x);
  detail::check_grid_axis(kFunction, "y", y);
  const auto nx = static_cast<Eigen::Index>(x.size());
  const auto ny = static_cast<Eigen::Index>(y.size());
  if (values.rows() != ny || values.cols() != nx)
    sklite::detail::throw_invalid(kFunction, "values expected shape (", ny, ", ", nx,
                                  ") (y values by x values); got (", values.rows(), ", ",
                                  values.cols(), ")");
  const Eigen::MatrixXd v = values.derived().template cast<double>();
  for (Eigen::Index k = 0; k < v.size(); ++k)
    if (std::isinf(v(k)))
      sklite::detail::throw_invalid(kFunction, "values expected finite numbers or NaN; got ", v(k));
  for (const double level : options.levels)
    if (!std::isfinite(level))
      sklite::detail::throw_invalid(kFunction, "options.levels expected finite numbers; got ",
                                    level);
  for (const auto& [name, limit] :
       {std::pair{"options.vmin", options.vmin}, std::pair{"options.vmax", options.vmax}})
    if (limit && !std::isfinite(*limit))
      sklite::detail::throw_invalid(kFunction, name, " expected a finite number; got ", *limit);
  if (options.vmin && options.vmax && !(*options.vmin < *options.vmax))
    sklite::detail::throw_invalid(kFunction,
                                  "options.vmin expected a value below options.vmax; got ",
                                  *options.vmin, " and ", *options.vmax);
  detail::check_positive(kFunction, "options.cell_size", options.cell_size);
  detail::check_positive(kFunction, "options.font_size", options.font_size);
  detail::check_colormap(kFunction, options.cmap);

  // The range of the values, the colour range, and the best point.
  double data_min = HUGE_VAL, data_max = -HUGE_VAL;
  std::optional<std::pair<double, double>> best = options.best;
  for (Eigen::Index i = 0; i < ny; ++i)
    for (Eigen::Index j = 0; j < nx; ++j) {
      const double value = v(i, j);
      if (std::isnan(value)) continue;
      data_min = std::min(data_min, value);
      if (value > data_max && !options.best)
        best = std::pair{x[static_cast<std::size_t>(j)], y[static_cast<std::size_t>(i)]};
      data_max = std::max(data_max, value);
    }
  const bool any = data_max >= data_min;
  double vmin = options.vmin.value_or(data_min);
  double vmax = options.vmax.value_or(data_max);
  if (any && !(vmin < vmax)) {  // one value, or a limit beyond every value: a range around it
    if (options.vmin)
      vmax = vmin + 1.0;
    else
      vmin = vmax - 1.0;
  }
  const bool below = any && data_min < vmin;  // values drawn in the first colour
  const bool above = any && data_max > vmax;  // values drawn in the last colour
  std::vector<double> levels = options.levels;
  int tick_decimals = 0;
  const std::vector<double> ticks =
      any ? detail::nice_ticks(vmin, vmax, false, tick_decimals) : std::vector<double>{};
  if (levels.empty() && any)
    for (const double t : ticks)
      if (t > std::max(vmin, data_min) && t < std::min(vmax, data_max)) levels.push_back(t);
  std::sort(levels.begin(), levels.end());

  // Layout, in px. Left to right: padding, y label, y tick values, the grid, the colour bar with
  // its values and label, padding. Top to bottom: padding, title, subtitle, the star's legend,
  // the grid, x tick values, x label, padding.
  const double font = options.font_size;
  const double title_font = 1.2 * font;
  const double cell = options.cell_size;
  const double grid_w = cell * static_cast<double>(nx);
  const double grid_h = cell * static_cast<double>(ny);
  const double pad = std::max(8.0, 0.75 * font);
  const double tick = 4.0;
  const double star = std::min(11.0, 0.36 * cell);  // the star's outer radius
  const auto label_of = [](double value) { return detail::format_number(value); };
  // Tick values: under every grid value when they fit, else under every second, third, ...
  double xtick_width = 0.0, ytick_width = 0.0;
  for (const double g : x)
    xtick_width = std::max(xtick_width, detail::text_width(label_of(g), font));
  for (const double g : y)
    ytick_width = std::max(ytick_width, detail::text_width(label_of(g), font));
  const auto x_stride =
      static_cast<std::size_t>(std::max(1.0, std::ceil((xtick_width + 0.5 * font) / cell)));
  const auto y_stride = static_cast<std::size_t>(std::max(1.0, std::ceil(1.2 * font / cell)));
  const bool legend = options.mark_best && !options.best_label.empty();
  const double legend_width =
      2.0 * star + 0.5 * font + detail::text_width(options.best_label, font);
  const double title_height = options.title.empty() ? 0.0 : 1.9 * title_font;
  const double subtitle_height = options.subtitle.empty() ? 0.0 : 1.5 * font;
  const double legend_height = legend ? std::max(1.5 * font, 2.0 * star + 4.0) : 0.0;
  const double top_gap = title_height + subtitle_height + legend_height > 0 ? 0.4 * font : 0.0;
  const double ylabel_width = options.ylabel.empty() ? 0.0 : 1.6 * font;
  const double yticks_width = ytick_width + tick + 0.4 * font;
  const double xticks_height = 1.0 * font + tick + 0.5 * font;
  const double xlabel_height = options.xlabel.empty() ? 0.0 : 1.6 * font;
  const double bar_gap = std::max(16.0, 0.5 * cell);
  const double bar_width = std::max(12.0, 1.1 * font);
  double bar_labels_width = 0.0;
  for (const double value : ticks)
    bar_labels_width = std::max(
        bar_labels_width, detail::text_width(detail::format_fixed(value, tick_decimals), font));
  const double colorbar_width = options.colorbar && any
                                    ? bar_gap + bar_width + tick + 0.3 * font + bar_labels_width +
                                          (options.colorbar_label.empty() ? 0.0 : 1.8 * font)
                                    : 0.0;
  const double plot_x = pad + ylabel_width + yticks_width;
  const double plot_y = pad + title_height + subtitle_height + legend_height + top_gap;
  const double width = std::max({plot_x + grid_w + colorbar_width + pad,
                                 detail::text_width(options.title, title_font, true) + 2 * pad,
                                 detail::text_width(options.subtitle, font) + 2 * pad,
                                 legend ? legend_width + 2 * pad : 0.0});
  const double height = plot_y + grid_h + xticks_height + xlabel_height + pad;
  const auto px = [&](double value) { return plot_x + detail::axis_offset(x, cell, value); };
  const auto py = [&](double value) {
    return plot_y + grid_h - detail::axis_offset(y, cell, value);
  };
  const auto colour = [&](double value) {
    return colormap_color(options.cmap, (value - vmin) / (vmax - vmin));
  };
  // A text line centred over the grid, moved inwards when it would stick out of the picture.
  const auto centre_of = [&](double text_width) {
    return std::clamp(plot_x + grid_w / 2, pad + text_width / 2, width - pad - text_width / 2);
  };

  detail::SvgBuilder svg(width, height, options.title);
  if (!options.title.empty())
    svg.text(centre_of(detail::text_width(options.title, title_font, true)), pad + 1.2 * title_font,
             options.title, title_font, "middle", "#000000", 0.0, "font-weight=\"bold\"");
  if (!options.subtitle.empty())
    svg.text(centre_of(detail::text_width(options.subtitle, font)),
             pad + title_height + 1.05 * font, options.subtitle, font, "middle", "#000000");
  if (legend) {
    const double left = centre_of(legend_width) - legend_width / 2;
    const double middle = pad + title_height + subtitle_height + legend_height / 2;
    svg.raw("<polygon transform=\"translate(" + detail::format_number(left + star) + " " +
            detail::format_number(middle) + ")\" points=\"" + detail::star_points(star) +
            "\" fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"1.3\" "
            "stroke-linejoin=\"round\"/>\n");
    svg.text(left + 2.0 * star + 0.5 * font, middle + 0.35 * font, options.best_label, font,
             "start", "#000000");
  }

  // The cells, each with its grid point and value as data attributes.
  svg.open_group("shape-rendering=\"crispEdges\"");
  for (Eigen::Index i = 0; i < ny; ++i)
    for (Eigen::Index j = 0; j < nx; ++j) {
      const double value = v(i, j);
      const std::string fill = std::isnan(value) ? "#e0e0e0" : colour(value).hex();
      svg.rect(plot_x + cell * static_cast<double>(j),
               plot_y + grid_h - cell * static_cast<double>(i + 1), cell, cell, fill,
               "data-x=\"" + label_of(x[static_cast<std::size_t>(j)]) + "\" data-y=\"" +
                   label_of(y[static_cast<std::size_t>(i)]) + "\" data-value=\"" +
                   (std::isnan(value) ? std::string("nan") : detail::format_level(value)) + "\"");
    }
  svg.close_group();

  // Contour lines: a white casing under a black line; then their labels, each with a white halo.
  std::vector<std::vector<detail::PixelLine>> pixel_lines(levels.size());
  std::vector<double> label_widths(levels.size());
  const double label_font = 0.85 * font;
  for (std::size_t k = 0; k < levels.size(); ++k) {
    std::string d;
    for (const auto& line : detail::contour_lines(detail::contour_segments(x, y, v, levels[k]))) {
      detail::PixelLine pixels;
      for (std::size_t p = 0; p < line.size(); ++p) {
        pixels.emplace_back(px(line[p].first), py(line[p].second));
        d += p == 0 ? 'M' : 'L';
        d += detail::format_number(pixels.back().first);
        d += ' ';
        d += detail::format_number(pixels.back().second);
      }
      pixel_lines[k].push_back(std::move(pixels));
    }
    label_widths[k] = detail::text_width(detail::format_level(levels[k]), label_font, true) + 4.0;
    if (d.empty()) continue;
    svg.raw("<g class=\"contour\" data-level=\"" + detail::format_level(levels[k]) +
            "\" fill=\"none\" stroke-linejoin=\"round\">\n<path d=\"" + d +
            "\" stroke=\"#ffffff\" stroke-opacity=\"0.7\" stroke-width=\"3.5\"/>\n<path d=\"" + d +
            "\" stroke=\"#000000\" stroke-width=\"1.3\"/>\n</g>\n");
  }
  if (options.contour_labels) {
    const auto places = detail::place_contour_labels(pixel_lines, label_widths, label_font, plot_x,
                                                     plot_y, plot_x + grid_w, plot_y + grid_h);
    for (std::size_t k = 0; k < levels.size(); ++k) {
      if (!places[k]) continue;
      const std::string text = detail::format_level(levels[k]);
      const double lx = places[k]->first, ly = places[k]->second + 0.35 * label_font;
      svg.text(lx, ly, text, label_font, "middle", "#000000", 0.0,
               "font-weight=\"bold\" class=\"contour-label\" stroke=\"#ffffff\" "
               "stroke-width=\"3\" stroke-linejoin=\"round\"");
      svg.text(lx, ly, text, label_font, "middle", "#000000", 0.0,
               "font-weight=\"bold\" class=\"contour-label\"");
    }
  }

  // The best point: a white star with a black outline, when it lies on the grid.
  const double tolerance = 1e-9 * (grid_w + grid_h);
  if (options.mark_best && best && px(best->first) >= plot_x - tolerance &&
      px(best->first) <= plot_x + grid_w + tolerance && py(best->second) >= plot_y - tolerance &&
      py(best->second) <= plot_y + grid_h + tolerance)
    svg.raw("<g class=\"best\" data-x=\"" + label_of(best->first) + "\" data-y=\"" +
            label_of(best->second) + "\" transform=\"translate(" +
            detail::format_number(px(best->first)) + " " + detail::format_number(py(best->second)) +
            ")\"><polygon points=\"" + detail::star_points(star) +
            "\" fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"1.3\" "
            "stroke-linejoin=\"round\"/></g>\n");
  svg.rect(plot_x, plot_y, grid_w, grid_h, "none", "stroke=\"#000000\" stroke-width=\"1\"");

  // Axes: a tick at every grid value, a value under every stride-th.
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double at = px(x[k]);
    svg.line(at, plot_y + grid_h, at, plot_y + grid_h + tick, "#000000", 1.0);
    if (k % x_stride == 0)
      svg.text(at, plot_y + grid_h + tick + 1.0 * font, label_of(x[k]), font, "middle", "#000000");
  }
  for (std::size_t k = 0; k < y.size(); ++k) {
    const double at = py(y[k]);
    svg.line(plot_x - tick, at, plot_x, at, "#000000", 1.0);
    if (k % y_stride == 0)
      svg.text(plot_x - tick - 0.3 * font, at + 0.35 * font, label_of(y[k]), font, "end",
               "#000000");
  }
  if (!options.xlabel.empty())
    svg.text(plot_x + grid_w / 2, plot_y + grid_h + xticks_height + 1.1 * font, options.xlabel,
             font, "middle", "#000000");
  if (!options.ylabel.empty())
    svg.text(pad + 1.1 * font, plot_y + grid_h / 2, options.ylabel, font, "middle", "#000000",
             -90.0);

  // The colour bar: the colormap's stops as a vertical gradient from vmin at the bottom to vmax
  // at the top, ending in a point where values lie beyond; tick values on the right; the contour
  // levels as lines across it.
  if (options.colorbar && any) {
    const double bar_x = plot_x + grid_w + bar_gap;
    const std::string id = std::string("sklite-grid-cmap-") + detail::colormap_name(options.cmap);
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
    const double point = std::min(bar_width, 0.25 * grid_h);  // length of an end point
    const double bar_top = plot_y + (above ? point : 0.0);
    const double bar_bottom = plot_y + grid_h - (below ? point : 0.0);
    const auto bar_y = [&](double value) {
      return bar_bottom - (value - vmin) / (vmax - vmin) * (bar_bottom - bar_top);
    };
    const auto end_point = [&](double base, double tip, const Rgb& fill) {
      svg.raw("<polygon class=\"colorbar-extension\" points=\"" + detail::format_number(bar_x) +
              "," + detail::format_number(base) + " " + detail::format_number(bar_x + bar_width) +
              "," + detail::format_number(base) + " " +
              detail::format_number(bar_x + bar_width / 2) + "," + detail::format_number(tip) +
              "\" fill=\"" + fill.hex() + "\" stroke=\"#000000\" stroke-width=\"1\"/>\n");
    };
    if (below) end_point(bar_bottom, plot_y + grid_h, colour(vmin));
    if (above) end_point(bar_top, plot_y, colour(vmax));
    svg.rect(bar_x, bar_top, bar_width, bar_bottom - bar_top, "url(#" + id + ")",
             "stroke=\"#000000\" stroke-width=\"1\"");
    for (const double level : levels)
      if (level >= vmin && level <= vmax)
        svg.line(bar_x, bar_y(level), bar_x + bar_width, bar_y(level), "#000000", 1.0);
    for (const double value : ticks) {
      svg.line(bar_x + bar_width, bar_y(value), bar_x + bar_width + tick, bar_y(value), "#000000",
               1.0);
      svg.text(bar_x + bar_width + tick + 0.3 * font, bar_y(value) + 0.35 * font,
               detail::format_fixed(value, tick_decimals), font, "start", "#000000");
    }
    if (!options.colorbar_label.empty())
      svg.text(bar_x + bar_width + tick + 0.3 * font + bar_labels_width + 1.1 * font,
               plot_y + grid_h / 2, options.colorbar_label, font, "middle", "#000000", -90.0);
  }
  return svg.finish();
}

}  // namespace sklite::plot

#endif  // SKLITE_PLOT_GRID_HEATMAP_HPP

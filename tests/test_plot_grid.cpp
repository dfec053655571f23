// Tests of sklite/plot/grid_heatmap.hpp: the contour lines of fields whose contours are known
// (a plane, a bowl, a saddle) and where grid_heatmap puts the best point's star.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "sklite/plot/grid_heatmap.hpp"

namespace {

namespace plot = sklite::plot;

/// The value of attribute `name` in the first element of `svg` that holds `marker`.
std::string attribute_after(const std::string& svg, const std::string& marker,
                            const std::string& name) {
  const std::size_t at = svg.find(marker);
  REQUIRE(at != std::string::npos);
  const std::size_t end = svg.find('>', at);
  const std::size_t key = svg.find(" " + name + "=\"", at);
  REQUIRE(key < end);
  const std::size_t from = key + name.size() + 3;
  return svg.substr(from, svg.find('"', from) - from);
}

/// The (x, y) of an SVG transform "translate(x y)".
std::pair<double, double> translation(const std::string& transform) {
  const std::size_t open = transform.find('(');
  const std::size_t space = transform.find(' ', open);
  return {std::stod(transform.substr(open + 1, space - open - 1)),
          std::stod(transform.substr(space + 1))};
}

/// The centre of the cell drawn for grid point (x, y).
std::pair<double, double> cell_centre(const std::string& svg, const std::string& x,
                                      const std::string& y) {
  const std::string marker = "data-x=\"" + x + "\" data-y=\"" + y + "\"";
  const std::size_t at = svg.rfind("<rect", svg.find(marker));
  const std::string rect = svg.substr(at, svg.find('>', at) - at);
  const double left = std::stod(attribute_after(rect, "<rect", "x"));
  const double top = std::stod(attribute_after(rect, "<rect", "y"));
  const double width = std::stod(attribute_after(rect, "<rect", "width"));
  const double height = std::stod(attribute_after(rect, "<rect", "height"));
  return {left + width / 2, top + height / 2};
}

}  // namespace

TEST_CASE("grid_heatmap: the contour of a plane is the straight line where it meets the level") {
  const std::vector<double> x{0, 1, 2, 3, 4}, y{0, 1, 2, 3};
  Eigen::MatrixXd values(4, 5);
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 5; ++j) values(i, j) = static_cast<double>(j);  // v = x
  const auto segments = plot::detail::contour_segments(x, y, values, 1.5);
  REQUIRE(segments.size() == 3);  // one per row of squares, in the squares between x = 1 and 2
  for (const auto& s : segments) {
    CHECK(s.x1 == 1.5);
    CHECK(s.x2 == 1.5);
    CHECK(std::abs(s.y2 - s.y1) == 1.0);
  }
  const auto lines = plot::detail::contour_lines(segments);
  REQUIRE(lines.size() == 1);
  REQUIRE(lines[0].size() == 4);
  CHECK(std::min(lines[0].front().second, lines[0].back().second) == 0.0);
  CHECK(std::max(lines[0].front().second, lines[0].back().second) == 3.0);
  CHECK(plot::detail::contour_segments(x, y, values, 4.5).empty());  // above every value
}

TEST_CASE("grid_heatmap: the contour around the top of a bowl is one closed line") {
  const std::vector<double> axis{-2, -1, 0, 1, 2};
  Eigen::MatrixXd values(5, 5);
  for (Eigen::Index i = 0; i < 5; ++i)
    for (Eigen::Index j = 0; j < 5; ++j)
      values(i, j) = -(axis[static_cast<std::size_t>(i)] * axis[static_cast<std::size_t>(i)] +
                       axis[static_cast<std::size_t>(j)] * axis[static_cast<std::size_t>(j)]);
  // Level -2.5 encloses the 3 x 3 points around the top; the ring of 12 squares around them
  // holds one segment each, interpolated linearly: x = 1.5 between -1 (at 1) and -4 (at 2).
  const auto segments = plot::detail::contour_segments(axis, axis, values, -2.5);
  CHECK(segments.size() == 12);
  const auto lines = plot::detail::contour_lines(segments);
  REQUIRE(lines.size() == 1);
  REQUIRE(lines[0].size() == 13);
  CHECK(lines[0].front() == lines[0].back());
  bool crosses_axis = false;
  for (const auto& [px, py] : lines[0]) {
    CHECK(std::max(std::abs(px), std::abs(py)) > 1.0);
    CHECK(std::max(std::abs(px), std::abs(py)) < 2.0);
    crosses_axis = crosses_axis || (py == 0.0 && std::abs(px) == 1.5);
  }
  CHECK(crosses_axis);
}

TEST_CASE("grid_heatmap: a saddle's middle value decides which corners connect") {
  const std::vector<double> x{0, 1}, y{0, 1};
  Eigen::MatrixXd values(2, 2);
  values << 1, 0, 0, 1;  // high at (0, 0) and (1, 1); the middle is 0.5
  // Level 0.6 is above the middle: the two high corners are cut off on their own.
  auto segments = plot::detail::contour_segments(x, y, values, 0.6);
  REQUIRE(segments.size() == 2);
  for (const auto& s : segments) {
    const double mx = (s.x1 + s.x2) / 2, my = (s.y1 + s.y2) / 2;
    CHECK(((mx < 0.5 && my < 0.5) || (mx > 0.5 && my > 0.5)));
  }
  // Level 0.4 is below it: the high corners connect, the two low ones are cut off.
  segments = plot::detail::contour_segments(x, y, values, 0.4);
  REQUIRE(segments.size() == 2);
  for (const auto& s : segments) {
    const double mx = (s.x1 + s.x2) / 2, my = (s.y1 + s.y2) / 2;
    CHECK(((mx > 0.5 && my < 0.5) || (mx < 0.5 && my > 0.5)));
  }
  values(0, 0) = std::nan("");  // a square with a missing corner has no contour
  CHECK(plot::detail::contour_segments(x, y, values, 0.4).empty());
}

TEST_CASE("grid_heatmap: the star sits on the best point's cell, the contours where asked") {
  const std::vector<double> log2c{-5, -3, -1, 1, 3}, log2g{-15, -13, -11, -9};
  Eigen::MatrixXd accuracy(4, 5);
  accuracy << 20, 60, 90, 95, 96,  //
      30, 85, 97, 98.5, 98,        //
      40, 90, 98, 99, 98.5,        //
      10, 50, 80, 90, 91;
  plot::GridHeatmapOptions options;
  options.levels = {95, 98, 150};  // 150 lies above every value: no line
  std::string svg = plot::grid_heatmap(log2c, log2g, accuracy, options);
  CHECK(svg.find("<g class=\"contour\" data-level=\"95\"") != std::string::npos);
  CHECK(svg.find("<g class=\"contour\" data-level=\"98\"") != std::string::npos);
  CHECK(svg.find("data-level=\"150\"") == std::string::npos);
  // Unset, the best point is the largest value: 99 at log2 C = 1, log2 gamma = -11.
  CHECK(attribute_after(svg, "<g class=\"best\"", "data-x") == "1");
  CHECK(attribute_after(svg, "<g class=\"best\"", "data-y") == "-11");
  auto star = translation(attribute_after(svg, "<g class=\"best\"", "transform"));
  auto centre = cell_centre(svg, "1", "-11");
  CHECK(star.first == doctest::Approx(centre.first).epsilon(1e-6));
  CHECK(star.second == doctest::Approx(centre.second).epsilon(1e-6));
  // Higher log2 gamma is drawn higher up, higher log2 C further right.
  CHECK(cell_centre(svg, "1", "-9").second < centre.second);
  CHECK(cell_centre(svg, "3", "-11").first > centre.first);

  options.best = std::pair{-1.0, -13.0};  // a point chosen by the caller (grid.py's tie rule)
  svg = plot::grid_heatmap(log2c, log2g, accuracy, options);
  star = translation(attribute_after(svg, "<g class=\"best\"", "transform"));
  centre = cell_centre(svg, "-1", "-13");
  CHECK(star.first == doctest::Approx(centre.first).epsilon(1e-6));
  CHECK(star.second == doctest::Approx(centre.second).epsilon(1e-6));
  options.best = std::pair{20.0, -13.0};  // outside the grid: no star
  CHECK(plot::grid_heatmap(log2c, log2g, accuracy, options).find("class=\"best\"") ==
        std::string::npos);
}

TEST_CASE("grid_heatmap: bad input is refused") {
  const std::vector<double> x{0, 1}, y{0, 1};
  const Eigen::MatrixXd values = Eigen::MatrixXd::Zero(2, 2);
  CHECK_THROWS_AS(plot::grid_heatmap(std::vector<double>{1, 0}, y, values), std::invalid_argument);
  CHECK_THROWS_AS(plot::grid_heatmap(x, y, Eigen::MatrixXd::Zero(2, 3)), std::invalid_argument);
  plot::GridHeatmapOptions options;
  options.vmin = 2;
  options.vmax = 1;
  CHECK_THROWS_AS(plot::grid_heatmap(x, y, values, options), std::invalid_argument);
}

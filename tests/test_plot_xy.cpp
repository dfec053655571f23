// Tests of sklite/plot/xy_plot.hpp. The chart is read back with a small XML reader below; the
// tests count the elements each series produces, read the tick labels, map known data points to
// the pixels they must land on, and check every refusal message.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <locale>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sklite/plot.hpp"

namespace {

namespace plot = sklite::plot;
using plot::Series;
using plot::SeriesStyle;

/// An element of the document: its name, attributes, direct text, and the index of its parent.
struct Node {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  int parent = -1;
};

/// Reads the elements of an SVG document in document order. Throws std::runtime_error when tags
/// do not nest, an attribute is unquoted or repeated, or there is more than one root.
std::vector<Node> read_elements(const std::string& xml) {
  std::vector<Node> nodes;
  std::vector<int> open;
  int roots = 0;
  std::size_t i = xml.compare(0, 5, "<?xml") == 0 ? xml.find("?>") + 2 : 0;
  const auto bad = [](const std::string& what) { throw std::runtime_error("bad XML: " + what); };
  while (i < xml.size()) {
    const std::size_t lt = xml.find('<', i);
    const std::string between = xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (!open.empty()) nodes[static_cast<std::size_t>(open.back())].text += between;
    if (lt == std::string::npos) break;
    const std::size_t gt = xml.find('>', lt);
    if (gt == std::string::npos) bad("unterminated tag");
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag[0] == '/') {
      if (open.empty() || nodes[static_cast<std::size_t>(open.back())].name != tag.substr(1))
        bad("unmatched </" + tag.substr(1) + ">");
      open.pop_back();
      continue;
    }
    const bool closed = !tag.empty() && tag.back() == '/';
    if (closed) tag.pop_back();
    Node node;
    std::istringstream in(tag);
    in >> node.name;
    std::size_t k = node.name.size();
    for (;;) {
      while (k < tag.size() && tag[k] == ' ') ++k;
      if (k >= tag.size()) break;
      const std::size_t eq = tag.find('=', k);
      if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"')
        bad("unquoted attribute in <" + tag + ">");
      const std::size_t end = tag.find('"', eq + 2);
      if (end == std::string::npos) bad("unterminated attribute");
      if (!node.attributes.emplace(tag.substr(k, eq - k), tag.substr(eq + 2, end - eq - 2)).second)
        bad("repeated attribute in <" + tag + ">");
      k = end + 1;
    }
    node.parent = open.empty() ? -1 : open.back();
    if (open.empty()) ++roots;
    nodes.push_back(node);
    if (!closed) open.push_back(static_cast<int>(nodes.size() - 1));
  }
  if (!open.empty() || roots != 1) bad("unclosed elements or not one root");
  return nodes;
}

/// The elements named `name`, optionally only those whose parent is a <g> of class `group`.
std::vector<Node> all(const std::vector<Node>& nodes, const std::string& name,
                      const std::string& group = "") {
  std::vector<Node> out;
  for (const Node& node : nodes) {
    if (node.name != name) continue;
    if (!group.empty()) {
      if (node.parent < 0) continue;
      const Node& parent = nodes[static_cast<std::size_t>(node.parent)];
      const auto found = parent.attributes.find("class");
      if (found == parent.attributes.end() || found->second != group) continue;
    }
    out.push_back(node);
  }
  return out;
}

/// The text of every <text> element, in order.
std::vector<std::string> texts_of(const std::vector<Node>& nodes, const std::string& group = "") {
  std::vector<std::string> out;
  for (const Node& node : all(nodes, "text", group)) out.push_back(node.text);
  return out;
}

double number(const Node& node, const std::string& attribute) {
  return std::stod(node.attributes.at(attribute));
}

/// The number of "x,y" pairs in a points attribute.
std::size_t count_points(const std::string& points) {
  std::size_t n = 0;
  for (const char c : points) n += c == ',' ? 1 : 0;
  return n;
}

/// The frame of the axes: the stroked rectangle that is not in the legend.
Node frame_of(const std::vector<Node>& nodes) {
  for (const Node& rect : all(nodes, "rect"))
    if (rect.attributes.count("stroke") != 0 && rect.attributes.at("fill") == "none" &&
        rect.parent == 0)
      return rect;
  throw std::runtime_error("no frame");
}

Eigen::VectorXd values(std::initializer_list<double> list) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(list.size()));
  Eigen::Index i = 0;
  for (const double value : list) v(i++) = value;
  return v;
}

/// A locale that writes "1.234,5", to show that the chart ignores the global locale.
struct DecimalComma : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

}  // namespace

TEST_CASE("xy_plot: one series of each style, in the order given") {
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(5, 0.0, 4.0);
  const Eigen::VectorXd y = values({1, 3, 2, 5, 4});
  const Eigen::VectorXd xp = values({0.5, 1, 1.5, 2, 2.5, 3});
  const Eigen::VectorXd yp = values({1, 2, 3, 2, 1, 0});
  plot::XYPlotOptions options;
  options.title = "Four styles";
  options.xlabel = "time";
  options.ylabel = "value";
  const std::string svg = plot::xy_plot(
      {Series::band(x, y.array() - 1, y.array() + 1, "band"), Series::line(x, y, "line"),
       Series::points(xp, yp, "dots"), Series::rings(xp.head(2), yp.head(2), "rings")},
      options);
  const std::vector<Node> nodes = read_elements(svg);
  REQUIRE(!nodes.empty());
  CHECK(nodes[0].name == "svg");
  CHECK(nodes[0].attributes.at("xmlns") == "http://www.w3.org/2000/svg");
  CHECK(nodes[0].attributes.at("width") == "640");
  CHECK(nodes[0].attributes.at("height") == "420");
  CHECK(nodes[0].attributes.at("viewBox") == "0 0 640 420");
  CHECK(all(nodes, "title").at(0).text == "Four styles");

  // A band is one polygon through both edges; a line one polyline; dots and rings one circle per
  // point. The groups come in the order of the series.
  const auto polygons = all(nodes, "polygon", "sklite-band");
  REQUIRE(polygons.size() == 1);
  CHECK(count_points(polygons[0].attributes.at("points")) == 10);
  const auto polylines = all(nodes, "polyline", "sklite-line");
  REQUIRE(polylines.size() == 1);
  CHECK(count_points(polylines[0].attributes.at("points")) == 5);
  CHECK(all(nodes, "circle", "sklite-points").size() == 6);
  CHECK(all(nodes, "circle", "sklite-rings").size() == 2);
  std::vector<std::string> order;
  for (const Node& g : all(nodes, "g"))
    if (g.attributes.count("class") != 0) order.push_back(g.attributes.at("class"));
  CHECK(order == std::vector<std::string>{"sklite-grid", "sklite-band", "sklite-line",
                                          "sklite-points", "sklite-rings", "sklite-legend"});

  // The series sit in a group clipped to the plot area, which is the frame.
  const Node frame = frame_of(nodes);
  bool clip_found = false;
  for (const Node& rect : all(nodes, "rect"))
    if (rect.parent >= 0 && nodes[static_cast<std::size_t>(rect.parent)].name == "clipPath") {
      clip_found = true;
      CHECK(rect.attributes.at("x") == frame.attributes.at("x"));
      CHECK(rect.attributes.at("width") == frame.attributes.at("width"));
      CHECK(rect.attributes.at("height") == frame.attributes.at("height"));
    }
  CHECK(clip_found);
  const Node band_group = [&] {
    for (const Node& g : all(nodes, "g"))
      if (g.attributes.count("class") != 0 && g.attributes.at("class") == "sklite-band") return g;
    return Node{};
  }();
  REQUIRE(band_group.parent >= 0);
  CHECK(nodes[static_cast<std::size_t>(band_group.parent)].attributes.at("clip-path") ==
        "url(#sklite-xy-plot-area)");

  // Default colours follow matplotlib's cycle; a band is see-through by default.
  CHECK(band_group.attributes.at("fill") == "#1f77b4");
  CHECK(band_group.attributes.at("fill-opacity") == "0.25");
  for (const Node& g : all(nodes, "g")) {
    if (g.attributes.count("class") == 0) continue;
    const std::string& name = g.attributes.at("class");
    if (name == "sklite-line") CHECK(g.attributes.at("stroke") == "#ff7f0e");
    if (name == "sklite-points") CHECK(g.attributes.at("fill") == "#2ca02c");
    if (name == "sklite-rings") {
      CHECK(g.attributes.at("stroke") == "#d62728");
      CHECK(g.attributes.at("fill") == "none");
    }
  }

  // Legend: a framed box, one text per labelled series, one swatch per style.
  CHECK(texts_of(nodes, "sklite-legend") ==
        std::vector<std::string>{"band", "line", "dots", "rings"});
  CHECK(all(nodes, "rect", "sklite-legend").size() == 1 + 1);  // box and the band's swatch
  CHECK(all(nodes, "line", "sklite-legend").size() == 1);
  CHECK(all(nodes, "circle", "sklite-legend").size() == 2);

  // Title, axis labels.
  const auto text = texts_of(nodes);
  CHECK(text.front() == "Four styles");
  CHECK(std::count(text.begin(), text.end(), "time") == 1);
  CHECK(std::count(text.begin(), text.end(), "value") == 1);
  for (const Node& t : all(nodes, "text"))
    if (t.text == "value") CHECK(t.attributes.at("transform").find("rotate(-90 ") == 0);

  // Same input, same bytes.
  CHECK(plot::xy_plot(
            {Series::band(x, y.array() - 1, y.array() + 1, "band"), Series::line(x, y, "line"),
             Series::points(xp, yp, "dots"), Series::rings(xp.head(2), yp.head(2), "rings")},
            options) == svg);
}

TEST_CASE("xy_plot: ticks, limits and the mapping of data to pixels") {
  plot::XYPlotOptions options;
  options.xmin = 0.0;
  options.xmax = 10.0;
  options.ymin = -1.0;
  options.ymax = 1.0;
  options.grid = false;
  const std::string svg =
      plot::xy_plot({Series::points(values({0, 5, 10}), values({-1, 0, 1}))}, options);
  const std::vector<Node> nodes = read_elements(svg);
  CHECK(all(nodes, "g", "").size() == 2);  // the clipped group and the points: no grid, no legend
  const auto text = texts_of(nodes);
  // About one x tick per 80 px and one y tick per 45 px, on round steps (2 and 0.25 here).
  const std::vector<std::string> x_labels = {"0", "2", "4", "6", "8", "10"};
  const std::vector<std::string> y_labels = {"-1.00", "-0.75", "-0.50", "-0.25", "0.00",
                                             "0.25",  "0.50",  "0.75",  "1.00"};
  REQUIRE(text.size() == x_labels.size() + y_labels.size());
  CHECK(std::vector<std::string>(text.begin(), text.begin() + 6) == x_labels);
  CHECK(std::vector<std::string>(text.begin() + 6, text.end()) == y_labels);

  // The limits are the edges of the frame: (0, -1) bottom left, (5, 0) centre, (10, 1) top right.
  const Node frame = frame_of(nodes);
  const double left = number(frame, "x");
  const double top = number(frame, "y");
  const double right = left + number(frame, "width");
  const double bottom = top + number(frame, "height");
  const auto dots = all(nodes, "circle", "sklite-points");
  REQUIRE(dots.size() == 3);
  CHECK(number(dots[0], "cx") == doctest::Approx(left).epsilon(1e-4));
  CHECK(number(dots[0], "cy") == doctest::Approx(bottom).epsilon(1e-4));
  CHECK(number(dots[1], "cx") == doctest::Approx((left + right) / 2).epsilon(1e-4));
  CHECK(number(dots[1], "cy") == doctest::Approx((top + bottom) / 2).epsilon(1e-4));
  CHECK(number(dots[2], "cx") == doctest::Approx(right).epsilon(1e-4));
  CHECK(number(dots[2], "cy") == doctest::Approx(top).epsilon(1e-4));
  CHECK(dots[0].attributes.at("r") == "3");
  // Tick marks: "0" under the left edge, "10" under the right one, "1.00" level with the top.
  for (const Node& t : all(nodes, "text")) {
    if (t.text == "0") CHECK(number(t, "x") == doctest::Approx(left).epsilon(1e-4));
    if (t.text == "10") CHECK(number(t, "x") == doctest::Approx(right).epsilon(1e-4));
    if (t.text == "1.00") CHECK(number(t, "y") > top);
  }

  // Without limits: the data range widened by 5% on each side, so x = 0 sits 0.5 / 11 of the way.
  const auto free_nodes =
      read_elements(plot::xy_plot({Series::points(values({0, 5, 10}), values({-1, 0, 1}))}));
  const Node free_frame = frame_of(free_nodes);
  const auto free_dots = all(free_nodes, "circle", "sklite-points");
  REQUIRE(free_dots.size() == 3);
  CHECK(number(free_dots[0], "cx") ==
        doctest::Approx(number(free_frame, "x") + number(free_frame, "width") * 0.5 / 11)
            .epsilon(1e-3));
  CHECK(all(free_nodes, "line", "sklite-grid").size() >= 4);

  // A single point opens a range around its value; nothing breaks.
  const auto single = read_elements(plot::xy_plot({Series::points(values({3}), values({0}))}));
  CHECK(all(single, "circle", "sklite-points").size() == 1);
  CHECK(texts_of(single).size() >= 4);
}

TEST_CASE("xy_plot: tick values and labels") {
  namespace d = plot::detail;
  auto ticks = d::axis_ticks(0.0, 1.0, 5);
  CHECK(ticks.labels == std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"});
  ticks = d::axis_ticks(-0.314, 6.597, 7);
  CHECK(ticks.labels == std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"});
  ticks = d::axis_ticks(0.0, 100.0, 4);
  CHECK(ticks.labels == std::vector<std::string>{"0", "25", "50", "75", "100"});
  ticks = d::axis_ticks(-3.0, 3.0, 6);
  CHECK(ticks.labels == std::vector<std::string>{"-3", "-2", "-1", "0", "1", "2", "3"});
  REQUIRE(ticks.values.size() == 7);
  CHECK(ticks.values[3] == 0.0);
  ticks = d::axis_ticks(0.0, 2.5e-6, 5);
  CHECK(ticks.labels ==
        std::vector<std::string>{"0", "5e-07", "1e-06", "1.5e-06", "2e-06", "2.5e-06"});
  ticks = d::axis_ticks(1e8, 2e8, 4);
  CHECK(ticks.labels ==
        std::vector<std::string>{"1e+08", "1.25e+08", "1.5e+08", "1.75e+08", "2e+08"});
  ticks = d::axis_ticks(2e7, 2e7 + 30.0, 3);  // fixed labels are shorter here
  CHECK(ticks.labels == std::vector<std::string>{"20000000", "20000010", "20000020", "20000030"});
  ticks = d::axis_ticks(-1e-9, 1.0, 5);  // a tick at zero reads "0", never "-0"
  CHECK(ticks.labels.front() == "0.0");
  ticks = d::axis_ticks(-1e-5, 1e-5, 4);
  CHECK(ticks.labels == std::vector<std::string>{"-1e-05", "-5e-06", "0", "5e-06", "1e-05"});
  // A range tiny next to its values still gives a few distinct ticks and ends.
  ticks = d::axis_ticks(1e15, 1e15 + 8.0, 4);
  CHECK(ticks.values.size() >= 3);
  CHECK(ticks.values.size() <= 5);
}

TEST_CASE("xy_plot: legend placement, colours and options") {
  // Points crowd the upper right and lower left corners: "best" puts the legend upper left.
  Eigen::VectorXd x(8);
  Eigen::VectorXd y(8);
  x << 9, 9.5, 10, 9.5, 0, 0.5, 1, 0.5;
  y << 9, 9.5, 10, 10, 0, 0.5, 1, 0;
  const auto nodes =
      read_elements(plot::xy_plot({Series::points(x, y, "crowd"), Series::line(x, y)}));
  const Node frame = frame_of(nodes);
  const auto boxes = all(nodes, "rect", "sklite-legend");
  REQUIRE(boxes.size() == 1);
  CHECK(number(boxes[0], "x") < number(frame, "x") + 20);
  CHECK(number(boxes[0], "y") < number(frame, "y") + 20);
  CHECK(texts_of(nodes, "sklite-legend") ==
        std::vector<std::string>{"crowd"});  // no label: left out

  plot::XYPlotOptions options;
  options.legend = plot::LegendPosition::outside_right;
  const auto outside = read_elements(plot::xy_plot({Series::points(x, y, "crowd")}, options));
  const Node outside_frame = frame_of(outside);
  CHECK(number(all(outside, "rect", "sklite-legend").at(0), "x") >
        number(outside_frame, "x") + number(outside_frame, "width"));
  options.legend = plot::LegendPosition::lower_right;
  const auto lower = read_elements(plot::xy_plot({Series::points(x, y, "crowd")}, options));
  const Node lower_frame = frame_of(lower);
  const Node lower_box = all(lower, "rect", "sklite-legend").at(0);
  CHECK(number(lower_box, "x") + number(lower_box, "width") >
        number(lower_frame, "x") + number(lower_frame, "width") - 20);
  options.legend = plot::LegendPosition::none;
  CHECK(all(read_elements(plot::xy_plot({Series::points(x, y, "crowd")}, options)), "g",
            "sklite-legend")
            .empty());
  CHECK(all(read_elements(plot::xy_plot({Series::points(x, y)})), "rect", "sklite-legend").empty());

  // Given colours, sizes and opacities are used as they are; text is escaped.
  Series ring = Series::rings(x, y, "a < b & c", "#abc");
  ring.size = 9;
  ring.opacity = 0.5;
  Series dots = Series::points(x, y, "", "steelblue");
  plot::XYPlotOptions titled;
  titled.title = "\"quoted\" & <tagged>";
  const std::string svg = plot::xy_plot({dots, ring}, titled);
  const auto styled = read_elements(svg);
  CHECK(svg.find("a &lt; b &amp; c") != std::string::npos);
  CHECK(svg.find("&quot;quoted&quot; &amp; &lt;tagged&gt;") != std::string::npos);
  for (const Node& g : all(styled, "g")) {
    if (g.attributes.count("class") == 0) continue;
    if (g.attributes.at("class") == "sklite-points") CHECK(g.attributes.at("fill") == "steelblue");
    if (g.attributes.at("class") == "sklite-rings") {
      CHECK(g.attributes.at("stroke") == "#abc");
      CHECK(g.attributes.at("stroke-opacity") == "0.5");
    }
  }
  CHECK(all(styled, "circle", "sklite-rings").at(0).attributes.at("r") == "9");

  // Picture size and the global locale.
  plot::XYPlotOptions small;
  small.width = 300;
  small.height = 200;
  const std::string chart =
      plot::xy_plot({Series::line(values({0, 1234.5}), values({0, 1}))}, small);
  CHECK(read_elements(chart)[0].attributes.at("viewBox") == "0 0 300 200");
  const std::locale previous =
      std::locale::global(std::locale(std::locale::classic(), new DecimalComma));
  const std::string again =
      plot::xy_plot({Series::line(values({0, 1234.5}), values({0, 1}))}, small);
  std::locale::global(previous);
  CHECK(again == chart);
}

TEST_CASE("xy_plot: argument errors") {
  const Eigen::VectorXd x = values({0, 1, 2});
  const Eigen::VectorXd y = values({1, 2, 3});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto refuses = [](const std::vector<Series>& series, const plot::XYPlotOptions& options,
                          const std::string& message) {
    CHECK_THROWS_WITH_AS(plot::xy_plot(series, options), message.c_str(), std::invalid_argument);
  };
  const plot::XYPlotOptions defaults;
  refuses({}, defaults, "xy_plot: series must not be empty; got 0 series");
  refuses({Series::line(Eigen::VectorXd(), Eigen::VectorXd())}, defaults,
          "xy_plot: series[0].x must not be empty; got 0 values");
  refuses({Series::line(x, y), Series::points(x, y.head(2))}, defaults,
          "xy_plot: series[1].y has 2 values but series[1].x has 3 values");
  refuses({Series::band(x, y, y.head(1))}, defaults,
          "xy_plot: series[0].y2 has 1 values but series[0].x has 3 values");
  Series with_y2 = Series::line(x, y);
  with_y2.y2 = y;
  refuses({with_y2}, defaults,
          "xy_plot: series[0].y2 expected no values (only a band uses y2); got 3");
  refuses({Series::points(x, values({1, nan, 3}))}, defaults,
          "xy_plot: series[0].y must be finite; got NaN at index 1");
  refuses({Series::points(values({inf, 1, 2}), y)}, defaults,
          "xy_plot: series[0].x must be finite; got infinity at index 0");
  refuses({Series::band(x, y, values({1, 2, -inf}))}, defaults,
          "xy_plot: series[0].y2 must be finite; got -infinity at index 2");
  Series odd = Series::line(x, y);
  odd.style = static_cast<SeriesStyle>(7);
  refuses({odd}, defaults, "xy_plot: series[0].style expected line, points, rings or band; got 7");
  refuses({Series::line(x, y, "", "red\" onload=\"x")}, defaults,
          "xy_plot: series[0].color expected #rgb, #rrggbb or a colour name; got 'red\" "
          "onload=\"x'");
  refuses({Series::line(x, y, "", "#12345")}, defaults,
          "xy_plot: series[0].color expected #rgb, #rrggbb or a colour name; got '#12345'");
  Series sized = Series::points(x, y);
  sized.size = 0.0;
  refuses({sized}, defaults, "xy_plot: series[0].size expected a finite number > 0; got 0");
  Series faded = Series::points(x, y);
  faded.opacity = 1.5;
  refuses({faded}, defaults, "xy_plot: series[0].opacity expected a number in [0, 1]; got 1.5");

  const std::vector<Series> fine = {Series::line(x, y)};
  plot::XYPlotOptions options;
  options.width = 0;
  refuses(fine, options, "xy_plot: options.width expected a finite number > 0; got 0");
  options = {};
  options.height = nan;
  refuses(fine, options, "xy_plot: options.height expected a finite number > 0; got nan");
  options = {};
  options.font_size = -1;
  refuses(fine, options, "xy_plot: options.font_size expected a finite number > 0; got -1");
  options = {};
  options.width = 60;
  CHECK_THROWS_WITH_AS(plot::xy_plot(fine, options),
                       doctest::Contains("xy_plot: options.width expected at least "),
                       std::invalid_argument);
  options = {};
  options.height = 50;
  CHECK_THROWS_WITH_AS(plot::xy_plot(fine, options),
                       doctest::Contains("xy_plot: options.height expected at least "),
                       std::invalid_argument);
  options = {};
  options.legend = static_cast<plot::LegendPosition>(12);
  refuses(fine, options,
          "xy_plot: options.legend expected best, upper_right, upper_left, lower_left, "
          "lower_right, outside_right or none; got 12");
  options = {};
  options.xmin = 2.0;
  options.xmax = 1.0;
  refuses(fine, options, "xy_plot: options.xmin expected a value < options.xmax (1); got 2");
  options = {};
  options.ymax = inf;
  refuses(fine, options, "xy_plot: options.ymax expected a finite number; got inf");
  options = {};
  options.ymin = 30.0;
  refuses({Series::line(x, values({0, 10, 20}))}, options,
          "xy_plot: options.ymin expected a value < the upper y limit taken from the data (21); "
          "got 30");
  const double big = std::numeric_limits<double>::max();
  refuses({Series::line(values({-big, big}), y.head(2))}, defaults,
          "xy_plot: x values span too wide a range to draw; got -inf to inf");
}

// Tests of sklite/plot.hpp. Pictures have no scikit-learn reference, so the SVG is parsed by a
// small well-formedness checker below and its elements compared with values computed here: pixel
// colours from the known digits, counts and labels of known matrices, layout of known shapes.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <limits>
#include <locale>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sklite/datasets/digits.hpp"
#include "sklite/errors.hpp"
#include "sklite/metrics.hpp"
#include "sklite/plot.hpp"

#include "support/files.hpp"

namespace {

namespace fs = std::filesystem;
using sklite::testing::read_bytes;
using sklite::testing::TempDir;
namespace plot = sklite::plot;
using doctest::Contains;

/// One element of a parsed SVG document, in document order.
struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  // character data directly inside the element, still escaped
  std::size_t depth = 0;
};

/// True when text[i] starts a well-formed entity or character reference.
bool entity_at(const std::string& text, std::size_t i) {
  for (const char* entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
    if (text.compare(i, std::string(entity).size(), entity) == 0) return true;
  if (text.compare(i, 2, "&#") != 0) return false;
  std::size_t k = i + 2;
  const bool hex = k < text.size() && text[k] == 'x';
  if (hex) ++k;
  const std::size_t first = k;
  while (k < text.size() && std::isxdigit(static_cast<unsigned char>(text[k])) != 0) ++k;
  return k > first && k < text.size() && text[k] == ';';
}

/// A strict little XML checker for the subset sklite writes (prolog, elements, attributes in
/// double or single quotes, character data, comments). Throws std::runtime_error on anything
/// that is not well-formed; returns the elements otherwise.
std::vector<Element> parse_xml(const std::string& xml) {
  std::vector<Element> elements;
  std::vector<std::size_t> open;  // indices into elements
  std::size_t roots = 0;
  std::size_t i = 0;
  const auto fail = [&i](const std::string& what) {
    throw std::runtime_error("not well-formed at byte " + std::to_string(i) + ": " + what);
  };
  const auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' ||
           c == '.';
  };
  if (xml.compare(0, 5, "<?xml") == 0) {
    i = xml.find("?>");
    if (i == std::string::npos) fail("unterminated prolog");
    i += 2;
  }
  while (i < xml.size()) {
    if (xml[i] != '<') {
      if (xml[i] == '&' && !entity_at(xml, i)) fail("bare &");
      if (xml[i] == '>') fail("bare >");  // legal XML, but sklite escapes it
      if (open.empty() && std::isspace(static_cast<unsigned char>(xml[i])) == 0)
        fail("text outside the root");
      if (!open.empty()) elements[open.back()].text += xml[i];
      ++i;
      continue;
    }
    if (xml.compare(i, 4, "<!--") == 0) {
      i = xml.find("-->", i);
      if (i == std::string::npos) fail("unterminated comment");
      i += 3;
      continue;
    }
    if (xml.compare(i, 2, "</") == 0) {
      std::size_t k = i + 2;
      while (k < xml.size() && is_name_char(xml[k])) ++k;
      const std::string name = xml.substr(i + 2, k - i - 2);
      if (open.empty() || elements[open.back()].name != name) fail("unmatched </" + name + ">");
      if (k >= xml.size() || xml[k] != '>') fail("bad end tag");
      open.pop_back();
      i = k + 1;
      continue;
    }
    Element element;
    std::size_t k = i + 1;
    while (k < xml.size() && is_name_char(xml[k])) ++k;
    element.name = xml.substr(i + 1, k - i - 1);
    if (element.name.empty()) fail("empty element name");
    element.depth = open.size();
    bool self_closing = false;
    for (;;) {
      const std::size_t before = k;
      while (k < xml.size() && std::isspace(static_cast<unsigned char>(xml[k])) != 0) ++k;
      if (k >= xml.size()) fail("unterminated tag");
      if (xml.compare(k, 2, "/>") == 0) {
        self_closing = true;
        k += 2;
        break;
      }
      if (xml[k] == '>') {
        ++k;
        break;
      }
      if (k == before) fail("no space before an attribute");
      const std::size_t name_start = k;
      while (k < xml.size() && is_name_char(xml[k])) ++k;
      const std::string name = xml.substr(name_start, k - name_start);
      if (name.empty() || k + 1 >= xml.size() || xml[k] != '=') fail("bad attribute");
      const char quote = xml[k + 1];
      if (quote != '"' && quote != '\'') fail("unquoted attribute");
      const std::size_t value_end = xml.find(quote, k + 2);
      if (value_end == std::string::npos) fail("unterminated attribute");
      std::string value = xml.substr(k + 2, value_end - k - 2);
      for (std::size_t v = 0; v < value.size(); ++v) {
        if (value[v] == '<') fail("< in an attribute");
        if (value[v] == '&' && !entity_at(value, v)) fail("bare & in an attribute");
      }
      if (!element.attributes.emplace(name, value).second) fail("duplicate attribute " + name);
      k = value_end + 1;
    }
    if (open.empty()) ++roots;
    elements.push_back(element);
    if (!self_closing) open.push_back(elements.size() - 1);
    i = k;
  }
  if (!open.empty()) throw std::runtime_error("unclosed <" + elements[open.back()].name + ">");
  if (roots != 1) throw std::runtime_error("expected one root element");
  return elements;
}

std::vector<Element> select(const std::vector<Element>& elements, const std::string& name) {
  std::vector<Element> out;
  for (const auto& element : elements)
    if (element.name == name) out.push_back(element);
  return out;
}

std::vector<std::string> texts(const std::vector<Element>& elements) {
  std::vector<std::string> out;
  for (const auto& element : select(elements, "text")) out.push_back(element.text);
  return out;
}

std::size_t count(const std::vector<std::string>& values, const std::string& value) {
  std::size_t n = 0;
  for (const auto& v : values)
    if (v == value) ++n;
  return n;
}

/// Checks the root element of a standalone SVG document and returns the parsed elements.
std::vector<Element> parse_svg(const std::string& svg) {
  std::vector<Element> elements = parse_xml(svg);
  REQUIRE(!elements.empty());
  const Element& root = elements.front();
  CHECK(root.name == "svg");
  CHECK(root.attributes.at("xmlns") == "http://www.w3.org/2000/svg");
  const double width = std::stod(root.attributes.at("width"));
  const double height = std::stod(root.attributes.at("height"));
  CHECK(width > 0);
  CHECK(height > 0);
  CHECK(root.attributes.at("viewBox") ==
        "0 0 " + root.attributes.at("width") + " " + root.attributes.at("height"));
  return elements;
}

/// The first `n` images of load_digits.
std::vector<Eigen::Matrix<double, 8, 8>> first_digits(std::size_t n) {
  static const auto digits = sklite::datasets::load_digits();
  return {digits.images.begin(), digits.images.begin() + static_cast<std::ptrdiff_t>(n)};
}

/// The pixel rectangles of the k-th image of a digit grid: the rects of the k-th <g>.
std::vector<Element> pixels_of(const std::vector<Element>& elements, std::size_t k) {
  std::vector<Element> out;
  std::size_t group = 0;
  bool inside = false;
  for (const auto& element : elements) {
    if (element.name == "g") {
      inside = group == k;
      ++group;
      continue;
    }
    if (inside && element.name == "rect" && element.depth == 2) out.push_back(element);
    if (inside && element.depth < 2) inside = false;
  }
  return out;
}

/// A locale whose numbers read "1.234,5", to show that the pictures ignore the global locale.
struct CommaPunct : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

}  // namespace

TEST_CASE("plot: colormap_color endpoints, stops and clipping") {
  using plot::Colormap;
  CHECK(plot::colormap_color(Colormap::gray_r, 0.0).hex() == "#ffffff");
  CHECK(plot::colormap_color(Colormap::gray_r, 1.0).hex() == "#000000");
  CHECK(plot::colormap_color(Colormap::gray_r, 0.5).hex() == "#808080");  // 127.5 rounds up
  CHECK(plot::colormap_color(Colormap::gray, 0.25).hex() == "#404040");   // 63.75 -> 64
  CHECK(plot::colormap_color(Colormap::viridis, 0.0).hex() == "#440154");
  CHECK(plot::colormap_color(Colormap::viridis, 0.5).hex() == "#21918c");
  CHECK(plot::colormap_color(Colormap::viridis, 1.0).hex() == "#fde725");
  // Halfway between the first two stops of viridis: (0x44+0x47)/2, (0x01+0x2d)/2, (0x54+0x7b)/2.
  CHECK(plot::colormap_color(Colormap::viridis, 1.0 / 16).hex() == "#461768");
  CHECK(plot::colormap_color(Colormap::blues, 0.0).hex() == "#f7fbff");
  CHECK(plot::colormap_color(Colormap::blues, 1.0).hex() == "#08306b");
  CHECK(plot::colormap_color(Colormap::gray_r, -3.0).hex() == "#ffffff");
  CHECK(plot::colormap_color(Colormap::gray_r, 7.0).hex() == "#000000");
  CHECK(plot::colormap_color(Colormap::gray_r, std::nan("")).hex() == "#ffffff");
  CHECK(plot::colormap_color(Colormap::viridis, 0.0).luminance() < 0.5);
  CHECK(plot::colormap_color(Colormap::viridis, 1.0).luminance() > 0.5);
  CHECK_THROWS_WITH_AS(plot::colormap_color(static_cast<Colormap>(42), 0.5),
                       "colormap_color: cmap expected gray_r, gray, viridis or blues; got 42",
                       std::invalid_argument);
}

TEST_CASE("plot: number formatting and XML escaping") {
  namespace d = plot::detail;
  CHECK(d::format_number(12.0) == "12");
  CHECK(d::format_number(7.5) == "7.5");
  CHECK(d::format_number(1.0 / 3) == "0.33");
  CHECK(d::format_number(-0.001) == "0");
  CHECK(d::format_number(1234567.0) == "1234567");
  CHECK(d::format_fixed(0.125, 2) == "0.12");  // round half to even on the exact binary value
  CHECK(d::format_fixed(-0.0, 0) == "0");
  CHECK(d::format_fixed(1e300, 2).find('e') != std::string::npos);  // no 300-digit number
  CHECK(d::xml_escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  CHECK(d::xml_escape("caf\xc3\xa9") == "caf\xc3\xa9");            // valid UTF-8 is kept
  CHECK(d::xml_escape("x\xff y") == "x\xef\xbf\xbd y");            // an invalid byte is replaced
  CHECK(d::xml_escape("\xc3") == "\xef\xbf\xbd");                  // a truncated sequence too
  CHECK(d::xml_escape("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");  // an overlong form too
  CHECK(d::xml_escape("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate
  CHECK(d::xml_escape(std::string("a\0b\x01\n", 5)) == "a b  ");  // control characters
}

TEST_CASE("plot: digit_grid of the first 32 digits") {
  const auto digits = sklite::datasets::load_digits();
  const auto images = first_digits(32);
  plot::DigitGridOptions options;
  options.title = "The first 32 digits";
  const std::string svg = plot::digit_grid(images, digits.target.head(32), options);
  const auto elements = parse_svg(svg);

  // One background, 64 pixels and a frame per image; one caption per image and the title.
  CHECK(select(elements, "rect").size() == 1 + 32 * 64 + 32);
  CHECK(select(elements, "g").size() == 32);
  const auto captions = texts(elements);
  REQUIRE(captions.size() == 33);
  CHECK(captions[0] == "The first 32 digits");
  for (std::size_t k = 0; k < 32; ++k)
    CHECK(captions[k + 1] ==
          "label: " + std::to_string(digits.target(static_cast<Eigen::Index>(k))));
  CHECK(select(elements, "title").at(0).text == "The first 32 digits");

  // 8 columns of 64 px boxes: 8 px pixels; pixel (r, c) at x = 8 c, y = 8 r (upright, not
  // transposed), coloured by gray_r over the data range 0..16.
  REQUIRE(images[0].minCoeff() == 0.0);
  double data_max = 0.0;
  for (const auto& image : images) data_max = std::max(data_max, image.maxCoeff());
  REQUIRE(data_max == 16.0);
  bool seen_white = false;
  bool seen_black = false;
  for (std::size_t k = 0; k < 32; ++k) {
    const auto pixels = pixels_of(elements, k);
    REQUIRE(pixels.size() == 64);
    for (Eigen::Index r = 0; r < 8; ++r)
      for (Eigen::Index c = 0; c < 8; ++c) {
        const Element& pixel = pixels[static_cast<std::size_t>(8 * r + c)];
        const double value = images[k](r, c);
        CHECK(pixel.attributes.at("x") == std::to_string(8 * c));
        CHECK(pixel.attributes.at("y") == std::to_string(8 * r));
        CHECK(pixel.attributes.at("width") == "8");
        CHECK(pixel.attributes.at("fill") ==
              plot::colormap_color(plot::Colormap::gray_r, value / 16.0).hex());
        if (value == 0.0) {
          CHECK(pixel.attributes.at("fill") == "#ffffff");
          seen_white = true;
        }
        if (value == 16.0) {
          CHECK(pixel.attributes.at("fill") == "#000000");
          seen_black = true;
        }
      }
  }
  CHECK(seen_white);
  CHECK(seen_black);
  // The first digit is a 0 whose top-left pixel is blank and whose row 0, column 5 is 1/16 black.
  CHECK(images[0](0, 0) == 0.0);
  CHECK(images[0](0, 5) == 1.0);
  CHECK(pixels_of(elements, 0)[5].attributes.at("fill") == "#efefef");  // 255 * 15 / 16 = 239.06

  // Same input, same bytes.
  CHECK(plot::digit_grid(images, digits.target.head(32), options) == svg);
}

TEST_CASE("plot: digit_grid layout of non-square images, columns and value range") {
  // A 2 x 4 image: row 0 is 0 1 2 3, row 1 is 4 5 6 7; drawn in an 80 px box: 20 px pixels.
  Eigen::MatrixXd wide(2, 4);
  wide << 0, 1, 2, 3, 4, 5, 6, 7;
  Eigen::MatrixXd tall = wide.transpose();
  plot::DigitGridOptions options;
  options.cell_size = 80;
  options.n_cols = 1;
  options.vmin = 2.0;
  options.vmax = 6.0;
  options.cmap = plot::Colormap::gray;
  const std::string svg = plot::digit_grid(std::vector<Eigen::MatrixXd>{wide, tall}, {}, options);
  const auto elements = parse_svg(svg);
  CHECK(texts(elements).empty());  // no captions, no title
  const auto first = pixels_of(elements, 0);
  REQUIRE(first.size() == 8);
  // Row 0, column 3 (value 3): x 60, y 0; row 1, column 0 (value 4): x 0, y 20.
  CHECK(first[3].attributes.at("x") == "60");
  CHECK(first[3].attributes.at("y") == "0");
  CHECK(first[4].attributes.at("x") == "0");
  CHECK(first[4].attributes.at("y") == "20");
  CHECK(first[0].attributes.at("fill") == "#000000");  // 0 is clipped to vmin: black in gray
  CHECK(first[3].attributes.at("fill") == "#404040");  // (3 - 2) / 4 of the way to white
  CHECK(first[7].attributes.at("fill") == "#ffffff");  // 7 is clipped to vmax
  const auto second = pixels_of(elements, 1);
  REQUIRE(second.size() == 8);
  CHECK(second[1].attributes.at("x") == "20");  // tall(0, 1) == 4
  CHECK(second[1].attributes.at("fill") == "#808080");
  // One column: the two image groups are stacked, the second lower than the first.
  const auto groups = select(elements, "g");
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].attributes.at("transform") != groups[1].attributes.at("transform"));
  const double width = std::stod(elements.front().attributes.at("width"));
  const double height = std::stod(elements.front().attributes.at("height"));
  CHECK(height > 2 * 80);
  CHECK(width < 2 * 80);

  // A constant picture is drawn in the first colour of the map.
  Eigen::MatrixXd flat = Eigen::MatrixXd::Constant(3, 3, 5.0);
  const auto flat_elements = parse_svg(plot::digit_grid(std::vector<Eigen::MatrixXd>{flat}, {}));
  for (const auto& pixel : pixels_of(flat_elements, 0))
    CHECK(pixel.attributes.at("fill") == "#ffffff");
}

TEST_CASE("plot: digit_grid captions are escaped and predictions marked") {
  const auto images = first_digits(4);
  const std::string svg = plot::digit_grid(images, {"a & b", "<c>", "\"d\"", "it's"});
  CHECK(svg.find("a &amp; b") != std::string::npos);
  CHECK(svg.find("&lt;c&gt;") != std::string::npos);
  CHECK(svg.find("&quot;d&quot;") != std::string::npos);
  CHECK(svg.find("it&apos;s") != std::string::npos);
  CHECK(svg.find("<c>") == std::string::npos);
  CHECK(texts(parse_svg(svg)).size() == 4);

  Eigen::VectorXi y_true(4);
  y_true << 0, 1, 2, 3;
  Eigen::VectorXd y_pred(4);
  y_pred << 0, 7, 2, 8;
  plot::DigitGridOptions options;
  options.caption_position = plot::CaptionPosition::above;
  const auto elements = parse_svg(plot::digit_grid(images, y_true, y_pred, options));
  const auto text_elements = select(elements, "text");
  REQUIRE(text_elements.size() == 4);
  CHECK(text_elements[0].text == "label: 0");
  CHECK(text_elements[1].text == "true 1 / pred 7");
  CHECK(text_elements[2].text == "label: 2");
  CHECK(text_elements[3].text == "true 3 / pred 8");
  CHECK(text_elements[0].attributes.at("fill") == "#000000");
  CHECK(text_elements[1].attributes.at("fill") == "#d62728");
  // Frames: grey for right predictions, red for wrong ones.
  std::vector<std::string> strokes;
  for (const auto& rect : select(elements, "rect"))
    if (rect.attributes.count("stroke") != 0) strokes.push_back(rect.attributes.at("stroke"));
  CHECK(strokes == std::vector<std::string>{"#b0b0b0", "#d62728", "#b0b0b0", "#d62728"});
  // Captions above: the caption's baseline is above its image's top edge.
  const auto groups = select(elements, "g");
  const std::string& transform = groups[0].attributes.at("transform");
  const double image_top = std::stod(transform.substr(transform.find(' ') + 1));
  CHECK(std::stod(text_elements[0].attributes.at("y")) < image_top);

  // Non-integral labels keep their value.
  Eigen::VectorXd odd(4);
  odd << 0.5, 1, -2, 1e20;
  const auto odd_texts = texts(parse_svg(plot::digit_grid(images, odd)));
  CHECK(odd_texts ==
        std::vector<std::string>{"label: 0.5", "label: 1", "label: -2", "label: 1e+20"});
}

TEST_CASE("plot: digit_grid draws a caption with line breaks as several lines") {
  const auto images = first_digits(2);
  const std::vector<std::string> captions = {"P(1) = 0.41\nP(8) = 0.37\ntrue 8", "one line"};
  const auto elements = parse_svg(plot::digit_grid(images, captions));
  const auto lines = select(elements, "text");
  REQUIRE(lines.size() == 4);
  CHECK(texts(elements) ==
        std::vector<std::string>{"P(1) = 0.41", "P(8) = 0.37", "true 8", "one line"});
  const auto y = [&](std::size_t k) { return std::stod(lines[k].attributes.at("y")); };
  const auto x = [&](std::size_t k) { return lines[k].attributes.at("x"); };
  // Below: the lines of a caption share their centre and go down 1.2 font sizes (14.4 px) each;
  // the first starts where a one-line caption does.
  CHECK(x(0) == x(1));
  CHECK(x(1) == x(2));
  CHECK(y(1) - y(0) == doctest::Approx(14.4).epsilon(0.001));
  CHECK(y(2) - y(1) == doctest::Approx(14.4).epsilon(0.001));
  CHECK(y(3) == y(0));

  // Columns fit the longest line, not the whole caption; rows fit the caption with most lines.
  const auto one_line = parse_svg(plot::digit_grid(images, {"P(1) = 0.41", "one line"}));
  const auto size = [](const std::vector<Element>& svg, const char* name) {
    return std::stod(svg.front().attributes.at(name));
  };
  CHECK(size(elements, "width") == size(one_line, "width"));
  CHECK(size(elements, "height") ==
        doctest::Approx(size(one_line, "height") + 2 * 14.4).epsilon(0.001));

  // Above: captions end just over their image, so the last lines of both share a baseline.
  plot::DigitGridOptions above;
  above.caption_position = plot::CaptionPosition::above;
  const auto above_elements = parse_svg(plot::digit_grid(images, captions, above));
  const auto above_lines = select(above_elements, "text");
  REQUIRE(above_lines.size() == 4);
  CHECK(above_lines[2].attributes.at("y") == above_lines[3].attributes.at("y"));
  const std::string first_image = select(above_elements, "g").at(0).attributes.at("transform");
  const double first_image_top = std::stod(first_image.substr(first_image.find(' ') + 1));
  CHECK(std::stod(above_lines[2].attributes.at("y")) < first_image_top);
  CHECK(std::stod(above_lines[0].attributes.at("y")) <
        std::stod(above_lines[1].attributes.at("y")));
}

TEST_CASE("plot: output ignores the global locale") {
  const auto images = first_digits(3);
  Eigen::Matrix3d cm;
  cm << 1234.5, 2, 3, 4, 5, 6, 7, 8, 9;
  const std::string grid = plot::digit_grid(images, {"1", "2", "3"});
  const std::string heat = plot::confusion_matrix_heatmap(cm);
  const std::locale previous =
      std::locale::global(std::locale(std::locale::classic(), new CommaPunct));
  const std::string grid_again = plot::digit_grid(images, {"1", "2", "3"});
  const std::string heat_again = plot::confusion_matrix_heatmap(cm);
  std::locale::global(previous);
  CHECK(grid_again == grid);
  CHECK(heat_again == heat);
  CHECK(heat.find("1234.50") != std::string::npos);
}

TEST_CASE("plot: digit_grid argument errors") {
  const auto images = first_digits(2);
  const std::vector<std::string> two = {"a", "b"};
  const std::vector<Eigen::Matrix<double, 8, 8>> none;
  CHECK_THROWS_WITH_AS(plot::digit_grid(none, std::vector<std::string>{}),
                       "digit_grid: images must not be empty; got 0 images", std::invalid_argument);
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, {"a"}),
                       "digit_grid: captions expected 0 or 2 entries (one per image); got 1",
                       std::invalid_argument);
  plot::DigitGridOptions options;
  options.highlight = {true, false, true};
  CHECK_THROWS_WITH_AS(
      plot::digit_grid(images, two, options),
      "digit_grid: options.highlight expected 0 or 2 entries (one per image); got 3",
      std::invalid_argument);
  options = {};
  options.n_cols = 0;
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, two, options),
                       "digit_grid: options.n_cols expected an integer >= 1; got 0",
                       std::invalid_argument);
  options = {};
  options.cell_size = 0;
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, two, options),
                       "digit_grid: options.cell_size expected a finite number > 0; got 0",
                       std::invalid_argument);
  options.cell_size = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, two, options),
                       Contains("digit_grid: options.cell_size expected a finite number > 0; got"),
                       std::invalid_argument);
  options = {};
  options.font_size = -12;
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, two, options),
                       "digit_grid: options.font_size expected a finite number > 0; got -12",
                       std::invalid_argument);
  options = {};
  options.vmin = 5.0;
  options.vmax = 5.0;
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, two, options),
                       "digit_grid: options.vmin expected a value < options.vmax (5); got 5",
                       std::invalid_argument);
  options = {};
  options.vmax = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, two, options),
                       "digit_grid: options.vmax expected a finite number; got inf",
                       std::invalid_argument);
  options = {};
  options.cmap = static_cast<plot::Colormap>(-1);
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, two, options),
                       "digit_grid: cmap expected gray_r, gray, viridis or blues; got -1",
                       std::invalid_argument);

  auto bad = images;
  bad[1](2, 3) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(plot::digit_grid(bad, two),
                       "digit_grid: images[1] must be finite; got NaN at row 2, column 3",
                       std::invalid_argument);
  const std::vector<Eigen::MatrixXd> empty_image = {Eigen::MatrixXd(0, 3)};
  CHECK_THROWS_WITH_AS(plot::digit_grid(empty_image, {"x"}),
                       "digit_grid: images[0] must not be empty; got shape (0, 3): 0 sample(s)",
                       std::invalid_argument);

  Eigen::VectorXi three(3);
  three << 1, 2, 3;
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, three),
                       "digit_grid: labels expected 2 entries (one per image); got 3",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, Eigen::MatrixXi::Zero(2, 2)),
                       "digit_grid: labels must be a vector; got shape (2, 2)",
                       std::invalid_argument);
  Eigen::VectorXd with_nan(2);
  with_nan << 1, std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, three.head(2), with_nan),
                       "digit_grid: y_pred must be finite; got NaN at index 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(plot::digit_grid(images, three, three.head(2)),
                       "digit_grid: y_true expected 2 entries (one per image); got 3",
                       std::invalid_argument);
}

TEST_CASE("plot: confusion_matrix_heatmap of a known count matrix") {
  sklite::metrics::CountMatrix cm(3, 3);
  cm << 5, 0, 1, 2, 7, 0, 0, 3, 9;
  const std::string svg = plot::confusion_matrix_heatmap(cm);
  const auto elements = parse_svg(svg);

  // Background, 9 cells, the frame of the matrix, the colour bar.
  const auto rects = select(elements, "rect");
  REQUIRE(rects.size() == 1 + 9 + 1 + 1);
  // Cells row by row: colour by value over 0..9 on viridis.
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j)
      CHECK(
          rects[static_cast<std::size_t>(1 + 3 * i + j)].attributes.at("fill") ==
          plot::colormap_color(plot::Colormap::viridis, static_cast<double>(cm(i, j)) / 9.0).hex());
  CHECK(rects[1 + 8].attributes.at("fill") == "#fde725");  // the 9: top of viridis
  CHECK(rects[1 + 1].attributes.at("fill") == "#440154");  // a 0: bottom of viridis
  // Cells are squares of cell_size px, the column index along x, the row index along y.
  CHECK(rects[1].attributes.at("width") == "48");
  CHECK(std::stod(rects[2].attributes.at("x")) - std::stod(rects[1].attributes.at("x")) == 48.0);
  CHECK(rects[2].attributes.at("y") == rects[1].attributes.at("y"));
  CHECK(std::stod(rects[4].attributes.at("y")) - std::stod(rects[1].attributes.at("y")) == 48.0);

  const auto text_elements = select(elements, "text");
  const auto all = texts(elements);
  CHECK(all.front() == "Confusion matrix");
  // The counts, row by row, right after the title; dark text on the light 9, white on dark cells.
  const std::vector<std::string> counts = {"5", "0", "1", "2", "7", "0", "0", "3", "9"};
  REQUIRE(all.size() > 10);
  CHECK(std::vector<std::string>(all.begin() + 1, all.begin() + 10) == counts);
  CHECK(text_elements[9].attributes.at("fill") == "#000000");  // 9 on yellow
  CHECK(text_elements[5].attributes.at("fill") == "#000000");  // 7 on green-yellow
  CHECK(text_elements[2].attributes.at("fill") == "#ffffff");  // 0 on dark purple
  CHECK(text_elements[1].attributes.at("fill") == "#ffffff");  // 5 on teal-blue
  // Each count centred in its cell.
  CHECK(std::stod(text_elements[1].attributes.at("x")) ==
        std::stod(rects[1].attributes.at("x")) + 24);
  // Axis labels and class names (twice each: rows and columns), colour bar values 0, 2, ..., 8.
  CHECK(count(all, "Predicted label") == 1);
  CHECK(count(all, "True label") == 1);
  for (const char* label : {"1", "2"}) CHECK(count(all, label) >= 2);
  const std::vector<std::string> bar(all.end() - 5, all.end());
  CHECK(bar == std::vector<std::string>{"0", "2", "4", "6", "8"});
  // The y label reads upwards along the left side.
  for (const auto& text : text_elements)
    if (text.text == "True label") CHECK(text.attributes.at("transform").find("rotate(-90 ") == 0);
  // The colour bar: a gradient through the 9 stops of viridis, smallest value at the bottom.
  const auto stops = select(elements, "stop");
  REQUIRE(stops.size() == 9);
  CHECK(stops.front().attributes.at("stop-color") == "#440154");
  CHECK(stops.back().attributes.at("stop-color") == "#fde725");
  const auto gradient = select(elements, "linearGradient").at(0);
  CHECK(gradient.attributes.at("y1") == "1");
  CHECK(gradient.attributes.at("y2") == "0");
  CHECK(rects.back().attributes.at("fill") == "url(#" + gradient.attributes.at("id") + ")");

  CHECK(plot::confusion_matrix_heatmap(cm) == svg);
}

TEST_CASE("plot: confusion_matrix_heatmap options, labels and floating values") {
  Eigen::Matrix2d rates;
  rates << 0.75, 0.25, 0.125, 0.875;
  plot::ConfusionMatrixHeatmapOptions options;
  options.title = "Rates <normalized>";
  options.display_labels = {"cat & dog", "bird"};
  options.cmap = plot::Colormap::blues;
  options.colorbar = false;
  options.xlabel = "";
  auto elements = parse_svg(plot::confusion_matrix_heatmap(rates, options));
  auto all = texts(elements);
  CHECK(all.front() == "Rates &lt;normalized&gt;");
  CHECK(std::vector<std::string>(all.begin() + 1, all.begin() + 5) ==
        std::vector<std::string>{"0.75", "0.25", "0.12", "0.88"});
  CHECK(count(all, "cat &amp; dog") == 2);
  CHECK(count(all, "bird") == 2);
  CHECK(count(all, "Predicted label") == 0);
  CHECK(count(all, "True label") == 1);
  CHECK(select(elements, "stop").empty());
  CHECK(select(elements, "rect").size() == 1 + 4 + 1);
  const auto text_elements = select(elements, "text");
  // 0.75 sits 5/6 of the way from the smallest to the largest value: a dark blue.
  const plot::Rgb dark = plot::colormap_color(plot::Colormap::blues, (0.75 - 0.125) / 0.75);
  CHECK(dark.luminance() < 0.5);
  CHECK(text_elements[1].attributes.at("fill") == "#ffffff");
  CHECK(text_elements[3].attributes.at("fill") == "#000000");  // 0.125: near white
  CHECK(text_elements[4].attributes.at("fill") == "#ffffff");  // 0.875: dark blue
  // "cat & dog" is wider than a 48 px cell: the x tick labels turn vertical.
  std::size_t rotated = 0;
  for (const auto& text : text_elements)
    if (text.attributes.count("transform") != 0) ++rotated;
  CHECK(rotated == 1 + 2);  // the y axis label and the two x tick labels

  options.decimals = 1;
  all = texts(parse_svg(plot::confusion_matrix_heatmap(rates, options)));
  CHECK(std::vector<std::string>(all.begin() + 1, all.begin() + 5) ==
        std::vector<std::string>{"0.8", "0.2", "0.1", "0.9"});

  // Integral floating values print as integers; a constant matrix has one colour and one tick.
  Eigen::MatrixXf constant = Eigen::MatrixXf::Constant(2, 2, 3.0f);
  elements = parse_svg(plot::confusion_matrix_heatmap(constant));
  all = texts(elements);
  CHECK(std::vector<std::string>(all.begin() + 1, all.begin() + 5) ==
        std::vector<std::string>{"3", "3", "3", "3"});
  CHECK(all.back() == "3");
  CHECK(select(elements, "rect").back().attributes.at("fill") == "#440154");

  // A block of a larger matrix works without a copy; tick values of a wider range.
  Eigen::MatrixXi big(3, 3);
  big << 100, 0, 0, 0, 37, 0, 0, 0, 0;
  all = texts(parse_svg(plot::confusion_matrix_heatmap(big.topLeftCorner(2, 2))));
  CHECK(std::vector<std::string>(all.end() - 6, all.end()) ==
        std::vector<std::string>{"0", "20", "40", "60", "80", "100"});
}

TEST_CASE("plot: confusion_matrix_heatmap argument errors") {
  plot::ConfusionMatrixHeatmapOptions options;
  CHECK_THROWS_WITH_AS(
      plot::confusion_matrix_heatmap(Eigen::MatrixXi(0, 0)),
      "confusion_matrix_heatmap: cm must not be empty; got shape (0, 0): 0 sample(s)",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(plot::confusion_matrix_heatmap(Eigen::MatrixXi::Zero(2, 3)),
                       "confusion_matrix_heatmap: cm expected a square matrix; got shape (2, 3)",
                       std::invalid_argument);
  Eigen::Matrix2d inf = Eigen::Matrix2d::Zero();
  inf(1, 0) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(
      plot::confusion_matrix_heatmap(inf),
      "confusion_matrix_heatmap: cm must be finite; got infinity at row 1, column 0",
      std::invalid_argument);
  options.display_labels = {"a", "b", "c"};
  CHECK_THROWS_WITH_AS(plot::confusion_matrix_heatmap(Eigen::Matrix2i::Zero(), options),
                       "confusion_matrix_heatmap: options.display_labels expected 0 or 2 names "
                       "(one per class); got 3",
                       std::invalid_argument);
  options = {};
  options.cell_size = -1;
  CHECK_THROWS_WITH_AS(
      plot::confusion_matrix_heatmap(Eigen::Matrix2i::Zero(), options),
      "confusion_matrix_heatmap: options.cell_size expected a finite number > 0; got -1",
      std::invalid_argument);
  options = {};
  options.font_size = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(
      plot::confusion_matrix_heatmap(Eigen::Matrix2i::Zero(), options),
      "confusion_matrix_heatmap: options.font_size expected a finite number > 0; got inf",
      std::invalid_argument);
  options = {};
  options.decimals = 11;
  CHECK_THROWS_WITH_AS(
      plot::confusion_matrix_heatmap(Eigen::Matrix2i::Zero(), options),
      "confusion_matrix_heatmap: options.decimals expected an integer in [-1, 10]; got 11",
      std::invalid_argument);
  options = {};
  options.cmap = static_cast<plot::Colormap>(9);
  CHECK_THROWS_WITH_AS(
      plot::confusion_matrix_heatmap(Eigen::Matrix2i::Zero(), options),
      "confusion_matrix_heatmap: cmap expected gray_r, gray, viridis or blues; got 9",
      std::invalid_argument);
}

TEST_CASE("plot: save_svg writes atomically") {
  TempDir dir("plot");
  const std::string path = dir.file("picture.svg");
  const std::string svg = plot::confusion_matrix_heatmap(Eigen::Matrix2i::Identity());
  {
    std::ofstream old(path, std::ios::binary);
    old << std::string(100000, 'x');  // longer than the picture: no old bytes may remain
  }
  plot::save_svg(path, svg);
  CHECK(read_bytes(path) == svg);

  // A missing folder: FileError naming the path.
  const std::string missing = dir.file("no/such/folder/picture.svg");
  const std::string missing_message = "save_svg: " + missing + ": cannot create a temporary file";
  CHECK_THROWS_WITH_AS(plot::save_svg(missing, svg), Contains(missing_message.c_str()),
                       sklite::FileError);
  try {
    plot::save_svg(missing, svg);
  } catch (const sklite::FileError& error) {
    CHECK(error.path() == missing);
  }
  CHECK(!fs::exists(missing));

  // The target is a folder: the rename fails, the folder and its file stay as they were and no
  // temporary file is left behind.
  const std::string folder = dir.file("taken");
  fs::create_directories(folder);
  {
    std::ofstream inside(folder + "/keep.txt", std::ios::binary);
    inside << "keep";
  }
  const std::string folder_message = "save_svg: " + folder + ": ";
  CHECK_THROWS_WITH_AS(plot::save_svg(folder, svg), Contains(folder_message.c_str()),
                       sklite::FileError);
  CHECK(fs::is_directory(folder));
  CHECK(read_bytes(folder + "/keep.txt") == "keep");
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    ++entries;
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
  }
  CHECK(entries == 2);  // picture.svg and taken/
  CHECK(read_bytes(path) == svg);

  CHECK_THROWS_WITH_AS(plot::save_svg("", svg),
                       "save_svg: path expected a file name; got an empty string",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(plot::save_svg(path, ""),
                       "save_svg: svg expected the text of a picture; got an empty string",
                       std::invalid_argument);
  CHECK(read_bytes(path) == svg);  // refused arguments leave the file alone
}

TEST_CASE("plot: the checker used by these tests rejects malformed XML") {
  CHECK_NOTHROW(parse_xml("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; u</a>\n"));
  CHECK_THROWS_AS(parse_xml("<a><b></a></b>"), std::runtime_error);
  CHECK_THROWS_AS(parse_xml("<a>x & y</a>"), std::runtime_error);
  CHECK_THROWS_AS(parse_xml("<a x=\"1\" x=\"2\"/>"), std::runtime_error);
  CHECK_THROWS_AS(parse_xml("<a x=1/>"), std::runtime_error);
  CHECK_THROWS_AS(parse_xml("<a>"), std::runtime_error);
  CHECK_THROWS_AS(parse_xml("<a/><b/>"), std::runtime_error);
  CHECK_THROWS_AS(parse_xml("<a y=\"<\"/>"), std::runtime_error);
}

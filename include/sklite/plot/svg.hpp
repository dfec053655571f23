// sklite: the small SVG writer behind sklite::plot (number formatting that ignores the locale, XML
// escaping, a builder for the few elements the pictures need) and save_svg.
#ifndef SKLITE_PLOT_SVG_HPP
#define SKLITE_PLOT_SVG_HPP

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "sklite/detail/file_io.hpp"
#include "sklite/detail/validation.hpp"

namespace sklite::plot {

namespace detail {

/// `value` with exactly `decimals` digits after the point ("C" formatting whatever the locale:
/// std::to_chars never looks at it). Negative zero is written "0".
inline std::string format_fixed(double value, int decimals) {
  char buffer[128];
  auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (result.ec != std::errc())  // too long in fixed notation: shortest round-trip form instead
    result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string out(buffer, result.ptr);
  if (!out.empty() && out[0] == '-' && out.find_first_not_of("-0.") == std::string::npos)
    out.erase(0, 1);
  return out;
}

/// A coordinate or length: at most two decimals, trailing zeros dropped ("12", "7.5", "0.33").
inline std::string format_number(double value) {
  std::string out = format_fixed(value, 2);
  if (out.find('.') != std::string::npos && out.find('e') == std::string::npos) {
    out.erase(out.find_last_not_of('0') + 1);
    if (out.back() == '.') out.pop_back();
  }
  return out;
}

/// The byte length of the valid UTF-8 sequence that starts text[i], or 0 when it is not valid
/// (stray continuation byte, overlong form, surrogate, above U+10FFFF, truncated, or one of the
/// non-characters U+FFFE and U+FFFF that XML forbids).
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80;  // bounds of the second byte, which rule out overlong forms etc.
  unsigned char high = 0xbf;
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  if (lead == 0xef && byte(i + 1) == 0xbf && byte(i + 2) >= 0xbe) return 0;
  return length;
}

/// Text made safe for XML content and attribute values: &, <, >, " and ' become entities, control
/// characters a space, and invalid UTF-8 the replacement character U+FFFD.
inline std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xef\xbf\xbd";
      ++i;
      continue;
    }
    if (length > 1) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters; a tab or newline would only collapse anyway.
        out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
    ++i;
  }
  return out;
}

/// The advance width in em of an ASCII character, rounded up from DejaVu Sans (the widest of
/// the fonts the pictures ask for, so the estimate errs on the wide side for Arial and Helvetica).
inline double char_width(char c) {
  const std::string_view narrow = "iIjl.,:;!|'`";
  const std::string_view slim = "frt()[]{}/\\-\"";
  const std::string_view wide = "mwMW%@";
  const std::string_view symbols = "<>=+~#&";
  if (c == ' ') return 0.32;
  if (narrow.find(c) != std::string_view::npos) return 0.30;
  if (slim.find(c) != std::string_view::npos) return 0.42;
  if (wide.find(c) != std::string_view::npos) return 1.0;
  if (symbols.find(c) != std::string_view::npos) return 0.84;
  if (c >= 'A' && c <= 'Z') return 0.78;
  if (c >= 'a' && c <= 'z') return 0.63;
  return 0.65;  // digits (0.636 em) and the rest
}

/// An estimate of the width in px of `text` drawn at `font_size`, for layout (there is no font
/// engine here). A character outside ASCII counts 1 em, as wide as a CJK ideograph; bold text is
/// about 12% wider.
inline double text_width(std::string_view text, double font_size, bool bold = false) {
  double em = 0.0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80)
      em += char_width(c);
    else if ((byte & 0xc0) != 0x80)  // the first byte of a multi-byte character
      em += 1.0;
  }
  return em * font_size * (bold ? 1.12 : 1.0);
}

/// Builds an SVG document element by element. Lengths are formatted by format_number and all
/// text goes through xml_escape, so callers pass plain values.
class SvgBuilder {
 public:
  /// Starts a document of the given size (in px) with a white background and a <title>.
  SvgBuilder(double width, double height, std::string_view title) {
    const std::string w = format_number(width);
    const std::string h = format_number(height);
    out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
            "\" viewBox=\"0 0 " + w + " " + h +
            "\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n";
    if (!title.empty()) out_ += "<title>" + xml_escape(title) + "</title>\n";
    out_ += "<rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n";
  }

  /// A filled rectangle; `extra` holds further attributes, already formatted.
  void rect(double x, double y, double width, double height, std::string_view fill,
            std::string_view extra = {}) {
    out_ += "<rect x=\"" + format_number(x) + "\" y=\"" + format_number(y) + "\" width=\"" +
            format_number(width) + "\" height=\"" + format_number(height) + "\" fill=\"";
    out_ += fill;
    out_ += '"';
    attributes(extra);
  }

  /// A straight line.
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width) {
    out_ += "<line x1=\"" + format_number(x1) + "\" y1=\"" + format_number(y1) + "\" x2=\"" +
            format_number(x2) + "\" y2=\"" + format_number(y2) + "\" stroke=\"";
    out_ += stroke;
    out_ += "\" stroke-width=\"" + format_number(width) + "\"/>\n";
  }

  /// A text whose baseline starts, is centred or ends (anchor "start", "middle", "end") at (x, y);
  /// `rotate` turns it by that many degrees about (x, y) (negative: counter-clockwise).
  void text(double x, double y, std::string_view content, double font_size, std::string_view anchor,
            std::string_view fill, double rotate = 0.0, std::string_view extra = {}) {
    const std::string sx = format_number(x);
    const std::string sy = format_number(y);
    out_ += "<text x=\"" + sx + "\" y=\"" + sy + "\" font-size=\"" + format_number(font_size) +
            "\" text-anchor=\"";
    out_ += anchor;
    out_ += "\" fill=\"";
    out_ += fill;
    out_ += '"';
    if (rotate != 0.0)
      out_ += " transform=\"rotate(" + format_number(rotate) + " " + sx + " " + sy + ")\"";
    if (!extra.empty()) {
      out_ += ' ';
      out_ += extra;
    }
    out_ += '>' + xml_escape(content) + "</text>\n";
  }

  /// Opens a <g> element with the given attributes, already formatted.
  void open_group(std::string_view attributes_text) {
    out_ += "<g ";
    out_ += attributes_text;
    out_ += ">\n";
  }

  /// Closes the last <g>.
  void close_group() { out_ += "</g>\n"; }

  /// Appends markup as it is (for the few elements without a helper, e.g. <defs>).
  void raw(std::string_view markup) { out_ += markup; }

  /// The finished document.
  std::string finish() const { return out_ + "</svg>\n"; }

 private:
  void attributes(std::string_view extra) {
    if (!extra.empty()) {
      out_ += ' ';
      out_ += extra;
    }
    out_ += "/>\n";
  }

  std::string out_;
};

/// Requires a finite, strictly positive size option.
inline void check_positive(std::string_view function, std::string_view name, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    sklite::detail::throw_invalid(function, name, " expected a finite number > 0; got ", value);
}

}  // namespace detail

/// @brief Writes an SVG picture (or any text) to `path` atomically.
///
/// The text goes to a temporary file in the same folder, which replaces `path` only once it is
/// completely written, so a failure never leaves a truncated picture and never damages an existing
/// file.
/// @param path the file to write (created or replaced).
/// @param svg the document, e.g. from digit_grid or confusion_matrix_heatmap.
/// @throws std::invalid_argument when path or svg is empty.
/// @throws sklite::FileError naming `path` when the file cannot be written (missing folder, no
///         permission, disk full).
/// @code
/// sklite::plot::save_svg("digits.svg", sklite::plot::digit_grid(images, labels));
/// @endcode
inline void save_svg(const std::string& path, std::string_view svg) {
  constexpr std::string_view kFunction = "save_svg";
  if (path.empty())
    sklite::detail::throw_invalid(kFunction, "path expected a file name; got an empty string");
  if (svg.empty())
    sklite::detail::throw_invalid(kFunction,
                                  "svg expected the text of a picture; got an empty string");
  sklite::detail::AtomicFileWriter writer(kFunction, path);
  writer.write(svg);
  writer.commit();
}

}  // namespace sklite::plot

#endif  // SKLITE_PLOT_SVG_HPP

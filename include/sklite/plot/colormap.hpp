// sklite: the colormaps of sklite::plot: a few fixed colour stops per map, interpolated linearly,
// so that pictures need no plotting library.
#ifndef SKLITE_PLOT_COLORMAP_HPP
#define SKLITE_PLOT_COLORMAP_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sklite/detail/validation.hpp"

namespace sklite::plot {

/// @brief The colormaps known to sklite::plot, named as in matplotlib.
///
/// - `gray_r`: 0 white, 1 black (the digits tutorial of scikit-learn draws with it);
/// - `gray`: 0 black, 1 white;
/// - `viridis`: matplotlib's perceptually uniform default (purple to yellow), nine stops;
/// - `blues`: ColorBrewer's sequential Blues (near white to dark blue), nine stops.
enum class Colormap { gray_r, gray, viridis, blues };

/// @brief An sRGB colour with 8-bit channels.
struct Rgb {
  std::uint8_t r = 0;  ///< red
  std::uint8_t g = 0;  ///< green
  std::uint8_t b = 0;  ///< blue

  /// @brief The colour as SVG writes it: "#rrggbb" in lower case.
  std::string hex() const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out = "#";
    for (const std::uint8_t channel : {r, g, b}) {
      out += digits[channel >> 4];
      out += digits[channel & 0xf];
    }
    return out;
  }

  /// @brief Perceived brightness in [0, 1] (ITU-R BT.601 weights): decides the text colour on a
  /// cell, black on light colours and white on dark ones.
  double luminance() const { return (0.299 * r + 0.587 * g + 0.114 * b) / 255.0; }
};

/// @brief Equality of two colours, channel by channel.
inline bool operator==(const Rgb& a, const Rgb& b) {
  return a.r == b.r && a.g == b.g && a.b == b.b;
}

/// @brief Inequality of two colours.
inline bool operator!=(const Rgb& a, const Rgb& b) { return !(a == b); }

namespace detail {

/// The equally spaced stops of a colormap, from value 0 to value 1.
inline std::vector<Rgb> colormap_stops(Colormap cmap) {
  switch (cmap) {
    case Colormap::gray_r:
      return {{255, 255, 255}, {0, 0, 0}};
    case Colormap::gray:
      return {{0, 0, 0}, {255, 255, 255}};
    case Colormap::viridis:
      // matplotlib's viridis sampled at 0, 1/8, ..., 1.
      return {{0x44, 0x01, 0x54}, {0x47, 0x2d, 0x7b}, {0x3b, 0x52, 0x8b},
              {0x2c, 0x72, 0x8e}, {0x21, 0x91, 0x8c}, {0x28, 0xae, 0x80},
              {0x5e, 0xc9, 0x62}, {0xad, 0xdc, 0x30}, {0xfd, 0xe7, 0x25}};
    case Colormap::blues:
      // ColorBrewer's 9-class Blues.
      return {{0xf7, 0xfb, 0xff}, {0xde, 0xeb, 0xf7}, {0xc6, 0xdb, 0xef},
              {0x9e, 0xca, 0xe1}, {0x6b, 0xae, 0xd6}, {0x42, 0x92, 0xc6},
              {0x21, 0x71, 0xb5}, {0x08, 0x51, 0x9c}, {0x08, 0x30, 0x6b}};
  }
  return {};
}

/// Throws unless `cmap` is one of the enumerators (a value cast from an integer may not be).
inline void check_colormap(std::string_view function, Colormap cmap) {
  if (cmap != Colormap::gray_r && cmap != Colormap::gray && cmap != Colormap::viridis &&
      cmap != Colormap::blues)
    sklite::detail::throw_invalid(function, "cmap expected gray_r, gray, viridis or blues; got ",
                                  static_cast<int>(cmap));
}

/// The name of a colormap, used in SVG ids.
inline const char* colormap_name(Colormap cmap) {
  switch (cmap) {
    case Colormap::gray_r:
      return "gray_r";
    case Colormap::gray:
      return "gray";
    case Colormap::viridis:
      return "viridis";
    case Colormap::blues:
      return "blues";
  }
  return "unknown";
}

}  // namespace detail

/// @brief The colour of `cmap` at position `t` in [0, 1], interpolated linearly between stops.
///
/// Values below 0 or above 1 are clipped; NaN gives the colour at 0.
/// @param cmap the colormap.
/// @param t the position in the map: 0 is the colour of the smallest value, 1 of the largest.
/// @return the colour, each channel rounded to the nearest integer.
/// @throws std::invalid_argument when cmap is not one of the Colormap enumerators.
/// @code
/// sklite::plot::colormap_color(sklite::plot::Colormap::gray_r, 1.0).hex();  // "#000000"
/// @endcode
inline Rgb colormap_color(Colormap cmap, double t) {
  detail::check_colormap("colormap_color", cmap);
  const std::vector<Rgb> stops = detail::colormap_stops(cmap);
  if (!(t > 0.0)) return stops.front();  // also catches NaN
  if (t >= 1.0) return stops.back();
  const double position = t * static_cast<double>(stops.size() - 1);
  const auto lower = static_cast<std::size_t>(position);
  const double fraction = position - static_cast<double>(lower);
  const Rgb& a = stops[lower];
  const Rgb& b = stops[lower + 1];
  const auto mix = [fraction](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + fraction * (y - x)));
  };
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

}  // namespace sklite::plot

#endif  // SKLITE_PLOT_COLORMAP_HPP

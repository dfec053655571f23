// sklite: library version.
#ifndef SKLITE_VERSION_HPP
#define SKLITE_VERSION_HPP

#define SKLITE_VERSION_MAJOR 0
#define SKLITE_VERSION_MINOR 1
#define SKLITE_VERSION_PATCH 0
#define SKLITE_VERSION_STRING "0.1.0"

namespace sklite {
/// The library version as "major.minor.patch".
inline constexpr const char* version = SKLITE_VERSION_STRING;
}  // namespace sklite

#endif  // SKLITE_VERSION_HPP

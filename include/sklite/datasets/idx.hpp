// sklite: load_idx, a reader for the IDX binary format of MNIST and Fashion-MNIST, plain or
// gzipped.
#ifndef SKLITE_DATASETS_IDX_HPP
#define SKLITE_DATASETS_IDX_HPP

#include <zlib.h>

#include <Eigen/Core>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sklite/datasets/detail/io.hpp"
#include "sklite/errors.hpp"

namespace sklite::datasets {

/// @brief Passed as `max_items` to load_idx to read every item of the file.
inline constexpr std::size_t idx_all_items = std::numeric_limits<std::size_t>::max();

/// @brief The content of an IDX file as returned by load_idx.
/// @tparam Scalar the element type of `data` (float halves the memory of 60,000 x 784 images).
template <typename Scalar = double>
struct IdxData {
  /// The dimensions of what was read: shape[0] is the number of items loaded (at most
  /// `max_items`), the others come from the file's header.
  std::vector<std::size_t> shape;
  /// One row per item, the item's elements flattened in the file's (row-major) order; a 1-D
  /// file gives one column.
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> data;
  /// The file's element type code: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float,
  /// 0x0E double.
  int type_code = 0;
};

namespace detail {

/// The size in bytes of an IDX element type, or 0 for an unknown code.
inline std::size_t idx_element_size(int type_code) {
  switch (type_code) {
    case 0x08:
    case 0x09:
      return 1;
    case 0x0B:
      return 2;
    case 0x0C:
    case 0x0D:
      return 4;
    case 0x0E:
      return 8;
    default:
      return 0;
  }
}

/// Reads big-endian unsigned bytes into an integer.
inline std::uint64_t idx_big_endian(const unsigned char* bytes, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value = (value << 8) | bytes[i];
  return value;
}

/// Decodes one big-endian element of the given type.
inline double idx_decode(const unsigned char* bytes, int type_code) {
  switch (type_code) {
    case 0x08:
      return bytes[0];
    case 0x09:
      return static_cast<std::int8_t>(bytes[0]);
    case 0x0B:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(idx_big_endian(bytes, 2)));
    case 0x0C:
      return static_cast<std::int32_t>(static_cast<std::uint32_t>(idx_big_endian(bytes, 4)));
    case 0x0D: {
      const auto bits = static_cast<std::uint32_t>(idx_big_endian(bytes, 4));
      float value;
      std::memcpy(&value, &bits, sizeof value);
      return static_cast<double>(value);
    }
    default: {
      const std::uint64_t bits = idx_big_endian(bytes, 8);
      double value;
      std::memcpy(&value, &bits, sizeof value);
      return value;
    }
  }
}

/// A gzFile that closes itself. zlib reads plain files unchanged ("transparent" mode) and
/// decompresses when the file starts with gzip's magic bytes 1f 8b.
class GzReader {
 public:
  GzReader(std::string_view function, const std::string& path) : function_(function), path_(path) {
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr)
      throw_file_error(function_, path_, 0,
                       "cannot open the file: ", errno_text(errno != 0 ? errno : ENOENT));
    gzbuffer(file_, 1u << 18);
  }
  GzReader(const GzReader&) = delete;
  GzReader& operator=(const GzReader&) = delete;
  ~GzReader() { gzclose(file_); }

  /// Appends up to `count` bytes to `out`; returns how many were read (fewer only at the end).
  std::size_t read(std::vector<unsigned char>& out, std::size_t count) {
    std::size_t total = 0;
    while (total < count) {
      constexpr std::size_t chunk_limit = std::size_t{1} << 24;
      const std::size_t chunk = std::min(count - total, chunk_limit);
      const std::size_t old_size = out.size();
      out.resize(old_size + chunk);
      const int got = gzread(file_, out.data() + old_size, static_cast<unsigned>(chunk));
      if (got < 0) {
        int code = 0;
        const char* message = gzerror(file_, &code);
        throw_file_error(function_, path_, 0, "read error: ",
                         code == Z_ERRNO ? errno_text(errno) : std::string(message));
      }
      out.resize(old_size + static_cast<std::size_t>(got));
      total += static_cast<std::size_t>(got);
      if (static_cast<std::size_t>(got) < chunk) break;
    }
    return total;
  }

 private:
  std::string_view function_;
  const std::string& path_;
  gzFile file_ = nullptr;
};

}  // namespace detail

/// @brief Loads an IDX file (the format of MNIST and Fashion-MNIST), gzipped or not.
///
/// The header is two zero bytes, a type code, the number of dimensions, then each dimension as a
/// big-endian 32-bit integer; the elements follow, big-endian, in row-major order. All six IDX
/// types are read (ubyte, byte, short, int, float, double). A gzipped file is recognised by its
/// magic bytes (1f 8b), not by its name. Only the bytes of the items asked for are read.
/// @tparam Scalar the element type of the returned matrix (double or float, say).
/// @param path the file to read.
/// @param max_items read at most this many items (rows); idx_all_items (the default) reads all.
/// @return the shape read and the data as a matrix of shape[0] rows and the product of the other
///         dimensions as columns (one column for a 1-D file).
/// @throws sklite::FileError ("load_idx: path: ...") when the file is missing or unreadable, the
///         magic number is wrong, the type code is unknown, the number of dimensions is 0, the
///         header or the data is shorter than announced (with the expected and actual sizes), or
///         an integer Scalar cannot hold an element (a fraction, NaN, or a value out of its range).
/// @code
/// auto images = sklite::datasets::load_idx<float>("train-images-idx3-ubyte.gz");
/// // images.shape == {60000, 28, 28}; images.data is 60000 x 784
/// auto labels = sklite::datasets::load_idx("train-labels-idx1-ubyte.gz");  // 60000 x 1
/// @endcode
template <typename Scalar = double>
IdxData<Scalar> load_idx(const std::string& path, std::size_t max_items = idx_all_items) {
  static_assert(std::is_arithmetic_v<Scalar>, "load_idx: Scalar must be an arithmetic type");
  constexpr std::string_view function = "load_idx";
  detail::GzReader reader(function, path);
  std::vector<unsigned char> bytes;
  std::size_t got = reader.read(bytes, 4);
  if (got < 4)
    detail::throw_file_error(function, path, 0, "truncated header: expected 4 bytes; got ", got);
  if (bytes[0] != 0 || bytes[1] != 0) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string magic = "0x";
    for (int i = 0; i < 4; ++i) {
      magic += hex[bytes[static_cast<std::size_t>(i)] >> 4];
      magic += hex[bytes[static_cast<std::size_t>(i)] & 0xf];
    }
    detail::throw_file_error(function, path, 0, "wrong magic number ", magic,
                             "; an IDX file starts with two zero bytes");
  }
  const int type_code = bytes[2];
  const std::size_t element_size = detail::idx_element_size(type_code);
  if (element_size == 0)
    detail::throw_file_error(function, path, 0, "unknown IDX type code ", type_code,
                             "; expected 8, 9, 11, 12, 13 or 14");
  const std::size_t rank = bytes[3];
  if (rank == 0)
    detail::throw_file_error(function, path, 0, "the header has 0 dimensions; expected 1 or more");

  bytes.clear();
  got = reader.read(bytes, 4 * rank);
  if (got < 4 * rank)
    detail::throw_file_error(function, path, 0, "truncated header: expected ", 4 * rank,
                             " bytes of dimensions; got ", got);
  IdxData<Scalar> result;
  result.type_code = type_code;
  result.shape.resize(rank);
  for (std::size_t d = 0; d < rank; ++d)
    result.shape[d] = static_cast<std::size_t>(detail::idx_big_endian(bytes.data() + 4 * d, 4));
  const std::size_t n_items = std::min(result.shape[0], max_items);
  result.shape[0] = n_items;

  // Sizes come from an untrusted header: check for overflow; memory grows only as bytes arrive.
  const auto max_index = static_cast<std::size_t>(std::numeric_limits<Eigen::Index>::max());
  std::size_t item_size = 1;
  for (std::size_t d = 1; d < rank; ++d) {
    if (result.shape[d] != 0 && item_size > max_index / result.shape[d])
      detail::throw_file_error(function, path, 0, "the dimensions in the header are too large");
    item_size *= result.shape[d];
  }
  if ((item_size != 0 && n_items > max_index / item_size) ||
      n_items * item_size > max_index / element_size)
    detail::throw_file_error(function, path, 0, "the dimensions in the header are too large");
  const std::size_t data_bytes = n_items * item_size * element_size;

  bytes.clear();
  bytes.reserve(std::min(data_bytes, std::size_t{1} << 26));
  got = reader.read(bytes, data_bytes);
  if (got < data_bytes)
    detail::throw_file_error(function, path, 0, "truncated data: expected ", data_bytes,
                             " bytes for ", n_items, " items; got ", got);

  result.data.resize(static_cast<Eigen::Index>(n_items), static_cast<Eigen::Index>(item_size));
  const unsigned char* source = bytes.data();
  // (Items of no element hold nothing to decode, however many the header announces.)
  for (std::size_t i = 0; i < n_items && item_size > 0; ++i)
    for (std::size_t j = 0; j < item_size; ++j, source += element_size) {
      const double value = detail::idx_decode(source, type_code);
      if constexpr (std::is_integral_v<Scalar>) {
        // An integer Scalar holds only the integers of its range (a float file may hold more).
        const double upper = std::ldexp(1.0, std::numeric_limits<Scalar>::digits);
        if (!(value >= static_cast<double>(std::numeric_limits<Scalar>::lowest()) &&
              value < upper && value == std::floor(value)))
          detail::throw_file_error(function, path, 0, "element ", j, " of item ", i, " is ", value,
                                   ", which the requested integer type cannot hold");
      }
      result.data(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          static_cast<Scalar>(value);
    }
  return result;
}

}  // namespace sklite::datasets

#endif  // SKLITE_DATASETS_IDX_HPP

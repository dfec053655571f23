// sklite: a re-implementation of the parts of numpy's legacy `RandomState` that scikit-learn's
// splitters use, so that sklite draws the very same numbers as scikit-learn for a given seed.
//
// Everything here is specified down to the bit (no std::uniform_int_distribution, whose output is
// implementation-defined), so results agree on every platform and compiler.
#ifndef SKLITE_DETAIL_NUMPY_RANDOM_HPP
#define SKLITE_DETAIL_NUMPY_RANDOM_HPP

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace sklite::detail {

/// @brief The 32-bit Mersenne Twister (Matsumoto & Nishimura 1998), seeded as numpy's legacy
/// `RandomState(seed)` seeds it for an integer seed (Knuth's linear initialisation of the state).
///
/// The output stream equals `numpy.random.RandomState(seed)._bit_generator.random_raw()` and also
/// `std::mt19937(seed)`.
class Mt19937 {
 public:
  /// @brief Seeds the generator as numpy's `RandomState(seed)` does.
  /// @param seed any 32-bit value (numpy accepts exactly the range 0 .. 2^32 - 1).
  explicit Mt19937(std::uint32_t seed) noexcept {
    state_[0] = seed;
    for (std::size_t i = 1; i < kStateSize; ++i) {
      const std::uint32_t previous = state_[i - 1];
      // The multiplication wraps modulo 2^32 by design (unsigned arithmetic).
      state_[i] = 1812433253U * (previous ^ (previous >> 30U)) + static_cast<std::uint32_t>(i);
    }
    position_ = kStateSize;
  }

  /// @brief The next 32 random bits.
  std::uint32_t next_uint32() noexcept {
    if (position_ >= kStateSize) regenerate();
    std::uint32_t y = state_[position_++];
    // Tempering.
    y ^= y >> 11U;
    y ^= (y << 7U) & 0x9d2c5680U;
    y ^= (y << 15U) & 0xefc60000U;
    y ^= y >> 18U;
    return y;
  }

  /// @brief The next 64 random bits: two 32-bit outputs, the first one as the high word (numpy's
  /// order for this generator).
  std::uint64_t next_uint64() noexcept {
    const std::uint64_t high = next_uint32();
    const std::uint64_t low = next_uint32();
    return (high << 32U) | low;
  }

 private:
  static constexpr std::size_t kStateSize = 624;
  static constexpr std::size_t kShift = 397;

  void regenerate() noexcept {
    constexpr std::uint32_t kUpper = 0x80000000U;
    constexpr std::uint32_t kLower = 0x7fffffffU;
    constexpr std::uint32_t kMatrix = 0x9908b0dfU;
    for (std::size_t i = 0; i < kStateSize; ++i) {
      const std::uint32_t y = (state_[i] & kUpper) | (state_[(i + 1) % kStateSize] & kLower);
      state_[i] = state_[(i + kShift) % kStateSize] ^ (y >> 1U) ^ ((y & 1U) != 0U ? kMatrix : 0U);
    }
    position_ = 0;
  }

  std::array<std::uint32_t, kStateSize> state_{};
  std::size_t position_ = kStateSize;
};

/// @brief The draws of numpy's legacy `RandomState` that scikit-learn's splitters rely on:
/// `permutation`, `shuffle` and `choice(..., replace=False)`, all built on numpy's bounded-interval
/// routine.
class LegacyRandomState {
 public:
  /// @brief Equivalent to `numpy.random.RandomState(seed)`.
  explicit LegacyRandomState(std::uint32_t seed) noexcept : generator_(seed) {}

  /// @brief The underlying bit generator (for tests and for draws not wrapped here).
  Mt19937& generator() noexcept { return generator_; }

  /// @brief A uniform integer in [0, max], as numpy's `random_interval`: draw 32 bits (64 bits when
  /// `max` needs more), keep the bits under the smallest all-ones mask covering `max`, and reject
  /// values above `max`. Draws nothing when `max` is 0.
  std::uint64_t random_interval(std::uint64_t max) noexcept {
    if (max == 0) return 0;
    std::uint64_t mask = max;
    mask |= mask >> 1U;
    mask |= mask >> 2U;
    mask |= mask >> 4U;
    mask |= mask >> 8U;
    mask |= mask >> 16U;
    mask |= mask >> 32U;
    std::uint64_t value = 0;
    if (max <= 0xffffffffU) {
      do {
        value = generator_.next_uint32() & mask;
      } while (value > max);
    } else {
      do {
        value = generator_.next_uint64() & mask;
      } while (value > max);
    }
    return value;
  }

  /// @brief Shuffles `values` in place as numpy's legacy `RandomState.shuffle` does for a 1-D
  /// array: Fisher–Yates from the last position down to position 1.
  template <typename T>
  void shuffle(std::vector<T>& values) noexcept {
    for (std::size_t i = values.size(); i-- > 1;) {
      const auto j = static_cast<std::size_t>(random_interval(static_cast<std::uint64_t>(i)));
      using std::swap;
      swap(values[i], values[j]);
    }
  }

  /// @brief `RandomState.permutation(n)`: 0, 1, ..., n - 1 shuffled. Empty for n <= 0.
  std::vector<Eigen::Index> permutation(Eigen::Index n) {
    std::vector<Eigen::Index> values(n > 0 ? static_cast<std::size_t>(n) : std::size_t{0});
    std::iota(values.begin(), values.end(), Eigen::Index{0});
    shuffle(values);
    return values;
  }

  /// @brief `RandomState.permutation(values)` for a 1-D array: a shuffled copy.
  template <typename T>
  std::vector<T> permutation(std::vector<T> values) noexcept {
    shuffle(values);
    return values;
  }

  /// @brief `RandomState.choice(values, size, replace=False)` without weights: the first `size`
  /// entries of `values` taken in the order of `permutation(values.size())`. Note that numpy
  /// permutes the whole population even when `size` is smaller, and so does this.
  /// Requires 0 <= size <= values.size() (checked by the caller).
  template <typename T>
  std::vector<T> choice_without_replacement(const std::vector<T>& values, std::size_t size) {
    const std::vector<Eigen::Index> order = permutation(static_cast<Eigen::Index>(values.size()));
    std::vector<T> chosen;
    chosen.reserve(size);
    for (std::size_t k = 0; k < size && k < order.size(); ++k)
      chosen.push_back(values[static_cast<std::size_t>(order[k])]);
    return chosen;
  }

 private:
  Mt19937 generator_;
};

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_NUMPY_RANDOM_HPP

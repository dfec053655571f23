// sklite: the random draws LIBSVM deals folds with: glibc's rand() (LIBSVM's svm-train) and
// scikit-learn's fork of LIBSVM (a Mersenne Twister bounded by Lemire's method), reproduced bit for
// bit so that the folds, hence the results, are theirs.
#ifndef SKLITE_DETAIL_LIBSVM_RANDOM_HPP
#define SKLITE_DETAIL_LIBSVM_RANDOM_HPP

#include <cstddef>
#include <cstdint>

#include "sklite/detail/numpy_random.hpp"

namespace sklite::detail {

/// @brief glibc's rand() from its default seed, which LIBSVM's svm-train draws its folds from (it
/// never calls srand): the cross-validation of -v and the internal one of -b 1. The same draws
/// give svm-train's folds.
class GlibcRand {
 public:
  GlibcRand() {
    std::int32_t r[34];
    r[0] = 1;
    for (int i = 1; i < 31; ++i) {
      // 16807 · r mod (2³¹ − 1), as glibc computes it (Schrage's method, no overflow).
      const std::int32_t hi = r[i - 1] / 127773;
      const std::int32_t lo = r[i - 1] % 127773;
      std::int32_t word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      r[i] = word;
    }
    for (int i = 31; i < 34; ++i) r[i] = r[i - 31];
    for (int i = 0; i < 34; ++i)
      state_[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(r[i]);
    position_ = 34;
    for (int i = 34; i < 344; ++i) next_word();
  }
  int operator()() { return static_cast<int>(next_word() >> 1); }

 private:
  std::uint32_t next_word() {
    const std::uint32_t word = state_[(position_ - 31) % 34] + state_[(position_ - 3) % 34];
    state_[position_ % 34] = word;
    ++position_;
    return word;
  }
  std::uint32_t state_[34] = {};
  std::size_t position_ = 0;
};

/// @brief The draws of scikit-learn's fork of LIBSVM (sklearn/svm/src/newrand): std::mt19937 from
/// the fit's seed, and a uniform integer below a bound by Lemire's multiply-and-shift with
/// rejection of the biased low products (Lemire 2019, Fast random integer generation in an
/// interval, ACM TOMACS 29(1)).
class ForkRand {
 public:
  explicit ForkRand(std::uint32_t seed) : mt_(seed) {}

  /// A uniform integer in [0, range), range ≥ 1.
  std::uint32_t operator()(std::uint32_t range) {
    std::uint64_t product = std::uint64_t{mt_.next_uint32()} * range;
    auto low = static_cast<std::uint32_t>(product);
    if (low < range) {
      // 2³² mod range: products whose low word falls below it would favour some results.
      const std::uint32_t threshold = static_cast<std::uint32_t>(-range) % range;
      while (low < threshold) {
        product = std::uint64_t{mt_.next_uint32()} * range;
        low = static_cast<std::uint32_t>(product);
      }
    }
    return static_cast<std::uint32_t>(product >> 32);
  }

 private:
  Mt19937 mt_;
};

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_LIBSVM_RANDOM_HPP

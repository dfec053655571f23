// sklite: short vectors of doubles for the hot loops, through GCC's and Clang's vector extensions.
#ifndef SKLITE_DETAIL_SIMD_HPP
#define SKLITE_DETAIL_SIMD_HPP

#include <cstring>

// The vector extensions let one loop body work on several doubles at once, compiled to whatever
// vector unit the target flags allow (AVX, SSE2, NEON). Other compilers, and builds that define
// SKLITE_NO_VECTOR_LOOPS, take the scalar loops beside each vector loop; both give the same
// results, bit for bit, because every lane does the same operations in the same order as the
// scalar code does for its element.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(SKLITE_NO_VECTOR_LOOPS)
#define SKLITE_VECTOR_LOOPS 1
#endif

#ifdef SKLITE_VECTOR_LOOPS

namespace sklite::detail::simd {

/// As many doubles as the vector unit holds: wider vectors would be split and run slower.
#ifdef __AVX__
inline constexpr int kLanes = 4;
#else
inline constexpr int kLanes = 2;
#endif
using Doubles = double __attribute__((vector_size(kLanes * sizeof(double))));
using Floats = float __attribute__((vector_size(kLanes * sizeof(float))));
/// What comparing Doubles gives: all bits set in the lanes where the comparison holds.
using Mask = long long __attribute__((vector_size(kLanes * sizeof(long long))));

/// kLanes values from p on (no alignment needed), as doubles.
inline Doubles load(const double* p) {
  Doubles v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline Doubles load(const float* p) {
  Floats v;
  std::memcpy(&v, p, sizeof v);
  return __builtin_convertvector(v, Doubles);
}
inline void store(double* p, const Doubles& v) { std::memcpy(p, &v, sizeof v); }
inline Doubles splat(double x) { return Doubles{} + x; }
/// 0, 1, …, kLanes − 1.
inline Doubles lane_numbers() {
  Doubles v{};
  for (int l = 0; l < kLanes; ++l) v[l] = l;
  return v;
}

}  // namespace sklite::detail::simd

#endif  // SKLITE_VECTOR_LOOPS

#endif  // SKLITE_DETAIL_SIMD_HPP

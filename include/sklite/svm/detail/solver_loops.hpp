// sklite: the loops over the active set that every SMO iteration runs, vectorized.
#ifndef SKLITE_SVM_DETAIL_SOLVER_LOOPS_HPP
#define SKLITE_SVM_DETAIL_SOLVER_LOOPS_HPP

#include <Eigen/Core>
#include <limits>

#include "sklite/detail/simd.hpp"

namespace sklite::svm::detail {

/// The variables' state in the arrays the loops read, all indexed by the solver's order:
///   - G: the gradient ∇f(α);
///   - y: the labels as ±1.0;
///   - in_up, in_low: 1 for a variable in I_up (respectively I_low), 0 otherwise, where
///     I_up = {t : y_t = +1, α_t < C_t} ∪ {t : y_t = −1, α_t > 0} and I_low is the other way
///     round (Keerthi et al. 2001);
///   - QD: the diagonal Q(t, t).
struct ActiveSet {
  const double* G;
  const double* y;
  const double* in_up;
  const double* in_low;
  const double* QD;
  Eigen::Index size;
};

/// The first half of WSS 2: i maximizes −y_t G_t over I_up (m(α)), and −M(α) is the maximum of
/// y_t G_t over I_low. i is −1 when I_up is empty.
struct FirstChoice {
  Eigen::Index i = -1;
  double m = -std::numeric_limits<double>::infinity();
  double minus_M = -std::numeric_limits<double>::infinity();
};

/// The second half: j minimizes −(m + y_t G_t)² / (Q_ii + Q_tt − 2 y_i y_t Q_it) over the t in
/// I_low with m + y_t G_t > 0 (a curvature ≤ 0 is replaced by tau); −1 when there is none.
/// `Q_i` is column i of Q over the active set, `QD_i` = Q(i, i).

// Both choices break ties towards the later index, as LIBSVM's loops do. The scalar scans can go
// on from index `from` with what an earlier part of the scan found (the vector scans' last few).

inline FirstChoice choose_i_scalar(const ActiveSet& s, Eigen::Index from = 0, FirstChoice c = {}) {
  for (Eigen::Index t = from; t < s.size; ++t) {
    const double yG = s.y[t] * s.G[t];
    if (s.in_up[t] != 0 && -yG >= c.m) {
      c.m = -yG;
      c.i = t;
    }
    if (s.in_low[t] != 0 && yG > c.minus_M) c.minus_M = yG;
  }
  return c;
}

template <typename Value>
Eigen::Index choose_j_scalar(const ActiveSet& s, double m, const Value* Q_i, double QD_i,
                             double y_i, double tau, Eigen::Index from = 0, Eigen::Index j = -1,
                             double best = std::numeric_limits<double>::infinity()) {
  for (Eigen::Index t = from; t < s.size; ++t) {
    const double grad_diff = m + s.y[t] * s.G[t];
    if (s.in_low[t] == 0 || !(grad_diff > 0)) continue;
    const double curvature = (QD_i + s.QD[t]) - (2.0 * y_i * s.y[t]) * static_cast<double>(Q_i[t]);
    const double decrease = -(grad_diff * grad_diff) / (curvature > 0 ? curvature : tau);
    if (decrease <= best) {
      best = decrease;
      j = t;
    }
  }
  return j;
}

/// G_t += Q_i[t]·delta_i + Q_j[t]·delta_j for t < n.
template <typename Value>
void update_gradient_scalar(Eigen::Index n, double* G, const Value* Q_i, double delta_i,
                            const Value* Q_j, double delta_j) {
  for (Eigen::Index t = 0; t < n; ++t)
    G[t] += static_cast<double>(Q_i[t]) * delta_i + static_cast<double>(Q_j[t]) * delta_j;
}

#ifdef SKLITE_VECTOR_LOOPS

// kLanes lanes (sklite/detail/simd.hpp); lane l sees the indices l, l + kLanes,
// l + 2·kLanes, … and keeps its own winner (ties to its later index). The merge takes the best
// value and, among equal values, the largest index: the winner of one scan over all indices with
// ties to the later one. Indices ride along as doubles (exact below 2^53) so that one blend moves
// value and index together.
using sklite::detail::simd::Doubles;
using sklite::detail::simd::kLanes;
using sklite::detail::simd::lane_numbers;
using sklite::detail::simd::load;
using sklite::detail::simd::Mask;
using sklite::detail::simd::splat;
using sklite::detail::simd::store;

// The lane winner with the best value (larger when Larger, else smaller); ties to the larger index.
template <bool Larger>
inline void merge_lanes(const Doubles& value, const Doubles& index, double& best,
                        double& best_index) {
  for (int l = 0; l < kLanes; ++l) {
    if (index[l] < 0) continue;
    const bool better = Larger ? value[l] > best : value[l] < best;
    if (best_index < 0 || better || (value[l] == best && index[l] > best_index)) {
      best = value[l];
      best_index = index[l];
    }
  }
}

inline FirstChoice choose_i_vector(const ActiveSet& s) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Doubles best = splat(-inf);
  Doubles best_index = splat(-1);
  Doubles minus_M = splat(-inf);
  Doubles index = lane_numbers();
  Eigen::Index t = 0;
  for (; t + kLanes <= s.size; t += kLanes, index += kLanes) {
    const Doubles yG = load(s.y + t) * load(s.G + t);
    const Mask take = (load(s.in_up + t) != 0) & (-yG >= best);
    best = take ? -yG : best;
    best_index = take ? index : best_index;
    minus_M = ((load(s.in_low + t) != 0) & (yG > minus_M)) ? yG : minus_M;
  }
  FirstChoice c;
  double i = -1;
  merge_lanes<true>(best, best_index, c.m, i);
  c.i = static_cast<Eigen::Index>(i);
  for (int l = 0; l < kLanes; ++l)
    if (minus_M[l] > c.minus_M) c.minus_M = minus_M[l];
  // The last few, in order after everything the lanes saw.
  return choose_i_scalar(s, t, c);
}

template <typename Value>
Eigen::Index choose_j_vector(const ActiveSet& s, double m, const Value* Q_i, double QD_i,
                             double y_i, double tau) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Doubles best = splat(inf);
  Doubles best_index = splat(-1);
  Doubles index = lane_numbers();
  Eigen::Index t = 0;
  for (; t + kLanes <= s.size; t += kLanes, index += kLanes) {
    const Doubles y = load(s.y + t);
    const Doubles grad_diff = m + y * load(s.G + t);
    Doubles curvature = (QD_i + load(s.QD + t)) - (2.0 * y_i * y) * load(Q_i + t);
    curvature = curvature > 0 ? curvature : splat(tau);
    const Doubles decrease = -(grad_diff * grad_diff) / curvature;
    const Mask take = (load(s.in_low + t) != 0) & (grad_diff > 0) & (decrease <= best);
    best = take ? decrease : best;
    best_index = take ? index : best_index;
  }
  double best_value = inf;
  double j = -1;
  merge_lanes<false>(best, best_index, best_value, j);
  return choose_j_scalar(s, m, Q_i, QD_i, y_i, tau, t, static_cast<Eigen::Index>(j), best_value);
}

template <typename Value>
void update_gradient_vector(Eigen::Index n, double* G, const Value* Q_i, double delta_i,
                            const Value* Q_j, double delta_j) {
  Eigen::Index t = 0;
  for (; t + kLanes <= n; t += kLanes) {
    store(G + t, load(G + t) + (load(Q_i + t) * delta_i + load(Q_j + t) * delta_j));
  }
  update_gradient_scalar(n - t, G + t, Q_i + t, delta_i, Q_j + t, delta_j);
}

#endif  // SKLITE_VECTOR_LOOPS

inline FirstChoice choose_i(const ActiveSet& s) {
#ifdef SKLITE_VECTOR_LOOPS
  return choose_i_vector(s);
#else
  return choose_i_scalar(s);
#endif
}

template <typename Value>
Eigen::Index choose_j(const ActiveSet& s, double m, const Value* Q_i, double QD_i, double y_i,
                      double tau) {
#ifdef SKLITE_VECTOR_LOOPS
  return choose_j_vector(s, m, Q_i, QD_i, y_i, tau);
#else
  return choose_j_scalar(s, m, Q_i, QD_i, y_i, tau);
#endif
}

template <typename Value>
void update_gradient(Eigen::Index n, double* G, const Value* Q_i, double delta_i, const Value* Q_j,
                     double delta_j) {
#ifdef SKLITE_VECTOR_LOOPS
  update_gradient_vector(n, G, Q_i, delta_i, Q_j, delta_j);
#else
  update_gradient_scalar(n, G, Q_i, delta_i, Q_j, delta_j);
#endif
}

}  // namespace sklite::svm::detail

#endif  // SKLITE_SVM_DETAIL_SOLVER_LOOPS_HPP

// sklite: the sequential minimal optimization (SMO) solver for SVM dual problems.
#ifndef SKLITE_SVM_SMO_SOLVER_HPP
#define SKLITE_SVM_SMO_SOLVER_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sklite/errors.hpp"
#include "sklite/svm/control.hpp"
#include "sklite/svm/detail/solver_loops.hpp"

namespace sklite::svm {

/// @brief Settings of the SMO solver.
struct SolverOptions {
  /// Stop when the maximal KKT violation m(α) − M(α) falls below this (LIBSVM's `-e`).
  double tol = 1e-3;
  /// Temporarily remove variables that are likely to stay at a bound (LIBSVM's `-h`).
  bool shrinking = true;
  /// Iteration cap; -1 means none. Reaching it is reported, not thrown.
  long long max_iter = -1;
  /// The fit's deadline, progress reports and cancellation (none when null).
  FitControl* control = nullptr;
  /// Which sub-problem this is, for the progress reports: the pair, and the probability fold
  /// (−1 for the model's own problem).
  std::size_t problem = 0;
  int fold = -1;
};

/// @brief Which dual the solver treats.
enum class DualForm {
  /// min ½ αᵀQα + pᵀα subject to yᵀα = Δ and 0 ≤ α_t ≤ C_t (LIBSVM's Solver): C-SVC, one-class
  /// SVM and ε-SVR.
  standard,
  /// The same with the extra constraint eᵀα = Δ' (LIBSVM's Solver_NU): ν-SVC and ν-SVR. Working
  /// pairs are chosen among variables of one sign, and there are two multipliers, rho and r.
  nu
};

/// @brief What the solver returns.
struct SolverResult {
  Eigen::VectorXd alpha;  ///< the dual variables, in the caller's order
  double rho = 0;         ///< the offset: the decision function is Σ y_i α_i K(x_i, x) − rho
  double r = 0;           ///< DualForm::nu only: the multiplier of eᵀα = Δ' (LIBSVM's si->r)
  double objective = 0;   ///< ½ αᵀQα + pᵀα at the solution
  long long n_iter = 0;   ///< SMO iterations done
  bool converged = true;  ///< false when max_iter or the fit's deadline stopped the solver first
  /// The largest value each variable took, in the caller's order. When every variable stayed
  /// below its upper bound C_t, every comparison with a bound came out as it would have with any
  /// other bounds above these peaks: the same problem with such bounds takes exactly the same
  /// steps (SolutionMemo relies on it).
  Eigen::VectorXd alpha_peak;
  /// LIBSVM's progress marks, in the order they happened: "." each time the shrinking period
  /// comes round, "*" each time every variable is brought back, and LIBSVM's hint
  /// "\nWARNING: using -h 0 may be faster\n" when few variables were free at that moment.
  /// `SVC` with `verbose` prints them as LIBSVM does.
  std::string progress;
};

/// @brief Solves LIBSVM's general dual, min ½ αᵀQα + pᵀα subject to yᵀα = Δ and 0 ≤ α_t ≤ C_t
/// (and eᵀα = Δ' in its ν form, see DualForm), by SMO from a feasible starting point.
///
/// The algorithm is LIBSVM's (Chang & Lin 2011): the working pair is chosen by second-order
/// information (Fan, Chen & Lin 2005, WSS 2), a non-positive curvature is replaced by TAU, the
/// sub-problem is solved analytically with clipping to the box, and with `shrinking` variables
/// that sit at a bound with a gradient pushing them outward are set aside and brought back (with
/// their gradient rebuilt) before the final optimality check. Ties in the selection rule go to the
/// later index, as in LIBSVM, so that the same data give the same iterations. Every formulation
/// of svm/formulations.hpp is a set-up of p, y, C and the starting point over this one solver.
///
/// `QMatrix` provides, over the solver's current order of the variables:
///   - `Eigen::Index size() const`;
///   - `const Value* column(Eigen::Index i, Eigen::Index length)`: Q(0..length−1, i), valid until
///     the next call that asks for a third column;
///   - `double diagonal(Eigen::Index i) const`: Q(i, i);
///   - `void swap_index(Eigen::Index i, Eigen::Index j)`: the solver exchanges variables i and j.
template <typename QMatrix>
class SMOSolver {
 public:
  /// @param Q the matrix, see the class comment
  /// @param p the linear term
  /// @param y the labels of the equality constraint, each +1 or −1
  /// @param C the upper bound of each variable (all > 0)
  /// @param alpha a feasible starting point (0 ≤ α ≤ C)
  /// @param form the standard dual or its ν form
  SMOSolver(QMatrix& Q, const Eigen::VectorXd& p, const std::vector<std::int8_t>& y,
            const Eigen::VectorXd& C, const Eigen::VectorXd& alpha, const SolverOptions& options,
            DualForm form = DualForm::standard)
      : Q_(Q),
        n_(Q.size()),
        active_size_(Q.size()),
        options_(options),
        nu_(form == DualForm::nu),
        p_(p),
        y_(Q.size()),
        C_(C),
        alpha_(alpha),
        order_(static_cast<std::size_t>(Q.size())),
        in_up_(Q.size()),
        in_low_(Q.size()),
        QD_(Q.size()) {
    SKLITE_ASSERT(p.size() == n_ && C.size() == n_ && alpha.size() == n_ &&
                  static_cast<Eigen::Index>(y.size()) == n_);
    for (Eigen::Index t = 0; t < n_; ++t) {
      order_[static_cast<std::size_t>(t)] = t;
      y_(t) = y[static_cast<std::size_t>(t)];
      QD_(t) = Q.diagonal(t);
    }
  }

  /// Runs the solver to convergence, to max_iter or to the fit's deadline.
  /// @throws FitCancelled when the fit's progress callback cancels it
  SolverResult solve() {
    initialize_gradient();
    for (Eigen::Index t = 0; t < n_; ++t) objective_ += alpha_(t) * (G_(t) + p_(t)) / 2;
    long long iter = 0;
    // Shrink every min(n, 1000) iterations, as LIBSVM does.
    const long long shrink_period = std::min<long long>(n_, 1000);
    long long countdown = shrink_period + 1;
    bool converged = true;
    while (true) {
      if (options_.max_iter >= 0 && iter >= options_.max_iter) {
        converged = false;
        break;
      }
      if (--countdown == 0) {
        countdown = shrink_period;
        if (options_.shrinking) nu_ ? shrink_nu() : shrink();
        progress_ += '.';
      }
      Eigen::Index i = -1;
      Eigen::Index j = -1;
      if (!choose_pair(i, j)) {
        // Optimal on the active set: bring every variable back and check again.
        reconstruct_gradient();
        active_size_ = n_;
        progress_ += '*';
        if (!choose_pair(i, j)) break;
        countdown = 1;  // shrink again at the next iteration
      }
      // After the choice of a pair, so that a report's gap is the current one.
      if (options_.control && iter % kPollPeriod == 0 &&
          !options_.control->keep_going(options_.problem, options_.fold, options_.tol,
                                        [&] { return state(iter); })) {
        converged = false;
        break;
      }
      ++iter;
      update_pair(i, j);
    }
    if (active_size_ < n_) {
      reconstruct_gradient();
      active_size_ = n_;
      progress_ += '*';
    }

    SolverResult result;
    if (nu_)
      compute_rho_nu(result.rho, result.r);
    else
      result.rho = compute_rho();
    double objective = 0;
    for (Eigen::Index t = 0; t < n_; ++t) objective += alpha_(t) * (G_(t) + p_(t));
    result.objective = objective / 2;
    result.alpha.resize(n_);
    for (Eigen::Index t = 0; t < n_; ++t)
      result.alpha(order_[static_cast<std::size_t>(t)]) = alpha_(t);
    result.n_iter = iter;
    result.converged = converged;
    result.alpha_peak.resize(n_);
    for (Eigen::Index t = 0; t < n_; ++t)
      result.alpha_peak(order_[static_cast<std::size_t>(t)]) = peak_(t);
    result.progress = std::move(progress_);
    if (options_.control)
      options_.control->finished(options_.problem, options_.fold, options_.tol,
                                 {iter, gap_, result.objective});
    return result;
  }

 private:
  // TAU replaces a non-positive curvature (non-PSD kernels such as sigmoid), as in LIBSVM.
  static constexpr double kTau = 1e-12;
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  // Iterations between two looks at the fit's clock: a look costs about what the cheapest
  // iteration does.
  static constexpr long long kPollPeriod = 16;

  FitControl::State state(long long iter) const { return {iter, gap_, objective_}; }

  enum class Bound : std::uint8_t { lower, upper, free };

  double y(Eigen::Index t) const { return y_(t); }
  bool at_upper(Eigen::Index t) const {
    return status_[static_cast<std::size_t>(t)] == Bound::upper;
  }
  bool at_lower(Eigen::Index t) const {
    return status_[static_cast<std::size_t>(t)] == Bound::lower;
  }
  bool is_free(Eigen::Index t) const { return status_[static_cast<std::size_t>(t)] == Bound::free; }

  void update_status(Eigen::Index t) {
    const Bound bound =
        alpha_(t) >= C_(t) ? Bound::upper : (alpha_(t) <= 0 ? Bound::lower : Bound::free);
    status_[static_cast<std::size_t>(t)] = bound;
    peak_(t) = std::max(peak_(t), alpha_(t));
    // I_up: can move up along y_t; I_low: can move down.
    in_up_(t) = bound != (y_(t) > 0 ? Bound::upper : Bound::lower) ? 1.0 : 0.0;
    in_low_(t) = bound != (y_(t) > 0 ? Bound::lower : Bound::upper) ? 1.0 : 0.0;
  }

  // G = Qα + p, and G_bar = Σ_{α_t = C_t} C_t Q(:, t), which lets the gradient of shrunk variables
  // be rebuilt from the free variables alone.
  void initialize_gradient() {
    status_.resize(static_cast<std::size_t>(n_));
    peak_ = alpha_;
    for (Eigen::Index t = 0; t < n_; ++t) update_status(t);
    G_ = p_;
    G_bar_ = Eigen::VectorXd::Zero(n_);
    for (Eigen::Index t = 0; t < n_; ++t) {
      if (at_lower(t)) continue;
      const auto* Q_t = Q_.column(t, n_);
      for (Eigen::Index k = 0; k < n_; ++k) G_(k) += alpha_(t) * static_cast<double>(Q_t[k]);
      if (at_upper(t))
        for (Eigen::Index k = 0; k < n_; ++k) G_bar_(k) += C_(t) * static_cast<double>(Q_t[k]);
    }
  }

  bool choose_pair(Eigen::Index& i, Eigen::Index& j) {
    return nu_ ? select_working_set_nu(i, j) : select_working_set(i, j);
  }

  // WSS 2 of Fan, Chen & Lin (2005): i maximizes −y_t ∇_t f over I_up; j minimizes the second-order
  // estimate of the objective decrease over I_low. Returns false when the active set is optimal.
  bool select_working_set(Eigen::Index& out_i, Eigen::Index& out_j) {
    const detail::ActiveSet active{G_.data(),      y_.data(),  in_up_.data(),
                                   in_low_.data(), QD_.data(), active_size_};
    const detail::FirstChoice first = detail::choose_i(active);
    gap_ = first.m + first.minus_M;
    if (first.m + first.minus_M < options_.tol || first.i < 0) return false;
    const Eigen::Index i = first.i;
    const Eigen::Index j =
        detail::choose_j(active, first.m, Q_.column(i, active_size_), QD_(i), y_(i), kTau);
    if (j < 0) return false;
    out_i = i;
    out_j = j;
    return true;
  }

  // WSS 2 within each sign, for the ν form (whose pairs must share a sign to keep eᵀα fixed): the
  // i of each sign as above, then the j over both signs that decreases the objective most, paired
  // with the i of its own sign.
  bool select_working_set_nu(Eigen::Index& out_i, Eigen::Index& out_j) {
    double max_pos = -kInf;  // max of −y_t G_t over I_up, y_t = +1 (and _low over I_low)
    double max_neg = -kInf;  // the same for y_t = −1
    Eigen::Index i_pos = -1;
    Eigen::Index i_neg = -1;
    for (Eigen::Index t = 0; t < active_size_; ++t) {
      if (y(t) > 0) {
        if (!at_upper(t) && -G_(t) >= max_pos) {
          max_pos = -G_(t);
          i_pos = t;
        }
      } else if (!at_lower(t) && G_(t) >= max_neg) {
        max_neg = G_(t);
        i_neg = t;
      }
    }
    const auto* Q_pos = i_pos >= 0 ? Q_.column(i_pos, active_size_) : nullptr;
    const auto* Q_neg = i_neg >= 0 ? Q_.column(i_neg, active_size_) : nullptr;
    double max_pos_low = -kInf;
    double max_neg_low = -kInf;
    Eigen::Index j = -1;
    double best = kInf;
    for (Eigen::Index t = 0; t < active_size_; ++t) {
      const bool positive = y(t) > 0;
      if (positive ? at_lower(t) : at_upper(t)) continue;  // not in I_low
      const double yG = y(t) * G_(t);
      double& max_low = positive ? max_pos_low : max_neg_low;
      if (yG >= max_low) max_low = yG;
      const double grad_diff = (positive ? max_pos : max_neg) + yG;
      if (!(grad_diff > 0)) continue;
      const Eigen::Index i = positive ? i_pos : i_neg;
      const double Q_it = static_cast<double>((positive ? Q_pos : Q_neg)[t]);
      double curvature = QD_(i) + QD_(t) - 2 * Q_it;
      if (!(curvature > 0)) curvature = kTau;
      const double decrease = -(grad_diff * grad_diff) / curvature;
      if (decrease <= best) {
        best = decrease;
        j = t;
      }
    }
    gap_ = std::max(max_pos + max_pos_low, max_neg + max_neg_low);
    if (gap_ < options_.tol || j < 0) return false;
    out_i = y(j) > 0 ? i_pos : i_neg;
    out_j = j;
    return true;
  }

  // Solves the two-variable sub-problem analytically and clips the result to the box, keeping
  // y_i α_i + y_j α_j constant; then updates G and G_bar.
  void update_pair(Eigen::Index i, Eigen::Index j) {
    const auto* Q_i = Q_.column(i, active_size_);
    const auto* Q_j = Q_.column(j, active_size_);
    const double C_i = C_(i);
    const double C_j = C_(j);
    const double old_i = alpha_(i);
    const double old_j = alpha_(j);
    double& a_i = alpha_(i);
    double& a_j = alpha_(j);
    const double Q_ij = static_cast<double>(Q_i[j]);

    if (y_(i) != y_(j)) {
      double curvature = QD_(i) + QD_(j) + 2 * Q_ij;
      if (curvature <= 0) curvature = kTau;
      const double delta = (-G_(i) - G_(j)) / curvature;
      const double diff = a_i - a_j;  // conserved
      a_i += delta;
      a_j += delta;
      if (diff > 0) {
        if (a_j < 0) {
          a_j = 0;
          a_i = diff;
        }
      } else if (a_i < 0) {
        a_i = 0;
        a_j = -diff;
      }
      if (diff > C_i - C_j) {
        if (a_i > C_i) {
          a_i = C_i;
          a_j = C_i - diff;
        }
      } else if (a_j > C_j) {
        a_j = C_j;
        a_i = C_j + diff;
      }
    } else {
      double curvature = QD_(i) + QD_(j) - 2 * Q_ij;
      if (curvature <= 0) curvature = kTau;
      const double delta = (G_(i) - G_(j)) / curvature;
      const double sum = a_i + a_j;  // conserved
      a_i -= delta;
      a_j += delta;
      if (sum > C_i) {
        if (a_i > C_i) {
          a_i = C_i;
          a_j = sum - C_i;
        }
      } else if (a_j < 0) {
        a_j = 0;
        a_i = sum;
      }
      if (sum > C_j) {
        if (a_j > C_j) {
          a_j = C_j;
          a_i = sum - C_j;
        }
      } else if (a_i < 0) {
        a_i = 0;
        a_j = sum;
      }
    }

    const double delta_i = a_i - old_i;
    const double delta_j = a_j - old_j;
    // f(α + d) − f(α) = dᵀG + ½dᵀQd, with G the gradient before the step.
    objective_ += delta_i * G_(i) + delta_j * G_(j) +
                  (delta_i * delta_i * QD_(i) + delta_j * delta_j * QD_(j)) / 2 +
                  delta_i * delta_j * Q_ij;
    detail::update_gradient(active_size_, G_.data(), Q_i, delta_i, Q_j, delta_j);

    const bool i_was_upper = at_upper(i);
    const bool j_was_upper = at_upper(j);
    update_status(i);
    update_status(j);
    update_gradient_bar(i, i_was_upper);
    update_gradient_bar(j, j_was_upper);
  }

  void update_gradient_bar(Eigen::Index t, bool was_upper) {
    if (was_upper == at_upper(t)) return;
    const auto* Q_t = Q_.column(t, n_);
    const double weight = was_upper ? -C_(t) : C_(t);
    for (Eigen::Index k = 0; k < n_; ++k) G_bar_(k) += weight * static_cast<double>(Q_t[k]);
  }

  // A variable at a bound whose gradient points further outward than the current violation is
  // unlikely to move again (Chang & Lin 2011, section 5.1).
  bool can_shrink(Eigen::Index t, double g_max1, double g_max2) const {
    if (at_upper(t)) return y(t) > 0 ? -G_(t) > g_max1 : -G_(t) > g_max2;
    if (at_lower(t)) return y(t) > 0 ? G_(t) > g_max2 : G_(t) > g_max1;
    return false;
  }

  void shrink() {
    double g_max1 = -kInf;  // max over I_up of −y_t G_t
    double g_max2 = -kInf;  // max over I_low of y_t G_t
    for (Eigen::Index t = 0; t < active_size_; ++t) {
      if (y(t) > 0) {
        if (!at_upper(t)) g_max1 = std::max(g_max1, -G_(t));
        if (!at_lower(t)) g_max2 = std::max(g_max2, G_(t));
      } else {
        if (!at_upper(t)) g_max2 = std::max(g_max2, -G_(t));
        if (!at_lower(t)) g_max1 = std::max(g_max1, G_(t));
      }
    }
    // Near the end, unshrink once so the final iterations see every variable.
    if (!unshrunk_ && g_max1 + g_max2 <= options_.tol * 10) {
      unshrunk_ = true;
      reconstruct_gradient();
      active_size_ = n_;
      progress_ += '*';
    }
    shrink_where([&](Eigen::Index t) { return can_shrink(t, g_max1, g_max2); });
  }

  // The ν form's shrinking: the violation bounds are kept per sign (Chang & Lin 2011, section 5.1,
  // applied to each sign's variables).
  void shrink_nu() {
    // LIBSVM's Gmax1 … Gmax4: the largest −G_t among variables that can grow (α_t < C_t) and the
    // largest G_t among those that can fall (α_t > 0), for each sign.
    double grow_pos = -kInf, fall_pos = -kInf, fall_neg = -kInf, grow_neg = -kInf;
    for (Eigen::Index t = 0; t < active_size_; ++t) {
      const bool positive = y(t) > 0;
      if (!at_upper(t)) {
        double& grow = positive ? grow_pos : grow_neg;
        grow = std::max(grow, -G_(t));
      }
      if (!at_lower(t)) {
        double& fall = positive ? fall_pos : fall_neg;
        fall = std::max(fall, G_(t));
      }
    }
    if (!unshrunk_ && std::max(grow_pos + fall_pos, fall_neg + grow_neg) <= options_.tol * 10) {
      unshrunk_ = true;  // (LIBSVM's ν solver leaves no progress mark here)
      reconstruct_gradient();
      active_size_ = n_;
    }
    shrink_where([&](Eigen::Index t) {
      if (at_upper(t)) return -G_(t) > (y(t) > 0 ? grow_pos : grow_neg);
      if (at_lower(t)) return G_(t) > (y(t) > 0 ? fall_pos : fall_neg);
      return false;
    });
  }

  // Moves every active variable that `can_shrink` picks behind the active set.
  template <typename CanShrink>
  void shrink_where(const CanShrink& can_shrink) {
    for (Eigen::Index t = 0; t < active_size_; ++t) {
      if (!can_shrink(t)) continue;
      --active_size_;
      while (active_size_ > t) {
        if (!can_shrink(active_size_)) {
          swap_variables(t, active_size_);
          break;
        }
        --active_size_;
      }
    }
  }

  void swap_variables(Eigen::Index i, Eigen::Index j) {
    Q_.swap_index(i, j);
    std::swap(y_(i), y_(j));
    std::swap(G_(i), G_(j));
    std::swap(status_[static_cast<std::size_t>(i)], status_[static_cast<std::size_t>(j)]);
    std::swap(alpha_(i), alpha_(j));
    std::swap(peak_(i), peak_(j));
    std::swap(p_(i), p_(j));
    std::swap(C_(i), C_(j));
    std::swap(order_[static_cast<std::size_t>(i)], order_[static_cast<std::size_t>(j)]);
    std::swap(G_bar_(i), G_bar_(j));
    std::swap(in_up_(i), in_up_(j));
    std::swap(in_low_(i), in_low_(j));
    std::swap(QD_(i), QD_(j));
  }

  // Rebuilds G for the shrunk variables: G = G_bar + p + Σ_{free t} α_t Q(:, t), reading whichever
  // of rows or columns touches fewer kernel values.
  void reconstruct_gradient() {
    if (active_size_ == n_) return;
    for (Eigen::Index k = active_size_; k < n_; ++k) G_(k) = G_bar_(k) + p_(k);
    Eigen::Index n_free = 0;
    for (Eigen::Index t = 0; t < active_size_; ++t) n_free += is_free(t) ? 1 : 0;
    if (2 * n_free < active_size_) progress_ += "\nWARNING: using -h 0 may be faster\n";
    if (n_free * n_ > 2 * active_size_ * (n_ - active_size_)) {
      for (Eigen::Index k = active_size_; k < n_; ++k) {
        const auto* Q_k = Q_.column(k, active_size_);
        for (Eigen::Index t = 0; t < active_size_; ++t)
          if (is_free(t)) G_(k) += alpha_(t) * static_cast<double>(Q_k[t]);
      }
    } else {
      for (Eigen::Index t = 0; t < active_size_; ++t) {
        if (!is_free(t)) continue;
        const auto* Q_t = Q_.column(t, n_);
        for (Eigen::Index k = active_size_; k < n_; ++k)
          G_(k) += alpha_(t) * static_cast<double>(Q_t[k]);
      }
    }
  }

  // rho is the average of y_t G_t over the free variables, or the middle of the feasible interval
  // when none is free.
  double compute_rho() const {
    double upper = kInf;
    double lower = -kInf;
    double sum_free = 0;
    Eigen::Index n_free = 0;
    for (Eigen::Index t = 0; t < active_size_; ++t) {
      const double yG = y(t) * G_(t);
      if (at_upper(t)) {
        if (y(t) < 0)
          upper = std::min(upper, yG);
        else
          lower = std::max(lower, yG);
      } else if (at_lower(t)) {
        if (y(t) > 0)
          upper = std::min(upper, yG);
        else
          lower = std::max(lower, yG);
      } else {
        ++n_free;
        sum_free += yG;
      }
    }
    return n_free > 0 ? sum_free / static_cast<double>(n_free) : (upper + lower) / 2;
  }

  // The ν form's multipliers: for each sign, the average gradient over its free variables, or the
  // middle of its feasible interval when none is free; rho and r are half their difference and
  // half their sum.
  void compute_rho_nu(double& rho, double& r) const {
    double upper[2] = {kInf, kInf};
    double lower[2] = {-kInf, -kInf};
    double sum_free[2] = {0, 0};
    Eigen::Index n_free[2] = {0, 0};
    for (Eigen::Index t = 0; t < active_size_; ++t) {
      const int s = y(t) > 0 ? 0 : 1;
      if (at_upper(t))
        lower[s] = std::max(lower[s], G_(t));
      else if (at_lower(t))
        upper[s] = std::min(upper[s], G_(t));
      else {
        ++n_free[s];
        sum_free[s] += G_(t);
      }
    }
    double side[2];
    for (int s = 0; s < 2; ++s)
      side[s] =
          n_free[s] > 0 ? sum_free[s] / static_cast<double>(n_free[s]) : (upper[s] + lower[s]) / 2;
    r = (side[0] + side[1]) / 2;
    rho = (side[0] - side[1]) / 2;
  }

  QMatrix& Q_;
  Eigen::Index n_;
  Eigen::Index active_size_;
  SolverOptions options_;
  bool nu_;  // DualForm::nu
  Eigen::VectorXd p_;
  Eigen::VectorXd y_;  // ±1
  Eigen::VectorXd C_;
  Eigen::VectorXd alpha_;
  std::vector<Eigen::Index> order_;  // order_[t]: the caller's index of the variable now at t
  std::vector<Bound> status_;
  Eigen::VectorXd peak_;    // the largest value each variable has taken
  Eigen::VectorXd in_up_;   // 1 for t in I_up, else 0 (see detail::ActiveSet)
  Eigen::VectorXd in_low_;  // 1 for t in I_low, else 0
  Eigen::VectorXd QD_;      // Q(t, t)
  Eigen::VectorXd G_;
  Eigen::VectorXd G_bar_;
  bool unshrunk_ = false;
  std::string progress_;  // see SolverResult::progress
  double gap_ = kInf;     // m(α) − M(α) at the last choice of a pair, for the progress reports
  double objective_ = 0;  // ½αᵀQα + pᵀα, kept up to date step by step for the progress reports
};

}  // namespace sklite::svm

#endif  // SKLITE_SVM_SMO_SOLVER_HPP

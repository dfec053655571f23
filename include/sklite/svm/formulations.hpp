// sklite: LIBSVM's five SVM formulations as set-ups of the one dual problem SMOSolver solves, and
// what their solutions mean.
#ifndef SKLITE_SVM_FORMULATIONS_HPP
#define SKLITE_SVM_FORMULATIONS_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sklite/detail/validation.hpp"
#include "sklite/svm/smo_solver.hpp"

namespace sklite::svm {

/// @brief LIBSVM's formulations (its `svm_type`), by the names its model files use.
enum class SVMType {
  c_svc,        ///< C-support vector classification (scikit-learn's SVC)
  nu_svc,       ///< ν-support vector classification (NuSVC)
  one_class,    ///< one-class SVM, novelty detection (OneClassSVM)
  epsilon_svr,  ///< ε-support vector regression (SVR)
  nu_svr        ///< ν-support vector regression (NuSVR)
};

/// @brief LIBSVM's name of a formulation ("c_svc", "nu_svc", "one_class", "epsilon_svr",
/// "nu_svr").
inline const char* svm_type_name(SVMType type) {
  switch (type) {
    case SVMType::c_svc:
      return "c_svc";
    case SVMType::nu_svc:
      return "nu_svc";
    case SVMType::one_class:
      return "one_class";
    case SVMType::epsilon_svr:
      return "epsilon_svr";
    case SVMType::nu_svr:
      return "nu_svr";
  }
  return "unknown";
}

/// @brief The name of the sklite estimator of each formulation ("SVC", "NuSVC", "OneClassSVM",
/// "SVR", "NuSVR").
inline const char* estimator_name(SVMType type) {
  switch (type) {
    case SVMType::c_svc:
      return "SVC";
    case SVMType::nu_svc:
      return "NuSVC";
    case SVMType::one_class:
      return "OneClassSVM";
    case SVMType::epsilon_svr:
      return "SVR";
    case SVMType::nu_svr:
      return "NuSVR";
  }
  return "unknown";
}

/// @brief True for the classifiers (c_svc and nu_svc), which train one problem per pair of classes.
inline bool is_classification(SVMType type) {
  return type == SVMType::c_svc || type == SVMType::nu_svc;
}

/// @brief Whose rules probability estimates follow where scikit-learn's fork of LIBSVM and LIBSVM
/// 3.24 differ: the draws that shuffle the internal cross-validation, the class order of each
/// fold's problem (both change probA/probB slightly), and two-class probabilities.
enum class ProbabilityConvention {
  /// scikit-learn 1.2.1: Mersenne Twister draws from the seed random_state gives, each fold's
  /// problem lists its negative samples first (the fork sorts labels), and two classes go through
  /// the pairwise coupling as more do.
  scikit_learn,
  /// LIBSVM 3.24 (svm-train and svm-predict -b 1): glibc's rand() from its default seed, drawn on
  /// across the pairs, each fold's problem lists its positive samples first, and two classes take
  /// the sigmoid's probability as it is.
  libsvm
};

/// @brief Whose arithmetic the ν formulations' starting point follows.
///
/// The ν formulations start from a feasible point that spreads ν·l (ν·Σ C_i with weights) over
/// the variables. scikit-learn's LIBSVM sums ν·C_i sample by sample; LIBSVM 3.24 multiplies ν·l.
/// The two can differ in the last bit, which changes nothing a test of the solution can see but
/// can move the sixth decimal that LIBSVM's report prints. sklite follows scikit-learn; its
/// svm-train drop-in follows LIBSVM.
enum class StartingPoint { scikit_learn, libsvm };

/// @brief The parameters of a formulation (each uses some of them).
struct Formulation {
  SVMType type = SVMType::c_svc;
  double C = 1.0;                                     ///< c_svc, epsilon_svr, nu_svr
  double nu = 0.5;                                    ///< nu_svc, one_class, nu_svr
  double epsilon = 0.1;                               ///< epsilon_svr: the half-width of the tube
  StartingPoint start = StartingPoint::scikit_learn;  ///< nu_svc, one_class, nu_svr
};

/// @brief A dual problem ready for SMOSolver: min ½ αᵀQα + pᵀα, yᵀα = Δ, 0 ≤ α ≤ C, from alpha.
struct DualProblem {
  Eigen::VectorXd p;           ///< the linear term
  std::vector<std::int8_t> y;  ///< the sign of each variable
  Eigen::VectorXd C;           ///< the upper bound of each variable
  Eigen::VectorXd alpha;       ///< a feasible starting point
  DualForm form = DualForm::standard;
};

// The set-ups, one per formulation, following LIBSVM 3.24 (Chang & Lin 2011, section 2) with
// scikit-learn's sample weights w (1 each without sample_weight): sample i's bound is w_i times C
// where the formulation has one (and times its class's weight for C-SVC, which takes the bounds
// whole).

namespace detail {

/// What the ν formulations spread over their starting point: ν·Σ_i bound_i, summed as `start`
/// says (scikit-learn: ν·bound_i added sample by sample; LIBSVM: ν_factor·Σ w_i, where
/// ν_factor is ν, or C·ν for ν-SVR, as LIBSVM writes its products).
inline double nu_total(const Eigen::VectorXd& bound, const Eigen::VectorXd& w, double nu_factor,
                       double nu, StartingPoint start) {
  double total = 0;
  if (start == StartingPoint::libsvm) {
    for (Eigen::Index i = 0; i < w.size(); ++i) total += w(i);
    return nu_factor * total;
  }
  for (Eigen::Index i = 0; i < bound.size(); ++i) total += bound(i) * nu;
  return total;
}

}  // namespace detail

/// C-SVC on a binary problem: y ±1, p = −e, α = 0, C_i = bound_i.
inline DualProblem c_svc_problem(std::vector<std::int8_t> y, Eigen::VectorXd bound) {
  const auto l = bound.size();
  return {-Eigen::VectorXd::Ones(l), std::move(y), std::move(bound), Eigen::VectorXd::Zero(l),
          DualForm::standard};
}

/// ν-SVC on a binary problem (the ν form, p = 0, C_i = w_i): each sign's variables start with
/// half of ν·Σw, spread greedily in order, each at most its bound.
inline DualProblem nu_svc_problem(std::vector<std::int8_t> y, Eigen::VectorXd w,
                                  const Formulation& f) {
  const auto l = w.size();
  const double total = detail::nu_total(w, w, f.nu, f.nu, f.start);
  double left[2] = {total / 2, total / 2};  // for y = +1 and y = −1
  Eigen::VectorXd alpha(l);
  for (Eigen::Index i = 0; i < l; ++i) {
    double& side = left[y[static_cast<std::size_t>(i)] > 0 ? 0 : 1];
    alpha(i) = std::min(w(i), side);
    side -= alpha(i);
  }
  return {Eigen::VectorXd::Zero(l), std::move(y), std::move(w), std::move(alpha), DualForm::nu};
}

/// One-class SVM (y = +1, p = 0, C_i = w_i): ν·Σw spread greedily over the samples in order.
inline DualProblem one_class_problem(Eigen::VectorXd w, const Formulation& f) {
  const auto l = w.size();
  double left = detail::nu_total(w, w, f.nu, f.nu, f.start);
  Eigen::VectorXd alpha = Eigen::VectorXd::Zero(l);
  for (Eigen::Index i = 0; i < l && left > 0; ++i) {
    alpha(i) = std::min(w(i), left);
    left -= alpha(i);
  }
  return {Eigen::VectorXd::Zero(l), std::vector<std::int8_t>(static_cast<std::size_t>(l), 1),
          std::move(w), std::move(alpha), DualForm::standard};
}

/// The 2l variables of a regression: α_i (y = +1) then α*_i (y = −1), both bounded by w_i·C.
inline DualProblem regression_variables(const Eigen::VectorXd& w, double C) {
  const auto l = w.size();
  DualProblem d;
  d.y.assign(static_cast<std::size_t>(2 * l), 1);
  std::fill(d.y.begin() + l, d.y.end(), std::int8_t{-1});
  d.C.resize(2 * l);
  d.C << w * C, w * C;
  return d;
}

/// ε-SVR: p = ε − z_i for α_i and ε + z_i for α*_i, all from 0.
inline DualProblem epsilon_svr_problem(const Eigen::VectorXd& z, const Eigen::VectorXd& w,
                                       const Formulation& f) {
  DualProblem d = regression_variables(w, f.C);
  d.p.resize(2 * z.size());
  d.p << f.epsilon - z.array(), f.epsilon + z.array();
  d.alpha = Eigen::VectorXd::Zero(2 * z.size());
  return d;
}

/// ν-SVR (the ν form): p = −z, then +z; α_i and α*_i both start with the same share of
/// ν·Σ(w·C)/2, spread greedily in order.
inline DualProblem nu_svr_problem(const Eigen::VectorXd& z, const Eigen::VectorXd& w,
                                  const Formulation& f) {
  const auto l = z.size();
  DualProblem d = regression_variables(w, f.C);
  d.p.resize(2 * l);
  d.p << -z, z;
  double left = detail::nu_total(d.C.head(l), w, f.C * f.nu, f.nu, f.start) / 2;
  d.alpha.resize(2 * l);
  for (Eigen::Index i = 0; i < l; ++i) {
    d.alpha(i) = d.alpha(i + l) = std::min(left, d.C(i));
    left -= d.alpha(i);
  }
  d.form = DualForm::nu;
  return d;
}

namespace detail {
/// Brings the sum of alpha over `members` to `target` within the bounds [0, C]: a sum too large
/// is scaled down, a deficit is spread over the members in proportion to their room below C.
/// False when the room is too small.
inline bool set_group_sum(Eigen::VectorXd& alpha, const Eigen::VectorXd& C,
                          const std::vector<Eigen::Index>& members, double target) {
  double sum = 0;
  double room = 0;
  for (const Eigen::Index t : members) {
    sum += alpha(t);
    room += C(t) - alpha(t);
  }
  if (sum > target) {
    for (const Eigen::Index t : members) alpha(t) *= target / sum;
  } else if (sum < target) {
    if (room < target - sum) return false;
    const double share = (target - sum) / room;
    for (const Eigen::Index t : members)
      alpha(t) = std::min(C(t), alpha(t) + share * (C(t) - alpha(t)));
  }
  return true;
}
}  // namespace detail

/// @brief Starts `problem` from a previous solution `previous` (warm start) instead of its own
/// starting point: `previous` clipped to the bounds, then each equality constraint restored as
/// the problem's own starting point meets it (yᵀα for the standard form, the sum of each sign's
/// variables for the ν form).
/// @return false, leaving the problem as it was, when no such point exists near `previous`
inline bool warm_start(DualProblem& problem, const Eigen::VectorXd& previous) {
  Eigen::VectorXd alpha = previous.cwiseMax(0.0).cwiseMin(problem.C);
  std::vector<Eigen::Index> positive, negative;
  double target_positive = 0;
  double target_negative = 0;
  for (Eigen::Index t = 0; t < alpha.size(); ++t) {
    const bool up = problem.y[static_cast<std::size_t>(t)] > 0;
    (up ? positive : negative).push_back(t);
    (up ? target_positive : target_negative) += problem.alpha(t);
  }
  if (problem.form == DualForm::standard && !positive.empty() && !negative.empty()) {
    // yᵀα = 0 at the formulations' own starting points (C-SVC and ε-SVR start from 0): both
    // signs then sum to the smaller of their two sums.
    if (target_positive != target_negative) return false;
    const double positive_sum = alpha(positive).sum();
    const double negative_sum = alpha(negative).sum();
    target_positive = target_negative = std::min(positive_sum, negative_sum);
  }
  if (!detail::set_group_sum(alpha, problem.C, positive, target_positive) ||
      !detail::set_group_sum(alpha, problem.C, negative, target_negative))
    return false;
  problem.alpha = std::move(alpha);
  return true;
}

/// @brief A solved formulation in LIBSVM's terms: the decision function is
/// Σ_i coef_i k(x_i, x) − rho over the problem's samples.
struct Solution {
  Eigen::VectorXd coef;  ///< one per sample: y_i α_i, α_i (one-class) or α_i − α*_i (regression)
  double rho = 0;
  double objective = 0;   ///< the dual objective, in the formulation's own scale
  Eigen::VectorXd bound;  ///< the upper bound of |coef_i| (for LIBSVM's count of bounded SVs)
  std::string note;       ///< LIBSVM's report line of the formulation ("nu = …", "C = …", …)
  long long n_iter = 0;
  bool converged = true;
  std::string progress;   ///< SolverResult::progress
  Eigen::VectorXd alpha;  ///< the solver's own variables (for a later warm start)
};

/// The sum of v's entries from first to last, as LIBSVM adds them (Eigen's sum() pairs them).
inline double sum_in_order(const Eigen::Ref<const Eigen::VectorXd>& v) {
  double sum = 0;
  for (Eigen::Index i = 0; i < v.size(); ++i) sum += v(i);
  return sum;
}

/// @brief What the solver's answer to `problem` means for the formulation `f`.
inline Solution solution(const Formulation& f, const DualProblem& problem, SolverResult&& result) {
  const SVMType type = f.type;
  Solution s;
  const Eigen::Index n = result.alpha.size();
  const bool regression = type == SVMType::epsilon_svr || type == SVMType::nu_svr;
  const Eigen::Index l = regression ? n / 2 : n;
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) y(i) = problem.y[static_cast<std::size_t>(i)];
  s.rho = result.rho;
  s.objective = result.objective;
  s.bound = problem.C.head(l);
  switch (type) {
    case SVMType::c_svc: {
      s.coef = y.cwiseProduct(result.alpha);
      // LIBSVM reports ν when both classes share one bound (here: when every sample does).
      if ((problem.C.array() == problem.C(0)).all())
        s.note = sklite::detail::format("nu = %f\n",
                                        sum_in_order(result.alpha) / (problem.C(0) * double(n)));
      break;
    }
    case SVMType::nu_svc: {
      // The ν form's solution scaled by 1/r is the C-SVC solution with C = 1/r.
      const double r = result.r;
      s.note = sklite::detail::format("C = %f\n", 1 / r);
      s.coef = y.cwiseProduct(result.alpha) / r;
      s.bound /= r;
      s.rho /= r;
      s.objective /= r * r;
      break;
    }
    case SVMType::one_class:
      s.coef = result.alpha;
      break;
    case SVMType::epsilon_svr: {
      s.coef = result.alpha.head(l) - result.alpha.tail(l);
      s.note =
          sklite::detail::format("nu = %f\n", sum_in_order(s.coef.cwiseAbs()) / (f.C * double(l)));
      break;
    }
    case SVMType::nu_svr:
      s.coef = result.alpha.head(l) - result.alpha.tail(l);
      s.note = sklite::detail::format("epsilon = %f\n", -result.r);
      break;
  }
  s.n_iter = result.n_iter;
  s.converged = result.converged;
  s.progress = std::move(result.progress);
  s.alpha = std::move(result.alpha);
  return s;
}

/// @brief What LIBSVM prints after solving one problem, in its words and number formats.
inline std::string libsvm_report(const Solution& s) {
  Eigen::Index n_sv = 0;
  Eigen::Index n_bounded = 0;
  for (Eigen::Index i = 0; i < s.coef.size(); ++i) {
    if (std::abs(s.coef(i)) > 0) ++n_sv;
    if (std::abs(s.coef(i)) > 0 && std::abs(s.coef(i)) >= s.bound(i)) ++n_bounded;
  }
  std::string text = s.progress;
  text += sklite::detail::format("\noptimization finished, #iter = %lld\n", s.n_iter);
  text += s.note;
  text += sklite::detail::format("obj = %f, rho = %f\n", s.objective, s.rho);
  text += sklite::detail::format("nSV = %lld, nBSV = %lld\n", static_cast<long long>(n_sv),
                                 static_cast<long long>(n_bounded));
  return text;
}

}  // namespace sklite::svm

#endif  // SKLITE_SVM_FORMULATIONS_HPP

// sklite: probability estimates from SVM decision values, LIBSVM's way: Platt's sigmoid per pair of
// classes fitted to cross-validated decision values, the pairs coupled into class probabilities,
// and a regression's Laplace scale.
#ifndef SKLITE_SVM_PROBABILITY_HPP
#define SKLITE_SVM_PROBABILITY_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sklite/detail/libsvm_random.hpp"
#include "sklite/svm/model.hpp"

namespace sklite::svm {

/// @brief How a classifier's fit makes its probability model (TrainOptions::probability).
struct ProbabilityOptions {
  bool enabled = false;
  ProbabilityConvention convention = ProbabilityConvention::scikit_learn;
  /// The seed of scikit-learn's draws (what its fit derives from random_state); unused by libsvm.
  std::uint32_t seed = 0;
};

/// @brief The seed scikit-learn's fit hands its LIBSVM for an integer random_state: numpy's
/// RandomState(random_state).randint(2³¹ − 1).
inline std::uint32_t scikit_learn_seed(std::uint32_t random_state) {
  sklite::detail::LegacyRandomState numpy(random_state);
  return static_cast<std::uint32_t>(numpy.random_interval(2147483646));
}

/// The number of folds of the internal cross-validation, as LIBSVM.
inline constexpr int kProbabilityFolds = 5;

/// @brief Platt's sigmoid P(first class | f) = 1 / (1 + exp(A·f + B)).
struct Sigmoid {
  double A = 0;
  double B = 0;
};

/// @brief P(first class | decision value f) under the sigmoid, computed on the side of 0 where the
/// exponential cannot overflow (the complement is used later, so no cancellation either).
inline double sigmoid_probability(double f, const Sigmoid& s) {
  const double z = f * s.A + s.B;
  return z >= 0 ? std::exp(-z) / (1.0 + std::exp(-z)) : 1.0 / (1.0 + std::exp(z));
}

namespace detail {

// −log-likelihood of the targets t under the sigmoid, each term in the form that cannot overflow.
inline double sigmoid_loss(const Eigen::VectorXd& f, const Eigen::VectorXd& t, double A, double B) {
  double loss = 0;
  for (Eigen::Index i = 0; i < f.size(); ++i) {
    const double z = f(i) * A + B;
    loss +=
        z >= 0 ? t(i) * z + std::log(1 + std::exp(-z)) : (t(i) - 1) * z + std::log(1 + std::exp(z));
  }
  return loss;
}

}  // namespace detail

/// @brief Fits Platt's sigmoid to decision values f of samples whose class is `positive[i]`
/// (true for the first class), by the Newton method with backtracking of Lin, Lin & Weng (2007),
/// A note on Platt's probabilistic outputs for support vector machines, with LIBSVM's constants.
///
/// The targets are Platt's regularized ones, (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2). `print` receives
/// LIBSVM's notes when the line search fails or the iterations run out (the fit is then the last
/// point reached, as LIBSVM's).
inline Sigmoid fit_sigmoid(const Eigen::VectorXd& f, const std::vector<bool>& positive,
                           const std::function<void(const std::string&)>& print = {}) {
  constexpr int kMaxIter = 100;
  constexpr double kMinStep = 1e-10;
  constexpr double kRidge = 1e-12;  // keeps the Hessian strictly positive definite
  constexpr double kEps = 1e-5;
  const auto n_pos = static_cast<double>(std::count(positive.begin(), positive.end(), true));
  const double n_neg = static_cast<double>(positive.size()) - n_pos;
  Eigen::VectorXd t(f.size());
  for (Eigen::Index i = 0; i < f.size(); ++i)
    t(i) =
        positive[static_cast<std::size_t>(i)] ? (n_pos + 1.0) / (n_pos + 2.0) : 1 / (n_neg + 2.0);

  double A = 0.0;
  double B = std::log((n_neg + 1.0) / (n_pos + 1.0));
  double loss = detail::sigmoid_loss(f, t, A, B);
  int iter = 0;
  for (; iter < kMaxIter; ++iter) {
    double h11 = kRidge, h22 = kRidge, h21 = 0, g1 = 0, g2 = 0;
    for (Eigen::Index i = 0; i < f.size(); ++i) {
      const double z = f(i) * A + B;
      double p, q;  // p = P(first class), q = 1 − p
      if (z >= 0) {
        p = std::exp(-z) / (1.0 + std::exp(-z));
        q = 1.0 / (1.0 + std::exp(-z));
      } else {
        p = 1.0 / (1.0 + std::exp(z));
        q = std::exp(z) / (1.0 + std::exp(z));
      }
      const double d2 = p * q;
      h11 += f(i) * f(i) * d2;
      h22 += d2;
      h21 += f(i) * d2;
      const double d1 = t(i) - p;
      g1 += f(i) * d1;
      g2 += d1;
    }
    if (std::fabs(g1) < kEps && std::fabs(g2) < kEps) break;

    // The Newton direction −H⁻¹g, then halve the step until the loss drops enough (Armijo).
    const double det = h11 * h22 - h21 * h21;
    const double dA = -(h22 * g1 - h21 * g2) / det;
    const double dB = -(-h21 * g1 + h11 * g2) / det;
    const double slope = g1 * dA + g2 * dB;
    double step = 1;
    for (; step >= kMinStep; step /= 2.0) {
      const double new_loss = detail::sigmoid_loss(f, t, A + step * dA, B + step * dB);
      if (new_loss < loss + 0.0001 * step * slope) {
        A += step * dA;
        B += step * dB;
        loss = new_loss;
        break;
      }
    }
    if (step < kMinStep) {
      if (print) print("Line search fails in two-class probability estimates\n");
      break;
    }
  }
  if (iter >= kMaxIter && print)
    print("Reaching maximal iterations in two-class probability estimates\n");
  return {A, B};
}

/// @brief Class probabilities p from pairwise ones, r(i, j) ≈ P(i | i or j) with r(j, i) =
/// 1 − r(i, j): the second method of Wu, Lin & Weng (2004), Probability estimates for multi-class
/// classification by pairwise coupling, JMLR 5, as LIBSVM iterates it (coordinate updates from the
/// uniform p, stopping when every (Qp)_t is within 0.005/k of pᵀQp, at most max(100, k) sweeps).
inline Eigen::VectorXd couple_pairwise(const Eigen::MatrixXd& r) {
  const Eigen::Index k = r.rows();
  Eigen::MatrixXd Q(k, k);
  for (Eigen::Index t = 0; t < k; ++t) {
    Q(t, t) = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (j == t) continue;
      Q(t, t) += r(j, t) * r(j, t);
      if (j > t) Q(t, j) = Q(j, t) = -r(j, t) * r(t, j);
    }
  }
  Eigen::VectorXd p = Eigen::VectorXd::Constant(k, 1.0 / static_cast<double>(k));
  Eigen::VectorXd Qp(k);
  const double eps = 0.005 / static_cast<double>(k);
  const Eigen::Index max_iter = std::max<Eigen::Index>(100, k);
  for (Eigen::Index iter = 0; iter < max_iter; ++iter) {
    // Recomputed each sweep, for accuracy.
    double pQp = 0;
    for (Eigen::Index t = 0; t < k; ++t) {
      Qp(t) = 0;
      for (Eigen::Index j = 0; j < k; ++j) Qp(t) += Q(t, j) * p(j);
      pQp += p(t) * Qp(t);
    }
    double max_error = 0;
    for (Eigen::Index t = 0; t < k; ++t) max_error = std::max(max_error, std::fabs(Qp(t) - pQp));
    if (max_error < eps) break;
    for (Eigen::Index t = 0; t < k; ++t) {
      const double diff = (-Qp(t) + pQp) / Q(t, t);
      p(t) += diff;
      pQp = (pQp + diff * (diff * Q(t, t) + 2 * Qp(t))) / (1 + diff) / (1 + diff);
      for (Eigen::Index j = 0; j < k; ++j) {
        Qp(j) = (Qp(j) + diff * Q(t, j)) / (1 + diff);
        p(j) /= (1 + diff);
      }
    }
  }
  return p;
}

/// @brief The class probabilities of each row of LIBSVM's decision values `raw` (one column per
/// pair), one column per class in the model's class order, as svm_predict_probability computes
/// them: each pair's sigmoid kept within [1e-7, 1 − 1e-7], then coupled in LIBSVM's order of the
/// classes (model.vote_rank when set); LIBSVM takes two classes' sigmoid as it is, scikit-learn
/// couples them too (its coupling stops within 0.0025, so the two differ by up to that).
template <typename Scalar>
Eigen::MatrixXd class_probabilities(const Model<Scalar>& model, const Eigen::MatrixXd& raw,
                                    ProbabilityConvention convention) {
  constexpr double kMinProbability = 1e-7;
  const Eigen::Index k = model.label.size();
  // rank_of[c]: class c's place in LIBSVM's order; class_at[i] the class at place i.
  std::vector<Eigen::Index> class_at(static_cast<std::size_t>(k));
  for (Eigen::Index c = 0; c < k; ++c)
    class_at[static_cast<std::size_t>(model.vote_rank.size() != 0 ? model.vote_rank(c) : c)] = c;
  Eigen::MatrixXd out(raw.rows(), k);
  Eigen::MatrixXd r(k, k);
  for (Eigen::Index row = 0; row < raw.rows(); ++row) {
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = i + 1; j < k; ++j) {
        const Eigen::Index a = class_at[static_cast<std::size_t>(i)];
        const Eigen::Index b = class_at[static_cast<std::size_t>(j)];
        const Eigen::Index pair = pair_position(std::min(a, b), std::max(a, b), k);
        const double f = a < b ? raw(row, pair) : -raw(row, pair);
        const Sigmoid s{model.probA(pair), a < b ? model.probB(pair) : -model.probB(pair)};
        r(i, j) =
            std::min(std::max(sigmoid_probability(f, s), kMinProbability), 1 - kMinProbability);
        r(j, i) = 1 - r(i, j);
      }
    Eigen::VectorXd p(k);
    if (k == 2 && convention == ProbabilityConvention::libsvm) {
      p << r(0, 1), r(1, 0);
    } else {
      p = couple_pairwise(r);
    }
    for (Eigen::Index i = 0; i < k; ++i) out(row, class_at[static_cast<std::size_t>(i)]) = p(i);
  }
  return out;
}

/// @brief A regression's probability model (svm-train -b 1): the scale σ of the Laplace
/// distribution e^(−|z|/σ)/(2σ) of the cross-validated residuals z, their mean absolute value once
/// those beyond 5 standard deviations of that distribution are left out.
inline double laplace_scale(const Eigen::VectorXd& residuals) {
  const double mae = residuals.cwiseAbs().mean();
  const double deviation = std::sqrt(2 * mae * mae);
  double sum = 0;
  Eigen::Index kept = 0;
  for (const double z : residuals)
    if (!(std::fabs(z) > 5 * deviation)) {
      sum += std::fabs(z);
      ++kept;
    }
  return sum / static_cast<double>(kept);
}

/// @brief The shuffle of each pair's samples for its internal cross-validation, as LIBSVM deals
/// them: pair p has size[p] samples, the first n_first[p] of its first class; the draws run over
/// the pairs in order.
///
/// scikit-learn's fork seeds its generator at every fit, and each fold's fit is a fit of its own:
/// after a pair whose folds fitted anything, the next pair draws from the freshly seeded generator
/// again. That is reproduced here, so the folds are scikit-learn's.
inline std::vector<std::vector<Eigen::Index>> fold_shuffles(
    const std::vector<Eigen::Index>& size, const std::vector<Eigen::Index>& n_first,
    const ProbabilityOptions& options) {
  std::vector<std::vector<Eigen::Index>> shuffles;
  sklite::detail::GlibcRand glibc;
  sklite::detail::ForkRand fork(options.seed);
  for (std::size_t p = 0; p < size.size(); ++p) {
    const Eigen::Index l = size[p];
    std::vector<Eigen::Index> perm(static_cast<std::size_t>(l));
    for (Eigen::Index i = 0; i < l; ++i) perm[static_cast<std::size_t>(i)] = i;
    for (Eigen::Index i = 0; i < l; ++i) {
      const auto range = static_cast<std::uint32_t>(l - i);
      const Eigen::Index j = i + (options.convention == ProbabilityConvention::libsvm
                                      ? glibc() % static_cast<int>(range)
                                      : static_cast<Eigen::Index>(fork(range)));
      std::swap(perm[static_cast<std::size_t>(i)], perm[static_cast<std::size_t>(j)]);
    }
    bool fitted = false;
    for (int fold = 0; fold < kProbabilityFolds; ++fold) {
      const Eigen::Index begin = fold * l / kProbabilityFolds;
      const Eigen::Index end = (fold + 1) * l / kProbabilityFolds;
      Eigen::Index first = 0;
      for (Eigen::Index i = 0; i < l; ++i)
        if ((i < begin || i >= end) && perm[static_cast<std::size_t>(i)] < n_first[p]) ++first;
      if (first > 0 && first < l - (end - begin)) fitted = true;
    }
    if (fitted) fork = sklite::detail::ForkRand(options.seed);
    shuffles.push_back(std::move(perm));
  }
  return shuffles;
}

}  // namespace sklite::svm

#endif  // SKLITE_SVM_PROBABILITY_HPP

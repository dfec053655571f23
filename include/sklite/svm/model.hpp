// sklite: the fitted SVM in LIBSVM's layout, which fit builds, predict uses and model files hold,
// and its decision values.
#ifndef SKLITE_SVM_MODEL_HPP
#define SKLITE_SVM_MODEL_HPP

#include <Eigen/Core>
#include <algorithm>
#include <numeric>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sklite/detail/parallel.hpp"
#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"
#include "sklite/kernels.hpp"
#include "sklite/svm/formulations.hpp"

namespace sklite::svm {

/// @brief A fitted SVM as LIBSVM holds it (its `svm_model`): what every sklite SVM estimator keeps,
/// what save() writes and load() reads. scikit-learn's fitted attributes are views of it.
///
/// **Classifiers** (c_svc, nu_svc) with k classes have one decision function per pair of classes
/// (a, b), a < b in class order, listed (0, 1), (0, 2), …, (k − 2, k − 1); it is positive for a.
/// The support vectors are grouped by class (`nr_sv` of each); in the function of (a, b) the
/// coefficients of a's support vectors are in row b − 1 of `sv_coef` and those of b's in row a.
/// **One-class SVMs and regressions** have one function, one row of coefficients and no classes.
/// Each decision function is Σ_s coefficient_s · k(SV_s, x) − rho.
///
/// @tparam Scalar the type the support vectors are stored in
template <typename Scalar = double>
struct Model {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  SVMType svm_type = SVMType::c_svc;
  kernels::KernelType kernel_type = kernels::KernelType::rbf;
  /// γ, coef0 and degree as the kernel uses them (γ resolved from "scale" or "auto").
  kernels::KernelParameters kernel{};
  /// Classifiers: the class labels, in class order; empty otherwise.
  Eigen::VectorXi label;
  /// Classifiers: the number of support vectors of each class; empty otherwise.
  Eigen::VectorXi nr_sv;
  /// The constant of each decision function.
  Eigen::VectorXd rho;
  /// Probability models when fitted (Platt's sigmoid per pair of classes; a regression's Laplace
  /// scale in probA alone); empty otherwise.
  Eigen::VectorXd probA;
  Eigen::VectorXd probB;
  /// The coefficients: (k − 1) × total_sv for classifiers, 1 × total_sv otherwise.
  Eigen::MatrixXd sv_coef;
  /// The support vectors, one per row; 0 × 0 for a precomputed kernel.
  Matrix SV;
  /// The training row of each support vector (0-based). For a precomputed kernel these name the
  /// columns of the kernel matrix predict takes (a model file writes them as 1-based serials).
  /// Empty when unknown: a model read from a file, except with a precomputed kernel.
  Eigen::VectorXi sv_indices;
  /// The width of the inputs: the number of features (or of training samples, for a precomputed
  /// kernel) at fit; for a model read from a file, the largest feature index (or serial) its
  /// support vectors use, and inputs may be wider.
  Eigen::Index n_features = 0;
  /// The rank of each class in LIBSVM's order, for a classifier read from a file whose labels
  /// were not ascending: LIBSVM gives a tie between votes to the class it lists first, and a file
  /// is written back in its own order. Empty: the classes' own order.
  Eigen::VectorXi vote_rank;

  /// The number of classes: LIBSVM counts 2 for one-class SVMs and regressions.
  Eigen::Index nr_class() const { return is_classification(svm_type) ? label.size() : 2; }
  /// The number of support vectors.
  Eigen::Index total_sv() const { return sv_coef.cols(); }
  /// The first support vector of each class (classifiers).
  Eigen::VectorXi sv_start() const {
    Eigen::VectorXi start = Eigen::VectorXi::Zero(nr_sv.size());
    for (Eigen::Index c = 1; c < nr_sv.size(); ++c) start(c) = start(c - 1) + nr_sv(c - 1);
    return start;
  }
  bool precomputed() const { return kernel_type == kernels::KernelType::precomputed; }
};

/// @brief Checks that a model's parts agree in size (as the reader makes them; a model built or
/// edited by hand may not).
/// @throws std::invalid_argument naming `function` and the sizes
template <typename Scalar>
void check_model(std::string_view function, const Model<Scalar>& model) {
  const bool classifier = is_classification(model.svm_type);
  const Eigen::Index k = model.nr_class();
  const Eigen::Index n = model.total_sv();
  const Eigen::Index n_pairs = k * (k - 1) / 2;
  if (k < 2 || (classifier && model.nr_sv.size() != k) || model.rho.size() != n_pairs ||
      model.sv_coef.rows() != k - 1 || (classifier && model.nr_sv.sum() != n) ||
      (model.probA.size() != 0 && model.probA.size() != n_pairs) ||
      (model.probB.size() != 0 && model.probB.size() != n_pairs) ||
      (model.vote_rank.size() != 0 && model.vote_rank.size() != k) ||
      (model.precomputed() ? model.sv_indices.size() != n : model.SV.rows() != n))
    sklite::detail::throw_invalid(function, "the model's parts disagree in size: nr_class ", k,
                                  ", nr_sv ", model.nr_sv.size(), " values, rho ", model.rho.size(),
                                  ", sv_coef ", model.sv_coef.rows(), " x ", n, ", SV ",
                                  model.precomputed() ? model.sv_indices.size() : model.SV.rows(),
                                  " rows");
}

/// @brief The position of the pair (a, b), a < b, among the k(k − 1)/2 pairs in LIBSVM's order.
inline Eigen::Index pair_position(Eigen::Index a, Eigen::Index b, Eigen::Index k) {
  return a * k - a * (a + 1) / 2 + (b - a - 1);
}

/// @brief The row of sv_coef that holds the coefficients of class c's support vectors in the
/// decision function of c and `other` (LIBSVM's layout: the k − 1 other classes in order).
inline Eigen::Index coef_row(Eigen::Index c, Eigen::Index other) {
  return other < c ? other : other - 1;
}

/// @brief The kernel `kernel` set to the model's kernel: kernels::Any takes its type and
/// parameters, a built-in kernel its parameters; a user kernel is used as it is.
template <typename Kernel, typename Scalar>
Kernel model_kernel(Kernel kernel, const Model<Scalar>& model) {
  if constexpr (std::is_same_v<Kernel, kernels::Any>) {
    kernel.type = model.kernel_type;
    kernel.parameters = model.kernel;
  } else if constexpr (kernels::takes_parameters_v<Kernel>) {
    kernel = Kernel::from_parameters(model.kernel);
  }
  return kernel;
}

/// @brief The kernel values k(x, sv) between the rows x of X and every support vector: one matrix
/// product for kernels with a dot form. For a precomputed kernel X holds kernel values against
/// the training samples already, and these are its columns at the support vectors' indices.
/// X must be at least as wide as the support vectors (beyond their width they count as 0, as in
/// LIBSVM's sparse rows).
template <typename Scalar, typename Kernel, typename Derived>
Eigen::MatrixXd support_kernel(const Model<Scalar>& model, const Kernel& kernel,
                               const Eigen::MatrixBase<Derived>& X) {
  const Eigen::Index n_sv = model.total_sv();
  Eigen::MatrixXd K(X.rows(), n_sv);
  if (model.precomputed()) {
    for (Eigen::Index s = 0; s < n_sv; ++s)
      K.col(s) = X.col(model.sv_indices(s)).template cast<double>();
    return K;
  }
  using Matrix = typename Model<Scalar>::Matrix;
  kernels::visit_kernel(kernel, [&](const auto& k) {
    using K_t = std::decay_t<decltype(k)>;
    if constexpr (!std::is_same_v<K_t, kernels::Precomputed>) {
      const Matrix x = X.template cast<Scalar>();
      const Eigen::VectorXd x_sq = x.template cast<double>().rowwise().squaredNorm();
      if (X.cols() == model.SV.cols()) {
        const Eigen::VectorXd sv_sq = model.SV.template cast<double>().rowwise().squaredNorm();
        kernels::detail::kernel_block(k, x, x_sq, model.SV, sv_sq, K);
      } else {  // a wider X: the support vectors are 0 beyond their width
        Matrix wide = Matrix::Zero(n_sv, X.cols());
        wide.leftCols(model.SV.cols()) = model.SV;
        const Eigen::VectorXd wide_sq = wide.template cast<double>().rowwise().squaredNorm();
        kernels::detail::kernel_block(k, x, x_sq, wide, wide_sq, K);
      }
    }
  });
  return K;
}

/// @brief LIBSVM's decision values of the rows of X: for a classifier one column per pair of
/// classes, positive for the pair's first class; otherwise one column, Σ coef · k − rho.
///
/// Rows go in chunks on `threads` threads: the kernel values against every support vector as one
/// matrix product, then the sums as a second one. A support vector of class c has coefficients
/// only in the k − 1 pairs of c (coef_row), so the pair sums are one product per class:
/// (k − 1)·n_SV multiply-adds per row.
/// `kernel` is the model's kernel (model_kernel); X is checked by the caller.
template <typename Scalar, typename Kernel, typename Derived>
Eigen::MatrixXd decision_values(const Model<Scalar>& model, const Kernel& kernel,
                                const Eigen::MatrixBase<Derived>& X, int threads) {
  constexpr Eigen::Index kChunk = 256;
  const Eigen::Index n_chunks = (X.rows() + kChunk - 1) / kChunk;
  const bool classifier = is_classification(model.svm_type);
  const Eigen::Index k = model.label.size();
  const Eigen::VectorXi start = model.sv_start();
  Eigen::MatrixXd raw(X.rows(), model.rho.size());
  sklite::detail::parallel_for(
      n_chunks,
      static_cast<int>(std::max<Eigen::Index>(1, std::min<Eigen::Index>(threads, n_chunks))),
      [&](Eigen::Index chunk) {
        const Eigen::Index first = chunk * kChunk;
        const Eigen::Index count = std::min(kChunk, X.rows() - first);
        const Eigen::MatrixXd K = support_kernel(model, kernel, X.middleRows(first, count));
        auto rows = raw.middleRows(first, count);
        rows.rowwise() = -model.rho.transpose();
        if (!classifier) {
          rows.col(0).noalias() += K * model.sv_coef.row(0).transpose();
          return;
        }
        Eigen::MatrixXd sums;
        for (Eigen::Index c = 0; c < k; ++c) {
          if (model.nr_sv(c) == 0) continue;
          sums.noalias() = K.middleCols(start(c), model.nr_sv(c)) *
                           model.sv_coef.middleCols(start(c), model.nr_sv(c)).transpose();
          for (Eigen::Index o = 0; o < k; ++o)
            if (o != c)
              rows.col(pair_position(std::min(c, o), std::max(c, o), k)) +=
                  sums.col(coef_row(c, o));
        }
      });
  return raw;
}

/// @brief The class each row of LIBSVM's decision values `raw` votes for: each pair (a, b) gives
/// its vote to a when its value is > 0 and to b otherwise; a tie between votes goes to the class
/// LIBSVM lists first (the lower vote_rank, or the lower class position).
template <typename Scalar>
Eigen::VectorXi vote(const Model<Scalar>& model, const Eigen::MatrixXd& raw) {
  const Eigen::Index k = model.label.size();
  const Eigen::VectorXi& rank = model.vote_rank;
  Eigen::VectorXi out(raw.rows());
  std::vector<int> votes(static_cast<std::size_t>(k));
  for (Eigen::Index r = 0; r < raw.rows(); ++r) {
    std::fill(votes.begin(), votes.end(), 0);
    Eigen::Index pair = 0;
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b, ++pair)
        ++votes[static_cast<std::size_t>(raw(r, pair) > 0 ? a : b)];
    Eigen::Index best = 0;
    for (Eigen::Index c = 1; c < k; ++c) {
      const int v = votes[static_cast<std::size_t>(c)];
      const int top = votes[static_cast<std::size_t>(best)];
      if (v > top || (v == top && rank.size() != 0 && rank(c) < rank(best))) best = c;
    }
    out(r) = static_cast<int>(best);
  }
  return out;
}

/// @brief The same classifier with its classes in the order `order` (order[c] is the position in
/// `model` of the class to put at position c; empty means ascending labels).
///
/// The groups of support vectors, their coefficient rows and rho follow the classes; a pair whose
/// two classes change order changes sign (its coefficients, rho and probB), so every decision
/// value is the same up to that sign and each class's vote is unchanged.
template <typename Scalar>
Model<Scalar> reorder_classes(const Model<Scalar>& model, std::vector<Eigen::Index> order = {}) {
  const Eigen::Index k = model.label.size();
  if (order.empty()) {
    order.resize(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::sort(order.begin(), order.end(),
              [&](Eigen::Index a, Eigen::Index b) { return model.label(a) < model.label(b); });
  }
  SKLITE_ASSERT(static_cast<Eigen::Index>(order.size()) == k);
  Model<Scalar> out = model;
  const Eigen::VectorXi start = model.sv_start();
  const bool indexed = model.sv_indices.size() != 0;
  Eigen::Index s = 0;  // position in out
  for (Eigen::Index c = 0; c < k; ++c) {
    const Eigen::Index fc = order[static_cast<std::size_t>(c)];
    out.label(c) = model.label(fc);
    out.nr_sv(c) = model.nr_sv(fc);
    if (model.vote_rank.size() != 0) out.vote_rank(c) = model.vote_rank(fc);
    for (Eigen::Index o = start(fc); o < start(fc) + model.nr_sv(fc); ++o, ++s) {
      if (indexed) out.sv_indices(s) = model.sv_indices(o);
      if (model.SV.cols() > 0) out.SV.row(s) = model.SV.row(o);  // (an Eigen row needs columns)
      for (Eigen::Index d = 0; d < k; ++d) {
        if (d == c) continue;
        const Eigen::Index fd = order[static_cast<std::size_t>(d)];
        const double value = model.sv_coef(coef_row(fc, fd), o);
        const bool same_orientation = (fd > fc) == (d > c);
        out.sv_coef(coef_row(c, d), s) = same_orientation || value == 0 ? value : -value;
      }
    }
  }
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = a + 1; b < k; ++b) {
      const Eigen::Index fa = order[static_cast<std::size_t>(a)];
      const Eigen::Index fb = order[static_cast<std::size_t>(b)];
      const Eigen::Index from = pair_position(std::min(fa, fb), std::max(fa, fb), k);
      const Eigen::Index to = pair_position(a, b, k);
      const double sign = fa < fb ? 1.0 : -1.0;
      out.rho(to) = sign * model.rho(from);
      // Platt's P(first class) = 1 / (1 + exp(A f + B)): swapping the classes negates f and
      // takes the complement, which keeps A and negates B.
      if (model.probA.size() != 0) out.probA(to) = model.probA(from);
      if (model.probB.size() != 0) out.probB(to) = sign * model.probB(from);
    }
  return out;
}

}  // namespace sklite::svm

#endif  // SKLITE_SVM_MODEL_HPP

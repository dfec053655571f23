// sklite: kernel functions as policy classes.
#ifndef SKLITE_KERNELS_HPP
#define SKLITE_KERNELS_HPP

#include <Eigen/Core>
#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>

#include "sklite/detail/validation.hpp"
#include "sklite/errors.hpp"

/// @brief Kernel functions k(x, z) for kernel methods.
///
/// **The kernel contract.** A kernel is a small copyable class with
/// @code
/// template <typename A, typename B>
/// double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const;
/// @endcode
/// taking two rows (samples) of equal length and returning k(x, z). It must be symmetric
/// (k(x, z) == k(z, x)), const and safe to call from several threads at once. For a kernel of
/// Mercer type the SVM problem is convex; others (such as sigmoid) work too, as in LIBSVM.
///
/// Built-in kernels are also functions of ⟨x, z⟩, ‖x‖² and ‖z‖² only; they say so by providing
/// `double from_dot(double dot, double x_sq, double z_sq) const`, which lets the solver compute a
/// whole kernel column as one matrix-vector product. Built-in kernels also provide
/// `static K from_parameters(const KernelParameters&)`, through which an estimator hands them its
/// `gamma`, `coef0` and `degree`.
namespace sklite::kernels {

/// @brief The hyper-parameters an estimator hands to a built-in kernel.
struct KernelParameters {
  double gamma = 1.0;  ///< γ of poly, rbf and sigmoid
  double coef0 = 0.0;  ///< the constant term of poly and sigmoid
  int degree = 3;      ///< the degree of poly
};

/// @brief The built-in kernels, by name.
enum class KernelType { linear, poly, rbf, sigmoid, precomputed };

/// @brief scikit-learn's name of a kernel type ("linear", "poly", "rbf", "sigmoid", "precomputed").
inline const char* kernel_name(KernelType type) {
  switch (type) {
    case KernelType::linear:
      return "linear";
    case KernelType::poly:
      return "poly";
    case KernelType::rbf:
      return "rbf";
    case KernelType::sigmoid:
      return "sigmoid";
    case KernelType::precomputed:
      return "precomputed";
  }
  return "unknown";
}

/// @brief The kernel type named `name`, as scikit-learn spells it.
/// @throws std::invalid_argument for an unknown name.
inline KernelType kernel_type_from_name(std::string_view name) {
  for (const KernelType type : {KernelType::linear, KernelType::poly, KernelType::rbf,
                                KernelType::sigmoid, KernelType::precomputed})
    if (name == kernel_name(type)) return type;
  detail::throw_invalid("kernel", "unknown kernel '", name,
                        "'; expected one of 'linear', 'poly', 'rbf', 'sigmoid', 'precomputed'");
}

/// @brief x^n for a non-negative integer n by repeated squaring (LIBSVM's powi), so that
/// polynomial kernels give the same bits as LIBSVM.
inline double integer_power(double base, int exponent) {
  double result = 1.0;
  for (int n = exponent; n > 0; n /= 2) {
    if (n % 2 == 1) result *= base;
    base *= base;
  }
  return result;
}

/// @brief k(x, z) = ⟨x, z⟩.
struct Linear {
  static constexpr KernelType type = KernelType::linear;
  static Linear from_parameters(const KernelParameters&) { return {}; }
  double from_dot(double dot, double, double) const { return dot; }
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return static_cast<double>(x.dot(z));
  }
};

/// @brief k(x, z) = (γ⟨x, z⟩ + coef0)^degree.
struct Polynomial {
  static constexpr KernelType type = KernelType::poly;
  double gamma = 1.0;
  double coef0 = 0.0;
  int degree = 3;
  static Polynomial from_parameters(const KernelParameters& p) {
    return {p.gamma, p.coef0, p.degree};
  }
  double from_dot(double dot, double, double) const {
    return integer_power(gamma * dot + coef0, degree);
  }
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return from_dot(static_cast<double>(x.dot(z)), 0, 0);
  }
};

/// @brief k(x, z) = exp(−γ‖x − z‖²), the Gaussian radial basis function.
struct RBF {
  static constexpr KernelType type = KernelType::rbf;
  double gamma = 1.0;
  static RBF from_parameters(const KernelParameters& p) { return {p.gamma}; }
  double from_dot(double dot, double x_sq, double z_sq) const {
    return std::exp(-gamma * (x_sq + z_sq - 2 * dot));
  }
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return std::exp(-gamma * static_cast<double>((x - z).squaredNorm()));
  }
};

/// @brief k(x, z) = tanh(γ⟨x, z⟩ + coef0). Not positive semi-definite in general.
struct Sigmoid {
  static constexpr KernelType type = KernelType::sigmoid;
  double gamma = 1.0;
  double coef0 = 0.0;
  static Sigmoid from_parameters(const KernelParameters& p) { return {p.gamma, p.coef0}; }
  double from_dot(double dot, double, double) const { return std::tanh(gamma * dot + coef0); }
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return from_dot(static_cast<double>(x.dot(z)), 0, 0);
  }
};

/// @brief The caller supplies the kernel matrix itself: `fit` takes the n×n Gram matrix of the
/// training samples and `predict` the n_test×n_train matrix between test and training samples.
struct Precomputed {
  static constexpr KernelType type = KernelType::precomputed;
  static Precomputed from_parameters(const KernelParameters&) { return {}; }
};

/// @brief A built-in kernel chosen at run time (what `sklite::SVC` uses, as scikit-learn does).
struct Any {
  KernelType type = KernelType::rbf;
  KernelParameters parameters{};

  double from_dot(double dot, double x_sq, double z_sq) const {
    switch (type) {
      case KernelType::linear:
        return dot;
      case KernelType::poly:
        return Polynomial::from_parameters(parameters).from_dot(dot, x_sq, z_sq);
      case KernelType::rbf:
        return RBF::from_parameters(parameters).from_dot(dot, x_sq, z_sq);
      case KernelType::sigmoid:
        return Sigmoid::from_parameters(parameters).from_dot(dot, x_sq, z_sq);
      case KernelType::precomputed:
        break;
    }
    detail::throw_invalid("kernels::Any", "a precomputed kernel has no kernel function");
  }
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return from_dot(static_cast<double>(x.dot(z)), static_cast<double>(x.squaredNorm()),
                    static_cast<double>(z.squaredNorm()));
  }
};

/// @brief Calls `f` with the concrete kernel: for `Any`, the built-in kernel it names (so that
/// loops inside `f` are compiled for that kernel alone); for any other kernel, the kernel itself.
template <typename Kernel, typename F>
decltype(auto) visit_kernel(const Kernel& kernel, F&& f) {
  if constexpr (std::is_same_v<Kernel, Any>) {
    switch (kernel.type) {
      case KernelType::linear:
        return f(Linear{});
      case KernelType::poly:
        return f(Polynomial::from_parameters(kernel.parameters));
      case KernelType::rbf:
        return f(RBF::from_parameters(kernel.parameters));
      case KernelType::sigmoid:
        return f(Sigmoid::from_parameters(kernel.parameters));
      case KernelType::precomputed:
        break;
    }
    return f(Precomputed{});
  } else {
    return f(kernel);
  }
}

namespace detail {
template <typename K, typename = void>
struct has_from_dot : std::false_type {};
template <typename K>
struct has_from_dot<K, std::void_t<decltype(std::declval<const K&>().from_dot(0.0, 0.0, 0.0))>>
    : std::true_type {};
template <typename K, typename = void>
struct has_from_parameters : std::false_type {};
template <typename K>
struct has_from_parameters<K, std::void_t<decltype(K::from_parameters(KernelParameters{}))>>
    : std::true_type {};
template <typename K, typename = void>
struct has_type : std::false_type {};
template <typename K>
struct has_type<K, std::void_t<decltype(K::type)>> : std::true_type {};
}  // namespace detail

/// True for kernels that are functions of ⟨x, z⟩, ‖x‖², ‖z‖² (see the contract above).
template <typename K>
inline constexpr bool has_dot_form_v = detail::has_from_dot<K>::value;
/// True for kernels that take their hyper-parameters from the estimator.
template <typename K>
inline constexpr bool takes_parameters_v = detail::has_from_parameters<K>::value;

namespace detail {

/// Below this argument exp(x) leaves the normal doubles (exp(−708.3964) ≈ 2.2251e−308).
inline constexpr double kExpNormalFloor = -708.3964;

/// @brief values[i] ← exp(values[i]) for i < n: Eigen's vectorized exp, except for arguments
/// below kExpNormalFloor, which take std::exp. Eigen 3.4's packet exp returns about 5.56e−309 for
/// every argument below −709.78 instead of underflowing to subnormals and then 0.
inline void exp_in_place(double* values, Eigen::Index n) {
  if (n == 0) return;
  Eigen::Map<Eigen::ArrayXd> x(values, n);
  if (x.minCoeff() >= kExpNormalFloor) {
    x = x.exp();
    return;
  }
  // Rare (far-apart points at a large gamma): Eigen's values elsewhere, so that a kernel value
  // never depends on which other points share its column.
  const Eigen::ArrayXd vectorized = x.exp();
  for (Eigen::Index i = 0; i < n; ++i)
    x(i) = x(i) < kExpNormalFloor ? std::exp(x(i)) : vectorized(i);
}

/// @brief Turns dot products into kernel values in place: out(r, c) ← k from ⟨a_r, b_c⟩ = out(r, c)
/// and the squared norms a_sq(r), b_sq(c), for a kernel with a dot form.
template <typename K>
void from_dots(const K& kernel, const Eigen::Ref<const Eigen::VectorXd>& a_sq,
               const Eigen::Ref<const Eigen::VectorXd>& b_sq, Eigen::Ref<Eigen::MatrixXd> out) {
  static_assert(has_dot_form_v<K> && !std::is_same_v<K, Any>,
                "from_dots takes a concrete kernel with a dot form");
  if constexpr (std::is_same_v<K, RBF>) {
    // exp(−γ(‖a‖² + ‖b‖² − 2⟨a, b⟩)), summed in LIBSVM's order, vectorized down the columns, or
    // along the row when there is one (a kernel column for the solver).
    if (out.rows() == 1 && out.outerStride() == 1) {
      Eigen::Map<Eigen::RowVectorXd> row(out.data(), out.cols());
      row = -kernel.gamma * ((a_sq(0) + b_sq.transpose().array()) - 2.0 * row.array());
      exp_in_place(row.data(), row.size());
    } else {
      for (Eigen::Index c = 0; c < out.cols(); ++c) {
        out.col(c) = -kernel.gamma * ((a_sq.array() + b_sq(c)) - 2.0 * out.col(c).array());
        exp_in_place(out.col(c).data(), out.rows());
      }
    }
  } else if constexpr (!std::is_same_v<K, Linear>) {
    for (Eigen::Index c = 0; c < out.cols(); ++c)
      for (Eigen::Index r = 0; r < out.rows(); ++r)
        out(r, c) = kernel.from_dot(out(r, c), a_sq(r), b_sq(c));
  }
}

/// @brief out(r, c) = k(a_r, b_c) for the rows of A and B, whose squared norms are a_sq and b_sq
/// (unused unless the kernel has a dot form).
///
/// Kernels with a dot form cost one matrix product A·Bᵀ (Eigen's GEMM, in double whatever the
/// rows' scalar type) followed by from_dots. Other kernels are called once per pair of rows.
/// `out` must have A.rows() rows and B.rows() columns.
template <typename K, typename DA, typename DB>
void kernel_block(const K& kernel, const Eigen::MatrixBase<DA>& A,
                  const Eigen::Ref<const Eigen::VectorXd>& a_sq, const Eigen::MatrixBase<DB>& B,
                  const Eigen::Ref<const Eigen::VectorXd>& b_sq, Eigen::Ref<Eigen::MatrixXd> out) {
  static_assert(!std::is_same_v<K, Precomputed> && !std::is_same_v<K, Any>,
                "kernel_block takes a concrete kernel with a kernel function");
  SKLITE_ASSERT(out.rows() == A.rows() && out.cols() == B.rows());
  if constexpr (has_dot_form_v<K>) {
    // In double whatever the rows' type: float dot products move the solution of float training
    // by more than the parity tolerance.
    if constexpr (std::is_same_v<typename DA::Scalar, double> &&
                  std::is_same_v<typename DB::Scalar, double>)
      out.noalias() = A * B.transpose();
    else
      out.noalias() = A.template cast<double>() * B.template cast<double>().transpose();
    from_dots(kernel, a_sq, b_sq, out);
  } else {
    for (Eigen::Index c = 0; c < out.cols(); ++c)
      for (Eigen::Index r = 0; r < out.rows(); ++r) out(r, c) = kernel(A.row(r), B.row(c));
  }
}

}  // namespace detail

/// @brief The kernel matrix K(i, j) = k(a_i, b_j) between the rows of A and the rows of B
/// (scikit-learn's `pairwise_kernels`).
///
/// For the built-in kernels this is one matrix product plus an element-wise pass, so it runs at
/// close to GEMM speed. Dot products and values are in double whatever the scalar type of A and B.
/// @throws std::invalid_argument when A and B have different numbers of columns, or for a
///   precomputed kernel (which has no kernel function)
template <typename Kernel, typename DA, typename DB>
Eigen::MatrixXd kernel_matrix(const Kernel& kernel, const Eigen::MatrixBase<DA>& A,
                              const Eigen::MatrixBase<DB>& B) {
  static_assert(std::is_same_v<typename DA::Scalar, typename DB::Scalar>,
                "kernel_matrix: A and B must have the same scalar type");
  if (A.cols() != B.cols())
    sklite::detail::throw_invalid("kernels::kernel_matrix",
                                  "A and B must have the same number of columns; got ", A.cols(),
                                  " and ", B.cols());
  Eigen::MatrixXd K;
  visit_kernel(kernel, [&](const auto& k) {
    using K_t = std::decay_t<decltype(k)>;
    if constexpr (std::is_same_v<K_t, Precomputed>) {
      sklite::detail::throw_invalid("kernels::kernel_matrix",
                                    "a precomputed kernel has no kernel function");
    } else {
      const Eigen::VectorXd a_sq = A.template cast<double>().rowwise().squaredNorm();
      const Eigen::VectorXd b_sq = B.template cast<double>().rowwise().squaredNorm();
      K.resize(A.rows(), B.rows());
      detail::kernel_block(k, A, a_sq, B, b_sq, K);
    }
  });
  return K;
}

}  // namespace sklite::kernels

#endif  // SKLITE_KERNELS_HPP

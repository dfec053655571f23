// Kernel values against scikit-learn's pairwise kernels, and the kernel contract's traits.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <sklite/kernels.hpp>
#include <stdexcept>
#include <string>

#include "support/fixtures.hpp"

using sklite::testing::load_fixture;
using sklite::testing::to_matrix;

namespace {

template <typename Kernel>
Eigen::MatrixXd pairwise(const Kernel& kernel, const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z) {
  Eigen::MatrixXd K(X.rows(), Z.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    for (Eigen::Index j = 0; j < Z.rows(); ++j) K(i, j) = kernel(X.row(i), Z.row(j));
  return K;
}

template <typename Kernel>
Eigen::MatrixXd pairwise_from_dot(const Kernel& kernel, const Eigen::MatrixXd& X,
                                  const Eigen::MatrixXd& Z) {
  Eigen::MatrixXd K(X.rows(), Z.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    for (Eigen::Index j = 0; j < Z.rows(); ++j)
      K(i, j) =
          kernel.from_dot(X.row(i).dot(Z.row(j)), X.row(i).squaredNorm(), Z.row(j).squaredNorm());
  return K;
}

}  // namespace

TEST_CASE("kernels: values match scikit-learn's pairwise kernels, both forms, typed and Any") {
  const auto fixture = load_fixture("kernels/pairwise.json");
  const Eigen::MatrixXd X = to_matrix(fixture["X"]);
  const Eigen::MatrixXd Z = to_matrix(fixture["Z"]);
  for (const auto& c : fixture["cases"]) {
    const std::string name = c["kernel"].get<std::string>();
    INFO("kernel ", name, " ", c["params"].dump());
    const Eigen::MatrixXd expected = to_matrix(c["K"]);
    sklite::kernels::KernelParameters p;
    p.gamma = c["params"].value("gamma", 1.0);
    p.coef0 = c["params"].value("coef0", 0.0);
    p.degree = c["params"].value("degree", 3);
    sklite::kernels::Any any{sklite::kernels::kernel_type_from_name(name), p};
    CHECK(pairwise(any, X, Z).isApprox(expected, 1e-12));
    CHECK(pairwise_from_dot(any, X, Z).isApprox(expected, 1e-12));
    CHECK(sklite::kernels::kernel_matrix(any, X, Z).isApprox(expected, 1e-12));
    sklite::kernels::visit_kernel(any, [&](const auto& typed) {
      using K = std::decay_t<decltype(typed)>;
      if constexpr (!std::is_same_v<K, sklite::kernels::Precomputed>) {
        CHECK(std::string(sklite::kernels::kernel_name(K::type)) == name);
        CHECK(pairwise(typed, X, Z).isApprox(expected, 1e-12));
        CHECK(pairwise(typed, Z, X).isApprox(expected.transpose(), 1e-12));  // symmetric
      }
    });
  }
}

TEST_CASE("kernels: integer_power is exact repeated squaring") {
  CHECK(sklite::kernels::integer_power(2.0, 0) == 1.0);
  CHECK(sklite::kernels::integer_power(2.0, 10) == 1024.0);
  CHECK(sklite::kernels::integer_power(-1.5, 3) == -3.375);
}

TEST_CASE("kernels: names") {
  using sklite::kernels::KernelType;
  CHECK(sklite::kernels::kernel_type_from_name("sigmoid") == KernelType::sigmoid);
  CHECK(sklite::kernels::kernel_type_from_name("precomputed") == KernelType::precomputed);
  CHECK_THROWS_WITH_AS(sklite::kernels::kernel_type_from_name("Linear"),
                       "kernel: unknown kernel 'Linear'; expected one of 'linear', 'poly', 'rbf', "
                       "'sigmoid', 'precomputed'",
                       std::invalid_argument);
  const sklite::kernels::Any precomputed{KernelType::precomputed, {}};
  CHECK_THROWS_AS(precomputed.from_dot(1, 1, 1), std::invalid_argument);
}

namespace {
// A user kernel with only the required call operator.
struct Bare {
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return x.dot(z);
  }
};
}  // namespace

TEST_CASE("kernels: the traits tell built-in kernels from bare user kernels") {
  static_assert(sklite::kernels::has_dot_form_v<sklite::kernels::RBF>);
  static_assert(sklite::kernels::takes_parameters_v<sklite::kernels::Polynomial>);
  static_assert(!sklite::kernels::has_dot_form_v<Bare>);
  static_assert(!sklite::kernels::takes_parameters_v<Bare>);
  CHECK(pairwise(Bare{}, Eigen::MatrixXd::Identity(2, 2), Eigen::MatrixXd::Identity(2, 2)) ==
        Eigen::MatrixXd::Identity(2, 2));
}

namespace {
// A user kernel with no dot form: k(x, z) = −‖x − z‖₁.
struct L1 {
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return -(x - z).cwiseAbs().sum();
  }
};
}  // namespace

TEST_CASE("kernels: kernel_matrix agrees with the kernel function for every kind of kernel") {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Random(7, 5);
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Random(4, 5);
  // A user kernel without a dot form goes through its operator(), pair by pair.
  CHECK(sklite::kernels::kernel_matrix(L1{}, X, Z).isApprox(pairwise(L1{}, X, Z), 1e-15));
  const sklite::kernels::Polynomial poly{0.5, 1.0, 3};
  CHECK(sklite::kernels::kernel_matrix(poly, X, Z).isApprox(pairwise(poly, X, Z), 1e-13));
  // float rows: dot products in float, values in double.
  const Eigen::MatrixXf Xf = X.cast<float>();
  const Eigen::MatrixXf Zf = Z.cast<float>();
  const sklite::kernels::RBF rbf{0.3};
  CHECK(sklite::kernels::kernel_matrix(rbf, Xf, Zf).isApprox(pairwise(rbf, X, Z), 1e-5));
}

TEST_CASE("kernels: kernel_matrix refuses mismatched widths and the precomputed kernel") {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 2);
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Ones(3, 4);
  CHECK_THROWS_WITH_AS(
      sklite::kernels::kernel_matrix(sklite::kernels::RBF{}, X, Z),
      "kernels::kernel_matrix: A and B must have the same number of columns; got 2 and 4",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::kernels::kernel_matrix(sklite::kernels::Precomputed{}, X, X),
                       "kernels::kernel_matrix: a precomputed kernel has no kernel function",
                       std::invalid_argument);
}

TEST_CASE("kernels: rbf values agree with std::exp over the whole range, underflow included") {
  // exp(−x²) for x up to 30: normal values, subnormals (x² in [708.4, 745.1]) and exact zeros.
  const Eigen::Index n = 3001;
  Eigen::MatrixXd points(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) points(i, 0) = 0.01 * static_cast<double>(i);
  const Eigen::MatrixXd origin = Eigen::MatrixXd::Zero(1, 1);
  const sklite::kernels::RBF rbf{1.0};
  // One row (the solver's kernel column) and one column (the blocks of Gram and predict).
  const Eigen::MatrixXd along_row = sklite::kernels::kernel_matrix(rbf, origin, points);
  const Eigen::MatrixXd along_column = sklite::kernels::kernel_matrix(rbf, points, origin);
  int subnormal = 0;
  int zero = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double x = points(i, 0);
    const double expected = std::exp(-(x * x));
    for (const double got : {along_row(0, i), along_column(i, 0)}) {
      if (expected < std::numeric_limits<double>::min()) {
        REQUIRE_MESSAGE(got == expected, "x = ", x, ": got ", got, ", std::exp gives ", expected);
      } else {
        REQUIRE_MESSAGE(
            std::abs(got - expected) <= 2 * std::numeric_limits<double>::epsilon() * expected,
            "x = ", x, ": got ", got, ", std::exp gives ", expected);
      }
    }
    subnormal += expected > 0 && expected < std::numeric_limits<double>::min();
    zero += expected == 0;
  }
  // The grid reaches both regions Eigen's vectorized exp gets wrong.
  CHECK(subnormal > 10);
  CHECK(zero > 100);
}

// Plugging your own kernel into the SVC: any small class with a symmetric, const call operator on
// two samples is a kernel (see the kernel contract in <sklite/kernels.hpp>).
#include <cmath>
#include <iostream>
#include <sklite/sklite.hpp>

// The Laplacian kernel k(x, z) = exp(−γ‖x − z‖₁), which scikit-learn offers only as a function
// (sklearn.metrics.pairwise.laplacian_kernel) to be precomputed.
struct LaplacianKernel {
  double gamma = 0.01;

  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return std::exp(-gamma * (x - z).cwiseAbs().sum());
  }
};

int main() {
  const auto digits = sklite::datasets::load_digits();
  auto [X_train, X_test, y_train, y_test] =
      sklite::train_test_split(digits.data, digits.target, {.test_size = 0.5, .shuffle = false});

  // The kernel object carries its own parameters; C and the rest come from SVCParams as usual.
  sklite::BasicSVC<LaplacianKernel> laplacian({.C = 10}, LaplacianKernel{0.01});
  laplacian.fit(X_train, y_train);
  std::cout << "laplacian kernel: accuracy " << laplacian.score(X_test, y_test) << " with "
            << laplacian.support().size() << " support vectors\n";

  sklite::SVC rbf({.C = 100, .gamma = 0.001});
  rbf.fit(X_train, y_train);
  std::cout << "rbf kernel:       accuracy " << rbf.score(X_test, y_test) << " with "
            << rbf.support().size() << " support vectors\n";
}

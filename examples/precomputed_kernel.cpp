// Training on a precomputed kernel matrix: fit takes the n×n Gram matrix of the training samples,
// predict the n_test×n_train matrix between test and training samples. With the linear kernel's
// Gram matrix the model is the same as with kernel = "linear".
#include <iostream>
#include <sklite/sklite.hpp>

int main() {
  const auto digits = sklite::datasets::load_digits();
  auto [X_train, X_test, y_train, y_test] =
      sklite::train_test_split(digits.data, digits.target, {.test_size = 0.5, .shuffle = false});

  const Eigen::MatrixXd gram_train = X_train * X_train.transpose();  // n_train × n_train
  const Eigen::MatrixXd gram_test = X_test * X_train.transpose();    // n_test × n_train

  sklite::SVC precomputed({.kernel = "precomputed"});
  precomputed.fit(gram_train, y_train);
  const Eigen::VectorXi from_gram = precomputed.predict(gram_test);

  sklite::SVC linear({.kernel = "linear"});
  linear.fit(X_train, y_train);
  const Eigen::VectorXi from_features = linear.predict(X_test);

  std::cout << "precomputed linear kernel: accuracy "
            << sklite::metrics::accuracy_score(y_test, from_gram) << ", "
            << precomputed.support().size() << " support vectors\n";
  std::cout << "linear kernel:             accuracy "
            << sklite::metrics::accuracy_score(y_test, from_features) << ", "
            << linear.support().size() << " support vectors\n";
  std::cout << "same predictions: " << (from_gram == from_features ? "yes" : "no") << "\n";
  return from_gram == from_features ? 0 : 1;
}

// The four steps of every sklite estimator, on the bundled digits.
#include <iostream>
#include <sklite/sklite.hpp>

int main() {
  const auto digits = sklite::datasets::load_digits();
  auto [X_train, X_test, y_train, y_test] =
      sklite::train_test_split(digits.data, digits.target, {.test_size = 0.25, .random_state = 0});

  sklite::SVC clf({.C = 100, .gamma = 0.001});         // 1. make the model with its parameters
  clf.fit(X_train, y_train);                           // 2. fit it
  const Eigen::VectorXi y_pred = clf.predict(X_test);  // 3. predict

  std::cout << "accuracy: " << sklite::metrics::accuracy_score(y_test, y_pred) << "\n";
}

// A user's program: the bundled digits, a split and a metric, through the installed headers.
#include <sklite/sklite.hpp>

#include <iostream>

int main() {
  const auto digits = sklite::datasets::load_digits();
  auto [X_train, X_test, y_train, y_test] =
      sklite::train_test_split(digits.data, digits.target, {.test_size = 0.25, .random_state = 0});
  const double self_accuracy = sklite::metrics::accuracy_score(y_test, y_test);
  std::cout << "sklite " << sklite::version << ": train " << X_train.rows() << "x" << X_train.cols()
            << ", test " << X_test.rows() << ", accuracy of the labels against themselves "
            << self_accuracy << "\n";
  if (X_train.rows() != 1347 || X_test.rows() != 450 || self_accuracy != 1.0) return 1;
  std::cout << "sklite consumer OK\n";
  return 0;
}

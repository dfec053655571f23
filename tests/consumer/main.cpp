// A user's program, written as a scikit-learn user would write it, built against sklite through
// find_package or add_subdirectory. It prints the accuracy scikit-learn prints for the same split.
#include <sklite/sklite.hpp>

#include <iostream>

int main() {
  const auto digits = sklite::datasets::load_digits();

  // scikit-learn's digits example: the first half trains, the second half tests.
  auto [X_train, X_test, y_train, y_test] =
      sklite::train_test_split(digits.data, digits.target, {.test_size = 0.5, .shuffle = false});
  sklite::SVC clf({.C = 100, .gamma = 0.001});
  clf.fit(X_train, y_train);
  const Eigen::VectorXi y_pred = clf.predict(X_test);
  const double halves = sklite::metrics::accuracy_score(y_test, y_pred);
  std::cout << "sklite " << sklite::version << ": accuracy on the second half " << halves << "\n";

  // A shuffled split: the same rows as scikit-learn's for random_state = 0.
  auto [Xs_train, Xs_test, ys_train, ys_test] =
      sklite::train_test_split(digits.data, digits.target, {.test_size = 0.25, .random_state = 0});
  const double shuffled = clf.fit(Xs_train, ys_train).score(Xs_test, ys_test);
  std::cout << "accuracy on a shuffled quarter " << shuffled << "\n";

  // scikit-learn 1.2.1 gives 872/899 and 447/450 on these splits.
  if (y_test.size() != 899 || halves != 872.0 / 899 || shuffled != 447.0 / 450) return 1;
  std::cout << "sklite consumer OK\n";
  return 0;
}

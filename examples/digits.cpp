// The handwritten-digits example: load the bundled UCI digits and look at them.
//
// Build and run it with `./build.sh example` from the repository root.
#include <sklite/sklite.hpp>

#include <iostream>
#include <map>

int main() {
  // 1. Load the bundled data set: no file is needed beside the program.
  const sklite::datasets::Digits digits = sklite::datasets::load_digits();
  std::cout << digits.DESCR << "\n";

  // 2. What a learner prints first in Python: the shapes and the targets.
  std::cout << "digits.data shape: (" << digits.data.rows() << ", " << digits.data.cols()
            << "), size " << digits.data.size() << "\n";
  std::cout << "digits.images shape: (" << digits.images.size() << ", 8, 8)\n";
  std::cout << "digits.target: [";
  for (Eigen::Index i = 0; i < digits.target.size(); ++i) {
    if (i == 3 && digits.target.size() > 6) {
      std::cout << " ...";
      i = digits.target.size() - 3;
    }
    std::cout << (i == 0 ? "" : " ") << digits.target(i);
  }
  std::cout << "]\n";

  std::map<int, int> counts;
  for (const int label : digits.target) ++counts[label];
  std::cout << "samples per class:";
  for (const auto& [label, count] : counts) std::cout << " " << label << ":" << count;
  std::cout << "\n";
  return 0;
}

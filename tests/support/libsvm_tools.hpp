// Test support: running LIBSVM's own svm-train and svm-predict (Debian's libsvm-tools) as child
// processes, and reading what they write.
#ifndef SKLITE_TESTS_SUPPORT_LIBSVM_TOOLS_HPP
#define SKLITE_TESTS_SUPPORT_LIBSVM_TOOLS_HPP

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sklite::testing {

inline const std::string kSvmTrain = SKLITE_SVM_TRAIN;
inline const std::string kSvmPredict = SKLITE_SVM_PREDICT;

inline std::string quoted(const std::string& path) { return "'" + path + "'"; }

/// Runs one of LIBSVM's programs quietly; the test fails when it is missing or fails.
inline void run_libsvm(const std::string& program, const std::string& arguments) {
  INFO("LIBSVM's tools are required (Debian package libsvm-tools): " << program);
  REQUIRE(std::filesystem::exists(program));
  const std::string command = quoted(program) + " -q " + arguments + " > /dev/null";
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

/// What svm-predict wrote: one number per line.
inline Eigen::VectorXd read_predictions(const std::string& path) {
  std::ifstream in(path);
  std::vector<double> values;
  for (std::string line; std::getline(in, line);) values.push_back(std::stod(line));
  return Eigen::Map<Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

}  // namespace sklite::testing

#endif  // SKLITE_TESTS_SUPPORT_LIBSVM_TOOLS_HPP

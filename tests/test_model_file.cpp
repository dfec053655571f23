// LIBSVM model files: SVC::save and SVC::load round trips, interoperability with LIBSVM's own
// svm-train and svm-predict (run as child processes), the reader's errors on malformed files, and
// the regression inputs found by fuzz/fuzz_libsvm_model.cpp.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sklite/datasets/digits.hpp>
#include <sklite/datasets/svmlight.hpp>
#include <sklite/svm/model_file.hpp>
#include <sklite/svm/svc.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support/files.hpp"
#include "support/fixtures.hpp"
#include "support/libsvm_tools.hpp"

namespace fs = std::filesystem;
using sklite::FileError;
using sklite::testing::kSvmPredict;
using sklite::testing::kSvmTrain;
using sklite::testing::quoted;
using sklite::testing::read_bytes;
using sklite::testing::TempDir;
using sklite::testing::write_bytes;

namespace {

/// The labels svm-predict wrote, one per line.
Eigen::VectorXi read_labels(const std::string& path) {
  return sklite::testing::read_predictions(path).cast<int>();
}

/// Writes a precomputed-kernel data file as LIBSVM wants it: "label 0:serial 1:K(i,1) ... n:K(i,n)"
/// with every column present, zeros included.
void write_kernel_file(const std::string& path, const Eigen::MatrixXd& K,
                       const Eigen::VectorXi& y) {
  std::string text;
  for (Eigen::Index i = 0; i < K.rows(); ++i) {
    text += std::to_string(y(i)) + " 0:" + std::to_string(i + 1);
    for (Eigen::Index j = 0; j < K.cols(); ++j) {
      char number[64];
      const auto end = std::to_chars(number, number + sizeof number, K(i, j)).ptr;
      text += " " + std::to_string(j + 1) + ":" + std::string(number, end);
    }
    text += "\n";
  }
  write_bytes(path, text);
}

/// The rows of the digits whose target is in `digits`, the first `n` of them.
std::pair<Eigen::MatrixXd, Eigen::VectorXi> digits_subset(std::vector<int> digits, Eigen::Index n,
                                                          Eigen::Index skip = 0) {
  const auto data = sklite::datasets::load_digits();
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < data.target.size() && static_cast<Eigen::Index>(rows.size()) < n;
       ++i)
    if (std::find(digits.begin(), digits.end(), data.target(i)) != digits.end()) {
      if (skip > 0) {
        --skip;
        continue;
      }
      rows.push_back(i);
    }
  Eigen::MatrixXd X(static_cast<Eigen::Index>(rows.size()), data.data.cols());
  Eigen::VectorXi y(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    X.row(static_cast<Eigen::Index>(r)) = data.data.row(rows[r]);
    y(static_cast<Eigen::Index>(r)) = data.target(rows[r]);
  }
  return {X, y};
}

sklite::SVCParams params_for(const char* kernel) {
  sklite::SVCParams params;
  params.kernel = kernel;
  params.gamma = 0.002;
  params.coef0 = 0.5;
  params.degree = 2;
  params.C = 2.0;
  return params;
}

sklite::SVCParams ovo() {
  sklite::SVCParams params;
  params.decision_function_shape = sklite::DecisionFunctionShape::ovo;
  return params;
}

template <typename SVC>
void check_same_model(const SVC& fitted, const SVC& loaded) {
  CHECK(loaded.classes() == fitted.classes());
  CHECK(loaded.n_support() == fitted.n_support());
  CHECK(loaded.dual_coef() == fitted.dual_coef());
  CHECK(loaded.intercept() == fitted.intercept());
  CHECK(loaded.support_vectors().leftCols(loaded.n_features_in()) ==
        fitted.support_vectors().leftCols(loaded.n_features_in()));
  CHECK(loaded.n_features_in() <= fitted.n_features_in());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Round trips

TEST_CASE("model file: save then load gives bit-identical decision values for every kernel") {
  TempDir dir("model_file");
  const std::string path = dir.file("model.txt");
  const auto data = sklite::datasets::load_digits();
  const Eigen::MatrixXd test = data.data.bottomRows(400);
  const auto [X2, y2] = digits_subset({3, 8}, 120);
  const auto [X4, y4] = digits_subset({0, 4, 7, 9}, 200);
  for (const char* kernel : {"linear", "poly", "rbf", "sigmoid"})
    for (const auto* set : {&X2, &X4}) {
      const Eigen::VectorXi& y = set == &X2 ? y2 : y4;
      CAPTURE(kernel);
      CAPTURE(y.size());
      sklite::SVCParams params = params_for(kernel);
      params.decision_function_shape = sklite::DecisionFunctionShape::ovo;
      sklite::SVC clf(params);
      clf.fit(*set, y);
      clf.save(path);
      const sklite::SVC loaded = sklite::SVC::load(path, ovo());
      check_same_model(clf, loaded);
      CHECK(loaded.decision_function(test) == clf.decision_function(test));
      CHECK(loaded.predict(test) == clf.predict(test));
      // get_params shows the file's kernel and parameters.
      const sklite::SVCParams& p = loaded.params();
      CHECK(p.kernel.type(sklite::kernels::KernelType::rbf) ==
            sklite::kernels::kernel_type_from_name(kernel));
      if (std::string(kernel) != "linear") {
        CHECK(loaded.effective_gamma() == 0.002);
        CHECK(p.gamma.value() == 0.002);
      }
      if (std::string(kernel) == "poly") CHECK(p.degree == 2);
      if (std::string(kernel) == "poly" || std::string(kernel) == "sigmoid") CHECK(p.coef0 == 0.5);
      // Saving the loaded model writes the same file again.
      const std::string first = read_bytes(path);
      loaded.save(path);
      CHECK(read_bytes(path) == first);
    }
}

TEST_CASE("model file: round trip of the ovr shape, break_ties and gamma 'scale' on all digits") {
  TempDir dir("model_file");
  const std::string path = dir.file("digits.model");
  const auto data = sklite::datasets::load_digits();
  sklite::SVCParams params;
  params.break_ties = true;
  sklite::SVC clf(params);
  clf.fit(data.data.topRows(500), data.target.head(500));
  clf.save(path);
  const sklite::SVC loaded = sklite::SVC::load(path, params);
  CHECK(loaded.effective_gamma() == clf.effective_gamma());
  CHECK(loaded.params().gamma.value() == clf.effective_gamma());
  CHECK(loaded.decision_function(data.data) == clf.decision_function(data.data));
  CHECK(loaded.predict(data.data) == clf.predict(data.data));
  CHECK(loaded.n_features_in() == 64);
}

TEST_CASE_TEMPLATE("model file: float SVCs round trip bit for bit", Kernel, sklite::kernels::Any,
                   sklite::kernels::RBF, sklite::kernels::Polynomial) {
  TempDir dir("model_file");
  const std::string path = dir.file("float.model");
  // Values that are not exact in float, so that the file must carry the float values exactly.
  const auto [X, y] = digits_subset({1, 2, 5}, 150);
  const Eigen::MatrixXf Xf = (X / 7.0).cast<float>();
  sklite::SVCParams params;
  params.gamma = 0.01;
  if constexpr (std::is_same_v<Kernel, sklite::kernels::Polynomial>) params.coef0 = 1.0;
  sklite::BasicSVC<Kernel, float> clf(params);
  clf.fit(Xf, y);
  clf.save(path);
  const auto loaded = sklite::BasicSVC<Kernel, float>::load(path);
  check_same_model(clf, loaded);
  const Eigen::MatrixXf test = (sklite::datasets::load_digits().data / 3.0).cast<float>();
  CHECK(loaded.decision_function(test) == clf.decision_function(test));
}

TEST_CASE("model file: a precomputed kernel writes 0:serial and loads into a precomputed SVC") {
  TempDir dir("model_file");
  const std::string path = dir.file("gram.model");
  const auto [X, y] = digits_subset({2, 3, 6}, 90);
  const auto [T, yt] = digits_subset({2, 3, 6}, 60, 90);
  const Eigen::MatrixXd gram = X * X.transpose() / 1000.0;
  const Eigen::MatrixXd K_test = T * X.transpose() / 1000.0;
  sklite::SVCParams params;
  params.kernel = "precomputed";
  sklite::SVC clf(params);
  clf.fit(gram, y);
  clf.save(path);
  const std::string text = read_bytes(path);
  CHECK(text.rfind("svm_type c_svc\nkernel_type precomputed\nnr_class 3\n", 0) == 0);
  CHECK(text.find("gamma") == std::string::npos);
  // The first support vector line: two coefficients, then 0:serial.
  const std::size_t sv = text.find("SV\n") + 3;
  const std::string first = text.substr(sv, text.find('\n', sv) - sv);
  CHECK(first.substr(first.rfind(' ')) == " 0:" + std::to_string(clf.support()(0) + 1));

  const sklite::SVC loaded = sklite::SVC::load(path);
  CHECK(loaded.support() == clf.support());
  CHECK(loaded.n_features_in() == clf.support().maxCoeff() + 1);
  CHECK(loaded.support_vectors().size() == 0);
  CHECK(loaded.effective_gamma() == 0);
  CHECK(loaded.decision_function(K_test) == clf.decision_function(K_test));
  // Wider test kernels are fine (the columns past the last serial are not read); narrower are not.
  Eigen::MatrixXd wider(K_test.rows(), K_test.cols() + 5);
  wider << K_test, Eigen::MatrixXd::Constant(K_test.rows(), 5, 1e6);
  CHECK(loaded.decision_function(wider) == clf.decision_function(K_test));
  const Eigen::Index needed = loaded.n_features_in();
  CHECK_THROWS_WITH_AS(
      loaded.predict(K_test.leftCols(needed - 1)),
      ("SVC::predict: a precomputed kernel loaded from a LIBSVM file needs X with at least " +
       std::to_string(needed) + " columns (the largest support vector serial); got " +
       std::to_string(needed - 1) + " columns")
          .c_str(),
      std::invalid_argument);
  // A typed precomputed SVC loads it too.
  const auto typed = sklite::BasicSVC<sklite::kernels::Precomputed>::load(path);
  CHECK(typed.decision_function(K_test) == clf.decision_function(K_test));
}

TEST_CASE("model file: a loaded model takes X wider than its support vectors, as LIBSVM does") {
  TempDir dir("model_file");
  const std::string path = dir.file("wide.model");
  auto [X, y] = digits_subset({0, 1}, 80);
  Eigen::MatrixXd wide(X.rows(), X.cols() + 2);
  wide << X, Eigen::MatrixXd::Zero(X.rows(), 2);  // two trailing features that are always 0
  sklite::SVCParams params;
  params.gamma = 0.001;
  sklite::SVC clf(params);
  clf.fit(wide, y);
  clf.save(path);
  const sklite::SVC loaded = sklite::SVC::load(path);
  CHECK(loaded.n_features_in() <= 64);
  const auto [T, yt] = digits_subset({0, 1}, 50, 80);
  Eigen::MatrixXd test(T.rows(), T.cols() + 2);
  test << T, Eigen::MatrixXd::Constant(T.rows(), 2, 3.0);  // non-zero there: rbf sees them
  CHECK(loaded.decision_function(test) == clf.decision_function(test));
  CHECK_THROWS_WITH_AS(loaded.predict(test.leftCols(loaded.n_features_in() - 1)),
                       ("SVC::predict: X has " + std::to_string(loaded.n_features_in() - 1) +
                        " features but the support vectors of this loaded SVC use " +
                        std::to_string(loaded.n_features_in()))
                           .c_str(),
                       std::invalid_argument);
}

TEST_CASE("model file: what a loaded model does not know throws std::logic_error") {
  TempDir dir("model_file");
  const std::string path = dir.file("lin.model");
  const auto [X, y] = digits_subset({4, 5}, 60);
  sklite::SVCParams params;
  params.kernel = "linear";
  sklite::SVC clf(params);
  clf.fit(X, y);
  clf.save(path);
  const sklite::SVC loaded = sklite::SVC::load(path);
  const std::string suffix =
      ": unknown for a model loaded from " + path + ": a LIBSVM model file does not record it";
  CHECK_THROWS_WITH_AS(loaded.support(), ("SVC::support" + suffix).c_str(), std::logic_error);
  CHECK_THROWS_WITH_AS(loaded.class_weight(), ("SVC::class_weight" + suffix).c_str(),
                       std::logic_error);
  CHECK_THROWS_WITH_AS(loaded.n_iter(), ("SVC::n_iter" + suffix).c_str(), std::logic_error);
  CHECK_THROWS_WITH_AS(loaded.fit_status(), ("SVC::fit_status" + suffix).c_str(), std::logic_error);
  CHECK_THROWS_WITH_AS(loaded.effective_gamma(), ("SVC::effective_gamma" + suffix).c_str(),
                       std::logic_error);
  CHECK(loaded.is_fitted());
  // coef() has n_features_in() columns: the file does not say how wide X was at fit.
  CHECK(loaded.coef() == clf.coef().leftCols(loaded.n_features_in()));
  CHECK(loaded.score(X, y) == clf.score(X, y));
  // A loaded model can be fitted again, and then knows everything.
  sklite::SVC refitted = loaded;
  refitted.fit(X, y);
  CHECK(refitted.n_iter() == clf.n_iter());
  CHECK(refitted.support() == clf.support());
}

// ---------------------------------------------------------------------------------------------
// LIBSVM's programs

TEST_CASE("model file: svm-predict reads sklite's models and predicts sklite's labels") {
  TempDir dir("model_file");
  const auto [X, y] = digits_subset({1, 7, 9}, 150);
  const auto [T, yt] = digits_subset({1, 7, 9}, 120, 150);
  const std::string test_file = dir.file("test.libsvm");
  sklite::datasets::dump_svmlight_file(T, yt, test_file, /*zero_based=*/false);
  const auto [X2, y2] = digits_subset({7, 9}, 100);
  for (const char* kernel : {"linear", "poly", "rbf", "sigmoid"})
    for (const bool binary : {false, true}) {
      CAPTURE(kernel);
      CAPTURE(binary);
      sklite::SVC clf(params_for(kernel));
      clf.fit(binary ? X2 : X, binary ? y2 : y);
      clf.save(dir.file("sklite.model"));
      sklite::testing::run_libsvm(kSvmPredict, quoted(test_file) + " " +
                                                   quoted(dir.file("sklite.model")) + " " +
                                                   quoted(dir.file("out.txt")));
      CHECK(read_labels(dir.file("out.txt")) == clf.predict(T));
    }

  // A precomputed kernel: svm-predict reads the kernel against every training sample.
  const Eigen::MatrixXd gram = X * X.transpose() / 1000.0;
  const Eigen::MatrixXd K_test = T * X.transpose() / 1000.0;
  sklite::SVCParams params;
  params.kernel = "precomputed";
  sklite::SVC clf(params);
  clf.fit(gram, y);
  clf.save(dir.file("gram.model"));
  write_kernel_file(dir.file("ktest.libsvm"), K_test, yt);
  sklite::testing::run_libsvm(kSvmPredict, quoted(dir.file("ktest.libsvm")) + " " +
                                               quoted(dir.file("gram.model")) + " " +
                                               quoted(dir.file("kout.txt")));
  CHECK(read_labels(dir.file("kout.txt")) == clf.predict(K_test));
}

namespace {

/// Trains with svm-train and with sklite on the same data; loads svm-train's model and compares
/// it with svm-predict's labels and with sklite's own decision values.
void compare_with_svm_train(const Eigen::MatrixXd& X, const Eigen::VectorXi& y,
                            const Eigen::MatrixXd& T, const Eigen::VectorXi& yt,
                            const std::string& libsvm_options, const sklite::SVCParams& params,
                            const std::string& expected_label_line) {
  TempDir dir("model_file");
  sklite::datasets::dump_svmlight_file(X, y, dir.file("train.libsvm"), false);
  sklite::datasets::dump_svmlight_file(T, yt, dir.file("test.libsvm"), false);
  sklite::testing::run_libsvm(kSvmTrain, libsvm_options + " " + quoted(dir.file("train.libsvm")) +
                                             " " + quoted(dir.file("libsvm.model")));
  sklite::testing::run_libsvm(kSvmPredict, quoted(dir.file("test.libsvm")) + " " +
                                               quoted(dir.file("libsvm.model")) + " " +
                                               quoted(dir.file("out.txt")));
  CHECK(read_bytes(dir.file("libsvm.model")).find(expected_label_line) != std::string::npos);

  sklite::SVCParams options;
  options.decision_function_shape = params.decision_function_shape;
  const sklite::SVC loaded = sklite::SVC::load(dir.file("libsvm.model"), options);
  CHECK(read_labels(dir.file("out.txt")) == loaded.predict(T));
  sklite::SVC own(params);
  own.fit(X, y);
  CHECK(loaded.classes() == own.classes());
  CHECK(loaded.n_support() == own.n_support());
  // svm-train keeps kernel values in float, as sklite does, but computes them in another order:
  // the two solutions agree to about 1e-7 of the decision values' size.
  const Eigen::MatrixXd own_values = own.decision_function(T);
  const double scale = std::max(1.0, own_values.cwiseAbs().maxCoeff());
  CHECK((loaded.decision_function(T) - own_values).cwiseAbs().maxCoeff() < 1e-6 * scale);
  CHECK(loaded.predict(T) == own.predict(T));
}

}  // namespace

TEST_CASE("model file: svm-train's models load with sorted classes and sklite's signs") {
  sklite::SVCParams params;
  params.tol = 1e-7;
  params.gamma = 0.002;
  params.decision_function_shape = sklite::DecisionFunctionShape::ovo;
  const std::string rbf = "-t 2 -g 0.002 -e 1e-7";

  SUBCASE("three classes, first seen in the order 3, 1, 2") {
    auto [X, y] = digits_subset({1, 2, 3}, 150);
    // Move the first 3 to the top, then the first 1: svm-train lists the labels as 3 1 2.
    const Eigen::Index three = std::find(y.data(), y.data() + y.size(), 3) - y.data();
    X.row(0).swap(X.row(three));
    std::swap(y(0), y(three));
    REQUIRE(y(0) == 3);
    const Eigen::Index one = std::find(y.data() + 1, y.data() + y.size(), 1) - y.data();
    X.row(1).swap(X.row(one));
    std::swap(y(1), y(one));
    const auto [T, yt] = digits_subset({1, 2, 3}, 150, 150);
    compare_with_svm_train(X, y, T, yt, rbf, params, "label 3 1 2\n");
    sklite::SVCParams poly = params;
    poly.kernel = "poly";
    poly.degree = 2;
    poly.coef0 = 1;
    compare_with_svm_train(X, y, T, yt, "-t 1 -d 2 -r 1 -g 0.002 -e 1e-7", poly, "label 3 1 2\n");
    sklite::SVCParams ovr = params;
    ovr.decision_function_shape = sklite::DecisionFunctionShape::ovr;
    compare_with_svm_train(X, y, T, yt, rbf, ovr, "label 3 1 2\n");
  }
  SUBCASE("two classes: +1/-1 with -1 first (LIBSVM swaps them), +1 first, 7 before 3") {
    auto [X, y] = digits_subset({3, 7}, 120);
    const auto [T, yt] = digits_subset({3, 7}, 100, 120);
    Eigen::VectorXi signs = (y.array() == 7).select(Eigen::VectorXi::Ones(y.size()), -1);
    const Eigen::VectorXi test_signs =
        (yt.array() == 7).select(Eigen::VectorXi::Ones(yt.size()), -1);
    const Eigen::Index seven = std::find(y.data(), y.data() + y.size(), 7) - y.data();
    const Eigen::Index three = std::find(y.data(), y.data() + y.size(), 3) - y.data();
    // -1 first: LIBSVM still writes "label 1 -1".
    X.row(0).swap(X.row(three));
    std::swap(y(0), y(three));
    std::swap(signs(0), signs(three));
    REQUIRE(signs(0) == -1);
    compare_with_svm_train(X, signs, T, test_signs, rbf, params, "label 1 -1\n");
    // +1 first.
    X.row(0).swap(X.row(three));
    std::swap(y(0), y(three));
    std::swap(signs(0), signs(three));
    X.row(0).swap(X.row(seven));
    std::swap(y(0), y(seven));
    std::swap(signs(0), signs(seven));
    REQUIRE(signs(0) == 1);
    compare_with_svm_train(X, signs, T, test_signs, rbf, params, "label 1 -1\n");
    // Other labels keep their order of appearance: 7 before 3 flips the pair.
    REQUIRE(y(0) == 7);
    compare_with_svm_train(X, y, T, yt, rbf, params, "label 7 3\n");
    sklite::SVCParams linear = params;
    linear.kernel = "linear";
    compare_with_svm_train(X, y, T, yt, "-t 0 -e 1e-7", linear, "label 7 3\n");
  }
}

TEST_CASE("model file: svm-train's precomputed-kernel model loads into a precomputed SVC") {
  TempDir dir("model_file");
  auto [X, y] = digits_subset({0, 6, 8}, 90);
  const Eigen::Index eight = std::find(y.data(), y.data() + y.size(), 8) - y.data();
  X.row(0).swap(X.row(eight));
  std::swap(y(0), y(eight));
  const auto [T, yt] = digits_subset({0, 6, 8}, 60, 90);
  const Eigen::MatrixXd gram = X * X.transpose() / 1000.0;
  const Eigen::MatrixXd K_test = T * X.transpose() / 1000.0;
  write_kernel_file(dir.file("train.libsvm"), gram, y);
  write_kernel_file(dir.file("test.libsvm"), K_test, yt);
  sklite::testing::run_libsvm(kSvmTrain, "-t 4 -e 1e-7 " + quoted(dir.file("train.libsvm")) + " " +
                                             quoted(dir.file("libsvm.model")));
  sklite::testing::run_libsvm(kSvmPredict, quoted(dir.file("test.libsvm")) + " " +
                                               quoted(dir.file("libsvm.model")) + " " +
                                               quoted(dir.file("out.txt")));
  const sklite::SVC loaded = sklite::SVC::load(dir.file("libsvm.model"), ovo());
  CHECK(read_labels(dir.file("out.txt")) == loaded.predict(K_test));
  sklite::SVCParams params = ovo();
  params.kernel = "precomputed";
  params.tol = 1e-7;
  sklite::SVC own(params);
  own.fit(gram, y);
  // The same support vectors, as training indices, in the same (sorted class) order.
  CHECK(loaded.support() == own.support());
  CHECK((loaded.decision_function(K_test) - own.decision_function(K_test)).cwiseAbs().maxCoeff() <
        1e-6);
}

// ---------------------------------------------------------------------------------------------
// The file layer

TEST_CASE("model file: reorder_classes sorts classes and flips the pairs that swap") {
  // Three classes in the file's order 3, 1, 2, one support vector each.
  const std::string text =
      "svm_type c_svc\nkernel_type linear\nnr_class 3\ntotal_sv 3\nrho 0.5 0.25 0.125\n"
      "label 3 1 2\nprobA -1 -2 -3\nprobB 0.1 0.2 0.3\nnr_sv 1 1 1\nSV\n"
      "1 2 1:3\n-1 4 1:1\n-2 -4 1:2\n";
  std::istringstream in(text);
  const sklite::svm::Model<> file = sklite::svm::read_libsvm_model(in, "<memory>");
  CHECK(file.label == Eigen::Vector3i(3, 1, 2));
  CHECK(file.SV == Eigen::Vector3d(3, 1, 2));
  const sklite::svm::Model<> sorted = sklite::svm::reorder_classes(file);
  CHECK(sorted.label == Eigen::Vector3i(1, 2, 3));
  CHECK(sorted.nr_sv == Eigen::Vector3i(1, 1, 1));
  CHECK(sorted.SV == Eigen::Vector3d(1, 2, 3));
  // File pairs (3,1) (3,2) (1,2) become (1,2) (1,3) (2,3): (1,2) keeps its sign, the others flip.
  CHECK(sorted.rho == Eigen::Vector3d(0.125, -0.5, -0.25));
  CHECK(sorted.probA == Eigen::Vector3d(-3, -1, -2));
  CHECK(sorted.probB == Eigen::Vector3d(0.3, -0.1, -0.2));
  // Columns are the support vectors of 1, 2, 3; row r is the r-th other class.
  Eigen::MatrixXd expected(2, 3);
  expected << 4, -4, -1, 1, 2, -2;
  CHECK(sorted.sv_coef == expected);
  // Written again in the file's order, the model is the file.
  CHECK(sklite::svm::format_libsvm_model(sklite::svm::reorder_classes(sorted, {2, 0, 1})) == text);
}

TEST_CASE("model file: the writer's layout and numbers") {
  sklite::svm::Model<> model;
  model.kernel_type = sklite::kernels::KernelType::poly;
  model.kernel.degree = 2;
  model.kernel.gamma = 0.1;
  model.kernel.coef0 = -1e-20;
  model.label.resize(2);
  model.label << -1, 4;
  model.nr_sv.resize(2);
  model.nr_sv << 1, 2;
  model.rho = Eigen::VectorXd::Constant(1, 1.0 / 3);
  model.sv_coef = Eigen::RowVector3d(-0.5, 0.25, 0.25);
  model.SV = Eigen::MatrixXd::Zero(3, 3);
  model.SV(0, 2) = 1e300;
  model.SV(2, 0) = -2.5;
  CHECK(sklite::svm::format_libsvm_model(model) ==
        "svm_type c_svc\nkernel_type polynomial\ndegree 2\ngamma 0.1\ncoef0 -1e-20\nnr_class 2\n"
        "total_sv 3\nrho 0.3333333333333333\nlabel -1 4\nnr_sv 1 2\nSV\n-0.5 3:1e+300\n0.25\n"
        "0.25 1:-2.5\n");
  model.rho.resize(2);
  CHECK_THROWS_WITH_AS(sklite::svm::format_libsvm_model(model),
                       "format_libsvm_model: the model's parts disagree in size: nr_class 2, "
                       "nr_sv 2 values, rho 2, sv_coef 1 x 3, SV 3 rows",
                       std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Errors

namespace {

const char* const kHeader =
    "svm_type c_svc\nkernel_type rbf\ngamma 0.5\nnr_class 2\ntotal_sv 2\nrho 0.1\nlabel 1 -1\n"
    "nr_sv 1 1\nSV\n";

sklite::SVC load_text(const std::string& text) {
  std::istringstream in(text);
  return sklite::SVC::load(in, "m.model");
}

}  // namespace

TEST_CASE("model file: a valid minimal model loads") {
  const sklite::SVC svc = load_text(std::string(kHeader) + "1 1:1 3:2\n-1 2:0.5\n");
  CHECK(svc.classes() == Eigen::Vector2i(-1, 1));
  CHECK(svc.n_features_in() == 3);
  // CRLF line ends, blank lines and blanks at the ends of lines are fine.
  const sklite::SVC crlf = load_text(
      "svm_type c_svc\r\nkernel_type rbf \r\n\r\ngamma 0.5\r\nnr_class 2\r\ntotal_sv 2\r\n"
      "rho 0.1\r\nlabel 1 -1\r\nnr_sv 1 1\r\nSV\r\n1 1:1 3:2 \r\n-1 2:0.5\r\n\n");
  const Eigen::MatrixXd x = Eigen::RowVector3d(0.5, 1, 2);
  CHECK(crlf.decision_function(x) == svc.decision_function(x));
}

TEST_CASE("model file: malformed files give FileError with file:line") {
  const std::string h = kHeader;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "m.model: the file is empty"},
      {h + "1 1:1\n-1 2:0.",
       "m.model:11: the last line does not end with a newline: the file "
       "looks truncated"},
      {"svm_type c_svc\nfoo 1\n",
       "m.model:2: unknown header line 'foo'; expected svm_type, "
       "kernel_type, degree, gamma, coef0, nr_class, total_sv, rho, "
       "label, probA, probB, nr_sv or SV"},
      {"svm_type nu_svc\n",
       "m.model:1: svm_type nu_svc is not what SVC reads (c_svc); load the file with "
       "sklite::NuSVC"},
      {"svm_type one_class\n",
       "m.model:1: svm_type one_class is not what SVC reads (c_svc); load the file with "
       "sklite::OneClassSVM"},
      {"svm_type c-svc\n",
       "m.model:1: unknown svm_type 'c-svc'; expected c_svc, nu_svc, one_class, epsilon_svr or "
       "nu_svr"},
      {"svm_type c_svc c_svc\n", "m.model:1: svm_type expects 1 value; got 2"},
      {"kernel_type poly\n",
       "m.model:1: unknown kernel_type 'poly'; expected linear, "
       "polynomial, rbf, sigmoid or precomputed"},
      {"svm_type c_svc\nsvm_type c_svc\n",
       "m.model:2: duplicate header line 'svm_type' (first at line 1)"},
      {"gamma 0\n", "m.model:1: gamma must be > 0; got 0"},
      {"gamma nan\n", "m.model:1: gamma: expected a finite number; got 'nan'"},
      {"gamma 1e999\n", "m.model:1: gamma: expected a finite number; got '1e999'"},
      {"coef0 1x\n", "m.model:1: coef0: expected a finite number; got '1x'"},
      {"degree 2.5\n", "m.model:1: degree: expected an integer; got '2.5'"},
      {"degree -1\n", "m.model:1: degree must be >= 0; got -1"},
      {"nr_class 1\n",
       "m.model:1: nr_class must be at least 2 (a classifier has two classes or more); got 1"},
      {"nr_class 99999999999\n", "m.model:1: nr_class: expected an integer; got '99999999999'"},
      {"total_sv -3\n", "m.model:1: total_sv must be >= 0; got -3"},
      {"label 1 x\n", "m.model:1: label: expected an integer; got 'x'"},
      {"nr_sv 1 -1\n", "m.model:1: nr_sv must be >= 0; got -1"},
      {"rho\xff 1\n",
       "m.model:1: unknown header line 'rho\\xff'; expected svm_type, "
       "kernel_type, degree, gamma, coef0, nr_class, total_sv, rho, label, probA, "
       "probB, nr_sv or SV"},
      {"svm_type c_svc\nkernel_type rbf\n", "m.model:2: the file ends before the SV line"},
      {"svm_type c_svc\nSV 1\n", "m.model:2: SV must be alone on its line; got 1 more token(s)"},
      {"svm_type c_svc\nkernel_type rbf\nnr_class 2\ntotal_sv 0\nrho 0\nlabel 1 2\nnr_sv 0 0\n"
       "SV\n",
       "m.model:8: the header has no 'gamma' line (kernel_type rbf needs it)"},
      {"svm_type c_svc\nkernel_type polynomial\ngamma 1\ncoef0 0\nnr_class 2\ntotal_sv 0\nrho 0\n"
       "label 1 2\nnr_sv 0 0\nSV\n",
       "m.model:10: the header has no 'degree' line (kernel_type polynomial needs it)"},
      {"kernel_type linear\nnr_class 2\ntotal_sv 0\nrho 0\nlabel 1 2\nnr_sv 0 0\nSV\n",
       "m.model:7: the header has no 'svm_type' line"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 3\ntotal_sv 0\nrho 0 0 0\nlabel 1 2\n"
       "nr_sv 0 0 0\nSV\n",
       "m.model:6: label has 2 values but nr_class is 3"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 3\ntotal_sv 0\nrho 0 0 0\nlabel 1 2 1\n"
       "nr_sv 0 0 0\nSV\n",
       "m.model:6: label 1 appears twice"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 3\ntotal_sv 0\nrho 0 0\nlabel 1 2 3\n"
       "nr_sv 0 0 0\nSV\n",
       "m.model:5: rho has 2 values but nr_class 3 needs 3, one per pair of classes"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 3\ntotal_sv 0\nrho 0 0 0\nlabel 1 2 3\n"
       "probA 1\nnr_sv 0 0 0\nSV\n",
       "m.model:7: probA has 1 values but nr_class 3 needs 3, one per pair of classes"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 0\nrho 0\nlabel 1 2\n"
       "probA nan\nprobB 0\nnr_sv 0 0\nSV\n",
       "m.model:7: probA: expected a finite number; got 'nan'"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 0\nrho 0\nlabel 1 2\n"
       "probA -1\nprobB 1e999\nnr_sv 0 0\nSV\n",
       "m.model:8: probB: expected a finite number; got '1e999'"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 0\nrho 0\nlabel 1 2\n"
       "probA -1\nprobB 0.5x\nnr_sv 0 0\nSV\n",
       "m.model:8: probB: expected a finite number; got '0.5x'"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 3\ntotal_sv 0\nrho 0 0 0\nlabel 1 2 3\n"
       "nr_sv 0 0\nSV\n",
       "m.model:7: nr_sv has 2 values but nr_class is 3"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 3\nrho 0\nlabel 1 2\n"
       "nr_sv 1 1\nSV\n",
       "m.model:7: nr_sv adds up to 2 but total_sv is 3"},
      {"svm_type c_svc\nkernel_type linear\nnr_class 9999\ntotal_sv 2147483647\nrho 0\n"
       "label 1\nnr_sv 1\nSV\n",
       "m.model:6: label has 1 values but nr_class is 9999"},
      {h + "1 1:1\n", "m.model:10: the file ends after 1 of total_sv = 2 support vectors"},
      {h + "1 1:1\n-1 1:2\n1 1:3\n", "m.model:12: more support vectors than total_sv = 2"},
      {h + "1 1:1\n1:2\n",
       "m.model:11: expected 1 coefficient (nr_class - 1) before the "
       "index:value pairs; got 0"},
      {h + "1 1:1\nabc 1:2\n", "m.model:11: bad coefficient 'abc' (expected a finite number)"},
      {h + "1 1:1\ninf 1:2\n", "m.model:11: bad coefficient 'inf' (expected a finite number)"},
      {h + "1 1:1\n-1 1:2 7\n", "m.model:11: expected index:value; got '7'"},
      {h + "1 1:1\n-1 x:2\n", "m.model:11: bad feature index in 'x:2'"},
      {h + "1 0:1\n", "m.model:10: feature index 0 in '0:1'; LIBSVM numbers features from 1"},
      {h + "1 -4:1\n", "m.model:10: negative feature index -4"},
      {h + "1 3:1 2:1\n",
       "m.model:10: feature indices must be ascending and unique; got 2 "
       "after 3"},
      {h + "1 3:1 3:1\n",
       "m.model:10: feature indices must be ascending and unique; got 3 "
       "after 3"},
      {h + "1 99999999999:1\n",
       "m.model:10: feature index 99999999999 is too large (the limit is " +
           std::to_string(sklite::svm::libsvm_model_max_elements - 1) + ")"},
      {h + "1 1:1e400\n", "m.model:10: bad value in '1:1e400' (expected a finite number)"},
      {h + "1 1:0.5.5\n", "m.model:10: bad value in '1:0.5.5' (expected a finite number)"},
      {h + std::string("1 1:1\0\n", 7),
       "m.model:10: bad value in '1:1\\x00' (expected a finite number)"},
      {"svm_type c_svc\nkernel_type precomputed\nnr_class 2\ntotal_sv 1\nrho 0\nlabel 1 2\n"
       "nr_sv 1 0\nSV\n1 1:1\n",
       "m.model:9: a support vector of a precomputed kernel is given as 0:serial alone; got "
       "'1:1'"},
      {"svm_type c_svc\nkernel_type precomputed\nnr_class 2\ntotal_sv 1\nrho 0\nlabel 1 2\n"
       "nr_sv 1 0\nSV\n1 0:1 1:0.5\n",
       "m.model:9: a support vector of a precomputed kernel is given as 0:serial alone; got "
       "'1:0.5'"},
      {"svm_type c_svc\nkernel_type precomputed\nnr_class 2\ntotal_sv 1\nrho 0\nlabel 1 2\n"
       "nr_sv 1 0\nSV\n1\n",
       "m.model:9: a support vector of a precomputed kernel is given as 0:serial alone; got no "
       "0:serial"},
      {"svm_type c_svc\nkernel_type precomputed\nnr_class 2\ntotal_sv 1\nrho 0\nlabel 1 2\n"
       "nr_sv 1 0\nSV\n1 0:0\n",
       "m.model:9: bad serial number in '0:0' (expected an integer from 1 to " +
           std::to_string(sklite::svm::libsvm_model_max_elements - 1) + ")"},
      {"svm_type c_svc\nkernel_type precomputed\nnr_class 2\ntotal_sv 1\nrho 0\nlabel 1 2\n"
       "nr_sv 1 0\nSV\n1 0:2.5\n",
       "m.model:9: bad serial number in '0:2.5' (expected an integer from 1 to " +
           std::to_string(sklite::svm::libsvm_model_max_elements - 1) + ")"},
  };
  for (const auto& bad : cases) {
    CAPTURE(bad.first);
    CHECK_THROWS_WITH_AS(load_text(bad.first), ("SVC::load: " + bad.second).c_str(), FileError);
  }
  // The FileError's parts.
  try {
    load_text(h + "1 1:1\n-1 1:x\n");
    FAIL("no exception");
  } catch (const FileError& error) {
    CHECK(error.path() == "m.model");
    CHECK(error.line() == 11);
  }
}

TEST_CASE("model file: tables above the size limit are refused before they are allocated") {
  const std::size_t limit = sklite::svm::libsvm_model_max_elements;
  // Two support vectors with an index just below the limit: 2 × (limit − 1) dense values.
  const std::string wide = std::string(kHeader) + "1 " + std::to_string(limit - 1) + ":1\n-1 1:1\n";
  CHECK_THROWS_WITH_AS(
      load_text(wide),
      ("SVC::load: m.model:10: total_sv 2 support vectors of " + std::to_string(limit - 1) +
       " features are above the limit of " + std::to_string(limit) + " elements")
          .c_str(),
      FileError);
}

namespace {

// A user kernel, which LIBSVM's format cannot name.
struct Laplacian {
  template <typename A, typename B>
  double operator()(const Eigen::MatrixBase<A>& x, const Eigen::MatrixBase<B>& z) const {
    return std::exp(-static_cast<double>((x - z).cwiseAbs().sum()));
  }
};

}  // namespace

TEST_CASE("model file: kernels that cannot be represented, fixed kernels, float range") {
  TempDir dir("model_file");
  const std::string path = dir.file("keep.model");
  write_bytes(path, "old content\n");
  const auto [X, y] = digits_subset({0, 1}, 40);
  sklite::BasicSVC<Laplacian> custom;
  CHECK_THROWS_WITH_AS(custom.save(path),
                       "SVC::save: this SVC is not fitted yet; call fit before "
                       "using it",
                       sklite::NotFittedError);
  custom.fit(X, y);
  CHECK_THROWS_WITH_AS(custom.save(path),
                       "SVC::save: a user-defined kernel cannot be written to a LIBSVM model file "
                       "(LIBSVM knows linear, polynomial, rbf, sigmoid and precomputed)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::BasicSVC<Laplacian>::load(path),
                       "SVC::load: a user-defined kernel cannot be read from a LIBSVM model file; "
                       "load it with sklite::SVC",
                       std::invalid_argument);
  CHECK(read_bytes(path) == "old content\n");

  const std::string text = std::string(kHeader) + "1 1:1\n-1 2:1e39\n";
  std::istringstream in(text);
  CHECK_THROWS_WITH_AS(sklite::BasicSVC<sklite::kernels::Linear>::load(in, "m.model"),
                       "SVC::load: m.model:2: kernel_type rbf does not match this SVC's kernel "
                       "'linear'; load the file with sklite::SVC, which takes any kernel",
                       FileError);
  std::istringstream in_float(text);
  CHECK_THROWS_WITH_AS((sklite::BasicSVC<sklite::kernels::Any, float>::load(in_float, "m.model")),
                       "SVC::load: m.model:11: value in '2:1e39' is beyond float's range",
                       FileError);
  CHECK(load_text(text).n_features_in() == 2);  // fine in double
  CHECK_THROWS_WITH_AS(sklite::SVC::load(dir.file("missing.model")),
                       ("SVC::load: " + dir.file("missing.model") +
                        ": cannot open the file: No such file or directory")
                           .c_str(),
                       FileError);
  // Options are checked as by the constructor.
  sklite::SVCParams bad;
  bad.C = -1;
  std::istringstream again(std::string(kHeader) + "1 1:1\n-1 2:1\n");
  CHECK_THROWS_WITH_AS(sklite::SVC::load(again, "m.model", bad),
                       "SVC: C must be a positive finite number; got -1", std::invalid_argument);
}

TEST_CASE("model file: save is atomic") {
  TempDir dir("model_file");
  const auto [X, y] = digits_subset({0, 1}, 40);
  sklite::SVC clf;
  clf.fit(X, y);
  const std::string missing = dir.file("no/such/dir/m.model");
  CHECK_THROWS_WITH_AS(clf.save(missing),
                       ("SVC::save: " + missing +
                        ": cannot create a temporary file beside it: No such file or "
                        "directory")
                           .c_str(),
                       FileError);
  CHECK(!fs::exists(dir.file("no")));
  // The target is a folder: the rename fails and the temporary file goes away.
  const std::string folder = dir.file("a_folder");
  fs::create_directories(fs::path(folder) / "inside");
  CHECK_THROWS_AS(clf.save(folder), FileError);
  // Overwriting: the old file stays whole until the new one replaces it.
  const std::string path = dir.file("m.model");
  write_bytes(path, "old content\n");
  sklite::SVC unfitted;
  CHECK_THROWS_AS(unfitted.save(path), sklite::NotFittedError);
  CHECK(read_bytes(path) == "old content\n");
  clf.save(path);
  CHECK(read_bytes(path).rfind("svm_type c_svc\n", 0) == 0);
  std::size_t n_entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++n_entries;
  CHECK(n_entries == 2);  // m.model and a_folder: no temporary file left behind
}

TEST_CASE("model file: inputs found by fuzzing load or fail with FileError, nothing else") {
  // tests/fixtures/fuzz/libsvm_model/ keeps the inputs on which fuzz/fuzz_libsvm_model.cpp found a
  // bug; each must now either load and predict, or be refused with a FileError, as in the fuzzer.
  const fs::path folder = fs::path(SKLITE_FIXTURES_DIR) / "fuzz" / "libsvm_model";
  std::size_t n_files = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    ++n_files;
    CAPTURE(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    try {
      const sklite::SVC svc = sklite::SVC::load(in, "fuzz.model");
      const Eigen::MatrixXd X = Eigen::MatrixXd::Constant(3, svc.n_features_in() + 1, 0.5);
      CHECK(svc.predict(X).size() == 3);
    } catch (const FileError&) {
    }
  }
  CHECK(n_files >= 1);
}

TEST_CASE("model file: support vectors without any feature (found by fuzzing)") {
  // Every support vector is the zero vector: the dense support vectors have no column, which made
  // reorder_classes take a row of an empty matrix (undefined in Eigen).
  const std::string path =
      sklite::testing::fixture_path("fuzz/libsvm_model/support_vectors_without_features.model");
  const sklite::SVC svc = sklite::SVC::load(path);
  CHECK(svc.n_features_in() == 0);
  CHECK(svc.classes() == Eigen::Vector2i(-1, 1));
  CHECK(svc.support_vectors().rows() == 2);
  // k(x, 0) = exp(-‖x‖²) for both support vectors, so LIBSVM's value for the pair (1, -1) is
  // (2.11547 - 2.115) exp(-‖x‖²) - rho, rho = 0: positive for class 1, as sklite's is.
  const Eigen::MatrixXd X = Eigen::RowVector2d(1.0, 0.5);
  const double expected = (2.11547 - 2.115) * std::exp(-1.25);
  CHECK(svc.decision_function(X)(0, 0) == doctest::Approx(expected).epsilon(1e-12));
  std::istringstream in(read_bytes(path));
  const sklite::svm::Model<> file = sklite::svm::read_libsvm_model(in, "fuzz.model");
  CHECK(sklite::svm::reorder_classes(file).SV.rows() == 2);
}

TEST_CASE("model file: one large feature index gives a wide model (found by fuzzing)") {
  // A 200-byte model whose first support vector has the single feature 422543. Storing support
  // vectors densely makes the model, and predict's work, grow with the largest index (bounded by
  // libsvm_model_max_elements); under the sanitizers this input exceeded the fuzzer's time limit,
  // which now runs with a smaller cap. Here it loads and predicts.
  const std::string path = sklite::testing::fixture_path(
      "fuzz/libsvm_model/one_feature_index_near_the_fuzzer_limit.model");
  const sklite::SVC svc = sklite::SVC::load(path);
  CHECK(svc.n_features_in() == 422543);
  CHECK(svc.classes() == Eigen::Vector2i(0, 1));
  CHECK(svc.support_vectors().rows() == 2);
  // The file lists the labels as "1 -0": class 0's support vector comes first once sorted.
  CHECK(svc.support_vectors()(0, 0) == 0.2);
  CHECK(svc.support_vectors()(1, 422542) == 2.0);
  const Eigen::MatrixXd X = Eigen::MatrixXd::Zero(2, 422543);
  CHECK(svc.predict(X).size() == 2);
}

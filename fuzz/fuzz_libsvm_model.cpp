// libFuzzer target: bytes parsed as a LIBSVM model file, through the reader
// (svm::read_libsvm_model) and the estimator of its svm_type (load with the stream overload).
//
// A sklite::FileError (or another std::invalid_argument) is the expected answer to a bad file.
// Anything else is a bug: a crash, a sanitizer report, a hang, an oversized allocation, an
// InternalError, or a model that reads back differently after format_libsvm_model (checked below).
//
// Build (see fuzz/CMakeLists.txt, or by hand):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
//     -I include \
//     -I /usr/include/eigen3 fuzz/fuzz_libsvm_model.cpp -lz -o fuzz_libsvm_model
//   ./fuzz_libsvm_model fuzz/corpus/libsvm_model -max_total_time=300 -timeout=5 -rss_limit_mb=2048

// A small allocation limit (2^16 values: 512 KiB), so that the largest table a file may ask for
// stays far below the fuzzer's memory limit, and the work it implies (predict is linear in the
// size of the dense support vectors) far below its time limit under the sanitizers. With 2^20, a
// 200-byte model with one feature index near 2^20 took 3.5 s to load and predict on 4 estimators.
#define SKLITE_SVMLIGHT_MAX_DENSE_ELEMENTS (std::size_t{1} << 16)

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sklite/errors.hpp>
#include <sklite/svm.hpp>
#include <sklite/svm/model_file.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

[[noreturn]] void bug(const char* what) {
  std::fprintf(stderr, "fuzz_libsvm_model: %s\n", what);
  std::abort();
}

// Dense support vectors equal up to trailing zero columns (zeros are not written).
bool same_vectors(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows()) return false;
  const Eigen::Index common = std::min(a.cols(), b.cols());
  return a.leftCols(common) == b.leftCols(common) &&
         (a.rightCols(a.cols() - common).array() == 0).all() &&
         (b.rightCols(b.cols() - common).array() == 0).all();
}

// What the file says must survive format_libsvm_model and a second read, number for number.
void check_round_trip(const sklite::svm::Model<>& model) {
  using sklite::kernels::KernelType;
  std::istringstream again(sklite::svm::format_libsvm_model(model));
  const sklite::svm::Model<> back = sklite::svm::read_libsvm_model(again, "<formatted>");
  const KernelType kernel = model.kernel_type;
  const bool poly = kernel == KernelType::poly;
  if (back.svm_type != model.svm_type || back.kernel_type != kernel ||
      (poly && back.kernel.degree != model.kernel.degree) ||
      ((poly || kernel == KernelType::rbf || kernel == KernelType::sigmoid) &&
       back.kernel.gamma != model.kernel.gamma) ||
      ((poly || kernel == KernelType::sigmoid) && back.kernel.coef0 != model.kernel.coef0))
    bug("the kernel changed in a round trip");
  if (back.label != model.label || back.nr_sv != model.nr_sv || back.rho != model.rho ||
      back.probA != model.probA || back.probB != model.probB || back.sv_coef != model.sv_coef ||
      back.sv_indices != model.sv_indices || !same_vectors(back.SV, model.SV))
    bug("the model changed in a round trip");
  // Sorting the classes and putting them back is the identity.
  const sklite::svm::Model<> sorted = sklite::svm::reorder_classes(model);
  for (Eigen::Index c = 1; c < sorted.label.size(); ++c)
    if (!(sorted.label(c - 1) < sorted.label(c))) bug("reorder_classes did not sort");
}

// Some rows as wide as the estimator's inputs (plus extra_columns), deterministic.
template <typename Estimator>
Eigen::MatrixXd inputs(const Estimator& estimator, Eigen::Index extra_columns) {
  Eigen::MatrixXd X(3, estimator.n_features_in() + extra_columns);
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    for (Eigen::Index i = 0; i < X.rows(); ++i)
      X(i, j) = 0.25 * static_cast<double>(i + 1) - 0.125 * static_cast<double>(j % 7);
  return X;
}

template <typename Classifier>
void check_classifier(const std::string& text, Eigen::Index extra_columns) {
  std::istringstream in(text);
  const Classifier clf = Classifier::load(in, "<fuzz>");
  const Eigen::MatrixXd X = inputs(clf, extra_columns);
  const Eigen::VectorXi labels = clf.predict(X);
  const Eigen::MatrixXd values = clf.decision_function(X);
  const Eigen::Index k = clf.classes().size();
  if (values.rows() != 3 || values.cols() != (k == 2 ? 1 : k)) bug("decision_function's shape");
  for (Eigen::Index i = 0; i < labels.size(); ++i)
    if (std::find(clf.classes().data(), clf.classes().data() + k, labels(i)) ==
        clf.classes().data() + k)
      bug("predict returned a label that is not a class");
}

template <typename Estimator>
void check_single(const std::string& text, Eigen::Index extra_columns) {
  std::istringstream in(text);
  const Estimator estimator = Estimator::load(in, "<fuzz>");
  const Eigen::MatrixXd X = inputs(estimator, extra_columns);
  if (estimator.predict(X).size() != 3) bug("predict's length");
}

// The estimator of the file's svm_type loads it and predicts, in double and in float.
void check_estimators(const std::string& text, sklite::svm::SVMType type, Eigen::Index extra) {
  using sklite::kernels::Any;
  using sklite::svm::SVMType;
  switch (type) {
    case SVMType::c_svc:
      check_classifier<sklite::SVC>(text, extra);
      check_classifier<sklite::BasicSVC<Any, float>>(text, 0);
      break;
    case SVMType::nu_svc:
      check_classifier<sklite::NuSVC>(text, extra);
      check_classifier<sklite::BasicNuSVC<Any, float>>(text, 0);
      break;
    case SVMType::one_class:
      check_single<sklite::OneClassSVM>(text, extra);
      check_single<sklite::BasicOneClassSVM<Any, float>>(text, 0);
      break;
    case SVMType::epsilon_svr:
      check_single<sklite::SVR>(text, extra);
      check_single<sklite::BasicSVR<Any, float>>(text, 0);
      break;
    case SVMType::nu_svr:
      check_single<sklite::NuSVR>(text, extra);
      check_single<sklite::BasicNuSVR<Any, float>>(text, 0);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  sklite::svm::Model<> model;
  try {
    std::istringstream in(text);
    model = sklite::svm::read_libsvm_model(in, "<fuzz>");
  } catch (const sklite::FileError&) {
    return 0;
  }
  check_round_trip(model);
  try {
    check_estimators(text, model.svm_type, static_cast<Eigen::Index>(size % 2));
  } catch (const sklite::FileError&) {
  } catch (const sklite::InternalError&) {
    throw;
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

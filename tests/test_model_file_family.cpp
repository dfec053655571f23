// LIBSVM model files of NuSVC, OneClassSVM, SVR and NuSVR: save and load round trips, svm-predict
// on sklite's models, svm-train's models in sklite, from_model, and what the reader refuses.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <random>
#include <sklite/datasets/digits.hpp>
#include <sklite/datasets/svmlight.hpp>
#include <sklite/svm.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "support/files.hpp"
#include "support/libsvm_tools.hpp"

using sklite::FileError;
using sklite::testing::quoted;
using sklite::testing::read_bytes;
using sklite::testing::read_predictions;
using sklite::testing::run_libsvm;
using sklite::testing::TempDir;

namespace {

struct Data {
  Eigen::MatrixXd X, T;
  Eigen::VectorXd y, t;  // labels (digits) or targets (a smooth function of the pixels)
};

// Digits 0..2 as classes, or a regression target made from the pixels.
Data digits_data(bool regression) {
  const auto digits = sklite::datasets::load_digits();
  Data d;
  d.X = digits.data.topRows(240) / 16.0;
  d.T = digits.data.middleRows(1000, 200) / 16.0;
  if (regression) {
    d.y = d.X.leftCols(32).rowwise().mean() * 10;
    d.t = d.T.leftCols(32).rowwise().mean() * 10;
  } else {
    d.y = digits.target.head(240).cast<double>().unaryExpr(
        [](double v) { return std::fmod(v, 3.0); });
    d.t = digits.target.segment(1000, 200).cast<double>().unaryExpr(
        [](double v) { return std::fmod(v, 3.0); });
  }
  return d;
}

template <typename Estimator, typename Params>
Estimator fitted(const Params& params, const Data& d) {
  Estimator e(params);
  if constexpr (std::is_same_v<Estimator, sklite::OneClassSVM>)
    e.fit(d.X);
  else if constexpr (std::is_same_v<Estimator, sklite::NuSVC>)
    e.fit(d.X, d.y.cast<int>().eval());
  else
    e.fit(d.X, d.y);
  return e;
}

// The estimator's real-valued output: decision values, or a regression's predictions.
template <typename Estimator>
Eigen::MatrixXd values(const Estimator& e, const Eigen::MatrixXd& T) {
  if constexpr (requires { e.decision_function(T); })
    return e.decision_function(T);
  else
    return e.predict(T);
}

// What svm-predict writes for the estimator's predictions, as numbers.
template <typename Estimator>
Eigen::VectorXd predictions(const Estimator& e, const Eigen::MatrixXd& T) {
  return e.predict(T).template cast<double>();
}

// Saves, loads and compares; runs svm-predict on the saved model.
template <typename Estimator, typename Params>
void round_trip(const Params& params, bool regression, const char* svm_type) {
  CAPTURE(svm_type);
  TempDir dir("model_family");
  const Data d = digits_data(regression);
  const Estimator e = fitted<Estimator>(params, d);
  const std::string path = dir.file("model.txt");
  e.save(path);
  const std::string text = read_bytes(path);
  CHECK(text.rfind(std::string("svm_type ") + svm_type + "\n", 0) == 0);
  const Estimator loaded = Estimator::load(path, params);
  CHECK(loaded.dual_coef() == e.dual_coef());
  CHECK(loaded.intercept() == e.intercept());
  CHECK(loaded.support_vectors() == e.support_vectors());
  CHECK(values(loaded, d.T) == values(e, d.T));
  loaded.save(path);
  CHECK(read_bytes(path) == text);
  // svm-predict reads it and predicts what sklite predicts (values to the last digit or two).
  sklite::datasets::dump_svmlight_file(d.T, d.t, dir.file("test.libsvm"), false);
  run_libsvm(sklite::testing::kSvmPredict,
             quoted(dir.file("test.libsvm")) + " " + quoted(path) + " " + quoted(dir.file("out")));
  const Eigen::VectorXd theirs = read_predictions(dir.file("out"));
  const Eigen::VectorXd ours = predictions(e, d.T);
  REQUIRE(theirs.size() == ours.size());
  CHECK(((theirs - ours).array().abs() / ours.array().abs().max(1.0)).maxCoeff() < 1e-12);
}

}  // namespace

TEST_CASE("model file family: save then load gives the same model, and svm-predict agrees") {
  round_trip<sklite::NuSVC>(sklite::NuSVCParams{.nu = 0.2, .gamma = 0.5}, false, "nu_svc");
  round_trip<sklite::OneClassSVM>(sklite::OneClassSVMParams{.gamma = 0.5, .nu = 0.2}, false,
                                  "one_class");
  round_trip<sklite::SVR>(sklite::SVRParams{.kernel = "poly", .degree = 2, .coef0 = 1.0}, true,
                          "epsilon_svr");
  round_trip<sklite::NuSVR>(sklite::NuSVRParams{.nu = 0.3, .C = 10.0, .kernel = "linear"}, true,
                            "nu_svr");
}

namespace {

// svm-train's model of `options` on the data, loaded into Estimator: svm-predict's output and
// sklite's from that model agree, and sklite's own fit is within svm-train's tolerance of it.
template <typename Estimator, typename Params>
void from_svm_train(const std::string& options, const Params& params, bool regression) {
  CAPTURE(options);
  TempDir dir("model_family");
  const Data d = digits_data(regression);
  sklite::datasets::dump_svmlight_file(d.X, d.y, dir.file("train.libsvm"), false);
  sklite::datasets::dump_svmlight_file(d.T, d.t, dir.file("test.libsvm"), false);
  run_libsvm(sklite::testing::kSvmTrain, options + " -e 1e-8 " + quoted(dir.file("train.libsvm")) +
                                             " " + quoted(dir.file("m")));
  run_libsvm(sklite::testing::kSvmPredict, quoted(dir.file("test.libsvm")) + " " +
                                               quoted(dir.file("m")) + " " +
                                               quoted(dir.file("out")));
  const Estimator loaded = Estimator::load(dir.file("m"));
  const Eigen::VectorXd theirs = read_predictions(dir.file("out"));
  const Eigen::VectorXd ours = predictions(loaded, d.T);
  CHECK(((theirs - ours).array().abs() / ours.array().abs().max(1.0)).maxCoeff() < 1e-12);
  Params own_params = params;
  own_params.tol = 1e-8;
  const Estimator own = fitted<Estimator>(own_params, d);
  // svm-train writes support vectors with 8 digits: the two agree to about that.
  const Eigen::MatrixXd own_values = values(own, d.T);
  const double scale = std::max(1.0, own_values.cwiseAbs().maxCoeff());
  CHECK((values(loaded, d.T) - own_values).cwiseAbs().maxCoeff() < 1e-5 * scale);
  CHECK(loaded.n_support() == own.n_support());
}

}  // namespace

TEST_CASE("model file family: svm-train's models load and predict as svm-predict does") {
  from_svm_train<sklite::NuSVC>("-s 1 -n 0.25 -g 0.5",
                                sklite::NuSVCParams{.nu = 0.25, .gamma = 0.5}, false);
  from_svm_train<sklite::OneClassSVM>("-s 2 -n 0.25 -g 0.5",
                                      sklite::OneClassSVMParams{.gamma = 0.5, .nu = 0.25}, false);
  from_svm_train<sklite::SVR>("-s 3 -c 10 -p 0.05 -g 0.5",
                              sklite::SVRParams{.gamma = 0.5, .C = 10.0, .epsilon = 0.05}, true);
  from_svm_train<sklite::NuSVR>("-s 4 -t 0 -n 0.5", sklite::NuSVRParams{.kernel = "linear"}, true);
}

TEST_CASE("model file family: each estimator reads its own svm_type only") {
  TempDir dir("model_family");
  const Data d = digits_data(true);
  sklite::SVR reg;
  reg.fit(d.X, d.y);
  reg.save(dir.file("svr.model"));
  CHECK_THROWS_WITH_AS(sklite::NuSVR::load(dir.file("svr.model")),
                       ("NuSVR::load: " + dir.file("svr.model") +
                        ":1: svm_type epsilon_svr is not what NuSVR reads (nu_svr); load the file "
                        "with sklite::SVR")
                           .c_str(),
                       FileError);
  CHECK_THROWS_WITH_AS(sklite::SVC::from_model(reg.model()),
                       "SVC::from_model: the model is a epsilon_svr, not a c_svc; use sklite::SVR",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::BasicSVR<sklite::kernels::Linear>::from_model(reg.model()),
                       "SVR::from_model: the model's kernel 'rbf' is not this SVR's 'linear'",
                       std::invalid_argument);
  sklite::svm::Model<> broken = reg.model();
  broken.rho.resize(2);
  CHECK_THROWS_WITH_AS(sklite::SVR::from_model(broken),
                       doctest::Contains("SVR::from_model: the model's parts disagree in size"),
                       std::invalid_argument);
  const sklite::SVR copy = sklite::SVR::from_model(reg.model());
  CHECK(copy.predict(d.T) == reg.predict(d.T));
  CHECK_THROWS_WITH_AS(copy.n_iter(),
                       "SVR::n_iter: unknown for a model loaded from an svm::Model: a LIBSVM model "
                       "file does not record it",
                       std::logic_error);
}

TEST_CASE("model file family: lines an svm_type does not have are refused with file:line") {
  const std::string regression =
      "svm_type epsilon_svr\nkernel_type linear\nnr_class 2\ntotal_sv 1\nrho 0.5\n";
  const auto refuse = [](const std::string& text, const std::string& message) {
    CAPTURE(text);
    std::istringstream in(text);
    CHECK_THROWS_WITH_AS(sklite::svm::read_libsvm_model(in, "m.model"),
                         ("read_libsvm_model: m.model:" + message).c_str(), FileError);
  };
  refuse(regression + "label 1 2\nSV\n1 1:1\n", "6: svm_type epsilon_svr has no 'label' line");
  refuse(regression + "nr_sv 1\nSV\n1 1:1\n", "6: svm_type epsilon_svr has no 'nr_sv' line");
  refuse(regression + "probB 0.5\nSV\n1 1:1\n", "6: svm_type epsilon_svr has no 'probB' line");
  refuse(
      "svm_type one_class\nkernel_type linear\nnr_class 2\ntotal_sv 1\nrho 0.5\nprobA 1\n"
      "SV\n1 1:1\n",
      "6: svm_type one_class has no 'probA' line");
  refuse("svm_type nu_svr\nkernel_type linear\nnr_class 3\ntotal_sv 1\nrho 0.5 1 2\nSV\n1 1:1\n",
         "3: nr_class must be 2 for svm_type nu_svr (LIBSVM's count for one decision function); "
         "got 3");
  refuse("svm_type nu_svc\nkernel_type linear\nnr_class 2\ntotal_sv 1\nrho 0.5\nSV\n1 1:1\n",
         "6: the header has no 'label' line (svm_type nu_svc needs it)");
  // A regression with its probA (LIBSVM's -b 1) reads.
  std::istringstream in(regression + "probA 0.25\nSV\n1 1:1\n");
  const auto model = sklite::svm::read_libsvm_model(in, "m.model");
  CHECK(model.probA.size() == 1);
  CHECK(model.label.size() == 0);
}

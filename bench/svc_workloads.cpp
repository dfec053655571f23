// The SVM workloads of docs/performance.md, timed the way bench/compare.py times scikit-learn's:
// load the data once, then fit and predict `--repeat` times, one JSON line per run.
//
//   svc_workloads --workload digits
//   svc_workloads --workload fashion --n-train 20000 --n-test 2000 --repeat 3 --threads 1
//   svc_workloads --workload fashion --estimator svr --n-train 5000
//
// The fashion workload reads Debian's dataset-fashion-mnist (pixels scaled to [0, 1]) and trains
// SVC(C=10, gamma="scale"); digits trains SVC(C=100, gamma=0.001) on the first 898 of the bundled
// digits and predicts the other 899. --estimator picks another model for the same data:
// NuSVC(nu=0.1), OneClassSVM(nu=0.1), or SVR(C=10, epsilon=0.01) fitted to the mean intensity of
// each image's top half (rows 0..13), all with gamma "scale" on fashion (0.001 on digits). Each run
// prints "score": the accuracy of a classifier, the share of test images a one-class SVM accepts,
// or the R² of a regression.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

#include <sklite/datasets/digits.hpp>
#include <sklite/datasets/idx.hpp>
#include <sklite/metrics/regression.hpp>
#include <sklite/svm.hpp>

namespace {

struct Options {
  std::string workload = "digits";
  std::string estimator = "svc";
  std::string fashion_dir = "/usr/share/datasets/fashion-mnist";
  long n_train = 20000;
  long n_test = 2000;
  int repeat = 5;
  int threads = 0;
  double cache_size = 200;
};

[[noreturn]] void usage(const char* message) {
  std::cerr << "svc_workloads: " << message
            << "\nusage: svc_workloads [--workload digits|fashion] [--estimator "
               "svc|proba|nusvc|oneclass|svr]"
               " [--n-train N] [--n-test N]"
               " [--repeat R] [--threads T] [--cache-size MB] [--fashion-dir DIR]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int a = 1; a < argc; ++a) {
    const std::string_view flag = argv[a];
    if (a + 1 >= argc) usage("every option takes a value");
    const char* value = argv[++a];
    if (flag == "--workload")
      o.workload = value;
    else if (flag == "--estimator")
      o.estimator = value;
    else if (flag == "--fashion-dir")
      o.fashion_dir = value;
    else if (flag == "--n-train")
      o.n_train = std::stol(value);
    else if (flag == "--n-test")
      o.n_test = std::stol(value);
    else if (flag == "--repeat")
      o.repeat = std::stoi(value);
    else if (flag == "--threads")
      o.threads = std::stoi(value);
    else if (flag == "--cache-size")
      o.cache_size = std::stod(value);
    else
      usage("unknown option");
  }
  if (o.workload != "digits" && o.workload != "fashion") usage("unknown workload");
  if (o.estimator != "svc" && o.estimator != "proba" && o.estimator != "nusvc" &&
      o.estimator != "oneclass" && o.estimator != "svr")
    usage("unknown estimator");
  if (o.n_train < 2 || o.n_test < 1 || o.repeat < 1 || o.threads < 0) usage("bad size");
  return o;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

template <typename F>
double seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The common parameters of every estimator, from the options and the workload.
template <typename Params>
Params common(const Options& o) {
  Params p;
  p.cache_size = o.cache_size;
  p.n_jobs = o.threads == 0 ? -1 : o.threads;
  if (o.workload == "digits")
    p.gamma = 0.001;
  else
    p.gamma = "scale";
  return p;
}

// The regression target of an image: the mean of its top half.
Eigen::VectorXd top_half_mean(const Eigen::MatrixXd& X) {
  return X.leftCols(X.cols() / 2).rowwise().mean();
}

// Fits and predicts once; returns the fit time, the predict time, the score and the number of
// support vectors.
struct Run {
  double fit_s, predict_s, score;
  long n_support;
};

Run run_once(const Options& o, const Eigen::MatrixXd& X_train, const Eigen::VectorXi& y_train,
             const Eigen::MatrixXd& X_test, const Eigen::VectorXi& y_test) {
  Run r{};
  const auto classify = [&](auto clf) {
    r.fit_s = seconds([&] { clf.fit(X_train, y_train); });
    Eigen::VectorXi predicted;
    r.predict_s = seconds([&] { predicted = clf.predict(X_test); });
    r.score = static_cast<double>((predicted.array() == y_test.array()).count()) /
              static_cast<double>(y_test.size());
    r.n_support = static_cast<long>(clf.support().size());
  };
  if (o.estimator == "svc") {
    auto p = common<sklite::SVCParams>(o);
    p.C = o.workload == "digits" ? 100 : 10;
    classify(sklite::SVC(p));
  } else if (o.estimator == "proba") {  // the same SVC with probability estimates
    auto p = common<sklite::SVCParams>(o);
    p.C = o.workload == "digits" ? 100 : 10;
    p.probability = true;
    p.random_state = 0;
    sklite::SVC clf(p);
    r.fit_s = seconds([&] { clf.fit(X_train, y_train); });
    r.predict_s = seconds([&] { clf.predict_proba(X_test); });
    const Eigen::VectorXi predicted = clf.predict(X_test);
    r.score = static_cast<double>((predicted.array() == y_test.array()).count()) /
              static_cast<double>(y_test.size());
    r.n_support = static_cast<long>(clf.support().size());
  } else if (o.estimator == "nusvc") {
    auto p = common<sklite::NuSVCParams>(o);
    p.nu = 0.1;
    classify(sklite::NuSVC(p));
  } else if (o.estimator == "oneclass") {
    auto p = common<sklite::OneClassSVMParams>(o);
    p.nu = 0.1;
    sklite::OneClassSVM detector(p);
    r.fit_s = seconds([&] { detector.fit(X_train); });
    Eigen::VectorXi predicted;
    r.predict_s = seconds([&] { predicted = detector.predict(X_test); });
    r.score = static_cast<double>((predicted.array() > 0).count()) /
              static_cast<double>(predicted.size());
    r.n_support = static_cast<long>(detector.support().size());
  } else {
    auto p = common<sklite::SVRParams>(o);
    p.C = 10;
    p.epsilon = 0.01;
    sklite::SVR reg(p);
    const Eigen::VectorXd z_train = top_half_mean(X_train);
    r.fit_s = seconds([&] { reg.fit(X_train, z_train); });
    Eigen::VectorXd predicted;
    r.predict_s = seconds([&] { predicted = reg.predict(X_test); });
    r.score = sklite::metrics::r2_score(top_half_mean(X_test), predicted);
    r.n_support = static_cast<long>(reg.support().size());
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  Eigen::MatrixXd X_train, X_test;
  Eigen::VectorXi y_train, y_test;
  if (o.workload == "digits") {
    const auto digits = sklite::datasets::load_digits();
    X_train = digits.data.topRows(898);
    y_train = digits.target.head(898);
    X_test = digits.data.bottomRows(899);
    y_test = digits.target.tail(899);
  } else {
    namespace ds = sklite::datasets;
    const auto file = [&](const char* name) { return o.fashion_dir + "/" + name; };
    const auto n_train = static_cast<std::size_t>(o.n_train);
    const auto n_test = static_cast<std::size_t>(o.n_test);
    // Scaled in place: a temporary copy would add to the peak memory reported.
    X_train = std::move(ds::load_idx(file("train-images-idx3-ubyte.gz"), n_train).data);
    X_train /= 255.0;
    y_train = ds::load_idx(file("train-labels-idx1-ubyte.gz"), n_train).data.col(0).cast<int>();
    X_test = std::move(ds::load_idx(file("t10k-images-idx3-ubyte.gz"), n_test).data);
    X_test /= 255.0;
    y_test = ds::load_idx(file("t10k-labels-idx1-ubyte.gz"), n_test).data.col(0).cast<int>();
  }
  for (int r = 0; r < o.repeat; ++r) {
    const Run run = run_once(o, X_train, y_train, X_test, y_test);
    std::printf(
        "{\"library\": \"sklite\", \"workload\": \"%s\", \"estimator\": \"%s\", \"n_train\": %ld, "
        "\"n_test\": %ld, \"threads\": %d, \"fit_s\": %.6f, \"predict_s\": %.6f, \"score\": %.6f, "
        "\"n_support\": %ld, \"peak_rss_mb\": %.1f}\n",
        o.workload.c_str(), o.estimator.c_str(), static_cast<long>(X_train.rows()),
        static_cast<long>(X_test.rows()), o.threads, run.fit_s, run.predict_s, run.score,
        run.n_support, peak_rss_mb());
    std::fflush(stdout);
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "svc_workloads: " << e.what() << "\n";
  return 1;
}

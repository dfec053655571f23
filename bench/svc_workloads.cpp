// The SVC workloads of docs/performance.md, timed the way bench/compare.py times scikit-learn's:
// load the data once, then fit and predict `--repeat` times, one JSON line per run.
//
//   svc_workloads --workload digits
//   svc_workloads --workload fashion --n-train 20000 --n-test 2000 --repeat 3 --threads 1
//
// The fashion workload reads Debian's dataset-fashion-mnist (pixels scaled to [0, 1]) and trains
// SVC(C=10, gamma="scale"); digits trains SVC(C=100, gamma=0.001) on the first 898 of the bundled
// digits and predicts the other 899.
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
#include <sklite/svm/svc.hpp>

namespace {

struct Options {
  std::string workload = "digits";
  std::string fashion_dir = "/usr/share/datasets/fashion-mnist";
  long n_train = 20000;
  long n_test = 2000;
  int repeat = 5;
  int threads = 0;
  double cache_size = 200;
};

[[noreturn]] void usage(const char* message) {
  std::cerr << "svc_workloads: " << message
            << "\nusage: svc_workloads [--workload digits|fashion] [--n-train N] [--n-test N]"
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

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  Eigen::MatrixXd X_train, X_test;
  Eigen::VectorXi y_train, y_test;
  sklite::SVCParams params;
  params.cache_size = o.cache_size;
  params.n_jobs = o.threads == 0 ? -1 : o.threads;
  if (o.workload == "digits") {
    const auto digits = sklite::datasets::load_digits();
    X_train = digits.data.topRows(898);
    y_train = digits.target.head(898);
    X_test = digits.data.bottomRows(899);
    y_test = digits.target.tail(899);
    params.C = 100;
    params.gamma = 0.001;
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
    params.C = 10;
    params.gamma = "scale";
  }
  for (int r = 0; r < o.repeat; ++r) {
    sklite::SVC clf(params);
    const double fit_s = seconds([&] { clf.fit(X_train, y_train); });
    Eigen::VectorXi predicted;
    const double predict_s = seconds([&] { predicted = clf.predict(X_test); });
    const double accuracy = static_cast<double>((predicted.array() == y_test.array()).count()) /
                            static_cast<double>(y_test.size());
    std::printf(
        "{\"library\": \"sklite\", \"workload\": \"%s\", \"n_train\": %ld, \"n_test\": %ld, "
        "\"threads\": %d, \"fit_s\": %.6f, \"predict_s\": %.6f, \"accuracy\": %.6f, "
        "\"n_support\": %ld, \"peak_rss_mb\": %.1f}\n",
        o.workload.c_str(), static_cast<long>(X_train.rows()), static_cast<long>(X_test.rows()),
        o.threads, fit_s, predict_s, accuracy, static_cast<long>(clf.support().size()),
        peak_rss_mb());
    std::fflush(stdout);
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "svc_workloads: " << e.what() << "\n";
  return 1;
}

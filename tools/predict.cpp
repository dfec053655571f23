// sklite-predict: LIBSVM's svm-predict on sklite's SVMs. Same options, same files, same output.
#include <sklite/detail/file_io.hpp>
#include <sklite/svm.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <utility>

#include "cli.hpp"

namespace {

using sklite_cli::UsageError;

constexpr const char* kUsage =
    "Usage: sklite-predict [options] test_file model_file output_file\n"
    "options:\n"
    "-b probability_estimates: 0 only (probability estimates are not available yet)\n"
    "-q : quiet mode (no outputs)\n"
    "sklite's own options:\n"
    "--threads n : threads to use (default: every core)\n"
    "--csv : the test file is comma-separated, the label in the first column\n";

struct Options {
  int probability = 0;
  bool quiet = false;
  int threads = -1;
  bool csv = false;
  std::string test_file;
  std::string model_file;
  std::string output_file;
};

Options parse_options(int argc, char** argv) {
  Options o;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.empty() || arg[0] != '-') break;
    if (arg == "-q") {
      o.quiet = true;
    } else if (arg == "--csv") {
      o.csv = true;
    } else if (arg == "--help" || arg == "-?") {
      throw UsageError{"", true};
    } else if (arg == "-b" || arg == "--threads") {
      if (i + 1 >= argc) throw UsageError{"option " + arg + " needs a value", true};
      const int value = sklite_cli::parse_int(argv[++i], arg);
      if (arg == "-b") {
        if (value != 0 && value != 1)
          throw UsageError{"-b expects 0 or 1; got " + std::to_string(value)};
        o.probability = value;
      } else {
        if (value < 1) throw UsageError{"--threads expects n >= 1; got " + std::to_string(value)};
        o.threads = value;
      }
    } else {
      throw UsageError{"unknown option " + arg, true};
    }
  }
  if (argc - i != 3) throw UsageError{"expected test_file model_file output_file", true};
  o.test_file = argv[i];
  o.model_file = argv[i + 1];
  o.output_file = argv[i + 2];
  return o;
}

/// The test data as a model takes it: rows as wide as its support vectors need (features the file
/// never mentions are 0, as in LIBSVM's sparse rows), or for a precomputed kernel the kernel values
/// against the training samples (column j − 1 for serial j).
sklite_cli::LabeledData test_data(const Options& o, const sklite::svm::Model<>& model) {
  if (model.precomputed()) {
    auto data = sklite_cli::load_precomputed(o.test_file);
    data.X = data.X.rightCols(data.X.cols() - 1).eval();
    return data;
  }
  auto data = sklite_cli::load_data(o.test_file, o.csv);
  const Eigen::Index width = std::max(data.X.cols(), model.n_features);
  if (data.X.cols() < width)
    data.X.conservativeResizeLike(Eigen::MatrixXd::Zero(data.X.rows(), width));
  return data;
}

/// What svm-predict writes for each row of X with the model: a label, +1 or −1, or a value.
Eigen::VectorXd predictions(sklite::svm::Model<>&& model, const Eigen::MatrixXd& X, int threads) {
  using sklite::svm::SVMType;
  const auto as_double = [](const auto& values) { return values.template cast<double>().eval(); };
  switch (model.svm_type) {
    case SVMType::c_svc:
      return as_double(sklite::SVC::from_model(std::move(model), {.n_jobs = threads}).predict(X));
    case SVMType::nu_svc:
      return as_double(sklite::NuSVC::from_model(std::move(model), {.n_jobs = threads}).predict(X));
    case SVMType::one_class:
      return as_double(
          sklite::OneClassSVM::from_model(std::move(model), {.n_jobs = threads}).predict(X));
    case SVMType::epsilon_svr:
      return sklite::SVR::from_model(std::move(model), {.n_jobs = threads}).predict(X);
    case SVMType::nu_svr:
      return sklite::NuSVR::from_model(std::move(model), {.n_jobs = threads}).predict(X);
  }
  return {};
}

/// svm-predict's summary: the accuracy, or for a regression the mean squared error and the squared
/// correlation coefficient.
std::string summary(sklite::svm::SVMType type, const Eigen::VectorXd& p, const Eigen::VectorXd& t) {
  const auto n = p.size();
  const double l = static_cast<double>(n);
  if (type == sklite::svm::SVMType::epsilon_svr || type == sklite::svm::SVMType::nu_svr) {
    const sklite_cli::RegressionFit fit = sklite_cli::regression_fit(p, t);
    return sklite::detail::format("Mean squared error = %g (regression)\n",
                                  fit.mean_squared_error) +
           sklite::detail::format("Squared correlation coefficient = %g (regression)\n",
                                  fit.squared_correlation);
  }
  const auto correct = static_cast<long long>((p.array() == t.array()).count());
  return sklite::detail::format("Accuracy = %g%% (%lld/%lld) (classification)\n",
                                100.0 * static_cast<double>(correct) / l, correct,
                                static_cast<long long>(n));
}

}  // namespace

int main(int argc, char** argv) {
  return sklite_cli::run("sklite-predict", kUsage, [&] {
    const Options o = parse_options(argc, argv);
    sklite::svm::Model<> model = sklite::svm::read_libsvm_model(o.model_file);
    if (o.probability == 1)
      throw UsageError{o.model_file +
                       ": the model has no probability estimates (sklite has none yet)"};
    const sklite::svm::SVMType type = model.svm_type;
    const sklite_cli::LabeledData data = test_data(o, model);
    const Eigen::VectorXd predicted = predictions(std::move(model), data.X, o.threads);

    sklite::detail::AtomicFileWriter file("sklite-predict", o.output_file);
    std::string text;
    for (Eigen::Index i = 0; i < predicted.size(); ++i)
      text += sklite::detail::format("%.17g\n", predicted(i));
    file.write(text);
    file.commit();
    if (!o.quiet) std::cout << summary(type, predicted, data.y);
  });
}

// sklite-predict: LIBSVM's svm-predict on sklite's SVC. Same options, same files, same output.
#include <sklite/detail/file_io.hpp>
#include <sklite/svm.hpp>

#include <iostream>
#include <string>

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

}  // namespace

int main(int argc, char** argv) {
  return sklite_cli::run("sklite-predict", kUsage, [&] {
    const Options o = parse_options(argc, argv);
    sklite::SVCParams options;
    options.n_jobs = o.threads;
    const sklite::SVC model = sklite::SVC::load(o.model_file, options);
    if (o.probability == 1)
      throw UsageError{o.model_file +
                       ": the model has no probability estimates (sklite has none yet)"};

    const bool precomputed = model.get_params().kernel.type(sklite::kernels::KernelType::rbf) ==
                             sklite::kernels::KernelType::precomputed;
    Eigen::VectorXi predicted;
    Eigen::VectorXd target;
    if (precomputed) {
      // Rows are "label 0:serial 1:K(x, x_1) ...": the kernel values against the training
      // samples, column j − 1 for serial j.
      auto data = sklite_cli::load_precomputed(o.test_file);
      target = std::move(data.y);
      predicted = model.predict(data.X.rightCols(data.X.cols() - 1));
    } else {
      auto data = sklite_cli::load_data(o.test_file, o.csv);
      target = std::move(data.y);
      // Features the test file never mentions are 0, as in LIBSVM's sparse rows.
      const Eigen::Index width = std::max(data.X.cols(), model.n_features_in());
      if (data.X.cols() < width)
        data.X.conservativeResizeLike(Eigen::MatrixXd::Zero(data.X.rows(), width));
      predicted = model.predict(data.X);
    }

    sklite::detail::AtomicFileWriter file("sklite-predict", o.output_file);
    std::string text;
    Eigen::Index correct = 0;
    for (Eigen::Index i = 0; i < predicted.size(); ++i) {
      text += sklite::detail::format("%.17g\n", static_cast<double>(predicted(i)));
      if (static_cast<double>(predicted(i)) == target(i)) ++correct;
    }
    file.write(text);
    file.commit();
    if (!o.quiet)
      std::cout << sklite::detail::format(
          "Accuracy = %g%% (%lld/%lld) (classification)\n",
          100.0 * static_cast<double>(correct) / static_cast<double>(predicted.size()),
          static_cast<long long>(correct), static_cast<long long>(predicted.size()));
  });
}

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
    "-b probability_estimates: whether to predict probability estimates, 0 or 1 (default 0); for "
    "one-class SVM only 0 is supported\n"
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

/// True when the model holds a probability model svm-predict -b 1 can use (LIBSVM's
/// svm_check_probability_model): probA and probB for a classifier, probA for a regression.
bool has_probability_model(const sklite::svm::Model<>& model) {
  using sklite::svm::SVMType;
  switch (model.svm_type) {
    case SVMType::c_svc:
    case SVMType::nu_svc:
      return model.probA.size() != 0 && model.probB.size() != 0;
    case SVMType::epsilon_svr:
    case SVMType::nu_svr:
      return model.probA.size() != 0;
    default:
      return false;
  }
}

/// svm-predict -b 1 for a classifier: the probability of each class, in the file's order of the
/// classes, and the label of the most probable (the first in that order on a tie).
struct ClassProbabilities {
  Eigen::VectorXi labels;  // the file's order
  Eigen::MatrixXd probability;
  Eigen::VectorXd predicted;
};

template <typename Classifier>
ClassProbabilities class_probabilities(sklite::svm::Model<>&& model, const Eigen::MatrixXd& X,
                                       int threads) {
  ClassProbabilities out;
  out.labels = model.label;
  const auto clf = Classifier::from_model(
      std::move(model),
      {.n_jobs = threads, .probability_convention = sklite::svm::ProbabilityConvention::libsvm});
  const Eigen::MatrixXd sorted = clf.predict_proba(X);
  const Eigen::VectorXi& classes = clf.classes();
  out.probability.resize(X.rows(), out.labels.size());
  for (Eigen::Index j = 0; j < out.labels.size(); ++j) {
    const auto at = std::find(classes.begin(), classes.end(), out.labels(j)) - classes.begin();
    out.probability.col(j) = sorted.col(at);
  }
  out.predicted.resize(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    Eigen::Index best = 0;
    for (Eigen::Index j = 1; j < out.labels.size(); ++j)
      if (out.probability(i, j) > out.probability(i, best)) best = j;
    out.predicted(i) = out.labels(best);
  }
  return out;
}

/// The output file of svm-predict -b 1 for a classifier: a "labels" line, then each row's label
/// and probabilities.
std::string probability_text(const ClassProbabilities& p) {
  std::string text = "labels";
  for (const int label : p.labels) text += sklite::detail::format(" %d", label);
  text += '\n';
  for (Eigen::Index i = 0; i < p.probability.rows(); ++i) {
    text += sklite::detail::format("%g", p.predicted(i));
    for (Eigen::Index j = 0; j < p.probability.cols(); ++j)
      text += sklite::detail::format(" %g", p.probability(i, j));
    text += '\n';
  }
  return text;
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
    using sklite::svm::SVMType;
    const SVMType type = model.svm_type;
    const bool classifier = sklite::svm::is_classification(type);
    if (o.probability == 1 && !has_probability_model(model))
      throw UsageError{
          o.model_file + ": the model does not support probability estimates (" +
          (type == SVMType::one_class ? "a one-class SVM has none" : "svm-train -b 1 makes them") +
          ")"};
    if (!o.quiet && o.probability == 1 && !classifier)
      std::cout << sklite::detail::format(
          "Prob. model for test data: target value = predicted value + z,\nz: Laplace "
          "distribution e^(-|z|/sigma)/(2sigma),sigma=%g\n",
          model.probA(0));
    if (!o.quiet && o.probability == 0 && has_probability_model(model))
      std::cout << "Model supports probability estimates, but disabled in prediction.\n";
    const sklite_cli::LabeledData data = test_data(o, model);

    Eigen::VectorXd predicted;
    std::string text;
    if (o.probability == 1 && classifier) {
      const ClassProbabilities p =
          type == SVMType::c_svc
              ? class_probabilities<sklite::SVC>(std::move(model), data.X, o.threads)
              : class_probabilities<sklite::NuSVC>(std::move(model), data.X, o.threads);
      predicted = p.predicted;
      text = probability_text(p);
    } else {
      predicted = predictions(std::move(model), data.X, o.threads);
      for (Eigen::Index i = 0; i < predicted.size(); ++i)
        text += sklite::detail::format("%.17g\n", predicted(i));
    }
    sklite::detail::AtomicFileWriter file("sklite-predict", o.output_file);
    file.write(text);
    file.commit();
    if (!o.quiet) std::cout << summary(type, predicted, data.y);
  });
}

// sklite-train: LIBSVM's svm-train on sklite's SVMs. Same options, same files, same output.
#include <sklite/svm.hpp>

#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "cli.hpp"
#include "cross_validation.hpp"

namespace {

using sklite_cli::Options;
using sklite_cli::Problem;
using sklite_cli::Trained;
using sklite_cli::UsageError;

constexpr const char* kUsage =
    "Usage: sklite-train [options] training_set_file [model_file]\n"
    "options:\n"
    "-s svm_type : type of SVM (default 0)\n"
    "\t0 -- C-SVC\t\t(multi-class classification)\n"
    "\t1 -- nu-SVC\t\t(multi-class classification)\n"
    "\t2 -- one-class SVM\n"
    "\t3 -- epsilon-SVR\t(regression)\n"
    "\t4 -- nu-SVR\t\t(regression)\n"
    "-t kernel_type : type of kernel function (default 2)\n"
    "\t0 -- linear: u'*v\n"
    "\t1 -- polynomial: (gamma*u'*v + coef0)^degree\n"
    "\t2 -- radial basis function: exp(-gamma*|u-v|^2)\n"
    "\t3 -- sigmoid: tanh(gamma*u'*v + coef0)\n"
    "\t4 -- precomputed kernel (kernel values in training_set_file)\n"
    "-d degree : degree of the polynomial kernel (default 3)\n"
    "-g gamma : gamma of the kernel function (default 1/num_features)\n"
    "-r coef0 : coef0 of the kernel function (default 0)\n"
    "-c cost : the parameter C of C-SVC, epsilon-SVR and nu-SVR (default 1)\n"
    "-n nu : the parameter nu of nu-SVC, one-class SVM and nu-SVR (default 0.5)\n"
    "-p epsilon : the epsilon of epsilon-SVR's loss function (default 0.1)\n"
    "-m cachesize : kernel cache in MB (default 100)\n"
    "-e epsilon : tolerance of the termination criterion (default 0.001)\n"
    "-h shrinking : whether to use the shrinking heuristics, 0 or 1 (default 1)\n"
    "-b probability_estimates : whether to train a SVC or SVR model for probability estimates, 0 "
    "or "
    "1 (default 0)\n"
    "-wi weight : set the parameter C of class i to weight*C, for C-SVC (default 1)\n"
    "-v n : n-fold cross validation mode\n"
    "-q : quiet mode (no outputs)\n"
    "sklite's own options:\n"
    "--threads n : threads to use (default: every core)\n"
    "--csv : the training file is comma-separated, the label in the first column\n";

/// Writes the model with the data's labels (a classifier knows their ranks only) and, for a
/// precomputed kernel, the support vectors' serial numbers as the file gave them.
void save_model(const Trained& t, const Problem& problem, const std::string& path) {
  sklite::svm::Model<> model = std::visit([](const auto& e) { return e.model(); }, t.estimator);
  if (t.laplace_scale.size() != 0) model.probA = t.laplace_scale;
  for (Eigen::Index c = 0; c < model.label.size(); ++c)
    model.label(c) = t.classes[static_cast<std::size_t>(model.label(c))];
  // The file numbers a precomputed kernel's samples by their serials (the writer adds 1).
  if (problem.precomputed)
    for (Eigen::Index s = 0; s < model.sv_indices.size(); ++s)
      model.sv_indices(s) = static_cast<int>(problem.X(model.sv_indices(s), 0)) - 1;
  sklite::svm::write_libsvm_model(model, path, "sklite-train");
}

/// svm-train -b 1 for a regression (LIBSVM's svm_svr_probability): the Laplace scale of the
/// residuals of a five-fold cross-validation, reported as svm-train reports it.
double regression_laplace_scale(Options o, const Problem& problem) {
  o.probability = 0;
  const Eigen::VectorXd predicted = sklite_cli::cross_validation_predictions(
      o, problem, sklite_cli::fold_count(5, problem.y.size()));
  const double sigma = sklite::svm::laplace_scale(problem.y - predicted);
  if (!o.quiet)
    std::cout << sklite::detail::format(
        "Prob. model for test data: target value = predicted value + z,\nz: Laplace distribution "
        "e^(-|z|/sigma)/(2sigma),sigma= %g\n",
        sigma);
  return sigma;
}

}  // namespace

int main(int argc, char** argv) {
  return sklite_cli::run("sklite-train", kUsage, [&] {
    const Options o = sklite_cli::parse_options({argv + 1, argv + argc});
    const Problem problem = sklite_cli::read_problem(o);
    if (o.folds > 0) {
      std::cout << sklite_cli::cross_validation(o, problem);
    } else {
      if (sklite_cli::classifies(o) && sklite_cli::libsvm_class_order(problem.labels).size() < 2)
        throw UsageError{o.train_file + ": every sample has the same label; " +
                         (o.svm_type == 0 ? "C-SVC" : "nu-SVC") + " needs two classes or more"};
      std::vector<Eigen::Index> all(static_cast<std::size_t>(problem.y.size()));
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<Eigen::Index>(i);
      Eigen::VectorXd laplace_scale;
      if (o.probability == 1 && !sklite_cli::classifies(o))
        laplace_scale = Eigen::VectorXd::Constant(1, regression_laplace_scale(o, problem));
      Trained t = sklite_cli::fit(o, problem, all);
      t.laplace_scale = laplace_scale;
      save_model(t, problem, o.model_file);
    }
  });
}

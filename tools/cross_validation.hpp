// sklite's command-line tools: svm-train's options, data and n-fold cross-validation, shared by
// sklite-train and sklite-grid (which runs the cross-validation of svm-train -v at every point of
// its grid). Not part of the library.
#ifndef SKLITE_TOOLS_CROSS_VALIDATION_HPP
#define SKLITE_TOOLS_CROSS_VALIDATION_HPP

#include <sklite/svm.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "cli.hpp"

namespace sklite_cli {

/// svm-train's options (and sklite-train's own), as parse_options reads them.
struct Options {
  int svm_type = 0;
  int kernel_type = 2;
  int degree = 3;
  double gamma = 0;  // 0: 1/num_features, as LIBSVM
  double coef0 = 0;
  double C = 1;
  double nu = 0.5;
  double epsilon = 0.1;
  double cache_size = 100;
  double tol = 1e-3;
  int shrinking = 1;
  int probability = 0;
  std::map<int, double> weights;
  int folds = 0;
  bool quiet = false;
  int threads = -1;
  bool csv = false;
  std::string train_file;
  std::string model_file;
};

/// Reads svm-train's command line, `args` being its arguments after the program's name: options,
/// then training_set_file and an optional model_file (whose default this fills in).
/// @throws UsageError for an unknown option, a value that is not a number or out of range
inline Options parse_options(const std::vector<std::string>& args) {
  Options o;
  const std::size_t argc = args.size();
  std::size_t i = 0;
  for (; i < argc; ++i) {
    const std::string& arg = args[i];
    if (arg.empty() || arg[0] != '-') break;
    if (arg == "--csv") {
      o.csv = true;
      continue;
    }
    if (arg == "-q") {
      o.quiet = true;
      continue;
    }
    if (arg == "--help" || arg == "-?") throw UsageError{"", true};
    if (i + 1 >= argc) throw UsageError{"option " + arg + " needs a value", true};
    const std::string& value = args[++i];
    using sklite_cli::parse_double;
    using sklite_cli::parse_int;
    if (arg == "--threads") {
      o.threads = parse_int(value, arg);
      if (o.threads < 1) throw UsageError{"--threads expects n >= 1; got " + value};
    } else if (arg.size() == 2 || arg[1] == 'w') {
      switch (arg[1]) {
        case 's':
          o.svm_type = parse_int(value, arg);
          break;
        case 't':
          o.kernel_type = parse_int(value, arg);
          break;
        case 'd':
          o.degree = parse_int(value, arg);
          break;
        case 'g':
          o.gamma = parse_double(value, arg);
          break;
        case 'r':
          o.coef0 = parse_double(value, arg);
          break;
        case 'c':
          o.C = parse_double(value, arg);
          break;
        case 'n':
          o.nu = parse_double(value, arg);
          break;
        case 'p':
          o.epsilon = parse_double(value, arg);
          break;
        case 'm':
          o.cache_size = parse_double(value, arg);
          break;
        case 'e':
          o.tol = parse_double(value, arg);
          break;
        case 'h':
          o.shrinking = parse_int(value, arg);
          break;
        case 'b':
          o.probability = parse_int(value, arg);
          break;
        case 'v':
          o.folds = parse_int(value, arg);
          if (o.folds < 2) throw UsageError{"-v expects n >= 2 folds; got " + value, true};
          break;
        case 'w': {
          const int label = sklite_cli::parse_int(arg.substr(2), "-w<label>");
          o.weights[label] = parse_double(value, arg);
          break;
        }
        default:
          throw UsageError{"unknown option " + arg, true};
      }
    } else {
      throw UsageError{"unknown option " + arg, true};
    }
  }
  if (i >= argc) throw UsageError{"no training_set_file given", true};
  o.train_file = args[i++];
  if (i < argc) o.model_file = args[i++];
  if (i < argc) throw UsageError{"too many arguments: '" + args[i] + "'", true};
  if (o.model_file.empty()) {
    // As svm-train: the training file's name without its folders, plus ".model", here.
    const auto slash = o.train_file.find_last_of('/');
    o.model_file =
        (slash == std::string::npos ? o.train_file : o.train_file.substr(slash + 1)) + ".model";
  }

  if (o.svm_type < 0 || o.svm_type > 4)
    throw UsageError{"unknown svm type -s " + std::to_string(o.svm_type)};
  if (o.probability == 1 && o.svm_type == 2)
    throw UsageError{"-b 1: one-class SVM probability output is not supported (as in LIBSVM)"};
  if (o.kernel_type < 0 || o.kernel_type > 4)
    throw UsageError{"unknown kernel type -t " + std::to_string(o.kernel_type)};
  if (o.probability != 0 && o.probability != 1)
    throw UsageError{"-b expects 0 or 1; got " + std::to_string(o.probability)};
  if (o.shrinking != 0 && o.shrinking != 1)
    throw UsageError{"-h expects 0 or 1; got " + std::to_string(o.shrinking)};
  if (o.gamma < 0)
    throw UsageError{"-g expects gamma >= 0; got " + sklite::detail::concat(o.gamma)};
  if (o.csv && o.kernel_type == 4)
    throw UsageError{
        "--csv cannot be used with -t 4 (precomputed kernel files are LIBSVM's format)"};
  return o;
}

/// LIBSVM's order of the classes: by first appearance, except that a binary problem with labels
/// -1 and +1 puts +1 first. Training in this order gives LIBSVM's sub-problems exactly (the same
/// samples in the same order with the same signs), hence its iterations, and a model file that
/// lists its classes as svm-train's does.
inline std::vector<int> libsvm_class_order(const Eigen::VectorXi& labels) {
  std::vector<int> order;
  for (Eigen::Index i = 0; i < labels.size(); ++i)
    if (std::find(order.begin(), order.end(), labels(i)) == order.end()) order.push_back(labels(i));
  if (order.size() == 2 && order[0] == -1 && order[1] == 1) std::swap(order[0], order[1]);
  return order;
}

/// The rank of each label in `order`.
inline Eigen::VectorXi ranks(const Eigen::VectorXi& labels, const std::vector<int>& order) {
  Eigen::VectorXi out(labels.size());
  for (Eigen::Index i = 0; i < labels.size(); ++i)
    out(i) = static_cast<int>(std::find(order.begin(), order.end(), labels(i)) - order.begin());
  return out;
}

/// True for the classifiers (-s 0 and -s 1), whose labels are classes.
inline bool classifies(const Options& o) { return o.svm_type <= 1; }

/// The estimator of each svm_type (-s 0 … 4).
using Estimator =
    std::variant<sklite::SVC, sklite::NuSVC, sklite::OneClassSVM, sklite::SVR, sklite::NuSVR>;

/// A trained model, with the label of each class rank for a classifier (classes in LIBSVM's
/// order), and a regression's Laplace scale when -b 1 asked for it.
struct Trained {
  Estimator estimator;
  std::vector<int> classes;
  Eigen::VectorXd laplace_scale;
  bool most_probable = false;  // -b 1: a classifier predicts the class of highest probability
};

/// The options every svm_type shares, in an estimator's parameters.
template <typename Params>
Params common_params(const Options& o) {
  Params p;
  static const char* const names[] = {"linear", "poly", "rbf", "sigmoid", "precomputed"};
  p.kernel = names[o.kernel_type];
  p.degree = o.degree;
  if (o.gamma > 0)
    p.gamma = o.gamma;
  else
    p.gamma = sklite::Gamma::automatic();
  p.coef0 = o.coef0;
  p.shrinking = o.shrinking == 1;
  p.tol = o.tol;
  p.cache_size = o.cache_size;
  p.verbose = !o.quiet;
  p.n_jobs = o.threads;
  return p;
}

/// -wi: the weights by class rank (classes[r] is the label of rank r).
inline sklite::ClassWeight class_weights(const Options& o, const std::vector<int>& classes) {
  std::map<int, double> weights;
  for (const auto& [label, weight] : o.weights) {
    const auto at = std::find(classes.begin(), classes.end(), label);
    if (at != classes.end()) weights[static_cast<int>(at - classes.begin())] = weight;
  }
  if (weights.empty()) return {};
  return weights;
}

/// The classifiers' options (-wi, -b), probability models made as svm-train makes them.
template <typename Params>
void set_classifier_options(const Options& o, const std::vector<int>& classes, Params& p) {
  p.class_weight = class_weights(o, classes);
  p.probability = o.probability == 1;
  p.probability_convention = sklite::svm::ProbabilityConvention::libsvm;
}

inline Estimator make_estimator(const Options& o, const std::vector<int>& classes) {
  switch (o.svm_type) {
    case 0: {
      auto p = common_params<sklite::SVCParams>(o);
      p.C = o.C;
      set_classifier_options(o, classes, p);
      return sklite::SVC(p);
    }
    case 1: {
      auto p = common_params<sklite::NuSVCParams>(o);
      p.nu = o.nu;
      p.starting_point = sklite::svm::StartingPoint::libsvm;
      set_classifier_options(o, classes, p);
      return sklite::NuSVC(p);
    }
    case 2: {
      auto p = common_params<sklite::OneClassSVMParams>(o);
      p.nu = o.nu;
      p.starting_point = sklite::svm::StartingPoint::libsvm;
      return sklite::OneClassSVM(p);
    }
    case 3: {
      auto p = common_params<sklite::SVRParams>(o);
      p.C = o.C;
      p.epsilon = o.epsilon;
      return sklite::SVR(p);
    }
    default: {
      auto p = common_params<sklite::NuSVRParams>(o);
      p.nu = o.nu;
      p.starting_point = sklite::svm::StartingPoint::libsvm;
      p.C = o.C;
      return sklite::NuSVR(p);
    }
  }
}

/// The training data: samples (or, for a precomputed kernel, the file's rows), their labels or
/// targets, and for a classifier the labels as integers.
struct Problem {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  Eigen::VectorXi labels;
  bool precomputed = false;
};

/// The kernel matrix between samples `rows` and `cols` of a precomputed-kernel file: the value of
/// row i against sample j sits in the column named by j's serial number (LIBSVM's convention).
inline Eigen::MatrixXd precomputed_block(const Eigen::MatrixXd& file,
                                         const std::vector<Eigen::Index>& rows,
                                         const std::vector<Eigen::Index>& cols) {
  Eigen::MatrixXd K(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const auto serial = static_cast<Eigen::Index>(file(cols[c], 0));
    for (std::size_t r = 0; r < rows.size(); ++r)
      K(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = file(rows[r], serial);
  }
  return K;
}

/// svm-train's folds: the order in which samples are visited (`perm`) and where each fold starts
/// in it. Stratified draws (classification with fewer folds than samples) shuffle each class, then
/// deal it to the folds in proportion; otherwise the samples are shuffled and cut in n_folds runs.
struct Folds {
  std::vector<Eigen::Index> perm;
  std::vector<Eigen::Index> start;  // folds + 1 entries
};

inline Folds libsvm_folds(const Problem& problem, int n_folds, bool stratified) {
  const Eigen::VectorXi& labels = problem.labels;
  const auto n = static_cast<Eigen::Index>(problem.y.size());
  sklite::detail::GlibcRand rand;
  Folds f;
  f.perm.resize(static_cast<std::size_t>(n));
  f.start.assign(static_cast<std::size_t>(n_folds) + 1, 0);
  if (!stratified) {
    for (Eigen::Index i = 0; i < n; ++i) f.perm[static_cast<std::size_t>(i)] = i;
    for (Eigen::Index i = 0; i < n; ++i)
      std::swap(f.perm[static_cast<std::size_t>(i)],
                f.perm[static_cast<std::size_t>(i + rand() % (n - i))]);
    for (int i = 0; i <= n_folds; ++i)
      f.start[static_cast<std::size_t>(i)] = static_cast<Eigen::Index>(i) * n / n_folds;
    return f;
  }
  const std::vector<int> classes = libsvm_class_order(labels);
  const Eigen::VectorXi rank = ranks(labels, classes);
  const auto k = classes.size();
  std::vector<Eigen::Index> count(k, 0), class_start(k, 0);
  for (Eigen::Index i = 0; i < n; ++i) ++count[static_cast<std::size_t>(rank(i))];
  for (std::size_t c = 1; c < k; ++c) class_start[c] = class_start[c - 1] + count[c - 1];
  std::vector<Eigen::Index> index(static_cast<std::size_t>(n));
  {
    std::vector<Eigen::Index> next = class_start;
    for (Eigen::Index i = 0; i < n; ++i)
      index[static_cast<std::size_t>(next[static_cast<std::size_t>(rank(i))]++)] = i;
  }
  for (std::size_t c = 0; c < k; ++c)
    for (Eigen::Index i = 0; i < count[c]; ++i)
      std::swap(index[static_cast<std::size_t>(class_start[c] + i)],
                index[static_cast<std::size_t>(class_start[c] + i + rand() % (count[c] - i))]);
  std::vector<Eigen::Index> fill(static_cast<std::size_t>(n_folds) + 1, 0);
  for (int i = 0; i < n_folds; ++i) {
    Eigen::Index size = 0;
    for (std::size_t c = 0; c < k; ++c)
      size += (i + 1) * count[c] / n_folds - i * count[c] / n_folds;
    f.start[static_cast<std::size_t>(i) + 1] = f.start[static_cast<std::size_t>(i)] + size;
  }
  fill = f.start;
  for (std::size_t c = 0; c < k; ++c)
    for (int i = 0; i < n_folds; ++i)
      for (Eigen::Index j = class_start[c] + i * count[c] / n_folds;
           j < class_start[c] + (i + 1) * count[c] / n_folds; ++j)
        f.perm[static_cast<std::size_t>(fill[static_cast<std::size_t>(i)]++)] =
            index[static_cast<std::size_t>(j)];
  return f;
}

/// The samples `rows` of the problem as an estimator takes them: their rows, or for a precomputed
/// kernel their kernel values against the samples `train_rows`.
inline Eigen::MatrixXd inputs(const Problem& problem, const std::vector<Eigen::Index>& rows,
                              const std::vector<Eigen::Index>& train_rows) {
  return problem.precomputed ? precomputed_block(problem.X, rows, train_rows)
                             : Eigen::MatrixXd(problem.X(rows, Eigen::all));
}

/// Called on each estimator before it fits the samples `rows` of the problem (sklite-grid points
/// it at kernel values shared between fits); may be empty.
using BeforeFit = std::function<void(Estimator&, const std::vector<Eigen::Index>& rows)>;

/// Fits on the samples `rows` of the problem, in that order, as svm-train would.
inline Trained fit(const Options& o, const Problem& problem, const std::vector<Eigen::Index>& rows,
                   const BeforeFit& before_fit = {}) {
  Trained t;
  Eigen::VectorXi ranked;
  if (classifies(o)) {
    const Eigen::VectorXi labels = problem.labels(rows);
    t.classes = libsvm_class_order(labels);
    ranked = ranks(labels, t.classes);
  }
  t.estimator = make_estimator(o, t.classes);
  t.most_probable = classifies(o) && o.probability == 1;
  if (before_fit) before_fit(t.estimator, rows);
  const Eigen::MatrixXd X = inputs(problem, rows, rows);
  std::visit(
      [&](auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, sklite::OneClassSVM>)
          e.fit(X);
        else if constexpr (std::is_same_v<E, sklite::SVR> || std::is_same_v<E, sklite::NuSVR>)
          e.fit(X, problem.y(rows));
        else
          e.fit(X, ranked);
      },
      t.estimator);
  return t;
}

/// The class rank of highest probability for each row of X (svm_predict_probability: the first
/// in LIBSVM's order on a tie).
template <typename Classifier>
Eigen::VectorXi most_probable(const Classifier& clf, const Eigen::MatrixXd& X) {
  const Eigen::MatrixXd p = clf.predict_proba(X);
  Eigen::VectorXi out(p.rows());
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    Eigen::Index best = 0;
    for (Eigen::Index c = 1; c < p.cols(); ++c)
      if (p(i, c) > p(i, best)) best = c;
    out(i) = static_cast<int>(best);
  }
  return out;
}

/// What the model trained on samples `train_rows` predicts for samples `rows`: labels, +1 or -1
/// (one-class) or values (regression), as svm-predict gives them.
inline Eigen::VectorXd predict(const Trained& t, const Problem& problem,
                               const std::vector<Eigen::Index>& rows,
                               const std::vector<Eigen::Index>& train_rows) {
  const Eigen::MatrixXd X = inputs(problem, rows, train_rows);
  return std::visit(
      [&](const auto& e) -> Eigen::VectorXd {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, sklite::SVC> || std::is_same_v<E, sklite::NuSVC>) {
          const Eigen::VectorXi ranked = t.most_probable ? most_probable(e, X) : e.predict(X);
          Eigen::VectorXd out(ranked.size());
          for (Eigen::Index i = 0; i < ranked.size(); ++i)
            out(i) = t.classes[static_cast<std::size_t>(ranked(i))];
          return out;
        } else {
          return e.predict(X).template cast<double>();
        }
      },
      t.estimator);
}

/// At most one fold per sample, with svm-train's warning.
inline int fold_count(int requested, Eigen::Index n, bool warn = true) {
  if (requested <= n) return requested;
  if (warn)
    std::cerr << "WARNING: # folds > # data. Will use # folds = # data instead (i.e., "
                 "leave-one-out cross validation)\n";
  return static_cast<int>(n);
}

/// svm-train -v's folds of the problem for `n_folds` folds (at most one per sample, see
/// fold_count): stratified for the classifiers unless every sample is its own fold.
inline Folds cross_validation_folds(const Options& o, const Problem& problem, int n_folds) {
  return libsvm_folds(problem, n_folds, classifies(o) && n_folds < problem.y.size());
}

/// Predicts the samples `rows` with a model trained on the samples `train_rows`, as predict does
/// (sklite-grid predicts from kernel values it shares between fits); may be empty.
using Predictor =
    std::function<Eigen::VectorXd(const Trained&, const std::vector<Eigen::Index>& rows,
                                  const std::vector<Eigen::Index>& train_rows)>;

/// Fold i of svm-train -v: fits the samples outside it and writes the predictions of those inside
/// it to `predicted` (at the samples' places; other entries are left alone, so the folds of one
/// vector can run on different threads).
inline void predict_fold(const Options& o, const Problem& problem, const Folds& folds, int i,
                         Eigen::VectorXd& predicted, const BeforeFit& before_fit = {},
                         const Predictor& predictor = {}) {
  const auto begin = folds.perm.begin() + folds.start[static_cast<std::size_t>(i)];
  const auto end = folds.perm.begin() + folds.start[static_cast<std::size_t>(i) + 1];
  std::vector<Eigen::Index> train(folds.perm.begin(), begin);
  train.insert(train.end(), end, folds.perm.end());
  const std::vector<Eigen::Index> test(begin, end);
  if (test.empty()) return;
  Eigen::VectorXd values;
  const std::vector<int> classes =
      classifies(o) ? libsvm_class_order(problem.labels(train)) : std::vector<int>{};
  if (classes.size() == 1) {  // LIBSVM's model of a single class predicts it
    values = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(test.size()), classes[0]);
  } else {
    const Trained t = fit(o, problem, train, before_fit);
    values = predictor ? predictor(t, test, train) : predict(t, problem, test, train);
  }
  for (std::size_t t = 0; t < test.size(); ++t)
    predicted(test[t]) = values(static_cast<Eigen::Index>(t));
}

/// svm-train -v: the predictions of each fold's samples by the model trained on the others.
inline Eigen::VectorXd cross_validation_predictions(const Options& o, const Problem& problem,
                                                    int n_folds) {
  const Folds folds = cross_validation_folds(o, problem, n_folds);
  Eigen::VectorXd predicted(problem.y.size());
  for (int i = 0; i < n_folds; ++i) predict_fold(o, problem, folds, i, predicted);
  return predicted;
}

/// svm-train -v's report of the predictions `v` of the targets `y`: the accuracy of the labels
/// (classifiers, one-class), or the mean squared error and the squared correlation of the values
/// (regression), in LIBSVM's words and formats.
inline std::string cross_validation_report(const Options& o, const Eigen::VectorXd& v,
                                           const Eigen::VectorXd& y) {
  if (o.svm_type >= 3) {
    const sklite_cli::RegressionFit fit = sklite_cli::regression_fit(v, y);
    return sklite::detail::format("Cross Validation Mean squared error = %g\n",
                                  fit.mean_squared_error) +
           sklite::detail::format("Cross Validation Squared correlation coefficient = %g\n",
                                  fit.squared_correlation);
  }
  const auto correct = (v.array() == y.array()).count();
  return sklite::detail::format(
      "Cross Validation Accuracy = %g%%\n",
      100.0 * static_cast<double>(correct) / static_cast<double>(y.size()));
}

/// svm-train -v: the cross-validation and its report.
inline std::string cross_validation(const Options& o, const Problem& problem) {
  const Eigen::VectorXd v =
      cross_validation_predictions(o, problem, fold_count(o.folds, problem.y.size()));
  return cross_validation_report(o, v, problem.y);
}

/// Reads the training file of the options: a classifier's labels must be integers, a
/// precomputed kernel's rows must start with their serial numbers.
/// @throws UsageError or the reader's exception, naming file:line
inline Problem read_problem(const Options& o) {
  Problem problem;
  problem.precomputed = o.kernel_type == 4;
  auto data = problem.precomputed ? sklite_cli::load_precomputed(o.train_file)
                                  : sklite_cli::load_data(o.train_file, o.csv);
  if (classifies(o)) problem.labels = sklite_cli::integer_labels(data.y, o.train_file);
  problem.y = std::move(data.y);
  problem.X = std::move(data.X);
  if (problem.precomputed) {
    // Each row starts with 0:serial, the sample's 1-based number, and holds its kernel values
    // against every training sample at the columns named by their serials.
    const Eigen::Index last = problem.X.cols() - 1;
    for (Eigen::Index i = 0; i < problem.X.rows(); ++i) {
      const double serial = problem.X(i, 0);
      if (!(serial >= 1 && serial <= static_cast<double>(last) && std::trunc(serial) == serial))
        throw UsageError{o.train_file + ":" +
                         std::to_string(sklite_cli::line_of_sample(o.train_file, i)) +
                         ": a precomputed kernel row must start with 0:serial, the sample's number "
                         "from 1 to " +
                         std::to_string(last) + "; got 0:" + sklite::detail::concat(serial)};
    }
  }
  if (classifies(o))
    for (const auto& [label, weight] : o.weights)
      if ((problem.labels.array() != label).all())
        std::cerr << "WARNING: class label " << label << " specified in weight is not found\n";
  return problem;
}

}  // namespace sklite_cli

#endif  // SKLITE_TOOLS_CROSS_VALIDATION_HPP

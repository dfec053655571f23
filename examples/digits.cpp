// Recognizing handwritten digits: scikit-learn's classic digits tutorial, step by step, in C++.
//
// Build and run it with `./build.sh example` from the repository root, or run `digits --help`.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <sklite/sklite.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const char* const kUsage = R"(usage: digits [options]

Trains a support vector classifier on the bundled UCI handwritten digits and reports how well it
recognizes the digits it has not seen, as scikit-learn's digits example does.

options:
  --C <number>          regularization parameter (default 100)
  --gamma <value>       rbf/poly/sigmoid gamma: a positive number, scale or auto (default 0.001)
  --kernel <name>       linear, poly, rbf or sigmoid (default rbf)
  --test-size <value>   test share: a fraction in (0, 1) or a number of samples (default 0.5)
  --shuffle             shuffle before splitting (default: no, the first part trains)
  --random-state <n>    seed of the shuffle and of --probability's folds (default 0)
  --probability         also fit probability estimates and show the test digits the model is
                        least sure of (in the terminal and in least_confident.svg)
  --output-dir <dir>    folder for the pictures (default: the current folder)
  --no-pictures         write no picture files
  --help                show this help
)";

struct Options {
  double C = 100;
  sklite::Gamma gamma = 0.001;
  std::string kernel = "rbf";
  sklite::SplitSize test_size = 0.5;
  bool shuffle = false;
  std::uint32_t random_state = 0;
  bool probability = false;
  std::string output_dir = ".";
  bool pictures = true;
};

// A bad command line: reported in one line, then the usage, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

double parse_number(const std::string& option, const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty())
    throw UsageError(option + " expects a number; got '" + text + "'");
  return value;
}

Options parse_options(int argc, char** argv) {
  Options options;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& option = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(option + " expects a value");
      return args[++i];
    };
    if (option == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (option == "--C") {
      options.C = parse_number(option, value());
    } else if (option == "--gamma") {
      const std::string& text = value();
      options.gamma = text == "scale" || text == "auto" ? sklite::Gamma(text)
                                                        : sklite::Gamma(parse_number(option, text));
    } else if (option == "--kernel") {
      options.kernel = value();
      if (options.kernel == "precomputed")
        throw UsageError("--kernel precomputed needs a Gram matrix; see precomputed_kernel");
    } else if (option == "--test-size") {
      const std::string& text = value();
      const double size = parse_number(option, text);
      if (text.find_first_of(".eE") != std::string::npos)
        options.test_size = size;
      else
        options.test_size = static_cast<long long>(size);
    } else if (option == "--shuffle") {
      options.shuffle = true;
    } else if (option == "--random-state") {
      const double seed = parse_number(option, value());
      if (seed < 0 || seed > 4294967295.0 ||
          seed != static_cast<double>(static_cast<long long>(seed)))
        throw UsageError("--random-state expects an integer in [0, 4294967295]");
      options.random_state = static_cast<std::uint32_t>(seed);
    } else if (option == "--probability") {
      options.probability = true;
    } else if (option == "--output-dir") {
      options.output_dir = value();
    } else if (option == "--no-pictures") {
      options.pictures = false;
    } else {
      throw UsageError("unknown option '" + option + "'");
    }
  }
  return options;
}

// One pixel as two characters of a shade ramp. The ramp is drawn in the terminal's own text colour,
// so ink shows as text on a dark background and on a light one alike.
std::string shade(double value) {
  static const char* const kRamp[] = {"  ", "░░", "▒▒", "▓▓", "██"};
  const int level = static_cast<int>(value / 16.0 * 4.0 + 0.5);
  return kRamp[std::clamp(level, 0, 4)];
}

// Draws digits side by side, each under its caption.
void draw_digits(const sklite::datasets::Digits& digits, const std::vector<Eigen::Index>& which,
                 const std::vector<std::string>& captions) {
  for (std::size_t k = 0; k < which.size(); ++k)
    std::cout << std::left << std::setw(18) << captions[k];
  std::cout << "\n";
  for (int r = 0; r < 8; ++r) {
    for (const Eigen::Index index : which) {
      const auto& image = digits.images[static_cast<std::size_t>(index)];
      for (int c = 0; c < 8; ++c) std::cout << shade(image(r, c));
      std::cout << "  ";
    }
    std::cout << "\n";
  }
  std::cout << std::right;
}

std::string seconds(std::chrono::steady_clock::duration d) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << std::chrono::duration<double, std::milli>(d).count()
      << " ms";
  return out.str();
}

// The three pictures of the walkthrough, as SVG files in `folder` (created when missing).
void write_pictures(const std::string& folder, const sklite::datasets::Digits& digits,
                    const sklite::TrainTestIndices& indices, const Eigen::VectorXi& y_test,
                    const Eigen::VectorXi& predicted) {
  namespace plot = sklite::plot;
  std::filesystem::create_directories(folder);
  const auto path = [&](const char* name) {
    return (std::filesystem::path(folder) / name).string();
  };

  const std::vector<Eigen::Matrix<double, 8, 8>> first(digits.images.begin(),
                                                       digits.images.begin() + 32);
  plot::DigitGridOptions grid;
  grid.title = "The first 32 digits and their labels";
  plot::save_svg(path("digits.svg"), plot::digit_grid(first, digits.target.head(32), grid));

  plot::ConfusionMatrixHeatmapOptions heatmap;
  heatmap.title = "Confusion matrix of the test digits";
  plot::save_svg(path("confusion_matrix.svg"),
                 plot::confusion_matrix_heatmap(
                     sklite::metrics::confusion_matrix(y_test, predicted), heatmap));

  std::vector<Eigen::Matrix<double, 8, 8>> images;
  std::vector<int> truth;
  std::vector<int> guess;
  for (Eigen::Index i = 0; i < predicted.size(); ++i) {
    if (predicted(i) == y_test(i)) continue;
    images.push_back(
        digits.images[static_cast<std::size_t>(indices.test[static_cast<std::size_t>(i)])]);
    truth.push_back(y_test(i));
    guess.push_back(predicted(i));
  }
  if (!images.empty()) {
    plot::DigitGridOptions wrong;
    wrong.title = "Misclassified test digits: " + std::to_string(images.size()) + " of " +
                  std::to_string(y_test.size());
    wrong.n_cols = 9;
    const Eigen::Map<const Eigen::VectorXi> t(truth.data(),
                                              static_cast<Eigen::Index>(truth.size()));
    const Eigen::Map<const Eigen::VectorXi> g(guess.data(),
                                              static_cast<Eigen::Index>(guess.size()));
    plot::save_svg(path("misclassified.svg"), plot::digit_grid(images, t, g, wrong));
  }
  std::cout << "pictures written to " << folder << ": digits.svg, confusion_matrix.svg"
            << (images.empty() ? "" : ", misclassified.svg") << "\n\n";
}

// `value` with `decimals` digits after the point.
std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

// "P(8) = 0.37": the probability of one class.
std::string probability_text(int label, double probability) {
  return "P(" + std::to_string(label) + ") = " + fixed(probability, 2);
}

// The two most likely classes of one row of predict_proba.
struct TopTwo {
  int first_class = 0;
  double first = 0;
  int second_class = 0;
  double second = 0;
};

TopTwo top_two(const Eigen::MatrixXd& proba, Eigen::Index row, const Eigen::VectorXi& classes) {
  Eigen::Index best = 0;
  proba.row(row).maxCoeff(&best);
  Eigen::Index runner_up = best == 0 ? 1 : 0;
  for (Eigen::Index c = 0; c < proba.cols(); ++c)
    if (c != best && proba(row, c) > proba(row, runner_up)) runner_up = c;
  return {classes(best), proba(row, best), classes(runner_up), proba(row, runner_up)};
}

// The class of largest probability of each row.
Eigen::VectorXi most_likely(const Eigen::MatrixXd& proba, const Eigen::VectorXi& classes) {
  Eigen::VectorXi labels(proba.rows());
  for (Eigen::Index r = 0; r < proba.rows(); ++r)
    labels(r) = top_two(proba, r, classes).first_class;
  return labels;
}

// The `count` rows whose largest probability is smallest, least confident first.
std::vector<Eigen::Index> least_confident_rows(const Eigen::MatrixXd& proba, std::size_t count) {
  const Eigen::VectorXd confidence = proba.rowwise().maxCoeff();
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(proba.rows()));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  count = std::min(count, rows.size());
  // Ties keep the test order, so that the list is the same on every machine.
  const auto less_confident = [&](Eigen::Index a, Eigen::Index b) {
    return confidence(a) != confidence(b) ? confidence(a) < confidence(b) : a < b;
  };
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(count), rows.end(),
                    less_confident);
  rows.resize(count);
  return rows;
}

// What the probability model says about the test digits.
struct ProbabilityReport {
  Eigen::VectorXi predicted;         // predict: the one-vs-one vote
  Eigen::VectorXi most_likely;       // argmax of predict_proba
  std::vector<Eigen::Index> unsure;  // rows of X_test, least confident first
  std::vector<TopTwo> top;           // the two most likely classes of each row in `unsure`
};

// Each digit captioned with its two most likely classes and its true label; the ones predict
// gets wrong framed in red.
void write_least_confident_picture(const std::string& folder,
                                   const sklite::datasets::Digits& digits,
                                   const sklite::TrainTestIndices& indices,
                                   const Eigen::VectorXi& y_test, const ProbabilityReport& report) {
  namespace plot = sklite::plot;
  std::vector<Eigen::Matrix<double, 8, 8>> images;
  std::vector<std::string> captions;
  plot::DigitGridOptions grid;
  grid.cell_size = 80;  // wider than a caption line, so neighbouring captions stay apart
  for (std::size_t k = 0; k < report.unsure.size(); ++k) {
    const Eigen::Index row = report.unsure[k];
    const TopTwo& top = report.top[k];
    images.push_back(
        digits.images[static_cast<std::size_t>(indices.test[static_cast<std::size_t>(row)])]);
    captions.push_back(probability_text(top.first_class, top.first) + "\n" +
                       probability_text(top.second_class, top.second) + "\ntrue " +
                       std::to_string(y_test(row)));
    grid.highlight.push_back(report.predicted(row) != y_test(row));
  }
  grid.title = "The " + std::to_string(images.size()) +
               " least confident test digits (red: predict is wrong)";
  std::filesystem::create_directories(folder);
  plot::save_svg((std::filesystem::path(folder) / "least_confident.svg").string(),
                 plot::digit_grid(images, captions, grid));
  std::cout << "picture written to " << folder << ": least_confident.svg\n";
}

// Fits again with probability = true and shows the test digits the model is least sure of.
void show_probabilities(const Options& options, const sklite::SVCParams& params,
                        const sklite::datasets::Digits& digits,
                        const sklite::TrainTestIndices& indices,
                        const sklite::TrainTestSplitResult<double, int>& data,
                        std::chrono::steady_clock::duration plain_fit_time) {
  sklite::SVC clf(params);
  const auto fit_start = std::chrono::steady_clock::now();
  clf.fit(data.X_train, data.y_train);
  const auto fit_time = std::chrono::steady_clock::now() - fit_start;
  const auto proba_start = std::chrono::steady_clock::now();
  const Eigen::MatrixXd proba = clf.predict_proba(data.X_test);
  const auto proba_time = std::chrono::steady_clock::now() - proba_start;
  const double slowdown =
      std::chrono::duration<double>(fit_time) / std::chrono::duration<double>(plain_fit_time);
  std::cout << "\nprobability estimates (probability=True, random_state=" << options.random_state
            << "; Platt scaling on 5 folds of each pair of classes):\n"
            << "trained on " << data.X_train.rows() << " digits in " << seconds(fit_time) << " ("
            << fixed(slowdown, 1) << " times the plain fit); predict_proba of " << proba.rows()
            << " digits in " << seconds(proba_time) << "\n";

  ProbabilityReport report;
  report.predicted = clf.predict(data.X_test);
  report.most_likely = most_likely(proba, clf.classes());
  report.unsure = least_confident_rows(proba, 8);
  for (const Eigen::Index row : report.unsure)
    report.top.push_back(top_two(proba, row, clf.classes()));

  std::cout << "the " << report.unsure.size()
            << " least confident test digits (# is the index in load_digits):\n";
  for (std::size_t k = 0; k < report.unsure.size(); ++k) {
    const Eigen::Index row = report.unsure[k];
    const TopTwo& top = report.top[k];
    std::cout << "#" << std::setw(5) << indices.test[static_cast<std::size_t>(row)] << "  true "
              << data.y_test(row) << "  predicted " << report.predicted(row) << "  "
              << probability_text(top.first_class, top.first) << "  "
              << probability_text(top.second_class, top.second) << "\n";
  }
  std::cout << (report.predicted.array() != report.most_likely.array()).count()
            << " test digits have predict != argmax(predict_proba) (predict is the one-vs-one "
               "vote);\nargmax(predict_proba) is right for "
            << (report.most_likely.array() == data.y_test.array()).count() << " of "
            << data.y_test.size() << " test digits\n";
  if (options.pictures)
    write_least_confident_picture(options.output_dir, digits, indices, data.y_test, report);
}

// What the options ask for, checked before any work: the split and the model's parameters.
struct Setup {
  sklite::TrainTestSplitOptions split;
  sklite::SVCParams params;
  sklite::SVCParams probability_params;  // params with probability estimates, for --probability
};

// Throws std::invalid_argument (from sklite) for values out of range, such as C <= 0.
Setup make_setup(const Options& options) {
  Setup setup;
  setup.split.test_size = options.test_size;
  setup.split.shuffle = options.shuffle;
  if (options.shuffle) setup.split.random_state = options.random_state;
  setup.params.C = options.C;
  setup.params.kernel = options.kernel;
  setup.params.gamma = options.gamma;
  setup.probability_params = setup.params;
  setup.probability_params.probability = true;
  setup.probability_params.random_state = options.random_state;
  sklite::SVC check(setup.params);
  sklite::train_test_split_indices(1797, setup.split);
  return setup;
}

int run(const Options& options, const Setup& setup) {
  // Step 1: the data. load_digits needs no file: the digits are compiled into the library.
  const sklite::datasets::Digits digits = sklite::datasets::load_digits();
  std::cout << digits.DESCR << "\n";
  std::cout << "digits.data.shape = (" << digits.data.rows() << ", " << digits.data.cols()
            << "), size " << digits.data.size() << "\n";
  std::cout << "digits.images.shape = (" << digits.images.size() << ", 8, 8)\n";
  std::cout << "digits.target = [";
  for (Eigen::Index i = 0; i < digits.target.size(); ++i) {
    if (i == 3) {
      std::cout << " ...";
      i = digits.target.size() - 3;
    }
    std::cout << (i == 0 ? "" : " ") << digits.target(i);
  }
  std::cout << "]\n";
  std::map<int, int> counts;
  for (const int label : digits.target) ++counts[label];
  std::cout << "samples per class:";
  for (const auto& [label, count] : counts) std::cout << " " << label << ":" << count;
  std::cout << "\n\n";

  // Step 2: look at the data.
  std::vector<Eigen::Index> first;
  std::vector<std::string> captions;
  for (Eigen::Index i = 0; i < 6; ++i) {
    first.push_back(i);
    captions.push_back("Training: " + std::to_string(digits.target(i)));
  }
  draw_digits(digits, first, captions);
  std::cout << "\n";

  // Step 3: split, make the model, fit, predict.
  const sklite::TrainTestIndices indices =
      sklite::train_test_split_indices(digits.data.rows(), setup.split);
  const auto data = sklite::train_test_split(digits.data, digits.target, setup.split);
  const auto& [X_train, X_test, y_train, y_test] = data;
  sklite::SVC clf(setup.params);

  const auto fit_start = std::chrono::steady_clock::now();
  clf.fit(X_train, y_train);
  const auto fit_time = std::chrono::steady_clock::now() - fit_start;
  const auto predict_start = std::chrono::steady_clock::now();
  const Eigen::VectorXi predicted = clf.predict(X_test);
  const auto predict_time = std::chrono::steady_clock::now() - predict_start;
  std::cout << "trained on " << X_train.rows() << " digits in " << seconds(fit_time) << " ("
            << clf.support().size() << " support vectors); predicted " << X_test.rows()
            << " digits in " << seconds(predict_time) << "\n\n";

  // Step 4: how well did it do?
  std::cout << "Classification report for the SVC (kernel=" << options.kernel << ", C=" << options.C
            << "):\n"
            << sklite::metrics::classification_report(y_test, predicted) << "\n";
  const sklite::metrics::CountMatrix confusion =
      sklite::metrics::confusion_matrix(y_test, predicted);
  std::cout << "Confusion matrix (rows: true digit, columns: predicted digit):\n";
  for (Eigen::Index r = 0; r < confusion.rows(); ++r) {
    for (Eigen::Index c = 0; c < confusion.cols(); ++c)
      std::cout << std::setw(4) << confusion(r, c);
    std::cout << "\n";
  }
  std::cout << "\naccuracy: " << sklite::metrics::accuracy_score(y_test, predicted) << " ("
            << (predicted.array() == y_test.array()).count() << " of " << y_test.size()
            << " test digits)\n";

  std::vector<Eigen::Index> wrong;
  for (Eigen::Index i = 0; i < predicted.size(); ++i)
    if (predicted(i) != y_test(i)) wrong.push_back(i);
  if (options.pictures) write_pictures(options.output_dir, digits, indices, y_test, predicted);

  std::cout << wrong.size() << " test digits were misclassified";
  if (!wrong.empty()) {
    std::cout << ", for instance:\n";
    std::vector<Eigen::Index> shown;
    std::vector<std::string> labels;
    for (std::size_t k = 0; k < wrong.size() && k < 6; ++k) {
      shown.push_back(indices.test[static_cast<std::size_t>(wrong[k])]);
      labels.push_back("true " + std::to_string(y_test(wrong[k])) + ", pred " +
                       std::to_string(predicted(wrong[k])));
    }
    draw_digits(digits, shown, labels);
  } else {
    std::cout << "\n";
  }
  if (options.probability)
    show_probabilities(options, setup.probability_params, digits, indices, data, fit_time);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  Setup setup;
  try {
    options = parse_options(argc, argv);
    setup = make_setup(options);
  } catch (const UsageError& error) {
    std::cerr << "digits: " << error.what() << "\n\n" << kUsage;
    return 2;
  } catch (const std::invalid_argument& error) {
    // A value that parsed but is out of range (C <= 0, a test size of 2.5, ...).
    std::cerr << "digits: " << error.what() << "\n\n" << kUsage;
    return 2;
  }
  return run(options, setup);
}

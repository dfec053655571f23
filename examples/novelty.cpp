// Novelty detection with a one-class SVM: learn what a handwritten 0 looks like from 0s alone,
// then see which test digits it accepts and which it turns away.
//
// The detector is trained on the 0s of the first half of the bundled digits and judges every
// digit of the second half. It prints, per digit, how many it rejects, and draws the most and the
// least typical test 0s (by score_samples) as novelty.svg; run `novelty --help` for the options.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <sklite/sklite.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* const kUsage = R"(usage: novelty [options]

Trains sklite::OneClassSVM(gamma=0.001, nu=0.05) on the 0s among the first half of the bundled
digits, reports how many digits of each kind in the second half it rejects as novel, and draws the
most and least typical test 0s as novelty.svg.

options:
  --output-dir <dir>    folder for the picture (default: the current folder)
  --help                show this help
)";

constexpr int kDigit = 0;  // the digit the detector learns

// A score as a caption: three decimals.
std::string score_text(double score) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(3) << score;
  return out.str();
}

int run(const std::string& output_dir) {
  namespace plot = sklite::plot;
  const sklite::datasets::Digits digits = sklite::datasets::load_digits();
  sklite::TrainTestSplitOptions split;
  split.test_size = 0.5;
  split.shuffle = false;
  const sklite::TrainTestIndices indices =
      sklite::train_test_split_indices(digits.data.rows(), split);
  auto [X_train, X_test, y_train, y_test] =
      sklite::train_test_split(digits.data, digits.target, split);

  // Training: the chosen digit only.
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < y_train.size(); ++i)
    if (y_train(i) == kDigit) rows.push_back(i);
  Eigen::MatrixXd X_normal(static_cast<Eigen::Index>(rows.size()), X_train.cols());
  for (std::size_t k = 0; k < rows.size(); ++k)
    X_normal.row(static_cast<Eigen::Index>(k)) = X_train.row(rows[k]);

  sklite::OneClassSVMParams params;
  params.kernel = "rbf";
  params.gamma = 0.001;
  params.nu = 0.05;
  sklite::OneClassSVM detector(params);
  detector.fit(X_normal);
  const Eigen::VectorXi train_verdict = detector.predict(X_normal);
  std::cout << "OneClassSVM(kernel=rbf, gamma=" << params.gamma.value() << ", nu=" << params.nu
            << ") trained on the " << X_normal.rows() << " " << kDigit << "s of the first "
            << X_train.rows() << " digits\n";
  std::cout << "support vectors: " << detector.support().size() << "; training " << kDigit
            << "s outside the boundary: " << (train_verdict.array() < 0).count() << "\n";
  std::cout << "boundary: score_samples(x) = offset() = " << score_text(detector.offset())
            << "; scores at or below it are rejected\n\n";

  // Verdicts on the second half, digit by digit (scikit-learn 1.2.1 gives the same counts). Every
  // other digit is turned away, and so is about a third of the 0s: written by people the first
  // half does not include, they fall outside the tight boundary that gamma = 0.001 draws.
  const Eigen::VectorXi verdict = detector.predict(X_test);
  std::cout << "rejected as novel among the " << X_test.rows() << " test digits:\n";
  std::cout << "digit  count  rejected  percent\n";
  Eigen::Index others = 0;
  Eigen::Index others_rejected = 0;
  for (int digit = 0; digit <= 9; ++digit) {
    Eigen::Index count = 0;
    Eigen::Index rejected = 0;
    for (Eigen::Index i = 0; i < y_test.size(); ++i)
      if (y_test(i) == digit) {
        ++count;
        if (verdict(i) < 0) ++rejected;
      }
    if (digit != kDigit) {
      others += count;
      others_rejected += rejected;
    }
    std::cout << std::setw(5) << digit << std::setw(7) << count << std::setw(10) << rejected
              << std::setw(8) << std::fixed << std::setprecision(1)
              << 100.0 * static_cast<double>(rejected) / static_cast<double>(count) << "%\n";
  }
  std::cout << "other digits rejected: " << others_rejected << " of " << others << " ("
            << 100.0 * static_cast<double>(others_rejected) / static_cast<double>(others) << "%)\n";

  // The test images of the digit, ordered from the highest score (most typical) to the lowest.
  const Eigen::VectorXd scores = detector.score_samples(X_test);
  std::vector<Eigen::Index> own;
  for (Eigen::Index i = 0; i < y_test.size(); ++i)
    if (y_test(i) == kDigit) own.push_back(i);
  std::stable_sort(own.begin(), own.end(),
                   [&scores](Eigen::Index a, Eigen::Index b) { return scores(a) > scores(b); });
  constexpr std::size_t kPerRow = 8;
  const std::size_t shown = std::min(kPerRow, own.size() / 2);
  std::vector<Eigen::Matrix<double, 8, 8>> images;
  std::vector<std::string> captions;
  std::vector<bool> outside;
  const auto add = [&](Eigen::Index i) {
    images.push_back(
        digits.images[static_cast<std::size_t>(indices.test[static_cast<std::size_t>(i)])]);
    outside.push_back(verdict(i) < 0);
    captions.push_back(score_text(scores(i)) + (outside.back() ? " rejected" : ""));
  };
  for (std::size_t k = 0; k < shown; ++k) add(own[k]);
  for (std::size_t k = 0; k < shown; ++k) add(own[own.size() - 1 - k]);

  plot::DigitGridOptions grid;
  grid.title = "Test " + std::to_string(kDigit) +
               "s by score_samples: most typical (top), least typical (bottom)";
  grid.n_cols = static_cast<int>(shown);
  grid.highlight = outside;
  std::filesystem::create_directories(output_dir);
  const std::string path = (std::filesystem::path(output_dir) / "novelty.svg").string();
  plot::save_svg(path, plot::digit_grid(images, captions, grid));
  std::cout << "picture written to " << path << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string output_dir = ".";
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (args[i] == "--output-dir" && i + 1 < args.size()) {
      output_dir = args[++i];
      continue;
    }
    std::cerr << "novelty: "
              << (args[i] == "--output-dir" ? "--output-dir expects a value"
                                            : "unknown option '" + args[i] + "'")
              << "\n\n"
              << kUsage;
    return 2;
  }
  return run(output_dir);
}

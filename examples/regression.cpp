// Support vector regression on a noisy sine: the fitted curve, its ε-tube and the support vectors.
//
// SVR fits a function f that keeps as many samples as it can within ε of the curve; the samples
// on the edge of that tube or outside it are the support vectors, and they alone decide f. The
// program prints the fit and draws it as regression.svg; run `regression --help` for the options.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <sklite/sklite.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const char* const kUsage = R"(usage: regression [options]

Fits sklite::SVR to 100 noisy samples of y = sin(x) on [0, 2 pi], reports the support vectors and
the R^2 on 50 held-out samples, and draws the data, the fit, its epsilon-tube and the support
vectors as regression.svg.

options:
  --output-dir <dir>    folder for the picture (default: the current folder)
  --help                show this help
)";

constexpr double kPi = 3.14159265358979323846;

// Samples of y = sin(x) + noise with x uniform on [0, 2 pi] and normal noise. The numbers are
// drawn from std::mt19937 by hand (Box-Muller) because the standard distributions may differ from
// one standard library to the next, and CI checks the output.
struct Samples {
  Eigen::MatrixXd X;  // one column: x
  Eigen::VectorXd y;
};

Samples noisy_sine(std::mt19937& rng, Eigen::Index n, double noise_sd) {
  const auto uniform = [&rng] { return (static_cast<double>(rng()) + 0.5) / 4294967296.0; };
  Samples s{Eigen::MatrixXd(n, 1), Eigen::VectorXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const double x = 2.0 * kPi * uniform();
    const double normal = std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * kPi * uniform());
    s.X(i, 0) = x;
    s.y(i) = std::sin(x) + noise_sd * normal;
  }
  return s;
}

int run(const std::string& output_dir) {
  namespace plot = sklite::plot;
  constexpr double kNoise = 0.15;
  std::mt19937 rng(2024);
  const Samples train = noisy_sine(rng, 100, kNoise);
  const Samples test = noisy_sine(rng, 50, kNoise);

  sklite::SVRParams params;
  params.kernel = "rbf";
  params.gamma = 0.5;
  params.C = 10.0;
  params.epsilon = 0.2;
  sklite::SVR reg(params);
  reg.fit(train.X, train.y);

  const Eigen::VectorXi& support = reg.support();
  const Eigen::VectorXd fitted = reg.predict(train.X);
  std::vector<bool> is_support(static_cast<std::size_t>(train.y.size()), false);
  for (const int i : support) is_support[static_cast<std::size_t>(i)] = true;
  double widest_inside = 0.0;  // the largest |y - f(x)| among the samples that are not SVs
  for (Eigen::Index i = 0; i < train.y.size(); ++i)
    if (!is_support[static_cast<std::size_t>(i)])
      widest_inside = std::max(widest_inside, std::abs(train.y(i) - fitted(i)));

  std::cout << "SVR(kernel=rbf, gamma=" << params.gamma.value() << ", C=" << params.C
            << ", epsilon=" << params.epsilon << ") on y = sin(x) + noise (sd " << kNoise
            << "), x in [0, 2 pi]\n";
  std::cout << "support vectors: " << support.size() << " of " << train.y.size() << "\n";
  std::cout << std::fixed << std::setprecision(3);
  std::cout << "the other " << train.y.size() - support.size()
            << " samples lie inside the tube: largest |y - f(x)| " << widest_inside
            << " <= epsilon\n";
  std::cout << "R^2 on " << test.y.size() << " held-out samples: " << reg.score(test.X, test.y)
            << "\n";

  // The picture: the tube behind everything, then the fit, the samples and the rings.
  const Eigen::VectorXd grid = Eigen::VectorXd::LinSpaced(300, 0.0, 2.0 * kPi);
  const Eigen::VectorXd curve = reg.predict(Eigen::MatrixXd(grid));
  const Eigen::VectorXd x_train = train.X.col(0);
  Eigen::VectorXd x_support(support.size());
  Eigen::VectorXd y_support(support.size());
  for (Eigen::Index k = 0; k < support.size(); ++k) {
    x_support(k) = x_train(support(k));
    y_support(k) = train.y(support(k));
  }
  std::ostringstream epsilon_text;
  epsilon_text << params.epsilon;
  const std::vector<plot::Series> series = {
      plot::Series::band(grid, curve.array() - params.epsilon, curve.array() + params.epsilon,
                         "ε-tube: f(x) ± " + epsilon_text.str(), "#1f77b4"),
      plot::Series::line(grid, curve, "SVR fit f(x)", "#1f77b4"),
      plot::Series::points(x_train, train.y, "training samples", "#555555"),
      plot::Series::rings(x_support, y_support,
                          "support vectors (" + std::to_string(support.size()) + ")", "#d62728"),
  };
  plot::XYPlotOptions options;
  options.title = "Support vector regression of a noisy sine";
  options.xlabel = "x";
  options.ylabel = "y";
  std::filesystem::create_directories(output_dir);
  const std::string path = (std::filesystem::path(output_dir) / "regression.svg").string();
  plot::save_svg(path, plot::xy_plot(series, options));
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
    std::cerr << "regression: "
              << (args[i] == "--output-dir" ? "--output-dir expects a value"
                                            : "unknown option '" + args[i] + "'")
              << "\n\n"
              << kUsage;
    return 2;
  }
  return run(output_dir);
}

// Choosing C, gamma and the kernel for the digits by grid search with cross-validation:
// scikit-learn's gallery example "Custom refit strategy of a grid search with cross-validation".
//
// Half of the digits are searched: each candidate of two grids (an rbf kernel over gamma and C, a
// linear kernel over C) is scored by 5-fold cross-validation with three scorers, the best by
// accuracy is refitted on that half, and the other half, never seen by the search, measures it.
// The program prints the table of mean scores with their spread and the final report, and draws
// the rbf grid's cross-validated accuracy as digits_grid_search.svg; `--help` lists the options.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sklite/sklite.hpp>
#include <string>
#include <vector>

namespace {

const char* const kUsage = R"(usage: digits_grid_search [options]

Searches SVC's kernel, C and gamma on half of the digits by 5-fold cross-validation, reports every
candidate and the refitted best model on the other half, and draws the rbf grid's accuracy as
digits_grid_search.svg.

options:
  --output-dir <dir>    folder for the picture (default: the current folder)
  --help                show this help
)";

// The rbf grid's mean accuracy over (log10 C, log10 gamma), as a heat map.
void draw(const sklite::CVResults& results, const std::vector<double>& C,
          const std::vector<double>& gamma, const std::string& path) {
  Eigen::MatrixXd accuracy(static_cast<Eigen::Index>(gamma.size()),
                           static_cast<Eigen::Index>(C.size()));
  const std::vector<double>& mean = results["mean_test_accuracy"];
  for (std::size_t c = 0; c < results.params.size(); ++c) {
    const sklite::ParamMap& p = results.params[c];
    if (p.at("kernel").name() != "rbf") continue;
    for (std::size_t i = 0; i < gamma.size(); ++i)
      for (std::size_t j = 0; j < C.size(); ++j)
        if (p.at("gamma").number() == gamma[i] && p.at("C").number() == C[j])
          accuracy(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = 100 * mean[c];
  }
  std::vector<double> log_C, log_gamma;
  for (const double c : C) log_C.push_back(std::log10(c));
  for (const double g : gamma) log_gamma.push_back(std::log10(g));
  sklite::plot::GridHeatmapOptions options;
  options.title = "5-fold CV accuracy, rbf kernel";
  options.subtitle = "on half of the digits";
  options.cell_size = 90;
  options.xlabel = "log10(C)";
  options.ylabel = "log10(gamma)";
  options.colorbar_label = "mean accuracy (%)";
  sklite::plot::save_svg(path, sklite::plot::grid_heatmap(log_C, log_gamma, accuracy, options));
}

int run(const std::string& output_dir) {
  const auto digits = sklite::datasets::load_digits();
  auto [X_train, X_test, y_train, y_test] =
      sklite::train_test_split(digits.data, digits.target, {.test_size = 0.5, .random_state = 0});

  const std::vector<double> C = {1, 10, 100, 1000}, gamma = {1e-4, 1e-3};
  sklite::ParamGrid::Grid rbf = {{"kernel", {"rbf"}}, {"gamma", {}}, {"C", {}}};
  for (const double g : {1e-3, 1e-4}) rbf["gamma"].push_back(g);
  for (const int c : {1, 10, 100, 1000}) rbf["C"].push_back(c);
  const sklite::ParamGrid::Grid linear = {{"kernel", {"linear"}}, {"C", rbf["C"]}};
  const std::vector<std::string> scorers = {"precision_macro", "recall_macro", "accuracy"};

  sklite::GridSearchCV search(sklite::SVC(), std::vector<sklite::ParamGrid::Grid>{rbf, linear},
                              {.scoring = scorers, .refit = std::string("accuracy"), .cv = 5});
  const auto start = std::chrono::steady_clock::now();
  search.fit(X_train, y_train);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const sklite::CVResults& results = search.cv_results();
  std::printf("searched %zu candidates x 5 folds on %lld digits in %.3f s\n\n",
              results.params.size(), static_cast<long long>(X_train.rows()), seconds);

  // scikit-learn's gallery prints each mean with twice the standard deviation across folds.
  for (const std::string& scorer : scorers) {
    std::printf("%s: mean (+/- 2 std) over the folds\n", scorer.c_str());
    const std::vector<double>& mean = results["mean_test_" + scorer];
    const std::vector<double>& std = results["std_test_" + scorer];
    for (std::size_t c = 0; c < results.params.size(); ++c)
      std::printf("  %0.3f (+/-%0.03f) for %s\n", mean[c], 2 * std[c],
                  sklite::params_repr(results.params[c]).c_str());
    std::printf("\n");
  }
  std::printf("best parameters by accuracy: %s (mean accuracy %0.4f)\n\n",
              sklite::params_repr(search.best_params()).c_str(), search.best_score());

  const Eigen::VectorXi y_pred = search.predict(X_test);
  std::printf("the refitted best model on the other %lld digits:\n\n%s\n",
              static_cast<long long>(X_test.rows()),
              sklite::metrics::classification_report(y_test, y_pred).c_str());

  const std::string path = (std::filesystem::path(output_dir) / "digits_grid_search.svg").string();
  draw(results, C, gamma, path);
  std::printf("picture written to %s\n", path.c_str());
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
    std::cerr << "digits_grid_search: "
              << (args[i] == "--output-dir" ? "--output-dir expects a value"
                                            : "unknown option '" + args[i] + "'")
              << "\n\n"
              << kUsage;
    return 2;
  }
  return run(output_dir);
}

// Parsing speed of load_svmlight_file, in bytes of text per second (issue 6 asks for 200 MB/s on a
// 100 MB file).
//
// The files are generated once per process into a temporary folder and removed at exit:
// * mnist: 784 features, about 19% of them non-zero per row, pixel values k/255 written as
//   LIBSVM's mnist files write them ("0.0039215689", "1"), labels 0 to 9;
// * sparse: 1,000 features, 3% non-zero, values like tf-idf weights ("0.0527046"), labels +1/-1.
//   X is 20 times larger than the text here, so this one measures the dense matrix as much as
//   the parser.
// Each iteration is one load_svmlight_file(path) call, densification included; the file is in the
// page cache after the first. SKLITE_BENCH_SMOKE=1 uses 1 MB files.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include <sklite/datasets/svmlight.hpp>

#include "bench_common.hpp"

namespace {

namespace fs = std::filesystem;

enum Shape : std::int64_t { mnist = 0, sparse = 1 };

/// Appends printf-formatted text.
template <typename... Args>
void append(std::string& out, const char* format, Args... args) {
  char buffer[64];
  const int n = std::snprintf(buffer, sizeof buffer, format, args...);
  out.append(buffer, static_cast<std::size_t>(n));
}

/// About `bytes` of svmlight text of the given shape (whole lines), from a fixed seed.
std::string make_text(Shape shape, std::size_t bytes) {
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::string text;
  text.reserve(bytes + 16384);
  while (text.size() < bytes) {
    if (shape == mnist) {
      append(text, "%d", static_cast<int>(rng() % 10));
      for (int j = 1; j <= 784; ++j) {
        if (unit(rng) >= 0.19) continue;
        // Stroke pixels are often saturated; the rest spread over 1..254.
        const int level = unit(rng) < 0.4 ? 255 : 1 + static_cast<int>(rng() % 254);
        append(text, " %d:%.8g", j, static_cast<double>(static_cast<float>(level) / 255.0f));
      }
    } else {
      text += unit(rng) < 0.5 ? "+1" : "-1";
      for (int j = 1; j <= 1000; ++j)
        if (unit(rng) < 0.03) append(text, " %d:%g", j, 0.01 + 0.2 * unit(rng));
    }
    text += '\n';
  }
  return text;
}

/// The temporary folder and the files written so far; removed when the program ends.
class Files {
 public:
  ~Files() {
    std::error_code ignored;
    if (!folder_.empty()) fs::remove_all(folder_, ignored);
  }

  /// The path of a file of the given shape and size, written on first use.
  const std::string& get(Shape shape, std::int64_t megabytes) {
    const auto key = std::make_pair(static_cast<std::int64_t>(shape), megabytes);
    auto found = paths_.find(key);
    if (found != paths_.end()) return found->second;
    if (folder_.empty()) {
      std::random_device entropy;
      folder_ = fs::temp_directory_path() / ("sklite_bench_parse_" + std::to_string(entropy()));
      fs::create_directories(folder_);
    }
    const std::string path =
        (folder_ / ((shape == mnist ? "mnist_" : "sparse_") + std::to_string(megabytes) + "MB.svm"))
            .string();
    const std::string text = make_text(shape, static_cast<std::size_t>(megabytes) * 1000000);
    std::ofstream out(path, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw std::runtime_error("bench_parse: cannot write " + path);
    return paths_.emplace(key, path).first->second;
  }

 private:
  fs::path folder_;
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> paths_;
};

Files& files() {
  static Files instance;
  return instance;
}

// Arguments: the shape and the file size in MB (10^6 bytes).
void BM_LoadSvmlightFile(benchmark::State& state) {
  const auto shape = static_cast<Shape>(state.range(0));
  const std::string& path = files().get(shape, state.range(1));
  const auto bytes = static_cast<std::int64_t>(fs::file_size(path));
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;
  for (auto _ : state) {
    auto data = sklite::datasets::load_svmlight_file(path);
    benchmark::DoNotOptimize(data.X.data());
    rows = data.X.rows();
    cols = data.X.cols();
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["cols"] = static_cast<double>(cols);
  state.SetLabel(shape == mnist ? "mnist" : "sparse");
}

void shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"shape", "MB"});
  if (sklite::bench::smoke_run()) {
    b->Args({mnist, 1})->Args({sparse, 1})->Iterations(1);
    return;
  }
  b->Args({mnist, 100})->Args({sparse, 25});
}
BENCHMARK(BM_LoadSvmlightFile)->Apply(shapes)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

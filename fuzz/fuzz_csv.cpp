// libFuzzer target: bytes read as a CSV file by load_csv, with and without a header, with a comma
// or a semicolon, without a target column and with the last and first columns as targets.
//
// A sklite::FileError (or another std::invalid_argument: a target column the file does not have)
// is the expected answer to a bad file. Anything else is a bug: a crash, a sanitizer report, a
// hang, an oversized allocation, or a result whose parts disagree in size (checked below).
//
// load_csv reads a path, so each input is written to a file of this process first.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sklite/datasets/csv.hpp>
#include <sklite/errors.hpp>
#include <stdexcept>
#include <string>

namespace {

[[noreturn]] void bug(const char* what) {
  std::fprintf(stderr, "fuzz_csv: %s\n", what);
  std::abort();
}

const std::string& scratch_path() {
  static const std::string path = "/tmp/sklite_fuzz_csv_" + std::to_string(getpid()) + ".csv";
  return path;
}

void check(const sklite::datasets::CsvOptions& options) {
  try {
    const auto result = sklite::datasets::load_csv(scratch_path(), options);
    if (options.target_column && result.y.size() != result.X.rows())
      bug("y and X have different lengths");
    if (!options.target_column && result.y.size() != 0) bug("a y without a target column");
    if (options.header && static_cast<Eigen::Index>(result.feature_names.size()) != result.X.cols())
      bug("the names and the columns of X differ in number");
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  for (const bool header : {false, true})
    for (const char delimiter : {',', ';'})
      for (const std::optional<Eigen::Index> target :
           {std::optional<Eigen::Index>{}, std::optional<Eigen::Index>{-1},
            std::optional<Eigen::Index>{0}})
        check({delimiter, header, target});
  return 0;
}

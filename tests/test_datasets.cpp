// Tests of sklite::datasets: the bundled digits, svmlight / LIBSVM reading and writing, CSV and
// IDX. Expected values come from scikit-learn (and numpy) via tests/fixtures/gen_datasets.py.
#include <doctest/doctest.h>
#include <zlib.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <sklite/datasets.hpp>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include "support/files.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;
using sklite::FileError;
using sklite::testing::fixture_path;
using sklite::testing::load_fixture;
using sklite::testing::read_bytes;
using sklite::testing::TempDir;
using sklite::testing::to_matrix;
using sklite::testing::to_vector;
using sklite::testing::write_bytes;

namespace {

void write_gzip(const std::string& path, const std::string& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) ==
          static_cast<int>(bytes.size()));
  REQUIRE(gzclose(file) == Z_OK);
}

/// A JSON number, null for NaN, or the strings "inf" / "-inf" for infinities.
double json_number(const nlohmann::json& value) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (value.is_string())
    return value.get<std::string>() == "inf" ? std::numeric_limits<double>::infinity()
                                             : -std::numeric_limits<double>::infinity();
  return value.get<double>();
}

/// doctest::Contains for a std::string (it takes a doctest::String).
doctest::Contains contains(const std::string& text) { return doctest::Contains(text.c_str()); }

/// Exact equality, NaN equal to NaN.
template <typename A, typename B>
bool same_values(const Eigen::DenseBase<A>& a, const Eigen::DenseBase<B>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      const double x = static_cast<double>(a(i, j));
      const double y = static_cast<double>(b(i, j));
      if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
    }
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// digits

TEST_CASE("datasets: load_digits matches scikit-learn") {
  const auto expected = load_fixture("datasets/digits.json");
  const auto digits = sklite::datasets::load_digits();
  const auto& e = expected["10"];
  REQUIRE(digits.data.rows() == 1797);
  REQUIRE(digits.data.cols() == 64);
  REQUIRE(digits.target.size() == 1797);
  CHECK(e["shape"][0].get<int>() == 1797);
  CHECK(digits.data.sum() == e["sum"].get<double>());
  CHECK(same_values(digits.data.colwise().sum().transpose(), to_vector(e["column_sums"])));
  CHECK(digits.data.minCoeff() == 0.0);
  CHECK(digits.data.maxCoeff() == 16.0);
  for (int c = 0; c < 10; ++c)
    CHECK((digits.target.array() == c).count() ==
          e["class_counts"][static_cast<std::size_t>(c)].get<Eigen::Index>());
  for (std::size_t k = 0; k < e["first_targets"].size(); ++k)
    CHECK(digits.target(static_cast<Eigen::Index>(k)) == e["first_targets"][k].get<int>());
  for (const auto& [row, values] : e["rows"].items()) {
    const Eigen::Index i = std::stol(row);
    CHECK(same_values(digits.data.row(i).transpose(), to_vector(values)));
    CHECK(digits.target(i) == e["targets"][row].get<int>());
  }
  REQUIRE(digits.feature_names.size() == 64);
  for (std::size_t j = 0; j < 64; ++j)
    CHECK(digits.feature_names[j] == expected["feature_names"][j].get<std::string>());
  CHECK(digits.feature_names.front() == "pixel_0_0");
  CHECK(digits.feature_names.back() == "pixel_7_7");
  CHECK(digits.target_names == Eigen::VectorXi::LinSpaced(10, 0, 9));
}

TEST_CASE("datasets: load_digits images are the rows of data as 8x8 matrices") {
  const auto expected = load_fixture("datasets/digits.json");
  const auto digits = sklite::datasets::load_digits();
  REQUIRE(digits.images.size() == 1797);
  bool all_equal = true;
  for (std::size_t k = 0; k < digits.images.size(); ++k)
    for (int r = 0; r < 8; ++r)
      for (int c = 0; c < 8; ++c)
        all_equal = all_equal &&
                    digits.images[k](r, c) == digits.data(static_cast<Eigen::Index>(k), 8 * r + c);
  CHECK(all_equal);
  CHECK(same_values(digits.images[5], to_matrix(expected["image_5"])));
}

TEST_CASE("datasets: load_digits DESCR states the key facts") {
  const std::string descr = sklite::datasets::load_digits().DESCR;
  for (const char* fact :
       {"1797", "10", "64", "0 to 16", "43", "30", "13", "32x32", "4x4", "Alpaydin", "Kaynak",
        "July 1998", "UCI", "CC BY 4.0", "10.24432/C50P49", "1995", "Xu", "Krzyzak", "Suen"}) {
    INFO("fact: ", fact);
    CHECK(descr.find(fact) != std::string::npos);
  }
}

TEST_CASE("datasets: load_digits n_class keeps the digits below n_class") {
  const auto expected = load_fixture("datasets/digits.json");
  for (int n_class : {3, 1}) {
    const auto& e = expected[std::to_string(n_class)];
    const auto digits = sklite::datasets::load_digits(n_class);
    CHECK(digits.data.rows() == e["shape"][0].get<Eigen::Index>());
    CHECK(digits.data.sum() == e["sum"].get<double>());
    CHECK(digits.target.maxCoeff() == n_class - 1);
    CHECK(digits.images.size() == static_cast<std::size_t>(digits.data.rows()));
    CHECK(digits.target_names == Eigen::VectorXi::LinSpaced(n_class, 0, n_class - 1));
    for (const auto& [row, values] : e["rows"].items()) {
      const Eigen::Index i = std::stol(row);
      CHECK(same_values(digits.data.row(i).transpose(), to_vector(values)));
      CHECK(digits.target(i) == e["targets"][row].get<int>());
    }
  }
  CHECK_THROWS_WITH_AS(sklite::datasets::load_digits(0),
                       "load_digits: n_class expected an integer in [1, 10]; got 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(sklite::datasets::load_digits(11),
                       "load_digits: n_class expected an integer in [1, 10]; got 11",
                       std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// svmlight reading

TEST_CASE("datasets: load_svmlight_file matches scikit-learn on the fixture files") {
  using sklite::datasets::ZeroBased;
  const auto expected = load_fixture("datasets/svmlight.json");
  for (const auto& c : expected["cases"]) {
    const std::string file = c["file"].get<std::string>();
    const auto& options = c["options"];
    INFO("file: ", file, " options: ", options.dump());
    const Eigen::Index n_features = options.value("n_features", Eigen::Index{0});
    ZeroBased zero_based = ZeroBased::automatic;
    if (options.contains("zero_based"))
      zero_based = options["zero_based"].get<bool>() ? ZeroBased::yes : ZeroBased::no;
    std::vector<std::int64_t> query_id;
    auto [X, y] = sklite::datasets::load_svmlight_file(fixture_path("datasets/" + file), n_features,
                                                       zero_based, &query_id);
    REQUIRE(X.rows() == c["shape"][0].get<Eigen::Index>());
    REQUIRE(X.cols() == c["shape"][1].get<Eigen::Index>());
    Eigen::MatrixXd X_expected(X.rows(), X.cols());
    for (Eigen::Index i = 0; i < X.rows(); ++i)
      for (Eigen::Index j = 0; j < X.cols(); ++j)
        X_expected(i, j) =
            json_number(c["X"][static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
    CHECK(same_values(X, X_expected));
    CHECK(same_values(y, to_vector(c["y"])));
    if (c.contains("query_id")) {
      CHECK(query_id == c["query_id"].get<std::vector<std::int64_t>>());
    }
    CHECK(query_id.size() == static_cast<std::size_t>(X.rows()));
  }
}

TEST_CASE("datasets: load_svmlight_file option errors that scikit-learn also raises") {
  using sklite::datasets::ZeroBased;
  const auto expected = load_fixture("datasets/svmlight.json");
  for (const auto& c : expected["errors"]) {
    const std::string path = fixture_path("datasets/" + c["file"].get<std::string>());
    const auto& options = c["options"];
    INFO("options: ", options.dump());
    const Eigen::Index n_features = options.value("n_features", Eigen::Index{0});
    ZeroBased zero_based = ZeroBased::automatic;
    if (options.contains("zero_based"))
      zero_based = options["zero_based"].get<bool>() ? ZeroBased::yes : ZeroBased::no;
    CHECK_THROWS_WITH_AS(sklite::datasets::load_svmlight_file(path, n_features, zero_based),
                         contains("load_svmlight_file: " + path + ":"), FileError);
    CHECK_THROWS_WITH_AS(sklite::datasets::load_svmlight_file(path, n_features, zero_based),
                         contains(c["message"].get<std::string>()), FileError);
  }
  // The line of the offending index is named.
  const std::string one_based = fixture_path("datasets/one_based.svm");
  CHECK_THROWS_WITH_AS(sklite::datasets::load_svmlight_file(one_based, 6),
                       ("load_svmlight_file: " + one_based +
                        ":2: n_features is 6 but the file has 7 features (index 7)")
                           .c_str(),
                       FileError);
  CHECK_THROWS_WITH_AS(sklite::datasets::load_svmlight_file(one_based, -1),
                       "load_svmlight_file: n_features expected 0 (from the file) or a positive "
                       "count; got -1",
                       std::invalid_argument);
}

TEST_CASE("datasets: load_svmlight_file reports malformed lines with name:line") {
  const auto cases = load_fixture("datasets/svmlight_errors.json");
  for (const auto& c : cases) {
    const auto bytes = c["bytes"].get<std::vector<int>>();
    std::string text;
    for (int b : bytes) text += static_cast<char>(static_cast<unsigned char>(b));
    const std::string prefix =
        "load_svmlight_file: bad.svm:" + std::to_string(c["line"].get<int>()) + ": ";
    INFO("input: ", c.dump());
    std::istringstream in(text);
    std::vector<std::int64_t> query_id;
    try {
      sklite::datasets::load_svmlight_file(in, "bad.svm", 0, sklite::datasets::ZeroBased::automatic,
                                           &query_id);
      FAIL("no exception");
    } catch (const FileError& error) {
      const std::string what = error.what();
      CHECK(what.rfind(prefix, 0) == 0);
      CHECK(what.find(c["message"].get<std::string>()) != std::string::npos);
      CHECK(error.line() == c["line"].get<std::size_t>());
      CHECK(error.path() == "bad.svm");
    }
  }
}

TEST_CASE("datasets: load_svmlight_file guards memory against absurd indices") {
  using sklite::datasets::load_svmlight_file;
  std::istringstream huge_index("1 1:1\n1 3000000000:1\n");
  CHECK_THROWS_WITH_AS(load_svmlight_file(huge_index, "big.svm"),
                       "load_svmlight_file: big.svm:2: feature index 3000000000 is too large (the "
                       "limit is 268435455)",
                       FileError);
  std::istringstream overflow("1 99999999999999999999999:1\n");
  CHECK_THROWS_WITH_AS(load_svmlight_file(overflow, "big.svm"),
                       doctest::Contains("big.svm:1: bad feature index"), FileError);
  // Each index is allowed, but rows x columns would be 4 x 10^8 doubles (3.2 GB).
  std::istringstream wide("1 1:1\n1 100000000:1\n1 2:2\n1 3:3\n");
  CHECK_THROWS_WITH_AS(load_svmlight_file(wide, "wide.svm"),
                       "load_svmlight_file: wide.svm:2: a dense matrix of 4 rows and 100000000 "
                       "columns is above the limit of 268435456 elements",
                       FileError);
  std::istringstream wide_n_features("1 1:1\n");
  CHECK_THROWS_WITH_AS(load_svmlight_file(wide_n_features, "wide.svm", Eigen::Index{1} << 40),
                       doctest::Contains("is above the limit of 268435456 elements"), FileError);
}

TEST_CASE("datasets: load_svmlight_file on a missing file") {
  TempDir dir("datasets");
  const std::string path = dir.file("absent.svm");
  CHECK_THROWS_WITH_AS(
      sklite::datasets::load_svmlight_file(path),
      ("load_svmlight_file: " + path + ": cannot open the file: No such file or directory").c_str(),
      FileError);
}

TEST_CASE("datasets: load_svmlight_file from a stream, across read blocks") {
  // Lines longer than the 4 MiB read block (long values: 2000 features of 2500 characters), then
  // many short lines: the block boundaries must not split a token.
  std::string text;
  const int n_long = 3;
  const int long_features = 2000;
  const std::string zeros(2500, '0');
  for (int i = 0; i < n_long; ++i) {
    text += std::to_string(i);
    for (int j = 1; j <= long_features; ++j)
      text += " " + std::to_string(j) + ":" + std::to_string((i + j) % 97) + "." + zeros + "1";
    text += "\n";
  }
  for (int i = 0; i < 2000; ++i) text += "-1 3:0.25 17:" + std::to_string(i) + "\n";
  REQUIRE(text.size() > 3 * (std::size_t{1} << 22));
  std::istringstream in(text);
  auto [X, y] = sklite::datasets::load_svmlight_file(in, "<memory>");
  REQUIRE(X.rows() == n_long + 2000);
  REQUIRE(X.cols() == long_features);
  bool ok = true;
  for (int i = 0; i < n_long; ++i)
    for (int j = 1; j <= long_features; ++j) ok = ok && X(i, j - 1) == (i + j) % 97;
  CHECK(ok);
  CHECK(y(n_long - 1) == n_long - 1);
  CHECK(X(n_long + 1999, 16) == 1999.0);
  CHECK(X(n_long + 5, 2) == 0.25);
  CHECK(X.bottomRows(2000).sum() == 2000 * 0.25 + 1999.0 * 2000.0 / 2);

  // Many short lines over several blocks.
  std::string many;
  for (int i = 0; i < 500000; ++i)
    many += std::to_string(i % 10) + " 1:" + std::to_string(i) + " 4:-1.5e-3\n";
  REQUIRE(many.size() > 2 * (std::size_t{1} << 22));
  std::istringstream many_in(many);
  auto [X2, y2] = sklite::datasets::load_svmlight_file(many_in, "<memory>");
  REQUIRE(X2.rows() == 500000);
  REQUIRE(X2.cols() == 4);
  CHECK(X2.col(0).sum() == 499999.0 * 500000.0 / 2);
  CHECK(X2.col(3).sum() == doctest::Approx(-1.5e-3 * 500000));
  CHECK(X2.col(1).squaredNorm() == 0.0);
  CHECK(y2.sum() == 45.0 * 50000);
}

namespace {

/// A stream buffer over a string that cannot seek, like a pipe's.
class PipeBuffer : public std::streambuf {
 public:
  explicit PipeBuffer(std::string text) : text_(std::move(text)) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }

 private:
  std::string text_;
};

/// A stream buffer that tells its position and jumps to its end, but cannot go back.
class ForwardOnlyBuffer : public PipeBuffer {
 public:
  using PipeBuffer::PipeBuffer;

 protected:
  pos_type seekoff(off_type offset, std::ios_base::seekdir direction,
                   std::ios_base::openmode) override {
    if (offset == 0 && direction == std::ios_base::cur) return gptr() - eback();
    if (offset == 0 && direction == std::ios_base::end) {
      setg(eback(), egptr(), egptr());
      return egptr() - eback();
    }
    return pos_type(off_type(-1));
  }
  pos_type seekpos(pos_type, std::ios_base::openmode) override { return pos_type(off_type(-1)); }
};

}  // namespace

TEST_CASE("datasets: load_svmlight_file from streams that cannot seek or do not start at 0") {
  using sklite::datasets::load_svmlight_file;
  const std::string text = "1 1:0.5 3:2\n-1 2:1.5\n";
  Eigen::MatrixXd expected(2, 3);
  expected << 0.5, 0, 2, 0, 1.5, 0;
  PipeBuffer pipe(text);
  std::istream pipe_in(&pipe);
  auto [X, y] = load_svmlight_file(pipe_in, "<pipe>");
  CHECK(X == expected);
  CHECK(y == Eigen::Vector2d(1, -1));
  // Only what follows the stream's position is read.
  std::istringstream later("a header line\n" + text);
  std::string header;
  std::getline(later, header);
  auto [X_later, y_later] = load_svmlight_file(later, "<later>");
  CHECK(X_later == expected);
  CHECK(y_later == y);
  // A buffer that loses its place while the reader measures it: an error, not an empty result.
  ForwardOnlyBuffer forward(text);
  std::istream forward_in(&forward);
  CHECK_THROWS_WITH_AS(load_svmlight_file(forward_in, "<forward>"),
                       "load_svmlight_file: <forward>: read error after line 0", FileError);
}

TEST_CASE("datasets: LineReader returns every line whatever the block size") {
  const std::string text = "a\n\nbcdefghijklmnop\r\nq\nlast line without newline";
  for (std::size_t block : {1u, 2u, 3u, 7u, 64u}) {
    std::istringstream in(text);
    sklite::datasets::detail::LineReader reader(in, block);
    std::vector<std::string> lines;
    std::string_view line;
    while (reader.next(line)) lines.emplace_back(line);
    CHECK(lines ==
          std::vector<std::string>{"a", "", "bcdefghijklmnop\r", "q", "last line without newline"});
    CHECK(reader.line_number() == 5);
  }
}

// ---------------------------------------------------------------------------------------------
// svmlight writing

TEST_CASE("datasets: dump_svmlight_file output is byte-identical to the files scikit-learn reads") {
  const auto input = load_fixture("datasets/dump_input.json");
  const Eigen::MatrixXd X = to_matrix(input["X"]);
  const Eigen::VectorXd y = to_vector(input["y"]);
  // SKLITE_WRITE_DUMP_FIXTURES=1 rewrites the committed files (then run gen_datasets.py again).
  const bool refresh = std::getenv("SKLITE_WRITE_DUMP_FIXTURES") != nullptr;
  const auto readings = refresh ? nlohmann::json::object() : load_fixture("datasets/dump.json");
  TempDir dir("datasets");
  for (const auto& file : {std::pair<std::string, bool>{"dump_zero_based.svm", true},
                           std::pair<std::string, bool>{"dump_one_based.svm", false}}) {
    const std::string& name = file.first;
    const bool zero_based = file.second;
    INFO("file: ", name);
    const std::string out = dir.file(name);
    sklite::datasets::dump_svmlight_file(X, y, out, zero_based);
    if (refresh) write_bytes(fixture_path("datasets/" + name), read_bytes(out));
    CHECK(read_bytes(out) == read_bytes(fixture_path("datasets/" + name)));
    // What scikit-learn read from the committed file is the input, exactly.
    if (!refresh) {
      CHECK(same_values(to_matrix(readings[name]["X"]), X));
      CHECK(same_values(to_vector(readings[name]["y"]), y));
    }
    // And sklite reads its own output back exactly.
    auto [X_back, y_back] = sklite::datasets::load_svmlight_file(
        out, X.cols(),
        zero_based ? sklite::datasets::ZeroBased::yes : sklite::datasets::ZeroBased::no);
    CHECK(same_values(X_back, X));
    CHECK(same_values(y_back, y));
  }
}

TEST_CASE("datasets: dump_svmlight_file formats integers, floats and blocks") {
  TempDir dir("datasets");
  const std::string path = dir.file("small.svm");
  Eigen::MatrixXd X(3, 3);
  X << 0, 1.5, 0,    //
      2, 0, -0.001,  //
      0, 0, 0;
  Eigen::VectorXi labels(3);
  labels << 3, -1, 0;
  sklite::datasets::dump_svmlight_file(X, labels, path);
  CHECK(read_bytes(path) == "3 1:1.5\n-1 0:2 2:-0.001\n0\n");
  // One-based, with a block of X and a float matrix whose 0.1f is written as "0.1".
  Eigen::MatrixXf Xf(2, 2);
  Xf << 0.1f, 0, 0, 1e-7f;
  Eigen::VectorXd y(2);
  y << 0.5, 1e20;
  sklite::datasets::dump_svmlight_file(Xf, y, path, false);
  CHECK(read_bytes(path) == "0.5 1:0.1\n1e+20 2:1e-07\n");
  sklite::datasets::dump_svmlight_file(X.topRightCorner(2, 2), y, path, false);
  CHECK(read_bytes(path) == "0.5 1:1.5\n1e+20 2:-0.001\n");
}

TEST_CASE("datasets: dump_svmlight_file rejects bad input and never leaves a partial file") {
  using sklite::datasets::dump_svmlight_file;
  TempDir dir("datasets");
  const std::string path = dir.file("keep.svm");
  write_bytes(path, "old content\n");
  Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 2);
  Eigen::VectorXd y = Eigen::VectorXd::Zero(3);
  CHECK_THROWS_WITH_AS(dump_svmlight_file(X, Eigen::VectorXd::Zero(2), path),
                       "dump_svmlight_file: X has 3 rows but y has 2 entries",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(dump_svmlight_file(X, Eigen::MatrixXd::Zero(3, 2), path),
                       "dump_svmlight_file: y must be a vector; got shape (3, 2)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(dump_svmlight_file(Eigen::MatrixXd(0, 2), Eigen::VectorXd(0), path),
                       "dump_svmlight_file: X must not be empty; got shape (0, 2): 0 sample(s)",
                       std::invalid_argument);
  X(1, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(dump_svmlight_file(X, y, path),
                       "dump_svmlight_file: X must be finite; got NaN at row 1, column 1",
                       std::invalid_argument);
  X(1, 1) = 1;
  y(2) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(dump_svmlight_file(X, y, path),
                       "dump_svmlight_file: y must be finite; got infinity at index 2",
                       std::invalid_argument);
  y(2) = 0;
  // The target is a folder: the rename fails, and the temporary file is removed.
  const std::string folder = dir.file("a_folder");
  fs::create_directories(fs::path(folder) / "inside");
  CHECK_THROWS_WITH_AS(dump_svmlight_file(X, y, folder),
                       contains("dump_svmlight_file: " + folder + ": cannot replace the file: "),
                       FileError);
  const std::string missing_dir = dir.file("no/such/dir/out.svm");
  CHECK_THROWS_WITH_AS(dump_svmlight_file(X, y, missing_dir),
                       ("dump_svmlight_file: " + missing_dir +
                        ": cannot create a temporary file beside it: No such file or directory")
                           .c_str(),
                       FileError);
  CHECK(read_bytes(path) == "old content\n");
  std::size_t n_entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++n_entries;
  CHECK(n_entries == 2);  // keep.svm and a_folder: no temporary file left behind
  dump_svmlight_file(X, y, path);
  CHECK(read_bytes(path) == "0 0:1 1:1\n0 0:1 1:1\n0 0:1 1:1\n");
}

// ---------------------------------------------------------------------------------------------
// CSV

TEST_CASE("datasets: load_csv matches numpy.loadtxt") {
  const auto cases = load_fixture("datasets/csv.json");
  for (const auto& c : cases) {
    INFO("case: ", c.dump());
    sklite::datasets::CsvOptions options;
    options.delimiter = c["delimiter"].get<std::string>()[0];
    options.header = c["header"].get<bool>();
    if (c.contains("target")) options.target_column = c["target"].get<Eigen::Index>();
    const auto data = sklite::datasets::load_csv(
        fixture_path("datasets/" + c["file"].get<std::string>()), options);
    CHECK(same_values(data.X, to_matrix(c["X"])));
    if (c.contains("y"))
      CHECK(same_values(data.y, to_vector(c["y"])));
    else
      CHECK(data.y.size() == 0);
  }
  sklite::datasets::CsvOptions options;
  options.header = true;
  options.target_column = -1;
  const auto data = sklite::datasets::load_csv(fixture_path("datasets/header.csv"), options);
  CHECK(data.feature_names == std::vector<std::string>{"sepal length", "sepal width"});
  CHECK(data.target_name == "label");
  const auto plain = sklite::datasets::load_csv(fixture_path("datasets/plain.csv"));
  CHECK(plain.feature_names.empty());
  CHECK(plain.target_name.empty());
}

TEST_CASE("datasets: load_csv errors name path:line") {
  using sklite::datasets::load_csv;
  TempDir dir("datasets");
  const std::string path = dir.file("bad.csv");
  write_bytes(path, "1,2,3\n4,5,6\n7,8\n");
  CHECK_THROWS_WITH_AS(
      load_csv(path), ("load_csv: " + path + ":3: expected 3 fields (as on line 1); got 2").c_str(),
      FileError);
  write_bytes(path, "a,b\n1,2\n3,x\n");
  sklite::datasets::CsvOptions header;
  header.header = true;
  CHECK_THROWS_WITH_AS(load_csv(path, header),
                       ("load_csv: " + path + ":3: field 2 is not a number: 'x'").c_str(),
                       FileError);
  CHECK_THROWS_WITH_AS(load_csv(path),
                       ("load_csv: " + path + ":1: field 1 is not a number: 'a'").c_str(),
                       FileError);
  write_bytes(path, "1,,3\n");
  CHECK_THROWS_WITH_AS(
      load_csv(path), ("load_csv: " + path + ":1: field 2 is not a number: ''").c_str(), FileError);
  write_bytes(path, "");
  CHECK_THROWS_WITH_AS(load_csv(path), ("load_csv: " + path + ": the file is empty").c_str(),
                       FileError);
  write_bytes(path, "\n  \n");
  CHECK_THROWS_WITH_AS(load_csv(path), ("load_csv: " + path + ": the file is empty").c_str(),
                       FileError);
  write_bytes(path, "a,b\n");
  CHECK_THROWS_WITH_AS(load_csv(path, header),
                       ("load_csv: " + path + ": the file has a header but no data").c_str(),
                       FileError);
  const std::string missing = dir.file("missing.csv");
  CHECK_THROWS_WITH_AS(
      load_csv(missing),
      ("load_csv: " + missing + ": cannot open the file: No such file or directory").c_str(),
      FileError);
  write_bytes(path, "1,2\n");
  sklite::datasets::CsvOptions target;
  target.target_column = 2;
  CHECK_THROWS_WITH_AS(load_csv(path, target),
                       "load_csv: target_column expected a column in [-2, 1] for a file with 2 "
                       "columns; got 2",
                       std::invalid_argument);
  sklite::datasets::CsvOptions quote;
  quote.delimiter = '"';
  CHECK_THROWS_WITH_AS(load_csv(path, quote), doctest::Contains("load_csv: delimiter expected"),
                       std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// IDX

namespace {

/// An IDX header: two zero bytes, the type code, the rank and each dimension big-endian.
std::string idx_header(int type_code, const std::vector<std::uint32_t>& dims) {
  std::string out = {'\0', '\0', static_cast<char>(type_code), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      out += static_cast<char>(static_cast<unsigned char>((d >> shift) & 0xffu));
  return out;
}

/// The big-endian bytes of an unsigned integer of `size` bytes.
std::string big_endian(std::uint64_t bits, int size) {
  std::string out;
  for (int shift = 8 * (size - 1); shift >= 0; shift -= 8)
    out += static_cast<char>(static_cast<unsigned char>((bits >> shift) & 0xffu));
  return out;
}

/// The IDX bytes of `values` (2 items x 3) encoded with the given type.
std::string idx_file(int type_code, const std::vector<double>& values) {
  std::string out = idx_header(type_code, {2, 1, 3});
  for (double v : values) {
    switch (type_code) {
      case 0x08:
        out += big_endian(static_cast<std::uint8_t>(v), 1);
        break;
      case 0x09:
        out += big_endian(static_cast<std::uint8_t>(static_cast<std::int8_t>(v)), 1);
        break;
      case 0x0B:
        out += big_endian(static_cast<std::uint16_t>(static_cast<std::int16_t>(v)), 2);
        break;
      case 0x0C:
        out += big_endian(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)), 4);
        break;
      case 0x0D: {
        const auto f = static_cast<float>(v);
        std::uint32_t bits;
        std::memcpy(&bits, &f, sizeof bits);
        out += big_endian(bits, 4);
        break;
      }
      default: {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        out += big_endian(bits, 8);
      }
    }
  }
  return out;
}

struct IdxTypeCase {
  int type_code;
  std::vector<double> values;
};

const std::vector<IdxTypeCase>& idx_type_cases() {
  static const std::vector<IdxTypeCase> cases = {
      {0x08, {0, 255, 7, 128, 1, 64}},
      {0x09, {-128, 127, -1, 0, 5, -7}},
      {0x0B, {-32768, 32767, 258, -2, 0, 1000}},
      {0x0C, {-2147483648.0, 2147483647.0, 65539, -1, 0, 123456}},
      {0x0D, {1.5, -0.25, 3.0e38, 0.0, -1e-30, 65536}},
      {0x0E, {1e300, -2.5, 0.1, 5e-324, 0, -1e-300}},
  };
  return cases;
}

}  // namespace

TEST_CASE("datasets: load_idx reads every element type, plain and gzipped") {
  TempDir dir("datasets");
  for (const auto& c : idx_type_cases()) {
    INFO("type code: ", c.type_code);
    const std::string bytes = idx_file(c.type_code, c.values);
    const std::string plain = dir.file("plain.idx");
    const std::string gz = dir.file("packed.idx.gz");
    write_bytes(plain, bytes);
    write_gzip(gz, bytes);
    Eigen::MatrixXd expected(2, 3);
    for (int k = 0; k < 6; ++k) {
      double v = c.values[static_cast<std::size_t>(k)];
      if (c.type_code == 0x0D) v = static_cast<double>(static_cast<float>(v));
      expected(k / 3, k % 3) = v;
    }
    for (const std::string& path : {plain, gz}) {
      const auto data = sklite::datasets::load_idx(path);
      CHECK(data.shape == std::vector<std::size_t>{2, 1, 3});
      CHECK(data.type_code == c.type_code);
      CHECK(same_values(data.data, expected));
      const auto first = sklite::datasets::load_idx(path, 1);
      CHECK(first.shape == std::vector<std::size_t>{1, 1, 3});
      CHECK(same_values(first.data, expected.topRows(1)));
      const auto none = sklite::datasets::load_idx(path, 0);
      CHECK(none.data.rows() == 0);
      CHECK(none.data.cols() == 3);
    }
    if (c.type_code == 0x08) {
      const auto as_float = sklite::datasets::load_idx<float>(gz);
      CHECK(same_values(as_float.data, expected.cast<float>()));
    }
  }
}

TEST_CASE("datasets: load_idx of a 1-D file gives one column") {
  TempDir dir("datasets");
  const std::string path = dir.file("labels.idx");
  write_bytes(path, idx_header(0x08, {4}) + std::string("\x03\x00\x09\x01", 4));
  const auto labels = sklite::datasets::load_idx(path);
  CHECK(labels.shape == std::vector<std::size_t>{4});
  REQUIRE(labels.data.cols() == 1);
  CHECK(same_values(labels.data, Eigen::Vector4d(3, 0, 9, 1)));
}

TEST_CASE("datasets: load_idx errors name the path and what was expected") {
  using sklite::datasets::load_idx;
  TempDir dir("datasets");
  const std::string path = dir.file("bad.idx");
  const std::string good = idx_file(0x0C, idx_type_cases()[3].values);
  const auto message = [&](const std::string& what) { return "load_idx: " + path + ": " + what; };

  write_bytes(path, good.substr(0, 3));
  CHECK_THROWS_WITH_AS(load_idx(path), message("truncated header: expected 4 bytes; got 3").c_str(),
                       FileError);
  write_bytes(path, good.substr(0, 10));
  CHECK_THROWS_WITH_AS(load_idx(path),
                       message("truncated header: expected 12 bytes of dimensions; got 6").c_str(),
                       FileError);
  write_bytes(path, good.substr(0, good.size() - 3));
  CHECK_THROWS_WITH_AS(load_idx(path),
                       message("truncated data: expected 24 bytes for 2 items; got 21").c_str(),
                       FileError);
  // Asking only for the first item does not need the missing bytes.
  CHECK(load_idx(path, 1).data.rows() == 1);
  write_bytes(path, "PK\x03\x04 this is a zip file");
  CHECK_THROWS_WITH_AS(
      load_idx(path),
      message("wrong magic number 0x504b0304; an IDX file starts with two zero bytes").c_str(),
      FileError);
  write_bytes(path, idx_header(0x0A, {1}) + "x");
  CHECK_THROWS_WITH_AS(load_idx(path),
                       message("unknown IDX type code 10; expected 8, 9, 11, 12, 13 or 14").c_str(),
                       FileError);
  write_bytes(path, idx_header(0x08, {}));
  CHECK_THROWS_WITH_AS(load_idx(path),
                       message("the header has 0 dimensions; expected 1 or more").c_str(),
                       FileError);
  // A header announcing 4 billion cubed bytes: an error, not an allocation.
  write_bytes(path, idx_header(0x0E, {0xffffffffu, 0xffffffffu, 0xffffffffu}) + "short");
  CHECK_THROWS_WITH_AS(load_idx(path),
                       message("the dimensions in the header are too large").c_str(), FileError);
  write_bytes(path, idx_header(0x08, {0xffffffffu, 1000}) + "short");
  CHECK_THROWS_WITH_AS(load_idx(path),
                       message("truncated data: expected 4294967295000 bytes for 4294967295 items; "
                               "got 5")
                           .c_str(),
                       FileError);
  // A gzip stream cut in the middle.
  std::string big = idx_header(0x08, {1000, 100});
  std::mt19937 random(42);
  for (int i = 0; i < 100000; ++i) big += static_cast<char>(random() & 0xffu);
  const std::string gz = dir.file("cut.idx.gz");
  write_gzip(gz, big);
  const std::string packed = read_bytes(gz);
  write_bytes(gz, packed.substr(0, packed.size() / 2));
  CHECK_THROWS_WITH_AS(load_idx(gz), contains("load_idx: " + gz + ": "), FileError);
  // Four billion items of no element: nothing to read or decode (found by fuzz_idx, which this
  // 16-byte file kept busy for seconds).
  write_bytes(path, idx_header(0x08, {0xffffff00u, 0, 1279}));
  const auto empty_items = load_idx(path);
  CHECK(empty_items.shape == std::vector<std::size_t>{0xffffff00u, 0, 1279});
  CHECK(empty_items.data.rows() == 0xffffff00);
  CHECK(empty_items.data.cols() == 0);
  // An integer type holds only the integers of its range (found by fuzz_idx: converting 3e38 to
  // a byte was undefined behaviour).
  write_bytes(path, idx_file(0x0D, {1.0, 255.0, 2.5, 0, 0, 0}));
  CHECK_THROWS_WITH_AS(
      load_idx<std::uint8_t>(path),
      message("element 2 of item 0 is 2.5, which the requested integer type cannot hold").c_str(),
      FileError);
  write_bytes(path, idx_file(0x0D, {1.0, 256.0, 0, 0, 0, 0}));
  CHECK_THROWS_WITH_AS(load_idx<std::uint8_t>(path), contains("element 1 of item 0 is 256,"),
                       FileError);
  write_bytes(path, idx_file(0x09, {-1.0, 0, 0, 0, 0, 0}));
  CHECK_THROWS_WITH_AS(load_idx<std::uint8_t>(path), contains("element 0 of item 0 is -1,"),
                       FileError);
  write_bytes(path, idx_file(0x0D, {-128.0, 127.0, 0, 5, 6, 7}));
  const auto bytes = load_idx<std::int8_t>(path).data;
  CHECK(bytes.row(0) == Eigen::Matrix<std::int8_t, 1, 3>(-128, 127, 0));
  const std::string missing = dir.file("missing.idx");
  CHECK_THROWS_WITH_AS(
      load_idx(missing),
      ("load_idx: " + missing + ": cannot open the file: No such file or directory").c_str(),
      FileError);
}

TEST_CASE("datasets: load_idx reads Debian's Fashion-MNIST files") {
  const std::string folder = "/usr/share/datasets/fashion-mnist";
  const std::string images = folder + "/t10k-images-idx3-ubyte.gz";
  const std::string labels = folder + "/t10k-labels-idx1-ubyte.gz";
  if (!fs::exists(images) || !fs::exists(labels)) {
    MESSAGE("skipped: " << folder << " is absent (Debian package dataset-fashion-mnist)");
    return;
  }
  const auto expected = load_fixture("datasets/fashion_mnist.json");
  for (const auto& file :
       {std::pair<std::string, std::string>{"t10k-images-idx3-ubyte.gz", images},
        std::pair<std::string, std::string>{"t10k-labels-idx1-ubyte.gz", labels}}) {
    const std::string& name = file.first;
    const std::string& path = file.second;
    INFO("file: ", name);
    const auto& e = expected[name];
    const auto count = e["count"].get<std::size_t>();
    const auto data = sklite::datasets::load_idx<float>(path, count);
    auto shape = e["shape"].get<std::vector<std::size_t>>();
    shape[0] = count;
    CHECK(data.shape == shape);
    const auto values = to_vector<float>(e["data"]);
    REQUIRE(data.data.size() == values.size());
    Eigen::MatrixXf expected_data(data.data.rows(), data.data.cols());
    for (Eigen::Index i = 0; i < expected_data.rows(); ++i)
      for (Eigen::Index j = 0; j < expected_data.cols(); ++j)
        expected_data(i, j) = values(i * expected_data.cols() + j);
    CHECK(same_values(data.data, expected_data));
  }
}

// Tests of sklite/preprocessing.hpp: StandardScaler and MinMaxScaler. Expected values come from
// scikit-learn 1.2.1 (tests/fixtures/gen_preprocessing.py) and are compared exactly: the scalers
// reproduce scikit-learn's arithmetic operation for operation.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "sklite/preprocessing.hpp"
#include "support/fixtures.hpp"

namespace {

using sklite::MinMaxScaler;
using sklite::MinMaxScalerParams;
using sklite::NotFittedError;
using sklite::ParamMap;
using sklite::StandardScaler;
using sklite::StandardScalerParams;
using sklite::testing::load_fixture;
using sklite::testing::to_matrix;
using sklite::testing::to_vector;
using Json = nlohmann::json;

struct Data {
  Eigen::MatrixXd X, X_test;
};

// datasets.json by name.
const std::map<std::string, Data>& datasets() {
  static const std::map<std::string, Data> data = [] {
    std::map<std::string, Data> out;
    const Json fixture = load_fixture("preprocessing/datasets.json");
    for (const auto& d : fixture["datasets"])
      out[d["name"].get<std::string>()] = {to_matrix(d["X"]), to_matrix(d["X_test"])};
    return out;
  }();
  return data;
}

// Requires `actual` to equal the fixture's array (a list, a list of rows, or null for an empty
// result) entry for entry, and reports the largest relative difference when it does not.
void check_exact(const Eigen::MatrixXd& actual, const Json& expected, const std::string& what) {
  INFO(what);
  if (expected.is_null()) {
    CHECK(actual.size() == 0);
    return;
  }
  const Eigen::MatrixXd e = !expected.empty() && expected[0].is_array()
                                ? to_matrix(expected)
                                : Eigen::MatrixXd(to_vector(expected));
  REQUIRE(actual.rows() == e.rows());
  REQUIRE(actual.cols() == e.cols());
  Eigen::Index mismatches = 0;
  double worst = 0;
  for (Eigen::Index j = 0; j < e.cols(); ++j)
    for (Eigen::Index i = 0; i < e.rows(); ++i)
      if (actual(i, j) != e(i, j)) {
        ++mismatches;
        worst = std::max(worst, std::abs(actual(i, j) - e(i, j)) / std::abs(e(i, j)));
      }
  INFO("largest relative difference " << worst);
  CHECK(mismatches == 0);
}

Eigen::MatrixXd sample_matrix() {
  Eigen::MatrixXd X(4, 3);
  X << 1, 2, 3,  //
      -4, 5, 6,  //
      7, -8, 9,  //
      0, 1, -2;
  return X;
}

}  // namespace

TEST_CASE("StandardScaler: equal to scikit-learn on every data set and with_mean/with_std") {
  const Json fixture = load_fixture("preprocessing/standard_scaler.json");
  for (const auto& c : fixture["cases"]) {
    const std::string name = c["name"].get<std::string>();
    const Data& d = datasets().at(name);
    StandardScalerParams params;
    params.with_mean = c["with_mean"].get<bool>();
    params.with_std = c["with_std"].get<bool>();
    CAPTURE(name);
    CAPTURE(params.with_mean);
    CAPTURE(params.with_std);
    StandardScaler scaler(params);
    const Eigen::MatrixXd Z = scaler.fit_transform(d.X);
    check_exact(scaler.mean(), c["mean"], "mean");
    check_exact(scaler.var(), c["var"], "var");
    check_exact(scaler.scale(), c["scale"], "scale");
    CHECK(scaler.n_samples_seen() == c["n_samples_seen"].get<Eigen::Index>());
    CHECK(scaler.n_features_in() == d.X.cols());
    check_exact(Z, c["transform"], "fit_transform");
    check_exact(scaler.transform(d.X), c["transform"], "transform");
    check_exact(scaler.transform(d.X_test), c["transform_test"], "transform of other rows");
    check_exact(scaler.inverse_transform(d.X_test), c["inverse_test"], "inverse_transform");
  }
}

TEST_CASE("StandardScaler: scikit-learn's near-constant features get scale 1, others sqrt(var)") {
  // scikit-learn's test_standard_scaler_near_constant_features: X = average +- 10^k, k in
  // [-30, 19], with_mean=False; features within the rounding bound of the variance are constant.
  const Json fixture = load_fixture("preprocessing/standard_scaler.json");
  const Eigen::VectorXd scales = to_vector(fixture["near_constant_scales"]);
  for (const auto& c : fixture["near_constant"]) {
    const auto n = c["n_samples"].get<Eigen::Index>();
    const double average = c["average"].get<double>();
    CAPTURE(n);
    CAPTURE(average);
    Eigen::MatrixXd X(n, scales.size());
    for (Eigen::Index j = 0; j < scales.size(); ++j) {
      X.col(j).head(n / 2).setConstant(average + scales(j));
      X.col(j).tail(n - n / 2).setConstant(average - scales(j));
    }
    StandardScalerParams params;
    params.with_mean = false;
    const StandardScaler scaler = StandardScaler(params).fit(X);
    check_exact(scaler.mean(), c["mean"], "mean");
    check_exact(scaler.var(), c["var"], "var");
    check_exact(scaler.scale(), c["scale"], "scale");
    // Some features are constant by the bound, the others are scaled by their deviation.
    const double eps = std::numeric_limits<double>::epsilon();
    const double count = static_cast<double>(n);
    Eigen::Index constant = 0;
    for (Eigen::Index j = 0; j < scales.size(); ++j) {
      const double var = scaler.var()(j);
      const double mean = scaler.mean()(j);
      if (var <= count * eps * var + (count * mean * eps) * (count * mean * eps)) {
        ++constant;
        CHECK(scaler.scale()(j) == 1.0);
      } else {
        CHECK(scaler.scale()(j) == std::sqrt(var));
      }
    }
    CHECK(constant > 0);
    CHECK(constant < scales.size());
  }
}

TEST_CASE("StandardScaler: scikit-learn's small cases") {
  SUBCASE("test_scaler_2d_arrays: a zero column is centred, not scaled; the others get std 1") {
    const Data& d = datasets().at("sklearn_2d_zero");
    StandardScaler scaler;
    const Eigen::MatrixXd Z = scaler.fit_transform(d.X);
    CHECK(scaler.n_samples_seen() == 4);
    CHECK(scaler.scale()(0) == 1.0);
    CHECK(Z.col(0).isZero());
    const Eigen::RowVectorXd means = Z.colwise().mean();
    CHECK(means.cwiseAbs().maxCoeff() < 1e-15);
    for (Eigen::Index j = 1; j < Z.cols(); ++j)
      CHECK(std::sqrt(Z.col(j).squaredNorm() / 4.0) == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(scaler.inverse_transform(Z).isApprox(d.X, 1e-15));
  }
  SUBCASE("test_standard_scaler_1d: a constant column") {
    const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(5, 1);
    StandardScaler scaler;
    const Eigen::MatrixXd Z = scaler.fit_transform(X);
    CHECK(scaler.mean()(0) == 1.0);
    CHECK(scaler.var()(0) == 0.0);
    CHECK(scaler.scale()(0) == 1.0);
    CHECK(Z.isZero(0));
  }
  SUBCASE("test_scaler_return_identity: with_mean and with_std off") {
    Eigen::MatrixXd X(3, 3);
    X << 0, 1, 3, 5, 6, 0, 8, 0, 10;
    StandardScalerParams params;
    params.with_mean = false;
    params.with_std = false;
    StandardScaler scaler(params);
    CHECK(scaler.fit_transform(X) == X);
    CHECK(scaler.mean().size() == 0);
    CHECK(scaler.var().size() == 0);
    CHECK(scaler.scale().size() == 0);
    CHECK(scaler.n_samples_seen() == 3);
    CHECK(scaler.inverse_transform(X) == X);
  }
}

TEST_CASE("StandardScaler: any numeric Eigen input, blocks and expressions alike") {
  const Eigen::MatrixXd X = sample_matrix();
  StandardScaler reference;
  const Eigen::MatrixXd Z = reference.fit_transform(X);

  StandardScaler from_float;
  const Eigen::MatrixXf Xf = X.cast<float>();
  CHECK(from_float.fit_transform(Xf) == Z);

  StandardScaler from_int;
  const Eigen::MatrixXi Xi = X.cast<int>();
  CHECK(from_int.fit_transform(Xi) == Z);

  Eigen::MatrixXd wide = Eigen::MatrixXd::Zero(6, 5);
  wide.block(1, 1, 4, 3) = X;
  StandardScaler from_block;
  CHECK(from_block.fit_transform(wide.block(1, 1, 4, 3)) == Z);

  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = X;
  StandardScaler from_row_major;
  CHECK(from_row_major.fit_transform(row_major) == Z);
  CHECK(from_row_major.transform(2.0 * X) == reference.transform(2.0 * X));

  // y is ignored, as in scikit-learn; fit returns the scaler.
  StandardScaler with_y;
  CHECK(with_y.fit(X, Eigen::VectorXi::Zero(4)).transform(X) == Z);
  CHECK(StandardScaler().fit_transform(X, Eigen::VectorXd::Zero(4)) == Z);
}

TEST_CASE("StandardScaler: refusals and their messages") {
  const Eigen::MatrixXd X = sample_matrix();
  StandardScaler scaler;

  SUBCASE("before fit") {
    CHECK_FALSE(scaler.is_fitted());
    CHECK_THROWS_WITH_AS(scaler.transform(X),
                         "StandardScaler::transform: this StandardScaler is not fitted yet; call "
                         "fit before using it",
                         NotFittedError);
    CHECK_THROWS_WITH_AS(scaler.inverse_transform(X),
                         doctest::Contains("StandardScaler::inverse_transform: this StandardScaler "
                                           "is not fitted yet"),
                         NotFittedError);
    CHECK_THROWS_WITH_AS(scaler.mean(),
                         "StandardScaler::mean: this StandardScaler is not fitted yet; call fit "
                         "before reading its attributes",
                         NotFittedError);
    CHECK_THROWS_AS(scaler.var(), NotFittedError);
    CHECK_THROWS_AS(scaler.scale(), NotFittedError);
    CHECK_THROWS_AS(scaler.n_samples_seen(), NotFittedError);
    CHECK_THROWS_AS(scaler.n_features_in(), NotFittedError);
  }
  SUBCASE("X of another width, empty, or not finite") {
    scaler.fit(X);
    CHECK_THROWS_WITH_AS(scaler.transform(X.leftCols(2)),
                         "StandardScaler::transform: X has 2 features, but StandardScaler was "
                         "fitted with 3 features",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(scaler.inverse_transform(Eigen::MatrixXd::Zero(1, 4)),
                         "StandardScaler::inverse_transform: X has 4 features, but StandardScaler "
                         "was fitted with 3 features",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(scaler.transform(Eigen::MatrixXd(0, 3)),
                         "StandardScaler::transform: X must not be empty; got shape (0, 3): 0 "
                         "sample(s)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(StandardScaler().fit(Eigen::MatrixXd(3, 0)),
                         "StandardScaler::fit: X must not be empty; got shape (3, 0): 0 feature(s)",
                         std::invalid_argument);
    Eigen::MatrixXd bad = X;
    bad(2, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(StandardScaler().fit(bad),
                         "StandardScaler::fit: X must be finite; got NaN at row 2, column 1",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(scaler.transform(bad), doctest::Contains("got NaN at row 2, column 1"),
                         std::invalid_argument);
    bad(2, 1) = -std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(scaler.inverse_transform(bad),
                         doctest::Contains("X must be finite; got -infinity"),
                         std::invalid_argument);
  }
  SUBCASE("sums that overflow a double") {
    Eigen::MatrixXd huge(2, 2);
    huge << 1e308, 1.0, 1e308, 2.0;
    CHECK_THROWS_WITH_AS(StandardScaler().fit(huge),
                         "StandardScaler::fit: the mean of feature 0 overflows a double "
                         "(infinity); scale X down before fitting",
                         std::invalid_argument);
    huge << 1e200, 1.0, -1e200, 2.0;
    CHECK_THROWS_WITH_AS(StandardScaler().fit(huge),
                         doctest::Contains("the variance of feature 0 overflows a double"),
                         std::invalid_argument);
    StandardScalerParams params;
    params.with_std = false;
    CHECK(StandardScaler(params).fit(huge).mean()(0) == 0.0);  // no variance, no overflow
  }
  SUBCASE("a failed fit leaves the scaler as it was") {
    scaler.fit(X);
    const Eigen::VectorXd mean = scaler.mean();
    Eigen::MatrixXd bad = 2.0 * X;
    bad(0, 0) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(scaler.fit(bad), std::invalid_argument);
    CHECK_THROWS_AS(scaler.fit_transform(bad), std::invalid_argument);
    CHECK(scaler.mean() == mean);
    CHECK(scaler.n_features_in() == 3);
  }
}

TEST_CASE("StandardScaler: parameters by name") {
  StandardScaler scaler;
  CHECK(std::string(StandardScaler::estimator_name()) == "StandardScaler");
  CHECK(scaler.get_params() == ParamMap{{"with_mean", true}, {"with_std", true}});

  scaler.set_params("with_mean", false);
  CHECK_FALSE(scaler.params().with_mean);
  CHECK(scaler.get_params().at("with_mean") == sklite::ParamValue(false));

  CHECK_THROWS_WITH_AS(scaler.set_params("copy", true),
                       "StandardScaler::set_params: StandardScaler has no parameter 'copy'; valid "
                       "parameters are with_mean, with_std",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(scaler.set_params("with_std", 1),
                       "StandardScaler::set_params: parameter 'with_std' must be a bool; got an "
                       "integer (1)",
                       std::invalid_argument);
  // All or nothing: the bad entry ("with_x") comes after a good one in the map's order.
  CHECK_THROWS_AS(scaler.set_params(ParamMap{{"with_mean", true}, {"with_x", false}}),
                  std::invalid_argument);
  CHECK_FALSE(scaler.params().with_mean);
  scaler.set_params(ParamMap{{"with_mean", true}, {"with_std", false}});
  CHECK(scaler.params().with_mean);
  CHECK_FALSE(scaler.params().with_std);

  // A fitted scaler transforms as it was fitted until the next fit.
  const Eigen::MatrixXd X = sample_matrix();
  scaler.set_params("with_std", true).fit(X);
  const Eigen::MatrixXd Z = scaler.transform(X);
  scaler.set_params("with_std", false);
  CHECK(scaler.transform(X) == Z);
  scaler.fit(X);
  CHECK(scaler.scale().size() == 0);
  CHECK(scaler.transform(X) == (X.rowwise() - X.colwise().mean()));
}

TEST_CASE("MinMaxScaler: equal to scikit-learn on every data set, range and clip setting") {
  const Json fixture = load_fixture("preprocessing/min_max_scaler.json");
  for (const auto& c : fixture["cases"]) {
    const std::string name = c["name"].get<std::string>();
    const Data& d = datasets().at(name);
    MinMaxScalerParams params;
    params.feature_range = {c["feature_range"][0].get<double>(),
                            c["feature_range"][1].get<double>()};
    params.clip = c["clip"].get<bool>();
    CAPTURE(name);
    CAPTURE(params.feature_range.first);
    CAPTURE(params.feature_range.second);
    CAPTURE(params.clip);
    MinMaxScaler scaler(params);
    const Eigen::MatrixXd Z = scaler.fit_transform(d.X);
    check_exact(scaler.data_min(), c["data_min"], "data_min");
    check_exact(scaler.data_max(), c["data_max"], "data_max");
    check_exact(scaler.data_range(), c["data_range"], "data_range");
    check_exact(scaler.scale(), c["scale"], "scale");
    check_exact(scaler.min(), c["min"], "min");
    CHECK(scaler.n_samples_seen() == c["n_samples_seen"].get<Eigen::Index>());
    CHECK(scaler.n_features_in() == d.X.cols());
    check_exact(Z, c["transform"], "fit_transform");
    check_exact(scaler.transform(d.X), c["transform"], "transform");
    check_exact(scaler.transform(d.X_test), c["transform_test"], "transform of other rows");
    check_exact(scaler.inverse_transform(d.X_test), c["inverse_test"], "inverse_transform");
  }
}

TEST_CASE("MinMaxScaler: scikit-learn's small cases") {
  SUBCASE("test_min_max_scaler_zero_variance_features") {
    const Data& d = datasets().at("sklearn_zero_variance");
    MinMaxScaler scaler;
    Eigen::MatrixXd expected(3, 3);
    expected << 0, 0, 0.5, 0, 0, 0, 0, 0, 1;
    CHECK(scaler.fit_transform(d.X).isApprox(expected, 1e-15));
    CHECK(scaler.inverse_transform(scaler.transform(d.X)).isApprox(d.X, 1e-15));
    Eigen::MatrixXd expected_new(3, 3);
    expected_new << 0, 1, 0.5, -1, 0, 1.0 / 12, 0, 0, 4.0 / 3;
    CHECK(scaler.transform(d.X_test).isApprox(expected_new, 1e-15));

    MinMaxScalerParams params;
    params.feature_range = {1, 2};
    CHECK(MinMaxScaler(params).fit_transform(d.X).isApprox((expected.array() + 1).matrix(), 1e-15));
  }
  SUBCASE("clip keeps transformed values within feature_range") {
    const Eigen::MatrixXd X = sample_matrix();
    MinMaxScalerParams params;
    params.feature_range = {-1, 1};
    params.clip = true;
    MinMaxScaler scaler(params);
    scaler.fit(X);
    const Eigen::MatrixXd Z = scaler.transform(10.0 * X);
    CHECK(Z.minCoeff() == -1.0);
    CHECK(Z.maxCoeff() == 1.0);
    CHECK(scaler.transform(X) == MinMaxScaler(MinMaxScalerParams{{-1, 1}, false}).fit_transform(X));
  }
}

TEST_CASE("MinMaxScaler: refusals and their messages") {
  const Eigen::MatrixXd X = sample_matrix();
  const auto refuse = [](std::pair<double, double> range, const char* message) {
    CHECK_THROWS_WITH_AS(MinMaxScaler(MinMaxScalerParams{range, false}), message,
                         std::invalid_argument);
  };
  refuse({2, 1},
         "MinMaxScaler: the minimum of feature_range must be smaller than its maximum; got (2, 1)");
  refuse({1, 1},
         "MinMaxScaler: the minimum of feature_range must be smaller than its maximum; got (1, 1)");
  refuse({0, std::numeric_limits<double>::quiet_NaN()},
         "MinMaxScaler: feature_range must be finite; got (0, NaN)");
  refuse({-std::numeric_limits<double>::infinity(), 0},
         "MinMaxScaler: feature_range must be finite; got (-infinity, 0)");

  MinMaxScaler scaler;
  CHECK_THROWS_WITH_AS(
      scaler.transform(X),
      "MinMaxScaler::transform: this MinMaxScaler is not fitted yet; call fit before using it",
      NotFittedError);
  CHECK_THROWS_WITH_AS(scaler.data_min(),
                       "MinMaxScaler::data_min: this MinMaxScaler is not fitted yet; call fit "
                       "before reading its attributes",
                       NotFittedError);
  CHECK_THROWS_AS(scaler.min(), NotFittedError);
  CHECK_THROWS_AS(scaler.inverse_transform(X), NotFittedError);

  scaler.fit(X);
  CHECK_THROWS_WITH_AS(
      scaler.transform(Eigen::MatrixXd::Zero(2, 4)),
      "MinMaxScaler::transform: X has 4 features, but MinMaxScaler was fitted with 3 features",
      std::invalid_argument);
  Eigen::MatrixXd bad = X;
  bad(3, 2) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(MinMaxScaler().fit(bad),
                       "MinMaxScaler::fit: X must be finite; got infinity at row 3, column 2",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(MinMaxScaler().fit(Eigen::MatrixXd(0, 2)),
                       doctest::Contains("MinMaxScaler::fit: X must not be empty"),
                       std::invalid_argument);
  Eigen::MatrixXd wide(2, 1);
  wide << -1e308, 1e308;
  CHECK_THROWS_WITH_AS(MinMaxScaler().fit(wide),
                       "MinMaxScaler::fit: the range of feature 0 overflows a double (from -1e+308 "
                       "to 1e+308); scale X down before fitting",
                       std::invalid_argument);
  // A failed fit leaves the scaler as it was.
  CHECK_THROWS_AS(scaler.fit_transform(bad), std::invalid_argument);
  CHECK(scaler.data_max() == X.colwise().maxCoeff().transpose());
}

TEST_CASE("MinMaxScaler: parameters by name") {
  MinMaxScaler scaler;
  CHECK(std::string(MinMaxScaler::estimator_name()) == "MinMaxScaler");
  CHECK(scaler.get_params() == ParamMap{{"clip", false}});
  CHECK(scaler.set_params("clip", true).params().clip);
  CHECK_THROWS_WITH_AS(scaler.set_params("feature_range", "(-1, 1)"),
                       doctest::Contains("feature_range is a pair, which a ParamValue cannot "
                                         "hold; set MinMaxScalerParams::feature_range instead"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(scaler.set_params("copy", false),
                       "MinMaxScaler::set_params: MinMaxScaler has no parameter 'copy'; valid "
                       "parameters are clip",
                       std::invalid_argument);
  CHECK_THROWS_AS(scaler.set_params(ParamMap{{"clip", false}, {"copy", true}}),
                  std::invalid_argument);
  CHECK(scaler.params().clip);
  scaler.set_params(ParamMap{{"clip", false}});
  CHECK_FALSE(scaler.params().clip);
}

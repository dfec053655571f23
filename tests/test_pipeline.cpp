// Tests of sklite/pipeline.hpp: Pipeline and make_pipeline. Most cases use the scalers and small
// estimators defined here (cheap to compile); one case fits Pipeline(StandardScaler, SVC) and
// Pipeline(MinMaxScaler, SVC) against scikit-learn 1.2.1 (tests/fixtures/gen_preprocessing.py).
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sklite/pipeline.hpp"
#include "sklite/preprocessing.hpp"
#include "sklite/svm/svc.hpp"
#include "support/fixtures.hpp"

namespace {

using sklite::make_pipeline;
using sklite::MinMaxScaler;
using sklite::MinMaxScalerParams;
using sklite::ParamMap;
using sklite::ParamValue;
using sklite::Pipeline;
using sklite::StandardScaler;
using sklite::testing::load_fixture;
using sklite::testing::to_matrix;
using sklite::testing::to_vector;
using Json = nlohmann::json;

// A transformer that adds `offset` to every value, and counts its fits.
class Shift {
 public:
  explicit Shift(double offset = 0) : offset_(offset) {}
  static const char* estimator_name() { return "Shift"; }
  ParamMap get_params() const { return {{"offset", offset_}}; }
  Shift& set_params(const std::string& name, const ParamValue& value) {
    if (name != "offset")
      sklite::detail::throw_unknown_param("Shift::set_params", "Shift", name,
                                          std::array<const char*, 1>{"offset"});
    offset_ = sklite::detail::param_number("Shift::set_params", name, value);
    return *this;
  }
  template <typename Derived>
  Eigen::MatrixXd fit_transform(const Eigen::MatrixBase<Derived>& X) {
    ++fits_;
    if (!X.allFinite()) throw std::invalid_argument("Shift::fit_transform: not finite");
    return transform(X);
  }
  template <typename Derived>
  Eigen::MatrixXd transform(const Eigen::MatrixBase<Derived>& X) const {
    return X.array() + offset_;
  }
  template <typename Derived>
  Eigen::MatrixXd inverse_transform(const Eigen::MatrixBase<Derived>& X) const {
    return X.array() - offset_;
  }
  int fits() const { return fits_; }

 private:
  double offset_;
  int fits_ = 0;
};

// A classifier: the class whose training mean is nearest.
class NearestMean {
 public:
  static constexpr bool is_classifier = true;
  static const char* estimator_name() { return "NearestMean"; }
  ParamMap get_params() const { return {{"temperature", temperature_}}; }
  NearestMean& set_params(const std::string& name, const ParamValue& value) {
    if (name != "temperature")
      sklite::detail::throw_unknown_param("NearestMean::set_params", "NearestMean", name,
                                          std::array<const char*, 1>{"temperature"});
    temperature_ = sklite::detail::param_number("NearestMean::set_params", name, value);
    return *this;
  }
  NearestMean& fit(const Eigen::MatrixXd& X, const Eigen::VectorXi& y) {
    if (X.rows() != y.size()) throw std::invalid_argument("NearestMean::fit: X and y differ");
    const int n_classes = y.maxCoeff() + 1;
    means_ = Eigen::MatrixXd::Zero(n_classes, X.cols());
    Eigen::VectorXd counts = Eigen::VectorXd::Zero(n_classes);
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      means_.row(y(i)) += X.row(i);
      counts(y(i)) += 1;
    }
    means_.array().colwise() /= counts.array();
    seen_ = X;
    return *this;
  }
  Eigen::MatrixXd decision_function(const Eigen::MatrixXd& X) const {
    Eigen::MatrixXd d(X.rows(), means_.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i)
      for (Eigen::Index c = 0; c < means_.rows(); ++c)
        d(i, c) = -(X.row(i) - means_.row(c)).squaredNorm();
    return d;
  }
  Eigen::VectorXi predict(const Eigen::MatrixXd& X) const {
    const Eigen::MatrixXd d = decision_function(X);
    Eigen::VectorXi out(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) d.row(i).maxCoeff(&out(i));
    return out;
  }
  Eigen::MatrixXd predict_proba(const Eigen::MatrixXd& X) const {
    Eigen::MatrixXd p = (decision_function(X) / temperature_).array().exp();
    return p.array().colwise() / p.rowwise().sum().array();
  }
  double score(const Eigen::MatrixXd& X, const Eigen::VectorXi& y) const {
    return (predict(X).array() == y.array()).cast<double>().mean();
  }
  Eigen::VectorXi classes() const {
    return Eigen::VectorXi::LinSpaced(means_.rows(), 0, static_cast<int>(means_.rows()) - 1);
  }
  bool is_fitted() const { return means_.size() > 0; }
  const Eigen::MatrixXd& seen() const { return seen_; }

 private:
  double temperature_ = 1.0;
  Eigen::MatrixXd means_, seen_;
};

// A regressor without predict_proba: predicts the training mean.
class MeanRegressor {
 public:
  static constexpr bool is_classifier = false;
  static const char* estimator_name() { return "MeanRegressor"; }
  MeanRegressor& fit(const Eigen::MatrixXd& /*X*/, const Eigen::VectorXd& y) {
    mean_ = y.mean();
    return *this;
  }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const {
    return Eigen::VectorXd::Constant(X.rows(), mean_);
  }
  double score(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) const {
    return 1.0 - (y - predict(X)).squaredNorm() / (y.array() - y.mean()).matrix().squaredNorm();
  }

 private:
  double mean_ = 0;
};

// Stand-ins named like scikit-learn's classes, for make_pipeline's names.
struct SVCName : NearestMean {
  static const char* estimator_name() { return "SVC"; }
};

// Three separated groups of 8 rows in 3 features of unequal scales.
struct Blobs {
  Eigen::MatrixXd X;
  Eigen::VectorXi y;
};
Blobs blobs() {
  Blobs b{Eigen::MatrixXd(24, 3), Eigen::VectorXi(24)};
  for (Eigen::Index i = 0; i < 24; ++i) {
    const auto c = static_cast<int>(i % 3);
    const auto t = static_cast<double>(i);
    b.X(i, 0) = c + 0.3 * std::sin(t);
    b.X(i, 1) = 100.0 * (2 - c) + 20.0 * std::cos(1.7 * t);
    b.X(i, 2) = 0.01 * c * c + 0.003 * std::sin(3.1 * t);
    b.y(i) = c;
  }
  return b;
}

struct Split {
  Eigen::MatrixXd X_train, X_test;
  Eigen::VectorXi y_train, y_test;
};

// Fits a scaler + SVC pipeline and compares it with scikit-learn's: the scaled rows exactly,
// the decision values within the SVM tests' tolerance, the predictions and score exactly.
template <typename P>
void check_svc_pipeline(P p, const Split& d, const Json& expected) {
  static_assert(P::is_classifier);
  p.fit(d.X_train, d.y_train);
  CHECK(p.template step<0>().transform(d.X_test) == to_matrix(expected["transform_test"]));
  CHECK(p.final_estimator().n_support() == to_vector<int>(expected["n_support"]));
  const Eigen::MatrixXd decision = p.decision_function(d.X_test);
  const Eigen::MatrixXd decision_expected = to_matrix(expected["decision_function"]);
  REQUIRE(decision.rows() == decision_expected.rows());
  REQUIRE(decision.cols() == decision_expected.cols());
  CHECK((decision - decision_expected).cwiseAbs().maxCoeff() < 1e-3);
  CHECK(p.predict(d.X_test) == to_vector<int>(expected["predict"]));
  CHECK(p.score(d.X_test, d.y_test) == expected["score"].get<double>());
}

std::vector<std::string> as_vector(const std::array<std::string, 2>& a) { return {a[0], a[1]}; }

}  // namespace

TEST_CASE("make_pipeline: steps named as scikit-learn names them") {
  const Json expected = load_fixture("preprocessing/pipeline.json")["make_pipeline_names"];
  const auto names = [](auto&& pipeline) {
    const auto& a = pipeline.names();
    return std::vector<std::string>(a.begin(), a.end());
  };
  CHECK(names(make_pipeline(StandardScaler(), SVCName())) ==
        expected[0].get<std::vector<std::string>>());
  CHECK(names(make_pipeline(StandardScaler(), StandardScaler(), SVCName())) ==
        expected[1].get<std::vector<std::string>>());
  CHECK(names(make_pipeline(MinMaxScaler(), StandardScaler(), MinMaxScaler(), SVCName())) ==
        expected[2].get<std::vector<std::string>>());
  CHECK(names(make_pipeline(make_pipeline(StandardScaler()), SVCName())) ==
        expected[3].get<std::vector<std::string>>());
}

TEST_CASE("Pipeline: named steps, and names that are refused") {
  Pipeline<StandardScaler, NearestMean> p({"scaler", StandardScaler()}, {"nm", NearestMean()});
  CHECK(as_vector(p.names()) == std::vector<std::string>{"scaler", "nm"});
  static_assert(std::is_same_v<decltype(p.step<1>()), NearestMean&>);
  static_assert(std::is_same_v<decltype(p)::final_estimator_type, NearestMean>);
  static_assert(decltype(p)::n_steps == 2);
  CHECK(&p.get<StandardScaler>("scaler") == &p.step<0>());
  CHECK(&p.final_estimator() == &p.step<1>());
  CHECK_THROWS_WITH_AS(p.get<StandardScaler>("svc"),
                       "Pipeline::get: Pipeline has no step 'svc'; its steps are scaler, nm",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(p.get<MinMaxScaler>("scaler"),
                       doctest::Contains("step 'scaler' is not of the type requested"),
                       std::invalid_argument);

  using P = Pipeline<StandardScaler, StandardScaler>;
  CHECK_THROWS_WITH_AS(P({"a", StandardScaler()}, {"a", StandardScaler()}),
                       "Pipeline: step names must be unique; 'a' names steps 0 and 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(P({"a__b", StandardScaler()}, {"c", StandardScaler()}),
                       "Pipeline: step names must not contain '__' (it separates a step from its "
                       "parameter); got 'a__b'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(P({"a", StandardScaler()}, {"", StandardScaler()}),
                       "Pipeline: step names must not be empty; step 1 has none",
                       std::invalid_argument);
  CHECK(std::string(P::estimator_name()) == "Pipeline");
}

TEST_CASE("Pipeline: is_classifier follows the final estimator") {
  static_assert(Pipeline<StandardScaler, NearestMean>::is_classifier);
  static_assert(!Pipeline<StandardScaler, MeanRegressor>::is_classifier);
  static_assert(!Pipeline<StandardScaler, MinMaxScaler>::is_classifier);  // declares nothing
  static_assert(Pipeline<NearestMean>::is_classifier);
  static_assert(std::is_copy_constructible_v<Pipeline<StandardScaler, NearestMean>>);
  static_assert(std::is_copy_assignable_v<Pipeline<StandardScaler, NearestMean>>);
}

TEST_CASE(
    "Pipeline: fit chains fit_transform, then the final estimator; predict chains transform") {
  const Blobs b = blobs();
  auto p = make_pipeline(StandardScaler(), MinMaxScaler(), NearestMean());
  CHECK(&p.fit(b.X, b.y) == &p);

  // The same steps by hand.
  StandardScaler scaler;
  MinMaxScaler minmax;
  NearestMean nm;
  const Eigen::MatrixXd Z1 = scaler.fit_transform(b.X);
  const Eigen::MatrixXd Z2 = minmax.fit_transform(Z1);
  nm.fit(Z2, b.y);
  CHECK(p.step<0>().mean() == scaler.mean());
  CHECK(p.step<1>().data_min() == minmax.data_min());
  CHECK(p.final_estimator().seen() == Z2);

  const Eigen::MatrixXd X_new = b.X.topRows(5) * 1.1;
  const Eigen::MatrixXd Z_new = minmax.transform(scaler.transform(X_new));
  CHECK(p.predict(X_new) == nm.predict(Z_new));
  CHECK(p.decision_function(X_new) == nm.decision_function(Z_new));
  CHECK(p.predict_proba(X_new) == nm.predict_proba(Z_new));
  CHECK(p.score(b.X, b.y) == 1.0);
  CHECK(p.classes() == Eigen::Vector3i(0, 1, 2));
  CHECK(p.n_features_in() == 3);
  CHECK(p.is_fitted());

  // A one-step pipeline is its estimator.
  Pipeline<NearestMean> alone({"nm", NearestMean()});
  CHECK(alone.fit(Z2, b.y).predict(Z_new) == nm.predict(Z_new));
}

TEST_CASE("Pipeline: a pipeline of transformers transforms and inverts") {
  const Blobs b = blobs();
  auto p = make_pipeline(StandardScaler(), Shift(2.5), MinMaxScaler());
  const Eigen::MatrixXd Z = p.fit_transform(b.X);
  CHECK(p.transform(b.X) == Z);
  CHECK(Z.minCoeff() == 0.0);
  CHECK(Z.maxCoeff() == 1.0);
  CHECK(p.inverse_transform(Z).isApprox(b.X, 1e-13));
  CHECK(p.step<1>().fits() == 1);
  p.fit(b.X);  // fit without y: the last step's fit(X)
  CHECK(p.step<1>().fits() == 2);
  CHECK(p.transform(b.X) == Z);
}

TEST_CASE("Pipeline: a regressor at the end (no predict_proba needed)") {
  const Blobs b = blobs();
  const Eigen::VectorXd target = b.X.col(0);
  auto p = make_pipeline(StandardScaler(), MeanRegressor());
  p.fit(b.X, target);
  CHECK(p.predict(b.X).isConstant(target.mean()));
  CHECK(p.score(b.X, target) == doctest::Approx(0.0).epsilon(1e-15));
  CHECK(std::string(p.names()[1]) == "meanregressor");
}

TEST_CASE("Pipeline: get_params and set_params by step__parameter") {
  auto p = make_pipeline(StandardScaler(), Shift(1.0), NearestMean());
  CHECK(p.get_params() == ParamMap{{"nearestmean__temperature", 1.0},
                                   {"shift__offset", 1.0},
                                   {"standardscaler__with_mean", true},
                                   {"standardscaler__with_std", true}});
  CHECK(&p.set_params("nearestmean__temperature", 2) == &p);
  CHECK(p.final_estimator().get_params().at("temperature") == ParamValue(2.0));
  p.set_params("standardscaler__with_mean", false);
  CHECK_FALSE(p.step<0>().params().with_mean);

  CHECK_THROWS_WITH_AS(p.set_params("svc__C", 10.0),
                       "Pipeline::set_params: Pipeline has no step 'svc' (in 'svc__C'); its steps "
                       "are standardscaler, shift, nearestmean",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(p.set_params("C", 10.0),
                       "Pipeline::set_params: Pipeline has no parameter 'C'; name a step's "
                       "parameter as step__parameter, with a step of standardscaler, shift, "
                       "nearestmean",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(p.set_params("standardscaler__with_men", true),
                       "StandardScaler::set_params: StandardScaler has no parameter 'with_men'; "
                       "valid parameters are with_mean, with_std",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(p.set_params("shift__offset", "large"),
                       doctest::Contains("parameter 'offset' must be a number; got a name"),
                       std::invalid_argument);

  // All or nothing: the bad entry comes last in the map's order.
  CHECK_THROWS_AS(p.set_params(ParamMap{{"shift__offset", 5.0}, {"standardscaler__x", true}}),
                  std::invalid_argument);
  CHECK(p.step<1>().get_params().at("offset") == ParamValue(1.0));
  p.set_params(ParamMap{{"shift__offset", 5.0}, {"standardscaler__with_mean", true}});
  CHECK(p.step<1>().get_params().at("offset") == ParamValue(5.0));
  CHECK(p.step<0>().params().with_mean);
}

TEST_CASE("Pipeline: nested pipelines take outer__inner__parameter") {
  auto inner = make_pipeline(StandardScaler(), Shift(0.5));
  auto p = make_pipeline(inner, NearestMean());
  CHECK(as_vector(p.names()) == std::vector<std::string>{"pipeline", "nearestmean"});
  CHECK(p.get_params().at("pipeline__shift__offset") == ParamValue(0.5));
  CHECK(p.get_params().count("pipeline__standardscaler__with_std") == 1);
  p.set_params("pipeline__shift__offset", -1.0);
  CHECK(p.step<0>().step<1>().get_params().at("offset") == ParamValue(-1.0));
  const Blobs b = blobs();
  CHECK(p.fit(b.X, b.y).score(b.X, b.y) == 1.0);
}

TEST_CASE("Pipeline: a failed fit leaves every step as it was; copies are independent") {
  const Blobs b = blobs();
  auto p = make_pipeline(StandardScaler(), Shift(1.0), NearestMean());
  p.fit(b.X, b.y);
  const Eigen::VectorXd mean = p.step<0>().mean();
  const auto copy = p;

  // The final estimator refuses y of another length after the transformers were refitted.
  const Eigen::MatrixXd X2 = 3.0 * b.X;
  CHECK_THROWS_AS(p.fit(X2, Eigen::VectorXi(b.y.head(10))), std::invalid_argument);
  CHECK(p.step<0>().mean() == mean);
  CHECK(p.step<1>().fits() == 1);
  CHECK(p.final_estimator().seen().rows() == 24);
  // A transformer refuses X.
  Eigen::MatrixXd bad = X2;
  bad(4, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(p.fit(bad, b.y), doctest::Contains("StandardScaler::fit: X must be finite"),
                       std::invalid_argument);
  CHECK(p.step<0>().mean() == mean);

  // The copy is a fitted pipeline of its own.
  p.fit(X2, b.y);
  CHECK(p.step<0>().mean() != mean);
  CHECK(copy.step<0>().mean() == mean);
  CHECK(copy.predict(b.X) == b.y);
  CHECK(p.predict(X2) == b.y);

  // Before fit, the first transformer says so.
  auto unfitted = make_pipeline(StandardScaler(), NearestMean());
  CHECK_THROWS_WITH_AS(unfitted.predict(b.X),
                       doctest::Contains("StandardScaler::transform: this StandardScaler is not "
                                         "fitted yet"),
                       sklite::NotFittedError);
}

TEST_CASE("Pipeline: scaler and SVC equal to scikit-learn's Pipeline") {
  const Json fixture = load_fixture("preprocessing/pipeline.json");
  const Split d{to_matrix(fixture["X_train"]), to_matrix(fixture["X_test"]),
                to_vector<int>(fixture["y_train"]), to_vector<int>(fixture["y_test"])};
  sklite::SVCParams svc_params;
  svc_params.C = 10.0;
  svc_params.gamma = 0.1;
  MinMaxScalerParams minmax_params;
  minmax_params.feature_range = {-1.0, 1.0};
  for (const auto& c : fixture["cases"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    if (name == "standard") {
      // SVC's parameters set through the pipeline, by name.
      Pipeline<StandardScaler, sklite::SVC> p({"scaler", StandardScaler()}, {"svc", sklite::SVC()});
      p.set_params(ParamMap{{"svc__C", 10.0}, {"svc__gamma", 0.1}});
      const ParamMap params = p.get_params();
      CHECK(params.at("svc__C") == ParamValue(10.0));
      CHECK(params.at("svc__gamma") == ParamValue(0.1));
      CHECK(params.at("scaler__with_mean") == ParamValue(true));
      CHECK(params.size() == p.final_estimator().get_params().size() + 2);
      CHECK_THROWS_WITH_AS(p.set_params("svc__Cc", 1.0),
                           doctest::Contains("SVC has no parameter 'Cc'"), std::invalid_argument);
      check_svc_pipeline(p, d, c);
    } else {
      check_svc_pipeline(
          Pipeline<MinMaxScaler, sklite::SVC>({"scaler", MinMaxScaler(minmax_params)},
                                              {"svc", sklite::SVC(svc_params)}),
          d, c);
    }
  }
}

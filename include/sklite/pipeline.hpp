// sklite: Pipeline and make_pipeline (scikit-learn's sklearn.pipeline): transformers chained
// before a final estimator, fitted and applied as one estimator, with parameters named
// step__parameter.
#ifndef SKLITE_PIPELINE_HPP
#define SKLITE_PIPELINE_HPP

#include <Eigen/Core>
#include <array>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sklite/detail/validation.hpp"
#include "sklite/params.hpp"

namespace sklite {

namespace detail {

/// T::is_classifier when T declares it, else false.
template <typename T, typename = void>
struct declares_classifier : std::false_type {};
template <typename T>
struct declares_classifier<T, std::void_t<decltype(T::is_classifier)>>
    : std::bool_constant<static_cast<bool>(T::is_classifier)> {};

/// make_pipeline's names: each estimator's name in lower case; a name that occurs more than once
/// gets "-1", "-2", ... in the order of the steps (scikit-learn's _name_estimators).
template <std::size_t N>
std::array<std::string, N> pipeline_step_names(const std::array<std::string, N>& class_names) {
  std::array<std::string, N> names;
  for (std::size_t i = 0; i < N; ++i) {
    std::string lower = class_names[i];
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names[i] = std::move(lower);
  }
  const std::array<std::string, N> plain = names;
  for (std::size_t i = 0; i < N; ++i) {
    std::size_t total = 0, before = 0;
    for (std::size_t k = 0; k < N; ++k)
      if (plain[k] == plain[i]) {
        ++total;
        if (k <= i) ++before;
      }
    if (total > 1) {
      names[i] += '-';
      names[i] += std::to_string(before);
    }
  }
  return names;
}

}  // namespace detail

/// @brief A chain of steps used as one estimator (scikit-learn's `sklearn.pipeline.Pipeline`):
/// every step but the last transforms the data for the next, the last is the estimator.
///
/// Each step is held by value, with a name. `fit(X, y)` fits each transformer in turn by
/// `fit_transform` on the previous one's output, then the final estimator on the last output;
/// `predict`, `decision_function`, `predict_proba`, `predict_log_proba` and `score` pass X through
/// every transformer's `transform` and call the final estimator's method of that name. Parameters
/// are named `step__parameter` ("svc__C"), as in scikit-learn, so that a grid search can tune any
/// step.
///
/// What the steps need, checked when a method is used (a pipeline ending in a regressor has no
/// predict_proba, and compiles as long as nothing calls it):
/// - transformers: `fit_transform(X)` and `transform(X) const`, returning an Eigen::MatrixXd
///   (`inverse_transform(X) const` for the pipeline's inverse_transform);
/// - the final estimator: `fit(X, y)` (or `fit(X)`), and the methods called on the pipeline;
/// - for get_params and set_params: `get_params()` returning a ParamMap and
///   `set_params(name, value)` on every step; for make_pipeline, a static `estimator_name()`.
///
/// fit gives the strong guarantee: the steps are fitted as copies, which replace the pipeline's
/// steps only when every step has succeeded. A Pipeline is copyable when its steps are.
/// @code
/// auto model = sklite::make_pipeline(sklite::StandardScaler(), sklite::SVC());
/// model.set_params("svc__C", 10.0);                 // names: "standardscaler", "svc"
/// model.fit(X_train, y_train);
/// Eigen::VectorXi y_pred = model.predict(X_test);   // scaled with the training mean and scale
/// @endcode
template <typename... Steps>
class Pipeline {
  static_assert(sizeof...(Steps) >= 1, "sklite::Pipeline needs at least one step");
  static_assert((std::is_same_v<Steps, std::decay_t<Steps>> && ...),
                "sklite::Pipeline holds its steps by value: name plain types");

 public:
  /// The number of steps.
  static constexpr std::size_t n_steps = sizeof...(Steps);
  using steps_type = std::tuple<Steps...>;
  using names_type = std::array<std::string, n_steps>;
  /// The type of step I.
  template <std::size_t I>
  using step_type = std::tuple_element_t<I, steps_type>;
  /// The type of the last step.
  using final_estimator_type = step_type<n_steps - 1>;
  /// True when the last step is a classifier (declares `is_classifier = true`), as scikit-learn's
  /// is_classifier(pipeline); decides, for instance, a grid search's default folds.
  static constexpr bool is_classifier = detail::declares_classifier<final_estimator_type>::value;

  /// @brief Steps with names given: `Pipeline<StandardScaler, SVC> p({"scaler", StandardScaler()},
  /// {"svc", SVC(params)});`.
  /// @throws std::invalid_argument for an empty name, a name containing "__" or a name given
  ///   twice
  explicit Pipeline(std::pair<std::string, Steps>... steps)
      : steps_(std::move(steps.second)...), names_{std::move(steps.first)...} {
    check_names();
  }

  /// @brief Steps with their names in a separate array (what make_pipeline calls).
  /// @throws std::invalid_argument as the constructor above
  Pipeline(names_type names, Steps... steps)
      : steps_(std::move(steps)...), names_(std::move(names)) {
    check_names();
  }

  /// The class name, as scikit-learn prints it ("Pipeline").
  static const char* estimator_name() { return "Pipeline"; }

  /// The steps' names, in order.
  const names_type& names() const noexcept { return names_; }

  /// Step I (scikit-learn's `pipeline[I]`).
  template <std::size_t I>
  step_type<I>& step() noexcept {
    return std::get<I>(steps_);
  }
  template <std::size_t I>
  const step_type<I>& step() const noexcept {
    return std::get<I>(steps_);
  }

  /// @brief The step of this name and type T (scikit-learn's `named_steps[name]`).
  /// @throws std::invalid_argument when no step has this name, or it is not a T
  template <typename T>
  const T& get(std::string_view name) const {
    const T* found = nullptr;
    bool named = false;
    for_each_step([&](auto index) {
      constexpr std::size_t I = decltype(index)::value;
      if (names_[I] != name) return;
      named = true;
      if constexpr (std::is_same_v<step_type<I>, T>) found = &std::get<I>(steps_);
    });
    if (!named)
      detail::throw_invalid("Pipeline::get", "Pipeline has no step '", name, "'; its steps are ",
                            detail::join_names(names_));
    if (found == nullptr)
      detail::throw_invalid("Pipeline::get", "step '", name,
                            "' is not of the type requested; use step<I>() for its own type");
    return *found;
  }
  template <typename T>
  T& get(std::string_view name) {
    return const_cast<T&>(std::as_const(*this).template get<T>(name));
  }

  /// The last step (scikit-learn's `_final_estimator`).
  final_estimator_type& final_estimator() noexcept { return std::get<n_steps - 1>(steps_); }
  const final_estimator_type& final_estimator() const noexcept {
    return std::get<n_steps - 1>(steps_);
  }

  /// @brief Every step's parameters, named "step__parameter" (a nested pipeline's
  /// "outer__inner__parameter").
  ParamMap get_params() const {
    ParamMap out;
    for_each_step([&](auto index) {
      constexpr std::size_t I = decltype(index)::value;
      for (const auto& [name, value] : std::get<I>(steps_).get_params())
        out.emplace(names_[I] + "__" + name, value);
    });
    return out;
  }

  /// @brief Sets parameter `name` of a step, named "step__parameter": `set_params("svc__C", 10.0)`.
  /// @throws std::invalid_argument when the name has no "__", names no step, or the step refuses
  ///   the parameter or value (its own message); the pipeline is then unchanged
  Pipeline& set_params(const std::string& name, const ParamValue& value) {
    set_step_param(steps_, names_, name, value);
    return *this;
  }

  /// @brief Sets several parameters, all or none.
  /// @throws std::invalid_argument as set_params(name, value), leaving every step unchanged
  Pipeline& set_params(const ParamMap& params) {
    steps_type changed = steps_;
    for (const auto& [name, value] : params) set_step_param(changed, names_, name, value);
    steps_ = std::move(changed);
    return *this;
  }

  /// @brief Fits every transformer by fit_transform on the previous output, then the final
  /// estimator on the last output and y.
  /// @param y the targets, in any form the final estimator's fit takes (Eigen vector or
  ///   std::vector of labels)
  /// @return `*this`
  /// @throws whatever a step throws; the pipeline is then unchanged
  template <typename Derived, typename Y>
  Pipeline& fit(const Eigen::MatrixBase<Derived>& X, const Y& y) {
    steps_type fitted = steps_;
    if constexpr (n_steps == 1)
      std::get<0>(fitted).fit(X, y);
    else
      std::get<n_steps - 1>(fitted).fit(fit_transform_head<0>(fitted, X), y);
    steps_ = std::move(fitted);
    return *this;
  }

  /// @brief fit without targets, for a final estimator fitted on X alone (a transformer, a
  /// one-class estimator).
  template <typename Derived>
  Pipeline& fit(const Eigen::MatrixBase<Derived>& X) {
    steps_type fitted = steps_;
    if constexpr (n_steps == 1)
      std::get<0>(fitted).fit(X);
    else
      std::get<n_steps - 1>(fitted).fit(fit_transform_head<0>(fitted, X));
    steps_ = std::move(fitted);
    return *this;
  }

  /// @brief The final estimator's predict on X transformed by every transformer.
  template <typename Derived>
  auto predict(const Eigen::MatrixBase<Derived>& X) const {
    return on_transformed(X, [](const auto& last, const auto& Xt) { return last.predict(Xt); });
  }

  /// @brief The final estimator's decision_function on the transformed X.
  template <typename Derived>
  auto decision_function(const Eigen::MatrixBase<Derived>& X) const {
    return on_transformed(
        X, [](const auto& last, const auto& Xt) { return last.decision_function(Xt); });
  }

  /// @brief The final estimator's predict_proba on the transformed X.
  template <typename Derived>
  auto predict_proba(const Eigen::MatrixBase<Derived>& X) const {
    return on_transformed(X,
                          [](const auto& last, const auto& Xt) { return last.predict_proba(Xt); });
  }

  /// @brief The final estimator's predict_log_proba on the transformed X.
  template <typename Derived>
  auto predict_log_proba(const Eigen::MatrixBase<Derived>& X) const {
    return on_transformed(
        X, [](const auto& last, const auto& Xt) { return last.predict_log_proba(Xt); });
  }

  /// @brief The final estimator's score on the transformed X and y (accuracy for a classifier,
  /// R² for a regressor).
  template <typename Derived, typename Y>
  auto score(const Eigen::MatrixBase<Derived>& X, const Y& y) const {
    return on_transformed(X, [&y](const auto& last, const auto& Xt) { return last.score(Xt, y); });
  }

  /// @brief X through every step's transform, the last included (a pipeline of transformers).
  template <typename Derived>
  Eigen::MatrixXd transform(const Eigen::MatrixBase<Derived>& X) const {
    return on_transformed(
        X, [](const auto& last, const auto& Xt) -> Eigen::MatrixXd { return last.transform(Xt); });
  }

  /// @brief Fits every step by fit_transform in turn and returns the last output.
  /// @throws whatever a step throws; the pipeline is then unchanged
  template <typename Derived>
  Eigen::MatrixXd fit_transform(const Eigen::MatrixBase<Derived>& X) {
    steps_type fitted = steps_;
    Eigen::MatrixXd Z;
    if constexpr (n_steps == 1)
      Z = std::get<0>(fitted).fit_transform(X);
    else
      Z = std::get<n_steps - 1>(fitted).fit_transform(fit_transform_head<0>(fitted, X));
    steps_ = std::move(fitted);
    return Z;
  }

  /// @brief X through every step's inverse_transform, last step first.
  template <typename Derived>
  Eigen::MatrixXd inverse_transform(const Eigen::MatrixBase<Derived>& X) const {
    return inverse_from<n_steps - 1>(X);
  }

  /// The final estimator's classes (a classifier's `classes()`).
  decltype(auto) classes() const { return final_estimator().classes(); }

  /// The number of features the first step saw at fit.
  auto n_features_in() const { return std::get<0>(steps_).n_features_in(); }

  /// True when the final estimator is fitted.
  bool is_fitted() const { return final_estimator().is_fitted(); }

 private:
  template <typename F>
  static void for_each_step(F&& f) {
    for_each_step(f, std::make_index_sequence<n_steps>{});
  }
  template <typename F, std::size_t... I>
  static void for_each_step(F& f, std::index_sequence<I...> /*indices*/) {
    (f(std::integral_constant<std::size_t, I>{}), ...);
  }

  void check_names() const {
    for (std::size_t i = 0; i < n_steps; ++i) {
      if (names_[i].empty())
        detail::throw_invalid("Pipeline", "step names must not be empty; step ", i, " has none");
      if (names_[i].find("__") != std::string::npos)
        detail::throw_invalid("Pipeline", "step names must not contain '__' (it separates a step ",
                              "from its parameter); got '", names_[i], "'");
      for (std::size_t k = 0; k < i; ++k)
        if (names_[k] == names_[i])
          detail::throw_invalid("Pipeline", "step names must be unique; '", names_[i],
                                "' names steps ", k, " and ", i);
    }
  }

  static void set_step_param(steps_type& steps, const names_type& names, const std::string& name,
                             const ParamValue& value) {
    const char* fn = "Pipeline::set_params";
    const std::size_t split = name.find("__");
    if (split == std::string::npos)
      detail::throw_invalid(fn, "Pipeline has no parameter '", name,
                            "'; name a step's parameter as step__parameter, with a step of ",
                            detail::join_names(names));
    const std::string step = name.substr(0, split);
    const std::string parameter = name.substr(split + 2);
    bool found = false;
    for_each_step([&](auto index) {
      constexpr std::size_t I = decltype(index)::value;
      if (found || names[I] != step) return;
      found = true;
      std::get<I>(steps).set_params(parameter, value);
    });
    if (!found)
      detail::throw_invalid(fn, "Pipeline has no step '", step, "' (in '", name,
                            "'); its steps are ", detail::join_names(names));
  }

  // Steps I to n_steps - 2 fitted by fit_transform, each on the previous one's output.
  template <std::size_t I, typename Derived>
  static Eigen::MatrixXd fit_transform_head(steps_type& steps,
                                            const Eigen::MatrixBase<Derived>& X) {
    Eigen::MatrixXd Xt = std::get<I>(steps).fit_transform(X);
    if constexpr (I + 2 < n_steps)
      return fit_transform_head<I + 1>(steps, Xt);
    else
      return Xt;
  }

  // Steps I to n_steps - 2 applied by transform.
  template <std::size_t I, typename Derived>
  Eigen::MatrixXd transform_head(const Eigen::MatrixBase<Derived>& X) const {
    Eigen::MatrixXd Xt = std::get<I>(steps_).transform(X);
    if constexpr (I + 2 < n_steps)
      return transform_head<I + 1>(Xt);
    else
      return Xt;
  }

  // call(final estimator, X transformed by every transformer).
  template <typename Derived, typename F>
  auto on_transformed(const Eigen::MatrixBase<Derived>& X, F&& call) const {
    if constexpr (n_steps == 1) {
      return call(final_estimator(), X);
    } else {
      const Eigen::MatrixXd Xt = transform_head<0>(X);
      return call(final_estimator(), Xt);
    }
  }

  template <std::size_t I, typename Derived>
  Eigen::MatrixXd inverse_from(const Eigen::MatrixBase<Derived>& X) const {
    Eigen::MatrixXd Xt = std::get<I>(steps_).inverse_transform(X);
    if constexpr (I == 0)
      return Xt;
    else
      return inverse_from<I - 1>(Xt);
  }

  steps_type steps_;
  names_type names_;
};

/// @brief A Pipeline whose steps are named after their classes, in lower case ("standardscaler",
/// "svc"); a class used twice gives "standardscaler-1", "standardscaler-2" (scikit-learn's
/// make_pipeline).
/// @code
/// auto model = sklite::make_pipeline(sklite::MinMaxScaler(), sklite::SVC());
/// model.fit(X, y);
/// @endcode
template <typename... Steps>
Pipeline<std::decay_t<Steps>...> make_pipeline(Steps&&... steps) {
  const std::array<std::string, sizeof...(Steps)> class_names{
      std::string(std::decay_t<Steps>::estimator_name())...};
  return Pipeline<std::decay_t<Steps>...>(detail::pipeline_step_names(class_names),
                                          std::forward<Steps>(steps)...);
}

}  // namespace sklite

#endif  // SKLITE_PIPELINE_HPP

// sklite: the SVM estimators' parameters by scikit-learn's names (get_params, set_params by name),
// one list of fields per parameter struct.
#ifndef SKLITE_SVM_DETAIL_NAMED_PARAMS_HPP
#define SKLITE_SVM_DETAIL_NAMED_PARAMS_HPP

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sklite/kernels.hpp"
#include "sklite/params.hpp"
#include "sklite/svm/params.hpp"

namespace sklite::svm::detail {

using sklite::detail::param_bool;
using sklite::detail::param_integer;
using sklite::detail::param_name;
using sklite::detail::param_number;

// ---- One field's value as a ParamValue, and back.

inline ParamValue to_param(double v) { return v; }
inline ParamValue to_param(int v) { return v; }
inline ParamValue to_param(long long v) { return v; }
inline ParamValue to_param(bool v) { return v; }
inline ParamValue to_param(const std::optional<double>& v) { return v ? ParamValue(*v) : nullptr; }
inline ParamValue to_param(const std::optional<std::uint32_t>& v) {
  return v ? ParamValue(static_cast<long long>(*v)) : nullptr;
}
inline ParamValue to_param(const Gamma& g) {
  switch (g.kind()) {
    case Gamma::Kind::value:
      return g.value();
    case Gamma::Kind::automatic:
      return "auto";
    case Gamma::Kind::scale:
      return "scale";
    default:
      return g.name();
  }
}
inline ParamValue to_param(DecisionFunctionShape s) {
  return s == DecisionFunctionShape::ovr ? "ovr" : "ovo";
}
/// A weight per class has no ParamValue: it reads as its Python text, {0: 1.0, 1: 2.0}.
inline ParamValue to_param(const ClassWeight& w) {
  if (w.is_none()) return nullptr;
  if (w.is_named()) return w.name();
  std::string text;
  for (const auto& [label, weight] : w.weights())
    text += sklite::detail::concat(text.empty() ? "{" : ", ", label, ": ",
                                   ParamValue::number_repr(weight));
  return text + "}";
}

inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       double& field) {
  field = param_number(fn, name, v);
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       long long& field) {
  field = param_integer(fn, name, v);
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       int& field) {
  const long long value = param_integer(fn, name, v);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
    sklite::detail::throw_invalid(fn, "parameter '", name, "' is out of range; got ", value);
  field = static_cast<int>(value);
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       bool& field) {
  field = param_bool(fn, name, v);
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       std::optional<double>& field) {
  field = v.is_none() ? std::optional<double>() : param_number(fn, name, v);
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       std::optional<std::uint32_t>& field) {
  if (v.is_none()) {
    field.reset();
    return;
  }
  const long long seed = param_integer(fn, name, v);
  if (seed < 0 || seed > std::numeric_limits<std::uint32_t>::max())
    sklite::detail::throw_invalid(fn, "parameter '", name,
                                  "' must be None or an integer in [0, 4294967295]; got ", seed);
  field = static_cast<std::uint32_t>(seed);
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       KernelSpec& field) {
  field = KernelSpec(param_name(fn, name, v));
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       Gamma& field) {
  field = v.is_name() ? Gamma(std::string_view(v.name())) : Gamma(param_number(fn, name, v));
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       ClassWeight& field) {
  // A weight per class is set through the parameter struct (set_params(Params)).
  field = v.is_none() ? ClassWeight() : ClassWeight(param_name(fn, name, v).c_str());
}
inline void from_param(std::string_view fn, std::string_view name, const ParamValue& v,
                       DecisionFunctionShape& field) {
  const std::string& shape = param_name(fn, name, v);
  if (shape != "ovr" && shape != "ovo")
    sklite::detail::throw_invalid(fn, "decision_function_shape must be 'ovr' or 'ovo'; got '",
                                  shape, "'");
  field = shape == "ovr" ? DecisionFunctionShape::ovr : DecisionFunctionShape::ovo;
}

// ---- The named fields of each parameter struct: f(name, field) for each, scikit-learn's names
// first, then sklite's own that have a value a grid can hold (n_jobs, max_seconds, warm_start).
// The kernel is named apart, since a typed estimator's kernel comes from its type.

template <typename P, typename F>
void common_fields(P& p, F&& f) {
  f("cache_size", p.cache_size);
  f("coef0", p.coef0);
  f("degree", p.degree);
  f("gamma", p.gamma);
  f("max_iter", p.max_iter);
  f("shrinking", p.shrinking);
  f("tol", p.tol);
  f("verbose", p.verbose);
  f("n_jobs", p.n_jobs);
  f("max_seconds", p.max_seconds);
  f("warm_start", p.warm_start);
}

template <typename P, typename F>
void classifier_fields(P& p, F&& f) {
  f("break_ties", p.break_ties);
  f("class_weight", p.class_weight);
  f("decision_function_shape", p.decision_function_shape);
  f("probability", p.probability);
  f("random_state", p.random_state);
  common_fields(p, f);
}

template <typename P, typename F>
std::enable_if_t<std::is_same_v<std::remove_const_t<P>, SVCParams>> visit_fields(P& p, F&& f) {
  f("C", p.C);
  classifier_fields(p, f);
}
template <typename P, typename F>
std::enable_if_t<std::is_same_v<std::remove_const_t<P>, NuSVCParams>> visit_fields(P& p, F&& f) {
  f("nu", p.nu);
  classifier_fields(p, f);
}
template <typename P, typename F>
std::enable_if_t<std::is_same_v<std::remove_const_t<P>, OneClassSVMParams>> visit_fields(P& p,
                                                                                         F&& f) {
  f("nu", p.nu);
  common_fields(p, f);
}
template <typename P, typename F>
std::enable_if_t<std::is_same_v<std::remove_const_t<P>, SVRParams>> visit_fields(P& p, F&& f) {
  f("C", p.C);
  f("epsilon", p.epsilon);
  common_fields(p, f);
}
template <typename P, typename F>
std::enable_if_t<std::is_same_v<std::remove_const_t<P>, NuSVRParams>> visit_fields(P& p, F&& f) {
  f("C", p.C);
  f("nu", p.nu);
  common_fields(p, f);
}

/// The parameters of p by name, "kernel" included (`kernel` is the estimator's kernel name).
template <typename P>
ParamMap named_params(const P& p, const std::string& kernel) {
  ParamMap map;
  visit_fields(p, [&](const char* name, const auto& field) { map[name] = to_param(field); });
  map["kernel"] = kernel;
  return map;
}

/// Sets parameter `name` of p to `value`; false when p has no such parameter.
/// @throws std::invalid_argument for a value of the wrong kind
template <typename P>
bool set_named_param(std::string_view fn, P& p, std::string_view name, const ParamValue& value) {
  bool found = false;
  if (name == "kernel") {
    from_param(fn, name, value, p.kernel);
    return true;
  }
  visit_fields(p, [&](const char* field_name, auto& field) {
    if (!found && name == field_name) {
      from_param(fn, name, value, field);
      found = true;
    }
  });
  return found;
}

/// The names set_named_param takes, alphabetically.
template <typename P>
std::vector<std::string> param_names(const P& p) {
  std::vector<std::string> names;
  for (const auto& entry : named_params(p, "")) names.push_back(entry.first);
  return names;
}

}  // namespace sklite::svm::detail

#endif  // SKLITE_SVM_DETAIL_NAMED_PARAMS_HPP

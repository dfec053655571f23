// Test support: SVM estimator parameters from a fixture's "params" object (the keys scikit-learn's
// constructors take, as tests/fixtures/gen_svc.py and gen_svm_family.py write them).
#ifndef SKLITE_TESTS_SUPPORT_SVM_PARAMS_HPP
#define SKLITE_TESTS_SUPPORT_SVM_PARAMS_HPP

#include <map>
#include <nlohmann/json.hpp>
#include <sklite/svm/params.hpp>
#include <string>

namespace sklite::testing {

/// The parameters a fixture names, on top of the defaults of Params.
template <typename Params>
Params params_from_json(const nlohmann::json& p) {
  Params params;
  params.kernel = p["kernel"].get<std::string>();
  params.degree = p["degree"].get<int>();
  if (p["gamma"].is_string())
    params.gamma = sklite::Gamma(p["gamma"].get<std::string>());
  else
    params.gamma = p["gamma"].get<double>();
  params.coef0 = p["coef0"].get<double>();
  params.tol = p["tol"].get<double>();
  params.shrinking = p["shrinking"].get<bool>();
  params.cache_size = p["cache_size"].get<double>();
  params.max_iter = p["max_iter"].get<long long>();
  if constexpr (requires { params.C; }) params.C = p["C"].get<double>();
  if constexpr (requires { params.nu; }) params.nu = p["nu"].get<double>();
  if constexpr (requires { params.epsilon; }) params.epsilon = p["epsilon"].get<double>();
  if constexpr (requires { params.class_weight; }) {
    if (p["class_weight"].is_string()) {
      params.class_weight = sklite::ClassWeight::balanced();
    } else if (p["class_weight"].is_object()) {
      std::map<int, double> weights;
      for (const auto& [label, weight] : p["class_weight"].items())
        weights[std::stoi(label)] = weight.template get<double>();
      params.class_weight = weights;
    }
    params.decision_function_shape = p["decision_function_shape"] == "ovo"
                                         ? sklite::DecisionFunctionShape::ovo
                                         : sklite::DecisionFunctionShape::ovr;
    params.break_ties = p["break_ties"].get<bool>();
  }
  return params;
}

}  // namespace sklite::testing

#endif  // SKLITE_TESTS_SUPPORT_SVM_PARAMS_HPP

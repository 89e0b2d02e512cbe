#pragma once
/// Usage figures of one site (calls per month, input and output tokens, the output ceiling), each
/// with its source, by the precedence of usage_file.h ending in the built-in defaults of
/// defaults.h. Internal to the cost stage.
#include "cost/cost_model.h"

namespace llmspend::cost {

/// Fills `out.calls_per_month`, `input_tokens`, `output_tokens`, `output_tokens_ceiling` and the
/// assumptions they used; returns the usage lookup for the tier shares.
UsageLookup fill_figures(CostedSite& out, const CostContext& ctx);

/// Records a built-in default that priced `out` (once per key and value).
void assume(CostedSite& out, std::string key, std::variant<int64_t, std::string> value);

}  // namespace llmspend::cost

#include "cost/reasoning.h"

#include <array>

#include <fmt/format.h>

#include "cost/defaults.h"

namespace llmspend::cost {
namespace {

struct EffortTokens {
  std::string_view effort;
  int64_t tokens;
};

// Typical reasoning lengths of ordinary requests per effort level; hard problems use far more
// (the output ceiling bounds them). Users replace them through `output_tokens` in the usage file.
constexpr std::array<EffortTokens, 5> kEffortTokens = {{
    {"none", 0}, {"minimal", 100}, {"low", 1'000}, {"medium", 2'500}, {"high", 8'000},
}};

/// The entry of `effort`; an unknown level ("auto", "xhigh", a typo) is priced as medium.
const EffortTokens& effort_entry(std::string_view effort) {
  for (const EffortTokens& e : kEffortTokens) {
    if (e.effort == effort) return e;
  }
  return kEffortTokens[3];
}

ReasoningEstimate from_effort(std::string_view effort, std::string source) {
  const EffortTokens& e = effort_entry(effort);
  return {e.tokens, std::move(source), fmt::format("reasoning_tokens_default.{}", e.effort),
          e.tokens};
}

/// `model` without a routing prefix (`openai/`, `google/`, `models/` …).
std::string_view base_name(std::string_view model) {
  const size_t slash = model.rfind('/');
  return slash == std::string_view::npos ? model : model.substr(slash + 1);
}

bool is_series(std::string_view m, std::string_view series) {
  return m == series || (m.starts_with(series) && m.substr(series.size()).starts_with('-'));
}

std::optional<ReasoningEstimate> from_budget(int64_t budget) {
  if (budget == 0) return std::nullopt;  // thinking switched off
  if (budget < 0) return from_effort("medium", "thinking_budget");
  return ReasoningEstimate{budget * kThinkingBudgetSharePercent / 100, "thinking_budget",
                           "reasoning_budget_share_percent", kThinkingBudgetSharePercent};
}

}  // namespace

bool reasons_by_default(std::string_view model) {
  const std::string_view m = base_name(model);
  if (is_series(m, "o1") || is_series(m, "o3") || is_series(m, "o4")) return true;
  if (m.starts_with("gpt-5") && !m.starts_with("gpt-5-chat")) return true;
  if (m.starts_with("gpt-oss") || m.starts_with("deepseek-reasoner")) return true;
  if (m.starts_with("gemini-3")) return true;
  return (m.starts_with("gemini-2.5-pro") || m.starts_with("gemini-2.5-flash")) &&
         !m.starts_with("gemini-2.5-flash-lite");
}

int64_t reasoning_tokens_for_effort(std::string_view effort) { return effort_entry(effort).tokens; }

std::optional<ReasoningEstimate> estimate_reasoning(const resolve::ResolvedSite& site,
                                                   std::string_view model) {
  if (site.thinking_budget_tokens) return from_budget(*site.thinking_budget_tokens);
  if (site.reasoning_effort) {
    ReasoningEstimate e = from_effort(*site.reasoning_effort, "reasoning_effort");
    if (e.tokens == 0) return std::nullopt;
    return e;
  }
  if (!reasons_by_default(model)) return std::nullopt;
  return from_effort("medium", "reasoning_model_default");
}

}  // namespace llmspend::cost

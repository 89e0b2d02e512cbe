#pragma once
/// Reasoning ("thinking") tokens: billed like output, never shown in the answer. Expected per
/// call from what the code sets (`reasoning_effort`, a thinking budget) or, for models that
/// always reason, from the default effort. Every figure here is a documented default
/// (docs/usage-model.md, "Reasoning tokens").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "resolve/resolved_site.h"

namespace llmspend::cost {

/// Expected reasoning tokens of one call before the output cap, and why.
struct ReasoningEstimate {
  int64_t tokens = 0;
  std::string source;      ///< reasoning_effort | thinking_budget | reasoning_model_default
  std::string assumption;  ///< report `assumptions` key of the default used
  int64_t assumed = 0;     ///< its value
};

/// Models that reason on every call unless told otherwise: OpenAI o1/o3/o4 and gpt-5 (not
/// gpt-5-chat), gpt-oss, DeepSeek reasoner, Gemini 2.5 Pro/Flash (not Flash-Lite) and Gemini 3.
bool reasons_by_default(std::string_view model);

/// Tokens for an effort level (none, minimal, low, medium, high; anything else is medium).
int64_t reasoning_tokens_for_effort(std::string_view effort);

/// The estimate for `site` priced as `model`; nullopt when the call does not reason.
std::optional<ReasoningEstimate> estimate_reasoning(const resolve::ResolvedSite& site,
                                                   std::string_view model);

}  // namespace llmspend::cost

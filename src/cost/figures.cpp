#include "cost/figures.h"

#include <algorithm>

#include <fmt/format.h>

#include "cost/defaults.h"

namespace llmspend::cost {
namespace {

void assume(CostedSite& out, std::string key, std::variant<int64_t, std::string> value) {
  Assumption a{std::move(key), std::move(value)};
  if (std::find(out.assumptions.begin(), out.assumptions.end(), a) == out.assumptions.end()) {
    out.assumptions.push_back(std::move(a));
  }
}

void fill_calls(CostedSite& out, const UsageLookup& u) {
  out.calls_per_month = u.calls_per_month;
  if (out.calls_per_month.value) return;
  out.calls_per_month = {kDefaultCallsPerMonth, "default"};
  assume(out, "calls_per_month_default", kDefaultCallsPerMonth);
}

int64_t literal_prompt_tokens(const resolve::ResolvedSite& site) {
  int64_t total = 0;
  for (const std::string& text : site.prompt_texts) total += approx_tokens(text);
  return total + site.prompt_holes * kPromptHoleTokens;
}

void fill_input(CostedSite& out, const UsageLookup& u, const ApiProfile& p) {
  out.input_tokens = u.input_tokens;
  if (out.input_tokens.value) return;
  if (!out.site.prompt_texts.empty()) {
    out.input_tokens = {literal_prompt_tokens(out.site), "literal_prompt_approx"};
    assume(out, "input_tokens_estimate", fmt::format("characters/{} of literal prompt text "
                                                     "(approximate)", kCharsPerToken));
    if (out.site.prompt_holes > 0) assume(out, "prompt_hole_tokens", kPromptHoleTokens);
    return;
  }
  out.input_tokens = {p.input_tokens, "default"};
  assume(out, fmt::format("input_tokens_default.{}", p.api), p.input_tokens);
}

void fill_output(CostedSite& out, const UsageLookup& u, const ApiProfile& p) {
  const auto& cap = out.site.max_output_tokens;
  out.output_tokens_ceiling = p.input_only ? std::optional<int64_t>(0) : cap;
  out.output_tokens = u.output_tokens;
  if (out.output_tokens.value) return;
  if (p.input_only) {
    out.output_tokens = {0, "input_only_api"};
  } else if (cap && *cap <= p.output_tokens) {
    out.output_tokens = {*cap, "max_tokens"};
  } else {
    out.output_tokens = {p.output_tokens, "default"};
    assume(out, fmt::format("output_tokens_default.{}", p.api), p.output_tokens);
  }
}

}  // namespace

UsageLookup fill_figures(CostedSite& out, const CostContext& ctx) {
  const resolve::ResolvedSite& s = out.site;
  SiteKey key{s.id, s.path, s.api, s.provider, s.model.value_or("")};
  UsageLookup u = lookup_usage(ctx.usage, ctx.config ? &ctx.config->usage : nullptr, key);
  fill_calls(out, u);
  if (const ApiProfile* p = api_profile(s.api)) {
    fill_input(out, u, *p);
    fill_output(out, u, *p);
    return u;
  }
  // Units of this API (images, audio, …) are not modelled: only what the usage file states.
  out.input_tokens = u.input_tokens.value ? u.input_tokens : Sourced<int64_t>{{}, "not_modelled"};
  out.output_tokens = u.output_tokens.value ? u.output_tokens : Sourced<int64_t>{{}, "not_modelled"};
  return u;
}

}  // namespace llmspend::cost

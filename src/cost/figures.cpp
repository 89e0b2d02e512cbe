#include "cost/figures.h"

#include <algorithm>

#include <fmt/format.h>

#include "cost/defaults.h"
#include "cost/reasoning.h"
#include "cost/tokenizer/token_count.h"

namespace llmspend::cost {
namespace {

void fill_calls(CostedSite& out, const UsageLookup& u) {
  out.calls_per_month = u.calls_per_month;
  if (out.calls_per_month.value) return;
  out.calls_per_month = {kDefaultCallsPerMonth, "default"};
  assume(out, "calls_per_month_default", kDefaultCallsPerMonth);
}

/// Every model the site may be priced as (one, or its candidates).
std::vector<std::string> site_models(const resolve::ResolvedSite& s) {
  return s.model ? std::vector<std::string>{*s.model} : s.model_candidates;
}

/// The encoding shared by every model of the site; nullopt when one has none or they differ.
std::optional<Encoding> site_encoding(const resolve::ResolvedSite& s) {
  std::optional<Encoding> shared;
  for (const std::string& m : site_models(s)) {
    auto e = encoding_for_model(m);
    if (!e || (shared && *shared != *e)) return std::nullopt;
    shared = e;
  }
  return shared;
}

Sourced<int64_t> literal_prompt_tokens(CostedSite& out) {
  const resolve::ResolvedSite& s = out.site;
  const std::optional<Encoding> encoding = site_encoding(s);
  int64_t total = s.prompt_holes * kPromptHoleTokens;
  for (const std::string& text : s.prompt_texts) {
    total += encoding ? count_tokens(text, *encoding) : approx_tokens(text);
  }
  if (s.prompt_holes > 0) assume(out, "prompt_hole_tokens", kPromptHoleTokens);
  if (encoding) {
    assume(out, fmt::format("input_tokens_exact.{}", encoding_name(*encoding)),
           fmt::format("BPE count of literal prompt text ({} ranks)", kTokenizerPackage));
    return {total, "literal_prompt"};
  }
  assume(out, "input_tokens_estimate",
         fmt::format("characters/{} of literal prompt text (approximate)", kCharsPerToken));
  return {total, "literal_prompt_approx"};
}

void fill_input(CostedSite& out, const UsageLookup& u, const ApiProfile& p) {
  out.input_tokens = u.input_tokens;
  if (out.input_tokens.value) return;
  if (!out.site.prompt_texts.empty()) {
    out.input_tokens = literal_prompt_tokens(out);
    return;
  }
  out.input_tokens = {p.input_tokens, "default"};
  assume(out, fmt::format("input_tokens_default.{}", p.api), p.input_tokens);
}

/// The reasoning estimate of the model the site is priced as first (the first that reasons).
std::optional<ReasoningEstimate> site_reasoning(const resolve::ResolvedSite& s) {
  for (const std::string& m : site_models(s)) {
    if (auto r = estimate_reasoning(s, m)) return r;
  }
  return std::nullopt;
}

/// Reasoning comes first and the cap (which covers reasoning and answer alike) bounds it; the
/// visible answer gets what the cap leaves.
void fill_reasoning(CostedSite& out, const UsageLookup& u, const ApiProfile& p) {
  if (p.input_only) return;
  auto r = site_reasoning(out.site);
  if (!r) return;
  if (u.output_tokens.value) {
    out.reasoning_tokens = {std::nullopt, "included_in_output_tokens"};
    return;
  }
  const auto& cap = out.site.max_output_tokens;
  out.reasoning_tokens = {r->tokens, r->source};
  if (cap && *cap < r->tokens) out.reasoning_tokens = {*cap, "max_tokens"};
  else assume(out, r->assumption, r->assumed);
}

void fill_output(CostedSite& out, const UsageLookup& u, const ApiProfile& p) {
  const auto& cap = out.site.max_output_tokens;
  out.output_tokens_ceiling = p.input_only ? std::optional<int64_t>(0) : cap;
  out.output_tokens = u.output_tokens;
  if (out.output_tokens.value) return;
  const int64_t reasoning = out.reasoning_tokens.value.value_or(0);
  const std::optional<int64_t> room =
      cap ? std::optional<int64_t>(std::max<int64_t>(0, *cap - reasoning)) : std::nullopt;
  if (p.input_only) {
    out.output_tokens = {0, "input_only_api"};
  } else if (room && *room <= p.output_tokens) {
    out.output_tokens = {*room, "max_tokens"};
  } else {
    out.output_tokens = {p.output_tokens, "default"};
    assume(out, fmt::format("output_tokens_default.{}", p.api), p.output_tokens);
  }
}

}  // namespace

void assume(CostedSite& out, std::string key, std::variant<int64_t, std::string> value) {
  Assumption a{std::move(key), std::move(value)};
  if (std::find(out.assumptions.begin(), out.assumptions.end(), a) == out.assumptions.end()) {
    out.assumptions.push_back(std::move(a));
  }
}

UsageLookup fill_figures(CostedSite& out, const CostContext& ctx) {
  const resolve::ResolvedSite& s = out.site;
  const std::string model = s.model.value_or("");
  std::vector<UsageLayer> layers;
  if (ctx.project && ctx.project->usage) {
    layers.push_back({ctx.project->usage,
                      {ctx.project->id, ctx.project->path, s.api, s.provider, model},
                      "project_"});
  }
  if (ctx.usage) {
    const bool own = ctx.usage_id.empty();
    layers.push_back(
        {ctx.usage,
         {own ? s.id : ctx.usage_id, own ? s.path : ctx.usage_path, s.api, s.provider, model},
         ""});
  }
  UsageLookup u = lookup_usage(layers, ctx.config ? &ctx.config->usage : nullptr);
  fill_calls(out, u);
  if (const ApiProfile* p = api_profile(s.api)) {
    fill_input(out, u, *p);
    fill_reasoning(out, u, *p);
    fill_output(out, u, *p);
    return u;
  }
  // Units of other APIs (images, speech, audio) are filled by units.h; tokens only when the usage
  // file states them.
  out.input_tokens = u.input_tokens.value ? u.input_tokens : Sourced<int64_t>{{}, "not_modelled"};
  out.output_tokens = u.output_tokens.value ? u.output_tokens : Sourced<int64_t>{{}, "not_modelled"};
  return u;
}

}  // namespace llmspend::cost

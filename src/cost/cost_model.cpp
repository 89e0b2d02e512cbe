#include "cost/cost_model.h"

#include <algorithm>

#include <fmt/format.h>

#include "cost/defaults.h"
#include "cost/figures.h"
#include "cost/units.h"

namespace llmspend::cost {
namespace {

using core::Money;
constexpr int64_t kMillion = 1'000'000;

std::string_view kStatusNames[] = {"estimated", "usage_unknown", "unpriced_model",
                                   "unresolved_model", "free"};

Money round_to_cents(Money m) { return m.scaled(1, 10'000'000).times(10'000'000); }

/// A config `default_models` entry prices a site whose model the code does not show.
void apply_config_default(CostedSite& out, const CostContext& ctx) {
  resolve::ResolvedSite& s = out.site;
  if (s.model || !s.model_candidates.empty() || !ctx.config) return;
  auto model = ctx.config->default_model(s.sdk, s.provider);
  if (!model) return;
  s.notes.push_back(fmt::format("model not visible in code ({}); priced with the default "
                                "`{}` from {}", s.unresolved_reason.empty() ? "unresolved"
                                : s.unresolved_reason, *model, ctx.config->path));
  s.model = *model;
  s.model_source = "config_default";
}

/// The name to price: an Azure deployment maps to its model through the config.
std::string pricing_name(const CostedSite& out, const std::string& model, const CostContext& ctx) {
  if (out.site.provider != "azure_openai" || !ctx.config) return model;
  auto it = ctx.config->azure_deployments.find(model);
  return it == ctx.config->azure_deployments.end() ? model : it->second;
}

std::optional<price::PriceMatch> lookup(const CostedSite& out, const std::string& model,
                                        const CostContext& ctx) {
  price::PriceQuery q{out.site.provider, pricing_name(out, model, ctx), ctx.as_of, ""};
  return ctx.prices->lookup(q);
}

struct TierRates {
  std::optional<Money> in, out, cache_read;
  std::optional<Money> reasoning;  ///< only when the table bills reasoning apart from output
  std::string long_context;        ///< "above N input tokens" when a long-context tier applies
};

std::optional<Money> times_factor(const std::optional<Money>& rate, const std::optional<Money>& f) {
  if (!rate || !f) return std::nullopt;
  return rate->scaled(f->nanos(), Money::kNanosPerUnit);
}

/// The long-context tier a prompt of `input_tokens` falls in (the highest threshold it exceeds).
const price::LongContextTier* long_context_tier(const price::Rates& r, int64_t input_tokens) {
  const price::LongContextTier* hit = nullptr;
  for (const price::LongContextTier& t : r.long_context) {
    if (input_tokens > t.above_tokens && t.whole_request && t.input_per_mtok) hit = &t;
  }
  return hit;
}

TierRates tier_of(std::optional<Money> in, std::optional<Money> out,
                  std::optional<Money> cache_read) {
  TierRates t;
  t.in = std::move(in);
  t.out = std::move(out);
  t.cache_read = std::move(cache_read);
  return t;
}

TierRates standard_rates(const price::Rates& r, int64_t input_tokens) {
  TierRates t = tier_of(r.input_per_mtok, r.output_per_mtok, r.cache_read_per_mtok);
  t.reasoning = r.reasoning_per_mtok;
  const price::LongContextTier* lc = long_context_tier(r, input_tokens);
  if (!lc) return t;
  t.in = lc->input_per_mtok;
  if (lc->output_per_mtok) t.out = lc->output_per_mtok;
  if (lc->cache_read_per_mtok) t.cache_read = lc->cache_read_per_mtok;
  if (lc->output_per_mtok) t.reasoning = std::nullopt;  // reasoning follows the tier's output rate
  t.long_context = fmt::format("above {} input tokens", lc->above_tokens);
  return t;
}

/// Rates of `tier` for a prompt of `input_tokens`; a tier the table does not price falls back to
/// standard with a note. Long-context tiers apply to standard prices only.
TierRates tier_rates(const price::Rates& r, const std::string& tier, int64_t input_tokens,
                     std::vector<std::string>* notes) {
  TierRates standard = standard_rates(r, input_tokens);
  TierRates t;
  if (tier == "batch") {
    t = tier_of(r.batch_input_per_mtok, r.batch_output_per_mtok, std::nullopt);
    if (!t.in) t = tier_of(times_factor(r.input_per_mtok, r.batch_multiplier),
                           times_factor(r.output_per_mtok, r.batch_multiplier), std::nullopt);
  } else if (tier == "flex") {
    t = tier_of(r.flex_input_per_mtok, r.flex_output_per_mtok, r.flex_cache_read_per_mtok);
    if (!t.in) t = tier_of(times_factor(r.input_per_mtok, r.flex_multiplier),
                           times_factor(r.output_per_mtok, r.flex_multiplier), std::nullopt);
  } else if (tier == "priority") {
    t = tier_of(r.priority_input_per_mtok, r.priority_output_per_mtok,
                r.priority_cache_read_per_mtok);
    if (!t.in) t = tier_of(times_factor(r.input_per_mtok, r.priority_multiplier),
                           times_factor(r.output_per_mtok, r.priority_multiplier), std::nullopt);
  } else {
    return standard;
  }
  if (t.in && t.out) {
    if (notes && !standard.long_context.empty()) {
      notes->push_back(fmt::format("the prompt is in a long-context price tier ({}) that is not "
                                   "combined with {} prices; priced at {} rates",
                                   standard.long_context, tier, tier));
    }
    return t;
  }
  if (notes) notes->push_back(fmt::format("no {} price in the table; priced at standard rates", tier));
  return standard;
}

std::string code_tier(const resolve::ResolvedSite& s) {
  if (s.batch) return "batch";
  if (s.service_tier == "flex" || s.service_tier == "priority") return *s.service_tier;
  return "standard";
}

/// Tokens of one call.
struct CallTokens {
  int64_t in = 0;
  int64_t out = 0;
  int64_t reasoning = 0;
};

/// Cost of one call at `rates`; nullopt when a needed rate is missing.
std::optional<Money> call_cost(const TierRates& rates, const CallTokens& t, int64_t cache_ppm) {
  if (!rates.in || ((t.out > 0 || t.reasoning > 0) && !rates.out)) return std::nullopt;
  const int64_t cached = rates.cache_read ? cache_ppm : 0;
  Money cost = rates.in->scaled(t.in * (kMillion - cached), kMillion * kMillion);
  if (cached > 0) cost += rates.cache_read->scaled(t.in * cached, kMillion * kMillion);
  if (t.out > 0) cost += rates.out->scaled(t.out, kMillion);
  if (t.reasoning > 0) cost += rates.reasoning.value_or(*rates.out).scaled(t.reasoning, kMillion);
  return cost;
}

struct Pricing {
  std::string model;
  price::PriceMatch match;
  std::optional<Money> per_call;
};

/// Per-call cost with the usage file's batch share blended in (standard-tier code only).
/// `ceiling`: every call uses its whole output cap (reasoning included in it).
std::optional<Money> blended_cost(const CostedSite& out, const price::Rates& r,
                                  const UsageLookup& u, bool ceiling,
                                  std::vector<std::string>* notes) {
  const std::string tier = code_tier(out.site);
  CallTokens t{out.input_tokens.value.value_or(0), out.output_tokens.value.value_or(0),
               out.reasoning_tokens.value.value_or(0)};
  if (ceiling) t = {t.in, out.output_tokens_ceiling.value_or(0), 0};
  const int64_t cache = u.cache_hit_ppm.value.value_or(0);
  auto cost = call_cost(tier_rates(r, tier, t.in, notes), t, cache);
  const int64_t share = u.batch_share_ppm.value.value_or(0);
  if (!cost || tier != "standard" || share == 0) return cost;
  auto batch = call_cost(tier_rates(r, "batch", t.in, notes), t, cache);
  if (!batch) return cost;
  return cost->scaled(kMillion - share, kMillion) + batch->scaled(share, kMillion);
}

PriceInfo price_info(const price::PriceMatch& m, const TierRates& rates, const std::string& tier) {
  PriceInfo p;
  p.model_key = m.model_key;
  p.provider = m.provider;
  p.matched_by = m.matched_by;
  p.effective_from = m.effective_from;
  p.effective_to = m.effective_to;
  p.source = m.source;
  p.input_per_mtok = rates.in;
  p.output_per_mtok = rates.out;
  p.tier = tier;
  return p;
}

/// Every model the site may use, priced; the most expensive priced one first.
std::vector<Pricing> price_models(CostedSite& out, const CostContext& ctx, const UsageLookup& u) {
  std::vector<std::string> models = out.site.model ? std::vector<std::string>{*out.site.model}
                                                   : out.site.model_candidates;
  std::vector<Pricing> priced;
  for (const std::string& model : models) {
    auto match = lookup(out, model, ctx);
    if (!match) continue;
    auto cost = is_unit_priced_api(out.site.api)
                    ? estimate_units(out.site, match->rates, model, u.audio_seconds).per_call
                    : blended_cost(out, match->rates, u, false, nullptr);
    priced.push_back({model, std::move(*match), cost});
  }
  std::stable_sort(priced.begin(), priced.end(), [](const Pricing& a, const Pricing& b) {
    return a.per_call.value_or(Money()) > b.per_call.value_or(Money());
  });
  return priced;
}

void note_unpriced(CostedSite& out, const CostContext& ctx) {
  const auto& s = out.site;
  std::string model = s.model ? *s.model : fmt::format("{}", fmt::join(s.model_candidates, ", "));
  auto hints = ctx.prices->suggest(s.model ? *s.model : s.model_candidates.front(), 1);
  std::string hint = hints.empty() ? "" : fmt::format("; did you mean `{}`?", hints.front());
  out.site.notes.push_back(fmt::format("no price for `{}` at provider {} in table {}{}", model,
                                       s.provider, ctx.prices->version(), hint));
}

void set_free(CostedSite& out) {
  out.status = Status::kFree;
  out.per_call = Money();
  out.monthly = Money();
  out.monthly_ceiling = Money();
  const auto& s = out.site;
  out.site.notes.push_back(is_free_provider(s.provider)
                               ? fmt::format("provider {} is not billed", s.provider)
                               : fmt::format("{} requests are not billed", s.api));
}

Money monthly_of(Money per_call, const CostedSite& out) {
  const int64_t calls = out.calls_per_month.value.value_or(0);
  return round_to_cents(per_call.times(calls).times(std::max(1, out.site.fan_out)));
}

void mark_usage_unknown(CostedSite& out, std::string note) {
  out.status = Status::kUsageUnknown;
  out.site.notes.push_back(std::move(note));
}

void set_estimated(CostedSite& out, Money per_call) {
  out.status = Status::kEstimated;
  out.per_call = per_call;
  out.monthly = monthly_of(per_call, out);
}

/// Images, speech, audio: units per call instead of tokens.
void set_unit_costs(CostedSite& out, const Pricing& p, const UsageLookup& u) {
  UnitEstimate e = estimate_units(out.site, p.match.rates, p.model, u.audio_seconds);
  out.units = e.units;
  out.unit = e.unit;
  for (Assumption& a : e.assumptions) assume(out, std::move(a.key), std::move(a.value));
  if (!e.per_call) return mark_usage_unknown(out, e.note);
  out.site.notes.push_back(e.note);
  set_estimated(out, *e.per_call);
}

void note_reasoning(CostedSite& out, const TierRates& rates) {
  if (!out.reasoning_tokens.value) return;
  out.site.notes.push_back(fmt::format(
      "{} reasoning tokens per call ({}), billed at the {} rate", *out.reasoning_tokens.value,
      out.reasoning_tokens.source, rates.reasoning ? "reasoning" : "output"));
}

/// 600000 parts per million → "60%".
std::string percent(int64_t ppm) { return Money::from_nanos(ppm * 100'000).to_string() + "%"; }

/// The usage file's cache hit rate and batch share as they priced the call (blended_cost), kept
/// for `explain`'s arithmetic and said in a note; a share the prices cannot honour is noted too,
/// so the per-call figure always reconciles with what the report shows.
void record_shares(CostedSite& out, const TierRates& rates, const price::Rates& r,
                   const UsageLookup& u) {
  const auto& cache = u.cache_hit_ppm;
  if (cache.value.value_or(0) > 0 && rates.cache_read) {
    out.cache_hit_ppm = cache;
    out.cache_read_per_mtok = rates.cache_read;
    out.site.notes.push_back(
        fmt::format("{} of input tokens at the cached-input rate (${}/Mtok; "
                    "cache_hit_rate from {})",
                    percent(*cache.value), rates.cache_read->to_string(), cache.source));
  } else if (cache.value.value_or(0) > 0) {
    out.site.notes.push_back(
        fmt::format("cache_hit_rate {} ({}) not applied: the table has no "
                    "cached-input price for this model",
                    percent(*cache.value), cache.source));
  }
  const auto& batch = u.batch_share_ppm;
  if (batch.value.value_or(0) == 0) return;
  const TierRates b = tier_rates(r, "batch", out.input_tokens.value.value_or(0), nullptr);
  if (code_tier(out.site) == "standard" && b.in && b.out) {
    out.batch_share_ppm = batch;
    out.site.notes.push_back(fmt::format("{} of calls at batch prices (batch_share from {})",
                                         percent(*batch.value), batch.source));
  } else {
    out.site.notes.push_back(
        fmt::format("batch_share {} ({}) not applied: {}", percent(*batch.value), batch.source,
                    code_tier(out.site) == "standard"
                        ? "the table has no batch price for this model"
                        : "the code already picks the " + code_tier(out.site) + " tier"));
  }
}

void set_costs(CostedSite& out, const Pricing& p, const UsageLookup& u) {
  const std::string tier = code_tier(out.site);
  std::vector<std::string> notes;
  TierRates rates = tier_rates(p.match.rates, tier, out.input_tokens.value.value_or(0), &notes);
  out.price = price_info(p.match, rates, tier);
  if (out.reasoning_tokens.value) {
    out.reasoning_per_mtok = rates.reasoning ? rates.reasoning : rates.out;
  }
  out.site.notes.insert(out.site.notes.end(), notes.begin(), notes.end());
  if (is_unit_priced_api(out.site.api)) return set_unit_costs(out, p, u);
  if (!api_profile(out.site.api)) {
    return mark_usage_unknown(out, fmt::format("units of {} requests are not modelled yet",
                                               out.site.api));
  }
  if (!p.per_call) return mark_usage_unknown(out, "the price row lacks a rate this call needs");
  if (!rates.long_context.empty()) {
    out.site.notes.push_back(fmt::format("long-context prices ({})", rates.long_context));
  }
  note_reasoning(out, rates);
  record_shares(out, rates, p.match.rates, u);
  set_estimated(out, *p.per_call);
  if (out.output_tokens_ceiling) {
    auto ceiling = blended_cost(out, p.match.rates, u, true, nullptr);
    if (ceiling) out.monthly_ceiling = monthly_of(*ceiling, out);
  }
}

void note_candidates(CostedSite& out, const std::vector<Pricing>& priced) {
  if (out.site.model) return;
  out.site.notes.push_back(fmt::format("{} candidate models; priced as the most expensive: {}",
                                       out.site.model_candidates.size(), priced.front().model));
}

}  // namespace

std::string_view status_name(Status s) { return kStatusNames[static_cast<int>(s)]; }

std::optional<Status> parse_status(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (kStatusNames[i] == name) return static_cast<Status>(i);
  }
  return std::nullopt;
}

CostedSite cost_site(const resolve::ResolvedSite& site, const CostContext& ctx) {
  CostedSite out;
  out.site = site;
  if (ctx.project) out.project = ctx.project->name;
  apply_config_default(out, ctx);
  UsageLookup u = fill_figures(out, ctx);
  if (!site.billable || is_free_api(site.api) || is_free_provider(site.provider)) {
    set_free(out);
    return out;
  }
  if (!out.site.model && out.site.model_candidates.empty()) {
    out.status = Status::kUnresolvedModel;
    return out;
  }
  std::vector<Pricing> priced = price_models(out, ctx, u);
  if (priced.empty()) {
    out.status = Status::kUnpricedModel;
    note_unpriced(out, ctx);
    return out;
  }
  note_candidates(out, priced);
  set_costs(out, priced.front(), u);
  if (out.site.fan_out > 1) {
    out.site.notes.push_back(fmt::format("called {} times per execution (loop over a constant "
                                         "collection)", out.site.fan_out));
  }
  return out;
}

}  // namespace llmspend::cost

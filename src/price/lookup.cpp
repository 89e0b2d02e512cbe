// PriceTable::lookup and suggest. Lookup is a fixed sequence of hash probes: for the query's
// provider, each normalised candidate name (exact id or alias, then the longest match-rule prefix);
// then the same at the provider's declared fallbacks and at the model's first-party owner. Every
// step that is not an exact hit is spelled out in `matched_by`.
#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "price/normalize.h"
#include "price/price_table.h"

namespace llmspend::price {
namespace {

std::string index_key(std::string_view provider, std::string_view name) {
  return std::string(provider) + '\n' + std::string(name);
}

std::string describe(const NameCandidate& c, std::string how) {
  return c.notes.empty() ? how : fmt::format("normalized ({}), {}", c.notes, how);
}

/// Providers to try after the query's own, in order, without repeats.
std::vector<std::string> fallback_chain(const std::map<std::string, std::vector<std::string>>& declared,
                                        const std::string& provider,
                                        const std::vector<NameCandidate>& candidates) {
  std::vector<std::string> chain;
  auto add = [&](std::string_view p) {
    if (!p.empty() && p != provider && std::find(chain.begin(), chain.end(), p) == chain.end()) {
      chain.emplace_back(p);
    }
  };
  if (auto it = declared.find(provider); it != declared.end()) {
    for (const std::string& p : it->second) add(p);
  }
  for (const NameCandidate& c : candidates) add(c.owner);
  for (const NameCandidate& c : candidates) add(owner_of(c.name));
  return chain;
}

}  // namespace

const PricePeriod& period_at(const ModelEntry& e, std::string_view as_of) {
  const PricePeriod* chosen = &e.periods.front();
  for (const PricePeriod& p : e.periods) {
    bool started = as_of.empty() ? !p.scheduled : p.effective_from <= as_of;
    if (started) chosen = &p;
  }
  return *chosen;
}

PriceMatch PriceTable::make_match(const ModelEntry& e, const PriceQuery& q, std::string matched_by,
                                  const std::string& region) const {
  const PricePeriod& p = period_at(e, q.as_of);
  PriceMatch m{e.id, e.provider, std::move(matched_by), p.effective_from, p.effective_to, p.source,
               e.deprecation_date, e.kind, p.scheduled, std::nullopt, p.rates, &e};
  if (!q.as_of.empty() && q.as_of < p.effective_from) {
    m.matched_by += fmt::format("; {} is before the first known period", q.as_of);
  }
  const std::string& wanted = q.region.empty() ? region : q.region;
  if (auto it = p.rates.regional_uplift.find(wanted); !wanted.empty() && it != p.rates.regional_uplift.end()) {
    m.rates = p.rates.scaled(it->second);
    m.region = wanted;
    m.matched_by += fmt::format("; regional uplift ×{} ({})", it->second.to_string(), wanted);
  }
  return m;
}

std::optional<PriceMatch> PriceTable::find_in(std::string_view provider, const PriceQuery& q,
                                              const std::vector<NameCandidate>& candidates) const {
  for (const NameCandidate& c : candidates) {
    if (auto it = exact_.find(index_key(provider, c.name)); it != exact_.end()) {
      const char* how = it->second.alias ? "alias" : "exact";
      return make_match(data_.models[it->second.index], q, describe(c, how), c.region);
    }
    // Longest prefix first, so "claude-opus-4-1-x" is claude-opus-4-1 and not claude-opus-4.
    for (size_t len = c.name.size(); len > 0; --len) {
      auto it = prefix_.find(index_key(provider, std::string_view(c.name).substr(0, len)));
      if (it == prefix_.end()) continue;
      std::string how = fmt::format("match rule '{}*'", c.name.substr(0, len));
      return make_match(data_.models[it->second], q, describe(c, how), c.region);
    }
  }
  return std::nullopt;
}

std::optional<PriceMatch> PriceTable::lookup(const PriceQuery& q) const {
  const std::vector<NameCandidate> candidates = name_candidates(q.model);
  if (auto m = find_in(q.provider, q, candidates)) return m;
  for (const std::string& other : fallback_chain(data_.provider_fallbacks, q.provider, candidates)) {
    if (auto m = find_in(other, q, candidates)) {
      m->matched_by = fmt::format("fallback to {} prices (no {} row): {}", other,
                                  q.provider.empty() ? "provider" : q.provider, m->matched_by);
      return m;
    }
  }
  return std::nullopt;
}

std::vector<std::string> PriceTable::suggest(std::string_view model, size_t n) const {
  std::string wanted = core::to_lower(name_candidates(model).back().name);
  std::vector<std::pair<size_t, const std::string*>> scored;
  size_t limit = std::max<size_t>(3, wanted.size() / 3);
  for (const std::string& name : names_) {
    std::string lower = core::to_lower(name);
    // Names that contain what was typed are better answers than equally distant strangers.
    size_t d = lower.find(wanted) != std::string::npos ? lower.size() - wanted.size()
                                                      : core::edit_distance(wanted, lower);
    if (d <= limit) scored.emplace_back(d, &name);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [_, name] : scored) {
    if (out.size() == n) break;
    out.push_back(*name);
  }
  return out;
}

}  // namespace llmspend::price

#include "price/table_json.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/strings.h"

namespace llmspend::price {
namespace {

using nlohmann::json;
using core::Money;

// Per-million prices below this are per-token numbers in a per-million field: the cheapest real
// per-million price in any list is above $0.001 (cached reads of small models).
const Money kSmallestPerMillion = *Money::parse("0.001");

[[noreturn]] void fail(const std::string& pointer, std::string message) {
  throw LoadError{pointer, std::move(message)};
}

void check_keys(const json& obj, const std::string& pointer, const std::set<std::string>& allowed) {
  if (!obj.is_object()) fail(pointer, "expected an object");
  for (const auto& [key, _] : obj.items()) {
    if (allowed.count(key)) continue;
    std::vector<std::string> choices(allowed.begin(), allowed.end());
    std::string hint = core::closest(key, choices);
    fail(pointer + "/" + pointer_token(key),
         hint.empty() ? "unknown field" : fmt::format("unknown field (did you mean '{}'?)", hint));
  }
}

std::string read_string(const json& obj, const std::string& key, const std::string& pointer,
                        bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) fail(pointer, fmt::format("missing required field '{}'", key));
    return {};
  }
  if (!it->is_string()) fail(pointer + "/" + key, "expected a string");
  return it->get<std::string>();
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

std::string read_date(const json& obj, const std::string& key, const std::string& pointer,
                      bool required) {
  std::string value = read_string(obj, key, pointer, required);
  if (!value.empty() && !is_date(value)) fail(pointer + "/" + key, "expected a date YYYY-MM-DD");
  return value;
}

std::vector<std::string> read_strings(const json& obj, const std::string& key,
                                      const std::string& pointer) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (!it->is_array()) fail(pointer + "/" + key, "expected an array of strings");
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) fail(fmt::format("{}/{}/{}", pointer, key, i), "expected a string");
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

/// Unit checks for one scalar dimension: catches per-token numbers in per-million fields and
/// values beyond any real price list.
void check_magnitude(const Dimension& d, Money value, const std::string& pointer) {
  if (d.unit == Unit::kPerMtok && !value.is_zero() && value < kSmallestPerMillion) {
    fail(pointer, fmt::format("{} looks like a per-token price; {} is USD per million tokens",
                              value.to_string(), d.name));
  }
  if (value > *Money::parse(d.max)) {
    fail(pointer, fmt::format("{} is above the plausible maximum {} for {}; check the unit",
                              value.to_string(), d.max, d.name));
  }
}

LongContextTier read_tier(const json& t, const std::string& pointer) {
  std::set<std::string> allowed = {"above_tokens", "whole_request"};
  for (const TierDimension& d : tier_dimensions()) allowed.insert(std::string(d.name));
  check_keys(t, pointer, allowed);
  LongContextTier tier;
  auto above = t.find("above_tokens");
  if (above == t.end() || !above->is_number_integer() || above->get<int64_t>() <= 0) {
    fail(pointer + "/above_tokens", "expected a positive integer token count");
  }
  tier.above_tokens = above->get<int64_t>();
  if (auto w = t.find("whole_request"); w != t.end()) {
    if (!w->is_boolean()) fail(pointer + "/whole_request", "expected true or false");
    tier.whole_request = w->get<bool>();
  }
  for (const TierDimension& d : tier_dimensions()) {
    auto it = t.find(std::string(d.name));
    if (it != t.end()) tier.*d.member = read_money(*it, pointer + "/" + std::string(d.name));
  }
  return tier;
}

void read_rate_lists(const json& r, const std::string& pointer, Rates& rates) {
  if (auto lc = r.find("long_context"); lc != r.end()) {
    if (!lc->is_array()) fail(pointer + "/long_context", "expected an array of tiers");
    for (size_t i = 0; i < lc->size(); ++i) {
      rates.long_context.push_back(read_tier((*lc)[i], fmt::format("{}/long_context/{}", pointer, i)));
    }
  }
  if (auto im = r.find("images"); im != r.end()) {
    if (!im->is_array()) fail(pointer + "/images", "expected an array");
    for (size_t i = 0; i < im->size(); ++i) {
      std::string p = fmt::format("{}/images/{}", pointer, i);
      check_keys((*im)[i], p, {"quality", "size", "per_image"});
      if (!(*im)[i].contains("per_image")) fail(p, "missing required field 'per_image'");
      rates.images.push_back({read_string((*im)[i], "quality", p, true),
                              read_string((*im)[i], "size", p, true),
                              read_money((*im)[i]["per_image"], p + "/per_image")});
    }
  }
  if (auto up = r.find("regional_uplift"); up != r.end()) {
    if (!up->is_object()) fail(pointer + "/regional_uplift", "expected an object region → factor");
    for (const auto& [region, v] : up->items()) {
      rates.regional_uplift[region] = read_money(v, pointer + "/regional_uplift/" + pointer_token(region));
    }
  }
}

Rates read_rates(const json& r, const std::string& pointer) {
  std::set<std::string> allowed = {"long_context", "images", "regional_uplift"};
  for (const Dimension& d : dimensions()) allowed.insert(std::string(d.name));
  check_keys(r, pointer, allowed);
  Rates rates;
  for (const Dimension& d : dimensions()) {
    auto it = r.find(std::string(d.name));
    if (it == r.end()) continue;
    std::string p = pointer + "/" + std::string(d.name);
    Money value = read_money(*it, p);
    check_magnitude(d, value, p);
    rates.*d.member = value;
  }
  read_rate_lists(r, pointer, rates);
  return rates;
}

PricePeriod read_period(const json& p, const std::string& pointer) {
  check_keys(p, pointer, {"effective_from", "effective_to", "scheduled", "date_basis", "source", "rates"});
  PricePeriod period;
  period.effective_from = read_date(p, "effective_from", pointer, true);
  if (std::string to = read_date(p, "effective_to", pointer, false); !to.empty()) {
    if (to <= period.effective_from) fail(pointer + "/effective_to", "must be after effective_from");
    period.effective_to = to;
  }
  if (auto s = p.find("scheduled"); s != p.end()) {
    if (!s->is_boolean()) fail(pointer + "/scheduled", "expected true or false");
    period.scheduled = s->get<bool>();
  }
  period.date_basis = read_string(p, "date_basis", pointer, false);
  static const std::set<std::string> kBases = {"", "announcement", "upstream", "first_seen", "unknown"};
  if (!kBases.count(period.date_basis)) {
    fail(pointer + "/date_basis", "expected announcement, upstream, first_seen or unknown");
  }
  period.source = read_string(p, "source", pointer, false);
  if (!p.contains("rates")) fail(pointer, "missing required field 'rates'");
  period.rates = read_rates(p["rates"], pointer + "/rates");
  return period;
}

ModelEntry read_model(const json& m, const std::string& provider, const std::string& id,
                      const std::string& pointer) {
  check_keys(m, pointer, {"kind", "aliases", "match_prefixes", "deprecation_date", "periods", "notes"});
  ModelEntry e{provider, id, read_string(m, "kind", pointer, false), read_strings(m, "aliases", pointer),
               read_strings(m, "match_prefixes", pointer), std::nullopt, {}};
  if (e.kind.empty()) e.kind = "chat";
  if (std::string d = read_date(m, "deprecation_date", pointer, false); !d.empty()) e.deprecation_date = d;
  auto periods = m.find("periods");
  if (periods == m.end() || !periods->is_array() || periods->empty()) {
    fail(pointer + "/periods", "expected a non-empty array of price periods");
  }
  for (size_t i = 0; i < periods->size(); ++i) {
    std::string p = fmt::format("{}/periods/{}", pointer, i);
    e.periods.push_back(read_period((*periods)[i], p));
    if (i > 0 && e.periods[i].effective_from <= e.periods[i - 1].effective_from) {
      fail(p + "/effective_from", "periods must be in increasing effective_from order");
    }
  }
  return e;
}

TableData read_table(const json& doc) {
  check_keys(doc, "", {"$schema", "schema_version", "table_version", "currency", "generated_by",
                       "inputs", "provider_fallbacks", "providers"});
  auto version = doc.find("schema_version");
  if (version == doc.end() || *version != 1) fail("/schema_version", "expected schema_version 1");
  if (auto c = doc.find("currency"); c != doc.end() && *c != "USD") fail("/currency", "only USD is supported");
  TableData data;
  data.version = read_date(doc, "table_version", "", true);
  if (auto fb = doc.find("provider_fallbacks"); fb != doc.end()) {
    if (!fb->is_object()) fail("/provider_fallbacks", "expected an object provider → [providers]");
    for (const auto& [provider, _] : fb->items()) {
      data.provider_fallbacks[provider] = read_strings(*fb, provider, "/provider_fallbacks");
    }
  }
  auto providers = doc.find("providers");
  if (providers == doc.end() || !providers->is_object()) fail("/providers", "expected an object");
  for (const auto& [provider, models] : providers->items()) {
    std::string pp = "/providers/" + pointer_token(provider);
    if (!models.is_object()) fail(pp, "expected an object model id → model");
    for (const auto& [id, model] : models.items()) {
      data.models.push_back(read_model(model, provider, id, pp + "/" + pointer_token(id)));
    }
  }
  return data;
}

}  // namespace

std::string pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

Money read_money(const json& v, const std::string& pointer) {
  std::optional<Money> m;
  if (v.is_string()) m = Money::parse(v.get<std::string>());
  else if (v.is_number()) m = Money::from_double(v.get<double>());
  if (!m) fail(pointer, "expected a decimal price such as \"2.5\"");
  if (m->is_negative()) fail(pointer, "negative price");
  return *m;
}

core::Result<TableData> parse_table_json(const json& doc, const std::string& origin) {
  try {
    TableData data = read_table(doc);
    data.origin = origin;
    return data;
  } catch (const LoadError& e) {
    return core::Error{fmt::format("{}: {}: {}", origin, e.pointer.empty() ? "/" : e.pointer, e.message)};
  }
}

}  // namespace llmspend::price

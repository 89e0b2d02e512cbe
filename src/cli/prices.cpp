// `llmspend prices [MODEL...]`: what the price table says about models — which row a name maps to
// (exact, alias, prefix rule, normalised), the period in force and every priced dimension.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "price/price_table.h"
#include "report/text_util.h"

namespace llmspend::cli {
namespace {

using Json = nlohmann::ordered_json;

struct Found {
  std::string query;
  price::PriceMatch match;
};

core::Result<price::PriceTable> load_table(const PricesCommand& c) {
  auto table = price::PriceTable::embedded();
  if (!table || c.pricing_file.empty()) return table;
  auto overlay = price::PriceTable::load_file(c.pricing_file);
  if (!overlay) return overlay.error();
  table->merge(*overlay);
  return table;
}

/// Every provider's row for `model` (or only --provider's).
std::vector<Found> lookup_all(const price::PriceTable& t, const PricesCommand& c,
                              const std::string& model) {
  std::vector<Found> out;
  std::vector<std::string> providers = c.provider.empty() ? t.providers()
                                                          : std::vector<std::string>{c.provider};
  for (const std::string& p : providers) {
    auto m = t.lookup({p, model, c.as_of, ""});
    // Without --provider, rows borrowed from another provider would repeat that provider's row.
    const bool borrowed = m && m->matched_by.rfind("fallback", 0) == 0;
    if (m && (!borrowed || !c.provider.empty())) out.push_back({model, std::move(*m)});
  }
  return out;
}

std::vector<Found> list_all(const price::PriceTable& t, const PricesCommand& c) {
  std::vector<Found> out;
  for (const price::ModelEntry* e : t.models(c.provider)) {
    auto m = t.lookup({e->provider, e->id, c.as_of, ""});
    if (m) out.push_back({e->id, std::move(*m)});
  }
  return out;
}

Json rates_json(const price::Rates& r) {
  Json j = Json::object();
  for (const price::Dimension& d : price::dimensions()) {
    if (const auto& v = r.*(d.member)) j[std::string(d.name)] = v->to_string();
  }
  return j;
}

std::string render_json(const price::PriceTable& t, const PricesCommand& c,
                        const std::vector<Found>& found) {
  Json models = Json::array();
  for (const Found& f : found) {
    const auto& m = f.match;
    models.push_back({{"query", f.query}, {"provider", m.provider}, {"model_key", m.model_key},
                      {"matched_by", m.matched_by}, {"kind", m.kind},
                      {"effective_from", m.effective_from},
                      {"effective_to", m.effective_to ? Json(*m.effective_to) : Json(nullptr)},
                      {"source", m.source}, {"rates", rates_json(m.rates)}});
  }
  Json doc = {{"table_version", t.version()},
              {"as_of", c.as_of.empty() ? Json(nullptr) : Json(c.as_of)},
              {"models", models}};
  return doc.dump(2) + "\n";
}

std::string money_cell(const std::optional<core::Money>& m) { return m ? "$" + m->to_string() : "-"; }

std::string render_table(const price::PriceTable& t, const std::vector<Found>& found) {
  report::TextTable table;
  table.columns({"PROVIDER", "MODEL", "MATCHED BY", "INPUT/MTOK", "OUTPUT/MTOK", "CACHED/MTOK",
                 "FROM"},
                {false, false, false, true, true, true, false});
  for (const Found& f : found) {
    const auto& m = f.match;
    std::string model = f.query == m.model_key ? m.model_key : f.query + " → " + m.model_key;
    table.row({m.provider, model, m.matched_by, money_cell(m.rates.input_per_mtok),
               money_cell(m.rates.output_per_mtok), money_cell(m.rates.cache_read_per_mtok),
               m.effective_from});
  }
  std::string out;
  for (const std::string& line : table.lines()) out += line + "\n";
  return out + fmt::format("\nprice table {} ({} models)\n", t.version(), t.models().size());
}

/// Unknown names: a message with suggestions; returns false when any was unknown.
bool report_unknown(const price::PriceTable& t, const PricesCommand& c,
                    const std::vector<std::string>& unknown) {
  for (const std::string& model : unknown) {
    auto hints = t.suggest(model, 3);
    fmt::print(stderr, "llmspend: no price for `{}`{}{}\n", model,
               c.provider.empty() ? "" : " at " + c.provider,
               hints.empty() ? "" : fmt::format("; did you mean {}?", fmt::join(hints, ", ")));
  }
  return unknown.empty();
}

}  // namespace

int run_prices(const PricesCommand& c) {
  auto table = load_table(c);
  if (!table) return fail_input(table.error());
  std::vector<Found> found;
  std::vector<std::string> unknown;
  if (c.list || c.models.empty()) found = list_all(*table, c);
  for (const std::string& model : c.models) {
    auto rows = lookup_all(*table, c, model);
    if (rows.empty()) unknown.push_back(model);
    found.insert(found.end(), rows.begin(), rows.end());
  }
  const bool all_known = report_unknown(*table, c, unknown);
  std::string text = c.out.format == "json" ? render_json(*table, c, found) : render_table(*table, found);
  int rc = emit(text, c.out);
  return rc != kExitOk ? rc : all_known ? kExitOk : kExitInput;
}

}  // namespace llmspend::cli

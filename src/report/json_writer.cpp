// JSON report v1 (CONTRACT.md). Keys are written in the contract's order (ordered_json) so that
// identical reports are byte-identical; money is a decimal string, unknown is null (never zero).
#include <nlohmann/json.hpp>

#include "report/render.h"

namespace llmspend::report {
namespace {

using Json = nlohmann::ordered_json;
using core::Money;

Json opt_money(const std::optional<Money>& m) { return m ? Json(m->to_string()) : Json(nullptr); }
Json opt_monthly(const std::optional<Money>& m) { return m ? Json(m->to_fixed(2)) : Json(nullptr); }
template <typename T>
Json opt(const std::optional<T>& v) { return v ? Json(*v) : Json(nullptr); }
Json opt_text(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json origin_json(const std::optional<resolve::Origin>& o) {
  if (!o) return nullptr;
  return Json{{"path", o->path}, {"line", o->line}, {"cell", opt(o->cell)}};
}

Json usage_json(const cost::CostedSite& c) {
  Json sources = {{"calls_per_month", opt_text(c.calls_per_month.source)},
                  {"input_tokens", opt_text(c.input_tokens.source)},
                  {"output_tokens", opt_text(c.output_tokens.source)},
                  {"reasoning_tokens", opt_text(c.reasoning_tokens.source)},
                  {"units", opt_text(c.units.source)}};
  return Json{{"calls_per_month", opt(c.calls_per_month.value)},
              {"input_tokens", opt(c.input_tokens.value)},
              {"output_tokens", opt(c.output_tokens.value)},
              {"output_tokens_ceiling", opt(c.output_tokens_ceiling)},
              {"reasoning_tokens", opt(c.reasoning_tokens.value)},
              {"units", opt(c.units.value)},
              {"unit", opt_text(c.unit)},
              {"sources", sources}};
}

Json price_json(const std::optional<cost::PriceInfo>& p) {
  if (!p) return nullptr;
  return Json{{"model_key", p->model_key},           {"provider", p->provider},
              {"matched_by", p->matched_by},         {"tier", p->tier},
              {"effective_from", p->effective_from}, {"effective_to", opt(p->effective_to)},
              {"source", p->source},                 {"input_per_mtok", opt_money(p->input_per_mtok)},
              {"output_per_mtok", opt_money(p->output_per_mtok)}};
}

Json cost_json(const cost::CostedSite& c) {
  return Json{{"per_call", opt_money(c.per_call)},
              {"monthly", opt_monthly(c.monthly)},
              {"monthly_ceiling", opt_monthly(c.monthly_ceiling)}};
}

Json location_json(const resolve::ResolvedSite& s) {
  return Json{{"id", s.id},
              {"path", s.path},
              {"cell", opt(s.cell)},
              {"start_line", s.start_line},
              {"end_line", s.end_line},
              {"start_col", s.start_col},
              {"function", opt_text(s.function)},
              {"language", s.language}};
}

Json site_json(const cost::CostedSite& c, bool has_projects) {
  const resolve::ResolvedSite& s = c.site;
  Json j = location_json(s);
  if (has_projects) j["project"] = opt_text(c.project);
  j["sdk"] = s.sdk;
  j["api"] = s.api;
  j["provider"] = s.provider;
  j["provider_reason"] = opt_text(s.provider_reason);
  j["model"] = opt(s.model);
  j["model_candidates"] = s.model_candidates;
  j["model_source"] = s.model_source;
  j["model_origin"] = origin_json(s.model_origin);
  j["model_expr"] = s.model_expr;
  j["unresolved_reason"] = opt_text(s.unresolved_reason);
  j["billable"] = s.billable;
  j["in_test"] = s.in_test;
  j["fan_out"] = s.fan_out;
  j["status"] = std::string(cost::status_name(c.status));
  j["usage"] = usage_json(c);
  j["price"] = price_json(c.price);
  j["cost"] = cost_json(c);
  j["notes"] = s.notes;
  return j;
}

Json assumptions_json(const Report& r) {
  Json j = Json::object();
  for (const auto& a : r.assumptions) {
    std::visit([&](const auto& v) { j[a.key] = v; }, a.value);
  }
  return j;
}

/// Present only when the config has projects; the sites outside every project have
/// `project: null`.
Json projects_json(const Report& r) {
  Json out = Json::array();
  for (const auto& p : r.by_project) {
    out.push_back({{"project", opt_text(p.project)},
                   {"path", opt_text(p.path)},
                   {"monthly", p.monthly.to_fixed(2)},
                   {"sites", p.sites},
                   {"not_priced", p.not_priced}});
  }
  return out;
}

Json totals_json(const Report& r) {
  Json providers = Json::array();
  for (const auto& p : r.by_provider) {
    providers.push_back({{"provider", p.provider}, {"monthly", p.monthly.to_fixed(2)},
                         {"sites", p.sites}});
  }
  Json models = Json::array();
  for (const auto& m : r.by_model) {
    models.push_back({{"provider", m.provider}, {"model", m.model},
                      {"monthly", m.monthly.to_fixed(2)}, {"sites", m.sites}});
  }
  Json totals{
      {"monthly", r.total_monthly.to_fixed(2)}, {"by_provider", providers}, {"by_model", models}};
  if (r.has_projects) totals["by_project"] = projects_json(r);
  return totals;
}

Json summary_json(const Summary& s) {
  return Json{{"sites", s.sites},
              {"estimated", s.estimated},
              {"usage_unknown", s.usage_unknown},
              {"unpriced_model", s.unpriced_model},
              {"unresolved_model", s.unresolved_model},
              {"free", s.free}};
}

Json diagnostics_json(const Report& r) {
  Json out = Json::array();
  for (const auto& d : r.diagnostics) {
    out.push_back({{"path", d.path}, {"line", opt(d.line)}, {"code", d.code},
                   {"message", d.message}});
  }
  return out;
}

}  // namespace

std::string render_json(const Report& r) {
  Json j;
  j["schema_version"] = kSchemaVersion;
  j["tool"] = {{"name", "llmspend"}, {"version", r.tool_version}};
  j["root"] = r.root;
  j["currency"] = r.currency;
  j["pricing"] = {{"table_version", r.pricing.table_version},
                  {"as_of", opt_text(r.pricing.as_of)},
                  {"source", r.pricing.source}};
  j["assumptions"] = assumptions_json(r);
  Json sites = Json::array();
  for (const auto& c : r.sites) sites.push_back(site_json(c, r.has_projects));
  j["sites"] = std::move(sites);
  j["totals"] = totals_json(r);
  j["summary"] = summary_json(r.summary);
  j["diagnostics"] = diagnostics_json(r);
  // Invalid UTF-8 in source text must not abort the run: replace it.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace llmspend::report

// JSON diff v1 (CONTRACT.md "JSON diff"): written with keys in the contract's order so equal
// diffs are byte-identical; read back for `llmspend comment github --path DIFF.json`.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "diff/render.h"

namespace llmspend::diff {
namespace {

using Json = nlohmann::ordered_json;
using core::Money;

template <typename T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json opt_money(const std::optional<Money>& m) { return m ? Json(m->to_fixed(2)) : Json(nullptr); }

Json side_json(const SideView& s) {
  return Json{{"provider", s.provider},
              {"model", opt(s.model)},
              {"model_candidates", s.model_candidates},
              {"monthly", opt_money(s.monthly)},
              {"status", s.status}};
}

Json change_json(const Change& c) {
  Json j{{"kind", std::string(kind_name(c.kind))},
         {"id", c.id},
         {"path", c.path},
         {"cell", opt(c.cell)},
         {"start_line", c.start_line}};
  j["function"] = c.function.empty() ? Json(nullptr) : Json(c.function);
  j["api"] = c.api;
  if (!c.base_path.empty()) j["base_path"] = c.base_path;
  j["before"] = c.before ? side_json(*c.before) : Json(nullptr);
  j["after"] = c.after ? side_json(*c.after) : Json(nullptr);
  j["delta_monthly"] = opt_money(c.delta_monthly);
  j["reasons"] = c.reasons;
  j["cause"] = c.cause ? Json{{"path", c.cause->path}, {"line", c.cause->line}} : Json(nullptr);
  return j;
}

Json policy_json(const PolicyResult& p) {
  Json findings = Json::array();
  for (const Finding& f : p.findings) {
    findings.push_back({{"rule", f.rule},
                        {"message", f.message},
                        {"path", f.path.empty() ? Json(nullptr) : Json(f.path)},
                        {"line", opt(f.line)},
                        {"blocking", f.blocking}});
  }
  return Json{{"verdict", p.verdict}, {"findings", findings}};
}

Json details_json(const Details& d) {
  Json assumptions = Json::object();
  for (const auto& a : d.assumptions)
    std::visit([&](const auto& v) { assumptions[a.key] = v; }, a.value);
  Json unpriced = Json::array();
  for (const auto& u : d.unpriced) {
    unpriced.push_back({{"path", u.path},
                        {"cell", opt(u.cell)},
                        {"line", u.line},
                        {"status", u.status},
                        {"reason", u.reason}});
  }
  return Json{{"assumptions", assumptions}, {"unpriced", unpriced}, {"diagnostics", d.diagnostics}};
}

// --- reading ---------------------------------------------------------------------------------

std::optional<Money> read_money(const Json& j) {
  if (!j.is_string()) return std::nullopt;
  return Money::parse(j.get<std::string>());
}

template <typename T>
std::optional<T> read_opt(const Json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<T>();
}

SideView read_side(const Json& j) {
  return SideView{j.value("provider", ""), read_opt<std::string>(j.value("model", Json())),
                  j.value("model_candidates", std::vector<std::string>{}),
                  read_money(j.value("monthly", Json())), j.value("status", "")};
}

ChangeKind read_kind(const std::string& s) {
  if (s == "added") return ChangeKind::kAdded;
  if (s == "removed") return ChangeKind::kRemoved;
  return ChangeKind::kChanged;
}

Change read_change(const Json& j) {
  Change c;
  c.kind = read_kind(j.value("kind", ""));
  c.id = j.value("id", "");
  c.path = j.value("path", "");
  c.cell = read_opt<int>(j.value("cell", Json()));
  c.start_line = j.value("start_line", 0);
  c.function = read_opt<std::string>(j.value("function", Json())).value_or("");
  c.api = j.value("api", "");
  c.base_path = j.value("base_path", "");
  if (j.contains("before") && !j["before"].is_null()) c.before = read_side(j["before"]);
  if (j.contains("after") && !j["after"].is_null()) c.after = read_side(j["after"]);
  c.delta_monthly = read_money(j.value("delta_monthly", Json()));
  c.reasons = j.value("reasons", std::vector<std::string>{});
  if (j.contains("cause") && j["cause"].is_object()) {
    c.cause = resolve::Origin{j["cause"].value("path", ""), j["cause"].value("line", 0), {}};
  }
  return c;
}

void read_details(const Json& j, Details& d) {
  const Json assumptions = j.value("assumptions", Json::object());  // items() must not outlive it
  for (const auto& [key, value] : assumptions.items()) {
    if (value.is_number_integer())
      d.assumptions.push_back({key, value.get<int64_t>()});
    else if (value.is_string())
      d.assumptions.push_back({key, value.get<std::string>()});
  }
  for (const auto& u : j.value("unpriced", Json::array())) {
    d.unpriced.push_back({u.value("path", ""), read_opt<int>(u.value("cell", Json())),
                          u.value("line", 0), u.value("status", ""), u.value("reason", "")});
  }
  d.diagnostics = j.value("diagnostics", 0);
}

void read_policy(const Json& j, PolicyResult& p) {
  p.verdict = j.value("verdict", "none");
  for (const auto& f : j.value("findings", Json::array())) {
    p.findings.push_back({f.value("rule", ""), f.value("message", ""),
                          read_opt<std::string>(f.value("path", Json())).value_or(""),
                          read_opt<int>(f.value("line", Json())), f.value("blocking", true)});
  }
}

Money required_money(const Json& j, const char* key) {
  auto m = read_money(j.value(key, Json()));
  if (!m) throw std::runtime_error(fmt::format("`totals.{}` must be a decimal string", key));
  return *m;
}

ReportDiff read_diff(const Json& j) {
  if (j.value("kind", "") != "diff" || j.value("schema_version", 0) != kDiffSchemaVersion) {
    throw std::runtime_error(
        "not a JSON diff v1 (expected \"kind\": \"diff\", \"schema_version\": 1)");
  }
  ReportDiff d;
  d.base_ref = j.at("base").value("ref", "");
  d.head_ref = j.at("head").value("ref", "");
  d.currency = j.value("currency", "USD");
  d.table_version = j.value("pricing", Json::object()).value("table_version", "");
  for (const auto& c : j.at("changes")) d.changes.push_back(read_change(c));
  const Json& t = j.at("totals");
  d.totals = {required_money(t, "past_monthly"), required_money(t, "monthly"),
              required_money(t, "delta_monthly"), read_money(t.value("percent", Json()))};
  const Json& s = j.at("summary");
  d.summary = {s.value("added", 0), s.value("removed", 0), s.value("changed", 0),
               s.value("unchanged", 0)};
  if (j.contains("price_change") && j["price_change"].is_object()) {
    const Json& p = j["price_change"];
    d.price_change = PriceChange{p.value("base_as_of", ""), p.value("head_as_of", ""),
                                 required_money(p, "price_delta"), required_money(p, "code_delta")};
  }
  read_policy(j.value("policy", Json::object()), d.policy);
  read_details(j.value("details", Json::object()), d.details);
  return d;
}

}  // namespace

std::string render_diff_json(const ReportDiff& d, const DiffContext& ctx) {
  Json j;
  j["schema_version"] = kDiffSchemaVersion;
  j["kind"] = "diff";
  j["tool"] = {{"name", "llmspend"}, {"version", ctx.tool_version}};
  j["path_prefix"] = ctx.repo_prefix;
  j["base"] = {{"ref", d.base_ref}, {"monthly", d.totals.past_monthly.to_fixed(2)}};
  j["head"] = {{"ref", d.head_ref}, {"monthly", d.totals.monthly.to_fixed(2)}};
  j["currency"] = d.currency;
  j["pricing"] = {{"table_version", d.table_version}};
  Json changes = Json::array();
  for (const Change& c : d.changes) changes.push_back(change_json(c));
  j["changes"] = std::move(changes);
  j["totals"] = {
      {"past_monthly", d.totals.past_monthly.to_fixed(2)},
      {"monthly", d.totals.monthly.to_fixed(2)},
      {"delta_monthly", d.totals.delta_monthly.to_fixed(2)},
      {"percent", d.totals.percent ? Json(d.totals.percent->to_fixed(1)) : Json(nullptr)}};
  j["summary"] = {{"added", d.summary.added},
                  {"removed", d.summary.removed},
                  {"changed", d.summary.changed},
                  {"unchanged", d.summary.unchanged}};
  if (d.price_change) {
    const PriceChange& p = *d.price_change;
    j["price_change"] = {{"base_as_of", p.base_as_of},
                         {"head_as_of", p.head_as_of},
                         {"price_delta", p.price_delta.to_fixed(2)},
                         {"code_delta", p.code_delta.to_fixed(2)}};
  }
  j["policy"] = policy_json(d.policy);
  j["details"] = details_json(d.details);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

core::Result<ReportDiff> read_diff_json(std::string_view text, const std::string& origin,
                                        DiffContext* ctx) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Error{
        fmt::format("{}: not valid JSON; give the output of `llmspend diff "
                    "--format json`",
                    origin)};
  }
  try {
    ReportDiff d = read_diff(j);
    if (ctx != nullptr) {
      ctx->tool_version = j.value("tool", Json::object()).value("version", "");
      ctx->repo_prefix = j.value("path_prefix", "");
    }
    return d;
  } catch (const std::exception& e) {
    return core::Error{fmt::format("{}: {}", origin, e.what())};
  }
}

}  // namespace llmspend::diff

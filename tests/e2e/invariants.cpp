#include "invariants.h"

#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/money.h"
#include "report/render.h"

namespace llmspend::e2e {
namespace {

using Json = nlohmann::json;
using core::Money;

Money money(const Json& v) { return v.is_string() ? Money::parse(v.get<std::string>()).value_or(Money()) : Money(); }

void check_sums(const Json& doc, std::vector<std::string>& errors) {
  Money sites, providers, models;
  for (const Json& s : doc["sites"]) sites += money(s["cost"]["monthly"]);
  for (const Json& p : doc["totals"]["by_provider"]) providers += money(p["monthly"]);
  for (const Json& m : doc["totals"]["by_model"]) models += money(m["monthly"]);
  const Money total = money(doc["totals"]["monthly"]);
  for (auto [name, sum] : {std::pair{"sites", sites}, {"by_provider", providers}, {"by_model", models}}) {
    if (sum != total) {
      errors.push_back(fmt::format("{} sum to {} but totals.monthly is {}", name, sum.to_string(),
                                   total.to_string()));
    }
  }
}

/// With projects: one total per project that has a site, summing to the total, counting every
/// site once, and each site's project among them.
void check_projects(const Json& doc, std::vector<std::string>& errors) {
  const Json& totals = doc["totals"];
  if (!totals.contains("by_project")) {
    for (const Json& s : doc["sites"]) {
      if (s.contains("project"))
        errors.push_back("a site has a project but there is no by_project");
    }
    return;
  }
  Money sum;
  std::map<std::string, std::pair<int, int>> counted;  // project ("" = none) → priced, not
  for (const Json& p : totals["by_project"]) {
    sum += money(p["monthly"]);
    counted[p["project"].is_null() ? "" : p["project"].get<std::string>()] = {
        p["sites"].get<int>(), p["not_priced"].get<int>()};
  }
  if (sum != money(totals["monthly"]))
    errors.push_back("by_project does not sum to totals.monthly");
  std::map<std::string, std::pair<int, int>> seen;
  for (const Json& s : doc["sites"]) {
    const std::string name = s["project"].is_null() ? "" : s["project"].get<std::string>();
    auto& [priced, not_priced] = seen[name];
    ++(s["cost"]["monthly"].is_null() ? not_priced : priced);
  }
  if (seen != counted) errors.push_back("by_project does not count the sites of each project");
}

void check_ids_and_counts(const Json& doc, std::vector<std::string>& errors) {
  std::set<std::string> ids;
  std::map<std::string, int> by_status;
  for (const Json& s : doc["sites"]) {
    if (!ids.insert(s["id"].get<std::string>()).second) errors.push_back("duplicate id " + s["id"].dump());
    ++by_status[s["status"].get<std::string>()];
  }
  const Json& sum = doc["summary"];
  if (sum["sites"] != doc["sites"].size()) errors.push_back("summary.sites differs from the rows");
  for (const char* st : {"estimated", "usage_unknown", "unpriced_model", "unresolved_model", "free"}) {
    if (sum[st] != by_status[st]) errors.push_back(fmt::format("summary.{} differs from the rows", st));
  }
}

void check_status(const Json& s, std::vector<std::string>& errors) {
  const std::string st = s["status"].get<std::string>();
  const Json& monthly = s["cost"]["monthly"];
  const bool has_cost = !monthly.is_null();
  if ((st == "estimated" || st == "free") != has_cost) {
    errors.push_back(fmt::format("{}: status {} but monthly {}", s["id"].dump(), st, monthly.dump()));
  }
  if (st == "free" && has_cost && !money(monthly).is_zero()) errors.push_back(s["id"].dump() + ": free but costs");
  if (st == "unresolved_model" && (!s["model"].is_null() || !s["model_candidates"].empty())) {
    errors.push_back(s["id"].dump() + ": unresolved_model with a model");
  }
  if (st == "estimated" && s["price"].is_null()) errors.push_back(s["id"].dump() + ": estimated without price");
}

void check_order(const Json& doc, std::vector<std::string>& errors) {
  const Json& sites = doc["sites"];
  for (size_t i = 1; i < sites.size(); ++i) {
    const Json& a = sites[i - 1]["cost"]["monthly"];
    const Json& b = sites[i]["cost"]["monthly"];
    const bool bad = (a.is_null() && !b.is_null()) ||
                     (!a.is_null() && !b.is_null() && money(a) < money(b));
    if (bad) errors.push_back(fmt::format("sites {} and {} are not in cost order", i - 1, i));
  }
}

}  // namespace

std::vector<std::string> check_invariants(const std::string& json_text) {
  std::vector<std::string> errors;
  Json doc = Json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) return {"not valid JSON"};
  check_sums(doc, errors);
  check_projects(doc, errors);
  check_ids_and_counts(doc, errors);
  for (const Json& s : doc["sites"]) check_status(s, errors);
  check_order(doc, errors);
  auto back = report::read_json_report(json_text, "output");
  if (!back) {
    errors.push_back("does not read back: " + back.error().message);
  } else if (report::render_json(*back) != json_text) {
    errors.push_back("does not re-render byte for byte after reading back");
  }
  return errors;
}

}  // namespace llmspend::e2e

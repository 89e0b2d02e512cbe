// SARIF 2.1.0 for code scanning: sites whose model is unresolved or unpriced, or whose units are
// not modelled, are warnings/notes at their location; every priced site is a note with its cost,
// so reviewers see spend inline.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/escape.h"
#include "report/render.h"
#include "report/text_util.h"

namespace llmspend::report {
namespace {

using Json = nlohmann::ordered_json;
using cost::Status;

struct Rule {
  const char* id;
  const char* level;
  const char* text;
};

constexpr Rule kRules[] = {
    {"unresolved-model", "warning", "The model of an LLM call could not be resolved statically."},
    {"unpriced-model", "warning", "The model of an LLM call has no price in the price table."},
    {"usage-unknown", "note", "The units this LLM call is billed by are not modelled yet."},
    {"site-cost", "note", "Estimated monthly spend of an LLM call site."},
};

const Rule* rule_for(Status s) {
  switch (s) {
    case Status::kUnresolvedModel: return &kRules[0];
    case Status::kUnpricedModel: return &kRules[1];
    case Status::kUsageUnknown: return &kRules[2];
    case Status::kEstimated: return &kRules[3];
    case Status::kFree: return nullptr;
  }
  return nullptr;
}

std::string message(const cost::CostedSite& c) {
  const std::string where = c.site.cell ? fmt::format(" (cell {})", *c.site.cell) : "";
  if (c.status == Status::kEstimated) {
    return fmt::format("{} {} via {}: {} / month ({} calls/month){}", c.site.provider,
                       model_text(c.site), c.site.api, c.monthly->to_display(),
                       count_text(c.calls_per_month.value), where);
  }
  return fmt::format("{} call: {}{}", c.site.api, skip_reason(c), where);
}

Json result(const cost::CostedSite& c, const Rule& rule) {
  Json region = {{"startLine", std::max(1, c.site.start_line)},
                 {"startColumn", std::max(1, c.site.start_col)}};
  Json location = {{"physicalLocation",
                    {{"artifactLocation", {{"uri", uri_path(c.site.path)}, {"uriBaseId", "SRCROOT"}}},
                     {"region", region}}}};
  return Json{{"ruleId", rule.id},
              {"level", rule.level},
              {"message", {{"text", message(c)}}},
              {"locations", Json::array({location})},
              {"partialFingerprints", {{"llmspendSiteId", c.site.id}}}};
}

Json rules_json() {
  Json rules = Json::array();
  for (const Rule& r : kRules) {
    rules.push_back({{"id", r.id},
                     {"shortDescription", {{"text", r.text}}},
                     {"defaultConfiguration", {{"level", r.level}}}});
  }
  return rules;
}

}  // namespace

std::string render_sarif(const Report& r) {
  Json results = Json::array();
  for (const auto& c : r.sites) {
    if (const Rule* rule = rule_for(c.status)) results.push_back(result(c, *rule));
  }
  Json driver = {{"name", "llmspend"},
                 {"version", r.tool_version},
                 {"informationUri", "https://github.com/llmspend/llmspend"},
                 {"rules", rules_json()}};
  Json run = {{"tool", {{"driver", driver}}}, {"results", results}};
  Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({run})}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "markdown") return Format::kMarkdown;
  if (name == "csv") return Format::kCsv;
  if (name == "sarif") return Format::kSarif;
  return std::nullopt;
}

std::string render(const Report& r, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::kTable: return render_table(r, options);
    case Format::kJson: return render_json(r);
    case Format::kMarkdown: return render_markdown(r);
    case Format::kCsv: return render_csv(r);
    case Format::kSarif: return render_sarif(r);
  }
  return {};
}

}  // namespace llmspend::report

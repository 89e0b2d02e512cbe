// Markdown (for PR descriptions, job summaries) and CSV (for spreadsheets). Both list every site
// in report order; Markdown adds the totals and assumptions. Markdown, read by people, shows the
// reasoning and units columns only when some site has them; CSV, read by programs, always has
// every column (new ones are appended, so positions of the old ones never move).
#include <fmt/format.h>

#include "report/escape.h"
#include "report/render.h"
#include "report/text_util.h"

namespace llmspend::report {
namespace {

std::string md_monthly(const cost::CostedSite& c) {
  return c.monthly ? c.monthly->to_display() : "_" + status_text(c.status) + "_";
}

/// RFC 4180: quote when the field holds a comma, quote or line break; double the quotes.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// Text from analysed code in a spreadsheet: a leading = + - @ (or tab/CR) would make Excel and
/// LibreOffice evaluate the cell as a formula (CSV injection); a leading apostrophe keeps it text.
std::string csv_text(const std::string& s) {
  if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos) {
    return "'" + s;
  }
  return s;
}

std::string opt_num(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }
std::string opt_money(const std::optional<core::Money>& m) { return m ? m->to_string() : ""; }

/// The site table's header; reasoning and units columns only when some site has them, the
/// project column only when the config has projects.
std::string markdown_header(const OptionalColumns& o, bool projects) {
  std::string titles = "| Monthly |";
  std::string rule = "|---:|";
  if (projects) {
    titles += " Project |";
    rule += "---|";
  }
  titles += " Provider | Model | API | Calls/mo | In tok | Out tok |";
  rule += "---|---|---|---:|---:|---:|";
  if (o.reasoning) {
    titles += " Reasoning tok |";
    rule += "---:|";
  }
  if (o.units) {
    titles += " Units |";
    rule += "---:|";
  }
  return titles + " Location |\n" + rule + "---|\n";
}

std::string project_cell(const std::string& project) {
  return project.empty() ? "_outside every project_" : markdown_text(project);
}

std::string markdown_row(const cost::CostedSite& c, const OptionalColumns& o, bool projects) {
  // Provider, model, API and location all come from analysed code: escaped (escape.h).
  std::string row = fmt::format("| {} |", md_monthly(c));
  if (projects) row += fmt::format(" {} |", project_cell(c.project));
  row += fmt::format(" {} | {} | {} | {} | {} | {} |", markdown_text(c.site.provider),
                     markdown_text(model_text(c.site)), markdown_text(c.site.api),
                     count_text(c.calls_per_month.value), tokens_text(c.input_tokens),
                     tokens_text(c.output_tokens));
  if (o.reasoning) row += fmt::format(" {} |", reasoning_text(c));
  if (o.units) row += fmt::format(" {} |", units_text(c));
  return row + fmt::format(" {} |\n", markdown_code(location_text(c.site)));
}

/// Per project: its spend, priced sites and the ones that are not.
std::string markdown_projects(const Report& r) {
  std::string out =
      "\n| Project | Path | Monthly | Sites | Not priced |\n|---|---|---:|---:|---:|\n";
  for (const ProjectTotal& p : r.by_project) {
    out += fmt::format("| {} | {} | {} | {} | {} |\n", project_cell(p.project),
                       p.path.empty() ? "" : markdown_code(p.path), p.monthly.to_display(), p.sites,
                       p.not_priced);
  }
  return out;
}

}  // namespace

std::string render_markdown(const Report& r) {
  std::string out = fmt::format("### LLM spend: {} / month\n\n", r.total_monthly.to_display());
  const OptionalColumns optional = optional_columns(r);
  out += markdown_header(optional, r.has_projects);
  for (const auto& c : r.sites) out += markdown_row(c, optional, r.has_projects);
  const Summary& s = r.summary;
  out += fmt::format(
      "\n**Total: {} / month** · {} sites: {} estimated, {} unresolved model, {} unpriced model, "
      "{} usage unknown, {} free · prices {} ({})\n",
      r.total_monthly.to_display(), s.sites, s.estimated, s.unresolved_model, s.unpriced_model,
      s.usage_unknown, s.free, markdown_text(r.pricing.table_version),
      markdown_text(r.pricing.source));
  if (r.has_projects) out += markdown_projects(r);
  if (!r.assumptions.empty()) {
    out += "\n<details><summary>Assumptions</summary>\n\n";
    for (const auto& a : r.assumptions) out += "- " + markdown_code(assumption_text(a)) + "\n";
    out += "\n</details>\n";
  }
  return out;
}

std::string render_csv(const Report& r) {
  std::string out =
      "id,path,cell,start_line,function,provider,model,model_source,api,status,calls_per_month,"
      "input_tokens,output_tokens,per_call,monthly,reasoning_tokens,units,unit,project\r\n";
  for (const auto& c : r.sites) {
    const auto& s = c.site;
    const std::string model =
        s.model ? *s.model : fmt::format("{}", fmt::join(s.model_candidates, "|"));
    std::vector<std::string> f = {
        csv_text(s.id), csv_text(s.path), s.cell ? std::to_string(*s.cell) : "",
        std::to_string(s.start_line), csv_text(s.function), csv_text(s.provider), csv_text(model),
        csv_text(s.model_source), csv_text(s.api), std::string(cost::status_name(c.status)),
        opt_num(c.calls_per_month.value), opt_num(c.input_tokens.value),
        opt_num(c.output_tokens.value), opt_money(c.per_call),
        c.monthly ? c.monthly->to_fixed(2) : "", opt_num(c.reasoning_tokens.value),
        opt_num(c.units.value), csv_text(c.unit), csv_text(c.project)};
    for (auto& field : f) field = csv_field(field);
    out += fmt::format("{}\r\n", fmt::join(f, ","));
  }
  return out;
}

}  // namespace llmspend::report

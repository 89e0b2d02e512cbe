// The terminal table: one line per site, most expensive first, then rollups, the total, the
// status counts and the assumptions that priced something. Colour only when asked (TTY).
#include <fmt/format.h>

#include "report/escape.h"
#include "report/render.h"
#include "report/text_util.h"

namespace llmspend::report {
namespace {

using cost::Status;

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kReset = "\x1b[0m";

class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string operator()(const char* code, const std::string& text) const {
    return on_ && !text.empty() ? code + text + kReset : text;
  }

 private:
  bool on_;
};

std::string monthly_cell(const cost::CostedSite& c) {
  if (c.monthly) return c.monthly->to_display();
  switch (c.status) {
    case Status::kUnresolvedModel: return "unresolved";
    case Status::kUnpricedModel: return "unpriced";
    default: return "unknown";
  }
}

std::string where_cell(const resolve::ResolvedSite& s) {
  std::string where = location_text(s);
  if (!s.function.empty()) where += fmt::format(" ({})", s.function);
  return where;
}

/// One column of the site table: its title, alignment and cell.
struct Column {
  const char* title;
  bool right;
  std::string (*cell)(const cost::CostedSite&);
};

std::string model_cell(const cost::CostedSite& c) {
  std::string model = model_text(c.site);
  if (c.site.model_source == "config_default") model += " (config default)";
  return model;
}

/// The columns of the site table; reasoning and units only when some site has them.
std::vector<Column> site_columns(const OptionalColumns& optional) {
  std::vector<Column> cols = {
      {"MONTHLY", true, monthly_cell},
      {"PROVIDER", false, [](const cost::CostedSite& c) { return c.site.provider; }},
      {"MODEL", false, model_cell},
      {"API", false, [](const cost::CostedSite& c) { return c.site.api; }},
      {"CALLS/MO", true,
       [](const cost::CostedSite& c) { return count_text(c.calls_per_month.value); }},
      {"IN TOK", true, [](const cost::CostedSite& c) { return tokens_text(c.input_tokens); }},
      {"OUT TOK", true, [](const cost::CostedSite& c) { return tokens_text(c.output_tokens); }}};
  if (optional.reasoning) cols.push_back({"REASONING", true, reasoning_text});
  if (optional.units) cols.push_back({"UNITS", true, units_text});
  cols.push_back({"LOCATION", false, [](const cost::CostedSite& c) { return where_cell(c.site); }});
  return cols;
}

const char* row_colour(Status s) {
  if (s == Status::kFree) return kDim;
  if (s == Status::kEstimated) return "";
  return kYellow;
}

/// The sites in table order: report order, or with projects grouped as `by_project` lists them
/// (report order within a group).
std::vector<const cost::CostedSite*> table_order(const Report& r) {
  std::vector<const cost::CostedSite*> out;
  out.reserve(r.sites.size());
  if (!r.has_projects) {
    for (const auto& c : r.sites) out.push_back(&c);
    return out;
  }
  for (const ProjectTotal& group : r.by_project) {
    for (const auto& c : r.sites) {
      if (c.project == group.project) out.push_back(&c);
    }
  }
  return out;
}

TextTable site_table(const std::vector<Column>& cols,
                     const std::vector<const cost::CostedSite*>& rows) {
  TextTable t;
  std::vector<std::string> titles;
  std::vector<bool> right;
  for (const Column& col : cols) {
    titles.push_back(col.title);
    right.push_back(col.right);
  }
  t.columns(std::move(titles), std::move(right));
  for (const cost::CostedSite* c : rows) {
    std::vector<std::string> cells;
    cells.reserve(cols.size());
    for (const Column& col : cols) cells.push_back(col.cell(*c));
    t.row(std::move(cells));
  }
  return t;
}

std::string group_title(const ProjectTotal& g) {
  if (g.project.empty()) return "OUTSIDE EVERY PROJECT";
  return terminal_text(fmt::format("PROJECT {} ({})", g.project, g.path));
}

/// "subtotal · 3 sites, 1 not priced".
std::string subtotal_text(const ProjectTotal& g) {
  const int n = g.sites + g.not_priced;
  std::string text = fmt::format("subtotal · {} site{}", n, n == 1 ? "" : "s");
  if (g.not_priced > 0) text += fmt::format(", {} not priced", g.not_priced);
  return text;
}

/// Projects: a title line before each group and its subtotal, in the MONTHLY column, after it.
void append_groups(const Report& r, const std::vector<std::string>& lines,
                   const std::vector<const cost::CostedSite*>& rows, size_t monthly_width,
                   const Painter& paint, std::string& out) {
  size_t next = 0;
  for (const ProjectTotal& g : r.by_project) {
    out += (next == 0 ? " " : "\n ") + paint(kBold, group_title(g)) + "\n";
    for (; next < rows.size() && rows[next]->project == g.project; ++next) {
      out += " " + paint(row_colour(rows[next]->status), lines[next + 1]) + "\n";
    }
    const std::string amount = g.monthly.to_display();
    out += " " + std::string(monthly_width - std::min(monthly_width, display_width(amount)), ' ') +
           paint(kBold, amount) + "  " + subtotal_text(g) + "\n";
  }
}

void append_sites(const Report& r, const Painter& paint, std::string& out) {
  const std::vector<const cost::CostedSite*> rows = table_order(r);
  TextTable t = site_table(site_columns(optional_columns(r)), rows);
  // Subtotals sit in the MONTHLY column, so it is as wide as the widest of them.
  for (const ProjectTotal& g : r.by_project) t.min_width(0, display_width(g.monthly.to_display()));
  const std::vector<std::string> lines = t.lines();
  out += " " + paint(kBold, lines[0]) + "\n";
  if (r.has_projects) return append_groups(r, lines, rows, t.widths()[0], paint, out);
  for (size_t i = 1; i < lines.size(); ++i) {
    out += " " + paint(row_colour(rows[i - 1]->status), lines[i]) + "\n";
  }
}

constexpr size_t kRollupRows = 10;  // the table shows the largest; JSON has them all

template <typename T, typename Name>
void append_rollup(const char* title, const std::vector<T>& totals, Name name, std::string& out) {
  TextTable t;
  t.columns({title, "MONTHLY", "SITES"}, {false, true, true});
  for (size_t i = 0; i < totals.size() && i < kRollupRows; ++i) {
    t.row({name(totals[i]), totals[i].monthly.to_display(), std::to_string(totals[i].sites)});
  }
  out += "\n";
  for (const std::string& line : t.lines()) out += " " + line + "\n";
  if (totals.size() > kRollupRows) out += fmt::format(" … {} more\n", totals.size() - kRollupRows);
}

void append_rollups(const Report& r, std::string& out) {
  if (r.by_provider.size() > 1) {
    append_rollup("BY PROVIDER", r.by_provider, [](const ProviderTotal& t) { return t.provider; },
                  out);
  }
  if (r.by_model.size() > 1) {
    append_rollup("BY MODEL", r.by_model,
                  [](const ModelTotal& t) { return t.provider + " " + t.model; }, out);
  }
}

std::string counts_line(const Summary& s) {
  std::vector<std::string> parts;
  const std::pair<int, const char*> items[] = {{s.estimated, "estimated"},
                                               {s.unresolved_model, "unresolved model"},
                                               {s.unpriced_model, "unpriced model"},
                                               {s.usage_unknown, "usage unknown"},
                                               {s.free, "free"}};
  for (const auto& [n, label] : items) {
    if (n > 0) parts.push_back(fmt::format("{} {}", n, label));
  }
  return fmt::format("{} site{}{}{}", s.sites, s.sites == 1 ? "" : "s", parts.empty() ? "" : ": ",
                     fmt::join(parts, ", "));
}

void append_skipped(const Report& r, const RenderOptions& o, std::string& out) {
  const Summary& s = r.summary;
  const int skipped = s.unresolved_model + s.unpriced_model + s.usage_unknown;
  if (skipped == 0) return;
  if (!o.show_skipped) {
    out += fmt::format(" {} site{} not priced; --show-skipped says why.\n", skipped,
                       skipped == 1 ? " is" : "s are");
    return;
  }
  out += "\n Not priced:\n";
  for (const auto& c : r.sites) {
    if (c.monthly || c.status == Status::kFree) continue;
    out += fmt::format("   {}  {}: {}\n", terminal_text(location_text(c.site)),
                       status_text(c.status), terminal_text(skip_reason(c)));
  }
}

void append_footer(const Report& r, const RenderOptions& o, const Painter& paint,
                   std::string& out) {
  out += "\n " + paint(kBold, "TOTAL") + "  " +
         paint(kGreen, r.total_monthly.to_display() + " / month") + "\n";
  out += " " + counts_line(r.summary) + "\n";
  append_skipped(r, o, out);
  if (r.assumptions.empty()) return;
  out += "\n " + paint(kDim, "Assumptions (override them in llmspend-usage.yml; `llmspend usage init` writes one):") + "\n";
  for (const auto& a : r.assumptions) out += "   " + assumption_text(a) + "\n";
}

/// Usage file entries that price nothing are the reader's own mistakes (a stale id, a typo):
/// shown where they will be read, not only counted like unreadable source files.
void append_usage_warnings(const Report& r, std::string& out) {
  std::vector<const core::Diagnostic*> found;
  for (const auto& d : r.diagnostics) {
    if (d.code == "usage-entry-unmatched") found.push_back(&d);
  }
  if (found.empty()) return;
  out += "\n Usage file entries that price nothing:\n";
  for (const core::Diagnostic* d : found) {
    const std::string where = d->line ? fmt::format("{}:{}", d->path, *d->line) : d->path;
    out += "   " + terminal_text(where + "  " + d->message) + "\n";
  }
}

}  // namespace

std::string render_table(const Report& r, const RenderOptions& o) {
  Painter paint(o.color);
  std::string out = fmt::format(" llmspend {} · {} · prices {} ({})\n\n", r.tool_version,
                                terminal_text(r.root), terminal_text(r.pricing.table_version),
                                terminal_text(r.pricing.source));
  if (r.sites.empty()) {
    out += " No LLM API call sites found.\n";
  } else {
    append_sites(r, paint, out);
    append_rollups(r, out);
  }
  append_footer(r, o, paint, out);
  append_usage_warnings(r, out);
  if (!r.diagnostics.empty()) {
    out += fmt::format("\n {} diagnostic{} (see --format json)\n", r.diagnostics.size(),
                       r.diagnostics.size() == 1 ? "" : "s");
  }
  return out;
}

}  // namespace llmspend::report

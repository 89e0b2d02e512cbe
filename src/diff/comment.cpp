// The sticky PR comment (GitHub Markdown). Layout: marker, headline, changed-sites table, policy
// verdict, collapsed details, footer. Size: GitHub rejects bodies over 65,536 characters; we
// count bytes (never fewer than GitHub's characters) and drop details, then table rows, never
// the headline or the verdict.
#include <cctype>

#include <fmt/format.h>

#include "diff/markdown_escape.h"
#include "diff/render.h"
#include "report/text_util.h"

namespace llmspend::diff {
namespace {

using core::Money;

constexpr size_t kMaxFindings = 50;   // the verdict lists at most this many findings
constexpr size_t kNoteReserve = 400;  // room for the "N more rows" and "details omitted" notes

/// Our own text (numbers, fixed words): only `$` needs escaping, or GitHub may read the span
/// between two amounts as LaTeX math.
std::string plain(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '$') out += '\\';
    out += ch;
  }
  return out;
}

/// Version strings and dates: only characters they are made of survive.
std::string token(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '+')
      out += ch;
  }
  return out;
}

std::string join_path(const std::string& prefix, const std::string& path) {
  return prefix.empty() ? path : prefix + "/" + path;
}

std::string site_link(const std::string& path, std::optional<int> cell, int line,
                      const DiffContext& ctx, const CommentOptions& o) {
  const std::string label =
      cell ? fmt::format("{} cell {}:{}", path, *cell, line) : fmt::format("{}:{}", path, line);
  if (o.blob_url.empty()) return md_code(label);
  std::string url = o.blob_url + url_path(join_path(ctx.repo_prefix, path));
  if (!cell && line > 0) url += fmt::format("#L{}", line);
  return fmt::format("[{}]({})", md_code(label), url);
}

std::string model_cell(const std::optional<SideView>& s) {
  if (!s) return "";
  if (s->model) return md_code(*s->model);
  if (!s->model_candidates.empty()) {
    return md_code(fmt::format("{}", fmt::join(s->model_candidates, " | ")));
  }
  return "unresolved";
}

std::string monthly_cell(const std::optional<SideView>& s) {
  if (!s) return "";
  return s->monthly ? plain(s->monthly->to_display()) : "?";
}

std::string arrow(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty() || a == b) return a.empty() ? b : a;
  return a + " → " + b;
}

std::string why_cell(const Change& c, const DiffContext& ctx, const CommentOptions& o) {
  std::string out = md_text(fmt::format("{}", fmt::join(c.reasons, ", ")));
  if (c.kind == ChangeKind::kAdded) out = "new";
  if (c.kind == ChangeKind::kRemoved) out = "removed";
  if (!c.base_path.empty()) out += " (renamed from " + md_code(c.base_path) + ")";
  if (c.cause) out += " via " + site_link(c.cause->path, c.cause->cell, c.cause->line, ctx, o);
  return out;
}

std::string row(const Change& c, const DiffContext& ctx, const CommentOptions& o) {
  const char* mark = c.kind == ChangeKind::kAdded     ? "+"
                     : c.kind == ChangeKind::kRemoved ? "−"
                                                      : "~";
  return fmt::format(
      "| {} | {} | {} | {} | {} | {} |\n", mark, site_link(c.path, c.cell, c.start_line, ctx, o),
      arrow(model_cell(c.before), model_cell(c.after)),
      arrow(monthly_cell(c.before), monthly_cell(c.after)),
      c.delta_monthly ? plain(signed_display(*c.delta_monthly)) : "?", why_cell(c, ctx, o));
}

std::string summary_block(const ReportDiff& d) {
  std::string out = std::string(kCommentMarker) + "\n### LLM spend (llmspend)\n\n";
  out += "**" + plain(headline(d)) + "**\n\n";
  if (d.price_change) {
    out += plain(fmt::format("Of the change, {} is price-table changes between {} and {}; {} "
                             "is the code.",
                             signed_display(d.price_change->price_delta),
                             token(d.price_change->base_as_of), token(d.price_change->head_as_of),
                             signed_display(d.price_change->code_delta))) +
           "\n\n";
  }
  out += fmt::format("{} changed · {} added · {} removed · {} unchanged\n\n", d.summary.changed,
                     d.summary.added, d.summary.removed, d.summary.unchanged);
  return out;
}

std::string verdict_block(const PolicyResult& p, const DiffContext& ctx, const CommentOptions& o) {
  if (p.verdict == "none") return "";
  std::string out = p.verdict == "fail" ? "**Policy: ❌ failed**\n\n" : "**Policy: ✅ passed**\n\n";
  for (size_t i = 0; i < p.findings.size() && i < kMaxFindings; ++i) {
    const Finding& f = p.findings[i];
    std::string where = f.line ? " at " + site_link(f.path, std::nullopt, *f.line, ctx, o)
                               : (f.path.empty() ? "" : " for " + md_code(f.path));
    out += fmt::format("- {} {}: {}{}\n", f.blocking ? "❌" : "⚠️", md_code(f.rule),
                       md_text(f.message), where);
  }
  if (p.findings.size() > kMaxFindings) {
    out += fmt::format("- … and {} more (see the JSON output)\n", p.findings.size() - kMaxFindings);
  }
  return out + "\n";
}

std::string details_section(const std::string& title, const std::string& body) {
  return fmt::format("<details><summary>{}</summary>\n\n{}\n</details>\n\n", title, body);
}

std::vector<std::string> details_blocks(const ReportDiff& d, const DiffContext& ctx,
                                        const CommentOptions& o) {
  std::vector<std::string> out;
  if (!d.details.unpriced.empty()) {
    std::string body;
    for (const auto& u : d.details.unpriced) {
      auto status = cost::parse_status(u.status);
      body += fmt::format("- {} — {}{}\n", site_link(u.path, u.cell, u.line, ctx, o),
                          md_text(status ? report::status_text(*status) : u.status),
                          u.reason.empty() ? "" : ": " + md_text(u.reason));
    }
    out.push_back(details_section(
        fmt::format("Sites without a price ({})", d.details.unpriced.size()), body));
  }
  if (!d.details.assumptions.empty()) {
    std::string body;
    for (const auto& a : d.details.assumptions) {
      body += "- " + md_code(report::assumption_text(a)) + "\n";
    }
    body += "\nOverride them in `llmspend-usage.yml` (`llmspend usage init` writes one).\n";
    out.push_back(details_section("Assumptions", body));
  }
  std::string counts = fmt::format("{} sites did not change cost.", d.summary.unchanged);
  if (d.details.diagnostics > 0) {
    counts += fmt::format(" {} files could not be analysed (see the JSON output).",
                          d.details.diagnostics);
  }
  out.push_back(details_section("Unchanged sites", counts + "\n"));
  return out;
}

std::string footer(const ReportDiff& d, const DiffContext& ctx) {
  auto short_ref = [](const std::string& r) { return r.size() == 40 ? r.substr(0, 7) : r; };
  return fmt::format("<sub>llmspend {} · prices {} · {} → {}</sub>\n", token(ctx.tool_version),
                     token(d.table_version), md_code(short_ref(d.base_ref)),
                     md_code(short_ref(d.head_ref)));
}

}  // namespace

std::string headline(const ReportDiff& d) {
  const Money delta = d.totals.delta_monthly;
  if (delta.is_zero()) {
    return fmt::format("Monthly LLM spend: no change, {}", d.totals.monthly.to_display());
  }
  std::string pct;
  if (d.totals.percent) {
    std::string p = d.totals.percent->to_fixed(1);
    if (p.size() > 2 && p.compare(p.size() - 2, 2, ".0") == 0) p.resize(p.size() - 2);
    pct = fmt::format(" ({}{}%)", delta.is_negative() ? "" : "+", p);
  }
  return fmt::format("Monthly LLM spend: {}{} {}, {} → {}", signed_display(delta), pct,
                     delta.is_negative() ? "📉" : "📈", d.totals.past_monthly.to_display(),
                     d.totals.monthly.to_display());
}

std::string render_github_comment(const ReportDiff& d, const DiffContext& ctx,
                                  const CommentOptions& o) {
  const std::string top = summary_block(d);
  const std::string verdict = verdict_block(d.policy, ctx, o);
  const std::string tail = footer(d, ctx);
  size_t used = top.size() + verdict.size() + tail.size() + kNoteReserve;
  std::string table;
  size_t shown = 0;
  if (!d.changes.empty()) {
    table = "| | Site | Model | Monthly | Δ | Why |\n|---|---|---|---:|---:|---|\n";
    used += table.size();
    for (const Change& c : d.changes) {
      std::string r = row(c, ctx, o);
      if (used + r.size() > o.max_chars) break;
      table += r;
      used += r.size();
      ++shown;
    }
    if (shown < d.changes.size()) {
      table += fmt::format(
          "\n… and {} more changed sites, left out to stay under GitHub's comment "
          "size limit (see the job summary or the JSON output).\n",
          d.changes.size() - shown);
    }
    table += "\n";
  }
  std::string details;
  bool omitted = false;
  for (const std::string& block : details_blocks(d, ctx, o)) {
    if (used + block.size() > o.max_chars) {
      omitted = true;
      continue;
    }
    details += block;
    used += block.size();
  }
  if (omitted)
    details += "Some details were left out to stay under GitHub's comment size limit.\n\n";
  return top + table + verdict + details + tail;
}

}  // namespace llmspend::diff

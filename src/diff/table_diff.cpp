// The terminal view of a diff, Infracost-style: one line per listed site marked `~` changed,
// `+` added, `-` removed, with old → new model and monthly cost, the delta and why.
#include <fmt/format.h>

#include "diff/render.h"
#include "report/text_util.h"

namespace llmspend::diff {
namespace {

using core::Money;

std::string short_ref(const std::string& ref) {
  const bool sha =
      ref.size() == 40 && ref.find_first_not_of("0123456789abcdef") == std::string::npos;
  return sha ? ref.substr(0, 7) : ref;
}

std::string model_of(const SideView& s) {
  if (s.model) return *s.model;
  if (!s.model_candidates.empty()) return fmt::format("{}", fmt::join(s.model_candidates, " | "));
  return "?";
}

std::string monthly_of(const SideView& s) { return s.monthly ? s.monthly->to_display() : "?"; }

std::string location(const Change& c) {
  std::string at = c.cell ? fmt::format("{} cell {}:{}", c.path, *c.cell, c.start_line)
                          : fmt::format("{}:{}", c.path, c.start_line);
  if (!c.function.empty()) at += " (" + c.function + ")";
  if (!c.base_path.empty()) at += " (was " + c.base_path + ")";
  return at;
}

/// "a → b" when the sides differ, else the one value.
std::string arrow(const std::optional<SideView>& before, const std::optional<SideView>& after,
                  std::string (*field)(const SideView&)) {
  if (!before) return field(*after);
  if (!after) return field(*before);
  const std::string a = field(*before), b = field(*after);
  return a == b ? b : a + " → " + b;
}

std::string why(const Change& c) {
  std::string out = fmt::format("{}", fmt::join(c.reasons, ", "));
  if (c.cause) out += fmt::format(" via {}:{}", c.cause->path, c.cause->line);
  return out;
}

const char* marker(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "+";
    case ChangeKind::kRemoved:
      return "-";
    case ChangeKind::kChanged:
      return "~";
  }
  return "~";
}

std::string paint(bool color, ChangeKind k, const std::string& s) {
  if (!color) return s;
  const char* code = k == ChangeKind::kAdded ? "32" : k == ChangeKind::kRemoved ? "31" : "33";
  return fmt::format("\033[{}m{}\033[0m", code, s);
}

void policy_lines(const PolicyResult& p, std::string& out) {
  if (p.verdict == "none") return;
  out += fmt::format("\n Policy: {}\n", p.verdict == "fail" ? "FAILED" : "passed");
  for (const Finding& f : p.findings) {
    std::string where = f.path.empty() ? ""
                                       : (f.line ? fmt::format(" ({}:{})", f.path, *f.line)
                                                 : fmt::format(" ({})", f.path));
    out += fmt::format("   {} {}: {}{}\n", f.blocking ? "✗" : "!", f.rule, f.message, where);
  }
}

}  // namespace

std::string signed_display(const Money& m) {
  if (m.is_zero()) return Money().to_display();
  return (m.is_negative() ? "-" : "+") + (m.is_negative() ? Money() - m : m).to_display();
}

std::string render_diff_table(const ReportDiff& d, bool color) {
  std::string out = fmt::format(" llmspend diff · base {} → head {} · prices {}\n\n",
                                short_ref(d.base_ref), short_ref(d.head_ref), d.table_version);
  report::TextTable t;
  t.columns({"", "LOCATION", "MODEL", "MONTHLY", "DELTA", "WHY"},
            {false, false, false, true, true, false});
  for (const Change& c : d.changes) {
    t.row({marker(c.kind), location(c), arrow(c.before, c.after, model_of),
           arrow(c.before, c.after, monthly_of),
           c.delta_monthly ? signed_display(*c.delta_monthly) : "?", why(c)});
  }
  if (t.rows() > 0) {
    auto lines = t.lines();
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string line = " " + lines[i] + "\n";
      out += i == 0 ? line : paint(color, d.changes[i - 1].kind, line);
    }
    out += "\n";
  } else {
    out += " No call site changed cost.\n\n";
  }
  out += " " + headline(d) + "\n";
  if (d.price_change) {
    out += fmt::format(" of which prices ({} → {}): {}, code: {}\n", d.price_change->base_as_of,
                       d.price_change->head_as_of, signed_display(d.price_change->price_delta),
                       signed_display(d.price_change->code_delta));
  }
  out += fmt::format(" {} changed, {} added, {} removed, {} unchanged\n", d.summary.changed,
                     d.summary.added, d.summary.removed, d.summary.unchanged);
  policy_lines(d.policy, out);
  return out;
}

}  // namespace llmspend::diff

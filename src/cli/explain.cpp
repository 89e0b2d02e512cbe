// `llmspend explain FILE:LINE|ID [PATH]`: the whole chain for one site — the call, how provider
// and model were decided and from where, the price period, each usage figure with its source,
// and the arithmetic that gives the monthly cost.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "report/escape.h"
#include "report/render.h"
#include "report/text_util.h"

namespace llmspend::cli {
namespace {

using cost::CostedSite;

/// A FILE:LINE target; in a notebook "FILE cell N:LINE", as `scan` prints locations.
struct FileLine {
  std::string file;
  int line = 0;
  std::optional<int> cell;
};

/// Digits as a number; nullopt for anything else (or a number no file has lines for).
std::optional<int> number(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int n = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  return n;
}

/// "app/chat.py:41", "nb.ipynb cell 2:3"; nullopt when the target is not one (then it is an id).
std::optional<FileLine> split_file_line(const std::string& target) {
  const size_t colon = target.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  auto line = number(std::string_view(target).substr(colon + 1));
  if (!line) return std::nullopt;
  FileLine out{target.substr(0, colon), *line, std::nullopt};
  const size_t cell = out.file.rfind(" cell ");
  if (cell != std::string::npos) {
    if (auto n = number(std::string_view(out.file).substr(cell + 6))) {
      out.cell = n;
      out.file.resize(cell);
    }
  }
  return out;
}

bool path_matches(const std::string& site_path, const std::string& file, const std::string& root) {
  if (site_path == file) return true;
  const std::string prefixed = root == "." ? site_path : root + "/" + site_path;
  return prefixed == file || file == "./" + site_path || file == "./" + prefixed;
}

bool at(const resolve::ResolvedSite& s, const FileLine& fl, const std::string& root) {
  if (fl.cell && s.cell != fl.cell) return false;
  return path_matches(s.path, fl.file, root) && fl.line >= s.start_line && fl.line <= s.end_line;
}

std::vector<const CostedSite*> find_sites(const report::Report& r, const std::string& target) {
  std::vector<const CostedSite*> out;
  const auto fl = split_file_line(target);
  for (const auto& c : r.sites) {
    if (c.site.id == target || (fl && at(c.site, *fl, r.root))) out.push_back(&c);
  }
  return out;
}

std::string rate(const std::optional<core::Money>& m) { return m ? "$" + m->to_string() : "?"; }

std::string price_line(const CostedSite& c, const report::Report& r) {
  if (!c.price) return "none";
  const auto& p = *c.price;
  return fmt::format(
      "{} at {} ({}), {} tier, in force from {}{}; input {}/Mtok, output {}/Mtok "
      "(table {}, {})",
      p.model_key, p.provider, p.matched_by, p.tier, p.effective_from,
      p.effective_to ? " to " + *p.effective_to : "", rate(p.input_per_mtok),
      rate(p.output_per_mtok), r.pricing.table_version, p.source);
}

std::string figure(const char* what, const cost::Sourced<int64_t>& f) {
  return fmt::format("{} {} ({})", report::count_text(f.value), what,
                     f.source.empty() ? "-" : f.source);
}

std::string share(int64_t ppm) { return core::Money::from_nanos(ppm * 100'000).to_string() + "%"; }

/// The input term: all input at the input rate, or split by the usage file's cache hit rate.
std::string input_term(const CostedSite& c) {
  const std::string tokens = report::count_text(c.input_tokens.value);
  const std::string in_rate = rate(c.price->input_per_mtok);
  if (!c.cache_hit_ppm.value) return fmt::format("{} × {}/1M", tokens, in_rate);
  const int64_t hit = *c.cache_hit_ppm.value;
  return fmt::format("{} × {}/1M × {} + {} × {}/1M × {} cached", tokens, in_rate,
                     share(1'000'000 - hit), tokens, rate(c.cache_read_per_mtok), share(hit));
}

/// The per-call line: tokens × rates, plus reasoning tokens at their rate, or the units of an
/// image/speech call; a batch share blends in batch prices for that share of the calls.
std::string per_call_line(const CostedSite& c) {
  const auto& p = *c.price;
  if (!c.unit.empty()) {
    return fmt::format("per call = {} {}(s) = ${}", report::count_text(c.units.value), c.unit,
                       c.per_call->to_string());
  }
  std::string reasoning;
  if (c.reasoning_tokens.value) {
    reasoning =
        fmt::format(" + {} × {}/1M (reasoning)", report::count_text(c.reasoning_tokens.value),
                    rate(c.reasoning_per_mtok));
  }
  std::string batch;
  if (c.batch_share_ppm.value) {
    batch = fmt::format(", with {} of calls at batch prices", share(*c.batch_share_ppm.value));
  }
  return fmt::format("per call = {} + {} × {}/1M{}{} = {}", input_term(c),
                     report::count_text(c.output_tokens.value), rate(p.output_per_mtok), reasoning,
                     batch, "$" + c.per_call->to_string());
}

/// The arithmetic from tokens (or units) to the monthly cost and its ceiling, one line each.
std::vector<std::string> arithmetic(const CostedSite& c) {
  if (!c.per_call || !c.price) return {"not computed"};
  std::vector<std::string> out = {per_call_line(c)};
  out.push_back(fmt::format("monthly  = ${} × {} calls × fan-out {} = {} (rounded to the cent)",
                            c.per_call->to_string(), report::count_text(c.calls_per_month.value),
                            c.site.fan_out, c.monthly ? c.monthly->to_display() : "?"));
  // An input-only API (embeddings) has no output to cap: its ceiling is its estimate.
  if (c.monthly_ceiling && c.output_tokens_ceiling.value_or(0) > 0) {
    out.push_back(fmt::format("ceiling  = {} / month if every call uses all {} output tokens",
                              c.monthly_ceiling->to_display(),
                              report::count_text(c.output_tokens_ceiling)));
  }
  return out;
}

/// "app/config.py:12", or "nb.ipynb cell 3:2" in a notebook.
std::string where(const std::string& path, int line, const std::optional<int>& cell) {
  if (cell) return fmt::format("{} cell {}:{}", path, *cell, line);
  return fmt::format("{}:{}", path, line);
}

std::string model_line(const resolve::ResolvedSite& s) {
  std::string out = fmt::format("{} — {}", report::model_text(s), s.model_source);
  if (s.model_origin) {
    out += " from " + where(s.model_origin->path, s.model_origin->line, s.model_origin->cell);
  }
  if (!s.model_expr.empty()) out += fmt::format(" (expression `{}`)", s.model_expr);
  if (!s.unresolved_reason.empty()) out += fmt::format("; {}", s.unresolved_reason);
  return out;
}

/// The resolution chain, call first, value last: "1. app/chat.py:4  `MODEL` imported from
/// `config`". Empty when nothing was followed (a literal at the call).
std::vector<std::string> chain_lines(const resolve::ResolvedSite& s) {
  std::vector<std::string> out;
  const size_t width = std::to_string(s.model_trace.size()).size();
  for (size_t i = 0; i < s.model_trace.size(); ++i) {
    const resolve::TraceStep& t = s.model_trace[i];
    out.push_back(
        fmt::format("{:>{}}. {}  {}", i + 1, width, where(t.path, t.line, t.cell), t.what));
  }
  return out;
}

std::string usage_line(const CostedSite& c) {
  std::string out = figure("calls/month", c.calls_per_month) + " · " +
                    figure("input tokens", c.input_tokens) + " · " +
                    figure("output tokens", c.output_tokens);
  if (!c.reasoning_tokens.source.empty())
    out += " · " + figure("reasoning tokens", c.reasoning_tokens);
  if (!c.unit.empty()) out += " · " + figure((c.unit + "s").c_str(), c.units);
  if (c.cache_hit_ppm.value) {
    out +=
        fmt::format(" · {} cache hits ({})", share(*c.cache_hit_ppm.value), c.cache_hit_ppm.source);
  }
  if (c.batch_share_ppm.value) {
    out +=
        fmt::format(" · {} batch ({})", share(*c.batch_share_ppm.value), c.batch_share_ppm.source);
  }
  return out;
}

/// "api (services/api)", or that the site is in no project.
std::string project_line(const CostedSite& c, const report::Report& r) {
  if (c.project.empty()) return "none (outside every project path)";
  for (const auto& p : r.projects) {
    if (p.name == c.project) return fmt::format("{} ({})", p.name, p.path);
  }
  return c.project;
}

/// Label + value lines. Every line holds text from analysed code (paths, expressions, names), so
/// each is made safe for a terminal on its own: a newline inside a value cannot fake a row.
class Rows {
 public:
  void add(const char* key, const std::vector<std::string>& lines) {
    for (size_t i = 0; i < lines.size(); ++i) {
      out_ += fmt::format("  {:<10}  {}\n", i == 0 ? key : "", report::terminal_text(lines[i]));
    }
  }
  void add(const char* key, const std::string& value) { add(key, std::vector<std::string>{value}); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string explain_text(const CostedSite& c, const report::Report& r) {
  const auto& s = c.site;
  std::string head =
      report::terminal_text(fmt::format("{}:{}  {}", report::location_text(s), s.start_col,
                                        s.function.empty() ? "(module level)" : s.function));
  Rows rows;
  rows.add("id", s.id);
  if (r.has_projects) rows.add("project", project_line(c, r));
  rows.add("call", fmt::format("{} (sdk {}, api {}, lines {}-{})", s.callee, s.sdk, s.api,
                               s.start_line, s.end_line));
  rows.add("provider", s.provider + (s.provider_reason.empty() ? "" : " — " + s.provider_reason));
  rows.add("model", model_line(s));
  if (!s.model_trace.empty()) rows.add("chain", chain_lines(s));
  rows.add("price", price_line(c, r));
  rows.add("usage", usage_line(c));
  rows.add("cost", arithmetic(c));
  rows.add("status", report::status_text(c.status));
  for (const auto& note : s.notes) rows.add("note", note);
  return head + "\n" + rows.take();
}

std::string explain_json(const std::vector<const CostedSite*>& sites, const report::Report& r) {
  report::Report one = r;
  one.sites.clear();
  for (const CostedSite* c : sites) one.sites.push_back(*c);
  report::compute_totals(one);
  return report::render_json(one);
}

}  // namespace

int run_explain(const ExplainCommand& c) {
  auto report = analyse_with_progress(c.run, c.out.quiet);
  if (!report) return fail_input(report.error());
  auto sites = find_sites(*report, c.target);
  if (sites.empty()) {
    return fail_input(core::Error{fmt::format(
        "no LLM call site at `{}`; give FILE:LINE of a line inside the call (paths as in "
        "`llmspend scan`) or a site id from `llmspend scan --format json`",
        c.target)});
  }
  if (c.out.format == "json") return emit(explain_json(sites, *report), c.out);
  std::string text;
  for (const CostedSite* site : sites)
    text += (text.empty() ? "" : "\n") + explain_text(*site, *report);
  return emit(text, c.out);
}

}  // namespace llmspend::cli

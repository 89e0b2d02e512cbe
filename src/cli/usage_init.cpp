// `llmspend usage init [PATH]`: writes llmspend-usage.yml with one commented block per detected
// site (the figures the defaults give it), or adds the sites an existing file lacks without
// touching a single existing line. The result is re-parsed before it is written.
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/strings.h"
#include "cost/yaml_util.h"
#include "report/text_util.h"

namespace llmspend::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader = R"(# llmspend usage file: how often each LLM call runs and how big it is.
# Written by `llmspend usage init`; uncomment a line to override the value shown.
# Precedence: exact site id > site pattern ("src/jobs/**", "*::Chatbot.*::*") > models >
# providers > apis > defaults > preset > .llmspend.yml `usage` > built-in defaults.
# Keys: calls_per_month, input_tokens, output_tokens, cache_hit_rate, batch_share.
# See docs/usage-model.md.
version: 1
# preset: small            # small | medium | large = 1,000 | 10,000 | 100,000 calls/month
defaults:
  # calls_per_month: 1000
apis:
  # embedding:
  #   calls_per_month: 50000
sites:
)";

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

std::string figure_line(const char* key, const cost::Sourced<int64_t>& f) {
  if (!f.value) return "";
  return fmt::format("    # {:<28}# {}\n", fmt::format("{}: {}", key, *f.value), f.source);
}

std::string site_block(const cost::CostedSite& c) {
  std::string cost = c.monthly ? c.monthly->to_display() + "/month" : report::status_text(c.status);
  std::string out = fmt::format("  # {}  {} {} ({}): {}\n", report::location_text(c.site),
                                c.site.provider, report::model_text(c.site), c.site.api, cost);
  out += fmt::format("  {}:\n", quoted(c.site.id));
  out += figure_line("calls_per_month", c.calls_per_month);
  out += figure_line("input_tokens", c.input_tokens);
  out += figure_line("output_tokens", c.output_tokens);
  return out;
}

/// Index of the line where new site entries go: the end of the top-level `sites:` block.
std::optional<size_t> sites_insert_line(const std::vector<std::string_view>& lines) {
  size_t i = 0;
  while (i < lines.size() && core::trim(lines[i]) != "sites:") ++i;
  if (i == lines.size()) return std::nullopt;
  for (++i; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    if (!l.empty() && l[0] != ' ' && l[0] != '#' && l[0] != '\t') return i;
  }
  return lines.size();
}

std::string merge_into(const std::string& existing, const std::string& blocks) {
  std::vector<std::string_view> lines = core::split(existing, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  auto at = sites_insert_line(lines);
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (at && i == *at) out += blocks;
    out += std::string(lines[i]) + "\n";
  }
  if (!at) out += "sites:\n";
  if (!at || *at == lines.size()) out += blocks;
  return out;
}

std::string target_path(const UsageInitCommand& c) {
  if (!c.out.out_file.empty()) return c.out.out_file;
  std::string root = c.run.paths.empty() ? "." : c.run.paths.front();
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) root = fs::path(root).parent_path().string();
  return (fs::path(root.empty() ? "." : root) / "llmspend-usage.yml").lexically_normal().string();
}

}  // namespace

int run_usage_init(const UsageInitCommand& c) {
  const std::string path = target_path(c);
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  std::set<std::string> known;
  std::string existing;
  if (exists) {
    auto file = cost::load_usage_file(path);
    if (!file) return fail_input(file.error());
    for (const auto& [id, values] : file->sites) known.insert(id);
    existing = *cost::read_text_file(path);
  }
  pipeline::RunOptions run = c.run;
  if (exists) run.usage_file = path;  // show the figures the current file gives
  auto report = analyse_with_progress(run, c.out.quiet);
  if (!report) return fail_input(report.error());
  std::string blocks;
  int added = 0;
  for (const auto& site : report->sites) {
    if (known.count(site.site.id)) continue;
    blocks += site_block(site);
    ++added;
  }
  std::string text = exists ? merge_into(existing, blocks) : kHeader + blocks;
  if (auto check = cost::parse_usage_file(text, path); !check) {
    return fail_input(core::Error{fmt::format("{}: cannot add sites without breaking the file ({})"
                                              "; move the `sites:` block to the end", path,
                                              check.error().message)});
  }
  if (exists && added == 0) {
    log_info(c.out, fmt::format("{} already lists all {} sites; unchanged", path, known.size()));
    return kExitOk;
  }
  if (auto err = write_file_atomically(path, text)) return fail_input(*err);
  log_info(c.out, fmt::format("{} {}: {} site{} added", exists ? "updated" : "wrote", path, added,
                              added == 1 ? "" : "s"));
  return kExitOk;
}

}  // namespace llmspend::cli

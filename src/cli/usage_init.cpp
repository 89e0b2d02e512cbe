// `llmspend usage init [PATH]`: writes llmspend-usage.yml with one commented block per detected
// site (the figures the defaults give it), or adds the sites an existing file lacks without
// touching a single existing line. In a monorepo each project's sites go to that project's usage
// file. Every result is re-parsed before it is written.
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/money.h"
#include "core/strings.h"
#include "cost/projects.h"
#include "cost/yaml_util.h"
#include "report/text_util.h"

namespace llmspend::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader =
    R"(# llmspend usage file: how often each LLM call runs and how big it is.
# Written by `llmspend usage init`; uncomment a line to override the value shown.
# Precedence: exact site id > site pattern ("src/jobs/**", "*::Chatbot.*::*") > models >
# providers > apis > defaults > preset > .llmspend.yml `usage` > built-in defaults.
# Keys: calls_per_month, input_tokens, output_tokens, cache_hit_rate, batch_share,
# audio_minutes (transcription and translation: minutes of audio per call).
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

/// 150 seconds → "2.5".
std::string minutes(int64_t seconds) {
  return core::Money::from_nanos(seconds * core::Money::kNanosPerUnit / 60).to_string();
}

/// A commented block for one site, keyed by `id` (its id as the target file names it).
std::string site_block(const cost::CostedSite& c, const std::string& id) {
  std::string cost = c.monthly ? c.monthly->to_display() + "/month" : report::status_text(c.status);
  std::string out = fmt::format("  # {}  {} {} ({}): {}\n", report::location_text(c.site),
                                c.site.provider, report::model_text(c.site), c.site.api, cost);
  out += fmt::format("  {}:\n", quoted(id));
  out += figure_line("calls_per_month", c.calls_per_month);
  out += figure_line("input_tokens", c.input_tokens);
  out += figure_line("output_tokens", c.output_tokens);
  // Audio is billed by its length, which only this file can give.
  if (c.site.api == "transcription" || c.site.api == "translation") {
    out +=
        c.unit == "second"
            ? fmt::format("    # {:<28}# {}\n",
                          fmt::format("audio_minutes: {}", minutes(*c.units.value)), c.units.source)
            : fmt::format("    # {:<28}# {}\n", "audio_minutes: 1",
                          "minutes of audio per call; set it to price the site");
  }
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

/// <PATH>/llmspend-usage.yml.
std::string default_target(const UsageInitCommand& c) {
  std::string root = c.run.paths.empty() ? "." : c.run.paths.front();
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) root = fs::path(root).parent_path().string();
  return (fs::path(root.empty() ? "." : root) / "llmspend-usage.yml").lexically_normal().string();
}

/// One usage file to write or update, and the sites it gains.
struct Target {
  std::string path;
  std::string header;           ///< for a new file
  std::set<std::string> known;  ///< site keys the file already has
  std::string existing;         ///< its text; "" when it does not exist yet
  bool exists = false;
  std::string blocks;
  int added = 0;
};

std::optional<core::Error> load_target(Target& t) {
  std::error_code ec;
  t.exists = fs::exists(t.path, ec);
  if (!t.exists) return std::nullopt;
  auto file = cost::load_usage_file(t.path);
  if (!file) return file.error();
  for (const auto& [id, values] : file->sites) t.known.insert(id);
  t.existing = *cost::read_text_file(t.path);
  return std::nullopt;
}

/// Adds a site under the id the target file knows it by, unless the file has it already.
void add_site(Target& t, const cost::CostedSite& site, const std::string& id) {
  if (!t.known.insert(id).second) return;
  t.blocks += site_block(site, id);
  ++t.added;
}

/// Writes one target; "unchanged" when it already lists every site.
int write_target(const Target& t, const OutputOptions& out) {
  std::string text = t.exists ? merge_into(t.existing, t.blocks) : t.header + t.blocks;
  if (auto check = cost::parse_usage_file(text, t.path); !check) {
    return fail_input(
        core::Error{fmt::format("{}: cannot add sites without breaking the file ({})"
                                "; move the `sites:` block to the end",
                                t.path, check.error().message)});
  }
  if (t.exists && t.added == 0) {
    log_info(out, fmt::format("{} already lists every site; unchanged", t.path));
    return kExitOk;
  }
  if (auto err = write_file_atomically(t.path, text)) return fail_input(*err);
  log_info(out, fmt::format("{} {}: {} site{} added", t.exists ? "updated" : "wrote", t.path,
                            t.added, t.added == 1 ? "" : "s"));
  return kExitOk;
}

/// Where each site goes and under which id: a project's sites to the project's usage file
/// (ids relative to the project), the rest to the root usage file (the config's `usage_file`,
/// ids relative to the config's directory, else PATH/llmspend-usage.yml). `--out-file` puts
/// every site into that one file, under its own id.
class Targets {
 public:
  Targets(const UsageInitCommand& c, const pipeline::RunSetup& setup)
      : setup_(setup),
        map_(setup.config.projects, setup.config.dir, pipeline::scan_base(c.run)),
        single_(!c.out.out_file.empty()) {
    root_in_config_frame_ =
        !single_ && c.run.usage_file.empty() && !setup.config.usage_file.empty();
    root_ = single_                     ? c.out.out_file
            : !c.run.usage_file.empty() ? c.run.usage_file
            : root_in_config_frame_     ? setup.config.usage_file
                                        : default_target(c);
  }

  std::optional<core::Error> add(const cost::CostedSite& site) {
    std::string id = site.site.id;
    std::string path = root_;
    std::string header = kHeader;
    if (auto placed = single_ ? std::nullopt : map_.place(site.site.path)) {
      const cost::Project& p = *placed->project;
      path = p.usage_file.empty() ? p.default_usage_file(setup_.config.dir) : p.usage_file;
      id = cost::project_relative_id(id, site.site.path, placed->path);
      header = project_header(p) + kHeader;
    } else if (root_in_config_frame_) {
      if (auto rel = map_.config_relative(site.site.path)) {
        id = cost::project_relative_id(id, site.site.path, *rel);
      }
    }
    auto [it, fresh] = targets_.try_emplace(path);
    if (fresh) {
      it->second.path = path;
      it->second.header = header;
      if (auto err = load_target(it->second)) return err;
    }
    add_site(it->second, site, id);
    return std::nullopt;
  }

  /// Writes every file with something to say; the first failure's exit code, else kExitOk.
  int write(const OutputOptions& out) const {
    int rc = kExitOk;
    for (const auto& [path, t] : targets_) {
      const int r = write_target(t, out);
      if (rc == kExitOk) rc = r;
    }
    return rc;
  }

 private:
  static std::string project_header(const cost::Project& p) {
    return fmt::format(
        "# The usage file of project `{}` ({}): site ids and paths below are "
        "relative to {}.\n# Read before the root usage file, which fills what "
        "this one leaves unset.\n",
        p.name, p.path, p.path);
  }

  const pipeline::RunSetup& setup_;
  cost::ProjectMap map_;
  bool single_;
  bool root_in_config_frame_ = false;
  std::string root_;
  std::map<std::string, Target> targets_;
};

}  // namespace

int run_usage_init(const UsageInitCommand& c) {
  pipeline::RunOptions run = c.run;
  std::error_code ec;
  // With --out-file, show the figures that file gives today.
  if (!c.out.out_file.empty() && fs::exists(c.out.out_file, ec)) run.usage_file = c.out.out_file;
  auto setup = pipeline::prepare_run(run);
  if (!setup) return fail_input(setup.error());
  const report::Report report = analyse_with_progress(run, *setup, c.out.quiet);
  Targets targets(c, *setup);
  for (const auto& site : report.sites) {
    if (auto err = targets.add(site)) return fail_input(*err);
  }
  return targets.write(c.out);
}

}  // namespace llmspend::cli

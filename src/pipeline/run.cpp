#include "pipeline/run.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "cost/cost_model.h"
#include "cost/projects.h"
#include "pipeline/analyze.h"

namespace llmspend::pipeline {
namespace fs = std::filesystem;
namespace {

inline constexpr const char* kUsageFileName = "llmspend-usage.yml";

std::vector<std::string> roots(const RunOptions& o) {
  return o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
}

std::optional<core::Error> check_paths(const RunOptions& o) {
  for (const std::string& p : roots(o)) {
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      return core::Error{fmt::format("{}: no such file or directory; give a directory or file "
                                     "to scan (default: the current directory)", p)};
    }
  }
  return std::nullopt;
}

core::Result<cost::Config> load_config(const RunOptions& o) {
  if (!o.config_file.empty()) return cost::load_config(o.config_file);
  if (auto found = cost::find_config(roots(o).front())) return cost::load_config(*found);
  return cost::Config{};
}

std::optional<core::Error> load_prices(const RunOptions& o, RunSetup& s) {
  auto table = price::PriceTable::embedded();
  if (!table) return table.error();
  s.prices = std::move(*table);
  s.pricing = {s.prices.version(), "", "embedded"};
  const std::string file = o.pricing_file.empty() ? s.config.pricing_file : o.pricing_file;
  if (!file.empty()) {
    auto overlay = price::PriceTable::load_file(file);
    if (!overlay) return overlay.error();
    s.prices.merge(*overlay);
    s.pricing = {overlay->version(), "", "embedded + " + file};
  }
  for (const auto& d : s.config.discounts) s.prices.apply_discount(d.provider, d.model, d.factor);
  s.pricing.as_of = o.prices_as_of.empty() ? s.pricing.table_version : o.prices_as_of;
  return std::nullopt;
}

/// --usage-file, else the config's usage_file, else llmspend-usage.yml in the (single) root.
std::string usage_path(const RunOptions& o, const cost::Config& c) {
  if (!o.usage_file.empty()) return o.usage_file;
  if (!c.usage_file.empty()) return c.usage_file;
  std::error_code ec;
  const auto r = roots(o);
  if (r.size() == 1 && fs::is_regular_file(fs::path(r[0]) / kUsageFileName, ec)) {
    return (fs::path(r[0]) / kUsageFileName).string();
  }
  return "";
}

/// The usage file a project names (it must exist), else `<path>/llmspend-usage.yml` if present.
core::Result<std::optional<cost::UsageFile>> load_project_usage(const cost::Project& p,
                                                                const cost::Config& c) {
  std::string file = p.usage_file;
  std::error_code ec;
  if (file.empty() && fs::is_regular_file(p.default_usage_file(c.dir), ec)) {
    file = p.default_usage_file(c.dir);
  }
  if (file.empty()) return std::optional<cost::UsageFile>();
  auto usage = cost::load_usage_file(file);
  if (!usage) {
    return core::Error{fmt::format("{} (the usage file of project `{}`, {}:{})",
                                   usage.error().message, p.name, c.path, p.line)};
  }
  return std::optional<cost::UsageFile>(std::move(*usage));
}

/// Where a site sits in the monorepo: its project, and its id and path as the project's usage
/// file names them.
std::optional<cost::ProjectScope> project_scope(const cost::ProjectMap& map, const RunSetup& s,
                                                const resolve::ResolvedSite& site) {
  auto placed = map.place(site.path);
  if (!placed) return std::nullopt;
  const size_t index = static_cast<size_t>(placed->project - s.config.projects.data());
  const auto& usage = s.project_usage[index];
  return cost::ProjectScope{placed->project->name, usage ? &*usage : nullptr,
                            cost::project_relative_id(site.id, site.path, placed->path),
                            placed->path};
}

/// The config's usage file names a site by its path relative to the config's directory, so a
/// scan of a sub-directory finds the same entries; other usage files use the scan root's paths.
void name_for_root_usage(const cost::ProjectMap& map, const RunSetup& s,
                         const resolve::ResolvedSite& site, cost::CostContext& ctx) {
  ctx.usage_id.clear();
  ctx.usage_path.clear();
  if (!s.usage_from_config) return;
  auto relative = map.config_relative(site.path);
  if (!relative || *relative == site.path) return;
  ctx.usage_path = *relative;
  ctx.usage_id = cost::project_relative_id(site.id, site.path, *relative);
}

/// Each usage file's view of the sites found: the ids and paths it would name them by.
struct UsageKeys {
  std::vector<cost::SiteKey> root;
  std::vector<std::vector<cost::SiteKey>> projects;  ///< per config project
};

void add_keys(const resolve::ResolvedSite& site, const cost::CostContext& ctx, const RunSetup& s,
              UsageKeys& keys) {
  const bool own = ctx.usage_id.empty();
  keys.root.push_back({own ? site.id : ctx.usage_id, own ? site.path : ctx.usage_path, "", "", ""});
  if (!ctx.project) return;
  for (size_t i = 0; i < s.config.projects.size(); ++i) {
    if (s.config.projects[i].name != ctx.project->name) continue;
    keys.projects.resize(s.config.projects.size());
    keys.projects[i].push_back({ctx.project->id, ctx.project->path, "", "", ""});
  }
}

/// A usage file's path for a diagnostic: relative to the scan base when it lies under it.
std::string shown_path(const std::string& file, const std::string& base) {
  std::error_code ec;
  const fs::path abs = fs::absolute(file, ec).lexically_normal();
  const std::string rel =
      abs.lexically_relative(fs::absolute(base, ec).lexically_normal()).generic_string();
  return rel.empty() || rel.rfind("..", 0) == 0 ? file : rel;
}

/// Warnings for usage file entries that price nothing. Only a scan that covers everything a
/// file speaks for can tell (one path: the config's directory for its `usage_file`, the
/// project's directory for a project's file).
std::vector<core::Diagnostic> check_usage_entries(const RunOptions& o, const RunSetup& s,
                                                  const cost::ProjectMap& map,
                                                  const UsageKeys& keys) {
  std::vector<core::Diagnostic> out;
  if (roots(o).size() != 1) return out;
  const std::string base = scan_base(o);
  auto check = [&](const cost::UsageFile& file, const std::vector<cost::SiteKey>& sites) {
    auto d = cost::unmatched_entry_diagnostics(file, sites, shown_path(file.origin, base));
    out.insert(out.end(), d.begin(), d.end());
  };
  if (s.usage && (!s.usage_from_config || map.covers("."))) check(*s.usage, keys.root);
  static const std::vector<cost::SiteKey> kNone;
  for (size_t i = 0; i < s.project_usage.size(); ++i) {
    if (!s.project_usage[i] || !map.covers(s.config.projects[i].path)) continue;
    check(*s.project_usage[i], i < keys.projects.size() ? keys.projects[i] : kNone);
  }
  return out;
}

/// Several roots scanned as one tree rooted at ".": each root's files keep their path prefix.
class UnionSource : public scan::FileSource {
 public:
  void add(std::string prefix, std::unique_ptr<scan::FileSource> source) {
    parts_.push_back({std::move(prefix), std::move(source)});
  }
  std::vector<std::string> list(core::DiagnosticSink& sink) override {
    std::vector<std::string> out;
    for (auto& [prefix, source] : parts_) {
      // Each root reports paths relative to itself; the union's paths carry the prefix.
      core::DiagnosticSink part;
      for (const std::string& p : source->list(part)) out.push_back(join(prefix, p));
      for (core::Diagnostic d : part.take_sorted()) {
        d.path = d.path == "." ? prefix : join(prefix, d.path);
        sink.add(std::move(d));
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  std::optional<std::string> read(const std::string& path, std::string& error) override {
    for (auto& [prefix, source] : parts_) {
      if (path == prefix) return source->read(path, error);
      if (path.rfind(prefix + "/", 0) == 0) return source->read(path.substr(prefix.size() + 1), error);
    }
    error = "not under any scanned path";
    return std::nullopt;
  }
  std::optional<uint64_t> size_hint(const std::string& path) override {
    for (auto& [prefix, source] : parts_) {
      if (path == prefix) return source->size_hint(path);
      if (path.rfind(prefix + "/", 0) == 0) return source->size_hint(path.substr(prefix.size() + 1));
    }
    return std::nullopt;
  }

 private:
  static std::string join(const std::string& prefix, const std::string& p) {
    return prefix == "." ? p : prefix + "/" + p;
  }
  std::vector<std::pair<std::string, std::unique_ptr<scan::FileSource>>> parts_;
};

/// "examples/" → "examples", "./a/../b" → "b"; "." stays ".".
std::string clean(const std::string& p) {
  std::string s = fs::path(p).lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

}  // namespace

core::Result<RunSetup> prepare_run(const RunOptions& options) {
  if (auto err = check_paths(options)) return *err;
  RunSetup s;
  auto config = load_config(options);
  if (!config) return config.error();
  s.config = std::move(*config);
  if (auto err = load_prices(options, s)) return *err;
  if (std::string path = usage_path(options, s.config); !path.empty()) {
    auto usage = cost::load_usage_file(path);
    if (!usage) return usage.error();
    s.usage = std::move(*usage);
    s.usage_from_config = options.usage_file.empty() && path == s.config.usage_file;
  }
  for (const cost::Project& p : s.config.projects) {
    auto usage = load_project_usage(p, s.config);
    if (!usage) return usage.error();
    s.project_usage.push_back(std::move(*usage));
  }
  s.excludes = s.config.exclude;
  s.excludes.insert(s.excludes.end(), options.excludes.begin(), options.excludes.end());
  return s;
}

std::string scan_base(const RunOptions& options) {
  const auto r = roots(options);
  if (r.size() != 1) return ".";
  std::error_code ec;
  if (!fs::is_regular_file(r[0], ec)) return r[0];
  const std::string dir = fs::path(r[0]).parent_path().string();
  return dir.empty() ? "." : dir;
}

std::unique_ptr<scan::FileSource> open_source(const RunOptions& options, const RunSetup& setup,
                                              std::string& root) {
  scan::WalkOptions walk{options.default_excludes, true, setup.excludes};
  walk.max_read_bytes = options.max_file_bytes;
  const auto r = roots(options);
  if (r.size() == 1) {
    root = clean(r[0]);
    return std::make_unique<scan::DiskSource>(r[0], walk);
  }
  root = ".";
  auto u = std::make_unique<UnionSource>();
  for (const std::string& p : r) {
    std::error_code ec;
    // A single file is listed by its name; keep its directory as the prefix.
    std::string prefix = fs::is_regular_file(p, ec) ? clean(fs::path(p).parent_path().string())
                                                    : clean(p);
    u->add(prefix, std::make_unique<scan::DiskSource>(p, walk));
  }
  return u;
}

report::Report run_analysis(const RunOptions& options, const RunSetup& setup,
                            scan::FileSource& source, const std::string& root) {
  AnalyzeOptions ao;
  ao.jobs = options.jobs;
  ao.max_file_bytes = options.max_file_bytes;
  ao.parse_timeout_ms = options.parse_timeout_ms;
  ao.progress = options.progress;
  ao.module_cache = options.module_cache;
  AnalyzeResult analysis = analyze(ao, source);
  cost::CostContext ctx{&setup.prices, options.prices_as_of,
                        setup.usage ? &*setup.usage : nullptr, &setup.config};
  report::ReportInputs in{options.tool_version, root, setup.pricing, {}, std::move(analysis.diagnostics)};
  in.has_projects = !setup.config.projects.empty();
  for (const auto& p : setup.config.projects) in.projects.push_back({p.name, p.path});
  const cost::ProjectMap projects(setup.config.projects, setup.config.dir, scan_base(options));
  in.sites.reserve(analysis.sites.size());
  UsageKeys keys;
  for (const auto& site : analysis.sites) {
    const auto scope = project_scope(projects, setup, site);
    ctx.project = scope ? &*scope : nullptr;
    name_for_root_usage(projects, setup, site, ctx);
    add_keys(site, ctx, setup, keys);
    in.sites.push_back(cost::cost_site(site, ctx));
  }
  auto unmatched = check_usage_entries(options, setup, projects, keys);
  in.diagnostics.insert(in.diagnostics.end(), unmatched.begin(), unmatched.end());
  return report::build_report(std::move(in));
}

core::Result<report::Report> run_analysis(const RunOptions& options) {
  auto setup = prepare_run(options);
  if (!setup) return setup.error();
  std::string root;
  auto source = open_source(options, *setup, root);
  return run_analysis(options, *setup, *source, root);
}

}  // namespace llmspend::pipeline

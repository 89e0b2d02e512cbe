#include "cli/diff_sides.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "report/render.h"
#include "vcs/git_repo.h"
#include "vcs/git_source.h"

namespace llmspend::cli {
namespace {

namespace fs = std::filesystem;
constexpr const char* kUsageFileName = "llmspend-usage.yml";
constexpr const char* kWorkingTree = "working tree";

/// A private directory for one revision's config files, removed when done.
class TempTree {
 public:
  TempTree() {
    std::string tmpl = (fs::temp_directory_path() / "llmspend-rev-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempTree() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

std::string parent(const std::string& dir) {
  size_t slash = dir.rfind('/');
  return slash == std::string::npos ? "" : dir.substr(0, slash);
}

core::Result<report::Report> read_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{fmt::format("{}: cannot read the JSON report", path)};
  std::ostringstream ss;
  ss << in.rdbuf();
  return report::read_json_report(ss.str(), path);
}

/// Copies `commit:<repo_path>` to the same path under `tmp`; false when the revision lacks it.
bool materialise(vcs::BlobReader& blobs, const std::string& commit, const std::string& repo_path,
                 const fs::path& tmp) {
  std::string error;
  auto text = blobs.read(commit + ":" + repo_path, error);
  if (!text) return false;
  fs::create_directories((tmp / repo_path).parent_path());
  std::ofstream(tmp / repo_path, std::ios::binary) << *text;
  return true;
}

/// The usage and price files a revision's config names, and its projects' usage files, copied
/// when they live in the repo.
void materialise_config_files(vcs::BlobReader& blobs, const std::string& commit,
                              const fs::path& tmp, const std::string& config_file) {
  auto config = cost::load_config(config_file);
  if (!config) return;  // prepare_run reports the error with the file's line
  std::vector<std::string> files = {config->usage_file, config->pricing_file};
  for (const cost::Project& p : config->projects) {
    files.push_back(p.usage_file.empty() ? p.default_usage_file(config->dir) : p.usage_file);
  }
  for (const std::string& file : files) {
    if (file.empty()) continue;
    const std::string rel = fs::path(file).lexically_relative(tmp).generic_string();
    if (!rel.empty() && rel.rfind("..", 0) != 0) materialise(blobs, commit, rel, tmp);
  }
}

/// RunOptions that make prepare_run read `commit`'s own .llmspend.yml, usage file and price
/// file (copied under `tmp` at their repository paths). Files given on the command line win.
pipeline::RunOptions revision_options(const vcs::GitRepo& repo, vcs::BlobReader& blobs,
                                      const std::string& commit, const fs::path& tmp,
                                      pipeline::RunOptions options) {
  const fs::path root = tmp / repo.prefix();
  fs::create_directories(root);
  options.paths = {root.string()};
  if (options.config_file.empty()) {
    for (std::string dir = repo.prefix();; dir = parent(dir)) {
      if (materialise(blobs, commit, join(dir, ".llmspend.yml"), tmp)) {
        options.config_file = (tmp / join(dir, ".llmspend.yml")).string();
        materialise_config_files(blobs, commit, tmp, options.config_file);
        break;
      }
      if (dir.empty()) break;
    }
  }
  if (options.usage_file.empty())
    materialise(blobs, commit, join(repo.prefix(), kUsageFileName), tmp);
  return options;
}

struct Analysed {
  report::Report report;
  pipeline::RunSetup setup;
};

/// One git revision, read from objects: its config, then its files.
core::Result<Analysed> analyse_commit(const vcs::GitRepo& repo,
                                      const std::shared_ptr<vcs::BlobReader>& blobs,
                                      const std::string& commit, pipeline::RunOptions options,
                                      const std::string& root) {
  TempTree tmp;
  if (tmp.path().empty()) return core::Error{"cannot create a temporary directory"};
  options = revision_options(repo, *blobs, commit, tmp.path(), std::move(options));
  auto setup = pipeline::prepare_run(options);
  if (!setup) return setup.error();
  scan::WalkOptions walk{options.default_excludes, true, setup->excludes};
  auto source = vcs::GitTreeSource::open(repo, commit, walk, blobs);
  if (!source) return source.error();
  report::Report r = pipeline::run_analysis(options, *setup, **source, root);
  return Analysed{std::move(r), std::move(*setup)};
}

/// The working tree under `path`, exactly as `llmspend scan PATH` sees it.
core::Result<Analysed> analyse_disk(pipeline::RunOptions options, const std::string& path) {
  options.paths = {path};
  auto setup = pipeline::prepare_run(options);
  if (!setup) return setup.error();
  std::string root;
  auto source = pipeline::open_source(options, *setup, root);
  report::Report r = pipeline::run_analysis(options, *setup, *source, root);
  return Analysed{std::move(r), std::move(*setup)};
}

std::string display_root(const std::string& path) {
  std::string s = fs::path(path).lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

core::Result<std::string> base_commit(const vcs::GitRepo& repo, const DiffCommand& c) {
  if (!c.base_rev.empty()) return repo.resolve_commit(c.base_rev);
  auto branch = repo.default_branch();
  if (!branch) {
    return core::Error{
        "cannot tell the default branch (no origin/HEAD, origin/main, main or "
        "master); pass --base REV"};
  }
  auto head = repo.resolve_commit(c.head_rev.empty() ? "HEAD" : c.head_rev);
  if (!head) return head.error();
  return repo.merge_base(*branch, *head);
}

std::optional<core::Error> add_renames(const vcs::GitRepo& repo, const std::string& base,
                                       const std::string& head, DiffSides& s) {
  auto changes = repo.changes(base, head);
  if (!changes) return changes.error();
  for (const auto& ch : *changes) {
    if (ch.status == 'R') s.renames[ch.old_path] = ch.path;
  }
  return std::nullopt;
}

/// --price-change: the base code again, priced as of its commit date.
std::optional<core::Error> price_base_then(const vcs::GitRepo& repo,
                                           const std::shared_ptr<vcs::BlobReader>& blobs,
                                           const std::string& base, const pipeline::RunOptions& run,
                                           const std::string& root, DiffSides& s) {
  auto date = repo.commit_date(base);
  if (!date) return date.error();
  pipeline::RunOptions then = run;
  then.prices_as_of = *date;
  auto old = analyse_commit(repo, blobs, base, then, root);
  if (!old) return old.error();
  s.base_now = std::move(s.base);
  s.base = std::move(old->report);
  return std::nullopt;
}

core::Result<DiffSides> git_sides(const DiffCommand& c, const std::string& path) {
  auto repo = vcs::GitRepo::open(path);
  if (!repo) return repo.error();
  auto base = base_commit(*repo, c);
  if (!base) return base.error();
  DiffSides s;
  s.repo_prefix = repo->prefix();
  s.base_ref = *base;
  std::string head;
  if (!c.head_rev.empty()) {
    auto h = repo->resolve_commit(c.head_rev);
    if (!h) return h.error();
    head = *h;
  }
  s.head_is_commit = !head.empty();
  s.head_ref = s.head_is_commit ? head : kWorkingTree;
  if (auto err = add_renames(*repo, *base, head, s)) return *err;
  const std::string root = display_root(path);
  auto blobs = std::make_shared<vcs::BlobReader>(repo->toplevel());
  // Files identical on both sides (and on --price-change's second look at the base) are parsed once.
  pipeline::RunOptions run = c.run;
  run.module_cache = std::make_shared<pipeline::ModuleCache>();
  auto base_side = analyse_commit(*repo, blobs, *base, run, root);
  if (!base_side) return base_side.error();
  s.base = std::move(base_side->report);
  // Identical trees: analyse once and use the result for both sides.
  s.analysed_once = s.head_is_commit && repo->full_tree(*base) == repo->full_tree(head);
  auto head_side = s.analysed_once    ? std::move(base_side)
                   : s.head_is_commit ? analyse_commit(*repo, blobs, head, run, root)
                                      : analyse_disk(run, path);
  if (!head_side) return head_side.error();
  if (s.analysed_once)
    s.head = s.base;
  else
    s.head = std::move(head_side->report);
  s.head_setup = std::move(head_side->setup);
  if (c.price_change) {
    if (auto err = price_base_then(*repo, blobs, *base, run, root, s)) return *err;
  }
  s.modules_reused = run.module_cache->hits();
  return s;
}

core::Result<DiffSides> json_sides(const DiffCommand& c, const std::string& base_file,
                                   const std::string* head_file, const std::string& path) {
  if (c.price_change) {
    return core::Error{
        "--price-change needs a git base revision (a JSON report has no commit "
        "date); drop it or use --base REV"};
  }
  DiffSides s;
  auto base = read_report(base_file);
  if (!base) return base.error();
  s.base = std::move(*base);
  s.base_ref = base_file;
  if (head_file != nullptr) {
    auto head = read_report(*head_file);
    if (!head) return head.error();
    pipeline::RunOptions options = c.run;
    auto setup = pipeline::prepare_run(options);
    if (!setup) return setup.error();
    s.head = std::move(*head);
    s.head_setup = std::move(*setup);
    s.head_ref = *head_file;
    return s;
  }
  auto head = analyse_disk(c.run, path);
  if (!head) return head.error();
  s.head = std::move(head->report);
  s.head_setup = std::move(head->setup);
  s.head_ref = kWorkingTree;
  return s;
}

}  // namespace

core::Result<DiffSides> load_diff_sides(const DiffCommand& c) {
  if (c.args.size() == 2) {
    if (!c.compare_to.empty() || !c.base_rev.empty() || !c.head_rev.empty()) {
      return core::Error{"give either two JSON reports or --base/--head/--compare-to, not both"};
    }
    return json_sides(c, c.args[0], &c.args[1], ".");
  }
  const std::string path = c.args.empty() ? "." : c.args[0];
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return core::Error{
        fmt::format("{}: no such file or directory; give the project directory "
                    "(default: the current directory)",
                    path)};
  }
  if (!c.compare_to.empty()) return json_sides(c, c.compare_to, nullptr, path);
  return git_sides(c, path);
}

}  // namespace llmspend::cli

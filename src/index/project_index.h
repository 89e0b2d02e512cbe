#pragma once
/// The project-wide index: every parsed module by path, import resolution (Python packages and
/// relative imports, ES modules, CommonJS, tsconfig `paths`), `.env*` values, and an index of
/// calls by callee name used to find the callers of a function (caller_index.cpp).
///
/// Modules are loaded on demand through a `ModuleLoader`: the pipeline parses prefiltered files
/// up front and the index asks for the modules they import (a `config.py` holding only constants
/// has no SDK marker) the first time an import is followed. Loaded modules are cached.
#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "parse/ir.h"

namespace llmspend::index {

/// Parses a project file on demand; returns nullptr when it cannot be read or parsed.
using ModuleLoader = std::function<std::shared_ptr<const parse::Module>(const std::string& path)>;

struct EnvValue {
  std::string value;
  std::string path;
  int line = 0;
};

struct CallRef {
  const parse::Module* module = nullptr;
  int32_t record = parse::kNone;  ///< index into module->calls
};

class ProjectIndex {
 public:
  /// `files`: every file the scan listed (relative paths), used to resolve imports.
  ProjectIndex(std::vector<std::string> files, ModuleLoader loader);
  /// More listed files (the pipeline lists while pass 1 reads, and hands the list over after).
  void add_files(std::vector<std::string> files);

  /// Modules are shared (const) so that `diff` can hand the same parse to both of its sides.
  void add_module(std::shared_ptr<const parse::Module> m);
  /// Ends a unit of work (one analysed file; nothing may hold a module pointer across it): when
  /// the loaded modules take more than `budget_bytes`, the least recently used are dropped (they
  /// are parsed again if needed). Returns true when something was dropped: `const Module*`
  /// pointers handed out before may then be invalid, and caches keyed by them must go.
  bool release(size_t budget_bytes);
  /// Modules parsed on demand so far (re-parses after release() included).
  size_t loads() const { return loads_; }
  /// Entries in the called-name index (for --stats style diagnostics).
  size_t called_name_entries() const { return called_names_.size(); }
  /// The module at `path`, loading it on first use; nullptr when absent or unparsable.
  const parse::Module* module(const std::string& path);
  /// Every module loaded so far (stable pointers).
  std::vector<const parse::Module*> modules() const;

  /// Listed files with this base name (`manage.py`), in path order.
  std::vector<std::string> files_named(const std::string& basename) const {
    auto it = by_basename_.find(basename);
    if (it == by_basename_.end()) return {};
    std::vector<std::string> out = it->second;
    std::sort(out.begin(), out.end());
    return out;
  }
  /// Listed files directly in folder `dir` ("" for the top), in path order.
  std::vector<std::string> files_in_dir(const std::string& dir) const;
  /// The project file an import refers to, or nullopt for third-party / unknown modules.
  std::optional<std::string> resolve_import(const parse::Module& from, const parse::Import& im) const;
  /// Python: the module `a.b` relative to nothing (absolute), e.g. for `import a.b; a.b.X`.
  std::optional<std::string> resolve_python_module(const std::string& from_path,
                                                   const std::string& dotted, int level) const;

  void add_env_file(const std::string& path, const std::string& text);
  std::optional<EnvValue> env(const std::string& name) const;
  void add_tsconfig(const std::string& path, const std::string& text);
  /// A package.json. In a workspace (monorepo), a package is imported by its name from the other
  /// packages (`import {model} from "@acme/ai"`), which resolve_js follows to its source; a
  /// package.json with "workspaces" makes its folder a workspace root.
  void add_package_json(const std::string& path, const std::string& text);
  /// A folder whose packages form a workspace (pnpm-workspace.yaml, lerna.json).
  void add_workspace_root(const std::string& dir) { workspace_roots_.push_back(dir); }

  /// Files larger than this are not searched for callers (see files_calling).
  static constexpr uint32_t kMaxCallerFileBytes = 256u << 10;
  /// Narrows a caller search to the files that can name what is called: `home` (the defining
  /// file) and files whose import statements mention one of `words` (see import_words.h).
  /// With a `root` (a project folder), every file under it is in scope too; `everywhere` puts
  /// every file in scope (the search still knows its home, see files_calling).
  struct CallerScope {
    std::string home;
    std::vector<std::string> words;
    std::string root;
    bool everywhere = false;
  };
  /// The nearest folder above `path` holding a package.json or a setup.py: the project a file
  /// belongs to, with its package name when it has one. nullopt at the top of the scan.
  struct ProjectRoot {
    std::string dir;
    std::string package;
  };
  std::optional<ProjectRoot> project_root(const std::string& path) const;
  /// The listed files whose text calls `name` (`name(...)`, `x.name(...)`, `new name(...)`), in
  /// path order, Python files when `python`, else JS/TS (see note_call_names), only those in
  /// `scope` when one is given. When more than `max_files` do, `cut_short` is incremented (the
  /// search is partial) and the answer is only the scope's home (callers in the defining file
  /// itself), if it calls the name. Files over kMaxCallerFileBytes
  /// (generated bundles, in practice) are left out.
  /// Callers load them one at a time with module() and stop once they have enough.
  std::vector<std::string> files_calling(const std::string& name, bool python, size_t max_files, int& cut_short,
                                         const CallerScope* scope = nullptr);
  /// Records which names a file calls and which words its imports mention, from a cheap scan
  /// of its text (every code file is noted).
  void note_call_names(const std::string& path, std::string_view text);

  /// Reads a listed file's text for may_hold_sdk_value (only its import statements are read).
  using TextReader = std::function<std::optional<std::string>(const std::string& path)>;
  void set_text_reader(TextReader reader) { read_text_ = std::move(reader); }
  /// After pass 1: the prefilter's candidates, and those of them with an SDK's own marker (its
  /// package or import, see Catalog::sdk_markers), where every SDK value starts (sdk_reach.cpp).
  void mark_sdk_files(const std::vector<std::string>& candidates, const std::vector<std::string>& sdk_files);
  /// Whether the module at `path` may hold an SDK value: a candidate, or a module whose imports
  /// lead, directly or through other project modules, to an SDK file (followed by reading import
  /// statements, not by parsing; answers are cached). A module whose import closure is too large
  /// to read for less than parsing it costs counts as reached. True before mark_sdk_files and
  /// for files that were not noted (data files). Not thread-safe: pass 2's consumer thread only.
  bool may_hold_sdk_value(const std::string& path);
  /// Files whose imports were read to answer may_hold_sdk_value (for LLMSPEND_STATS).
  size_t sdk_reach_reads() const { return reach_reads_; }

 private:
  std::optional<std::string> resolve_js(const std::string& from_path, const std::string& spec) const;
  std::optional<std::string> js_candidates(const std::string& base) const;
  std::optional<std::string> resolve_workspace_package(const std::string& spec) const;
  bool exists(const std::string& p) const { return files_.count(p) > 0; }

  struct TsPaths {
    std::string dir;                                  ///< folder of the tsconfig
    std::string base_url;                             ///< relative to dir
    std::vector<std::pair<std::string, std::vector<std::string>>> paths;
  };

  std::unordered_set<std::string> files_;
  /// Names of folders holding an __init__.py: with by_basename_, rules out most third-party
  /// imports (`os`, `typing`) before resolve_python_module walks up the folders.
  std::unordered_set<std::string> package_dir_names_;
  std::unordered_map<std::string, std::vector<std::string>> by_basename_;
  ModuleLoader loader_;
  mutable std::mutex mu_;
  struct Loaded {
    std::shared_ptr<const parse::Module> module;
    size_t bytes = 0;
    uint64_t last_use = 0;
  };
  void touch(Loaded& l);

  std::unordered_map<std::string, Loaded> modules_;
  size_t resident_bytes_ = 0;
  uint64_t clock_ = 0;
  size_t loads_ = 0;
  std::set<std::string> failed_;
  std::unordered_map<std::string, EnvValue> env_;
  std::unordered_map<std::string, int> env_rank_;
  std::vector<TsPaths> tsconfigs_;
  struct Package {
    std::string dir;
    std::vector<std::string> entries;                    ///< "exports" ".", module, main, types
    std::vector<std::pair<std::string, std::string>> subpaths;  ///< "exports" "./x" -> file
  };
  std::unordered_map<std::string, Package> packages_;  ///< by package name
  std::unordered_map<std::string, std::string> package_dirs_;  ///< folder of a package.json -> its name
  std::vector<std::string> workspace_roots_;
  std::vector<std::string> noted_paths_;                        ///< files given to note_call_names
  std::vector<uint32_t> noted_sizes_;                           ///< their sizes in bytes
  /// Per noted file, its sorted import-word hashes: import_words_[begin, begin + count).
  std::vector<std::pair<uint32_t, uint32_t>> import_word_ranges_;
  std::vector<uint32_t> import_words_;
  std::unordered_map<std::string, uint32_t> noted_index_;  ///< path -> index into noted_paths_
  bool imports_word(uint32_t file, uint32_t word_hash) const;
  /// Under mu_: sorts the called-name index and maps paths to noted files (once, after pass 1).
  void finish_notes();
  /// The noted files `file`'s import statements resolve to (sdk_reach.cpp).
  std::vector<uint32_t> import_targets(uint32_t file);
  TextReader read_text_;
  enum class Reach : uint8_t { kUnknown, kNo, kYes, kCandidate };
  std::vector<Reach> reach_;  ///< per noted file; empty until mark_sdk_files
  size_t reach_reads_ = 0;
  void add_package_word(const std::string& home, std::vector<uint32_t>& words) const;
  /// (hash of a called name, index into noted_paths_), sorted by hash on first query.
  std::vector<std::pair<uint32_t, uint32_t>> called_names_;
  bool names_sorted_ = true;
};

/// Rough heap footprint of a lowered module (for the release() budget).
size_t approx_bytes(const parse::Module& m);

/// Indices into `m.calls` of the calls whose callee's terminal name is `name`.
std::vector<int32_t> calls_in(const parse::Module& m, const std::string& name);

/// The callee's terminal name: `b` for `a.b(...)`, `f` for `f(...)`, "" otherwise.
std::string callee_name(const parse::Module& m, parse::ExprId call);
/// Dotted source-like text of a name/attribute chain, "" when it is not one.
std::string chain_text(const parse::Module& m, parse::ExprId e);

}  // namespace llmspend::index

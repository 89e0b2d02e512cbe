#include "vcs/git_source.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "core/strings.h"
#include "scan/gitignore.h"
#include "scan/source_file.h"

namespace llmspend::vcs {
namespace {

constexpr const char* kRegularFile = "100644";
constexpr const char* kExecutableFile = "100755";

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dir_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Decides which tree paths a scan lists, the way DiskSource's walk does: a directory that is
/// excluded hides everything below it.
class TreeFilter {
 public:
  explicit TreeFilter(const scan::WalkOptions& options) : options_(options) {}

  void add_gitignore(const std::string& dir, const std::string& text) {
    rules_.add_file(dir, text);
  }

  bool listed(const std::string& path) {
    if (!is_wanted_file(path) || excluded(path, false)) return false;
    for (std::string dir = dir_name(path); !dir.empty(); dir = dir_name(dir)) {
      if (dir_excluded(dir)) return false;
    }
    return true;
  }

 private:
  bool dir_excluded(const std::string& dir) {
    auto it = dirs_.find(dir);
    if (it != dirs_.end()) return it->second;
    const bool out = excluded(dir, true);
    dirs_.emplace(dir, out);
    return out;
  }

  bool excluded(const std::string& rel, bool is_dir) const {
    if (options_.default_excludes && is_dir && scan::is_default_excluded_dir(base_name(rel))) {
      return true;
    }
    if (options_.honour_gitignore && rules_.ignored(rel, is_dir)) return true;
    for (const auto& g : options_.exclude_globs) {
      if (core::glob_match(g, rel) || (is_dir && core::glob_match(g, rel + "/"))) return true;
    }
    return false;
  }

  const scan::WalkOptions& options_;
  scan::IgnoreRules rules_;
  std::unordered_map<std::string, bool> dirs_;
};

int depth(const std::string& path) {
  return static_cast<int>(std::count(path.begin(), path.end(), '/'));
}

}  // namespace

bool is_wanted_file(const std::string& path) {
  const std::string name = base_name(path);
  if (scan::language_for_path(path).has_value()) return true;
  if (name == ".env" || name.rfind(".env.", 0) == 0) return true;
  const bool data = ends_with(name, ".json") || ends_with(name, ".yaml") || ends_with(name, ".yml");
  return data && name.find("lock") == std::string::npos;
}

BlobReader::BlobReader(const std::string& toplevel) : toplevel_(toplevel) {}

std::optional<std::string> BlobReader::read(const std::string& oid, std::string& error) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!process_ || !process_->ok()) {
    process_ = std::make_unique<PipedProcess>(
        std::vector<std::string>{"git", "-C", toplevel_, "cat-file", "--batch"});
  }
  // Protocol: "<oid>\n" in; "<oid> <type> <size>\n<bytes>\n" or "<oid> missing\n" out.
  std::optional<std::string> header;
  if (process_->write(oid + "\n")) header = process_->read_line();
  if (!header) {
    process_.reset();  // a dead pipe is restarted by the next read
    error = "git cat-file stopped answering";
    return std::nullopt;
  }
  auto parts = core::split(*header, ' ');
  if (parts.size() != 3) {
    error = fmt::format("git object {} is missing", oid);
    return std::nullopt;
  }
  const bool blob = parts[1] == "blob";
  const size_t size = std::stoull(std::string(parts[2]));
  auto bytes = process_->read_exact(size + 1);  // the content and its terminating '\n'
  if (!bytes) {
    process_.reset();
    error = "git cat-file stopped in the middle of an object";
    return std::nullopt;
  }
  bytes->pop_back();
  if (!blob) {
    error = fmt::format("{} is not a file", oid);
    return std::nullopt;
  }
  return bytes;
}

core::Result<std::unique_ptr<GitTreeSource>> GitTreeSource::open(
    const GitRepo& repo, const std::string& commit, scan::WalkOptions options,
    std::shared_ptr<BlobReader> blobs) {
  auto entries = repo.list_tree(commit);
  if (!entries) return entries.error();
  std::map<std::string, std::string> all;
  std::vector<std::string> ignores;
  for (const TreeEntry& e : *entries) {
    if (e.mode != kRegularFile && e.mode != kExecutableFile) continue;  // symlinks, submodules
    all.emplace(e.path, e.oid);
    if (base_name(e.path) == ".gitignore") ignores.push_back(e.path);
  }
  // Parents' rules before their children's, as a walk loads them.
  std::stable_sort(ignores.begin(), ignores.end(),
                   [](const auto& a, const auto& b) { return depth(a) < depth(b); });
  TreeFilter filter(options);
  for (const std::string& path : ignores) {
    std::string error;
    if (auto text = blobs->read(all[path], error)) filter.add_gitignore(dir_name(path), *text);
  }
  std::map<std::string, std::string> listed;
  for (const auto& [path, oid] : all) {
    if (filter.listed(path)) listed.emplace(path, oid);
  }
  return std::unique_ptr<GitTreeSource>(
      new GitTreeSource(std::move(all), std::move(listed), std::move(blobs)));
}

std::vector<std::string> GitTreeSource::list(core::DiagnosticSink&) {
  std::vector<std::string> out;
  out.reserve(listed_.size());
  for (const auto& [path, oid] : listed_) out.push_back(path);
  return out;
}

std::optional<std::string> GitTreeSource::read(const std::string& path, std::string& error) {
  return read_any(path, error);
}

std::optional<std::string> GitTreeSource::blob_id(const std::string& path) const {
  auto it = all_.find(path);
  if (it == all_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> GitTreeSource::read_any(const std::string& path, std::string& error) {
  auto oid = blob_id(path);
  if (!oid) {
    error = "no such file in this revision";
    return std::nullopt;
  }
  return blobs_->read(*oid, error);
}

}  // namespace llmspend::vcs

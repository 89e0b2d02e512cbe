#pragma once
/// A commit's tree as a `scan::FileSource`: the diff analyses a revision straight from git
/// objects, without a checkout or a worktree. Blobs are read through ONE long-lived
/// `git cat-file --batch` process; the pipeline reads from several threads, so access to that
/// process is serialised by a mutex (reads are a small share of analysis time next to parsing).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "scan/file_source.h"
#include "vcs/git_repo.h"
#include "vcs/process.h"

namespace llmspend::vcs {

/// The `git cat-file --batch` pipe: object id in, object bytes out. Thread-safe.
class BlobReader {
 public:
  explicit BlobReader(const std::string& toplevel);
  /// The bytes of blob `oid` (any object name works: `<commit>:<path>`), or nullopt with
  /// `error` set (missing object, not a blob, git died).
  std::optional<std::string> read(const std::string& oid, std::string& error);

 private:
  std::string toplevel_;
  std::mutex mu_;
  std::unique_ptr<PipedProcess> process_;  // started on first use, restarted after a failure
};

/// Files of `commit` under the repository's scan root, filtered like a directory walk: default
/// excluded directories, the tree's own .gitignore files, exclude globs, wanted extensions.
/// Symlinks and submodules are not followed.
class GitTreeSource : public scan::FileSource {
 public:
  /// Lists the tree once; an error when the commit cannot be listed.
  static core::Result<std::unique_ptr<GitTreeSource>> open(const GitRepo& repo,
                                                           const std::string& commit,
                                                           scan::WalkOptions options,
                                                           std::shared_ptr<BlobReader> blobs);

  std::vector<std::string> list(core::DiagnosticSink& sink) override;
  std::optional<std::string> read(const std::string& path, std::string& error) override;

  /// The blob id of `path` in the tree (listed or not), for reading config files of the revision.
  std::optional<std::string> blob_id(const std::string& path) const;
  /// Reads any blob of the tree by path (listed or not).
  std::optional<std::string> read_any(const std::string& path, std::string& error);
  /// Every listed path with its blob id: equal ids on two sides mean identical files.
  const std::map<std::string, std::string>& listed() const { return listed_; }

 private:
  GitTreeSource(std::map<std::string, std::string> all, std::map<std::string, std::string> listed,
                std::shared_ptr<BlobReader> blobs)
      : all_(std::move(all)), listed_(std::move(listed)), blobs_(std::move(blobs)) {}

  std::map<std::string, std::string> all_;     // path → oid, every regular blob under the root
  std::map<std::string, std::string> listed_;  // the subset a scan analyses
  std::shared_ptr<BlobReader> blobs_;
};

/// Whether a directory walk would list `path` (by name only): analysable source, `.env*`, or a
/// JSON/YAML data file that is not a lockfile. Mirrors scan's DiskSource.
bool is_wanted_file(const std::string& path);

}  // namespace llmspend::vcs

#pragma once
/// Questions about a git repository, answered by short `git` runs (never a checkout, never a
/// worktree): which commit a revision names, the merge-base with the default branch, a commit's
/// date, the files of a commit's tree and the files that changed (renames included, `-M`).
/// Paths in and out are relative to the scan root (`prefix()` inside the repository).
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "vcs/process.h"

namespace llmspend::vcs {

/// One blob of a commit's tree.
struct TreeEntry {
  std::string path;  ///< relative to the scan root, '/' separated
  std::string mode;  ///< "100644", "100755", "120000" (symlink), "160000" (submodule)
  std::string oid;   ///< the blob id
};

/// One file that differs between two sides, from `git diff -M --name-status`.
struct FileChange {
  char status = 'M';     ///< A added, D deleted, M modified, R renamed, C copied, T type change
  std::string path;      ///< the head path (the base path for D)
  std::string old_path;  ///< R and C: the base path; else equal to `path`
};

class GitRepo {
 public:
  /// The repository holding `path` (a directory or file); the scan root is `path` itself.
  /// An error when git is missing or `path` is not inside a work tree.
  static core::Result<GitRepo> open(const std::string& path);

  const std::string& toplevel() const { return toplevel_; }
  /// The scan root relative to the top of the repository: "" or "services/api".
  const std::string& prefix() const { return prefix_; }

  /// The commit id `rev` names. Unknown revisions are errors that say what to do, naming
  /// `fetch-depth: 0` when the clone is shallow.
  core::Result<std::string> resolve_commit(const std::string& rev) const;
  /// The best common ancestor of two revisions.
  core::Result<std::string> merge_base(const std::string& a, const std::string& b) const;
  /// The remote's default branch (`origin/HEAD`), else the first of origin/main, origin/master,
  /// main, master that exists.
  std::optional<std::string> default_branch() const;
  /// The committer date of `commit` as YYYY-MM-DD (UTC).
  core::Result<std::string> commit_date(const std::string& commit) const;
  bool is_shallow() const;

  /// The tree id of the scan root in `commit` (equal ids mean equal trees); nullopt when the
  /// root does not exist there.
  std::optional<std::string> root_tree(const std::string& commit) const;
  /// The tree id of the whole repository in `commit`.
  std::optional<std::string> full_tree(const std::string& commit) const;
  /// Every blob under the scan root in `commit`, sorted by path.
  core::Result<std::vector<TreeEntry>> list_tree(const std::string& commit) const;
  /// Files changed under the scan root from `base` to `head` ("" = the working tree), with
  /// rename detection. Paths outside the scan root are left out.
  core::Result<std::vector<FileChange>> changes(const std::string& base,
                                                const std::string& head) const;

 private:
  GitRepo(std::string toplevel, std::string prefix)
      : toplevel_(std::move(toplevel)), prefix_(std::move(prefix)) {}
  ProcessResult git(std::vector<std::string> args) const;
  /// "services/api/x.py" → "x.py" when under the prefix; nullopt otherwise.
  std::optional<std::string> strip_prefix(const std::string& repo_path) const;
  std::optional<FileChange> relative_change(char status, const std::string& old_path,
                                            const std::string& path) const;

  std::string toplevel_;
  std::string prefix_;
};

/// The message for a revision git does not know, with the next step.
core::Error unknown_revision_error(const std::string& rev, bool shallow);

}  // namespace llmspend::vcs

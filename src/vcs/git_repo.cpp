#include "vcs/git_repo.h"

#include <algorithm>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "core/strings.h"

namespace llmspend::vcs {
namespace fs = std::filesystem;
namespace {

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return std::string(core::trim(line));
}

/// NUL-separated fields of `git … -z` output (the trailing empty field is dropped).
std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\0', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

core::Error git_error(const std::string& what, const ProcessResult& r) {
  std::string detail = first_line(r.err);
  return core::Error{fmt::format("{}: git failed{}{}", what, detail.empty() ? "" : ": ", detail)};
}

}  // namespace

core::Error unknown_revision_error(const std::string& rev, bool shallow) {
  if (shallow) {
    return core::Error{fmt::format(
        "unknown revision `{}`: this is a shallow clone without that commit; fetch the history "
        "(GitHub Actions: `actions/checkout` with `fetch-depth: 0`; locally: `git fetch "
        "--unshallow`)",
        rev)};
  }
  return core::Error{fmt::format(
      "unknown revision `{}`: no such branch, tag or commit in this repository (fetch it first, "
      "or pass --base/--head with a revision that exists)",
      rev)};
}

core::Result<GitRepo> GitRepo::open(const std::string& path) {
  std::error_code ec;
  fs::path dir = fs::absolute(path, ec);
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  ProcessResult r =
      run_process({"git", "-C", dir.string(), "rev-parse", "--show-toplevel", "--show-prefix"});
  if (r.exit_code != 0) {
    if (r.exit_code == -1) return core::Error{"git is not installed or not on PATH: " + r.err};
    return core::Error{
        fmt::format("{}: not inside a git work tree ({}); `llmspend diff` reads "
                    "revisions from git — or compare two JSON reports instead",
                    path, first_line(r.err))};
  }
  auto lines = core::split(r.out, '\n');
  std::string top(lines.empty() ? "" : lines[0]);
  std::string prefix(lines.size() > 1 ? lines[1] : "");
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return GitRepo(top, prefix);
}

ProcessResult GitRepo::git(std::vector<std::string> args) const {
  // Never let a user's pager, external diff or locale change what we parse.
  std::vector<std::string> argv = {"git",       "-C", toplevel_, "-c", "core.quotepath=off",
                                   "--no-pager"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

std::optional<std::string> GitRepo::strip_prefix(const std::string& repo_path) const {
  if (prefix_.empty()) return repo_path;
  if (repo_path.size() > prefix_.size() && repo_path.compare(0, prefix_.size(), prefix_) == 0 &&
      repo_path[prefix_.size()] == '/') {
    return repo_path.substr(prefix_.size() + 1);
  }
  return std::nullopt;
}

bool GitRepo::is_shallow() const {
  return first_line(git({"rev-parse", "--is-shallow-repository"}).out) == "true";
}

core::Result<std::string> GitRepo::resolve_commit(const std::string& rev) const {
  if (rev.empty() || rev.front() == '-') return unknown_revision_error(rev, false);
  ProcessResult r =
      git({"rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"});
  if (r.exit_code != 0) return unknown_revision_error(rev, is_shallow());
  return first_line(r.out);
}

core::Result<std::string> GitRepo::merge_base(const std::string& a, const std::string& b) const {
  ProcessResult r = git({"merge-base", a, b});
  if (r.exit_code == 0) return first_line(r.out);
  if (is_shallow())
    return unknown_revision_error(fmt::format("merge-base of {} and {}", a, b), true);
  return core::Error{fmt::format("{} and {} have no common ancestor; pass --base REV", a, b)};
}

std::optional<std::string> GitRepo::default_branch() const {
  ProcessResult r = git({"symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"});
  std::string ref = first_line(r.out);
  const std::string kRemotes = "refs/remotes/";
  if (r.exit_code == 0 && ref.rfind(kRemotes, 0) == 0) return ref.substr(kRemotes.size());
  for (const char* name : {"origin/main", "origin/master", "main", "master"}) {
    if (git({"rev-parse", "--verify", "--quiet", std::string(name) + "^{commit}"}).exit_code == 0) {
      return std::string(name);
    }
  }
  return std::nullopt;
}

core::Result<std::string> GitRepo::commit_date(const std::string& commit) const {
  ProcessResult r = git({"show", "-s", "--format=%ct", commit});
  std::string seconds = first_line(r.out);
  if (r.exit_code != 0 || seconds.empty()) return git_error("commit date of " + commit, r);
  const std::time_t t = static_cast<std::time_t>(std::stoll(seconds));
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

std::optional<std::string> GitRepo::root_tree(const std::string& commit) const {
  std::string spec = commit + "^{tree}";
  if (!prefix_.empty()) spec = commit + ":" + prefix_;
  ProcessResult r = git({"rev-parse", "--verify", "--quiet", spec});
  if (r.exit_code != 0) return std::nullopt;
  return first_line(r.out);
}

std::optional<std::string> GitRepo::full_tree(const std::string& commit) const {
  ProcessResult r = git({"rev-parse", "--verify", "--quiet", commit + "^{tree}"});
  if (r.exit_code != 0) return std::nullopt;
  return first_line(r.out);
}

core::Result<std::vector<TreeEntry>> GitRepo::list_tree(const std::string& commit) const {
  std::vector<std::string> args = {"ls-tree", "-r", "-z", "--full-tree", commit};
  if (!prefix_.empty()) args.insert(args.end(), {"--", prefix_});
  ProcessResult r = git(args);
  if (r.exit_code != 0) return git_error("listing " + commit, r);
  std::vector<TreeEntry> out;
  for (const std::string& rec : split_nul(r.out)) {
    // "<mode> SP <type> SP <oid> TAB <path>"
    size_t tab = rec.find('\t');
    auto meta = core::split(std::string_view(rec).substr(0, tab), ' ');
    if (tab == std::string::npos || meta.size() != 3 || meta[1] != "blob") continue;
    auto path = strip_prefix(rec.substr(tab + 1));
    if (path) out.push_back({*path, std::string(meta[0]), std::string(meta[2])});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

std::optional<FileChange> GitRepo::relative_change(char status, const std::string& old_path,
                                                   const std::string& path) const {
  auto old_rel = strip_prefix(old_path);
  auto new_rel = strip_prefix(path);
  if (!old_rel && !new_rel) return std::nullopt;
  // A rename across the scan root's boundary is an add or a delete from our point of view.
  if (!old_rel) return FileChange{'A', *new_rel, *new_rel};
  if (!new_rel) return FileChange{'D', *old_rel, *old_rel};
  return FileChange{status, *new_rel, *old_rel};
}

core::Result<std::vector<FileChange>> GitRepo::changes(const std::string& base,
                                                       const std::string& head) const {
  std::vector<std::string> args = {"diff", "-M", "--name-status", "-z", "--no-ext-diff", base};
  if (!head.empty()) args.push_back(head);
  args.push_back("--");
  if (!prefix_.empty()) args.push_back(prefix_);
  ProcessResult r = git(args);
  if (r.exit_code != 0) {
    return git_error("comparing " + base + " with " + (head.empty() ? "the working tree" : head),
                     r);
  }
  std::vector<FileChange> out;
  auto fields = split_nul(r.out);
  for (size_t i = 0; i < fields.size();) {
    const char status = fields[i].empty() ? 'M' : fields[i][0];
    const size_t paths = (status == 'R' || status == 'C') ? 2 : 1;
    if (i + paths >= fields.size()) break;  // truncated output: ignore the partial record
    auto c = relative_change(status, fields[i + 1], fields[i + paths]);
    if (c) out.push_back(std::move(*c));
    i += paths + 1;
  }
  return out;
}

}  // namespace llmspend::vcs

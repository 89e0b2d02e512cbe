#include "scan/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "core/strings.h"
#include "scan/gitignore.h"
#include "scan/source_file.h"

namespace llmspend::scan {
namespace fs = std::filesystem;

bool is_default_excluded_dir(const std::string& name) {
  static const std::set<std::string> kDirs = {
      ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "virtualenv", "site-packages",
      "dist", "build", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox",
      ".nox", ".next", ".nuxt", ".svelte-kit", ".turbo", ".cache", "coverage", ".ipynb_checkpoints",
      ".eggs", "bower_components", ".yarn", ".pnpm-store", ".terraform", ".idea", ".vscode"};
  return kDirs.count(name) > 0;
}

namespace {

bool ends_with_any(const std::string& s, std::initializer_list<const char*> suffixes) {
  for (const char* suf : suffixes) {
    size_t n = std::char_traits<char>::length(suf);
    if (s.size() >= n && s.compare(s.size() - n, n, suf) == 0) return true;
  }
  return false;
}

/// Reads the regular file open on `fd` whole, straight into `out` (one buffer, no copy), then
/// closes it. At most `max_bytes`: a larger file is refused by its size before any read.
bool read_fd(int fd, std::string& out, std::string& error, uint64_t max_bytes = UINT64_MAX) {
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (!ok) error = "not a regular file (it changed after the directory was listed)";
  if (ok && static_cast<uint64_t>(st.st_size) > max_bytes) {
    error = fmt::format("{} bytes is over the {}-byte limit; not read (raise --max-file-size)",
                        static_cast<uint64_t>(st.st_size), max_bytes);
    ok = false;
  }
  // The size fstat gave is what is read (a file changing under the scan is read as it was then,
  // or shorter): no second read() per file just to see the end.
  size_t have = 0;
  if (ok) out.resize(static_cast<size_t>(st.st_size));
  while (ok && have < out.size()) {
    ssize_t n = ::read(fd, out.data() + have, out.size() - have);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::string("read failed: ") + std::strerror(errno);
      ok = false;
      break;
    }
    have += static_cast<size_t>(n);
  }
  out.resize(ok ? have : 0);
  ::close(fd);
  return ok;
}

/// Opens non-blocking so that a FIFO swapped in after listing cannot hang the scan; read_fd
/// checks that it is a regular file (no devices, no directories).
constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;

bool read_whole(const fs::path& p, std::string& out, std::string& error) {
  int fd = ::open(p.c_str(), kOpenFlags);
  if (fd < 0) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  return read_fd(fd, out, error);
}

/// Whether `p` resolves to `canonical_root` or a path below it.
bool resolves_inside(const fs::path& p, const std::string& canonical_root) {
  std::error_code ec;
  std::string target = fs::weakly_canonical(p, ec).string();
  if (ec) return false;
  return target == canonical_root || target.rfind(canonical_root + "/", 0) == 0 ||
         canonical_root == "/";
}

/// Iterative directory walk (no recursion on depth), never leaving the root through symlinks.
class Walker {
 public:
  Walker(const fs::path& root, const WalkOptions& o, core::DiagnosticSink& sink)
      : root_(root), options_(o), sink_(sink) {}

  /// Every wanted file, sorted; or, with `found`, each handed over as it is met (none returned).
  std::vector<std::string> run(const std::function<void(std::string)>* found = nullptr) {
    found_ = found;
    std::error_code ec;
    canonical_root_ = fs::weakly_canonical(root_, ec).string();
    std::vector<std::string> stack = {""};
    while (!stack.empty()) {
      std::string dir = std::move(stack.back());
      stack.pop_back();
      visit_dir(dir, stack);
    }
    std::sort(files_.begin(), files_.end());
    return files_;
  }

 private:
  void visit_dir(const std::string& dir, std::vector<std::string>& stack) {
    fs::path abs = dir.empty() ? root_ : root_ / dir;
    if (!enter_once(abs, dir)) return;
    std::error_code ec;
    // No skip_permission_denied: an unreadable directory must be reported, not silently empty.
    fs::directory_iterator it(abs, ec);
    if (ec) {
      unreadable_dir(dir, ec);
      return;
    }
    // The entries first: whether the folder is a virtualenv or has a .gitignore shows in its
    // listing, without a stat of each possible name in every folder.
    std::vector<fs::directory_entry> entries;
    bool gitignore = false;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name == "pyvenv.cfg" && options_.default_excludes && !dir.empty()) return;  // a virtualenv
      gitignore = gitignore || name == ".gitignore";
      entries.push_back(*it);
    }
    if (ec) unreadable_dir(dir, ec);
    if (gitignore && options_.honour_gitignore) load_gitignore(abs, dir);
    std::vector<std::string> subdirs;
    for (const auto& e : entries) {
      std::string name = e.path().filename().string();
      std::string rel = dir.empty() ? name : dir + "/" + name;
      classify(e, name, rel, subdirs);
    }
    // Reverse so the stack pops in name order (only for stable diagnostics; files are sorted).
    std::sort(subdirs.rbegin(), subdirs.rend());
    for (auto& s : subdirs) stack.push_back(std::move(s));
  }

  void unreadable_dir(const std::string& dir, const std::error_code& ec) {
    sink_.add({dir.empty() ? "." : dir, std::nullopt, "unreadable-directory",
               "cannot list the directory: " + ec.message() + "; its files were not scanned"});
  }

  void classify(const fs::directory_entry& e, const std::string& name, const std::string& rel,
                std::vector<std::string>& subdirs) {
    std::error_code ec;
    bool is_link = e.is_symlink(ec);
    bool is_dir = e.is_directory(ec);
    if (is_link && !inside_root(e.path())) {
      sink_.add({rel, std::nullopt, "symlink-outside-root",
                 "symbolic link points outside the scan root; not followed"});
      return;
    }
    if (is_dir) {
      if (excluded(rel, name, true)) return;
      subdirs.push_back(rel);
      return;
    }
    if (!e.is_regular_file(ec)) {
      // A FIFO, socket, device or dangling link named like source: say why it was not read.
      if (language_for_path(rel) && !excluded(rel, name, false)) {
        sink_.add({rel, std::nullopt, "not-a-regular-file",
                   is_link ? "symbolic link to nothing readable; skipped"
                           : "not a regular file (FIFO, socket or device); skipped"});
      }
      return;
    }
    if (excluded(rel, name, false)) return;
    // Data files are listed (not read) so code that loads them (`yaml.safe_load(open(...))`,
    // `import cfg from "./config.json"`) can be followed; lockfiles are never configuration.
    bool data = (ends_with_any(name, {".json", ".yaml", ".yml"})) && name != "package-lock.json" &&
                name.find("lock") == std::string::npos;
    bool wanted = language_for_path(rel).has_value() || is_env_path(name) || data;
    if (!wanted) return;
    if (found_) {
      (*found_)(rel);
    } else {
      files_.push_back(rel);
    }
  }

  bool excluded(const std::string& rel, const std::string& name, bool is_dir) const {
    if (options_.default_excludes && is_dir && is_default_excluded_dir(name)) return true;
    if (options_.honour_gitignore && ignore_.ignored(rel, is_dir)) return true;
    for (const auto& g : options_.exclude_globs) {
      if (core::glob_match(g, rel) || (is_dir && core::glob_match(g, rel + "/"))) return true;
    }
    return false;
  }


  bool inside_root(const fs::path& p) const { return resolves_inside(p, canonical_root_); }

  // Symlink loops: a directory (device, inode) is entered once.
  bool enter_once(const fs::path& abs, const std::string& rel) {
    struct stat st {};
    if (::stat(abs.c_str(), &st) != 0) return true;
    auto key = std::make_pair(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino));
    if (!seen_.insert(key).second) {
      sink_.add({rel.empty() ? "." : rel, std::nullopt, "symlink-loop",
                 "directory reached twice through symbolic links; skipped"});
      return false;
    }
    return true;
  }

  void load_gitignore(const fs::path& abs, const std::string& dir) {
    std::string text, err;
    if (read_whole(abs / ".gitignore", text, err)) ignore_.add_file(dir, text);
  }

  fs::path root_;
  std::string canonical_root_;
  const WalkOptions& options_;
  core::DiagnosticSink& sink_;
  IgnoreRules ignore_;
  std::set<std::pair<uint64_t, uint64_t>> seen_;
  std::vector<std::string> files_;
  const std::function<void(std::string)>* found_ = nullptr;
};

}  // namespace

DiskSource::DiskSource(std::string root, WalkOptions options)
    : root_(std::move(root)), options_(std::move(options)) {
  std::error_code ec;
  canonical_root_ = fs::weakly_canonical(root_, ec).string();
  single_file_ = fs::is_regular_file(root_, ec);
}

std::vector<std::string> DiskSource::list(core::DiagnosticSink& sink) {
  if (single_file_) return {fs::path(root_).filename().string()};
  return Walker(root_, options_, sink).run();
}

void DiskSource::list_each(core::DiagnosticSink& sink, const std::function<void(std::string)>& found) {
  if (single_file_) {
    found(fs::path(root_).filename().string());
    return;
  }
  Walker(root_, options_, sink).run(&found);
}

std::string DiskSource::path_of(const std::string& rel) const {
  return single_file_ ? root_ : (fs::path(root_) / rel).string();
}

std::optional<std::string> DiskSource::read(const std::string& path, std::string& error) {
  const std::string p = path_of(path);
  // Opened without following a final symlink: a regular file costs one open and one fstat. A
  // link is followed only when it stays inside the root (listing refused the others; this also
  // refuses one swapped in after listing).
  int fd = ::open(p.c_str(), kOpenFlags | O_NOFOLLOW);
  if (fd < 0 && errno == ELOOP) {
    if (!single_file_ && !resolves_inside(p, canonical_root_)) {
      error = "symbolic link points outside the scan root; not followed";
      return std::nullopt;
    }
    fd = ::open(p.c_str(), kOpenFlags);
  }
  if (fd < 0) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string out;
  if (!read_fd(fd, out, error, options_.max_read_bytes)) return std::nullopt;
  return out;
}

std::optional<uint64_t> DiskSource::size_hint(const std::string& path) {
  struct stat st {};
  if (::stat(path_of(path).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<uint64_t>(st.st_size);
}

std::vector<std::string> MemorySource::list(core::DiagnosticSink&) {
  std::vector<std::string> out;
  for (const auto& [path, text] : files_) out.push_back(path);
  return out;
}

std::optional<std::string> MemorySource::read(const std::string& path, std::string& error) {
  auto it = files_.find(path);
  if (it == files_.end()) {
    error = "no such file";
    return std::nullopt;
  }
  return it->second;
}

}  // namespace llmspend::scan

#pragma once
// Support for the hostile-input tests: a temp directory that removes itself (even when a test
// made it unremovable by ordinary means), byte-exact file writing, the generators of the hostile
// corpus, and running the built binary on a tree to read back its JSON report.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace llmspend::hostile {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// Writes `bytes` exactly (binary mode), creating parent directories.
void write_file(const fs::path& p, const std::string& bytes);

/// A Python file with one OpenAI chat site using `model`; the site is on line 4.
std::string python_site(const std::string& model);
/// A JavaScript file with one OpenAI chat site using `model`; the site is on line 3.
std::string js_site(const std::string& model);

/// A file that is valid `language` ("py" or "js") code nesting `depth` levels deep in `shape`,
/// followed by one OpenAI site using `model`. Each nesting level is on its own line, so the file
/// is not mistaken for a minified bundle.
std::string deep_source(const std::string& language, const std::string& shape, int depth,
                        const std::string& model);

/// Creates a chain of nested directories under `base` whose absolute path is longer than PATH_MAX
/// (built with *at() calls, which have no such limit), with `leaf_file` at the bottom. Returns the
/// first directory of the chain, relative to `base`.
std::string make_overlong_directory_chain(const fs::path& base, const std::string& leaf_file);
/// Removes what make_overlong_directory_chain created (std::filesystem cannot: paths too long).
void remove_overlong_directory_chain(const fs::path& base, const std::string& first);

struct ScanRun {
  int exit_code = -1;
  std::string stderr_text;
  nlohmann::json report;  ///< null when stdout was not JSON
};

/// Runs `llmspend scan <root> --format json <extra>` and parses the report.
ScanRun scan_json(const fs::path& root, const std::string& extra_args = "");

/// The report's sites as (path, start_line) pairs, and whether one has `path`.
bool has_site(const nlohmann::json& report, const std::string& path);
/// Whether the report has a diagnostic with `code` for exactly `path` and a non-empty message.
bool has_diagnostic(const nlohmann::json& report, const std::string& path, const std::string& code);
/// Every diagnostic as "path: code: message", for failure messages.
std::string diagnostics_text(const nlohmann::json& report);

}  // namespace llmspend::hostile

#pragma once
/// The `FileSource` seam: where source files come from (disk, memory for tests, git objects for
/// diffs). The pipeline only ever lists and reads through it.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace llmspend::scan {

struct WalkOptions {
  bool default_excludes = true;          ///< .git, node_modules, virtualenvs, build output, caches
  bool honour_gitignore = true;
  std::vector<std::string> exclude_globs;  ///< relative to the root, core::glob_match syntax
  /// read() refuses larger files without loading them (.env, tsconfig and data files have no
  /// other size check before they are read); the CLI sets it to --max-file-size.
  uint64_t max_read_bytes = uint64_t{1} << 30;
};

class FileSource {
 public:
  virtual ~FileSource() = default;
  /// Every candidate file, relative '/'-separated paths, sorted. Problems become diagnostics.
  virtual std::vector<std::string> list(core::DiagnosticSink& sink) = 0;
  /// The same files as list(), each handed to `found` as soon as it is known, in no particular
  /// order: reading can start while a walk goes on. Default: list(), then each in turn.
  virtual void list_each(core::DiagnosticSink& sink, const std::function<void(std::string)>& found) {
    for (auto& f : list(sink)) found(std::move(f));
  }
  /// The bytes of one listed file, or nullopt with `error` set (what failed and why).
  virtual std::optional<std::string> read(const std::string& path, std::string& error) = 0;
  /// The size of a listed file when it is known without reading it, so that the loader can skip
  /// a file over the size limit before loading gigabytes into memory. Default: unknown.
  virtual std::optional<uint64_t> size_hint(const std::string& path) { return std::nullopt; }
};

/// Files under a directory on disk (or a single file given as the root). Never leaves the root:
/// symbolic links whose target is outside it are neither listed nor read.
class DiskSource : public FileSource {
 public:
  DiskSource(std::string root, WalkOptions options);
  std::vector<std::string> list(core::DiagnosticSink& sink) override;
  void list_each(core::DiagnosticSink& sink, const std::function<void(std::string)>& found) override;
  std::optional<std::string> read(const std::string& path, std::string& error) override;
  std::optional<uint64_t> size_hint(const std::string& path) override;

 private:
  std::string path_of(const std::string& rel) const;
  std::string root_;
  std::string canonical_root_;  ///< symlink targets must resolve under it
  bool single_file_ = false;    ///< the root is one file, listed by its name
  WalkOptions options_;
};

/// An in-memory tree: tests and the fuzzer run the whole pipeline without touching disk.
class MemorySource : public FileSource {
 public:
  explicit MemorySource(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::vector<std::string> list(core::DiagnosticSink& sink) override;
  std::optional<std::string> read(const std::string& path, std::string& error) override;

 private:
  std::map<std::string, std::string> files_;
};

/// Directory names skipped by default, and whether a name is one of them.
bool is_default_excluded_dir(const std::string& name);

}  // namespace llmspend::scan

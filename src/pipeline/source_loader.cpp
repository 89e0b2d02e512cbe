#include "pipeline/source_loader.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "scan/notebook.h"

namespace llmspend::pipeline {
namespace {

void too_large(const std::string& path, uint64_t size, const LoadLimits& limits,
               core::DiagnosticSink& sink) {
  sink.add({path, std::nullopt, "file-too-large",
            fmt::format("{} bytes is over the {}-byte limit; skipped (raise --max-file-size)", size,
                        limits.max_file_bytes)});
}

bool looks_minified(const std::string& text) {
  if (text.size() < 20'000) return false;
  size_t lines = 1;
  for (char c : text) lines += c == '\n';
  return text.size() / lines > 1'000;
}

}  // namespace

std::optional<scan::SourceFile> decode_source(const std::string& path, std::string bytes,
                                              const LoadLimits& limits, core::DiagnosticSink& sink) {
  auto lang = scan::language_for_path(path);
  if (!lang) return std::nullopt;
  if (bytes.size() > limits.max_file_bytes) {
    too_large(path, bytes.size(), limits, sink);
    return std::nullopt;
  }
  if (bytes.size() >= 2 && ((bytes[0] == '\xff' && bytes[1] == '\xfe') || (bytes[0] == '\xfe' && bytes[1] == '\xff'))) {
    sink.add({path, std::nullopt, "unsupported-encoding", "UTF-16 encoded; only UTF-8 is analysed"});
    return std::nullopt;
  }
  if (bytes.find('\0', 0) != std::string::npos) {
    sink.add({path, std::nullopt, "binary-file", "contains NUL bytes; not a source file"});
    return std::nullopt;
  }
  if (bytes.rfind("\xef\xbb\xbf", 0) == 0) bytes.erase(0, 3);
  if (!core::is_valid_utf8(bytes)) {
    sink.add({path, std::nullopt, "invalid-utf8", "not valid UTF-8; analysed as far as it parses"});
  }
  scan::SourceFile f;
  f.path = path;
  f.language = *lang;
  f.in_test = scan::is_test_path(path);
  if (scan::is_notebook_path(path)) {
    auto ok = scan::load_notebook(bytes, f);
    if (!ok) {
      sink.add({path, std::nullopt, "notebook-invalid", ok.error().message});
      return std::nullopt;
    }
    for (auto& note : f.notes) sink.add({path, std::nullopt, "notebook-cell-skipped", std::move(note)});
    f.notes.clear();
    return f;
  }
  if (*lang != scan::Language::kPython && looks_minified(bytes)) {
    sink.add({path, std::nullopt, "minified-bundle", "looks like a minified bundle; skipped"});
    return std::nullopt;
  }
  f.text = std::move(bytes);
  return f;
}

std::optional<scan::SourceFile> load_source(scan::FileSource& source, const std::string& path,
                                            const LoadLimits& limits, core::DiagnosticSink& sink) {
  std::string error;
  auto bytes = source.read(path, error);
  if (!bytes) {
    // A disk source refuses an oversized file by its size before reading it; say so as such (a
    // stat only on this path: every file's stat up front was a tenth of a large tree's scan).
    if (auto size = source.size_hint(path); size && *size > limits.max_file_bytes) {
      if (scan::language_for_path(path)) too_large(path, *size, limits, sink);
      return std::nullopt;
    }
    sink.add({path, std::nullopt, "unreadable-file", error});
    return std::nullopt;
  }
  return decode_source(path, std::move(*bytes), limits, sink);
}

}  // namespace llmspend::pipeline

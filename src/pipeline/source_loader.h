#pragma once
/// Reading one listed file into a SourceFile: size cap, binary and encoding checks, notebook
/// extraction, minified-bundle skip. Every refusal is a diagnostic naming the path and why.
#include <optional>
#include <string>

#include "core/diagnostic.h"
#include "scan/file_source.h"
#include "scan/source_file.h"

namespace llmspend::pipeline {

struct LoadLimits {
  uint64_t max_file_bytes = 2'000'000;
};

/// Decodes `bytes` read from `path`; nullopt (with a diagnostic) when the file is not analysable.
std::optional<scan::SourceFile> decode_source(const std::string& path, std::string bytes,
                                              const LoadLimits& limits, core::DiagnosticSink& sink);

/// Reads and decodes `path` from `source`.
std::optional<scan::SourceFile> load_source(scan::FileSource& source, const std::string& path,
                                            const LoadLimits& limits, core::DiagnosticSink& sink);

}  // namespace llmspend::pipeline

#pragma once
/// Where command results and messages go: results to stdout or `--out-file` (written atomically),
/// messages to stderr. Colour only on a terminal and never when asked not to.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace llmspend::cli {

/// Output flags every result-printing command shares.
struct OutputOptions {
  std::string format = "table";
  std::string out_file;  ///< "" = stdout
  bool no_color = false;
  bool quiet = false;
};

/// True when stdout is a terminal, no --out-file / --no-color / NO_COLOR, and TERM is not dumb.
bool use_color(const OutputOptions& o);

/// Writes `text` to stdout or atomically to `o.out_file` (temp file + rename: a failed write
/// leaves no partial file). Returns kExitOk or, after a message, kExitInput.
int emit(const std::string& text, const OutputOptions& o);

/// Writes `text` to `path` atomically; an error names the path and the reason.
std::optional<core::Error> write_file_atomically(const std::string& path, const std::string& text);

/// "llmspend: <message>" on stderr, then returns kExitInput.
int fail_input(const core::Error& e);
/// An informational line on stderr unless quiet.
void log_info(const OutputOptions& o, std::string_view message);

}  // namespace llmspend::cli

// libFuzzer target: parse → index → detect → resolve over an in-memory project in one language.
// The input is one or more files separated by NUL bytes (source never contains NUL, and a NUL
// inside a file is already exercised by the binary-file check). A segment that starts with
// "@@ <path>\n" is stored at that path, so seeds can carry multi-file projects whose imports
// resolve; other segments are named app<EXT>, config<EXT>, settings<EXT>, m3<EXT>…
// LLMSPEND_FUZZ_EXT (".py", ".js", ".ts", ".tsx", ".ipynb") picks the language of unnamed files.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "pipeline/analyze.h"
#include "scan/file_source.h"

namespace {

std::string default_name(size_t index) {
  static const char* kNames[] = {"app", "config", "settings"};
  std::string stem = index < 3 ? kNames[index] : "m" + std::to_string(index);
  return stem + LLMSPEND_FUZZ_EXT;
}

/// Splits the input into files; a "@@ path" header names a file (kept relative and short).
std::map<std::string, std::string> split_files(std::string_view data) {
  std::map<std::string, std::string> files;
  size_t index = 0;
  while (!data.empty() && files.size() < 16) {
    size_t nul = data.find('\0');
    std::string_view seg = data.substr(0, nul);
    data = nul == std::string_view::npos ? std::string_view() : data.substr(nul + 1);
    std::string path = default_name(index++);
    if (seg.substr(0, 3) == "@@ ") {
      size_t eol = seg.find('\n');
      std::string named(seg.substr(3, eol == std::string_view::npos ? 0 : eol - 3));
      if (!named.empty() && named.size() < 200 && named[0] != '/') path = named;
      seg = eol == std::string_view::npos ? std::string_view() : seg.substr(eol + 1);
    }
    files[path] = std::string(seg);
  }
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return -1;  // big inputs only slow the search; the hostile test has them
  llmspend::scan::MemorySource source(
      split_files(std::string_view(reinterpret_cast<const char*>(data), size)));
  llmspend::pipeline::AnalyzeOptions options;
  options.jobs = 1;
  options.prefilter = false;  // reach the parser even without SDK markers
  llmspend::pipeline::analyze(options, source);
  return 0;
}

// libFuzzer target: notebook JSON → Python source with a cell map (scan::load_notebook), then the
// loader's checks on the same bytes (encoding, size, notes) as the pipeline applies them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/diagnostic.h"
#include "pipeline/source_loader.h"
#include "scan/notebook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  llmspend::scan::SourceFile file;
  auto ok = llmspend::scan::load_notebook(bytes, file);
  if (ok) {
    // The map must describe every line of the extracted text.
    size_t lines = 0;
    for (char c : file.text) lines += c == '\n';
    if (lines != file.cell_lines.size()) __builtin_trap();
  }
  llmspend::core::DiagnosticSink sink;
  llmspend::pipeline::decode_source("nb.ipynb", std::move(bytes), {}, sink);
  return 0;
}

#pragma once
/// Jupyter notebooks (nbformat 4) as Python source: code cells joined in order, IPython magics and
/// shell escapes blanked so line numbers never shift, and a map back to (cell, line in cell).
#include <string>

#include "core/result.h"
#include "scan/source_file.h"

namespace llmspend::scan {

/// Fills `file.text`, `file.cell_lines` and `file.notebook` from the notebook JSON `bytes`.
/// Errors (invalid JSON, no cells) are returned for the caller to report as diagnostics.
core::Result<bool> load_notebook(const std::string& bytes, SourceFile& file);

}  // namespace llmspend::scan

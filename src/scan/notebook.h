#pragma once
/// Jupyter notebooks (nbformat 4) as Python source: code cells joined in order, IPython magics and
/// shell escapes blanked so line numbers never shift, and a map back to (cell, line in cell).
#include <string>
#include <string_view>

#include "core/result.h"
#include "scan/source_file.h"

namespace llmspend::scan {

/// The pseudo-module `%store -r NAME` imports from (`from __ipython_store__ import NAME`); a
/// `%store NAME` that saves it becomes the call `__ipython_store__(NAME)`.
inline constexpr std::string_view kStoreModule = "__ipython_store__";

/// Fills `file.text`, `file.cell_lines` and `file.notebook` from the notebook JSON `bytes`.
/// Errors (invalid JSON, no cells) are returned for the caller to report as diagnostics.
core::Result<bool> load_notebook(const std::string& bytes, SourceFile& file);

}  // namespace llmspend::scan

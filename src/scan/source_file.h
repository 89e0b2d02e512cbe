#pragma once
/// What the scan stage hands to the parser: one source text per file, its language, and for
/// notebooks a map from lines of the concatenated code back to (cell, line in cell).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmspend::scan {

enum class Language : uint8_t { kPython, kJavaScript, kTypeScript, kTsx };

const char* language_name(Language lang);  ///< "python", "javascript", "typescript"
/// Language by file name, or nullopt for files we do not analyse (`.d.ts` included).
std::optional<Language> language_for_path(const std::string& path);
bool is_notebook_path(const std::string& path);

struct CellLine {
  int cell = 0;  ///< 0-based index over all cells, markdown included
  int line = 0;  ///< 1-based line within the cell's source
};

struct SourceFile {
  std::string path;  ///< relative to the scan root, '/' separated
  Language language = Language::kPython;
  std::string text;  ///< for notebooks: the code cells joined, magics blanked
  bool notebook = false;
  std::vector<CellLine> cell_lines;  ///< notebooks: entry i describes line i+1 of `text`
  bool in_test = false;
  /// Problems met while decoding that did not stop it (a notebook cell without source…); the
  /// loader reports each as a diagnostic.
  std::vector<std::string> notes;
};

/// True for `.env` and `.env.*` files, whose values back environment reads.
bool is_env_path(const std::string& path);

/// True for test files by the CONTRACT's rules (test_*.py, *_test.py, tests/, *.test.ts, e2e/…).
bool is_test_path(const std::string& path);

}  // namespace llmspend::scan

#pragma once
/// The words a file's import statements mention, read from its text without parsing it.
///
/// A caller search for a module-level function `ask` defined in `app/llm.py` only needs the
/// files that can name it: the defining file itself, and files whose imports mention `ask`, `llm`
/// (or the package folder, for `__init__.py` / `index.ts`). Every listed code file is scanned
/// for these words up front (pass 1), so the search opens a handful of files instead of every
/// file that calls some `ask` — in a monorepo with many projects, most of those are unrelated.
///
/// What counts as an import statement:
/// - Python: lines starting with `from` or `import` (also inside a notebook's JSON source
///   strings), through a closing `)` when the names are parenthesized;
/// - JS/TS: `import ... from "spec"`, `import "spec"`, `import("spec")`, `export {...} from` /
///   `export * from`, and the line of a `require("spec")` (which holds the bound names).
/// The words are identifiers and the `/`-separated parts of module specifiers without their
/// extension (`"../lib/chat-service.js"` gives `lib`, `chat-service`). Extra words (from a
/// comment that looks like an import) only make a search open one file more.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmspend::index {

/// The hash the import-word index keys on (FNV-1a, 32 bits).
uint32_t import_word_hash(std::string_view word);

/// Appends the hashes of the words `text`'s import statements mention (unsorted, may repeat).
void collect_import_words(std::string_view text, bool python, std::vector<uint32_t>& out);

/// One import statement's target, as written: a JS module specifier (`module`), or a Python
/// module with its relative `level` and the names imported from it (each may be a submodule).
struct ImportSpec {
  std::string module;
  int level = 0;
  std::vector<std::string> names;
};

/// Appends the targets of `text`'s import statements (the same statements as
/// collect_import_words), for following imports without parsing the file.
void collect_import_specs(std::string_view text, bool python, std::vector<ImportSpec>& out);

/// The words that name module `path` in an import: its file stem, and for a package entry
/// (`__init__.py`, `index.ts`, `mod.rs`-like `main`) also its folder's name.
std::vector<std::string_view> module_words(std::string_view path);

}  // namespace llmspend::index

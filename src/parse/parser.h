#pragma once
/// Parsing a SourceFile into IR facts. One `Parser` per thread (tree-sitter parsers are not
/// thread-safe); the tree is freed as soon as lowering has extracted the facts.
#include <memory>
#include <optional>

#include "core/diagnostic.h"
#include "parse/ir.h"
#include "scan/source_file.h"

namespace llmspend::parse {

struct ParseLimits {
  uint64_t timeout_ms = 10'000;  ///< per file; a slower parse is abandoned with a diagnostic
};

class Parser {
 public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Lowers `file` to a Module. Syntax errors do not fail: the recovered tree is lowered and a
  /// diagnostic names the first error line. Returns nullopt only when no tree could be built.
  std::optional<Module> parse(const scan::SourceFile& file, core::DiagnosticSink& sink,
                              const ParseLimits& limits = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace llmspend::parse

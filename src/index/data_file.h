#pragma once
/// Configuration data files read by analysed code (`yaml.safe_load(open("config.yaml"))`,
/// `json.load(...)`, `import cfg from "./config.json"`) become synthetic modules whose single
/// root expression is the parsed document, so lookups into them (`cfg["llm"]["model"]`) are
/// ordinary dict/list lookups for the evaluator, with the data file as the origin.
#include <memory>
#include <optional>
#include <string>

#include "parse/ir.h"

namespace llmspend::index {

/// True for .json / .yaml / .yml paths.
bool is_data_path(const std::string& path);

/// Parses `text` (JSON or YAML by extension) into a Module whose `exports["default"]` is the
/// root; nullptr when the text does not parse. Nesting deeper than 64 levels is cut off.
std::unique_ptr<parse::Module> data_module(const std::string& path, const std::string& text);

}  // namespace llmspend::index

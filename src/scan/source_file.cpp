#include "scan/source_file.h"

#include <string_view>

#include "core/strings.h"

namespace llmspend::scan {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

const char* language_name(Language lang) {
  switch (lang) {
    case Language::kPython: return "python";
    case Language::kJavaScript: return "javascript";
    case Language::kTypeScript: return "typescript";
    case Language::kTsx: return "typescript";
  }
  return "unknown";
}

std::optional<Language> language_for_path(const std::string& path) {
  std::string_view p = path;
  if (ends_with(p, ".py") || ends_with(p, ".ipynb")) return Language::kPython;
  if (ends_with(p, ".d.ts") || ends_with(p, ".d.mts") || ends_with(p, ".d.cts")) return std::nullopt;
  if (ends_with(p, ".tsx")) return Language::kTsx;
  if (ends_with(p, ".ts") || ends_with(p, ".mts") || ends_with(p, ".cts")) return Language::kTypeScript;
  if (ends_with(p, ".js") || ends_with(p, ".mjs") || ends_with(p, ".cjs") || ends_with(p, ".jsx")) {
    return Language::kJavaScript;
  }
  return std::nullopt;
}

bool is_env_path(const std::string& path) {
  std::string_view name = base_name(path);
  return name == ".env" || name.substr(0, 5) == ".env.";
}

bool is_notebook_path(const std::string& path) { return ends_with(path, ".ipynb"); }

bool is_test_path(const std::string& path) {
  std::string_view name = base_name(path);
  for (std::string_view seg : core::split(path, '/')) {
    if (seg == name) break;
    if (seg == "tests" || seg == "test" || seg == "__tests__" || seg == "e2e" || seg == "spec") {
      return true;
    }
  }
  if (name.substr(0, 5) == "test_" || ends_with(name, "_test.py") || name == "conftest.py") {
    return true;
  }
  for (std::string_view marker : {".test.", ".spec.", ".e2e."}) {
    if (name.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace llmspend::scan

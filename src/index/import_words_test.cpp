// The import words a caller search narrows on: every way a file can name a module or a function
// it imports must yield the word (a missed word loses a real caller), and ordinary code must not
// flood the set.
#include "index/import_words.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>

namespace llmspend::index {
namespace {

bool mentions(const std::string& text, bool python, const std::string& word) {
  std::vector<uint32_t> words;
  collect_import_words(text, python, words);
  return std::find(words.begin(), words.end(), import_word_hash(word)) != words.end();
}

void expect_all(const std::string& text, bool python, std::initializer_list<const char*> words) {
  for (const char* w : words) EXPECT_TRUE(mentions(text, python, w)) << w;
}

void expect_none(const std::string& text, bool python, std::initializer_list<const char*> words) {
  for (const char* w : words) EXPECT_FALSE(mentions(text, python, w)) << w;
}

TEST(ImportWords, PythonFromAndPlainImportsNameModulesAndNames) {
  const std::string py =
      "import os\n"
      "from app.services.chat import ask as ask_llm\n"
      "import app.config as cfg\n"
      "def f():\n"
      "    from .helpers import (\n"
      "        summarize,\n"
      "        classify,\n"
      "    )\n";
  expect_all(py, true, {"os", "app", "services", "chat", "ask", "ask_llm", "config", "cfg", "helpers", "summarize",
                        "classify"});
  EXPECT_FALSE(mentions(py, true, "f"));
}

TEST(ImportWords, PythonOnlyLinesThatStartAsImportsCount) {
  const std::string py = "x = 'we import nothing here'\nmodel = important_thing()\n";
  expect_none(py, true, {"nothing", "important_thing"});
}

TEST(ImportWords, NotebookSourceLinesInsideJsonStrings) {
  const std::string nb = "{\"cells\": [{\"source\": [\n    \"from utils import ask_model\\n\",\n    \"ask_model()\"\n]}]}";
  expect_all(nb, true, {"utils", "ask_model"});
}

TEST(ImportWords, EsModuleImportsAcrossLinesAndSpecifierParts) {
  const std::string js =
      "import {\n  chat,\n  embed as embedText,\n} from \"../lib/chat-service.js\"\n"
      "import * as models from '@/config/models'\n"
      "import type { Options } from './types';\n"
      "const x = await import(\"./lazy/loader\");\n";
  expect_all(js, false, {"chat", "embed", "embedText", "lib", "chat-service", "models", "config", "Options", "types",
                        "lazy", "loader"});
  EXPECT_FALSE(mentions(js, false, "x"));
}

TEST(ImportWords, ReexportsAndRequires) {
  const std::string js =
      "export { ask } from './llm';\n"
      "export * from \"./providers/openai\";\n"
      "const { complete, stream } = require('../ai/client');\n"
      "export const unrelated = compute();\n";
  expect_all(js, false, {"ask", "llm", "providers", "openai", "complete", "stream", "ai", "client"});
  expect_none(js, false, {"unrelated", "compute"});
}

TEST(ImportWords, ImportMetaAndLookalikesAreNotImports) {
  const std::string js = "const m = import.meta.env.VITE_MODEL;\nimportScripts('w.js');\nconst r = requireAuth('x');\n";
  expect_none(js, false, {"meta", "VITE_MODEL", "w", "x"});
}

TEST(ImportWords, AnUnterminatedImportStopsWithinItsBound) {
  std::string js = "// import the helpers below\n" + std::string(4000, 'a') + " helperName();\n";
  EXPECT_FALSE(mentions(js, false, "helperName"));
}

TEST(ImportWords, ModuleWordsAreTheStemAndThePackageFolderForEntries) {
  EXPECT_EQ(module_words("app/services/chat.py"), (std::vector<std::string_view>{"chat"}));
  EXPECT_EQ(module_words("app/services/__init__.py"), (std::vector<std::string_view>{"__init__", "services"}));
  EXPECT_EQ(module_words("src/lib/index.ts"), (std::vector<std::string_view>{"index", "lib"}));
  EXPECT_EQ(module_words("llm.service.ts"), (std::vector<std::string_view>{"llm.service"}));
}

std::vector<std::string> specs_of(const std::string& text, bool python) {
  std::vector<ImportSpec> specs;
  collect_import_specs(text, python, specs);
  std::vector<std::string> out;
  for (const auto& s : specs) {
    std::string line = std::string(static_cast<size_t>(s.level), '.') + s.module;
    for (const auto& n : s.names) line += " " + n;
    out.push_back(line);
  }
  return out;
}

TEST(ImportSpecs, PythonModulesLevelsAndImportedNames) {
  const std::string py =
      "import os, app.config as cfg\n"
      "from app.services.chat import ask as ask_llm, reply\n"
      "from . import helpers\n"
      "from ..shared.clients import (\n"
      "    openai_client,\n"
      "    claude,\n"
      ")\n"
      "x = 'from nowhere import nothing'\n";
  EXPECT_EQ(specs_of(py, true), (std::vector<std::string>{"os", "app.config", "app.services.chat ask reply",
                                                          ". helpers", "..shared.clients openai_client claude"}));
}

TEST(ImportSpecs, JsSpecifiersOfImportsReExportsDynamicImportsAndRequires) {
  const std::string js =
      "import OpenAI from 'openai';\n"
      "import { a,\n  b } from \"./lib/ai.js\";\n"
      "export * from './models';\n"
      "export { c } from \"@/config\";\n"
      "const d = await import(\"./lazy\");\n"
      "const { e } = require('../e');\n"
      "import.meta.url;\n";
  // (Imports first, then re-exports, then requires.)
  EXPECT_EQ(specs_of(js, false),
            (std::vector<std::string>{"openai", "./lib/ai.js", "./lazy", "./models", "@/config", "../e"}));
}

}  // namespace
}  // namespace llmspend::index

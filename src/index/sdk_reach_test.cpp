// Which modules detection may skip (ProjectIndex::may_hold_sdk_value): a module is skipped only
// when none of its imports, however indirect, leads to a file with an SDK's own marker.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "index/project_index.h"

namespace llmspend::index {
namespace {

/// A project of `files` (path -> text) noted as pass 1 notes it, with the SDK files `sdk` and
/// the other prefilter candidates `candidates` marked.
std::unique_ptr<ProjectIndex> project(const std::map<std::string, std::string>& files,
                                      const std::vector<std::string>& sdk,
                                      const std::vector<std::string>& candidates = {}) {
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.first);
  auto index = std::make_unique<ProjectIndex>(paths, nullptr);
  for (const auto& [path, text] : files) {
    if (path.ends_with(".json")) continue;
    index->note_call_names(path, text);
  }
  index->set_text_reader([files](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
  std::vector<std::string> all = candidates;
  all.insert(all.end(), sdk.begin(), sdk.end());
  index->mark_sdk_files(all, sdk);
  return index;
}

TEST(SdkReach, PythonModulesImportingTheClientModuleDirectlyOrThroughOthers) {
  auto index = project(
      {
          {"app/clients.py", "from openai import OpenAI\nclient = OpenAI()\n"},
          {"app/service.py", "from app.clients import client\n"},
          {"app/api.py", "from .service import ask\n"},
          {"app/pkg/__init__.py", "from ..service import ask\n"},
          {"app/main.py", "from app import pkg\n"},
          {"app/wrap.py", "def instrument(c):\n    return c\n"},
          {"app/mocks.py", "import json\nclass FakeClient:\n    pass\n"},
      },
      {"app/clients.py"});
  EXPECT_TRUE(index->may_hold_sdk_value("app/clients.py"));
  EXPECT_TRUE(index->may_hold_sdk_value("app/service.py"));
  EXPECT_TRUE(index->may_hold_sdk_value("app/api.py"));         // relative import
  EXPECT_TRUE(index->may_hold_sdk_value("app/pkg/__init__.py"));  // two levels up
  EXPECT_TRUE(index->may_hold_sdk_value("app/main.py"));        // `from app import pkg`: a submodule
  EXPECT_FALSE(index->may_hold_sdk_value("app/wrap.py"));
  EXPECT_FALSE(index->may_hold_sdk_value("app/mocks.py"));
}

TEST(SdkReach, ImportCyclesWithoutAnSdkFileAreOutOfReach) {
  auto index = project(
      {
          {"a.py", "import b\n"},
          {"b.py", "from a import x\nimport c\n"},
          {"c.py", "import a\n"},
          {"d.py", "import c\nimport llm\n"},
          {"llm.py", "import anthropic\n"},
      },
      {"llm.py"});
  EXPECT_FALSE(index->may_hold_sdk_value("a.py"));
  EXPECT_FALSE(index->may_hold_sdk_value("b.py"));
  EXPECT_FALSE(index->may_hold_sdk_value("c.py"));
  EXPECT_TRUE(index->may_hold_sdk_value("d.py"));  // asked after its import `c` was found out of reach
}

TEST(SdkReach, JsImportsReExportsAndRequires) {
  auto index = project(
      {
          {"src/lib/ai.ts", "import OpenAI from \"openai\";\nexport const ai = new OpenAI();\n"},
          {"src/lib/index.ts", "export * from \"./ai\";\n"},
          {"src/routes/chat.ts", "import { ai } from \"../lib\";\n"},
          {"src/jobs/run.js", "const { ai } = require(\"../lib/ai\");\n"},
          {"src/lazy.ts", "const m = await import(\"./routes/chat\");\n"},
          {"src/util/format.ts", "import { z } from \"zod\";\nexport const f = (x) => x;\n"},
      },
      {"src/lib/ai.ts"});
  EXPECT_TRUE(index->may_hold_sdk_value("src/lib/index.ts"));
  EXPECT_TRUE(index->may_hold_sdk_value("src/routes/chat.ts"));
  EXPECT_TRUE(index->may_hold_sdk_value("src/jobs/run.js"));
  EXPECT_TRUE(index->may_hold_sdk_value("src/lazy.ts"));
  EXPECT_FALSE(index->may_hold_sdk_value("src/util/format.ts"));
}

TEST(SdkReach, CandidatesAndFilesNeverNotedAreAlwaysOpened) {
  auto index = project(
      {
          {"glance.py", "def make(c):\n    return c.images.create(name='x')\n"},
          {"helpers.py", "def f():\n    pass\n"},
          {"settings.json", "{\"model\": \"gpt-4o\"}"},
      },
      {}, {"glance.py"});
  EXPECT_TRUE(index->may_hold_sdk_value("glance.py"));      // a candidate: parsed anyway
  EXPECT_TRUE(index->may_hold_sdk_value("settings.json"));  // data is read when code loads it
  EXPECT_FALSE(index->may_hold_sdk_value("helpers.py"));
}

TEST(SdkReach, AThirdPartyNameIsNotSomeProjectFileOfThatName) {
  // `import six` means the installed package even when a vendored `lib/six.py` is listed.
  auto index = project(
      {
          {"lib/six.py", "import openai\n"},
          {"tool.py", "import six\n"},
          {"svc/models/chat.py", "import openai\n"},
          {"other/run.py", "from models.chat import reply\n"},  // a monorepo path suffix still resolves
      },
      {"lib/six.py", "svc/models/chat.py"});
  EXPECT_FALSE(index->may_hold_sdk_value("tool.py"));
  EXPECT_TRUE(index->may_hold_sdk_value("other/run.py"));
}

TEST(SdkReach, EverythingIsOpenedBeforeTheSdkFilesAreKnown) {
  ProjectIndex index({"a.py"}, nullptr);
  index.note_call_names("a.py", "x = 1\n");
  EXPECT_TRUE(index.may_hold_sdk_value("a.py"));
}

}  // namespace
}  // namespace llmspend::index

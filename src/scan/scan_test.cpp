#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "scan/gitignore.h"
#include "scan/notebook.h"
#include "scan/prefilter.h"
#include "scan/source_file.h"

namespace llmspend::scan {
namespace {

TEST(Notebook, JoinsCodeCellsAndBlanksMagicsWithoutShiftingLines) {
  std::string nb = R"({"nbformat": 4, "cells": [
    {"cell_type": "markdown", "source": ["# Title\n"]},
    {"cell_type": "code", "source": ["%pip install openai\n", "import openai\n"]},
    {"cell_type": "code", "source": "!ls\nx = 1"}
  ]})";
  SourceFile f;
  ASSERT_TRUE(load_notebook(nb, f).ok());
  EXPECT_EQ(f.text, "\nimport openai\n\nx = 1\n");
  ASSERT_EQ(f.cell_lines.size(), 4u);
  EXPECT_EQ(f.cell_lines[1].cell, 1);
  EXPECT_EQ(f.cell_lines[1].line, 2);
  EXPECT_EQ(f.cell_lines[3].cell, 2);
  EXPECT_EQ(f.cell_lines[3].line, 2);
}

TEST(Notebook, EnvMagicBecomesAnEnvironAssignmentOnTheSameLine) {
  std::string nb = R"({"nbformat": 4, "cells": [
    {"cell_type": "code", "source": ["%env CHAT_MODEL=gpt-4o\n", "%set_env OTHER 'a\"b'\n", "%env ONLY\n",
                                     "%env\n", "%env bad-name=x\n", "x = 1"]}
  ]})";
  SourceFile f;
  ASSERT_TRUE(load_notebook(nb, f).ok());
  EXPECT_EQ(f.text, "os.environ[\"CHAT_MODEL\"] = \"gpt-4o\"\nos.environ[\"OTHER\"] = \"a\\\"b\"\n\n\n\nx = 1\n");
  EXPECT_EQ(f.cell_lines.size(), 6u);
}

TEST(Notebook, RunMagicBecomesAStarImportOfThatFileOnTheSameLine) {
  std::string nb = R"({"nbformat": 4, "cells": [
    {"cell_type": "code", "source": ["%run ./settings.py\n", "%run -i ../shared/setup.ipynb\n",
                                     "%run -m tools.config\n", "%run $script\n", "%run /abs/x.py\n",
                                     "%run data.csv\n", "%run helpers.py --fast\n", "x = 1"]}
  ]})";
  SourceFile f;
  ASSERT_TRUE(load_notebook(nb, f).ok());
  EXPECT_EQ(f.text,
            "from .settings import *\nfrom ..shared.setup import *\nfrom tools.config import *\n\n\n\n"
            "from .helpers import *\nx = 1\n");
}

TEST(Notebook, StoreMagicSavesAndRestoresOnTheSameLine) {
  std::string nb = R"({"nbformat": 4, "cells": [
    {"cell_type": "code", "source": ["%store MODEL_NAME API_KEY\n", "  %store -r MODEL_NAME\n", "%store -r\n",
                                     "%store\n", "%store -d MODEL_NAME\n", "%store x > out.txt\n", "y = 2"]}
  ]})";
  SourceFile f;
  ASSERT_TRUE(load_notebook(nb, f).ok());
  EXPECT_EQ(f.text,
            "__ipython_store__(MODEL_NAME, API_KEY)\n  from __ipython_store__ import MODEL_NAME\n"
            "from __ipython_store__ import *\n\n\n\ny = 2\n");
}

TEST(Notebook, InvalidJsonIsAnError) {
  SourceFile f;
  auto r = load_notebook("{not json", f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "notebook is not valid JSON");
}

TEST(Notebook, OddCellShapesAreSkippedWithANoteNotAThrow) {
  SourceFile f;
  auto r = load_notebook(R"({"cells": [{"cell_type": 7, "source": 1}, 5, null,
      {"cell_type": "code"}, {"cell_type": "code", "source": [1, "x = 1\n", {}]}]})", f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(f.text, "x = 1\n");
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0], "cell 3: code cell without a \"source\" string or list; skipped");
  EXPECT_EQ(f.cell_lines[0].cell, 4);
}

TEST(Notebook, Nbformat3InputAndDeepJsonElsewhere) {
  SourceFile f;
  std::string deep = std::string(50'000, '[') + std::string(50'000, ']');
  auto r = load_notebook(R"({"worksheets": [{"cells": [{"cell_type": "code", "input": "y = 2",
      "metadata": )" + deep + "}]}]}", f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(f.text, "y = 2\n");
}

TEST(Gitignore, AnchoredNegatedAndDirectoryRules) {
  IgnoreRules rules;
  rules.add_file("", "*.log\n/generated/\n!keep.log\nout/\n");
  rules.add_file("pkg", "secret.py\n");
  EXPECT_TRUE(rules.ignored("a/b.log", false));
  EXPECT_FALSE(rules.ignored("keep.log", false));
  EXPECT_TRUE(rules.ignored("generated", true));
  EXPECT_FALSE(rules.ignored("src/generated", true));
  EXPECT_TRUE(rules.ignored("x/out", true));
  EXPECT_TRUE(rules.ignored("pkg/secret.py", false));
  EXPECT_FALSE(rules.ignored("secret.py", false));
}

TEST(Language, ByExtension) {
  EXPECT_EQ(language_for_path("a/b.tsx"), Language::kTsx);
  EXPECT_EQ(language_for_path("a/b.mts"), Language::kTypeScript);
  EXPECT_EQ(language_for_path("a/b.d.ts"), std::nullopt);
  EXPECT_EQ(language_for_path("nb.ipynb"), Language::kPython);
  EXPECT_TRUE(is_test_path("tests/test_x.py"));
  EXPECT_TRUE(is_test_path("src/chat.test.ts"));
  EXPECT_FALSE(is_test_path("src/testing_utils.py"));
}

TEST(Prefilter, MatchesAnyMarker) {
  Prefilter p({R"(\bfrom\s+openai\b)", R"(@ai-sdk/)"});
  EXPECT_TRUE(p.matches("x = 1\nfrom openai import OpenAI\n"));
  EXPECT_TRUE(p.matches("import { openai } from '@ai-sdk/openai'"));
  EXPECT_FALSE(p.matches("import numpy as np"));
}

TEST(Prefilter, TheCatalogsPatternFormsMatchAsInRe2) {
  // Line anchors inside a group, word boundaries, classes and repeats: what catalog markers use.
  Prefilter p({R"((?m:^[ \t]*(?:from|import)[ \t]+groq\b))", R"(completions\s*\.\s*create)", R"(\bAnthropic\w*\()"});
  EXPECT_TRUE(p.matches("x = 1\n    from groq import Groq\n"));
  EXPECT_FALSE(p.matches("x = 'from groq import Groq'\n"));
  EXPECT_FALSE(p.matches("import groqlike\n"));
  EXPECT_TRUE(p.matches("r = c.chat.completions\n   .create(model=m)"));
  EXPECT_TRUE(p.matches("c = AnthropicBedrock()"));
  EXPECT_FALSE(p.matches("c = MyAnthropic()"));
}

TEST(Prefilter, ASerializedDatabaseIsUsedOnlyForTheSamePatterns) {
  std::vector<std::string> patterns = {R"(\bopenai\b)", R"(@anthropic-ai/)"};
  Prefilter built(patterns);
  std::string blob = built.serialize();
  if (std::string(built.engine()) != "hyperscan") {
    EXPECT_EQ(blob, "");  // RE2 has nothing to serialize
    return;
  }
  ASSERT_FALSE(blob.empty());
  Prefilter loaded(patterns, blob);
  EXPECT_EQ(loaded.serialize(), blob);
  EXPECT_TRUE(loaded.matches("import openai"));
  EXPECT_FALSE(loaded.matches("import numpy"));
  // Other patterns, or bytes that are not a database, are compiled afresh rather than trusted.
  Prefilter other({R"(\bnumpy\b)"}, blob);
  EXPECT_TRUE(other.matches("import numpy"));
  EXPECT_FALSE(other.matches("import openai"));
  Prefilter garbage(patterns, "llmspf01 not a database at all");
  EXPECT_TRUE(garbage.matches("import openai"));
}

TEST(Prefilter, NoPatternsAcceptEverythingAndMatchingIsThreadSafe) {
  EXPECT_TRUE(Prefilter({}).matches("anything"));
  Prefilter p({R"(\bopenai\b)"});
  std::vector<std::thread> threads;
  std::atomic<int> hits{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) hits += p.matches(i % 2 ? "import openai" : "import numpy");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(hits.load(), 400);
}

}  // namespace
}  // namespace llmspend::scan

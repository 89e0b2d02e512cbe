// The embedded catalog's prefilter markers: what they must let through (an SDK import in any
// position it is written) and what they must not (the same words in ordinary code), because a
// false match costs a parse and a missed one costs every site in the file.
#include <gtest/gtest.h>

#include "detect/catalog.h"
#include "scan/prefilter.h"

namespace llmspend::detect {
namespace {

const scan::Prefilter& markers() {
  static const core::Result<Catalog> catalog = Catalog::load({});
  static const scan::Prefilter prefilter(catalog ? catalog->markers : std::vector<std::string>{"<no catalog>"});
  return prefilter;
}

TEST(CatalogMarkers, PythonImportsOfAnSdkMatchWhereverTheLineIs) {
  EXPECT_TRUE(markers().matches("import together\nclient = together.Together()\n"));
  EXPECT_TRUE(markers().matches("def f():\n    from together import Together\n"));
  EXPECT_TRUE(markers().matches("x = 1\nimport replicate as rep\n"));
  EXPECT_TRUE(markers().matches("from cohere import ClientV2\n"));
  // Several modules on one line, the SDK after the others (or after an aliased one).
  EXPECT_TRUE(markers().matches("import sys, ollama\n"));
  EXPECT_TRUE(markers().matches("import numpy as np, groq\n"));
  EXPECT_FALSE(markers().matches("import sys, ollamax\n"));
}

TEST(CatalogMarkers, ANameImportedFromAnotherPackageIsNotThatSdk) {
  // sympy exports `together`; a project may have its own `replicate` helper.
  EXPECT_FALSE(markers().matches("from sympy.polys.rationaltools import together\nexpr = together(x)\n"));
  EXPECT_FALSE(markers().matches("from .utils import replicate\n"));
}

TEST(CatalogMarkers, TheAiSdkPackageMatchesOnlyAsAModule) {
  EXPECT_TRUE(markers().matches("import { generateText } from \"ai\";\n"));
  EXPECT_TRUE(markers().matches("const { streamText } = require('ai');\n"));
  EXPECT_TRUE(markers().matches("const ai = await import(\"ai\");\n"));
  EXPECT_TRUE(markers().matches("import { generateText } from \"npm:ai@4\";\n"));
  EXPECT_FALSE(markers().matches("const exts = {\"application/postscript\": [\"ai\", \"eps\"]};\n"));
}

}  // namespace
}  // namespace llmspend::detect

// The prefilter databases the build compiled into the binary fit the embedded catalog: if they
// did not (a marker added without the generator rerunning), every scan would compile them again.
#include "pipeline/markers_db.h"

#include <gtest/gtest.h>

#include "detect/catalog.h"
#include "scan/prefilter.h"

namespace llmspend::pipeline {
namespace {

TEST(MarkersDb, TheEmbeddedDatabasesAreTheCatalogsMarkersCompiled) {
  auto catalog = detect::Catalog::load({});
  ASSERT_TRUE(catalog);
  scan::Prefilter any(catalog->markers, embedded_markers_db(MarkerSet::kAny));
  scan::Prefilter sdk(catalog->sdk_markers, embedded_markers_db(MarkerSet::kSdk));
  if (std::string(any.engine()) != "hyperscan") {
    EXPECT_TRUE(embedded_markers_db(MarkerSet::kAny).empty());  // a build without Hyperscan
    return;
  }
  EXPECT_EQ(any.serialize(), std::string(embedded_markers_db(MarkerSet::kAny)));
  EXPECT_EQ(sdk.serialize(), std::string(embedded_markers_db(MarkerSet::kSdk)));
  EXPECT_TRUE(any.matches("from openai import OpenAI\n"));
  EXPECT_TRUE(sdk.matches("import anthropic\n"));
  EXPECT_FALSE(sdk.matches("client.images.create(name='x')\n"));  // a method marker, not the SDK's own
  EXPECT_TRUE(any.matches("client.images.create(name='x')\n"));
}

}  // namespace
}  // namespace llmspend::pipeline

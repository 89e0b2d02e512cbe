#include "price/normalize.h"

#include <gtest/gtest.h>

namespace llmspend::price {
namespace {

std::vector<std::string> names(std::string_view model) {
  std::vector<std::string> out;
  for (const NameCandidate& c : name_candidates(model)) out.push_back(c.name);
  return out;
}

TEST(NameCandidates, NameAsWrittenComesFirst) {
  EXPECT_EQ(names("gpt-4o"), std::vector<std::string>{"gpt-4o"});
  EXPECT_EQ(name_candidates("gpt-4o")[0].notes, "");
}

TEST(NameCandidates, StripsRoutingAndModelsPrefixes) {
  EXPECT_EQ(names("openai/gpt-4o"), (std::vector<std::string>{"openai/gpt-4o", "gpt-4o"}));
  EXPECT_EQ(name_candidates("anthropic/claude-sonnet-4-5")[1].owner, "anthropic");
  EXPECT_EQ(names("models/gemini-2.5-pro"),
            (std::vector<std::string>{"models/gemini-2.5-pro", "gemini-2.5-pro"}));
  EXPECT_EQ(names("openrouter/anthropic/claude-3-haiku").back(), "claude-3-haiku");
}

TEST(NameCandidates, StripsBedrockRegionVersionAndVendor) {
  auto c = name_candidates("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
  ASSERT_GE(c.size(), 4u);
  EXPECT_EQ(c[1].name, "anthropic.claude-sonnet-4-5-20250929-v1:0");
  EXPECT_EQ(c[1].region, "us");
  EXPECT_EQ(c[1].notes, "region prefix 'us.'");
  EXPECT_EQ(c[2].name, "anthropic.claude-sonnet-4-5-20250929");
  EXPECT_EQ(c[3].name, "claude-sonnet-4-5-20250929");
  EXPECT_EQ(c[3].owner, "anthropic");
  EXPECT_EQ(c.back().name, "claude-sonnet-4-5");
  EXPECT_EQ(names("global.amazon.nova-pro-v1:0")[1], "amazon.nova-pro-v1:0");
}

TEST(NameCandidates, StripsVertexVersionLatestAndDates) {
  EXPECT_EQ(names("claude-sonnet-4-5@20250929").back(), "claude-sonnet-4-5");
  EXPECT_EQ(names("claude-3-5-haiku-latest").back(), "claude-3-5-haiku");
  EXPECT_EQ(names("gpt-4o-2024-08-06").back(), "gpt-4o");
  EXPECT_EQ(names("claude-3-5-haiku-20241022").back(), "claude-3-5-haiku");
  EXPECT_EQ(names("gpt-4-0613").back(), "gpt-4");
  // Version numbers inside names are not dates.
  EXPECT_EQ(names("gpt-4.1"), std::vector<std::string>{"gpt-4.1"});
  EXPECT_EQ(names("embed-english-v3.0"), std::vector<std::string>{"embed-english-v3.0"});
}

TEST(NameCandidates, FineTunesFallBackToTheirBase) {
  auto c = names("ft:gpt-4o-mini-2024-07-18:acme:support:9xyz");
  ASSERT_GE(c.size(), 4u);
  EXPECT_EQ(c[1], "ft:gpt-4o-mini-2024-07-18");
  EXPECT_EQ(c[2], "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(c[3], "gpt-4o-mini");
}

TEST(OwnerOf, KnowsFirstPartyFamilies) {
  EXPECT_EQ(owner_of("gpt-4o-mini"), "openai");
  EXPECT_EQ(owner_of("o3-mini"), "openai");
  EXPECT_EQ(owner_of("claude-opus-4-1"), "anthropic");
  EXPECT_EQ(owner_of("gemini-2.5-flash"), "google");
  EXPECT_EQ(owner_of("mistral-large-latest"), "mistral");
  EXPECT_EQ(owner_of("command-r-plus"), "cohere");
  EXPECT_EQ(owner_of("grok-4"), "xai");
  EXPECT_EQ(owner_of("llama-3.3-70b"), "");
}

}  // namespace
}  // namespace llmspend::price

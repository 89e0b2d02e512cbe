// Lookup against the embedded table (real prices) and a small inline table (dates, fallbacks).
#include <gtest/gtest.h>

#include "price/price_table.h"

namespace llmspend::price {
namespace {

const PriceTable& table() {
  static const PriceTable t = [] {
    auto r = PriceTable::embedded();
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : PriceTable();
  }();
  return t;
}

std::optional<PriceMatch> find(std::string provider, std::string model, std::string as_of = "") {
  return table().lookup({std::move(provider), std::move(model), std::move(as_of), ""});
}

std::string input(const std::optional<PriceMatch>& m) {
  return m && m->rates.input_per_mtok ? m->rates.input_per_mtok->to_string() : "(none)";
}

TEST(Lookup, ExactAndAlias) {
  auto m = find("openai", "gpt-4o-mini");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->matched_by, "exact");
  EXPECT_EQ(input(m), "0.15");
  EXPECT_EQ(m->rates.output_per_mtok->to_string(), "0.6");
  auto a = find("openai", "gpt-4o-mini-2024-07-18");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->model_key, "gpt-4o-mini");
  EXPECT_EQ(a->matched_by, "alias");
}

TEST(Lookup, DatedSnapshotWithItsOwnPriceIsNotTheFamily) {
  EXPECT_EQ(input(find("openai", "gpt-4o-2024-05-13")), "5");
  EXPECT_EQ(input(find("openai", "gpt-4o")), "2.5");
}

TEST(Lookup, MatchRulePrefersTheLongestPrefix) {
  auto m = find("anthropic", "claude-3-5-haiku-20241022");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->model_key, "claude-3-5-haiku-latest");
  EXPECT_EQ(m->matched_by, "match rule 'claude-3-5-haiku*'");
  EXPECT_EQ(find("anthropic", "claude-opus-4-1-20250805")->model_key, "claude-opus-4-1");
}

TEST(Lookup, NormalisesRoutingPrefixesAndModelsPrefix) {
  auto m = find("openai", "openai/gpt-4.1");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->model_key, "gpt-4.1");
  EXPECT_EQ(m->matched_by, "normalized (routing prefix 'openai/'), exact");
  EXPECT_EQ(find("google", "models/gemini-2.5-pro")->model_key, "gemini-2.5-pro");
}

TEST(Lookup, VertexVersionIdsUseGoogleRows) {
  auto m = find("google", "claude-sonnet-4-5@20250929");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->provider, "google");
  EXPECT_EQ(input(m), "3");
}

TEST(Lookup, BedrockRegionPrefixAppliesUplift) {
  auto base = find("bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0");
  ASSERT_TRUE(base);
  EXPECT_EQ(base->provider, "bedrock");
  EXPECT_EQ(input(base), "3");
  auto us = find("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->model_key, "anthropic.claude-sonnet-4-5-20250929-v1:0");
  EXPECT_EQ(input(us), "3.3");
  EXPECT_EQ(us->region, "us");
  EXPECT_EQ(us->matched_by,
            "normalized (region prefix 'us.'), exact; regional uplift ×1.1 (us)");
}

TEST(Lookup, EffectiveDateSelectsThePeriod) {
  auto before = find("openai", "o3", "2025-05-01");
  auto after = find("openai", "o3", "2025-07-01");
  ASSERT_TRUE(before && after);
  EXPECT_EQ(input(before), "10");
  EXPECT_EQ(before->effective_to, "2025-06-10");
  EXPECT_EQ(input(after), "2");
  EXPECT_EQ(after->effective_from, "2025-06-10");
  EXPECT_EQ(input(find("openai", "o3", "2025-06-10")), "2");  // effective_from is inclusive
  EXPECT_EQ(input(find("openai", "o3")), "2");                // default: in force at table date
}

TEST(Lookup, ScheduledPeriodsApplyOnlyFromTheirDate) {
  auto now = find("google", "gemini-3.7-flash");
  auto later = find("google", "gemini-3.7-flash", "2027-02-01");
  ASSERT_TRUE(now && later);
  EXPECT_EQ(input(now), "0.75");
  EXPECT_FALSE(now->scheduled);
  EXPECT_EQ(input(later), "1.5");
  EXPECT_TRUE(later->scheduled);
}

TEST(Lookup, UnknownProviderFallsBackToTheFirstPartyOwner) {
  auto m = find("unknown", "claude-sonnet-4-5");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->provider, "anthropic");
  EXPECT_EQ(m->matched_by, "fallback to anthropic prices (no unknown row): exact");
  auto r = find("openrouter", "openai/gpt-4o-mini-not-listed-by-openrouter-2024-07-18");
  EXPECT_FALSE(r);
}

TEST(Lookup, AzureFallsBackToOpenAiWhenItHasNoRow) {
  auto own = find("azure_openai", "gpt-4o");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->provider, "azure_openai");
  auto fb = find("azure_openai", "gpt-5-pro");
  if (fb && fb->provider != "azure_openai") {
    EXPECT_NE(fb->matched_by.find("fallback to openai prices (no azure_openai row)"), std::string::npos);
  }
}

TEST(Lookup, FineTunesUseFineTuneRatesElseTheBaseModel) {
  auto ft = find("openai", "ft:gpt-4o-mini-2024-07-18:acme:support:9xyz");
  ASSERT_TRUE(ft);
  EXPECT_EQ(ft->model_key, "ft:gpt-4o-mini");
  EXPECT_EQ(input(ft), "0.3");
  auto base = find("openai", "ft:o3-mini:acme::9xyz");
  ASSERT_TRUE(base);
  EXPECT_EQ(base->model_key, "o3-mini");
  EXPECT_EQ(base->matched_by,
            "normalized (fine-tune id; fine-tune priced as its base model 'o3-mini'), exact");
}

TEST(Lookup, UnknownModelIsNotPricedAndGetsSuggestions) {
  EXPECT_FALSE(find("openai", "gpt-4o-mnii"));
  auto s = table().suggest("gpt-4o-mnii");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0], "gpt-4o-mini");
}

TEST(Lookup, OverlayAndDiscount) {
  PriceTable t = table();
  auto custom = PriceTable::parse(R"({"schema_version": 1, "table_version": "2026-01-01",
      "providers": {"openai": {"gpt-4o": {"periods": [{"effective_from": "2026-01-01",
      "rates": {"input_per_mtok": "2", "output_per_mtok": "8"}}]}}}})", "custom.json");
  ASSERT_TRUE(custom) << custom.error().message;
  t.merge(*custom);
  EXPECT_EQ(input(t.lookup({"openai", "gpt-4o", "", ""})), "2");
  t.apply_discount("openai", "gpt-4o", *core::Money::parse("0.9"));
  EXPECT_EQ(input(t.lookup({"openai", "gpt-4o", "", ""})), "1.8");
  EXPECT_EQ(input(t.lookup({"openai", "gpt-4o-mini", "", ""})), "0.15");
}

}  // namespace
}  // namespace llmspend::price

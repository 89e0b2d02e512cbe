#include "cost/cost_model.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace llmspend::cost {
namespace {

const char* kTable = R"({"schema_version": 1, "table_version": "2026-01-01", "providers": {
  "openai": {
    "gpt-4o-mini": {"kind": "chat", "periods": [{"effective_from": "2024-07-18",
      "rates": {"input_per_mtok": "0.15", "output_per_mtok": "0.6", "batch_multiplier": "0.5",
                "cache_read_per_mtok": "0.075"}}]},
    "text-embedding-3-small": {"kind": "embedding", "periods": [{"effective_from": "2024-01-25",
      "rates": {"input_per_mtok": "0.02"}}]}
  }}})";

const price::PriceTable& table() {
  static const price::PriceTable t = *price::PriceTable::parse(kTable, "test");
  return t;
}

resolve::ResolvedSite chat_site() {
  resolve::ResolvedSite s;
  s.id = "app.py::reply::openai.chat.completions.create#0";
  s.path = "app.py";
  s.sdk = "openai-python";
  s.api = "chat";
  s.provider = "openai";
  s.model = "gpt-4o-mini";
  s.model_source = "literal";
  return s;
}

CostedSite run(const resolve::ResolvedSite& s, const UsageFile* usage = nullptr,
               const Config* config = nullptr) {
  return cost_site(s, CostContext{&table(), "", usage, config});
}

TEST(CostModel, DefaultsAreUsedAndNamed) {
  CostedSite c = run(chat_site());
  EXPECT_EQ(c.status, Status::kEstimated);
  EXPECT_EQ(*c.calls_per_month.value, 1000);
  EXPECT_EQ(c.calls_per_month.source, "default");
  EXPECT_EQ(*c.input_tokens.value, 1000);
  EXPECT_EQ(*c.output_tokens.value, 300);
  // 1000 × 0.15/1e6 + 300 × 0.6/1e6 = 0.00015 + 0.00018
  EXPECT_EQ(c.per_call->to_string(), "0.00033");
  EXPECT_EQ(c.monthly->to_fixed(2), "0.33");
  EXPECT_FALSE(c.monthly_ceiling);
  ASSERT_EQ(c.assumptions.size(), 3u);
  EXPECT_EQ(c.assumptions[0].key, "calls_per_month_default");
}

TEST(CostModel, CapBoundsOutputAndGivesACeiling) {
  auto s = chat_site();
  s.max_output_tokens = 100;
  s.prompt_texts = {"You are a helpful assistant.", "Summarise:"};
  CostedSite c = run(s);
  EXPECT_EQ(*c.output_tokens.value, 100);
  EXPECT_EQ(c.output_tokens.source, "max_tokens");
  EXPECT_EQ(*c.input_tokens.value, 6 + 4);  // exact o200k_base counts
  EXPECT_EQ(c.input_tokens.source, "literal_prompt");
  s.max_output_tokens = 4000;
  CostedSite big = run(s);
  EXPECT_EQ(*big.output_tokens.value, 300);
  EXPECT_EQ(*big.output_tokens_ceiling, 4000);
  // ceiling: (10 × 0.15 + 4000 × 0.6) / 1e6 × 1000 = 2.4015 → 2.40
  EXPECT_EQ(big.monthly_ceiling->to_fixed(2), "2.40");
}

TEST(CostModel, EmbeddingsAreInputOnly) {
  auto s = chat_site();
  s.api = "embedding";
  s.model = "text-embedding-3-small";
  CostedSite c = run(s);
  EXPECT_EQ(*c.output_tokens.value, 0);
  EXPECT_EQ(c.per_call->to_string(), "0.00001");  // 500 × 0.02 / 1e6
}

TEST(CostModel, StatusesForFreeUnresolvedUnpricedAndUnmodelled) {
  auto s = chat_site();
  s.provider = "self_hosted";
  EXPECT_EQ(run(s).status, Status::kFree);
  EXPECT_EQ(run(s).monthly->to_fixed(2), "0.00");
  s = chat_site();
  s.model.reset();
  s.model_source = "unresolvable";
  EXPECT_EQ(run(s).status, Status::kUnresolvedModel);
  EXPECT_FALSE(run(s).monthly);
  s.model = "gpt-4o-mnii";
  CostedSite unpriced = run(s);
  EXPECT_EQ(unpriced.status, Status::kUnpricedModel);
  ASSERT_FALSE(unpriced.site.notes.empty());
  EXPECT_NE(unpriced.site.notes.back().find("did you mean `gpt-4o-mini`?"), std::string::npos);
  s = chat_site();
  s.api = "image";
  EXPECT_EQ(run(s).status, Status::kUsageUnknown);
}

TEST(CostModel, ConfigDefaultModelPricesUnresolvedSites) {
  auto s = chat_site();
  s.model.reset();
  Config config;
  config.path = ".llmspend.yml";
  config.default_models["openai"] = "gpt-4o-mini";
  CostedSite c = run(s, nullptr, &config);
  EXPECT_EQ(c.status, Status::kEstimated);
  EXPECT_EQ(c.site.model_source, "config_default");
  EXPECT_EQ(*c.site.model, "gpt-4o-mini");
}

TEST(CostModel, CandidatesArePricedAtTheMostExpensive) {
  auto s = chat_site();
  s.model.reset();
  s.model_candidates = {"text-embedding-3-small", "gpt-4o-mini", "no-such-model"};
  CostedSite c = run(s);
  EXPECT_EQ(c.status, Status::kEstimated);
  EXPECT_EQ(c.price->model_key, "gpt-4o-mini");
}

TEST(CostModel, BatchTierFanOutAndUsageFile) {
  auto s = chat_site();
  s.batch = true;
  s.fan_out = 3;
  UsageFile usage;
  usage.defaults.calls_per_month = 10'000;
  CostedSite c = run(s, &usage);
  EXPECT_EQ(c.price->tier, "batch");
  EXPECT_EQ(c.price->input_per_mtok->to_string(), "0.075");
  EXPECT_EQ(c.per_call->to_string(), "0.000165");
  EXPECT_EQ(c.monthly->to_fixed(2), "4.95");  // 0.000165 × 10000 × 3
  EXPECT_EQ(c.calls_per_month.source, "usage_file_defaults");
}

TEST(CostModel, CacheHitRateUsesCachedInputPrice) {
  UsageFile usage;
  usage.defaults.cache_hit_ppm = 500'000;
  CostedSite c = run(chat_site(), &usage);
  // 500 × 0.15 + 500 × 0.075 + 300 × 0.6, per million
  EXPECT_EQ(c.per_call->to_string(), "0.0002925");
  EXPECT_EQ(*c.cache_hit_ppm.value, 500'000);
  EXPECT_EQ(c.cache_read_per_mtok->to_string(), "0.075");
  EXPECT_EQ(c.site.notes.back(),
            "50% of input tokens at the cached-input rate ($0.075/Mtok; cache_hit_rate from "
            "usage_file_defaults)");
}

bool has_note(const CostedSite& c, const std::string& note) {
  return std::find(c.site.notes.begin(), c.site.notes.end(), note) != c.site.notes.end();
}

TEST(CostModel, BatchShareBlendsBatchPricesAndSaysSo) {
  UsageFile usage;
  usage.defaults.batch_share_ppm = 250'000;
  CostedSite c = run(chat_site(), &usage);
  // standard 0.00033, batch (× 0.5) 0.000165: 75% + 25%
  EXPECT_EQ(c.per_call->to_string(), "0.00028875");
  EXPECT_EQ(*c.batch_share_ppm.value, 250'000);
  EXPECT_TRUE(has_note(c, "25% of calls at batch prices (batch_share from usage_file_defaults)"));
}

TEST(CostModel, SharesThePricesCannotHonourAreNotedNotSilentlyDropped) {
  UsageFile usage;
  usage.defaults.cache_hit_ppm = 600'000;
  usage.defaults.batch_share_ppm = 1'000'000;
  auto s = chat_site();
  s.model = "text-embedding-3-small";
  s.api = "embedding";
  CostedSite c = run(s, &usage);
  EXPECT_EQ(c.per_call->to_string(), "0.00001");  // 500 × 0.02 per million: no cache, no batch
  EXPECT_FALSE(c.cache_hit_ppm.value);
  EXPECT_FALSE(c.batch_share_ppm.value);
  EXPECT_TRUE(has_note(c, "cache_hit_rate 60% (usage_file_defaults) not applied: the table has no "
                          "cached-input price for this model"));
  EXPECT_TRUE(has_note(c, "batch_share 100% (usage_file_defaults) not applied: the table has no "
                          "batch price for this model"));
  auto flex = chat_site();
  flex.service_tier = "flex";
  UsageFile batch_only;
  batch_only.defaults.batch_share_ppm = 500'000;
  EXPECT_TRUE(has_note(run(flex, &batch_only),
                       "batch_share 50% (usage_file_defaults) not applied: the code already picks "
                       "the flex tier"));
}

}  // namespace
}  // namespace llmspend::cost

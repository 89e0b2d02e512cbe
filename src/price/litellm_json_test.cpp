// A LiteLLM model_prices file is detected by shape and read with per-token → per-million units.
#include <gtest/gtest.h>

#include "price/price_table.h"

namespace llmspend::price {
namespace {

constexpr std::string_view kLiteLlm = R"({
  "sample_spec": {"input_cost_per_token": 0.0, "litellm_provider": "one of ..."},
  "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
             "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
             "input_cost_per_token_batches": 1.25e-06, "regional_processing_uplift_multiplier_eu": 1.1},
  "gemini/gemini-2.5-pro": {"litellm_provider": "gemini", "mode": "chat",
             "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05,
             "input_cost_per_token_above_200k_tokens": 2.5e-06},
  "us.anthropic.claude-3-5-haiku-20241022-v1:0": {"litellm_provider": "bedrock", "mode": "chat",
             "input_cost_per_token": 8e-07, "output_cost_per_token": 4e-06},
  "tts-1": {"litellm_provider": "openai", "mode": "audio_speech", "input_cost_per_character": 1.5e-05},
  "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_image": 0.04}
})";

TEST(LiteLlmJson, DetectedAndConvertedToOurUnits) {
  auto t = PriceTable::parse(kLiteLlm, "litellm.json");
  ASSERT_TRUE(t) << t.error().message;
  auto m = t->lookup({"openai", "gpt-4o", "", ""});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->matched_by, "exact");
  EXPECT_EQ(m->rates.input_per_mtok->to_string(), "2.5");
  EXPECT_EQ(m->rates.output_per_mtok->to_string(), "10");
  EXPECT_EQ(m->rates.batch_input_per_mtok->to_string(), "1.25");
  EXPECT_EQ(m->rates.regional_uplift.at("eu").to_string(), "1.1");
  EXPECT_EQ(m->source, "litellm:gpt-4o");
}

TEST(LiteLlmJson, ProviderPrefixesAndTiers) {
  auto t = PriceTable::parse(kLiteLlm, "litellm.json");
  ASSERT_TRUE(t);
  auto g = t->lookup({"google", "gemini-2.5-pro", "", ""});
  ASSERT_TRUE(g);
  ASSERT_EQ(g->rates.long_context.size(), 1u);
  EXPECT_EQ(g->rates.long_context[0].above_tokens, 200000);
  EXPECT_EQ(g->rates.long_context[0].input_per_mtok->to_string(), "2.5");
  auto b = t->lookup({"bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "", ""});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->rates.input_per_mtok->to_string(), "0.8");
}

TEST(LiteLlmJson, CharacterAndImagePrices) {
  auto t = PriceTable::parse(kLiteLlm, "litellm.json");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->lookup({"openai", "tts-1", "", ""})->rates.input_per_mchar->to_string(), "15");
  auto d = t->lookup({"openai", "dall-e-3", "", ""});
  EXPECT_EQ(d->rates.per_output_image->to_string(), "0.04");
  EXPECT_EQ(d->kind, "image_generation");
}

TEST(LiteLlmJson, ErrorsNameThePointer) {
  auto t = PriceTable::parse(R"({"a/b": {"litellm_provider": "openai", "input_cost_per_token": -1}})", "l.json");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message, "l.json: /a~1b/input_cost_per_token: negative price");
  auto u = PriceTable::parse(R"({"m": {"litellm_provider": "openai", "input_cost_per_token": "2e-6"}})", "l.json");
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().message,
            "l.json: /m/input_cost_per_token: expected a number (LiteLLM prices are per token)");
}

TEST(LiteLlmJson, WrongTypesAndAbsurdValuesAreErrorsNotExceptions) {
  // Found by fuzz_price_table (fuzz/regressions/price_table/): json::value() threw on a number.
  auto t = PriceTable::parse(R"({"gpt-4o": {"litellm_provider": 0.04, "input_cost_per_token": 1e-6}})", "l.json");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message, "l.json: /gpt-4o/litellm_provider: expected a string");
  auto m = PriceTable::parse(R"({"x": {"mode": [], "input_cost_per_token": 1e-6}})", "l.json");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "l.json: /x/mode: expected a string");
  auto big = PriceTable::parse(R"({"x": {"litellm_provider": "openai", "input_cost_per_token": 1e300}})", "l.json");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().message,
            "l.json: /x/input_cost_per_token: price out of range (over 1000000000 per unit)");
}

}  // namespace
}  // namespace llmspend::price

// Reasoning tokens, long-context tiers, approximate vs exact prompt counts, images, speech and
// audio: the parts of the cost model beyond plain input/output tokens.
#include <gtest/gtest.h>

#include "cost/cost_model.h"
#include "cost/reasoning.h"
#include "cost/usage_file.h"

namespace llmspend::cost {
namespace {

const char* kTable = R"({"schema_version": 1, "table_version": "2026-01-01", "providers": {
  "openai": {
    "o3": {"kind": "chat", "periods": [{"effective_from": "2025-06-10",
      "rates": {"input_per_mtok": "2", "output_per_mtok": "8"}}]},
    "gpt-4o": {"kind": "chat", "periods": [{"effective_from": "2024-05-13",
      "rates": {"input_per_mtok": "2.5", "output_per_mtok": "10"}}]},
    "dall-e-3": {"kind": "image_generation", "periods": [{"effective_from": "2023-11-06",
      "rates": {"per_output_image": "0.04", "images": [
        {"quality": "standard", "size": "1024x1024", "per_image": "0.04"},
        {"quality": "hd", "size": "1792x1024", "per_image": "0.12"}]}}]},
    "tts-1": {"kind": "audio_speech", "periods": [{"effective_from": "2023-11-06",
      "rates": {"input_per_mchar": "15"}}]},
    "whisper-1": {"kind": "audio_transcription", "periods": [{"effective_from": "2023-03-01",
      "rates": {"input_per_second": "0.0001"}}]}
  },
  "anthropic": {
    "claude-sonnet-4-5": {"kind": "chat", "periods": [{"effective_from": "2025-09-29",
      "rates": {"input_per_mtok": "3", "output_per_mtok": "15"}}]}
  },
  "google": {
    "gemini-2.5-pro": {"kind": "chat", "periods": [{"effective_from": "2025-06-17",
      "rates": {"input_per_mtok": "1.25", "output_per_mtok": "10", "reasoning_per_mtok": "12",
                "long_context": [{"above_tokens": 200000, "whole_request": true,
                                  "input_per_mtok": "2.5", "output_per_mtok": "15"}]}}]}
  }}})";

const price::PriceTable& table() {
  static const price::PriceTable t = *price::PriceTable::parse(kTable, "test");
  return t;
}

resolve::ResolvedSite site(std::string provider, std::string model, std::string api = "chat") {
  resolve::ResolvedSite s;
  s.id = "app.py::f::call#0";
  s.path = "app.py";
  s.api = std::move(api);
  s.provider = std::move(provider);
  s.model = std::move(model);
  return s;
}

CostedSite run(const resolve::ResolvedSite& s, const UsageFile* usage = nullptr) {
  return cost_site(s, CostContext{&table(), "", usage, nullptr});
}

bool has_assumption(const CostedSite& c, const std::string& key) {
  for (const Assumption& a : c.assumptions) {
    if (a.key == key) return true;
  }
  return false;
}

TEST(Reasoning, ReasoningModelsAddTheDefaultEffortAtTheOutputRate) {
  CostedSite c = run(site("openai", "o3"));
  EXPECT_EQ(*c.reasoning_tokens.value, 2'500);
  EXPECT_EQ(c.reasoning_tokens.source, "reasoning_model_default");
  EXPECT_TRUE(has_assumption(c, "reasoning_tokens_default.medium"));
  // (1000 × 2 + 300 × 8 + 2500 × 8) / 1e6
  EXPECT_EQ(c.per_call->to_string(), "0.0244");
  EXPECT_FALSE(run(site("openai", "gpt-4o")).reasoning_tokens.value);
}

TEST(Reasoning, EffortInCodeAndTheCapBoundIt) {
  auto s = site("openai", "o3");
  s.reasoning_effort = "low";
  EXPECT_EQ(*run(s).reasoning_tokens.value, 1'000);
  s.reasoning_effort = "high";
  s.max_output_tokens = 8'100;  // the cap covers reasoning and answer: 8000 + 100
  CostedSite c = run(s);
  EXPECT_EQ(*c.reasoning_tokens.value, 8'000);
  EXPECT_EQ(*c.output_tokens.value, 100);
  EXPECT_EQ(c.output_tokens.source, "max_tokens");
  s.max_output_tokens = 500;
  c = run(s);
  EXPECT_EQ(*c.reasoning_tokens.value, 500);
  EXPECT_EQ(c.reasoning_tokens.source, "max_tokens");
  EXPECT_EQ(*c.output_tokens.value, 0);
  s.reasoning_effort = "none";
  EXPECT_FALSE(run(s).reasoning_tokens.value);
}

TEST(Reasoning, ThinkingBudgetsAndTheUsageFile) {
  auto s = site("anthropic", "claude-sonnet-4-5");
  EXPECT_FALSE(run(s).reasoning_tokens.value);
  s.thinking_budget_tokens = 10'000;
  CostedSite c = run(s);
  EXPECT_EQ(*c.reasoning_tokens.value, 5'000);
  EXPECT_EQ(c.reasoning_tokens.source, "thinking_budget");
  s.thinking_budget_tokens = 0;
  EXPECT_FALSE(run(s).reasoning_tokens.value);
  UsageFile usage;
  usage.defaults.output_tokens = 900;
  CostedSite told = run(site("openai", "o3"), &usage);
  EXPECT_FALSE(told.reasoning_tokens.value);
  EXPECT_EQ(told.reasoning_tokens.source, "included_in_output_tokens");
  EXPECT_TRUE(reasons_by_default("gemini-2.5-flash"));
  EXPECT_FALSE(reasons_by_default("gemini-2.5-flash-lite"));
  EXPECT_FALSE(reasons_by_default("gpt-5-chat-latest"));
  EXPECT_TRUE(reasons_by_default("openai/gpt-5-mini"));
}

TEST(LongContext, LongPromptsUseTheTierAndItsReasoningFollowsOutput) {
  auto s = site("google", "gemini-2.5-pro");
  s.reasoning_effort = "none";
  UsageFile usage;
  usage.defaults.input_tokens = 250'000;
  CostedSite c = run(s, &usage);
  EXPECT_EQ(c.price->input_per_mtok->to_string(), "2.5");
  // 250000 × 2.5 + 300 × 15, per million
  EXPECT_EQ(c.per_call->to_string(), "0.6295");
  s.reasoning_effort.reset();
  CostedSite standard = run(s);  // 1000 × 1.25 + 300 × 10 + 2500 × 12 (reasoning rate)
  EXPECT_EQ(standard.per_call->to_string(), "0.03425");
}

TEST(PromptTokens, ExactForOpenAiApproximateElsewhere) {
  auto s = site("openai", "gpt-4o");
  s.prompt_texts = {"You are a helpful assistant."};
  s.prompt_holes = 1;
  CostedSite c = run(s);
  EXPECT_EQ(*c.input_tokens.value, 6 + 250);
  EXPECT_EQ(c.input_tokens.source, "literal_prompt");
  s = site("anthropic", "claude-sonnet-4-5");
  s.prompt_texts = {"You are a helpful assistant."};  // 28 code points
  c = run(s);
  EXPECT_EQ(*c.input_tokens.value, 7);
  EXPECT_EQ(c.input_tokens.source, "literal_prompt_approx");
}

TEST(Units, ImagesBySizeQualityAndCount) {
  auto s = site("openai", "dall-e-3", "image");
  CostedSite c = run(s);
  EXPECT_EQ(c.status, Status::kEstimated);
  EXPECT_EQ(c.unit, "image");
  EXPECT_EQ(c.per_call->to_string(), "0.04");
  EXPECT_TRUE(has_assumption(c, "image_size_default"));
  s.image_count = 2;
  s.image_size = "1792x1024";
  s.image_quality = "hd";
  c = run(s);
  EXPECT_EQ(*c.units.value, 2);
  EXPECT_EQ(c.units.source, "code");
  EXPECT_EQ(c.per_call->to_string(), "0.24");
  EXPECT_EQ(c.monthly->to_fixed(2), "240.00");
}

TEST(Units, SpeechByCharactersAndTranscriptionByTheUsageFilesAudioMinutes) {
  auto s = site("openai", "tts-1", "speech");
  CostedSite c = run(s);
  EXPECT_EQ(*c.units.value, 1'000);
  EXPECT_EQ(c.per_call->to_string(), "0.015");
  s.prompt_texts = {"Read this aloud."};  // 16 characters
  s.prompt_holes = 1;
  c = run(s);
  EXPECT_EQ(*c.units.value, 1'016);
  EXPECT_EQ(c.unit, "character");
  // Without a length the audio cannot be priced; the note says how to give one.
  CostedSite audio = run(site("openai", "whisper-1", "transcription"));
  EXPECT_EQ(audio.status, Status::kUsageUnknown);
  EXPECT_FALSE(audio.monthly);
  ASSERT_FALSE(audio.site.notes.empty());
  EXPECT_EQ(audio.site.notes.back(),
            "transcription is billed per second of audio, which code does not show; set "
            "`audio_minutes` for this site in the usage file to price it");
  auto usage = parse_usage_file("apis:\n  transcription:\n    audio_minutes: 2.5\n", "u.yml");
  ASSERT_TRUE(usage.ok()) << usage.error().message;
  CostedSite priced = run(site("openai", "whisper-1", "transcription"), &*usage);
  EXPECT_EQ(priced.status, Status::kEstimated);
  EXPECT_EQ(priced.unit, "second");
  EXPECT_EQ(*priced.units.value, 150);
  EXPECT_EQ(priced.units.source, "usage_file_api");
  EXPECT_EQ(priced.per_call->to_string(), "0.015");  // 150 s × $0.0001
  EXPECT_EQ(priced.monthly->to_fixed(2), "15.00");   // × 1,000 calls
  EXPECT_EQ(priced.site.notes.back(),
            "150 seconds of audio per call (usage_file_api) at $0.0001 per second");
}

TEST(Units, AudioMinutesAreMinutesOfAudio) {
  auto bad = parse_usage_file("defaults:\n  audio_minutes: -1\n", "u.yml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "u.yml:2: `audio_minutes` must be minutes of audio per call, e.g. 2 or 0.5");
  auto tiny = parse_usage_file("defaults:\n  audio_minutes: 0.0125\n", "u.yml");  // 0.75 s
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(*tiny->defaults.audio_seconds, 1);
  EXPECT_FALSE(parse_usage_file("defaults:\n  audio_minutes: 1441\n", "u.yml").ok());
}

}  // namespace
}  // namespace llmspend::cost

#pragma once
/// Built-in assumptions of the usage model: what a figure is when neither the code, the usage file
/// nor the config says. Every one of them is listed in docs/usage-model.md and, when it priced a
/// site, in the report's `assumptions`.
#include <cstdint>
#include <string_view>

namespace llmspend::cost {

/// Calls per month of a site nobody told us about.
inline constexpr int64_t kDefaultCallsPerMonth = 1'000;
/// Tokens assumed for each part of a prompt known only at run time (a variable message, an
/// f-string hole): user input or retrieved context is typically a few hundred tokens.
inline constexpr int64_t kPromptHoleTokens = 250;
/// Characters per token for the approximate count of literal prompt text of models without an
/// exact tokenizer (every vendor but OpenAI).
inline constexpr int64_t kCharsPerToken = 4;
/// Share of a constant thinking budget a call is expected to use (the ceiling uses all of it).
inline constexpr int64_t kThinkingBudgetSharePercent = 50;
/// Image generation: images per call, size and quality when the code does not set them. Quality
/// `auto` or unset is priced as `standard` when the model has it, else `medium`.
inline constexpr int64_t kDefaultImagesPerCall = 1;
inline constexpr std::string_view kDefaultImageSize = "1024x1024";
/// Text-to-speech: characters per call when the code shows no input text, and per run-time hole.
inline constexpr int64_t kDefaultSpeechCharacters = 1'000;
inline constexpr int64_t kSpeechHoleCharacters = 1'000;

/// How an API is billed and what one call costs by default.
struct ApiProfile {
  std::string_view api;
  bool token_priced = false;  ///< billed per input/output token; otherwise units are not modelled
  bool input_only = false;    ///< embeddings: no output tokens
  int64_t input_tokens = 0;   ///< default input when the code shows no prompt text
  int64_t output_tokens = 0;  ///< expected output when no cap is lower
};

/// The profile of `api`, or nullptr for APIs whose units are not modelled yet (image, audio…).
const ApiProfile* api_profile(std::string_view api);

/// APIs that never bill (count_tokens, moderation).
bool is_free_api(std::string_view api);
/// Providers that never bill (local servers, mocks).
bool is_free_provider(std::string_view provider);

/// Approximate tokens of a text: ceil(code points / kCharsPerToken).
int64_t approx_tokens(std::string_view text);
/// Unicode code points of UTF-8 text (what TTS bills as characters).
int64_t code_points(std::string_view text);

}  // namespace llmspend::cost

#pragma once
/// Model-name normalisation for price lookup. A name as written in code ("us.anthropic.claude-…-v1:0",
/// "models/gemini-2.5-pro", "openai/gpt-4o", "claude-sonnet-4-5@20250929", "ft:gpt-4o-mini:acme::x")
/// becomes an ordered list of ever more general candidates; lookup takes the first one the table
/// knows. Each candidate says what was stripped, so a price is never matched silently.
#include <string>
#include <string_view>
#include <vector>

namespace llmspend::price {

struct NameCandidate {
  std::string name;
  std::string notes;   ///< what was stripped to get here, "" for the name as written
  std::string region;  ///< a Bedrock inference-profile region that was stripped ("us", "eu"…)
  std::string owner;   ///< a provider implied by a routing or vendor prefix ("anthropic"), or ""
};

/// The name as written first, then each normalised form; no duplicates.
std::vector<NameCandidate> name_candidates(std::string_view model);

/// The first-party provider of a bare model name ("gpt-4o" → "openai", "claude-…" → "anthropic"),
/// or "" when the name does not say.
std::string_view owner_of(std::string_view model);

}  // namespace llmspend::price

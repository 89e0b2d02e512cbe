#pragma once
/// APIs billed per unit rather than per token: image generation (per image of a size and
/// quality), text-to-speech (per character) and audio transcription/translation (per second of
/// audio, which code never shows: only the usage file's `audio_minutes` can price it). Defaults
/// are in defaults.h and docs/usage-model.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "cost/costed_site.h"
#include "price/rates.h"
#include "resolve/resolved_site.h"

namespace llmspend::cost {

/// What one call of a unit-priced API costs, or why that is unknown.
struct UnitEstimate {
  Sourced<int64_t> units;                 ///< images, characters or seconds of audio per call
  std::string unit;                       ///< "image" | "character" | "second" | "" (unknown)
  std::optional<core::Money> per_call;    ///< nullopt: usage_unknown, `note` says why
  std::string note;                       ///< what priced it, or what is missing
  std::vector<Assumption> assumptions;
};

/// image, speech, transcription, translation.
bool is_unit_priced_api(std::string_view api);

/// The per-call estimate of `site` at `rates`; `model` names the model in notes.
/// `audio_seconds` is the usage file's audio length per call (transcription, translation).
UnitEstimate estimate_units(const resolve::ResolvedSite& site, const price::Rates& rates,
                            std::string_view model, const Sourced<int64_t>& audio_seconds);

}  // namespace llmspend::cost

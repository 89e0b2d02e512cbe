#pragma once
/// Every billed dimension of one price period. Token prices are USD per million tokens (`_per_mtok`),
/// characters per million characters (`_per_mchar`), the rest per unit named in the field.
/// `std::nullopt` means "not priced / unknown", never zero.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"

namespace llmspend::price {

using OptMoney = std::optional<core::Money>;

/// Prices that replace the base ones when the prompt has more than `above_tokens` input tokens.
struct LongContextTier {
  int64_t above_tokens = 0;
  bool whole_request = true;  ///< the whole request (input and output) moves to this tier
  OptMoney input_per_mtok;
  OptMoney output_per_mtok;
  OptMoney cache_read_per_mtok;
  OptMoney cache_write_5m_per_mtok;
  OptMoney cache_write_1h_per_mtok;
};

/// Price of one generated image of a size ("1024x1024") and quality ("hd", "low", "standard"…).
struct ImagePrice {
  std::string quality;
  std::string size;
  core::Money per_image;
};

struct Rates {
  OptMoney input_per_mtok;
  OptMoney output_per_mtok;
  OptMoney cache_read_per_mtok;
  OptMoney cache_write_5m_per_mtok;
  OptMoney cache_write_1h_per_mtok;
  OptMoney batch_input_per_mtok;
  OptMoney batch_output_per_mtok;
  OptMoney batch_multiplier;  ///< dimensionless factor on the standard prices, e.g. 0.5
  OptMoney flex_input_per_mtok;
  OptMoney flex_output_per_mtok;
  OptMoney flex_cache_read_per_mtok;
  OptMoney flex_multiplier;
  OptMoney priority_input_per_mtok;
  OptMoney priority_output_per_mtok;
  OptMoney priority_cache_read_per_mtok;
  OptMoney priority_multiplier;
  OptMoney reasoning_per_mtok;  ///< only when reasoning is not billed as output
  OptMoney audio_input_per_mtok;
  OptMoney audio_output_per_mtok;
  OptMoney audio_cache_read_per_mtok;
  OptMoney image_input_per_mtok;
  OptMoney image_output_per_mtok;
  OptMoney per_input_image;
  OptMoney per_output_image;  ///< default for generated images when no size×quality row matches
  OptMoney input_per_second;  ///< audio/video input duration
  OptMoney output_per_second;  ///< generated audio/video duration
  OptMoney input_per_mchar;
  OptMoney output_per_mchar;
  OptMoney per_request;
  OptMoney web_search_per_1k;
  OptMoney per_page;
  std::vector<LongContextTier> long_context;  ///< ascending by threshold
  std::vector<ImagePrice> images;
  std::map<std::string, core::Money> regional_uplift;  ///< region → factor, e.g. "us" → 1.1

  /// Every price multiplied by `factor` (a dimensionless Money, 1.0 == 1e9 nanos). Multipliers and
  /// uplifts themselves are factors and stay as they are.
  Rates scaled(core::Money factor) const;
  bool empty() const;
};

/// How a dimension's number is read; drives validation, bounds and rendering.
enum class Unit { kPerMtok, kPerMchar, kPerUnit, kPerThousand, kMultiplier };

/// One scalar dimension: its JSON name, where it lives, its unit and sane bounds (the magnitude
/// guard: upstream data once shipped per-token values in per-million fields, a 1e6× error).
struct Dimension {
  std::string_view name;
  OptMoney Rates::*member;
  Unit unit;
  std::string_view max;  ///< largest plausible value, a decimal
  std::string_view what;  ///< human label for `llmspend prices`
};

std::span<const Dimension> dimensions();
const Dimension* find_dimension(std::string_view name);

/// Scalar fields of a long-context tier.
struct TierDimension {
  std::string_view name;
  OptMoney LongContextTier::*member;
};
std::span<const TierDimension> tier_dimensions();

/// A factor such as "1.1" as a dimensionless Money (nanos / 1e9).
inline core::Money factor_one() { return core::Money::from_nanos(core::Money::kNanosPerUnit); }

}  // namespace llmspend::price

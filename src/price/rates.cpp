#include "price/rates.h"

#include <array>

namespace llmspend::price {
namespace {

using core::Money;

// The single list of scalar dimensions, in the order the table and `llmspend prices` show them.
// Bounds: token prices above $1,000 per million tokens do not exist in any provider's price list
// (the most expensive output is o1-pro at $600), so a larger number is a unit error.
const std::array<Dimension, 31> kDimensions = {{
    {"input_per_mtok", &Rates::input_per_mtok, Unit::kPerMtok, "1000", "input"},
    {"output_per_mtok", &Rates::output_per_mtok, Unit::kPerMtok, "1000", "output"},
    {"cache_read_per_mtok", &Rates::cache_read_per_mtok, Unit::kPerMtok, "1000", "cached input read"},
    {"cache_write_5m_per_mtok", &Rates::cache_write_5m_per_mtok, Unit::kPerMtok, "1000",
     "cache write (5 min)"},
    {"cache_write_1h_per_mtok", &Rates::cache_write_1h_per_mtok, Unit::kPerMtok, "1000",
     "cache write (1 h)"},
    {"batch_input_per_mtok", &Rates::batch_input_per_mtok, Unit::kPerMtok, "1000", "batch input"},
    {"batch_output_per_mtok", &Rates::batch_output_per_mtok, Unit::kPerMtok, "1000", "batch output"},
    {"batch_multiplier", &Rates::batch_multiplier, Unit::kMultiplier, "1", "batch multiplier"},
    {"flex_input_per_mtok", &Rates::flex_input_per_mtok, Unit::kPerMtok, "1000", "flex input"},
    {"flex_output_per_mtok", &Rates::flex_output_per_mtok, Unit::kPerMtok, "1000", "flex output"},
    {"flex_cache_read_per_mtok", &Rates::flex_cache_read_per_mtok, Unit::kPerMtok, "1000",
     "flex cached input read"},
    {"flex_multiplier", &Rates::flex_multiplier, Unit::kMultiplier, "1", "flex multiplier"},
    {"priority_input_per_mtok", &Rates::priority_input_per_mtok, Unit::kPerMtok, "1000",
     "priority input"},
    {"priority_output_per_mtok", &Rates::priority_output_per_mtok, Unit::kPerMtok, "2000",
     "priority output"},
    {"priority_cache_read_per_mtok", &Rates::priority_cache_read_per_mtok, Unit::kPerMtok, "1000",
     "priority cached input read"},
    {"priority_multiplier", &Rates::priority_multiplier, Unit::kMultiplier, "5", "priority multiplier"},
    {"reasoning_per_mtok", &Rates::reasoning_per_mtok, Unit::kPerMtok, "1000", "reasoning"},
    {"audio_input_per_mtok", &Rates::audio_input_per_mtok, Unit::kPerMtok, "1000", "audio input"},
    {"audio_output_per_mtok", &Rates::audio_output_per_mtok, Unit::kPerMtok, "1000", "audio output"},
    {"audio_cache_read_per_mtok", &Rates::audio_cache_read_per_mtok, Unit::kPerMtok, "1000",
     "cached audio read"},
    {"image_input_per_mtok", &Rates::image_input_per_mtok, Unit::kPerMtok, "1000", "image input tokens"},
    {"image_output_per_mtok", &Rates::image_output_per_mtok, Unit::kPerMtok, "1000",
     "image output tokens"},
    {"per_input_image", &Rates::per_input_image, Unit::kPerUnit, "10", "per input image"},
    {"per_output_image", &Rates::per_output_image, Unit::kPerUnit, "10", "per generated image"},
    {"input_per_second", &Rates::input_per_second, Unit::kPerUnit, "10", "per second of input"},
    {"output_per_second", &Rates::output_per_second, Unit::kPerUnit, "10", "per second of output"},
    {"input_per_mchar", &Rates::input_per_mchar, Unit::kPerMchar, "1000", "per million input chars"},
    {"output_per_mchar", &Rates::output_per_mchar, Unit::kPerMchar, "1000",
     "per million output chars"},
    {"per_request", &Rates::per_request, Unit::kPerUnit, "10", "per request"},
    {"web_search_per_1k", &Rates::web_search_per_1k, Unit::kPerThousand, "1000",
     "per 1,000 web searches"},
    {"per_page", &Rates::per_page, Unit::kPerUnit, "10", "per page"},
}};

const std::array<TierDimension, 5> kTierDimensions = {{
    {"input_per_mtok", &LongContextTier::input_per_mtok},
    {"output_per_mtok", &LongContextTier::output_per_mtok},
    {"cache_read_per_mtok", &LongContextTier::cache_read_per_mtok},
    {"cache_write_5m_per_mtok", &LongContextTier::cache_write_5m_per_mtok},
    {"cache_write_1h_per_mtok", &LongContextTier::cache_write_1h_per_mtok},
}};

OptMoney scale(const OptMoney& value, Money factor) {
  if (!value) return std::nullopt;
  return value->scaled(factor.nanos(), Money::kNanosPerUnit);
}

}  // namespace

std::span<const Dimension> dimensions() { return kDimensions; }
std::span<const TierDimension> tier_dimensions() { return kTierDimensions; }

const Dimension* find_dimension(std::string_view name) {
  for (const Dimension& d : kDimensions) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

Rates Rates::scaled(Money factor) const {
  Rates out = *this;
  for (const Dimension& d : kDimensions) {
    if (d.unit != Unit::kMultiplier) out.*d.member = scale(this->*d.member, factor);
  }
  for (LongContextTier& tier : out.long_context) {
    for (const TierDimension& d : kTierDimensions) tier.*d.member = scale(tier.*d.member, factor);
  }
  for (ImagePrice& image : out.images) image.per_image = *scale(image.per_image, factor);
  return out;
}

bool Rates::empty() const {
  for (const Dimension& d : kDimensions) {
    if (this->*d.member) return false;
  }
  return long_context.empty() && images.empty();
}

}  // namespace llmspend::price

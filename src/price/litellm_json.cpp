// Reads a LiteLLM model_prices_and_context_window.json as a price table. LiteLLM prices are per
// token (or per unit) with no dates; each key becomes one model with a single period of unknown
// start. Keys are "<prefix>/<model>" for most providers; the prefix is dropped so that lookups by
// provider + model name work as they do for our own table.
#include <array>
#include <cmath>
#include <regex>

#include <fmt/format.h>

#include "price/table_json.h"

namespace llmspend::price {
namespace {

using nlohmann::json;
using core::Money;

struct ProviderMap {
  std::string_view litellm;
  std::string_view ours;
};

// litellm_provider → CONTRACT provider. Unlisted providers keep LiteLLM's name.
constexpr std::array<ProviderMap, 24> kProviders = {{
    {"openai", "openai"}, {"text-completion-openai", "openai"}, {"anthropic", "anthropic"},
    {"gemini", "google"}, {"azure", "azure_openai"}, {"azure_text", "azure_openai"},
    {"azure_ai", "azure_ai_foundry"}, {"bedrock", "bedrock"}, {"bedrock_converse", "bedrock"},
    {"mistral", "mistral"}, {"codestral", "mistral"}, {"cohere", "cohere"},
    {"cohere_chat", "cohere"}, {"groq", "groq"}, {"together_ai", "together"},
    {"fireworks_ai", "fireworks"}, {"deepseek", "deepseek"}, {"xai", "xai"},
    {"perplexity", "perplexity"}, {"openrouter", "openrouter"}, {"voyage", "voyage"},
    {"replicate", "replicate"}, {"watsonx", "watsonx"}, {"vercel_ai_gateway", "vercel_gateway"},
}};

struct FieldMap {
  std::string_view field;
  std::string_view dimension;
  double factor;  // LiteLLM unit → ours (per token → per million tokens)
};

constexpr std::array<FieldMap, 30> kFields = {{
    {"input_cost_per_token", "input_per_mtok", 1e6},
    {"output_cost_per_token", "output_per_mtok", 1e6},
    {"cache_read_input_token_cost", "cache_read_per_mtok", 1e6},
    {"input_cost_per_token_cache_hit", "cache_read_per_mtok", 1e6},
    {"cache_creation_input_token_cost", "cache_write_5m_per_mtok", 1e6},
    {"cache_creation_input_token_cost_above_1hr", "cache_write_1h_per_mtok", 1e6},
    {"input_cost_per_token_batches", "batch_input_per_mtok", 1e6},
    {"output_cost_per_token_batches", "batch_output_per_mtok", 1e6},
    {"input_cost_per_token_flex", "flex_input_per_mtok", 1e6},
    {"output_cost_per_token_flex", "flex_output_per_mtok", 1e6},
    {"cache_read_input_token_cost_flex", "flex_cache_read_per_mtok", 1e6},
    {"input_cost_per_token_priority", "priority_input_per_mtok", 1e6},
    {"output_cost_per_token_priority", "priority_output_per_mtok", 1e6},
    {"cache_read_input_token_cost_priority", "priority_cache_read_per_mtok", 1e6},
    {"output_cost_per_reasoning_token", "reasoning_per_mtok", 1e6},
    {"input_cost_per_audio_token", "audio_input_per_mtok", 1e6},
    {"output_cost_per_audio_token", "audio_output_per_mtok", 1e6},
    {"cache_read_input_audio_token_cost", "audio_cache_read_per_mtok", 1e6},
    {"input_cost_per_image_token", "image_input_per_mtok", 1e6},
    {"output_cost_per_image_token", "image_output_per_mtok", 1e6},
    {"output_cost_per_image", "per_output_image", 1},
    {"input_cost_per_second", "input_per_second", 1},
    {"input_cost_per_audio_per_second", "input_per_second", 1},
    {"output_cost_per_second", "output_per_second", 1},
    {"input_cost_per_character", "input_per_mchar", 1e6},
    {"output_cost_per_character", "output_per_mchar", 1e6},
    {"input_cost_per_request", "per_request", 1},
    {"input_cost_per_query", "per_request", 1},
    {"ocr_cost_per_page", "per_page", 1},
    {"output_cost_per_video_per_second", "output_per_second", 1},
}};

std::string_view our_provider(std::string_view litellm) {
  for (const ProviderMap& p : kProviders) {
    if (p.litellm == litellm) return p.ours;
  }
  if (litellm.starts_with("vertex_ai")) return "google";
  return litellm;
}

/// "gemini/gemini-2.5-pro" → "gemini-2.5-pro": drop a first path segment naming the provider.
std::string model_name(const std::string& key, std::string_view litellm_provider) {
  size_t slash = key.find('/');
  if (slash == std::string::npos) return key;
  std::string_view head = std::string_view(key).substr(0, slash);
  bool is_prefix = head == litellm_provider || our_provider(head) != head ||
                   litellm_provider.starts_with(head);
  return is_prefix ? key.substr(slash + 1) : key;
}

constexpr double kMaxPrice = 1e9;  // dollars per billed unit

Money to_money(const json& v, double factor, const std::string& pointer) {
  if (!v.is_number()) throw LoadError{pointer, "expected a number (LiteLLM prices are per token)"};
  double value = v.get<double>();
  if (value < 0) throw LoadError{pointer, "negative price"};
  // Money holds int64 nanodollars; anything near that range is a unit mistake, not a price.
  if (!std::isfinite(value * factor) || value * factor > kMaxPrice) {
    throw LoadError{pointer, fmt::format("price out of range (over {} per unit)", kMaxPrice)};
  }
  return Money::from_double(value * factor);
}

/// A string field of a row, or `fallback` when absent; any other type is an error at its pointer
/// (json::value() would throw a type_error that names no location).
std::string string_field(const json& row, const char* key, const char* fallback,
                         const std::string& pointer) {
  auto it = row.find(key);
  if (it == row.end()) return fallback;
  if (!it->is_string()) throw LoadError{pointer + "/" + key, "expected a string"};
  return it->get<std::string>();
}

void read_tiers(const json& row, const std::string& pointer, Rates& rates) {
  static const std::regex kAbove(R"(^(.+)_above_(\d+)k_tokens$)");
  static const std::array<std::pair<std::string_view, OptMoney LongContextTier::*>, 5> kTierFields = {{
      {"input_cost_per_token", &LongContextTier::input_per_mtok},
      {"output_cost_per_token", &LongContextTier::output_per_mtok},
      {"cache_read_input_token_cost", &LongContextTier::cache_read_per_mtok},
      {"cache_creation_input_token_cost", &LongContextTier::cache_write_5m_per_mtok},
      {"cache_creation_input_token_cost_above_1hr", &LongContextTier::cache_write_1h_per_mtok},
  }};
  std::map<int64_t, LongContextTier> tiers;
  for (const auto& [field, value] : row.items()) {
    std::smatch m;
    if (!std::regex_match(field, m, kAbove)) continue;
    for (const auto& [name, member] : kTierFields) {
      if (m[1].str() != name) continue;
      if (m[2].length() > 9) {
        throw LoadError{pointer + "/" + pointer_token(field), "tier threshold out of range"};
      }
      int64_t above = std::stoll(m[2].str()) * 1000;
      tiers[above].above_tokens = above;
      tiers[above].*member = to_money(value, 1e6, pointer + "/" + pointer_token(field));
    }
  }
  for (auto& [_, tier] : tiers) rates.long_context.push_back(tier);
}

Rates read_row(const json& row, const std::string& pointer) {
  Rates rates;
  for (const FieldMap& f : kFields) {
    auto it = row.find(std::string(f.field));
    if (it == row.end()) continue;
    const Dimension* d = find_dimension(f.dimension);
    if (!(rates.*d->member)) rates.*d->member = to_money(*it, f.factor, pointer + "/" + std::string(f.field));
  }
  if (auto it = row.find("input_cost_per_image"); it != row.end()) {
    bool generation = string_field(row, "mode", "", pointer) == "image_generation";
    (generation ? rates.per_output_image : rates.per_input_image) =
        to_money(*it, 1, pointer + "/input_cost_per_image");
  }
  read_tiers(row, pointer, rates);
  for (std::string region : {"us", "eu"}) {
    auto it = row.find("regional_processing_uplift_multiplier_" + region);
    if (it != row.end()) rates.regional_uplift[region] = to_money(*it, 1, pointer + "/" + it.key());
  }
  return rates;
}

std::string kind_of(const json& row, const std::string& pointer) {
  std::string mode = string_field(row, "mode", "chat", pointer);
  if (mode == "responses") return "chat";
  if (mode == "image_edit") return "image_generation";
  return mode;
}

}  // namespace

bool looks_like_litellm(const json& doc) {
  if (!doc.is_object() || doc.contains("schema_version") || doc.contains("providers")) return false;
  for (const auto& [key, row] : doc.items()) {
    if (row.is_object() && (row.contains("litellm_provider") || row.contains("input_cost_per_token"))) {
      return true;
    }
  }
  return false;
}

core::Result<TableData> parse_litellm_json(const json& doc, const std::string& origin) {
  TableData data;
  data.origin = origin;
  try {
    data.version = string_field(doc, "last_updated", "litellm", "").substr(0, 10);
    for (const auto& [key, row] : doc.items()) {
      if (key == "sample_spec" || !row.is_object()) continue;
      std::string pointer = "/" + pointer_token(key);
      std::string litellm_provider = string_field(row, "litellm_provider", "unknown", pointer);
      ModelEntry e;
      e.provider = std::string(our_provider(litellm_provider));
      e.id = model_name(key, litellm_provider);
      e.kind = kind_of(row, pointer);
      if (auto d = row.find("deprecation_date"); d != row.end() && d->is_string()) {
        e.deprecation_date = d->get<std::string>();
      }
      e.periods.push_back({"1970-01-01", std::nullopt, false, "unknown", "litellm:" + key,
                           read_row(row, pointer)});
      data.models.push_back(std::move(e));
    }
  } catch (const LoadError& e) {
    return core::Error{fmt::format("{}: {}: {}", origin, e.pointer, e.message)};
  }
  return data;
}

}  // namespace llmspend::price

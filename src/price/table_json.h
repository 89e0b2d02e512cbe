#pragma once
/// Loaders from JSON into TableData (internal to price/). Errors name the JSON pointer of the
/// problem: "prices.json: /providers/openai/gpt-4o/periods/0/rates/input_per_mtok: negative price".
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "price/price_table.h"

namespace llmspend::price {

/// Our schema (pricing/prices.json, docs/schemas/pricing.schema.json).
core::Result<TableData> parse_table_json(const nlohmann::json& doc, const std::string& origin);

/// A LiteLLM model_prices_and_context_window.json: one period per key, dates unknown.
core::Result<TableData> parse_litellm_json(const nlohmann::json& doc, const std::string& origin);

/// True when `doc` has LiteLLM's shape (model keys with litellm_provider / *_cost_per_token).
bool looks_like_litellm(const nlohmann::json& doc);

/// RFC 6901 escaping of one reference token: '~' → "~0", '/' → "~1".
std::string pointer_token(std::string_view token);

/// Thrown inside the loaders only and turned into core::Error at their boundary.
struct LoadError {
  std::string pointer;
  std::string message;
};

/// A price from a JSON value (decimal string or number), checked for sign; throws LoadError.
core::Money read_money(const nlohmann::json& v, const std::string& pointer);

}  // namespace llmspend::price

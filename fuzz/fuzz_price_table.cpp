// libFuzzer target: price file text (our schema or LiteLLM's) → PriceTable, then lookups,
// suggestions and a merge into a second copy, which index every row the input defined.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "price/price_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = llmspend::price::PriceTable::parse(text, "fuzz-prices.json");
  if (!table) return 0;
  for (const char* model : {"gpt-4o", "gpt-4o-mini-2024-07-18", "claude-3-5-sonnet", "", "x"}) {
    table->lookup({"openai", model, "", ""});
    table->lookup({"unknown", model, "2025-01-01", "eu"});
    table->suggest(model);
  }
  for (const auto* entry : table->models()) table->lookup({entry->provider, entry->id, "", ""});
  llmspend::price::PriceTable copy = *table;
  copy.merge(*table);
  return 0;
}

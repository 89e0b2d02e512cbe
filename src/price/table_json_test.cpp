// Loading our schema: a minimal valid table, then each class of error with its JSON pointer.
#include <gtest/gtest.h>

#include "price/price_table.h"

namespace llmspend::price {
namespace {

std::string table_with_rates(std::string_view rates, std::string_view model_id = "m-1") {
  return std::string(R"({"schema_version": 1, "table_version": "2026-01-01", "providers": {"acme": {")") +
         std::string(model_id) + R"(": {"kind": "chat", "aliases": ["m-one"], "periods": [
           {"effective_from": "2025-01-01", "effective_to": "2025-06-01", "date_basis": "announcement",
            "source": "test", "rates": {"input_per_mtok": "4", "output_per_mtok": "8"}},
           {"effective_from": "2025-06-01", "date_basis": "announcement", "source": "test",
            "rates": )" + std::string(rates) + "}]}}}}";
}

std::string error_of(const std::string& text) {
  auto t = PriceTable::parse(text, "t.json");
  return t ? std::string("(loaded)") : t.error().message;
}

TEST(TableJson, LoadsPeriodsTiersImagesAndUplift) {
  auto t = PriceTable::parse(table_with_rates(R"({"input_per_mtok": "2", "output_per_mtok": "4",
      "long_context": [{"above_tokens": 200000, "input_per_mtok": "4"}],
      "images": [{"quality": "hd", "size": "1024x1024", "per_image": "0.08"}],
      "regional_uplift": {"eu": "1.1"}})"), "t.json");
  ASSERT_TRUE(t) << t.error().message;
  const ModelEntry* e = t->find("acme", "m-1");
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->periods.size(), 2u);
  const Rates& r = e->periods[1].rates;
  EXPECT_EQ(r.input_per_mtok->to_string(), "2");
  EXPECT_EQ(r.long_context.at(0).above_tokens, 200000);
  EXPECT_TRUE(r.long_context.at(0).whole_request);
  EXPECT_EQ(r.images.at(0).per_image.to_string(), "0.08");
  EXPECT_EQ(r.regional_uplift.at("eu").to_string(), "1.1");
  EXPECT_EQ(t->version(), "2026-01-01");
}

TEST(TableJson, UnknownFieldNamesPointerAndSuggestion) {
  EXPECT_EQ(error_of(table_with_rates(R"({"input_per_mtoks": "2"})")),
            "t.json: /providers/acme/m-1/periods/1/rates/input_per_mtoks: unknown field "
            "(did you mean 'input_per_mtok'?)");
}

TEST(TableJson, NegativePrice) {
  EXPECT_EQ(error_of(table_with_rates(R"({"output_per_mtok": "-1"})")),
            "t.json: /providers/acme/m-1/periods/1/rates/output_per_mtok: negative price");
}

TEST(TableJson, PerTokenNumberInPerMillionField) {
  EXPECT_EQ(error_of(table_with_rates(R"({"input_per_mtok": "0.0000025"})")),
            "t.json: /providers/acme/m-1/periods/1/rates/input_per_mtok: 0.0000025 looks like a "
            "per-token price; input_per_mtok is USD per million tokens");
}

TEST(TableJson, ImplausiblyLargePrice) {
  EXPECT_EQ(error_of(table_with_rates(R"({"input_per_mtok": "2500"})")),
            "t.json: /providers/acme/m-1/periods/1/rates/input_per_mtok: 2500 is above the "
            "plausible maximum 1000 for input_per_mtok; check the unit");
}

TEST(TableJson, PointerEscapesSlashesInModelIds) {
  EXPECT_EQ(error_of(table_with_rates(R"({"input_per_mtok": "x"})", "meta-llama/llama-3")),
            "t.json: /providers/acme/meta-llama~1llama-3/periods/1/rates/input_per_mtok: expected a "
            "decimal price such as \"2.5\"");
}

TEST(TableJson, StructuralErrors) {
  EXPECT_EQ(error_of("{"), "t.json: not valid JSON; check the file with a JSON linter");
  EXPECT_EQ(error_of(R"({"schema_version": 2, "table_version": "2026-01-01", "providers": {}})"),
            "t.json: /schema_version: expected schema_version 1");
  EXPECT_EQ(error_of(R"({"schema_version": 1, "table_version": "Jan 1", "providers": {}})"),
            "t.json: /table_version: expected a date YYYY-MM-DD");
  EXPECT_EQ(error_of(R"({"schema_version": 1, "table_version": "2026-01-01", "providers": {"a": {"m": {"periods": []}}}})"),
            "t.json: /providers/a/m/periods: expected a non-empty array of price periods");
}

TEST(TableJson, PeriodsMustBeOrdered) {
  std::string text = R"({"schema_version": 1, "table_version": "2026-01-01", "providers": {"a": {"m": {"periods": [
      {"effective_from": "2025-06-01", "rates": {}}, {"effective_from": "2025-01-01", "rates": {}}]}}}})";
  EXPECT_EQ(error_of(text),
            "t.json: /providers/a/m/periods/1/effective_from: periods must be in increasing "
            "effective_from order");
}

}  // namespace
}  // namespace llmspend::price

// Guards on the committed table: every price within sane bounds for its unit (upstream once
// shipped 1000× unit errors), internal consistency, and every flagship model present.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "price/price_table.h"

namespace llmspend::price {
namespace {

using core::Money;

const PriceTable& table() {
  static const PriceTable t = [] {
    auto r = PriceTable::embedded();
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : PriceTable();
  }();
  return t;
}

TEST(EmbeddedTable, LoadsWithAVersionAndManyModels) {
  EXPECT_EQ(table().version().size(), 10u);
  EXPECT_GT(table().models().size(), 1500u);
}

// Per-million token prices outside [$0.001, $1000] are unit errors; per-unit prices (an image, a
// second, a request, a page) above $10 likewise. The loader enforces the ceilings; this also checks
// relations that a wrong unit on one field would break.
TEST(EmbeddedTable, MagnitudeGuard) {
  const Money floor = *Money::parse("0.001");
  for (const ModelEntry* e : table().models()) {
    for (const PricePeriod& p : e->periods) {
      const Rates& r = p.rates;
      std::string where = fmt::format("{}/{} from {}", e->provider, e->id, p.effective_from);
      for (const Dimension& d : dimensions()) {
        const auto& v = r.*d.member;
        if (!v || v->is_zero()) continue;
        EXPECT_LE(*v, *Money::parse(d.max)) << where << " " << d.name;
        if (d.unit == Unit::kPerMtok) {
          EXPECT_GE(*v, floor) << where << " " << d.name;
        }
      }
      if (r.input_per_mtok && r.cache_read_per_mtok) {
        EXPECT_LE(*r.cache_read_per_mtok, *r.input_per_mtok) << where << " cache read above input";
      }
      if (r.input_per_mtok && r.batch_input_per_mtok) {
        EXPECT_LE(*r.batch_input_per_mtok, *r.input_per_mtok) << where << " batch above input";
      }
      for (const ImagePrice& i : r.images) EXPECT_LE(i.per_image, *Money::parse("10")) << where;
    }
  }
}

TEST(EmbeddedTable, PeriodsAreOrderedAndClosed) {
  for (const ModelEntry* e : table().models()) {
    for (size_t i = 0; i + 1 < e->periods.size(); ++i) {
      EXPECT_EQ(e->periods[i].effective_to, e->periods[i + 1].effective_from) << e->provider << "/" << e->id;
    }
    EXPECT_FALSE(e->periods.back().effective_to) << e->provider << "/" << e->id;
  }
}

struct Flagship {
  const char* provider;
  const char* model;
};

constexpr Flagship kFlagships[] = {
    {"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"openai", "gpt-4.1"}, {"openai", "gpt-4.1-mini"},
    {"openai", "gpt-5"}, {"openai", "gpt-5-mini"}, {"openai", "o3"}, {"openai", "o4-mini"},
    {"openai", "text-embedding-3-small"}, {"openai", "text-embedding-3-large"}, {"openai", "whisper-1"},
    {"openai", "tts-1"}, {"openai", "dall-e-3"}, {"openai", "gpt-image-1"},
    {"anthropic", "claude-sonnet-4-5"}, {"anthropic", "claude-3-5-haiku"},
    {"anthropic", "claude-opus-4-1"}, {"anthropic", "claude-haiku-4-5"},
    {"anthropic", "claude-3-7-sonnet-20250219"},
    {"google", "gemini-2.5-pro"}, {"google", "gemini-2.5-flash"}, {"google", "gemini-2.0-flash"},
    {"google", "gemini-2.5-flash-lite"},
    {"mistral", "mistral-large-latest"}, {"mistral", "mistral-small-latest"}, {"mistral", "codestral-latest"},
    {"mistral", "mistral-embed"},
    {"cohere", "command-r-plus"}, {"cohere", "command-r"}, {"cohere", "command-a-03-2025"},
    {"cohere", "embed-english-v3.0"}, {"cohere", "rerank-v3.5"},
    {"groq", "llama-3.3-70b-versatile"}, {"groq", "llama-3.1-8b-instant"},
    {"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"},
    {"fireworks", "accounts/fireworks/models/llama-v3p1-8b-instruct"},
    {"deepseek", "deepseek-chat"}, {"deepseek", "deepseek-reasoner"},
    {"xai", "grok-3"}, {"xai", "grok-4"},
    {"perplexity", "sonar"}, {"perplexity", "sonar-pro"},
    {"openrouter", "openai/gpt-4o"}, {"openrouter", "anthropic/claude-sonnet-4.5"},
    {"voyage", "voyage-3"}, {"voyage", "voyage-3-large"},
    {"bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0"},
    {"bedrock", "anthropic.claude-3-5-haiku-20241022-v1:0"}, {"bedrock", "amazon.nova-pro-v1:0"},
    {"bedrock", "meta.llama3-1-70b-instruct-v1:0"},
    {"azure_openai", "gpt-4o"}, {"azure_openai", "gpt-4o-mini"}, {"azure_openai", "gpt-4.1"},
};

TEST(EmbeddedTable, EveryFlagshipIsPricedAtItsOwnProvider) {
  for (const Flagship& f : kFlagships) {
    auto m = table().lookup({f.provider, f.model, "", ""});
    ASSERT_TRUE(m) << f.provider << "/" << f.model << " missing";
    EXPECT_EQ(m->provider, f.provider) << f.model << ": " << m->matched_by;
    EXPECT_EQ(m->matched_by.find("fallback"), std::string::npos) << f.model << ": " << m->matched_by;
    bool priced = m->rates.input_per_mtok || m->rates.per_output_image || m->rates.input_per_second ||
                  m->rates.input_per_mchar || m->rates.per_request;
    EXPECT_TRUE(priced) << f.provider << "/" << f.model;
  }
}

}  // namespace
}  // namespace llmspend::price

#include <gtest/gtest.h>

#include "cost/config.h"
#include "cost/usage_file.h"

namespace llmspend::cost {
namespace {

const char* kUsage = R"(version: 1
preset: medium
defaults:
  input_tokens: 700
apis:
  embedding:
    calls_per_month: 50_000
models:
  gpt-4o:
    output_tokens: 900
sites:
  "app/chat.py::reply::openai.chat.completions.create#0":
    calls_per_month: 20000
  "app/*::*":
    calls_per_month: 10
    output_tokens: 50
  "jobs/**":
    calls_per_month: 5
)";

UsageFile parsed() {
  auto f = parse_usage_file(kUsage, "llmspend-usage.yml");
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  return f.ok() ? *f : UsageFile{};
}

SiteKey key(std::string id, std::string path, std::string api = "chat",
            std::string model = "gpt-4o") {
  return {std::move(id), std::move(path), std::move(api), "openai", std::move(model)};
}

TEST(UsageFile, ExactSiteBeatsPatternBeatsModelBeatsDefaults) {
  UsageFile f = parsed();
  auto u = lookup_usage(&f, nullptr,
                        key("app/chat.py::reply::openai.chat.completions.create#0", "app/chat.py"));
  EXPECT_EQ(*u.calls_per_month.value, 20000);
  EXPECT_EQ(u.calls_per_month.source, "usage_file");
  EXPECT_EQ(*u.output_tokens.value, 50);  // the pattern sets it; the exact entry does not
  EXPECT_EQ(u.output_tokens.source, "usage_file_pattern");
  EXPECT_EQ(*u.input_tokens.value, 700);
  EXPECT_EQ(u.input_tokens.source, "usage_file_defaults");
}

TEST(UsageFile, PathGlobPatternsAndApiDefaultsAndPreset) {
  UsageFile f = parsed();
  auto jobs = lookup_usage(&f, nullptr, key("jobs/x/run.py::main::a#0", "jobs/x/run.py"));
  EXPECT_EQ(*jobs.calls_per_month.value, 5);
  EXPECT_EQ(*jobs.output_tokens.value, 900);
  EXPECT_EQ(jobs.output_tokens.source, "usage_file_model");
  auto emb = lookup_usage(&f, nullptr, key("lib/e.py::f::x#0", "lib/e.py", "embedding", ""));
  EXPECT_EQ(*emb.calls_per_month.value, 50000);
  EXPECT_EQ(emb.calls_per_month.source, "usage_file_api");
  auto other = lookup_usage(&f, nullptr, key("lib/c.py::f::x#0", "lib/c.py", "chat", "o3"));
  EXPECT_EQ(*other.calls_per_month.value, 10000);
  EXPECT_EQ(other.calls_per_month.source, "preset:medium");
}

TEST(UsageFile, ConfigUsageIsBelowTheFileAndAboveBuiltIns) {
  UsageValues config;
  config.calls_per_month = 42;
  config.input_tokens = 1;
  UsageFile empty;
  auto u = lookup_usage(&empty, &config, key("a.py::f::x#0", "a.py"));
  EXPECT_EQ(*u.calls_per_month.value, 42);
  EXPECT_EQ(u.calls_per_month.source, "config");
  auto none = lookup_usage(nullptr, nullptr, key("a.py::f::x#0", "a.py"));
  EXPECT_FALSE(none.calls_per_month.value);
}

TEST(UsageFile, UnknownKeyIsAnErrorWithSuggestion) {
  auto f = parse_usage_file("defaults:\n  calls_per_mont: 5\n", "u.yml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message,
            "u.yml:2: unknown key `calls_per_mont` in defaults; did you mean `calls_per_month`?");
}

TEST(UsageFile, BadValuesAreErrorsWithLines) {
  auto f = parse_usage_file("defaults:\n  cache_hit_rate: 1.5\n", "u.yml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message, "u.yml:2: `cache_hit_rate` must be a fraction between 0 and 1, e.g. 0.25");
  auto g = parse_usage_file("preset: huge\n", "u.yml");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message, "u.yml:1: unknown preset `huge`; use small, medium or large");
  auto h = parse_usage_file("defaults: [1\n", "u.yml");
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("u.yml:"), std::string::npos);
}

TEST(UsageFile, AKeyListedTwiceIsAnErrorNotAGuess) {
  auto f = parse_usage_file(
      "sites:\n  \"a.py::*\":\n    calls_per_month: 5\n"
      "  \"a.py::*\":\n    calls_per_month: 7\n",
      "u.yml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message,
            "u.yml:4: `sites` lists `a.py::*` twice (first on line 2); keep one");
  auto g = parse_usage_file("models:\n  gpt-4o: {input_tokens: 1}\n  gpt-4o: {input_tokens: 2}\n",
                            "u.yml");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "u.yml:3: `models` lists `gpt-4o` twice (first on line 2); keep one");
}

TEST(UsageFile, EntriesThatMatchNoSiteAreFoundWithASuggestion) {
  UsageFile f = parsed();  // exact id (line 12), "app/*::*" (14), "jobs/**" (17)
  std::vector<SiteKey> sites = {
      key("app/chat.py::respond::openai.chat.completions.create#0", "app/chat.py"),
      key("lib/x.py::f::openai.chat.completions.create#0", "lib/x.py")};
  EXPECT_EQ(unmatched_site_entries(f, sites), (std::vector<size_t>{0, 2}));
  auto d = unmatched_entry_diagnostics(f, sites, "llmspend-usage.yml");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].path, "llmspend-usage.yml");
  EXPECT_EQ(d[0].line, 12);
  EXPECT_EQ(d[0].code, "usage-entry-unmatched");
  EXPECT_EQ(d[0].message,
            "`sites` entry `app/chat.py::reply::openai.chat.completions.create#0` matches no site "
            "in this scan, so it prices nothing; did you mean "
            "`app/chat.py::respond::openai.chat.completions.create#0`?");
  EXPECT_EQ(d[1].line, 17);
  EXPECT_EQ(d[1].message,
            "`sites` entry `jobs/**` matches no site in this scan, so it prices nothing; fix or "
            "remove it (`llmspend scan --format json` lists the site ids)");
  // A moved file: the same file name elsewhere is suggested.
  sites[0] = key("src/app/chat.py::reply::openai.chat.completions.create#0", "src/app/chat.py");
  EXPECT_NE(unmatched_entry_diagnostics(f, sites, "u.yml")[0].message.find(
                "did you mean `src/app/chat.py::reply::openai.chat.completions.create#0`?"),
            std::string::npos);
}

TEST(SitePattern, StarSpansSeparatorsInIdsGlobsOnPaths) {
  SiteKey k = key("src/a/b.py::C.f::openai.chat.completions.create#1", "src/a/b.py");
  EXPECT_TRUE(site_pattern_matches("src/*::*", k));
  EXPECT_TRUE(site_pattern_matches("*::C.f::*", k));
  EXPECT_FALSE(site_pattern_matches("*::D.f::*", k));
  EXPECT_TRUE(site_pattern_matches("src/**", k));
  EXPECT_FALSE(site_pattern_matches("src/*.py", k));
}

TEST(Config, ParsesEveryKnownKey) {
  auto c = parse_config(R"(exclude: ["legacy/**"]
default_models:
  openai: gpt-4o-mini
  "*": claude-haiku-4-5
azure_deployments: {prod-chat: gpt-4o}
usage_file: usage/llmspend-usage.yml
usage: {calls_per_month: 300}
discounts:
  openai: 0.8
  anthropic: {claude-sonnet-4-5: 0.9}
)", "/repo/.llmspend.yml");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->exclude, std::vector<std::string>{"legacy/**"});
  EXPECT_EQ(*c->default_model("openai-python", "openai"), "gpt-4o-mini");
  EXPECT_EQ(*c->default_model("anthropic-python", "anthropic"), "claude-haiku-4-5");
  EXPECT_EQ(c->usage_file, "/repo/usage/llmspend-usage.yml");
  EXPECT_EQ(*c->usage.calls_per_month, 300);
  ASSERT_EQ(c->discounts.size(), 2u);
  EXPECT_EQ(c->discounts[1].model, "claude-sonnet-4-5");
  EXPECT_EQ(c->discounts[0].factor.to_string(), "0.8");
}

TEST(Config, UnknownKeyIsAnError) {
  auto c = parse_config("exclude: x\ndefault_model: {openai: gpt-4o}\n", "/r/.llmspend.yml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message,
            "/r/.llmspend.yml:2: unknown key `default_model` in the config file; did you mean "
            "`default_models`?");
}

}  // namespace
}  // namespace llmspend::cost

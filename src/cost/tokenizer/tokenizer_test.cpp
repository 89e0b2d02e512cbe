// Token counts and pre-tokenizer pieces against values computed by the pinned gpt-tokenizer
// package (testdata/token_counts.json, written by tokenizer/gen_token_counts.mjs).
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cost/tokenizer/bpe_ranks.h"
#include "cost/tokenizer/token_count.h"
#include "cost/tokenizer/unicode_class.h"

namespace llmspend::cost {
namespace {

const nlohmann::json& expected() {
  static const nlohmann::json data = [] {
    std::ifstream in(LLMSPEND_SOURCE_DIR "/src/cost/tokenizer/testdata/token_counts.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return nlohmann::json::parse(ss.str());
  }();
  return data;
}

std::vector<std::string> pieces(const std::string& text, Encoding e) {
  std::vector<std::string> out;
  pretokenize(text, e, [&](std::string_view p) { out.emplace_back(p); });
  return out;
}

TEST(Tokenizer, TestDataAndLockfileMatchThePinnedPackage) {
  EXPECT_GT(expected()["cases"].size(), 400u);
  EXPECT_EQ(expected()["package"], std::string(kTokenizerPackage));
  std::ifstream in(LLMSPEND_SOURCE_DIR "/tokenizer/package-lock.json");
  const auto lock = nlohmann::json::parse(in);
  const std::string pinned = lock["packages"]["node_modules/gpt-tokenizer"]["version"];
  EXPECT_EQ("gpt-tokenizer@" + pinned, std::string(kTokenizerPackage));
}

TEST(Tokenizer, PiecesMatchTheReferenceSplitRegexes) {
  for (const auto& c : expected()["cases"]) {
    const std::string text = c["text"];
    EXPECT_EQ(pieces(text, Encoding::kO200kBase), c["o200k_pieces"].get<std::vector<std::string>>())
        << "o200k_base: " << text;
    EXPECT_EQ(pieces(text, Encoding::kCl100kBase), c["cl100k_pieces"].get<std::vector<std::string>>())
        << "cl100k_base: " << text;
  }
}

TEST(Tokenizer, CountsMatchTheReferenceEncoder) {
  for (const auto& c : expected()["cases"]) {
    const std::string text = c["text"];
    EXPECT_EQ(count_tokens(text, Encoding::kO200kBase), c["o200k_base"].get<int64_t>()) << text;
    EXPECT_EQ(count_tokens(text, Encoding::kCl100kBase), c["cl100k_base"].get<int64_t>()) << text;
  }
}

TEST(Tokenizer, LongRunsMergeInLinearithmicTime) {
  const auto start = std::chrono::steady_clock::now();
  for (const auto& r : expected()["repeats"]) {
    std::string text;
    for (int i = 0; i < r["times"].get<int>(); ++i) text += r["unit"].get<std::string>();
    EXPECT_EQ(count_tokens(text, Encoding::kO200kBase), r["o200k_base"].get<int64_t>()) << r["unit"];
    EXPECT_EQ(count_tokens(text, Encoding::kCl100kBase), r["cl100k_base"].get<int64_t>()) << r["unit"];
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(Tokenizer, EncodingByModelName) {
  for (const char* m : {"gpt-4o", "gpt-4o-mini", "gpt-4.1-nano", "gpt-5", "gpt-5-mini", "o1",
                        "o3-mini", "o4-mini-2025-04-16", "chatgpt-4o-latest", "openai/gpt-4o",
                        "gpt-oss-120b"}) {
    EXPECT_EQ(encoding_for_model(m), Encoding::kO200kBase) << m;
  }
  for (const char* m : {"gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "text-embedding-3-small",
                        "text-embedding-ada-002"}) {
    EXPECT_EQ(encoding_for_model(m), Encoding::kCl100kBase) << m;
  }
  for (const char* m : {"claude-sonnet-4-5", "gemini-2.5-pro", "o1x", "omni", "mistral-large"}) {
    EXPECT_EQ(encoding_for_model(m), std::nullopt) << m;
  }
}

TEST(Tokenizer, MalformedUtf8IsCountedNotDropped) {
  const std::string bad = "ok \xC3 \xE2\x82 \xF8\x88 \xED\xA0\x80 end";
  std::string joined;
  for (const auto& p : pieces(bad, Encoding::kO200kBase)) joined += p;
  EXPECT_EQ(joined, bad);
  EXPECT_GT(count_tokens(bad, Encoding::kCl100kBase), 0);
  EXPECT_EQ(decode_utf8("\xC0\xAF", 0).cp, 0xFFFDu);  // overlong '/'
  EXPECT_EQ(decode_utf8("\xE2\x82\xAC", 0).cp, 0x20ACu);
}

TEST(Tokenizer, ClassesOfSampleCodePoints) {
  EXPECT_EQ(classify(U'\u0085'), CodePointClass::kSpace);  // White_Space, unlike JS `\s`
  EXPECT_EQ(classify(U'\uFEFF'), CodePointClass::kOther);  // JS `\s`, not White_Space
  EXPECT_EQ(classify(U'\u01C5'), CodePointClass::kUpper);  // Lt
  EXPECT_EQ(classify(U'\u02B0'), CodePointClass::kLetterOther);
  EXPECT_EQ(classify(U'\u0301'), CodePointClass::kMark);
  EXPECT_EQ(classify(U'\u0663'), CodePointClass::kNumber);
  EXPECT_EQ(classify(U'\u65E5'), CodePointClass::kLetterOther);
  EXPECT_EQ(classify(0x1F600), CodePointClass::kOther);
  EXPECT_EQ(classify(0x110000), CodePointClass::kOther);
}

TEST(BpeRanks, ParseErrorNamesTheLine) {
  auto r = BpeRanks::parse("YQ== 0\nYg== x\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "BPE rank data line 2: expected `<base64> <rank>`");
}

TEST(BpeRanks, MergesLowestRankFirst) {
  // a=0 b=1 c=2 ab=3 bc=4 abc=5: "abc" is one token; "abcbc" is abc + bc.
  auto r = BpeRanks::parse("YQ== 0\nYg== 1\nYw== 2\nYWI= 3\nYmM= 4\nYWJj 5\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rank("ab"), 3u);
  EXPECT_EQ(r->rank("ba"), std::nullopt);
  EXPECT_EQ(r->count("abc"), 1);
  EXPECT_EQ(r->count("abcbc"), 2);
  EXPECT_EQ(r->count("cba"), 3);
}

}  // namespace
}  // namespace llmspend::cost

#include "core/strings.h"

#include <gtest/gtest.h>

namespace llmspend::core {
namespace {

TEST(Strings, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x88"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xff\xfe"));
  EXPECT_FALSE(is_valid_utf8("a\xe2\x82"));
  // The ASCII fast path reads 8 bytes at a time: a bad or cut sequence at any offset is seen.
  for (size_t pad = 0; pad < 20; ++pad) {
    std::string ascii(pad, 'x');
    EXPECT_TRUE(is_valid_utf8(ascii + "\xc3\xa9" + ascii)) << pad;
    EXPECT_FALSE(is_valid_utf8(ascii + "\xc3")) << pad;
    EXPECT_FALSE(is_valid_utf8(ascii + "\xc3x" + ascii)) << pad;
    EXPECT_FALSE(is_valid_utf8(ascii + "\xff" + ascii)) << pad;
  }
}

TEST(Strings, GlobMatchesSegments) {
  EXPECT_TRUE(glob_match("src/*.py", "src/app.py"));
  EXPECT_FALSE(glob_match("src/*.py", "src/app/x.py"));
  EXPECT_TRUE(glob_match("src/**/*.py", "src/app/x.py"));
  EXPECT_TRUE(glob_match("**/test_*.py", "test_a.py"));
  EXPECT_TRUE(glob_match("**/node_modules/**", "a/node_modules/b/c.js"));
}

TEST(Strings, SuggestsClosest) {
  EXPECT_EQ(closest("gpt-4o-mnii", {"gpt-4o", "gpt-4o-mini", "o3-mini"}), "gpt-4o-mini");
  EXPECT_EQ(closest("zzzzzzzz", {"gpt-4o"}), "");
}

}  // namespace
}  // namespace llmspend::core

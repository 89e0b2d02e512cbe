#include "core/money.h"

#include <gtest/gtest.h>

namespace llmspend::core {
namespace {

TEST(Money, ParsesDecimalsAndExponents) {
  EXPECT_EQ(Money::parse("0.15")->nanos(), 150'000'000);
  EXPECT_EQ(Money::parse("12")->nanos(), 12'000'000'000);
  EXPECT_EQ(Money::parse("-3.5e-7")->nanos(), -350);
  EXPECT_EQ(Money::parse("2.5e-6")->nanos(), 2'500);
  EXPECT_FALSE(Money::parse("abc"));
  EXPECT_FALSE(Money::parse("1.2.3"));
  EXPECT_FALSE(Money::parse(""));
}

TEST(Money, RoundsHalfAwayFromZeroWhenScaling) {
  // 1,250 tokens at $0.15 per million tokens.
  Money price = *Money::parse("0.15");
  EXPECT_EQ(price.scaled(1250, 1'000'000).to_string(), "0.0001875");
  EXPECT_EQ(Money::from_nanos(5).scaled(1, 10).nanos(), 1);
  EXPECT_EQ(Money::from_nanos(-5).scaled(1, 10).nanos(), -1);
}

TEST(Money, Renders) {
  EXPECT_EQ(Money::parse("0.4275")->to_fixed(2), "0.43");
  EXPECT_EQ(Money::parse("1240.5")->to_display(), "$1,240.50");
  EXPECT_EQ(Money::parse("1234567.891")->to_display(), "$1,234,567.89");
  EXPECT_EQ(Money::parse("0.000427")->to_display(), "$0.000427");
  EXPECT_EQ(Money::parse("-2")->to_string(), "-2");
  EXPECT_EQ(Money().to_fixed(2), "0.00");
}

}  // namespace
}  // namespace llmspend::core

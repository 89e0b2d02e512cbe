#pragma once
/// Exact decimal money: an integer count of nano-dollars (1e-9 USD). Prices, per-call costs and
/// monthly totals all use it; `double` never holds money. Rendering is a decimal string.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmspend::core {

class Money {
 public:
  static constexpr int64_t kNanosPerUnit = 1'000'000'000;

  constexpr Money() = default;
  static constexpr Money from_nanos(int64_t nanos) { return Money(nanos); }
  /// Parses "12", "0.15", "-3.5e-7" (exponent allowed; digits beyond 1e-9 are rounded half-up).
  static std::optional<Money> parse(std::string_view text);
  /// From a JSON number as read by a parser; rounded to the nearest nano-dollar.
  static Money from_double(double value);

  constexpr int64_t nanos() const { return nanos_; }
  constexpr bool is_zero() const { return nanos_ == 0; }
  constexpr bool is_negative() const { return nanos_ < 0; }

  /// `this × numerator / denominator`, rounded half away from zero, without intermediate overflow.
  Money scaled(int64_t numerator, int64_t denominator) const;
  Money times(int64_t count) const { return scaled(count, 1); }

  /// Full precision, trailing zeros dropped: "0.0004275", "12", "-0.5".
  std::string to_string() const;
  /// Rounded to `decimals` places, always that many: to_fixed(2) == "0.43".
  std::string to_fixed(int decimals) const;
  /// For humans: "$1,240.50"; amounts under a cent keep up to 4 significant places ("$0.0004").
  std::string to_display() const;

  friend constexpr Money operator+(Money a, Money b) { return Money(a.nanos_ + b.nanos_); }
  friend constexpr Money operator-(Money a, Money b) { return Money(a.nanos_ - b.nanos_); }
  constexpr Money& operator+=(Money o) { nanos_ += o.nanos_; return *this; }
  constexpr Money& operator-=(Money o) { nanos_ -= o.nanos_; return *this; }
  friend constexpr auto operator<=>(Money a, Money b) = default;

 private:
  constexpr explicit Money(int64_t nanos) : nanos_(nanos) {}
  int64_t nanos_ = 0;
};

}  // namespace llmspend::core

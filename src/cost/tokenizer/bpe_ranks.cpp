#include "cost/tokenizer/bpe_ranks.h"

#include <charconv>
#include <queue>

#include <fmt/format.h>

namespace llmspend::cost {
namespace {

uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h ^ (h >> 29);
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// Appends the bytes of standard base64 (with `=` padding) to `out`; false when malformed.
bool decode_base64(std::string_view in, std::string& out) {
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = base64_value(c);
    if (v < 0) return false;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return true;
}

/// A candidate merge: the two adjacent parts spanning [left, right_end) of a piece.
struct Pair {
  uint32_t rank;
  uint32_t left;
  uint32_t right_end;
  bool operator>(const Pair& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
};

}  // namespace

core::Result<BpeRanks> BpeRanks::parse(std::string_view text) {
  BpeRanks r;
  r.offsets_.push_back(0);
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    uint32_t rank = 0;
    const char* end = line.data() + line.size();
    const size_t before = r.blob_.size();
    if (space == std::string_view::npos ||
        std::from_chars(line.data() + space + 1, end, rank).ptr != end ||
        !decode_base64(line.substr(0, space), r.blob_) || r.blob_.size() == before) {
      return core::Error{fmt::format("BPE rank data line {}: expected `<base64> <rank>`", line_no)};
    }
    r.offsets_.push_back(static_cast<uint32_t>(r.blob_.size()));
    r.ranks_.push_back(rank);
  }
  r.build_index();
  return r;
}

std::string_view BpeRanks::token(uint32_t entry) const {
  return std::string_view(blob_).substr(offsets_[entry], offsets_[entry + 1] - offsets_[entry]);
}

void BpeRanks::build_index() {
  size_t capacity = 1;
  while (capacity < ranks_.size() * 2) capacity <<= 1;
  slots_.assign(capacity, 0);
  const size_t mask = capacity - 1;
  for (uint32_t e = 0; e < ranks_.size(); ++e) {
    size_t i = hash_bytes(token(e)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = e + 1;
  }
}

std::optional<uint32_t> BpeRanks::rank(std::string_view bytes) const {
  if (slots_.empty()) return std::nullopt;
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash_bytes(bytes) & mask; slots_[i] != 0; i = (i + 1) & mask) {
    if (token(slots_[i] - 1) == bytes) return ranks_[slots_[i] - 1];
  }
  return std::nullopt;
}

int64_t BpeRanks::count(std::string_view piece) const {
  const auto n = static_cast<uint32_t>(piece.size());
  if (n <= 1 || rank(piece)) return n == 0 ? 0 : 1;
  // Parts are linked by their start offsets: next[s] is the start of the part after the one at s
  // (n past the end), alive[s] whether s still starts a part.
  std::vector<uint32_t> next(n), prev(n);
  std::vector<char> alive(n, 1);
  std::priority_queue<Pair, std::vector<Pair>, std::greater<>> heap;
  auto push = [&](uint32_t left, uint32_t right_end) {
    if (auto r = rank(piece.substr(left, right_end - left))) heap.push({*r, left, right_end});
  };
  for (uint32_t s = 0; s < n; ++s) {
    next[s] = s + 1;
    prev[s] = s == 0 ? 0 : s - 1;
  }
  for (uint32_t s = 0; s + 1 < n; ++s) push(s, s + 2);
  int64_t parts = n;
  while (!heap.empty()) {
    const Pair p = heap.top();
    heap.pop();
    const uint32_t mid = next[p.left];
    if (!alive[p.left] || mid >= n || next[mid] != p.right_end) continue;  // stale
    alive[mid] = 0;
    next[p.left] = p.right_end;
    if (p.right_end < n) prev[p.right_end] = p.left;
    --parts;
    if (p.left > 0) push(prev[p.left], p.right_end);
    if (p.right_end < n) push(p.left, next[p.right_end]);
  }
  return parts;
}

}  // namespace llmspend::cost

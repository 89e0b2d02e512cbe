#include "cost/tokenizer/pretokenize.h"

#include <cstdint>
#include <vector>

#include "cost/tokenizer/unicode_class.h"

// The split regexes, as tiktoken defines them (alternatives are tried in order, the first that
// matches at the current position wins; `\s` is Unicode White_Space):
//
// cl100k_base (tiktoken's current form; possessive quantifiers dropped where they change nothing):
//   1 (?i:'s|'t|'re|'ve|'m|'ll|'d)   2 [^\r\n\p{L}\p{N}]?\p{L}+   3 \p{N}{1,3}
//   4  ?[^\s\p{L}\p{N}]+[\r\n]*       4b \s+$   5 \s*[\r\n]   6 \s+(?!\S)   7 \s
//   (4b keeps trailing whitespace in one piece; 5 and 7 are equivalent to o200k's 5 and 7.)
//
// o200k_base (U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], W = [\p{Ll}\p{Lm}\p{Lo}\p{M}],
//             C = (?i:'s|'t|'re|'ve|'m|'ll|'d)):
//   1 [^\r\n\p{L}\p{N}]?U*W+C?   2 [^\r\n\p{L}\p{N}]?U+W*C?   3 \p{N}{1,3}
//   4  ?[^\s\p{L}\p{N}]+[\r\n/]*   5 \s*[\r\n]+   6 \s+(?!\S)   7 \s+
//
// Each `match_*` below returns the end (code point index) of its alternative's match at `i`, or
// kNoMatch; backtracking is reproduced where it can change the result (o200k alternative 1).

namespace llmspend::cost {
namespace {

using Cls = CodePointClass;
constexpr size_t kNoMatch = SIZE_MAX;

struct CodePoint {
  char32_t cp;
  Cls cls;
  uint32_t offset;  ///< byte offset in the text
};

/// The decoded text; `at(i)` past the end is a sentinel that no class test accepts.
class Text {
 public:
  explicit Text(std::string_view text) {
    points_.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
      Decoded d = decode_utf8(text, i);
      points_.push_back({d.cp, classify(d.cp), static_cast<uint32_t>(i)});
      i += d.length;
    }
    end_offset_ = static_cast<uint32_t>(text.size());
  }
  size_t size() const { return points_.size(); }
  char32_t cp(size_t i) const { return i < points_.size() ? points_[i].cp : 0; }
  Cls cls(size_t i) const { return i < points_.size() ? points_[i].cls : Cls::kOther; }
  bool valid(size_t i) const { return i < points_.size(); }
  uint32_t offset(size_t i) const { return i < points_.size() ? points_[i].offset : end_offset_; }

 private:
  std::vector<CodePoint> points_;
  uint32_t end_offset_ = 0;
};

bool is_letter(Cls c) { return c == Cls::kUpper || c == Cls::kLower || c == Cls::kLetterOther; }
bool is_upperish(Cls c) { return c == Cls::kUpper || c == Cls::kLetterOther || c == Cls::kMark; }
bool is_lowerish(Cls c) { return c == Cls::kLower || c == Cls::kLetterOther || c == Cls::kMark; }
bool is_newline(char32_t c) { return c == '\r' || c == '\n'; }

/// [^\r\n\p{L}\p{N}]
bool is_prefix(const Text& t, size_t i) {
  return t.valid(i) && !is_newline(t.cp(i)) && !is_letter(t.cls(i)) && t.cls(i) != Cls::kNumber;
}
/// [^\s\p{L}\p{N}]
bool is_punct(const Text& t, size_t i) {
  const Cls c = t.cls(i);
  return t.valid(i) && c != Cls::kSpace && !is_letter(c) && c != Cls::kNumber;
}

template <typename Pred>
size_t run_end(const Text& t, size_t i, Pred pred) {
  while (t.valid(i) && pred(t, i)) ++i;
  return i;
}

char32_t lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/// (?i:'s|'t|'re|'ve|'m|'ll|'d) at `i`: its end, or kNoMatch.
size_t match_contraction(const Text& t, size_t i) {
  if (t.cp(i) != '\'') return kNoMatch;
  const char32_t a = lower(t.cp(i + 1)), b = lower(t.cp(i + 2));
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return i + 2;
  if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return i + 3;
  return kNoMatch;
}

size_t with_optional_contraction(const Text& t, size_t end) {
  const size_t c = match_contraction(t, end);
  return c == kNoMatch ? end : c;
}

/// cl100k 2: [^\r\n\p{L}\p{N}]?\p{L}+
size_t match_cl100k_word(const Text& t, size_t i) {
  const size_t p = is_prefix(t, i) ? i + 1 : i;
  if (!is_letter(t.cls(p)) || !t.valid(p)) return kNoMatch;
  return run_end(t, p, [](const Text& x, size_t k) { return is_letter(x.cls(k)); });
}

/// o200k 1 without its prefix, from `p`: U*W+ (U* gives back code points until W+ can start).
size_t match_upper_lower_from(const Text& t, size_t p) {
  const size_t q = run_end(t, p, [](const Text& x, size_t k) { return is_upperish(x.cls(k)); });
  for (size_t r = q + 1; r-- > p;) {
    if (!t.valid(r) || !is_lowerish(t.cls(r))) continue;
    size_t e = run_end(t, r, [](const Text& x, size_t k) { return is_lowerish(x.cls(k)); });
    return with_optional_contraction(t, e);
  }
  return kNoMatch;
}

/// o200k 1: [^\r\n\p{L}\p{N}]?U*W+C? (with the prefix first, then without)
size_t match_o200k_lower(const Text& t, size_t i) {
  if (is_prefix(t, i)) {
    const size_t e = match_upper_lower_from(t, i + 1);
    if (e != kNoMatch) return e;
  }
  return match_upper_lower_from(t, i);
}

/// o200k 2: [^\r\n\p{L}\p{N}]?U+W*C?
size_t match_o200k_upper(const Text& t, size_t i) {
  size_t p = i;
  if (is_prefix(t, i) && t.valid(i + 1) && is_upperish(t.cls(i + 1))) p = i + 1;
  if (!t.valid(p) || !is_upperish(t.cls(p))) return kNoMatch;
  const size_t q = run_end(t, p, [](const Text& x, size_t k) { return is_upperish(x.cls(k)); });
  const size_t e = run_end(t, q, [](const Text& x, size_t k) { return is_lowerish(x.cls(k)); });
  return with_optional_contraction(t, e);
}

/// \p{N}{1,3}
size_t match_number(const Text& t, size_t i) {
  size_t e = i;
  while (e < i + 3 && t.valid(e) && t.cls(e) == Cls::kNumber) ++e;
  return e == i ? kNoMatch : e;
}

/// ` ?[^\s\p{L}\p{N}]+` then any of `tail` (`\r\n`, plus `/` for o200k).
size_t match_punct(const Text& t, size_t i, bool slash_tail) {
  const size_t p = t.cp(i) == ' ' && is_punct(t, i + 1) ? i + 1 : i;
  if (!is_punct(t, p)) return kNoMatch;
  const size_t e = run_end(t, p, is_punct);
  return run_end(t, e, [slash_tail](const Text& x, size_t k) {
    return is_newline(x.cp(k)) || (slash_tail && x.cp(k) == '/');
  });
}

/// (cl100k 4b \s+$ when `whole_trailing_run`), 5 \s*[\r\n]+ , 6 \s+(?!\S) , 7 \s+ — in that
/// order, over the whitespace run at `i`.
size_t match_space(const Text& t, size_t i, bool whole_trailing_run) {
  auto space = [](const Text& x, size_t k) { return x.cls(k) == Cls::kSpace; };
  if (!space(t, i) || !t.valid(i)) return kNoMatch;
  const size_t j = run_end(t, i, space);
  if (whole_trailing_run && j == t.size()) return j;
  for (size_t k = j; k-- > i;) {
    if (is_newline(t.cp(k))) return k + 1;  // the run's last newline ends alternative 5
  }
  if (j == t.size() || j - i == 1) return j;  // 6 at the end of text, else 7 (one code point)
  return j - 1;                               // 6: the last space joins the next piece
}

size_t match_cl100k(const Text& t, size_t i) {
  size_t e = match_contraction(t, i);
  if (e == kNoMatch) e = match_cl100k_word(t, i);
  if (e == kNoMatch) e = match_number(t, i);
  if (e == kNoMatch) e = match_punct(t, i, false);
  if (e == kNoMatch) e = match_space(t, i, true);
  return e == kNoMatch ? i + 1 : e;  // i + 1 is unreachable: every class is covered above
}

size_t match_o200k(const Text& t, size_t i) {
  size_t e = match_o200k_lower(t, i);
  if (e == kNoMatch) e = match_o200k_upper(t, i);
  if (e == kNoMatch) e = match_number(t, i);
  if (e == kNoMatch) e = match_punct(t, i, true);
  if (e == kNoMatch) e = match_space(t, i, false);
  return e == kNoMatch ? i + 1 : e;
}

}  // namespace

std::string_view encoding_name(Encoding e) {
  return e == Encoding::kO200kBase ? "o200k_base" : "cl100k_base";
}

void pretokenize(std::string_view text, Encoding encoding,
                 const std::function<void(std::string_view)>& piece) {
  const Text t(text);
  for (size_t i = 0; i < t.size();) {
    const size_t e = encoding == Encoding::kO200kBase ? match_o200k(t, i) : match_cl100k(t, i);
    piece(text.substr(t.offset(i), t.offset(e) - t.offset(i)));
    i = e;
  }
}

}  // namespace llmspend::cost

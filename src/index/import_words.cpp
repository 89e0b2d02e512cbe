#include "index/import_words.h"

#include <string.h>

#include <algorithm>

namespace llmspend::index {
namespace {

constexpr size_t npos = std::string_view::npos;
/// How far a JS import statement is followed before giving up on finding its end (a comment
/// that says "import" must not collect a whole file's words).
constexpr size_t kMaxJsStatement = 1024;

bool ident_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
         u >= 0x80;
}

/// `t.find(needle, pos)` through memmem: the libstdc++ find stops at every occurrence of the
/// needle's first letter, and `i`, `e`, `r` are everywhere in code.
size_t find(std::string_view t, std::string_view needle, size_t pos) {
  if (pos >= t.size()) return npos;
  const void* hit = memmem(t.data() + pos, t.size() - pos, needle.data(), needle.size());
  return hit ? static_cast<size_t>(static_cast<const char*>(hit) - t.data()) : npos;
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// `t[at...]` is `word` standing alone (not part of a longer identifier on either side).
bool word_at(std::string_view t, size_t at, std::string_view word) {
  if (t.compare(at, word.size(), word) != 0) return false;
  if (at > 0 && ident_char(t[at - 1])) return false;
  size_t after = at + word.size();
  return after >= t.size() || !ident_char(t[after]);
}

void add_identifiers(std::string_view t, std::vector<uint32_t>& out) {
  size_t i = 0;
  while (i < t.size()) {
    if (!ident_char(t[i])) {
      ++i;
      continue;
    }
    size_t s = i;
    while (i < t.size() && ident_char(t[i])) ++i;
    out.push_back(import_word_hash(t.substr(s, i - s)));
  }
}

/// A module specifier's path parts, each also without its extension (`chat.service.js`).
void add_specifier(std::string_view spec, std::vector<uint32_t>& out) {
  size_t s = 0;
  while (s <= spec.size()) {
    size_t slash = spec.find('/', s);
    std::string_view part = spec.substr(s, slash == npos ? npos : slash - s);
    if (!part.empty() && part != "." && part != "..") {
      out.push_back(import_word_hash(part));
      size_t dot = part.rfind('.');
      if (dot != npos && dot > 0) out.push_back(import_word_hash(part.substr(0, dot)));
    }
    if (slash == npos) break;
    s = slash + 1;
  }
}

size_t line_start(std::string_view t, size_t at) {
  size_t nl = at == 0 ? npos : t.rfind('\n', at - 1);
  return nl == npos ? 0 : nl + 1;
}

// Python: `from a.b import (c, d as e)` / `import a.b as c`, at the start of a line. A notebook's
// source lines sit in JSON strings, so one opening quote is skipped too. Calls `visit` with each
// statement's text.
template <typename Visit>
void python_statements(std::string_view t, Visit&& visit) {
  size_t pos = 0;
  while ((pos = find(t, "import", pos)) != npos) {
    size_t s = line_start(t, pos);
    while (s < pos && (t[s] == ' ' || t[s] == '\t')) ++s;
    if (s < pos && t[s] == '"') ++s;
    if (!word_at(t, s, "from") && !word_at(t, s, "import")) {
      pos += 6;
      continue;
    }
    size_t end = t.find('\n', pos);
    if (end == npos) end = t.size();
    size_t paren = t.find('(', pos);
    if (paren != npos && paren < end) {
      size_t close = t.find(')', paren);
      end = close == npos ? t.size() : close;
    }
    visit(t.substr(s, end - s));
    pos = end;
  }
}

void python_words(std::string_view t, std::vector<uint32_t>& out) {
  python_statements(t, [&](std::string_view stmt) { add_identifiers(stmt, out); });
}

/// The dotted names of a Python import statement, in order (`from ..a.b import c` gives
/// "from", "..a.b", "import", "c"); an alias after `as` is dropped.
std::vector<std::string_view> dotted_tokens(std::string_view stmt) {
  std::vector<std::string_view> out;
  size_t i = 0;
  bool alias = false;
  while (i < stmt.size()) {
    char c = stmt[i];
    if (!ident_char(c) && c != '.') {
      ++i;
      continue;
    }
    size_t s = i;
    while (i < stmt.size() && (ident_char(stmt[i]) || stmt[i] == '.')) ++i;
    std::string_view tok = stmt.substr(s, i - s);
    if (tok == "as") {
      alias = true;
      continue;
    }
    if (!alias) out.push_back(tok);
    alias = false;
  }
  return out;
}

void python_specs(std::string_view t, std::vector<ImportSpec>& out) {
  python_statements(t, [&](std::string_view stmt) {
    auto toks = dotted_tokens(stmt);
    if (toks.empty()) return;
    if (toks[0] == "import") {
      for (size_t k = 1; k < toks.size(); ++k) out.push_back({std::string(toks[k]), 0, {}});
      return;
    }
    if (toks.size() < 3 || toks[0] != "from" || toks[2] != "import") return;
    std::string_view mod = toks[1];
    ImportSpec spec;
    while (!mod.empty() && mod.front() == '.') {
      ++spec.level;
      mod.remove_prefix(1);
    }
    spec.module = std::string(mod);
    for (size_t k = 3; k < toks.size(); ++k) spec.names.emplace_back(toks[k]);
    out.push_back(std::move(spec));
  });
}

/// What a JS scan collects: words (collect_import_words), specifiers (collect_import_specs), or both.
struct Found {
  std::vector<uint32_t>* words = nullptr;
  std::vector<ImportSpec>* specs = nullptr;
  void word(std::string_view w) {
    if (words) words->push_back(import_word_hash(w));
  }
  void identifiers(std::string_view t) {
    if (words) add_identifiers(t, *words);
  }
  void specifier(std::string_view spec) {
    if (words) add_specifier(spec, *words);
    if (specs) specs->push_back({std::string(spec), 0, {}});
  }
};

/// From `at` (just after `import` / `export`), the statement's words up to its module specifier
/// (the first string literal) or a `;`; returns where it stopped.
size_t js_statement(std::string_view t, size_t at, Found& out) {
  size_t limit = std::min(t.size(), at + kMaxJsStatement);
  size_t i = at;
  while (i < limit) {
    char c = t[i];
    if (c == ';') return i + 1;
    if (c == '"' || c == '\'' || c == '`') {
      size_t close = t.find(c, i + 1);
      if (close == npos || close > limit) return limit;
      out.specifier(t.substr(i + 1, close - i - 1));
      return close + 1;
    }
    if (!ident_char(c)) {
      ++i;
      continue;
    }
    size_t s = i;
    while (i < limit && ident_char(t[i])) ++i;
    out.word(t.substr(s, i - s));
  }
  return limit;
}

size_t next_nonspace(std::string_view t, size_t i) {
  while (i < t.size() && space(t[i])) ++i;
  return i;
}

/// Every statement opened by `keyword` standing alone, when the character after it passes
/// `opens`: its words.
void js_statements(std::string_view t, std::string_view keyword, bool (*opens)(char next), Found& out) {
  size_t pos = 0;
  while ((pos = find(t, keyword, pos)) != npos) {
    size_t after = pos + keyword.size();
    size_t n = next_nonspace(t, after);
    if (!word_at(t, pos, keyword) || !opens(n < t.size() ? t[n] : '\0')) {
      pos = after;
      continue;
    }
    pos = js_statement(t, after, out);
  }
}

// `import.meta` is not an import.
bool opens_import(char next) { return next != '.'; }
// Only `export {...} from` and `export * from` name other modules.
bool opens_reexport(char next) { return next == '{' || next == '*'; }

// `const {ask} = require("./llm")`: the specifier and the names bound on its line.
void js_requires(std::string_view t, Found& out) {
  size_t pos = 0;
  while ((pos = find(t, "require", pos)) != npos) {
    size_t after = pos + 7;
    size_t n = next_nonspace(t, after);
    if (!word_at(t, pos, "require") || n >= t.size() || t[n] != '(') {
      pos = after;
      continue;
    }
    size_t q = next_nonspace(t, n + 1);
    if (q >= t.size() || (t[q] != '"' && t[q] != '\'' && t[q] != '`')) {
      pos = after;
      continue;
    }
    size_t close = t.find(t[q], q + 1);
    if (close == npos) break;
    size_t s = line_start(t, pos);
    if (pos - s <= kMaxJsStatement) out.identifiers(t.substr(s, pos - s));
    out.specifier(t.substr(q + 1, close - q - 1));
    pos = close + 1;
  }
}

void js_scan(std::string_view text, Found& out) {
  js_statements(text, "import", opens_import, out);
  js_statements(text, "export", opens_reexport, out);
  js_requires(text, out);
}

std::string_view stem_of(std::string_view base) {
  size_t dot = base.rfind('.');
  return dot == npos || dot == 0 ? base : base.substr(0, dot);
}

}  // namespace

uint32_t import_word_hash(std::string_view word) {
  uint32_t h = 2166136261u;
  for (unsigned char c : word) h = (h ^ c) * 16777619u;
  return h;
}

void collect_import_words(std::string_view text, bool python, std::vector<uint32_t>& out) {
  if (python) {
    python_words(text, out);
    return;
  }
  Found found{&out, nullptr};
  js_scan(text, found);
}

void collect_import_specs(std::string_view text, bool python, std::vector<ImportSpec>& out) {
  if (python) {
    python_specs(text, out);
    return;
  }
  Found found{nullptr, &out};
  js_scan(text, found);
}

std::vector<std::string_view> module_words(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == npos ? path : path.substr(slash + 1);
  std::string_view stem = stem_of(base);
  std::vector<std::string_view> out{stem};
  if (stem == "__init__" || stem == "index" || stem == "main" || stem == "mod") {
    if (slash != npos) {
      std::string_view dir = path.substr(0, slash);
      size_t up = dir.rfind('/');
      out.push_back(up == npos ? dir : dir.substr(up + 1));
    }
  }
  return out;
}

}  // namespace llmspend::index

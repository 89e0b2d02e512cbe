// The called-name index behind caller searches: which names each listed file calls and which
// words its imports mention (both from a cheap scan of its text in pass 1), and the search that
// picks the files a caller search opens (see CallerScope).
#include "index/project_index.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "index/import_words.h"
#include "scan/source_file.h"

namespace llmspend::index {

namespace {

struct IdentTable {
  bool ident[256] = {};
  IdentTable() {
    for (int c = 0; c < 256; ++c) ident[c] = std::isalnum(c) || c == '_' || c == '$' || c >= 0x80;
  }
};

/// The called-name index keeps 32-bit name hashes, not strings (a collision only parses one
/// file too many; the parsed call is checked by name afterwards): the same FNV-1a as import words.
uint32_t name_hash(std::string_view s) { return import_word_hash(s); }

/// Drops repeated hashes in place, keeping first occurrences: a file calls the same few names
/// over and over. One linear pass through an open-addressing table, reused by the thread.
void drop_repeats(std::vector<uint32_t>& hashes) {
  thread_local std::vector<uint32_t> table;
  size_t size = 64;
  while (size < hashes.size() * 2) size *= 2;
  table.assign(size, 0);
  size_t kept = 0;
  bool zero_seen = false;  // 0 marks an empty slot, so the hash 0 is tracked apart
  for (uint32_t h : hashes) {
    bool fresh;
    if (h == 0) {
      fresh = !zero_seen;
      zero_seen = true;
    } else {
      size_t i = h & (size - 1);
      while (table[i] != 0 && table[i] != h) i = (i + 1) & (size - 1);
      fresh = table[i] == 0;
      table[i] = h;
    }
    if (fresh) hashes[kept++] = h;
  }
  hashes.resize(kept);
}

/// Sorts (hash, file) pairs by hash: four stable byte-wide counting passes, several times faster
/// than a comparison sort on the half million entries of a large tree. Pairs of one hash keep
/// the order they were noted in.
void sort_by_hash(std::vector<std::pair<uint32_t, uint32_t>>& v) {
  std::vector<std::pair<uint32_t, uint32_t>> tmp(v.size());
  for (int shift = 0; shift < 32; shift += 8) {
    size_t count[257] = {};
    for (const auto& e : v) ++count[((e.first >> shift) & 0xff) + 1];
    for (size_t b = 1; b < 257; ++b) count[b] += count[b - 1];
    for (const auto& e : v) tmp[count[(e.first >> shift) & 0xff]++] = e;
    v.swap(tmp);
  }
}

bool python_family(const std::string& path) {
  auto lang = scan::language_for_path(path);
  return lang && *lang == scan::Language::kPython;
}

}  // namespace

// Hot: runs over every listed code file. Jumps from '(' to '(' (memchr) and reads the
// identifier before each one backwards, so bytes between calls are touched once by memchr only.
void ProjectIndex::note_call_names(const std::string& path, std::string_view text) {
  static const IdentTable kTable;
  const bool* ident = kTable.ident;
  const char* begin = text.data();
  const char* end = begin + text.size();
  std::vector<uint32_t> hashes;
  for (const char* q = begin; q < end; ++q) {
    q = static_cast<const char*>(std::memchr(q, '(', static_cast<size_t>(end - q)));
    if (!q) break;
    const char* e = q;
    while (e > begin && (e[-1] == ' ' || e[-1] == '\t')) --e;
    const char* s = e;
    while (s > begin && ident[static_cast<unsigned char>(s[-1])]) --s;
    if (e - s >= 3 && !(*s >= '0' && *s <= '9')) {
      hashes.push_back(name_hash(std::string_view(s, static_cast<size_t>(e - s))));
    }
  }
  drop_repeats(hashes);
  std::vector<uint32_t> words;
  collect_import_words(text, python_family(path), words);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::lock_guard<std::mutex> lock(mu_);
  auto file = static_cast<uint32_t>(noted_paths_.size());
  noted_paths_.push_back(path);
  noted_sizes_.push_back(static_cast<uint32_t>(std::min<size_t>(text.size(), UINT32_MAX)));
  for (uint32_t h : hashes) called_names_.push_back({h, file});
  import_word_ranges_.push_back({static_cast<uint32_t>(import_words_.size()), static_cast<uint32_t>(words.size())});
  import_words_.insert(import_words_.end(), words.begin(), words.end());
  names_sorted_ = false;
}

// A package entry beside the home module that re-exports from it (`from .llm import ask` in
// `__init__.py`, `export * from "./chat"` in `index.ts`) lets importers name the package
// instead (`import pkg; pkg.ask()`, `import * as ai from "./lib"`): the folder's name is a word
// too. Only then, since a folder name like `services` is shared by every project.
void ProjectIndex::add_package_word(const std::string& home, std::vector<uint32_t>& words) const {
  size_t slash = home.rfind('/');
  std::string dir = slash == std::string::npos ? "" : home.substr(0, slash);
  std::string_view folder = dir;
  if (size_t up = dir.rfind('/'); up != std::string::npos) folder = folder.substr(up + 1);
  if (folder.empty()) return;
  std::vector<uint32_t> own = words;  // the function's name and the module's stem
  for (const char* entry : {"__init__.py", "index.ts", "index.js", "index.tsx", "index.mjs", "index.jsx"}) {
    std::string p = dir + "/" + entry;
    auto it = noted_index_.find(p);
    if (it == noted_index_.end() || p == home) continue;
    if (std::any_of(own.begin(), own.end(), [&](uint32_t w) { return imports_word(it->second, w); })) {
      words.push_back(import_word_hash(folder));
      return;
    }
  }
}

void ProjectIndex::finish_notes() {
  if (names_sorted_) return;
  sort_by_hash(called_names_);
  called_names_.shrink_to_fit();
  import_words_.shrink_to_fit();
  noted_index_.clear();
  for (size_t i = 0; i < noted_paths_.size(); ++i) noted_index_[noted_paths_[i]] = static_cast<uint32_t>(i);
  names_sorted_ = true;
}

bool ProjectIndex::imports_word(uint32_t file, uint32_t word_hash) const {
  auto [begin, count] = import_word_ranges_[file];
  auto first = import_words_.begin() + begin;
  return std::binary_search(first, first + count, word_hash);
}

std::vector<std::string> ProjectIndex::files_calling(const std::string& name, bool python, size_t max_files,
                                                     int& cut_short, const CallerScope* scope) {
  std::vector<std::string> files;
  std::vector<uint32_t> words;
  if (scope) {
    for (const auto& w : scope->words) words.push_back(import_word_hash(w));
  }
  std::lock_guard<std::mutex> lock(mu_);
  finish_notes();
  if (scope) add_package_word(scope->home, words);
  auto in_scope = [&](uint32_t file) {
    const std::string& p = noted_paths_[file];
    if (!scope || scope->everywhere || p == scope->home) return true;
    if (!scope->root.empty() && p.size() > scope->root.size() && p.compare(0, scope->root.size(), scope->root) == 0 &&
        p[scope->root.size()] == '/') {
      return true;
    }
    return std::any_of(words.begin(), words.end(), [&](uint32_t w) { return imports_word(file, w); });
  };
  uint32_t h = name_hash(name);
  auto lo = std::lower_bound(called_names_.begin(), called_names_.end(), h,
                             [](const std::pair<uint32_t, uint32_t>& e, uint32_t key) { return e.first < key; });
  for (auto it = lo; it != called_names_.end() && it->first == h; ++it) {
    const std::string& p = noted_paths_[it->second];
    // A Python function has no JS callers and the reverse. Generated bundles call everything,
    // and lowering one costs megabytes: callers are looked for in files of hand-written size.
    if (python_family(p) != python || noted_sizes_[it->second] > kMaxCallerFileBytes) continue;
    if (in_scope(it->second)) files.push_back(p);
  }
  // All or only the defining file, so the answer does not depend on which modules happen to be
  // loaded: a name called from very many files is too common to be worth reading them all, but
  // the defining file's own calls (`self.complete_with_retry(request)`) are still followed.
  if (files.size() > max_files) {
    ++cut_short;
    bool home_calls = scope && std::find(files.begin(), files.end(), scope->home) != files.end();
    return home_calls ? std::vector<std::string>{scope->home} : std::vector<std::string>{};
  }
  // Files were noted by several threads in whatever order they finished: path order makes the
  // callers (and so the order of candidates) the same for any --jobs.
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<int32_t> calls_in(const parse::Module& m, const std::string& name) {
  std::vector<int32_t> out;
  bool hashed = m.call_names.size() == m.calls.size();
  uint32_t h = parse::call_name_hash(name);
  for (size_t i = 0; i < m.calls.size(); ++i) {
    // This runs over every call of every file a caller search opens: the hash rules most out.
    if (hashed && m.call_names[i] != h) continue;
    const parse::Expr& c = m.expr(m.calls[i].call);
    if (c.a == parse::kNone) continue;
    const parse::Expr& callee = m.expr(c.a);
    if ((callee.kind == parse::ExprKind::kName || callee.kind == parse::ExprKind::kAttr) && callee.text == name) {
      out.push_back(static_cast<int32_t>(i));
    }
  }
  return out;
}

}  // namespace llmspend::index

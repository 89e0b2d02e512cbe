#include "scan/prefilter.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#ifdef LLMSPEND_HAVE_HYPERSCAN
#include <hs.h>
#endif

namespace llmspend::scan {

namespace {

/// Identifies the pattern list a serialized database was compiled from (FNV-1a, 64 bits).
uint64_t digest(const std::vector<std::string>& patterns) {
  uint64_t h = 1469598103934665603ull;
  for (const auto& p : patterns) {
    for (unsigned char c : p) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // separator: ["ab"] and ["a", "b"] differ
  }
  return h;
}

constexpr char kMagic[8] = {'l', 'l', 'm', 's', 'p', 'f', '0', '1'};
constexpr size_t kHeader = sizeof(kMagic) + sizeof(uint64_t);

}  // namespace

#ifdef LLMSPEND_HAVE_HYPERSCAN
struct Prefilter::Hyperscan {
  hs_database_t* db = nullptr;
  uint64_t digest = 0;
  ~Hyperscan() { hs_free_database(db); }
};

namespace {

/// One scratch space per thread, grown to fit every database it has been used with.
struct Scratch {
  hs_scratch_t* space = nullptr;
  std::vector<const hs_database_t*> fitted;
  ~Scratch() { hs_free_scratch(space); }
  hs_scratch_t* for_db(const hs_database_t* db) {
    for (const auto* d : fitted) {
      if (d == db) return space;
    }
    if (hs_alloc_scratch(db, &space) != HS_SUCCESS) return nullptr;
    fitted.push_back(db);
    return space;
  }
};

int stop_at_first(unsigned, unsigned long long, unsigned long long, unsigned, void* hit) {
  *static_cast<bool*>(hit) = true;
  return 1;  // non-zero stops the scan
}

/// Compiled for any x86-64 CPU Hyperscan runs on (SSSE3 and up), not just this one: the build
/// machine's database ships in the binary.
hs_database_t* compile(const std::vector<std::string>& patterns) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].c_str());
    flags.push_back(HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_platform_info_t generic{};
  generic.tune = HS_TUNE_FAMILY_GENERIC;
  generic.cpu_features = 0;
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       &generic, &db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);  // a pattern Hyperscan cannot take: RE2 handles the whole list
    return nullptr;
  }
  return db;
}

hs_database_t* deserialize(std::string_view blob, uint64_t want) {
  if (blob.size() <= kHeader || std::memcmp(blob.data(), kMagic, sizeof(kMagic)) != 0) return nullptr;
  uint64_t have = 0;
  std::memcpy(&have, blob.data() + sizeof(kMagic), sizeof(have));
  if (have != want) return nullptr;
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(blob.data() + kHeader, blob.size() - kHeader, &db) != HS_SUCCESS) return nullptr;
  return db;
}

}  // namespace
#else
struct Prefilter::Hyperscan {};
#endif

Prefilter::Prefilter(const std::vector<std::string>& patterns, std::string_view compiled) {
  if (patterns.empty()) return;
  empty_ = false;
#ifdef LLMSPEND_HAVE_HYPERSCAN
  if (hs_valid_platform() == HS_SUCCESS) {
    uint64_t d = digest(patterns);
    hs_database_t* db = deserialize(compiled, d);
    if (!db) db = compile(patterns);
    if (db) {
      hs_ = std::make_unique<Hyperscan>();
      hs_->db = db;
      hs_->digest = d;
      return;
    }
  }
#else
  (void)compiled;
#endif
  // One alternation compiled as a DFA is faster than RE2::Set here because we only need "any
  // match" and can stop at the first one.
  std::string alt;
  for (const auto& p : patterns) {
    if (!alt.empty()) alt += '|';
    alt += "(?:" + p + ")";
  }
  RE2::Options opts;
  opts.set_max_mem(64 << 20);
  opts.set_log_errors(false);
  re2_ = std::make_unique<re2::RE2>(alt, opts);
  if (!re2_->ok()) re2_.reset();
}

Prefilter::~Prefilter() = default;
Prefilter::Prefilter(Prefilter&&) noexcept = default;
Prefilter& Prefilter::operator=(Prefilter&&) noexcept = default;

bool Prefilter::matches(std::string_view text) const {
  if (empty_) return true;
#ifdef LLMSPEND_HAVE_HYPERSCAN
  if (hs_) {
    thread_local Scratch scratch;
    hs_scratch_t* space = scratch.for_db(hs_->db);
    if (!space) return true;  // out of memory: parse the file rather than lose its sites
    auto scan = [&](bool& hit) {
      hit = false;
      hs_error_t rc = hs_scan(hs_->db, text.data(), static_cast<unsigned>(std::min<size_t>(text.size(), UINT32_MAX)),
                              0, space, stop_at_first, &hit);
      return rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED;
    };
    bool hit = false;
    if (scan(hit)) return hit;
    // A scratch fitted to an earlier database at the same address: fit it again, once.
    if (hs_alloc_scratch(hs_->db, &scratch.space) != HS_SUCCESS) return true;
    space = scratch.space;
    return scan(hit) ? hit : true;  // an engine error never drops a file's sites
  }
#endif
  if (!re2_) return true;  // patterns RE2 rejects: every file is a candidate
  return RE2::PartialMatch(text, *re2_);
}

std::string Prefilter::serialize() const {
#ifdef LLMSPEND_HAVE_HYPERSCAN
  if (!hs_) return "";
  char* bytes = nullptr;
  size_t len = 0;
  if (hs_serialize_database(hs_->db, &bytes, &len) != HS_SUCCESS) return "";
  std::string out(kMagic, sizeof(kMagic));
  out.append(reinterpret_cast<const char*>(&hs_->digest), sizeof(hs_->digest));
  out.append(bytes, len);
  free(bytes);
  return out;
#else
  return "";
#endif
}

const char* Prefilter::engine() const {
  if (empty_) return "none";
  return hs_ ? "hyperscan" : "re2";
}

}  // namespace llmspend::scan

#pragma once
/// The SDK-marker prefilter: one pass over a file's bytes decides whether it is worth parsing.
/// Markers come from the detect catalog (the pipeline passes them in), so adding an SDK to the
/// catalog also teaches the prefilter.
///
/// With Hyperscan (libhs) the markers are matched together by its SIMD literal and automaton
/// engines, about three times RE2's speed on source code; pass 1 runs this over every listed
/// byte. Compiling the catalog's ~360 markers takes Hyperscan a quarter of a second, so the
/// build compiles them once (markers_db_gen) and the binary carries the serialized database.
/// Without Hyperscan, or when a database does not fit the patterns, RE2 is used.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 { class RE2; }

namespace llmspend::scan {

class Prefilter {
 public:
  /// `patterns` are RE2 syntax (the catalog keeps to what Hyperscan accepts too); an empty list
  /// accepts everything. `compiled`: a serialize() of a Prefilter built from the same patterns,
  /// used instead of compiling them when it matches (same patterns, compatible Hyperscan).
  explicit Prefilter(const std::vector<std::string>& patterns, std::string_view compiled = {});
  ~Prefilter();
  Prefilter(const Prefilter&) = delete;
  Prefilter& operator=(const Prefilter&) = delete;
  Prefilter(Prefilter&&) noexcept;
  Prefilter& operator=(Prefilter&&) noexcept;

  /// Whether any pattern matches somewhere in `text`. Safe to call from several threads.
  bool matches(std::string_view text) const;
  /// The compiled Hyperscan database with the patterns' digest, "" when RE2 is in use.
  std::string serialize() const;
  /// Which engine matches: "hyperscan", "re2", or "none" (no patterns: everything matches).
  const char* engine() const;

 private:
  struct Hyperscan;
  std::unique_ptr<Hyperscan> hs_;
  std::unique_ptr<re2::RE2> re2_;
  bool empty_ = true;
};

}  // namespace llmspend::scan

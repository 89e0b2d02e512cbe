#pragma once
/// The SDK-marker prefilter: one RE2::Set pass over a file's bytes decides whether it is worth
/// parsing. Markers come from the detect catalog (the pipeline passes them in), so adding an SDK
/// to the catalog also teaches the prefilter.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 { class RE2; class Set; }

namespace llmspend::scan {

class Prefilter {
 public:
  /// `patterns` are RE2 syntax; an empty list accepts everything.
  explicit Prefilter(const std::vector<std::string>& patterns);
  ~Prefilter();
  Prefilter(const Prefilter&) = delete;
  Prefilter& operator=(const Prefilter&) = delete;

  bool matches(std::string_view text) const;

 private:
  std::unique_ptr<re2::RE2> combined_;
};

}  // namespace llmspend::scan

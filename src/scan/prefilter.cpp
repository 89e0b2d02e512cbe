#include "scan/prefilter.h"

#include <re2/re2.h>

namespace llmspend::scan {

// One alternation compiled as a DFA is faster than RE2::Set here because we only need "any
// match" and can stop at the first one.
Prefilter::Prefilter(const std::vector<std::string>& patterns) {
  if (patterns.empty()) return;
  std::string alt;
  for (const auto& p : patterns) {
    if (!alt.empty()) alt += '|';
    alt += "(?:" + p + ")";
  }
  RE2::Options opts;
  opts.set_max_mem(64 << 20);
  opts.set_log_errors(false);
  combined_ = std::make_unique<re2::RE2>(alt, opts);
  if (!combined_->ok()) combined_.reset();
}

Prefilter::~Prefilter() = default;

bool Prefilter::matches(std::string_view text) const {
  if (!combined_) return true;
  return RE2::PartialMatch(text, *combined_);
}

}  // namespace llmspend::scan

#include "core/diagnostic.h"

#include <algorithm>

namespace llmspend::core {

std::vector<Diagnostic> DiagnosticSink::take_sorted() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Diagnostic> out = std::move(items_);
  items_.clear();
  std::sort(out.begin(), out.end());
  // A file read twice (prefilter pass, then on demand) must not be reported twice.
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.path == b.path && a.line == b.line && a.code == b.code && a.message == b.message;
  };
  out.erase(std::unique(out.begin(), out.end(), same), out.end());
  return out;
}

}  // namespace llmspend::core

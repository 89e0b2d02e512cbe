#include "core/diagnostic.h"

#include <algorithm>

namespace llmspend::core {

std::vector<Diagnostic> DiagnosticSink::take_sorted() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Diagnostic> out = std::move(items_);
  items_.clear();
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace llmspend::core

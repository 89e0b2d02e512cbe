#pragma once
/// Diagnostics: a file that cannot be read, parsed or understood becomes one of these, with its
/// path, and the scan goes on. The sink is shared by worker threads.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace llmspend::core {

struct Diagnostic {
  std::string path;             ///< relative to the scan root, '/' separated
  std::optional<int> line;      ///< 1-based, when known
  std::string code;             ///< stable kebab-case id, e.g. "notebook-invalid-json"
  std::string message;          ///< what happened and, where useful, what to do

  friend bool operator<(const Diagnostic& a, const Diagnostic& b) {
    if (a.path != b.path) return a.path < b.path;
    if (a.line != b.line) return a.line < b.line;
    if (a.code != b.code) return a.code < b.code;
    return a.message < b.message;
  }
};

/// Thread-safe collector; `take_sorted` gives a deterministic order for reports.
class DiagnosticSink {
 public:
  void add(Diagnostic d) {
    std::lock_guard<std::mutex> lock(mu_);
    items_.push_back(std::move(d));
  }
  std::vector<Diagnostic> take_sorted();

 private:
  std::mutex mu_;
  std::vector<Diagnostic> items_;
};

}  // namespace llmspend::core

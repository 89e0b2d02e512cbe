// Which modules can hold an SDK value, found by following import statements without parsing.
//
// Detection asks of every call with a catalog method name whether its receiver is an SDK
// client. In code that merely mentions an SDK (an "OpenAI" in a docstring, an `images.create` of
// some cloud API) the answer is always no, but finding that out followed the receiver through
// every import and caller: on a 200 MB corpus of ordinary libraries, 25 such files had
// detection parse 4 MB of other modules (effect's 880 KB Effect.ts, sqlalchemy's schema.py).
//
// An SDK value starts in a file that imports the SDK, and that file has one of the SDK's own
// markers. It gets into another module through that module's imports (of the value, or of a
// function or class that makes it), or as an argument from a caller, which got it one of these
// two ways. So a module none of whose imports lead to an SDK file, however indirectly, never
// holds one. Imports are resolved as the evaluator resolves them (resolve_python_module,
// resolve_js), from the statements collect_import_specs finds in the file's text.
#include <algorithm>
#include <unordered_set>

#include "index/import_words.h"
#include "index/project_index.h"
#include "scan/source_file.h"

namespace llmspend::index {
namespace {

/// Reading a file's imports costs a small fraction of parsing it (a read and a memmem scan
/// against tree-sitter and lowering): a question may read this many times the bytes of the
/// module it would spare, and at least kMinReachBytes, before the module is simply opened.
constexpr size_t kReachBytesPerModuleByte = 64;
constexpr size_t kMinReachBytes = 4u << 20;

}  // namespace

void ProjectIndex::mark_sdk_files(const std::vector<std::string>& candidates,
                                  const std::vector<std::string>& sdk_files) {
  std::lock_guard<std::mutex> lock(mu_);
  finish_notes();
  reach_.assign(noted_paths_.size(), Reach::kUnknown);
  auto mark = [&](const std::vector<std::string>& paths, Reach r) {
    for (const auto& p : paths) {
      if (auto it = noted_index_.find(p); it != noted_index_.end()) reach_[it->second] = r;
    }
  };
  mark(candidates, Reach::kCandidate);
  mark(sdk_files, Reach::kYes);
}

std::vector<uint32_t> ProjectIndex::import_targets(uint32_t file) {
  const std::string& path = noted_paths_[file];
  ++reach_reads_;
  std::optional<std::string> text = read_text_ ? read_text_(path) : std::nullopt;
  if (!text) return {};
  auto lang = scan::language_for_path(path);
  bool python = lang && *lang == scan::Language::kPython;
  std::vector<ImportSpec> specs;
  collect_import_specs(*text, python, specs);
  std::vector<uint32_t> out;
  auto add = [&](const std::optional<std::string>& target) {
    if (!target) return;
    if (auto it = noted_index_.find(*target); it != noted_index_.end()) out.push_back(it->second);
  };
  for (const auto& spec : specs) {
    if (!python) {
      add(resolve_js(path, spec.module));
      continue;
    }
    auto base = resolve_python_module(path, spec.module, spec.level);
    add(base);
    // `from pkg import mod` may name a submodule; the names of a plain module cannot.
    if (base && !std::string_view(*base).ends_with("__init__.py") && std::string_view(*base).ends_with(".py")) continue;
    for (const auto& name : spec.names) {
      add(resolve_python_module(path, spec.module.empty() ? name : spec.module + "." + name, spec.level));
    }
  }
  return out;
}

bool ProjectIndex::may_hold_sdk_value(const std::string& path) {
  if (reach_.empty()) return true;
  auto it = noted_index_.find(path);
  if (it == noted_index_.end()) return true;
  uint32_t start = it->second;
  if (reach_[start] != Reach::kUnknown) return reach_[start] != Reach::kNo;
  // Breadth-first over the import closure. Reaching an SDK file (or a module known to reach
  // one) answers yes for `start`; a closure without one answers no for every module in it,
  // since each one's closure is part of it. Candidates count as unknown here: only an SDK file
  // is where a value starts.
  size_t budget = std::max(kMinReachBytes, kReachBytesPerModuleByte * size_t{noted_sizes_[start]});
  size_t read = 0;
  std::vector<uint32_t> order{start};
  std::unordered_set<uint32_t> seen{start};
  for (size_t k = 0; k < order.size(); ++k) {
    uint32_t f = order[k];
    if (reach_[f] == Reach::kYes) {
      reach_[start] = Reach::kYes;
      return true;
    }
    if (reach_[f] == Reach::kNo) continue;
    if ((read += noted_sizes_[f]) > budget) {
      reach_[start] = Reach::kYes;  // not a verdict, but asking again would cost the same
      return true;
    }
    for (uint32_t t : import_targets(f)) {
      if (seen.insert(t).second) order.push_back(t);
    }
  }
  for (uint32_t f : order) {
    if (reach_[f] == Reach::kUnknown) reach_[f] = Reach::kNo;
  }
  return reach_[start] != Reach::kNo;
}

}  // namespace llmspend::index

#include "scan/gitignore.h"

#include "core/strings.h"

namespace llmspend::scan {

void IgnoreRules::add_file(const std::string& dir, const std::string& text) {
  for (std::string_view raw : core::split(text, '\n')) {
    std::string_view line = core::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    Rule r;
    r.dir = dir;
    if (line.front() == '!') { r.negate = true; line.remove_prefix(1); }
    if (!line.empty() && line.back() == '/') { r.dir_only = true; line.remove_suffix(1); }
    if (!line.empty() && line.front() == '/') { r.anchored = true; line.remove_prefix(1); }
    if (line.find('/') != std::string_view::npos) r.anchored = true;
    if (line.empty()) continue;
    r.pattern = std::string(line);
    rules_.push_back(std::move(r));
  }
}

bool IgnoreRules::ignored(const std::string& path, bool is_dir) const {
  bool result = false;
  for (const Rule& r : rules_) {
    if (r.dir_only && !is_dir) continue;
    std::string_view rel = path;
    if (!r.dir.empty()) {
      if (rel.substr(0, r.dir.size() + 1) != r.dir + "/") continue;
      rel.remove_prefix(r.dir.size() + 1);
    }
    bool hit;
    if (r.anchored) {
      hit = core::glob_match(r.pattern, rel);
    } else {
      size_t slash = rel.rfind('/');
      std::string_view base = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
      hit = core::glob_match(r.pattern, base);
    }
    if (hit) result = !r.negate;
  }
  return result;
}

}  // namespace llmspend::scan

#pragma once
/// A subset of .gitignore semantics sufficient for source trees: comments, negation, directory-only
/// patterns, anchored patterns and `**`. Rules are stacked per directory while walking.
#include <string>
#include <vector>

namespace llmspend::scan {

class IgnoreRules {
 public:
  /// Adds the rules of a .gitignore found in `dir` (relative to the root, "" for the root).
  void add_file(const std::string& dir, const std::string& text);
  /// Whether `path` (relative to the root) is ignored; later rules win, as in git.
  bool ignored(const std::string& path, bool is_dir) const;

 private:
  struct Rule {
    std::string dir;      // where the .gitignore lives
    std::string pattern;  // relative to `dir` when anchored, else a basename/suffix pattern
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;
  };
  std::vector<Rule> rules_;
};

}  // namespace llmspend::scan

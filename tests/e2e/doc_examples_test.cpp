// Every example in the documentation that shows `$ llmspend …` and its output is run, and its
// output compared with what the docs say, so the docs cannot drift from the tool. Conventions in
// an example block (a ``` fence whose first line is `$ llmspend …`, run from the repository root):
//   - a line that is only `…` (or `...`) stands for any number of lines, including none;
//   - a line ending in `…` must start with the text before the `…` (long lines are cut);
//   - every other line must match exactly (trailing spaces ignored).
// Only stdout is compared; an example must exit 0.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

namespace llmspend::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kSource = LLMSPEND_SOURCE_DIR;
const std::string kBinary = LLMSPEND_BIN;

struct Example {
  std::string doc;
  int line = 0;  ///< of the `$ llmspend` line, 1-based
  std::string command;
  std::vector<std::string> expected;
};

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// The examples of one document.
std::vector<Example> examples_in(const std::string& doc) {
  std::vector<Example> out;
  const auto lines = read_lines(fs::path(kSource) / doc);
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].rfind("```", 0) != 0 || lines[i + 1].rfind("$ llmspend ", 0) != 0) continue;
    Example e{doc, static_cast<int>(i + 2), lines[i + 1].substr(2), {}};
    for (i += 2; i < lines.size() && lines[i].rfind("```", 0) != 0; ++i) {
      e.expected.push_back(rtrim(lines[i]));
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Example> all_examples() {
  std::vector<Example> out;
  for (const char* doc :
       {"README.md", "docs/commands.md", "docs/config.md", "docs/usage-model.md"}) {
    auto more = examples_in(doc);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

struct Ran {
  int rc = -1;
  std::vector<std::string> lines;
};

Ran run_example(const Example& e) {
  const std::string cmd = "cd '" + kSource + "' && '" + kBinary + "'" +
                          e.command.substr(std::string("llmspend").size()) + " 2>/dev/null";
  Ran r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) r.lines.push_back(rtrim(line));
  return r;
}

bool is_gap(const std::string& line) {
  const std::string t = line.substr(std::min(line.size(), line.find_first_not_of(' ')));
  return t == "…" || t == "...";
}

bool line_matches(const std::string& expected, const std::string& actual) {
  const std::string ellipsis = "…";
  if (expected.size() >= ellipsis.size() &&
      expected.compare(expected.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0) {
    return actual.rfind(expected.substr(0, expected.size() - ellipsis.size()), 0) == 0;
  }
  return expected == actual;
}

/// Whether `actual[a..]` matches `expected[x..]`, gaps matching any run of lines. An empty
/// string on success, else the first expected line that could not be matched.
bool matches(const std::vector<std::string>& expected, size_t x,
             const std::vector<std::string>& actual, size_t a, std::string& missing) {
  for (; x < expected.size(); ++x, ++a) {
    if (is_gap(expected[x])) {
      for (size_t skip = a; skip <= actual.size(); ++skip) {
        if (matches(expected, x + 1, actual, skip, missing)) return true;
      }
      return false;
    }
    if (a >= actual.size() || !line_matches(expected[x], actual[a])) {
      if (missing.empty()) missing = expected[x];
      return false;
    }
  }
  return a == actual.size();
}

TEST(DocExamples, ThereAreExamplesToCheck) { EXPECT_GE(all_examples().size(), 3u); }

TEST(DocExamples, EveryExampleOutputIsWhatTheToolPrints) {
  for (const Example& e : all_examples()) {
    SCOPED_TRACE(e.doc + ":" + std::to_string(e.line) + ": " + e.command);
    Ran r = run_example(e);
    EXPECT_EQ(r.rc, 0);
    std::string missing;
    std::string actual;
    for (const auto& l : r.lines) actual += l + "\n";
    EXPECT_TRUE(matches(e.expected, 0, r.lines, 0, missing))
        << "first line not matched: " << missing << "\nactual output:\n"
        << actual;
  }
}

TEST(DocExamples, TheMatcherCanFail) {
  std::string missing;
  EXPECT_TRUE(matches({"a", "…", "d"}, 0, {"a", "b", "c", "d"}, 0, missing));
  EXPECT_TRUE(matches({"ab…", "c"}, 0, {"abc", "c"}, 0, missing));
  EXPECT_FALSE(matches({"a", "d"}, 0, {"a", "b", "d"}, 0, missing));
  EXPECT_FALSE(matches({"a"}, 0, {"a", "b"}, 0, missing)) << "trailing output must be elided";
  EXPECT_FALSE(matches({"x…"}, 0, {"abc"}, 0, missing));
}

}  // namespace
}  // namespace llmspend::e2e

// Layering: each stage under src/ may include only itself and the stages before it in the
// pipeline (ARCHITECTURE.md), tree-sitter is included only by parse/, and CLI11 only by
// cli/flags.cpp. A violation names the file, the line and the rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Pipeline order. Later stages may use earlier ones, never the reverse.
const std::vector<std::string> kStages = {"core", "scan", "parse", "index", "detect", "resolve", "price",
                                          "cost", "report", "diff", "vcs", "pipeline", "cli"};

int rank_of(const std::string& stage) {
  for (size_t i = 0; i < kStages.size(); ++i) {
    if (kStages[i] == stage) return static_cast<int>(i);
  }
  return -1;
}

struct Include {
  std::string file;
  int line;
  std::string target;
};

std::vector<Include> includes_under(const fs::path& src) {
  static const std::regex kInclude(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  std::vector<Include> out;
  for (const auto& e : fs::recursive_directory_iterator(src)) {
    auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
    std::ifstream in(e.path());
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      std::smatch m;
      if (std::regex_search(line, m, kInclude)) {
        out.push_back({fs::relative(e.path(), src).generic_string(), n, m[1]});
      }
    }
  }
  return out;
}

const fs::path kSrc = fs::path(LLMSPEND_SOURCE_DIR) / "src";

TEST(Layering, NoStageIncludesALaterStage) {
  for (const auto& inc : includes_under(kSrc)) {
    std::string from = inc.file.substr(0, inc.file.find('/'));
    std::string to = inc.target.substr(0, inc.target.find('/'));
    if (inc.target.find('/') == std::string::npos || rank_of(to) < 0) continue;  // system / third-party
    ASSERT_GE(rank_of(from), 0) << inc.file << ": folder `" << from << "` is not a known stage";
    EXPECT_LE(rank_of(to), rank_of(from))
        << "src/" << inc.file << ":" << inc.line << ": stage `" << from << "` includes `" << inc.target
        << "` from the later stage `" << to << "`";
  }
}

TEST(Layering, TreeSitterOnlyInParseAndCli11OnlyInFlags) {
  for (const auto& inc : includes_under(kSrc)) {
    if (inc.target.rfind("tree_sitter/", 0) == 0) {
      EXPECT_EQ(inc.file.substr(0, 6), "parse/") << "src/" << inc.file << ":" << inc.line
                                                 << ": only parse/ may include tree-sitter";
    }
    if (inc.target.rfind("CLI/", 0) == 0) {
      EXPECT_EQ(inc.file, "cli/flags.cpp") << "src/" << inc.file << ":" << inc.line
                                           << ": CLI11 belongs in cli/flags.cpp only (compile time)";
    }
  }
}

TEST(Layering, TheCheckSeesViolations) {
  // Guards the test itself: the stage order must rank the pipeline as ARCHITECTURE.md does.
  EXPECT_LT(rank_of("parse"), rank_of("detect"));
  EXPECT_LT(rank_of("resolve"), rank_of("price"));
  EXPECT_LT(rank_of("report"), rank_of("pipeline"));
  EXPECT_EQ(rank_of("nonexistent"), -1);
}

}  // namespace

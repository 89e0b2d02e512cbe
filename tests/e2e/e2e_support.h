#pragma once
// Shared by the end-to-end tests of the built binary: running it in the source root, temp
// directories, golden files (UPDATE_GOLDEN=1 rewrites them) and the checks every JSON report
// output must pass (the JSON Schema in docs/schemas and the report invariants).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "invariants.h"
#include "process.h"
#include "schema_check.h"

namespace llmspend::e2e {

namespace fs = std::filesystem;

inline const std::string kSource = LLMSPEND_SOURCE_DIR;
inline const std::string kBinary = LLMSPEND_BIN;

inline void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

/// A fresh, empty directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "llmspend-e2e-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// Runs the binary with `args` (shell words) in the source root.
inline Outcome run(const std::string& args) {
  TempDir tmp;
  return run_in(kSource, "'" + kBinary + "' " + args, tmp.path() / "stderr");
}

inline const nlohmann::json& schema() {
  static const nlohmann::json s =
      nlohmann::json::parse(slurp(fs::path(kSource) / "docs/schemas/report-v1.schema.json"));
  return s;
}

/// Every JSON report output passes the schema and the invariants.
inline void expect_valid_report(const std::string& text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << "not JSON:\n" << text.substr(0, 400);
  for (const std::string& e : validate(schema(), doc)) ADD_FAILURE() << "schema: " << e;
  for (const std::string& e : check_invariants(text)) ADD_FAILURE() << "invariant: " << e;
}

inline void expect_golden(const std::string& name, const std::string& actual) {
  const fs::path golden = fs::path(kSource) / "tests/e2e/golden" / name;
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    spit(golden, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with UPDATE_GOLDEN=1";
  EXPECT_EQ(slurp(golden), actual)
      << "output differs from " << golden << " (review, then UPDATE_GOLDEN=1 ctest -R e2e)";
}

}  // namespace llmspend::e2e

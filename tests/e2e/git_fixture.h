#pragma once
// Throw-away git repositories for the diff's end-to-end tests, and a runner for the binary.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "process.h"

namespace llmspend::e2e {

namespace fs = std::filesystem;

/// Runs a shell command line in `dir`, capturing stdout and stderr.
inline Outcome shell(const fs::path& dir, const std::string& command) {
  return run_in(dir, command, dir / ".stderr");
}

/// A git repository in a fresh temp dir, removed at the end of the test.
class GitFixture {
 public:
  GitFixture() {
    std::string tmpl = (fs::temp_directory_path() / "llmspend-diff-e2e-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
    git("init -q -b main");
  }
  ~GitFixture() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }

  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  void remove(const std::string& rel) { fs::remove(root_ / rel); }
  std::string git(const std::string& args) {
    Outcome r = shell(root_, "git -c user.name=t -c user.email=t@example.com " + args);
    EXPECT_EQ(r.rc, 0) << "git " << args << ": " << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }
  /// Commits everything; returns the commit id.
  std::string commit(const std::string& message) {
    git("add -A");
    git("commit -q --allow-empty -m '" + message + "'");
    return git("rev-parse HEAD");
  }
  /// Runs llmspend with `args` in the repository.
  Outcome llmspend(const std::string& args) { return shell(root_, "'" LLMSPEND_BIN "' " + args); }

 private:
  fs::path root_;
};

}  // namespace llmspend::e2e

#pragma once
// Running a shell command line for the end-to-end tests: exit code, stdout and stderr.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>

namespace llmspend::e2e {

namespace fs = std::filesystem;

struct Outcome {
  int rc = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `command` in `dir` through the shell; stderr goes to `err_file` (removed afterwards).
inline Outcome run_in(const fs::path& dir, const std::string& command, const fs::path& err_file) {
  const std::string cmd = "cd '" + dir.string() + "' && " + command + " 2>'" + err_file.string() + "'";
  Outcome r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err_file);
  std::error_code ec;
  fs::remove(err_file, ec);
  return r;
}

}  // namespace llmspend::e2e

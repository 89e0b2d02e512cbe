#pragma once
/// Child processes without a shell: argv is passed verbatim to exec, so a revision or path can
/// never be interpreted as shell syntax. Used for the short git queries and for the long-lived
/// `git cat-file --batch` pipe.
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace llmspend::vcs {

struct ProcessResult {
  int exit_code = -1;  ///< the exit status; -1 when the process could not start or was killed
  std::string out;
  std::string err;
};

/// Runs `argv` (argv[0] looked up on PATH) with `stdin` closed, waits for it and captures stdout
/// and stderr. Never throws; a spawn failure is exit_code -1 with `err` saying why.
ProcessResult run_process(const std::vector<std::string>& argv);

/// A child whose stdin and stdout are pipes to us (stderr is discarded). Reads are buffered.
/// Not thread-safe: callers serialise access.
class PipedProcess {
 public:
  /// Starts `argv`; `ok()` tells whether it started.
  explicit PipedProcess(const std::vector<std::string>& argv);
  ~PipedProcess();
  PipedProcess(const PipedProcess&) = delete;
  PipedProcess& operator=(const PipedProcess&) = delete;

  bool ok() const { return pid_ > 0; }
  /// Writes all of `data` to the child's stdin; false when the pipe is broken.
  bool write(const std::string& data);
  /// Reads up to and excluding the next '\n'; nullopt at end of stream.
  std::optional<std::string> read_line();
  /// Reads exactly `n` bytes; nullopt when the stream ends first.
  std::optional<std::string> read_exact(size_t n);

 private:
  bool fill();
  pid_t pid_ = -1;
  int in_fd_ = -1;   // child's stdin (we write)
  int out_fd_ = -1;  // child's stdout (we read)
  std::string buffer_;
  size_t pos_ = 0;
};

}  // namespace llmspend::vcs

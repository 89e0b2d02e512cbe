#pragma once
/// The progress line a long scan draws on stderr: "llmspend: 1,234/5,678 files (21%) · 812
/// files/s". Progress is for people watching a terminal, never for logs: it is drawn only when
/// stderr is a terminal, not `--quiet`, not in CI and not `TERM=dumb` (progress_wanted), only
/// once the scan has run for about a second, at most a few times a second, and its line is
/// erased before results are printed. The clock and the output are seams, so tests drive it
/// with a fake clock and a string.
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace llmspend::cli {

/// Whether to draw progress, from the facts that decide it (see progress_wanted_here).
/// `ci_env` is the value of $CI (nullptr when unset), `term` that of $TERM.
bool progress_wanted(bool quiet, bool stderr_is_tty, const char* ci_env, const char* term);

/// progress_wanted for this process: --quiet, isatty(stderr), $CI, $TERM.
bool progress_wanted_here(bool quiet);

class ProgressLine {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Sink = std::function<void(std::string_view)>;

  struct Timing {
    std::chrono::milliseconds delay{1000};    ///< nothing is drawn before the scan is this old
    std::chrono::milliseconds interval{100};  ///< the line is redrawn at most this often
  };

  /// Starts the clock. `sink` receives terminal text (carriage returns and erase sequences).
  ProgressLine(Sink sink, Clock clock, Timing timing);
  /// A line on stderr with the steady clock.
  static ProgressLine for_stderr();

  /// Records that `done` of `total` files are through; redraws when due. Thread-safe: a call
  /// that finds another thread drawing returns at once (a later call shows the newer count).
  void update(size_t done, size_t total);
  /// Erases the line if one was drawn; later updates draw nothing. Idempotent.
  void finish();

  /// A callback for pipeline::RunOptions::progress that forwards to `update` (`this` must
  /// outlive the scan).
  std::function<void(size_t, size_t)> callback();

  /// The text of the line: "llmspend: 1,234/5,678 files (21%) · 812 files/s"; when every file
  /// is through, the analysis that follows is named instead of a rate.
  static std::string text(size_t done, size_t total, double seconds);

 private:
  Sink sink_;
  Clock clock_;
  Timing timing_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::mutex mu_;
  size_t shown_ = 0;  ///< the highest `done` seen: updates from threads arrive out of order
  std::string last_text_;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace llmspend::cli

#include "cli/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "report/text_util.h"

namespace llmspend::cli {
namespace {

/// Back to the start of the line and erase it, so a shorter line leaves no tail behind.
constexpr std::string_view kClearLine = "\r\x1b[K";

/// $CI is set by GitHub Actions, GitLab, CircleCI, Travis, Buildkite and most others; some of
/// them give jobs a pseudo-terminal, where a redrawn line would fill the log.
bool is_ci(const char* ci_env) {
  return ci_env != nullptr && *ci_env != '\0' && std::strcmp(ci_env, "false") != 0 &&
         std::strcmp(ci_env, "0") != 0;
}

}  // namespace

bool progress_wanted(bool quiet, bool stderr_is_tty, const char* ci_env, const char* term) {
  if (quiet || !stderr_is_tty || is_ci(ci_env)) return false;
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

bool progress_wanted_here(bool quiet) {
  return progress_wanted(quiet, ::isatty(STDERR_FILENO) == 1, std::getenv("CI"),
                         std::getenv("TERM"));
}

ProgressLine::ProgressLine(Sink sink, Clock clock, Timing timing)
    : sink_(std::move(sink)), clock_(std::move(clock)), timing_(timing), start_(clock_()) {}

ProgressLine ProgressLine::for_stderr() {
  return ProgressLine(
      [](std::string_view text) {
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
      },
      [] { return std::chrono::steady_clock::now(); }, Timing{});
}

std::string ProgressLine::text(size_t done, size_t total, double seconds) {
  const auto n = [](size_t v) { return report::count_text(static_cast<int64_t>(v)); };
  if (total > 0 && done >= total) {
    return fmt::format("llmspend: {} files read; resolving models…", n(total));
  }
  const size_t percent = total == 0 ? 0 : done * 100 / total;
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  return fmt::format("llmspend: {}/{} files ({}%) · {} files/s", n(done), n(total), percent,
                     n(static_cast<size_t>(std::llround(rate))));
}

void ProgressLine::update(size_t done, size_t total) {
  std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;
  if (done < shown_) done = shown_;
  shown_ = done;
  const auto now = clock_();
  if (now - start_ < timing_.delay) return;
  // The last state (every file through) is always drawn, however soon after the previous one.
  const bool last = total > 0 && done >= total;
  if (drawn_ && now - last_draw_ < timing_.interval && !last) return;
  std::string line = text(done, total, std::chrono::duration<double>(now - start_).count());
  if (line == last_text_) return;
  sink_(std::string(kClearLine) + line);
  last_text_ = std::move(line);
  drawn_ = true;
  last_draw_ = now;
}

void ProgressLine::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (drawn_ && !finished_) sink_(kClearLine);
  finished_ = true;
}

std::function<void(size_t, size_t)> ProgressLine::callback() {
  return [this](size_t done, size_t total) { update(done, total); };
}

}  // namespace llmspend::cli

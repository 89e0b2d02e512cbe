// The progress line with a fake clock and a string standing in for the terminal: when it draws,
// how often, what, and that it leaves nothing behind. No test here waits for real time.
#include "cli/progress.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace llmspend::cli {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

/// A terminal that records what was written and a clock that moves only when told.
struct FakeTerminal {
  std::string written;
  Clock::time_point now{};
  ProgressLine line{[this](std::string_view s) { written += s; }, [this] { return now; },
                    ProgressLine::Timing{milliseconds(1000), milliseconds(100)}};
  void advance(int ms) { now += milliseconds(ms); }
};

TEST(Progress, AScanUnderTheDelayDrawsNothingAndClearsNothing) {
  FakeTerminal t;
  for (size_t i = 1; i <= 500; ++i) t.line.update(i, 500);
  t.advance(999);
  t.line.update(500, 500);
  t.line.finish();
  EXPECT_EQ(t.written, "");
}

TEST(Progress, DrawsAfterTheDelayWithCountsPercentAndRate) {
  FakeTerminal t;
  t.advance(2000);
  t.line.update(1500, 6000);
  EXPECT_EQ(t.written, "\r\x1b[Kllmspend: 1,500/6,000 files (25%) · 750 files/s");
}

TEST(Progress, RedrawsAtMostOncePerInterval) {
  FakeTerminal t;
  t.advance(1000);
  t.line.update(10, 1000);
  const size_t after_first = t.written.size();
  t.advance(50);
  t.line.update(20, 1000);
  EXPECT_EQ(t.written.size(), after_first) << "redrawn within the interval";
  t.advance(50);
  t.line.update(30, 1000);
  EXPECT_NE(t.written.find("30/1,000 files"), std::string::npos) << t.written;
}

TEST(Progress, TheLastStateIsDrawnAtOnceAndNamesTheNextStage) {
  FakeTerminal t;
  t.advance(1000);
  t.line.update(999, 1000);
  t.advance(1);
  t.line.update(1000, 1000);
  EXPECT_NE(t.written.find("1,000 files read; resolving models"), std::string::npos) << t.written;
}

TEST(Progress, FinishErasesTheLineOnceAndLaterUpdatesDrawNothing) {
  FakeTerminal t;
  t.advance(1500);
  t.line.update(3, 9);
  t.line.finish();
  const std::string expected = "\r\x1b[Kllmspend: 3/9 files (33%) · 2 files/s\r\x1b[K";
  EXPECT_EQ(t.written, expected);
  t.advance(5000);
  t.line.update(9, 9);
  t.line.finish();
  EXPECT_EQ(t.written, expected);
}

TEST(Progress, CountsNeverGoBackwardsWhenThreadsReportOutOfOrder) {
  FakeTerminal t;
  t.advance(1000);
  t.line.update(40, 100);
  t.advance(200);
  t.line.update(35, 100);  // a thread that finished its file earlier reports late
  EXPECT_EQ(t.written.find("35/100"), std::string::npos) << t.written;
  EXPECT_NE(t.written.rfind("40/100"), std::string::npos);
}

TEST(Progress, SafeFromManyThreads) {
  std::string written;
  ProgressLine line([&](std::string_view s) { written += s; }, [] { return Clock::now(); },
                    ProgressLine::Timing{milliseconds(0), milliseconds(0)});
  std::atomic<size_t> done{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) line.update(++done, 8000);
    });
  }
  for (auto& th : threads) th.join();
  line.finish();
  // The line ends erased, and the counts drawn never go down.
  EXPECT_EQ(written.rfind("\r\x1b[K"), written.size() - 4);
  size_t previous = 0;
  for (size_t at = written.find("llmspend: "); at != std::string::npos;
       at = written.find("llmspend: ", at + 1)) {
    std::string digits;
    for (size_t i = at + 10; i < written.size() && written[i] != '/' && written[i] != ' '; ++i) {
      if (written[i] != ',') digits += written[i];
    }
    const size_t shown = std::stoul(digits);
    EXPECT_GE(shown, previous);
    previous = shown;
  }
}

TEST(Progress, WantedOnlyForAPersonAtATerminal) {
  EXPECT_TRUE(progress_wanted(false, true, nullptr, "xterm-256color"));
  EXPECT_TRUE(progress_wanted(false, true, nullptr, nullptr));
  EXPECT_TRUE(progress_wanted(false, true, "false", "xterm"));
  EXPECT_TRUE(progress_wanted(false, true, "", "xterm"));
  EXPECT_FALSE(progress_wanted(true, true, nullptr, "xterm")) << "--quiet";
  EXPECT_FALSE(progress_wanted(false, false, nullptr, "xterm")) << "piped or redirected";
  EXPECT_FALSE(progress_wanted(false, true, "true", "xterm")) << "CI with a pseudo-terminal";
  EXPECT_FALSE(progress_wanted(false, true, "1", "xterm"));
  EXPECT_FALSE(progress_wanted(false, true, nullptr, "dumb"));
}

TEST(Progress, TextWithoutElapsedTimeOrFiles) {
  EXPECT_EQ(ProgressLine::text(0, 0, 0), "llmspend: 0/0 files (0%) · 0 files/s");
  EXPECT_EQ(ProgressLine::text(1234567, 2000000, 2.0),
            "llmspend: 1,234,567/2,000,000 files (61%) · 617,284 files/s");
}

}  // namespace
}  // namespace llmspend::cli

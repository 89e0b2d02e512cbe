// Hostile file systems, in process: files that vanish or change between listing and reading, and
// permission errors that root (which CI may be) cannot provoke with chmod. A FileSource fake plays
// the file system; the analysis must report each bad path with the reason and keep the rest.
#include <unistd.h>

#include <set>

#include <gtest/gtest.h>

#include <algorithm>

#include "hostile_support.h"
#include "pipeline/analyze.h"
#include "pipeline/source_loader.h"
#include "scan/file_source.h"

namespace llmspend::hostile {
namespace {

/// An in-memory tree whose reads can fail or change: `vanish` paths are listed but gone when read,
/// `denied` paths fail as a permission error, `flip` paths return different bytes on each read.
class TrickySource : public scan::FileSource {
 public:
  explicit TrickySource(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::set<std::string> vanish, denied, flip;

  std::vector<std::string> list(core::DiagnosticSink&) override {
    std::vector<std::string> out;
    for (const auto& [path, text] : files_) out.push_back(path);
    return out;
  }
  std::optional<std::string> read(const std::string& path, std::string& error) override {
    if (vanish.count(path)) {
      error = "cannot open: No such file or directory";
      return std::nullopt;
    }
    if (denied.count(path)) {
      error = "cannot open: Permission denied";
      return std::nullopt;
    }
    if (flip.count(path) && reads_[path]++ % 2 == 1) return std::string("\0\0binary now", 12);
    return files_.at(path);
  }

 private:
  std::map<std::string, std::string> files_;
  std::map<std::string, int> reads_;
};

bool has(const pipeline::AnalyzeResult& r, const std::string& path, const std::string& code) {
  for (const auto& d : r.diagnostics) {
    if (d.path == path && d.code == code && !d.message.empty()) return true;
  }
  return false;
}

bool has_site(const pipeline::AnalyzeResult& r, const std::string& path) {
  for (const auto& s : r.sites) {
    if (s.path == path) return true;
  }
  return false;
}

pipeline::AnalyzeOptions one_job() {
  pipeline::AnalyzeOptions o;
  o.jobs = 1;  // the flip fake counts reads; keep them in one order
  return o;
}

TEST(HostileSource, VanishedAndDeniedFilesAreDiagnosticsAndTheRestIsReported) {
  TrickySource src({{"ok.py", python_site("gpt-4o")},
                    {"gone.py", python_site("gpt-4o")},
                    {"locked.js", js_site("gpt-4o")}});
  src.vanish = {"gone.py"};
  src.denied = {"locked.js"};
  auto r = pipeline::analyze(one_job(), src);
  EXPECT_TRUE(has_site(r, "ok.py"));
  EXPECT_TRUE(has(r, "gone.py", "unreadable-file"));
  EXPECT_TRUE(has(r, "locked.js", "unreadable-file"));
  for (const auto& d : r.diagnostics) {
    if (d.path == "locked.js") EXPECT_NE(d.message.find("Permission denied"), std::string::npos);
  }
}

TEST(HostileSource, ImportedModuleThatVanishesLeavesTheSiteUnresolvedNotLost) {
  TrickySource src({{"app.py",
                     "from openai import OpenAI\nfrom settings import MODEL\nclient = OpenAI()\n"
                     "client.chat.completions.create(model=MODEL, messages=[])\n"},
                    {"settings.py", "MODEL = \"gpt-4o\"\n"},
                    {"ok.py", python_site("gpt-4o")}});
  src.vanish = {"settings.py"};
  auto r = pipeline::analyze(one_job(), src);
  EXPECT_TRUE(has_site(r, "ok.py"));
  ASSERT_TRUE(has_site(r, "app.py"));
  EXPECT_TRUE(has(r, "settings.py", "unreadable-file"));
}

TEST(HostileSource, FileThatChangesBetweenReadsIsJudgedOnWhatWasRead) {
  TrickySource src({{"app.py",
                     "from openai import OpenAI\nfrom settings import MODEL\nclient = OpenAI()\n"
                     "client.chat.completions.create(model=MODEL, messages=[])\n"},
                    {"settings.py", "MODEL = \"gpt-4o\"\n"}});
  src.flip = {"settings.py", "app.py"};
  auto r = pipeline::analyze(one_job(), src);
  // Whatever was read last, the run completes and explains any file it could not use.
  for (const auto& d : r.diagnostics) EXPECT_FALSE(d.message.empty()) << d.path;
  EXPECT_TRUE(has_site(r, "app.py"));
}

TEST(HostileSource, DiskFileDeletedAfterListingIsReportedWithTheReason) {
  TempDir t;
  write_file(t.path() / "ok.py", python_site("gpt-4o"));
  write_file(t.path() / "gone.py", python_site("gpt-4o"));
  scan::DiskSource disk(t.path().string(), {});
  core::DiagnosticSink sink;
  auto files = disk.list(sink);
  ASSERT_EQ(files.size(), 2u);
  fs::remove(t.path() / "gone.py");
  std::string error;
  EXPECT_FALSE(disk.read("gone.py", error));
  EXPECT_EQ(error, "cannot open: No such file or directory");
  EXPECT_TRUE(disk.read("ok.py", error));
}

TEST(HostileSource, DiskFileReplacedByFifoAfterListingIsNotWaitedOn) {
  TempDir t;
  write_file(t.path() / "pipe.py", python_site("gpt-4o"));
  scan::DiskSource disk(t.path().string(), {});
  core::DiagnosticSink sink;
  ASSERT_EQ(disk.list(sink).size(), 1u);
  fs::remove(t.path() / "pipe.py");
  ASSERT_EQ(::mkfifo((t.path() / "pipe.py").c_str(), 0644), 0);
  std::string error;
  EXPECT_FALSE(disk.read("pipe.py", error));  // would block forever if opened blocking
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
}

TEST(HostileSource, DiskLinkSwappedOutsideTheRootAfterListingIsNotRead) {
  TempDir t;
  write_file(t.path() / "repo" / "a.py", python_site("gpt-4o"));
  write_file(t.path() / "secret.py", "TOKEN = 'do not read'\n");
  scan::DiskSource disk((t.path() / "repo").string(), {});
  core::DiagnosticSink sink;
  ASSERT_EQ(disk.list(sink).size(), 1u);
  fs::remove(t.path() / "repo" / "a.py");
  fs::create_symlink("../secret.py", t.path() / "repo" / "a.py");
  std::string error;
  EXPECT_FALSE(disk.read("a.py", error));
  EXPECT_NE(error.find("outside the scan root"), std::string::npos) << error;
}

TEST(HostileSource, OversizedFileIsSkippedBeforeItIsRead) {
  TempDir t;
  write_file(t.path() / "big.py", std::string(3'000'000, '#'));
  scan::DiskSource disk(t.path().string(), {});
  core::DiagnosticSink sink;
  pipeline::LoadLimits limits{1'000'000};
  EXPECT_FALSE(pipeline::load_source(disk, "big.py", limits, sink));
  auto diags = sink.take_sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "file-too-large");
  EXPECT_EQ(diags[0].message,
            "3000000 bytes is over the 1000000-byte limit; skipped (raise --max-file-size)");
}

TEST(HostileSource, DiskSourceNeverLoadsAFileOverItsReadLimit) {
  TempDir t;
  write_file(t.path() / ".env", std::string(5000, 'x'));  // read without the loader's size check
  scan::WalkOptions options;
  options.max_read_bytes = 4096;
  scan::DiskSource disk(t.path().string(), options);
  std::string error;
  EXPECT_FALSE(disk.read(".env", error));
  EXPECT_EQ(error, "5000 bytes is over the 4096-byte limit; not read (raise --max-file-size)");
}

TEST(HostileSource, ListingFileByFileGivesTheSameFilesAsTheSortedListing) {
  TempDir t;
  write_file(t.path() / "app" / "main.py", "x = 1\n");
  write_file(t.path() / "app" / "ignored.py", "x = 1\n");
  write_file(t.path() / "app" / ".gitignore", "ignored.py\n");
  write_file(t.path() / "env" / "pyvenv.cfg", "home = /usr\n");
  write_file(t.path() / "env" / "lib" / "site.py", "x = 1\n");
  write_file(t.path() / "web" / "index.ts", "export {}\n");
  write_file(t.path() / "web" / "config.json", "{}\n");
  scan::DiskSource disk(t.path().string(), {});
  core::DiagnosticSink sink;
  std::vector<std::string> sorted = disk.list(sink);
  std::vector<std::string> each;
  disk.list_each(sink, [&](std::string p) { each.push_back(std::move(p)); });
  std::sort(each.begin(), each.end());
  EXPECT_EQ(each, sorted);
  EXPECT_EQ(sorted, (std::vector<std::string>{"app/main.py", "web/config.json", "web/index.ts"}));
}

}  // namespace
}  // namespace llmspend::hostile

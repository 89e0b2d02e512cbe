// GitRepo and GitTreeSource against throw-away repositories built in a temp dir.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "vcs/git_repo.h"
#include "vcs/git_source.h"

namespace llmspend::vcs {
namespace {

namespace fs = std::filesystem;

class Repo : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "llmspend-vcs-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    git({"init", "-q", "-b", "main"});
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel, std::ios::binary) << text;
  }
  std::string git(std::vector<std::string> args) {
    std::vector<std::string> argv = {
        "git", "-C", dir_.string(), "-c", "user.name=t", "-c", "user.email=t@example.com"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }
  std::string commit(const std::string& message) {
    ::setenv("GIT_COMMITTER_DATE", "2025-03-04T10:00:00Z", 1);
    git({"add", "-A"});
    git({"commit", "-q", "-m", message, "--date=2025-03-04T10:00:00Z"});
    return git({"rev-parse", "HEAD"});
  }
  GitRepo open(const std::string& sub = "") {
    auto r = GitRepo::open((dir_ / sub).string());
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return *r;
  }
  fs::path dir_;
};

TEST_F(Repo, ListsFilteredBlobsOfARevisionAndReadsThem) {
  write("app/chat.py", "print('v1')\n");
  write("node_modules/x/index.js", "x\n");
  write("gen/out.py", "x\n");
  write(".gitignore", "gen/\n");
  write("README.md", "no\n");
  write("package-lock.json", "{}\n");
  write("config.yml", "a: 1\n");
  const std::string c1 = commit("one");
  write("app/chat.py", "print('v2')\n");  // working tree only: not seen at c1
  GitRepo repo = open();
  auto blobs = std::make_shared<BlobReader>(repo.toplevel());
  auto source = GitTreeSource::open(repo, c1, {}, blobs);
  ASSERT_TRUE(source.ok());
  core::DiagnosticSink sink;
  EXPECT_EQ((*source)->list(sink), (std::vector<std::string>{"app/chat.py", "config.yml"}));
  std::string error;
  EXPECT_EQ((*source)->read("app/chat.py", error).value_or(error), "print('v1')\n");
  EXPECT_FALSE((*source)->read("nope.py", error));
  EXPECT_EQ((*source)->read_any("README.md", error).value_or(error), "no\n");
}

TEST_F(Repo, ScanRootInsideTheRepositoryStripsThePrefix) {
  write("svc/api/main.py", "a\n");
  write("other/x.py", "b\n");
  const std::string c1 = commit("one");
  GitRepo repo = open("svc/api");
  EXPECT_EQ(repo.prefix(), "svc/api");
  auto entries = repo.list_tree(c1);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].path, "main.py");
  EXPECT_TRUE(repo.root_tree(c1).has_value());
}

TEST_F(Repo, ConcurrentReadsShareOneCatFileProcess) {
  for (int i = 0; i < 20; ++i) write("m" + std::to_string(i) + ".py", std::string(5000 + i, 'x'));
  const std::string c1 = commit("one");
  GitRepo repo = open();
  auto source = GitTreeSource::open(repo, c1, {}, std::make_shared<BlobReader>(repo.toplevel()));
  ASSERT_TRUE(source.ok());
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        std::string error;
        auto text = (*source)->read("m" + std::to_string(i) + ".py", error);
        if (text && text->size() == static_cast<size_t>(5000 + i)) ++good;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), 80);
}

TEST_F(Repo, RenamesModificationsAndDeletions) {
  write("a/old_name.py", std::string(400, 'a') + "\n");
  write("b.py", "b\n");
  write("c.py", "c\n");
  const std::string c1 = commit("one");
  fs::create_directories(dir_ / "z");
  fs::rename(dir_ / "a/old_name.py", dir_ / "z/new_name.py");
  write("b.py", "b2\n");
  fs::remove(dir_ / "c.py");
  const std::string c2 = commit("two");
  GitRepo repo = open();
  auto changes = repo.changes(c1, c2);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 3u);
  std::map<std::string, FileChange> by_path;
  for (const auto& c : *changes) by_path[c.path] = c;
  EXPECT_EQ(by_path["z/new_name.py"].status, 'R');
  EXPECT_EQ(by_path["z/new_name.py"].old_path, "a/old_name.py");
  EXPECT_EQ(by_path["b.py"].status, 'M');
  EXPECT_EQ(by_path["c.py"].status, 'D');
  auto worktree = repo.changes(c2, "");
  ASSERT_TRUE(worktree.ok());
  EXPECT_TRUE(worktree->empty());
}

TEST_F(Repo, RevisionsDatesAndErrors) {
  write("x.py", "x\n");
  const std::string c1 = commit("one");
  GitRepo repo = open();
  auto main = repo.resolve_commit("main");
  ASSERT_TRUE(main.ok());
  EXPECT_EQ(*main, c1);
  auto date = repo.commit_date(c1);
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(*date, "2025-03-04");
  auto bad = repo.resolve_commit("no-such-branch");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("unknown revision `no-such-branch`"), std::string::npos);
  EXPECT_FALSE(repo.resolve_commit("--output=/tmp/x").ok());  // never an option to git
  EXPECT_EQ(repo.default_branch().value_or(""), "main");
  EXPECT_FALSE(repo.is_shallow());
  EXPECT_NE(unknown_revision_error("abc", true).message.find("fetch-depth: 0"), std::string::npos);
}

TEST(GitRepoOpen, OutsideAWorkTreeIsAnError) {
  auto r = GitRepo::open(fs::temp_directory_path().string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not inside a git work tree"), std::string::npos);
}

TEST(WantedFiles, MirrorTheDirectoryWalk) {
  EXPECT_TRUE(is_wanted_file("a/b.py"));
  EXPECT_TRUE(is_wanted_file("n.ipynb"));
  EXPECT_TRUE(is_wanted_file("x/.env.local"));
  EXPECT_TRUE(is_wanted_file("settings.yaml"));
  EXPECT_FALSE(is_wanted_file("yarn.lock"));
  EXPECT_FALSE(is_wanted_file("pnpm-lock.yaml"));
  EXPECT_FALSE(is_wanted_file("x.d.ts"));
  EXPECT_FALSE(is_wanted_file("README.md"));
}

}  // namespace
}  // namespace llmspend::vcs

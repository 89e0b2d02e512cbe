// `llmspend comment github` and the Action's script (action/run.sh) end to end against a fake
// GitHub API served on 127.0.0.1 by the test (fake_github.h).
#include <nlohmann/json.hpp>

#include "fake_github.h"
#include "git_fixture.h"

namespace llmspend::e2e {
namespace {

using Json = nlohmann::json;
constexpr const char* kToken = "ghs_secretTOKEN123";

class Comment : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.write("app/__init__.py", "");
    repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o-mini\"\n");
    repo_.write("app/chat.py",
                "from openai import OpenAI\nfrom .config import CHAT_MODEL\nclient = OpenAI()\n"
                "def reply(q):\n    return client.chat.completions.create(model=CHAT_MODEL, "
                "messages=[])\n");
    base_ = repo_.commit("base");
    repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o\"\n");
    head_ = repo_.commit("head");
    Outcome d = repo_.llmspend("diff --base " + base_ + " --head " + head_ +
                               " --format json --out-file diff.json --quiet");
    ASSERT_EQ(d.rc, 0) << d.err;
  }
  Outcome comment(const std::string& extra = "") {
    return shell(
        repo_.root(),
        "GITHUB_TOKEN=" + std::string(kToken) +
            " '" LLMSPEND_BIN
            "' comment github --path diff.json --repo o/r --pull-request 7 --github-api-url " +
            api_.url() + " " + extra);
  }
  static size_t count(const std::vector<RecordedRequest>& rs, const std::string& method) {
    size_t n = 0;
    for (const auto& r : rs) n += r.method == method;
    return n;
  }
  GitFixture repo_;
  FakeGitHub api_;
  std::string base_, head_;
};

TEST_F(Comment, CreatesThenSkipsAnIdenticalBodyThenUpdatesInPlace) {
  api_.add_comment("an unrelated review comment");
  Outcome first = comment();
  ASSERT_EQ(first.rc, 0) << first.err;
  EXPECT_EQ(first.out, "https://github.test/c/1001\n");
  auto comments = api_.comments();
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_NE(comments[1].second.find("<!-- llmspend-comment -->"), std::string::npos);
  EXPECT_NE(comments[1].second.find("`gpt-4o-mini` → `gpt-4o`"), std::string::npos);
  EXPECT_NE(comments[1].second.find("/o/r/blob/" + head_ + "/app/chat.py#L5"), std::string::npos);

  Outcome again = comment();
  ASSERT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.err.find("up to date"), std::string::npos);
  EXPECT_EQ(count(api_.requests(), "PATCH"), 0u);

  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4.1\"\n");
  const std::string h2 = repo_.commit("head 2");
  ASSERT_EQ(repo_
                .llmspend("diff --base " + base_ + " --head " + h2 +
                          " --format json --out-file diff.json --quiet")
                .rc,
            0);
  Outcome update = comment();
  ASSERT_EQ(update.rc, 0) << update.err;
  EXPECT_EQ(count(api_.requests(), "PATCH"), 1u);
  EXPECT_EQ(count(api_.requests(), "POST"), 1u);
  ASSERT_EQ(api_.comments().size(), 2u);
  EXPECT_NE(api_.comments()[1].second.find("`gpt-4.1`"), std::string::npos);
  for (const auto& r : api_.requests()) EXPECT_EQ(r.authorization, std::string("Bearer ") + kToken);
  for (const Outcome* o : {&first, &again, &update}) {
    EXPECT_EQ(o->out.find(kToken), std::string::npos);
    EXPECT_EQ(o->err.find(kToken), std::string::npos);
  }
}

TEST_F(Comment, NewAndDeleteAndNew) {
  ASSERT_EQ(comment("--behavior new").rc, 0);
  ASSERT_EQ(comment("--behavior new").rc, 0);
  EXPECT_EQ(api_.comments().size(), 2u);
  Outcome r = comment("--behavior delete-and-new");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(count(api_.requests(), "DELETE"), 2u);
  EXPECT_EQ(api_.comments().size(), 1u);
}

TEST_F(Comment, RetriesServerErrorsWithBackoff) {
  api_.fail_next(2);
  Outcome r = comment();
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(api_.comments().size(), 1u);
}

TEST_F(Comment, AReadOnlyTokenIsAnInputErrorThatSaysWhy) {
  api_.forbid_writes();
  Outcome r = comment();
  EXPECT_EQ(r.rc, 3);
  EXPECT_NE(r.err.find("HTTP 403"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos);
  EXPECT_EQ(r.err.find(kToken), std::string::npos);
}

TEST_F(Comment, WithoutATokenNothingIsSent) {
  Outcome r = shell(repo_.root(), "env -u GITHUB_TOKEN '" LLMSPEND_BIN
                                  "' comment github --path "
                                  "diff.json --repo o/r --pull-request 7 --github-api-url " +
                                      api_.url());
  EXPECT_EQ(r.rc, 3);
  EXPECT_NE(r.err.find("GITHUB_TOKEN is not set"), std::string::npos);
  EXPECT_TRUE(api_.requests().empty());
}

class Action : public Comment {
 protected:
  Outcome run_action(const std::string& head_repo, const std::string& extra_env = "") {
    const Json event = {{"pull_request",
                         {{"number", 7},
                          {"base", {{"sha", base_}}},
                          {"head", {{"sha", head_}, {"repo", {{"full_name", head_repo}}}}}}}};
    repo_.write(".event.json", event.dump());
    const std::string env =
        "GITHUB_EVENT_PATH=.event.json GITHUB_STEP_SUMMARY=.summary.md "
        "GITHUB_OUTPUT=.outputs RUNNER_TEMP=.runner GITHUB_REPOSITORY=o/r "
        "GITHUB_API_URL=" +
        api_.url() + " GITHUB_TOKEN=" + kToken + " LLMSPEND_BIN='" LLMSPEND_BIN "' " + extra_env;
    return shell(repo_.root(), env + " '" LLMSPEND_SOURCE_DIR "/action/run.sh'");
  }
  void SetUp() override {
    Comment::SetUp();
    if (shell(repo_.root(), "command -v jq").rc != 0) GTEST_SKIP() << "jq is not installed";
  }
};

TEST_F(Action, PostsTheCommentWritesSummaryAnnotationsAndOutputs) {
  Outcome r = run_action("o/r");
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  ASSERT_EQ(api_.comments().size(), 1u);
  const std::string summary = slurp(repo_.root() / ".summary.md");
  EXPECT_NE(summary.find("Monthly LLM spend: +"), std::string::npos) << summary;
  EXPECT_NE(r.out.find("::warning file=app/chat.py,line=5,title=LLM spend +$"), std::string::npos)
      << r.out;
  const std::string outputs = slurp(repo_.root() / ".outputs");
  EXPECT_NE(outputs.find("verdict=none"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("monthly-delta="), std::string::npos);
  EXPECT_NE(outputs.find("json=.runner/llmspend-diff.json"), std::string::npos);
  EXPECT_EQ(r.out.find(kToken), std::string::npos);
}

TEST_F(Action, AForkPullRequestGetsTheSummaryInsteadOfAComment) {
  Outcome r = run_action("someone/fork");
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_TRUE(api_.requests().empty());
  EXPECT_NE(r.out.find("::notice::llmspend: pull request from a fork"), std::string::npos);
  EXPECT_NE(slurp(repo_.root() / ".summary.md").find("<!-- llmspend-comment -->"),
            std::string::npos);
}

TEST_F(Action, FailsOnlyOnAConfiguredPolicy) {
  repo_.write(".llmspend.yml", "policies:\n  max_monthly_increase: 0.01\n");
  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4.1\"\n");
  head_ = repo_.commit("policy");
  Outcome fail = run_action("o/r");
  EXPECT_EQ(fail.rc, 1) << fail.out << fail.err;
  EXPECT_NE(fail.out.find("::error::llmspend: a budget policy failed"), std::string::npos);
  EXPECT_EQ(api_.comments().size(), 1u);  // the comment is still posted
  Outcome advisory = run_action("o/r", "INPUT_FAIL_ON_POLICY=false");
  EXPECT_EQ(advisory.rc, 0) << advisory.out << advisory.err;
}

}  // namespace
}  // namespace llmspend::e2e

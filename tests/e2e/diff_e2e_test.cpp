// `llmspend diff` end to end on throw-away git repositories: each test commits a base, changes
// one thing, commits a head and checks what the JSON diff lists (and what it does not).
#include <nlohmann/json.hpp>

#include "git_fixture.h"

namespace llmspend::e2e {
namespace {

using Json = nlohmann::json;

constexpr const char* kConfig = "CHAT_MODEL = \"gpt-4o-mini\"\n";

std::string chat_py(const std::string& padding = "", const std::string& extra_args = "") {
  return "from openai import OpenAI\n"
         "from .config import CHAT_MODEL\n"
         "\n"
         "client = OpenAI()\n" +
         padding +
         "\n"
         "def reply(q):\n"
         "    return client.chat.completions.create(model=CHAT_MODEL" +
         extra_args + ", messages=[{\"role\": \"user\", \"content\": q}])\n";
}

std::string notebook() {
  return R"({"cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Eval"]},
  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
   "source": ["from openai import OpenAI\n", "client = OpenAI()\n",
              "r = client.chat.completions.create(model=\"gpt-4o\", messages=[])\n"]}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5})";
}

class Diff : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.write("app/__init__.py", "");
    repo_.write("app/config.py", kConfig);
    repo_.write("app/chat.py", chat_py());
  }
  std::string base() { return repo_.commit("base"); }
  /// `diff --base B --head H --format json`, parsed; the exit code must be `rc`.
  Json diff_json(const std::string& b, const std::string& h, int rc = 0) {
    Outcome r = repo_.llmspend("diff --base " + b + " --head " + h + " --format json");
    EXPECT_EQ(r.rc, rc) << r.err;
    Json j = Json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }
  GitFixture repo_;
};

TEST_F(Diff, AModelSwapInAConfigModuleRepricesTheSiteAndNamesTheCause) {
  const std::string b = base();
  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o\"\n");
  Json d = diff_json(b, repo_.commit("head"));
  ASSERT_EQ(d["changes"].size(), 1u) << d.dump(2);
  const Json& c = d["changes"][0];
  EXPECT_EQ(c["kind"], "changed");
  EXPECT_EQ(c["path"], "app/chat.py");
  EXPECT_EQ(c["before"]["model"], "gpt-4o-mini");
  EXPECT_EQ(c["after"]["model"], "gpt-4o");
  EXPECT_EQ(c["reasons"], Json::array({"model"}));
  EXPECT_EQ(c["cause"], (Json{{"path", "app/config.py"}, {"line", 1}}));
  EXPECT_EQ(d["schema_version"], 1);
  EXPECT_EQ(d["kind"], "diff");
  EXPECT_EQ(d["base"]["ref"], b);
}

TEST_F(Diff, ACallMovedFiftyLinesIsNotAChange) {
  const std::string b = base();
  std::string padding;
  for (int i = 0; i < 50; ++i) padding += "# filler line " + std::to_string(i) + "\n";
  repo_.write("app/chat.py", chat_py(padding));
  Json d = diff_json(b, repo_.commit("move"));
  EXPECT_TRUE(d["changes"].empty()) << d.dump(2);
  EXPECT_EQ(d["summary"]["unchanged"], 1);
  EXPECT_EQ(d["totals"]["delta_monthly"], "0.00");
}

TEST_F(Diff, ARenamedFileIsNotNewCost) {
  const std::string b = base();
  repo_.git("mv app/chat.py app/assistant.py");
  Json d = diff_json(b, repo_.commit("rename"));
  EXPECT_TRUE(d["changes"].empty()) << d.dump(2);
  EXPECT_EQ(d["summary"]["unchanged"], 1);
}

TEST_F(Diff, ANotebookSiteAddedAndAFileRemoved) {
  const std::string b = base();
  repo_.write("notebooks/eval.ipynb", notebook());
  repo_.remove("app/chat.py");
  Json d = diff_json(b, repo_.commit("notebook"));
  ASSERT_EQ(d["changes"].size(), 2u) << d.dump(2);
  std::map<std::string, Json> by_kind;
  for (const Json& c : d["changes"]) by_kind[c["kind"]] = c;
  EXPECT_EQ(by_kind["added"]["path"], "notebooks/eval.ipynb");
  EXPECT_EQ(by_kind["added"]["cell"], 1);
  EXPECT_EQ(by_kind["added"]["after"]["model"], "gpt-4o");
  EXPECT_EQ(by_kind["removed"]["path"], "app/chat.py");
  EXPECT_EQ(d["summary"]["added"], 1);
  EXPECT_EQ(d["summary"]["removed"], 1);
}

TEST_F(Diff, AMaxTokensChangeIsATokensChange) {
  const std::string b = base();
  repo_.write("app/chat.py", chat_py("", ", max_tokens=64"));
  Json d = diff_json(b, repo_.commit("tokens"));
  ASSERT_EQ(d["changes"].size(), 1u) << d.dump(2);
  EXPECT_EQ(d["changes"][0]["reasons"], Json::array({"tokens"}));
}

TEST_F(Diff, AUsageFileChangeIsAUsageChange) {
  repo_.write("llmspend-usage.yml",
              "version: 1\nsites:\n  \"app/chat.py::*\":\n    calls_per_month: 1000\n");
  const std::string b = base();
  repo_.write("llmspend-usage.yml",
              "version: 1\nsites:\n  \"app/chat.py::*\":\n    calls_per_month: 90000\n");
  Json d = diff_json(b, repo_.commit("usage"));
  ASSERT_EQ(d["changes"].size(), 1u) << d.dump(2);
  EXPECT_EQ(d["changes"][0]["reasons"], Json::array({"usage"}));
}

TEST_F(Diff, APriceTableChangeOnlyIsAPriceChange) {
  auto prices = [](const char* input) {
    return std::string(
               "{\"gpt-4o-mini\": {\"litellm_provider\": \"openai\", \"mode\": \"chat\", "
               "\"input_cost_per_token\": ") +
           input + ", \"output_cost_per_token\": 0.000002}}";
  };
  repo_.write(".llmspend.yml", "pricing_file: ops/prices.json\n");
  repo_.write("ops/prices.json", prices("0.000001"));
  const std::string b = base();
  repo_.write("ops/prices.json", prices("0.000003"));
  Json d = diff_json(b, repo_.commit("prices"));
  ASSERT_EQ(d["changes"].size(), 1u) << d.dump(2);
  EXPECT_EQ(d["changes"][0]["reasons"], Json::array({"price"}));
  EXPECT_EQ(d["changes"][0]["before"]["model"], d["changes"][0]["after"]["model"]);
}

TEST_F(Diff, AFailedPolicyExitsOneAfterPrintingTheReport) {
  repo_.write(".llmspend.yml", "policies:\n  max_monthly_increase: 1\n");
  const std::string b = base();
  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o\"\n");
  const std::string h = repo_.commit("head");
  Json d = diff_json(b, h, 1);
  EXPECT_EQ(d["policy"]["verdict"], "fail");
  EXPECT_EQ(d["policy"]["findings"][0]["rule"], "max_monthly_increase");
  Outcome comment =
      repo_.llmspend("diff --base " + b + " --head " + h + " --format github-comment");
  EXPECT_EQ(comment.rc, 1);
  EXPECT_NE(comment.out.find("Policy: ❌ failed"), std::string::npos) << comment.out;
  EXPECT_NE(comment.out.find("<!-- llmspend-comment -->"), std::string::npos);
}

TEST_F(Diff, WorkingTreeAgainstTheMergeBaseWithTheDefaultBranch) {
  base();
  repo_.git("checkout -q -b feature");
  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o\"\n");
  repo_.commit("feature work");
  repo_.write("app/chat.py", chat_py("", ", max_tokens=100"));  // uncommitted
  Outcome r = repo_.llmspend("diff --format json");
  ASSERT_EQ(r.rc, 0) << r.err;
  Json d = Json::parse(r.out);
  EXPECT_EQ(d["head"]["ref"], "working tree");
  ASSERT_EQ(d["changes"].size(), 1u);
  EXPECT_EQ(d["changes"][0]["reasons"], Json::array({"model", "tokens"}));
  Outcome table = repo_.llmspend("diff --no-color");
  EXPECT_NE(table.out.find("~  app/chat.py:7 (reply)  gpt-4o-mini → gpt-4o"), std::string::npos)
      << table.out;
}

TEST_F(Diff, IdenticalTreesAreAnalysedOnce) {
  const std::string b = base();
  const std::string h = repo_.commit("empty");
  Outcome r = repo_.llmspend("diff --base " + b + " --head " + h);
  EXPECT_EQ(r.rc, 0);
  EXPECT_NE(r.err.find("analysed once"), std::string::npos) << r.err;
}

TEST_F(Diff, UnchangedFilesAreParsedOnceAndStillResolvedPerSide) {
  const std::string b = base();
  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o\"\n");
  const std::string h = repo_.commit("head");
  Outcome r = repo_.llmspend("diff --base " + b + " --head " + h + " --format json");
  ASSERT_EQ(r.rc, 0) << r.err;
  // app/chat.py is the same blob on both sides: parsed once, but resolved against each side's
  // config.py, so the swap still shows.
  EXPECT_NE(r.err.find("1 unchanged files parsed once for both sides"), std::string::npos) << r.err;
  Json d = Json::parse(r.out);
  ASSERT_EQ(d["changes"].size(), 1u) << d.dump(2);
  EXPECT_EQ(d["changes"][0]["after"]["model"], "gpt-4o");
}

TEST_F(Diff, TwoJsonReportsAndCompareTo) {
  const std::string b = base();
  ASSERT_EQ(repo_.llmspend("scan . --format json --out-file base.json").rc, 0);
  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o\"\n");
  ASSERT_EQ(repo_.llmspend("scan . --format json --out-file head.json").rc, 0);
  Outcome pair = repo_.llmspend("diff base.json head.json --format json");
  ASSERT_EQ(pair.rc, 0) << pair.err;
  EXPECT_EQ(Json::parse(pair.out)["changes"].size(), 1u);
  Outcome compare = repo_.llmspend("diff --compare-to base.json . --format json");
  ASSERT_EQ(compare.rc, 0) << compare.err;
  EXPECT_EQ(Json::parse(compare.out)["changes"].size(), 1u);
}

TEST_F(Diff, UnknownRevisionsAndShallowClonesAreInputErrors) {
  base();
  Outcome r = repo_.llmspend("diff --base no-such-branch");
  EXPECT_EQ(r.rc, 3);
  EXPECT_NE(r.err.find("unknown revision `no-such-branch`"), std::string::npos) << r.err;
  repo_.write("app/config.py", "CHAT_MODEL = \"gpt-4o\"\n");
  repo_.commit("second");
  Outcome clone =
      shell(repo_.root(), "git clone -q --depth 1 file://" + repo_.root().string() + " shallow");
  ASSERT_EQ(clone.rc, 0) << clone.err;
  Outcome shallow = shell(repo_.root() / "shallow", "'" LLMSPEND_BIN "' diff --base HEAD~1");
  EXPECT_EQ(shallow.rc, 3);
  EXPECT_NE(shallow.err.find("fetch-depth: 0"), std::string::npos) << shallow.err;
  Outcome usage = repo_.llmspend("diff --format yaml");
  EXPECT_EQ(usage.rc, 2);
}

}  // namespace
}  // namespace llmspend::e2e

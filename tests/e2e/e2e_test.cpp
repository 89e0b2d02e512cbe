// The built binary, end to end: golden outputs on examples/ (UPDATE_GOLDEN=1 rewrites them),
// exit codes, --out-file, usage init, explain, prices; every JSON output is validated against
// docs/schemas/report-v1.schema.json and the report invariants.
#include <sstream>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace llmspend::e2e {
namespace {

TEST(Golden, ExamplesTable) {
  Outcome r = run("scan examples --no-color");
  ASSERT_EQ(r.rc, 0) << r.err;
  expect_golden("examples.table.txt", r.out);
}

TEST(Golden, ExamplesJson) {
  Outcome r = run("scan examples --format json");
  ASSERT_EQ(r.rc, 0) << r.err;
  expect_valid_report(r.out);
  expect_golden("examples.json", r.out);
}

TEST(Golden, ExamplesMarkdownCsvSarif) {
  for (const char* format : {"markdown", "csv", "sarif"}) {
    Outcome r = run(std::string("scan examples --format ") + format);
    ASSERT_EQ(r.rc, 0) << r.err;
    expect_golden(std::string("examples.") + format, r.out);
  }
}

TEST(Schema, ValidatorAndInvariantsCatchBrokenReports) {
  const std::string text = run("scan examples --format json").out;
  auto doc = nlohmann::json::parse(text);
  doc["sites"][0].erase("id");
  doc["sites"][1]["status"] = "cheap";
  doc["totals"]["monthly"] = 12;
  auto errors = validate(schema(), doc);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], "/sites/0: missing required key \"id\"");
  auto sums = nlohmann::json::parse(text);
  sums["totals"]["monthly"] = "1.00";
  EXPECT_FALSE(check_invariants(sums.dump(2) + "\n").empty());
}

TEST(Golden, SarifIsVersion210) {
  auto doc = nlohmann::json::parse(run("scan examples --format sarif").out);
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_FALSE(doc["runs"][0]["results"].empty());
}

TEST(Scan, IdenticalInputGivesByteIdenticalOutput) {
  Outcome a = run("scan examples --format json --jobs 1");
  Outcome b = run("breakdown examples/ --format json --jobs 2");
  ASSERT_EQ(a.rc, 0);
  EXPECT_EQ(a.out, b.out);
}

TEST(Scan, FixtureTreesGiveValidReports) {
  for (const char* root : {"tests/fixtures", "examples/support_bot examples/web"}) {
    Outcome r = run(std::string("scan ") + root + " --format json --quiet");
    ASSERT_EQ(r.rc, 0) << r.err;
    SCOPED_TRACE(root);
    expect_valid_report(r.out);
  }
}

TEST(Scan, UsageFileAndConfigChangeTheNumbers) {
  TempDir tmp;
  fs::copy(fs::path(kSource) / "examples", tmp.path() / "app", fs::copy_options::recursive);
  spit(tmp.path() / "app/.llmspend.yml", "default_models:\n  anthropic: claude-haiku-4-5\n");
  spit(tmp.path() / "app/llmspend-usage.yml", "defaults:\n  calls_per_month: 7\n");
  Outcome r = run("scan '" + (tmp.path() / "app").string() + "' --format json");
  ASSERT_EQ(r.rc, 0) << r.err;
  expect_valid_report(r.out);
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["summary"]["unresolved_model"], 0);
  for (const auto& s : doc["sites"]) {
    EXPECT_EQ(s["usage"]["calls_per_month"], 7);
    EXPECT_EQ(s["usage"]["sources"]["calls_per_month"], "usage_file_defaults");
  }
}

TEST(Scan, UsageFileEntriesThatPriceNothingAreReported) {
  TempDir tmp;
  fs::copy(fs::path(kSource) / "examples", tmp.path() / "app", fs::copy_options::recursive);
  std::string usage = slurp(tmp.path() / "app/llmspend-usage.yml");
  usage.replace(usage.find("SupportChat.reply"), 17, "SupportChat.respond");
  spit(tmp.path() / "app/llmspend-usage.yml", usage);
  const std::string app = "'" + (tmp.path() / "app").string() + "'";
  Outcome json = run("scan " + app + " --format json");
  ASSERT_EQ(json.rc, 0) << json.err;
  expect_valid_report(json.out);
  auto doc = nlohmann::json::parse(json.out);
  ASSERT_EQ(doc["diagnostics"].size(), 1u) << json.out;
  const auto& d = doc["diagnostics"][0];
  EXPECT_EQ(d["path"], "llmspend-usage.yml");
  EXPECT_EQ(d["line"], 9);
  EXPECT_EQ(d["code"], "usage-entry-unmatched");
  Outcome table = run("scan " + app + " --no-color");
  EXPECT_NE(table.out.find("\n Usage file entries that price nothing:\n   llmspend-usage.yml:9  "
                           "`sites` entry `support_bot/chat.py::SupportChat.respond::openai.chat."
                           "completions.create#0` matches no site in this scan, so it prices "
                           "nothing; did you mean `support_bot/chat.py::SupportChat.reply::openai."
                           "chat.completions.create#0`?\n"),
            std::string::npos)
      << table.out;
}

TEST(Scan, TranscriptionIsPricedByTheUsageFilesAudioMinutes) {
  TempDir tmp;
  spit(tmp.path() / "tr.py",
       "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef transcribe(path):\n"
       "    with open(path, \"rb\") as f:\n"
       "        return client.audio.transcriptions.create(model=\"whisper-1\", file=f)\n");
  const std::string dir = "'" + tmp.path().string() + "'";
  // No length: unknown, and usage init offers the line that prices it.
  ASSERT_EQ(run("usage init " + dir).rc, 0);
  const std::string written = slurp(tmp.path() / "llmspend-usage.yml");
  EXPECT_NE(
      written.find("    # audio_minutes: 1            # minutes of audio per call; set it "
                   "to price the site\n"),
      std::string::npos)
      << written;
  spit(tmp.path() / "llmspend-usage.yml", "apis:\n  transcription:\n    audio_minutes: 3\n");
  Outcome json = run("scan " + dir + " --format json");
  ASSERT_EQ(json.rc, 0) << json.err;
  expect_valid_report(json.out);
  const auto site = nlohmann::json::parse(json.out)["sites"][0];
  EXPECT_EQ(site["status"], "estimated");
  EXPECT_EQ(site["usage"]["units"], 180);
  EXPECT_EQ(site["usage"]["unit"], "second");
  EXPECT_EQ(site["usage"]["sources"]["units"], "usage_file_api");
  EXPECT_EQ(site["cost"]["monthly"], "18.00");  // 180 s × $0.0001 × 1,000 calls
  Outcome table = run("scan " + dir + " --no-color");
  EXPECT_NE(table.out.find("  180 seconds  tr.py:8 (transcribe)"), std::string::npos) << table.out;
}

TEST(ExitCodes, UsageErrorsAre2) {
  EXPECT_EQ(run("scan --no-such-flag").rc, 2);
  EXPECT_EQ(run("scan --format yaml examples").rc, 2);
  EXPECT_EQ(run("scan --prices-as-of 2025-13-01 examples").rc, 2);
  EXPECT_EQ(run("").rc, 2);
  EXPECT_EQ(run("--version").rc, 0);
  Outcome help = run("--help");
  EXPECT_EQ(help.rc, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
}

TEST(ExitCodes, InputErrorsAre3WithAMessageNamingTheProblem) {
  Outcome missing = run("scan no/such/dir");
  EXPECT_EQ(missing.rc, 3);
  EXPECT_NE(missing.err.find("no/such/dir: no such file or directory"), std::string::npos);
  TempDir tmp;
  spit(tmp.path() / ".llmspend.yml", "exclude: [x]\ndefault_model: {openai: gpt-4o}\n");
  Outcome config = run("scan '" + tmp.path().string() + "'");
  EXPECT_EQ(config.rc, 3);
  EXPECT_NE(config.err.find("did you mean `default_models`?"), std::string::npos) << config.err;
  spit(tmp.path() / "prices.json", "{\"not\": \"a price table\"");
  Outcome prices = run("scan examples --pricing-file '" + (tmp.path() / "prices.json").string() + "'");
  EXPECT_EQ(prices.rc, 3);
  EXPECT_NE(prices.err.find("prices.json"), std::string::npos) << prices.err;
  EXPECT_EQ(run("scan examples --usage-file no-such-usage.yml").rc, 3);
}

TEST(OutFile, WrittenAtomicallyAndEqualToStdout) {
  TempDir tmp;
  const fs::path out = tmp.path() / "report.json";
  Outcome r = run("scan examples --format json --out-file '" + out.string() + "'");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(slurp(out), run("scan examples --format json").out);
  const fs::path bad = tmp.path() / "no-such-dir" / "report.json";
  Outcome fail = run("scan examples --out-file '" + bad.string() + "'");
  EXPECT_EQ(fail.rc, 3);
  EXPECT_FALSE(fs::exists(bad.parent_path()));
  size_t entries = std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator());
  EXPECT_EQ(entries, 1u) << "a temporary file was left behind";
}

TEST(UsageInit, WritesEverySiteThenKeepsEditedLines) {
  TempDir tmp;
  fs::copy(fs::path(kSource) / "examples", tmp.path() / "app", fs::copy_options::recursive);
  fs::remove(tmp.path() / "app/llmspend-usage.yml");
  const std::string app = "'" + (tmp.path() / "app").string() + "'";
  ASSERT_EQ(run("usage init " + app).rc, 0);
  const fs::path file = tmp.path() / "app/llmspend-usage.yml";
  std::string first = slurp(file);
  auto ids = nlohmann::json::parse(run("scan " + app + " --format json").out)["sites"];
  for (const auto& s : ids) EXPECT_NE(first.find(s["id"].get<std::string>()), std::string::npos);
  // An edited file keeps its lines; a site it lacks is appended under `sites:`.
  std::string edited = first;
  edited.replace(edited.find("# preset: small"), 15, "preset: large  ");
  const std::string id = ids[0]["id"].get<std::string>();
  const size_t at = edited.find("  \"" + id + "\":");
  edited.erase(at, edited.find("\n  #", at + 1) - at + 1);
  spit(file, edited);
  ASSERT_EQ(run("usage init " + app).rc, 0);
  std::string second = slurp(file);
  EXPECT_EQ(second.substr(0, at), edited.substr(0, at));
  EXPECT_NE(second.find(id), std::string::npos);
  EXPECT_NE(run("scan " + app + " --format json").out.find("preset:large"), std::string::npos);
  Outcome again = run("usage init " + app);
  EXPECT_EQ(slurp(file), second);
  EXPECT_NE(again.err.find("unchanged"), std::string::npos);
}

TEST(Explain, ShowsTheChainAndTheArithmetic) {
  Outcome r = run("explain support_bot/chat.py:21 examples");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("gpt-4o-mini"), std::string::npos);
  EXPECT_NE(r.out.find("per call ="), std::string::npos);
  EXPECT_NE(r.out.find("usage_file"), std::string::npos);
  Outcome json = run("explain support_bot/chat.py:21 examples --format json");
  expect_valid_report(json.out);
  Outcome none = run("explain support_bot/chat.py:1 examples");
  EXPECT_EQ(none.rc, 3);
}

/// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// Index of the first line starting with `prefix`, or -1.
int line_starting(const std::vector<std::string>& lines, const std::string& prefix) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
  }
  return -1;
}

TEST(Explain, NumbersTheResolutionChainBetweenTheModelAndThePrice) {
  // support_bot/search.py: `config.SEARCH.embedding_model`, a settings object in config.py.
  Outcome r = run("explain support_bot/search.py:10 examples");
  ASSERT_EQ(r.rc, 0) << r.err;
  auto lines = lines_of(r.out);
  const int model = line_starting(lines, "  model ");
  const int chain = line_starting(lines, "  chain       1. support_bot/search.py:4  ");
  const int price = line_starting(lines, "  price ");
  ASSERT_GE(chain, 0) << r.out;
  EXPECT_EQ(chain, model + 1) << r.out;
  EXPECT_EQ(lines[chain + 1].rfind("              2. support_bot/config.py:15  ", 0), 0u) << r.out;
  EXPECT_EQ(lines[chain + 2].rfind("              3. support_bot/config.py:11  ", 0), 0u) << r.out;
  EXPECT_EQ(price, chain + 3) << r.out;
  // A literal at the call: nothing was followed, so no chain.
  Outcome literal = run("explain support_bot/summarize.py:8 examples");
  ASSERT_EQ(literal.rc, 0) << literal.err;
  EXPECT_EQ(line_starting(lines_of(literal.out), "  chain"), -1) << literal.out;
}

TEST(Explain, ChainStepsInANotebookNameTheirCell) {
  TempDir tmp;
  spit(tmp.path() / "eval.ipynb", R"({"cells": [
    {"cell_type": "markdown", "metadata": {}, "source": ["# Eval\n"]},
    {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
     "source": ["from openai import OpenAI\n", "MODEL = \"gpt-4o\"\n"]},
    {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
     "source": ["client = OpenAI()\n", "model = MODEL\n",
                "client.chat.completions.create(model=model, messages=[])\n"]}],
  "metadata": {}, "nbformat": 4, "nbformat_minor": 5})");
  Outcome r = run("explain eval.ipynb:3 '" + tmp.path().string() + "'");
  ASSERT_EQ(r.rc, 0) << r.err;
  auto lines = lines_of(r.out);
  const int chain = line_starting(lines, "  chain       1. eval.ipynb cell 2:2  ");
  ASSERT_GE(chain, 0) << r.out;
  EXPECT_EQ(lines[chain + 1].rfind("              2. eval.ipynb cell 1:2  ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("from eval.ipynb cell 1:2"), std::string::npos) << r.out;
}

TEST(Explain, TakesANotebookLocationAsScanPrintsIt) {
  TempDir tmp;
  const std::string call = R"("client.chat.completions.create(model=\"gpt-4o\", messages=[])\n")";
  const std::string cell = R"({"cell_type": "code", "metadata": {}, "execution_count": null,
    "outputs": [], "source": ["from openai import OpenAI\n", "client = OpenAI()\n", )" +
                           call + "]}";
  spit(tmp.path() / "nb.ipynb", "{\"cells\": [" + cell + ", " + cell +
                                    "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
  const std::string dir = "'" + tmp.path().string() + "'";
  Outcome both = run("explain nb.ipynb:3 " + dir);
  ASSERT_EQ(both.rc, 0) << both.err;
  EXPECT_NE(both.out.find("nb.ipynb cell 0:3:1"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("nb.ipynb cell 1:3:1"), std::string::npos) << both.out;
  Outcome one = run("explain 'nb.ipynb cell 1:3' " + dir);
  ASSERT_EQ(one.rc, 0) << one.err;
  EXPECT_EQ(one.out.find("nb.ipynb cell 0:3"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("nb.ipynb cell 1:3:1"), std::string::npos) << one.out;
  EXPECT_EQ(run("explain 'nb.ipynb cell 7:3' " + dir).rc, 3);
  EXPECT_EQ(run("explain nb.ipynb:99999999999999999999 " + dir).rc, 3);
}

TEST(Explain, TextFromTheCodeCannotDriveTheTerminal) {
  TempDir tmp;
  const std::string dir = "ctrl\x1b[31m";
  spit(tmp.path() / dir / "app.py",
       "from openai import OpenAI\nclient = OpenAI()\ndef ask(q):\n"
       "    return client.chat.completions.create(model=\"gpt-4o\", messages=[])\n");
  Outcome r = run("explain \"$(printf 'ctrl\\033[31m')/app.py:4\" '" + tmp.path().string() + "'");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("ctrl\\x1b[31m/app.py:4"), std::string::npos) << r.out;
}

TEST(Explain, ShowsTheReasoningRateInTheArithmetic) {
  // notebooks/eval.ipynb: gemini-2.5-flash reasons by default.
  Outcome r = run("explain notebooks/eval.ipynb:3 examples");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("+ 2,500 × $2.5/1M (reasoning)"), std::string::npos) << r.out;
}

TEST(Explain, TheArithmeticShowsCacheHitsAndBatchShare) {
  TempDir tmp;
  fs::copy(fs::path(kSource) / "examples", tmp.path() / "app", fs::copy_options::recursive);
  spit(tmp.path() / "app/llmspend-usage.yml",
       "sites:\n  \"support_bot/summarize.py::*\":\n    input_tokens: 1000\n"
       "    output_tokens: 100\n    cache_hit_rate: 0.6\n    batch_share: 0.25\n");
  Outcome r = run("explain support_bot/summarize.py:8 '" + (tmp.path() / "app").string() + "'");
  ASSERT_EQ(r.rc, 0) << r.err;
  // claude-sonnet-4-5: $3 in, $0.3 cached, $15 out; batch half price without a cached rate.
  // standard 1000 × (0.4 × 3 + 0.6 × 0.3) + 100 × 15 = 0.00288; batch 0.0015 + 0.00075
  // = 0.00225; 75% × 0.00288 + 25% × 0.00225 = 0.0027225.
  EXPECT_NE(r.out.find("per call = 1,000 × $3/1M × 40% + 1,000 × $0.3/1M × 60% cached + 100 × "
                       "$15/1M, with 25% of calls at batch prices = $0.0027225"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("60% cache hits (usage_file_pattern) · 25% batch (usage_file_pattern)"),
            std::string::npos);
}

TEST(Prices, LooksUpAndSuggests) {
  Outcome r = run("prices gpt-4o-mini --format json");
  ASSERT_EQ(r.rc, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_FALSE(doc["models"].empty());
  EXPECT_EQ(doc["models"][0]["model_key"], "gpt-4o-mini");
  Outcome typo = run("prices gpt-4o-mnii");
  EXPECT_EQ(typo.rc, 3);
  EXPECT_NE(typo.err.find("did you mean"), std::string::npos);
  EXPECT_EQ(run("prices --list --provider anthropic").rc, 0);
}

}  // namespace
}  // namespace llmspend::e2e

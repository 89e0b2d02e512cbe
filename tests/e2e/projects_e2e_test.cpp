// Monorepo projects end to end, on tests/e2e/monorepo (three projects, a root usage file, a
// project usage file found by convention and one named in the config, sites outside every
// project): goldens in every format, the same numbers whichever directory is scanned, the
// errors of a bad `projects` block, explain, usage init and diff.
#include <string>

#include "e2e_support.h"

namespace llmspend::e2e {
namespace {

const std::string kMonorepo = "tests/e2e/monorepo";

nlohmann::json scan_json(const std::string& args) {
  Outcome r = run("scan " + args + " --format json");
  EXPECT_EQ(r.rc, 0) << r.err;
  expect_valid_report(r.out);
  return nlohmann::json::parse(r.out, nullptr, false);
}

const nlohmann::json* site_at(const nlohmann::json& doc, const std::string& path_suffix) {
  for (const auto& s : doc["sites"]) {
    const std::string p = s["path"];
    if (p.size() >= path_suffix.size() &&
        p.compare(p.size() - path_suffix.size(), path_suffix.size(), path_suffix) == 0) {
      return &s;
    }
  }
  return nullptr;
}

TEST(Projects, GoldenInEveryFormat) {
  Outcome table = run("scan " + kMonorepo + " --no-color");
  ASSERT_EQ(table.rc, 0) << table.err;
  expect_golden("monorepo.table.txt", table.out);
  Outcome json = run("scan " + kMonorepo + " --format json");
  expect_valid_report(json.out);
  expect_golden("monorepo.json", json.out);
  for (const char* format : {"markdown", "csv"}) {
    Outcome r = run("scan " + kMonorepo + " --format " + format);
    ASSERT_EQ(r.rc, 0) << r.err;
    expect_golden(std::string("monorepo.") + format, r.out);
  }
}

TEST(Projects, EachSiteGetsItsProjectAndItsProjectsUsageFile) {
  auto doc = scan_json(kMonorepo);
  const auto* api = site_at(doc, "services/api/app.py");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ((*api)["project"], "api");
  // The api project's own file speaks first; the root file fills what it leaves unset.
  EXPECT_EQ((*api)["usage"]["calls_per_month"], 30000);
  EXPECT_EQ((*api)["usage"]["sources"]["calls_per_month"], "project_usage_file_defaults");
  EXPECT_EQ((*api)["usage"]["input_tokens"], 1500);
  EXPECT_EQ((*api)["usage"]["sources"]["input_tokens"], "project_usage_file");
  EXPECT_EQ((*api)["usage"]["output_tokens"], 120);
  EXPECT_EQ((*api)["usage"]["sources"]["output_tokens"], "usage_file_pattern");
  const auto* worker = site_at(doc, "workers/embed.py");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ((*worker)["project"], "workers") << "the longest project path wins";
  EXPECT_EQ((*worker)["usage"]["sources"]["calls_per_month"], "usage_file_defaults");
  const auto* web = site_at(doc, "apps/web/src/summary.ts");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ((*web)["usage"]["sources"]["calls_per_month"], "project_preset:medium");
  const auto* script = site_at(doc, "scripts/backfill.py");
  ASSERT_NE(script, nullptr);
  EXPECT_TRUE((*script)["project"].is_null());
  const auto& last = doc["totals"]["by_project"].back();
  EXPECT_TRUE(last["project"].is_null()) << "sites outside every project come last";
  EXPECT_EQ(last["not_priced"], 1);
}

TEST(Projects, ScanningAProjectDirectoryGivesItsSitesTheSameNumbers) {
  auto whole = scan_json(kMonorepo);
  auto part = scan_json(kMonorepo + "/services/api");
  // The root usage file speaks for the whole repository: a scan of a part cannot tell which of
  // its entries are stale, so it does not warn about the ones for other parts.
  EXPECT_TRUE(whole["diagnostics"].empty()) << whole["diagnostics"];
  EXPECT_TRUE(part["diagnostics"].empty()) << part["diagnostics"];
  for (const char* file : {"app.py", "workers/embed.py"}) {
    SCOPED_TRACE(file);
    const auto* a = site_at(whole, std::string("services/api/") + file);
    const auto* b = site_at(part, file);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ((*b)["path"], file);
    EXPECT_EQ((*a)["project"], (*b)["project"]);
    EXPECT_EQ((*a)["usage"], (*b)["usage"]);
    EXPECT_EQ((*a)["cost"], (*b)["cost"]);
  }
}

TEST(Projects, AReportWithoutProjectsHasNoProjectFields) {
  auto doc = scan_json("examples");
  EXPECT_FALSE(doc["totals"].contains("by_project"));
  for (const auto& s : doc["sites"]) EXPECT_FALSE(s.contains("project"));
  EXPECT_EQ(run("scan examples --no-color").out.find("PROJECT"), std::string::npos);
}

TEST(Projects, ABadProjectsBlockStopsTheRunWithTheLineAndTheFix) {
  TempDir tmp;
  fs::copy(fs::path(kSource) / kMonorepo, tmp.path() / "repo", fs::copy_options::recursive);
  const fs::path config = tmp.path() / "repo/.llmspend.yml";
  const std::string repo = "'" + (tmp.path() / "repo").string() + "'";
  spit(config, "projects:\n  - name: api\n    path: services/api\n    usage_fil: u.yml\n");
  Outcome typo = run("scan " + repo);
  EXPECT_EQ(typo.rc, 3);
  EXPECT_NE(typo.err.find(".llmspend.yml:4: unknown key `usage_fil` in a project; did you mean "
                          "`usage_file`?"),
            std::string::npos)
      << typo.err;
  spit(config, "projects:\n  - name: web\n    path: apps/web\n    usage_file: nowhere.yml\n");
  Outcome missing = run("scan " + repo);
  EXPECT_EQ(missing.rc, 3);
  EXPECT_NE(missing.err.find("nowhere.yml: cannot read the file; check the path (the usage file "
                             "of project `web`, "),
            std::string::npos)
      << missing.err;
}

TEST(Projects, ExplainNamesTheProject) {
  Outcome r = run("explain services/api/app.py:7 " + kMonorepo);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("  project     api (services/api)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("30,000 calls/month (project_usage_file_defaults)"), std::string::npos);
  Outcome outside = run("explain scripts/backfill.py:14 " + kMonorepo);
  EXPECT_NE(outside.out.find("  project     none (outside every project path)\n"),
            std::string::npos)
      << outside.out;
}

/// A copy of the monorepo in a temp dir.
struct MonorepoCopy {
  TempDir tmp;
  fs::path root = tmp.path() / "repo";
  MonorepoCopy() { fs::copy(fs::path(kSource) / kMonorepo, root, fs::copy_options::recursive); }
  std::string quoted() const { return "'" + root.string() + "'"; }
  std::string read(const std::string& rel) const { return slurp(root / rel); }
};

TEST(Projects, UsageInitWritesEachProjectsSitesToItsOwnFile) {
  MonorepoCopy repo;
  fs::remove(repo.root / "services/api/llmspend-usage.yml");
  const std::string web_before = repo.read("apps/web/traffic.yml");
  const std::string root_before = repo.read("llmspend-usage.yml");
  Outcome r = run("usage init " + repo.quoted());
  ASSERT_EQ(r.rc, 0) << r.err;
  // A project's file names its sites relative to the project, and starts by saying so.
  const std::string api = repo.read("services/api/llmspend-usage.yml");
  EXPECT_EQ(api.rfind("# The usage file of project `api` (services/api)", 0), 0u) << api;
  EXPECT_NE(api.find("\n  \"app.py::answer::openai.chat.completions.create#0\":\n"),
            std::string::npos)
      << api;
  EXPECT_EQ(api.find("workers"), std::string::npos) << "workers is a project of its own";
  EXPECT_NE(repo.read("services/api/workers/llmspend-usage.yml").find("\"embed.py::embed::"),
            std::string::npos);
  // Existing files keep every line; the sites they lack are added.
  const std::string web = repo.read("apps/web/traffic.yml");
  EXPECT_EQ(web.substr(0, web_before.size()), web_before);
  EXPECT_NE(web.find("\"src/summary.ts::summarize::"), std::string::npos) << web;
  const std::string root = repo.read("llmspend-usage.yml");
  EXPECT_EQ(root.substr(0, root_before.size()), root_before);
  EXPECT_NE(root.find("\"scripts/backfill.py::summarize::"), std::string::npos) << root;
  EXPECT_EQ(root.find("\"services/api/app.py::answer::"), std::string::npos)
      << "a project's site goes to the project's file only";
  // Again, from the monorepo or from inside a project: nothing left to add.
  for (const std::string& dir :
       {repo.quoted(), "'" + (repo.root / "services/api").string() + "'"}) {
    Outcome again = run("usage init " + dir);
    ASSERT_EQ(again.rc, 0) << again.err;
    EXPECT_EQ(again.err.find("added"), std::string::npos) << again.err;
  }
  EXPECT_EQ(repo.read("services/api/llmspend-usage.yml"), api);
  EXPECT_EQ(repo.read("llmspend-usage.yml"), root);
}

TEST(Projects, DiffReadsEachRevisionsProjectUsageFiles) {
  MonorepoCopy repo;
  const std::string git =
      "cd " + repo.quoted() + " && git -c user.name=t -c user.email=t@example.com ";
  ASSERT_EQ(
      std::system(
          (git + "init -q -b main && " + git + "add -A && " + git + "commit -qm base").c_str()),
      0);
  std::string api = repo.read("services/api/llmspend-usage.yml");
  api.replace(api.find("30000"), 5, "60000");
  spit(repo.root / "services/api/llmspend-usage.yml", api);
  ASSERT_EQ(std::system((git + "commit -qam 'more traffic'").c_str()), 0);
  Outcome r = run("diff " + repo.quoted() + " --base HEAD~1 --head HEAD --format json");
  ASSERT_EQ(r.rc, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["changes"].size(), 1u) << r.out;
  const auto& change = doc["changes"][0];
  EXPECT_EQ(change["path"], "services/api/app.py");
  EXPECT_EQ(change["before"]["monthly"], "23.76");
  EXPECT_EQ(change["after"]["monthly"], "47.52");
  EXPECT_EQ(change["reasons"], nlohmann::json::array({"usage"}));
}

}  // namespace
}  // namespace llmspend::e2e

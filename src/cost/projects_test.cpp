// Monorepo projects: the `projects:` block of .llmspend.yml, placing sites in projects whichever
// directory is scanned, and the project's usage file in front of the root one.
#include "cost/projects.h"

#include <gtest/gtest.h>

#include "cost/config.h"
#include "cost/usage_file.h"

namespace llmspend::cost {
namespace {

const char* kProjects = R"(projects:
  - name: api
    path: services/api/
  - name: workers
    path: ./services/api/workers
  - {name: web, path: apps/web, usage_file: apps/web/usage.yml}
)";

Config config() {
  auto c = parse_config(kProjects, "/repo/.llmspend.yml");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? *c : Config{};
}

std::string error_of(const std::string& yaml) {
  auto c = parse_config(yaml, "/r/.llmspend.yml");
  return c.ok() ? "" : c.error().message;
}

TEST(ProjectsConfig, ParsesNamesNormalisedPathsAndUsageFiles) {
  Config c = config();
  ASSERT_EQ(c.projects.size(), 3u);
  EXPECT_EQ(c.projects[0].name, "api");
  EXPECT_EQ(c.projects[0].path, "services/api");
  EXPECT_EQ(c.projects[0].usage_file, "");
  EXPECT_EQ(c.projects[0].default_usage_file(c.dir), "/repo/services/api/llmspend-usage.yml");
  EXPECT_EQ(c.projects[1].path, "services/api/workers");
  EXPECT_EQ(c.projects[2].usage_file, "/repo/apps/web/usage.yml");
  EXPECT_EQ(c.projects[2].line, 6);
  auto whole = parse_config("projects: [{name: all, path: .}]\n", "/r/.llmspend.yml");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->projects[0].path, ".");
}

TEST(ProjectsConfig, UnknownKeysAreErrorsWithASuggestion) {
  EXPECT_EQ(error_of("projects:\n  - name: a\n    path: a\n    usage_fle: a.yml\n"),
            "/r/.llmspend.yml:4: unknown key `usage_fle` in a project; did you mean `usage_file`?");
  EXPECT_EQ(error_of("projects:\n  - {name: a, path: a, calls_per_month: 5}\n"),
            "/r/.llmspend.yml:2: unknown key `calls_per_month` in a project; known keys: name, "
            "path, usage_file");
  EXPECT_EQ(error_of("project:\n  - {name: a, path: a}\n"),
            "/r/.llmspend.yml:1: unknown key `project` in the config file; did you mean "
            "`projects`?");
}

TEST(ProjectsConfig, EveryMistakeNamesTheLineAndTheFix) {
  EXPECT_EQ(error_of("projects:\n  - name: a\n"),
            "/r/.llmspend.yml:2: a project needs `name` and `path`, e.g. `{name: api, path: "
            "services/api}`");
  EXPECT_EQ(error_of("projects: {name: a, path: a}\n"),
            "/r/.llmspend.yml:1: `projects` must be a list of {name, path, usage_file}");
  EXPECT_EQ(error_of("projects:\n  - {name: a, path: /srv/a}\n"),
            "/r/.llmspend.yml:2: project path `/srv/a` must be relative to the config file's "
            "directory");
  EXPECT_EQ(error_of("projects:\n  - {name: a, path: x}\n  - {name: a, path: y}\n"),
            "/r/.llmspend.yml:3: a second project with the name `a` (the first is on line 2); "
            "give each project its own name and path");
  EXPECT_EQ(error_of("projects:\n  - {name: a, path: x}\n  - {name: b, path: ./x/}\n"),
            "/r/.llmspend.yml:3: a second project with the path `x` (the first is on line 2); "
            "give each project its own name and path");
  EXPECT_EQ(error_of("projects:\n  - {name: '', path: x}\n"),
            "/r/.llmspend.yml:2: `name` must be a non-empty string");
}

std::string placed(const ProjectMap& m, const std::string& site_path) {
  auto p = m.place(site_path);
  return p ? p->project->name + " " + p->path : "-";
}

TEST(ProjectMap, TheLongestProjectPathHoldingTheSiteWins) {
  Config c = config();
  ProjectMap m(c.projects, "/repo", "/repo");
  EXPECT_EQ(placed(m, "services/api/app.py"), "api app.py");
  EXPECT_EQ(placed(m, "services/api/workers/embed.py"), "workers embed.py");
  EXPECT_EQ(placed(m, "services/api/workers.py"), "api workers.py");
  EXPECT_EQ(placed(m, "services/apix/app.py"), "-") << "a path prefix is not a directory";
  EXPECT_EQ(placed(m, "apps/web/src/chat.ts"), "web src/chat.ts");
  EXPECT_EQ(placed(m, "scripts/backfill.py"), "-");
}

TEST(ProjectMap, TheSameSiteLandsInTheSameProjectWhicheverDirectoryIsScanned) {
  Config c = config();
  EXPECT_EQ(placed(ProjectMap(c.projects, "/repo", "/repo/services/api"), "app.py"), "api app.py");
  EXPECT_EQ(placed(ProjectMap(c.projects, "/repo", "/repo/services/api/"), "workers/x.py"),
            "workers x.py");
  EXPECT_EQ(placed(ProjectMap(c.projects, "/repo", "/repo/services/api/lib"), "y.py"),
            "api lib/y.py");
  EXPECT_EQ(placed(ProjectMap(c.projects, "/repo", "/repo/services"), "api/app.py"), "api app.py");
  // Several scanned paths: site paths are relative to the current directory.
  EXPECT_EQ(placed(ProjectMap(c.projects, "/repo", "/repo/apps/../."), "apps/web/a.ts"),
            "web a.ts");
}

TEST(ProjectMap, SitesOutsideTheConfigDirectoryAreInNoProject) {
  Config c = config();
  EXPECT_EQ(placed(ProjectMap(c.projects, "/repo", "/elsewhere"), "services/api/app.py"), "-");
  EXPECT_EQ(placed(ProjectMap(c.projects, "/repo", "/repo/services"), "../x/services/api/a.py"),
            "-");
  auto all = parse_config("projects: [{name: all, path: .}, {name: api, path: api}]\n",
                          "/repo/.llmspend.yml");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(placed(ProjectMap(all->projects, "/repo", "/repo"), "x/y.py"), "all x/y.py");
  EXPECT_EQ(placed(ProjectMap(all->projects, "/repo", "/repo"), "api/y.py"), "api y.py");
}

TEST(ProjectMap, IdsAreRewrittenToTheProjectsOwnPaths) {
  EXPECT_EQ(project_relative_id("services/api/app.py::answer::openai.chat.completions.create#0",
                                "services/api/app.py", "app.py"),
            "app.py::answer::openai.chat.completions.create#0");
  EXPECT_EQ(project_relative_id("nb.ipynb::::google.models.generate_content#1", "nb.ipynb",
                                "notebooks/nb.ipynb"),
            "notebooks/nb.ipynb::::google.models.generate_content#1");
}

UsageFile usage(const std::string& yaml, const std::string& origin) {
  auto f = parse_usage_file(yaml, origin);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  return f.ok() ? *f : UsageFile{};
}

TEST(ProjectUsage, TheProjectsFileSpeaksFirstAndTheRootFileFillsTheRest) {
  UsageFile project = usage(R"(defaults:
  calls_per_month: 30000
sites:
  "app.py::answer::*":
    input_tokens: 1500
)",
                            "services/api/llmspend-usage.yml");
  UsageFile root = usage(R"(preset: large
sites:
  "services/api/app.py::*":
    calls_per_month: 99999
    output_tokens: 123
)",
                         "llmspend-usage.yml");
  UsageValues config;
  config.cache_hit_ppm = 500'000;
  const std::string id = "services/api/app.py::answer::openai.chat.completions.create#0";
  std::vector<UsageLayer> layers = {
      {&project,
       {"app.py::answer::openai.chat.completions.create#0", "app.py", "chat", "openai", "gpt-4o"},
       "project_"},
      {&root, {id, "services/api/app.py", "chat", "openai", "gpt-4o"}, ""}};
  UsageLookup u = lookup_usage(layers, &config);
  EXPECT_EQ(*u.calls_per_month.value, 30000);
  EXPECT_EQ(u.calls_per_month.source, "project_usage_file_defaults")
      << "a project's defaults come before the root file's site entries";
  EXPECT_EQ(*u.input_tokens.value, 1500);
  EXPECT_EQ(u.input_tokens.source, "project_usage_file_pattern");
  EXPECT_EQ(*u.output_tokens.value, 123);
  EXPECT_EQ(u.output_tokens.source, "usage_file_pattern");
  EXPECT_EQ(*u.cache_hit_ppm.value, 500'000);
  EXPECT_EQ(u.cache_hit_ppm.source, "config");
  // Without the project's file the root file decides alone, preset included.
  UsageLookup alone = lookup_usage({layers[1]}, nullptr);
  EXPECT_EQ(*alone.calls_per_month.value, 99999);
  UsageFile preset = usage("preset: medium\n", "apps/web/usage.yml");
  UsageLookup web = lookup_usage({{&preset, layers[0].site, "project_"}, layers[1]}, nullptr);
  EXPECT_EQ(web.calls_per_month.source, "project_preset:medium");
  EXPECT_EQ(*web.calls_per_month.value, 10000);
}

}  // namespace
}  // namespace llmspend::cost

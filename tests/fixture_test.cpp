// The fixture harness (docs: tests/fixtures/README.md). Every case under tests/fixtures/<area>/
// <lang>/<case> is analysed as its own project; the `expect:` comments in its files are the
// expected sites, and any other reported site is a failure. With LLMSPEND_FIXTURE_REPORT=<file>
// a TSV line per expectation (found / provider / model right) is appended, for accuracy figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "pipeline/analyze.h"
#include "scan/source_file.h"

namespace llmspend {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(LLMSPEND_SOURCE_DIR) / "tests" / "fixtures";

struct Expectation {
  std::string file;
  int cell = -1;
  int line = 0;
  std::map<std::string, std::string> keys;
  std::string text;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Expectations of one source text: `expect:` comment lines apply to the next code line.
void scan_lines(const std::vector<std::string>& lines, const std::string& file, int cell,
                std::vector<Expectation>& out) {
  std::vector<Expectation> pending;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = core::trim(lines[i]);
    size_t pos = t.find("expect:");
    bool comment = t.rfind("#", 0) == 0 || t.rfind("//", 0) == 0 || t.rfind("{/*", 0) == 0;
    if (comment && pos != std::string_view::npos) {
      Expectation e;
      e.file = file;
      e.cell = cell;
      e.text = std::string(t.substr(pos));
      std::string_view body = t.substr(pos + 7);
      if (body.size() >= 2 && body.substr(body.size() - 2) == "*/") body.remove_suffix(2);
      if (body.size() >= 3 && body.substr(body.size() - 3) == "*/}") body.remove_suffix(3);
      for (std::string_view kv : core::split(core::trim(body), ' ')) {
        size_t eq = kv.find('=');
        if (eq != std::string_view::npos) e.keys[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
      }
      pending.push_back(std::move(e));
      continue;
    }
    if (t.empty() || pending.empty()) continue;
    for (auto& e : pending) {
      e.line = static_cast<int>(i) + 1;
      out.push_back(std::move(e));
    }
    pending.clear();
  }
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto l : core::split(text, '\n')) out.emplace_back(l);
  return out;
}

void expectations_of(const fs::path& file, const std::string& rel, std::vector<Expectation>& out) {
  std::string text = read_file(file);
  if (file.extension() != ".ipynb") {
    scan_lines(split_lines(text), rel, -1, out);
    return;
  }
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.contains("cells")) return;
  int index = 0;
  for (const auto& cell : doc["cells"]) {
    if (cell.value("cell_type", "") == "code") {
      std::string src;
      if (cell["source"].is_string()) src = cell["source"].get<std::string>();
      else for (const auto& l : cell["source"]) src += l.get<std::string>();
      scan_lines(split_lines(src), rel, index, out);
    }
    ++index;
  }
}

std::vector<Expectation> case_expectations(const fs::path& root) {
  std::vector<Expectation> out;
  if (fs::is_regular_file(root)) {
    expectations_of(root, root.filename().string(), out);
    return out;
  }
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || !scan::language_for_path(e.path().string())) continue;
    expectations_of(e.path(), fs::relative(e.path(), root).generic_string(), out);
  }
  return out;
}

std::string actual_value(const resolve::ResolvedSite& s, const std::string& key) {
  if (key == "provider") return s.provider;
  if (key == "api") return s.api;
  if (key == "sdk") return s.sdk;
  if (key == "source") return s.model_source;
  if (key == "billable") return s.billable ? "true" : "false";
  if (key == "model") {
    if (s.model) return *s.model;
    if (s.model_candidates.empty()) return "?";
    std::string out;
    for (const auto& c : s.model_candidates) out += (out.empty() ? "" : "|") + c;
    return out;
  }
  if (key == "via") {  // the resolution chain: path:line of each step, outermost first
    std::string out;
    for (const auto& t : s.model_trace) {
      out += fmt::format("{}{}{}:{}", out.empty() ? "" : ",", t.path, t.cell ? fmt::format("[{}]", *t.cell) : "", t.line);
    }
    return out.empty() ? "-" : out;
  }
  return "<unsupported key " + key + ">";
}

bool value_matches(const std::string& key, const std::string& want, const std::string& got) {
  if (key != "model" || want.find('|') == std::string::npos) return want == got;
  auto a = core::split(want, '|'), b = core::split(got, '|');
  return std::set<std::string_view>(a.begin(), a.end()) == std::set<std::string_view>(b.begin(), b.end());
}

std::string describe(const resolve::ResolvedSite& s) {
  return fmt::format("provider={} api={} sdk={} model={} source={} billable={}{}", s.provider, s.api, s.sdk,
                     actual_value(s, "model"), s.model_source, s.billable ? "true" : "false",
                     s.unresolved_reason.empty() ? "" : " (" + s.unresolved_reason + ")");
}

void report_line(const std::string& case_name, const Expectation& e, const resolve::ResolvedSite* s) {
  const char* path = std::getenv("LLMSPEND_FIXTURE_REPORT");
  if (!path) return;
  std::ofstream out(path, std::ios::app);
  auto ok = [&](const char* k) {
    if (!s) return std::string("0");
    auto it = e.keys.find(k);
    return std::string(it == e.keys.end() || value_matches(k, it->second, actual_value(*s, k)) ? "1" : "0");
  };
  out << case_name << '\t' << e.file << ':' << e.line << '\t' << (s ? 1 : 0) << '\t' << ok("provider") << '\t'
      << ok("model") << '\t' << ok("source") << '\t' << ok("api") << '\t' << e.text << '\t'
      << (s ? describe(*s) : "-") << '\n';
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, ReportsExactlyTheExpectedSites) {
  fs::path root = kRoot / GetParam();
  scan::DiskSource source(root.string(), {});
  pipeline::AnalyzeOptions options;
  options.jobs = 1;
  auto result = pipeline::analyze(options, source);
  auto expected = case_expectations(root);

  std::map<std::tuple<std::string, int, int>, std::vector<const resolve::ResolvedSite*>> actual;
  for (const auto& s : result.sites) actual[{s.path, s.cell.value_or(-1), s.start_line}].push_back(&s);

  for (const auto& e : expected) {
    auto& here = actual[{e.file, e.cell, e.line}];
    const resolve::ResolvedSite* best = nullptr;
    size_t best_score = 0;
    for (auto* s : here) {
      size_t score = 1;
      for (const auto& [k, v] : e.keys) score += value_matches(k, v, actual_value(*s, k)) ? 1 : 0;
      if (!best || score > best_score) { best = s; best_score = score; }
    }
    report_line(GetParam(), e, best);
    std::string where = fmt::format("{}{}:{}", e.file, e.cell >= 0 ? fmt::format("[cell {}]", e.cell) : "", e.line);
    if (!best) {
      ADD_FAILURE() << where << ": expected a site (" << e.text << "), none reported";
      continue;
    }
    for (const auto& [k, v] : e.keys) {
      EXPECT_TRUE(value_matches(k, v, actual_value(*best, k)))
          << where << ": " << k << " expected " << v << ", got " << actual_value(*best, k) << "\n  site: "
          << describe(*best);
    }
    here.erase(std::find(here.begin(), here.end(), best));
  }
  for (const auto& [loc, sites] : actual) {
    for (auto* s : sites) {
      ADD_FAILURE() << std::get<0>(loc) << ":" << std::get<2>(loc) << ": unexpected site " << s->callee << " — "
                    << describe(*s);
    }
  }
}

std::vector<std::string> discover_cases();

// Parsing runs on worker threads, resolution on one thread in path order: the thread count must
// not change a single site (ids, providers, models, candidates, origins, chains).
TEST(Determinism, JobsDoNotChangeAnySite) {
  auto digest = [](const pipeline::AnalyzeResult& r) {
    std::string out;
    for (const auto& s : r.sites) {
      out += fmt::format("{} {} {} {}", s.id, s.provider, describe(s), s.model_origin ? s.model_origin->path : "");
      for (const auto& t : s.model_trace) out += fmt::format(" {}:{}", t.path, t.line);
      out += '\n';
    }
    return out;
  };
  for (const auto& c : discover_cases()) {
    fs::path root = kRoot / c;
    scan::DiskSource one_src(root.string(), {}), many_src(root.string(), {});
    pipeline::AnalyzeOptions one, many;
    one.jobs = 1;
    many.jobs = 3;
    EXPECT_EQ(digest(pipeline::analyze(one, one_src)), digest(pipeline::analyze(many, many_src))) << c;
  }
}

std::vector<std::string> discover_cases() {
  std::vector<std::string> out;
  if (!fs::exists(kRoot)) return out;
  for (const auto& area : fs::directory_iterator(kRoot)) {
    if (!area.is_directory()) continue;
    for (const auto& lang : fs::directory_iterator(area.path())) {
      if (!lang.is_directory()) continue;
      for (const auto& c : fs::directory_iterator(lang.path())) {
        std::string name = c.path().filename().string();
        if (name.empty() || name[0] == '_' || name[0] == '.') continue;
        out.push_back(fs::relative(c.path(), kRoot).generic_string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(discover_cases()), case_name);

}  // namespace
}  // namespace llmspend

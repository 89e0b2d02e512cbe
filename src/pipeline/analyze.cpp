// The analysis half of the pipeline. Files are listed and read once; those whose bytes match an
// SDK marker are parsed in parallel (one tree-sitter parser per thread, trees freed right after
// lowering); every other module is parsed only if an analysed file imports it. Detection and
// resolution then run over the candidate modules in path order, so output is deterministic.
#include "pipeline/analyze.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "detect/detector.h"
#include "index/data_file.h"
#include "index/evaluator.h"
#include "parse/parser.h"
#include "pipeline/source_loader.h"
#include "resolve/resolver.h"
#include "scan/prefilter.h"

namespace llmspend::pipeline {
namespace {

bool is_env_file(const std::string& path) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  return name == ".env" || name.rfind(".env.", 0) == 0;
}

bool is_tsconfig(const std::string& path) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  return name == "tsconfig.json" || name == "jsconfig.json";
}

struct Parsed {
  std::unique_ptr<parse::Module> module;
  std::vector<scan::CellLine> cells;
  bool notebook = false;
  bool in_test = false;
};

/// Parses `paths` on `jobs` threads; results keep the order of `paths`.
std::vector<Parsed> parse_all(std::vector<scan::SourceFile> files, int jobs, const AnalyzeOptions& o,
                              core::DiagnosticSink& sink) {
  std::vector<Parsed> out(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    parse::Parser parser;
    parse::ParseLimits limits{o.parse_timeout_ms};
    for (size_t i = next++; i < files.size(); i = next++) {
      auto m = parser.parse(files[i], sink, limits);
      if (!m) continue;
      out[i].module = std::make_unique<parse::Module>(std::move(*m));
      out[i].cells = std::move(files[i].cell_lines);
      out[i].notebook = files[i].notebook;
      out[i].in_test = files[i].in_test;
      std::string().swap(files[i].text);  // free the text as soon as it is lowered
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return out;
}

void map_notebook_lines(const std::vector<scan::CellLine>& cells, resolve::ResolvedSite& s) {
  auto at = [&](int line) -> const scan::CellLine* {
    if (line < 1 || static_cast<size_t>(line) > cells.size()) return nullptr;
    return &cells[static_cast<size_t>(line - 1)];
  };
  if (const auto* c = at(s.start_line)) {
    s.cell = c->cell;
    s.start_line = c->line;
  }
  if (const auto* c = at(s.end_line)) s.end_line = c->line;
}

void assign_ids(std::vector<resolve::ResolvedSite>& sites) {
  std::map<std::string, int> seen;
  for (auto& s : sites) {
    std::string base = s.path + "::" + s.function + "::" + s.callee;
    s.id = base + "#" + std::to_string(seen[base]++);
  }
}

}  // namespace

AnalyzeResult analyze(const AnalyzeOptions& o, scan::FileSource& source) {
  AnalyzeResult result;
  core::DiagnosticSink sink;
  auto catalog = detect::Catalog::load({});
  if (!catalog) {
    sink.add({"<catalog>", std::nullopt, "catalog-error", catalog.error().message});
    result.diagnostics = sink.take_sorted();
    return result;
  }
  std::vector<std::string> files = source.list(sink);
  result.files_listed = files.size();
  scan::Prefilter prefilter(o.prefilter ? catalog->markers : std::vector<std::string>{});
  LoadLimits limits{o.max_file_bytes};

  // Modules imported by candidates are parsed on demand (and cached) by the index.
  parse::Parser lazy_parser;
  index::ProjectIndex index(files, [&](const std::string& path) -> std::unique_ptr<parse::Module> {
    if (index::is_data_path(path)) {
      std::string err;
      auto text = source.read(path, err);
      if (!text || text->size() > limits.max_file_bytes) return nullptr;
      return index::data_module(path, *text);
    }
    auto f = load_source(source, path, limits, sink);
    if (!f) return nullptr;
    auto m = lazy_parser.parse(*f, sink, {o.parse_timeout_ms});
    return m ? std::make_unique<parse::Module>(std::move(*m)) : nullptr;
  });
  std::vector<scan::SourceFile> candidates;
  std::vector<std::pair<std::string, std::string>> env_files, tsconfigs;
  for (const auto& path : files) {
    if (index::is_data_path(path) && !is_tsconfig(path)) continue;  // read only when code loads it
    if (is_env_file(path) || is_tsconfig(path)) {
      std::string err;
      if (auto text = source.read(path, err)) (is_env_file(path) ? env_files : tsconfigs).emplace_back(path, *text);
      continue;
    }
    auto f = load_source(source, path, limits, sink);
    if (!f) continue;
    if (prefilter.matches(f->text)) {
      candidates.push_back(std::move(*f));
    } else {
      // Files without SDK markers may still call analysed functions (passing the model).
      index.note_call_names(path, f->text);
    }
  }
  result.files_parsed = candidates.size();
  int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<Parsed> parsed = parse_all(std::move(candidates), jobs, o, sink);

  for (const auto& [path, text] : env_files) index.add_env_file(path, text);
  for (const auto& [path, text] : tsconfigs) index.add_tsconfig(path, text);
  std::vector<std::pair<const parse::Module*, const Parsed*>> analysed;
  for (auto& p : parsed) {
    if (!p.module) continue;
    const parse::Module* m = p.module.get();
    index.add_module(std::move(p.module));
    analysed.emplace_back(m, &p);
  }

  index::Evaluator eval(index);
  detect::Detector detector(*catalog, eval);
  resolve::Resolver resolver(*catalog, eval);
  for (const auto& [m, p] : analysed) {
    for (const auto& d : detector.detect(*m)) {
      resolve::ResolvedSite s = resolver.resolve(d);
      s.in_test = p->in_test;
      if (p->notebook) {
        map_notebook_lines(p->cells, s);
        if (s.model_origin && s.model_origin->path == s.path && s.model_origin->line >= 1 &&
            static_cast<size_t>(s.model_origin->line) <= p->cells.size()) {
          const auto& c = p->cells[static_cast<size_t>(s.model_origin->line - 1)];
          s.model_origin->cell = c.cell;
          s.model_origin->line = c.line;
        }
      }
      result.sites.push_back(std::move(s));
    }
  }
  assign_ids(result.sites);
  result.diagnostics = sink.take_sorted();
  return result;
}

}  // namespace llmspend::pipeline

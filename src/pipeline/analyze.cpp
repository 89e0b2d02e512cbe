// The analysis half of the pipeline. Files are listed and read once; those whose bytes match an
// SDK marker are parsed in parallel (one tree-sitter parser per thread, trees freed right after
// lowering); every other module is parsed only if an analysed file imports it. Detection and
// resolution then run over the candidate modules in path order, so output is deterministic.
#include "pipeline/analyze.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
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


bool is_tsconfig(const std::string& path) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  return name == "tsconfig.json" || name == "jsconfig.json";
}

struct Parsed {
  std::shared_ptr<const parse::Module> module;
  std::vector<scan::CellLine> cells;
  bool notebook = false;
  bool in_test = false;
};

/// Parses `f`, or takes the module another run parsed from the same path and bytes.
std::shared_ptr<const parse::Module> parse_cached(parse::Parser& parser, const scan::SourceFile& f,
                                                  core::DiagnosticSink& sink, const parse::ParseLimits& limits,
                                                  ModuleCache* cache) {
  if (cache) {
    if (auto hit = cache->find(f.path, f.text)) return hit;
  }
  auto m = parser.parse(f, sink, limits);
  if (!m) return nullptr;
  auto shared = std::make_shared<const parse::Module>(std::move(*m));
  if (cache) cache->put(f.path, f.text, shared);
  return shared;
}

/// Side files collected by the workers (env values, tsconfig paths), applied in path order.
struct SideFiles {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> env, tsconfig;
};

/// Reads, prefilters and parses every listed file on `jobs` threads (one tree-sitter parser per
/// thread). A file's text is dropped as soon as it is lowered or found to hold no SDK marker;
/// files without markers leave only the names they call (for caller searches).
std::vector<Parsed> read_and_parse(const std::vector<std::string>& files, scan::FileSource& source,
                                   const scan::Prefilter& prefilter, const AnalyzeOptions& o,
                                   index::ProjectIndex& index, SideFiles& side, core::DiagnosticSink& sink) {
  std::vector<Parsed> out(files.size());
  std::atomic<size_t> next{0};
  LoadLimits limits{o.max_file_bytes};
  auto work = [&] {
    parse::Parser parser;
    parse::ParseLimits parse_limits{o.parse_timeout_ms};
    for (size_t i = next++; i < files.size(); i = next++) {
      if (o.progress) o.progress(i + 1, files.size());
      const std::string& path = files[i];
      if (scan::is_env_path(path) || is_tsconfig(path)) {
        std::string err;
        if (auto text = source.read(path, err)) {
          std::lock_guard<std::mutex> lock(side.mu);
          (scan::is_env_path(path) ? side.env : side.tsconfig).emplace_back(path, std::move(*text));
        }
        continue;
      }
      if (index::is_data_path(path)) continue;  // read only when code loads it
      auto f = load_source(source, path, limits, sink);
      if (!f) continue;
      if (!prefilter.matches(f->text)) {
        index.note_call_names(path, f->text);
        continue;
      }
      out[i].module = parse_cached(parser, *f, sink, parse_limits, o.module_cache.get());
      if (!out[i].module) continue;
      out[i].cells = std::move(f->cell_lines);
      out[i].notebook = f->notebook;
      out[i].in_test = f->in_test;
    }
  };
  int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
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

std::string ModuleCache::key(const std::string& path, std::string_view text) {
  return path + '\0' + std::to_string(text.size()) + ':' + std::to_string(std::hash<std::string_view>{}(text));
}

std::shared_ptr<const parse::Module> ModuleCache::find(const std::string& path, std::string_view text) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = modules_.find(key(path, text));
  if (it == modules_.end()) return nullptr;
  ++hits_;
  return it->second;
}

void ModuleCache::put(const std::string& path, std::string_view text, std::shared_ptr<const parse::Module> m) {
  std::lock_guard<std::mutex> lock(mu_);
  modules_.emplace(key(path, text), std::move(m));
}

AnalyzeResult analyze(const AnalyzeOptions& o, scan::FileSource& source) {
  AnalyzeResult result;
  core::DiagnosticSink sink;
  // The embedded catalog is immutable: parse it once per process (the fuzzer and `diff` call
  // analyze() many times).
  static const core::Result<detect::Catalog> catalog = detect::Catalog::load({});
  if (!catalog) {
    sink.add({"<catalog>", std::nullopt, "catalog-error", catalog.error().message});
    result.diagnostics = sink.take_sorted();
    return result;
  }
  std::vector<std::string> files = source.list(sink);
  result.files_listed = files.size();
  scan::Prefilter prefilter(o.prefilter ? catalog->markers : std::vector<std::string>{});
  if (std::getenv("LLMSPEND_DUMP_MARKERS")) {
    for (const auto& mk : catalog->markers) fprintf(stderr, "marker\t%s\n", mk.c_str());
  }
  LoadLimits limits{o.max_file_bytes};

  // Modules imported by candidates are parsed on demand (and cached) by the index.
  parse::Parser lazy_parser;
  index::ProjectIndex index(files, [&](const std::string& path) -> std::shared_ptr<const parse::Module> {
    if (index::is_data_path(path)) {
      std::string err;
      auto text = source.read(path, err);
      if (!text || text->size() > limits.max_file_bytes) return nullptr;
      return index::data_module(path, *text);
    }
    auto f = load_source(source, path, limits, sink);
    if (!f) return nullptr;
    return parse_cached(lazy_parser, *f, sink, {o.parse_timeout_ms}, o.module_cache.get());
  });
  auto t0 = std::chrono::steady_clock::now();
  SideFiles side;
  std::vector<Parsed> parsed = read_and_parse(files, source, prefilter, o, index, side, sink);
  auto by_path = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::sort(side.env.begin(), side.env.end(), by_path);
  std::sort(side.tsconfig.begin(), side.tsconfig.end(), by_path);
  for (const auto& [path, text] : side.env) index.add_env_file(path, text);
  for (const auto& [path, text] : side.tsconfig) index.add_tsconfig(path, text);
  std::vector<std::pair<const parse::Module*, const Parsed*>> analysed;
  for (auto& p : parsed) {
    if (!p.module) continue;
    ++result.files_parsed;
    const parse::Module* m = p.module.get();
    index.add_module(p.module);
    analysed.emplace_back(m, &p);
  }

  if (std::getenv("LLMSPEND_STATS")) {
    size_t exprs = 0, bindings = 0, scopes = 0, calls = 0, text = 0, args = 0;
    for (const auto& [m, p] : analysed) {
      exprs += m->exprs.size();
      bindings += m->bindings.size();
      scopes += m->scopes.size();
      calls += m->calls.size();
      for (const auto& e : m->exprs) {
        text += e.text.size() > 15 ? e.text.size() : 0;
        args += e.args.size() + e.kwargs.size();
      }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fprintf(stderr, "stats: read+parse %.2fs\n", secs);
    fprintf(stderr, "stats: modules=%zu exprs=%zu bindings=%zu scopes=%zu calls=%zu heap_text=%zu args=%zu\n",
            analysed.size(), exprs, bindings, scopes, calls, text, args);
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
        auto to_cell = [&](const std::string& path, int& line, std::optional<int>& cell) {
          if (path != s.path || line < 1 || static_cast<size_t>(line) > p->cells.size()) return;
          const auto& c = p->cells[static_cast<size_t>(line - 1)];
          cell = c.cell;
          line = c.line;
        };
        if (s.model_origin) to_cell(s.model_origin->path, s.model_origin->line, s.model_origin->cell);
        for (auto& t : s.model_trace) to_cell(t.path, t.line, t.cell);
      }
      result.sites.push_back(std::move(s));
    }
  }
  assign_ids(result.sites);
  if (std::getenv("LLMSPEND_STATS")) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fprintf(stderr, "stats: total analysis %.2fs, modules loaded %zu\n", secs, index.modules().size());
  }
  result.diagnostics = sink.take_sorted();
  return result;
}

}  // namespace llmspend::pipeline

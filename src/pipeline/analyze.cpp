// The analysis half of the pipeline, in two passes. Pass 1 reads every listed file once on all
// threads: the SDK-marker prefilter picks the candidates and a cheap scan notes which names each
// file calls. Pass 2 walks the candidates in path order: worker threads parse a bounded window
// ahead (one tree-sitter parser per thread, trees freed right after lowering) while this thread
// detects and resolves, and parses too whenever the next file is not ready yet. Modules a
// candidate imports, and callers in marker-less files, are parsed on demand by the index, which
// keeps modules within a memory budget. Everything that decides a result happens on one thread
// in path order, so output is deterministic for any --jobs.
#include "pipeline/analyze.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <condition_variable>
#include <deque>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "detect/detector.h"
#include "index/data_file.h"
#include "index/evaluator.h"
#include "parse/parser.h"
#include "pipeline/markers_db.h"
#include "pipeline/source_loader.h"
#include "resolve/resolver.h"
#include "scan/prefilter.h"

namespace llmspend::pipeline {
namespace {


std::string base_name(const std::string& path) {
  return path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
}

bool is_tsconfig(const std::string& path) {
  std::string name = base_name(path);
  return name == "tsconfig.json" || name == "jsconfig.json";
}

/// Files that make their folder a JS workspace root by being there.
bool is_workspace_marker(const std::string& path) {
  std::string name = base_name(path);
  return name == "pnpm-workspace.yaml" || name == "lerna.json";
}

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

/// Side files collected by the workers (env values, tsconfig paths, package manifests),
/// applied in path order.
struct SideFiles {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> env, tsconfig, packages;
  std::vector<std::string> workspace_markers;
};

int job_count(const AnalyzeOptions& o) {
  return o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

struct Candidates {
  std::vector<size_t> files;                          ///< indices into the listing, in order
  std::vector<std::string> sdk_files;                 ///< candidates with an SDK's own marker
  std::vector<std::optional<scan::SourceFile>> kept;  ///< per file: its text, while within budget
};

/// The prefilter (any SDK marker: a candidate) and the SDK's own markers (sdk_markers).
struct Prefilters {
  scan::Prefilter any;
  scan::Prefilter sdk;
};

/// What pass 1 learns of one file.
struct FileVerdict {
  bool candidate = false;
  bool sdk_file = false;
  std::optional<scan::SourceFile> kept;
};

/// Pass 1 over one file: side files (env values, tsconfig paths, package manifests) are kept for
/// the index, a code file's called names and import words noted, and its bytes matched against
/// the SDK markers. A candidate's text is kept up to a budget (pass 2 reads the rest again), so a
/// small project is read exactly once.
void scan_file(const std::string& path, scan::FileSource& source, const Prefilters& prefilter,
               const AnalyzeOptions& o, index::ProjectIndex& index, SideFiles& side, core::DiagnosticSink& sink,
               std::atomic<size_t>& kept_bytes, FileVerdict& out) {
  bool package = base_name(path) == "package.json";
  if (scan::is_env_path(path) || is_tsconfig(path) || package) {
    std::string err;
    if (auto text = source.read(path, err); text && text->size() <= o.max_file_bytes) {
      std::lock_guard<std::mutex> lock(side.mu);
      auto& into = scan::is_env_path(path) ? side.env : package ? side.packages : side.tsconfig;
      into.emplace_back(path, std::move(*text));
    }
    return;
  }
  if (is_workspace_marker(path)) {
    std::lock_guard<std::mutex> lock(side.mu);
    side.workspace_markers.push_back(path);
    return;
  }
  if (index::is_data_path(path)) return;  // read only when code loads it
  auto f = load_source(source, path, LoadLimits{o.max_file_bytes}, sink);
  if (!f) return;
  index.note_call_names(path, f->text);
  out.candidate = prefilter.any.matches(f->text);
  // Only candidates are tried, and an import near the top usually ends the scan early.
  out.sdk_file = out.candidate && prefilter.sdk.matches(f->text);
  if (out.candidate && (kept_bytes += f->text.size()) <= o.kept_text_bytes) out.kept = std::move(*f);
}

/// Pass 1, on `jobs` threads, while the listing goes on: this thread walks the tree and hands
/// each file found to the other threads, which read it at once (scan_file), then reads too once
/// the walk is done. Returns the listing in path order (`files`) and the candidates, by their
/// index in it.
Candidates scan_files(scan::FileSource& source, std::vector<std::string>& files, const Prefilters& prefilter,
                      const AnalyzeOptions& o, index::ProjectIndex& index, SideFiles& side,
                      core::DiagnosticSink& sink) {
  std::mutex mu;
  std::condition_variable cv;
  bool listed = false;
  std::deque<std::string> found;     // in the order the walk met them
  std::deque<FileVerdict> verdicts;  // the same order; elements never move once added
  size_t next = 0;
  int waiting = 0;  // threads waiting for the walk to find more
  std::atomic<size_t> kept_bytes{0};
  auto work = [&] {
    while (true) {
      std::string path;
      FileVerdict* verdict = nullptr;
      size_t seen = 0;
      {
        std::unique_lock<std::mutex> lock(mu);
        if (next >= found.size() && !listed) {
          ++waiting;
          cv.wait(lock, [&] { return next < found.size() || listed; });
          --waiting;
        }
        if (next >= found.size()) return;
        path = found[next];
        verdict = &verdicts[next];
        seen = ++next;
      }
      if (o.progress) o.progress(seen, listed ? found.size() : std::max(found.size(), seen));
      scan_file(path, source, prefilter, o, index, side, sink, kept_bytes, *verdict);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < job_count(o); ++t) threads.emplace_back(work);
  source.list_each(sink, [&](std::string path) {
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mu);
      found.push_back(std::move(path));
      verdicts.emplace_back();
      wake = waiting > 0;  // a wake-up per file would cost a futex call each
    }
    if (wake) cv.notify_one();
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    listed = true;
  }
  cv.notify_all();
  work();
  for (auto& t : threads) t.join();
  // Path order from here on, whatever order the walk and the threads took.
  std::vector<size_t> order(found.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return found[a] < found[b]; });
  Candidates out;
  files.clear();
  files.reserve(found.size());
  out.kept.resize(found.size());
  for (size_t k = 0; k < order.size(); ++k) {
    FileVerdict& v = verdicts[order[k]];
    files.push_back(std::move(found[order[k]]));
    if (v.candidate) out.files.push_back(k);
    if (v.sdk_file) out.sdk_files.push_back(files.back());
    out.kept[k] = std::move(v.kept);
  }
  return out;
}

/// A candidate file parsed ahead of the (single-threaded) detection and resolution.
struct Parsed {
  std::shared_ptr<const parse::Module> module;  ///< null: failed, or handed to the index already
  std::vector<scan::CellLine> cells;
  bool notebook = false;
  bool in_test = false;
  bool failed = false;
  size_t bytes = 0;  ///< estimated size of `module` while it waits (counts against the window)
};

/// Pass 2's parsing. Worker threads parse the candidates in order, at most a window ahead of the
/// consumer, so only a bounded number of parsed-but-unanalysed modules exist at once. The
/// consumer's on-demand loads (an import, a caller search) come here too, so a file is never
/// parsed twice at the same time: a candidate already parsed ahead is handed over, one being
/// parsed is waited for, and one not reached yet is parsed by the consumer and skipped by the
/// workers.
class Prefetcher {
 public:
  Prefetcher(const std::vector<std::string>& files, Candidates& candidates, scan::FileSource& source,
             const AnalyzeOptions& o, core::DiagnosticSink& sink)
      : files_(files), candidates_(candidates), source_(source), o_(o), sink_(sink),
        slots_(candidates.files.size()), state_(candidates.files.size(), State::kQueued) {
    for (size_t k = 0; k < candidates.files.size(); ++k) slot_of_[files[candidates.files[k]]] = k;
    window_ = o.parse_ahead_files;
    int workers = job_count(o) - 1;  // the consumer thread parses too while it waits (take)
    for (int t = 0; t < workers; ++t) threads_.emplace_back([this] { work(); });
  }
  ~Prefetcher() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  /// The k-th candidate. `module` is null when parsing failed (`failed`) or when an on-demand load
  /// already gave it to the index. Until it is ready this thread parses too (the k-th candidate
  /// first, else the next queued one), so `--jobs 1` runs on this thread alone and `--jobs N`
  /// parses on all N.
  Parsed take(size_t k, parse::Parser& parser) {
    std::unique_lock<std::mutex> lock(mu_);
    while (state_[k] != State::kDone) {
      size_t j = 0;
      if (state_[k] == State::kQueued) {
        parse_slot(k, parser, lock);
      } else if (claim_next(j)) {
        parse_slot(j, parser, lock);
      } else {
        cv_.wait(lock);
      }
    }
    Parsed p = std::move(slots_[k]);
    slots_[k] = Parsed{{}, {}, p.notebook, p.in_test, p.failed, 0};
    ahead_bytes_ -= p.bytes;
    consumed_ = k + 1;
    cv_.notify_all();
    return p;
  }

  /// On-demand load from the consumer thread (the index's loader).
  std::shared_ptr<const parse::Module> load(const std::string& path, parse::Parser& parser) {
    auto it = slot_of_.find(path);
    if (it == slot_of_.end()) return parse_file(path, parser, nullptr);
    size_t k = it->second;
    std::unique_lock<std::mutex> lock(mu_);
    if (state_[k] == State::kQueued) {
      state_[k] = State::kParsing;  // the workers skip it now
      lock.unlock();
      Parsed p;
      p.module = parse_file(path, parser, &p);
      auto m = p.module;
      p.module.reset();
      lock.lock();
      slots_[k] = std::move(p);
      state_[k] = State::kDone;
      cv_.notify_all();
      return m;
    }
    cv_.wait(lock, [&] { return state_[k] == State::kDone; });
    if (slots_[k].module) {
      ahead_bytes_ -= std::exchange(slots_[k].bytes, 0);
      return std::exchange(slots_[k].module, nullptr);
    }
    if (slots_[k].failed) return nullptr;
    lock.unlock();
    return parse_file(path, parser, nullptr);  // handed over before and dropped since
  }

 private:
  enum class State : uint8_t { kQueued, kParsing, kDone };

  /// Reads (or takes the text kept by pass 1) and parses one file; fills `info` when given.
  std::shared_ptr<const parse::Module> parse_file(const std::string& path, parse::Parser& parser, Parsed* info) {
    LoadLimits load{o_.max_file_bytes};
    std::optional<scan::SourceFile> f;
    if (auto it = slot_of_.find(path); it != slot_of_.end()) {
      size_t file = candidates_.files[it->second];
      std::lock_guard<std::mutex> lock(kept_mu_);
      f = std::move(candidates_.kept[file]);
      candidates_.kept[file].reset();
    }
    if (!f) f = load_source(source_, path, load, sink_);
    if (!f) {
      if (info) info->failed = true;
      return nullptr;
    }
    auto m = parse_cached(parser, *f, sink_, {o_.parse_timeout_ms}, o_.module_cache.get());
    if (info) {
      info->cells = std::move(f->cell_lines);
      info->notebook = f->notebook;
      info->in_test = f->in_test;
      info->failed = !m;
    }
    return m;
  }

  /// Under the lock: claims the next queued candidate when it is within the window (in files,
  /// and in bytes of parsed modules waiting; the one resolution waits for is always allowed).
  bool claim_next(size_t& k) {
    while (next_ < slots_.size() && state_[next_] != State::kQueued) ++next_;  // loaded on demand
    if (next_ >= slots_.size() || next_ >= consumed_ + window_) return false;
    if (ahead_bytes_ >= o_.parse_ahead_bytes && next_ != consumed_) return false;
    k = next_++;
    return true;
  }

  /// Parses the claimed candidate `k` with the lock released, then publishes it.
  void parse_slot(size_t k, parse::Parser& parser, std::unique_lock<std::mutex>& lock) {
    state_[k] = State::kParsing;
    lock.unlock();
    Parsed p;
    p.module = parse_file(files_[candidates_.files[k]], parser, &p);
    p.bytes = p.module ? index::approx_bytes(*p.module) : 0;
    lock.lock();
    ahead_bytes_ += p.bytes;
    slots_[k] = std::move(p);
    state_[k] = State::kDone;
    cv_.notify_all();
  }

  void work() {
    parse::Parser parser;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      size_t k = 0;
      if (claim_next(k)) {
        parse_slot(k, parser, lock);
      } else if (next_ >= slots_.size()) {
        return;
      } else {
        cv_.wait(lock);
      }
    }
  }

  const std::vector<std::string>& files_;
  Candidates& candidates_;
  scan::FileSource& source_;
  const AnalyzeOptions& o_;
  core::DiagnosticSink& sink_;
  std::vector<Parsed> slots_;
  std::vector<State> state_;
  std::unordered_map<std::string, size_t> slot_of_;
  size_t window_ = 256;
  size_t next_ = 0;
  size_t consumed_ = 0;
  size_t ahead_bytes_ = 0;
  bool stop_ = false;
  std::mutex mu_, kept_mu_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
};

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

// Dropped modules leave free chunks all over the heap, most of them in the middle of an arena
// where glibc does not return them to the system by itself: the resident set would stay at its
// high-water mark. malloc_trim hands the free pages back (a few milliseconds per release).
namespace {
void give_back_freed_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}
}  // namespace

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
  std::vector<std::string> files;  // filled by pass 1, which lists as it reads
  // Built once per process (the fuzzers and `diff` call analyze() many times), from the
  // databases compiled into the binary when they fit.
  static const Prefilters kMarkers{scan::Prefilter(catalog->markers, embedded_markers_db(MarkerSet::kAny)),
                                   scan::Prefilter(catalog->sdk_markers, embedded_markers_db(MarkerSet::kSdk))};
  static const Prefilters kEverything{scan::Prefilter({}), scan::Prefilter({})};
  const Prefilters& prefilter = o.prefilter ? kMarkers : kEverything;
  if (std::getenv("LLMSPEND_DUMP_MARKERS")) {
    for (const auto& mk : catalog->markers) fprintf(stderr, "marker\t%s\n", mk.c_str());
  }
  LoadLimits limits{o.max_file_bytes};

  // Modules imported by candidates are parsed on demand (and cached) by the index, through the
  // prefetcher once pass 2 starts.
  parse::Parser lazy_parser;
  Prefetcher* prefetcher = nullptr;
  index::ProjectIndex index({}, [&](const std::string& path) -> std::shared_ptr<const parse::Module> {
    if (index::is_data_path(path)) {
      std::string err;
      auto text = source.read(path, err);
      if (!text || text->size() > limits.max_file_bytes) return nullptr;
      return index::data_module(path, *text);
    }
    if (prefetcher) return prefetcher->load(path, lazy_parser);
    auto f = load_source(source, path, limits, sink);
    if (!f) return nullptr;
    return parse_cached(lazy_parser, *f, sink, {o.parse_timeout_ms}, o.module_cache.get());
  });
  // Detection follows imports by their text alone to tell which modules an SDK value can reach.
  // Import statements are ASCII, so the bytes need no decoding, except a notebook's (its `%run`
  // lines become imports when its code is extracted).
  core::DiagnosticSink reach_sink;  // a file that cannot be read was reported by pass 1 already
  index.set_text_reader([&](const std::string& path) -> std::optional<std::string> {
    auto lang = scan::language_for_path(path);
    if (path.size() > 6 && path.compare(path.size() - 6, 6, ".ipynb") == 0) {
      auto f = load_source(source, path, limits, reach_sink);
      return f ? std::optional<std::string>(std::move(f->text)) : std::nullopt;
    }
    std::string err;
    auto bytes = source.read(path, err);
    if (!lang || !bytes || bytes->size() > limits.max_file_bytes) return std::nullopt;
    return bytes;
  });
  auto t0 = std::chrono::steady_clock::now();
  SideFiles side;
  Candidates candidates = scan_files(source, files, prefilter, o, index, side, sink);
  result.files_listed = files.size();
  index.add_files(files);
  auto by_path = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::sort(side.env.begin(), side.env.end(), by_path);
  std::sort(side.tsconfig.begin(), side.tsconfig.end(), by_path);
  std::sort(side.packages.begin(), side.packages.end(), by_path);
  std::sort(side.workspace_markers.begin(), side.workspace_markers.end());
  for (const auto& [path, text] : side.env) index.add_env_file(path, text);
  for (const auto& [path, text] : side.tsconfig) index.add_tsconfig(path, text);
  for (const auto& [path, text] : side.packages) index.add_package_json(path, text);
  for (const auto& path : side.workspace_markers) {
    index.add_workspace_root(path.rfind('/') == std::string::npos ? "" : path.substr(0, path.rfind('/')));
  }
  {
    std::vector<std::string> paths;
    paths.reserve(candidates.files.size());
    for (size_t i : candidates.files) paths.push_back(files[i]);
    index.mark_sdk_files(paths, candidates.sdk_files);
  }
  const bool stats = std::getenv("LLMSPEND_STATS") != nullptr;
  if (stats) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fprintf(stderr, "stats: list+read+prefilter %.3fs (%zu files), %zu candidates, prefilter %s\n", secs,
            files.size(), candidates.files.size(), prefilter.any.engine());
  }

  // Pass 2: candidates in path order, each parsed ahead by the workers, then detected and
  // resolved here. Modules stay loaded for cross-file resolution up to a memory budget; past it
  // the least recently used are dropped and parsed again when needed.
  index::Evaluator eval(index);
  detect::Detector detector(*catalog, eval);
  resolve::Resolver resolver(*catalog, eval);
  Prefetcher prefetch(files, candidates, source, o, sink);
  prefetcher = &prefetch;
  size_t releases = 0;
  for (size_t k = 0; k < candidates.files.size(); ++k) {
    Parsed p = prefetch.take(k, lazy_parser);
    if (p.failed) continue;
    ++result.files_parsed;
    if (p.module) index.add_module(p.module);
    const parse::Module* m = index.module(files[candidates.files[k]]);
    if (!m) continue;
    for (const auto& d : detector.detect(*m)) {
      resolve::ResolvedSite s = resolver.resolve(d);
      s.in_test = p.in_test;
      if (p.notebook) {
        map_notebook_lines(p.cells, s);
        auto to_cell = [&](const std::string& path, int& line, std::optional<int>& cell) {
          if (path != s.path || line < 1 || static_cast<size_t>(line) > p.cells.size()) return;
          const auto& c = p.cells[static_cast<size_t>(line - 1)];
          cell = c.cell;
          line = c.line;
        };
        if (s.model_origin) to_cell(s.model_origin->path, s.model_origin->line, s.model_origin->cell);
        for (auto& t : s.model_trace) to_cell(t.path, t.line, t.cell);
      }
      result.sites.push_back(std::move(s));
    }
    p.module.reset();
    if (index.release(o.module_budget_bytes)) {
      eval.forget();  // the memo points into dropped modules
      give_back_freed_memory();
      ++releases;
    }
  }
  prefetcher = nullptr;
  assign_ids(result.sites);
  if (stats) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fprintf(stderr,
            "stats: total analysis %.2fs, %zu parsed on demand, %zu releases, %zu resident, %zu called names, "
            "%zu files read for SDK reach\n",
            secs, index.loads(), releases, index.modules().size(), index.called_name_entries(), index.sdk_reach_reads());
  }
  result.diagnostics = sink.take_sorted();
  return result;
}

}  // namespace llmspend::pipeline

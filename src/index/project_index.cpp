#include "index/project_index.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/strings.h"

namespace llmspend::index {
namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string join(const std::string& dir, const std::string& rel) {
  return dir.empty() ? rel : dir + "/" + rel;
}

/// Collapses "." and ".." segments; nullopt when the path climbs above the root.
std::optional<std::string> normalize(const std::string& path) {
  std::vector<std::string_view> out;
  for (std::string_view seg : core::split(path, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (out.empty()) return std::nullopt;
      out.pop_back();
    } else {
      out.push_back(seg);
    }
  }
  std::string s;
  for (auto seg : out) {
    if (!s.empty()) s += '/';
    s += seg;
  }
  return s;
}

// Lower rank wins when a variable appears in several env files.
int env_file_rank(const std::string& path) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  static const char* kOrder[] = {".env", ".env.local", ".env.development", ".env.dev",
                                 ".env.production", ".env.example", ".env.sample", ".env.template"};
  int rank = 0;
  for (const char* k : kOrder) {
    if (name == k) return rank + static_cast<int>(std::count(path.begin(), path.end(), '/')) * 20;
    ++rank;
  }
  return 15 + static_cast<int>(std::count(path.begin(), path.end(), '/')) * 20;
}

}  // namespace

size_t approx_bytes(const parse::Module& m) {
  size_t n = m.exprs.capacity() * sizeof(parse::Expr) + m.bindings.capacity() * (sizeof(parse::Binding) + 16) +
             m.scopes.size() * 96 + m.calls.capacity() * (sizeof(parse::CallRecord) + 12) +
             m.functions.capacity() * (sizeof(parse::Function) + 64) + m.classes.capacity() * (sizeof(parse::Class) + 128) +
             m.imports.capacity() * sizeof(parse::Import);
  for (const auto& e : m.exprs) {
    n += e.args.capacity() * sizeof(parse::ExprId) + e.kwargs.capacity() * 40 + (e.text.size() > 15 ? e.text.size() + 1 : 0);
  }
  return n;
}

ProjectIndex::ProjectIndex(std::vector<std::string> files, ModuleLoader loader)
    : loader_(std::move(loader)) {
  add_files(std::move(files));
}

void ProjectIndex::add_files(std::vector<std::string> files) {
  files_.reserve(files_.size() + files.size());
  for (auto& f : files) {
    size_t slash = f.rfind('/');
    std::string base = slash == std::string::npos ? f : f.substr(slash + 1);
    if (base == "__init__.py" && slash != std::string::npos) {
      std::string dir = f.substr(0, slash);
      package_dir_names_.insert(dir.substr(dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1));
    }
    by_basename_[base].push_back(f);
    files_.insert(std::move(f));
  }
}

std::vector<std::string> ProjectIndex::files_in_dir(const std::string& dir) const {
  std::string prefix = dir.empty() ? "" : dir + "/";
  std::vector<std::string> out;
  for (const auto& f : files_) {
    if (f.size() > prefix.size() && f.compare(0, prefix.size(), prefix) == 0 &&
        f.find('/', prefix.size()) == std::string::npos) {
      out.push_back(f);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void ProjectIndex::add_module(std::shared_ptr<const parse::Module> m) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string path = m->path;
  auto [it, inserted] = modules_.try_emplace(path);
  if (!inserted) {
    touch(it->second);  // already loaded on demand by an earlier file: keep that one
    return;
  }
  it->second.module = std::move(m);
  it->second.bytes = approx_bytes(*it->second.module);
  resident_bytes_ += it->second.bytes;
  touch(it->second);
}

void ProjectIndex::touch(Loaded& l) { l.last_use = ++clock_; }

const parse::Module* ProjectIndex::module(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = modules_.find(path);
    if (it != modules_.end()) {
      touch(it->second);
      return it->second.module.get();
    }
    if (failed_.count(path) || !exists(path)) return nullptr;
  }
  std::shared_ptr<const parse::Module> m = loader_ ? loader_(path) : nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  if (!m) {
    failed_.insert(path);
    return nullptr;
  }
  auto [it, inserted] = modules_.try_emplace(path);
  if (inserted) {
    it->second.module = std::move(m);
    it->second.bytes = approx_bytes(*it->second.module);
    resident_bytes_ += it->second.bytes;
    ++loads_;
  }
  touch(it->second);
  return it->second.module.get();
}

bool ProjectIndex::release(size_t budget_bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  if (resident_bytes_ <= budget_bytes) return false;
  // Least recently used first (the clock is strictly increasing, so the order is total).
  std::vector<std::pair<uint64_t, const std::string*>> order;
  order.reserve(modules_.size());
  for (const auto& [path, l] : modules_) order.emplace_back(l.last_use, &path);
  std::sort(order.begin(), order.end());
  std::vector<std::string> evict;
  size_t bytes = resident_bytes_;
  for (const auto& [use, path] : order) {
    if (bytes <= budget_bytes / 2) break;  // evict down to half, so this is not done per file
    bytes -= modules_[*path].bytes;
    evict.push_back(*path);
  }
  for (const auto& p : evict) modules_.erase(p);
  resident_bytes_ = bytes;
  return !evict.empty();
}

std::vector<const parse::Module*> ProjectIndex::modules() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<const parse::Module*> out;
  for (const auto& [path, l] : modules_) out.push_back(l.module.get());
  std::sort(out.begin(), out.end(),
            [](const parse::Module* a, const parse::Module* b) { return a->path < b->path; });
  return out;
}

std::optional<std::string> ProjectIndex::resolve_import(const parse::Module& from,
                                                        const parse::Import& im) const {
  if (from.language == scan::Language::kPython) {
    return resolve_python_module(from.path, im.module, im.level);
  }
  return resolve_js(from.path, im.module);
}

std::optional<std::string> ProjectIndex::resolve_python_module(const std::string& from_path,
                                                               const std::string& dotted,
                                                               int level) const {
  std::string rel = dotted;
  std::replace(rel.begin(), rel.end(), '.', '/');
  // Every candidate below ends in `last.py`, `last.ipynb` or `last/__init__.py`: without such a
  // file anywhere (`import os`), there is nothing to look for.
  if (!rel.empty()) {
    std::string last = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
    if (!by_basename_.count(last + ".py") && !by_basename_.count(last + ".ipynb") && !package_dir_names_.count(last)) {
      return std::nullopt;
    }
  }
  // An absolute import never means the importing file itself: `providers/groq.py` doing
  // `from groq import Groq` wants the installed package.
  auto usable = [&](const std::string& p) { return (level > 0 || p != from_path) && exists(p); };
  auto try_base = [&](const std::string& base) -> std::optional<std::string> {
    if (base.empty()) return std::nullopt;
    for (const char* ext : {".py", "/__init__.py", ".ipynb"}) {
      if (usable(base + ext)) return base + ext;
    }
    return std::nullopt;
  };
  if (level > 0) {
    std::string dir = dir_of(from_path);
    for (int i = 1; i < level; ++i) dir = dir_of(dir);
    if (rel.empty()) return try_base(join(dir, "__init__")) ? std::optional(join(dir, "__init__.py")) : std::nullopt;
    return try_base(join(dir, rel));
  }
  if (rel.empty()) return std::nullopt;
  // Scripts import siblings; packages import from the root or a src/ layout.
  std::string dir = dir_of(from_path);
  while (true) {
    if (auto hit = try_base(join(dir, rel))) return hit;
    if (dir.empty()) break;
    dir = dir_of(dir);
  }
  if (auto hit = try_base("src/" + rel)) return hit;
  // Monorepos: any file whose path ends with the module path (one unambiguous match). Not for
  // a single name: `import six` is the installed package, not some vendored `utils/six.py`.
  if (rel.find('/') == std::string::npos) return std::nullopt;
  std::string last = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  std::optional<std::string> found;
  for (const char* suffix : {".py", "/__init__.py"}) {
    std::string want = rel + suffix;
    std::string base_name = std::string(suffix) == ".py" ? last + ".py" : "__init__.py";
    auto it = by_basename_.find(base_name);
    if (it == by_basename_.end()) continue;
    for (const auto& p : it->second) {
      if (p.size() > want.size() && p.compare(p.size() - want.size(), want.size(), want) == 0 &&
          p[p.size() - want.size() - 1] == '/' && p != from_path) {
        if (found && *found != p) return std::nullopt;
        found = p;
      }
    }
    if (found) return found;
  }
  return std::nullopt;
}

std::optional<std::string> ProjectIndex::js_candidates(const std::string& base) const {
  static const char* kExt[] = {"", ".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".mts", ".cts",
                               "/index.ts", "/index.tsx", "/index.js", "/index.mjs", "/index.jsx"};
  for (const char* e : kExt) {
    if (exists(base + e)) return base + e;
  }
  // ESM TypeScript imports name the emitted file: "./config.js" is config.ts on disk.
  for (const char* js : {".js", ".mjs", ".cjs", ".jsx"}) {
    size_t n = std::char_traits<char>::length(js);
    if (base.size() > n && base.compare(base.size() - n, n, js) == 0) {
      std::string stem = base.substr(0, base.size() - n);
      for (const char* e : {".ts", ".tsx", ".mts", ".cts"}) {
        if (exists(stem + e)) return stem + e;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> ProjectIndex::resolve_js(const std::string& from_path,
                                                    const std::string& spec) const {
  if (spec.empty()) return std::nullopt;
  if (spec[0] == '.') {
    auto p = normalize(join(dir_of(from_path), spec));
    return p ? js_candidates(*p) : std::nullopt;
  }
  // tsconfig `paths` of the nearest enclosing config, then baseUrl.
  const TsPaths* best = nullptr;
  for (const auto& t : tsconfigs_) {
    bool encloses = t.dir.empty() || from_path.rfind(t.dir + "/", 0) == 0;
    if (encloses && (!best || t.dir.size() > best->dir.size())) best = &t;
  }
  if (best) {
    for (const auto& [pattern, targets] : best->paths) {
      std::string prefix = pattern.substr(0, pattern.find('*'));
      bool wild = pattern.find('*') != std::string::npos;
      if (wild ? spec.rfind(prefix, 0) != 0 : spec != pattern) continue;
      std::string rest = wild ? spec.substr(prefix.size()) : "";
      for (const auto& target : targets) {
        std::string t = target;
        if (size_t star = t.find('*'); star != std::string::npos) t.replace(star, 1, rest);
        auto p = normalize(join(join(best->dir, best->base_url), t));
        if (p) {
          if (auto hit = js_candidates(*p)) return hit;
        }
      }
    }
    if (!best->base_url.empty()) {
      if (auto p = normalize(join(join(best->dir, best->base_url), spec))) {
        if (auto hit = js_candidates(*p)) return hit;
      }
    }
  }
  // Conventional aliases when no tsconfig says otherwise: "@/x" and "~/x" are src/x or x.
  if (spec.rfind("@/", 0) == 0 || spec.rfind("~/", 0) == 0) {
    std::string rest = spec.substr(2);
    if (auto hit = js_candidates("src/" + rest)) return hit;
    if (auto hit = js_candidates(rest)) return hit;
  }
  return resolve_workspace_package(spec);
}

namespace {

/// Every string an "exports" condition object holds, in order ({"import": ..., "require": ...}).
void export_targets(const nlohmann::json& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_object()) {
    for (const auto& [k, x] : v.items()) export_targets(x, out);
  }
}

/// "dist/index.js" is built from "src/index.ts" in most TypeScript packages.
std::string source_of_build_path(std::string p) {
  if (p.rfind("./", 0) == 0) p = p.substr(2);
  for (const char* out : {"dist/", "build/", "lib/", "out/"}) {
    if (p.rfind(out, 0) == 0) return "src/" + p.substr(std::char_traits<char>::length(out));
  }
  return "";
}

}  // namespace

void ProjectIndex::add_package_json(const std::string& path, const std::string& text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return;
  std::string dir = dir_of(path);
  if (auto w = doc.find("workspaces"); w != doc.end() && (w->is_array() || w->is_object())) {
    workspace_roots_.push_back(dir);
  }
  auto name = doc.find("name");
  if (!dir.empty()) package_dirs_.emplace(dir, name != doc.end() && name->is_string() ? name->get<std::string>() : "");
  if (name == doc.end() || !name->is_string() || dir.empty()) return;
  Package pkg;
  pkg.dir = dir;
  if (auto ex = doc.find("exports"); ex != doc.end()) {
    bool subpath_map = ex->is_object() && !ex->empty() && ex->begin().key().rfind('.', 0) == 0;
    if (!subpath_map) {
      export_targets(*ex, pkg.entries);
    } else {
      for (const auto& [k, v] : ex->items()) {
        std::vector<std::string> targets;
        export_targets(v, targets);
        if (k == ".") {
          pkg.entries.insert(pkg.entries.end(), targets.begin(), targets.end());
        } else if (k.rfind("./", 0) == 0) {
          for (const auto& t : targets) pkg.subpaths.emplace_back(k.substr(2), t);
        }
      }
    }
  }
  for (const char* key : {"source", "module", "main", "types", "typings"}) {
    if (auto v = doc.find(key); v != doc.end() && v->is_string()) pkg.entries.push_back(v->get<std::string>());
  }
  packages_.emplace(name->get<std::string>(), std::move(pkg));  // the first in path order wins
}

std::optional<ProjectIndex::ProjectRoot> ProjectIndex::project_root(const std::string& path) const {
  for (std::string dir = dir_of(path); !dir.empty(); dir = dir_of(dir)) {
    if (auto it = package_dirs_.find(dir); it != package_dirs_.end()) return ProjectRoot{dir, it->second};
    if (exists(dir + "/setup.py")) return ProjectRoot{dir, ""};
  }
  return std::nullopt;
}

// A bare specifier naming a package of the project's own workspace: its entry file (the source
// behind a built "dist/" entry when only the source is in the repo), or a file under it.
std::optional<std::string> ProjectIndex::resolve_workspace_package(const std::string& spec) const {
  if (packages_.empty() || workspace_roots_.empty()) return std::nullopt;
  size_t cut = spec.find('/');
  if (!spec.empty() && spec[0] == '@' && cut != std::string::npos) cut = spec.find('/', cut + 1);
  std::string name = spec.substr(0, cut);
  std::string rest = cut == std::string::npos ? "" : spec.substr(cut + 1);
  auto it = packages_.find(name);
  if (it == packages_.end()) return std::nullopt;
  const Package& pkg = it->second;
  bool in_workspace = std::any_of(workspace_roots_.begin(), workspace_roots_.end(), [&](const std::string& root) {
    return root.empty() || pkg.dir.rfind(root + "/", 0) == 0;
  });
  if (!in_workspace) return std::nullopt;
  auto try_file = [&](const std::string& rel) -> std::optional<std::string> {
    if (rel.empty()) return std::nullopt;
    if (auto p = normalize(join(pkg.dir, rel))) {
      if (auto hit = js_candidates(*p)) return hit;
    }
    std::string src = source_of_build_path(rel);
    if (src.size() > 5 && src.compare(src.size() - 5, 5, ".d.ts") == 0) src.resize(src.size() - 5);
    if (!src.empty()) {
      if (auto p = normalize(join(pkg.dir, src))) {
        if (auto hit = js_candidates(*p)) return hit;
      }
    }
    return std::nullopt;
  };
  if (rest.empty()) {
    for (const auto& e : pkg.entries) {
      if (auto hit = try_file(e)) return hit;
    }
    if (auto hit = try_file("src/index")) return hit;
    return try_file("index");
  }
  for (const auto& [sub, target] : pkg.subpaths) {
    if (sub == rest) {
      if (auto hit = try_file(target)) return hit;
    }
  }
  if (auto hit = try_file(rest)) return hit;
  return try_file("src/" + rest);
}

void ProjectIndex::add_env_file(const std::string& path, const std::string& text) {
  int rank = env_file_rank(path);
  int line_no = 0;
  for (std::string_view raw : core::split(text, '\n')) {
    ++line_no;
    std::string_view line = core::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 7) == "export ") line.remove_prefix(7);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(core::trim(line.substr(0, eq)));
    std::string_view v = core::trim(line.substr(eq + 1));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
      v = v.substr(1, v.size() - 2);
    } else if (size_t hash = v.find(" #"); hash != std::string_view::npos) {
      v = core::trim(v.substr(0, hash));
    }
    if (v.empty()) continue;
    auto it = env_rank_.find(key);
    if (it != env_rank_.end() && it->second <= rank) continue;
    env_rank_[key] = rank;
    env_[key] = {std::string(v), path, line_no};
  }
}

std::optional<EnvValue> ProjectIndex::env(const std::string& name) const {
  auto it = env_.find(name);
  if (it == env_.end()) return std::nullopt;
  return it->second;
}

namespace {

/// tsconfig files are JSONC: comments (handled by the parser) and trailing commas (removed here,
/// outside strings).
std::string strip_trailing_commas(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ',') {
      size_t j = i + 1;
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j < text.size() && (text[j] == '}' || text[j] == ']')) continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void ProjectIndex::add_tsconfig(const std::string& path, const std::string& text) {
  auto doc = nlohmann::json::parse(strip_trailing_commas(text), nullptr, false, /*ignore_comments=*/true);
  if (doc.is_discarded() || !doc.is_object()) return;
  auto opts = doc.find("compilerOptions");
  if (opts == doc.end() || !opts->is_object()) return;
  TsPaths t;
  t.dir = dir_of(path);
  if (auto b = opts->find("baseUrl"); b != opts->end() && b->is_string()) t.base_url = b->get<std::string>();
  if (auto p = opts->find("paths"); p != opts->end() && p->is_object()) {
    for (auto& [pattern, targets] : p->items()) {
      std::vector<std::string> list;
      if (targets.is_array()) {
        for (const auto& x : targets) {
          if (x.is_string()) list.push_back(x.get<std::string>());
        }
      }
      t.paths.emplace_back(pattern, std::move(list));
    }
  }
  tsconfigs_.push_back(std::move(t));
}

std::string callee_name(const parse::Module& m, parse::ExprId call) {
  const parse::Expr& c = m.expr(call);
  if (c.a == parse::kNone) return {};
  const parse::Expr& callee = m.expr(c.a);
  if (callee.kind == parse::ExprKind::kName || callee.kind == parse::ExprKind::kAttr) return callee.text;
  return {};
}

std::string chain_text(const parse::Module& m, parse::ExprId e) {
  std::vector<const std::string*> parts;
  while (e != parse::kNone) {
    const parse::Expr& x = m.expr(e);
    if (x.kind == parse::ExprKind::kName) {
      parts.push_back(&x.text);
      break;
    }
    if (x.kind == parse::ExprKind::kAttr) {
      parts.push_back(&x.text);
      e = x.a;
    } else if (x.kind == parse::ExprKind::kCall) {
      e = x.a;  // a.b().c → a.b.c: call results keep the chain readable
    } else {
      return {};
    }
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!out.empty()) out += '.';
    out += **it;
  }
  return out;
}

}  // namespace llmspend::index

// Imports and module exports for the evaluator: what an import binds (a project module, a
// name it exports, a third-party symbol, a SvelteKit environment variable, a value another
// notebook saved with `%store`), and what a module exports under a name, through re-exports,
// star imports and submodules.
#include <algorithm>
#include <cstring>

#include "core/strings.h"

#include "index/evaluator.h"
#include "index/evaluator_internal.h"
#include "scan/notebook.h"

namespace llmspend::index {

namespace {

/// The npm package an ES import names, for Deno / CDN specifiers: `npm:openai@4.20.1` → `openai`,
/// `npm:@anthropic-ai/sdk@0.20` → `@anthropic-ai/sdk`, `https://esm.sh/openai@4` → `openai`,
/// `https://deno.land/x/openai@v4.24.0/mod.ts` → `openai`, `https://cdn.jsdelivr.net/npm/x@1/+esm`
/// → `x`. Plain specifiers are returned unchanged.
std::string npm_package(const std::string& spec) {
  std::string rest;
  for (const char* prefix : {"npm:", "jsr:"}) {
    if (spec.rfind(prefix, 0) == 0) rest = spec.substr(4);
  }
  if (rest.empty()) {
    size_t scheme = spec.find("://");
    if (scheme == std::string::npos) return spec;
    size_t slash = spec.find('/', scheme + 3);
    if (slash == std::string::npos) return spec;
    rest = spec.substr(slash + 1);
    // CDN path prefixes before the package: jsdelivr `npm/`, deno.land `x/`, esm.sh `v135/`.
    for (const char* p : {"npm/", "x/"}) {
      if (rest.rfind(p, 0) == 0) rest = rest.substr(std::strlen(p));
    }
    if (rest.size() > 1 && rest[0] == 'v' && std::isdigit(static_cast<unsigned char>(rest[1]))) {
      size_t s2 = rest.find('/');
      if (s2 != std::string::npos) rest = rest.substr(s2 + 1);
    }
  }
  auto parts = core::split(rest, '/');
  if (parts.empty()) return spec;
  size_t n = !parts[0].empty() && parts[0][0] == '@' && parts.size() > 1 ? 2 : 1;
  std::string pkg;
  for (size_t i = 0; i < n; ++i) {
    std::string_view seg = parts[i];
    size_t at = seg.find('@', i == 0 && n == 2 ? 1 : (seg.size() && seg[0] == '@' ? 1 : 0));
    if (i == n - 1 && at != std::string_view::npos) seg = seg.substr(0, at);
    pkg += (i ? "/" : "") + std::string(seg);
  }
  return pkg;
}

}  // namespace

// SvelteKit's environment modules: `import { MODEL } from "$env/static/private"` is the variable
// itself (inlined from .env at build time); `$env/dynamic/private` exports `env`, read like
// process.env.
std::optional<Values> Evaluator::sveltekit_env(const parse::Import& im) {
  if (im.module == "$env/static/private" || im.module == "$env/static/public") return env_read(im.name, nullptr);
  if ((im.module == "$env/dynamic/private" || im.module == "$env/dynamic/public") && im.name == "env") {
    return Values{external("process.env")};
  }
  return std::nullopt;
}

Values Evaluator::eval_import(const parse::Module& m, const parse::Import& raw) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  if (is_js(m) && raw.kind == parse::ImportKind::kFrom && raw.module.rfind("$env/", 0) == 0) {
    if (auto env = sveltekit_env(raw)) return *env;
  }
  if (raw.kind == parse::ImportKind::kFrom && raw.module == scan::kStoreModule && !is_js(m)) {
    return stored_notebook_value(m, raw.name);
  }
  auto path = index_.resolve_import(m, raw);
  if (!path) {
    // `from shared import models` where `shared/` has no __init__.py (a namespace package):
    // the name is the submodule itself.
    if (raw.kind == parse::ImportKind::kFrom && m.language == scan::Language::kPython && !raw.name.empty()) {
      std::string dotted = raw.module.empty() ? raw.name : raw.module + "." + raw.name;
      auto sub = index_.resolve_python_module(m.path, dotted, raw.level);
      if (const parse::Module* sm = sub ? load(*sub) : nullptr) {
        Value v;
        v.kind = Value::Kind::kModule;
        v.module = sm;
        v.text = raw.name;
        return {v};
      }
    }
    if (raw.level > 0) return {unknown("relative import `" + raw.module + "` not found in the project")};
    bool js = is_js(m);
    parse::Import im = raw;
    if (js) im.module = npm_package(raw.module);
    switch (im.kind) {
      case parse::ImportKind::kModule:
        // `import a.b` binds `a`; `import a.b as c` binds the whole path.
        return {external(im.alias == im.module.substr(0, im.module.find('.')) ? im.alias : im.module)};
      case parse::ImportKind::kFrom:
        return {external(js ? im.module + ":" + im.name : (im.module.empty() ? im.name : im.module + "." + im.name))};
      case parse::ImportKind::kDefault:
        return {external(im.module + ":default")};
      case parse::ImportKind::kNamespace:
        return {external(js ? im.module + ":" : im.module)};
      case parse::ImportKind::kStar:
        return {unknown("star import")};
    }
  }
  const parse::Import& im = raw;
  // `from . import util` / `from pkg import util`: a submodule wins over a name in __init__.py
  // (which often is that same import, and would loop).
  if (im.kind == parse::ImportKind::kFrom && m.language == scan::Language::kPython && !im.name.empty()) {
    std::string dotted = im.module.empty() ? im.name : im.module + "." + im.name;
    if (auto sub = index_.resolve_python_module(m.path, dotted, im.level); sub && *sub != *path) {
      if (const parse::Module* sm = load(*sub)) {
        Value v;
        v.kind = Value::Kind::kModule;
        v.module = sm;
        v.text = im.name;
        return {v};
      }
    }
  }
  const parse::Module* target = load(*path);
  if (!target) return {unknown("module `" + *path + "` could not be analysed")};
  // A project file named like a package (`utils/openai.py`) that does not define the imported
  // name is not what `from openai import OpenAI` reads: the installed package is.
  if (im.kind == parse::ImportKind::kFrom && im.level == 0 && !is_js(m) && !python_defines(*target, im.name)) {
    return {external(im.module + "." + im.name)};
  }
  Values out;
  switch (im.kind) {
    case parse::ImportKind::kModule:
      if (im.alias != im.module && im.module.find('.') != std::string::npos) {
        // `import pkg.mod` binds `pkg`: a package value whose attributes are submodules.
        auto top = index_.resolve_python_module(m.path, im.alias, 0);
        const parse::Module* pkg = top ? load(*top) : nullptr;
        Value v;
        v.kind = Value::Kind::kModule;
        v.module = pkg ? pkg : target;
        v.text = im.alias;
        v.absolute = im.level == 0;
        return {v};
      }
      [[fallthrough]];
    case parse::ImportKind::kNamespace: {
      Value v;
      v.kind = Value::Kind::kModule;
      v.module = target;
      v.text = im.module;
      v.absolute = !is_js(m) && im.level == 0;
      return {v};
    }
    case parse::ImportKind::kFrom:
    case parse::ImportKind::kDefault:
      out = module_export(*target, im.kind == parse::ImportKind::kDefault ? "default" : im.name);
      break;
    case parse::ImportKind::kStar:
      return {unknown("star import")};
  }
  upgrade(out, Source::kCrossFileConstant);
  return out;
}

bool Evaluator::python_defines(const parse::Module& t, const std::string& name) {
  if (!t.scopes.empty() && t.scopes[0].names.count(name)) return true;
  for (const auto& im : t.imports) {
    if (im.kind == parse::ImportKind::kStar) return true;  // could come from anywhere
  }
  std::string dir = t.path.substr(0, t.path.rfind('/') == std::string::npos ? 0 : t.path.rfind('/'));
  bool package = t.path.size() >= 11 && t.path.compare(t.path.size() - 11, 11, "__init__.py") == 0;
  std::string cand = package ? (dir.empty() ? "" : dir + "/") + name : "";
  return !cand.empty() && (load(cand + ".py") || load(cand + "/__init__.py"));
}

Values Evaluator::module_export(const parse::Module& t, const std::string& name, int depth) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  // Import cycles (`config.py`: `from config import M`) end here, not at the depth limit.
  auto key = std::make_pair(&t, name);
  if (!exporting_.insert(key).second) return {unknown("`" + name + "` is imported in a cycle")};
  struct Erase {
    std::set<std::pair<const parse::Module*, std::string>>& set;
    std::pair<const parse::Module*, std::string> key;
    ~Erase() { set.erase(key); }
  } erase{exporting_, key};
  if (depth > 8) return {unknown("re-export chain too long")};
  Ctx mctx{&t, 0, nullptr};
  if (is_js(t)) {
    if (auto it = t.exports.find(name); it != t.exports.end()) return eval(mctx, it->second);
    for (const auto& im : t.imports) {
      if (!im.reexport) continue;
      if (im.kind == parse::ImportKind::kStar) {
        if (auto p = index_.resolve_import(t, im)) {
          if (const parse::Module* next = load(*p)) {
            Values v = module_export(*next, name, depth + 1);
            if (has_concrete(v)) return v;
          }
        }
      } else if (im.alias == name) {
        parse::Import direct = im;
        direct.reexport = false;
        return eval_import(t, direct);
      }
    }
    // CommonJS `module.exports = {...}`: named imports read its keys.
    if (auto it = t.exports.find("module.exports"); it != t.exports.end() && name != "default") {
      Values out;
      for (auto d : eval(mctx, it->second)) {
        if (d.kind == Value::Kind::kDict && t.expr(d.expr).text.empty()) {
          // Keys of `module.exports = {...}` are exports, not config keys: read them unlabelled.
          const Expr& obj = t.expr(d.expr);
          for (const auto& [k, v] : obj.kwargs) {
            if (k == name) add_all(out, eval(d.ctx, v));
          }
          continue;
        }
        add_all(out, member(d, name));
      }
      return out;
    }
    if (name == "default") return {unknown("module has no default export")};
  }
  if (!t.scopes.empty() && t.scopes[0].names.count(name)) {
    Expr ref;
    ref.kind = ExprKind::kName;
    ref.text = name;
    ref.span.start_line = 1 << 30;
    return eval_name(mctx, ref);
  }
  if (!is_js(t)) {
    // `from pkg import submodule`.
    std::string dir = t.path.substr(0, t.path.rfind('/') == std::string::npos ? 0 : t.path.rfind('/'));
    std::string base = t.path.size() >= 11 && t.path.compare(t.path.size() - 11, 11, "__init__.py") == 0
                           ? dir
                           : t.path.substr(0, t.path.size() - 3);
    std::string cand = (base.empty() ? "" : base + "/") + name;
    for (const std::string& p : {cand + ".py", cand + "/__init__.py"}) {
      if (const parse::Module* sub = load(p)) {
        Value v;
        v.kind = Value::Kind::kModule;
        v.module = sub;
        v.text = name;
        return {v};
      }
    }
    for (const auto& im : t.imports) {
      if (im.kind != parse::ImportKind::kStar) continue;
      if (auto p = index_.resolve_import(t, im)) {
        if (const parse::Module* next = load(*p)) {
          Values v = module_export(*next, name, depth + 1);
          if (has_concrete(v)) return v;
        }
      }
    }
  }
  return {unknown("`" + name + "` is not defined in `" + t.path + "`")};
}

// `%store -r NAME` restores what another notebook saved with `%store NAME` (IPython keeps it in
// the profile's database, shared by every notebook of the user): in practice a setup notebook
// beside this one. Those that save NAME are read first; without one, any sibling notebook that
// sets NAME at top level.
Values Evaluator::stored_notebook_value(const parse::Module& m, const std::string& name) {
  std::string dir = m.path.rfind('/') == std::string::npos ? "" : m.path.substr(0, m.path.rfind('/'));
  std::vector<std::pair<const parse::Module*, int>> setters, savers;  // with the saving line
  for (const auto& p : index_.files_in_dir(dir)) {
    if (p == m.path || p.size() < 6 || p.compare(p.size() - 6, 6, ".ipynb") != 0) continue;
    const parse::Module* nb = load(p);
    if (!nb || !nb->scopes[0].names.count(name)) continue;
    setters.push_back({nb, 0});
    for (int32_t r : calls_in(*nb, std::string(scan::kStoreModule))) {
      const Expr& call = nb->expr(nb->calls[static_cast<size_t>(r)].call);
      bool saves = std::any_of(call.args.begin(), call.args.end(), [&](ExprId a) {
        return nb->expr(a).kind == ExprKind::kName && nb->expr(a).text == name;
      });
      if (saves) {
        savers.push_back({nb, call.span.start_line});
        break;
      }
    }
  }
  Values out;
  for (const auto& [nb, line] : savers.empty() ? setters : savers) {
    Values vals = module_export(*nb, name);
    if (!has_concrete(vals)) continue;
    upgrade(vals, Source::kCrossFileConstant);
    if (line > 0) note(vals, *nb, line, "`%store " + name + "`, restored by `%store -r`");
    add_all(out, std::move(vals));
  }
  if (out.empty()) return {unknown("`%store -r " + name + "`: no notebook beside this one saves it")};
  return out;
}

}  // namespace llmspend::index

// Name resolution for the evaluator: scopes, bindings, parameters (defaults and callers), loop
// variables, and type annotations. Imports and module exports are in evaluator_imports.cpp.
#include <algorithm>
#include <cctype>
#include <set>

#include "core/strings.h"

#include "index/evaluator.h"
#include "index/evaluator_internal.h"
#include "scan/notebook.h"

namespace llmspend::index {

using parse::Binding;
using parse::BindKind;
using parse::ScopeKind;

namespace {

/// A use inside a loop also reads what the rest of the loop body assigns, on the next iteration
/// (`model = FALLBACK` in a retry loop's `except`), unless the body assigns the name again
/// before the use. `all`: the scope's bindings of the name; `ids`: those reaching the use so far.
void add_loop_carried(const parse::Module& m, const parse::Scope& sc, const std::vector<int32_t>& all, int use_line,
                      std::vector<int32_t>& ids) {
  const std::pair<int, int>* inner = nullptr;  // the innermost loop around the use
  for (const auto& loop : sc.loops) {
    if (loop.first < use_line && use_line <= loop.second && (!inner || loop.first >= inner->first)) inner = &loop;
  }
  if (!inner) return;
  std::vector<int32_t> later;
  for (int32_t b : all) {
    const Binding& bind = m.bindings[static_cast<size_t>(b)];
    if (bind.line > inner->first && bind.line <= use_line) return;  // set again before the use
    if (bind.line > use_line && bind.line <= inner->second && bind.kind == BindKind::kAssign) later.push_back(b);
  }
  for (int32_t b : later) {
    if (std::find(ids.begin(), ids.end(), b) == ids.end()) ids.push_back(b);
  }
}

}  // namespace

Values Evaluator::eval_name(const Ctx& ctx, const Expr& e) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  const parse::Module& m = *ctx.module;
  const std::string& name = e.text;
  parse::ScopeId s = ctx.scope;
  bool first = true;
  while (s != kNone) {
    const parse::Scope& sc = m.scopes[static_cast<size_t>(s)];
    // Python class bodies are not visible from their methods.
    bool visible = first || sc.kind != ScopeKind::kClass || is_js(m);
    auto it = sc.names.find(name);
    if (visible && it != sc.names.end() && !it->second.empty()) {
      std::vector<int32_t> ids = it->second;
      // In straight-line code of the same scope, only assignments above the use count.
      if (first) {
        std::vector<int32_t> before;
        for (int32_t b : ids) {
          if (m.bindings[static_cast<size_t>(b)].line <= e.span.start_line) before.push_back(b);
        }
        if (!before.empty()) ids = std::move(before);
        // Two loops reusing one loop variable (`for (const id of a) …; for (const id of b) …`):
        // a use after the second loop header reads that loop's element, not the first loop's.
        if (ids.size() > 1 && m.bindings[static_cast<size_t>(ids.back())].kind == BindKind::kLoop &&
            m.bindings[static_cast<size_t>(ids.back())].line <= e.span.start_line) {
          ids = {ids.back()};
        }
        if (sc.kind == ScopeKind::kModule && ids.size() > 1) {
          // A module constant reassigned later at top level: the last assignment before the use.
          const Binding& last = m.bindings[static_cast<size_t>(ids.back())];
          if (last.kind == BindKind::kAssign && !last.augmented) ids = {ids.back()};
        }
        add_loop_carried(m, sc, it->second, e.span.start_line, ids);
      }
      Ctx bctx = ctx;
      bctx.scope = s;
      Values out;
      for (int32_t b : ids) {
        Values vals = eval_binding(bctx, s, b);
        add_all(out, std::move(vals));
      }
      return out;
    }
    first = false;
    s = sc.parent;
  }
  // Star imports: `from config import *` (and a bare `%store -r`, which restores every name).
  for (const auto& im : m.imports) {
    if (im.kind != parse::ImportKind::kStar || im.reexport) continue;
    if (im.module == scan::kStoreModule && !is_js(m)) {
      Values vals = stored_notebook_value(m, name);
      if (has_concrete(vals)) return vals;
      continue;
    }
    if (auto path = index_.resolve_import(m, im)) {
      if (const parse::Module* target = load(*path)) {
        Values vals = module_export(*target, name);
        if (!has_concrete(vals)) continue;
        upgrade(vals, Source::kCrossFileConstant);
        return vals;
      }
    }
  }
  // `this` (and an unbound `self`) inside a method, or an arrow function nested in one.
  if (name == "this" || name == "self") {
    for (parse::ScopeId sc = ctx.scope; sc != kNone; sc = m.scopes[static_cast<size_t>(sc)].parent) {
      const parse::Scope& scope = m.scopes[static_cast<size_t>(sc)];
      int32_t cls = kNone;
      if (scope.kind == ScopeKind::kFunction) {
        const parse::Function& f = m.functions[static_cast<size_t>(scope.owner)];
        cls = f.class_index;
        if (cls == kNone && f.this_object != kNone && is_js(m)) {
          // A method of an object literal: `this` is that object, built where the literal is.
          Value obj;
          obj.kind = Value::Kind::kDict;
          obj.module = &m;
          obj.expr = f.this_object;
          obj.ctx = Ctx{&m, scope.parent, nullptr};
          return {obj};
        }
      }
      if (scope.kind == ScopeKind::kClass) cls = scope.owner;
      if (cls == kNone) continue;
      Value v;
      v.kind = Value::Kind::kInstance;
      v.module = &m;
      v.index = cls;
      return {v};
    }
  }
  static const char* kGlobals[] = {"process", "dict", "str", "String", "require", "Field", "globalThis", "open", "getattr", "Object", "chrome"};
  for (const char* g : kGlobals) {
    if (name == g) return {external(name)};
  }
  return {unknown("`" + name + "` is not defined in this file")};
}

Values Evaluator::eval_binding(const Ctx& ctx, parse::ScopeId scope, int32_t bi) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  const parse::Module& m = *ctx.module;
  const Binding& b = m.bindings[static_cast<size_t>(bi)];
  // Keep the call frame only while evaluating inside the framed function.
  if (b.value_scope != kNone) scope = b.value_scope;
  Ctx inner{&m, scope, nullptr};
  if (ctx.frame && ctx.frame->module == &m && ctx.frame->function == function_of_scope(m, scope)) {
    inner.frame = ctx.frame;
  }
  switch (b.kind) {
    case BindKind::kAssign: {
      if (b.augmented) return {unknown("`" + b.name + "` is modified in place")};
      Values vals = select_path(eval(inner, b.value), b.path);
      if (!has_concrete(vals) && b.fallback != kNone) vals = eval(inner, b.fallback);
      upgrade(vals, Source::kSameFileConstant);
      note(vals, m, b.line, "`" + b.name + "` assigned");
      return vals;
    }
    case BindKind::kParam:
      return eval_param(inner, scope, b);
    case BindKind::kImport: {
      const parse::Import& im = m.imports[static_cast<size_t>(b.index)];
      Values vals = eval_import(m, im);
      note(vals, m, im.line, "`" + b.name + "` imported from `" + std::string(static_cast<size_t>(im.level), '.') + im.module + "`");
      return vals;
    }
    case BindKind::kFunction:
    case BindKind::kClass: {
      Value v;
      v.kind = b.kind == BindKind::kFunction ? Value::Kind::kFunction : Value::Kind::kClass;
      v.module = &m;
      v.index = b.index;
      return {v};
    }
    case BindKind::kLoop:
      // The collection's own expression labels the values (inline list: literal; a named
      // constant: same_file_constant).
      return eval_loop(inner, b);
    case BindKind::kWithAs:
      return eval(inner, b.value);
  }
  return {unknown("binding")};
}

Values Evaluator::eval_loop(const Ctx& ctx, const Binding& b) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  Values out;
  for (const auto& coll : eval(ctx, b.value)) {
    if (coll.kind == Value::Kind::kList) {
      const Expr& list = coll.module->expr(coll.expr);
      for (ExprId el : list.args) {
        Values vals = select_path(eval(coll.ctx, el), b.path);
        upgrade(vals, coll.source);
        add_all(out, std::move(vals));
      }
      Values appended = select_path(appended_elements(coll), b.path);
      upgrade(appended, coll.source);
      add_all(out, std::move(appended));
    } else if (coll.kind == Value::Kind::kDict) {
      const Expr& d = coll.module->expr(coll.expr);
      for (const auto& kv : d.kwargs) {
        Value k;
        k.kind = Value::Kind::kString;
        k.text = kv.first;
        k.origin_path = coll.module->path;
        k.origin_line = coll.module->expr(kv.second).span.start_line;
        add_all(out, {k});
      }
    }
  }
  if (out.empty()) return {unknown("loop over a collection the analyzer does not know")};
  return out;
}

namespace {

// `function f({ openai, file }: { openai: OpenAI; file: string })`: a field destructured from a
// parameter whose annotation is an inline object type has that member's type. Any other
// annotation (a named interface, a class) is returned whole, as before.
std::string member_annotation(const std::string& type_text, const std::string& key) {
  size_t start = type_text.find_first_not_of(" \t\n");
  if (start == std::string::npos || type_text[start] != '{') return type_text;
  int depth = 0;
  for (size_t i = start; i < type_text.size(); ++i) {
    char c = type_text[i];
    if (c == '{' || c == '<' || c == '(' || c == '[') ++depth;
    if (c == '}' || c == '>' || c == ')' || c == ']') --depth;
    bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(type_text[i - 1])) ||
                                  type_text[i - 1] == '_' || type_text[i - 1] == '$');
    if (depth != 1 || !word_start || type_text.compare(i, key.size(), key) != 0) continue;
    size_t j = i + key.size();
    if (j < type_text.size() && type_text[j] == '?') ++j;
    while (j < type_text.size() && type_text[j] == ' ') ++j;
    if (j >= type_text.size() || type_text[j] != ':') continue;
    size_t from = type_text.find_first_not_of(" \t\n", j + 1);
    if (from == std::string::npos) return "";
    size_t to = type_text.find_first_of(";,}\n", from);
    std::string member = type_text.substr(from, to == std::string::npos ? std::string::npos : to - from);
    while (!member.empty() && member.back() == ' ') member.pop_back();
    return member;
  }
  return "";
}

}  // namespace

Values Evaluator::eval_param(const Ctx& ctx, parse::ScopeId scope, const Binding& b) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  const parse::Module& m = *ctx.module;
  int32_t fn = m.scopes[static_cast<size_t>(scope)].owner;
  const parse::Function& f = m.functions[static_cast<size_t>(fn)];
  const parse::Param& p = f.params[static_cast<size_t>(b.index)];
  bool is_self = f.class_index != kNone && !f.is_static && b.index == 0 && !is_js(m) && b.path.empty();
  if (is_self) {
    Value v;
    v.kind = Value::Kind::kInstance;
    v.module = &m;
    v.index = f.class_index;
    return {v};
  }
  Values out;
  if (ctx.frame && ctx.frame->module == &m && ctx.frame->function == fn) {
    bool found = false;
    out = arg_of_call(ctx.frame->caller, ctx.frame->call, p, ctx.frame->skip_positional, found);
    if (found) {
      const parse::Module& cm = *ctx.frame->caller.module;
      note(out, cm, cm.expr(ctx.frame->call).span.start_line, "`" + f.qualified + "` called with `" + p.name + "`");
      out = select_path(std::move(out), b.path);
      upgrade(out, Source::kCallArgument);
      if (has_concrete(out) || b.fallback == kNone) return out;
    }
  } else if (Values cb = callback_args(m, fn, p); has_concrete(cb)) {
    // `helper((req) => client.responses.create(req), {model, ...})`: the helper calls its
    // callback parameter with the arguments.
    out = select_path(std::move(cb), b.path);
    upgrade(out, Source::kCallArgument);
    if (has_concrete(out)) return out;
  } else if (caller_depth_ < 2) {
    bool some_missing = false;
    ++caller_depth_;
    out = caller_args(&m, fn, p, some_missing);
    if (!has_concrete(out)) out = partial_args(&m, fn, p);
    --caller_depth_;
    out = select_path(std::move(out), b.path);
    if (has_concrete(out) && !some_missing) return out;
  }
  Ctx fctx{&m, scope, nullptr};
  Values defaults;
  if (b.fallback != kNone) {
    defaults = eval(fctx, b.fallback);
  } else if (p.default_value != kNone) {
    defaults = eval(Ctx{&m, m.scopes[static_cast<size_t>(scope)].parent, nullptr}, p.default_value);
  } else {
    defaults = click_default(&m, f, p);
    if (defaults.empty()) defaults = gradio_input(&m, fn, p);
    if (defaults.empty()) defaults = commander_action_options(&m, fn, p);
    if (defaults.empty()) defaults = webext_storage_callback(&m, fn, p);
  }
  upgrade(defaults, Source::kDefaultParam);
  note(defaults, m, f.line, "default of parameter `" + p.name + "` of `" + f.qualified + "`");
  Values merged;
  for (auto& v : out) {
    if (v.kind != Value::Kind::kUnknown) add_all(merged, {v});
  }
  add_all(merged, defaults);
  std::string annotation = b.path.size() == 1 ? member_annotation(p.type_name, b.path[0]) : p.type_name;
  if (!has_concrete(merged) && !annotation.empty()) add_all(merged, annotation_value(&m, annotation));
  if (merged.empty()) {
    return {unknown("parameter `" + b.name + "` of `" + f.qualified + "` has no default and no caller passes it")};
  }
  return merged;
}

// `functools.partial(f, model_name="x")` or `pool.submit(f, client)` in another file: lowering
// also records it as a call of `f`, but the caller index finds files by the text `f(`, which such
// a binding lacks. Those files are reached through their `partial(` / `submit(` ... calls instead.
Values Evaluator::partial_args(const parse::Module* m, int32_t fn, const parse::Param& p) {
  const parse::Function& f = m->functions[static_cast<size_t>(fn)];
  if (is_js(*m) || f.class_index != kNone || f.name.empty()) return {};
  auto scope = caller_scope(m, f, f.name);
  std::set<const parse::Module*> seen;
  Values out;
  for (const char* deferrer : {"partial", "submit", "to_thread", "run_in_executor", "Thread"}) {
    deferred_args(m, fn, p, deferrer, scope, seen, out);
  }
  return out;
}

void Evaluator::deferred_args(const parse::Module* m, int32_t fn, const parse::Param& p, const char* deferrer,
                              const ProjectIndex::CallerScope& scope, std::set<const parse::Module*>& seen,
                              Values& out) {
  const parse::Function& f = m->functions[static_cast<size_t>(fn)];
  for_each_caller(deferrer, true, &scope, [&](const CallRef& ref) {
    if (over_budget()) return false;
    if (!seen.insert(ref.module).second) return true;
    for (int32_t r : calls_in(*ref.module, f.name)) {
      const parse::CallRecord& rec = ref.module->calls[static_cast<size_t>(r)];
      Ctx caller{ref.module, rec.scope, nullptr};
      const Expr& call = ref.module->expr(rec.call);
      bool match = false;
      for (const auto& callee : eval(caller, call.a)) {
        match = match || (callee.module == m && callee.kind == Value::Kind::kFunction && callee.index == fn);
      }
      bool found = false;
      Values vals = match ? arg_of_call(caller, rec.call, p, 0, found) : Values{};
      if (!found) continue;
      upgrade(vals, Source::kCallArgument);
      note(vals, *ref.module, call.span.start_line,
           "`" + f.qualified + "` bound with `" + p.name + "` by " + deferrer);
      add_all(out, std::move(vals));
    }
    return true;
  });
}

Values Evaluator::annotation_value(const parse::Module* m, const std::string& type_name) {
  std::string t = type_name;
  // `Annotated[AsyncOpenAI, Depends(get_client)]` (FastAPI) is its first argument's type.
  for (const char* wrap : {"Annotated[", "Optional[", "Union["}) {
    if (t.rfind(wrap, 0) == 0) t = t.substr(std::char_traits<char>::length(wrap));
  }
  size_t end = t.find_first_of("[]|, <");
  if (end != std::string::npos) t = t.substr(0, end);
  if (t.empty()) return {};
  // Evaluate the annotation as a dotted name at module level; a third-party class becomes an
  // object of that class (the client a typed parameter receives).
  Value cur;
  bool have = false;
  for (std::string_view part : [&] {
         std::vector<std::string> parts;
         size_t s = 0;
         while (true) {
           size_t dot = t.find('.', s);
           parts.push_back(t.substr(s, dot == std::string::npos ? std::string::npos : dot - s));
           if (dot == std::string::npos) break;
           s = dot + 1;
         }
         return parts;
       }()) {
    if (!have) {
      Expr name;
      name.kind = ExprKind::kName;
      name.text = std::string(part);
      name.span.start_line = 1 << 30;
      Values vals = eval_name(Ctx{m, 0, nullptr}, name);
      if (vals.empty()) return {};
      cur = vals.front();
      have = true;
    } else {
      Values vals = member(cur, std::string(part));
      if (vals.empty()) return {};
      cur = vals.front();
    }
  }
  // Builtin annotations (`str`, `dict`) say nothing about where a value comes from.
  bool builtin = have && cur.kind == Value::Kind::kExternal && cur.text.find_first_of(".:") == std::string::npos;
  if (have && cur.kind == Value::Kind::kExternal && !builtin) {
    Value obj;
    obj.kind = Value::Kind::kObject;
    obj.text = cur.text;
    return {obj};
  }
  if (have && cur.kind == Value::Kind::kClass) {
    Value inst;
    inst.kind = Value::Kind::kInstance;
    inst.module = cur.module;
    inst.index = cur.index;
    return {inst};
  }
  return {};
}

}  // namespace llmspend::index

// Parameters fed from outside the function: the arguments of its callers (searched across the
// project, two levels deep), `super().__init__(...)` in subclasses, and what a helper passes to
// a callback it was given.
#include <functional>

#include "index/evaluator.h"
#include "index/import_words.h"
#include "index/evaluator_internal.h"

namespace llmspend::index {

// An anonymous function passed as an argument to a project function: its parameter `p` gets
// what that function passes when it calls the callback (`send(params)` inside
// `helper(send, params)`), evaluated in a frame binding the helper to this call.
Values Evaluator::callback_args(const parse::Module& m, int32_t fn, const parse::Param& p) {
  // Any function expression passed as an argument (`const r = helper((m) => ...)` names the
  // arrow `r`, so the name says nothing).
  if (p.position < 0) return {};
  for (const auto& rec : m.calls) {
    const Expr& call = m.expr(rec.call);
    for (size_t i = 0; i < call.args.size(); ++i) {
      const Expr& a = m.expr(call.args[i]);
      if (a.kind != ExprKind::kFunction || a.index != fn) continue;
      Ctx outer{&m, rec.scope, nullptr};
      Values out;
      for (const auto& helper : eval(outer, call.a)) {
        if (helper.kind != Value::Kind::kFunction || !helper.module) continue;
        const parse::Module& hm = *helper.module;
        const parse::Function& h = hm.functions[static_cast<size_t>(helper.index)];
        if (i >= h.params.size() || h.params[i].name.empty()) continue;
        const std::string& cb_name = h.params[i].name;
        auto frame = std::make_shared<Frame>();
        frame->module = &hm;
        frame->function = helper.index;
        frame->call = rec.call;
        frame->caller = outer;
        for (const auto& inner : hm.calls) {
          if (!inside_function(hm, inner.scope, helper.index)) continue;  // the helper's body calls it
          const Expr& ic = hm.expr(inner.call);
          if (ic.a == kNone || hm.expr(ic.a).kind != ExprKind::kName || hm.expr(ic.a).text != cb_name) continue;
          if (static_cast<size_t>(p.position) >= ic.args.size()) continue;
          Values vals = eval(Ctx{&hm, inner.scope, frame}, ic.args[static_cast<size_t>(p.position)]);
          note(vals, hm, ic.span.start_line, "`" + h.qualified + "` calls `" + cb_name + "` with it");
          add_all(out, std::move(vals));
        }
      }
      if (has_concrete(out)) return out;
    }
  }
  return {};
}

// Visits the calls named `name` file by file (loading each only when reached) until `visit`
// returns false.
void Evaluator::for_each_caller(const std::string& name, bool python, const ProjectIndex::CallerScope* scope,
                                const std::function<bool(const CallRef&)>& visit) {
  // An unscoped search (a method's, outside any project folder) reads every file calling the
  // name: past a few dozen such files the name is too common to be worth it.
  size_t max_files = scope && !scope->everywhere ? max_caller_files_
                                                 : std::min(max_caller_files_, kMaxUnscopedCallerFiles);
  for (const auto& path : index_.files_calling(name, python, max_files, cut_short_, scope)) {
    const parse::Module* cm = load(path);
    if (!cm) continue;
    for (int32_t r : calls_in(*cm, name)) {
      if (!visit(CallRef{cm, r})) return;
    }
  }
}

// Where callers of `f` (searched as `name`) can be: a module-level function or a class (its
// constructor) is named in the importing file's imports, by its own name or its module's. A
// method is reached through instances that may come from anywhere in its project (the folder of
// the nearest package.json / setup.py); from outside it, only through an import of the class,
// its module or the package. Without a project folder a method's search is not scoped (but is
// bounded tighter, see for_each_caller).
ProjectIndex::CallerScope Evaluator::caller_scope(const parse::Module* m, const parse::Function& f,
                                                  const std::string& name) const {
  bool ctor = f.name == "__init__" || f.name == "constructor";
  bool method = !ctor && (f.class_index != kNone || f.this_object != kNone);
  ProjectIndex::CallerScope scope{m->path, {name}, {}};
  if (method) {
    auto project = index_.project_root(m->path);
    if (!project) {
      scope.everywhere = true;
      return scope;
    }
    scope.root = project->dir;
    scope.words = {};
    if (f.class_index != kNone) scope.words.push_back(m->classes[static_cast<size_t>(f.class_index)].name);
    // "@acme/llm-core" is imported as "@acme/llm-core/...": its last part is a specifier word.
    if (!project->package.empty()) scope.words.push_back(project->package.substr(project->package.rfind('/') + 1));
  }
  for (std::string_view w : module_words(m->path)) scope.words.emplace_back(w);
  return scope;
}

// The arguments every caller of project function `fn` passes for parameter `p`.
Values Evaluator::caller_args(const parse::Module* m, int32_t fn, const parse::Param& p, bool& some_missing) {
  const parse::Function& f = m->functions[static_cast<size_t>(fn)];
  bool ctor = f.name == "__init__" || f.name == "constructor";
  std::string name = f.name;
  if (ctor && f.class_index != kNone) name = m->classes[static_cast<size_t>(f.class_index)].name;
  Values out;
  int found_callers = 0;
  auto scope = caller_scope(m, f, name);
  for_each_caller(name, !is_js(*m), &scope, [&](const CallRef& ref) {
    if (over_budget() || found_callers > 16) return false;
    const parse::CallRecord& rec = ref.module->calls[static_cast<size_t>(ref.record)];
    Ctx caller{ref.module, rec.scope, nullptr};
    const Expr& call = ref.module->expr(rec.call);
    bool match = false;
    for (const auto& callee : eval(caller, call.a)) {
      if (callee.module != m) continue;
      if (ctor ? (callee.kind == Value::Kind::kClass && callee.index == f.class_index)
               : (callee.kind == Value::Kind::kFunction && callee.index == fn)) {
        match = true;
      }
    }
    if (!match) return true;
    ++found_callers;
    int skip = 0;
    bool via_attr = ref.module->expr(call.a).kind == ExprKind::kAttr;
    if (!is_js(*m) && f.class_index != kNone && !f.is_static && (ctor || via_attr)) skip = 1;
    bool found = false;
    Values vals = arg_of_call(caller, rec.call, p, skip, found);
    if (!found) {
      some_missing = true;
      return true;
    }
    upgrade(vals, Source::kCallArgument);
    note(vals, *ref.module, call.span.start_line, "`" + f.qualified + "` called with `" + p.name + "`");
    add_all(out, std::move(vals));
    return true;
  });
  if (ctor && !is_js(*m)) add_super_init_args(m, f, p, out, found_callers, some_missing);
  if (found_callers == 0) some_missing = true;
  return out;
}

// `super().__init__(model_name)` in a subclass's __init__ passes arguments to the base class's
// __init__ (the shape of LLM wrapper hierarchies).
void Evaluator::add_super_init_args(const parse::Module* m, const parse::Function& f, const parse::Param& p,
                                    Values& out, int& found_callers, bool& some_missing) {
  if (f.class_index == kNone) return;
  // Subclasses import the base class by name (or live beside it).
  auto scope = caller_scope(m, f, m->classes[static_cast<size_t>(f.class_index)].name);
  for_each_caller("__init__", true, &scope, [&](const CallRef& ref) {
    if (over_budget() || found_callers > 16) return false;
    const parse::CallRecord& rec = ref.module->calls[static_cast<size_t>(ref.record)];
    const Expr& call = ref.module->expr(rec.call);
    const Expr& callee = ref.module->expr(call.a);
    if (callee.kind != ExprKind::kAttr || callee.a == kNone) return true;
    const Expr& sup = ref.module->expr(callee.a);
    if (sup.kind != ExprKind::kCall || chain_text(*ref.module, sup.a) != "super" || rec.function == kNone) return true;
    int32_t sub_class = ref.module->functions[static_cast<size_t>(rec.function)].class_index;
    if (sub_class == kNone) return true;
    const parse::Class& sc = ref.module->classes[static_cast<size_t>(sub_class)];
    bool derives = false;
    for (ExprId base : sc.bases) {
      for (const auto& b : eval(Ctx{ref.module, sc.scope, nullptr}, base)) {
        if (b.kind == Value::Kind::kClass && b.module == m && b.index == f.class_index) derives = true;
      }
    }
    if (!derives) return true;
    ++found_callers;
    bool found = false;
    Values vals = arg_of_call(Ctx{ref.module, rec.scope, nullptr}, rec.call, p, 1, found);
    if (!found) {
      some_missing = true;
      return true;
    }
    upgrade(vals, Source::kCallArgument);
    add_all(out, std::move(vals));
    return true;
  });
}

Values Evaluator::arg_of_call(const Ctx& caller, ExprId call_id, const parse::Param& p, int skip, bool& found) {
  found = false;
  if (call_id == kNone || caller.module == nullptr) return {};  // e.g. a property read: no call
  const Expr& call = caller.module->expr(call_id);
  for (const auto& [k, v] : call.kwargs) {
    if (k == p.name) {
      found = true;
      return eval(caller, v);
    }
  }
  for (const auto& [k, v] : call.kwargs) {
    if (k != "**") continue;
    for (const auto& d : eval(caller, v)) {
      if (d.kind != Value::Kind::kDict) continue;
      Values vals = dict_key(d, p.name);
      if (has_concrete(vals)) {
        found = true;
        return vals;
      }
    }
  }
  if (p.position < 0) return {};
  size_t pos = static_cast<size_t>(p.position) >= static_cast<size_t>(skip) ? p.position - skip : SIZE_MAX;
  if (pos == SIZE_MAX && skip > 0 && p.position == 0) return {};
  if (pos < call.args.size()) {
    for (size_t i = 0; i <= pos; ++i) {
      if (caller.module->expr(call.args[i]).kind == ExprKind::kSpread) return {};
    }
    found = true;
    return eval(caller, call.args[pos]);
  }
  return {};
}

}  // namespace llmspend::index

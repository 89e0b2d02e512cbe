// Expression evaluation: the dispatch over IR expression kinds, containers, templates and calls.
// Member access is in evaluator_members.cpp, names and parameters in evaluator_names.cpp,
// imports in evaluator_imports.cpp, conditions
// (fallbacks, conditionals, tests before returns) in evaluator_conditions.cpp, string cuts of model ids
// (indexOf/slice/split) in evaluator_strings.cpp.
#include "index/evaluator.h"

#include "index/evaluator_internal.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <utility>

namespace llmspend::index {

const char* source_name(Source s) {
  switch (s) {
    case Source::kLiteral: return "literal";
    case Source::kSameFileConstant: return "same_file_constant";
    case Source::kCrossFileConstant: return "cross_file_constant";
    case Source::kConfigObject: return "config_object";
    case Source::kClassField: return "class_field";
    case Source::kTemplate: return "template";
    case Source::kDefaultParam: return "default_param";
    case Source::kCallArgument: return "call_argument";
    case Source::kEnvFile: return "env_file";
    case Source::kEnvDefault: return "env_default";
  }
  return "unresolvable";
}

Value unknown(std::string reason) {
  Value v;
  v.kind = Value::Kind::kUnknown;
  v.text = std::move(reason);
  return v;
}

namespace {
constexpr std::string_view kEnvUnknown = "environment variable `";
}  // namespace

std::string env_var_of(const Value& v) {
  if (v.kind != Value::Kind::kUnknown || !v.env_backed || v.text.rfind(kEnvUnknown, 0) != 0) return "";
  size_t end = v.text.find('`', kEnvUnknown.size());
  return end == std::string::npos ? "" : v.text.substr(kEnvUnknown.size(), end - kEnvUnknown.size());
}

namespace {

bool same_value(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::kString:
    case Value::Kind::kNumber:
    case Value::Kind::kBool:
    case Value::Kind::kUnknown:
    case Value::Kind::kExternal:
      return a.text == b.text;
    case Value::Kind::kNull:
      return true;
    default:
      return a.text == b.text && a.module == b.module && a.index == b.index && a.expr == b.expr &&
             a.ctor == b.ctor && a.steps.size() == b.steps.size();
  }
}



}  // namespace

void Evaluator::upgrade(Values& vals, Source s) {
  for (auto& v : vals) {
    // Containers carry the label of how they were reached, so their elements inherit it.
    bool labelled = v.kind == Value::Kind::kString || v.kind == Value::Kind::kList || v.kind == Value::Kind::kDict;
    if (labelled && v.source < s) v.source = s;
  }
}

void Evaluator::add_all(Values& into, Values from) {
  for (auto& v : from) {
    if (into.size() >= kMaxValues) return;
    bool dup = std::any_of(into.begin(), into.end(), [&](const Value& x) { return same_value(x, v); });
    if (!dup) into.push_back(std::move(v));
  }
}

Values Evaluator::elements_of(const Value& list) {
  Values out;
  if (list.kind != Value::Kind::kList || !list.module) return out;
  for (ExprId el : list.module->expr(list.expr).args) add_all(out, eval(list.ctx, el));
  add_all(out, appended_elements(list));
  return out;
}

// A list built up after its literal (`models = []` then `models.append(x)` / `.extend([...])` /
// JS `arr.push(a, b)`, in loops too): the elements every such call on the name adds, wherever in
// the binding's scope (or a scope nested in it) the call is.
Values Evaluator::appended_elements(const Value& list) {
  const parse::Module& m = *list.module;
  parse::ScopeId home = list.ctx.scope;
  if (home == kNone || static_cast<size_t>(home) >= m.scopes.size()) return {};
  std::string name;
  for (const auto& [n, ids] : m.scopes[static_cast<size_t>(home)].names) {
    for (int32_t b : ids) {
      if (m.bindings[static_cast<size_t>(b)].kind == parse::BindKind::kAssign && m.bindings[static_cast<size_t>(b)].value == list.expr) name = n;
    }
  }
  if (name.empty()) return {};
  auto sees_home = [&](parse::ScopeId s) {  // `name` in scope s is the binding in `home`
    for (; s != kNone; s = m.scopes[static_cast<size_t>(s)].parent) {
      if (s == home) return true;
      if (m.scopes[static_cast<size_t>(s)].names.count(name)) return false;
    }
    return false;
  };
  Values out;
  for (const auto& rec : m.calls) {
    const Expr& call = m.expr(rec.call);
    const Expr& callee = m.expr(call.a);
    if (callee.kind != ExprKind::kAttr || callee.a == kNone) continue;
    const Expr& recv = m.expr(callee.a);
    if (recv.kind != ExprKind::kName || recv.text != name || !sees_home(rec.scope)) continue;
    Ctx at{&m, rec.scope, list.ctx.frame};
    if (callee.text == "append" || callee.text == "push" || callee.text == "unshift") {
      for (ExprId a : call.args) add_all(out, eval(at, a));
    } else if (callee.text == "extend") {
      for (ExprId a : call.args) {
        for (const auto& l : eval(at, a)) add_all(out, elements_of(l));
      }
    }
    if (over_budget()) break;
  }
  return out;
}

// A list of allowed values reads as its elements; a single value stands for itself.
Values Evaluator::allowed_values(Values vals) {
  Values out;
  for (auto& v : vals) {
    if (v.kind == Value::Kind::kList) {
      add_all(out, elements_of(v));
    } else {
      add_all(out, {std::move(v)});
    }
  }
  return out;
}

Values Evaluator::argument_member(const Value& v, const std::string& name) {
  if (v.kind == Value::Kind::kDict && !v.element) return dict_key(v, name, false);
  if (v.kind == Value::Kind::kObject && v.steps.empty() && v.ctor != kNone && v.ctor_ctx.module) {
    for (const auto& [k, arg] : v.ctor_ctx.module->options(v.ctor_ctx.module->expr(v.ctor))) {
      if (k == name) return eval(v.ctor_ctx, arg);
    }
  }
  return member(v, name);
}

void Evaluator::note(Values& vals, const parse::Module& m, int line, const std::string& what) {
  constexpr size_t kMaxTrace = 16;
  for (auto& v : vals) {
    if (v.kind == Value::Kind::kUnknown || v.trace.size() >= kMaxTrace) continue;
    v.trace.insert(v.trace.begin(), TraceStep{what, m.path, line});
  }
}

Values Evaluator::evaluate(const Ctx& ctx, ExprId e) {
  begin_query();
  return eval(ctx, e);
}

Values Evaluator::eval(const Ctx& ctx, ExprId e) {
  if (e == kNone || ctx.module == nullptr) return {unknown("no expression")};
  if (over_budget()) return {unknown("analysis budget exhausted")};
  ++steps_;
  auto key = std::make_tuple(ctx.module, e, ctx.frame.get());
  if (auto on_stack = active_.find(key); on_stack != active_.end()) {
    cut_at_depth_ = std::min(cut_at_depth_, on_stack->second);
    return {unknown("the value depends on itself")};
  }
  bool cacheable = !ctx.frame;
  if (cacheable) {
    // An answer found under a tighter caller-search bound holds under a looser one (it was not
    // cut short); one found under a looser bound may have read callers this query may not, and
    // using it would make a call's detection depend on which queries ran before it.
    auto it = memo_.find({ctx.module, e});
    if (it != memo_.end() && it->second.first <= max_caller_files_) return it->second.second;
  }
  ++depth_;
  const int my_depth = depth_;
  active_.emplace(key, my_depth);
  int cut_before = cut_short_;
  int cut_above = std::exchange(cut_at_depth_, INT_MAX);
  Values out = eval_uncached(ctx, e);
  --depth_;
  active_.erase(key);
  // A cycle cut at an expression further up the stack left this answer short of what it is when
  // asked on its own (the cut expression would have been followed): not an answer to reuse.
  bool cut_by_a_caller = cut_at_depth_ < my_depth;
  if (cacheable && !over_budget() && cut_short_ == cut_before && !cut_by_a_caller) {
    memo_[{ctx.module, e}] = {max_caller_files_, out};
  }
  cut_at_depth_ = std::min(cut_above, cut_at_depth_);
  return out;
}

const parse::Module* Evaluator::load(const std::string& path) {
  if (sdk_reach_only_ && !index_.may_hold_sdk_value(path)) {
    ++cut_short_;
    ++reach_cuts_;
    return nullptr;
  }
  return index_.module(path);
}

Values Evaluator::eval_uncached(const Ctx& ctx, ExprId id) {
  const parse::Module& m = *ctx.module;
  const Expr& e = m.expr(id);
  switch (e.kind) {
    case ExprKind::kString:
      return {string_value(e.text, m, e.span.start_line, Source::kLiteral)};
    case ExprKind::kTemplate:
      return eval_template(ctx, e.args);
    case ExprKind::kNumber: {
      Value v;
      v.kind = Value::Kind::kNumber;
      v.text = e.text;
      return {v};
    }
    case ExprKind::kNull: {
      Value v;
      v.kind = Value::Kind::kNull;
      return {v};
    }
    case ExprKind::kBool: {
      Value v;
      v.kind = Value::Kind::kBool;
      v.text = e.text == "True" || e.text == "true" ? "true" : "false";
      return {v};
    }
    case ExprKind::kName:
      return eval_name(ctx, e);
    case ExprKind::kAttr: {
      // `st.session_state.model = "x"` elsewhere in the module binds the dotted name itself.
      if (m.expr(e.a).kind == ExprKind::kAttr) {
        if (auto bound = eval_dotted_binding(ctx, chain_text(m, id), e.span.start_line)) return *bound;
      }
      Values out;
      for (const auto& obj : eval(ctx, e.a)) add_all(out, member(obj, e.text));
      return out;
    }
    case ExprKind::kIndex: {
      Values bases = eval(ctx, e.a);
      // `ClientDep = Annotated[AsyncOpenAI, Depends(get_client)]`: a type alias standing for its
      // first argument (what a parameter annotated with it receives).
      if (e.b != kNone && std::any_of(bases.begin(), bases.end(), [](const Value& v) {
            return v.kind == Value::Kind::kExternal &&
                   (v.text == "typing.Annotated" || v.text == "typing_extensions.Annotated");
          })) {
        const Expr& first = m.expr(e.b);
        return eval(ctx, first.kind == ExprKind::kList && !first.args.empty() ? first.args[0] : e.b);
      }
      Values keys = e.b == kNone ? Values{} : eval(ctx, e.b);
      Values out;
      for (const auto& obj : bases) add_all(out, subscript(obj, keys));
      if (!has_concrete(out) && e.b != kNone && m.expr(e.b).kind == ExprKind::kString) {
        std::string chain = chain_text(m, e.a);
        if (!chain.empty()) {
          if (auto bound = eval_dotted_binding(ctx, chain + "[" + m.expr(e.b).text + "]", e.span.start_line)) {
            return *bound;
          }
        }
      }
      // `sessions[id]` with a run-time key: whatever was stored under any key (`sessions[k] = v`).
      if (!has_concrete(out) && e.b != kNone && m.expr(e.b).kind != ExprKind::kString) {
        std::string chain = chain_text(m, e.a);
        if (auto stored = chain.empty() ? std::nullopt : eval_dotted_binding(ctx, chain + "[]", e.span.start_line)) {
          return *stored;
        }
      }
      return out;
    }
    case ExprKind::kCall:
      return eval_call(ctx, id);
    case ExprKind::kList:
    case ExprKind::kDict: {
      Value v;
      v.kind = e.kind == ExprKind::kList ? Value::Kind::kList : Value::Kind::kDict;
      v.module = &m;
      v.expr = id;
      v.ctx = ctx;
      return {v};
    }
    case ExprKind::kBinary:
      if (e.text == "+" || e.text == "-") {
        if (auto sum = integer_arithmetic(ctx, e)) return *sum;
      }
      if (e.text == "+") return eval_template(ctx, {e.a, e.b});
      return {unknown("computed with `" + e.text + "`")};
    case ExprKind::kOr:
      return eval_or(ctx, e);
    case ExprKind::kCond:
      return eval_cond(ctx, e);
    case ExprKind::kSpread:
      return eval(ctx, e.a);
    case ExprKind::kFunction: {
      Value v;
      v.kind = Value::Kind::kFunction;
      v.module = &m;
      v.index = e.index;
      return {v};
    }
    case ExprKind::kUnknown:
      break;
  }
  return {unknown("an expression the analyzer does not evaluate")};
}

std::optional<Values> Evaluator::eval_dotted_binding(const Ctx& ctx, const std::string& name, int line) {
  if (name.empty()) return std::nullopt;
  const parse::Module& m = *ctx.module;
  for (parse::ScopeId s = ctx.scope; s != kNone; s = m.scopes[static_cast<size_t>(s)].parent) {
    if (!m.scopes[static_cast<size_t>(s)].names.count(name)) continue;
    Expr ref;
    ref.kind = ExprKind::kName;
    ref.text = name;
    ref.span.start_line = line;
    Values vals = eval_name(Ctx{&m, s, ctx.frame}, ref);
    if (has_concrete(vals)) return vals;
  }
  return std::nullopt;
}

Values Evaluator::eval_template(const Ctx& ctx, const std::vector<ExprId>& parts) {
  Values acc = {string_value("", *ctx.module, 0, Source::kTemplate)};
  bool first = true;
  for (ExprId p : parts) {
    Values pv = eval(ctx, p);
    Values next;
    for (const auto& a : acc) {
      for (const auto& b : pv) {
        if (b.kind != Value::Kind::kString && b.kind != Value::Kind::kNumber) continue;
        Value c = a;
        c.text += b.text;
        if (b.kind == Value::Kind::kString && b.source > c.source) c.source = b.source;
        if (first || c.origin_line == 0) { c.origin_path = b.origin_path; c.origin_line = b.origin_line; }
        add_all(next, {c});
      }
    }
    if (next.empty()) {
      std::string why = "a template part is not a constant";
      for (const auto& b : pv) {
        if (b.kind == Value::Kind::kUnknown) { why = "a template part is not a constant: " + b.text; break; }
      }
      return {unknown(why)};
    }
    acc = std::move(next);
    first = false;
  }
  if (parts.size() > 1) {
    for (auto& v : acc) {
      if (v.source < Source::kTemplate) v.source = Source::kTemplate;
    }
  }
  return acc;
}

namespace {

// `os.getenv("MODEL", "gpt-4o").strip()`, `name.lower()`: string methods that keep a model id a
// model id. Environment values known only at run time pass through, still naming their variable.
bool keeps_string(const std::string& method) {
  static const char* kMethods[] = {"strip", "lstrip", "rstrip", "lower", "upper", "casefold",
                                   "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase"};
  return std::any_of(std::begin(kMethods), std::end(kMethods), [&](const char* k) { return method == k; });
}

std::string apply_string_method(const std::string& method, std::string s) {
  if (method == "lower" || method == "casefold" || method == "toLowerCase") {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  } else if (method == "upper" || method == "toUpperCase") {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  } else {
    const char* ws = " \t\r\n";
    bool left = method != "rstrip" && method != "trimEnd";
    bool right = method != "lstrip" && method != "trimStart";
    if (right) s.erase(s.find_last_not_of(ws) + 1);
    if (left) s.erase(0, std::min(s.size(), s.find_first_not_of(ws)));
  }
  return s;
}

}  // namespace

// A function from a module out of SDK reach returns no SDK value of its own, but it may hand
// back one it is given (`client = instrument(OpenAI())`): with an SDK object among the
// arguments, its module is opened after all.
Values Evaluator::callee_values(const Ctx& ctx, const Expr& call) {
  size_t cuts = reach_cuts_;
  Values fns = eval(ctx, call.a);
  if (!sdk_reach_only_ || reach_cuts_ == cuts || has_concrete(fns)) return fns;
  auto sdk_object = [&](ExprId arg) {
    Values vals = eval(ctx, arg);
    return std::any_of(vals.begin(), vals.end(), [](const Value& v) {
      return v.kind == Value::Kind::kObject || v.kind == Value::Kind::kExternal;
    });
  };
  bool given = std::any_of(call.args.begin(), call.args.end(), sdk_object) ||
               std::any_of(call.kwargs.begin(), call.kwargs.end(), [&](const auto& kw) { return sdk_object(kw.second); });
  if (!given) return fns;
  sdk_reach_only_ = false;
  fns = eval(ctx, call.a);
  sdk_reach_only_ = true;
  return fns;
}

Values Evaluator::eval_call(const Ctx& ctx, ExprId id) {
  const parse::Module& m = *ctx.module;
  const Expr& c = m.expr(id);
  const Expr& callee = m.expr(c.a);
  // dict.get("key", default) on a literal dict.
  if (callee.kind == ExprKind::kAttr && callee.text == "get" && !c.args.empty()) {
    Values objs = eval(ctx, callee.a);
    if (!objs.empty() && objs.front().kind == Value::Kind::kDict) {
      Values keys = eval(ctx, c.args[0]);
      Values out;
      // A key known only at run time reads every value, as `d[key]` does.
      for (const auto& o : objs) add_all(out, subscript(o, keys));
      if (!has_concrete(out) && c.args.size() > 1) {
        out = eval(ctx, c.args[1]);
        upgrade(out, Source::kConfigObject);
      }
      return out;
    }
  }
  if (callee.kind == ExprKind::kAttr && !c.args.empty() && c.args.size() <= 2) {
    if (auto cut = string_position_method(ctx, id)) return *cut;
  }
  if (callee.kind == ExprKind::kAttr && c.args.empty() && keeps_string(callee.text)) {
    Values recv = eval(ctx, callee.a);
    bool textual = std::any_of(recv.begin(), recv.end(), [](const Value& v) {
      return v.is_string() || (v.kind == Value::Kind::kUnknown && v.env_backed);
    });
    if (textual) {
      for (auto& v : recv) {
        if (v.is_string()) v.text = apply_string_method(callee.text, std::move(v.text));
      }
      return recv;
    }
  }
  // `xs.map(x => ({...}))`: the callback's result stands for every element.
  if (callee.kind == ExprKind::kAttr && (callee.text == "map" || callee.text == "flatMap") && !c.args.empty() &&
      m.expr(c.args[0]).kind == ExprKind::kFunction) {
    const parse::Function& f = m.functions[static_cast<size_t>(m.expr(c.args[0]).index)];
    Values out;
    for (ExprId r : f.returns) add_all(out, eval(Ctx{&m, f.scope, nullptr}, r));
    for (auto& v : out) v.element = true;
    return out;
  }
  Values out;
  for (const auto& fn : callee_values(ctx, c)) {
    switch (fn.kind) {
      case Value::Kind::kExternal:
        add_all(out, call_external(ctx, id, fn));
        break;
      case Value::Kind::kObject: {
        if (is_config_service_get(fn)) {
          add_all(out, config_service_get(ctx, id));
          break;
        }
        if (is_vscode_setting_get(fn)) {
          add_all(out, vscode_setting_get(ctx, id, fn));
          break;
        }
        Value r = fn;
        if (!r.steps.empty()) {
          r.steps.back().call = id;
          r.steps.back().ctx = ctx;
        } else {
          r.steps.push_back({"()", id, ctx});
        }
        add_all(out, {r});
        break;
      }
      case Value::Kind::kFunction:
        add_all(out, call_function(ctx, id, fn.module, fn.index, 0));
        break;
      case Value::Kind::kClass:
        add_all(out, construct(ctx, id, fn));
        break;
      case Value::Kind::kUnknown:
        add_all(out, {unknown("calls `" + chain_text(m, c.a) + "`, whose origin is unknown")});
        break;
      default:
        add_all(out, {unknown("result of a call the analyzer does not follow")});
    }
  }
  // `cache.get(id)` on a Map filled by `cache.set(k, v)`: what was stored there.
  if (!has_concrete(out) && callee.kind == ExprKind::kAttr && callee.text == "get" && c.args.size() == 1) {
    std::string chain = chain_text(m, callee.a);
    if (auto stored = chain.empty() ? std::nullopt : eval_dotted_binding(ctx, chain + "[]", c.span.start_line)) {
      return *stored;
    }
  }
  return get_fallback(ctx, c, std::move(out));
}

// `kwargs.get("model", "gpt-4o")`, `options.get(...)`, `payload.get(...)`: when the object is
// one the analyzer cannot see (a **kwargs or dict parameter, a parsed request), the literal
// fallback is the model a reader names, as for an env read with a default (CONTRACT).
Values Evaluator::get_fallback(const Ctx& ctx, const Expr& c, Values out) {
  const parse::Module& m = *ctx.module;
  const Expr& callee = m.expr(c.a);
  if (callee.kind != ExprKind::kAttr || callee.text != "get" || c.args.size() != 2) return out;
  if (m.expr(c.args[0]).kind != ExprKind::kString) return out;
  if (std::any_of(out.begin(), out.end(), [](const Value& v) { return v.is_string(); })) return out;
  Values d = eval(ctx, c.args[1]);
  if (d.empty() || !std::all_of(d.begin(), d.end(), [](const Value& v) { return v.is_string(); })) return out;
  upgrade(d, Source::kConfigObject);
  return d;
}

Values Evaluator::call_function(const Ctx& ctx, ExprId call, const parse::Module* m, int32_t fn, int skip) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  const parse::Function& f = m->functions[static_cast<size_t>(fn)];
  if (f.returns.empty()) return {unknown("`" + f.qualified + "` returns nothing the analyzer sees")};
  auto frame = std::make_shared<Frame>();
  frame->module = m;
  frame->function = fn;
  frame->call = call;
  frame->caller = ctx;
  frame->skip_positional = skip;
  Ctx inner{m, f.scope, frame};
  Values out;
  for (ExprId r : f.returns) {
    if (reachable(inner, f, r)) add_all(out, eval(inner, r));
  }
  return out;
}

}  // namespace llmspend::index

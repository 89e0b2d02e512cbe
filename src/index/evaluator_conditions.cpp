// Conditions: `or`/`||`/`??` fallbacks, conditionals and their tests, allow-list guards, and the
// `if` tests in front of a function's returns, decided where the analyzer knows both sides.
#include <algorithm>

#include "index/evaluator.h"
#include "index/evaluator_internal.h"

namespace llmspend::index {

namespace {

// A field read off a third-party object (`schema.parse(body).model`), not a client or a model
// handle that a call returned (`anthropic("…")` is never missing).
bool is_runtime_field(const Value& v) {
  // A symbol of a module the analyzer cannot read (`require('./config').azure.deploymentName`,
  // a missing local file or a package) is data only known at run time when it is `||`-ed.
  return (v.kind == Value::Kind::kObject && !v.steps.empty() && v.steps.back().call == kNone) ||
         v.kind == Value::Kind::kExternal;
}

}  // namespace

// `a or b`, `a || b`, `a ?? b`: the fallback applies when `a` may be missing. An environment
// read with a literal fallback is the fallback (CONTRACT: "the fallback is the model"). So is
// data read from a third-party object (a validated request body, `zod.parse(raw).model`): it
// is only known at run time and may be absent.
Values Evaluator::eval_or(const Ctx& ctx, const Expr& e) {
  Values a = eval(ctx, e.a);
  // `"" || b` is b (`or` likewise); `"" ?? b` stays "".
  bool falsy_empty = e.text != "??";
  auto skipped = [&](const Value& v) {
    return v.kind == Value::Kind::kNull || v.kind == Value::Kind::kUnknown ||
           (falsy_empty && v.is_string() && v.text.empty() && !v.env_backed) ||
           (falsy_empty && v.kind == Value::Kind::kBool && v.text == "false");
  };
  bool env = !a.empty() && std::all_of(a.begin(), a.end(), [](const Value& v) { return v.env_backed; });
  bool maybe_missing = env || !has_concrete(a) || std::any_of(a.begin(), a.end(), [&](const Value& v) {
                         return skipped(v) || is_runtime_field(v);
                       });
  if (!maybe_missing) return a;
  Values b = eval(ctx, e.b);
  if (env) {
    upgrade(b, Source::kEnvDefault);
    return has_concrete(b) ? b : a;
  }
  Values out;
  for (auto& v : a) {
    if (!skipped(v)) add_all(out, {v});
  }
  add_all(out, std::move(b));
  return out;
}

// `test ? a : b`: both branches, unless the test is decided by what the analyzer knows.
Values Evaluator::eval_cond(const Ctx& ctx, const Expr& e) {
  Values out;
  if (!e.args.empty()) {
    if (std::optional<bool> t = decide_test(ctx, e.args[0])) return eval(ctx, *t ? e.a : e.b);
    out = eval(ctx, e.a);
    // `MODELS[req] ? req : DEFAULT`, `ALLOWED.includes(req) ? req : DEFAULT`: a runtime value
    // that passes the guard is one of the table's keys (the list's items).
    const Expr& then_e = ctx.module->expr(e.a);
    bool known = std::any_of(out.begin(), out.end(), [](const Value& v) { return v.is_string(); });
    if (then_e.kind == ExprKind::kName && !known) {
      if (std::optional<Values> allowed = guarded_members(ctx, e.args[0], then_e.text)) out = std::move(*allowed);
    }
  } else {
    out = eval(ctx, e.a);
  }
  add_all(out, eval(ctx, e.b));
  return out;
}

// The strings a guard admits for `name`: `D[name]` and `name in D` admit D's keys,
// `L.includes(name)` L's items; `x && guard` is the guard. Other tests admit nothing known.
std::optional<Values> Evaluator::guarded_members(const Ctx& ctx, ExprId test, const std::string& name) {
  const parse::Module& m = *ctx.module;
  const Expr& t = m.expr(test);
  auto is_name = [&](ExprId id) { return id != kNone && m.expr(id).kind == ExprKind::kName && m.expr(id).text == name; };
  auto strings_only = [](Values vs) -> std::optional<Values> {
    Values out;
    for (auto& v : vs) {
      if (v.is_string()) out.push_back(std::move(v));
    }
    if (out.empty()) return std::nullopt;
    return out;
  };
  auto keys_of = [&](ExprId table) -> std::optional<Values> {
    Values out;
    for (const auto& d : eval(ctx, table)) {
      if (d.kind != Value::Kind::kDict || !d.module) continue;
      Source src = d.module == &m ? Source::kSameFileConstant : Source::kCrossFileConstant;
      const Expr& lit = d.module->expr(d.expr);
      for (const auto& kv : lit.kwargs) add_all(out, {string_value(kv.first, *d.module, lit.span.start_line, src)});
    }
    return strings_only(std::move(out));
  };
  if (t.kind == ExprKind::kIndex && is_name(t.b)) return keys_of(t.a);
  if (t.kind == ExprKind::kBinary && t.text == "in" && is_name(t.a)) return keys_of(t.b);
  if (t.kind == ExprKind::kBinary && t.text == "&&") {
    if (auto r = guarded_members(ctx, t.b, name)) return r;
    return guarded_members(ctx, t.a, name);
  }
  if (t.kind == ExprKind::kCall && t.args.size() == 1 && is_name(t.args[0])) {
    const Expr& callee = m.expr(t.a);
    if (callee.kind != ExprKind::kAttr || callee.text != "includes") return std::nullopt;
    Values items;
    for (const auto& l : eval(ctx, callee.a)) add_all(items, elements_of(l));
    return strings_only(std::move(items));
  }
  return std::nullopt;
}

namespace {

/// Whether a flag is true in a test: a boolean, a number or None/null. Not a string: the
/// guards strings meet are `if (!url) return url;` in a helper that then rewrites the value in
/// ways the analyzer does not follow (`.replace(/\/+$/, "")`), where keeping both returns
/// keeps the only readable one.
std::optional<bool> truthiness(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kBool:
      return v.text == "true";
    case Value::Kind::kNull:
      return false;
    case Value::Kind::kNumber:
      return v.text != "0" && v.text != "0.0";
    default:
      return std::nullopt;
  }
}

}  // namespace

// A test decided by what the analyzer knows: an equality between known strings
// (`provider === "openai"`, provider = env ?? "google") when every value on both sides gives the
// same answer; the truth of a parameter flag whose every value is known (`if fast:` with
// `fast=False` and the call not passing it); `not`/`!`, `and`/`&&` and `or`/`||`
// of those. A value the analyzer does not know (a request field, an env var without default)
// leaves the test undecided.
std::optional<bool> Evaluator::decide_test(const Ctx& ctx, ExprId test) {
  Guard guard(*this);  // or-ed switch cases nest once per case
  if (over_budget() || test == kNone) return std::nullopt;
  const Expr& t = ctx.module->expr(test);
  if (t.kind == ExprKind::kBinary && (t.text == "not" || t.text == "!")) {
    std::optional<bool> v = decide_test(ctx, t.a);
    if (v) return !*v;
    return std::nullopt;
  }
  bool any = (t.kind == ExprKind::kBinary && t.text == "||") ||
             (t.kind == ExprKind::kOr && (t.text == "or" || t.text == "||"));
  bool all = t.kind == ExprKind::kBinary && (t.text == "&&" || t.text == "and");
  if (any || all) {  // switch cases sharing a branch; `a && b`; `a or b`
    std::optional<bool> l = decide_test(ctx, t.a), r = decide_test(ctx, t.b);
    if ((l && *l == any) || (r && *r == any)) return any;
    if (l && r) return !any;
    return std::nullopt;
  }
  // Only a literal or a parameter of the call being followed: the frame binds it to that call's
  // argument or to its default, so no caller search is needed (testing every guard's names
  // would evaluate, and parse, much of a project for tests like `if not api_key:`).
  bool frame_param = t.kind == ExprKind::kName && ctx.frame && ctx.frame->module == ctx.module &&
                     ctx.frame->function != kNone && [&] {
                       const auto& params = ctx.module->functions[static_cast<size_t>(ctx.frame->function)].params;
                       return std::any_of(params.begin(), params.end(),
                                          [&](const parse::Param& p) { return p.name == t.text; });
                     }();
  if (t.kind == ExprKind::kBool || t.kind == ExprKind::kNull || frame_param) {
    std::optional<bool> out;
    Values vals = eval(ctx, test);
    if (vals.empty()) return std::nullopt;
    for (const auto& v : vals) {
      std::optional<bool> b = truthiness(v);
      if (!b || (out && *out != *b)) return std::nullopt;
      out = b;
    }
    return out;
  }
  if (t.kind != ExprKind::kBinary) return std::nullopt;
  bool eq = t.text == "===" || t.text == "==";
  if (!eq && t.text != "!==" && t.text != "!=") return std::nullopt;
  Values l = eval(ctx, t.a), r = eval(ctx, t.b);
  // A .env file value (NODE_ENV=development) is one machine's setting, not the code's default.
  auto all_known = [](const Values& vs) {
    return !vs.empty() && std::all_of(vs.begin(), vs.end(), [](const Value& v) {
      return (v.is_string() && v.source != Source::kEnvFile) || v.kind == Value::Kind::kNumber ||
             v.kind == Value::Kind::kBool;
    });
  };
  if (!all_known(l) || !all_known(r)) return std::nullopt;
  std::optional<bool> out;
  for (const auto& a : l) {
    for (const auto& b : r) {
      bool same = (a.kind == b.kind && a.text == b.text) == eq;
      if (out && *out != same) return std::nullopt;
      out = same;
    }
  }
  return out;
}

// A return under `if` tests the call decides the other way (`make_client("groq")` and
// `if provider == "groq": return …`) is not what this call gets.
bool Evaluator::reachable(const Ctx& ctx, const parse::Function& f, ExprId ret) {
  for (const auto& [r, guards] : f.return_guards) {
    if (r != ret) continue;
    for (const auto& g : guards) {
      std::optional<bool> t = decide_test(ctx, g.test);
      if (t && *t == g.negated) return false;
    }
  }
  return true;
}

}  // namespace llmspend::index

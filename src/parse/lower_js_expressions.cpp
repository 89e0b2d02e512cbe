// JS/TS expressions: literals, templates, members, calls (recorded with their scope, including
// callbacks run per element), objects, arrays, operators, functions and assignments.
#include "parse/js_lowering.h"

namespace llmspend::parse::detail {

ExprId JsLowering::expr(TSNode n) {
  DepthGuard g(depth_);
  if (g.too_deep()) {
    m_.truncated = true;
    return add_kind(ExprKind::kUnknown, n);
  }
  std::string_view t = type(n);
  if (t == "identifier" || t == "shorthand_property_identifier") {
    if (text(n) == "undefined") return add_kind(ExprKind::kNull, n);
    if (const std::string* lit = narrowed(text(n))) return add_kind(ExprKind::kString, n, *lit);
    return add_kind(ExprKind::kName, n, std::string(text(n)));
  }
  if (t == "this") return add_kind(ExprKind::kName, n, "this");
  if (t == "string") return add_kind(ExprKind::kString, n, unescape(strip_quotes(text(n))));
  if (t == "template_string") return template_lit(n);
  if (t == "number") return add_kind(ExprKind::kNumber, n, std::string(text(n)));
  if (t == "true" || t == "false") return add_kind(ExprKind::kBool, n, std::string(text(n)));
  if (t == "null" || t == "undefined") return add_kind(ExprKind::kNull, n);
  if (t == "member_expression") return member(n);
  if (t == "subscript_expression") return subscript(n);
  if (t == "call_expression") return call(n, false);
  if (t == "new_expression") return call(n, true);
  if (t == "parenthesized_expression" || t == "await_expression" || t == "as_expression" ||
      t == "satisfies_expression" || t == "non_null_expression") {
    return named_count(n) ? expr(named(n, 0)) : add_kind(ExprKind::kUnknown, n);
  }
  if (t == "type_assertion") return named_count(n) ? expr(named(n, named_count(n) - 1)) : add_kind(ExprKind::kUnknown, n);
  if (t == "object") return object(n);
  if (t == "array") return array(n);
  if (t == "binary_expression") return binary(n);
  if (t == "unary_expression" && text(field(n, "operator")) == "!") return negation(n);
  if (t == "ternary_expression") return ternary(n);
  if (t == "arrow_function" || t == "function_expression" || t == "function" ||
      t == "generator_function") {
    return function_expr(n);
  }
  if (t == "assignment_expression") return assignment(n);
  // `this.client ??= new OpenAI(...)` / `x ||= v`: a lazily filled slot holds v once set.
  if (t == "augmented_assignment_expression") {
    std::string_view op = text(field(n, "operator"));
    if (op == "??=" || op == "||=") return assignment(n);
  }
  if (t == "spread_element") {
    ExprId id = add_kind(ExprKind::kSpread, n);
    if (named_count(n)) { ExprId inner = expr(named(n, 0)); ex(id).a = inner; }
    return id;
  }
  if (t == "class") {
    int32_t ci = static_cast<int32_t>(m_.classes.size());
    Class c;
    c.name = "<class>";
    c.qualified = qualify(c.name);
    c.line = line(n);
    m_.classes.push_back(std::move(c));
    class_body(ci, field(n, "body"));
    return add_kind(ExprKind::kUnknown, n);
  }
  if (ts_node_is_error(n)) note_error(n);
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    if (type(c) == "statement_block" || type(c) == "lexical_declaration") stmt(c); else expr(c);
  }
  return add_kind(ExprKind::kUnknown, n);
}

ExprId JsLowering::template_lit(TSNode n) {
  std::vector<ExprId> parts;
  std::string constant;
  bool holes = false;
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    std::string_view t = type(c);
    if (t == "string_fragment" || t == "escape_sequence") {
      constant += unescape(text(c));
    } else if (t == "template_substitution") {
      holes = true;
      if (!constant.empty()) parts.push_back(add_kind(ExprKind::kString, n, std::exchange(constant, {})));
      parts.push_back(named_count(c) ? expr(named(c, 0)) : add_kind(ExprKind::kUnknown, c));
    }
  }
  if (!holes) {
    // Fragments may be absent for text between backticks in some grammar versions.
    if (constant.empty()) constant = std::string(strip_quotes(text(n)));
    return add_kind(ExprKind::kString, n, std::move(constant));
  }
  if (!constant.empty()) parts.push_back(add_kind(ExprKind::kString, n, std::move(constant)));
  ExprId id = add_kind(ExprKind::kTemplate, n);
  ex(id).args = std::move(parts);
  return id;
}

ExprId JsLowering::member(TSNode n) {
  ExprId obj = expr(field(n, "object"));
  TSNode prop = field(n, "property");
  ExprId id = add_kind(ExprKind::kAttr, n, std::string(text(prop)));
  ex(id).a = obj;
  return id;
}

ExprId JsLowering::subscript(TSNode n) {
  ExprId obj = expr(field(n, "object"));
  TSNode index = field(n, "index");
  ExprId idx = is_null(index) ? kNone : expr(index);
  ExprId id = add_kind(ExprKind::kIndex, n);
  ex(id).a = obj;
  ex(id).b = idx;
  return id;
}

ExprId JsLowering::call(TSNode n, bool is_new) {
  TSNode fn = field(n, is_new ? "constructor" : "function");
  ExprId callee = is_null(fn) ? add_kind(ExprKind::kUnknown, n) : expr(fn);
  std::vector<ExprId> args;
  TSNode al = field(n, "arguments");
  bool iterating = !is_new && ex(callee).kind == ExprKind::kAttr && is_iteration(ex(callee).text);
  if (!is_null(al) && type(al) == "arguments") {
    for (uint32_t i = 0; i < named_count(al); ++i) {
      TSNode c = named(al, i);
      if (type(c) == "comment") continue;
      if (iterating && i == 0 && is_function_node(c)) {
        args.push_back(loop_callback(c, ex(callee).a));
      } else {
        args.push_back(expr(c));
      }
    }
  }
  ExprId id = add_kind(ExprKind::kCall, n);
  Expr& e = ex(id);
  e.a = callee;
  e.is_new = is_new;
  e.args = std::move(args);
  record_call(id);
  // `cache.set(key, client)`: the container now holds that value (read back by `cache.get(k)`).
  if (!is_new && ex(callee).kind == ExprKind::kAttr && ex(callee).text == "set" && ex(id).args.size() == 2) {
    bind_element(field(fn, "object"), ex(id).args[1], line(n));
  }
  return id;
}

void JsLowering::bind_element(TSNode obj, ExprId v, int ln) {
  if (is_null(obj) || v == kNone) return;
  std::string chain(text(obj));
  if (chain.empty() || chain.find_first_of(" \n()[]?!<>") != std::string::npos) return;
  std::string root = chain.substr(0, chain.find('.'));
  ScopeId into = kNone;
  if (root == "this") {
    if (method_class_ == kNone) return;
    into = m_.classes[static_cast<size_t>(method_class_)].scope;
  } else {
    into = declaring_scope(root);
  }
  bind_value(chain + "[]", v, ln, {}, into);
}

bool JsLowering::is_iteration(std::string_view m) {
  return m == "map" || m == "forEach" || m == "flatMap" || m == "filter";
}

bool JsLowering::is_function_node(TSNode c) const {
  std::string_view t = type(c);
  return t == "arrow_function" || t == "function_expression" || t == "function";
}

ExprId JsLowering::loop_callback(TSNode fn, ExprId iterable) {
  TSNode params = field(fn, "parameters");
  if (is_null(params)) params = field(fn, "parameter");
  std::string first;
  if (!is_null(params)) {
    if (type(params) == "identifier") {
      first = std::string(text(params));
    } else if (named_count(params)) {
      TSNode p = named(params, 0);
      TSNode pat = field(p, "pattern");
      if (!is_null(pat)) p = pat;
      if (type(p) == "identifier") first = std::string(text(p));
    }
  }
  pending_loop_param_ = first;
  pending_loop_iter_ = iterable;
  int32_t fi = new_function("<callback>", fn);
  loops_.push_back(iterable);
  auto saved = loops_;
  enter_function_keep_loops(fi, fn, saved);
  loops_.pop_back();
  ExprId id = add_kind(ExprKind::kFunction, fn);
  ex(id).index = fi;
  return id;
}

void JsLowering::enter_function_keep_loops(int32_t fi, TSNode fn, const std::vector<ExprId>& loops) {
  // enter_function resets loops_ (a callee body is not inside the caller's loop), except for
  // iteration callbacks, which are: restore them inside.
  int32_t saved_fn = function_;
  ScopeId s = push_scope(ScopeKind::kFunction, fi);
  m_.functions[static_cast<size_t>(fi)].scope = s;
  function_ = fi;
  TSNode params = field(fn, "parameters");
  if (is_null(params)) params = field(fn, "parameter");
  std::string loop_name = std::exchange(pending_loop_param_, {});
  if (!is_null(params)) parameters(params, fi);
  if (!loop_name.empty()) {
    Binding b;
    b.name = loop_name;
    b.kind = BindKind::kLoop;
    b.value = pending_loop_iter_;
    b.line = line(fn);
    bind(std::move(b));
    // The loop binding must win over the parameter binding of the same name.
    auto& ids = m_.scopes[static_cast<size_t>(s)].names[loop_name];
    ids.erase(ids.begin(), ids.end() - 1);
  }
  auto saved_loops = loops_;
  auto saved_guards = std::move(guards_);
  loops_ = loops;
  guards_.clear();
  TSNode body = field(fn, "body");
  if (!is_null(body)) {
    if (type(body) == "statement_block") {
      children_stmts(body);
    } else {
      ExprId r = expr(body);
      m_.functions[static_cast<size_t>(fi)].returns.push_back(r);
    }
  }
  loops_ = saved_loops;
  guards_ = std::move(saved_guards);
  pop_scope();
  function_ = saved_fn;
}

ExprId JsLowering::object(TSNode n) {
  std::vector<std::pair<std::string, ExprId>> kv;
  std::vector<ExprId> spreads;
  std::vector<int32_t> methods;  // functions whose `this` is this object
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    std::string_view t = type(c);
    if (t == "pair") {
      TSNode key = field(c, "key");
      std::string k(strip_quotes(text(key)));
      TSNode value = field(c, "value");
      ExprId v = expr(value);
      // `name: function () {}` binds `this`; an arrow function keeps the outer one.
      if (!is_null(value) && type(value) != "arrow_function" && ex(v).kind == ExprKind::kFunction) {
        methods.push_back(ex(v).index);
      }
      if (type(key) == "computed_property_name") {
        // `{[Task.PLAN]: {...}}`: the key is known only by its expression; a lookup by a
        // run-time key still reads every entry. A quoted literal key is that string.
        TSNode inner = named_count(key) ? named(key, 0) : key;
        k = type(inner) == "string" ? std::string(strip_quotes(text(inner))) : "[" + std::string(text(inner)) + "]";
      }
      kv.emplace_back(std::move(k), v);
    } else if (t == "shorthand_property_identifier") {
      kv.emplace_back(std::string(text(c)), expr(c));
    } else if (t == "spread_element") {
      spreads.push_back(expr(c));
    } else if (t == "method_definition") {
      std::string name(text(field(c, "name")));
      int32_t fi = new_function(name, c);
      enter_function(fi, c);
      ExprId fn = add_kind(ExprKind::kFunction, c);
      ex(fn).index = fi;
      methods.push_back(fi);
      kv.emplace_back(std::move(name), fn);
    }
  }
  ExprId id = add_kind(ExprKind::kDict, n);
  ex(id).kwargs = std::move(kv);
  ex(id).args = std::move(spreads);
  for (int32_t fi : methods) {
    if (fi != kNone) m_.functions[static_cast<size_t>(fi)].this_object = id;
  }
  return id;
}

ExprId JsLowering::array(TSNode n) {
  std::vector<ExprId> items;
  for (uint32_t i = 0; i < named_count(n); ++i) {
    if (type(named(n, i)) != "comment") items.push_back(expr(named(n, i)));
  }
  ExprId id = add_kind(ExprKind::kList, n);
  ex(id).args = std::move(items);
  return id;
}

ExprId JsLowering::negation(TSNode n) {
  ExprId a = expr(field(n, "argument"));
  ExprId id = add_kind(ExprKind::kBinary, n, "!");
  ex(id).a = a;
  return id;
}

ExprId JsLowering::binary(TSNode n) {
  std::string op(text(field(n, "operator")));
  ExprId a = expr(field(n, "left"));
  ExprId b = expr(field(n, "right"));
  ExprKind k = (op == "||" || op == "??") ? ExprKind::kOr : ExprKind::kBinary;
  ExprId id = add_kind(k, n, op);
  ex(id).a = a;
  ex(id).b = b;
  return id;
}

ExprId JsLowering::ternary(TSNode n) {
  ExprId test = expr(field(n, "condition"));
  ExprId a = expr(field(n, "consequence"));
  ExprId b = expr(field(n, "alternative"));
  ExprId id = add_kind(ExprKind::kCond, n);
  ex(id).a = a;
  ex(id).b = b;
  if (test != kNone) ex(id).args = {test};
  return id;
}

ExprId JsLowering::function_expr(TSNode n) {
  TSNode nm = field(n, "name");
  std::string name = is_null(nm) ? (pending_name_.empty() ? "<anonymous>" : pending_name_) : std::string(text(nm));
  pending_name_.clear();
  int32_t fi = new_function(name, n);
  enter_function(fi, n);
  ExprId id = add_kind(ExprKind::kFunction, n);
  ex(id).index = fi;
  return id;
}

ExprId JsLowering::assignment(TSNode n) {
  TSNode left = field(n, "left"), right = field(n, "right");
  ExprId v = is_null(right) ? kNone : expr(right);
  if (is_null(left)) return v;
  std::string_view lt = type(left);
  if (lt == "identifier") {
    // Plain assignment rebinds the variable where it is declared (a module-level `let client`
    // filled in by an init function); an undeclared name is a global.
    std::string name(text(left));
    unnarrow(name);
    ScopeId target = declaring_scope(name);
    bind_value(name, v, line(left), {}, target == kNone ? 0 : target);
  } else if (lt == "member_expression") {
    member_target(left, v);
  } else if (lt == "subscript_expression") {
    bind_element(field(left, "object"), v, line(left));
  }
  return v;
}

void JsLowering::member_target(TSNode left, ExprId v) {
  TSNode obj = field(left, "object");
  std::string prop(text(field(left, "property")));
  std::string obj_text(text(obj));
  if (obj_text == "this" && method_class_ != kNone) {
    m_.classes[static_cast<size_t>(method_class_)].fields[prop].push_back({v, function_, line(left)});
  } else if (obj_text == "module" && prop == "exports") {
    m_.exports["default"] = v;
    m_.exports["module.exports"] = v;
  } else if (obj_text == "exports" || obj_text == "module.exports") {
    m_.exports[prop] = v;
  } else if (obj_text.find_first_of(" \n()[]") == std::string::npos) {
    bind_value(obj_text + "." + prop, v, line(left));
  }
}

std::string JsLowering::qualify(const std::string& name) const {
  const Scope& s = m_.scopes[static_cast<size_t>(scope_)];
  if (s.kind == ScopeKind::kClass) return m_.classes[static_cast<size_t>(s.owner)].qualified + "." + name;
  if (s.kind == ScopeKind::kFunction) return m_.functions[static_cast<size_t>(s.owner)].qualified + "." + name;
  return name;
}

}  // namespace llmspend::parse::detail

// JS/TS definitions: functions and their parameters (defaults, destructuring, TypeScript
// parameter properties), classes (fields, accessors, methods), enums, and loop variables.
#include "parse/js_lowering.h"

namespace llmspend::parse::detail {

int32_t JsLowering::new_function(const std::string& name, TSNode n) {
  Function f;
  f.name = name;
  f.qualified = qualify(name);
  f.line = line(n);
  m_.functions.push_back(std::move(f));
  return static_cast<int32_t>(m_.functions.size() - 1);
}

void JsLowering::function_decl(TSNode n) {
  std::string name(text(field(n, "name")));
  int32_t fi = new_function(name, n);
  bind_indexed(name, BindKind::kFunction, fi, line(n));
  enter_function(fi, n);
}

void JsLowering::enter_function(int32_t fi, TSNode n) {
  int32_t saved_fn = function_;
  auto saved_loops = std::move(loops_);
  auto saved_guards = std::move(guards_);
  auto saved_narrowed = std::move(narrowed_);
  loops_.clear();
  guards_.clear();
  narrowed_.clear();
  ScopeId s = push_scope(ScopeKind::kFunction, fi);
  m_.functions[static_cast<size_t>(fi)].scope = s;
  function_ = fi;
  TSNode params = field(n, "parameters");
  if (is_null(params)) params = field(n, "parameter");
  if (!is_null(params)) parameters(params, fi);
  if (!pending_loop_param_.empty()) {
    Binding b;
    b.name = std::exchange(pending_loop_param_, {});
    b.kind = BindKind::kLoop;
    b.value = pending_loop_iter_;
    b.line = line(n);
    bind(std::move(b));
  }
  TSNode body = field(n, "body");
  if (!is_null(body)) {
    if (type(body) == "statement_block") {
      children_stmts(body);
    } else {
      ExprId r = expr(body);  // may add functions: index after, never hold a reference across
      m_.functions[static_cast<size_t>(fi)].returns.push_back(r);
    }
  }
  pop_scope();
  function_ = saved_fn;
  loops_ = std::move(saved_loops);
  guards_ = std::move(saved_guards);
  narrowed_ = std::move(saved_narrowed);
}

void JsLowering::parameters(TSNode n, int32_t fi) {
  if (type(n) == "identifier") {  // `x => ...`
    add_param(fi, param_named(std::string(text(n)), 0), line(n));
    return;
  }
  int position = 0;
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    std::string_view t = type(c);
    TSNode pattern = c, value = {};
    std::string type_name;
    if (t == "required_parameter" || t == "optional_parameter") {
      pattern = field(c, "pattern");
      value = field(c, "value");
      TSNode ty = field(c, "type");
      if (!is_null(ty)) type_name = std::string(text(ty));
      if (type_name.size() > 1 && type_name[0] == ':') type_name = std::string(core_trim(type_name.substr(1)));
      if (has_accessibility(c) && !is_null(pattern)) ctor_property(std::string(text(pattern)), c);
    } else if (t == "assignment_pattern") {
      pattern = field(c, "left");
      value = field(c, "right");
    }
    if (is_null(pattern)) continue;
    Param p = param_named("", position);
    p.type_name = type_name;
    if (!ts_node_is_null(value)) p.default_value = expr(value);
    std::string_view pt = type(pattern);
    if (pt == "identifier") {
      p.name = std::string(text(pattern));
    } else if (pt == "rest_pattern") {
      p.rest = true;
      p.position = -1;
      if (named_count(pattern)) p.name = std::string(text(named(pattern, 0)));
    } else if (pt == "object_pattern") {
      destructured_param(pattern, p);
    } else if (pt == "this") {
      continue;
    }
    ++position;
    auto idx = static_cast<int32_t>(m_.functions[static_cast<size_t>(fi)].params.size());
    bool destructured = !p.fields.empty();
    auto fields = p.fields;
    add_param(fi, std::move(p), line(c));
    if (destructured) bind_param_fields(idx, fields, line(c));
  }
}

std::string_view JsLowering::core_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  return s;
}

bool JsLowering::has_accessibility(TSNode c) const {
  for (uint32_t i = 0; i < named_count(c); ++i) {
    std::string_view t = type(named(c, i));
    if (t == "accessibility_modifier" || t == "override_modifier") return true;
  }
  for (uint32_t i = 0; i < ts_node_child_count(c); ++i) {
    if (type(ts_node_child(c, i)) == "readonly") return true;
  }
  return false;
}

void JsLowering::ctor_property(const std::string& name, TSNode at) {
  if (method_class_ == kNone) return;
  ExprId ref = add_kind(ExprKind::kName, at, name);
  m_.classes[static_cast<size_t>(method_class_)].fields[name].push_back({ref, function_, line(at)});
}

Param JsLowering::param_named(std::string name, int position) {
  Param p;
  p.name = std::move(name);
  p.position = position;
  return p;
}

void JsLowering::destructured_param(TSNode pattern, Param& p) {
  for (uint32_t i = 0; i < named_count(pattern); ++i) {
    TSNode c = named(pattern, i);
    std::string_view t = type(c);
    if (t == "shorthand_property_identifier_pattern") {
      p.fields.push_back({std::string(text(c)), {std::string(text(c)), kNone}});
    } else if (t == "object_assignment_pattern") {
      std::string key(text(field(c, "left")));
      p.fields.push_back({key, {key, expr(field(c, "right"))}});
    } else if (t == "pair_pattern") {
      std::string key(strip_quotes(text(field(c, "key"))));
      TSNode v = field(c, "value");
      ExprId def = kNone;
      if (type(v) == "assignment_pattern") {
        def = expr(field(v, "right"));
        v = field(v, "left");
      }
      p.fields.push_back({key, {std::string(text(v)), def}});
    }
  }
}

void JsLowering::bind_param_fields(int32_t idx, const decltype(Param::fields)& fields, int ln) {
  for (const auto& [key, local] : fields) {
    Binding b;
    b.name = local.first;
    b.kind = BindKind::kParam;
    b.index = idx;
    b.path = {key};
    b.fallback = local.second;
    b.line = ln;
    bind(std::move(b));
  }
}

void JsLowering::class_decl(TSNode n) {
  TSNode nm = field(n, "name");
  std::string name = is_null(nm) ? "<class>" : std::string(text(nm));
  Class c;
  c.name = name;
  c.qualified = qualify(name);
  c.line = line(n);
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode h = named(n, i);
    if (type(h) != "class_heritage") continue;
    for (uint32_t k = 0; k < named_count(h); ++k) {
      TSNode e = named(h, k);
      if (type(e) == "extends_clause") {
        TSNode v = field(e, "value");
        if (!is_null(v)) c.bases.push_back(expr(v));
      } else if (type(e) != "implements_clause") {
        c.bases.push_back(expr(e));
      }
    }
  }
  auto ci = static_cast<int32_t>(m_.classes.size());
  m_.classes.push_back(std::move(c));
  bind_indexed(name, BindKind::kClass, ci, line(n));
  class_body(ci, field(n, "body"));
}

void JsLowering::class_body(int32_t ci, TSNode body) {
  int32_t saved_class = class_, saved_mc = method_class_;
  class_ = ci;
  ScopeId s = push_scope(ScopeKind::kClass, ci);
  m_.classes[static_cast<size_t>(ci)].scope = s;
  if (!is_null(body)) {
    for (uint32_t i = 0; i < named_count(body); ++i) class_member(ci, named(body, i));
  }
  pop_scope();
  class_ = saved_class;
  method_class_ = saved_mc;
}

std::string_view JsLowering::accessor_keyword(TSNode m) {
  for (uint32_t i = 0; i < ts_node_child_count(m); ++i) {
    std::string_view k = type(ts_node_child(m, i));
    if (k == "get" || k == "set") return k;
  }
  return {};
}

void JsLowering::class_member(int32_t ci, TSNode m) {
  std::string_view t = type(m);
  if (t == "method_definition") {
    std::string name(text(field(m, "name")));
    int32_t fi = new_function(name, m);
    m_.functions[static_cast<size_t>(fi)].class_index = ci;
    std::string_view accessor = accessor_keyword(m);
    auto& methods = m_.classes[static_cast<size_t>(ci)].methods;
    // `get model() { return ... }` is read like a Python `@property`: `this.model` is what it
    // returns. Its setter keeps the name only when there is no getter to read.
    if (accessor == "get") m_.functions[static_cast<size_t>(fi)].decorators.push_back("property");
    bool shadowed_getter = accessor == "set" && methods.count(name);
    if (!shadowed_getter) methods[name] = fi;
    method_class_ = ci;
    enter_function(fi, m);
  } else if (t == "public_field_definition" || t == "field_definition") {
    TSNode prop = field(m, "name");
    if (is_null(prop)) prop = field(m, "property");
    TSNode value = field(m, "value");
    if (is_null(prop)) return;
    method_class_ = ci;
    ExprId v = is_null(value) ? kNone : expr(value);
    std::string name(strip_quotes(text(prop)));
    m_.classes[static_cast<size_t>(ci)].fields[name].push_back({v, kNone, line(m)});
  }
}

void JsLowering::enum_decl(TSNode n) {
  // An enum is an object of constant members: bind it as a dict literal.
  std::string name(text(field(n, "name")));
  ExprId dict = add_kind(ExprKind::kDict, n, "enum");
  TSNode body = field(n, "body");
  std::vector<std::pair<std::string, ExprId>> members;
  if (!is_null(body)) {
    for (uint32_t i = 0; i < named_count(body); ++i) {
      TSNode c = named(body, i);
      if (type(c) == "enum_assignment") {
        members.emplace_back(std::string(strip_quotes(text(field(c, "name")))), expr(field(c, "value")));
      } else if (type(c) == "property_identifier") {
        members.emplace_back(std::string(text(c)), add_kind(ExprKind::kUnknown, c));
      }
    }
  }
  ex(dict).kwargs = std::move(members);
  bind_value(name, dict, line(n));
}

void JsLowering::for_in(TSNode n) {
  TSNode left = field(n, "left"), right = field(n, "right");
  ExprId iter = is_null(right) ? kNone : expr(right);
  bool of = false;
  for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
    if (type(ts_node_child(n, i)) == "of") of = true;
  }
  if (!is_null(left) && of) bind_loop(left, iter);
  loops_.push_back(of ? iter : kNone);
  TSNode body = field(n, "body");
  if (!is_null(body)) stmt(body);
  loops_.pop_back();
}

void JsLowering::bind_loop(TSNode left, ExprId iter) {
  if (type(left) == "identifier") {
    Binding b;
    b.name = std::string(text(left));
    b.kind = BindKind::kLoop;
    b.value = iter;
    b.line = line(left);
    bind(std::move(b));
  } else if (type(left) == "object_pattern" || type(left) == "array_pattern") {
    // `for (const {model, budget} of LADDER)`: each name reads its path in every element.
    size_t first = m_.bindings.size();
    bind_pattern(left, iter, {}, kNone);
    for (size_t i = first; i < m_.bindings.size(); ++i) m_.bindings[i].kind = BindKind::kLoop;
  }
}

}  // namespace llmspend::parse::detail

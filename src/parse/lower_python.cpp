// Lowering of tree-sitter-python trees into the IR (see ir.h): statements, assignments, imports
// and definitions. Statements bind names in the current scope; every expression is lowered (in
// lower_python_expressions.cpp) so that calls nested anywhere are recorded.
#include <cctype>
#include <cstring>
#include <set>

#include "parse/python_lowering.h"

namespace llmspend::parse {
namespace detail {

void PythonLowering::run(TSNode root) {
  push_scope(ScopeKind::kModule, kNone);
  block(root);
}

void PythonLowering::block(TSNode n) {
  uint32_t count = named_count(n);
  for (uint32_t i = 0; i < count; ++i) stmt(named(n, i));
}

void PythonLowering::stmt(TSNode n) {
  DepthGuard g(depth_);
  if (g.too_deep()) { m_.truncated = true; return; }
  std::string_view t = type(n);
  if (ts_node_is_error(n) || ts_node_is_missing(n)) note_error(n);
  if (t == "for_statement" || t == "while_statement") note_loop(n);
  if (t == "expression_statement") {
    for (uint32_t i = 0; i < named_count(n); ++i) stmt_expr(named(n, i));
  } else if (t == "import_statement") {
    import_stmt(n);
  } else if (t == "import_from_statement") {
    import_from(n);
  } else if (t == "function_definition") {
    function_def(n, {}, {});
  } else if (t == "decorated_definition") {
    decorated(n);
  } else if (t == "class_definition") {
    class_def(n, {});
  } else if (t == "for_statement") {
    for_stmt(n);
  } else if (t == "return_statement") {
    for (uint32_t i = 0; i < named_count(n); ++i) add_return(expr(named(n, i)));
  } else if (t == "if_statement") {
    if_stmt(n);
  } else if (t == "block" || t == "module") {
    size_t mark = guards_.size();  // tests an early return added hold to the end of the block
    for (uint32_t i = 0; i < named_count(n); ++i) stmt(named(n, i));
    guards_.resize(mark);
  } else if (t == "with_statement") {
    with_stmt(n);
  } else if (t == "global_statement") {
    for (uint32_t i = 0; i < named_count(n); ++i) globals_.insert(std::string(text(named(n, i))));
  } else if (t == "comment" || t == "pass_statement" || t == "nonlocal_statement" ||
             t == "future_import_statement") {
  } else if (is_container(t)) {
    for (uint32_t i = 0; i < named_count(n); ++i) stmt(named(n, i));
  } else {
    expr(n);
  }
}

void PythonLowering::if_stmt(TSNode n) {
  size_t mark = guards_.size();
  std::vector<ExprId> tests;
  auto branch = [&](TSNode cond, TSNode body) {
    for (ExprId p : tests) guards_.push_back({p, true});
    if (!is_null(cond)) {
      ExprId c = expr(cond);
      tests.push_back(c);
      guards_.push_back({c, false});
    }
    if (!is_null(body)) stmt(body);
    guards_.resize(mark);
  };
  TSNode consequence = field(n, "consequence");
  branch(field(n, "condition"), consequence);
  bool has_else = false;
  bool all_exit = ends_in_exit(consequence);
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    if (type(c) == "elif_clause") {
      branch(field(c, "condition"), field(c, "consequence"));
      all_exit = all_exit && ends_in_exit(field(c, "consequence"));
    }
    if (type(c) == "else_clause") {
      has_else = true;
      branch(TSNode{}, field(c, "body"));
    }
  }
  if (!has_else && all_exit) {
    for (ExprId t : tests) guards_.push_back({t, true});
  }
}

bool PythonLowering::ends_in_exit(TSNode block) const {
  if (is_null(block)) return false;
  for (uint32_t i = named_count(block); i > 0; --i) {
    std::string_view t = type(named(block, i - 1));
    if (t == "comment") continue;
    return t == "return_statement" || t == "raise_statement";
  }
  return false;
}

bool PythonLowering::is_container(std::string_view t) {
  static const char* kTypes[] = {"module", "block", "if_statement", "elif_clause", "else_clause",
                                 "while_statement", "try_statement", "except_clause",
                                 "finally_clause", "match_statement", "case_clause",
                                 "ERROR", "with_clause", "except_group_clause",
                                 "delete_statement", "raise_statement", "assert_statement",
                                 "print_statement", "exec_statement", "type_alias_statement"};
  for (const char* k : kTypes) {
    if (t == k) return true;
  }
  return false;
}

void PythonLowering::stmt_expr(TSNode n) {
  std::string_view t = type(n);
  if (t == "assignment" || t == "augmented_assignment") {
    assignment(n, t == "augmented_assignment");
  } else {
    expr(n);
  }
}

void PythonLowering::assignment(TSNode n, bool augmented) {
  TSNode left = field(n, "left"), right = field(n, "right");
  ExprId value = kNone;
  if (!is_null(right)) {
    if (type(right) == "assignment") {
      assignment(right, false);  // a = b = value: bind a to b's value
      value = last_rhs_;
    } else {
      value = expr(right);
    }
  }
  last_rhs_ = value;
  if (!is_null(left)) bind_target(left, value, {}, augmented);
}

void PythonLowering::bind_target(TSNode target, ExprId value, std::vector<std::string> path, bool augmented) {
  std::string_view t = type(target);
  if (t == "identifier") {
    std::string name(text(target));
    if (function_ != kNone && globals_.count(name)) {
      // `global client; client = OpenAI()` rebinds the module-level name.
      int32_t gb = bind_value(name, value, line(target), path, 0);
      m_.bindings[static_cast<size_t>(gb)].augmented = augmented;
      return;
    }
    int32_t b = bind_value(name, value, line(target), std::move(path));
    m_.bindings[static_cast<size_t>(b)].augmented = augmented;
    if (class_ != kNone && scope_ == m_.classes[static_cast<size_t>(class_)].scope) {
      m_.classes[static_cast<size_t>(class_)].fields[std::string(text(target))].push_back(
          {value, kNone, line(target)});
    }
  } else if (t == "pattern_list" || t == "tuple_pattern" || t == "list_pattern") {
    uint32_t count = named_count(target);
    for (uint32_t i = 0; i < count; ++i) {
      auto p = path;
      p.push_back(std::to_string(i));
      bind_target(named(target, i), value, std::move(p), augmented);
    }
  } else if (t == "attribute") {
    attribute_target(target, value);
  } else if (t == "subscript") {
    subscript_target(target, value);
  } else {
    expr(target);
  }
}

void PythonLowering::subscript_target(TSNode target, ExprId value) {
  TSNode obj = field(target, "value"), sub = field(target, "subscript");
  if (is_null(obj) || is_null(sub)) return;
  expr(obj);
  ExprId key = expr(sub);
  if (type(sub) != "string") return;
  std::string chain(text(obj));
  if (chain.find_first_of(" \n\t()[]") != std::string::npos) return;
  if (ex(key).kind != ExprKind::kString) return;
  bind_value(chain + "[" + ex(key).text + "]", value, line(target));
}

void PythonLowering::attribute_target(TSNode target, ExprId value) {
  TSNode obj = field(target, "object"), attr = field(target, "attribute");
  if (is_null(obj) || is_null(attr)) return;
  std::string name(text(attr));
  if (type(obj) == "identifier" && method_class_ != kNone && text(obj) == self_name_) {
    m_.classes[static_cast<size_t>(method_class_)].fields[name].push_back(
        {value, function_, line(target)});
    return;
  }
  std::string dotted(text(target));
  if (dotted.find_first_of(" \n\t()[]") == std::string::npos) {
    bind_value(dotted, value, line(target));
  }
  expr(obj);
}

void PythonLowering::import_stmt(TSNode n) {
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    Import im;
    im.kind = ImportKind::kModule;
    im.line = line(n);
    if (type(c) == "aliased_import") {
      im.module = std::string(text(field(c, "name")));
      im.alias = std::string(text(field(c, "alias")));
    } else {
      im.module = std::string(text(c));
      im.alias = im.module.substr(0, im.module.find('.'));
      im.name = "";  // binds the top package; attribute chains walk down from it
    }
    add_import(std::move(im));
  }
}

void PythonLowering::import_from(TSNode n) {
  TSNode mod = field(n, "module_name");
  std::string module;
  int level = 0;
  if (!is_null(mod)) {
    std::string_view mt = text(mod);
    while (!mt.empty() && mt.front() == '.') { ++level; mt.remove_prefix(1); }
    module = std::string(mt);
  }
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    if (ts_node_eq(c, mod)) continue;
    Import im;
    im.module = module;
    im.level = level;
    im.line = line(n);
    if (type(c) == "wildcard_import") {
      im.kind = ImportKind::kStar;
    } else if (type(c) == "aliased_import") {
      im.name = std::string(text(field(c, "name")));
      im.alias = std::string(text(field(c, "alias")));
    } else if (type(c) == "dotted_name" || type(c) == "identifier") {
      im.name = std::string(text(c));
      im.alias = im.name;
    } else {
      continue;
    }
    add_import(std::move(im));
  }
}

void PythonLowering::decorated(TSNode n) {
  std::vector<std::string> names;
  std::vector<ExprId> calls;
  TSNode def = field(n, "definition");
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    if (type(c) != "decorator") continue;
    if (named_count(c) == 0) continue;
    TSNode e = named(c, 0);
    ExprId id = expr(e);
    calls.push_back(id);
    TSNode callee = type(e) == "call" ? field(e, "function") : e;
    names.emplace_back(text(callee));
  }
  if (is_null(def)) return;
  if (type(def) == "class_definition") {
    class_def(def, names);
  } else {
    function_def(def, names, calls);
  }
}

void PythonLowering::function_def(TSNode n, std::vector<std::string> decorators, std::vector<ExprId> deco_calls) {
  Function f;
  f.name = std::string(text(field(n, "name")));
  f.qualified = qualify(f.name);
  f.line = line(n);
  f.class_index = scope_kind() == ScopeKind::kClass ? class_ : kNone;
  f.decorators = std::move(decorators);
  f.decorator_calls = std::move(deco_calls);
  for (const auto& d : f.decorators) {
    if (d == "staticmethod") f.is_static = true;
  }
  auto fi = static_cast<int32_t>(m_.functions.size());
  m_.functions.push_back(std::move(f));
  bind_indexed(m_.functions.back().name, BindKind::kFunction, fi, line(n));
  if (f.class_index != kNone || m_.functions.back().class_index != kNone) {
    m_.classes[static_cast<size_t>(class_)].methods[m_.functions.back().name] = fi;
  }
  enter_function(fi, field(n, "parameters"), field(n, "body"), false);
}

void PythonLowering::enter_function(int32_t fi, TSNode params, TSNode body, bool body_is_expr) {
  int32_t saved_fn = function_, saved_mc = method_class_;
  std::string saved_self = self_name_;
  auto saved_loops = std::move(loops_);
  auto saved_globals = std::move(globals_);
  auto saved_guards = std::move(guards_);
  globals_.clear();
  loops_.clear();
  guards_.clear();
  ScopeId s = push_scope(ScopeKind::kFunction, fi);
  m_.functions[static_cast<size_t>(fi)].scope = s;
  function_ = fi;
  if (!is_null(params)) parameters(params, fi);
  const Function& f = m_.functions[static_cast<size_t>(fi)];
  method_class_ = kNone;
  if (f.class_index != kNone && !f.is_static && !f.params.empty()) {
    method_class_ = f.class_index;
    self_name_ = f.params[0].name;
  }
  if (!is_null(body)) {
    if (body_is_expr) {
      ExprId r = expr(body);
      m_.functions[static_cast<size_t>(fi)].returns.push_back(r);
    } else {
      block(body);
    }
  }
  pop_scope();
  function_ = saved_fn;
  method_class_ = saved_mc;
  self_name_ = saved_self;
  loops_ = std::move(saved_loops);
  globals_ = std::move(saved_globals);
  guards_ = std::move(saved_guards);
}

void PythonLowering::parameters(TSNode n, int32_t fi) {
  int position = 0;
  bool kw_only = false;
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    std::string_view t = type(c);
    Param p;
    if (t == "identifier") {
      p.name = std::string(text(c));
    } else if (t == "typed_parameter") {
      TSNode inner = named(c, 0);
      if (type(inner) == "list_splat_pattern") { p.rest = true; kw_only = true; inner = named(inner, 0); }
      if (type(inner) == "dictionary_splat_pattern") { p.kwrest = true; inner = named(inner, 0); }
      p.name = std::string(text(inner));
      p.type_name = std::string(text(field(c, "type")));
    } else if (t == "default_parameter" || t == "typed_default_parameter") {
      p.name = std::string(text(field(c, "name")));
      p.default_value = expr(field(c, "value"));
      if (t == "typed_default_parameter") p.type_name = std::string(text(field(c, "type")));
    } else if (t == "list_splat_pattern") {
      p.rest = true;
      kw_only = true;
      p.name = named_count(c) ? std::string(text(named(c, 0))) : "";
    } else if (t == "dictionary_splat_pattern") {
      p.kwrest = true;
      p.name = named_count(c) ? std::string(text(named(c, 0))) : "";
    } else if (t == "keyword_separator") {
      kw_only = true;
      continue;
    } else {
      continue;
    }
    p.position = (kw_only || p.rest || p.kwrest) ? -1 : position++;
    add_param(fi, std::move(p), line(c));
  }
}

void PythonLowering::class_def(TSNode n, std::vector<std::string> decorators) {
  Class c;
  c.name = std::string(text(field(n, "name")));
  c.qualified = qualify(c.name);
  c.line = line(n);
  c.decorators = std::move(decorators);
  TSNode supers = field(n, "superclasses");
  if (!is_null(supers)) {
    for (uint32_t i = 0; i < named_count(supers); ++i) {
      TSNode s = named(supers, i);
      if (type(s) != "keyword_argument") c.bases.push_back(expr(s));
    }
  }
  auto ci = static_cast<int32_t>(m_.classes.size());
  m_.classes.push_back(std::move(c));
  bind_indexed(m_.classes.back().name, BindKind::kClass, ci, line(n));
  int32_t saved = class_;
  class_ = ci;
  ScopeId s = push_scope(ScopeKind::kClass, ci);
  m_.classes[static_cast<size_t>(ci)].scope = s;
  TSNode body = field(n, "body");
  if (!is_null(body)) block(body);
  pop_scope();
  class_ = saved;
}

void PythonLowering::for_stmt(TSNode n) {
  TSNode left = field(n, "left"), right = field(n, "right");
  ExprId iter = is_null(right) ? kNone : expr(right);
  if (!is_null(left)) bind_loop_target(left, iter, {});
  loops_.push_back(iter);
  TSNode body = field(n, "body");
  if (!is_null(body)) block(body);
  loops_.pop_back();
  TSNode alt = field(n, "alternative");
  if (!is_null(alt)) stmt(alt);
}

void PythonLowering::bind_loop_target(TSNode target, ExprId iter, std::vector<std::string> path) {
  std::string_view t = type(target);
  if (t == "identifier") {
    Binding b;
    b.name = std::string(text(target));
    b.kind = BindKind::kLoop;
    b.value = iter;
    b.path = std::move(path);
    b.line = line(target);
    bind(std::move(b));
  } else if (t == "pattern_list" || t == "tuple_pattern" || t == "list_pattern") {
    for (uint32_t i = 0; i < named_count(target); ++i) {
      auto p = path;
      p.push_back(std::to_string(i));
      bind_loop_target(named(target, i), iter, std::move(p));
    }
  }
}

void PythonLowering::with_stmt(TSNode n) {
  for (uint32_t i = 0; i < named_count(n); ++i) {
    TSNode c = named(n, i);
    if (type(c) == "with_clause") {
      for (uint32_t k = 0; k < named_count(c); ++k) with_item(named(c, k));
    } else if (type(c) == "block") {
      block(c);
    }
  }
}

void PythonLowering::with_item(TSNode item) {
  TSNode value = field(item, "value");
  if (is_null(value)) return;
  if (type(value) == "as_pattern") {
    ExprId e = expr(named(value, 0));
    TSNode alias = field(value, "alias");
    if (!is_null(alias)) {
      TSNode target = named_count(alias) ? named(alias, 0) : alias;
      if (type(target) == "identifier") {
        Binding b;
        b.name = std::string(text(target));
        b.kind = BindKind::kWithAs;
        b.value = e;
        b.line = line(target);
        bind(std::move(b));
      }
    }
  } else {
    expr(value);
  }
}

}  // namespace detail

void lower_python(TSNode root, std::string_view src, Module& m) {
  detail::PythonLowering(src, m).run(root);
}

}  // namespace llmspend::parse

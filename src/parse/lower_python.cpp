// Lowering of tree-sitter-python trees into the IR (see ir.h). Statements bind names in the
// current scope; every expression is lowered so that calls nested anywhere are recorded.
#include <cctype>
#include <cstring>
#include <set>

#include "parse/lower_common.h"

namespace llmspend::parse {
namespace {

class PythonLowering : public LowerBase {
 public:
  using LowerBase::LowerBase;

  void run(TSNode root) {
    push_scope(ScopeKind::kModule, kNone);
    block(root);
  }

 private:
  void block(TSNode n) {
    uint32_t count = named_count(n);
    for (uint32_t i = 0; i < count; ++i) stmt(named(n, i));
  }

  void stmt(TSNode n) {
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

  /// `if a: … elif b: … else: …`: each branch is lowered under its tests. After a chain whose
  /// branches all return (or raise) and that has no `else`, the rest of the block runs only when
  /// every test is false.
  void if_stmt(TSNode n) {
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

  bool ends_in_exit(TSNode block) const {
    if (is_null(block)) return false;
    for (uint32_t i = named_count(block); i > 0; --i) {
      std::string_view t = type(named(block, i - 1));
      if (t == "comment") continue;
      return t == "return_statement" || t == "raise_statement";
    }
    return false;
  }

  static bool is_container(std::string_view t) {
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

  void stmt_expr(TSNode n) {
    std::string_view t = type(n);
    if (t == "assignment" || t == "augmented_assignment") {
      assignment(n, t == "augmented_assignment");
    } else {
      expr(n);
    }
  }

  // --- assignments -------------------------------------------------------------------------
  void assignment(TSNode n, bool augmented) {
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

  void bind_target(TSNode target, ExprId value, std::vector<std::string> path, bool augmented) {
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

  // `state["model"] = "gpt-4o"` (Streamlit session state, config dicts filled key by key) binds
  // the name `state["model"]`, which lookups with the same constant key read back.
  void subscript_target(TSNode target, ExprId value) {
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

  // `self.x = v` inside a method is a class field; `obj.attr = v` elsewhere binds "obj.attr".
  void attribute_target(TSNode target, ExprId value) {
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

  // --- imports -------------------------------------------------------------------------------
  void import_stmt(TSNode n) {
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

  void import_from(TSNode n) {
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

  void add_import(Import im) {
    m_.imports.push_back(std::move(im));
    const Import& ref = m_.imports.back();
    if (ref.kind == ImportKind::kStar || ref.alias.empty()) return;
    Binding b;
    b.name = ref.alias;
    b.kind = BindKind::kImport;
    b.index = static_cast<int32_t>(m_.imports.size() - 1);
    b.line = ref.line;
    bind(std::move(b));
  }

  // --- definitions ---------------------------------------------------------------------------
  void decorated(TSNode n) {
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

  void function_def(TSNode n, std::vector<std::string> decorators, std::vector<ExprId> deco_calls) {
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
    Binding b;
    b.name = m_.functions.back().name;
    b.kind = BindKind::kFunction;
    b.index = fi;
    b.line = line(n);
    bind(std::move(b));
    if (f.class_index != kNone || m_.functions.back().class_index != kNone) {
      m_.classes[static_cast<size_t>(class_)].methods[m_.functions.back().name] = fi;
    }
    enter_function(fi, field(n, "parameters"), field(n, "body"), false);
  }

  void enter_function(int32_t fi, TSNode params, TSNode body, bool body_is_expr) {
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

  void parameters(TSNode n, int32_t fi) {
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

  void add_param(int32_t fi, Param p, int ln) {
    auto& params = m_.functions[static_cast<size_t>(fi)].params;
    Binding b;
    b.name = p.name;
    b.kind = BindKind::kParam;
    b.index = static_cast<int32_t>(params.size());
    b.line = ln;
    params.push_back(std::move(p));
    if (!b.name.empty()) bind(std::move(b));
  }

  void class_def(TSNode n, std::vector<std::string> decorators) {
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
    Binding b;
    b.name = m_.classes.back().name;
    b.kind = BindKind::kClass;
    b.index = ci;
    b.line = line(n);
    bind(std::move(b));
    int32_t saved = class_;
    class_ = ci;
    ScopeId s = push_scope(ScopeKind::kClass, ci);
    m_.classes[static_cast<size_t>(ci)].scope = s;
    TSNode body = field(n, "body");
    if (!is_null(body)) block(body);
    pop_scope();
    class_ = saved;
  }

  void for_stmt(TSNode n) {
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

  void bind_loop_target(TSNode target, ExprId iter, std::vector<std::string> path) {
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

  void with_stmt(TSNode n) {
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named(n, i);
      if (type(c) == "with_clause") {
        for (uint32_t k = 0; k < named_count(c); ++k) with_item(named(c, k));
      } else if (type(c) == "block") {
        block(c);
      }
    }
  }

  void with_item(TSNode item) {
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

  // --- expressions ---------------------------------------------------------------------------
  ExprId expr(TSNode n) {
    DepthGuard g(depth_);
    if (g.too_deep()) {
      m_.truncated = true;
      return add_kind(ExprKind::kUnknown, n);
    }
    std::string_view t = type(n);
    if (t == "identifier") return add_kind(ExprKind::kName, n, std::string(text(n)));
    if (t == "string") return string_lit(n);
    if (t == "concatenated_string") return concatenated(n);
    if (t == "integer" || t == "float") return add_kind(ExprKind::kNumber, n, std::string(text(n)));
    if (t == "true" || t == "false") return add_kind(ExprKind::kBool, n, std::string(text(n)));
    if (t == "none") return add_kind(ExprKind::kNull, n);
    if (t == "attribute") return attribute(n);
    if (t == "subscript") return subscript(n);
    if (t == "call") return call(n);
    if (t == "parenthesized_expression" || t == "await") {
      return named_count(n) ? expr(named(n, 0)) : add_kind(ExprKind::kUnknown, n);
    }
    if (t == "list" || t == "tuple" || t == "set" || t == "expression_list") return sequence(n);
    if (t == "dictionary") return dictionary(n);
    if (t == "binary_operator") return binary(n, std::string(text(field(n, "operator"))));
    if (t == "comparison_operator" && named_count(n) == 2 && ts_node_child_count(n) == 3) {
      std::string op(type(ts_node_child(n, 1)));
      if (op == "==" || op == "!=") {  // kept for `if provider == "groq": return …` (see if_stmt)
        ExprId a = expr(named(n, 0));
        ExprId b = expr(named(n, 1));
        ExprId id = add_kind(ExprKind::kBinary, n, op);
        ex(id).a = a;
        ex(id).b = b;
        return id;
      }
    }
    if (t == "boolean_operator") return boolean(n);
    if (t == "not_operator") return negation(n, field(n, "argument"), "not");
    if (t == "conditional_expression") return conditional(n);
    if (t == "lambda") return lambda(n);
    if (t == "named_expression") {
      ExprId v = expr(field(n, "value"));
      bind_value(std::string(text(field(n, "name"))), v, line(n));
      return v;
    }
    if (t == "list_comprehension" || t == "generator_expression" || t == "dictionary_comprehension" ||
        t == "set_comprehension") {
      return comprehension(n);
    }
    if (t == "list_splat" || t == "dictionary_splat") {
      ExprId id = add_kind(ExprKind::kSpread, n);
      if (named_count(n)) { ExprId inner = expr(named(n, 0)); ex(id).a = inner; }
      return id;
    }
    if (ts_node_is_error(n)) note_error(n);
    // Anything else: keep walking so calls nested inside are still recorded.
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named(n, i);
      std::string_view ct = type(c);
      if (ct == "assignment" || ct == "augmented_assignment") {
        stmt_expr(c);
      } else {
        expr(c);
      }
    }
    return add_kind(ExprKind::kUnknown, n);
  }

  ExprId string_lit(TSNode n) {
    std::vector<ExprId> parts;
    std::string constant;
    bool raw = false, has_holes = false;
    for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
      TSNode c = ts_node_child(n, i);
      std::string_view t = type(c);
      if (t == "string_start") {
        for (char ch : text(c)) raw |= (ch == 'r' || ch == 'R');
      } else if (t == "string_content") {
        constant += raw ? std::string(text(c)) : unescape(text(c));
      } else if (t == "escape_sequence") {
        constant += raw ? std::string(text(c)) : unescape(text(c));
      } else if (t == "interpolation") {
        has_holes = true;
        if (!constant.empty()) parts.push_back(add_kind(ExprKind::kString, n, std::exchange(constant, {})));
        TSNode e = field(c, "expression");
        parts.push_back(is_null(e) ? add_kind(ExprKind::kUnknown, c) : expr(e));
      }
    }
    if (!has_holes) return add_kind(ExprKind::kString, n, std::move(constant));
    if (!constant.empty()) parts.push_back(add_kind(ExprKind::kString, n, std::move(constant)));
    ExprId id = add_kind(ExprKind::kTemplate, n);
    ex(id).args = std::move(parts);
    return id;
  }

  ExprId concatenated(TSNode n) {
    std::vector<ExprId> parts;
    bool all_const = true;
    std::string joined;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      ExprId p = expr(named(n, i));
      parts.push_back(p);
      if (ex(p).kind == ExprKind::kString) joined += ex(p).text; else all_const = false;
    }
    if (all_const) return add_kind(ExprKind::kString, n, std::move(joined));
    ExprId id = add_kind(ExprKind::kTemplate, n);
    ex(id).args = std::move(parts);
    return id;
  }

  ExprId attribute(TSNode n) {
    ExprId obj = expr(field(n, "object"));
    ExprId id = add_kind(ExprKind::kAttr, n, std::string(text(field(n, "attribute"))));
    ex(id).a = obj;
    return id;
  }

  ExprId subscript(TSNode n) {
    ExprId obj = expr(field(n, "value"));
    TSNode sub = field(n, "subscript");
    ExprId idx = is_null(sub) ? kNone : expr(sub);
    ExprId id = add_kind(ExprKind::kIndex, n);
    ex(id).a = obj;
    ex(id).b = idx;
    return id;
  }

  ExprId call(TSNode n) {
    TSNode fn = field(n, "function");
    // `Agent[Deps, str](...)` specialises a generic class and constructs it: the callee is the class.
    ExprId callee = is_generic_specialization(fn) ? expr(field(fn, "value")) : expr(fn);
    std::vector<ExprId> args;
    std::vector<std::pair<std::string, ExprId>> kwargs;
    TSNode al = field(n, "arguments");
    if (!is_null(al)) {
      for (uint32_t i = 0; i < named_count(al); ++i) {
        TSNode c = named(al, i);
        std::string_view t = type(c);
        if (t == "keyword_argument") {
          kwargs.emplace_back(std::string(text(field(c, "name"))), expr(field(c, "value")));
        } else if (t == "dictionary_splat") {
          ExprId s = expr(c);
          kwargs.emplace_back("**", s);
        } else if (t != "comment") {
          args.push_back(expr(c));
        }
      }
    }
    Deferred later = deferred_call(callee, args, kwargs);
    ExprId id = add_kind(ExprKind::kCall, n);
    Expr& e = ex(id);
    e.a = callee;
    e.args = std::move(args);
    e.kwargs = std::move(kwargs);
    record_call(id);
    if (later.target != kNone) {
      // `functools.partial(f, model="x")`, `pool.submit(f, a, b)`, `Thread(target=f, args=(a,))`
      // call f later with these arguments: they are also lowered as a call of f, so f's
      // parameters see those arguments (registries of builders, worker functions given the
      // client) and a bound chat-model class is a construction naming its model.
      ExprId bound = add_kind(ExprKind::kCall, n);
      ex(bound).a = later.target;
      ex(bound).args = std::move(later.args);
      ex(bound).kwargs = std::move(later.kwargs);
      record_call(bound);
    }
    return id;
  }

  struct Deferred {
    ExprId target = kNone;
    std::vector<ExprId> args;
    std::vector<std::pair<std::string, ExprId>> kwargs;
  };

  // The callables that run a function later with the arguments given now: functools.partial,
  // Executor.submit, loop.run_in_executor(executor, f, ...), asyncio.to_thread and
  // threading.Thread / multiprocessing.Process(target=f, args=(...), kwargs={...}).
  Deferred deferred_call(ExprId callee, const std::vector<ExprId>& args,
                         const std::vector<std::pair<std::string, ExprId>>& kwargs) {
    Deferred d;
    const Expr& c = ex(callee);
    bool named = c.kind == ExprKind::kName || c.kind == ExprKind::kAttr;
    const std::string& name = named ? c.text : std::string();
    size_t first = 0;
    bool method = c.kind == ExprKind::kAttr;
    if (is_partial(callee) || (method && name == "submit") || name == "to_thread") {
      first = 0;
    } else if (method && name == "run_in_executor") {
      first = 1;
    } else if (name == "Thread" || name == "Process") {
      return thread_target(kwargs);
    } else {
      return d;
    }
    if (args.size() <= first) return d;
    d.target = args[first];
    d.args.assign(args.begin() + static_cast<std::ptrdiff_t>(first) + 1, args.end());
    if (name != "run_in_executor") d.kwargs = kwargs;
    return d;
  }

  Deferred thread_target(const std::vector<std::pair<std::string, ExprId>>& kwargs) {
    Deferred d;
    for (const auto& [key, value] : kwargs) {
      if (key == "target") d.target = value;
      if (key == "args" && ex(value).kind == ExprKind::kList) d.args = ex(value).args;
      if (key == "kwargs" && ex(value).kind == ExprKind::kDict) d.kwargs = ex(value).kwargs;
    }
    return d;
  }

  // `Cls[T]` where Cls is a capitalised name and every index is a type expression (a name, a
  // dotted name, `None`, or a nested `list[str]`); `handlers[0]` or `fns[key]` are not this shape.
  bool is_generic_specialization(TSNode fn) const {
    if (is_null(fn) || type(fn) != "subscript") return false;
    TSNode value = field(fn, "value");
    if (is_null(value)) return false;
    TSNode last = type(value) == "attribute" ? field(value, "attribute") : value;
    if (is_null(last) || type(last) != "identifier") return false;
    std::string_view name = text(last);
    if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) return false;
    for (uint32_t i = 1; i < named_count(fn); ++i) {
      if (!is_type_expression(named(fn, i))) return false;
    }
    return named_count(fn) > 1;
  }

  bool is_type_expression(TSNode n) const {
    std::string_view t = type(n);
    if (t == "identifier" || t == "none") return true;
    if (t == "attribute") return is_type_expression(field(n, "object"));
    if (t != "subscript") return false;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      if (!is_type_expression(named(n, i))) return false;
    }
    return true;
  }

  bool is_partial(ExprId callee) {
    const Expr& c = ex(callee);
    if (c.kind == ExprKind::kName) return c.text == "partial";
    return c.kind == ExprKind::kAttr && c.text == "partial" && c.a != kNone && ex(c.a).kind == ExprKind::kName &&
           ex(c.a).text == "functools";
  }

  ExprId sequence(TSNode n) {
    std::vector<ExprId> items;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      if (type(named(n, i)) != "comment") items.push_back(expr(named(n, i)));
    }
    ExprId id = add_kind(ExprKind::kList, n);
    ex(id).args = std::move(items);
    return id;
  }

  ExprId dictionary(TSNode n) {
    std::vector<std::pair<std::string, ExprId>> kv;
    std::vector<ExprId> spreads;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named(n, i);
      if (type(c) == "pair") {
        ExprId k = expr(field(c, "key"));
        ExprId v = expr(field(c, "value"));
        if (ex(k).kind == ExprKind::kString) kv.emplace_back(ex(k).text, v);
      } else if (type(c) == "dictionary_splat") {
        spreads.push_back(expr(c));
      }
    }
    ExprId id = add_kind(ExprKind::kDict, n);
    ex(id).kwargs = std::move(kv);
    ex(id).args = std::move(spreads);
    return id;
  }

  ExprId binary(TSNode n, std::string op) {
    ExprId a = expr(field(n, "left"));
    ExprId b = expr(field(n, "right"));
    ExprId id = add_kind(ExprKind::kBinary, n, std::move(op));
    ex(id).a = a;
    ex(id).b = b;
    return id;
  }

  /// `not x`: a kBinary without a right side, read only by tests (evaluator decide_test).
  ExprId negation(TSNode n, TSNode operand, const char* op) {
    ExprId a = expr(operand);
    ExprId id = add_kind(ExprKind::kBinary, n, op);
    ex(id).a = a;
    return id;
  }

  ExprId boolean(TSNode n) {
    std::string op(text(field(n, "operator")));
    ExprId a = expr(field(n, "left"));
    ExprId b = expr(field(n, "right"));
    ExprId id = add_kind(op == "or" ? ExprKind::kOr : ExprKind::kBinary, n, op);
    ex(id).a = a;
    ex(id).b = b;
    return id;
  }

  ExprId conditional(TSNode n) {
    if (named_count(n) < 3) return add_kind(ExprKind::kUnknown, n);
    ExprId a = expr(named(n, 0));
    expr(named(n, 1));
    ExprId b = expr(named(n, 2));
    ExprId id = add_kind(ExprKind::kCond, n);
    ex(id).a = a;
    ex(id).b = b;
    return id;
  }

  ExprId lambda(TSNode n) {
    Function f;
    f.name = "<lambda>";
    f.qualified = qualify(f.name);
    f.line = line(n);
    auto fi = static_cast<int32_t>(m_.functions.size());
    m_.functions.push_back(std::move(f));
    enter_function(fi, field(n, "parameters"), field(n, "body"), true);
    ExprId id = add_kind(ExprKind::kFunction, n);
    ex(id).index = fi;
    return id;
  }

  ExprId comprehension(TSNode n) {
    // Bind loop targets first so the body sees them, and treat the body as inside the loop.
    size_t pushed = 0;
    TSNode body = field(n, "body");
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named(n, i);
      if (type(c) == "for_in_clause") {
        TSNode right = field(c, "right");
        ExprId iter = is_null(right) ? kNone : expr(right);
        TSNode left = field(c, "left");
        if (!is_null(left)) bind_loop_target(left, iter, {});
        loops_.push_back(iter);
        ++pushed;
      } else if (type(c) == "if_clause") {
        expr(c);
      }
    }
    ExprId inner = is_null(body) ? kNone : expr(body);
    loops_.resize(loops_.size() - pushed);
    ExprId id = add_kind(ExprKind::kList, n);
    if (inner != kNone) ex(id).args.push_back(inner);
    return id;
  }

  // --- helpers -------------------------------------------------------------------------------
  ScopeKind scope_kind() const { return m_.scopes[static_cast<size_t>(scope_)].kind; }

  std::string qualify(const std::string& name) const {
    const Scope& s = m_.scopes[static_cast<size_t>(scope_)];
    if (s.kind == ScopeKind::kClass) return m_.classes[static_cast<size_t>(s.owner)].qualified + "." + name;
    if (s.kind == ScopeKind::kFunction) {
      return m_.functions[static_cast<size_t>(s.owner)].qualified + "." + name;
    }
    return name;
  }

  ExprId last_rhs_ = kNone;
  std::set<std::string> globals_;  // names declared `global` in the function being lowered
  int32_t method_class_ = kNone;
  std::string self_name_;
};

}  // namespace

void lower_python(TSNode root, std::string_view src, Module& m) {
  PythonLowering(src, m).run(root);
}

}  // namespace llmspend::parse

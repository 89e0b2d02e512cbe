// Lowering of tree-sitter-javascript / -typescript / -tsx trees into the IR (see ir.h).
// ES modules and CommonJS imports become Import records; `export` forms fill Module::exports;
// TypeScript-only wrappers (`as const`, `satisfies`, `!`, `<T>x`) are transparent.
#include <optional>

#include "parse/lower_common.h"

namespace llmspend::parse {
namespace {

std::string_view strip_quotes(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'' || s.front() == '`')) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

class JsLowering : public LowerBase {
 public:
  using LowerBase::LowerBase;

  void run(TSNode root) {
    push_scope(ScopeKind::kModule, kNone);
    children_stmts(root);
  }

 private:
  void children_stmts(TSNode n) {
    for (uint32_t i = 0; i < named_count(n); ++i) stmt(named(n, i));
  }

  /// `if (a) … else if (b) … else …`: each branch is lowered under its tests. After a chain
  /// whose branches all return (or throw) and that has no final `else`, the rest of the block
  /// runs only when every test is false.
  void if_stmt(TSNode n) {
    std::vector<ExprId> tests;
    bool final_else = false;
    if (if_chain(n, tests, final_else) && !final_else) {
      for (ExprId t : tests) guards_.push_back({t, true});
    }
  }

  /// `switch (x) { case "a": case "b": return …; default: return …; }`: a case's statements are
  /// lowered under `x === "a" || x === "b"` (its own and the empty cases falling into it; none
  /// when the case above runs into it), `default` under no case matching. After a switch without
  /// `default` whose cases all return, the rest of the block runs only when no case matched.
  void switch_stmt(TSNode n) {
    ExprId subject = expr(field(n, "value"));
    std::string subject_name = narrowable_name(field(n, "value"));
    std::vector<std::string> labels;  // this branch's string labels (all of them, or it cannot narrow)
    bool labels_known = true;
    TSNode body = field(n, "body");
    if (is_null(body)) return;
    size_t mark = guards_.size();
    std::vector<ExprId> tests;
    ExprId group = kNone;     // this branch's case tests, or-ed
    bool group_default = false;
    bool from_above = false;  // the previous branch runs on into this one
    bool all_exit = true;
    bool has_default = false;
    for (uint32_t i = 0; i < named_count(body); ++i) {
      TSNode c = named(body, i);
      bool is_default = type(c) == "switch_default";
      if (!is_default && type(c) != "switch_case") continue;
      TSNode value = field(c, "value");
      if (!is_null(value)) {
        if (type(value) == "string") {
          labels.push_back(unescape(strip_quotes(text(value))));
        } else {
          labels_known = false;
        }
        ExprId v = expr(value);
        ExprId test = add_kind(ExprKind::kBinary, c, "===");
        ex(test).a = subject;
        ex(test).b = v;
        tests.push_back(test);
        group = group == kNone ? test : either(group, test, c);
      }
      has_default = has_default || is_default;
      group_default = group_default || is_default;
      std::vector<TSNode> stmts;
      for (uint32_t j = 0; j < named_count(c); ++j) {
        TSNode k = named(c, j);
        if (!ts_node_eq(k, value) && type(k) != "comment") stmts.push_back(k);
      }
      if (stmts.empty()) continue;  // an empty case shares the next one's statements
      if (!from_above && group_default && group == kNone) {
        for (ExprId t : tests) guards_.push_back({t, true});
      } else if (!from_above && !group_default) {
        guards_.push_back({group, false});
      }
      // `case "gpt-4o": … model …`: inside its one-label case the subject is that string.
      size_t narrow_mark = narrowed_.size();
      bool narrows = !subject_name.empty() && !from_above && !group_default && labels_known && labels.size() == 1;
      if (narrows) narrowed_.emplace_back(subject_name, labels[0]);
      for (TSNode k : stmts) stmt(k);
      narrowed_.resize(narrow_mark);
      labels.clear();
      labels_known = true;
      guards_.resize(mark);
      bool exits = ends_in_exit(stmts.back());
      from_above = !exits && type(stmts.back()) != "break_statement";
      all_exit = all_exit && exits;
      group = kNone;
      group_default = false;
    }
    if (!has_default && all_exit && !from_above) {
      for (ExprId t : tests) guards_.push_back({t, true});
    }
  }

  /// The identifier a `switch` / equality test is about (`model`, `(model)`), "" otherwise.
  std::string narrowable_name(TSNode n) const {
    while (!is_null(n) && type(n) == "parenthesized_expression" && named_count(n)) n = named(n, 0);
    return !is_null(n) && type(n) == "identifier" ? std::string(text(n)) : std::string();
  }

  /// `x === "lit"` / `"lit" == x`: the name and the string it equals inside the branch.
  std::optional<std::pair<std::string, std::string>> equality_test(TSNode cond) const {
    while (!is_null(cond) && type(cond) == "parenthesized_expression" && named_count(cond)) cond = named(cond, 0);
    if (is_null(cond) || type(cond) != "binary_expression") return std::nullopt;
    std::string_view op = text(field(cond, "operator"));
    if (op != "===" && op != "==") return std::nullopt;
    TSNode l = field(cond, "left"), r = field(cond, "right");
    if (!is_null(r) && type(r) == "identifier") std::swap(l, r);
    std::string name = narrowable_name(l);
    if (name.empty() || is_null(r) || type(r) != "string") return std::nullopt;
    return std::make_pair(std::move(name), unescape(strip_quotes(text(r))));
  }

  /// The string a name is narrowed to where it is read (nullptr: not narrowed, or rebound since).
  const std::string* narrowed(std::string_view name) const {
    for (auto it = narrowed_.rbegin(); it != narrowed_.rend(); ++it) {
      if (it->first == name) return it->second ? &*it->second : nullptr;
    }
    return nullptr;
  }

  /// A name bound again inside a narrowed branch no longer equals the tested string.
  void unnarrow(const std::string& name) {
    if (!narrowed_.empty()) narrowed_.emplace_back(name, std::nullopt);
  }

  /// `a || b` of two synthesized tests (the cases of one switch branch).
  ExprId either(ExprId a, ExprId b, TSNode at) {
    ExprId id = add_kind(ExprKind::kBinary, at, "||");
    ex(id).a = a;
    ex(id).b = b;
    return id;
  }

  /// Lowers one `if` of a chain; true when every branch it has exits.
  bool if_chain(TSNode n, std::vector<ExprId>& tests, bool& final_else) {
    DepthGuard g(depth_);  // an else-if chain recurses once per link
    if (g.too_deep()) {
      m_.truncated = true;
      return false;
    }
    size_t mark = guards_.size();
    ExprId test = expr(field(n, "condition"));
    tests.push_back(test);
    TSNode consequence = field(n, "consequence");
    guards_.push_back({test, false});
    size_t narrow_mark = narrowed_.size();
    if (auto eq = equality_test(field(n, "condition"))) narrowed_.emplace_back(eq->first, eq->second);
    if (!is_null(consequence)) stmt(consequence);
    narrowed_.resize(narrow_mark);
    guards_.resize(mark);
    bool exits = ends_in_exit(consequence);
    TSNode alternative = field(n, "alternative");
    if (is_null(alternative)) return exits;
    guards_.push_back({test, true});
    TSNode inner{};
    for (uint32_t i = 0; i < named_count(alternative); ++i) {
      if (type(named(alternative, i)) != "comment") inner = named(alternative, i);
    }
    bool rest_exits = false;
    if (!is_null(inner) && type(inner) == "if_statement") {
      rest_exits = if_chain(inner, tests, final_else);
    } else {
      final_else = true;
      children_stmts(alternative);
      rest_exits = ends_in_exit(inner);
    }
    guards_.resize(mark);
    return exits && rest_exits;
  }

  bool ends_in_exit(TSNode n) const {
    if (is_null(n)) return false;
    std::string_view t = type(n);
    if (t == "return_statement" || t == "throw_statement") return true;
    if (t != "statement_block") return false;
    for (uint32_t i = named_count(n); i > 0; --i) {
      TSNode c = named(n, i - 1);
      if (type(c) == "comment") continue;
      return ends_in_exit(c);
    }
    return false;
  }

  void stmt(TSNode n) {
    DepthGuard g(depth_);
    if (g.too_deep()) { m_.truncated = true; return; }
    std::string_view t = type(n);
    if (ts_node_is_error(n) || ts_node_is_missing(n)) note_error(n);
    if (t == "for_statement" || t == "for_in_statement" || t == "while_statement" || t == "do_statement") {
      note_loop(n);
    }
    if (t == "lexical_declaration" || t == "variable_declaration") {
      declaration(n);
    } else if (t == "import_statement") {
      import_stmt(n);
    } else if (t == "export_statement") {
      export_stmt(n);
    } else if (t == "function_declaration" || t == "generator_function_declaration") {
      function_decl(n);
    } else if (t == "class_declaration" || t == "abstract_class_declaration") {
      class_decl(n);
    } else if (t == "enum_declaration") {
      enum_decl(n);
    } else if (t == "for_in_statement") {
      for_in(n);
    } else if (t == "return_statement") {
      for (uint32_t i = 0; i < named_count(n); ++i) add_return(expr(named(n, i)));
    } else if (t == "if_statement") {
      if_stmt(n);
    } else if (t == "switch_statement") {
      switch_stmt(n);
    } else if (t == "statement_block" || t == "program") {
      size_t mark = guards_.size();  // tests an early return added hold to the end of the block
      children_stmts(n);
      guards_.resize(mark);
    } else if (t == "expression_statement") {
      for (uint32_t i = 0; i < named_count(n); ++i) expr(named(n, i));
    } else if (t == "comment" || t == "interface_declaration" || t == "type_alias_declaration" ||
               t == "empty_statement" || t == "debugger_statement") {
    } else if (t == "program" || t == "statement_block" || t == "if_statement" || t == "else_clause" ||
               t == "while_statement" || t == "do_statement" || t == "try_statement" ||
               t == "catch_clause" || t == "finally_clause" || t == "switch_statement" ||
               t == "switch_body" || t == "switch_case" || t == "switch_default" ||
               t == "labeled_statement" || t == "for_statement" || t == "ERROR" ||
               t == "internal_module" || t == "module" || t == "ambient_declaration" ||
               t == "throw_statement" || t == "with_statement") {
      children_stmts(n);
    } else {
      expr(n);
    }
  }

  // --- declarations --------------------------------------------------------------------------
  void declaration(TSNode n) {
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode d = named(n, i);
      if (type(d) != "variable_declarator") continue;
      TSNode name = field(d, "name"), value = field(d, "value");
      if (!is_null(value) && is_require(value)) {
        require_binding(name, value);
        continue;
      }
      if (!is_null(value) && !is_null(name) && required_member(name, value)) continue;
      if (!is_null(name) && type(name) == "identifier") pending_name_ = std::string(text(name));
      ExprId v = is_null(value) ? kNone : expr(value);
      pending_name_.clear();
      if (!is_null(name)) bind_pattern(name, v, {}, kNone);
    }
  }

  /// Binds the names of an identifier / object / array pattern to paths into `value`.
  void bind_pattern(TSNode p, ExprId value, std::vector<std::string> path, ExprId fallback) {
    std::string_view t = type(p);
    if (t == "identifier" || t == "shorthand_property_identifier_pattern") {
      unnarrow(std::string(text(p)));
      int32_t b = bind_value(std::string(text(p)), value, line(p), std::move(path));
      m_.bindings[static_cast<size_t>(b)].fallback = fallback;
    } else if (t == "object_pattern") {
      for (uint32_t i = 0; i < named_count(p); ++i) object_pattern_item(named(p, i), value, path);
    } else if (t == "array_pattern") {
      for (uint32_t i = 0; i < named_count(p); ++i) {
        auto sub = path;
        TSNode item = named(p, i);
        // `[first, ...rest]`: "1+" reads the elements from index 1 on.
        bool rest = type(item) == "rest_pattern" && named_count(item) > 0;
        sub.push_back(std::to_string(i) + (rest ? "+" : ""));
        bind_pattern(rest ? named(item, 0) : item, value, std::move(sub), kNone);
      }
    } else if (t == "assignment_pattern") {
      ExprId def = expr(field(p, "right"));
      bind_pattern(field(p, "left"), value, std::move(path), def);
    }
  }

  void object_pattern_item(TSNode c, ExprId value, const std::vector<std::string>& path) {
    std::string_view t = type(c);
    auto sub = path;
    if (t == "shorthand_property_identifier_pattern") {
      sub.emplace_back(text(c));
      bind_pattern(c, value, std::move(sub), kNone);
    } else if (t == "object_assignment_pattern") {
      TSNode left = field(c, "left");
      sub.emplace_back(text(left));
      ExprId def = expr(field(c, "right"));
      bind_pattern(left, value, std::move(sub), def);
    } else if (t == "pair_pattern") {
      sub.emplace_back(strip_quotes(text(field(c, "key"))));
      bind_pattern(field(c, "value"), value, std::move(sub), kNone);
    }
  }

  // --- modules -------------------------------------------------------------------------------
  bool is_require(TSNode n) const {
    if (type(n) == "await_expression" && named_count(n)) n = named(n, 0);
    if (type(n) != "call_expression") return false;
    TSNode fn = field(n, "function");
    return !is_null(fn) && (text(fn) == "require" || type(fn) == "import");
  }

  std::string require_source(TSNode call) const {
    if (type(call) == "await_expression" && named_count(call)) call = named(call, 0);
    TSNode args = field(call, "arguments");
    if (is_null(args) || named_count(args) == 0) return {};
    TSNode a = named(args, 0);
    return type(a) == "string" ? std::string(strip_quotes(text(a))) : std::string();
  }

  /// `const Groq = (await import("groq-sdk")).default` / `require("openai").OpenAI`: one export
  /// of a lazily loaded module bound to a name is an import of that export.
  bool required_member(TSNode name, TSNode value) {
    if (type(name) != "identifier" || type(value) != "member_expression") return false;
    TSNode obj = field(value, "object");
    while (!is_null(obj) && type(obj) == "parenthesized_expression" && named_count(obj)) obj = named(obj, 0);
    if (is_null(obj) || !is_require(obj)) return false;
    std::string module = require_source(obj);
    std::string prop(text(field(value, "property")));
    // Project files keep their CommonJS reading (`require("./config").models`).
    if (module.empty() || prop.empty() || module[0] == '.' || module[0] == '/') return false;
    bool is_default = prop == "default";
    add_import({module, 0, prop, std::string(text(name)), is_default ? ImportKind::kDefault : ImportKind::kFrom,
                false, line(value)});
    return true;
  }

  void require_binding(TSNode name, TSNode call) {
    std::string module = require_source(call);
    if (module.empty() || is_null(name)) { expr(call); return; }
    if (type(name) == "identifier") {
      add_import({module, 0, "", std::string(text(name)), ImportKind::kNamespace, false, line(call)});
    } else if (type(name) == "object_pattern") {
      for (uint32_t i = 0; i < named_count(name); ++i) {
        TSNode c = named(name, i);
        if (type(c) == "shorthand_property_identifier_pattern") {
          add_import({module, 0, std::string(text(c)), std::string(text(c)), ImportKind::kFrom, false, line(c)});
        } else if (type(c) == "pair_pattern") {
          add_import({module, 0, std::string(strip_quotes(text(field(c, "key")))),
                      std::string(text(field(c, "value"))), ImportKind::kFrom, false, line(c)});
        }
      }
    }
  }

  void import_stmt(TSNode n) {
    TSNode src = field(n, "source");
    if (is_null(src)) {
      // `import X = require("m")` keeps its string inside the require clause.
      for (uint32_t i = 0; i < named_count(n); ++i) {
        TSNode c = named(n, i);
        if (type(c) != "import_require_clause") continue;
        for (uint32_t k = 0; k < named_count(c); ++k) {
          if (type(named(c, k)) == "string") src = named(c, k);
        }
      }
      if (is_null(src)) return;
    }
    std::string module(strip_quotes(text(src)));
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode clause = named(n, i);
      if (type(clause) == "import_require_clause" && named_count(clause) > 0) {
        // TypeScript `import X = require("m")`: CommonJS, X is the module's default export.
        add_import({module, 0, "", std::string(text(named(clause, 0))), ImportKind::kNamespace, false, line(clause)});
        continue;
      }
      if (type(clause) != "import_clause") continue;
      for (uint32_t k = 0; k < named_count(clause); ++k) import_clause_item(named(clause, k), module);
    }
  }

  void import_clause_item(TSNode c, const std::string& module) {
    std::string_view t = type(c);
    int ln = line(c);
    if (t == "identifier") {
      add_import({module, 0, "default", std::string(text(c)), ImportKind::kDefault, false, ln});
    } else if (t == "namespace_import") {
      if (named_count(c)) {
        add_import({module, 0, "", std::string(text(named(c, 0))), ImportKind::kNamespace, false, ln});
      }
    } else if (t == "named_imports") {
      for (uint32_t i = 0; i < named_count(c); ++i) {
        TSNode s = named(c, i);
        if (type(s) != "import_specifier") continue;
        std::string name(strip_quotes(text(field(s, "name"))));
        TSNode alias = field(s, "alias");
        std::string local = is_null(alias) ? name : std::string(text(alias));
        add_import({module, 0, name, local, ImportKind::kFrom, false, ln});
      }
    }
  }

  void add_import(Import im) {
    m_.imports.push_back(std::move(im));
    const Import& ref = m_.imports.back();
    if (ref.reexport || ref.kind == ImportKind::kStar || ref.alias.empty()) return;
    Binding b;
    b.name = ref.alias;
    b.kind = BindKind::kImport;
    b.index = static_cast<int32_t>(m_.imports.size() - 1);
    b.line = ref.line;
    bind(std::move(b));
  }

  void export_stmt(TSNode n) {
    TSNode decl = field(n, "declaration");
    TSNode src = field(n, "source");
    TSNode value = field(n, "value");
    bool is_default = false;
    for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
      if (type(ts_node_child(n, i)) == "default") is_default = true;
    }
    if (!is_null(decl)) {
      size_t before = m_.bindings.size();
      stmt(decl);
      for (size_t b = before; b < m_.bindings.size(); ++b) {
        const Binding& bd = m_.bindings[b];
        if (bd.line != 0 && in_module_scope(b)) export_name(bd.name, bd.name, decl);
      }
      if (is_default) {
        TSNode nm = field(decl, "name");
        if (!is_null(nm)) export_name("default", std::string(text(nm)), decl);
      }
      return;
    }
    if (!is_null(value)) {
      m_.exports["default"] = expr(value);
      return;
    }
    std::string module = is_null(src) ? "" : std::string(strip_quotes(text(src)));
    bool has_clause = false;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named(n, i);
      if (type(c) == "export_clause") {
        has_clause = true;
        export_clause(c, module);
      } else if (type(c) == "namespace_export" && !module.empty()) {
        has_clause = true;
        std::string alias(text(named(c, 0)));
        m_.imports.push_back({module, 0, "", alias, ImportKind::kNamespace, true, line(c)});
      }
    }
    if (!has_clause && !module.empty()) {
      m_.imports.push_back({module, 0, "", "", ImportKind::kStar, true, line(n)});
    }
  }

  void export_clause(TSNode c, const std::string& module) {
    for (uint32_t i = 0; i < named_count(c); ++i) {
      TSNode s = named(c, i);
      if (type(s) != "export_specifier") continue;
      std::string name(strip_quotes(text(field(s, "name"))));
      TSNode alias = field(s, "alias");
      std::string exported = is_null(alias) ? name : std::string(strip_quotes(text(alias)));
      if (module.empty()) {
        export_name(exported, name, s);
      } else {
        ImportKind k = name == "default" ? ImportKind::kDefault : ImportKind::kFrom;
        m_.imports.push_back({module, 0, name, exported, k, true, line(s)});
      }
    }
  }

  bool in_module_scope(size_t binding) const {
    const auto& names = m_.scopes[0].names;
    auto it = names.find(m_.bindings[binding].name);
    if (it == names.end()) return false;
    for (int32_t b : it->second) {
      if (static_cast<size_t>(b) == binding) return true;
    }
    return false;
  }

  void export_name(const std::string& exported, const std::string& local, TSNode at) {
    ExprId id = add_kind(ExprKind::kName, at, local);
    m_.exports[exported] = id;
  }

  // --- definitions ---------------------------------------------------------------------------
  int32_t new_function(const std::string& name, TSNode n) {
    Function f;
    f.name = name;
    f.qualified = qualify(name);
    f.line = line(n);
    m_.functions.push_back(std::move(f));
    return static_cast<int32_t>(m_.functions.size() - 1);
  }

  void function_decl(TSNode n) {
    std::string name(text(field(n, "name")));
    int32_t fi = new_function(name, n);
    Binding b;
    b.name = name;
    b.kind = BindKind::kFunction;
    b.index = fi;
    b.line = line(n);
    bind(std::move(b));
    enter_function(fi, n);
  }

  void enter_function(int32_t fi, TSNode n) {
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

  void parameters(TSNode n, int32_t fi) {
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

  static std::string_view core_trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
    return s;
  }

  bool has_accessibility(TSNode c) const {
    for (uint32_t i = 0; i < named_count(c); ++i) {
      std::string_view t = type(named(c, i));
      if (t == "accessibility_modifier" || t == "override_modifier") return true;
    }
    for (uint32_t i = 0; i < ts_node_child_count(c); ++i) {
      if (type(ts_node_child(c, i)) == "readonly") return true;
    }
    return false;
  }

  // `constructor(private model = "x")`: a class field whose value is the parameter.
  void ctor_property(const std::string& name, TSNode at) {
    if (method_class_ == kNone) return;
    ExprId ref = add_kind(ExprKind::kName, at, name);
    m_.classes[static_cast<size_t>(method_class_)].fields[name].push_back({ref, function_, line(at)});
  }

  static Param param_named(std::string name, int position) {
    Param p;
    p.name = std::move(name);
    p.position = position;
    return p;
  }

  void destructured_param(TSNode pattern, Param& p) {
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

  void bind_param_fields(int32_t idx, const decltype(Param::fields)& fields, int ln) {
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

  void class_decl(TSNode n) {
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
    Binding b;
    b.name = name;
    b.kind = BindKind::kClass;
    b.index = ci;
    b.line = line(n);
    bind(std::move(b));
    class_body(ci, field(n, "body"));
  }

  void class_body(int32_t ci, TSNode body) {
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

  // "get" / "set" for an accessor method (the keyword is an anonymous child before the name).
  static std::string_view accessor_keyword(TSNode m) {
    for (uint32_t i = 0; i < ts_node_child_count(m); ++i) {
      std::string_view k = type(ts_node_child(m, i));
      if (k == "get" || k == "set") return k;
    }
    return {};
  }

  void class_member(int32_t ci, TSNode m) {
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

  void enum_decl(TSNode n) {
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

  void for_in(TSNode n) {
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

  void bind_loop(TSNode left, ExprId iter) {
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

  // --- expressions ---------------------------------------------------------------------------
  ExprId expr(TSNode n) {
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

  ExprId template_lit(TSNode n) {
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

  ExprId member(TSNode n) {
    ExprId obj = expr(field(n, "object"));
    TSNode prop = field(n, "property");
    ExprId id = add_kind(ExprKind::kAttr, n, std::string(text(prop)));
    ex(id).a = obj;
    return id;
  }

  ExprId subscript(TSNode n) {
    ExprId obj = expr(field(n, "object"));
    TSNode index = field(n, "index");
    ExprId idx = is_null(index) ? kNone : expr(index);
    ExprId id = add_kind(ExprKind::kIndex, n);
    ex(id).a = obj;
    ex(id).b = idx;
    return id;
  }

  ExprId call(TSNode n, bool is_new) {
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

  // `sessions[id] = v` / `cache.set(id, v)`: one element of a keyed container, bound as
  // `sessions[]` where the container is declared, so a read with a run-time key
  // (`sessions[id]`, `cache.get(id)`) anywhere in its reach finds what was stored.
  void bind_element(TSNode obj, ExprId v, int ln) {
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

  static bool is_iteration(std::string_view m) {
    return m == "map" || m == "forEach" || m == "flatMap" || m == "filter";
  }
  bool is_function_node(TSNode c) const {
    std::string_view t = type(c);
    return t == "arrow_function" || t == "function_expression" || t == "function";
  }

  // `xs.map((x) => ...)`: x iterates xs, and calls inside run once per element.
  ExprId loop_callback(TSNode fn, ExprId iterable) {
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

  void enter_function_keep_loops(int32_t fi, TSNode fn, const std::vector<ExprId>& loops) {
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

  ExprId object(TSNode n) {
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

  ExprId array(TSNode n) {
    std::vector<ExprId> items;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      if (type(named(n, i)) != "comment") items.push_back(expr(named(n, i)));
    }
    ExprId id = add_kind(ExprKind::kList, n);
    ex(id).args = std::move(items);
    return id;
  }

  /// `!x`: a kBinary without a right side, read only by tests (evaluator decide_test).
  ExprId negation(TSNode n) {
    ExprId a = expr(field(n, "argument"));
    ExprId id = add_kind(ExprKind::kBinary, n, "!");
    ex(id).a = a;
    return id;
  }

  ExprId binary(TSNode n) {
    std::string op(text(field(n, "operator")));
    ExprId a = expr(field(n, "left"));
    ExprId b = expr(field(n, "right"));
    ExprKind k = (op == "||" || op == "??") ? ExprKind::kOr : ExprKind::kBinary;
    ExprId id = add_kind(k, n, op);
    ex(id).a = a;
    ex(id).b = b;
    return id;
  }

  ExprId ternary(TSNode n) {
    ExprId test = expr(field(n, "condition"));
    ExprId a = expr(field(n, "consequence"));
    ExprId b = expr(field(n, "alternative"));
    ExprId id = add_kind(ExprKind::kCond, n);
    ex(id).a = a;
    ex(id).b = b;
    if (test != kNone) ex(id).args = {test};
    return id;
  }

  ExprId function_expr(TSNode n) {
    TSNode nm = field(n, "name");
    std::string name = is_null(nm) ? (pending_name_.empty() ? "<anonymous>" : pending_name_) : std::string(text(nm));
    pending_name_.clear();
    int32_t fi = new_function(name, n);
    enter_function(fi, n);
    ExprId id = add_kind(ExprKind::kFunction, n);
    ex(id).index = fi;
    return id;
  }

  ExprId assignment(TSNode n) {
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

  // `this.x = v` (class field), `module.exports = v`, `exports.x = v`, `obj.attr = v`.
  void member_target(TSNode left, ExprId v) {
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

  std::string qualify(const std::string& name) const {
    const Scope& s = m_.scopes[static_cast<size_t>(scope_)];
    if (s.kind == ScopeKind::kClass) return m_.classes[static_cast<size_t>(s.owner)].qualified + "." + name;
    if (s.kind == ScopeKind::kFunction) return m_.functions[static_cast<size_t>(s.owner)].qualified + "." + name;
    return name;
  }

  int32_t method_class_ = kNone;
  std::string pending_loop_param_;
  ExprId pending_loop_iter_ = kNone;
  std::string pending_name_;
  /// Names a branch narrows to one string (`case "x":`, `if (m === "x")`); nullopt shadows an
  /// outer entry once the name is bound again.
  std::vector<std::pair<std::string, std::optional<std::string>>> narrowed_;
};

}  // namespace

void lower_javascript(TSNode root, std::string_view src, Module& m) { JsLowering(src, m).run(root); }

}  // namespace llmspend::parse

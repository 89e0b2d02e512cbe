// Lowering of tree-sitter-javascript / -typescript / -tsx trees into the IR (see ir.h): statements,
// declarations and control flow (`if`/`switch` tests guarding returns, equality narrowing).
// TypeScript-only wrappers (`as const`, `satisfies`, `!`, `<T>x`) are transparent.
#include "parse/js_lowering.h"

namespace llmspend::parse {
namespace detail {

void JsLowering::run(TSNode root) {
  push_scope(ScopeKind::kModule, kNone);
  children_stmts(root);
}

void JsLowering::children_stmts(TSNode n) {
  for (uint32_t i = 0; i < named_count(n); ++i) stmt(named(n, i));
}

void JsLowering::if_stmt(TSNode n) {
  std::vector<ExprId> tests;
  bool final_else = false;
  if (if_chain(n, tests, final_else) && !final_else) {
    for (ExprId t : tests) guards_.push_back({t, true});
  }
}

void JsLowering::switch_stmt(TSNode n) {
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

std::string JsLowering::narrowable_name(TSNode n) const {
  while (!is_null(n) && type(n) == "parenthesized_expression" && named_count(n)) n = named(n, 0);
  return !is_null(n) && type(n) == "identifier" ? std::string(text(n)) : std::string();
}

std::optional<std::pair<std::string, std::string>> JsLowering::equality_test(TSNode cond) const {
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

const std::string* JsLowering::narrowed(std::string_view name) const {
  for (auto it = narrowed_.rbegin(); it != narrowed_.rend(); ++it) {
    if (it->first == name) return it->second ? &*it->second : nullptr;
  }
  return nullptr;
}

void JsLowering::unnarrow(const std::string& name) {
  if (!narrowed_.empty()) narrowed_.emplace_back(name, std::nullopt);
}

ExprId JsLowering::either(ExprId a, ExprId b, TSNode at) {
  ExprId id = add_kind(ExprKind::kBinary, at, "||");
  ex(id).a = a;
  ex(id).b = b;
  return id;
}

bool JsLowering::if_chain(TSNode n, std::vector<ExprId>& tests, bool& final_else) {
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

bool JsLowering::ends_in_exit(TSNode n) const {
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

void JsLowering::stmt(TSNode n) {
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

void JsLowering::declaration(TSNode n) {
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

void JsLowering::bind_pattern(TSNode p, ExprId value, std::vector<std::string> path, ExprId fallback) {
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

void JsLowering::object_pattern_item(TSNode c, ExprId value, const std::vector<std::string>& path) {
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

}  // namespace detail

void lower_javascript(TSNode root, std::string_view src, Module& m) { detail::JsLowering(src, m).run(root); }

}  // namespace llmspend::parse

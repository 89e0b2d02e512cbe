#pragma once
/// The JavaScript / TypeScript lowering (internal to parse/): one object per file walks the
/// tree-sitter-javascript / -typescript / -tsx tree and appends to the Module. lower_js.cpp lowers
/// statements and control flow, lower_js_modules.cpp imports, exports and `require`,
/// lower_js_definitions.cpp functions, parameters, classes and enums, lower_js_expressions.cpp
/// expressions and calls.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/lower_common.h"

namespace llmspend::parse::detail {

inline std::string_view strip_quotes(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'' || s.front() == '`')) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

class JsLowering : public LowerBase {
 public:
  using LowerBase::LowerBase;
  void run(TSNode root);

 private:
  void children_stmts(TSNode n);

  /// `if (a) … else if (b) … else …`: each branch is lowered under its tests. After a chain
  /// whose branches all return (or throw) and that has no final `else`, the rest of the block
  /// runs only when every test is false.
  void if_stmt(TSNode n);

  /// `switch (x) { case "a": case "b": return …; default: return …; }`: a case's statements are
  /// lowered under `x === "a" || x === "b"` (its own and the empty cases falling into it; none
  /// when the case above runs into it), `default` under no case matching. After a switch without
  /// `default` whose cases all return, the rest of the block runs only when no case matched.
  void switch_stmt(TSNode n);

  /// The identifier a `switch` / equality test is about (`model`, `(model)`), "" otherwise.
  std::string narrowable_name(TSNode n) const;

  /// `x === "lit"` / `"lit" == x`: the name and the string it equals inside the branch.
  std::optional<std::pair<std::string, std::string>> equality_test(TSNode cond) const;

  /// The string a name is narrowed to where it is read (nullptr: not narrowed, or rebound since).
  const std::string* narrowed(std::string_view name) const;

  /// A name bound again inside a narrowed branch no longer equals the tested string.
  void unnarrow(const std::string& name);

  /// `a || b` of two synthesized tests (the cases of one switch branch).
  ExprId either(ExprId a, ExprId b, TSNode at);

  /// Lowers one `if` of a chain; true when every branch it has exits.
  bool if_chain(TSNode n, std::vector<ExprId>& tests, bool& final_else);
  bool ends_in_exit(TSNode n) const;
  void stmt(TSNode n);

  // --- declarations --------------------------------------------------------------------------
  void declaration(TSNode n);

  /// Binds the names of an identifier / object / array pattern to paths into `value`.
  void bind_pattern(TSNode p, ExprId value, std::vector<std::string> path, ExprId fallback);
  void object_pattern_item(TSNode c, ExprId value, const std::vector<std::string>& path);

  // --- modules -------------------------------------------------------------------------------
  bool is_require(TSNode n) const;
  std::string require_source(TSNode call) const;

  /// `const Groq = (await import("groq-sdk")).default` / `require("openai").OpenAI`: one export
  /// of a lazily loaded module bound to a name is an import of that export.
  bool required_member(TSNode name, TSNode value);
  void require_binding(TSNode name, TSNode call);
  void import_stmt(TSNode n);
  void import_clause_item(TSNode c, const std::string& module);
  void export_stmt(TSNode n);
  void export_clause(TSNode c, const std::string& module);
  bool in_module_scope(size_t binding) const;
  void export_name(const std::string& exported, const std::string& local, TSNode at);

  // --- definitions ---------------------------------------------------------------------------
  int32_t new_function(const std::string& name, TSNode n);
  void function_decl(TSNode n);
  void enter_function(int32_t fi, TSNode n);
  void parameters(TSNode n, int32_t fi);
  static std::string_view core_trim(std::string_view s);
  bool has_accessibility(TSNode c) const;

  // `constructor(private model = "x")`: a class field whose value is the parameter.
  void ctor_property(const std::string& name, TSNode at);
  static Param param_named(std::string name, int position);
  void destructured_param(TSNode pattern, Param& p);
  void bind_param_fields(int32_t idx, const decltype(Param::fields)& fields, int ln);
  void class_decl(TSNode n);
  void class_body(int32_t ci, TSNode body);

  // "get" / "set" for an accessor method (the keyword is an anonymous child before the name).
  static std::string_view accessor_keyword(TSNode m);
  void class_member(int32_t ci, TSNode m);
  void enum_decl(TSNode n);
  void for_in(TSNode n);
  void bind_loop(TSNode left, ExprId iter);

  // --- expressions ---------------------------------------------------------------------------
  ExprId expr(TSNode n);
  ExprId template_lit(TSNode n);
  ExprId member(TSNode n);
  ExprId subscript(TSNode n);
  ExprId call(TSNode n, bool is_new);

  // `sessions[id] = v` / `cache.set(id, v)`: one element of a keyed container, bound as
  // `sessions[]` where the container is declared, so a read with a run-time key
  // (`sessions[id]`, `cache.get(id)`) anywhere in its reach finds what was stored.
  void bind_element(TSNode obj, ExprId v, int ln);
  static bool is_iteration(std::string_view m);
  bool is_function_node(TSNode c) const;

  // `xs.map((x) => ...)`: x iterates xs, and calls inside run once per element.
  ExprId loop_callback(TSNode fn, ExprId iterable);
  void enter_function_keep_loops(int32_t fi, TSNode fn, const std::vector<ExprId>& loops);
  ExprId object(TSNode n);
  ExprId array(TSNode n);

  /// `!x`: a kBinary without a right side, read only by tests (evaluator decide_test).
  ExprId negation(TSNode n);
  ExprId binary(TSNode n);
  ExprId ternary(TSNode n);
  ExprId function_expr(TSNode n);
  ExprId assignment(TSNode n);

  // `this.x = v` (class field), `module.exports = v`, `exports.x = v`, `obj.attr = v`.
  void member_target(TSNode left, ExprId v);
  std::string qualify(const std::string& name) const;
  int32_t method_class_ = kNone;
  std::string pending_loop_param_;
  ExprId pending_loop_iter_ = kNone;
  std::string pending_name_;
  /// Names a branch narrows to one string (`case "x":`, `if (m === "x")`); nullopt shadows an
  /// outer entry once the name is bound again.
  std::vector<std::pair<std::string, std::optional<std::string>>> narrowed_;
};

}  // namespace llmspend::parse::detail

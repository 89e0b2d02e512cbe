#pragma once
/// The Python lowering (internal to parse/): one object per file walks the tree-sitter-python tree
/// and appends to the Module. lower_python.cpp lowers statements, assignments, imports and
/// definitions; lower_python_expressions.cpp lowers expressions and records calls.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parse/lower_common.h"

namespace llmspend::parse::detail {

class PythonLowering : public LowerBase {
 public:
  using LowerBase::LowerBase;
  void run(TSNode root);

 private:
  void block(TSNode n);
  void stmt(TSNode n);

  /// `if a: … elif b: … else: …`: each branch is lowered under its tests. After a chain whose
  /// branches all return (or raise) and that has no `else`, the rest of the block runs only when
  /// every test is false.
  void if_stmt(TSNode n);
  bool ends_in_exit(TSNode block) const;
  static bool is_container(std::string_view t);
  void stmt_expr(TSNode n);

  // --- assignments -------------------------------------------------------------------------
  void assignment(TSNode n, bool augmented);
  void bind_target(TSNode target, ExprId value, std::vector<std::string> path, bool augmented);

  // `state["model"] = "gpt-4o"` (Streamlit session state, config dicts filled key by key) binds
  // the name `state["model"]`, which lookups with the same constant key read back.
  void subscript_target(TSNode target, ExprId value);

  // `self.x = v` inside a method is a class field; `obj.attr = v` elsewhere binds "obj.attr".
  void attribute_target(TSNode target, ExprId value);

  // --- imports -------------------------------------------------------------------------------
  void import_stmt(TSNode n);
  void import_from(TSNode n);

  // --- definitions ---------------------------------------------------------------------------
  void decorated(TSNode n);
  void function_def(TSNode n, std::vector<std::string> decorators, std::vector<ExprId> deco_calls);
  void enter_function(int32_t fi, TSNode params, TSNode body, bool body_is_expr);
  void parameters(TSNode n, int32_t fi);
  void class_def(TSNode n, std::vector<std::string> decorators);
  void for_stmt(TSNode n);
  void bind_loop_target(TSNode target, ExprId iter, std::vector<std::string> path);
  void with_stmt(TSNode n);
  void with_item(TSNode item);

  // --- expressions ---------------------------------------------------------------------------
  ExprId expr(TSNode n);
  ExprId string_lit(TSNode n);
  ExprId concatenated(TSNode n);
  ExprId attribute(TSNode n);
  ExprId subscript(TSNode n);
  ExprId call(TSNode n);
  struct Deferred {
    ExprId target = kNone;
    std::vector<ExprId> args;
    std::vector<std::pair<std::string, ExprId>> kwargs;
  };

  // The callables that run a function later with the arguments given now: functools.partial,
  // Executor.submit, loop.run_in_executor(executor, f, ...), asyncio.to_thread and
  // threading.Thread / multiprocessing.Process(target=f, args=(...), kwargs={...}).
  Deferred deferred_call(ExprId callee, const std::vector<ExprId>& args,
                         const std::vector<std::pair<std::string, ExprId>>& kwargs);
  Deferred thread_target(const std::vector<std::pair<std::string, ExprId>>& kwargs);

  // `Cls[T]` where Cls is a capitalised name and every index is a type expression (a name, a
  // dotted name, `None`, or a nested `list[str]`); `handlers[0]` or `fns[key]` are not this shape.
  bool is_generic_specialization(TSNode fn) const;
  bool is_type_expression(TSNode n) const;
  bool is_partial(ExprId callee);
  ExprId sequence(TSNode n);
  ExprId dictionary(TSNode n);
  ExprId binary(TSNode n, std::string op);

  /// `not x`: a kBinary without a right side, read only by tests (evaluator decide_test).
  ExprId negation(TSNode n, TSNode operand, const char* op);
  ExprId boolean(TSNode n);
  ExprId conditional(TSNode n);
  ExprId lambda(TSNode n);
  ExprId comprehension(TSNode n);

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

}  // namespace llmspend::parse::detail

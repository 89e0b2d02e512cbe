#pragma once
/// Shared machinery for the per-language lowerings (internal to parse/): node access helpers and
/// the builder that appends expressions, scopes and bindings to a Module.
///
/// Lowering recurses on expression and statement nesting, but never deeper than `kMaxDepth`; a
/// deeper subtree becomes kUnknown and the module is marked truncated (a diagnostic), so hostile
/// nesting cannot exhaust the stack.
#include <tree_sitter/api.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parse/ir.h"

namespace llmspend::parse {

constexpr int kMaxDepth = 400;

class LowerBase {
 public:
  LowerBase(std::string_view src, Module& m) : src_(src), m_(m) {}

 protected:
  // --- node access -------------------------------------------------------------------------
  std::string_view text(TSNode n) const {
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > src_.size() || b > e) return {};
    return src_.substr(b, e - b);
  }
  static std::string_view type(TSNode n) { return ts_node_type(n); }
  /// The child in field `name`. ts_node_child_by_field_name compares `name` with every field
  /// name of the grammar on each call, so the id is looked up once per name (a literal) per file.
  TSNode field(TSNode n, const char* name) const {
    uint32_t& id = field_ids_[name];  // 0 = not looked up yet; else id + 1 (0 + 1 = no such field)
    if (id == 0) {
      auto len = static_cast<uint32_t>(std::char_traits<char>::length(name));
      id = static_cast<uint32_t>(ts_language_field_id_for_name(ts_node_language(n), name, len)) + 1;
    }
    return id == 1 ? TSNode{} : ts_node_child_by_field_id(n, static_cast<TSFieldId>(id - 1));
  }
  static bool is_null(TSNode n) { return ts_node_is_null(n); }
  static uint32_t named_count(TSNode n) { return ts_node_named_child_count(n); }
  /// The i-th named child. tree-sitter walks from the first child on every call, so a loop over a
  /// node with many children (a long module, a large array literal) would be quadratic: past the
  /// first few, a node's named children are listed once with a cursor and kept for the file.
  TSNode named(TSNode n, uint32_t i) const {
    constexpr uint32_t kDirect = 8;
    if (i < kDirect) return ts_node_named_child(n, i);
    auto& kids = children_[n.id];
    if (kids.empty()) list_named_children(n, kids);
    return i < kids.size() ? kids[i] : ts_node_named_child(n, i);
  }
  static void list_named_children(TSNode n, std::vector<TSNode>& out) {
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
      do {
        TSNode k = ts_tree_cursor_current_node(&c);
        if (ts_node_is_named(k)) out.push_back(k);
      } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
  }
  Span span(TSNode n) const {
    TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
    return {static_cast<int>(s.row) + 1, static_cast<int>(s.column) + 1, static_cast<int>(e.row) + 1};
  }
  int line(TSNode n) const { return static_cast<int>(ts_node_start_point(n).row) + 1; }

  // --- building ----------------------------------------------------------------------------
  ExprId add(Expr e) {
    m_.exprs.push_back(std::move(e));
    return static_cast<ExprId>(m_.exprs.size() - 1);
  }
  ExprId add_kind(ExprKind k, TSNode n, std::string text = {}) {
    Expr e;
    e.kind = k;
    e.span = span(n);
    e.text = std::move(text);
    return add(std::move(e));
  }
  Expr& ex(ExprId id) { return m_.exprs[static_cast<size_t>(id)]; }

  ScopeId push_scope(ScopeKind kind, int32_t owner) {
    Scope s;
    s.kind = kind;
    s.parent = scope_;
    s.owner = owner;
    m_.scopes.push_back(std::move(s));
    scope_ = static_cast<ScopeId>(m_.scopes.size() - 1);
    return scope_;
  }
  void pop_scope() { scope_ = m_.scopes[static_cast<size_t>(scope_)].parent; }

  int32_t bind(Binding b, ScopeId scope = kNone) {
    ScopeId s = scope == kNone ? scope_ : scope;
    m_.bindings.push_back(std::move(b));
    auto idx = static_cast<int32_t>(m_.bindings.size() - 1);
    m_.scopes[static_cast<size_t>(s)].names[m_.bindings.back().name].push_back(idx);
    return idx;
  }
  /// Binds `name` in the current scope to the `index`-th import, function, class or parameter.
  int32_t bind_indexed(std::string name, BindKind kind, int32_t index, int ln) {
    Binding b;
    b.name = std::move(name);
    b.kind = kind;
    b.index = index;
    b.line = ln;
    return bind(std::move(b));
  }
  /// Records an import and binds the name it introduces in the current scope (not for star
  /// imports and re-exports, which bind no name here).
  void add_import(Import im) {
    m_.imports.push_back(std::move(im));
    const Import& ref = m_.imports.back();
    if (ref.reexport || ref.kind == ImportKind::kStar || ref.alias.empty()) return;
    bind_indexed(ref.alias, BindKind::kImport, static_cast<int32_t>(m_.imports.size() - 1), ref.line);
  }
  /// Appends a parameter to function `fi` and binds its name (a destructured one binds none).
  void add_param(int32_t fi, Param p, int ln) {
    auto& params = m_.functions[static_cast<size_t>(fi)].params;
    auto index = static_cast<int32_t>(params.size());
    std::string name = p.name;
    params.push_back(std::move(p));
    if (!name.empty()) bind_indexed(std::move(name), BindKind::kParam, index, ln);
  }
  int32_t bind_value(const std::string& name, ExprId value, int ln, std::vector<std::string> path = {},
                     ScopeId into = kNone) {
    Binding b;
    b.name = name;
    b.kind = BindKind::kAssign;
    b.value = value;
    b.path = std::move(path);
    b.line = ln;
    if (into != kNone && into != scope_) b.value_scope = scope_;  // written here, bound out there
    return bind(std::move(b), into);
  }
  /// The scope that declares `name` as seen from the current one (kNone when none does).
  ScopeId declaring_scope(const std::string& name) const {
    for (ScopeId s = scope_; s != kNone; s = m_.scopes[static_cast<size_t>(s)].parent) {
      if (m_.scopes[static_cast<size_t>(s)].names.count(name)) return s;
    }
    return kNone;
  }

  void record_call(ExprId call) {
    CallRecord r;
    r.call = call;
    r.scope = scope_;
    r.function = function_;
    r.loops = loops_;
    m_.calls.push_back(std::move(r));
  }

  /// Records a loop statement's line range in the current scope (see Scope::loops).
  void note_loop(TSNode n) {
    if (scope_ == kNone) return;
    int last = static_cast<int>(ts_node_end_point(n).row) + 1;
    m_.scopes[static_cast<size_t>(scope_)].loops.emplace_back(line(n), last);
  }

  /// A `return` of the current function, with the `if` tests that lead to it.
  void add_return(ExprId e) {
    if (function_ == kNone) return;
    Function& f = m_.functions[static_cast<size_t>(function_)];
    f.returns.push_back(e);
    if (!guards_.empty()) f.return_guards.emplace_back(e, guards_);
  }

  void note_error(TSNode n) {
    if (m_.error_count++ == 0) m_.first_error_line = line(n);
  }

  std::string_view src_;
  Module& m_;
  mutable std::unordered_map<const char*, uint32_t> field_ids_;            ///< see field()
  mutable std::unordered_map<const void*, std::vector<TSNode>> children_;  ///< see named()
  ScopeId scope_ = kNone;
  int32_t function_ = kNone;
  int32_t class_ = kNone;
  std::vector<ExprId> loops_;
  std::vector<ReturnGuard> guards_;  ///< `if` tests around the statement being lowered (this function)
  int depth_ = 0;
};

/// RAII depth counter used by every recursive lowering entry point.
class DepthGuard {
 public:
  explicit DepthGuard(int& d) : d_(d) { ++d_; }
  ~DepthGuard() { --d_; }
  bool too_deep() const { return d_ > kMaxDepth; }

 private:
  int& d_;
};

/// Decodes the escapes of a string literal body (Python and JS share the common ones).
std::string unescape(std::string_view body);

void lower_python(TSNode root, std::string_view src, Module& m);
void lower_javascript(TSNode root, std::string_view src, Module& m);

}  // namespace llmspend::parse

// JS/TS modules: ES imports and CommonJS `require` become Import records, `export` forms fill
// Module::exports.
#include "parse/js_lowering.h"

namespace llmspend::parse::detail {

bool JsLowering::is_require(TSNode n) const {
  if (type(n) == "await_expression" && named_count(n)) n = named(n, 0);
  if (type(n) != "call_expression") return false;
  TSNode fn = field(n, "function");
  return !is_null(fn) && (text(fn) == "require" || type(fn) == "import");
}

std::string JsLowering::require_source(TSNode call) const {
  if (type(call) == "await_expression" && named_count(call)) call = named(call, 0);
  TSNode args = field(call, "arguments");
  if (is_null(args) || named_count(args) == 0) return {};
  TSNode a = named(args, 0);
  return type(a) == "string" ? std::string(strip_quotes(text(a))) : std::string();
}

bool JsLowering::required_member(TSNode name, TSNode value) {
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

void JsLowering::require_binding(TSNode name, TSNode call) {
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

void JsLowering::import_stmt(TSNode n) {
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

void JsLowering::import_clause_item(TSNode c, const std::string& module) {
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

void JsLowering::export_stmt(TSNode n) {
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

void JsLowering::export_clause(TSNode c, const std::string& module) {
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

bool JsLowering::in_module_scope(size_t binding) const {
  const auto& names = m_.scopes[0].names;
  auto it = names.find(m_.bindings[binding].name);
  if (it == names.end()) return false;
  for (int32_t b : it->second) {
    if (static_cast<size_t>(b) == binding) return true;
  }
  return false;
}

void JsLowering::export_name(const std::string& exported, const std::string& local, TSNode at) {
  ExprId id = add_kind(ExprKind::kName, at, local);
  m_.exports[exported] = id;
}

}  // namespace llmspend::parse::detail

#pragma once
/// The language-neutral program facts that lowering extracts from a tree-sitter tree.
///
/// Python and JS/TS are lowered into the same small vocabulary so that indexing, detection and
/// constant propagation are written once. The IR keeps only what value flow needs: expressions
/// (strings, names, attribute chains, calls, containers, `or`/`??`, conditionals, templates),
/// bindings per scope (assignments, parameters, imports, loop targets), functions with their
/// parameters and returns, classes with their fields (including `self.x`/`this.x` assignments),
/// imports/exports and every call. Control flow is dropped on purpose: an `if/else` that assigns a
/// name twice yields two bindings, and resolution treats them as candidates.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scan/source_file.h"

namespace llmspend::parse {

using ExprId = int32_t;
using ScopeId = int32_t;
constexpr int32_t kNone = -1;

struct Span {
  int start_line = 0;  ///< 1-based
  int start_col = 0;   ///< 1-based
  int end_line = 0;
};

enum class ExprKind : uint8_t {
  kString,    ///< text = decoded value
  kTemplate,  ///< f-string / template literal: args = parts (kString constant parts, holes)
  kNumber,    ///< text = literal text
  kBool,
  kNull,
  kName,      ///< text = identifier (`self`/`this` included)
  kAttr,      ///< a = object, text = member name
  kIndex,     ///< a = object, b = index
  kCall,      ///< a = callee, args = positional, kwargs = keyword; is_new for `new X()`
  kList,      ///< args = elements (list, tuple, array, set)
  kDict,      ///< kwargs = constant keys; args = spreads (`**d`, `...o`)
  kBinary,    ///< text = operator, a, b (no b for the negations `not` / `!`)
  kOr,        ///< a, b: `a or b`, `a || b`, `a ?? b` — a when it has a value, else b
  kCond,      ///< a = value if true, b = value if false; args[0] = the test (JS only)
  kSpread,    ///< a = spread operand (`*x`, `**x`, `...x`)
  kFunction,  ///< lambda / arrow / function expression: index = function
  kUnknown,
};

struct Expr {
  ExprKind kind = ExprKind::kUnknown;
  bool is_new = false;
  ExprId a = kNone;
  ExprId b = kNone;
  int32_t index = kNone;
  std::string text;
  std::vector<ExprId> args;
  std::vector<std::pair<std::string, ExprId>> kwargs;
  Span span;
};

enum class BindKind : uint8_t {
  kAssign,    ///< value = right-hand side (path = destructuring path into it)
  kParam,     ///< index = parameter index in the scope's function
  kImport,    ///< index = import
  kFunction,  ///< index = function
  kClass,     ///< index = class
  kLoop,      ///< value = iterated collection (`for x in value`, `for (const x of value)`, `.map`)
  kWithAs,    ///< value = context manager expression
};

struct Binding {
  std::string name;
  BindKind kind = BindKind::kAssign;
  ExprId value = kNone;
  ExprId fallback = kNone;          ///< destructuring default: `const {m = "x"} = o`
  int32_t index = kNone;
  std::vector<std::string> path;    ///< destructuring path: {"model"} or {"0"} for tuples
  bool augmented = false;           ///< `x += ...`: makes x not a constant
  int line = 0;
  /// Where `value` is evaluated when that is not the binding's own scope: a function assigning
  /// a module-level name (`global x; x = ...`, JS `let x; function init() { x = ... }`).
  ScopeId value_scope = kNone;
};

enum class ScopeKind : uint8_t { kModule, kClass, kFunction };

struct Scope {
  ScopeKind kind = ScopeKind::kModule;
  ScopeId parent = kNone;
  int32_t owner = kNone;  ///< function or class index
  std::unordered_map<std::string, std::vector<int32_t>> names;  ///< name -> binding indices
  /// First and last line of each loop statement directly in this scope: an assignment further
  /// down a loop body reaches a use above it on the next iteration (`model = FALLBACK` in a
  /// retry loop's `except`).
  std::vector<std::pair<int, int>> loops;
};

struct Param {
  std::string name;                 ///< "" for a destructured object parameter
  ExprId default_value = kNone;
  int position = 0;                 ///< positional index; -1 for keyword-only
  bool rest = false;                ///< *args / ...rest
  bool kwrest = false;              ///< **kwargs
  std::string type_name;            ///< annotation text, e.g. "OpenAI" or "AsyncAnthropic"
  /// Destructured object parameter: key -> (local name, default).
  std::vector<std::pair<std::string, std::pair<std::string, ExprId>>> fields;
};

/// A condition a return depends on: `test` must be true (or false, when `negated`).
struct ReturnGuard {
  ExprId test = kNone;
  bool negated = false;
};

struct Function {
  std::string name;
  std::string qualified;            ///< "Chatbot.reply", "make_client", "<lambda>"
  ScopeId scope = kNone;            ///< its own body scope
  int32_t class_index = kNone;      ///< owning class for methods
  std::vector<Param> params;
  std::vector<ExprId> returns;
  bool is_static = false;
  std::vector<std::string> decorators;  ///< decorator callee text (click.option etc.)
  std::vector<ExprId> decorator_calls;  ///< decorator call expressions
  /// JS: the object literal this function is a method (or `function` property) of, which is
  /// what `this` means inside it; kNone otherwise.
  ExprId this_object = kNone;
  /// Returns inside `if` branches (or after an `if` that returns), with the tests that lead
  /// there: a call whose arguments decide a test takes only the returns it can reach.
  std::vector<std::pair<ExprId, std::vector<ReturnGuard>>> return_guards;
  int line = 0;
};

struct FieldAssign {
  ExprId value = kNone;
  int32_t function = kNone;         ///< method that assigns it (kNone: class body)
  int line = 0;
};

struct Class {
  std::string name;
  std::string qualified;
  ScopeId scope = kNone;
  std::vector<ExprId> bases;
  std::vector<std::string> decorators;
  std::unordered_map<std::string, std::vector<FieldAssign>> fields;  ///< self.x / this.x / class body
  std::unordered_map<std::string, int32_t> methods;                  ///< name -> function
  int line = 0;
};

enum class ImportKind : uint8_t {
  kModule,         ///< `import a.b` (binds `a`) / `import a.b as c`
  kFrom,           ///< `from m import n as a`, ES named import
  kStar,           ///< `from m import *`, `export * from "m"`
  kDefault,        ///< ES default import
  kNamespace,      ///< `import * as ns from "m"`, `const ns = require("m")`
};

struct Import {
  std::string module;               ///< "openai", "app.config", "./config", "@/lib/models"
  int level = 0;                    ///< Python relative dots
  std::string name;                 ///< imported name ("" for module/namespace imports)
  std::string alias;                ///< local name it is bound to ("" for star)
  ImportKind kind = ImportKind::kFrom;
  bool reexport = false;            ///< `export {a} from "m"` / `export * from "m"`
  int line = 0;
};

struct CallRecord {
  ExprId call = kNone;
  ScopeId scope = kNone;
  int32_t function = kNone;         ///< enclosing function, kNone at module level
  std::vector<ExprId> loops;        ///< iterated collections of enclosing loops, outermost first
};

/// Everything lowering extracts from one file. Trees are freed right after lowering.
struct Module {
  std::string path;
  scan::Language language = scan::Language::kPython;
  std::vector<Expr> exprs;
  std::vector<Scope> scopes;        ///< scopes[0] is the module scope
  std::vector<Binding> bindings;
  std::vector<Function> functions;
  std::vector<Class> classes;
  std::vector<Import> imports;
  std::vector<CallRecord> calls;
  /// Per call, a hash of its callee's terminal name (`call_name_hash`); filled after lowering so
  /// caller searches scan 4 bytes per call instead of two expressions.
  std::vector<uint32_t> call_names;
  std::unordered_map<std::string, ExprId> exports;  ///< JS named exports ("default" included)
  int error_count = 0;              ///< ERROR/MISSING nodes seen
  int first_error_line = 0;
  bool truncated = false;           ///< nesting deeper than the lowering limit was skipped

  const Expr& expr(ExprId id) const { return exprs[static_cast<size_t>(id)]; }

  /// The named arguments of a call: Python keywords, or the keys of a JS/TS call's first argument
  /// when it is an object literal (`create({model, messages})`).
  const std::vector<std::pair<std::string, ExprId>>& options(const Expr& call) const {
    if (language != scan::Language::kPython && !call.args.empty() && expr(call.args[0]).kind == ExprKind::kDict) {
      return expr(call.args[0]).kwargs;
    }
    return call.kwargs;
  }
};

/// The hash `Module::call_names` holds for a callee name.
inline uint32_t call_name_hash(std::string_view name) {
  return static_cast<uint32_t>(std::hash<std::string_view>{}(name));
}

/// JavaScript / TypeScript (everything that is not Python shares the JS lowering).
inline bool is_js(const Module& m) { return m.language != scan::Language::kPython; }

}  // namespace llmspend::parse

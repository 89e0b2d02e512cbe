// Lowering of Python expressions into the IR: literals, names, attributes, calls (recorded with
// their scope, including calls run later through partial/submit/Thread), containers, operators,
// lambdas and comprehensions.
#include <cctype>
#include <cstring>

#include "parse/python_lowering.h"

namespace llmspend::parse::detail {

ExprId PythonLowering::expr(TSNode n) {
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

ExprId PythonLowering::string_lit(TSNode n) {
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

ExprId PythonLowering::concatenated(TSNode n) {
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

ExprId PythonLowering::attribute(TSNode n) {
  ExprId obj = expr(field(n, "object"));
  ExprId id = add_kind(ExprKind::kAttr, n, std::string(text(field(n, "attribute"))));
  ex(id).a = obj;
  return id;
}

ExprId PythonLowering::subscript(TSNode n) {
  ExprId obj = expr(field(n, "value"));
  TSNode sub = field(n, "subscript");
  ExprId idx = is_null(sub) ? kNone : expr(sub);
  ExprId id = add_kind(ExprKind::kIndex, n);
  ex(id).a = obj;
  ex(id).b = idx;
  return id;
}

ExprId PythonLowering::call(TSNode n) {
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

PythonLowering::Deferred PythonLowering::deferred_call(ExprId callee, const std::vector<ExprId>& args,
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

PythonLowering::Deferred PythonLowering::thread_target(const std::vector<std::pair<std::string, ExprId>>& kwargs) {
  Deferred d;
  for (const auto& [key, value] : kwargs) {
    if (key == "target") d.target = value;
    if (key == "args" && ex(value).kind == ExprKind::kList) d.args = ex(value).args;
    if (key == "kwargs" && ex(value).kind == ExprKind::kDict) d.kwargs = ex(value).kwargs;
  }
  return d;
}

bool PythonLowering::is_generic_specialization(TSNode fn) const {
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

bool PythonLowering::is_type_expression(TSNode n) const {
  std::string_view t = type(n);
  if (t == "identifier" || t == "none") return true;
  if (t == "attribute") return is_type_expression(field(n, "object"));
  if (t != "subscript") return false;
  for (uint32_t i = 0; i < named_count(n); ++i) {
    if (!is_type_expression(named(n, i))) return false;
  }
  return true;
}

bool PythonLowering::is_partial(ExprId callee) {
  const Expr& c = ex(callee);
  if (c.kind == ExprKind::kName) return c.text == "partial";
  return c.kind == ExprKind::kAttr && c.text == "partial" && c.a != kNone && ex(c.a).kind == ExprKind::kName &&
         ex(c.a).text == "functools";
}

ExprId PythonLowering::sequence(TSNode n) {
  std::vector<ExprId> items;
  for (uint32_t i = 0; i < named_count(n); ++i) {
    if (type(named(n, i)) != "comment") items.push_back(expr(named(n, i)));
  }
  ExprId id = add_kind(ExprKind::kList, n);
  ex(id).args = std::move(items);
  return id;
}

ExprId PythonLowering::dictionary(TSNode n) {
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

ExprId PythonLowering::binary(TSNode n, std::string op) {
  ExprId a = expr(field(n, "left"));
  ExprId b = expr(field(n, "right"));
  ExprId id = add_kind(ExprKind::kBinary, n, std::move(op));
  ex(id).a = a;
  ex(id).b = b;
  return id;
}

ExprId PythonLowering::negation(TSNode n, TSNode operand, const char* op) {
  ExprId a = expr(operand);
  ExprId id = add_kind(ExprKind::kBinary, n, op);
  ex(id).a = a;
  return id;
}

ExprId PythonLowering::boolean(TSNode n) {
  std::string op(text(field(n, "operator")));
  ExprId a = expr(field(n, "left"));
  ExprId b = expr(field(n, "right"));
  ExprId id = add_kind(op == "or" ? ExprKind::kOr : ExprKind::kBinary, n, op);
  ex(id).a = a;
  ex(id).b = b;
  return id;
}

ExprId PythonLowering::conditional(TSNode n) {
  if (named_count(n) < 3) return add_kind(ExprKind::kUnknown, n);
  ExprId a = expr(named(n, 0));
  expr(named(n, 1));
  ExprId b = expr(named(n, 2));
  ExprId id = add_kind(ExprKind::kCond, n);
  ex(id).a = a;
  ex(id).b = b;
  return id;
}

ExprId PythonLowering::lambda(TSNode n) {
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

ExprId PythonLowering::comprehension(TSNode n) {
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

}  // namespace llmspend::parse::detail

#include "detect/detector.h"

#include <algorithm>
#include <unordered_set>

#include "core/strings.h"

namespace llmspend::detect {

/// Detection parses at most this many marker-less files per caller search (see begin_query): a
/// client passed through a helper is usually built in, or imported by, a handful of files.
constexpr size_t kDetectCallerFiles = 16;

using index::Value;
using parse::ExprKind;
using parse::kNone;

namespace {

/// `cls = BACKENDS[name]` / `cls = REGISTRY.get(name)` then `cls(...)`: a class or function
/// picked from a container has no catalog name of its own, but may be an SDK class.
bool picked_from_container(const parse::Module& m, const parse::CallRecord& rec) {
  const parse::Expr& callee = m.expr(m.expr(rec.call).a);
  if (callee.kind != ExprKind::kName) return false;
  for (parse::ScopeId s = rec.scope; s != kNone; s = m.scopes[static_cast<size_t>(s)].parent) {
    auto it = m.scopes[static_cast<size_t>(s)].names.find(callee.text);
    if (it == m.scopes[static_cast<size_t>(s)].names.end()) continue;
    for (int32_t b : it->second) {
      const parse::Binding& bd = m.bindings[static_cast<size_t>(b)];
      if (bd.kind != parse::BindKind::kAssign || bd.value == kNone) continue;
      const parse::Expr& v = m.expr(bd.value);
      if (v.kind == ExprKind::kIndex) return true;
      if (v.kind == ExprKind::kCall && v.a != kNone && m.expr(v.a).kind == ExprKind::kAttr && m.expr(v.a).text == "get") {
        return true;
      }
    }
    return false;
  }
  return false;
}

/// `import { generateText as callModel } from "ai"` / `from litellm import completion as llm`:
/// the local name differs from the catalog's, the imported one does not.
bool imported_as(const parse::Module& m, const parse::CallRecord& rec, const std::unordered_set<std::string>& names) {
  const parse::Expr& callee = m.expr(m.expr(rec.call).a);
  if (callee.kind != ExprKind::kName) return false;
  auto it = m.scopes[0].names.find(callee.text);
  if (it == m.scopes[0].names.end()) return false;
  for (int32_t b : it->second) {
    const parse::Binding& bd = m.bindings[static_cast<size_t>(b)];
    if (bd.kind == parse::BindKind::kImport && names.count(m.imports[static_cast<size_t>(bd.index)].name)) return true;
  }
  return false;
}

/// A bare name a notebook never binds anywhere: no import, assignment, definition or parameter
/// (its import cell was deleted, or it comes from `%run setup.py` / `from pkg import *`). In a
/// script the same call is a NameError (a scratch fragment such as tempCodeRunnerFile.py), so
/// scripts qualify only through a star import.
bool unbound_name(const parse::Module& m, parse::ExprId callee) {
  const parse::Expr& e = m.expr(callee);
  if (e.kind != ExprKind::kName) return false;
  bool notebook = m.path.size() > 6 && m.path.compare(m.path.size() - 6, 6, ".ipynb") == 0;
  bool star = std::any_of(m.imports.begin(), m.imports.end(),
                          [](const parse::Import& im) { return im.kind == parse::ImportKind::kStar; });
  if (!notebook && !star) return false;
  for (const auto& scope : m.scopes) {
    if (scope.names.count(e.text)) return false;
  }
  return true;
}

}  // namespace

std::vector<Detection> Detector::detect(const parse::Module& m) {
  std::vector<Detection> out;
  for (size_t i = 0; i < m.calls.size(); ++i) {
    std::string name = index::callee_name(m, m.calls[i].call);
    if (name.empty()) continue;
    if (!catalog_.interesting.count(name) && !picked_from_container(m, m.calls[i]) &&
        !imported_as(m, m.calls[i], catalog_.interesting)) {
      continue;
    }
    Detection d;
    if (detect_call(m, static_cast<int32_t>(i), d)) out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [&](const Detection& a, const Detection& b) {
    const auto& sa = m.expr(a.call).span;
    const auto& sb = m.expr(b.call).span;
    return std::tie(sa.start_line, sa.start_col) < std::tie(sb.start_line, sb.start_col);
  });
  return out;
}

bool Detector::detect_call(const parse::Module& m, int32_t record, Detection& out) {
  const parse::CallRecord& rec = m.calls[static_cast<size_t>(record)];
  out.module = &m;
  out.record = record;
  out.call = rec.call;
  out.ctx = index::Ctx{&m, rec.scope, nullptr};
  const parse::Expr& call = m.expr(rec.call);
  // Modules no SDK value can reach are not opened: what they hold is no SDK client. But when
  // nothing at all is known of the receiver, the call is a site if its chain names an SDK method
  // (match_unknown_receiver), unless those modules say what the receiver is instead (a test
  // double, a local class): then they are read after all.
  size_t cuts = eval_.reach_cuts();
  eval_.begin_query(kDetectCallerFiles, /*sdk_reach_only=*/true);
  index::Values callees = eval_.eval_in(out.ctx, call.a);
  bool opaque = std::all_of(callees.begin(), callees.end(), [&](const Value& v) { return opaque_receiver(m, v); });
  if (eval_.reach_cuts() != cuts && opaque && unknown_receiver_method(m, call.a)) {
    eval_.begin_query(kDetectCallerFiles, /*sdk_reach_only=*/false);
    callees = eval_.eval_in(out.ctx, call.a);
  }
  return match_callees(m, call, callees, out);
}

bool Detector::match_callees(const parse::Module& m, const parse::Expr& call, const index::Values& callees,
                             Detection& out) {
  bool all_unknown = true;
  bool found = false;
  auto note_vendor = [&](const Callable* c) {
    if (c && !c->provider.empty() &&
        std::find(out.vendor_choices.begin(), out.vendor_choices.end(), c->provider) == out.vendor_choices.end()) {
      out.vendor_choices.push_back(c->provider);
    }
  };
  for (const auto& v : callees) {
    if (!opaque_receiver(m, v)) all_unknown = false;
    // The first match is the site; later matches of other vendors make the provider a choice.
    if (!found) {
      found = match_value(v, out);
      if (found) note_vendor(out.callable);
    } else if (Detection alt = out; match_value(v, alt)) {
      note_vendor(alt.callable);
      // A different client class behind the same methods (`AzureOpenAI` in one branch, `OpenAI`
      // in the other) is another receiver too: its class may name another vendor.
      if (alt.method == out.method && alt.client && out.client && alt.receiver.ctor != out.receiver.ctor) {
        out.other_receivers.push_back(std::move(alt.receiver));
        out.other_clients.push_back(alt.client);
      }
    }
  }
  if (found) {
    if (out.vendor_choices.size() < 2) out.vendor_choices.clear();
    return true;
  }
  if (unbound_name(m, call.a)) {
    // `ChatOpenAI(model=...)` with no import in the file: the LangChain class is the only reading.
    std::string symbol = catalog_.unbound_framework_symbol(m.expr(call.a).text);
    Value v;
    v.kind = Value::Kind::kExternal;
    v.text = symbol;
    if (!symbol.empty() && match_value(v, out)) return true;
  }
  if (all_unknown) return match_unknown_receiver(m, call.a, out);
  return false;
}

bool Detector::match_value(const Value& v, Detection& out) {
  if (v.kind == Value::Kind::kExternal) {
    if (const Callable* c = catalog_.match_callable(v.text); c && c->role == Callable::Role::kSite) {
      out.callable = c;
      out.sdk = c->sdk;
      out.api = c->api;
      out.billable = c->billable;
      out.callee = v.text;
      if (!c->routing.empty() && c->routing.find("string_only") != std::string::npos) {
        return string_model_present(out);
      }
      return true;
    }
    // Module-level default clients: `openai.chat.completions.create(...)`.
    for (const auto& [prefix, client_symbol] : catalog_.module_clients) {
      if (v.text.size() <= prefix.size() || v.text.compare(0, prefix.size(), prefix) != 0) continue;
      char sep = v.text[prefix.size()];
      if (sep != '.' && sep != ':') continue;
      Value obj;
      obj.kind = Value::Kind::kObject;
      obj.text = client_symbol;
      std::string rest = v.text.substr(prefix.size() + 1);
      size_t start = 0;
      while (start <= rest.size()) {
        size_t dot = rest.find('.', start);
        obj.steps.push_back({rest.substr(start, dot == std::string::npos ? std::string::npos : dot - start), kNone, {}});
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      if (match_method(obj, out)) return true;
    }
    return false;
  }
  if (v.kind == Value::Kind::kObject) return match_method(v, out);
  return false;
}

// Wrappers (instructor.from_openai(client), wrap_openai(client)) stand for the client they wrap.
std::vector<Value> Detector::unwrap(const Value& obj, int depth) {
  const Callable* c = catalog_.match_callable(obj.text);
  if (!c || c->role != Callable::Role::kPassthrough || depth > 4 || obj.ctor == kNone) return {obj};
  std::vector<Value> out;
  const parse::Expr& call = obj.ctor_ctx.module->expr(obj.ctor);
  parse::ExprId arg = call.args.empty() ? kNone : call.args[0];
  for (const auto& [k, v] : call.kwargs) {
    if (k == "client") arg = v;
  }
  if (arg == kNone) {
    // from_provider("openai/gpt-4o") style: the wrapper is itself the client, bound to a model.
    return {obj};
  }
  for (auto inner : eval_.eval_in(obj.ctor_ctx, arg)) {
    if (inner.kind != Value::Kind::kObject) continue;
    for (const auto& s : obj.steps) inner.steps.push_back(s);
    for (auto& u : unwrap(inner, depth + 1)) out.push_back(std::move(u));
  }
  if (out.empty()) out.push_back(obj);
  return out;
}

std::string Detector::step_path(const std::vector<index::Step>& steps) const {
  std::string path;
  for (const auto& s : steps) {
    if (std::find(catalog_.transparent_steps.begin(), catalog_.transparent_steps.end(), s.name) !=
        catalog_.transparent_steps.end()) {
      continue;
    }
    if (!path.empty()) path += '.';
    path += s.name;
    if (s.call != kNone && &s != &steps.back()) path += "()";
  }
  return path;
}

bool Detector::match_method(const Value& raw, Detection& out) {
  for (const Value& obj : unwrap(raw)) {
    const Callable* client = catalog_.match_callable(obj.text);
    if (!client || obj.steps.empty()) continue;
    if (client->role != Callable::Role::kClient && client->role != Callable::Role::kPassthrough) continue;
    std::string path = step_path(obj.steps);
    for (const Method* m : catalog_.methods_for(client->sdk, path)) {
      out.method = m;
      out.client = client;
      out.receiver = obj;
      out.sdk = m->sdk;
      out.api = m->api;
      out.billable = m->billable;
      std::string root = obj.text.substr(0, obj.text.find_first_of(".:"));
      out.callee = root + "." + path;
      return true;
    }
  }
  return false;
}

// A value says nothing about its members when it is unknown, or when it is typed by a JS module
// no catalog entry comes from: a web framework's request context (`c: Context` from hono, whose
// `c.env.AI` is the Workers AI binding) is as opaque as an untyped parameter, so the catalog's
// unambiguous chains still apply to it.
bool Detector::opaque_receiver(const parse::Module& m, const Value& v) const {
  if (v.kind == Value::Kind::kUnknown || v.kind == Value::Kind::kNull) return true;
  if (!parse::is_js(m) || (v.kind != Value::Kind::kObject && v.kind != Value::Kind::kExternal)) return false;
  size_t colon = v.text.find(':');
  return colon != std::string::npos && !catalog_.knows_js_module(v.text.substr(0, colon));
}

const Method* Detector::unknown_receiver_method(const parse::Module& m, parse::ExprId callee) const {
  std::string chain = index::chain_text(m, callee);
  if (chain.empty()) return nullptr;
  auto methods = catalog_.unambiguous_methods(chain, parse::is_js(m));
  if (methods.empty()) return nullptr;
  const Method* best = methods.front();
  for (const Method* mm : methods) {
    if (mm->path.size() > best->path.size()) best = mm;
  }
  // The chain must continue from a receiver, except for a platform binding whose path starts at
  // the handler's own parameter (Workers AI `env.AI.run`: `env` is the whole receiver).
  if (chain.size() == best->path.size() && best->provider.empty()) return nullptr;
  return best;
}

bool Detector::match_unknown_receiver(const parse::Module& m, parse::ExprId callee, Detection& out) {
  const Method* best = unknown_receiver_method(m, callee);
  if (!best) return false;
  out.method = best;
  out.sdk = best->sdk;
  out.api = best->api;
  out.billable = best->billable;
  out.unknown_receiver = true;
  out.callee = "?." + best->path;
  return true;
}

// Frameworks that accept either a model object (not a site) or a model name (a site).
bool Detector::string_model_present(const Detection& d) {
  // A model name may come from any config module, SDK-connected or not.
  eval_.set_sdk_reach_only(false);
  const parse::Expr& call = d.module->expr(d.call);
  const auto& kwargs = d.module->options(call);
  auto any_string = [](const index::Values& vals) {
    return std::any_of(vals.begin(), vals.end(), [](const Value& v) { return v.is_string(); });
  };
  for (const ArgLoc& loc : d.callable->model) {
    if (loc.pos >= 0) {
      if (static_cast<size_t>(loc.pos) < call.args.size() && loc.key.empty()) {
        return any_string(eval_.eval_in(d.ctx, call.args[loc.pos]));
      }
      continue;
    }
    // Dotted keys (`llm_config.config_list.0.model`) read members of the first key's value.
    auto parts = core::split(loc.key, '.');
    for (const auto& [k, v] : kwargs) {
      if (k != parts[0]) continue;
      index::Values vals = eval_.eval_in(d.ctx, v);
      for (size_t i = 1; i < parts.size(); ++i) {
        index::Values next;
        for (const auto& x : vals) {
          for (auto& y : eval_.argument_member(x, std::string(parts[i]))) next.push_back(std::move(y));
        }
        vals = std::move(next);
      }
      if (any_string(vals)) return true;
      if (parts.size() == 1) return false;
    }
  }
  return false;
}

}  // namespace llmspend::detect

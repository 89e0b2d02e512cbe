#include "resolve/resolver.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace llmspend::resolve {

using detect::ArgLoc;
using index::Source;
using index::Value;
using index::Values;
using parse::ExprKind;
using parse::kNone;

namespace {


bool is_missing_key(const Values& vals) {
  return !vals.empty() && std::all_of(vals.begin(), vals.end(), [](const Value& v) {
    return v.kind == Value::Kind::kUnknown && v.text.rfind("no key", 0) == 0;
  });
}

/// A short, source-like rendering of an expression for `model_expr`.
std::string render(const parse::Module& m, parse::ExprId e, int depth = 0) {
  if (e == kNone || depth > 6) return "…";
  const parse::Expr& x = m.expr(e);
  switch (x.kind) {
    case ExprKind::kString: return "\"" + x.text + "\"";
    case ExprKind::kNumber: return x.text;
    case ExprKind::kName: return x.text;
    case ExprKind::kAttr: return render(m, x.a, depth + 1) + "." + x.text;
    case ExprKind::kIndex: return render(m, x.a, depth + 1) + "[" + render(m, x.b, depth + 1) + "]";
    case ExprKind::kCall: return render(m, x.a, depth + 1) + "(…)";
    case ExprKind::kOr: return render(m, x.a, depth + 1) + " or " + render(m, x.b, depth + 1);
    case ExprKind::kCond: return render(m, x.a, depth + 1) + " if … else " + render(m, x.b, depth + 1);
    case ExprKind::kTemplate: return "template";
    case ExprKind::kNull: return "None";
    default: return "…";
  }
}

}  // namespace

Values Resolver::read_call_arg(const index::Ctx& ctx, parse::ExprId call_id, const ArgLoc& loc,
                               std::string& expr_text, bool& present) {
  // Dotted keys ("configuration.baseURL") read the first key, then members of its value.
  size_t dot = loc.key.find('.');
  if (dot != std::string::npos) {
    ArgLoc head = loc;
    head.key = loc.key.substr(0, dot);
    Values vals = read_call_arg(ctx, call_id, head, expr_text, present);
    if (!present) return {};
    std::string rest = loc.key.substr(dot + 1);
    while (!rest.empty()) {
      size_t d2 = rest.find('.');
      std::string part = rest.substr(0, d2);
      Values next;
      for (const auto& v : vals) {
        for (auto& x : eval_.argument_member(v, part)) next.push_back(std::move(x));
      }
      if (is_missing_key(next)) { present = false; return {}; }
      vals = std::move(next);
      rest = d2 == std::string::npos ? "" : rest.substr(d2 + 1);
    }
    return vals;
  }
  const parse::Module& m = *ctx.module;
  const parse::Expr& call = m.expr(call_id);
  present = false;
  if (loc.pos >= 0 || is_js(m)) {
    size_t pos = loc.pos >= 0 ? static_cast<size_t>(loc.pos) : 0;
    if (pos >= call.args.size()) return {};
    parse::ExprId arg = call.args[pos];
    if (loc.key.empty()) {
      present = true;
      expr_text = render(m, arg);
      return eval_.eval_in(ctx, arg);
    }
    const parse::Expr& a = m.expr(arg);
    if (a.kind == ExprKind::kDict) {
      for (const auto& [k, v] : a.kwargs) {
        if (k == loc.key) {
          present = true;
          expr_text = render(m, v);
          return eval_.eval_in(ctx, v);
        }
      }
    }
    Values out;
    for (const auto& obj : eval_.eval_in(ctx, arg)) {
      // A settings object built by a third-party class (`new Configuration({basePath})`, the
      // openai v3 client's argument) holds what its constructor was given.
      bool option = false;
      if (obj.kind == Value::Kind::kObject && obj.steps.empty() && obj.ctor != kNone && obj.ctor_ctx.module) {
        for (const auto& kv : obj.ctor_ctx.module->options(obj.ctor_ctx.module->expr(obj.ctor))) option |= kv.first == loc.key;
      }
      Values vals = option ? eval_.argument_member(obj, loc.key) : eval_.member_of(obj, loc.key);
      bool holder = obj.kind == Value::Kind::kDict || obj.kind == Value::Kind::kInstance || option;
      if (!is_missing_key(vals) && holder) present = true;
      for (auto& v : vals) out.push_back(std::move(v));
    }
    if (present) expr_text = render(m, arg) + "." + loc.key;
    return present ? out : Values{};
  }
  for (const auto& [k, v] : call.kwargs) {
    if (k == loc.key) {
      present = true;
      expr_text = render(m, v);
      return eval_.eval_in(ctx, v);
    }
  }
  for (const auto& [k, v] : call.kwargs) {
    if (k != "**") continue;
    for (const auto& d : eval_.eval_in(ctx, v)) {
      if (d.kind != Value::Kind::kDict) continue;
      Values vals = eval_.member_of(d, loc.key);
      if (!is_missing_key(vals)) {
        present = true;
        expr_text = "**" + render(m, v) + "[\"" + loc.key + "\"]";
        return vals;
      }
    }
  }
  return {};
}

Values Resolver::read_loc(const detect::Detection& d, const ArgLoc& loc, std::string& expr_text, bool& present) {
  present = false;
  switch (loc.from) {
    case ArgLoc::From::kArgs:
      return read_call_arg(d.ctx, d.call, loc, expr_text, present);
    case ArgLoc::From::kCtor:
      if (d.receiver.ctor == kNone) return {};
      return read_call_arg(d.receiver.ctor_ctx, d.receiver.ctor, loc, expr_text, present);
    case ArgLoc::From::kStep:
      for (const auto& s : d.receiver.steps) {
        if (s.name == loc.step && s.call != kNone) return read_call_arg(s.ctx, s.call, loc, expr_text, present);
      }
      return {};
  }
  return {};
}

void Resolver::apply_routing(Candidate& c, const std::string& routing) const {
  if (routing.empty() || routing == "string_only") return;
  if (routing.find("litellm_prefix") != std::string::npos) {
    // OpenAI Agents SDK: `litellm/<provider>/<model>` is handed to LiteLLM, `openai/<model>` is
    // the default provider with its prefix removed; anything else is an OpenAI model name.
    if (c.model.rfind("litellm/", 0) == 0) {
      c.model = c.model.substr(8);
      apply_routing(c, "slash owner");
    } else if (c.model.rfind("openai/", 0) == 0) {
      c.model = c.model.substr(7);
    }
    return;
  }
  if (routing.find("gateway") != std::string::npos) {
    if (c.model.find('/') != std::string::npos) {
      c.provider = "vercel_gateway";
      c.provider_reason = "a plain model string goes through the Vercel AI Gateway";
    }
    return;
  }
  for (char sep : {':', '/'}) {
    if (sep == ':' && routing.find("colon") == std::string::npos) continue;
    if (sep == '/' && routing.find("slash") == std::string::npos) continue;
    size_t cut = c.model.find(sep);
    if (cut == std::string::npos) continue;
    std::string prefix = c.model.substr(0, cut);
    auto it = catalog_.route_prefixes.find(prefix);
    if (it == catalog_.route_prefixes.end()) continue;
    c.provider = it->second;
    c.provider_reason = "routing prefix `" + prefix + sep + "` in the model name";
    c.model = c.model.substr(cut + 1);
    return;
  }
  if (routing.find("owner") != std::string::npos && c.provider.empty()) {
    std::string owner = catalog_.owner_of_model(c.model);
    if (!owner.empty()) {
      c.provider = owner;
      c.provider_reason = "the SDK routes `" + c.model + "` to its vendor by name";
    }
  }
}

bool Resolver::from_factory(const Value& v, ModelResult& out, int depth) {
  const detect::Callable* f = catalog_.match_callable(v.text);
  if (!f || f->role != detect::Callable::Role::kModelFactory) return false;
  detect::Detection fake;
  fake.receiver = v;
  std::string provider_reason = "model factory `" + v.text + "`";
  std::string provider = f->provider;
  if (v.ctor != kNone) {
    std::string reason;
    std::string p = self_hosted_stays(f->provider, provider_from_locs(f->base_url, f->api_key, v.ctor_ctx, v.ctor, reason));
    if (!p.empty()) { provider = p; provider_reason = reason; }
  }
  if (v.ctor != kNone) {
    // `OpenAIChatCompletionsModel(model=..., openai_client=AsyncOpenAI(base_url=...))`: the
    // client the model object is bound to decides the vendor.
    for (const ArgLoc& loc : f->client) {
      std::string expr;
      bool present = false;
      for (const auto& c : read_call_arg(v.ctor_ctx, v.ctor, loc, expr, present)) {
        const detect::Callable* cc = c.kind == Value::Kind::kObject ? catalog_.match_callable(c.text) : nullptr;
        if (!cc || cc->role != detect::Callable::Role::kClient) continue;
        std::string why;
        provider = client_provider(cc, c, why);
        provider_reason = why;
      }
    }
  }
  if (f->routing == "registry") return from_registry(v, out, depth);
  Values vals;
  std::string expr;
  bool present = false;
  for (const ArgLoc& loc : f->model) {
    if (f->instance_factory) {
      const index::Step* last = nullptr;
      for (const auto& s : v.steps) {
        if (s.call != kNone) last = &s;
      }
      if (!last) continue;
      vals = read_call_arg(last->ctx, last->call, loc, expr, present);
    } else if (v.ctor != kNone) {
      vals = read_call_arg(v.ctor_ctx, v.ctor, loc, expr, present);
    }
    if (present) break;
  }
  if (!present && !f->default_model.empty() && !f->instance_factory) {
    // A model class with a default id (agno `OpenAIChat()` sends gpt-4o).
    out.candidates.push_back({f->default_model, provider, provider_reason, index::Source::kLiteral, "", 0, f->request_api});
    return true;
  }
  if (!present) {
    out.reason = "the model object from `" + v.text + "` names no model";
    return true;
  }
  ModelResult inner;
  candidates_from(vals, f->routing, inner, depth + 1);
  std::string last = v.text.substr(v.text.find_last_of(".:") + 1);
  for (const auto& st : v.steps) last = st.name;
  std::string api = last == "responses" ? "responses"
                    : (last == "embedding" || last == "textEmbedding" || last == "textEmbeddingModel" ||
                       last == "embeddingModel") ? "embedding"
                    : (last == "image" || last == "imageModel") ? "image" : f->request_api;
  for (auto& c : inner.candidates) {
    if (c.api.empty()) c.api = api;
    if (c.provider.empty()) { c.provider = provider; c.provider_reason = provider_reason; }
    out.candidates.push_back(std::move(c));
  }
  if (out.candidates.empty() && out.reason.empty()) out.reason = inner.reason;
  if (inner.candidates.empty() && out.factory_provider.empty() && !provider.empty()) {
    out.factory_provider = provider;
    out.factory_provider_reason = provider_reason;
  }
  return true;
}

// customProvider({languageModels: {id: model}}).languageModel(id) and
// createProviderRegistry({openai, anthropic}).languageModel("openai:gpt-4o").
bool Resolver::from_registry(const Value& v, ModelResult& out, int depth) {
  const index::Step* last = nullptr;
  for (const auto& s : v.steps) {
    if (s.call != kNone) last = &s;
  }
  if (!last || v.ctor == kNone) {
    out.reason = "a model registry used without a model id";
    return true;
  }
  std::string expr;
  bool present = false;
  ArgLoc first;
  first.pos = 0;
  Values ids = read_call_arg(last->ctx, last->call, first, expr, present);
  Values registry = read_call_arg(v.ctor_ctx, v.ctor, first, expr, present);
  bool custom = v.text.find("ustomProvider") != std::string::npos;
  bool known_id = std::any_of(ids.begin(), ids.end(), [](const Value& x) { return x.is_string(); });
  if (custom && !known_id) {
    // The id is chosen at run time (a model picker, the request body): every entry of the group
    // the call reads is a candidate (`languageModel(id)` reads `languageModels`).
    std::string group = last->name + "s";
    for (const auto& reg : registry) {
      for (const auto& d : eval_.member_of(reg, group)) {
        if (d.kind != Value::Kind::kDict || !d.module) continue;
        for (const auto& [key, unused] : d.module->expr(d.expr).kwargs) {
          candidates_from(eval_.member_of(d, key), "", out, depth + 1);
        }
      }
    }
    if (out.candidates.empty() && out.reason.empty()) out.reason = "the registry entry is chosen at run time";
    return true;
  }
  for (const auto& id : ids) {
    if (!id.is_string()) continue;
    for (const auto& reg : registry) {
      if (custom) {
        for (const char* group : {"languageModels", "textEmbeddingModels", "embeddingModels", "imageModels"}) {
          Values g = eval_.member_of(reg, group);
          for (const auto& d : g) {
            if (d.kind == Value::Kind::kDict) candidates_from(eval_.member_of(d, id.text), "", out, depth + 1);
          }
        }
        continue;
      }
      size_t colon = id.text.find(':');
      if (colon == std::string::npos) continue;
      std::string prefix = id.text.substr(0, colon);
      for (const auto& prov : eval_.member_of(reg, prefix)) {
        bool named = prov.kind == Value::Kind::kObject || prov.kind == Value::Kind::kExternal;
        const detect::Callable* pf = named ? catalog_.match_callable(prov.text) : nullptr;
        if (!pf) continue;
        Candidate c{id.text.substr(colon + 1), pf->provider, "provider registry entry `" + prefix + "`",
                    id.source, id.origin_path, id.origin_line};
        out.candidates.push_back(std::move(c));
      }
    }
  }
  if (out.candidates.empty() && out.reason.empty()) out.reason = "the registry entry could not be resolved";
  return true;
}

// LiteLLM Router: the request names a `model_name` alias; the deployments in the router's
// `model_list` with that name say the model (`litellm_params.model`, routed as usual).
Values Resolver::router_deployments(const Value& router, Values aliases) {
  if (router.ctor == kNone) return aliases;
  ArgLoc list_loc;
  list_loc.key = "model_list";
  std::string expr;
  bool present = false;
  Values lists = read_call_arg(router.ctor_ctx, router.ctor, list_loc, expr, present);
  Values out;
  for (const auto& alias : aliases) {
    bool matched = false, seen_list = false;
    for (const auto& list : lists) {
      if (list.kind != Value::Kind::kList) continue;
      seen_list = true;
      for (const auto& entry : eval_.elements_of(list)) {
        Values names = eval_.member_of(entry, "model_name");
        bool same = std::any_of(names.begin(), names.end(),
                                [&](const Value& n) { return n.is_string() && alias.is_string() && n.text == alias.text; });
        if (!same) continue;
        for (const auto& params : eval_.member_of(entry, "litellm_params")) {
          for (auto& m : eval_.member_of(params, "model")) {
            matched = true;
            out.push_back(std::move(m));
          }
        }
      }
    }
    if (matched) continue;
    // No model_list in sight (the router comes from elsewhere): the alias is all there is, and
    // aliases are usually model names. A list without it (filled at run time): unknown.
    out.push_back(seen_list && alias.is_string()
                      ? index::unknown("`" + alias.text + "` is not a model_name in the router's model_list")
                      : alias);
  }
  return out;
}

// Wrappers that keep the model they are given (`wrapLanguageModel({model, middleware})`): the
// candidates are the wrapped model's.
bool Resolver::unwrap_model(const Value& v, const std::string& routing, ModelResult& out, int depth) {
  const detect::Callable* c = catalog_.match_callable(v.text);
  if (!c || c->role != detect::Callable::Role::kPassthrough || c->model.empty() || v.ctor == kNone ||
      !v.steps.empty()) {
    return false;
  }
  for (const ArgLoc& loc : c->model) {
    std::string expr;
    bool present = false;
    Values inner = read_call_arg(v.ctor_ctx, v.ctor, loc, expr, present);
    if (!present) continue;
    candidates_from(inner, routing, out, depth + 1);
    return true;
  }
  return false;
}

// An SDK's exported model constant (`import {gemini15Flash} from "@genkit-ai/googleai"`) stands
// for one model id of one vendor.
bool Resolver::from_constant(const Value& v, ModelResult& out) {
  const detect::Callable* c = catalog_.match_callable(v.text);
  if (!c || c->role != detect::Callable::Role::kModelConstant || c->default_model.empty()) return false;
  Candidate cand{c->default_model, c->provider, "model constant `" + v.text + "`", index::Source::kLiteral, "", 0};
  bool dup = std::any_of(out.candidates.begin(), out.candidates.end(),
                         [&](const Candidate& x) { return x.model == cand.model && x.provider == cand.provider; });
  if (!dup) out.candidates.push_back(std::move(cand));
  return true;
}

void Resolver::candidates_from(const Values& vals, const std::string& routing, ModelResult& out, int depth) {
  if (depth > 4) return;
  for (const auto& v : vals) {
    if (v.is_string() && v.text.empty()) {
      // `process.env.X || ""` only satisfies a type checker: "" is never a model id.
      if (out.reason.empty()) out.reason = "the model is an empty string on this path";
    } else if (v.is_string()) {
      Candidate c{v.text, "", "", v.source, v.origin_path, v.origin_line};
      c.trace = v.trace;
      apply_routing(c, routing);
      bool dup = std::any_of(out.candidates.begin(), out.candidates.end(),
                             [&](const Candidate& x) { return x.model == c.model && x.provider == c.provider; });
      if (!dup) out.candidates.push_back(std::move(c));
    } else if (v.kind == Value::Kind::kObject) {
      if (unwrap_model(v, routing, out, depth)) continue;
      if (!from_factory(v, out, depth) && out.reason.empty()) {
        out.reason = "the model is an object built by `" + v.text + "`";
      }
    } else if (v.kind == Value::Kind::kExternal && from_constant(v, out)) {
      continue;
    } else if (v.kind == Value::Kind::kNull) {
      if (out.reason.empty()) out.reason = "the model is None/undefined on this path";
    } else if (v.kind == Value::Kind::kUnknown) {
      if (out.reason.empty()) out.reason = v.text;
    } else if (out.reason.empty()) {
      out.reason = "the model argument is not a string";
    }
  }
}

Resolver::ModelResult Resolver::find_model(const detect::Detection& d) {
  ModelResult out;
  const std::vector<ArgLoc>* locs = d.method ? &d.method->model : &d.callable->model;
  std::string routing = d.method ? d.method->routing : d.callable->routing;
  for (const ArgLoc& loc : *locs) {
    bool present = false;
    Values vals = read_loc(d, loc, out.expr_text, present);
    if (!present) continue;
    out.present = true;
    if (routing.find("router_alias") != std::string::npos) vals = router_deployments(d.receiver, std::move(vals));
    candidates_from(vals, routing, out, 0);
    if (!out.candidates.empty()) return out;
    // An Azure deployment that is passed decides, known or not: the model field beside it is
    // only what the deployment is said to run (the contract's model for Azure is the deployment).
    if (core::to_lower(loc.key).find("deployment") != std::string::npos) return out;
  }
  // Azure and bound clients: the client construction names the model (deployment).
  if (!out.present && d.client && d.receiver.ctor != kNone) {
    for (const ArgLoc& loc : d.client->model) {
      bool present = false;
      ArgLoc ctor_loc = loc;
      ctor_loc.from = ArgLoc::From::kCtor;
      Values vals = read_loc(d, ctor_loc, out.expr_text, present);
      if (!present) continue;
      out.present = true;
      candidates_from(vals, d.client->routing, out, 0);
      if (!out.candidates.empty()) return out;
    }
  }
  if (!out.present && out.reason.empty()) out.reason = "the call passes no model argument";
  return out;
}

}  // namespace llmspend::resolve

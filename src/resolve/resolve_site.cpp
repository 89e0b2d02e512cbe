// Assembling a ResolvedSite: location, model (value / candidates / unresolved), provider and
// the cost facts the code shows.
#include <algorithm>

#include "core/strings.h"
#include "resolve/resolver.h"

namespace llmspend::resolve {

using index::Value;
using parse::ExprKind;
using parse::kNone;

namespace {

/// For a method on an object of unknown origin: the provider of the SDK this file imports, when
/// it imports exactly one SDK with that method.
std::string provider_from_imports(const detect::Catalog& catalog, const parse::Module& m,
                                  const detect::Method& method, std::string& reason) {
  std::string found;
  for (const auto& im : m.imports) {
    std::string q = im.module;
    if (!im.name.empty()) q += (m.language == scan::Language::kPython ? "." : ":") + im.name;
    const detect::Callable* c = catalog.match_callable(q);
    if (!c || c->role != detect::Callable::Role::kClient || c->sdk != method.sdk) continue;
    if (!found.empty() && found != c->provider) return "";
    found = c->provider;
  }
  if (!found.empty()) reason = "the file imports only this SDK's client";
  return found;
}

/// Every value assigned to a module attribute (`openai.api_base`) in the file: at top level or
/// inside a function or method that configures the process-wide module (`def __init__(self):
/// openai.api_type = "azure"`), each evaluated where it is written.
std::vector<Value> module_attr_values(index::Evaluator& eval, const parse::Module& m, const char* key) {
  std::vector<Value> out;
  for (size_t s = 0; s < m.scopes.size(); ++s) {
    auto it = m.scopes[s].names.find(key);
    if (it == m.scopes[s].names.end()) continue;
    for (int32_t b : it->second) {
      const parse::Binding& bind = m.bindings[static_cast<size_t>(b)];
      for (auto& v : eval.eval_in(index::Ctx{&m, static_cast<parse::ScopeId>(s), nullptr}, bind.value)) {
        out.push_back(std::move(v));
      }
    }
  }
  return out;
}

/// Legacy module-level configuration: `openai.api_type = "azure"`, `openai.api_base = "http://…"`.
/// A known endpoint decides first (GitHub Models keeps its host even with api_type azure), then
/// api_type azure, then an endpoint read from a variable: the SDK's own (OPENAI_API_BASE) keeps
/// OpenAI, one naming a vendor (AZURE_OPENAI_ENDPOINT) is that vendor, any other is decided at
/// run time.
std::string module_config_provider(const detect::Catalog& catalog, index::Evaluator& eval,
                                   const parse::Module& m, std::string& reason) {
  std::vector<Value> bases;
  for (const char* key : {"openai.api_base", "openai.base_url"}) {
    for (auto& v : module_attr_values(eval, m, key)) bases.push_back(std::move(v));
  }
  for (const auto& v : bases) {
    if (!v.is_string()) continue;
    std::string p = catalog.provider_for_host(v.text);
    if (is_local_url(v.text)) p = "self_hosted";
    if (!p.empty()) {
      reason = "`openai.api_base` is " + v.text;
      return p;
    }
  }
  for (const auto& v : module_attr_values(eval, m, "openai.api_type")) {
    std::string env = index::env_var_of(v);
    if ((v.is_string() && (v.text == "azure" || v.text == "azure_ad")) ||
        (!env.empty() && catalog.provider_for_key_env(env) == "azure_openai")) {
      reason = "`openai.api_type` is set to azure";
      return "azure_openai";
    }
  }
  for (const auto& v : bases) {
    std::string env = index::env_var_of(v);
    if (env.empty() || v.is_string()) continue;
    if (env == "OPENAI_API_BASE" || env == "OPENAI_BASE_URL") return "";
    reason = "`openai.api_base` comes from `" + env + "`";
    std::string p = catalog.provider_for_key_env(env);
    return p.empty() ? "unknown" : p;
  }
  return "";
}

}  // namespace

// True when the call passes `**mapping` (Python) or `...object` (JS options) whose keys are not
// visible: such a mapping can hold the model.
bool Resolver::splats_unknown_mapping(const detect::Detection& d) {
  const parse::Module& m = *d.module;
  const parse::Expr& call = m.expr(d.call);
  std::vector<parse::ExprId> spreads;
  for (const auto& [k, v] : call.kwargs) {
    if (k == "**") spreads.push_back(v);
  }
  if (!call.args.empty() && m.expr(call.args[0]).kind == ExprKind::kDict) {
    for (parse::ExprId s : m.expr(call.args[0]).args) spreads.push_back(s);
  }
  for (parse::ExprId s : spreads) {
    parse::ExprId inner = m.expr(s).kind == ExprKind::kSpread ? m.expr(s).a : s;
    for (const auto& v : eval_.eval_in(d.ctx, inner)) {
      if (v.kind != Value::Kind::kDict) return true;
    }
  }
  return false;
}

ResolvedSite Resolver::resolve(const detect::Detection& d) {
  const parse::Module& m = *d.module;
  const parse::Expr& call = m.expr(d.call);
  const parse::CallRecord& rec = m.calls[static_cast<size_t>(d.record)];
  ResolvedSite s;
  s.path = m.path;
  s.start_line = call.span.start_line;
  s.start_col = call.span.start_col;
  s.end_line = call.span.end_line;
  s.function = rec.function == kNone ? "" : m.functions[static_cast<size_t>(rec.function)].qualified;
  s.language = scan::language_name(m.language);
  s.sdk = d.sdk;
  s.api = d.api;
  s.billable = d.billable;
  s.callee = d.callee;

  eval_.begin_query();
  ModelResult mr = find_model(d);
  bool sdk_default = false;
  std::string default_model = d.callable ? d.callable->default_model : d.method ? d.method->default_model : "";
  if (mr.candidates.empty() && !default_model.empty() && !mr.present && splats_unknown_mapping(d)) {
    // `ChatOpenAI(**options)` with options read at run time may well carry the model.
    mr.reason = "the arguments come from a mapping known only at run time (`**`), which may name the model";
    default_model.clear();
  }
  if (mr.candidates.empty() && !default_model.empty() && !mr.present) {
    mr.candidates.push_back({default_model, "", "", index::Source::kLiteral, "", 0});
    s.notes.push_back("no model argument: the SDK's default model is assumed");
    sdk_default = true;
  }
  s.model_expr = mr.expr_text;

  // Provider: from the model (routing prefix, factory) first, then the client.
  std::string provider, reason;
  bool endpoint_given = false;  // an explicit base URL decides over a routing prefix
  std::vector<std::string> receiver_vendors;  // differently configured clients reaching the call
  if (d.method && d.client) {
    provider = client_provider(d.client, d.receiver, reason);
    for (size_t i = 0; i < d.other_receivers.size(); ++i) {
      const index::Value& other = d.other_receivers[i];
      std::string why;
      std::string p = client_provider(i < d.other_clients.size() ? d.other_clients[i] : d.client, other, why);
      if (p == provider || std::find(receiver_vendors.begin(), receiver_vendors.end(), p) != receiver_vendors.end()) continue;
      if (receiver_vendors.empty()) receiver_vendors.push_back(provider);
      receiver_vendors.push_back(p);
    }
  }
  if (d.method && !d.method->provider.empty()) provider = d.method->provider;
  if (d.callable) {
    index::Ctx ctx = d.ctx;
    provider = provider_from_locs(d.callable->base_url, d.callable->api_key, ctx, d.call, reason, &endpoint_given);
    if (!endpoint_given && !d.callable->base_url.empty()) {
      // No endpoint argument: the SDK reads its variable, which the code may set itself. A router
      // (`litellm.completion("openai/...")`) reads it only for the vendor its model names.
      std::string sdk_provider = d.callable->provider;
      if (sdk_provider.empty() && !mr.candidates.empty()) {
        sdk_provider = mr.candidates[0].provider;
        for (const auto& c : mr.candidates) {
          if (c.provider != sdk_provider) sdk_provider.clear();
        }
      }
      std::string p = provider_from_env_base_url(sdk_provider, ctx, call.span.start_line, reason);
      if (!p.empty()) { provider = p; endpoint_given = true; }
    }
    for (const auto& loc : d.callable->client) {
      std::string expr;
      bool present = false;
      for (const auto& v : read_call_arg(ctx, d.call, loc, expr, present)) {
        const detect::Callable* c = v.kind == Value::Kind::kObject ? catalog_.match_callable(v.text) : nullptr;
        if (provider.empty() && c && c->role == detect::Callable::Role::kClient) provider = client_provider(c, v, reason);
      }
    }
    if (provider.empty() && !d.callable->provider.empty()) {
      provider = d.callable->provider;
      reason = "`" + d.callable->sdk + "` class";
    }
    // A router (`crewai.LLM`, `dspy.LM`, `litellm.completion`) has no vendor of its own: where the
    // model does not name one either, the key variable handed to it (`GEMINI_API_KEY`) does.
    if (provider.empty() && !endpoint_given) provider = provider_from_key(d.callable->api_key, ctx, d.call, reason);
    // `initChatModel("llama3", { modelProvider: "ollama" })`, `init_chat_model(..., model_provider=)`:
    // the named provider decides, over what the model name's owner would suggest.
    for (const auto& loc : d.callable->provider_arg) {
      std::string expr;
      bool present = false;
      index::Values vals = read_call_arg(ctx, d.call, loc, expr, present);
      if (vals.size() != 1 || vals[0].kind != Value::Kind::kString) continue;
      auto it = catalog_.route_prefixes.find(core::to_lower(vals[0].text));
      if (it == catalog_.route_prefixes.end()) continue;
      provider = it->second;
      reason = "the provider argument names `" + vals[0].text + "`";
      endpoint_given = true;  // decides over an owner guess from the model name
    }
    // LangChain's legacy `OpenAIEmbeddings(deployment=...)`: only Azure has deployments.
    for (const auto& [k, v] : m.options(call)) {
      for (const auto& loc : d.callable->azure_args) {
        if (k == loc.key) { provider = "azure_openai"; reason = "`" + k + "=` names an Azure OpenAI deployment"; }
      }
    }
  }
  bool module_client = (d.method && d.receiver.ctor == kNone && !d.unknown_receiver) ||
                       (d.callable && d.callable->sdk == "openai-python");
  if (module_client) {
    std::string why;
    std::string p = module_config_provider(catalog_, eval_, m, why);
    if (!p.empty()) { provider = p; reason = why; }
  }
  if (!d.vendor_choices.empty()) {
    provider = "unknown";
    reason = "the class is chosen at run time among vendors:";
    for (const auto& v : d.vendor_choices) reason += " " + v;
  } else if (!receiver_vendors.empty()) {
    provider = "unknown";
    reason = "the client is one of several, configured for:";
    for (const auto& v : receiver_vendors) reason += " " + v;
  }
  if (d.unknown_receiver && !d.method->provider.empty()) {
    // A platform binding (Workers AI's `env.AI`) is its vendor's whatever object holds it.
    reason = "`" + d.method->path + "` is the " + d.method->sdk + " binding";
  } else if (d.unknown_receiver) {
    provider = provider_from_imports(catalog_, m, *d.method, reason);
    if (provider.empty()) reason = "the client comes from outside this file and nothing tells its vendor";
  }
  std::vector<std::string> providers;
  for (auto& c : mr.candidates) {
    // `litellm.completion(model="openai/x", api_base=...)`: the prefix picks the wire format,
    // the base URL the vendor.
    std::string p = c.provider.empty() || (endpoint_given && !provider.empty()) ? provider : c.provider;
    if (std::find(providers.begin(), providers.end(), p) == providers.end()) providers.push_back(p);
  }
  if (providers.size() == 1 && !providers[0].empty()) {
    s.provider = providers[0];
    bool from_candidate = !mr.candidates.empty() && !mr.candidates[0].provider.empty();
    s.provider_reason = from_candidate ? mr.candidates[0].provider_reason : reason;
  } else if (providers.empty() && !mr.factory_provider.empty()) {
    s.provider = mr.factory_provider;  // `openai(modelId)`: the vendor is known, the model is not
    s.provider_reason = mr.factory_provider_reason;
  } else if (providers.empty() && !provider.empty()) {
    s.provider = provider;
    s.provider_reason = reason;
  } else {
    s.provider = "unknown";
    s.provider_reason = providers.size() > 1 ? "candidates from several vendors" : reason;
  }

  // Model.
  std::vector<std::string> models;
  index::Source best = index::Source::kLiteral;
  for (const auto& c : mr.candidates) {
    if (std::find(models.begin(), models.end(), c.model) == models.end()) models.push_back(c.model);
    best = std::max(best, c.source);
  }
  if (models.size() == 1) {
    s.model = models[0];
    s.model_source = sdk_default ? "sdk_default" : index::source_name(best);
  } else if (models.size() > 1) {
    s.model_candidates = models;
    std::sort(s.model_candidates.begin(), s.model_candidates.end());
    s.model_source = index::source_name(best);
  } else {
    s.model_source = "unresolvable";
    s.unresolved_reason = mr.reason.empty() ? "the model could not be determined" : mr.reason;
  }
  if (!mr.candidates.empty() && !mr.candidates[0].origin_path.empty()) {
    s.model_origin = Origin{mr.candidates[0].origin_path, mr.candidates[0].origin_line, std::nullopt};
  }
  if (!mr.candidates.empty()) {
    for (const auto& t : mr.candidates[0].trace) s.model_trace.push_back({t.what, t.path, t.line, std::nullopt});
  }
  if (!mr.candidates.empty() && !mr.candidates[0].api.empty()) s.api = mr.candidates[0].api;
  // Generic invoke endpoints (Bedrock InvokeModel, Replicate) serve embeddings and images too:
  // the model id says which (no chat model has "embed" in its name).
  if (s.api == "chat" && s.model) {
    std::string lower = core::to_lower(*s.model);
    if (lower.find("embed") != std::string::npos) s.api = "embedding";
    for (const char* image : {"flux", "stable-diffusion", "sdxl", "dall-e", "imagen", "titan-image", "nova-canvas"}) {
      if (lower.find(image) != std::string::npos) s.api = "image";
    }
  }
  if (s.provider == "self_hosted") s.notes.push_back("self-hosted model server: no API charge");
  fill_cost_facts(d, s);
  s.fan_out = fan_out(d);
  return s;
}

namespace {

bool is_text_key(std::string_view k) {
  return k == "content" || k == "text" || k == "system" || k == "parts" || k == "input" || k == "prompt";
}

/// Walks a prompt argument: constant text goes to `texts`, each part known only at run time
/// (a variable message, an f-string hole) counts as a hole. Role names and other keys are not
/// content. Literal containers are walked syntactically so a template's constant parts still
/// count when its holes do not resolve.
class PromptCollector {
 public:
  PromptCollector(index::Evaluator& eval, ResolvedSite& s) : eval_(eval), s_(s) {}

  void expr(const index::Ctx& ctx, parse::ExprId e, int depth) {
    if (e == kNone || depth > 8 || s_.prompt_texts.size() > 64) return;
    const parse::Expr& x = ctx.module->expr(e);
    switch (x.kind) {
      case ExprKind::kString:
        if (!x.text.empty()) s_.prompt_texts.push_back(x.text);
        return;
      case ExprKind::kTemplate:
        for (parse::ExprId part : x.args) expr(ctx, part, depth + 1);
        return;
      case ExprKind::kList:
        for (parse::ExprId el : x.args) expr(ctx, el, depth + 1);
        return;
      case ExprKind::kDict:
        for (const auto& [k, v] : x.kwargs) {
          if (is_text_key(k)) expr(ctx, v, depth + 1);
        }
        return;
      default:
        value(eval_.eval_in(ctx, e), depth);
    }
  }

 private:
  void value(const index::Values& vals, int depth) {
    for (const auto& v : vals) {
      if (v.is_string()) {
        if (!v.text.empty()) s_.prompt_texts.push_back(v.text);
        return;
      }
      if (v.kind == Value::Kind::kList || v.kind == Value::Kind::kDict) {
        expr(v.ctx, v.expr, depth + 1);
        return;
      }
    }
    ++s_.prompt_holes;
  }

  index::Evaluator& eval_;
  ResolvedSite& s_;
};

}  // namespace

void Resolver::fill_cost_facts(const detect::Detection& d, ResolvedSite& s) {
  fill_reasoning_and_units(d, s);
  // Prompt text the code shows: messages, system prompts, Responses `input`, completion `prompt`,
  // Gemini `contents`, embedding `input`, Vercel `prompt`/`system`/`messages`.
  const parse::Module& m = *d.module;
  const parse::Expr& call = m.expr(d.call);
  const auto& args = m.options(call);
  PromptCollector prompts(eval_, s);
  for (const auto& [k, v] : args) {
    for (const char* key : {"messages", "system", "input", "prompt", "contents", "instructions", "texts"}) {
      if (k == key) prompts.expr(d.ctx, v, 0);
    }
  }
  static const char* kCaps[] = {"max_tokens", "max_completion_tokens", "max_output_tokens",
                                "maxTokens", "maxOutputTokens", "max_new_tokens"};
  for (const char* key : kCaps) {
    if (auto v = constant_arg(d, {key}, Value::Kind::kNumber)) {
      s.max_output_tokens = std::strtoll(v->text.c_str(), nullptr, 10);
      s.max_output_tokens_key = key;
      break;
    }
  }
  detect::ArgLoc tier;
  tier.key = "service_tier";
  std::string expr;
  bool present = false;
  for (const auto& v : read_call_arg(d.ctx, d.call, tier, expr, present)) {
    if (v.is_string()) s.service_tier = v.text;
  }
  s.batch = s.api == "batch";
}

/// The first constant string / number found at any of `keys` (dotted keys allowed).
std::optional<Value> Resolver::constant_arg(const detect::Detection& d, std::initializer_list<const char*> keys,
                                            Value::Kind kind) {
  for (const char* key : keys) {
    detect::ArgLoc loc;
    loc.key = key;
    std::string expr;
    bool present = false;
    for (const auto& v : read_call_arg(d.ctx, d.call, loc, expr, present)) {
      if (v.kind == kind) return v;
    }
    if (present && kind == Value::Kind::kNumber) return std::nullopt;
  }
  return std::nullopt;
}

// Reasoning effort, thinking budgets and image parameters, as the cost model reads them
// (docs/usage-model.md). Only constants count; a budget set at run time is -1.
void Resolver::fill_reasoning_and_units(const detect::Detection& d, ResolvedSite& s) {
  if (auto v = constant_arg(d, {"reasoning_effort", "reasoningEffort", "reasoning.effort",
                                "providerOptions.openai.reasoningEffort", "thinking_level",
                                "config.thinking_config.thinking_level"}, Value::Kind::kString)) {
    s.reasoning_effort = v->text;
  }
  if (auto v = constant_arg(d, {"thinking.budget_tokens", "config.thinking_config.thinking_budget",
                                "config.thinkingConfig.thinkingBudget", "thinking_budget",
                                "providerOptions.anthropic.thinking.budgetTokens",
                                "providerOptions.google.thinkingConfig.thinkingBudget"}, Value::Kind::kNumber)) {
    s.thinking_budget_tokens = std::strtoll(v->text.c_str(), nullptr, 10);
  } else if (auto t = constant_arg(d, {"thinking.type"}, Value::Kind::kString)) {
    s.thinking_budget_tokens = t->text == "disabled" ? 0 : -1;
  }
  if (s.api == "image") {
    if (auto v = constant_arg(d, {"n"}, Value::Kind::kNumber)) s.image_count = std::strtoll(v->text.c_str(), nullptr, 10);
    if (auto v = constant_arg(d, {"size"}, Value::Kind::kString)) s.image_size = v->text;
    if (auto v = constant_arg(d, {"quality"}, Value::Kind::kString)) s.image_quality = v->text;
  }
}

int Resolver::fan_out(const detect::Detection& d) {
  const parse::CallRecord& rec = d.module->calls[static_cast<size_t>(d.record)];
  long total = 1;
  for (parse::ExprId loop : rec.loops) {
    if (loop == kNone) return 1;
    long n = 0;
    for (const auto& v : eval_.eval_in(index::Ctx{d.module, rec.scope, nullptr}, loop)) {
      if (v.kind == Value::Kind::kList) n = std::max<long>(n, static_cast<long>(v.module->expr(v.expr).args.size()));
    }
    if (n == 0) return 1;  // not a constant collection: not modelled
    total = std::min<long>(total * n, 1'000'000);
  }
  return static_cast<int>(total);
}

}  // namespace llmspend::resolve

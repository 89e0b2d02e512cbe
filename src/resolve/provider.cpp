// How a call's vendor is told from its endpoint: base URL arguments (literal hosts, local
// servers, templates, gateways, environment variables) and API-key variable names, for a site's
// own arguments or the client object it was reached from.
#include <algorithm>
#include <cctype>

#include "core/strings.h"
#include "resolve/resolver.h"

namespace llmspend::resolve {

using detect::ArgLoc;
using index::Value;
using index::Values;
using parse::ExprKind;
using parse::kNone;

namespace {

/// The host of an absolute URL, lower case ("" when there is none).
std::string url_host(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t start = scheme + 3;
  size_t end = url.find_first_of(":/?#", start);
  return core::to_lower(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

/// `env`, `ENV`, `config.env`, `Bun.env`: an object whose fields are environment variables.
bool is_env_object(const std::string& chain) {
  std::string last = chain.substr(chain.rfind('.') == std::string::npos ? 0 : chain.rfind('.') + 1);
  return last == "env" || last == "ENV" || last == "Env";
}

/// UPPER_SNAKE: how environment variables are spelled (`OPENAI_BASE_URL`), unlike a config key.
bool is_env_var_name(const std::string& n) {
  return !n.empty() && std::isupper(static_cast<unsigned char>(n[0])) &&
         std::all_of(n.begin(), n.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'; });
}

/// The environment variable an expression reads, syntactically: os.getenv("X"), os.environ["X"],
/// process.env.X, env.X (a validated env object).
std::string env_name_of(const parse::Module& m, parse::ExprId e) {
  if (e == kNone) return "";
  const parse::Expr& x = m.expr(e);
  if (x.kind == ExprKind::kCall && !x.args.empty() && m.expr(x.args[0]).kind == ExprKind::kString) {
    std::string callee = index::chain_text(m, x.a);
    if (callee.find("getenv") != std::string::npos || callee.find("environ.get") != std::string::npos) {
      return m.expr(x.args[0]).text;
    }
  }
  if (x.kind == ExprKind::kIndex && x.b != kNone && m.expr(x.b).kind == ExprKind::kString) {
    if (index::chain_text(m, x.a).find("environ") != std::string::npos) return m.expr(x.b).text;
  }
  if (x.kind == ExprKind::kAttr && index::chain_text(m, x.a) == "process.env") return x.text;
  // A validated env object (t3-env `createEnv`, envalid, a zod-parsed `env`): `env.OPENAI_BASE_URL`
  // names the variable as plainly as `process.env.OPENAI_BASE_URL` does.
  if (x.kind == ExprKind::kAttr && is_env_object(index::chain_text(m, x.a)) && is_env_var_name(x.text)) return x.text;
  if (x.kind == ExprKind::kOr) return env_name_of(m, x.a);
  return "";
}

/// The expression passed for a keyword / object key, or kNone. A dotted key
/// (`configuration.baseURL`) descends through object literals written inline.
parse::ExprId base_url_expr(const index::Ctx& ctx, parse::ExprId call_id, const ArgLoc& loc) {
  const parse::Module& m = *ctx.module;
  std::string rest = loc.key;
  size_t dot = rest.find('.');
  std::string head = rest.substr(0, dot);
  parse::ExprId cur = kNone;
  for (const auto& [k, v] : m.options(m.expr(call_id))) {
    if (k == head) cur = v;
  }
  while (cur != kNone && dot != std::string::npos) {
    rest = rest.substr(dot + 1);
    dot = rest.find('.');
    head = rest.substr(0, dot);
    const parse::Expr& d = m.expr(cur);
    if (d.kind != ExprKind::kDict) return kNone;
    cur = kNone;
    for (const auto& [k, v] : d.kwargs) {
      if (k == head) cur = v;
    }
  }
  return cur;
}

// The constant text of a template literal with each hole as `*`: the host and path of
// `https://gateway.ai.cloudflare.com/v1/${account}/${gateway}/openai` stay visible while its
// ids are run-time values. "" when the expression is not a template.
std::string template_skeleton(const parse::Module& m, parse::ExprId e) {
  if (e == kNone || m.expr(e).kind != ExprKind::kTemplate) return "";
  std::string out;
  for (parse::ExprId p : m.expr(e).args) out += m.expr(p).kind == ExprKind::kString ? m.expr(p).text : "*";
  return out;
}

}  // namespace

bool is_local_url(const std::string& url) {
  std::string u = core::to_lower(url);
  // A single-label host (`http://gpubox:8091`) or an mDNS / internal name is on the team's own
  // network.
  std::string host = url_host(u);
  auto ends = [&](const char* suffix) {
    std::string sfx = suffix;
    return host.size() > sfx.size() && host.compare(host.size() - sfx.size(), sfx.size(), sfx) == 0;
  };
  if (!host.empty() && (host.find('.') == std::string::npos || ends(".local") || ends(".internal") || ends(".lan"))) {
    return true;
  }
  // Loopback, Docker's host alias, private LAN addresses and the usual local server ports.
  for (const char* h : {"localhost", "127.0.0.1", "0.0.0.0", "[::1]", "host.docker.internal", "://10.",
                        "://192.168.", ":11434", "ollama", ":1234/", ":8000/v1", ":8080/v1", "vllm"}) {
    if (u.find(h) != std::string::npos) return true;
  }
  return false;
}

// A self-hosted server client (Ollama, a local model runner) pointed at a host known only at run
// time, or at a literal host the catalog does not list (`http://ollama:11434` in a compose file),
// still talks to that kind of server: the endpoint moves, the vendor does not.
std::string Resolver::self_hosted_stays(const std::string& catalog_provider, std::string p) {
  if (p == "unknown" && catalog_provider == "self_hosted") return catalog_provider;
  return p;
}

std::string Resolver::provider_from_key(const std::vector<ArgLoc>& api_key, const index::Ctx& ctx,
                                        parse::ExprId call, std::string& reason) {
  const parse::Module& m = *ctx.module;
  const parse::Expr& call_expr = m.expr(call);
  for (const ArgLoc& loc : api_key) {
    parse::ExprId arg = kNone;
    for (const auto& [k, v] : m.options(call_expr)) {
      if (k == loc.key) arg = v;
    }
    if (arg == kNone) continue;
    std::string env = env_name_of(m, arg);
    // Through a variable (`key = os.getenv("GEMINI_API_KEY")`), the value still names it.
    if (env.empty()) {
      std::string expr;
      bool present = false;
      for (const auto& v : read_call_arg(ctx, call, loc, expr, present)) {
        if (env.empty()) env = index::env_var_of(v);
      }
    }
    std::string p = env.empty() ? "" : catalog_.provider_for_key_env(env);
    if (!p.empty()) {
      reason = "API key from `" + env + "`";
      return p;
    }
  }
  return "";
}

std::string Resolver::provider_from_locs(const std::vector<ArgLoc>& base_url, const std::vector<ArgLoc>& api_key,
                                         const index::Ctx& ctx, parse::ExprId call, std::string& reason,
                                         bool* from_base_url) {
  // The API key's variable (`GROQ_API_KEY`) names a vendor only where the endpoint is open: a
  // base URL known only at run time, or an SDK without a base URL argument. A client with no
  // base URL sends to its own vendor whatever its key variable is called.
  auto key_provider = [&]() -> std::string { return provider_from_key(api_key, ctx, call, reason); };
  for (const ArgLoc& loc : base_url) {
    std::string expr;
    bool present = false;
    Values vals = read_call_arg(ctx, call, loc, expr, present);
    if (!present) continue;
    if (from_base_url) *from_base_url = true;
    bool has_string = std::any_of(vals.begin(), vals.end(), [](const Value& v) { return v.is_string(); });
    bool all_null = !vals.empty() && std::all_of(vals.begin(), vals.end(), [](const Value& v) {
      return v.kind == Value::Kind::kNull;
    });
    if (!has_string && !all_null) {
      // A template whose constant text names the vendor's host (or a gateway route to it).
      parse::ExprId url_expr = base_url_expr(ctx, call, loc);
      std::string skeleton = template_skeleton(*ctx.module, url_expr);
      if (std::string p = skeleton.empty() ? "" : catalog_.provider_for_host(skeleton); !p.empty()) {
        reason = "base URL `" + skeleton + "`";
        return p;
      }
      // An explicit endpoint known only at run time: the vendor cannot be told — unless the
      // variable is the SDK's own override (OPENAI_BASE_URL), which defaults to the vendor.
      std::string env = env_name_of(*ctx.module, url_expr);
      // Through variables and nested objects (`base_url=BASE` with BASE = os.getenv(...)), the
      // evaluated value still names the variable.
      for (const auto& v : vals) {
        if (env.empty()) env = index::env_var_of(v);
      }
      std::string low = core::to_lower(env);
      if (!env.empty() && (low.find("openai") != std::string::npos || low.find("anthropic") != std::string::npos)) continue;
      std::string p = catalog_.provider_for_key_env(env);
      if (!p.empty()) {
        reason = "base URL from `" + env + "`";
        return p;
      }
      if (std::string k = key_provider(); !k.empty()) return k;
      reason = "the base URL `" + expr + "` is only known at run time";
      return "unknown";
    }
    for (const auto& v : vals) {
      if (!v.is_string()) continue;
      if (is_local_url(v.text)) {
        reason = "base URL `" + v.text + "` is a local server";
        return "self_hosted";
      }
      std::string p = catalog_.provider_for_host(v.text);
      if (!p.empty()) {
        reason = "base URL `" + v.text + "`";
        return p;
      }
      // A literal endpoint of some other vendor (or a gateway) that the catalog does not list:
      // the request does not go to the client's own vendor, and nothing says whose it is.
      if (v.text.find("://") != std::string::npos) {
        reason = "base URL `" + v.text + "` is not a vendor the catalog knows";
        return "unknown";
      }
    }
  }
  return base_url.empty() ? key_provider() : "";
}

std::string Resolver::provider_from_env_base_url(const std::string& sdk_provider, const index::Ctx& ctx, int line,
                                                 std::string& reason) {
  // The variables each vendor's SDKs (and LangChain / LiteLLM wrapping them) read for their
  // endpoint when no base URL argument is given.
  std::vector<const char*> vars;
  if (sdk_provider == "openai") vars = {"OPENAI_BASE_URL", "OPENAI_API_BASE"};
  if (sdk_provider == "anthropic") vars = {"ANTHROPIC_BASE_URL"};
  if (ctx.module == nullptr || ctx.module->language != scan::Language::kPython) return "";
  for (const char* var : vars) {
    std::optional<Values> set;
    for (const char* env : {"os.environ", "environ"}) {
      if (!set) set = eval_.dotted_binding_in(ctx, std::string(env) + "[" + var + "]", line);
    }
    if (!set) continue;
    for (const auto& v : *set) {
      if (!v.is_string()) continue;
      std::string p = is_local_url(v.text) ? "self_hosted" : catalog_.provider_for_host(v.text);
      // Another vendor's or a gateway's literal endpoint the catalog does not list.
      if (p.empty() && v.text.find("://") != std::string::npos) p = "unknown";
      if (p.empty()) continue;
      reason = "`" + std::string(var) + "` is set to " + v.text + " in the code";
      return p;
    }
  }
  return "";
}

std::string Resolver::client_provider(const detect::Callable* client, const Value& obj, std::string& reason) {
  if (obj.ctor != kNone) {
    std::string p = self_hosted_stays(client->provider, provider_from_locs(client->base_url, client->api_key, obj.ctor_ctx, obj.ctor, reason));
    if (p.empty()) {
      int line = obj.ctor_ctx.module ? obj.ctor_ctx.module->expr(obj.ctor).span.start_line : 0;
      p = provider_from_env_base_url(client->provider, obj.ctor_ctx, line, reason);
    }
    if (!p.empty()) return p;
  }
  reason = "client `" + obj.text + "`";
  return client->provider;
}

}  // namespace llmspend::resolve

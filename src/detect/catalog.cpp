#include "detect/catalog.h"

#include <algorithm>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/embedded.h"
#include "core/strings.h"

namespace llmspend::core {
std::span<const EmbeddedFile> embedded_catalog();
}

namespace llmspend::detect {
namespace {

using nlohmann::json;

std::optional<ArgLoc> parse_plain(std::string_view t, ArgLoc loc) {
  if (t.empty()) return std::nullopt;
  if (t.front() == '#') {
    size_t dot = t.find('.');
    std::string num(t.substr(1, dot == std::string_view::npos ? std::string_view::npos : dot - 1));
    if (num.empty() || !std::all_of(num.begin(), num.end(), ::isdigit)) return std::nullopt;
    loc.pos = std::stoi(num);
    if (dot != std::string_view::npos) loc.key = std::string(t.substr(dot + 1));
    return loc;
  }
  loc.key = std::string(t);
  return loc;
}

/// Checks that `obj` has only `allowed` keys; the error names the pointer and the closest key.
core::Result<bool> check_keys(const json& obj, const std::string& pointer,
                              const std::vector<std::string>& allowed) {
  if (!obj.is_object()) return core::Error{fmt::format("{}: expected an object", pointer)};
  for (const auto& [k, v] : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string hint = core::closest(k, allowed);
    return core::Error{fmt::format("{}/{}: unknown key{}", pointer, k,
                                   hint.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", hint))};
  }
  return true;
}

std::vector<std::string> strings(const json& obj, const char* key) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const auto& s : *it) {
      if (s.is_string()) out.push_back(s.get<std::string>());
    }
  }
  return out;
}

core::Result<std::vector<ArgLoc>> locs(const json& obj, const char* key, const std::string& ptr) {
  std::vector<ArgLoc> out;
  for (const auto& s : strings(obj, key)) {
    auto loc = ArgLoc::parse(s);
    if (!loc) return core::Error{fmt::format("{}/{}: cannot read argument locator \"{}\"", ptr, key, s)};
    out.push_back(*loc);
  }
  return out;
}

const std::vector<std::string> kCallableKeys = {
    "role", "symbols", "names", "packages", "provider", "api", "billable", "model", "base_url",
    "api_key", "client", "provider_arg", "azure_args", "routing", "default_model", "instance_factory", "request_api", "comment"};
const std::vector<std::string> kMethodKeys = {"path", "paths", "api", "default_model", "billable", "unambiguous",
                                               "model", "routing", "provider", "comment"};

core::Result<Callable> read_callable(const json& j, const std::string& sdk, const std::string& ptr) {
  if (auto ok = check_keys(j, ptr, kCallableKeys); !ok) return ok.error();
  Callable c;
  c.sdk = sdk;
  std::string role = j.value("role", "site");
  if (role == "client") c.role = Callable::Role::kClient;
  else if (role == "site") c.role = Callable::Role::kSite;
  else if (role == "model_factory") c.role = Callable::Role::kModelFactory;
  else if (role == "passthrough") c.role = Callable::Role::kPassthrough;
  else if (role == "model_constant") c.role = Callable::Role::kModelConstant;
  else return core::Error{fmt::format("{}/role: unknown role \"{}\" (client, site, model_factory, passthrough, model_constant)", ptr, role)};
  c.symbols = strings(j, "symbols");
  c.names = strings(j, "names");
  c.packages = strings(j, "packages");
  c.provider = j.value("provider", "");
  c.api = j.value("api", "chat");
  c.billable = j.value("billable", true);
  c.routing = j.value("routing", "");
  c.default_model = j.value("default_model", "");
  c.instance_factory = j.value("instance_factory", false);
  c.request_api = j.value("request_api", "");
  for (auto [key, dst] : {std::pair{"model", &c.model}, std::pair{"base_url", &c.base_url},
                          std::pair{"api_key", &c.api_key}, std::pair{"client", &c.client},
                          std::pair{"provider_arg", &c.provider_arg}, std::pair{"azure_args", &c.azure_args}}) {
    auto r = locs(j, key, ptr);
    if (!r) return r.error();
    *dst = std::move(*r);
  }
  return c;
}

std::vector<HostRule> host_rules(const json& doc, const char* key, const char* field) {
  std::vector<HostRule> out;
  if (auto it = doc.find(key); it != doc.end() && it->is_array()) {
    for (const auto& r : *it) out.push_back({r.value(field, ""), r.value("provider", "")});
  }
  return out;
}

}  // namespace

std::optional<ArgLoc> ArgLoc::parse(const std::string& text) {
  ArgLoc loc;
  std::string_view t = text;
  if (t.rfind("ctor:", 0) == 0) {
    loc.from = From::kCtor;
    t.remove_prefix(5);
  } else if (t.rfind("step:", 0) == 0) {
    loc.from = From::kStep;
    t.remove_prefix(5);
    size_t colon = t.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    loc.step = std::string(t.substr(0, colon));
    t.remove_prefix(colon + 1);
  }
  return parse_plain(t, loc);
}

core::Result<bool> Catalog::add_json(const std::string& text, const std::string& origin) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return core::Error{fmt::format("{}: not valid JSON", origin)};
  if (auto ok = check_keys(doc, origin + ":", {"sdks", "transparent_steps", "hosts", "key_envs",
                                               "route_prefixes", "model_owners", "gateways", "comment"}); !ok) {
    return ok.error();
  }
  for (auto& s : strings(doc, "transparent_steps")) transparent_steps.push_back(s);
  for (auto& h : host_rules(doc, "hosts", "contains")) hosts.push_back(h);
  for (auto& h : host_rules(doc, "key_envs", "contains")) key_envs.push_back(h);
  for (auto& h : host_rules(doc, "model_owners", "prefix")) model_owners.push_back(h);
  if (auto it = doc.find("gateways"); it != doc.end() && it->is_array()) {
    for (const auto& g : *it) {
      GatewayRoute r{g.value("host", ""), g.value("segment", size_t{0}), {}};
      if (auto ps = g.find("providers"); ps != g.end() && ps->is_object()) {
        for (auto& [k, v] : ps->items()) r.providers[k] = v.get<std::string>();
      }
      gateways.push_back(std::move(r));
    }
  }
  if (auto it = doc.find("route_prefixes"); it != doc.end() && it->is_object()) {
    for (auto& [k, v] : it->items()) route_prefixes[k] = v.get<std::string>();
  }
  auto sdks = doc.find("sdks");
  if (sdks == doc.end()) return true;
  for (size_t i = 0; i < sdks->size(); ++i) {
    const json& s = (*sdks)[i];
    std::string ptr = fmt::format("{}:/sdks/{}", origin, i);
    if (auto ok = check_keys(s, ptr, {"id", "language", "markers", "callables", "methods",
                                      "module_clients", "comment"}); !ok) {
      return ok.error();
    }
    std::string id = s.value("id", "");
    for (auto& m : strings(s, "markers")) {
      markers.push_back(m);
      sdk_markers.push_back(m);
    }
    if (auto mc = s.find("module_clients"); mc != s.end()) {
      for (auto& [k, v] : mc->items()) module_clients[k] = v.get<std::string>();
    }
    if (auto cs = s.find("callables"); cs != s.end()) {
      for (size_t k = 0; k < cs->size(); ++k) {
        auto c = read_callable((*cs)[k], id, fmt::format("{}/callables/{}", ptr, k));
        if (!c) return c.error();
        c->js = s.value("language", "python") != "python";
        callables.push_back(std::move(*c));
      }
    }
    if (auto ms = s.find("methods"); ms != s.end()) {
      for (size_t k = 0; k < ms->size(); ++k) {
        const json& mj = (*ms)[k];
        std::string mptr = fmt::format("{}/methods/{}", ptr, k);
        if (auto ok = check_keys(mj, mptr, kMethodKeys); !ok) return ok.error();
        auto model = locs(mj, "model", mptr);
        if (!model) return model.error();
        for (const auto& path : strings(mj, mj.contains("paths") ? "paths" : "path")) {
          Method m;
          m.sdk = id;
          m.path = path;
          m.api = mj.value("api", "chat");
          m.billable = mj.value("billable", true);
          m.unambiguous = mj.value("unambiguous", false);
          m.model = *model;
          m.routing = mj.value("routing", "");
          m.provider = mj.value("provider", "");
          m.default_model = mj.value("default_model", "");
          methods.push_back(std::move(m));
        }
      }
    }
  }
  return true;
}

namespace {

std::string re_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".()[]{}*+?^$|\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

/// A prefilter marker for a method path: its last two segments ("completions.create"), so files
/// that only use a client imported from elsewhere are still parsed.
std::string method_marker(const std::string& path) {
  std::vector<std::string> segs;
  for (auto seg : core::split(path, '.')) {
    std::string s(seg);
    if (s.size() > 2 && s.compare(s.size() - 2, 2, "()") == 0) s.resize(s.size() - 2);
    segs.push_back(s);
  }
  if (segs.size() >= 2) return re_escape(segs[segs.size() - 2]) + "\\s*\\.\\s*" + re_escape(segs.back());
  // A lone generic method name (`.run(`, `.chat(`, `.embed(`) matches half of all code: such SDKs
  // are recognised by their import markers instead. Distinctive names (`generate_content`,
  // `invoke_model`, `chatStream`) still mark a file.
  const std::string& name = segs.back();
  bool distinctive = name.find('_') != std::string::npos || name.size() >= 10 ||
                     std::any_of(name.begin(), name.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  if (!distinctive) return "";
  return "\\." + re_escape(name) + "\\(";
}

}  // namespace

void Catalog::build_indexes() {
  by_symbol_.clear();
  by_name_.clear();
  methods_by_path_.clear();
  interesting.clear();
  js_modules_.clear();
  for (size_t i = 0; i < callables.size(); ++i) {
    if (callables[i].js) {
      for (const auto& s : callables[i].symbols) js_modules_.insert(s.substr(0, s.find(':')));
      for (const auto& p : callables[i].packages) js_modules_.insert(p);
    }
    for (const auto& s : callables[i].symbols) {
      by_symbol_[s] = i;
      size_t cut = s.find_last_of(".:");
      interesting.insert(cut == std::string::npos ? s : s.substr(cut + 1));
    }
    for (const auto& n : callables[i].names) {
      by_name_[n].push_back(i);
      interesting.insert(n);
    }
  }
  std::unordered_set<std::string> seen(markers.begin(), markers.end());
  for (const auto& m : methods) {
    std::string marker = method_marker(m.path);
    if (!marker.empty() && seen.insert(marker).second) markers.push_back(marker);
  }
  for (const auto& c : callables) {
    for (const auto& n : c.names) {
      // Only class-like names (ChatOpenAI, ConverseCommand, init_chat_model) mark a file; short or
      // generic ones (chat, image, Agent) would match half of all code.
      bool camel = n.size() >= 6 && std::any_of(n.begin() + 1, n.end(), [](char ch) { return std::isupper(static_cast<unsigned char>(ch)); });
      bool snake = n.size() >= 8 && n.find('_') != std::string::npos;
      if (!camel && !snake) continue;
      std::string marker = "\\b" + re_escape(n) + "\\b";
      if (seen.insert(marker).second) markers.push_back(marker);
    }
  }
  std::unordered_set<std::string> js_sdks;
  for (const auto& c : callables) {
    if (c.js) js_sdks.insert(c.sdk);
  }
  for (auto& m : methods) m.js = js_sdks.count(m.sdk) > 0;
  for (size_t i = 0; i < methods.size(); ++i) {
    methods_by_path_[methods[i].sdk + "|" + methods[i].path].push_back(i);
    std::string last = methods[i].path.substr(methods[i].path.find_last_of('.') == std::string::npos
                                                  ? 0 : methods[i].path.find_last_of('.') + 1);
    interesting.insert(last);
  }
}

core::Result<Catalog> Catalog::load(const std::vector<std::string>& extra) {
  Catalog c;
  for (const auto& f : core::embedded_catalog()) {
    if (auto ok = c.add_json(std::string(f.data), std::string(f.path)); !ok) return ok.error();
  }
  for (size_t i = 0; i < extra.size(); ++i) {
    if (auto ok = c.add_json(extra[i], fmt::format("--catalog #{}", i + 1)); !ok) return ok.error();
  }
  c.build_indexes();
  return c;
}

const Callable* Catalog::match_callable(const std::string& q) const {
  if (auto it = by_symbol_.find(q); it != by_symbol_.end()) return &callables[it->second];
  size_t cut = q.find_last_of(".:");
  std::string last = cut == std::string::npos ? q : q.substr(cut + 1);
  auto it = by_name_.find(last);
  if (it == by_name_.end()) return nullptr;
  // Loose match: the symbol's package (Python top-level package or npm module) is listed.
  size_t colon = q.find(':');
  std::string pkg = colon != std::string::npos ? q.substr(0, colon) : q.substr(0, q.find('.'));
  for (size_t i : it->second) {
    if (callables[i].js != (colon != std::string::npos)) continue;  // JS symbols are module:export
    for (const auto& p : callables[i].packages) {
      if (pkg == p || (colon != std::string::npos && pkg.rfind(p + "/", 0) == 0)) return &callables[i];
    }
  }
  return nullptr;
}

bool Catalog::knows_js_module(const std::string& module) const {
  if (js_modules_.count(module)) return true;
  // A subpath (`openai/resources/chat`) belongs to its package.
  for (size_t slash = module.find('/'); slash != std::string::npos; slash = module.find('/', slash + 1)) {
    if (js_modules_.count(module.substr(0, slash))) return true;
  }
  return false;
}

std::string Catalog::unbound_framework_symbol(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return "";
  for (const auto& [sym, i] : by_symbol_) {
    if (callables[i].js) continue;
    size_t cut = sym.find_last_of(".:");
    if (sym.compare(cut == std::string::npos ? 0 : cut + 1, std::string::npos, name) == 0) return "";
  }
  const Callable* first = nullptr;
  for (size_t i : it->second) {
    const Callable& c = callables[i];
    if (c.js) continue;  // LangChain.js shares the class names; this is for Python files
    if (c.role != Callable::Role::kSite || c.sdk != "langchain" || c.provider.empty() || c.packages.empty() ||
        (first && c.provider != first->provider)) {
      return "";
    }
    if (!first) first = &c;
  }
  return first ? first->packages.front() + "." + name : "";
}

std::vector<const Method*> Catalog::methods_for(const std::string& sdk, const std::string& path) const {
  std::vector<const Method*> out;
  if (auto it = methods_by_path_.find(sdk + "|" + path); it != methods_by_path_.end()) {
    for (size_t i : it->second) out.push_back(&methods[i]);
  }
  return out;
}

std::vector<const Method*> Catalog::unambiguous_methods(const std::string& chain, bool js) const {
  std::vector<const Method*> out;
  for (const auto& m : methods) {
    if (!m.unambiguous || m.js != js || chain.size() < m.path.size()) continue;
    if (chain.compare(chain.size() - m.path.size(), m.path.size(), m.path) != 0) continue;
    if (chain.size() == m.path.size() || chain[chain.size() - m.path.size() - 1] == '.') out.push_back(&m);
  }
  return out;
}

std::string Catalog::provider_for_host(const std::string& url) const {
  std::string u = core::to_lower(url);
  for (const auto& g : gateways) {
    size_t at = u.find(g.host);
    if (at == std::string::npos) continue;
    // Path segments after the host: "/v1/acct/gw/openai/chat" -> v1, acct, gw, openai, chat.
    std::vector<std::string> segs;
    std::string cur;
    for (size_t i = at + g.host.size(); i <= u.size(); ++i) {
      if (i == u.size() || u[i] == '/' || u[i] == '?') {
        if (!cur.empty()) segs.push_back(cur);
        cur.clear();
        if (i < u.size() && u[i] == '?') break;
      } else {
        cur += u[i];
      }
    }
    if (g.segment < segs.size()) {
      if (auto it = g.providers.find(segs[g.segment]); it != g.providers.end()) return it->second;
    }
    return "unknown";
  }
  for (const auto& h : hosts) {
    if (u.find(h.contains) != std::string::npos) return h.provider;
  }
  return "";
}

std::string Catalog::provider_for_key_env(const std::string& env) const {
  for (const auto& h : key_envs) {
    if (env.find(h.contains) != std::string::npos) return h.provider;
  }
  return "";
}

std::string Catalog::owner_of_model(const std::string& model) const {
  std::string m = core::to_lower(model);
  for (const auto& h : model_owners) {
    if (m.rfind(h.contains, 0) == 0) return h.provider;
  }
  return "";
}

}  // namespace llmspend::detect

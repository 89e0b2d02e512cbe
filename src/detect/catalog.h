#pragma once
/// The SDK catalog: which third-party symbols are clients, which calls are billable requests,
/// which arguments carry the model, and how base URLs and routing prefixes map to providers.
/// It is data (`src/detect/catalog/*.json`, embedded at build time; a user's `--catalog` file is
/// loaded by the same code and overrides entries with the same id), so adding an SDK method or a
/// framework class is a JSON edit. See docs/catalog.md for the format.
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.h"

namespace llmspend::detect {

/// Where a value (model, base URL…) is read from. Syntax in the JSON:
///   "model"          keyword argument `model` (Python) / key `model` of the first object argument (JS)
///   "#0"             positional argument 0
///   "#1.model"       key `model` of positional argument 1
///   "ctor:<loc>"     the same, on the call that constructed the receiver object
///   "step:<name>:<loc>"  on the call step `<name>(...)` in the receiver's history (chats.create)
struct ArgLoc {
  enum class From : uint8_t { kArgs, kCtor, kStep };
  From from = From::kArgs;
  std::string step;
  int pos = -1;          ///< positional index, -1 = by key
  std::string key;       ///< keyword / object key ("" = the positional value itself)
  static std::optional<ArgLoc> parse(const std::string& text);
};

/// A third-party callable: a client class, a request function, a framework class whose
/// construction binds a model (and is the site), a model factory, or a wrapper that returns the
/// client it is given, or an exported constant that stands for one model (Genkit's
/// `gemini15Flash`: `default_model` is the id it sends).
struct Callable {
  enum class Role : uint8_t { kClient, kSite, kModelFactory, kPassthrough, kModelConstant };
  Role role = Role::kSite;
  std::string sdk;
  bool js = false;                    ///< a JS/TS entry (symbols are `module:export`)
  std::vector<std::string> symbols;   ///< exact: "openai.OpenAI", "openai:AzureOpenAI", "ai:generateText"
  std::vector<std::string> names;     ///< loose: last segment, with `packages`
  std::vector<std::string> packages;  ///< top-level package / npm module prefixes for `names`
  std::string provider;               ///< fixed provider ("" = decided by arguments / model)
  std::string api;
  bool billable = true;
  std::vector<ArgLoc> model;          ///< alternatives, first that yields a value wins
  std::vector<ArgLoc> base_url;
  std::vector<ArgLoc> api_key;
  std::vector<ArgLoc> client;         ///< argument holding a client object (provider from it)
  std::vector<ArgLoc> provider_arg;   ///< argument naming the provider (`model_provider=`)
  std::vector<ArgLoc> azure_args;     ///< arguments only Azure deployments take: passing one sends to Azure
  std::string routing;                ///< how a model string names its provider: slash|colon|gateway|""
  std::string default_model;          ///< the SDK's default when the model argument is absent
  bool instance_factory = false;      ///< kModelFactory: calling the created object yields models
  std::string request_api;            ///< kModelFactory: the API its model object sends requests to
                                      ///< (overrides the site's, e.g. chat for a chat-completions model)
};

/// A request method reachable from a client object: `chat.completions.create`.
struct Method {
  std::string sdk;
  std::string path;                   ///< steps from the client, "()" marks a call step
  std::string api;
  bool billable = true;
  bool unambiguous = false;           ///< a site even on an object of unknown origin
  bool js = false;                    ///< a JS/TS SDK's method (from its SDK's callables)
  std::vector<ArgLoc> model;
  std::string routing;
  std::string provider;               ///< overrides the client's provider (rare)
  std::string default_model;          ///< the endpoint's default when no model is passed
};

struct HostRule {
  std::string contains;               ///< substring of the base URL
  std::string provider;
};

/// A gateway host whose URL path names the vendor it forwards to: Cloudflare AI Gateway
/// `https://gateway.ai.cloudflare.com/v1/{account}/{gateway}/{vendor}`.
struct GatewayRoute {
  std::string host;
  size_t segment = 0;                 ///< index of the vendor among the path segments
  std::unordered_map<std::string, std::string> providers;  ///< path segment -> provider
};

struct Catalog {
  std::vector<Callable> callables;
  std::vector<Method> methods;
  std::unordered_map<std::string, std::string> module_clients;  ///< "openai" -> client symbol
  std::vector<std::string> transparent_steps;  ///< with_raw_response, with_streaming_response …
  std::vector<HostRule> hosts;                 ///< base URL → provider
  std::vector<GatewayRoute> gateways;          ///< gateway hosts routing by path
  std::vector<HostRule> key_envs;              ///< api-key env var name → provider
  std::unordered_map<std::string, std::string> route_prefixes;  ///< "gemini" -> "google"
  std::vector<HostRule> model_owners;          ///< model-name prefix → provider
  std::vector<std::string> markers;            ///< prefilter patterns (RE2)
  /// The markers an SDK entry gives for itself (its package and import forms, its client class),
  /// as opposed to those derived from its method and class names: a file matching one of these
  /// is where the SDK's values can start (see ProjectIndex::mark_sdk_files).
  std::vector<std::string> sdk_markers;
  std::unordered_set<std::string> interesting; ///< callee terminal names worth evaluating

  /// The embedded catalog, plus `extra_json` files (a user's `--catalog`) when given.
  static core::Result<Catalog> load(const std::vector<std::string>& extra_json_texts);

  const Callable* match_callable(const std::string& qualified) const;
  std::vector<const Method*> methods_for(const std::string& sdk, const std::string& path) const;
  /// Methods that are sites on any receiver whose chain ends in their path, of JS/TS SDKs when
  /// `js`, else of Python SDKs.
  std::vector<const Method*> unambiguous_methods(const std::string& path_suffix_source, bool js) const;
  /// The symbol (`langchain_openai.ChatOpenAI`) for a LangChain class name used without any
  /// import or definition in its file (a notebook whose import cell was deleted): only when
  /// every catalog entry of that name is a LangChain site of one provider and no client or other
  /// framework shares the name. "" otherwise.
  std::string unbound_framework_symbol(const std::string& name) const;
  /// The vendor a base URL sends to: a gateway's path segment, else the first host rule that
  /// matches; "" when none does. A gateway path naming no listed vendor is "unknown".
  std::string provider_for_host(const std::string& url) const;
  std::string provider_for_key_env(const std::string& env) const;
  std::string owner_of_model(const std::string& model) const;
  /// Whether an npm module (`hono`, `@openrouter/sdk`, `openai/resources`) is one that a JS entry
  /// of the catalog names, as a symbol's module or a listed package (or a subpath of one).
  bool knows_js_module(const std::string& module) const;

 private:
  std::unordered_map<std::string, size_t> by_symbol_;
  std::unordered_map<std::string, std::vector<size_t>> by_name_;
  std::unordered_map<std::string, std::vector<size_t>> methods_by_path_;
  std::unordered_set<std::string> js_modules_;  ///< modules of JS symbols and packages
  void build_indexes();
  core::Result<bool> add_json(const std::string& text, const std::string& origin);
};

}  // namespace llmspend::detect

#pragma once
/// Resolution: turns a Detection into a ResolvedSite — the model (a value, a candidate set, or
/// unresolved with the reason), where it came from (`model_source`, `model_origin`), and the
/// provider, decided by client provenance: routing prefixes in the model string, model
/// factories (Vercel AI SDK), the client's `base_url`/`baseURL` or API-key variable, the client
/// class, and only then the owner of a model name for SDKs that route by name (LiteLLM).
/// Nothing is guessed: a model the evaluator cannot pin down is reported unresolved.
#include "detect/detector.h"
#include "resolve/resolved_site.h"

namespace llmspend::resolve {

/// A URL on the team's own machine or network (loopback, LAN, Docker host, usual local ports).
bool is_local_url(const std::string& url);

class Resolver {
 public:
  Resolver(const detect::Catalog& catalog, index::Evaluator& eval) : catalog_(catalog), eval_(eval) {}

  ResolvedSite resolve(const detect::Detection& d);

 private:
  struct Candidate {
    std::string model;
    std::string provider;        ///< "" = decided by the client
    std::string provider_reason;
    index::Source source = index::Source::kLiteral;
    std::string origin_path;
    int origin_line = 0;
    std::string api;             ///< set when the model object names the API (openai.embedding)
    std::vector<index::TraceStep> trace;
  };
  struct ModelResult {
    std::vector<Candidate> candidates;
    std::string reason;          ///< why nothing was found
    std::string expr_text;
    bool present = false;        ///< some locator matched an argument
    /// The vendor a model factory fixes even when its model id is unknown (`openai(modelId)`).
    std::string factory_provider;
    std::string factory_provider_reason;
  };

  ModelResult find_model(const detect::Detection& d);
  index::Values read_loc(const detect::Detection& d, const detect::ArgLoc& loc, std::string& expr_text,
                         bool& present);
  index::Values read_call_arg(const index::Ctx& ctx, parse::ExprId call, const detect::ArgLoc& loc,
                              std::string& expr_text, bool& present);
  void candidates_from(const index::Values& vals, const std::string& routing, ModelResult& out, int depth);
  bool from_factory(const index::Value& v, ModelResult& out, int depth);
  bool from_constant(const index::Value& v, ModelResult& out);
  bool from_registry(const index::Value& v, ModelResult& out, int depth);
  index::Values router_deployments(const index::Value& router, index::Values aliases);
  bool splats_unknown_mapping(const detect::Detection& d);
  bool unwrap_model(const index::Value& v, const std::string& routing, ModelResult& out, int depth);
  void apply_routing(Candidate& c, const std::string& routing) const;
  std::string client_provider(const detect::Callable* client, const index::Value& obj, std::string& reason);
  /// A self-hosted server client keeps `self_hosted` where the endpoint alone says `unknown`.
  static std::string self_hosted_stays(const std::string& catalog_provider, std::string p);
  /// The vendor an API key's environment variable names (`api_key=os.getenv("GROQ_API_KEY")`), or "".
  std::string provider_from_key(const std::vector<detect::ArgLoc>& api_key, const index::Ctx& ctx,
                                parse::ExprId call, std::string& reason);
  std::string provider_from_locs(const std::vector<detect::ArgLoc>& base_url,
                                 const std::vector<detect::ArgLoc>& api_key, const index::Ctx& ctx,
                                 parse::ExprId call, std::string& reason, bool* from_base_url = nullptr);
  /// The vendor of an endpoint the code itself sets through the SDK's own environment variable
  /// (`os.environ["OPENAI_BASE_URL"] = "http://localhost:1234/v1"`) before `ctx`'s line, or "".
  std::string provider_from_env_base_url(const std::string& sdk_provider, const index::Ctx& ctx, int line,
                                         std::string& reason);
  void fill_cost_facts(const detect::Detection& d, ResolvedSite& s);
  void fill_reasoning_and_units(const detect::Detection& d, ResolvedSite& s);
  std::optional<index::Value> constant_arg(const detect::Detection& d, std::initializer_list<const char*> keys,
                                           index::Value::Kind kind);
  int fan_out(const detect::Detection& d);

  const detect::Catalog& catalog_;
  index::Evaluator& eval_;
};

}  // namespace llmspend::resolve

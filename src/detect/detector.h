#pragma once
/// The detector: which calls in a module are billable model requests, by what SDK and API.
///
/// Every call whose callee name appears in the catalog is evaluated (index::Evaluator) to learn
/// what it really is: a method reached from a client object (`self.client.chat.completions
/// .create` where `self.client = OpenAI(...)` in another file), a request function
/// (`litellm.completion`), or a framework construction that binds a model (`ChatOpenAI(...)`).
/// Imports alone never make a site, and a file importing two SDKs cannot double count because a
/// call yields at most one detection. A method on an object of unknown origin is a site only
/// when the catalog marks its chain unambiguous (`.chat.completions.create`).
#include <string>
#include <vector>

#include "detect/catalog.h"
#include "index/evaluator.h"

namespace llmspend::detect {

struct Detection {
  const parse::Module* module = nullptr;
  int32_t record = parse::kNone;     ///< index into module->calls
  parse::ExprId call = parse::kNone;
  index::Ctx ctx;                    ///< where the call's arguments are evaluated
  std::string sdk;
  std::string api;
  bool billable = true;
  const Callable* callable = nullptr;  ///< function / construction sites
  const Method* method = nullptr;      ///< method sites
  const Callable* client = nullptr;    ///< the receiver's client entry (method sites)
  index::Value receiver;               ///< the client object the method was reached from
  /// Other client objects (of the same method vocabulary) the method may be reached from (a factory returning
  /// differently configured clients): their endpoints may name other vendors.
  std::vector<index::Value> other_receivers;
  /// The client entry of each of other_receivers (`AzureOpenAI` beside `OpenAI`).
  std::vector<const Callable*> other_clients;
  bool unknown_receiver = false;
  /// The callee is one of several SDK classes/functions chosen at run time (`BACKENDS[name](...)`)
  /// whose vendors differ: their fixed providers, in order.
  std::vector<std::string> vendor_choices;
  std::string callee;                  ///< normalised callee text for the site id
};

class Detector {
 public:
  Detector(const Catalog& catalog, index::Evaluator& eval) : catalog_(catalog), eval_(eval) {}

  /// Every site in `m`, in source order.
  std::vector<Detection> detect(const parse::Module& m);

 private:
  bool detect_call(const parse::Module& m, int32_t record, Detection& out);
  bool match_value(const index::Value& v, Detection& out);
  bool match_method(const index::Value& obj, Detection& out);
  bool match_callees(const parse::Module& m, const parse::Expr& call, const index::Values& callees, Detection& out);
  bool opaque_receiver(const parse::Module& m, const index::Value& v) const;
  bool match_unknown_receiver(const parse::Module& m, parse::ExprId callee, Detection& out);
  /// The SDK method an unknown receiver's call chain names unambiguously, or nullptr.
  const Method* unknown_receiver_method(const parse::Module& m, parse::ExprId callee) const;
  std::vector<index::Value> unwrap(const index::Value& obj, int depth = 0);
  std::string step_path(const std::vector<index::Step>& steps) const;
  bool string_model_present(const Detection& d);

  const Catalog& catalog_;
  index::Evaluator& eval_;
};

}  // namespace llmspend::detect

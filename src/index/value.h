#pragma once
/// Abstract values of the value-flow evaluator. A model argument evaluates to a set of these:
/// strings (with the step that supplied them), references to third-party symbols and objects
/// built from them (SDK clients with their construction arguments), project modules, functions,
/// classes and instances, container literals, or "unknown" with a reason.
#include <memory>
#include <string>
#include <vector>

#include "parse/ir.h"

namespace llmspend::index {

/// Where a string came from, in CONTRACT's `model_source` vocabulary. Declared in increasing
/// priority: when a value passes through several steps, the highest one labels it.
enum class Source : uint8_t {
  kLiteral,
  kSameFileConstant,
  kCrossFileConstant,
  kConfigObject,
  kClassField,
  kTemplate,
  kDefaultParam,
  kCallArgument,
  kEnvFile,
  kEnvDefault,
};
const char* source_name(Source s);

struct Frame;
using FramePtr = std::shared_ptr<const Frame>;

/// Where an expression is evaluated: its module, its scope and, inside a function analysed for
/// one particular call, the frame binding the parameters to that call's arguments.
struct Ctx {
  const parse::Module* module = nullptr;
  parse::ScopeId scope = 0;
  FramePtr frame;
};

/// One call of a project function: parameters of `function` read the arguments of `call`.
struct Frame {
  const parse::Module* module = nullptr;  ///< module of the callee function
  int32_t function = parse::kNone;
  parse::ExprId call = parse::kNone;      ///< the call expression, in caller.module
  Ctx caller;
  int skip_positional = 0;                ///< 1 for methods called on an instance / constructors
};

/// A step in an object's history: `.chat`, `.completions`, `start_chat()` — with the call when
/// the step was a call, so bound arguments (e.g. `chats.create(model=...)`) can be read later.
struct Step {
  std::string name;
  parse::ExprId call = parse::kNone;  ///< kNone for attribute steps
  Ctx ctx;                            ///< where the call's arguments are evaluated
};

/// One step a string took on its way to the question, for `explain`: what was followed and where.
struct TraceStep {
  std::string what;
  std::string path;
  int line = 0;
};

struct Value {
  enum class Kind : uint8_t {
    kString,
    kNumber,
    kExternal,   ///< third-party symbol: text = "openai.OpenAI" / "@ai-sdk/openai:createOpenAI"
    kObject,     ///< result of calling an external symbol (text) then `steps`
    kInstance,   ///< instance of a project class (module, index) built by `ctor`
    kModule,     ///< a project module (module)
    kFunction,   ///< a project function (module, index)
    kClass,      ///< a project class (module, index)
    kDict,       ///< a dict/object literal or `dict(...)` call: expr in ctx
    kList,       ///< a list/tuple/array literal: expr in ctx
    kNull,
    kBool,       ///< text = "true" / "false" (a flag's default deciding an `if` test)
    kUnknown,    ///< text = reason
  };
  Kind kind = Kind::kUnknown;
  std::string text;
  const parse::Module* module = nullptr;
  int32_t index = parse::kNone;
  parse::ExprId expr = parse::kNone;
  Ctx ctx;
  std::vector<Step> steps;                ///< kObject: steps after the construction
  parse::ExprId ctor = parse::kNone;      ///< kObject / kInstance: the constructing call
  Ctx ctor_ctx;
  FramePtr ctor_frame;                    ///< kInstance: frame binding __init__ to the ctor call
  Source source = Source::kLiteral;
  std::string origin_path;
  int origin_line = 0;
  bool env_backed = false;                ///< the value is a fallback for an environment variable
  bool element = false;                   ///< stands for every element of `xs.map(fn)`
  /// kDict whose keys map to the values allowed for them (AutoGen's filter_dict): a key reads
  /// as the elements of its list.
  bool allowed = false;
  /// The steps from the question to where the value is written, outermost first.
  std::vector<TraceStep> trace;
  bool absolute = false;                  ///< kModule bound by an absolute Python `import a.b` (text = "a.b")

  bool is_string() const { return kind == Kind::kString; }
};

using Values = std::vector<Value>;

Value unknown(std::string reason);

/// The environment variable an unknown value stands for (`os.getenv("X")` without a default,
/// however many assignments away), or "".
std::string env_var_of(const Value& v);

/// True when some value is known (neither unknown nor null/None/undefined).
inline bool has_concrete(const Values& vals) {
  for (const auto& v : vals) {
    if (v.kind != Value::Kind::kUnknown && v.kind != Value::Kind::kNull) return true;
  }
  return false;
}

}  // namespace llmspend::index

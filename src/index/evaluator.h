#pragma once
/// The value-flow evaluator: project-wide constant propagation on demand.
///
/// What is propagated: strings (literals, constants, f-strings/templates and `+` of constants),
/// container literals and lookups into them, imports across project modules (Python packages and
/// relative imports, ES modules, CommonJS, tsconfig paths), class fields (`self.x`/`this.x`,
/// class bodies, dataclass/pydantic defaults and the arguments of the construction), function
/// parameters (defaults, and the arguments of up to two levels of callers), function returns,
/// environment reads (`os.getenv`, `process.env`) with their literal fallbacks or `.env*` values,
/// `or`/`??`/`||` fallbacks and conditionals (candidate sets), loop variables over constant
/// collections, and third-party symbols and the objects built from them (so a detector can see
/// that `self.client` is an `openai.OpenAI(base_url=...)`).
///
/// What is not: mutation after construction (`d["k"] = v`, `list.append`), values computed by
/// third-party code, reflection, and anything past the step/depth budget — each of these yields
/// an `unknown` value with a reason rather than a guess. Evaluation is demand-driven (only the
/// expressions a detector asks about) and memoised per expression.
#include <climits>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "index/project_index.h"
#include "index/value.h"

namespace llmspend::index {

class Evaluator {
 public:
  explicit Evaluator(ProjectIndex& index) : index_(index) {}

  /// Values of expression `e` evaluated in `ctx`. Resets the per-query budget.
  Values evaluate(const Ctx& ctx, parse::ExprId e);
  /// Values of `v.name` (attribute / member access), within the current query's budget.
  Values member_of(const Value& v, const std::string& name) { return member(v, name); }
  /// Like member_of, but a key of a dict literal is read as part of the call's own arguments
  /// (no `config_object` label): `requests[0].params.model` written inline at the call.
  /// An SDK object read this way gives its construction argument: `provider.base_url` of
  /// `provider=OpenAIProvider(base_url=...)`.
  Values argument_member(const Value& v, const std::string& name);
  /// Every element of a list/tuple/array literal value, evaluated (empty for other values).
  Values elements_of(const Value& list);
  Values appended_elements(const Value& list);
  Values allowed_values(Values vals);
  /// Values of a keyword argument or object-argument key of a call.
  Values eval_in(const Ctx& ctx, parse::ExprId e) { return eval(ctx, e); }
  /// The value a dotted or subscripted name (`os.environ[OPENAI_BASE_URL]`) is given before `line`
  /// in `ctx`'s scope or an enclosing one, if it is given one.
  std::optional<Values> dotted_binding_in(const Ctx& ctx, const std::string& name, int line) {
    return eval_dotted_binding(ctx, name, line);
  }
  /// Resets the step budget (call once per top-level question). `max_caller_files`: how many
  /// not-yet-parsed files a caller search may parse for this question. Detection asks "is this
  /// receiver an SDK client?" for every call with a catalog method name, mostly in code that has
  /// nothing to do with LLMs, so it passes a small bound; model and provider resolution pass the
  /// full one. Results that a bound cut short are not memoised (see eval()).
  ///
  /// `sdk_reach_only`: the question is only whether a value comes from an SDK, so modules that
  /// cannot hold an SDK value (ProjectIndex::may_hold_sdk_value) are not opened: an import of one, or a
  /// caller in one, reads as unknown (and the answer is not memoised).
  void begin_query(size_t max_caller_files = kMaxCallerFiles, bool sdk_reach_only = false) {
    steps_ = 0;
    max_caller_files_ = max_caller_files;
    sdk_reach_only_ = sdk_reach_only;
  }
  /// Within a query: whether modules out of SDK reach are opened from now on (a detector that
  /// also needs a model string, which any config module may hold, turns the limit off).
  void set_sdk_reach_only(bool on) { sdk_reach_only_ = on; }
  /// How many times a module was left unopened for being out of SDK reach (ever).
  size_t reach_cuts() const { return reach_cuts_; }
  static constexpr size_t kMaxCallerFiles = 200;
  static constexpr size_t kMaxUnscopedCallerFiles = 32;

  ProjectIndex& index() { return index_; }
  /// Drops everything memoised (after ProjectIndex::release() dropped modules it points into).
  void forget() { memo_.clear(); }
  static Ctx module_ctx(const parse::Module* m) { return Ctx{m, 0, nullptr}; }

 private:
  Values eval(const Ctx& ctx, parse::ExprId e);
  Values eval_uncached(const Ctx& ctx, parse::ExprId e);
  /// The module at `path` (index_.module), or nullptr when this query keeps to SDK reach and the
  /// module is out of it (counted as a cut, so the answer is not memoised).
  const parse::Module* load(const std::string& path);
  Values callee_values(const Ctx& ctx, const parse::Expr& call);
  Values eval_name(const Ctx& ctx, const parse::Expr& e);
  std::optional<Values> eval_dotted_binding(const Ctx& ctx, const std::string& name, int line);
  Values eval_binding(const Ctx& ctx, parse::ScopeId scope, int32_t b);
  Values eval_param(const Ctx& ctx, parse::ScopeId scope, const parse::Binding& b);
  Values eval_import(const parse::Module& m, const parse::Import& im);
  Values stored_notebook_value(const parse::Module& m, const std::string& name);
  Values data_file(const parse::Module& from, const std::string& file);
  std::optional<std::string> data_file_by_suffix(const std::string& rel) const;
  /// Python: `t` binds `name` at module level, has a star import, or is a package with that
  /// submodule.
  bool python_defines(const parse::Module& t, const std::string& name);
  Values module_export(const parse::Module& target, const std::string& name, int depth = 0);
  Values eval_loop(const Ctx& ctx, const parse::Binding& b);
  Values eval_template(const Ctx& ctx, const std::vector<parse::ExprId>& parts);
  Values eval_call(const Ctx& ctx, parse::ExprId call);
  std::optional<Values> integer_arithmetic(const Ctx& ctx, const parse::Expr& e);
  std::optional<Values> string_position_method(const Ctx& ctx, parse::ExprId call);
  Values split_piece(const Value& parts, const std::string& index);
  Values call_external(const Ctx& ctx, parse::ExprId call, const Value& callee);
  Values autogen_config_list(const Ctx& ctx, parse::ExprId call);
  Values default_factory(const Ctx& ctx, parse::ExprId factory);
  Values call_function(const Ctx& ctx, parse::ExprId call, const parse::Module* m, int32_t fn, int skip);
  Values construct(const Ctx& ctx, parse::ExprId call, const Value& cls);
  Values eval_or(const Ctx& ctx, const parse::Expr& e);
  Values eval_cond(const Ctx& ctx, const parse::Expr& e);
  std::optional<bool> decide_test(const Ctx& ctx, parse::ExprId test);
  bool reachable(const Ctx& ctx, const parse::Function& f, parse::ExprId ret);
  std::optional<Values> guarded_members(const Ctx& ctx, parse::ExprId test, const std::string& name);
  static bool is_config_service_get(const Value& fn);
  static bool is_vscode_setting_get(const Value& fn);
  std::optional<Values> sveltekit_env(const parse::Import& im);
  Values vscode_setting_get(const Ctx& ctx, parse::ExprId call, const Value& fn);
  std::vector<std::string> vscode_sections(const Value& fn);
  Values contributed_setting_default(const std::string& from_path, const std::string& full_key);
  std::vector<std::string> manifests_above(const std::string& from_path);
  Values raycast_preference(const Value& prefs, const std::string& key);
  Values commander_option(const Value& opts, const std::string& name);
  static bool is_commander_options(const Value& v);
  static bool is_yargs_args(const Value& v);
  static bool is_webext_storage_items(const Value& v);
  Values webext_storage_default(const Value& items, const std::string& name);
  Values webext_storage_callback(const parse::Module* m, int32_t fn, const parse::Param& p);
  Values yargs_option(const Value& args, const std::string& name);
  Values commander_action_options(const parse::Module* m, int32_t fn, const parse::Param& p);
  const parse::Module* django_settings();
  void find_django_settings();
  Values config_service_get(const Ctx& ctx, parse::ExprId call);
  std::optional<Values> validated_env_field(const Value& v, const std::string& name);
  std::optional<Values> schema_field(const Ctx& ctx, parse::ExprId schema, const std::string& name, bool env);
  Values member(const Value& v, const std::string& name);
  Values member_of_value(const Value& v, const std::string& name);
  static void inherit_trace(const Value& from, Values& vals);
  Values instance_field(const Value& inst, const std::string& name);
  Values subclass_fields(const parse::Module* m, int32_t ci, const std::string& name);
  Values class_attr(const parse::Module* m, int32_t ci, const std::string& name, const FramePtr& frame,
                    int depth);
  Values subscript(const Value& v, const Values& keys);
  Values subscript_value(const Value& v, const Values& keys);
  bool declares_field(const parse::Module* m, int32_t ci, const std::string& name, int depth);
  std::optional<std::string> settings_env_prefix(const parse::Module* m, int32_t ci, int depth);
  FramePtr super_init_frame(const parse::Module* m, int32_t ci, const FramePtr& frame, const Value& base);
  Values dict_key(const Value& dict, const std::string& key, bool label = true);
  Values select_path(Values vals, const std::vector<std::string>& path);
  Values env_read(const std::string& var, const Values* fallback);
  void for_each_caller(const std::string& name, bool python, const ProjectIndex::CallerScope* scope,
                       const std::function<bool(const CallRef&)>& visit);
  ProjectIndex::CallerScope caller_scope(const parse::Module* m, const parse::Function& f,
                                         const std::string& name) const;
  Values callback_args(const parse::Module& m, int32_t fn, const parse::Param& p);
  Values caller_args(const parse::Module* m, int32_t fn, const parse::Param& p, bool& some_missing);
  Values partial_args(const parse::Module* m, int32_t fn, const parse::Param& p);
  void deferred_args(const parse::Module* m, int32_t fn, const parse::Param& p, const char* deferrer,
                     const ProjectIndex::CallerScope& scope, std::set<const parse::Module*>& seen, Values& out);
  void add_super_init_args(const parse::Module* m, const parse::Function& f, const parse::Param& p, Values& out,
                           int& found_callers, bool& some_missing);
  Values arg_of_call(const Ctx& caller, parse::ExprId call, const parse::Param& p, int skip, bool& found);
  Values annotation_value(const parse::Module* m, const std::string& type_name);
  Values click_default(const parse::Module* m, const parse::Function& f, const parse::Param& p);
  Values gradio_input(const parse::Module* m, int32_t fn, const parse::Param& p);
  Values argparse_default(const Value& parsed_args, const std::string& name);

  /// Bounds every recursive path (not only eval): self-referencing spreads, re-export cycles.
  class Guard {
   public:
    explicit Guard(Evaluator& e) : e_(e) { ++e_.depth_; ++e_.steps_; }
    ~Guard() { --e_.depth_; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    Evaluator& e_;
  };

  Values get_fallback(const Ctx& ctx, const parse::Expr& c, Values out);
  static void upgrade(Values& vals, Source s);
  /// Records a step (`what` at m:line) at the front of every known value's trace.
  static void note(Values& vals, const parse::Module& m, int line, const std::string& what);
  static void add_all(Values& into, Values from);
  bool over_budget() const { return steps_ > kMaxSteps || depth_ > kMaxDepth; }

  static constexpr int kMaxSteps = 40'000;
  static constexpr int kMaxDepth = 80;
  static constexpr size_t kMaxValues = 24;

  ProjectIndex& index_;
  int steps_ = 0;
  int depth_ = 0;
  int caller_depth_ = 0;
  size_t max_caller_files_ = kMaxCallerFiles;
  int cut_short_ = 0;
  bool sdk_reach_only_ = false;
  size_t reach_cuts_ = 0;
  bool django_looked_up_ = false;
  std::string django_settings_path_;                     ///< found once by find_django_settings
  /// Answers without a frame, with the caller-search bound they were found under.
  std::map<std::pair<const parse::Module*, parse::ExprId>, std::pair<size_t, Values>> memo_;
  /// Expressions being evaluated, with their depth on the evaluation stack (cycle detection).
  std::map<std::tuple<const parse::Module*, parse::ExprId, const Frame*>, int> active_;
  int cut_at_depth_ = INT_MAX;  ///< shallowest stack depth a cycle was cut at, below the current eval
  std::set<std::pair<const parse::Module*, std::string>> exporting_;  ///< module_export in progress
};

}  // namespace llmspend::index

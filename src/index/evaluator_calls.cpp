// Calls the evaluator understands without following project code: environment reads, field
// defaults (pydantic/dataclasses/attrs/typer), command-line option defaults (argparse, click),
// configuration files loaded by the code, `require`, and every other third-party call, which
// yields an object remembering its construction.
#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "index/evaluator.h"
#include "index/evaluator_internal.h"

namespace llmspend::index {

namespace {


std::string py_option_name(std::string flag) {
  while (!flag.empty() && flag.front() == '-') flag.erase(0, 1);
  std::replace(flag.begin(), flag.end(), '-', '_');
  return flag;
}

}  // namespace

// click: `@click.option("--model", default="gpt-4o")` sets the default of parameter `model`.
Values Evaluator::click_default(const parse::Module* m, const parse::Function& f, const parse::Param& p) {
  for (ExprId d : f.decorator_calls) {
    const Expr& call = m->expr(d);
    if (call.kind != ExprKind::kCall) continue;
    bool named = false;
    for (ExprId a : call.args) {
      const Expr& arg = m->expr(a);
      if (arg.kind == ExprKind::kString && py_option_name(arg.text) == p.name) named = true;
    }
    if (!named) continue;
    for (const auto& [k, v] : call.kwargs) {
      if (k == "default") return eval(Ctx{m, 0, nullptr}, v);
    }
  }
  return {};
}

// Gradio calls an event handler with the values of its input components, in order:
// `btn.click(fn, inputs=[box, model_dd])`, `gr.Interface(fn=f, inputs=[...])`, and
// `gr.ChatInterface(f, additional_inputs=[...])` after (message, history).
Values Evaluator::gradio_input(const parse::Module* m, int32_t fn, const parse::Param& p) {
  static const std::unordered_set<std::string> kEvents = {"click", "submit", "change", "select", "input",
                                                          "then", "success", "Interface", "ChatInterface", "load"};
  if (p.position < 0 || is_js(*m)) return {};
  Values out;
  for (const auto& rec : m->calls) {
    std::string name = callee_name(*m, rec.call);
    if (!kEvents.count(name)) continue;
    const Expr& call = m->expr(rec.call);
    auto kwarg = [&](const char* k) -> ExprId {
      for (const auto& [kk, v] : call.kwargs) {
        if (kk == k) return v;
      }
      return kNone;
    };
    ExprId handler = kwarg("fn");
    if (handler == kNone && !call.args.empty()) handler = call.args[0];
    if (handler == kNone || m->expr(handler).kind != ExprKind::kName) continue;
    Ctx cctx{m, rec.scope, nullptr};
    bool match = false;
    for (const auto& v : eval(cctx, handler)) {
      if (v.kind == Value::Kind::kFunction && v.module == m && v.index == fn) match = true;
    }
    if (!match) continue;
    bool chat = name == "ChatInterface";
    ExprId inputs = kwarg(chat ? "additional_inputs" : "inputs");
    if (inputs == kNone && !chat && call.args.size() > 1) inputs = call.args[1];
    int pos = p.position - (chat ? 2 : 0);
    if (inputs == kNone || pos < 0 || m->expr(inputs).kind != ExprKind::kList) continue;
    const Expr& list = m->expr(inputs);
    if (static_cast<size_t>(pos) >= list.args.size()) continue;
    for (auto& v : eval(cctx, list.args[static_cast<size_t>(pos)])) {
      if (v.is_string()) add_all(out, {v});
    }
  }
  return out;
}

// argparse: `args.model` where args = parser.parse_args() and parser.add_argument("--model", default=…).
Values Evaluator::argparse_default(const Value& parsed, const std::string& name) {
  const parse::Module* m = parsed.ctor_ctx.module;
  if (m == nullptr) return {unknown("argparse option")};
  Values out;
  for (const auto& rec : m->calls) {
    const Expr& call = m->expr(rec.call);
    if (callee_name(*m, rec.call) != "add_argument") continue;
    std::string dest;
    for (ExprId a : call.args) {
      const Expr& arg = m->expr(a);
      if (arg.kind == ExprKind::kString && (dest.empty() || arg.text.rfind("--", 0) == 0)) dest = py_option_name(arg.text);
    }
    for (const auto& [k, v] : call.kwargs) {
      if (k == "dest") {
        const Expr& d = m->expr(v);
        if (d.kind == ExprKind::kString) dest = d.text;
      }
    }
    if (dest != name) continue;
    for (const auto& [k, v] : call.kwargs) {
      if (k == "default") add_all(out, eval(Ctx{m, rec.scope, nullptr}, v));
    }
  }
  if (out.empty()) return {unknown("command-line option `--" + name + "` without a default")};
  upgrade(out, Source::kDefaultParam);
  return out;
}

namespace {

/// commander's key for a flag list: "-m, --model <name>" -> "model", "--api-key" -> "apiKey",
/// "--no-color" -> "color".
std::string commander_key(const std::string& flags) {
  size_t at = flags.find("--");
  if (at == std::string::npos) return "";
  std::string key;
  bool upper = false;
  for (size_t i = at + 2; i < flags.size(); ++i) {
    char c = flags[i];
    if (c == ' ' || c == '<' || c == '[' || c == ',' || c == '=') break;
    if (c == '-') {
      upper = true;
      continue;
    }
    key += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (key.rfind("no", 0) == 0 && key.size() > 2 && std::isupper(static_cast<unsigned char>(key[2]))) {
    key = std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(key[2])))) + key.substr(3);
  }
  return key;
}

/// `.addOption(new Option(flags, description).default(value))` naming `key`: the default's
/// expression, kNone when it names none.
ExprId commander_option_object_default(const parse::Module& m, ExprId option, const std::string& key) {
  ExprId def = kNone;
  ExprId e = option;
  while (e != kNone && m.expr(e).kind == ExprKind::kCall && !m.expr(e).is_new) {
    const Expr& c = m.expr(e);
    if (c.a == kNone || m.expr(c.a).kind != ExprKind::kAttr) return kNone;
    if (m.expr(c.a).text == "default" && !c.args.empty()) def = c.args[0];
    e = m.expr(c.a).a;
  }
  if (e == kNone || m.expr(e).kind != ExprKind::kCall || m.expr(e).args.empty()) return kNone;
  const Expr& ctor = m.expr(e);
  if (m.expr(ctor.args[0]).kind != ExprKind::kString || commander_key(m.expr(ctor.args[0]).text) != key) return kNone;
  return def;
}

/// `.option(flags, description, default)` / `.option(flags, description, parser, default)`
/// naming `key`: the default's expression, kNone when it names none.
ExprId commander_default_arg(const parse::Module& m, ExprId call_id, const std::string& key) {
  const Expr& call = m.expr(call_id);
  if (call.a == kNone || m.expr(call.a).kind != ExprKind::kAttr) return kNone;
  const std::string& method = m.expr(call.a).text;
  if (method == "addOption" && !call.args.empty()) return commander_option_object_default(m, call.args[0], key);
  if (method != "option" && method != "requiredOption") return kNone;
  if (call.args.size() < 3 || m.expr(call.args[0]).kind != ExprKind::kString) return kNone;
  if (commander_key(m.expr(call.args[0]).text) != key) return kNone;
  ExprId def = call.args[2];
  if (m.expr(def).kind == ExprKind::kFunction || (m.expr(def).kind == ExprKind::kName && call.args.size() > 3)) {
    def = call.args.size() > 3 ? call.args[3] : kNone;
  }
  return def;
}

}  // namespace

// commander: `program.opts()` (a `new Command()` or the package's global `program`) and the
// options object an `.action(...)` callback receives.
bool Evaluator::is_commander_options(const Value& v) {
  if (v.text == "commander:action-options") return v.steps.empty();
  if (!v.steps.empty()) return v.steps.back().name == "opts" && v.steps.back().call != kNone;
  return v.ctor != kNone && v.text.size() > 5 && v.text.compare(v.text.size() - 5, 5, ".opts") == 0;
}

// An option's value is what the user passes, else the default its `.option(...)` declares. An
// action's options come from the options chained before `.action(cb)`; `opts()` from the
// options declared in the file that built the program (or reads it).
Values Evaluator::commander_option(const Value& opts, const std::string& name) {
  Values out;
  auto take = [&](const parse::Module& m, ExprId call, parse::ScopeId scope) {
    ExprId def = commander_default_arg(m, call, name);
    if (def != kNone) add_all(out, eval(Ctx{&m, scope, nullptr}, def));
  };
  if (opts.text == "commander:action-options" && opts.ctor_ctx.module) {
    // The options chained between the subcommand's `.command(...)` and `.action(cb)`.
    const parse::Module& m = *opts.ctor_ctx.module;
    ExprId e = m.expr(opts.ctor).a;  // `<chain>.action`
    while (e != kNone && m.expr(e).kind == ExprKind::kAttr) {
      ExprId recv = m.expr(e).a;
      if (recv == kNone || m.expr(recv).kind != ExprKind::kCall) break;
      take(m, recv, opts.ctor_ctx.scope);
      e = m.expr(recv).a;
      if (e != kNone && m.expr(e).kind == ExprKind::kAttr && m.expr(e).text == "command") break;
    }
  } else {
    std::vector<const parse::Module*> files;
    if (opts.ctor_ctx.module) files.push_back(opts.ctor_ctx.module);
    if (!opts.steps.empty() && opts.steps.back().ctx.module && opts.steps.back().ctx.module != opts.ctor_ctx.module) {
      files.push_back(opts.steps.back().ctx.module);
    }
    // The program's own options: a subcommand's (chained after `.command(...)`) are not in opts().
    auto on_subcommand = [](const parse::Module& m, ExprId call) {
      for (ExprId e = m.expr(call).a; e != kNone && m.expr(e).kind == ExprKind::kAttr;) {
        ExprId recv = m.expr(e).a;
        if (recv == kNone || m.expr(recv).kind != ExprKind::kCall) return false;
        e = m.expr(recv).a;
        if (e != kNone && m.expr(e).kind == ExprKind::kAttr && m.expr(e).text == "command") return true;
      }
      return false;
    };
    for (const parse::Module* m : files) {
      for (const auto& rec : m->calls) {
        if (!on_subcommand(*m, rec.call)) take(*m, rec.call, rec.scope);
      }
    }
  }
  if (!has_concrete(out)) return {unknown("command-line option `--" + name + "` without a default")};
  upgrade(out, Source::kDefaultParam);
  return out;
}

// yargs: `yargs(argv).option("model", { default: "gpt-4o" }).parseSync().model` (also `.argv`,
// `.parse()`, and `.options({ model: { default } })`): the default the chain declares.
bool Evaluator::is_yargs_args(const Value& v) {
  if (v.text.rfind("yargs", 0) != 0 || v.steps.empty()) return false;
  const std::string& last = v.steps.back().name;
  return last == "argv" || last == "parse" || last == "parseSync" || last == "parseAsync";
}

Values Evaluator::yargs_option(const Value& args, const std::string& name) {
  Values out;
  auto read_spec = [&](const Ctx& ctx, ExprId spec) {
    for (const auto& d : eval(ctx, spec)) {
      if (d.kind == Value::Kind::kDict) {
        for (const auto& v : dict_key(d, "default", false)) {
          if (v.kind != Value::Kind::kUnknown) out.push_back(v);
        }
      }
    }
  };
  for (const auto& step : args.steps) {
    if (step.call == kNone || !step.ctx.module) continue;
    const Expr& c = step.ctx.module->expr(step.call);
    if ((step.name == "option" || step.name == "positional") && c.args.size() >= 2) {
      const Expr& key = step.ctx.module->expr(c.args[0]);
      if (key.kind == ExprKind::kString && (key.text == name || commander_key("--" + key.text) == name)) {
        read_spec(step.ctx, c.args[1]);
      }
    } else if (step.name == "options" && c.args.size() == 1) {
      for (const auto& all : eval(step.ctx, c.args[0])) {
        if (all.kind != Value::Kind::kDict) continue;
        const Expr& d = all.module->expr(all.expr);
        for (const auto& [k, v] : d.kwargs) {
          if (k == name || commander_key("--" + k) == name) read_spec(all.ctx, v);
        }
      }
    }
  }
  if (!has_concrete(out)) return {unknown("command-line option `--" + name + "` without a default")};
  upgrade(out, Source::kDefaultParam);
  return out;
}

namespace {

/// `chrome.storage.sync.get` / `browser.storage.local.get` (and session/managed areas).
bool is_webext_storage_get(const std::string& q) {
  for (const char* root : {"chrome.storage.", "browser.storage."}) {
    if (q.rfind(root, 0) != 0) continue;
    std::string rest = q.substr(std::string(root).size());
    return rest == "sync.get" || rest == "local.get" || rest == "session.get" || rest == "managed.get";
  }
  return false;
}

}  // namespace

// Browser extensions read settings with `chrome.storage.sync.get({ model: "gpt-4o" })`: the
// object names the keys with their defaults, which is what comes back until the user saves one.
bool Evaluator::is_webext_storage_items(const Value& v) {
  return v.kind == Value::Kind::kObject && v.steps.empty() && v.ctor != kNone && is_webext_storage_get(v.text);
}

Values Evaluator::webext_storage_default(const Value& items, const std::string& name) {
  const Expr& call = items.ctor_ctx.module->expr(items.ctor);
  Values out;
  if (!call.args.empty()) {
    for (const auto& defaults : eval(items.ctor_ctx, call.args[0])) {
      if (defaults.kind == Value::Kind::kDict) add_all(out, dict_key(defaults, name));
    }
  }
  if (!has_concrete(out)) return {unknown("extension setting `" + name + "` without a default")};
  upgrade(out, Source::kConfigObject);
  return out;
}

// The items a `chrome.storage.sync.get(defaults, (items) => ...)` callback receives.
Values Evaluator::webext_storage_callback(const parse::Module* m, int32_t fn, const parse::Param& p) {
  if (!is_js(*m) || p.position != 0) return {};
  for (const auto& rec : m->calls) {
    const Expr& call = m->expr(rec.call);
    if (call.args.size() != 2 || m->expr(call.args[1]).kind != ExprKind::kFunction || m->expr(call.args[1]).index != fn) {
      continue;
    }
    if (!is_webext_storage_get(chain_text(*m, call.a))) return {};
    Value v;
    v.kind = Value::Kind::kObject;
    v.text = chain_text(*m, call.a);
    v.ctor = rec.call;
    v.ctor_ctx = Ctx{m, rec.scope, nullptr};
    return {v};
  }
  return {};
}

// The options parameter of a commander `.action((args..., options, command) => ...)` callback:
// it follows one parameter per argument the command declares.
Values Evaluator::commander_action_options(const parse::Module* m, int32_t fn, const parse::Param& p) {
  if (!is_js(*m) || p.position < 0) return {};
  for (const auto& rec : m->calls) {
    const Expr& call = m->expr(rec.call);
    if (call.a == kNone || m->expr(call.a).kind != ExprKind::kAttr || m->expr(call.a).text != "action") continue;
    if (call.args.size() != 1 || m->expr(call.args[0]).kind != ExprKind::kFunction || m->expr(call.args[0]).index != fn) {
      continue;
    }
    // Count the declared arguments: `.argument("<x>")` and `<x>` / `[x]` in `.command("name <x>")`.
    int declared = 0;
    bool commander = false;
    ExprId e = call.a;
    while (e != kNone && m->expr(e).kind == ExprKind::kAttr) {
      ExprId recv = m->expr(e).a;
      if (recv == kNone) break;
      if (m->expr(recv).kind != ExprKind::kCall) {
        for (const auto& v : eval(Ctx{m, rec.scope, nullptr}, recv)) {
          if (v.text.rfind("commander:", 0) == 0) commander = true;
        }
        break;
      }
      const Expr& rc = m->expr(recv);
      if (rc.a != kNone && m->expr(rc.a).kind == ExprKind::kAttr && !rc.args.empty() &&
          m->expr(rc.args[0]).kind == ExprKind::kString) {
        const std::string& method = m->expr(rc.a).text;
        const std::string& text = m->expr(rc.args[0]).text;
        if (method == "argument" || method == "arguments") {
          declared += static_cast<int>(std::count(text.begin(), text.end(), '<') + std::count(text.begin(), text.end(), '['));
        } else if (method == "command") {
          declared += static_cast<int>(std::count(text.begin(), text.end(), '<') + std::count(text.begin(), text.end(), '['));
        } else if (method == "option" || method == "requiredOption") {
          commander = true;
        }
      }
      e = rc.a;
    }
    if (!commander || p.position != declared) return {};
    Value v;
    v.kind = Value::Kind::kObject;
    v.text = "commander:action-options";
    v.ctor = rec.call;
    v.ctor_ctx = Ctx{m, rec.scope, nullptr};
    return {v};
  }
  return {};
}

Values Evaluator::env_read(const std::string& var, const Values* fallback) {
  Values out;
  if (fallback && has_concrete(*fallback)) {
    out = *fallback;
    upgrade(out, Source::kEnvDefault);
  } else if (auto ev = index_.env(var)) {
    Value v;
    v.kind = Value::Kind::kString;
    v.text = ev->value;
    v.source = Source::kEnvFile;
    v.origin_path = ev->path;
    v.origin_line = ev->line;
    v.trace.push_back({"`" + var + "` in " + ev->path, ev->path, ev->line});
    out = {v};
  } else {
    out = {unknown("environment variable `" + var + "` has no default in code or in a .env file")};
  }
  for (auto& v : out) v.env_backed = true;
  return out;
}

// AutoGen's config_list_from_json(file, filter_dict={"model": [...]}) keeps the entries of a
// file (rarely committed) whose keys take the allowed values. Every entry then reads as the
// filter itself: `config_list[0]["model"]` is one of the allowed models.
Values Evaluator::autogen_config_list(const Ctx& ctx, ExprId call_id) {
  const Expr& call = ctx.module->expr(call_id);
  ExprId filter = kNone;
  for (const auto& [k, v] : call.kwargs) {
    if (k == "filter_dict") filter = v;
  }
  // filter_config(config_list, filter_dict) takes it second.
  if (filter == kNone && callee_name(*ctx.module, call_id) == "filter_config" && call.args.size() >= 2) {
    filter = call.args[1];
  }
  if (filter != kNone) {
    Values out;
    for (auto d : eval(ctx, filter)) {
      if (d.kind != Value::Kind::kDict) continue;
      d.allowed = true;
      d.element = true;
      add_all(out, {std::move(d)});
    }
    if (!out.empty()) return out;
  }
  return {unknown("an AutoGen config list read from a file without a model filter")};
}

Values Evaluator::call_external(const Ctx& ctx, ExprId call_id, const Value& callee) {
  const parse::Module& m = *ctx.module;
  const Expr& call = m.expr(call_id);
  const std::string& q = callee.text;
  auto arg = [&](size_t i, const char* kw) -> ExprId {
    for (const auto& [k, v] : call.kwargs) {
      if (kw && k == kw) return v;
    }
    return i < call.args.size() ? call.args[i] : kNone;
  };
  if (q == "os.getenv" || q == "os.environ.get" || q == "os.environ.setdefault" || q == "os.getenv.get") {
    ExprId name = arg(0, "key");
    Values names = name == kNone ? Values{} : eval(ctx, name);
    ExprId def = arg(1, "default");
    Values fb = def == kNone ? Values{} : eval(ctx, def);
    Values out;
    for (const auto& n : names) {
      if (!n.is_string()) continue;
      // `os.environ["X"] = "..."` earlier in this file (a notebook cell, a script's setup) is
      // what the read sees at run time.
      std::optional<Values> set_here;
      for (const char* env : {"os.environ", "environ"}) {
        if (!set_here) set_here = eval_dotted_binding(ctx, std::string(env) + "[" + n.text + "]", call.span.start_line);
      }
      add_all(out, set_here ? *set_here : env_read(n.text, def == kNone ? nullptr : &fb));
    }
    if (out.empty()) return {unknown("environment variable with a computed name")};
    return out;
  }
  std::string last = q.substr(q.find_last_of(".:") == std::string::npos ? 0 : q.find_last_of(".:") + 1);
  if (q == "str" || q == "String") return call.args.empty() ? Values{unknown("empty str()")} : eval(ctx, call.args[0]);
  // Streamlit pickers return one of their options: `st.selectbox("Model", MODELS)`.
  if (q.rfind("streamlit.", 0) == 0 && (last == "selectbox" || last == "radio" || last == "select_slider")) {
    ExprId options = arg(1, "options");
    if (options == kNone) return {unknown("a picker without options")};
    Values out;
    for (const auto& coll : eval(ctx, options)) add_all(out, elements_of(coll));
    if (out.empty()) return {unknown("the picker's options are known only at run time")};
    return out;
  }
  // Gradio pickers hand the event handler one of their choices: `gr.Dropdown(["gpt-4o", ...])`.
  if (q.rfind("gradio.", 0) == 0 && (last == "Dropdown" || last == "Radio")) {
    Values out;
    if (ExprId choices = arg(0, "choices"); choices != kNone) {
      for (const auto& coll : eval(ctx, choices)) add_all(out, elements_of(coll));
    }
    if (!has_concrete(out)) {
      if (ExprId value = arg(SIZE_MAX, "value"); value != kNone) out = eval(ctx, value);
    }
    if (out.empty()) return {unknown("a picker whose choices are known only at run time")};
    return out;
  }
  if (q == "getattr" && call.args.size() >= 2) {
    // getattr(obj, "NAME", fallback): the attribute when the object shows it, else the fallback.
    Values out;
    for (const auto& name : eval(ctx, call.args[1])) {
      if (!name.is_string()) continue;
      for (const auto& obj : eval(ctx, call.args[0])) add_all(out, member(obj, name.text));
    }
    // A third-party settings object (`django.conf.settings`) yields no string: the fallback is
    // then what a reader can name.
    bool known = std::any_of(out.begin(), out.end(), [](const Value& v) { return v.is_string(); });
    if (known || call.args.size() < 3) return out.empty() ? Values{unknown("getattr with a computed name")} : out;
    Values fallback = eval(ctx, call.args[2]);
    upgrade(fallback, Source::kConfigObject);
    return fallback;
  }
  // FastAPI injects what the dependency returns: `client = Depends(get_client)` as a
  // parameter default is get_client().
  if ((q == "fastapi.Depends" || q == "fastapi.Security") && arg(0, "dependency") != kNone) {
    return default_factory(ctx, arg(0, "dependency"));
  }
  // `dict(...)`, and `Object.assign({}, DEFAULTS, await load())`, which merges like
  // `{...DEFAULTS, ...loaded}`: a key the loaded (run-time) object may override reads as the
  // defaults' value.
  // `Object.freeze({...})` / `Object.seal(...)` return the object they are given (a frozen
  // config of model names reads like the literal).
  if ((q == "Object.freeze" || q == "Object.seal") && call.args.size() == 1) return eval(ctx, call.args[0]);
  if (q == "dict" || (q == "Object.assign" && !call.args.empty())) {
    Value d;
    d.kind = Value::Kind::kDict;
    d.module = &m;
    d.expr = call_id;
    d.ctx = ctx;
    return {d};
  }
  if (last == "config_list_from_json" || last == "filter_config") return autogen_config_list(ctx, call_id);
  // Field defaults: pydantic Field(default=…) / Field("x"), dataclasses.field(default=…),
  // attrs attr.ib(default=…), typer.Option("x").
  if (last == "Field" || last == "field" || last == "ib" || last == "attrib" || last == "Option" ||
      last == "Argument") {
    ExprId d = arg(0, "default");
    if (ExprId factory = arg(SIZE_MAX, "default_factory"); factory != kNone) return default_factory(ctx, factory);
    if (d != kNone && m.expr(d).kind != ExprKind::kName) return eval(ctx, d);
    if (d != kNone && m.expr(d).text != "...") return eval(ctx, d);
    return {unknown("a field without a default")};
  }
  // Configuration files loaded by the code: json.load(open("cfg.json")), yaml.safe_load(f),
  // OmegaConf.load("conf.yaml").
  static const char* kLoaders[] = {"json.load", "yaml.safe_load", "yaml.load", "yaml.full_load",
                                   "omegaconf.OmegaConf.load", "json.loads"};
  for (const char* loader : kLoaders) {
    if (q != loader || call.args.empty()) continue;
    for (const auto& src : eval(ctx, call.args[0])) {
      std::string file;
      if (src.is_string()) file = src.text;
      if (src.kind == Value::Kind::kObject && src.ctor != kNone && (src.text == "open" || src.text == "pathlib.Path")) {
        const Expr& oc = src.ctor_ctx.module->expr(src.ctor);
        if (!oc.args.empty()) {
          for (const auto& p : eval(src.ctor_ctx, oc.args[0])) {
            if (p.is_string()) file = p.text;
          }
        }
      }
      if (file.empty()) continue;
      Values data = data_file(m, file);
      if (!data.empty()) return data;
    }
    return {unknown("configuration loaded from a file the analyzer cannot find")};
  }
  if (q == "require" || q == "import") {
    if (call.args.empty() || m.expr(call.args[0]).kind != ExprKind::kString) return {unknown("dynamic require")};
    parse::Import im;
    im.module = m.expr(call.args[0]).text;
    im.kind = parse::ImportKind::kNamespace;
    return eval_import(m, im);
  }
  Value obj;
  obj.kind = Value::Kind::kObject;
  obj.text = q.back() == ':' ? q + "default" : q;
  obj.ctor = call_id;
  obj.ctor_ctx = ctx;
  return {obj};
}

// A data file named by code: relative to the current directory (the repo root, usually) or to
// the module's own folder.
Values Evaluator::data_file(const parse::Module& from, const std::string& file) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  std::string rel = file;
  while (rel.rfind("./", 0) == 0) rel = rel.substr(2);
  std::string dir = from.path.rfind('/') == std::string::npos ? "" : from.path.substr(0, from.path.rfind('/'));
  std::vector<std::string> tries = {rel, dir.empty() ? rel : dir + "/" + rel};
  if (auto p = data_file_by_suffix(rel)) tries.push_back(*p);
  for (const std::string& p : tries) {
    if (const parse::Module* dm = load(p)) {
      auto it = dm->exports.find("default");
      if (it == dm->exports.end()) continue;
      return eval(Ctx{dm, 0, nullptr}, it->second);
    }
  }
  return {};
}

// Scripts are often run from a folder above the repository (`open("myrepo/config.yaml")` in a
// repo named myrepo) or below it: the path's leading folders are then not in the project. The
// listed file whose path ends with the longest tail of `rel` (at least the base name plus one
// folder, or the base name alone when only one file has it) is the one meant; nullopt when two
// files tie.
std::optional<std::string> Evaluator::data_file_by_suffix(const std::string& rel) const {
  size_t slash = rel.rfind('/');
  std::string base = slash == std::string::npos ? rel : rel.substr(slash + 1);
  auto named = index_.files_named(base);
  if (named.empty()) return std::nullopt;
  for (size_t cut = 0; cut != std::string::npos && cut < rel.size(); cut = rel.find('/', cut + 1)) {
    std::string tail = rel.substr(cut == 0 ? 0 : cut + 1);
    std::vector<std::string> hits;
    for (const auto& f : named) {
      if (f == tail || (f.size() > tail.size() && f.compare(f.size() - tail.size(), tail.size(), tail) == 0 &&
                        f[f.size() - tail.size() - 1] == '/')) {
        hits.push_back(f);
      }
    }
    if (hits.size() == 1) return hits[0];
    if (hits.size() > 1) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace llmspend::index

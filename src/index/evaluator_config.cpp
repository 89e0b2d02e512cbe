// Configuration frameworks whose values the evaluator reads the way the framework would:
// pydantic-settings classes (fields from the environment), dataclass/pydantic default factories,
// Django's `settings` (the module DJANGO_SETTINGS_MODULE names), NestJS's ConfigService and
// VS Code extension settings.
#include <algorithm>

#include "index/evaluator.h"
#include "index/evaluator_internal.h"

namespace llmspend::index {

// NestJS `ConfigService.get("KEY", fallback)` / `getOrThrow("KEY")` read the environment (and
// the .env files ConfigModule loads).
bool Evaluator::is_config_service_get(const Value& fn) {
  return fn.text == "@nestjs/config:ConfigService" && fn.steps.size() == 1 &&
         (fn.steps[0].name == "get" || fn.steps[0].name == "getOrThrow");
}

Values Evaluator::config_service_get(const Ctx& ctx, ExprId call_id) {
  const Expr& call = ctx.module->expr(call_id);
  if (call.args.empty()) return {unknown("ConfigService.get without a key")};
  Values fallback = call.args.size() > 1 ? eval(ctx, call.args[1]) : Values{};
  Values out;
  for (const auto& key : eval(ctx, call.args[0])) {
    if (key.is_string()) add_all(out, env_read(key.text, call.args.size() > 1 ? &fallback : nullptr));
  }
  if (out.empty()) return {unknown("ConfigService key known only at run time")};
  return out;
}

// VS Code extensions read their settings with `vscode.workspace.getConfiguration(section)
// .get(key, fallback)`: the user's setting at run time, else the fallback the code names.
bool Evaluator::is_vscode_setting_get(const Value& fn) {
  if (fn.steps.empty() || fn.steps.back().name != "get") return false;
  if (fn.text != "vscode" && fn.text.rfind("vscode:", 0) != 0 && fn.text.rfind("vscode.", 0) != 0) return false;
  if (fn.text.find("getConfiguration") != std::string::npos) return true;
  return std::any_of(fn.steps.begin(), fn.steps.end(), [](const Step& s) { return s.name == "getConfiguration"; });
}

// Without a fallback in code, the setting's default is the one the extension declares in its
// package.json (`contributes.configuration.properties["section.key"].default`): that is what
// VS Code hands back until the user sets it.
Values Evaluator::vscode_setting_get(const Ctx& ctx, ExprId call_id, const Value& fn) {
  const Expr& call = ctx.module->expr(call_id);
  if (call.args.size() >= 2) {
    Values fallback = eval(ctx, call.args[1]);
    upgrade(fallback, Source::kConfigObject);
    return fallback;
  }
  Values out;
  if (!call.args.empty()) {
    std::vector<std::string> sections = vscode_sections(fn);
    for (const auto& key : eval(ctx, call.args[0])) {
      if (!key.is_string()) continue;
      for (const auto& section : sections) {
        add_all(out, contributed_setting_default(ctx.module->path, section.empty() ? key.text : section + "." + key.text));
      }
    }
  }
  if (!has_concrete(out)) return {unknown("a VS Code setting without a fallback in code")};
  upgrade(out, Source::kConfigObject);
  return out;
}

// The sections `getConfiguration(section)` names along `fn`'s steps; "" when it names none.
// The call is the object's construction when the SDK call made it (`vscode.workspace
// .getConfiguration("s")`), else a step along the way.
std::vector<std::string> Evaluator::vscode_sections(const Value& fn) {
  auto section_of = [&](const Ctx& c, ExprId call) {
    std::vector<std::string> out;
    const Expr& e = c.module->expr(call);
    if (e.args.empty()) return std::vector<std::string>{""};
    for (const auto& v : eval(c, e.args[0])) {
      if (v.is_string()) out.push_back(v.text);
    }
    return out;
  };
  for (const auto& step : fn.steps) {
    if (step.name == "getConfiguration" && step.call != kNone && step.ctx.module) return section_of(step.ctx, step.call);
  }
  if (fn.text.find("getConfiguration") != std::string::npos && fn.ctor != kNone && fn.ctor_ctx.module) {
    return section_of(fn.ctor_ctx, fn.ctor);
  }
  return {""};
}

namespace {

/// The value under `key` in a data-file dict expression, kNone when absent.
ExprId dict_member(const parse::Module& m, ExprId dict, const std::string& key) {
  if (dict == kNone || m.expr(dict).kind != ExprKind::kDict) return kNone;
  for (const auto& [k, v] : m.expr(dict).kwargs) {
    if (k == key) return v;
  }
  return kNone;
}

std::string dir_of(const std::string& path) {
  size_t cut = path.rfind('/');
  return cut == std::string::npos ? "" : path.substr(0, cut);
}

}  // namespace

// The package.json files above `from_path`, nearest first.
std::vector<std::string> Evaluator::manifests_above(const std::string& from_path) {
  std::vector<std::string> packages;
  for (const auto& p : index_.files_named("package.json")) {
    std::string dir = dir_of(p);
    if (dir.empty() || from_path.rfind(dir + "/", 0) == 0) packages.push_back(p);
  }
  std::sort(packages.begin(), packages.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return packages;
}

// The `default` of setting `full_key` in the nearest package.json above `from_path` that
// contributes it (`contributes.configuration` is one object or a list of them).
Values Evaluator::contributed_setting_default(const std::string& from_path, const std::string& full_key) {
  for (const auto& p : manifests_above(from_path)) {
    const parse::Module* dm = load(p);
    if (!dm) continue;
    auto root = dm->exports.find("default");
    if (root == dm->exports.end()) continue;
    ExprId conf = dict_member(*dm, dict_member(*dm, root->second, "contributes"), "configuration");
    if (conf == kNone) continue;
    std::vector<ExprId> blocks = dm->expr(conf).kind == ExprKind::kList ? dm->expr(conf).args : std::vector<ExprId>{conf};
    for (ExprId block : blocks) {
      ExprId def = dict_member(*dm, dict_member(*dm, dict_member(*dm, block, "properties"), full_key), "default");
      if (def != kNone) return eval(Ctx{dm, 0, nullptr}, def);
    }
  }
  return {};
}

namespace {

/// The `default` of preference `key` in a Raycast `preferences` list; nullopt when the list does
/// not declare it, kNone when it declares it without a default.
std::optional<ExprId> raycast_pref_default(const parse::Module& m, ExprId list, const std::string& key) {
  if (list == kNone || m.expr(list).kind != ExprKind::kList) return std::nullopt;
  for (ExprId pref : m.expr(list).args) {
    ExprId name = dict_member(m, pref, "name");
    if (name != kNone && m.expr(name).kind == ExprKind::kString && m.expr(name).text == key) {
      return dict_member(m, pref, "default");
    }
  }
  return std::nullopt;
}

std::string file_stem(const std::string& path) {
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  return base.substr(0, base.find('.'));
}

}  // namespace

// Raycast extensions read their preferences with `getPreferenceValues().key`: the user's value,
// else the `default` the extension's manifest (package.json) declares. A command's own
// `preferences` hold for the command named after the source file; the extension-wide list
// holds everywhere; a shared file may run under any command that declares the key.
Values Evaluator::raycast_preference(const Value& prefs, const std::string& key) {
  if (!prefs.ctor_ctx.module) return {unknown("Raycast preference")};
  const std::string& from = prefs.ctor_ctx.module->path;
  std::string stem = file_stem(from);
  for (const auto& p : manifests_above(from)) {
    const parse::Module* dm = load(p);
    if (!dm) continue;
    auto root = dm->exports.find("default");
    if (root == dm->exports.end()) continue;
    ExprId commands = dict_member(*dm, root->second, "commands");
    ExprId extension_wide = dict_member(*dm, root->second, "preferences");
    if (commands == kNone && extension_wide == kNone) continue;
    std::vector<ExprId> own, other;
    if (commands != kNone && dm->expr(commands).kind == ExprKind::kList) {
      for (ExprId cmd : dm->expr(commands).args) {
        auto def = raycast_pref_default(*dm, dict_member(*dm, cmd, "preferences"), key);
        if (!def) continue;
        ExprId name = dict_member(*dm, cmd, "name");
        bool mine = name != kNone && dm->expr(name).kind == ExprKind::kString && dm->expr(name).text == stem;
        (mine ? own : other).push_back(*def);
      }
    }
    std::vector<ExprId> chosen = own;
    if (chosen.empty()) {
      if (auto def = raycast_pref_default(*dm, extension_wide, key)) chosen.push_back(*def);
    }
    if (chosen.empty()) chosen = other;
    Values out;
    for (ExprId d : chosen) {
      if (d != kNone) add_all(out, eval(Ctx{dm, 0, nullptr}, d));
    }
    if (!has_concrete(out)) return {unknown("Raycast preference `" + key + "` without a default")};
    upgrade(out, Source::kConfigObject);
    return out;
  }
  return {unknown("Raycast preference `" + key + "` not declared in the manifest")};
}

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// `z.object`, imported as `{ z }`, as the default export or as a namespace.
bool is_zod_object(const std::string& q) {
  return q.rfind("zod:", 0) == 0 && (q == "zod:z.object" || q == "zod:object");
}

}  // namespace

// A validated environment object, read the way its library fills it: a field is the environment
// variable of that name, and the schema's default (`z.string().default("gpt-4o")`,
// `str({ default: "gpt-4o" })`) is the literal fallback, as with `process.env.X ?? "gpt-4o"`.
//   zod:     `Schema.parse(process.env).X`, `Schema.safeParse(process.env).data.X`
//   t3-env:  `createEnv({ server: {...}, client: {...}, runtimeEnv }).X`
//   envalid: `cleanEnv(process.env, { X: str({...}) }).X`
// nullopt when `v` is none of these or its schema has no field `name`.
std::optional<Values> Evaluator::validated_env_field(const Value& v, const std::string& name) {
  if (v.kind != Value::Kind::kObject || v.ctor == kNone || !v.ctor_ctx.module) return std::nullopt;
  const parse::Module& m = *v.ctor_ctx.module;
  const Expr& ctor = m.expr(v.ctor);
  if (is_zod_object(v.text)) {
    // The parse step, then only `.data` (safeParse) may stand between it and the field.
    size_t i = 0;
    while (i < v.steps.size() && !(v.steps[i].call != kNone && v.steps[i].name.find("arse") != std::string::npos)) ++i;
    if (i == v.steps.size() || ctor.args.empty()) return std::nullopt;
    const std::string& step = v.steps[i].name;
    if (step != "parse" && step != "parseAsync" && step != "safeParse" && step != "safeParseAsync") return std::nullopt;
    bool safe = step.rfind("safe", 0) == 0;
    if (v.steps.size() != i + 1 + (safe ? 1 : 0) || (safe && v.steps.back().name != "data")) return std::nullopt;
    const Expr& parse_call = v.steps[i].ctx.module->expr(v.steps[i].call);
    bool env = !parse_call.args.empty() &&
               chain_text(*v.steps[i].ctx.module, parse_call.args[0]).find("env") != std::string::npos;
    return schema_field(v.ctor_ctx, ctor.args[0], name, env);
  }
  if (!v.steps.empty() || ctor.args.empty()) return std::nullopt;
  if (ends_with(v.text, ":createEnv") && v.text.rfind("@t3-oss/", 0) == 0) {
    const Expr& opts = m.expr(ctor.args[0]);
    if (opts.kind != ExprKind::kDict) return std::nullopt;
    for (const auto& [k, group] : opts.kwargs) {
      if (k != "server" && k != "client" && k != "shared") continue;
      if (auto f = schema_field(v.ctor_ctx, group, name, true)) return f;
    }
    return std::nullopt;
  }
  if (v.text == "envalid:cleanEnv" && ctor.args.size() >= 2) return schema_field(v.ctor_ctx, ctor.args[1], name, true);
  return std::nullopt;
}

// Field `name` of a schema written as an object literal: its default, read as an environment
// variable's fallback when the schema validates the environment.
std::optional<Values> Evaluator::schema_field(const Ctx& ctx, ExprId schema, const std::string& name, bool env) {
  const parse::Module& m = *ctx.module;
  if (schema == kNone || m.expr(schema).kind != ExprKind::kDict) return std::nullopt;
  ExprId field = kNone;
  for (const auto& [k, val] : m.expr(schema).kwargs) {
    if (k == name) field = val;
  }
  if (field == kNone) return std::nullopt;
  Values defaults;
  // zod: `.default(x)` somewhere along the field's chain of calls.
  for (ExprId e = field; e != kNone && m.expr(e).kind == ExprKind::kCall;) {
    const Expr& call = m.expr(e);
    const Expr& callee = m.expr(call.a);
    if (callee.kind == ExprKind::kAttr && callee.text == "default" && !call.args.empty()) {
      defaults = eval(ctx, call.args[0]);
      break;
    }
    // envalid: `str({ default: "x" })`.
    if (callee.kind == ExprKind::kName && !call.args.empty() && m.expr(call.args[0]).kind == ExprKind::kDict) {
      for (const auto& [k, val] : m.expr(call.args[0]).kwargs) {
        if (k == "default") defaults = eval(ctx, val);
      }
      break;
    }
    e = callee.kind == ExprKind::kAttr ? callee.a : kNone;
  }
  if (env) return env_read(name, defaults.empty() ? nullptr : &defaults);
  if (!has_concrete(defaults)) return Values{unknown("a validated field without a default")};
  upgrade(defaults, Source::kConfigObject);
  return defaults;
}

// The module `django.conf.settings` stands for: DJANGO_SETTINGS_MODULE as manage.py / wsgi.py /
// asgi.py set it (`os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")`), else the
// project's only settings.py. Looked up once.
const parse::Module* Evaluator::django_settings() {
  if (!django_looked_up_) find_django_settings();
  return django_settings_path_.empty() ? nullptr : load(django_settings_path_);
}

// Reads manage.py / wsgi.py / asgi.py whatever the query's reach: the answer is cached for all.
void Evaluator::find_django_settings() {
  django_looked_up_ = true;
  for (const char* entry : {"manage.py", "wsgi.py", "asgi.py"}) {
    for (const auto& path : index_.files_named(entry)) {
      const parse::Module* m = index_.module(path);
      if (!m) continue;
      for (const auto& rec : m->calls) {
        const Expr& call = m->expr(rec.call);
        if (call.args.size() < 2 || chain_text(*m, call.a).find("environ.setdefault") == std::string::npos) continue;
        const Expr& key = m->expr(call.args[0]);
        const Expr& val = m->expr(call.args[1]);
        if (key.kind != ExprKind::kString || key.text != "DJANGO_SETTINGS_MODULE" || val.kind != ExprKind::kString) continue;
        if (auto p = index_.resolve_python_module(path, val.text, 0)) {
          django_settings_path_ = *p;
          return;
        }
      }
    }
  }
  auto only = index_.files_named("settings.py");
  if (only.size() == 1) django_settings_path_ = only[0];
}

bool Evaluator::declares_field(const parse::Module* m, int32_t ci, const std::string& name, int depth) {
  const parse::Class& c = m->classes[static_cast<size_t>(ci)];
  if (c.fields.count(name)) return true;
  if (depth >= 6) return false;
  for (ExprId base : c.bases) {
    for (const auto& b : eval(Ctx{m, c.scope, nullptr}, base)) {
      if (b.kind == Value::Kind::kClass && declares_field(b.module, b.index, name, depth + 1)) return true;
    }
  }
  return false;
}

// The env-var prefix of a pydantic-settings class (`model_config = SettingsConfigDict(env_prefix=
// "APP_")`, "" without one), or nullopt when the class does not derive from BaseSettings.
std::optional<std::string> Evaluator::settings_env_prefix(const parse::Module* m, int32_t ci, int depth) {
  const parse::Class& c = m->classes[static_cast<size_t>(ci)];
  std::optional<std::string> found;
  for (ExprId base : c.bases) {
    for (const auto& b : eval(Ctx{m, c.scope, nullptr}, base)) {
      if (b.kind == Value::Kind::kExternal && b.text.size() >= 12 && b.text.compare(b.text.size() - 12, 12, "BaseSettings") == 0) found = "";
      if (b.kind == Value::Kind::kClass && depth < 6) {
        if (auto p = settings_env_prefix(b.module, b.index, depth + 1)) found = p;
      }
    }
  }
  if (!found) return std::nullopt;
  if (auto it = c.fields.find("model_config"); it != c.fields.end()) {
    for (const auto& fa : it->second) {
      if (fa.value == kNone || m->expr(fa.value).kind != ExprKind::kCall) continue;
      for (const auto& [k, v] : m->expr(fa.value).kwargs) {
        if (k != "env_prefix") continue;
        for (const auto& pv : eval(Ctx{m, c.scope, nullptr}, v)) {
          if (pv.is_string()) return pv.text;
        }
      }
    }
  }
  return found;
}

// `field(default_factory=...)`: what calling the factory gives — a lambda's return value, or an
// instance of a project class (whose own field defaults then apply).
Values Evaluator::default_factory(const Ctx& ctx, ExprId factory) {
  Values out;
  for (const auto& f : eval(ctx, factory)) {
    if (f.kind == Value::Kind::kFunction) {
      add_all(out, call_function(ctx, kNone, f.module, f.index, 0));
    } else if (f.kind == Value::Kind::kClass) {
      Value inst;
      inst.kind = Value::Kind::kInstance;
      inst.module = f.module;
      inst.index = f.index;
      out.push_back(std::move(inst));
    }
  }
  if (out.empty()) return {unknown("a default_factory the analyzer cannot call")};
  return out;
}

}  // namespace llmspend::index

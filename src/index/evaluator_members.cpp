// Member access for the evaluator: attributes of values (`settings.MODEL`, `self.client`, an SDK
// object's steps), dict keys, subscripts and dotted paths, each read keeping the trace of the
// object it is read from.
#include "index/evaluator.h"

#include "index/evaluator_internal.h"

#include <algorithm>
#include <cctype>

namespace llmspend::index {

// What is read from an object keeps the object's own trace in front (`settings` imported from
// core.settings → field VECTOR_MODEL → .env).
void Evaluator::inherit_trace(const Value& from, Values& vals) {
  if (from.trace.empty()) return;
  for (auto& v : vals) {
    if (v.kind != Value::Kind::kUnknown) v.trace.insert(v.trace.begin(), from.trace.begin(), from.trace.end());
  }
}

Values Evaluator::member(const Value& v, const std::string& name) {
  Values out = member_of_value(v, name);
  inherit_trace(v, out);
  return out;
}

Values Evaluator::member_of_value(const Value& v, const std::string& name) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  if (v.element && !name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) {
    Value el = v;
    el.element = false;
    return {el};
  }
  switch (v.kind) {
    case Value::Kind::kExternal: {
      if (v.text == "django.conf.settings") {
        if (const parse::Module* sm = django_settings()) {
          Values vals = module_export(*sm, name);
          upgrade(vals, Source::kConfigObject);
          return vals;
        }
      }
      Value r = v;
      // CommonJS: require("m") is the default export and also carries the named ones.
      if (r.text.size() > 8 && r.text.compare(r.text.size() - 8, 8, ":default") == 0) {
        r.text.resize(r.text.size() - 7);
      }
      bool js_module = !r.text.empty() && r.text.back() == ':';
      r.text += (js_module ? "" : ".") + name;
      if (r.text == "process.env" || r.text == "import.meta.env") return {r};
      if (r.text.rfind("process.env.", 0) == 0 || r.text.rfind("import.meta.env.", 0) == 0) {
        return env_read(name, nullptr);
      }
      return {r};
    }
    case Value::Kind::kObject: {
      if (v.text == "argparse.ArgumentParser" && !v.steps.empty() && v.steps.back().name == "parse_args") {
        return argparse_default(v, name);
      }
      if (auto field = validated_env_field(v, name)) return *field;
      if (v.text == "@raycast/api:getPreferenceValues" && v.steps.empty()) return raycast_preference(v, name);
      if (v.text.rfind("commander:", 0) == 0 && is_commander_options(v)) return commander_option(v, name);
      if (is_yargs_args(v)) return yargs_option(v, name);
      if (is_webext_storage_items(v)) return webext_storage_default(v, name);
      if (v.text == "String.split" && v.steps.empty()) return split_piece(v, name);
      Value r = v;
      r.steps.push_back({name, kNone, {}});
      return {r};
    }
    case Value::Kind::kModule: {
      if (!v.module) return {unknown("module attribute")};
      // `import openai` that found a project file named `openai.py` without this attribute: the
      // installed package is meant (see eval_import).
      if (v.module->language == scan::Language::kPython && v.absolute && !python_defines(*v.module, name)) {
        return {external(v.text + "." + name)};
      }
      Values vals = module_export(*v.module, name);
      upgrade(vals, Source::kCrossFileConstant);
      return vals;
    }
    case Value::Kind::kInstance:
      return instance_field(v, name);
    case Value::Kind::kClass:
      return class_attr(v.module, v.index, name, nullptr, 0);
    case Value::Kind::kDict:
      return dict_key(v, name);
    case Value::Kind::kList:
      if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) {
        Value k;
        k.kind = Value::Kind::kNumber;
        k.text = name;
        return subscript(v, {k});
      }
      return {unknown("attribute of a list")};
    case Value::Kind::kString:
      // `.value` of an Enum member is the member's string (`Tier.QUICK.value`).
      if (name == "lower" || name == "upper" || name == "strip" || name == "trim" || name == "value") return {v};
      return {unknown("a string method")};
    default:
      return {unknown("attribute `" + name + "` of a value the analyzer does not know")};
  }
}

Values Evaluator::dict_key(const Value& dict, const std::string& key, bool label) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  if (dict.kind != Value::Kind::kDict) return {unknown("not a dict")};
  const parse::Module& m = *dict.module;
  const Expr& d = m.expr(dict.expr);
  Values out;
  for (const auto& [k, v] : d.kwargs) {
    if (k != key) continue;
    Values vals = eval(dict.ctx, v);
    if (dict.allowed) vals = allowed_values(std::move(vals));
    note(vals, m, m.expr(v).span.start_line, "key `" + key + "`");
    add_all(out, std::move(vals));
  }
  if (out.empty()) {
    // Later spreads may provide the key: `{...base, messages}`.
    for (ExprId s : d.args) {
      for (const auto& base : eval(dict.ctx, s)) {
        if (base.kind == Value::Kind::kDict) add_all(out, dict_key(base, key));
      }
    }
  }
  if (out.empty()) return {unknown("no key `" + key + "` in the object")};
  upgrade(out, dict.source);
  // TS enums and CommonJS export objects are constants, not configuration objects.
  if (label && d.text != "enum" && d.text != "exports") upgrade(out, Source::kConfigObject);
  return out;
}

Values Evaluator::subscript(const Value& v, const Values& keys) {
  Values out = subscript_value(v, keys);
  inherit_trace(v, out);
  return out;
}

Values Evaluator::subscript_value(const Value& v, const Values& keys) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  Values out;
  for (const auto& k : keys) {
    if (v.kind == Value::Kind::kObject && v.text == "String.split" && v.steps.empty() && k.kind == Value::Kind::kNumber) {
      add_all(out, split_piece(v, k.text));
      continue;
    }
    if (v.kind == Value::Kind::kExternal && (v.text == "os.environ" || v.text == "process.env") && k.is_string()) {
      add_all(out, env_read(k.text, nullptr));
    } else if (v.kind == Value::Kind::kDict && k.is_string()) {
      add_all(out, dict_key(v, k.text));
    } else if (v.kind == Value::Kind::kDict && k.kind != Value::Kind::kNumber) {
      // A lookup by a runtime key: every value of the map is a candidate.
      const Expr& d = v.module->expr(v.expr);
      for (const auto& kv : d.kwargs) {
        Values el = eval(v.ctx, kv.second);
        upgrade(el, Source::kConfigObject);
        upgrade(el, v.source);
        add_all(out, el);
      }
    } else if (v.element && k.kind == Value::Kind::kNumber) {
      Value el = v;
      el.element = false;
      add_all(out, {el});
    } else if (v.kind == Value::Kind::kList && k.kind == Value::Kind::kNumber) {
      const Expr& list = v.module->expr(v.expr);
      long idx = std::strtol(k.text.c_str(), nullptr, 10);
      if (idx < 0) idx += static_cast<long>(list.args.size());
      if (idx >= 0 && static_cast<size_t>(idx) < list.args.size()) {
        Values el = eval(v.ctx, list.args[static_cast<size_t>(idx)]);
        upgrade(el, Source::kConfigObject);
        upgrade(el, v.source);
        add_all(out, el);
      }
    } else if (v.kind == Value::Kind::kInstance && k.is_string()) {
      add_all(out, instance_field(v, k.text));
    }
  }
  if (out.empty()) return {unknown("a lookup with a key the analyzer does not know")};
  return out;
}

Values Evaluator::select_path(Values vals, const std::vector<std::string>& path) {
  Guard guard(*this);
  if (over_budget()) return {unknown("analysis budget exhausted")};
  for (const auto& key : path) {
    Values next;
    for (const auto& v : vals) {
      if (v.kind == Value::Kind::kList) {
        Value k;
        k.kind = Value::Kind::kNumber;
        k.text = key;
        add_all(next, subscript(v, {k}));
      } else if (v.kind == Value::Kind::kDict || v.kind == Value::Kind::kInstance ||
                 v.kind == Value::Kind::kModule || v.kind == Value::Kind::kObject) {
        add_all(next, member(v, key));
      }
    }
    if (next.empty()) return {unknown("destructured from a value the analyzer does not know")};
    vals = std::move(next);
  }
  return vals;
}

}  // namespace llmspend::index

#include "schema_check.h"

#include <regex>

namespace llmspend::e2e {
namespace {

using Json = nlohmann::json;

class Validator {
 public:
  explicit Validator(const Json& root) : root_(root) {}

  void check(const Json& schema, const Json& v, const std::string& at) {
    if (schema.contains("$ref")) return check(resolve(schema["$ref"]), v, at);
    if (schema.contains("type") && !type_ok(schema["type"], v)) {
      return fail(at, "expected type " + schema["type"].dump() + ", got " + v.type_name());
    }
    if (schema.contains("const") && schema["const"] != v) fail(at, "expected " + schema["const"].dump());
    if (schema.contains("enum") && !in_enum(schema["enum"], v)) fail(at, v.dump() + " is not in " + schema["enum"].dump());
    if (v.is_object()) check_object(schema, v, at);
    if (v.is_array() && schema.contains("items")) {
      for (size_t i = 0; i < v.size(); ++i) check(schema["items"], v[i], at + "/" + std::to_string(i));
    }
    if (v.is_string()) check_string(schema, v.get<std::string>(), at);
    if (v.is_number() && schema.contains("minimum") && v.get<double>() < schema["minimum"].get<double>()) {
      fail(at, "below the minimum " + schema["minimum"].dump());
    }
  }

  std::vector<std::string> errors;

 private:
  const Json& resolve(const Json& ref) {
    const std::string r = ref.get<std::string>();
    return root_.at(Json::json_pointer(r.substr(1)));  // "#/$defs/x" → "/$defs/x"
  }

  static bool one_type(const std::string& t, const Json& v) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    return false;
  }

  static bool type_ok(const Json& type, const Json& v) {
    if (type.is_string()) return one_type(type.get<std::string>(), v);
    for (const Json& t : type) {
      if (one_type(t.get<std::string>(), v)) return true;
    }
    return false;
  }

  static bool in_enum(const Json& options, const Json& v) {
    for (const Json& o : options) {
      if (o == v) return true;
    }
    return false;
  }

  void check_object(const Json& schema, const Json& v, const std::string& at) {
    for (const Json& key : schema.value("required", Json::array())) {
      if (!v.contains(key.get<std::string>())) fail(at, "missing required key " + key.dump());
    }
    const Json props = schema.value("properties", Json::object());
    for (const auto& [key, value] : v.items()) {
      const std::string here = at + "/" + key;
      if (props.contains(key)) {
        check(props[key], value, here);
      } else if (schema.contains("additionalProperties")) {
        const Json& extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) fail(here, "unexpected key");
        if (extra.is_object()) check(extra, value, here);
      }
    }
  }

  void check_string(const Json& schema, const std::string& s, const std::string& at) {
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
      fail(at, "shorter than minLength");
    }
    if (schema.contains("pattern")) {
      const std::regex re(schema["pattern"].get<std::string>(), std::regex::ECMAScript);
      if (!std::regex_search(s, re)) fail(at, "\"" + s + "\" does not match " + schema["pattern"].dump());
    }
  }

  void fail(const std::string& at, const std::string& what) {
    errors.push_back((at.empty() ? "/" : at) + ": " + what);
  }

  const Json& root_;
};

}  // namespace

std::vector<std::string> validate(const nlohmann::json& schema, const nlohmann::json& doc) {
  Validator v(schema);
  v.check(schema, doc, "");
  return std::move(v.errors);
}

}  // namespace llmspend::e2e

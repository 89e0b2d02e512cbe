#include "cost/yaml_util.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/money.h"
#include "core/strings.h"

namespace llmspend::cost {

std::string yaml_where(const std::string& origin, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return origin;
  return fmt::format("{}:{}", origin, mark.line + 1);
}

core::Result<YAML::Node> parse_yaml(std::string_view text, const std::string& origin) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return core::Error{fmt::format("{}:{}:{}: invalid YAML: {}", origin, e.mark.line + 1,
                                   e.mark.column + 1, e.msg)};
  }
}

core::Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{fmt::format("{}: cannot read the file; check the path", path)};
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

std::optional<core::Error> check_keys(const YAML::Node& map, const std::vector<std::string>& known,
                                      const std::string& origin, std::string_view what) {
  if (!map.IsMap()) {
    return core::Error{fmt::format("{}: {} must be a mapping of keys to values",
                                   yaml_where(origin, map), what)};
  }
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>("");
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string hint = core::closest(key, known);
    std::string next = hint.empty() ? fmt::format("known keys: {}", fmt::join(known, ", "))
                                    : fmt::format("did you mean `{}`?", hint);
    return core::Error{fmt::format("{}: unknown key `{}` in {}; {}", yaml_where(origin, kv.first),
                                   key, what, next)};
  }
  return std::nullopt;
}

namespace {

std::optional<int64_t> parse_count(std::string text) {
  std::erase(text, '_');
  std::erase(text, ',');
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

core::Result<int64_t> read_count(const YAML::Node& node, const std::string& origin,
                                 std::string_view key) {
  std::optional<int64_t> v;
  if (node.IsScalar()) v = parse_count(node.Scalar());
  if (!v) {
    return core::Error{fmt::format("{}: `{}` must be a whole non-negative number, e.g. 1000",
                                   yaml_where(origin, node), key)};
  }
  return *v;
}

core::Result<int64_t> read_fraction_ppm(const YAML::Node& node, const std::string& origin,
                                        std::string_view key) {
  std::optional<core::Money> m;
  if (node.IsScalar()) m = core::Money::parse(node.Scalar());
  if (!m || m->is_negative() || m->nanos() > core::Money::kNanosPerUnit) {
    return core::Error{fmt::format("{}: `{}` must be a fraction between 0 and 1, e.g. 0.25",
                                   yaml_where(origin, node), key)};
  }
  return m->nanos() / 1000;
}

core::Result<int64_t> read_minutes_as_seconds(const YAML::Node& node, const std::string& origin,
                                              std::string_view key) {
  constexpr int64_t kMinutesPerDay = 24 * 60;
  std::optional<core::Money> m;
  if (node.IsScalar()) m = core::Money::parse(node.Scalar());
  if (!m || m->is_negative() || m->nanos() > kMinutesPerDay * core::Money::kNanosPerUnit) {
    return core::Error{fmt::format("{}: `{}` must be minutes of audio per call, e.g. 2 or 0.5",
                                   yaml_where(origin, node), key)};
  }
  // nanos of a minute × 60 / 1e9 = seconds, rounded half up.
  return (m->nanos() * 60 + core::Money::kNanosPerUnit / 2) / core::Money::kNanosPerUnit;
}

core::Result<std::string> read_string(const YAML::Node& node, const std::string& origin,
                                      std::string_view key) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    return core::Error{
        fmt::format("{}: `{}` must be a non-empty string", yaml_where(origin, node), key)};
  }
  return node.Scalar();
}

core::Result<std::vector<std::string>> read_string_list(const YAML::Node& node,
                                                        const std::string& origin,
                                                        std::string_view key) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    return core::Error{
        fmt::format("{}: `{}` must be a list of strings", yaml_where(origin, node), key)};
  }
  for (const auto& item : node) {
    auto s = read_string(item, origin, key);
    if (!s) return s.error();
    out.push_back(*s);
  }
  return out;
}

}  // namespace llmspend::cost

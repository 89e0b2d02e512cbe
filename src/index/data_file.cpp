#include "index/data_file.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace llmspend::index {
namespace {

constexpr int kMaxDepth = 64;

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::char_traits<char>::length(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

class Builder {
 public:
  explicit Builder(parse::Module& m) : m_(m) {}

  parse::ExprId add(parse::ExprKind k, std::string text, int line) {
    parse::Expr e;
    e.kind = k;
    e.text = std::move(text);
    e.span.start_line = e.span.end_line = line;
    m_.exprs.push_back(std::move(e));
    return static_cast<parse::ExprId>(m_.exprs.size() - 1);
  }

  parse::ExprId json(const nlohmann::json& j, int depth) {
    if (depth > kMaxDepth) return add(parse::ExprKind::kUnknown, "", 1);
    if (j.is_string()) return add(parse::ExprKind::kString, j.get<std::string>(), 1);
    if (j.is_number()) return add(parse::ExprKind::kNumber, j.dump(), 1);
    if (j.is_null()) return add(parse::ExprKind::kNull, "", 1);
    if (j.is_object()) {
      std::vector<std::pair<std::string, parse::ExprId>> kv;
      for (auto& [k, v] : j.items()) kv.emplace_back(k, json(v, depth + 1));
      parse::ExprId id = add(parse::ExprKind::kDict, "", 1);
      m_.exprs[static_cast<size_t>(id)].kwargs = std::move(kv);
      return id;
    }
    if (j.is_array()) {
      std::vector<parse::ExprId> items;
      for (const auto& v : j) items.push_back(json(v, depth + 1));
      parse::ExprId id = add(parse::ExprKind::kList, "", 1);
      m_.exprs[static_cast<size_t>(id)].args = std::move(items);
      return id;
    }
    return add(parse::ExprKind::kUnknown, "", 1);
  }

  parse::ExprId yaml(const YAML::Node& n, int depth) {
    int line = n.Mark().line >= 0 ? n.Mark().line + 1 : 1;
    if (depth > kMaxDepth) return add(parse::ExprKind::kUnknown, "", line);
    if (n.IsScalar()) return add(parse::ExprKind::kString, n.Scalar(), line);
    if (n.IsNull()) return add(parse::ExprKind::kNull, "", line);
    if (n.IsMap()) {
      std::vector<std::pair<std::string, parse::ExprId>> kv;
      for (const auto& it : n) {
        if (it.first.IsScalar()) kv.emplace_back(it.first.Scalar(), yaml(it.second, depth + 1));
      }
      parse::ExprId id = add(parse::ExprKind::kDict, "", line);
      m_.exprs[static_cast<size_t>(id)].kwargs = std::move(kv);
      return id;
    }
    if (n.IsSequence()) {
      std::vector<parse::ExprId> items;
      for (const auto& v : n) items.push_back(yaml(v, depth + 1));
      parse::ExprId id = add(parse::ExprKind::kList, "", line);
      m_.exprs[static_cast<size_t>(id)].args = std::move(items);
      return id;
    }
    return add(parse::ExprKind::kUnknown, "", line);
  }

 private:
  parse::Module& m_;
};

}  // namespace

bool is_data_path(const std::string& path) {
  return ends_with(path, ".json") || ends_with(path, ".yaml") || ends_with(path, ".yml");
}

std::unique_ptr<parse::Module> data_module(const std::string& path, const std::string& text) {
  auto m = std::make_unique<parse::Module>();
  m->path = path;
  m->language = scan::Language::kJavaScript;  // exports-based lookup, like a JSON module import
  m->scopes.emplace_back();
  Builder b(*m);
  parse::ExprId root = parse::kNone;
  if (ends_with(path, ".json")) {
    auto j = nlohmann::json::parse(text, nullptr, false, /*ignore_comments=*/true);
    if (j.is_discarded()) return nullptr;
    root = b.json(j, 0);
  } else {
    try {
      root = b.yaml(YAML::Load(text), 0);
    } catch (const YAML::Exception&) {
      return nullptr;
    }
  }
  m->exports["default"] = root;
  m->exports["module.exports"] = root;
  return m;
}

}  // namespace llmspend::index

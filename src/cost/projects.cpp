#include "cost/projects.h"

#include <filesystem>

namespace llmspend::cost {
namespace fs = std::filesystem;
namespace {

fs::path absolute_normal(const std::string& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p.empty() ? fs::path(".") : fs::path(p), ec);
  return abs.lexically_normal();
}

bool escapes(const std::string& relative) {
  return relative == ".." || relative.rfind("../", 0) == 0;
}

/// Whether `path` is `dir` or lies under it ("." holds everything).
bool holds(const std::string& dir, const std::string& path) {
  if (dir == ".") return true;
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         path[dir.size()] == '/');
}

}  // namespace

ProjectMap::ProjectMap(const std::vector<Project>& projects, const std::string& config_dir,
                       const std::string& scan_base)
    : projects_(projects) {
  std::string rel =
      absolute_normal(scan_base).lexically_relative(absolute_normal(config_dir)).generic_string();
  while (rel.size() > 1 && rel.back() == '/') rel.pop_back();
  base_ = rel.empty() ? "." : rel;
  outside_ = escapes(base_);
}

std::optional<std::string> ProjectMap::config_relative(std::string_view site_path) const {
  if (outside_) return std::nullopt;
  std::string path = (fs::path(base_) / fs::path(site_path)).lexically_normal().generic_string();
  if (escapes(path)) return std::nullopt;
  return path;
}

bool ProjectMap::covers(const std::string& dir) const { return !outside_ && holds(base_, dir); }

std::optional<Placement> ProjectMap::place(std::string_view site_path) const {
  if (projects_.empty()) return std::nullopt;
  // A site whose path climbs out of the config's directory is in no project.
  auto relative = config_relative(site_path);
  if (!relative) return std::nullopt;
  const std::string& path = *relative;
  const Project* best = nullptr;
  for (const Project& p : projects_) {
    if (holds(p.path, path) && (best == nullptr || p.path.size() > best->path.size())) best = &p;
  }
  if (best == nullptr) return std::nullopt;
  std::string inner =
      best->path == "." ? path : path.substr(std::min(path.size(), best->path.size() + 1));
  return Placement{best, inner.empty() ? "." : inner};
}

std::string project_relative_id(const std::string& id, std::string_view site_path,
                                const std::string& project_path) {
  if (id.compare(0, site_path.size(), site_path) != 0) return id;
  return project_path + id.substr(site_path.size());
}

}  // namespace llmspend::cost

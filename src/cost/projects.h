#pragma once
/// Which monorepo project (`projects:` in .llmspend.yml) a site belongs to, and what the site is
/// called inside that project. Project paths are relative to the config file's directory; site
/// paths are relative to the scan root, which may be that directory, one below it (`llmspend
/// scan services/api`), or elsewhere. Both are placed in one frame by plain path arithmetic (no
/// filesystem access), so the same site lands in the same project whichever directory is
/// scanned, and its project-relative id is the same as when the project is scanned alone.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cost/config.h"

namespace llmspend::cost {

/// A site placed in a project.
struct Placement {
  const Project* project = nullptr;
  std::string path;  ///< the site's path relative to the project's directory
};

class ProjectMap {
 public:
  /// `config_dir` is the config file's directory and `scan_base` the directory that site paths
  /// are relative to; relative ones are taken from the current directory.
  ProjectMap(const std::vector<Project>& projects, const std::string& config_dir,
             const std::string& scan_base);

  /// The project whose path holds `site_path` (the longest such path wins); nullopt when the
  /// site is outside every project (or outside the config's directory).
  std::optional<Placement> place(std::string_view site_path) const;

  /// `site_path` relative to the config's directory, as files named by the config (its
  /// `usage_file`) name sites; nullopt when the site is outside that directory.
  std::optional<std::string> config_relative(std::string_view site_path) const;

  /// Whether the scan covers all of `dir` (relative to the config's directory, "." = all of
  /// it), so that a usage file speaking for `dir` can be checked against the sites found.
  bool covers(const std::string& dir) const;

  bool empty() const { return projects_.empty(); }

 private:
  const std::vector<Project>& projects_;
  std::string base_;      ///< the scan base relative to the config dir ("." when they are one)
  bool outside_ = false;  ///< the scan base is not under the config dir at all
};

/// The id a usage file of the project uses for the site: `id` with its leading `site_path`
/// replaced by `project_path` (ids start with the path: `path::function::callee#n`).
std::string project_relative_id(const std::string& id, std::string_view site_path,
                                const std::string& project_path);

}  // namespace llmspend::cost

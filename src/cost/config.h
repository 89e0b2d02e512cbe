#pragma once
/// `.llmspend.yml`: the project's settings, found by walking up from the scan root (or given with
/// `--config`). What scan uses: `exclude`, `default_models`, `azure_deployments`, `usage_file`,
/// `pricing_file`, `usage`, `discounts` and `projects`; `llmspend diff` also reads `policies`.
/// See docs/config.md.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/result.h"
#include "cost/usage_file.h"

namespace llmspend::cost {

inline constexpr std::string_view kConfigFileName = ".llmspend.yml";

/// A negotiated discount: every price of `provider` (or of one model) times `factor`.
struct Discount {
  std::string provider;
  std::string model;  ///< "" = every model of the provider
  core::Money factor;  ///< dimensionless: 0.8 means 20% off
};

/// A monthly budget for the sites under a path glob (`policies.budgets`).
struct PathBudget {
  std::string path;  ///< glob relative to the scan root, core::glob_match syntax
  core::Money max_monthly;
};

/// `policies:` — the budget rules that make `llmspend diff` fail (exit 1). Evaluated by diff/;
/// only violations that are new in the head revision fail.
struct Policies {
  std::optional<core::Money> max_monthly_increase;          ///< USD per month
  std::optional<core::Money> max_monthly_increase_percent;  ///< percent of the base total
  std::optional<core::Money> max_monthly_total;             ///< USD per month, whole project
  std::vector<PathBudget> budgets;
  bool fail_on_unresolved_model = false;  ///< a new site whose model is unresolved or unpriced
  bool fail_on_deprecated_model = false;  ///< a new use of a model past its deprecation date

  /// Whether any rule is set (no rules: the verdict is "none", never "fail").
  bool any() const {
    return max_monthly_increase || max_monthly_increase_percent || max_monthly_total ||
           !budgets.empty() || fail_on_unresolved_model || fail_on_deprecated_model;
  }
};

/// A sub-project of a monorepo (`projects:`): the sites under `path` are reported under `name`,
/// with their own subtotal, and `usage_file` (when there is one) speaks for them before the root
/// usage file (docs/config.md "Monorepo projects").
struct Project {
  std::string name;
  /// Relative to the config file's directory, '/'-separated, lexically normal, no trailing '/';
  /// "." is the whole directory.
  std::string path;
  /// Resolved against the config's directory. "" when `usage_file` is not set: then
  /// `<path>/llmspend-usage.yml` is used if it exists (see default_usage_file).
  std::string usage_file;
  int line = 0;  ///< where the entry starts in the config file, for messages

  /// `<config dir>/<path>/llmspend-usage.yml`, the file used when `usage_file` is not set.
  std::string default_usage_file(const std::string& config_dir) const;
};

struct Config {
  std::string path;  ///< the file read; "" when there is none
  std::string dir;   ///< its directory; relative paths in the file are relative to it
  std::vector<std::string> exclude;  ///< globs relative to the scan root
  /// Model assumed where the code does not say: key is an SDK id ("openai-python"), a provider
  /// ("openai") or "*"; looked up in that order. Sites priced this way are `config_default`.
  std::map<std::string, std::string> default_models;
  std::map<std::string, std::string> azure_deployments;  ///< deployment name → model
  std::string usage_file;    ///< resolved against `dir`; "" when not set
  std::string pricing_file;  ///< resolved against `dir`; "" when not set
  UsageValues usage;
  std::vector<Discount> discounts;
  Policies policies;
  std::vector<Project> projects;  ///< in file order; names and paths are unique

  /// The configured default model for a site of `sdk` at `provider`, if any.
  std::optional<std::string> default_model(std::string_view sdk, std::string_view provider) const;
};

/// The nearest `.llmspend.yml` in `start` or a parent directory (start may be a file).
std::optional<std::string> find_config(const std::string& start);

core::Result<Config> parse_config(std::string_view text, const std::string& path);
core::Result<Config> load_config(const std::string& path);

}  // namespace llmspend::cost

#pragma once
/// The change in monthly spend between two reports (base and head), matched by stable site
/// identity (CONTRACT.md "Identity of a site"): the id is path::function::callee#occurrence, with
/// no line in it, so moving a call, reformatting it or editing elsewhere in the file is not a
/// change; a renamed file (`git diff -M`) maps base ids onto head ids. Only sites whose monthly
/// cost or status moved are listed; the others are counted as unchanged. JSON form: CONTRACT.md
/// "JSON diff".
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "cost/costed_site.h"
#include "report/report.h"

namespace llmspend::diff {

inline constexpr int kDiffSchemaVersion = 1;

enum class ChangeKind { kAdded, kRemoved, kChanged };
/// "added", "removed", "changed".
std::string_view kind_name(ChangeKind k);

/// One side of a listed site.
struct SideView {
  std::string provider;
  std::optional<std::string> model;  ///< null when unresolved or multi-valued
  std::vector<std::string> model_candidates;
  std::optional<core::Money> monthly;  ///< null when not priced
  std::string status;                  ///< CONTRACT status
};

struct Change {
  ChangeKind kind = ChangeKind::kChanged;
  std::string id;    ///< the head id (the base id for removed sites)
  std::string path;  ///< head location (base location for removed sites)
  std::optional<int> cell;
  int start_line = 0;
  std::string function;
  std::string api;
  std::string base_path;                     ///< the base path when the file was renamed, else ""
  std::optional<SideView> before;            ///< absent for added sites
  std::optional<SideView> after;             ///< absent for removed sites
  std::optional<core::Money> delta_monthly;  ///< null when a side's cost is unknown
  /// Why: model | provider | usage | tokens | price | tier | status (fixed order).
  std::vector<std::string> reasons;
  /// Where the change was made when it is elsewhere (the model's origin in another file).
  std::optional<resolve::Origin> cause;
};

struct Totals {
  core::Money past_monthly;
  core::Money monthly;
  core::Money delta_monthly;
  std::optional<core::Money> percent;  ///< of past_monthly; null when the base costs nothing
};

struct Summary {
  int added = 0;
  int removed = 0;
  int changed = 0;
  int unchanged = 0;
};

/// `--price-change`: how much of the delta is the price table moving between the base commit's
/// date and now (base code priced both ways), and how much is the code.
struct PriceChange {
  std::string base_as_of;
  std::string head_as_of;
  core::Money price_delta;
  core::Money code_delta;
};

/// One policy verdict line (diff/policy.h).
struct Finding {
  std::string rule;  ///< the config key: max_monthly_increase, budgets, …
  std::string message;
  std::string path;  ///< "" for project-wide rules
  std::optional<int> line;
  bool blocking = true;  ///< false: the violation already existed in the base (reported only)
};

struct PolicyResult {
  std::string verdict = "none";  ///< none (no rules) | pass | fail
  std::vector<Finding> findings;
};

/// A head site without a price, for the collapsed details.
struct UnpricedSite {
  std::string path;
  std::optional<int> cell;
  int line = 0;
  std::string status;
  std::string reason;
};

struct Details {
  std::vector<cost::Assumption> assumptions;  ///< the head's
  std::vector<UnpricedSite> unpriced;         ///< head sites with an unresolved/unpriced model
  int diagnostics = 0;                        ///< files the head scan could not read or parse
};

struct ReportDiff {
  std::string base_ref;
  std::string head_ref;
  std::string currency = "USD";
  std::string table_version;
  std::vector<Change> changes;  ///< |delta| descending (unknown last), then path, line, id
  Totals totals;
  Summary summary;
  std::optional<PriceChange> price_change;
  PolicyResult policy;
  Details details;
};

struct DiffOptions {
  std::string base_ref;  ///< shown as given: a commit id, a branch, a file name
  std::string head_ref;
  std::map<std::string, std::string> renames;  ///< base path → head path
};

/// Matches `base` and `head` by site id and lists what moved.
ReportDiff diff_reports(const report::Report& base, const report::Report& head,
                        const DiffOptions& options);

/// Fills `d.price_change` from the base code priced at the base date (`base_then`, the diff's
/// base) and at the head's date (`base_now`).
void attribute_price_change(ReportDiff& d, const report::Report& base_then,
                            const report::Report& base_now);

/// `part` as a percentage of `whole`, to 0.1; null when `whole` is zero.
std::optional<core::Money> percent_of(core::Money part, core::Money whole);

}  // namespace llmspend::diff

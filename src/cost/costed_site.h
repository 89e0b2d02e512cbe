#pragma once
/// A resolved site with its usage figures, the price period that priced it and its cost: one row
/// of the report. Self-contained (no pointers into the price table) so a report can be read back
/// from JSON and compared.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/money.h"
#include "cost/usage_file.h"
#include "resolve/resolved_site.h"

namespace llmspend::cost {

/// CONTRACT `status`, in the order the report's summary lists them.
enum class Status : uint8_t { kEstimated, kUsageUnknown, kUnpricedModel, kUnresolvedModel, kFree };

std::string_view status_name(Status s);
std::optional<Status> parse_status(std::string_view name);

/// The price period that priced a site, reduced to what reports show.
struct PriceInfo {
  std::string model_key;
  std::string provider;
  std::string matched_by;  ///< exact | alias | match rule … (price/price_table.h)
  std::string effective_from;
  std::optional<std::string> effective_to;
  std::string source;
  std::optional<core::Money> input_per_mtok;   ///< of the tier applied
  std::optional<core::Money> output_per_mtok;  ///< of the tier applied
  std::string tier = "standard";               ///< standard | batch | flex | priority
};

/// A built-in default that priced something, for the report's `assumptions`.
struct Assumption {
  std::string key;
  std::variant<int64_t, std::string> value;
  friend bool operator==(const Assumption&, const Assumption&) = default;
};

struct CostedSite {
  resolve::ResolvedSite site;  ///< model and model_source replaced when a config default applies
  /// The monorepo project (`projects:` in .llmspend.yml) whose path holds the site; "" when the
  /// config has no projects or the site is outside all of them.
  std::string project;
  Status status = Status::kEstimated;
  Sourced<int64_t> calls_per_month;
  Sourced<int64_t> input_tokens;
  Sourced<int64_t> output_tokens;
  std::optional<int64_t> output_tokens_ceiling;  ///< the cap: every call uses all of it
  /// Reasoning tokens per call, on top of `output_tokens` and billed like output (the reasoning
  /// rate when the table has one). No value: the call does not reason, or the usage file's
  /// `output_tokens` already includes them (source `included_in_output_tokens`).
  Sourced<int64_t> reasoning_tokens;
  /// Billed units of APIs not priced per token: `unit` "image" (images per call) or "character"
  /// (characters spoken per call); `unit` is empty for token-priced APIs.
  Sourced<int64_t> units;
  std::string unit;
  std::optional<PriceInfo> price;
  /// The rate reasoning tokens were billed at: the table's reasoning rate, else the tier's output
  /// rate. For `explain`'s arithmetic; not in JSON v1 (a report read back has none).
  std::optional<core::Money> reasoning_per_mtok;
  /// The usage file's shares that blended the per-call cost (cost_model.h), set only when they
  /// applied: input read from the prompt cache at `cache_read_per_mtok`, and calls sent at batch
  /// prices. For `explain`'s arithmetic; not in JSON v1 (the site's notes say them).
  Sourced<int64_t> cache_hit_ppm;
  std::optional<core::Money> cache_read_per_mtok;
  Sourced<int64_t> batch_share_ppm;
  std::optional<core::Money> per_call;         ///< exact to the nano-dollar
  std::optional<core::Money> monthly;          ///< rounded to the cent; rows sum to totals
  std::optional<core::Money> monthly_ceiling;  ///< every call hits its output cap
  std::vector<Assumption> assumptions;
};

}  // namespace llmspend::cost

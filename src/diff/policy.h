#pragma once
/// Budget policies (`.llmspend.yml` `policies:`, cost::Policies) evaluated on a diff. Baseline-
/// aware: a rule fails only on what the head revision makes new or worse — an already exceeded
/// total or path budget fails only when the change raises it further, and the unresolved and
/// deprecated-model rules look only at added sites and sites whose model changed. Findings that
/// existed before are still listed, marked non-blocking.
#include <string>

#include "cost/config.h"
#include "diff/report_diff.h"
#include "price/price_table.h"
#include "report/report.h"

namespace llmspend::diff {

struct PolicyContext {
  const cost::Policies* policies = nullptr;
  const report::Report* base = nullptr;
  const report::Report* head = nullptr;
  const price::PriceTable* prices = nullptr;  ///< deprecation dates; null disables that rule
  std::string today;                          ///< YYYY-MM-DD, for deprecation dates
};

/// Fills `d.policy`: verdict "none" without rules, else "fail" when a blocking finding exists,
/// else "pass".
void evaluate_policies(ReportDiff& d, const PolicyContext& ctx);

}  // namespace llmspend::diff

#pragma once
/// Invariants every JSON report must keep, checked on every JSON output of the tests: the rows
/// sum to the totals (overall, by provider, by model, by project), ids are unique, the summary
/// counts the rows, the rows are in the report's total order, each status agrees with its
/// numbers, and the report reads back and re-renders byte for byte.
#include <string>
#include <vector>

namespace llmspend::e2e {

/// Every broken invariant, described; empty when the report is consistent.
std::vector<std::string> check_invariants(const std::string& json_text);

}  // namespace llmspend::e2e

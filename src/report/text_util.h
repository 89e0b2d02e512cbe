#pragma once
/// Formatting shared by the human-facing renderers (table, markdown, SARIF messages).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cost/costed_site.h"
#include "report/report.h"

namespace llmspend::report {

/// "app/chat.py:41" or, in a notebook, "nb.ipynb cell 3:2".
std::string location_text(const resolve::ResolvedSite& s);
/// The model as people read it: "gpt-4o", "gpt-4o | gpt-4o-mini", "?".
std::string model_text(const resolve::ResolvedSite& s);
/// 1234567 → "1,234,567".
std::string count_text(int64_t n);
std::string count_text(const std::optional<int64_t>& n);
/// "unresolved model", "unpriced model", "usage unknown", "free", "estimated".
std::string status_text(cost::Status s);
/// "calls_per_month_default = 1000".
std::string assumption_text(const cost::Assumption& a);
/// Why a site has no cost, in one line (its unresolved reason or last note).
std::string skip_reason(const cost::CostedSite& c);
/// A token figure for a table cell: its count, "?" when unknown, "-" when the API is not billed
/// by tokens (images, speech, audio: source `not_modelled`).
std::string tokens_text(const cost::Sourced<int64_t>& f);
/// Reasoning tokens per call for a table cell: the count, "incl." when the usage file's
/// `output_tokens` already covers them, "" when the call does not reason.
std::string reasoning_text(const cost::CostedSite& c);
/// Billed units per call for a table cell: "1 image", "1,000 characters"; "" for token-priced
/// calls.
std::string units_text(const cost::CostedSite& c);

/// The columns a human-facing table shows only when some row has a value for them, so a report
/// without reasoning models or image/speech calls stays as narrow as before.
struct OptionalColumns {
  bool reasoning = false;  ///< some site reasons (or its reasoning is included in its output)
  bool units = false;      ///< some site is billed per image or character
};
OptionalColumns optional_columns(const Report& r);

/// Display width of UTF-8 text (code points; good enough for identifiers and paths).
size_t display_width(std::string_view s);

/// Left/right aligned columns separated by two spaces; no trailing spaces.
class TextTable {
 public:
  void columns(std::vector<std::string> titles, std::vector<bool> right_aligned);
  void row(std::vector<std::string> cells);
  /// Makes `column` at least `width` wide (for text aligned to it outside the table).
  void min_width(size_t column, size_t width);
  /// The header line, then one line per row, in row order.
  std::vector<std::string> lines() const;
  /// The width of each column as `lines` lays them out.
  std::vector<size_t> widths() const;
  size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> titles_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> min_widths_;
};

}  // namespace llmspend::report

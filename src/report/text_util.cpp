#include "report/text_util.h"

#include "report/escape.h"

#include <algorithm>

#include <fmt/format.h>

namespace llmspend::report {

std::string location_text(const resolve::ResolvedSite& s) {
  if (s.cell) return fmt::format("{} cell {}:{}", s.path, *s.cell, s.start_line);
  return fmt::format("{}:{}", s.path, s.start_line);
}

std::string model_text(const resolve::ResolvedSite& s) {
  if (s.model) return *s.model;
  if (!s.model_candidates.empty()) return fmt::format("{}", fmt::join(s.model_candidates, " | "));
  return "?";
}

std::string count_text(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int pos = static_cast<int>(digits.size()) - 3; pos > 0; pos -= 3) digits.insert(pos, ",");
  return n < 0 ? "-" + digits : digits;
}

std::string count_text(const std::optional<int64_t>& n) { return n ? count_text(*n) : "?"; }

std::string status_text(cost::Status s) {
  std::string name(cost::status_name(s));
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

std::string assumption_text(const cost::Assumption& a) {
  return std::visit([&](const auto& v) { return fmt::format("{} = {}", a.key, v); }, a.value);
}

std::string skip_reason(const cost::CostedSite& c) {
  if (c.status == cost::Status::kUnresolvedModel && !c.site.unresolved_reason.empty()) {
    return c.site.unresolved_reason;
  }
  if (!c.site.notes.empty()) return c.site.notes.back();
  return status_text(c.status);
}

std::string tokens_text(const cost::Sourced<int64_t>& f) {
  if (!f.value && f.source == "not_modelled") return "-";
  return count_text(f.value);
}

std::string reasoning_text(const cost::CostedSite& c) {
  if (c.reasoning_tokens.value) return count_text(*c.reasoning_tokens.value);
  return c.reasoning_tokens.source == "included_in_output_tokens" ? "incl." : "";
}

std::string units_text(const cost::CostedSite& c) {
  if (c.unit.empty() || !c.units.value) return "";
  const int64_t n = *c.units.value;
  return fmt::format("{} {}{}", count_text(n), c.unit, n == 1 ? "" : "s");
}

OptionalColumns optional_columns(const Report& r) {
  OptionalColumns o;
  for (const auto& c : r.sites) {
    o.reasoning |= !reasoning_text(c).empty();
    o.units |= !units_text(c).empty();
  }
  return o;
}

size_t display_width(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  }));
}

void TextTable::columns(std::vector<std::string> titles, std::vector<bool> right_aligned) {
  titles_ = std::move(titles);
  right_ = std::move(right_aligned);
}

void TextTable::row(std::vector<std::string> cells) {
  // Cells hold text from analysed code; a terminal must not act on control characters in it.
  for (auto& cell : cells) cell = terminal_text(cell);
  rows_.push_back(std::move(cells));
}

namespace {

std::string pad(const std::string& cell, size_t width, bool right) {
  std::string fill(width - std::min(width, display_width(cell)), ' ');
  return right ? fill + cell : cell + fill;
}

std::string join_row(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                     const std::vector<bool>& right) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += "  ";
    line += pad(cells[i], widths[i], right[i]);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

void TextTable::min_width(size_t column, size_t width) {
  if (min_widths_.size() <= column) min_widths_.resize(column + 1);
  min_widths_[column] = std::max(min_widths_[column], width);
}

std::vector<size_t> TextTable::widths() const {
  std::vector<size_t> widths(titles_.size());
  for (size_t i = 0; i < titles_.size(); ++i) {
    widths[i] = std::max(display_width(titles_[i]), i < min_widths_.size() ? min_widths_[i] : 0);
  }
  for (const auto& r : rows_) {
    for (size_t i = 0; i < r.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(r[i]));
    }
  }
  return widths;
}

std::vector<std::string> TextTable::lines() const {
  const std::vector<size_t> widths = this->widths();
  std::vector<std::string> out = {join_row(titles_, widths, right_)};
  for (const auto& r : rows_) out.push_back(join_row(r, widths, right_));
  return out;
}

}  // namespace llmspend::report

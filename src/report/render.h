#pragma once
/// Views of a Report. Renderers only format: every number, order and grouping comes from the
/// Report. Output is deterministic (no clock, no locale, no hash order).
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "report/report.h"

namespace llmspend::report {

enum class Format { kTable, kJson, kMarkdown, kCsv, kSarif };

/// "table", "json", "markdown", "csv", "sarif" → Format.
std::optional<Format> parse_format(std::string_view name);

struct RenderOptions {
  bool color = false;         ///< ANSI colour (the CLI enables it on a TTY only)
  bool show_skipped = false;  ///< table: list why unresolved/unpriced sites were not priced
};

std::string render(const Report& r, Format format, const RenderOptions& options);

std::string render_table(const Report& r, const RenderOptions& options);
/// CONTRACT "JSON report", schema_version 1; two-space indent, trailing newline.
std::string render_json(const Report& r);
std::string render_markdown(const Report& r);
/// One row per site, RFC 4180 quoting.
std::string render_csv(const Report& r);
/// SARIF 2.1.0: unresolved / unpriced / unmodelled sites and every priced site as results.
std::string render_sarif(const Report& r);

/// Reads a JSON report (schema_version 1) back; totals are recomputed from the sites.
core::Result<Report> read_json_report(std::string_view text, const std::string& origin);

}  // namespace llmspend::report

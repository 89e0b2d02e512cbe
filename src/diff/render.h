#pragma once
/// Views of a ReportDiff: the terminal table (`~ + -`, old → new), JSON diff v1 (CONTRACT.md)
/// and read back, and the GitHub PR comment. Renderers only format; order and numbers come from
/// the ReportDiff.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "diff/report_diff.h"

namespace llmspend::diff {

/// Fields of the JSON diff that only renderers need (not part of the comparison).
struct DiffContext {
  std::string tool_version;
  std::string repo_prefix;  ///< the scan root inside the repository ("" = top), for links
};

std::string render_diff_table(const ReportDiff& d, bool color);

/// CONTRACT "JSON diff", schema_version 1, plus `details`, `price_change` and `path_prefix`.
std::string render_diff_json(const ReportDiff& d, const DiffContext& ctx);
/// Reads a JSON diff back (what `llmspend comment github --path` posts).
core::Result<ReportDiff> read_diff_json(std::string_view text, const std::string& origin,
                                        DiffContext* ctx = nullptr);

/// The hidden marker that identifies llmspend's sticky comment.
inline constexpr std::string_view kCommentMarker = "<!-- llmspend-comment -->";
/// GitHub's limit on a comment body, in characters.
inline constexpr size_t kCommentLimit = 65536;

struct CommentOptions {
  /// "https://github.com/OWNER/REPO/blob/SHA/" (links to file:line), or "" for no links.
  std::string blob_url;
  size_t max_chars = kCommentLimit;
};

/// Markdown for a PR comment: the marker, a headline, the changed sites, the policy verdict,
/// collapsed details and a footer. Never longer than `max_chars` (code points): details go
/// first, then table rows; the headline and the verdict are always kept. Every string that
/// comes from code or a pull request is escaped (markdown_escape.h).
std::string render_github_comment(const ReportDiff& d, const DiffContext& ctx,
                                  const CommentOptions& options);

/// "Monthly LLM spend: +$1,240.00 (+38%) 📈, $3,260.00 → $4,500.00" (plain text, no markup).
std::string headline(const ReportDiff& d);
/// "+$12.50" / "-$3.00" / "$0.00".
std::string signed_display(const core::Money& m);

}  // namespace llmspend::diff

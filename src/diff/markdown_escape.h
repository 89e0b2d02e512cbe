#pragma once
/// Escaping for GitHub-flavoured Markdown in PR comments. Everything that comes from code or a
/// pull request (paths, model names, function names, globs, messages that quote them) is
/// untrusted: a PR must not be able to inject markup, HTML, @mentions, #references or links
/// into the comment llmspend posts with the repository's token.
///
/// Two shapes: `md_code` puts a value in a code span (GitHub neither links, mentions nor renders
/// HTML inside code); `md_text` escapes prose (every ASCII punctuation character backslash-
/// escaped, and a zero-width space breaks `@`, `#`, `:` and `.` so that neither mentions,
/// issue references nor autolinks can form). Both are safe inside table cells and on one line.
#include <string>
#include <string_view>

namespace llmspend::diff {

/// A code span holding `s` verbatim (newlines become spaces, control characters are dropped,
/// `|` is escaped for tables, the fence is longer than any backtick run inside).
std::string md_code(std::string_view s);
/// Prose with all markup neutralised (see above).
std::string md_text(std::string_view s);
/// Percent-encodes a repository path for a URL (unreserved characters and '/' kept).
std::string url_path(std::string_view s);

}  // namespace llmspend::diff

#pragma once
/// Escaping of text that comes from analysed code (paths, model strings, expressions, function
/// names) for each output medium. Analysed code is untrusted: a pull request may name a file
/// `$(curl …).py`, put `<img src=x onerror=…>` or `@org/team` in a model string, or embed terminal
/// escape sequences. Every renderer passes such text through one of these (docs/security.md).
#include <string>
#include <string_view>

namespace llmspend::report {

/// For a terminal: C0 and C1 control characters and DEL become `\xNN`, so text can neither move
/// the cursor, recolour, retitle the window nor fake extra lines. Other bytes are kept.
std::string terminal_text(std::string_view s);

/// For Markdown prose and table cells (GitHub flavoured): markdown punctuation is
/// backslash-escaped, `<`, `>` and `&` become entities (no raw HTML), `@` gets a zero-width
/// joiner (no mentions), line breaks and control characters become spaces (one row stays one row).
/// Letters, digits, spaces, `-`, `.`, `/`, `:` and non-ASCII text are unchanged.
std::string markdown_text(std::string_view s);

/// For Markdown: `s` as an inline code span that nothing inside can end early (the fence is
/// longer than any backtick run in `s`); line breaks and control characters become spaces.
std::string markdown_code(std::string_view s);

/// For a SARIF `artifactLocation.uri` relative to SRCROOT: percent-encodes every byte that is not
/// an RFC 3986 unreserved character or '/', so spaces, `#`, `?`, `%` and non-ASCII survive.
std::string uri_path(std::string_view path);

}  // namespace llmspend::report

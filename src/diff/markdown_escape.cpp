#include "diff/markdown_escape.h"

#include <algorithm>
#include <cstdio>

namespace llmspend::diff {
namespace {

constexpr std::string_view kZeroWidthSpace = "\u200B";

bool is_control(unsigned char ch) { return ch < 0x20 || ch == 0x7F; }

/// One line, no control characters: a value can never start a new Markdown block.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '\n' || ch == '\r' || ch == '\t')
      out += ' ';
    else if (!is_control(u))
      out += ch;
  }
  return out;
}

size_t longest_backtick_run(std::string_view s) {
  size_t best = 0, run = 0;
  for (char ch : s) {
    run = ch == '`' ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

bool is_ascii_punct(char ch) {
  return (ch >= '!' && ch <= '/') || (ch >= ':' && ch <= '@') || (ch >= '[' && ch <= '`') ||
         (ch >= '{' && ch <= '~');
}

}  // namespace

std::string md_code(std::string_view s) {
  std::string body = one_line(s);
  std::string escaped;
  for (char ch : body) {
    if (ch == '|') escaped += '\\';  // GFM splits table cells before parsing code spans
    escaped += ch;
  }
  if (escaped.empty()) return "` `";
  const std::string fence(longest_backtick_run(escaped) + 1, '`');
  // Padding keeps a leading/trailing backtick from joining the fence.
  const bool pad = escaped.front() == '`' || escaped.back() == '`' || escaped.front() == ' ';
  return fence + (pad ? " " : "") + escaped + (pad ? " " : "") + fence;
}

std::string md_text(std::string_view s) {
  std::string out;
  for (char ch : one_line(s)) {
    if (is_ascii_punct(ch)) out += '\\';
    out += ch;
    if (ch == '@' || ch == '#' || ch == ':' || ch == '.') out += kZeroWidthSpace;
  }
  return out;
}

std::string url_path(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    const bool keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
                      ch == '~' || ch == '/';
    if (keep) {
      out += ch;
      continue;
    }
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", u);
    out += buf;
  }
  return out;
}

}  // namespace llmspend::diff

#include "report/escape.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace llmspend::report {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

/// UTF-8 encodes the C1 controls U+0080…U+009F as C2 80…C2 9F; terminals act on them too.
bool is_c1_at(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
         static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

/// Control characters (C0, DEL, C1) replaced by one space each.
std::string without_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_c1_at(s, i)) {
      out += ' ';
      ++i;
    } else {
      out += is_control(static_cast<unsigned char>(s[i])) ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

std::string terminal_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_c1_at(s, i)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(s[i + 1]));
      ++i;
    } else if (is_control(c)) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string markdown_text(std::string_view s) {
  static constexpr std::string_view kPunctuation = "\\`*_{}[]()#+!|~\"'=$";
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : without_controls(s)) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '@': out += "@&#8288;"; break;  // word joiner: renders as '@', is no mention
      default:
        if (kPunctuation.find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view s) {
  std::string body = without_controls(s);
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  // A span whose text starts or ends with a backtick needs a space inside the fence.
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string uri_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    out += keep ? std::string(1, ch) : fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace llmspend::report

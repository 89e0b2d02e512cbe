// Text from analysed code in every output medium (docs/security.md, "Outputs").
#include <gtest/gtest.h>

#include "report/escape.h"
#include "report/render.h"
#include "report/report.h"

namespace llmspend::report {
namespace {

TEST(Escape, TerminalTextNeutralisesControlCharacters) {
  EXPECT_EQ(terminal_text("a\x1b[31mred\x07\n"), "a\\x1b[31mred\\x07\\x0a");
  EXPECT_EQ(terminal_text("\xc2\x9b" "2J"), "\\u009b2J");  // C1 CSI
  EXPECT_EQ(terminal_text("naïve ✓ app/chat.py"), "naïve ✓ app/chat.py");
}

TEST(Escape, MarkdownTextAllowsNoHtmlLinksMentionsOrNewRows) {
  EXPECT_EQ(markdown_text("gpt-4o-mini"), "gpt-4o-mini");
  EXPECT_EQ(markdown_text("<img src=x onerror=alert(1)>"),
            "&lt;img src\\=x onerror\\=alert\\(1\\)&gt;");
  EXPECT_EQ(markdown_text("[click](https://evil.example)"), "\\[click\\]\\(https://evil.example\\)");
  EXPECT_EQ(markdown_text("@org/team"), "@&#8288;org/team");
  EXPECT_EQ(markdown_text("a|b\nc"), "a\\|b c");
  EXPECT_EQ(markdown_text("**x**_y_`z`"), "\\*\\*x\\*\\*\\_y\\_\\`z\\`");
}

TEST(Escape, MarkdownCodeCannotBeClosedFromInside) {
  EXPECT_EQ(markdown_code("app/chat.py:4"), "`app/chat.py:4`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("``x"), "``` ``x ```");
  EXPECT_EQ(markdown_code("a\nb"), "`a b`");
}

TEST(Escape, UriPathPercentEncodesAllButUnreserved) {
  EXPECT_EQ(uri_path("src/app/chat.py"), "src/app/chat.py");
  EXPECT_EQ(uri_path("my dir/a#b?.py"), "my%20dir/a%23b%3F.py");
  EXPECT_EQ(uri_path("100%.py"), "100%25.py");
  EXPECT_EQ(uri_path("ü.py"), "%C3%BC.py");
}

Report hostile_report() {
  cost::CostedSite c;
  c.site.id = "=cmd|' /C calc'!A0::f::x#0";
  c.site.path = "$(touch pwned) `x`\n<b>.py";
  c.site.start_line = 1;
  c.site.end_line = 1;
  c.site.start_col = 1;
  c.site.function = "@admin";
  c.site.language = "python";
  c.site.api = "chat";
  c.site.provider = "openai";
  c.site.model = "<script>alert(1)</script>\x1b]0;owned\x07";
  c.site.model_source = "literal";
  c.site.unresolved_reason = "x";
  c.status = cost::Status::kUnpricedModel;
  ReportInputs in{"0.1.0", ".", {"2026-01-01", "", "embedded"}, {c}, {}};
  return build_report(std::move(in));
}

TEST(Escape, EveryRendererEscapesHostileSiteText) {
  const Report r = hostile_report();
  const std::string md = render_markdown(r);
  EXPECT_EQ(md.find("<script>"), std::string::npos) << md;
  EXPECT_EQ(md.find("\x1b"), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;"), std::string::npos) << md;
  const std::string table = render_table(r, {});
  EXPECT_EQ(table.find('\x1b'), std::string::npos) << table;
  EXPECT_EQ(table.find('\x07'), std::string::npos);
  const std::string sarif = render_sarif(r);
  EXPECT_NE(sarif.find("%24%28touch%20pwned%29%20%60x%60%0A%3Cb%3E.py"), std::string::npos) << sarif;
  EXPECT_EQ(sarif.find('\x1b'), std::string::npos);  // JSON escapes it as \u001b
  const std::string csv = render_csv(r);
  EXPECT_NE(csv.find("\r\n'=cmd"), std::string::npos) << csv;
  const std::string json = render_json(r);
  EXPECT_EQ(json.find('\x1b'), std::string::npos);
  auto back = read_json_report(json, "r.json");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->sites[0].site.path, r.sites[0].site.path);
}

}  // namespace
}  // namespace llmspend::report

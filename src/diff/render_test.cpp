// Renderers of a diff: escaping (no injected markup, mentions or links), the comment's size
// limit, the headline, the table and the JSON round trip.
#include "diff/render.h"

#include <gtest/gtest.h>

#include "diff/markdown_escape.h"
#include "diff/policy.h"
#include "diff/test_sites.h"

namespace llmspend::diff {
namespace {

using testing::make_report;
using testing::site;

ReportDiff sample() {
  auto b = site("app/chat.py", "reply", 10, "gpt-4o-mini", "3260");
  auto h = site("app/chat.py", "reply", 44, "gpt-4o", "4500");
  h.site.model_origin = resolve::Origin{"app/config.py", 12, {}};
  return diff_reports(
      make_report({b}), make_report({h}),
      {"3f2a000000000000000000000000000000000000", "9b1c000000000000000000000000000000000000", {}});
}

TEST(Escape, CodeSpansHoldAnythingOnOneLine) {
  EXPECT_EQ(md_code("gpt-4o"), "`gpt-4o`");
  EXPECT_EQ(md_code("a`b"), "``a`b``");
  EXPECT_EQ(md_code("`x"), "`` `x ``");
  EXPECT_EQ(md_code("a|b\nc"), "`a\\|b c`");
  EXPECT_EQ(md_code(""), "` `");
}

TEST(Escape, TextCannotMentionLinkOrMarkUp) {
  const std::string s = md_text("@octocat see https://evil.example/x [y](z) <img src=x> #12 *b*");
  EXPECT_EQ(s.find("@octocat"), std::string::npos);
  EXPECT_EQ(s.find("https://"), std::string::npos);
  EXPECT_EQ(s.find("evil.example"), std::string::npos);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' || s[i] == '[' || s[i] == '*') EXPECT_EQ(s[i - 1], '\\') << s;
  }
  EXPECT_EQ(s.find("](z)"), std::string::npos);
  EXPECT_EQ(s.find("#12"), std::string::npos);
  EXPECT_EQ(md_text("a\nb"), "a b");
  EXPECT_EQ(url_path("dir/a b#c.py"), "dir/a%20b%23c.py");
}

TEST(Render, Headline) {
  EXPECT_EQ(headline(sample()), "Monthly LLM spend: +$1,240.00 (+38%) 📈, $3,260.00 → $4,500.00");
  ReportDiff flat = diff_reports(make_report({}), make_report({}), {});
  EXPECT_EQ(headline(flat), "Monthly LLM spend: no change, $0.00");
}

TEST(Render, TableShowsOldToNewAndWhy) {
  const std::string t = render_diff_table(sample(), false);
  EXPECT_NE(t.find("~  app/chat.py:44 (reply)  gpt-4o-mini → gpt-4o  $3,260.00 → $4,500.00  "
                   "+$1,240.00  model via app/config.py:12"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("base 3f2a000 → head 9b1c000"), std::string::npos);
}

TEST(Render, JsonRoundTrips) {
  ReportDiff d = sample();
  cost::Policies p;
  p.max_monthly_increase = core::Money::parse("100");
  auto base = make_report({}), head = make_report({});
  evaluate_policies(d, {&p, &base, &head, nullptr, "2026-11-24"});
  const std::string json = render_diff_json(d, {"0.1.0", "svc"});
  DiffContext ctx;
  auto back = read_diff_json(json, "d.json", &ctx);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(render_diff_json(*back, ctx), json);
  EXPECT_EQ(ctx.repo_prefix, "svc");
  EXPECT_NE(json.find("\"reasons\": [\n        \"model\"\n      ]"), std::string::npos) << json;
  EXPECT_FALSE(read_diff_json("{\"kind\": \"report\"}", "x.json").ok());
  EXPECT_FALSE(read_diff_json("nope", "x.json").ok());
}

TEST(Render, CommentHasMarkerHeadlineLinksAndVerdict) {
  ReportDiff d = sample();
  d.policy = {"fail", {{"max_monthly_increase", "monthly spend rises", "", std::nullopt, true}}};
  CommentOptions o;
  o.blob_url = "https://github.com/o/r/blob/9b1c/";
  const std::string c = render_github_comment(d, {"0.1.0", ""}, o);
  EXPECT_EQ(c.rfind(std::string(kCommentMarker), 0), 0u);
  EXPECT_NE(c.find("+\\$1,240.00 (+38%) 📈, \\$3,260.00 → \\$4,500.00"), std::string::npos);
  EXPECT_NE(c.find("[`app/chat.py:44`](https://github.com/o/r/blob/9b1c/app/chat.py#L44)"),
            std::string::npos)
      << c;
  EXPECT_NE(c.find("Policy: ❌ failed"), std::string::npos);
}

TEST(Render, CommentFromHostileCodeIsInert) {
  auto h = site("x.py", "f", 1, "@admin [click](https://evil.example) <script>", "10");
  h.site.path = "<img src=x onerror=alert(1)>.py";
  ReportDiff d = diff_reports(make_report({}), make_report({h}), {});
  const std::string c = render_github_comment(d, {"0.1.0", ""}, {});
  // Only inside code spans (where GitHub renders text literally) may these appear.
  for (const char* bad : {"<img", "<script>", "@admin", "](https://evil"}) {
    size_t at = c.find(bad);
    while (at != std::string::npos) {
      size_t open = c.rfind('`', at);
      ASSERT_NE(open, std::string::npos) << bad << " outside a code span:\n" << c;
      at = c.find(bad, at + 1);
    }
  }
}

TEST(Render, CommentStaysUnderTheLimitAndKeepsTheSummary) {
  std::vector<cost::CostedSite> sites;
  for (int i = 0; i < 3000; ++i) {
    sites.push_back(site("pkg/module_" + std::to_string(i) + ".py", "f", i + 1, "gpt-4o", "1"));
  }
  ReportDiff d = diff_reports(make_report({}), make_report(sites), {});
  d.policy = {"fail", {{"max_monthly_total", "over", "", std::nullopt, true}}};
  CommentOptions o;
  o.blob_url = "https://github.com/o/r/blob/abc/";
  const std::string c = render_github_comment(d, {"0.1.0", ""}, o);
  EXPECT_LE(c.size(), kCommentLimit);
  EXPECT_NE(c.find("**Monthly LLM spend: +\\$3,000.00"), std::string::npos);
  EXPECT_NE(c.find("Policy: ❌ failed"), std::string::npos);
  EXPECT_NE(c.find("more changed sites, left out"), std::string::npos);
}

}  // namespace
}  // namespace llmspend::diff

// Policies: parsed from `.llmspend.yml`, evaluated baseline-aware on a diff.
#include "diff/policy.h"

#include <gtest/gtest.h>

#include "cost/config.h"
#include "diff/test_sites.h"

namespace llmspend::diff {
namespace {

using testing::make_report;
using testing::site;

cost::Policies parse(const std::string& yaml) {
  auto c = cost::parse_config(yaml, "/r/.llmspend.yml");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? c->policies : cost::Policies{};
}

PolicyResult evaluate(const cost::Policies& p, const report::Report& base,
                      const report::Report& head, const price::PriceTable* prices = nullptr) {
  ReportDiff d = diff_reports(base, head, {});
  evaluate_policies(d, {&p, &base, &head, prices, "2026-11-24"});
  return d.policy;
}

TEST(PolicyConfig, ParsesEveryRule) {
  cost::Policies p = parse(R"(policies:
  max_monthly_increase: 500
  max_monthly_increase_percent: 12.5
  max_monthly_total: 5000
  budgets:
    - {path: "services/search/**", max_monthly: 200}
  fail_on_unresolved_model: true
  fail_on_deprecated_model: false
)");
  EXPECT_EQ(p.max_monthly_increase->to_string(), "500");
  EXPECT_EQ(p.max_monthly_increase_percent->to_string(), "12.5");
  EXPECT_EQ(p.max_monthly_total->to_string(), "5000");
  ASSERT_EQ(p.budgets.size(), 1u);
  EXPECT_EQ(p.budgets[0].path, "services/search/**");
  EXPECT_TRUE(p.fail_on_unresolved_model);
  EXPECT_FALSE(p.fail_on_deprecated_model);
  EXPECT_TRUE(p.any());
  EXPECT_FALSE(cost::Policies{}.any());
}

TEST(PolicyConfig, ErrorsNameTheLineAndTheFix) {
  auto typo = cost::parse_config("policies:\n  max_monthly_increse: 5\n", "/r/.llmspend.yml");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().message,
            "/r/.llmspend.yml:2: unknown key `max_monthly_increse` in policies; did you mean "
            "`max_monthly_increase`?");
  auto negative = cost::parse_config("policies:\n  max_monthly_total: -3\n", "/r/.llmspend.yml");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().message.find("must be a non-negative number"), std::string::npos);
  auto flag =
      cost::parse_config("policies:\n  fail_on_unresolved_model: maybe\n", "/r/.llmspend.yml");
  ASSERT_FALSE(flag.ok());
  EXPECT_NE(flag.error().message.find("must be true or false"), std::string::npos);
  auto budget = cost::parse_config("policies:\n  budgets: [{path: x}]\n", "/r/.llmspend.yml");
  ASSERT_FALSE(budget.ok());
  EXPECT_NE(budget.error().message.find("needs both `path` and `max_monthly`"), std::string::npos);
}

TEST(Policy, NoRulesMeansNoVerdict) {
  auto r = make_report({site("a.py", "f", 1, "gpt-4o", "10")});
  EXPECT_EQ(evaluate({}, r, r).verdict, "none");
}

TEST(Policy, IncreaseLimitsAbsoluteAndPercent) {
  auto base = make_report({site("a.py", "f", 1, "gpt-4o", "100")});
  auto head = make_report({site("a.py", "f", 1, "gpt-4o", "130")});
  cost::Policies p =
      parse("policies: {max_monthly_increase: 50, max_monthly_increase_percent: 20}");
  PolicyResult r = evaluate(p, base, head);
  EXPECT_EQ(r.verdict, "fail");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "max_monthly_increase_percent");
  EXPECT_EQ(r.findings[0].message, "monthly spend rises by 30.0%, over the limit of 20%");
  p.max_monthly_increase_percent = core::Money::parse("40");
  EXPECT_EQ(evaluate(p, base, head).verdict, "pass");
}

TEST(Policy, ATotalAlreadyOverBudgetFailsOnlyWhenRaised) {
  auto base = make_report({site("a.py", "f", 1, "gpt-4o", "300")});
  auto lower = make_report({site("a.py", "f", 1, "gpt-4o", "250")});
  auto higher = make_report({site("a.py", "f", 1, "gpt-4o", "350")});
  cost::Policies p = parse("policies: {max_monthly_total: 200}");
  PolicyResult r = evaluate(p, base, lower);
  EXPECT_EQ(r.verdict, "pass");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_FALSE(r.findings[0].blocking);
  EXPECT_EQ(evaluate(p, base, higher).verdict, "fail");
}

TEST(Policy, PathBudgets) {
  auto base = make_report({site("svc/search/a.py", "f", 1, "gpt-4o", "100")});
  auto head = make_report({site("svc/search/a.py", "f", 1, "gpt-4o", "100"),
                           site("svc/search/b.py", "g", 1, "gpt-4o", "150"),
                           site("other.py", "h", 1, "gpt-4o", "900")});
  PolicyResult r = evaluate(
      parse("policies: {budgets: [{path: 'svc/search/**', max_monthly: 200}]}"), base, head);
  EXPECT_EQ(r.verdict, "fail");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message,
            "`svc/search/**` costs $250.00 per month, over its budget of $200.00");
}

TEST(Policy, OnlyNewUnresolvedSitesFail) {
  auto old_unresolved = site("a.py", "f", 1, "gpt-4o", "0");
  old_unresolved.status = cost::Status::kUnresolvedModel;
  old_unresolved.monthly.reset();
  auto added = site("b.py", "g", 7, "gpt-4o", "0");
  added.status = cost::Status::kUnresolvedModel;
  added.monthly.reset();
  cost::Policies p = parse("policies: {fail_on_unresolved_model: true}");
  auto base = make_report({old_unresolved});
  EXPECT_EQ(evaluate(p, base, base).verdict, "pass");
  PolicyResult r = evaluate(p, base, make_report({old_unresolved, added}));
  EXPECT_EQ(r.verdict, "fail");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].path, "b.py");
  EXPECT_EQ(r.findings[0].line, 7);
}

TEST(Policy, DeprecatedModelsOnlyWhenNewlyUsed) {
  price::TableData data;
  data.version = "2026-11-01";
  price::ModelEntry old_model;
  old_model.provider = "openai";
  old_model.id = "gpt-old";
  old_model.deprecation_date = "2026-01-01";
  data.models.push_back(old_model);
  price::PriceTable table(data);
  cost::Policies p = parse("policies: {fail_on_deprecated_model: true}");
  auto base = make_report({site("a.py", "f", 1, "gpt-old", "10")});
  EXPECT_EQ(evaluate(p, base, base, &table).verdict, "pass");
  auto head =
      make_report({site("a.py", "f", 1, "gpt-old", "10"), site("b.py", "g", 2, "gpt-old", "10")});
  PolicyResult r = evaluate(p, base, head, &table);
  EXPECT_EQ(r.verdict, "fail");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "`gpt-old` was deprecated on 2026-01-01");
}

}  // namespace
}  // namespace llmspend::diff

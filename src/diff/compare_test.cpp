// Matching by site identity: moves, renames and reformatting are not changes; changes carry
// their kind, reasons and cause; totals and order are exact.
#include <gtest/gtest.h>

#include "diff/report_diff.h"
#include "diff/test_sites.h"

namespace llmspend::diff {
namespace {

using testing::make_report;
using testing::site;

const Change* find(const ReportDiff& d, const std::string& id) {
  for (const Change& c : d.changes) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

TEST(Compare, AMovedCallIsNotAChange) {
  auto base = make_report({site("app/chat.py", "reply", 10, "gpt-4o", "50")});
  auto head = make_report({site("app/chat.py", "reply", 60, "gpt-4o", "50")});
  ReportDiff d = diff_reports(base, head, {});
  EXPECT_TRUE(d.changes.empty());
  EXPECT_EQ(d.summary.unchanged, 1);
  EXPECT_TRUE(d.totals.delta_monthly.is_zero());
}

TEST(Compare, AModelSwapInAConfigModuleNamesItsCause) {
  auto b = site("app/chat.py", "reply", 10, "gpt-4o-mini", "50");
  auto h = site("app/chat.py", "reply", 10, "gpt-4o", "500");
  h.site.model_origin = resolve::Origin{"app/config.py", 12, {}};
  ReportDiff d = diff_reports(make_report({b}), make_report({h}), {"base", "head", {}});
  ASSERT_EQ(d.changes.size(), 1u);
  const Change& c = d.changes[0];
  EXPECT_EQ(c.kind, ChangeKind::kChanged);
  EXPECT_EQ(c.reasons, std::vector<std::string>{"model"});
  ASSERT_TRUE(c.cause.has_value());
  EXPECT_EQ(c.cause->path, "app/config.py");
  EXPECT_EQ(c.cause->line, 12);
  EXPECT_EQ(c.delta_monthly->to_fixed(2), "450.00");
  EXPECT_EQ(d.totals.percent->to_fixed(1), "900.0");
}

TEST(Compare, RenamedFilesMatchThroughTheRenameMap) {
  auto base = make_report({site("old/chat.py", "reply", 3, "gpt-4o", "50")});
  auto head = make_report({site("new/chat.py", "reply", 3, "gpt-4o", "50")});
  ReportDiff without = diff_reports(base, head, {});
  EXPECT_EQ(without.summary.added, 1);
  EXPECT_EQ(without.summary.removed, 1);
  DiffOptions o;
  o.renames["old/chat.py"] = "new/chat.py";
  ReportDiff with = diff_reports(base, head, o);
  EXPECT_TRUE(with.changes.empty());
  EXPECT_EQ(with.summary.unchanged, 1);
}

TEST(Compare, RenamedAndRepricedShowsTheBasePath) {
  auto base = make_report({site("old.py", "f", 3, "gpt-4o", "50")});
  auto head = make_report({site("new.py", "f", 3, "gpt-4o", "70")});
  DiffOptions o;
  o.renames["old.py"] = "new.py";
  ReportDiff d = diff_reports(base, head, o);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].base_path, "old.py");
  EXPECT_EQ(d.changes[0].path, "new.py");
}

TEST(Compare, AddedRemovedAndOrderByMagnitude) {
  auto base =
      make_report({site("a.py", "f", 1, "gpt-4o", "10"), site("b.py", "g", 1, "gpt-4o", "30")});
  auto head =
      make_report({site("a.py", "f", 1, "gpt-4o", "10"), site("c.py", "h", 1, "gpt-4o", "100")});
  ReportDiff d = diff_reports(base, head, {});
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].kind, ChangeKind::kAdded);
  EXPECT_EQ(d.changes[0].path, "c.py");
  EXPECT_EQ(d.changes[1].kind, ChangeKind::kRemoved);
  EXPECT_EQ(d.changes[1].delta_monthly->to_fixed(2), "-30.00");
  EXPECT_EQ(d.totals.past_monthly.to_fixed(2), "40.00");
  EXPECT_EQ(d.totals.monthly.to_fixed(2), "110.00");
  EXPECT_EQ(d.totals.percent->to_fixed(1), "175.0");
  EXPECT_EQ((std::vector<int>{d.summary.added, d.summary.removed, d.summary.changed,
                              d.summary.unchanged}),
            (std::vector<int>{1, 1, 0, 1}));
}

TEST(Compare, IdenticalSiblingsKeepTheirOccurrenceIndex) {
  auto base = make_report(
      {site("a.py", "f", 1, "gpt-4o", "10", 0), site("a.py", "f", 2, "gpt-4o", "10", 1)});
  auto head = make_report(
      {site("a.py", "f", 1, "gpt-4o", "10", 0), site("a.py", "f", 9, "gpt-4o", "20", 1)});
  ReportDiff d = diff_reports(base, head, {});
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].id, "a.py::f::openai.chat.completions.create#1");
}

TEST(Compare, ReasonsForUsageTokensPriceAndStatus) {
  auto b = site("a.py", "f", 1, "gpt-4o", "10");
  auto usage = b, tokens = b, price = b, status = b;
  usage.calls_per_month.value = 2000;
  usage.monthly = core::Money::parse("20");
  tokens.output_tokens.value = 900;
  tokens.monthly = core::Money::parse("12");
  price.price->input_per_mtok = core::Money::parse("3");
  price.monthly = core::Money::parse("30");
  status.status = cost::Status::kUnpricedModel;
  status.monthly.reset();
  auto reasons = [&](const cost::CostedSite& h) {
    ReportDiff d = diff_reports(make_report({b}), make_report({h}), {});
    return d.changes.empty() ? std::vector<std::string>{} : d.changes[0].reasons;
  };
  EXPECT_EQ(reasons(usage), std::vector<std::string>{"usage"});
  EXPECT_EQ(reasons(tokens), std::vector<std::string>{"tokens"});
  EXPECT_EQ(reasons(price), std::vector<std::string>{"price"});
  EXPECT_EQ(reasons(status), std::vector<std::string>{"status"});
}

TEST(Compare, UnknownCostGivesANullDelta) {
  auto b = site("a.py", "f", 1, "gpt-4o", "10");
  auto h = b;
  h.monthly.reset();
  h.status = cost::Status::kUnresolvedModel;
  h.site.model.reset();
  ReportDiff d = diff_reports(make_report({b}), make_report({h}), {});
  ASSERT_NE(find(d, b.site.id), nullptr);
  EXPECT_FALSE(find(d, b.site.id)->delta_monthly.has_value());
}

TEST(Compare, PriceChangeSplitsTheDelta) {
  auto then = make_report({site("a.py", "f", 1, "gpt-4o", "10")});
  auto now = make_report({site("a.py", "f", 1, "gpt-4o", "8")});
  auto head = make_report({site("a.py", "f", 1, "gpt-4o", "16")});
  ReportDiff d = diff_reports(then, head, {});
  attribute_price_change(d, then, now);
  ASSERT_TRUE(d.price_change.has_value());
  EXPECT_EQ(d.price_change->price_delta.to_fixed(2), "-2.00");
  EXPECT_EQ(d.price_change->code_delta.to_fixed(2), "8.00");
}

TEST(Compare, PercentOfZeroIsNull) {
  EXPECT_FALSE(percent_of(core::Money::parse("5").value(), core::Money()).has_value());
  EXPECT_EQ(percent_of(*core::Money::parse("1"), *core::Money::parse("3"))->to_fixed(1), "33.3");
}

}  // namespace
}  // namespace llmspend::diff

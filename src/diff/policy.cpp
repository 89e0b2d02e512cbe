#include "diff/policy.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/strings.h"

namespace llmspend::diff {
namespace {

using core::Money;

std::string money(Money m) { return m.to_display(); }

std::string signed_money(Money m) {
  return (m.is_negative() ? "-" : "+") + money(m.is_negative() ? Money() - m : m);
}

/// Exceeding `limit` blocks when the base did not exceed it or the head raises it further.
bool blocks(Money base, Money head, Money limit) { return base <= limit || head > base; }

void increase_rules(const ReportDiff& d, const cost::Policies& p, std::vector<Finding>& out) {
  const Money delta = d.totals.delta_monthly;
  if (p.max_monthly_increase && delta > *p.max_monthly_increase) {
    out.push_back({"max_monthly_increase",
                   fmt::format("monthly spend rises by {}, over the limit of {}",
                               signed_money(delta), money(*p.max_monthly_increase)),
                   "", std::nullopt, true});
  }
  // A base that costs nothing has no percentage; the absolute rule covers it.
  if (p.max_monthly_increase_percent && d.totals.percent &&
      *d.totals.percent > *p.max_monthly_increase_percent) {
    out.push_back(
        {"max_monthly_increase_percent",
         fmt::format("monthly spend rises by {}%, over the limit of {}%",
                     d.totals.percent->to_fixed(1), p.max_monthly_increase_percent->to_string()),
         "", std::nullopt, true});
  }
}

void total_rule(const ReportDiff& d, const cost::Policies& p, std::vector<Finding>& out) {
  if (!p.max_monthly_total || d.totals.monthly <= *p.max_monthly_total) return;
  const bool block = blocks(d.totals.past_monthly, d.totals.monthly, *p.max_monthly_total);
  out.push_back({"max_monthly_total",
                 fmt::format("monthly spend is {}, over the limit of {}{}", money(d.totals.monthly),
                             money(*p.max_monthly_total),
                             block ? "" : " (already over it before this change)"),
                 "", std::nullopt, block});
}

Money spend_under(const report::Report& r, const std::string& glob) {
  Money sum;
  for (const auto& c : r.sites) {
    if (c.monthly && core::glob_match(glob, c.site.path)) sum += *c.monthly;
  }
  return sum;
}

void budget_rules(const PolicyContext& ctx, std::vector<Finding>& out) {
  for (const cost::PathBudget& b : ctx.policies->budgets) {
    const Money head = spend_under(*ctx.head, b.path);
    if (head <= b.max_monthly) continue;
    const bool block = blocks(spend_under(*ctx.base, b.path), head, b.max_monthly);
    out.push_back(
        {"budgets",
         fmt::format("`{}` costs {} per month, over its budget of {}{}", b.path, money(head),
                     money(b.max_monthly), block ? "" : " (already over it before this change)"),
         b.path, std::nullopt, block});
  }
}

/// Ids of head sites that are new or whose model or provider changed.
std::set<std::string> new_model_uses(const ReportDiff& d) {
  std::set<std::string> out;
  for (const Change& c : d.changes) {
    const bool model = std::any_of(c.reasons.begin(), c.reasons.end(),
                                   [](const auto& r) { return r == "model" || r == "provider"; });
    if (c.kind == ChangeKind::kAdded || (c.kind == ChangeKind::kChanged && model)) {
      out.insert(c.id);
    }
  }
  return out;
}

void unresolved_rule(const ReportDiff& d, std::vector<Finding>& out) {
  for (const Change& c : d.changes) {
    if (!c.after ||
        (c.after->status != "unresolved_model" && c.after->status != "unpriced_model")) {
      continue;
    }
    if (c.before && c.before->status == c.after->status) continue;  // not new in head
    out.push_back(
        {"fail_on_unresolved_model",
         fmt::format("{} site with an {} model", c.kind == ChangeKind::kAdded ? "new" : "changed",
                     c.after->status == "unpriced_model" ? "unpriced" : "unresolved"),
         c.path, c.start_line, true});
  }
}

void deprecated_rule(const ReportDiff& d, const PolicyContext& ctx, std::vector<Finding>& out) {
  const std::set<std::string> fresh = new_model_uses(d);
  for (const auto& c : ctx.head->sites) {
    if (!c.price || fresh.count(c.site.id) == 0) continue;
    const price::ModelEntry* e = ctx.prices->find(c.price->provider, c.price->model_key);
    if (e == nullptr || !e->deprecation_date || *e->deprecation_date > ctx.today) continue;
    out.push_back(
        {"fail_on_deprecated_model",
         fmt::format("`{}` was deprecated on {}", c.price->model_key, *e->deprecation_date),
         c.site.path, c.site.start_line, true});
  }
}

}  // namespace

void evaluate_policies(ReportDiff& d, const PolicyContext& ctx) {
  d.policy = PolicyResult{};
  if (ctx.policies == nullptr || !ctx.policies->any()) return;
  const cost::Policies& p = *ctx.policies;
  std::vector<Finding> out;
  increase_rules(d, p, out);
  total_rule(d, p, out);
  budget_rules(ctx, out);
  if (p.fail_on_unresolved_model) unresolved_rule(d, out);
  if (p.fail_on_deprecated_model && ctx.prices != nullptr) deprecated_rule(d, ctx, out);
  const bool fail =
      std::any_of(out.begin(), out.end(), [](const Finding& f) { return f.blocking; });
  d.policy.verdict = fail ? "fail" : "pass";
  d.policy.findings = std::move(out);
}

}  // namespace llmspend::diff

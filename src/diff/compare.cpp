// Matching two reports by site id (rename-aware) and deciding what changed and why.
#include <algorithm>
#include <unordered_map>

#include "diff/report_diff.h"

namespace llmspend::diff {
namespace {

using core::Money;
using cost::CostedSite;

/// The base id as it would read in head after the file's rename: the id starts with the path.
std::string rekey(const resolve::ResolvedSite& s,
                  const std::map<std::string, std::string>& renames) {
  auto it = renames.find(s.path);
  if (it == renames.end() || s.id.compare(0, s.path.size(), s.path) != 0) return s.id;
  return it->second + s.id.substr(s.path.size());
}

SideView side_of(const CostedSite& c) {
  return SideView{c.site.provider, c.site.model, c.site.model_candidates, c.monthly,
                  std::string(cost::status_name(c.status))};
}

bool same_price(const std::optional<cost::PriceInfo>& a, const std::optional<cost::PriceInfo>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return a->model_key == b->model_key && a->input_per_mtok == b->input_per_mtok &&
         a->output_per_mtok == b->output_per_mtok && a->effective_from == b->effective_from;
}

/// The reasons, in the contract's fixed order.
std::vector<std::string> reasons_for(const CostedSite& b, const CostedSite& h) {
  std::vector<std::string> out;
  const bool model =
      b.site.model != h.site.model || b.site.model_candidates != h.site.model_candidates;
  if (model) out.push_back("model");
  if (b.site.provider != h.site.provider) out.push_back("provider");
  if (b.calls_per_month.value != h.calls_per_month.value || b.site.fan_out != h.site.fan_out) {
    out.push_back("usage");
  }
  if (b.input_tokens.value != h.input_tokens.value ||
      b.output_tokens.value != h.output_tokens.value) {
    out.push_back("tokens");
  }
  const bool tier = b.price && h.price && b.price->tier != h.price->tier;
  if (!model && !tier && !same_price(b.price, h.price)) out.push_back("price");
  if (tier) out.push_back("tier");
  if (b.status != h.status) out.push_back("status");
  return out;
}

std::optional<Money> delta_of(const std::optional<Money>& before,
                              const std::optional<Money>& after) {
  if (!before || !after) return std::nullopt;
  return *after - *before;
}

Change located(ChangeKind kind, const CostedSite& at) {
  Change c;
  c.kind = kind;
  c.id = at.site.id;
  c.path = at.site.path;
  c.cell = at.site.cell;
  c.start_line = at.site.start_line;
  c.function = at.site.function;
  c.api = at.site.api;
  return c;
}

Change added(const CostedSite& h) {
  Change c = located(ChangeKind::kAdded, h);
  c.after = side_of(h);
  c.delta_monthly = h.monthly;
  return c;
}

Change removed(const CostedSite& b) {
  Change c = located(ChangeKind::kRemoved, b);
  c.before = side_of(b);
  if (b.monthly) c.delta_monthly = Money() - *b.monthly;
  return c;
}

/// nullopt when nothing a reader cares about moved (cost and status are equal).
std::optional<Change> changed(const CostedSite& b, const CostedSite& h) {
  if (b.monthly == h.monthly && b.status == h.status) return std::nullopt;
  Change c = located(ChangeKind::kChanged, h);
  if (b.site.path != h.site.path) c.base_path = b.site.path;
  c.before = side_of(b);
  c.after = side_of(h);
  c.delta_monthly = delta_of(b.monthly, h.monthly);
  c.reasons = reasons_for(b, h);
  const bool model_moved = std::find_if(c.reasons.begin(), c.reasons.end(), [](const auto& r) {
                             return r == "model" || r == "provider";
                           }) != c.reasons.end();
  if (model_moved && h.site.model_origin && h.site.model_origin->path != h.site.path) {
    c.cause = h.site.model_origin;
  }
  return c;
}

/// Biggest movements first (unknown last), then path, line, id: a total order.
bool change_order(const Change& a, const Change& b) {
  auto magnitude = [](const Change& c) {
    return c.delta_monthly ? std::abs(c.delta_monthly->nanos()) : int64_t{-1};
  };
  if (magnitude(a) != magnitude(b)) return magnitude(a) > magnitude(b);
  if (a.path != b.path) return a.path < b.path;
  if (a.cell != b.cell) return a.cell < b.cell;
  if (a.start_line != b.start_line) return a.start_line < b.start_line;
  return a.id < b.id;
}

Details details_of(const report::Report& head) {
  Details d;
  d.assumptions = head.assumptions;
  d.diagnostics = static_cast<int>(head.diagnostics.size());
  for (const CostedSite& c : head.sites) {
    if (c.status != cost::Status::kUnresolvedModel && c.status != cost::Status::kUnpricedModel) {
      continue;
    }
    std::string reason = c.site.unresolved_reason;
    if (reason.empty() && !c.site.notes.empty()) reason = c.site.notes.back();
    d.unpriced.push_back({c.site.path, c.site.cell, c.site.start_line,
                          std::string(cost::status_name(c.status)), reason});
  }
  return d;
}

}  // namespace

std::string_view kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "changed";
}

std::optional<Money> percent_of(Money part, Money whole) {
  if (whole.is_zero()) return std::nullopt;
  Money pct = part.scaled(100, 1).scaled(Money::kNanosPerUnit, whole.nanos());
  return Money::parse(pct.to_fixed(1));
}

ReportDiff diff_reports(const report::Report& base, const report::Report& head,
                        const DiffOptions& options) {
  ReportDiff d;
  d.base_ref = options.base_ref;
  d.head_ref = options.head_ref;
  d.currency = head.currency;
  d.table_version = head.pricing.table_version;
  std::unordered_map<std::string, const CostedSite*> base_by_id;
  for (const CostedSite& b : base.sites) base_by_id.emplace(rekey(b.site, options.renames), &b);
  for (const CostedSite& h : head.sites) {
    auto it = base_by_id.find(h.site.id);
    if (it == base_by_id.end()) {
      d.changes.push_back(added(h));
      ++d.summary.added;
      continue;
    }
    if (auto c = changed(*it->second, h)) {
      d.changes.push_back(std::move(*c));
      ++d.summary.changed;
    } else {
      ++d.summary.unchanged;
    }
    base_by_id.erase(it);
  }
  for (const CostedSite& b : base.sites) {
    if (base_by_id.count(rekey(b.site, options.renames)) == 0) continue;
    d.changes.push_back(removed(b));
    ++d.summary.removed;
  }
  std::sort(d.changes.begin(), d.changes.end(), change_order);
  d.totals = {base.total_monthly, head.total_monthly, head.total_monthly - base.total_monthly,
              percent_of(head.total_monthly - base.total_monthly, base.total_monthly)};
  d.details = details_of(head);
  return d;
}

void attribute_price_change(ReportDiff& d, const report::Report& base_then,
                            const report::Report& base_now) {
  PriceChange p;
  p.base_as_of = base_then.pricing.as_of;
  p.head_as_of = base_now.pricing.as_of;
  p.price_delta = base_now.total_monthly - base_then.total_monthly;
  p.code_delta = d.totals.delta_monthly - p.price_delta;
  d.price_change = p;
}

}  // namespace llmspend::diff

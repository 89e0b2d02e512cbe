#include "report/report.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace llmspend::report {
namespace {

using cost::CostedSite;
using cost::Status;

/// Sort key of a site: costed before unknown, more expensive first, then location.
auto order_key(const CostedSite& c) {
  const auto& s = c.site;
  const bool unknown = !c.monthly.has_value();
  const int64_t neg_monthly = c.monthly ? -c.monthly->nanos() : 0;
  return std::make_tuple(unknown, neg_monthly, std::cref(s.path), s.cell.value_or(-1),
                         s.start_line, s.start_col, std::cref(s.id));
}

void count(Summary& sum, Status status) {
  ++sum.sites;
  switch (status) {
    case Status::kEstimated: ++sum.estimated; break;
    case Status::kUsageUnknown: ++sum.usage_unknown; break;
    case Status::kUnpricedModel: ++sum.unpriced_model; break;
    case Status::kUnresolvedModel: ++sum.unresolved_model; break;
    case Status::kFree: ++sum.free; break;
  }
}

std::string model_key(const CostedSite& c) {
  if (c.price) return c.price->model_key;
  return c.site.model.value_or("");
}

template <typename T>
void sort_totals(std::vector<T>& v, auto name) {
  std::sort(v.begin(), v.end(), [&](const T& a, const T& b) {
    if (a.monthly != b.monthly) return a.monthly > b.monthly;
    return name(a) < name(b);
  });
}

void roll_up(Report& r) {
  std::map<std::string, ProviderTotal> providers;
  std::map<std::pair<std::string, std::string>, ModelTotal> models;
  for (const CostedSite& c : r.sites) {
    if (!c.monthly) continue;
    auto& p = providers[c.site.provider];
    p.provider = c.site.provider;
    p.monthly += *c.monthly;
    ++p.sites;
    auto& m = models[{c.site.provider, model_key(c)}];
    m.provider = c.site.provider;
    m.model = model_key(c);
    m.monthly += *c.monthly;
    ++m.sites;
  }
  r.by_provider.clear();
  r.by_model.clear();
  for (auto& [k, v] : providers) r.by_provider.push_back(v);
  for (auto& [k, v] : models) r.by_model.push_back(v);
  sort_totals(r.by_provider, [](const ProviderTotal& t) { return t.provider; });
  sort_totals(r.by_model, [](const ModelTotal& t) { return std::tie(t.provider, t.model); });
}

std::string project_path(const Report& r, const std::string& name) {
  for (const ProjectInfo& p : r.projects) {
    if (p.name == name) return p.path;
  }
  return "";
}

/// One total per project that has a site, the sites outside every project last.
void roll_up_projects(Report& r) {
  r.by_project.clear();
  if (!r.has_projects) return;
  std::map<std::string, ProjectTotal> groups;
  for (const CostedSite& c : r.sites) {
    ProjectTotal& t = groups[c.project];
    t.project = c.project;
    if (!c.monthly) {
      ++t.not_priced;
      continue;
    }
    t.monthly += *c.monthly;
    ++t.sites;
  }
  for (auto& [name, t] : groups) {
    t.path = project_path(r, name);
    r.by_project.push_back(t);
  }
  std::sort(r.by_project.begin(), r.by_project.end(),
            [](const ProjectTotal& a, const ProjectTotal& b) {
              if (a.project.empty() != b.project.empty()) return b.project.empty();
              if (a.monthly != b.monthly) return a.monthly > b.monthly;
              return a.project < b.project;
            });
}

void collect_assumptions(Report& r) {
  std::map<std::string, cost::Assumption> by_key;
  for (const CostedSite& c : r.sites) {
    for (const auto& a : c.assumptions) by_key.emplace(a.key, a);
  }
  r.assumptions.clear();
  for (auto& [k, a] : by_key) r.assumptions.push_back(a);
}

}  // namespace

void sort_sites(std::vector<CostedSite>& sites) {
  std::stable_sort(sites.begin(), sites.end(), [](const CostedSite& a, const CostedSite& b) {
    return order_key(a) < order_key(b);
  });
}

void compute_totals(Report& r) {
  r.total_monthly = core::Money();
  r.summary = Summary{};
  for (const CostedSite& c : r.sites) {
    if (c.monthly) r.total_monthly += *c.monthly;
    count(r.summary, c.status);
  }
  roll_up(r);
  roll_up_projects(r);
}

Report build_report(ReportInputs inputs) {
  Report r;
  r.tool_version = std::move(inputs.tool_version);
  r.root = inputs.root.empty() ? "." : std::move(inputs.root);
  r.pricing = std::move(inputs.pricing);
  r.sites = std::move(inputs.sites);
  r.diagnostics = std::move(inputs.diagnostics);
  r.has_projects = inputs.has_projects;
  r.projects = std::move(inputs.projects);
  sort_sites(r.sites);
  std::sort(r.diagnostics.begin(), r.diagnostics.end());
  compute_totals(r);
  collect_assumptions(r);
  return r;
}

}  // namespace llmspend::report

#pragma once
// Test helpers: costed sites and reports built by hand (no analysis), for the diff's unit tests.
#include <string>
#include <vector>

#include "cost/costed_site.h"
#include "report/report.h"

namespace llmspend::diff::testing {

/// A priced chat site; `id` is derived from path, function and callee like the resolver's.
inline cost::CostedSite site(const std::string& path, const std::string& function, int line,
                             const std::string& model, const std::string& monthly,
                             int occurrence = 0) {
  cost::CostedSite c;
  c.site.path = path;
  c.site.function = function;
  c.site.callee = "openai.chat.completions.create";
  c.site.id = path + "::" + function + "::" + c.site.callee + "#" + std::to_string(occurrence);
  c.site.start_line = line;
  c.site.end_line = line;
  c.site.provider = "openai";
  c.site.api = "chat";
  c.site.model = model;
  c.site.model_source = "literal";
  c.calls_per_month = {1000, "default"};
  c.input_tokens = {1000, "default"};
  c.output_tokens = {300, "default"};
  c.price = cost::PriceInfo{model,
                            "openai",
                            "exact",
                            "2024-01-01",
                            {},
                            "test",
                            core::Money::parse("1"),
                            core::Money::parse("2"),
                            "standard"};
  c.monthly = core::Money::parse(monthly);
  return c;
}

inline report::Report make_report(std::vector<cost::CostedSite> sites) {
  report::ReportInputs in;
  in.tool_version = "test";
  in.root = ".";
  in.pricing = {"2026-11-01", "2026-11-01", "embedded"};
  in.sites = std::move(sites);
  return report::build_report(std::move(in));
}

}  // namespace llmspend::diff::testing

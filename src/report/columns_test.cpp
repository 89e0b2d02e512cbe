// The optional columns of the human-facing views (reasoning tokens, billed units) and the fixed
// columns of CSV.
#include <gtest/gtest.h>

#include "report/render.h"
#include "report/report.h"

namespace llmspend::report {
namespace {

using core::Money;

cost::CostedSite chat_site(std::string path, const std::string& monthly) {
  cost::CostedSite c;
  c.site.id = path + "::f::openai.chat.completions.create#0";
  c.site.path = std::move(path);
  c.site.start_line = 3;
  c.site.end_line = 3;
  c.site.language = "python";
  c.site.sdk = "openai-python";
  c.site.api = "chat";
  c.site.provider = "openai";
  c.site.model = "gpt-4o-mini";
  c.site.model_source = "literal";
  c.calls_per_month = {1000, "default"};
  c.input_tokens = {1000, "default"};
  c.output_tokens = {300, "default"};
  c.monthly = Money::parse(monthly);
  c.per_call = c.monthly->scaled(1, 1000);
  return c;
}

/// An image site: billed per image, its tokens not modelled.
cost::CostedSite image_site() {
  cost::CostedSite c = chat_site("img.py", "80.00");
  c.site.api = "image";
  c.site.model = "dall-e-3";
  c.input_tokens = {std::nullopt, "not_modelled"};
  c.output_tokens = {std::nullopt, "not_modelled"};
  c.units = {2, "code"};
  c.unit = "image";
  return c;
}

Report report_of(std::vector<cost::CostedSite> sites) {
  ReportInputs in;
  in.tool_version = "0.1.0";
  in.root = ".";
  in.pricing = {"2026-01-01", "2026-01-01", "embedded"};
  in.sites = std::move(sites);
  return build_report(std::move(in));
}

/// The line of `text` that holds `needle`.
std::string line_with(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const size_t begin = text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

TEST(Columns, TableShowsReasoningAndUnitsOnlyWhenSomeSiteHasThem) {
  Report plain = report_of({chat_site("a.py", "1.00")});
  const std::string t = render_table(plain, {});
  EXPECT_EQ(t.find("REASONING"), std::string::npos);
  EXPECT_EQ(t.find("UNITS"), std::string::npos);

  cost::CostedSite thinking = chat_site("o3.py", "9.00");
  thinking.reasoning_tokens = {2500, "reasoning_model_default"};
  Report mixed = report_of({chat_site("a.py", "1.00"), thinking, image_site()});
  const std::string table = render_table(mixed, {});
  EXPECT_EQ(line_with(table, "MONTHLY"),
            " MONTHLY  PROVIDER  MODEL        API    CALLS/MO  IN TOK  OUT TOK  REASONING     UNITS"
            "  LOCATION");
  EXPECT_EQ(line_with(table, "img.py"),
            "  $80.00  openai    dall-e-3     image     1,000       -        -             2 images"
            "  img.py:3");
  EXPECT_EQ(line_with(table, "o3.py"),
            "   $9.00  openai    gpt-4o-mini  chat      1,000   1,000      300      2,500          "
            "  o3.py:3");
}

TEST(Columns, ReasoningIncludedInTheUsageFilesOutputIsSaidSo) {
  cost::CostedSite c = chat_site("o3.py", "9.00");
  c.output_tokens = {4000, "usage_file"};
  c.reasoning_tokens = {std::nullopt, "included_in_output_tokens"};
  const std::string table = render_table(report_of({c}), {});
  EXPECT_NE(line_with(table, "o3.py").find("4,000      incl."), std::string::npos) << table;
}

TEST(Columns, MarkdownFollowsTheTable) {
  cost::CostedSite speech = chat_site("tts.py", "15.00");
  speech.site.api = "speech";
  speech.units = {1000, "default"};
  speech.unit = "character";
  const std::string md = render_markdown(report_of({chat_site("a.py", "1.00"), speech}));
  EXPECT_NE(md.find("| Out tok | Units | Location |\n|---:|---|---|---|---:|---:|---:|---:|---|"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("Reasoning tok"), std::string::npos);
  EXPECT_NE(md.find("| 1,000 characters | `tts.py:3` |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 300 |  | `a.py:3` |"), std::string::npos) << md;
}

TEST(Columns, CsvAlwaysHasEveryColumnWithNewOnesLast) {
  const std::string plain = render_csv(report_of({chat_site("a.py", "1.00")}));
  const std::string header =
      "id,path,cell,start_line,function,provider,model,model_source,api,status,calls_per_month,"
      "input_tokens,output_tokens,per_call,monthly,reasoning_tokens,units,unit,project\r\n";
  EXPECT_EQ(plain.substr(0, header.size()), header);
  cost::CostedSite img = image_site();
  img.project = "=cmd";  // a project name is config text, still never a spreadsheet formula
  const std::string csv = render_csv(report_of({img}));
  EXPECT_NE(csv.find(",image,estimated,1000,,,0.08,80.00,,2,image,'=cmd\r\n"), std::string::npos)
      << csv;
}

}  // namespace
}  // namespace llmspend::report

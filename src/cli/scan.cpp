// `llmspend scan [PATH...]` (alias `breakdown`): analyse, price, cost, render one report.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "report/render.h"

namespace llmspend::cli {

report::Report analyse_with_progress(pipeline::RunOptions run, const pipeline::RunSetup& setup,
                                     bool quiet) {
  ProgressLine progress = ProgressLine::for_stderr();
  if (progress_wanted_here(quiet)) run.progress = progress.callback();
  std::string root;
  auto source = pipeline::open_source(run, setup, root);
  report::Report report = pipeline::run_analysis(run, setup, *source, root);
  progress.finish();
  return report;
}

core::Result<report::Report> analyse_with_progress(pipeline::RunOptions run, bool quiet) {
  auto setup = pipeline::prepare_run(run);
  if (!setup) return setup.error();
  return analyse_with_progress(std::move(run), *setup, quiet);
}

int run_scan(const ScanCommand& c) {
  auto report = analyse_with_progress(c.run, c.out.quiet);
  if (!report) return fail_input(report.error());
  auto format = report::parse_format(c.out.format);
  if (!format) return kExitUsage;  // flags.cpp only lets known formats through
  report::RenderOptions ro{use_color(c.out), c.show_skipped};
  int rc = emit(report::render(*report, *format, ro), c.out);
  if (rc == kExitOk && !report->diagnostics.empty() && *format != report::Format::kTable) {
    log_info(c.out, fmt::format("{} diagnostic{} in the report", report->diagnostics.size(),
                                report->diagnostics.size() == 1 ? "" : "s"));
  }
  return rc;
}

}  // namespace llmspend::cli

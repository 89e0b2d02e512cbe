#pragma once
/// One plain options struct and one entry point per subcommand. flags.cpp fills the structs from
/// argv (it is the only file that sees CLI11); each `run_*` returns the process exit code.
#include <string>
#include <vector>

#include "cli/output.h"
#include "pipeline/run.h"

namespace llmspend::cli {

/// The version printed by --version and written into reports.
const char* tool_version();

struct ScanCommand {
  pipeline::RunOptions run;
  OutputOptions out;
  bool show_skipped = false;
};
int run_scan(const ScanCommand& c);

struct PricesCommand {
  std::vector<std::string> models;
  bool list = false;
  std::string provider;
  std::string as_of;
  std::string pricing_file;
  OutputOptions out;  ///< format: table | json
};
int run_prices(const PricesCommand& c);

struct UsageInitCommand {
  pipeline::RunOptions run;
  OutputOptions out;  ///< out_file: the usage file to write ("" = <PATH>/llmspend-usage.yml)
};
int run_usage_init(const UsageInitCommand& c);

struct ExplainCommand {
  std::string target;  ///< FILE:LINE or a site id
  pipeline::RunOptions run;
  OutputOptions out;   ///< format: table (text) | json
};
int run_explain(const ExplainCommand& c);

/// Parses argv and runs the chosen subcommand (flags.cpp).
int run(int argc, char** argv);

}  // namespace llmspend::cli

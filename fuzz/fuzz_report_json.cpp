// libFuzzer target: a JSON report (the diff's saved input) → Report (report::read_json_report),
// then every renderer on what was read: escaping must hold for any string the file carries, and
// the JSON written must read back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "report/render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto report = llmspend::report::read_json_report(text, "base.json");
  if (!report) return 0;
  using llmspend::report::Format;
  for (Format f : {Format::kTable, Format::kMarkdown, Format::kCsv, Format::kSarif}) {
    llmspend::report::render(*report, f, {});
  }
  std::string json = llmspend::report::render_json(*report);
  if (!llmspend::report::read_json_report(json, "again.json")) __builtin_trap();
  return 0;
}

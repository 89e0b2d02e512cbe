// libFuzzer target: usage file text → UsageFile (cost::parse_usage_file), then a lookup through
// every precedence level so patterns and presets read from the input are exercised too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cost/usage_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto usage = llmspend::cost::parse_usage_file(text, "llmspend-usage.yml");
  if (usage) {
    llmspend::cost::SiteKey key{"app/chat.py::reply::openai.chat.completions.create#0",
                                "app/chat.py", "chat", "openai", "gpt-4o"};
    llmspend::cost::lookup_usage(&*usage, nullptr, key);
    llmspend::cost::lookup_usage(&*usage, &usage->defaults, {"", "", "", "", ""});
  }
  return 0;
}

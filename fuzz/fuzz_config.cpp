// libFuzzer target: `.llmspend.yml` text → Config (cost::parse_config). Errors are values; any
// exception escaping the loader is a bug (it would be exit 4 instead of exit 3).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cost/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = llmspend::cost::parse_config(text, "fuzz/.llmspend.yml");
  if (config) {
    config->default_model("openai-python", "openai");
    config->default_model("", "");
  }
  return 0;
}

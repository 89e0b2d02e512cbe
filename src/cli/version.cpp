#include "cli/commands.h"

namespace llmspend::cli {

// LLMSPEND_VERSION comes from the CMake project version (src/cli/CMakeLists.txt).
const char* tool_version() { return LLMSPEND_VERSION; }

}  // namespace llmspend::cli

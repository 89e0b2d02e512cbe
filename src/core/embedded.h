#pragma once
/// Files embedded into the binary at build time (see cmake/Embed.cmake): the SDK catalog and the
/// price table. Each table is exposed by a generated function returning these.
#include <span>
#include <string_view>

namespace llmspend::core {

struct EmbeddedFile {
  std::string_view path;  ///< relative to the source root, e.g. "pricing/prices.json"
  std::string_view data;
};

}  // namespace llmspend::core

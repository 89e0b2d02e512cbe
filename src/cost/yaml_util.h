#pragma once
/// Shared helpers for the YAML files llmspend reads (`llmspend-usage.yml`, `.llmspend.yml`):
/// parsing with positions in error messages, strict key checking with "did you mean", and typed
/// scalar reads. Every error names the file, the line and the key, and says what to write instead.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/result.h"

namespace llmspend::cost {

/// Where a YAML value sits, for messages: "llmspend-usage.yml:12".
std::string yaml_where(const std::string& origin, const YAML::Node& node);

/// Parses `text`; a syntax error becomes "origin:line:col: message".
core::Result<YAML::Node> parse_yaml(std::string_view text, const std::string& origin);

/// Reads a whole file; a missing or unreadable file is an error naming the path.
core::Result<std::string> read_text_file(const std::string& path);

/// Checks that `map` is a mapping whose keys are all in `known`; the first unknown key is an
/// error with the closest known key as a suggestion. `what` names the block ("site override").
std::optional<core::Error> check_keys(const YAML::Node& map, const std::vector<std::string>& known,
                                      const std::string& origin, std::string_view what);

/// A non-negative integer (underscores allowed: 10_000), or an error.
core::Result<int64_t> read_count(const YAML::Node& node, const std::string& origin,
                                 std::string_view key);
/// A fraction in [0, 1] as parts per million, or an error.
core::Result<int64_t> read_fraction_ppm(const YAML::Node& node, const std::string& origin,
                                        std::string_view key);
/// Minutes such as `2` or `0.5` (up to a day) as whole seconds, rounded to the nearest, or an
/// error.
core::Result<int64_t> read_minutes_as_seconds(const YAML::Node& node, const std::string& origin,
                                              std::string_view key);
/// A scalar string, or an error.
core::Result<std::string> read_string(const YAML::Node& node, const std::string& origin,
                                      std::string_view key);
/// A string or a list of strings, or an error.
core::Result<std::vector<std::string>> read_string_list(const YAML::Node& node,
                                                        const std::string& origin,
                                                        std::string_view key);

}  // namespace llmspend::cost

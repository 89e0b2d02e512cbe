#pragma once
/// A small JSON Schema validator for the subset docs/schemas/*.json use: type (one or a list),
/// const, enum, required, properties, additionalProperties (false or a schema), items, minimum,
/// minLength, pattern (ECMAScript via std::regex) and local $ref ("#/$defs/name"). Unknown
/// keywords are ignored, like in JSON Schema.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace llmspend::e2e {

/// Every violation as "<json pointer>: <what>"; empty when `doc` is valid.
std::vector<std::string> validate(const nlohmann::json& schema, const nlohmann::json& doc);

}  // namespace llmspend::e2e

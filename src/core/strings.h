#pragma once
/// Small string helpers shared by every stage.
#include <string>
#include <string_view>
#include <vector>

namespace llmspend::core {

std::vector<std::string_view> split(std::string_view s, char sep);
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
bool is_valid_utf8(std::string_view s);
/// Edit distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);
/// The closest of `choices` to `word`, or "" when none is close enough to help.
std::string closest(std::string_view word, const std::vector<std::string>& choices);
/// Shell-style glob over '/'-separated paths: `*` stays inside a segment, `**` crosses segments,
/// `?` is one character.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace llmspend::core

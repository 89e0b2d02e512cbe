#include "cost/defaults.h"

#include <array>

namespace llmspend::cost {
namespace {

// Defaults are deliberately modest and visible: a short chat turn with a paragraph-sized reply.
// Users replace them per site in llmspend-usage.yml.
constexpr std::array<ApiProfile, 5> kProfiles = {{
    {"chat", true, false, 1'000, 300},
    {"responses", true, false, 1'000, 300},
    {"completion", true, false, 500, 200},
    {"embedding", true, true, 500, 0},
    {"rag", true, false, 2'000, 300},
}};

}  // namespace

const ApiProfile* api_profile(std::string_view api) {
  for (const ApiProfile& p : kProfiles) {
    if (p.api == api) return &p;
  }
  return nullptr;
}

bool is_free_api(std::string_view api) { return api == "count_tokens" || api == "moderation"; }

bool is_free_provider(std::string_view provider) {
  return provider == "self_hosted" || provider == "mock";
}

int64_t code_points(std::string_view text) {
  int64_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;  // count lead bytes only
  }
  return n;
}

int64_t approx_tokens(std::string_view text) {
  return (code_points(text) + kCharsPerToken - 1) / kCharsPerToken;
}

}  // namespace llmspend::cost

#include "price/normalize.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <utility>

namespace llmspend::price {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// Routing prefixes that SDKs and gateways put before a model ("anthropic/claude-…") → provider.
constexpr std::array<Pair, 24> kRoutingPrefixes = {{
    {"openai", "openai"},       {"anthropic", "anthropic"},   {"google", "google"},
    {"gemini", "google"},       {"vertex_ai", "google"},      {"google-vertex", "google"},
    {"mistral", "mistral"},     {"mistralai", "mistral"},     {"cohere", "cohere"},
    {"xai", "xai"},             {"x-ai", "xai"},              {"deepseek", "deepseek"},
    {"perplexity", "perplexity"}, {"groq", "groq"},           {"together_ai", "together"},
    {"together", "together"},   {"fireworks_ai", "fireworks"}, {"fireworks", "fireworks"},
    {"voyage", "voyage"},       {"azure", "azure_openai"},    {"bedrock", "bedrock"},
    {"openrouter", "openrouter"}, {"vercel_ai_gateway", "vercel_gateway"}, {"replicate", "replicate"},
}};

// Bedrock model ids start with the vendor: "anthropic.claude-…", "meta.llama3-…".
constexpr std::array<Pair, 9> kVendorPrefixes = {{
    {"anthropic", "anthropic"}, {"amazon", ""}, {"meta", ""}, {"cohere", "cohere"},
    {"mistral", "mistral"}, {"ai21", ""}, {"deepseek", "deepseek"}, {"openai", "openai"},
    {"google", "google"},
}};

// Bedrock cross-region inference profiles.
constexpr std::array<std::string_view, 8> kRegions = {"us", "eu", "apac", "global", "jp", "au",
                                                      "ca", "us-gov"};

// Name prefixes owned by one first-party provider, longest first where they overlap.
constexpr std::array<Pair, 30> kOwners = {{
    {"gpt-", "openai"}, {"chatgpt-", "openai"}, {"o1", "openai"}, {"o3", "openai"},
    {"o4", "openai"}, {"text-embedding-3", "openai"}, {"text-embedding-ada", "openai"},
    {"dall-e", "openai"}, {"whisper", "openai"}, {"tts-", "openai"}, {"davinci", "openai"},
    {"claude", "anthropic"}, {"gemini", "google"}, {"text-embedding-00", "google"},
    {"imagen", "google"}, {"veo-", "google"}, {"mistral", "mistral"}, {"codestral", "mistral"},
    {"ministral", "mistral"}, {"pixtral", "mistral"}, {"magistral", "mistral"},
    {"devstral", "mistral"}, {"open-mistral", "mistral"}, {"command", "cohere"},
    {"embed-", "cohere"}, {"rerank-", "cohere"}, {"grok", "xai"}, {"deepseek", "deepseek"},
    {"voyage", "voyage"}, {"sonar", "perplexity"},
}};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(c); });
}

/// Length of a trailing date or snapshot suffix: -2024-08-06, -20241022, -0613 (with the dash).
size_t date_suffix_length(std::string_view s) {
  if (s.size() > 11 && s[s.size() - 11] == '-' && s[s.size() - 6] == '-' && s[s.size() - 3] == '-' &&
      all_digits(s.substr(s.size() - 10, 4)) && all_digits(s.substr(s.size() - 5, 2)) &&
      all_digits(s.substr(s.size() - 2))) {
    return 11;
  }
  for (size_t digits : {8, 4}) {
    if (s.size() > digits + 1 && s[s.size() - digits - 1] == '-' &&
        all_digits(s.substr(s.size() - digits))) {
      return digits + 1;
    }
  }
  return 0;
}

/// Length of a Bedrock version suffix: "-v1:0", "-v2", ":0".
size_t version_suffix_length(std::string_view s) {
  size_t colon = s.rfind(':');
  size_t end = s.size();
  if (colon != std::string_view::npos && all_digits(s.substr(colon + 1))) end = colon;
  size_t v = s.rfind("-v", end);
  if (v != std::string_view::npos && v + 2 < end && all_digits(s.substr(v + 2, end - v - 2))) {
    return s.size() - v;
  }
  return end == s.size() ? 0 : s.size() - end;
}

std::string_view lookup_pair(std::span<const Pair> pairs, std::string_view key, bool* found) {
  for (const auto& [k, v] : pairs) {
    if (k == key) { *found = true; return v; }
  }
  *found = false;
  return {};
}

/// Builds the candidate chain: each step rewrites `current` and records what it stripped.
class Chain {
 public:
  explicit Chain(std::string_view model) : current_(model) { push(""); }

  std::string current_;
  std::string region_;
  std::string owner_;

  void push(std::string_view note) {
    if (!note.empty()) notes_ += notes_.empty() ? std::string(note) : "; " + std::string(note);
    for (const NameCandidate& c : out_) {
      if (c.name == current_) return;
    }
    out_.push_back({current_, notes_, region_, owner_});
  }
  std::vector<NameCandidate> take() { return std::move(out_); }

 private:
  std::string notes_;
  std::vector<NameCandidate> out_;
};

void strip_routing(Chain& c) {
  for (int round = 0; round < 2; ++round) {  // "openrouter/anthropic/claude-…" has two
    size_t slash = c.current_.find('/');
    if (slash == std::string::npos) return;
    bool found = false;
    std::string_view owner = lookup_pair(kRoutingPrefixes, std::string_view(c.current_).substr(0, slash), &found);
    if (!found) return;
    std::string prefix = c.current_.substr(0, slash + 1);
    c.owner_ = owner;
    c.current_.erase(0, slash + 1);
    c.push("routing prefix '" + prefix + "'");
  }
}

void strip_fine_tune(Chain& c) {
  if (c.current_.rfind("ft:", 0) != 0) return;
  std::string base = c.current_.substr(3, c.current_.find(':', 3) - 3);
  c.current_ = "ft:" + base;
  c.push("fine-tune id");
  c.current_ = base;
  c.push("fine-tune priced as its base model '" + base + "'");
}

void strip_bedrock(Chain& c) {
  size_t dot = c.current_.find('.');
  if (dot != std::string::npos) {
    std::string head = c.current_.substr(0, dot);
    if (std::find(kRegions.begin(), kRegions.end(), head) != kRegions.end()) {
      c.region_ = head;
      c.current_.erase(0, dot + 1);
      c.push("region prefix '" + head + ".'");
    }
  }
  if (size_t n = version_suffix_length(c.current_); n > 0 && c.current_.find('.') != std::string::npos) {
    std::string suffix = c.current_.substr(c.current_.size() - n);
    c.current_.resize(c.current_.size() - n);
    c.push("version suffix '" + suffix + "'");
  }
  dot = c.current_.find('.');
  if (dot == std::string::npos) return;
  bool found = false;
  std::string_view owner = lookup_pair(kVendorPrefixes, std::string_view(c.current_).substr(0, dot), &found);
  if (!found) return;
  std::string prefix = c.current_.substr(0, dot + 1);
  if (!owner.empty()) c.owner_ = owner;
  c.current_.erase(0, dot + 1);
  c.push("vendor prefix '" + prefix + "'");
}

void strip_snapshot(Chain& c) {
  if (size_t at = c.current_.find('@'); at != std::string::npos) {
    std::string version = c.current_.substr(at);
    c.current_.resize(at);
    c.push("Vertex version '" + version + "'");
  }
  constexpr std::string_view kLatest = "-latest";
  if (c.current_.size() > kLatest.size() && c.current_.ends_with(kLatest)) {
    c.current_.resize(c.current_.size() - kLatest.size());
    c.push("'-latest'");
  }
  if (size_t n = date_suffix_length(c.current_); n > 0) {
    std::string suffix = c.current_.substr(c.current_.size() - n);
    c.current_.resize(c.current_.size() - n);
    c.push("dated snapshot '" + suffix + "'");
  }
}

}  // namespace

std::vector<NameCandidate> name_candidates(std::string_view model) {
  Chain c(model);
  if (c.current_.rfind("models/", 0) == 0) {
    c.current_.erase(0, 7);
    c.push("'models/' prefix");
  }
  strip_routing(c);
  strip_fine_tune(c);
  strip_bedrock(c);
  strip_snapshot(c);
  return c.take();
}

std::string_view owner_of(std::string_view model) {
  for (const auto& [prefix, owner] : kOwners) {
    if (model.starts_with(prefix)) return owner;
  }
  return {};
}

}  // namespace llmspend::price

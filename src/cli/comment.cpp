// `llmspend comment github`: one sticky comment per pull request, found by the hidden marker
// (diff/render.h kCommentMarker). update: edit it in place (no request when the body is
// identical) or create it; new: always create; delete-and-new: delete every marked comment,
// then create. The token comes from GITHUB_TOKEN, goes only to the API host and is never printed.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/http.h"
#include "diff/render.h"

namespace llmspend::cli {
namespace {

using Json = nlohmann::json;
constexpr int kPerPage = 100;
constexpr int kMaxPages = 50;  // 5,000 comments: far beyond any real PR

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v == nullptr || *v == '\0' ? fallback : v;
}

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The comment body: a JSON diff rendered, or a Markdown file with the marker ensured.
core::Result<std::string> comment_body(const CommentCommand& c, const std::string& server) {
  std::ifstream in(c.path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (!ends_with(c.path, ".json")) {
    const std::string marker(diff::kCommentMarker);
    return text.find(marker) == std::string::npos ? marker + "\n" + text : text;
  }
  diff::DiffContext ctx;
  auto d = diff::read_diff_json(text, c.path, &ctx);
  if (!d) return d.error();
  std::string sha = c.head_sha.empty() ? d->head_ref : c.head_sha;
  const bool is_sha =
      sha.size() == 40 && sha.find_first_not_of("0123456789abcdef") == std::string::npos;
  diff::CommentOptions o;
  if (is_sha) o.blob_url = fmt::format("{}/{}/blob/{}/", server, c.repo, sha);
  return diff::render_github_comment(*d, ctx, o);
}

class GitHub {
 public:
  GitHub(std::string api, std::string repo, std::string token)
      : api_(std::move(api)), repo_(std::move(repo)), token_(std::move(token)) {}

  HttpResponse call(const std::string& method, const std::string& path,
                    const std::string& body = "") {
    HttpRequest r{method,
                  api_ + "/repos/" + repo_ + path,
                  body,
                  {"Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28",
                   std::string("User-Agent: llmspend/") + tool_version()}};
    if (!token_.empty()) r.headers.push_back("Authorization: Bearer " + token_);
    return http_.send(r);
  }

 private:
  std::string api_;
  std::string repo_;
  std::string token_;
  HttpClient http_;
};

core::Error api_error(const std::string& what, const HttpResponse& r) {
  if (r.status == 0)
    return core::Error{fmt::format("{}: cannot reach the GitHub API ({})", what, r.error)};
  std::string hint;
  if (r.status == 401) hint = "; check GITHUB_TOKEN";
  if (r.status == 403 || r.status == 404) {
    hint =
        "; the token may be read-only (pull requests from forks get one): grant `permissions: "
        "pull-requests: write` or rely on the job summary";
  }
  return core::Error{fmt::format("{}: GitHub API answered HTTP {}{}", what, r.status, hint)};
}

struct Existing {
  int64_t id = 0;
  std::string body;
};

/// Every comment on the PR that carries the marker, oldest first.
core::Result<std::vector<Existing>> find_marked(GitHub& gh, int pr) {
  std::vector<Existing> out;
  for (int page = 1; page <= kMaxPages; ++page) {
    HttpResponse r =
        gh.call("GET", fmt::format("/issues/{}/comments?per_page={}&page={}", pr, kPerPage, page));
    if (r.status != 200) return api_error("listing the pull request's comments", r);
    Json list = Json::parse(r.body, nullptr, false);
    if (!list.is_array()) return core::Error{"listing comments: the API did not return a list"};
    for (const Json& c : list) {
      std::string body = c.value("body", "");
      if (body.find(diff::kCommentMarker) != std::string::npos) {
        out.push_back({c.value("id", int64_t{0}), std::move(body)});
      }
    }
    if (static_cast<int>(list.size()) < kPerPage) break;
  }
  return out;
}

int finish(const CommentCommand& c, const HttpResponse& r, const std::string& action) {
  Json j = Json::parse(r.body, nullptr, false);
  log_info(c.out, action);
  if (j.is_object() && j.contains("html_url")) fmt::print("{}\n", j["html_url"].get<std::string>());
  return kExitOk;
}

int post(const CommentCommand& c, GitHub& gh, const std::string& body) {
  HttpResponse r = gh.call("POST", fmt::format("/issues/{}/comments", c.pull_request),
                           Json{{"body", body}}.dump());
  if (r.status != 201) return fail_input(api_error("creating the comment", r));
  return finish(c, r, "created the llmspend comment");
}

int update(const CommentCommand& c, GitHub& gh, const std::string& body,
           const std::vector<Existing>& marked) {
  if (marked.empty()) return post(c, gh, body);
  const Existing& last = marked.back();
  if (last.body == body) {
    log_info(c.out, "the llmspend comment is up to date; not edited");
    return kExitOk;
  }
  HttpResponse r =
      gh.call("PATCH", fmt::format("/issues/comments/{}", last.id), Json{{"body", body}}.dump());
  if (r.status != 200) return fail_input(api_error("updating the comment", r));
  return finish(c, r, "updated the llmspend comment");
}

}  // namespace

int run_comment_github(const CommentCommand& c) {
  if (c.repo.find('/') == std::string::npos || c.repo.find_first_of("?#@ ") != std::string::npos) {
    return fail_input(core::Error{fmt::format("--repo `{}`: expected OWNER/NAME", c.repo)});
  }
  const std::string server = trim_slash(
      c.server_url.empty() ? env_or("GITHUB_SERVER_URL", "https://github.com") : c.server_url);
  auto body = comment_body(c, server);
  if (!body) return fail_input(body.error());
  if (c.dry_run) return emit(*body, c.out);
  const std::string token = env_or("GITHUB_TOKEN", "");
  if (token.empty()) {
    return fail_input(
        core::Error{"GITHUB_TOKEN is not set; export a token that may write pull "
                    "request comments (in Actions: `github.token`)"});
  }
  const std::string api = trim_slash(
      c.api_url.empty() ? env_or("GITHUB_API_URL", "https://api.github.com") : c.api_url);
  GitHub gh(api, c.repo, token);
  if (c.behavior == "new") return post(c, gh, *body);
  auto marked = find_marked(gh, c.pull_request);
  if (!marked) return fail_input(marked.error());
  if (c.behavior == "update") return update(c, gh, *body, *marked);
  for (const Existing& e : *marked) {  // delete-and-new
    HttpResponse r = gh.call("DELETE", fmt::format("/issues/comments/{}", e.id));
    if (r.status != 204) return fail_input(api_error("deleting the old comment", r));
  }
  return post(c, gh, *body);
}

}  // namespace llmspend::cli

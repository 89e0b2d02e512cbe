#pragma once
/// A small HTTPS client over libcurl for the GitHub API: JSON in and out, retries with backoff on
/// network errors, 429 and 5xx, redirects never followed (so the token is never sent to another
/// host), and the token kept out of every message.
#include <string>
#include <vector>

namespace llmspend::cli {

struct HttpResponse {
  long status = 0;  ///< HTTP status; 0 when no response arrived
  std::string body;
  std::string error;  ///< transport error, when status is 0
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::string body;                  ///< sent as application/json when not empty
  std::vector<std::string> headers;  ///< "Name: value"
};

class HttpClient {
 public:
  /// `attempts` tries per request; waits `backoff_ms`, then twice that, … between them.
  explicit HttpClient(int attempts = 3, int backoff_ms = 500);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse send(const HttpRequest& request);

 private:
  HttpResponse send_once(const HttpRequest& request);
  int attempts_;
  int backoff_ms_;
};

}  // namespace llmspend::cli

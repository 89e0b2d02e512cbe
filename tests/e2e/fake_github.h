#pragma once
// A tiny fake of the GitHub issue-comments API, served on 127.0.0.1 by the test itself: one
// thread, one connection at a time, `Connection: close`. It stops when destroyed or after
// `kLifetime` at the latest, so a hung client can never hang the test run.
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace llmspend::e2e {

struct RecordedRequest {
  std::string method;
  std::string target;         ///< path and query
  std::string authorization;  ///< the Authorization header as received
  std::string body;
};

class FakeGitHub {
 public:
  FakeGitHub();
  ~FakeGitHub();
  FakeGitHub(const FakeGitHub&) = delete;
  FakeGitHub& operator=(const FakeGitHub&) = delete;

  /// "http://127.0.0.1:PORT"
  std::string url() const;
  /// Comments currently on the PR (id → body), in creation order.
  std::vector<std::pair<long, std::string>> comments();
  void add_comment(const std::string& body);
  std::vector<RecordedRequest> requests();
  /// The next `n` requests get HTTP 502 (to test retries).
  void fail_next(int n) { fail_next_ = n; }
  /// Writes (POST/PATCH/DELETE) get HTTP 403, like a read-only token.
  void forbid_writes() { forbid_writes_ = true; }

 private:
  void serve();
  void handle(int fd);
  std::string respond(const RecordedRequest& r, int& status);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> fail_next_{0};
  std::atomic<bool> forbid_writes_{false};
  std::mutex mu_;
  std::vector<std::pair<long, std::string>> comments_;
  std::vector<RecordedRequest> requests_;
  long next_id_ = 1000;
  std::thread thread_;
};

}  // namespace llmspend::e2e

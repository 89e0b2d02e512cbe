#include "fake_github.h"

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <regex>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

namespace llmspend::e2e {
namespace {

using Json = nlohmann::json;
constexpr auto kLifetime = std::chrono::seconds(120);
constexpr int kPollMs = 50;

/// Reads one request: the head up to the blank line, then Content-Length bytes of body.
bool read_request(int fd, std::string& head, std::string& body) {
  std::string data;
  char buf[8192];
  size_t end = std::string::npos;
  while ((end = data.find("\r\n\r\n")) == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    data.append(buf, static_cast<size_t>(n));
  }
  head = data.substr(0, end);
  body = data.substr(end + 4);
  std::smatch m;
  static const std::regex kLength(R"(Content-Length:\s*(\d+))", std::regex::icase);
  const size_t length = std::regex_search(head, m, kLength) ? std::stoul(m[1]) : 0;
  while (body.size() < length) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    body.append(buf, static_cast<size_t>(n));
  }
  return true;
}

std::string header(const std::string& head, const std::string& name) {
  std::smatch m;
  const std::regex re("\r\n" + name + ":\\s*([^\r\n]*)", std::regex::icase);
  return std::regex_search(head, m, re) ? std::string(m[1]) : "";
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    default:
      return "Bad Gateway";
  }
}

}  // namespace

FakeGitHub::FakeGitHub() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(listen_fd_, 16);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeGitHub::~FakeGitHub() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
}

std::string FakeGitHub::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<std::pair<long, std::string>> FakeGitHub::comments() {
  std::lock_guard<std::mutex> lock(mu_);
  return comments_;
}

void FakeGitHub::add_comment(const std::string& body) {
  std::lock_guard<std::mutex> lock(mu_);
  comments_.push_back({next_id_++, body});
}

std::vector<RecordedRequest> FakeGitHub::requests() {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void FakeGitHub::serve() {
  const auto deadline = std::chrono::steady_clock::now() + kLifetime;
  while (!stop_ && std::chrono::steady_clock::now() < deadline) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void FakeGitHub::handle(int fd) {
  std::string head, body;
  if (!read_request(fd, head, body)) return;
  RecordedRequest r;
  const size_t sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
  r.method = head.substr(0, sp1);
  r.target = head.substr(sp1 + 1, sp2 - sp1 - 1);
  r.authorization = header(head, "Authorization");
  r.body = body;
  int status = 200;
  std::string out = respond(r, status);
  std::string response =
      "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(out.size()) +
      "\r\nConnection: close\r\n\r\n" + out;
  (void)!::write(fd, response.data(), response.size());
}

std::string FakeGitHub::respond(const RecordedRequest& r, int& status) {
  std::lock_guard<std::mutex> lock(mu_);
  requests_.push_back(r);
  if (fail_next_ > 0) {
    --fail_next_;
    status = 502;
    return "{}";
  }
  const bool write = r.method != "GET";
  if (write && forbid_writes_) {
    status = 403;
    return R"({"message": "Resource not accessible by integration"})";
  }
  static const std::regex kList(R"(/repos/o/r/issues/(\d+)/comments(\?.*)?)");
  static const std::regex kOne(R"(/repos/o/r/issues/comments/(\d+))");
  std::smatch m;
  if (std::regex_match(r.target, m, kList) && r.method == "GET") {
    Json list = Json::array();
    for (const auto& [id, text] : comments_) list.push_back({{"id", id}, {"body", text}});
    return list.dump();
  }
  if (std::regex_match(r.target, m, kList) && r.method == "POST") {
    comments_.push_back({next_id_, Json::parse(r.body).value("body", "")});
    status = 201;
    return Json{{"id", next_id_},
                {"html_url", "https://github.test/c/" + std::to_string(next_id_++)}}
        .dump();
  }
  if (std::regex_match(r.target, m, kOne)) {
    const long id = std::stol(m[1]);
    for (auto it = comments_.begin(); it != comments_.end(); ++it) {
      if (it->first != id) continue;
      if (r.method == "DELETE") {
        comments_.erase(it);
        status = 204;
        return "";
      }
      it->second = Json::parse(r.body).value("body", "");
      return Json{{"id", id}, {"html_url", "https://github.test/c/" + std::to_string(id)}}.dump();
    }
  }
  status = 404;
  return R"({"message": "Not Found"})";
}

}  // namespace llmspend::e2e

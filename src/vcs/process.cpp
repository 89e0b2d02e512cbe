#include "vcs/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <sys/wait.h>

extern char** environ;

namespace llmspend::vcs {
namespace {

/// argv as exec wants it; the strings stay owned by `args`.
std::vector<char*> c_argv(const std::vector<std::string>& args) {
  std::vector<char*> out;
  for (const std::string& a : args) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

/// Pipes created close-on-exec so no child inherits another child's ends.
bool make_pipe(int fds[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// A write to a pipe whose reader died must fail with EPIPE, not kill us.
void ignore_sigpipe() {
  struct sigaction sa {};
  sa.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &sa, nullptr);
}

pid_t spawn(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd, int stderr_fd,
            int* error = nullptr) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
  pid_t pid = -1;
  auto args = c_argv(argv);
  int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != nullptr) *error = rc;
  return rc == 0 ? pid : -1;
}

/// Drains both pipes until both reach end of stream (poll, so neither can fill up and block).
void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open = 2;
  char buf[65536];
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
        continue;
      }
      sinks[i]->append(buf, static_cast<size_t>(n));
    }
  }
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv) {
  ProcessResult r;
  int out[2], err[2];
  if (!make_pipe(out)) return r;
  if (!make_pipe(err)) {
    ::close(out[0]);
    ::close(out[1]);
    return r;
  }
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int spawn_error = 0;
  pid_t pid = spawn(argv, null_fd, out[1], err[1], &spawn_error);
  ::close(null_fd);
  ::close(out[1]);
  ::close(err[1]);
  if (pid > 0) drain(out[0], err[0], r.out, r.err);
  ::close(out[0]);
  ::close(err[0]);
  if (pid <= 0) {
    r.err = "cannot start `" + argv.front() + "`: " + std::strerror(spawn_error);
    return r;
  }
  r.exit_code = wait_for(pid);
  return r;
}

PipedProcess::PipedProcess(const std::vector<std::string>& argv) {
  ignore_sigpipe();
  int to_child[2], from_child[2];
  if (!make_pipe(to_child)) return;
  if (!make_pipe(from_child)) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    return;
  }
  int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_ = spawn(argv, to_child[0], from_child[1], null_fd);
  ::close(null_fd);
  ::close(to_child[0]);
  ::close(from_child[1]);
  in_fd_ = to_child[1];
  out_fd_ = from_child[0];
}

PipedProcess::~PipedProcess() {
  close_fd(in_fd_);  // end of input: the child finishes and exits
  close_fd(out_fd_);
  if (pid_ > 0) wait_for(pid_);
}

bool PipedProcess::write(const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(in_fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool PipedProcess::fill() {
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }
}

std::optional<std::string> PipedProcess::read_line() {
  for (;;) {
    size_t nl = buffer_.find('\n', pos_);
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(pos_, nl - pos_);
      pos_ = nl + 1;
      return line;
    }
    if (!fill()) return std::nullopt;
  }
}

std::optional<std::string> PipedProcess::read_exact(size_t n) {
  while (buffer_.size() - pos_ < n) {
    if (!fill()) return std::nullopt;
  }
  std::string out = buffer_.substr(pos_, n);
  pos_ += n;
  return out;
}

}  // namespace llmspend::vcs

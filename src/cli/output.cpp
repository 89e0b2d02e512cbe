#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "cli/exit_codes.h"

namespace llmspend::cli {
namespace fs = std::filesystem;

bool use_color(const OutputOptions& o) {
  if (o.no_color || !o.out_file.empty() || std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

namespace {

bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

core::Error write_error(const std::string& path, int err) {
  return core::Error{fmt::format("{}: cannot write the output file ({}); check that the directory "
                                 "exists and is writable", path, std::strerror(err))};
}

}  // namespace

std::optional<core::Error> write_file_atomically(const std::string& path, const std::string& text) {
  fs::path target(path);
  std::string tmpl = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  if (target.parent_path().empty()) tmpl = "." + target.filename().string() + ".XXXXXX";
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return write_error(path, errno);
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  int err = errno;
  ok = (::close(fd) == 0) && ok;
  if (ok) ::chmod(tmpl.c_str(), 0644);
  if (!ok || std::rename(tmpl.c_str(), path.c_str()) != 0) {
    err = ok ? errno : err;
    ::unlink(tmpl.c_str());
    return write_error(path, err);
  }
  return std::nullopt;
}

int emit(const std::string& text, const OutputOptions& o) {
  if (o.out_file.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitInput;
  }
  if (auto err = write_file_atomically(o.out_file, text)) return fail_input(*err);
  log_info(o, fmt::format("wrote {}", o.out_file));
  return kExitOk;
}

int fail_input(const core::Error& e) {
  fmt::print(stderr, "llmspend: {}\n", e.message);
  return kExitInput;
}

void log_info(const OutputOptions& o, std::string_view message) {
  if (!o.quiet) fmt::print(stderr, "llmspend: {}\n", message);
}

}  // namespace llmspend::cli

#include "hostile_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace llmspend::hostile {
namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Single-quotes `s` for /bin/sh, so any path (spaces, quotes, newlines) is one word.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Opening and closing text of one nesting level of `shape` in `language`.
std::pair<std::string, std::string> level(const std::string& language, const std::string& shape) {
  static const std::map<std::string, std::pair<std::string, std::string>> kPy = {
      {"paren", {"(\n", ")\n"}},     {"list", {"[\n", "]\n"}},   {"call", {"f(\n", ")\n"}},
      {"dict", {"{1:\n", "}\n"}},    {"binop", {"1 +\n", ""}},   {"attr", {"", ".b\n"}},
      {"lambda", {"lambda:\n", ""}}, {"not", {"not\n", ""}},     {"subscript", {"", "[0]\n"}}};
  static const std::map<std::string, std::pair<std::string, std::string>> kJs = {
      {"array", {"[\n", "]\n"}},     {"object", {"{a:\n", "}\n"}}, {"call", {"f(\n", ")\n"}},
      {"arrow", {"() =>\n", ""}},    {"binop", {"1 +\n", ""}},     {"member", {"", ".b\n"}},
      {"ternary", {"y ? 1 :\n", ""}}, {"paren", {"(\n", ")\n"}},   {"template", {"`${\n", "}`\n"}}};
  const auto& table = language == "py" ? kPy : kJs;
  auto it = table.find(shape);
  if (it == table.end()) throw std::invalid_argument("unknown nesting shape " + shape);
  return it->second;
}

}  // namespace

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "llmspend-hostile-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests may leave directories without permissions; give them back before removing.
  for (auto it = fs::recursive_directory_iterator(path_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
  }
  fs::remove_all(path_, ec);
}

void write_file(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

std::string python_site(const std::string& model) {
  return "from openai import OpenAI\n"
         "client = OpenAI()\n"
         "def ask(q):\n"
         "    return client.chat.completions.create(model=\"" + model + "\", messages=[])\n";
}

std::string js_site(const std::string& model) {
  return "import OpenAI from \"openai\";\n"
         "const client = new OpenAI();\n"
         "export const ask = () => client.chat.completions.create({model: \"" + model +
         "\", messages: []});\n";
}

std::string deep_source(const std::string& language, const std::string& shape, int depth,
                        const std::string& model) {
  auto [open, close] = level(language, shape);
  // Prefix shapes (`1 + 1 + …`) have no closer, postfix chains (`a.b.b…`) no opener.
  std::string body = open.empty() ? "a\n" + repeat(close, depth)
                                  : repeat(open, depth) + "1\n" + repeat(close, depth);
  if (language == "py") return "nested = (\n" + body + ")\n" + python_site(model);
  return "const nested = (\n" + body + ");\n" + js_site(model);
}

std::string make_overlong_directory_chain(const fs::path& base, const std::string& leaf_file) {
  const std::string name(200, 'd');
  int fd = ::open(base.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) throw std::runtime_error("cannot open " + base.string());
  // 30 levels of 200 characters: over 6000 bytes, well past PATH_MAX (4096).
  for (int i = 0; i < 30; ++i) {
    if (::mkdirat(fd, name.c_str(), 0755) != 0) throw std::runtime_error("mkdirat failed");
    int next = ::openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY);
    ::close(fd);
    if (next < 0) throw std::runtime_error("openat failed");
    fd = next;
  }
  int file = ::openat(fd, "leaf.py", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (file >= 0) {
    ssize_t ignored = ::write(file, leaf_file.data(), leaf_file.size());
    (void)ignored;
    ::close(file);
  }
  ::close(fd);
  return name;
}

void remove_overlong_directory_chain(const fs::path& base, const std::string& first) {
  std::vector<int> fds = {::open(base.c_str(), O_RDONLY | O_DIRECTORY)};
  while (fds.back() >= 0) {
    int next = ::openat(fds.back(), first.c_str(), O_RDONLY | O_DIRECTORY);
    if (next < 0) break;
    fds.push_back(next);
  }
  ::unlinkat(fds.back(), "leaf.py", 0);
  // Walk back up, removing each (now empty) child from its parent.
  for (size_t i = fds.size() - 1; i > 0; --i) {
    ::close(fds[i]);
    ::unlinkat(fds[i - 1], first.c_str(), AT_REMOVEDIR);
  }
  if (fds[0] >= 0) ::close(fds[0]);
}

ScanRun scan_json(const fs::path& root, const std::string& extra_args) {
  TempDir tmp;
  const fs::path out = tmp.path() / "stdout", err = tmp.path() / "stderr";
  const std::string cmd = shell_quote(LLMSPEND_BIN) + " scan " + shell_quote(root.string()) +
                          " --format json --quiet " + extra_args + " >" + shell_quote(out.string()) +
                          " 2>" + shell_quote(err.string()) + " </dev/null";
  ScanRun r;
  const int status = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.stderr_text = slurp(err);
  r.report = nlohmann::json::parse(slurp(out), nullptr, /*allow_exceptions=*/false);
  if (r.report.is_discarded()) r.report = nullptr;
  return r;
}

bool has_site(const nlohmann::json& report, const std::string& path) {
  if (!report.is_object()) return false;
  for (const auto& s : report["sites"]) {
    if (s["path"] == path) return true;
  }
  return false;
}

bool has_diagnostic(const nlohmann::json& report, const std::string& path, const std::string& code) {
  if (!report.is_object()) return false;
  for (const auto& d : report["diagnostics"]) {
    if (d["path"] == path && d["code"] == code && !d["message"].get<std::string>().empty()) {
      return true;
    }
  }
  return false;
}

std::string diagnostics_text(const nlohmann::json& report) {
  if (!report.is_object()) return "(no report)";
  std::string out;
  for (const auto& d : report["diagnostics"]) {
    out += d["path"].get<std::string>() + ": " + d["code"].get<std::string>() + ": " +
           d["message"].get<std::string>() + "\n";
  }
  return out;
}

}  // namespace llmspend::hostile

#include "scan/notebook.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/strings.h"

namespace llmspend::scan {
namespace {

using nlohmann::json;

/// A cell's source ("source", or "input" in nbformat 3) is a list of lines (each usually ending
/// in '\n') or a single string; nullopt when the cell has neither. Never copies the JSON: a copy
/// recurses on nesting depth, and hostile notebooks nest arrays 100k deep.
std::optional<std::string> cell_source(const json& cell) {
  auto it = cell.find("source");
  if (it == cell.end() || !(it->is_string() || it->is_array())) it = cell.find("input");
  if (it == cell.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (!it->is_array()) return std::nullopt;
  std::string out;
  for (const auto& part : *it) {
    if (part.is_string()) out += part.get_ref<const std::string&>();
  }
  return out;
}

/// IPython syntax that is not Python: line magics, shell escapes, help queries.
bool is_ipython_line(std::string_view line) {
  std::string_view t = core::trim(line);
  if (t.empty()) return false;
  if (t.front() == '%' || t.front() == '!') return true;
  return t.back() == '?' && t.find('#') == std::string_view::npos && t.find('(') == std::string_view::npos;
}

bool runs_python_body(std::string_view magic_line) {
  std::string_view name = magic_line.substr(2);
  name = name.substr(0, name.find_first_of(" \t"));
  // `%%writefile app.py` saves a Python file the notebook then runs (`!streamlit run app.py`,
  // `%run`): its body is project code. Other targets (requirements.txt, .env) are not Python.
  if (name == "writefile" || name == "file") {
    std::string_view target = core::trim(magic_line);
    target = target.substr(target.find_last_of(" \t") == std::string_view::npos ? target.size()
                                                                                  : target.find_last_of(" \t") + 1);
    return target.size() > 3 && target.substr(target.size() - 3) == ".py";
  }
  for (const char* m : {"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "python", "python3",
                        "tracer", "cache", "ipytest"}) {
    if (name == m) return true;
  }
  return false;
}

/// `%env NAME=VALUE`, `%env NAME VALUE` and `%set_env NAME VALUE` set an environment variable
/// that later cells read (`os.environ["NAME"]`, `os.getenv("NAME")`). They become the equivalent
/// Python assignment, on the same line so positions never shift; nullopt for any other line
/// (`%env` alone lists the environment, `%env NAME` prints one).
std::optional<std::string> env_magic_as_python(std::string_view line) {
  std::string_view t = core::trim(line);
  std::string_view rest;
  for (std::string_view magic : {"%env ", "%set_env "}) {
    if (t.substr(0, magic.size()) == magic) rest = core::trim(t.substr(magic.size()));
  }
  if (rest.empty()) return std::nullopt;
  size_t cut = rest.find_first_of("= \t");
  if (cut == std::string_view::npos || cut == 0) return std::nullopt;
  std::string_view name = rest.substr(0, cut);
  std::string_view value = core::trim(rest.substr(cut + 1));
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return std::nullopt;
  }
  // IPython keeps quotes as part of the value; a reader means the quoted text.
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  std::string py(line.substr(0, line.find_first_not_of(" \t")));
  py += "os.environ[\"" + std::string(name) + "\"] = \"";
  for (char c : value) {
    if (c == '\\' || c == '"') py.push_back('\\');
    py.push_back(c);
  }
  py += "\"";
  return py;
}

/// `%run helpers.py` / `%run ../setup.ipynb` runs that file in the notebook's namespace: what it
/// defines is visible to later cells, as with `from .helpers import *` (or `%run -m pkg.mod`:
/// `from pkg.mod import *`). Same line, so positions never shift; nullopt when the target is not
/// a plain relative path to a .py / .ipynb file (variables, globs, absolute paths).
std::optional<std::string> run_magic_as_python(std::string_view line) {
  std::string_view t = core::trim(line);
  if (t.substr(0, 5) != "%run ") return std::nullopt;
  auto words = core::split(t.substr(5), ' ');
  std::string_view target;
  bool module = false;
  for (std::string_view w : words) {
    w = core::trim(w);
    if (w.empty()) continue;
    if (w == "-m") {
      module = true;
    } else if (w.front() == '-') {
      continue;  // -i, -t, -e, -n: how it runs, not what
    } else {
      target = w;
      break;  // the rest are the script's own arguments
    }
  }
  auto plain = [](std::string_view s, std::string_view extra) {
    for (char c : s) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || extra.find(c) != std::string_view::npos)) {
        return false;
      }
    }
    return !s.empty();
  };
  std::string dotted;
  if (module) {
    if (!plain(target, ".")) return std::nullopt;
    dotted = std::string(target);
  } else {
    size_t ext = target.rfind('.');
    if (ext == std::string_view::npos || (target.substr(ext) != ".py" && target.substr(ext) != ".ipynb")) {
      return std::nullopt;
    }
    std::string_view path = target.substr(0, ext);
    if (path.substr(0, 2) == "./") path.remove_prefix(2);
    dotted = ".";  // relative to the notebook's folder
    while (path.substr(0, 3) == "../") {
      dotted += '.';
      path.remove_prefix(3);
    }
    // An absolute path or one that climbs back down (`a/../b`) has no import to stand for.
    if (!plain(path, "/") || path.front() == '/' || path.back() == '/' ||
        path.find("//") != std::string_view::npos) {
      return std::nullopt;
    }
    for (char c : path) dotted.push_back(c == '/' ? '.' : c);
  }
  std::string py(line.substr(0, line.find_first_not_of(" \t")));
  return py + "from " + dotted + " import *";
}

/// IPython's storemagic shares values between notebooks: `%store NAME` saves a variable and
/// `%store -r NAME` reads it back in another notebook (a course's setup notebook sets the model
/// once; every chapter restores it). Read back as an import from the pseudo-module
/// kStoreModule (`from __ipython_store__ import NAME`, or `*` for a bare `%store -r`), and a
/// save as a call `__ipython_store__(NAME)` that the evaluator looks for in sibling notebooks.
/// Same line, so positions never shift; nullopt for other forms (`-d`, `-z`, `>file`).
std::optional<std::string> store_magic_as_python(std::string_view line) {
  std::string_view t = core::trim(line);
  if (t.substr(0, 7) != "%store " && t != "%store") return std::nullopt;
  bool restore = false;
  std::vector<std::string_view> names;
  for (std::string_view w : core::split(t.substr(6), ' ')) {
    w = core::trim(w);
    if (w.empty()) continue;
    if (w == "-r") {
      restore = true;
      continue;
    }
    bool ident = !std::isdigit(static_cast<unsigned char>(w.front())) &&
                 std::all_of(w.begin(), w.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    if (!ident) return std::nullopt;
    names.push_back(w);
  }
  if (!restore && names.empty()) return std::nullopt;  // `%store` alone lists what is stored
  std::string joined;
  for (std::string_view n : names) joined += (joined.empty() ? "" : ", ") + std::string(n);
  std::string py(line.substr(0, line.find_first_not_of(" \t")));
  if (restore) return py + "from " + std::string(kStoreModule) + " import " + (names.empty() ? "*" : joined);
  return py + std::string(kStoreModule) + "(" + joined + ")";
}

/// `value("cell_type", "")` would throw on a non-string type; hostile notebooks have those.
bool is_code_cell(const json& cell) {
  if (!cell.is_object()) return false;
  auto it = cell.find("cell_type");
  return it != cell.end() && it->is_string() && it->get_ref<const std::string&>() == "code";
}

void append_cell(const std::string& src, int cell_index, SourceFile& file) {
  auto lines = core::split(src, '\n');
  if (!lines.empty() && lines.back().empty() && lines.size() > 1) lines.pop_back();
  // A cell magic (%%bash, %%writefile …) makes the whole cell non-Python, except the magics
  // that run their body as Python (%%time, %%capture …), which only blank their own line.
  bool cell_magic = !lines.empty() && core::trim(lines.front()).substr(0, 2) == "%%" &&
                    !runs_python_body(core::trim(lines.front()));
  int n = 0;
  for (std::string_view line : lines) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (cell_magic) {
      // the whole cell is not Python
    } else if (auto env = env_magic_as_python(line)) {
      file.text.append(*env);
    } else if (auto run = run_magic_as_python(line)) {
      file.text.append(*run);
    } else if (auto store = store_magic_as_python(line)) {
      file.text.append(*store);
    } else if (!is_ipython_line(line)) {
      file.text.append(line);
    }
    file.text.push_back('\n');
    file.cell_lines.push_back({cell_index, n});
  }
}

}  // namespace

core::Result<bool> load_notebook(const std::string& bytes, SourceFile& file) {
  json doc = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return core::Error{"notebook is not valid JSON"};
  if (!doc.is_object()) return core::Error{"notebook JSON is not an object"};
  const json* cells = nullptr;
  if (auto it = doc.find("cells"); it != doc.end() && it->is_array()) {
    cells = &*it;
  } else if (auto ws = doc.find("worksheets"); ws != doc.end() && ws->is_array() && !ws->empty()) {
    // nbformat 3 keeps cells under worksheets[0]; its code cells use "input" for the source.
    if (auto c = (*ws)[0].find("cells"); c != (*ws)[0].end() && c->is_array()) cells = &*c;
  }
  if (cells == nullptr) return core::Error{"notebook has no \"cells\" list"};
  file.notebook = true;
  file.text.clear();
  file.cell_lines.clear();
  int index = 0;
  for (const auto& cell : *cells) {
    if (is_code_cell(cell)) {
      if (auto src = cell_source(cell)) {
        append_cell(*src, index, file);
      } else {
        file.notes.push_back(fmt::format("cell {}: code cell without a \"source\" string or list; "
                                         "skipped", index));
      }
    }
    ++index;
  }
  return true;
}

}  // namespace llmspend::scan

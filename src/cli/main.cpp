// llmspend: the process boundary. Every expected failure is a value mapped to an exit code by the
// commands; anything thrown past them is a bug, reported once here as exit code 4.
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  try {
    return llmspend::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "llmspend: internal error: %s\nThis is a bug; please report it with the "
                 "command line that triggered it.\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "llmspend: internal error (unknown exception); please report it.\n");
  }
  return llmspend::cli::kExitInternal;
}

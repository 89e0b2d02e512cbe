// bench/tsparse.c - parse-only timer for the llmspend benchmark.
//
// Reads a list of files (one path a line, relative to -C DIR or the current directory) and
// parses every Python / JavaScript / TypeScript / TSX file with the same tree-sitter core and
// grammars the analyzer links (grammars/node_modules, built by bench/build-tsparse.sh).
// Nothing else happens: no prefilter, no query, no walk (unless -w). This is the "parse
// floor" that issue 8 compares `llmspend scan` against, at the same thread count.
//
//   tsparse [-j N] [-C DIR] [-r] [-w] [-e] FILELIST
//     -j N   worker threads (default 1); files are handed out one at a time (atomic index)
//     -C DIR paths in FILELIST are relative to DIR
//     -r     read only: open+read every file into a reused buffer, no parse (in-process read floor)
//     -w     after parsing, visit every node with a TreeCursor (approximates one visitor pass)
//     -e     print the first ERROR/MISSING node of each file that has one
//
// Language by extension: .py -> python; .js .mjs .cjs .jsx -> javascript; .ts .mts .cts ->
// typescript; .tsx -> tsx. Anything else (.ipynb included) is read and counted as "skipped"
// (notebooks are JSON; their code cells are a small share of the corpora's bytes).
// The last line is machine-readable: "RESULT files=.. bytes=.. wall=.. threads=.. ..."
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

enum { LANG_PY, LANG_JS, LANG_TS, LANG_TSX, LANG_OTHER, LANG_COUNT };
static const char *const kLangName[LANG_COUNT] = {"python", "javascript", "typescript", "tsx", "skipped"};

typedef struct {
  unsigned long long files[LANG_COUNT], bytes[LANG_COUNT], errors[LANG_COUNT], nodes[LANG_COUNT];
  double parse_secs[LANG_COUNT];
  unsigned long long unreadable;
} Stats;

static char **g_paths;
static size_t g_count;
static atomic_size_t g_next;
static int g_read_only, g_walk, g_show_errors;
static int g_dirfd = AT_FDCWD;

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static int language_of(const char *path) {
  if (has_suffix(path, ".py")) return LANG_PY;
  if (has_suffix(path, ".tsx")) return LANG_TSX;
  if (has_suffix(path, ".ts") || has_suffix(path, ".mts") || has_suffix(path, ".cts")) return LANG_TS;
  if (has_suffix(path, ".js") || has_suffix(path, ".mjs") || has_suffix(path, ".cjs") || has_suffix(path, ".jsx"))
    return LANG_JS;
  return LANG_OTHER;
}

static double monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// First ERROR or MISSING node in document order, descending only into subtrees that have errors.
static void print_first_error(const char *path, TSNode root, const char *src, size_t len) {
  TSTreeCursor cur = ts_tree_cursor_new(root);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cur);
    if (ts_node_is_error(n) || ts_node_is_missing(n)) {
      TSPoint at = ts_node_start_point(n);
      uint32_t b = ts_node_start_byte(n);
      char snippet[61];
      int k = 0;
      for (uint32_t q = b; q < len && k < 60; q++) snippet[k++] = (src[q] == '\n' || src[q] == '\t') ? ' ' : src[q];
      snippet[k] = 0;
      printf("ERR %s:%u:%u %s |%s|\n", path, at.row + 1, at.column + 1, ts_node_is_missing(n) ? "MISSING" : "ERROR",
             snippet);
      break;
    }
    if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cur)) continue;
    int moved = 0;
    do {
      if (ts_tree_cursor_goto_next_sibling(&cur)) { moved = 1; break; }
    } while (ts_tree_cursor_goto_parent(&cur));
    if (!moved) break;
  }
  ts_tree_cursor_delete(&cur);
}

static unsigned long long count_nodes(TSNode root) {
  TSTreeCursor cur = ts_tree_cursor_new(root);
  unsigned long long n = 0;
  for (;;) {
    n++;
    if (ts_tree_cursor_goto_first_child(&cur)) continue;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cur)) break;
      if (!ts_tree_cursor_goto_parent(&cur)) { ts_tree_cursor_delete(&cur); return n; }
    }
  }
}

static void *worker(void *arg) {
  Stats *st = arg;
  const TSLanguage *langs[4] = {tree_sitter_python(), tree_sitter_javascript(), tree_sitter_typescript(),
                                tree_sitter_tsx()};
  TSParser *parsers[4];
  for (int i = 0; i < 4; i++) {
    parsers[i] = ts_parser_new();
    ts_parser_set_language(parsers[i], langs[i]);
  }
  size_t cap = 1u << 20;
  char *buf = malloc(cap);
  for (;;) {
    size_t i = atomic_fetch_add(&g_next, 1);
    if (i >= g_count) break;
    const char *path = g_paths[i];
    int fd = openat(g_dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { st->unreadable++; continue; }
    struct stat sb;
    if (fstat(fd, &sb) != 0) { close(fd); st->unreadable++; continue; }
    size_t want = (size_t)sb.st_size;
    if (want + 1 > cap) {
      while (cap < want + 1) cap *= 2;
      buf = realloc(buf, cap);
    }
    size_t got = 0;
    while (got < want) {
      ssize_t r = read(fd, buf + got, want - got);
      if (r <= 0) break;
      got += (size_t)r;
    }
    close(fd);
    int lang = language_of(path);
    st->files[lang]++;
    st->bytes[lang] += got;
    if (g_read_only || lang == LANG_OTHER) continue;
    double t0 = monotonic();
    TSTree *tree = ts_parser_parse_string(parsers[lang], NULL, buf, (uint32_t)got);
    if (tree) {
      TSNode root = ts_tree_root_node(tree);
      if (ts_node_has_error(root)) {
        st->errors[lang]++;
        if (g_show_errors) print_first_error(path, root, buf, got);
      }
      if (g_walk) st->nodes[lang] += count_nodes(root);
      ts_tree_delete(tree);
    } else {
      st->errors[lang]++;
    }
    st->parse_secs[lang] += monotonic() - t0;
  }
  free(buf);
  for (int i = 0; i < 4; i++) ts_parser_delete(parsers[i]);
  return NULL;
}

static void usage(const char *argv0) {
  fprintf(stderr, "usage: %s [-j N] [-C DIR] [-r] [-w] [-e] FILELIST\n", argv0);
  exit(2);
}

int main(int argc, char **argv) {
  int threads = 1, opt;
  const char *dir = NULL;
  while ((opt = getopt(argc, argv, "j:C:rwe")) != -1) {
    switch (opt) {
      case 'j': threads = atoi(optarg); break;
      case 'C': dir = optarg; break;
      case 'r': g_read_only = 1; break;
      case 'w': g_walk = 1; break;
      case 'e': g_show_errors = 1; break;
      default: usage(argv[0]);
    }
  }
  if (optind >= argc || threads < 1) usage(argv[0]);
  if (dir) {
    g_dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (g_dirfd < 0) { perror(dir); return 2; }
  }
  FILE *list = fopen(argv[optind], "r");
  if (!list) { perror(argv[optind]); return 2; }
  size_t cap = 4096;
  g_paths = malloc(cap * sizeof *g_paths);
  char *line = NULL;
  size_t line_cap = 0;
  ssize_t len;
  while ((len = getline(&line, &line_cap, list)) > 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    if (len == 0) continue;
    if (g_count == cap) { cap *= 2; g_paths = realloc(g_paths, cap * sizeof *g_paths); }
    g_paths[g_count++] = strdup(line);
  }
  free(line);
  fclose(list);

  Stats *stats = calloc((size_t)threads, sizeof *stats);
  pthread_t *tids = malloc((size_t)threads * sizeof *tids);
  double t0 = monotonic();
  for (int i = 0; i < threads; i++) pthread_create(&tids[i], NULL, worker, &stats[i]);
  for (int i = 0; i < threads; i++) pthread_join(tids[i], NULL);
  double wall = monotonic() - t0;

  Stats tot = {0};
  for (int i = 0; i < threads; i++) {
    for (int l = 0; l < LANG_COUNT; l++) {
      tot.files[l] += stats[i].files[l];
      tot.bytes[l] += stats[i].bytes[l];
      tot.errors[l] += stats[i].errors[l];
      tot.nodes[l] += stats[i].nodes[l];
      tot.parse_secs[l] += stats[i].parse_secs[l];
    }
    tot.unreadable += stats[i].unreadable;
  }
  unsigned long long all_files = 0, all_bytes = 0, parsed_bytes = 0, all_errors = 0;
  double thread_secs = 0;
  printf("%-11s %7s %9s %7s %9s %8s\n", "lang", "files", "MB", "errors", "parse_s", "MB/s");
  for (int l = 0; l < LANG_COUNT; l++) {
    double mb = (double)tot.bytes[l] / 1e6;
    printf("%-11s %7llu %9.2f %7llu %9.3f %8.2f\n", kLangName[l], tot.files[l], mb, tot.errors[l], tot.parse_secs[l],
           tot.parse_secs[l] > 0 ? mb / tot.parse_secs[l] : 0.0);
    all_files += tot.files[l];
    all_bytes += tot.bytes[l];
    all_errors += tot.errors[l];
    thread_secs += tot.parse_secs[l];
    if (l != LANG_OTHER) parsed_bytes += tot.bytes[l];
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("RESULT mode=%s files=%llu bytes=%llu parsed_bytes=%llu errors=%llu unreadable=%llu threads=%d "
         "wall=%.3f thread_parse_s=%.3f mb_per_s=%.2f max_rss_kb=%ld\n",
         g_read_only ? "read" : (g_walk ? "parse+walk" : "parse"), all_files, all_bytes, parsed_bytes, all_errors,
         tot.unreadable, threads, wall, thread_secs, (double)all_bytes / 1e6 / wall, ru.ru_maxrss);
  return 0;
}

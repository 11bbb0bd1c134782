/*===- main.c - atomicguard-audit: merge per-unit audit files -------------===*
 *
 * atomicguard-audit [-o OUT.json] [--markdown OUT.md] [--title TEXT]
 *                   FILE.agaudit.json|DIR ...
 *
 * Reads the audit files the pass wrote (a directory stands for every
 * *.agaudit.json in it, in name order), merges them per docs/audit-format.md
 * and writes the merged JSON and/or a Markdown review. Exit status: 0 on
 * success, 1 on any error (nothing is written then).
 *
 *===----------------------------------------------------------------------===*/
#include "audit.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define AUDIT_SUFFIX ".agaudit.json"
#define DEFAULT_TITLE "Concurrency review"

static const char USAGE[] =
    "usage: " TOOL_NAME " [-o OUT.json] [--markdown OUT.md] [--title TEXT]\n"
    "       " TOOL_NAME " FILE.agaudit.json|DIR ...\n"
    "\n"
    "Merges the per-translation-unit audit files written by the atomicguard\n"
    "pass (-mllvm -atomicguard-audit-dir=DIR) into one project report, as\n"
    "described in docs/audit-format.md. A DIR argument stands for every\n"
    "*" AUDIT_SUFFIX " file in it, sorted by name.\n"
    "\n"
    "options:\n"
    "  -o FILE            write the merged JSON to FILE\n"
    "  --markdown FILE    write a Markdown concurrency review to FILE\n"
    "  --title TEXT       title of the Markdown review (default: \"" DEFAULT_TITLE
    "\")\n"
    "  --help             print this help and exit\n"
    "\n"
    "With neither -o nor --markdown the merged JSON goes to standard output.\n"
    "FILE may be '-' for standard output. Exit status: 0 on success, 1 on any\n"
    "error.\n";

struct options {
  const char *json_out, *markdown_out, *title;
  str_vec inputs;
};

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The option's value: "--opt=VALUE" or the next argument. */
static const char *option_value(int argc, char **argv, int *i,
                                const char *name) {
  const char *arg = argv[*i];
  size_t n = strlen(name);
  if (arg[n] == '=')
    return arg + n + 1;
  if (*i + 1 >= argc)
    fatal("option '%s' needs an argument (see --help)", name);
  return argv[++*i];
}

/* Whether argv[i] is NAME or NAME=VALUE. */
static bool is_option(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static struct options parse_args(int argc, char **argv) {
  struct options o = {.title = DEFAULT_TITLE};
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
      VEC_PUSH(o.inputs, arg);
    } else if (strcmp(arg, "--") == 0) {
      only_files = true;
    } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      fputs(USAGE, stdout);
      arena_release();
      exit(ferror(stdout) ? 1 : 0);
    } else if (strcmp(arg, "-o") == 0) {
      o.json_out = option_value(argc, argv, &i, "-o");
    } else if (strncmp(arg, "-o", 2) == 0) {
      o.json_out = arg + 2; /* -oFILE, as getopt would take it */
    } else if (is_option(arg, "--markdown")) {
      o.markdown_out = option_value(argc, argv, &i, "--markdown");
    } else if (is_option(arg, "--title")) {
      o.title = option_value(argc, argv, &i, "--title");
    } else {
      fatal("unknown option '%s' (see --help)", arg);
    }
  }
  if (!o.inputs.len)
    fatal("no input files (see --help)");
  if (o.json_out && !*o.json_out)
    fatal("option '-o' needs a file name");
  if (o.markdown_out && !*o.markdown_out)
    fatal("option '--markdown' needs a file name");
  return o;
}

static int qcmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends DIR's audit files, sorted by name, to `files`. */
static void add_directory(str_vec *files, const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    fatal("cannot read directory '%s': %s", dir, strerror(errno));
  str_vec found = {0};
  struct dirent *e;
  while ((errno = 0, e = readdir(d)) != NULL)
    if (has_suffix(e->d_name, AUDIT_SUFFIX) && e->d_name[0] != '.')
      VEC_PUSH(found, arena_printf("%s/%s", dir, e->d_name));
  int saved = errno;
  closedir(d);
  if (saved)
    fatal("cannot read directory '%s': %s", dir, strerror(saved));
  /* An empty audit directory almost always means the pass did not run with
   * -atomicguard-audit-dir, which a report should not hide. */
  if (!found.len)
    fatal("no *" AUDIT_SUFFIX " files in directory '%s'", dir);
  qsort(found.items, found.len, sizeof *found.items, qcmp_str);
  for (size_t i = 0; i < found.len; i++)
    VEC_PUSH(*files, found.items[i]);
}

static str_vec expand_inputs(const str_vec *inputs) {
  str_vec files = {0};
  for (size_t i = 0; i < inputs->len; i++) {
    const char *path = inputs->items[i];
    struct stat st;
    if (stat(path, &st) != 0)
      fatal("cannot read '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
      add_directory(&files, path);
    else
      VEC_PUSH(files, path);
  }
  return files;
}

/* Opens an output ("-" is stdout); fatal when it cannot. */
static FILE *open_output(const char *path) {
  if (strcmp(path, "-") == 0)
    return stdout;
  FILE *f = fopen(path, "w");
  if (!f)
    fatal("cannot write '%s': %s", path, strerror(errno));
  return f;
}

static void close_output(FILE *f, const char *path) {
  bool failed = ferror(f) != 0;
  if (f == stdout)
    failed |= fflush(f) != 0;
  else
    failed |= fclose(f) != 0;
  if (failed)
    fatal("cannot write '%s'", path);
}

int main(int argc, char **argv) {
  struct options o = parse_args(argc, argv);
  str_vec files = expand_inputs(&o.inputs);

  /* Everything is read and checked before anything is written, so a bad
   * input never leaves a half-written report behind. */
  VEC(struct audit_doc) docs = {0};
  for (size_t i = 0; i < files.len; i++)
    VEC_PUSH(docs, audit_load(files.items[i]));
  struct audit_doc merged = audit_merge(docs.items, docs.len);

  if (!o.json_out && !o.markdown_out)
    o.json_out = "-";
  if (o.json_out) {
    FILE *f = open_output(o.json_out);
    audit_write_json(&merged, f);
    close_output(f, strcmp(o.json_out, "-") ? o.json_out : "<stdout>");
  }
  if (o.markdown_out) {
    FILE *f = open_output(o.markdown_out);
    audit_write_markdown(&merged, o.title, f);
    close_output(f, strcmp(o.markdown_out, "-") ? o.markdown_out : "<stdout>");
  }
  arena_release();
  return 0;
}

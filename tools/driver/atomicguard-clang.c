/*===- atomicguard-clang.c - clang with atomicguard added -----------------===*
 *
 * atomicguard-clang ARGS...    runs  clang-22   FLAGS ARGS... [LINK FLAGS]
 * atomicguard-clang++ ARGS...  runs  clang++-22 FLAGS ARGS... [LINK FLAGS]
 *
 * One program; a name containing "++" selects the C++ compiler. The compiler
 * is ATOMICGUARD_CC (ATOMICGUARD_CXX for C++) when set, else clang-22
 * (clang++-22) looked up on PATH. The wrapper replaces itself with the
 * compiler (exec), so the compiler's output and exit status are the
 * wrapper's. FLAGS (the plugin and the include directory, see layout.h) go
 * in front of every invocation that has an input file, the plugin only when
 * the arguments do not load an atomicguard.so already; LINK FLAGS (the
 * runtime) go at the end when the invocation links an executable. An
 * invocation with no input file (--version, -v, -print-*) is passed on
 * unchanged.
 *
 * Deciding "links an executable" needs clang's view of the command line, so
 * response files (@FILE) are read the way clang reads them, and the options
 * that take their value as the next argument are known (separate_options).
 * -shared and -r link without the runtime: it must exist once per process,
 * in the executable, whose own link adds it. -static is refused: the runtime
 * replaces libc functions and reaches the real ones through the dynamic
 * linker.
 *
 *===----------------------------------------------------------------------===*/
#include "layout.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set in the compiler's environment; finding it set means the wrapper was
 * started by its own compiler, i.e. ATOMICGUARD_CC or PATH leads back to it. */
#define REENTRY_MARKER "ATOMICGUARD_CLANG_WRAPPER_ACTIVE"

/* Deeper nesting of response files than this is left for clang to diagnose
 * (it reports recursive inclusion). */
#define MAX_RESPONSE_FILE_DEPTH 32

static const char *tool_name = "atomicguard-clang";


static void *checked_realloc(void *p, size_t size) {
  p = realloc(p, size);
  if (!p)
    ag_tool_die(tool_name, 1, "out of memory");
  return p;
}

struct arg_list {
  char **items;
  size_t len, cap;
};

static void arg_list_push(struct arg_list *list, char *arg) {
  if (list->len == list->cap) {
    list->cap = list->cap ? 2 * list->cap : 64;
    list->items = checked_realloc(list->items, list->cap * sizeof *list->items);
  }
  list->items[list->len++] = arg;
}

/*===-- Response files ----------------------------------------------------===*/

static void expand_arg(char *arg, struct arg_list *out, int depth);

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Splits a response file into arguments as clang does on Linux (GNU
 * quoting): whitespace separates arguments; a backslash takes the next
 * character literally; '...' and "..." quote (a backslash inside still
 * escapes), and may be glued to other text ("a"b is ab; "" is an empty
 * argument). */
static void split_response_file(const char *text, size_t len,
                                struct arg_list *out, int depth) {
  char *token = checked_realloc(NULL, len + 1);
  size_t n = 0;
  bool in_token = false;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (!in_token && is_space(c))
      continue;
    if (is_space(c)) {
      token[n] = '\0';
      expand_arg(strdup(token), out, depth);
      n = 0;
      in_token = false;
      continue;
    }
    in_token = true;
    if (c == '\\' && i + 1 < len) {
      token[n++] = text[++i];
    } else if (c == '"' || c == '\'') {
      for (i++; i < len && text[i] != c; i++) {
        if (text[i] == '\\' && i + 1 < len)
          i++;
        token[n++] = text[i];
      }
    } else {
      token[n++] = c;
    }
  }
  if (in_token) {
    token[n] = '\0';
    expand_arg(strdup(token), out, depth);
  }
  free(token);
}

/* Reads a whole file; NULL (errno set) when it cannot. */
static char *read_whole_file(const char *path, size_t *len_out) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = NULL;
  size_t len = 0, cap = 0, got;
  do {
    if (cap - len < 4096) {
      cap = cap ? 2 * cap : 8192;
      text = checked_realloc(text, cap);
    }
    got = fread(text + len, 1, cap - len, f);
    len += got;
  } while (got > 0);
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    free(text);
    errno = EIO;
    return NULL;
  }
  *len_out = len;
  return text;
}

/* Appends arg to out, replaced by its contents when it is @FILE and FILE can
 * be read. Like clang, an unreadable @FILE stays as it is (clang then
 * reports it as a missing input), and names of nested response files are
 * relative to the current directory, not to the including file. */
static void expand_arg(char *arg, struct arg_list *out, int depth) {
  size_t len;
  char *text = NULL;
  if (arg[0] == '@' && depth < MAX_RESPONSE_FILE_DEPTH)
    text = read_whole_file(arg + 1, &len);
  if (!text) {
    arg_list_push(out, arg);
    return;
  }
  const char *start = text;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 BOM */
    start += 3;
    len -= 3;
  }
  split_response_file(start, len, out, depth + 1);
  free(text);
}

/*===-- What the invocation does ------------------------------------------===*/

/* clang 22 driver options whose value is the next argument (the separate
 * form of "-o FILE", "-I DIR", ...), with the number of values. Found by
 * asking clang-22 itself: every option it lists (--autocomplete=-) was run
 * with -### before two input files, and those after which only the second
 * file remained an input are here, plus -x/--language (rejected values fail
 * that probe) and the Darwin options taking two or three values. */
static const struct {
  const char *name;
  int values;
} separate_options[] = {
    {"--analyzer-output", 1}, {"--assert", 1}, {"--bootclasspath", 1},
    {"--CLASSPATH", 1}, {"--classpath", 1}, {"--define-macro", 1},
    {"--dyld-prefix", 1}, {"--encoding", 1}, {"--extdirs", 1},
    {"--for-linker", 1}, {"--force-link", 1}, {"--imacros", 1},
    {"--include", 1}, {"--include-directory", 1},
    {"--include-directory-after", 1}, {"--include-prefix", 1},
    {"--include-with-prefix", 1}, {"--include-with-prefix-after", 1},
    {"--include-with-prefix-before", 1}, {"--language", 1},
    {"--library-directory", 1}, {"--mhwdiv", 1},
    {"--no-system-header-prefix", 1}, {"--output", 1},
    {"--output-class-directory", 1}, {"--param", 1}, {"--prefix", 1},
    {"--resource", 1}, {"--rtlib", 1}, {"--serialize-diagnostics", 1},
    {"--std", 1}, {"--stdlib", 1}, {"--sysroot", 1},
    {"--system-header-prefix", 1}, {"--undefine-macro", 1},
    {"--vfsoverlay", 1}, {"-A", 1}, {"-B", 1}, {"-D", 1}, {"-F", 1},
    {"-G", 1}, {"-I", 1}, {"-L", 1}, {"-MF", 1}, {"-MJ", 1}, {"-MQ", 1},
    {"-MT", 1}, {"-T", 1}, {"-U", 1}, {"-Xanalyzer", 1}, {"-Xassembler", 1},
    {"-Xclang", 1}, {"-Xclangas", 1}, {"-Xcuda-fatbinary", 1},
    {"-Xcuda-ptxas", 1}, {"-Xlinker", 1}, {"-Xoffload-linker", 1},
    {"-Xopenmp-target", 1}, {"-Xpreprocessor", 1}, {"-arch", 1}, {"-b", 1},
    {"-ccc-gcc-name", 1}, {"-ccc-install-dir", 1}, {"-current_version", 1},
    {"-cxx-isystem", 1}, {"-darwin-target-variant", 1},
    {"-darwin-target-variant-triple", 1}, {"-dependency-dot", 1},
    {"-dependency-file", 1}, {"-dsym-dir", 1}, {"-dumpdir", 1}, {"-e", 1},
    {"-fdebug-compilation-dir", 1}, {"-fexperimental-openacc-macro-override", 1},
    {"-filelist", 1}, {"-fmodules-user-build-path", 1}, {"-fnew-alignment", 1},
    {"-ftrapv-handler", 1}, {"-gen-cdb-fragment-path", 1}, {"-hlsl-entry", 1},
    {"-iapinotes-modules", 1}, {"-idirafter", 1}, {"-iframework", 1},
    {"-iframeworkwithsysroot", 1}, {"-imacros", 1}, {"-imultilib", 1},
    {"-include", 1}, {"-include-pch", 1}, {"-init", 1}, {"-install_name", 1},
    {"-iprefix", 1}, {"-iquote", 1}, {"-isysroot", 1}, {"-isystem", 1},
    {"-isystem-after", 1}, {"-ivfsoverlay", 1}, {"-iwithprefix", 1},
    {"-iwithprefixbefore", 1}, {"-iwithsysroot", 1}, {"-l", 1}, {"-meabi", 1},
    {"-mllvm", 1}, {"-mmlir", 1}, {"-module-dependency-dir", 1},
    {"-mthread-model", 1}, {"-o", 1}, {"-object-file-name", 1},
    {"-resource-dir", 1}, {"-rpath", 1}, {"-sectalign", 3},
    {"-sectcreate", 3}, {"-segaddr", 2}, {"-serialize-diagnostics", 1},
    {"-stdlib++-isystem", 1}, {"-target", 1}, {"-u", 1}, {"-undefined", 1},
    {"-validator-version", 1}, {"-vfsoverlay", 1}, {"-working-directory", 1},
    {"-x", 1}, {"-z", 1},
};

/* Number of values option arg takes from the following arguments. */
static int separate_values(const char *arg) {
  /* -Xarch_ARCH ARG and -Xarch_device/-Xarch_host ARG. */
  if (strncmp(arg, "-Xarch_", 7) == 0)
    return 1;
  for (size_t i = 0; i < sizeof separate_options / sizeof *separate_options;
       i++)
    if (strcmp(arg, separate_options[i].name) == 0)
      return separate_options[i].values;
  return 0;
}

static bool is_one_of(const char *arg, const char *const *names) {
  for (; *names; names++)
    if (strcmp(arg, *names) == 0)
      return true;
  return false;
}

/* Options after which clang stops before linking. */
static const char *const no_link_options[] = {
    "-c", "-S", "-E", "-M", "-MM", "-fsyntax-only", "--precompile",
    "-emit-ast", "--analyze", "-emit-interface-stubs", "-rewrite-objc",
    "-verify-pch", "-module-file-info", "-fdriver-only", NULL};
static const char *const static_options[] = {"-static", "--static",
                                             "-static-pie", NULL};

struct invocation {
  bool has_input;          /* a file or "-" to compile or link */
  bool links;              /* no option stops clang before the link */
  bool shared_or_partial;  /* -shared or -r: links no executable */
  const char *static_flag; /* -static, --static or -static-pie, if given */
  bool sets_language;      /* -x: later inputs are read as that language */
  bool loads_plugin;       /* -fpass-plugin=.../atomicguard.so is given */
};

/* Whether arg loads an atomicguard plugin (any copy: two copies would both
 * instrument the code). */
static bool is_atomicguard_plugin_flag(const char *arg) {
  static const char prefix[] = "-fpass-plugin=";
  if (strncmp(arg, prefix, sizeof prefix - 1) != 0)
    return false;
  const char *path = arg + sizeof prefix - 1;
  const char *base = strrchr(path, '/');
  return strcmp(base ? base + 1 : path, "atomicguard.so") == 0;
}

static struct invocation classify(const struct arg_list *args) {
  struct invocation inv = {.links = true};
  bool only_inputs = false;
  for (size_t i = 0; i < args->len; i++) {
    const char *arg = args->items[i];
    if (only_inputs || arg[0] != '-' || strcmp(arg, "-") == 0) {
      inv.has_input = true;
    } else if (strcmp(arg, "--") == 0) {
      only_inputs = true;
    } else if (is_one_of(arg, no_link_options)) {
      inv.links = false;
    } else if (strcmp(arg, "-shared") == 0 || strcmp(arg, "--shared") == 0 ||
               strcmp(arg, "-r") == 0) {
      inv.shared_or_partial = true;
    } else if (is_one_of(arg, static_options)) {
      inv.static_flag = arg;
    } else if (is_atomicguard_plugin_flag(arg)) {
      inv.loads_plugin = true;
    } else {
      if (strncmp(arg, "-x", 2) == 0 || strncmp(arg, "--language", 10) == 0)
        inv.sets_language = true;
      i += (size_t)separate_values(arg);
    }
  }
  return inv;
}

/*===-- main --------------------------------------------------------------===*/

int main(int argc, char **argv) {
  const char *name = strrchr(argv[0], '/');
  name = name ? name + 1 : argv[0];
  bool cxx = strstr(name, "++") != NULL;
  tool_name = cxx ? "atomicguard-clang++" : "atomicguard-clang";
  const char *compiler_var = cxx ? "ATOMICGUARD_CXX" : "ATOMICGUARD_CC";
  const char *compiler = getenv(compiler_var);
  if (!compiler || !*compiler)
    compiler = cxx ? "clang++-22" : "clang-22";

  if (getenv(REENTRY_MARKER))
    ag_tool_die(tool_name, 1,
        "started by the compiler it runs (%s or PATH leads back to %s); set "
        "%s to the clang 22 compiler",
        compiler_var, tool_name, compiler_var);

  struct arg_list expanded = {0};
  for (int i = 1; i < argc; i++)
    expand_arg(argv[i], &expanded, 0);
  struct invocation inv = classify(&expanded);
  bool links_executable = inv.has_input && inv.links && !inv.shared_or_partial;
  if (links_executable && inv.static_flag)
    ag_tool_die(tool_name, 1,
        "cannot link with %s: the atomicguard runtime replaces libc "
        "functions (malloc, pthread_mutex_lock, ...) and calls the real ones "
        "through the dynamic linker, so libc must be linked dynamically "
        "(-static-libgcc and -static-libstdc++ are fine)",
        inv.static_flag);

  /* The arguments go to the compiler as given: it expands response files
   * itself. */
  struct arg_list command = {0};
  arg_list_push(&command, (char *)compiler);
  if (inv.has_input) {
    struct ag_layout layout = ag_layout_find(tool_name);
    if (!inv.loads_plugin)
      arg_list_push(&command, ag_plugin_flag(&layout));
    arg_list_push(&command, ag_include_flag(&layout));
    for (int i = 1; i < argc; i++)
      arg_list_push(&command, argv[i]);
    if (links_executable) {
      /* The runtime archive is an input file: without -x none, a -x given
       * by the user would make clang read it as source. */
      if (inv.sets_language) {
        arg_list_push(&command, "-x");
        arg_list_push(&command, "none");
      }
      char *link_flags[AG_MAX_LINK_FLAGS];
      size_t n = ag_link_flags(&layout, link_flags);
      for (size_t i = 0; i < n; i++)
        arg_list_push(&command, link_flags[i]);
    }
  } else {
    for (int i = 1; i < argc; i++)
      arg_list_push(&command, argv[i]);
  }
  arg_list_push(&command, NULL);

  if (setenv(REENTRY_MARKER, "1", 1) != 0)
    ag_tool_die(tool_name, 1, "cannot set %s: %s", REENTRY_MARKER,
                strerror(errno));
  execvp(compiler, command.items);
  int err = errno;
  ag_tool_die(tool_name, err == ENOENT ? 127 : 126,
              "cannot run '%s': %s (set %s to the clang 22 compiler)", compiler,
              strerror(err), compiler_var);
}

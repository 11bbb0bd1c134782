/*===- atomicguard-config.c - Flags for builds that keep their compiler ---===*
 *
 * atomicguard-config OPTION...
 *
 * Prints, one line per option and in the order given, what a build needs to
 * use atomicguard with its own clang 22: --cflags and --ldflags are exactly
 * the flags atomicguard-clang adds to a compile and to the link of an
 * executable. Paths are those of the tree this program belongs to
 * (layout.h). Exit status: 0, or 2 (with a message on stderr) for a missing
 * or unknown option.
 *
 *===----------------------------------------------------------------------===*/
#include "layout.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOOL "atomicguard-config"

static const char USAGE[] =
    "usage: " TOOL " OPTION...\n"
    "\n"
    "Prints what a build that compiles with its own clang 22 needs to use\n"
    "atomicguard, one line per option, in the order given:\n"
    "  --cflags      compile flags: -fpass-plugin=PLUGIN -IINCLUDEDIR\n"
    "  --ldflags     flags that link the runtime into an executable\n"
    "  --plugin      the pass plugin (atomicguard.so)\n"
    "  --libdir      the directory of the plugin and the runtime\n"
    "  --includedir  the directory of atomicguard.h\n"
    "  --version     the atomicguard version\n"
    "  --help        this text\n";

static void print_flags(char **flags, size_t n) {
  for (size_t i = 0; i < n; i++)
    printf("%s%s", i ? " " : "", flags[i]);
  putchar('\n');
}

enum option { CFLAGS, LDFLAGS, PLUGIN, LIBDIR, INCLUDEDIR, VERSION, HELP };

static const struct {
  const char *name;
  bool needs_paths;
} options[] = {
    [CFLAGS] = {"--cflags", true},         [LDFLAGS] = {"--ldflags", true},
    [PLUGIN] = {"--plugin", true},         [LIBDIR] = {"--libdir", true},
    [INCLUDEDIR] = {"--includedir", true}, [VERSION] = {"--version", false},
    [HELP] = {"--help", false},
};

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(USAGE, stderr);
    return 2;
  }
  /* Every option is checked before anything is printed, so a mistake
   * produces no partial output. */
  enum option *requested = malloc((size_t)argc * sizeof *requested);
  if (!requested)
    return 1;
  bool needs_paths = false;
  for (int i = 1; i < argc; i++) {
    size_t k = 0;
    while (k < sizeof options / sizeof *options &&
           strcmp(argv[i], options[k].name) != 0)
      k++;
    if (k == sizeof options / sizeof *options) {
      fprintf(stderr, TOOL ": error: unknown option '%s' (see --help)\n",
              argv[i]);
      return 2;
    }
    requested[i] = (enum option)k;
    needs_paths |= options[k].needs_paths;
  }

  struct ag_layout layout = {0};
  if (needs_paths)
    layout = ag_layout_find(TOOL);
  for (int i = 1; i < argc; i++) {
    switch (requested[i]) {
    case CFLAGS: {
      char *flags[] = {ag_plugin_flag(&layout), ag_include_flag(&layout)};
      print_flags(flags, 2);
      break;
    }
    case LDFLAGS: {
      char *flags[AG_MAX_LINK_FLAGS];
      print_flags(flags, ag_link_flags(&layout, flags));
      break;
    }
    case PLUGIN:
      puts(layout.plugin);
      break;
    case LIBDIR:
      puts(layout.libdir);
      break;
    case INCLUDEDIR:
      puts(layout.includedir);
      break;
    case VERSION:
      puts(AG_VERSION);
      break;
    case HELP:
      fputs(USAGE, stdout);
      break;
    }
  }
  return fflush(stdout) == 0 ? 0 : 1;
}

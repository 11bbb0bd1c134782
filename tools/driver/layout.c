/*===- layout.c - Where an atomicguard tree keeps its parts ----------------===*/
#include "layout.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ag_tool_die(const char *tool, int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: error: ", tool);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(status);
}

char *ag_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = len < 0 ? NULL : malloc((size_t)len + 1);
  if (!s) {
    fputs("atomicguard: error: out of memory\n", stderr);
    exit(1);
  }
  va_start(ap, fmt);
  vsnprintf(s, (size_t)len + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* Cuts the last path component off path (in place). */
static void strip_last_component(char *path) {
  char *slash = strrchr(path, '/');
  if (slash)
    *(slash == path ? slash + 1 : slash) = '\0';
}

static void require(const char *tool, const char *path, const char *what,
                    const char *root) {
  if (access(path, R_OK) != 0)
    ag_tool_die(tool, 1,
                 "%s '%s' is missing (%s): %s expects the plugin and the "
                 "runtime in lib/ and the headers in include/ next to its "
                 "own bin/ directory in '%s'",
                 what, path, strerror(errno), tool, root);
}

struct ag_layout ag_layout_find(const char *tool) {
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len < 0)
    ag_tool_die(tool, 1, "cannot find its own executable: /proc/self/exe: %s",
                 strerror(errno));
  if ((size_t)len == sizeof exe - 1)
    ag_tool_die(tool, 1, "the path of its own executable is too long");
  exe[len] = '\0';
  strip_last_component(exe); /* ROOT/bin */
  strip_last_component(exe); /* ROOT */

  struct ag_layout layout;
  layout.root = ag_format("%s", exe);
  /* "/" + "lib" stays readable when ROOT is the file system root. */
  const char *sep = strcmp(exe, "/") == 0 ? "" : "/";
  layout.libdir = ag_format("%s%slib", exe, sep);
  layout.includedir = ag_format("%s%sinclude", exe, sep);
  layout.plugin = ag_format("%s/atomicguard.so", layout.libdir);
  layout.runtime = ag_format("%s/libatomicguard_rt.a", layout.libdir);

  require(tool, layout.plugin, "the pass plugin", layout.root);
  require(tool, layout.runtime, "the runtime", layout.root);
  char *header = ag_format("%s/atomicguard.h", layout.includedir);
  require(tool, header, "the header", layout.root);
  free(header);
  return layout;
}

char *ag_plugin_flag(const struct ag_layout *layout) {
  return ag_format("-fpass-plugin=%s", layout->plugin);
}

char *ag_include_flag(const struct ag_layout *layout) {
  return ag_format("-I%s", layout->includedir);
}

size_t ag_link_flags(const struct ag_layout *layout,
                     char *flags[AG_MAX_LINK_FLAGS]) {
  /* The whole archive, so that the executable carries the runtime even when
   * none of its own objects is instrumented but a shared object it links or
   * loads is (the runtime must exist once, in the executable). */
  flags[0] = ag_format("-Wl,--whole-archive");
  flags[1] = ag_format("%s", layout->runtime);
  flags[2] = ag_format("-Wl,--no-whole-archive");
  /* An instrumented shared object loaded with dlopen binds its
   * __atomicguard_* calls to the executable's runtime, which must therefore
   * export them (the linker exports them on its own only for the shared
   * objects named on the link line). */
  flags[3] = ag_format("-Wl,--export-dynamic-symbol=__atomicguard_*");
  flags[4] = ag_format("-lpthread");
  return 5;
}

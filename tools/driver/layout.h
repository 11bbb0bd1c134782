/*===- layout.h - Where an atomicguard tree keeps its parts ----------------===*
 *
 * The build tree and an installed prefix have the same layout:
 *
 *   ROOT/bin/      atomicguard-clang, atomicguard-clang++, atomicguard-config,
 *                  atomicguard-audit
 *   ROOT/lib/      atomicguard.so (the pass plugin),
 *                  libatomicguard_rt.a (the runtime)
 *   ROOT/include/  atomicguard.h, atomicguard/abi.h
 *
 * The tools find ROOT from their own executable (/proc/self/exe, symbolic
 * links resolved), never from a path fixed at build time, so an installed
 * tree works wherever it is copied or moved. The flags the compiler wrapper
 * adds are defined here once, and atomicguard-config prints the same ones.
 *
 *===----------------------------------------------------------------------===*/
#ifndef AG_DRIVER_LAYOUT_H
#define AG_DRIVER_LAYOUT_H

#include <stddef.h>

struct ag_layout {
  char *root, *libdir, *includedir, *plugin, *runtime;
};

/* The tree the running executable belongs to. Prints
 * "TOOL: error: ..." and exits with status 1 when it cannot be found or a
 * part is missing. */
struct ag_layout ag_layout_find(const char *tool);

/* The compile flags: -fpass-plugin=PLUGIN and -IINCLUDEDIR. */
char *ag_plugin_flag(const struct ag_layout *layout);
char *ag_include_flag(const struct ag_layout *layout);

/* Upper bound of the link flag count. */
enum { AG_MAX_LINK_FLAGS = 5 };

/* The flags that link the runtime into an executable. Returns the count
 * stored in flags. */
size_t ag_link_flags(const struct ag_layout *layout,
                     char *flags[AG_MAX_LINK_FLAGS]);

/* Prints "TOOL: error: MESSAGE" to stderr and exits with status. */
_Noreturn void ag_tool_die(const char *tool, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* malloc'd printf; exits with status 1 when out of memory. */
char *ag_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

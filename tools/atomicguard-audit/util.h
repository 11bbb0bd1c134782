/*===- util.h - Errors, arena memory, growable arrays, files ---------------===*
 *
 * atomicguard-audit is a short-lived batch tool: everything it allocates
 * lives until the report is written, so all memory comes from one arena that
 * is released in one go at exit (valgrind and LeakSanitizer stay quiet, and no
 * code path has to free anything). Any error is fatal: it is printed as
 * "atomicguard-audit: error: ..." and the process exits with status 1.
 *
 *===----------------------------------------------------------------------===*/
#ifndef AG_AUDIT_UTIL_H
#define AG_AUDIT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOOL_NAME "atomicguard-audit"

#if defined(__GNUC__)
#define AG_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define AG_PRINTF(fmt, args)
#endif

/* Prints "atomicguard-audit: error: MESSAGE" to stderr and exits with 1. */
_Noreturn void fatal(const char *fmt, ...) AG_PRINTF(1, 2);
/* Prints "atomicguard-audit: warning: MESSAGE" to stderr and goes on. */
void warning(const char *fmt, ...) AG_PRINTF(1, 2);

/* Zeroed memory from the current arena; never returns NULL (fatal on
 * exhaustion). */
void *arena_alloc(size_t size);
/* Frees every arena block. Nothing allocated before may be used after. */
void arena_release(void);
/* Between scratch_begin and scratch_end, allocations go to the scratch arena,
 * which scratch_release frees (for data needed only while loading a file). */
void scratch_begin(void);
void scratch_end(void);
void scratch_release(void);
char *scratch_printf(const char *fmt, ...) AG_PRINTF(1, 2);
/* The one permanent copy of the string s: equal strings share storage, which
 * matters when a million accesses name the same few files and functions. */
const char *intern(const char *s);
char *arena_strndup(const char *s, size_t len);
char *arena_strdup(const char *s);
/* printf into a fresh arena string. */
char *arena_printf(const char *fmt, ...) AG_PRINTF(1, 2);

/* Growable array of T: `VEC(T) v = {0}; VEC_PUSH(v, x);`. Growth copies into
 * a new arena block (the old one is simply abandoned), which keeps the arena
 * the only owner of memory. */
#define VEC(T)                                                                 \
  struct {                                                                     \
    T *items;                                                                  \
    size_t len, cap;                                                           \
  }
void vec_grow(void **items, size_t len, size_t *cap, size_t elem_size);
#define VEC_PUSH(v, x)                                                         \
  do {                                                                         \
    if ((v).len == (v).cap)                                                    \
      vec_grow((void **)&(v).items, (v).len, &(v).cap, sizeof *(v).items);     \
    (v).items[(v).len++] = (x);                                                \
  } while (0)

typedef VEC(const char *) str_vec;
typedef VEC(char) char_vec;

/* A growing string: append, then buf_cstr for the NUL-terminated text. */
void buf_append(char_vec *b, const char *s, size_t len);
void buf_printf(char_vec *b, const char *fmt, ...) AG_PRINTF(2, 3);
void buf_vprintf(char_vec *b, const char *fmt, va_list ap) AG_PRINTF(2, 0);
const char *buf_cstr(char_vec *b);

/* Reads a whole file into an arena buffer (with a NUL after the last byte,
 * which the JSON parser does not rely on). Fatal when it cannot. */
char *read_file(const char *path, size_t *len_out);

/* strcmp where NULL (JSON null: unknown) sorts after every string, so that
 * entries with missing knowledge come last. */
int cmp_nullable_str(const char *a, const char *b);
/* Ordering of optional positive integers where 0 (unknown) sorts last. */
int cmp_optional_int(int64_t a, int64_t b);
int cmp_int(int64_t a, int64_t b);
/* Sorts a string vector and drops repeated entries (a set union helper). */
void str_vec_sort_unique(str_vec *v);
bool str_vec_contains(const str_vec *v, const char *s);

#endif

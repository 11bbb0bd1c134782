/*===- atomicguard.h - Source annotations for atomicguard ------------------===*
 *
 * Annotations C code can carry for the atomicguard pass (docs/annotations.md
 * is the reference). Each expands to a plain clang attribute or builtin, so
 * code that includes this header compiles the same with and without the
 * plugin, and to nothing (or to the bare expression) with other compilers.
 * The run-time annotations at the end call the runtime through weak
 * references, so they compile and link without it too.
 *
 *===----------------------------------------------------------------------===*/
#ifndef ATOMICGUARD_H
#define ATOMICGUARD_H

#if defined(__clang__)
#define AG_ANNOTATE_(what) __attribute__((annotate(what)))
#else
#define AG_ANNOTATE_(what)
#endif

/* On a function declaration: this function starts a thread (a thread-pool
 * submit, a pthread_create wrapper). Its pointer arguments escape to another
 * thread and function-pointer arguments become thread routines, exactly as
 * for pthread_create. Equivalent to -mllvm -atomicguard-spawners=NAME. */
#define AG_SPAWNER AG_ANNOTATE_("atomicguard.spawner")

/* On a function definition: leave this function's plain accesses unchecked.
 * Its atomic operations and fences are still instrumented, so the
 * synchronization it performs counts. Same as an ignorelist entry fun:NAME
 * (-mllvm -atomicguard-ignorelist=FILE). */
#define AG_NO_INSTRUMENT AG_ANNOTATE_("atomicguard.no_instrument")

/* Declared ordering intents, on a global, static local, local or struct field
 * declaration (before the type: AG_PUBLISH _Atomic int ready;). The pass
 * checks every access against them at compile time and the runtime names
 * them in reports.
 *
 * AG_PUBLISH  a publication flag or pointer: stores at least release, loads
 *             at least acquire, read-modify-writes at least acq_rel.
 * AG_COUNTER  a statistics counter: only atomic accesses, any ordering.
 * AG_SEQ_CST  every access atomic and seq_cst.
 * AG_BENIGN_RACE("why")  an accepted race: never reported, at compile time
 *             or at run time. The rationale is mandatory.
 * AG_INTENT("publish"|"counter"|"seq_cst")  the generic spelling; an unknown
 *             name is a compile error. */
#define AG_INTENT(name) AG_ANNOTATE_("atomicguard.intent:" name)
#define AG_PUBLISH AG_INTENT("publish")
#define AG_COUNTER AG_INTENT("counter")
#define AG_SEQ_CST AG_INTENT("seq_cst")
#define AG_BENIGN_RACE(why) AG_ANNOTATE_("atomicguard.benign:" why)

/* AG_JUSTIFY("why", expr): expr, whose atomic operations are weaker than
 * the checks would accept on purpose, for the reason given (silences the
 * weak-order and strict checks for those operations only):
 *
 *   AG_JUSTIFY("only the final value matters",
 *              atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed));
 *
 * The value (or void) of expr is the value of the macro. Markers around expr
 * are calls the optimizer keeps in place (__builtin_annotation); the pass
 * pairs each operation with the nearest marker before it. */
#if defined(__clang__)
static inline __attribute__((always_inline, unused)) void
ag_justify_end_(int *Begin) {
  (void)__builtin_annotation(*Begin, "atomicguard.justify.end");
}
#define AG_JUSTIFY(why, ...)                                                   \
  (__extension__({                                                             \
    int ag_justify_ __attribute__((cleanup(ag_justify_end_), unused)) =        \
        __builtin_annotation(0, "atomicguard.justify:" why);                   \
    (__VA_ARGS__);                                                             \
  }))
#else
#define AG_JUSTIFY(why, ...) (__VA_ARGS__)
#endif

/* Run-time annotations, for synchronization atomicguard cannot see and for
 * accepted races on memory that has no declaration to annotate:
 *
 * ag_happens_before(addr)  what this thread did so far happens before what
 *             any thread does after a later ag_happens_after(addr).
 * ag_happens_after(addr)   the other half (also acquires what a lock or
 *             atomic object at addr released).
 * ag_benign_race(addr, size, "why")  races on the bytes [addr, addr+size)
 *             are never reported, until that memory is freed or unmapped.
 *
 * They call the runtime through weak references: a program built without
 * atomicguard (no plugin, no runtime) compiles and links, and there they do
 * nothing. Code annotated for ThreadSanitizer needs no change: the runtime
 * also implements AnnotateHappensBefore/After, AnnotateBenignRace(Sized)
 * and __tsan_acquire/__tsan_release (docs/annotations.md). */
#if defined(__GNUC__) || defined(__clang__)
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
__attribute__((weak)) void
__atomicguard_happens_before(const volatile void *addr);
__attribute__((weak)) void
__atomicguard_happens_after(const volatile void *addr);
__attribute__((weak)) void
__atomicguard_benign_race(const volatile void *addr, size_t size,
                          const char *why);
#ifdef __cplusplus
}
#endif
static inline __attribute__((always_inline, unused)) void
ag_happens_before(const volatile void *addr) {
  if (__atomicguard_happens_before)
    __atomicguard_happens_before(addr);
}
static inline __attribute__((always_inline, unused)) void
ag_happens_after(const volatile void *addr) {
  if (__atomicguard_happens_after)
    __atomicguard_happens_after(addr);
}
static inline __attribute__((always_inline, unused)) void
ag_benign_race(const volatile void *addr, size_t size, const char *why) {
  if (__atomicguard_benign_race)
    __atomicguard_benign_race(addr, size, why);
}
#else
#define ag_happens_before(addr) ((void)(addr))
#define ag_happens_after(addr) ((void)(addr))
#define ag_benign_race(addr, size, why) ((void)(addr), (void)(size), (void)(why))
#endif

/* Optional: a program may define this to give its own default runtime
 * options, in the syntax of ATOMICGUARD_OPTIONS, which is applied after them
 * and overrides them key by key (like __tsan_default_options). It is called
 * once, before main and before any constructor: it must only return a
 * constant string. */
#ifdef __cplusplus
extern "C"
#endif
const char *__atomicguard_default_options(void);

#endif /* ATOMICGUARD_H */

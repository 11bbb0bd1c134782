/*===- atomicguard.h - Source annotations for atomicguard ------------------===*
 *
 * Annotations C code can carry for the atomicguard pass. Each expands to a
 * plain clang attribute, so code that includes this header compiles the same
 * with and without the plugin (and with compilers that lack the plugin).
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

/* On a function definition: leave this function's accesses uninstrumented
 * (synchronization it performs through intercepted calls still counts). */
#define AG_NO_INSTRUMENT AG_ANNOTATE_("atomicguard.no_instrument")

#endif /* ATOMICGUARD_H */

/*===- clock.c - Variable-length vector clocks ------------------------------===*
 *
 * A vector clock is indexed by thread slot. Arrays come from the internal
 * arena, grow by powers of two, and keep the invariant that entries past len
 * are zero. A vector clock is protected by whoever owns it: a thread's own
 * clocks by that thread, a sync object's clocks by the object's lock.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>

/* At least a cache line each: the arena packs small blocks, and one thread
 * ticking its clock must not slow down another that reads or releases into
 * the clock next to it. */
#define VC_MIN_CAP (64 / sizeof(uint32_t))

/* Return v's array to the arena, unless it is the owner's storage
 * (vc_init_inline). */
static void vc_free_array(struct vc *v, int deferred) {
  if (!v->c || v->cap < VC_MIN_CAP)
    return;
  if (deferred)
    ag_free_deferred(v->c, (size_t)v->cap * sizeof(uint32_t));
  else
    ag_free(v->c, (size_t)v->cap * sizeof(uint32_t));
}

/* The new array is published before its capacity, so that a lock-free
 * reader (atomic.c) that reads the capacity first never reads past the end
 * of the array it reads next. */
static AG_NOINLINE void vc_grow(struct vc *v, uint32_t n, int deferred) {
  uint32_t cap = v->cap > VC_MIN_CAP ? v->cap : VC_MIN_CAP;
  while (cap < n)
    cap *= 2;
  uint32_t *c = ag_alloc((size_t)cap * sizeof(uint32_t));
  if (v->len)
    memcpy(c, v->c, (size_t)v->len * sizeof(uint32_t));
  vc_free_array(v, deferred);
  st_relaxed(&v->c, c);
  st_release(&v->cap, cap);
}

_Static_assert(AG_SYNC_VC_INLINE < VC_MIN_CAP,
               "an inline clock is told from an array by its capacity");

void vc_init_inline(struct vc *v, uint32_t *storage, uint32_t n) {
  v->len = 0;
  v->c = storage;
  v->cap = n;
}

void vc_ensure(struct vc *v, uint32_t n) {
  if (n > v->cap)
    vc_grow(v, n, 1);
  if (n > v->len)
    v->len = n;
}

void vc_set(struct vc *v, uint32_t s, uint32_t val) {
  vc_ensure(v, s + 1);
  v->c[s] = val;
}

void vc_join_raw(struct vc *dst, const uint32_t *s, uint32_t n) {
  if (n > dst->len)
    vc_ensure(dst, n);
  uint32_t *d = dst->c;
  for (uint32_t i = 0; i < n; i++)
    if (s[i] > d[i])
      d[i] = s[i];
}

void vc_join(struct vc *dst, const struct vc *src) {
  vc_join_raw(dst, src->c, src->len);
}

/* Loops rather than memcpy and memset: clocks are a few entries long, and
 * the runtime is built with -fno-builtin, which makes those library calls
 * (a release store spent more time in them than in the copy). */
void vc_assign(struct vc *dst, const struct vc *src) {
  uint32_t n = src->len;
  if (n > dst->cap)
    vc_grow(dst, n, 1);
  uint32_t *d = dst->c;
  const uint32_t *s = src->c;
  for (uint32_t i = 0; i < n; i++)
    d[i] = s[i];
  for (uint32_t i = n; i < dst->len; i++)
    d[i] = 0;
  dst->len = n;
}

void vc_clear(struct vc *v) {
  if (v->len)
    memset(v->c, 0, (size_t)v->len * sizeof(uint32_t));
  v->len = 0;
}

void vc_free(struct vc *v) {
  vc_free_array(v, 0);
  v->c = 0;
  v->len = v->cap = 0;
}

void vc_free_deferred(struct vc *v) {
  vc_free_array(v, 1);
  v->c = 0;
  v->len = v->cap = 0;
}

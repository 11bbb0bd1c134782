/*===- atomic.c - Atomic entry points and fences ----------------------------===*
 *
 * The runtime performs each atomic operation itself while holding the lock
 * of the location's sync object L, so the operation and its clock update are
 * one indivisible step. Per thread T:
 *   release/acq_rel/seq_cst store   L.vc := T.vc; T ticks
 *   relaxed store                   L.vc := T.rel_fence, or, when T's store
 *                                   heads the current release sequence,
 *                                   L.vc ⊔= T.rel_fence (C11/C17 5.1.2.4p10:
 *                                   later stores by the same thread continue
 *                                   a release sequence; C++20 dropped this)
 *   acquire/consume/seq_cst load    T.vc ⊔= L.vc
 *   relaxed load                    T.pending_acq ⊔= L.vc
 *   RMW: read side as a load of its order; write side joins (release
 *        sequences continue): L.vc ⊔= T.vc (release) or T.rel_fence
 *   cmpxchg: success = RMW with the success order, failure = load with the
 *        failure order
 *   fence acquire: T.vc ⊔= T.pending_acq; fence release: T.rel_fence := T.vc,
 *        T ticks; acq_rel/seq_cst: both.
 * Every atomic access is also recorded in the shadow as an atomic access
 * (a thread's stores that follow its own, in the sync object: shadow.c,
 * deferred stores).
 * Loads read the value and L.vc without taking the lock when no holder is
 * changing them (L's lock is a sequence lock): a load that spins on a flag
 * only reads the lines its writer writes.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>

static inline int has_acquire(unsigned o) {
  return o == AG_ORDER_CONSUME || o == AG_ORDER_ACQUIRE ||
         o == AG_ORDER_ACQ_REL || o == AG_ORDER_SEQ_CST;
}
static inline int has_release(unsigned o) {
  return o == AG_ORDER_RELEASE || o == AG_ORDER_ACQ_REL ||
         o == AG_ORDER_SEQ_CST;
}

static inline unsigned norm_size(unsigned sz) {
  return (sz == 1 || sz == 2 || sz == 4 || sz == 8) ? sz : 8;
}

static inline uint64_t mask_of(unsigned sz) {
  return sz >= 8 ? ~0ull : ((1ull << (sz * 8)) - 1);
}

static uint64_t do_load(const void *p, unsigned sz) {
  switch (sz) {
  case 1: return __atomic_load_n((const uint8_t *)p, __ATOMIC_SEQ_CST);
  case 2: return __atomic_load_n((const uint16_t *)p, __ATOMIC_SEQ_CST);
  case 4: return __atomic_load_n((const uint32_t *)p, __ATOMIC_SEQ_CST);
  default: return __atomic_load_n((const uint64_t *)p, __ATOMIC_SEQ_CST);
  }
}

/* Under the location's lock, a store needs no more than release order: a
 * load that reads it must see the sync object its thread published first
 * (see the load). Only a seq_cst store pays for the full fence. */
static void do_store(void *p, uint64_t v, unsigned sz, int seq_cst) {
  const int mo = seq_cst ? __ATOMIC_SEQ_CST : __ATOMIC_RELEASE;
  switch (sz) {
  case 1: __atomic_store_n((uint8_t *)p, (uint8_t)v, mo); break;
  case 2: __atomic_store_n((uint16_t *)p, (uint16_t)v, mo); break;
  case 4: __atomic_store_n((uint32_t *)p, (uint32_t)v, mo); break;
  default: __atomic_store_n((uint64_t *)p, v, mo); break;
  }
}

/* Returns the old value; *ok tells whether the exchange happened. */
static uint64_t do_cas(void *p, uint64_t expected, uint64_t desired,
                       unsigned sz, int *ok) {
  switch (sz) {
  case 1: {
    uint8_t e = (uint8_t)expected;
    *ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)desired, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return e;
  }
  case 2: {
    uint16_t e = (uint16_t)expected;
    *ok = __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)desired, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return e;
  }
  case 4: {
    uint32_t e = (uint32_t)expected;
    *ok = __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)desired, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return e;
  }
  default: {
    uint64_t e = expected;
    *ok = __atomic_compare_exchange_n((uint64_t *)p, &e, desired, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return e;
  }
  }
}

static inline int64_t sext(uint64_t v, unsigned sz) {
  switch (sz) {
  case 1: return (int8_t)v;
  case 2: return (int16_t)v;
  case 4: return (int32_t)v;
  default: return (int64_t)v;
  }
}

static double as_double(uint64_t v, unsigned sz) {
  if (sz == 4) {
    float f;
    uint32_t u = (uint32_t)v;
    memcpy(&f, &u, 4);
    return f;
  }
  double d;
  memcpy(&d, &v, 8);
  return d;
}

static uint64_t from_double(double d, unsigned sz) {
  if (sz == 4) {
    float f = (float)d;
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
  }
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

static uint64_t float_op(unsigned op, uint64_t a, uint64_t b, unsigned sz) {
  if (sz != 4 && sz != 8)
    return a;
  if (sz == 4) {
    float x, y, r;
    uint32_t ua = (uint32_t)a, ub = (uint32_t)b, ur;
    memcpy(&x, &ua, 4);
    memcpy(&y, &ub, 4);
    switch (op) {
    case AG_RMW_FADD: r = x + y; break;
    case AG_RMW_FSUB: r = x - y; break;
    case AG_RMW_FMAX: r = (x != x) ? y : (y != y) ? x : (x > y ? x : y); break;
    default: r = (x != x) ? y : (y != y) ? x : (x < y ? x : y); break;
    }
    memcpy(&ur, &r, 4);
    return ur;
  }
  double x = as_double(a, 8), y = as_double(b, 8), r;
  switch (op) {
  case AG_RMW_FADD: r = x + y; break;
  case AG_RMW_FSUB: r = x - y; break;
  case AG_RMW_FMAX: r = (x != x) ? y : (y != y) ? x : (x > y ? x : y); break;
  default: r = (x != x) ? y : (y != y) ? x : (x < y ? x : y); break;
  }
  return from_double(r, 8);
}

static uint64_t compute(unsigned op, uint64_t old, uint64_t v, unsigned sz) {
  uint64_t m = mask_of(sz);
  switch (op) {
  case AG_RMW_XCHG: return v & m;
  case AG_RMW_ADD: return (old + v) & m;
  case AG_RMW_SUB: return (old - v) & m;
  case AG_RMW_AND: return old & v & m;
  case AG_RMW_NAND: return ~(old & v) & m;
  case AG_RMW_OR: return (old | v) & m;
  case AG_RMW_XOR: return (old ^ v) & m;
  case AG_RMW_MAX: return (sext(old, sz) > sext(v, sz) ? old : v) & m;
  case AG_RMW_MIN: return (sext(old, sz) < sext(v, sz) ? old : v) & m;
  case AG_RMW_UMAX: return ((old & m) > (v & m) ? old : v) & m;
  case AG_RMW_UMIN: return ((old & m) < (v & m) ? old : v) & m;
  case AG_RMW_FADD:
  case AG_RMW_FSUB:
  case AG_RMW_FMAX:
  case AG_RMW_FMIN: return float_op(op, old & m, v & m, sz) & m;
  default: return old & m;
  }
}

static uint64_t do_rmw(void *p, uint64_t v, unsigned op, unsigned sz) {
  uint64_t old = do_load(p, sz);
  for (;;) {
    uint64_t nv = compute(op, old, v, sz);
    int ok;
    uint64_t cur = do_cas(p, old, nv, sz, &ok);
    if (ok)
      return old;
    old = cur;
  }
}

static inline void record(struct ag_thread *t, const void *addr, unsigned sz,
                          int af, const struct ag_site *site,
                          struct racebuf *rb) {
  ag_shadow_access(t, (uptr)addr, sz, af | AF_ATOMIC, site, rb);
}

static inline void acquire_part(struct ag_thread *t, struct ag_sync *s,
                                unsigned order) {
  if (!s)
    return;
  if (has_acquire(order))
    vc_join(&t->vc, &s->vc);
  else
    vc_join(&t->pending_acq, &s->vc);
}

/* The clock v into buf, read without its lock: its length, or -1 if it
 * is longer than SNAPSHOT_MAX or looks inconsistent (being replaced: the
 * caller's validation of the lock's count fails then anyway). */
#define SNAPSHOT_MAX 64
static int vc_snapshot(const struct vc *v, uint32_t *buf) {
  const uint32_t cap = ld_acquire(&v->cap);
  const uint32_t *c = ld_relaxed(&v->c);
  const uint32_t n = ld_relaxed(&v->len);
  if (n > cap || n > SNAPSHOT_MAX || (n && !c))
    return -1;
  for (uint32_t i = 0; i < n; i++)
    buf[i] = ld_relaxed(&c[i]);
  return (int)n;
}

/* A load that writes nothing to the sync object s (a thread spinning on a
 * flag does not take the line of the lock its writer needs): the value and
 * the clock, read between two equal even counts of s's lock, are a pair a
 * load under the lock could have read. */
enum { LOAD_DONE, LOAD_RETRY /* a holder got in the way */, LOAD_LOCKED };
static int load_lockfree(struct ag_thread *t, struct ag_sync *s,
                         const void *addr, unsigned sz, unsigned order,
                         uint64_t *v) {
  const uint64_t seq = ag_seqlock_read_begin(&s->lock);
  if (seq & 1)
    return LOAD_RETRY;
  *v = do_load(addr, sz);
  const int acq = has_acquire(order);
  const uint64_t destroyed = ld_acquire(&ag_sync_destroyed);
  if (acq && t->acq_sync == s && t->acq_seq == seq &&
      t->acq_destroyed == destroyed)
    return ag_seqlock_read_valid(&s->lock, seq) ? LOAD_DONE : LOAD_RETRY;
  uint32_t buf[SNAPSHOT_MAX];
  const int n = vc_snapshot(&s->vc, buf);
  if (!ag_seqlock_read_valid(&s->lock, seq))
    return LOAD_RETRY;
  if (n < 0)
    return LOAD_LOCKED;
  vc_join_raw(acq ? &t->vc : &t->pending_acq, buf, (uint32_t)n);
  if (acq) {
    t->acq_sync = s;
    t->acq_seq = seq;
    t->acq_destroyed = destroyed;
  }
  return LOAD_DONE;
}

/* Waits out holders rather than taking the lock: that would bump the count
 * and send the writer's next store to wait for us in turn. */
#define LOAD_TRIES 64
static int load_without_lock(struct ag_thread *t, struct ag_sync *s,
                             const void *addr, unsigned sz, unsigned order,
                             uint64_t *v) {
  for (int i = 0; i < LOAD_TRIES; i++) {
    const int r = load_lockfree(t, s, addr, sz, order, v);
    if (r != LOAD_RETRY)
      return r == LOAD_DONE;
    ag_seqlock_wait(&s->lock);
  }
  return 0;
}

AG_EXPORT uint64_t __atomicguard_atomic_load(const void *addr,
                                             const struct ag_site *site) {
  struct ag_thread *t = ag_get_thread();
  t->calls[AG_CALL_ATOMIC]++;
  unsigned sz = norm_size(site->size);
  if (UNLIKELY(!ag_enter()))
    return do_load(addr, sz);
  struct racebuf rb;
  rb.n = 0;
  struct ag_sync *s = ag_sync_find((uptr)addr);
  uint64_t v;
  if (!s) {
    v = do_load(addr, sz);
    /* A first store may have created the object and stored since the
     * lookup; if v came from it, the object is visible now (the store is a
     * release, after the object was published), and v must be read again
     * with its clock. */
    s = ag_sync_find((uptr)addr);
  }
  if (s && !load_without_lock(t, s, addr, sz, site->order, &v)) {
    ag_seqlock_lock(&s->lock);
    v = do_load(addr, sz);
    acquire_part(t, s, site->order);
    ag_seqlock_unlock(&s->lock);
  }
  record(t, addr, sz, 0, site, &rb);
  if (UNLIKELY(rb.n))
    ag_report_races(t, (uptr)addr, sz, AF_ATOMIC, site, &rb);
  ag_leave();
  return v;
}

AG_EXPORT void __atomicguard_atomic_store(void *addr, uint64_t value,
                                          const struct ag_site *site) {
  struct ag_thread *t = ag_get_thread();
  t->calls[AG_CALL_ATOMIC]++;
  unsigned sz = norm_size(site->size);
  if (UNLIKELY(!ag_enter())) {
    do_store(addr, value, sz, 1);
    return;
  }
  struct racebuf rb;
  rb.n = 0;
  /* Recorded before the value is visible (a thread that reads it and then
   * writes the location must find this write recorded), outside the lock
   * that loads wait for. */
  struct ag_sync *s = ag_sync_get((uptr)addr);
  ag_shadow_atomic_store(t, (uptr)addr, sz, s, site, &rb);
  ag_seqlock_lock(&s->lock);
  do_store(addr, value, sz, site->order == AG_ORDER_SEQ_CST);
  int rel = has_release(site->order);
  if (rel)
    vc_assign(&s->vc, &t->vc);
  else if (s->seq_head == t->tid + 1)
    vc_join(&s->vc, &t->rel_fence);
  else
    vc_assign(&s->vc, &t->rel_fence);
  s->seq_head = t->tid + 1;
  ag_seqlock_unlock(&s->lock);
  if (rel)
    ag_tick(t);
  if (UNLIKELY(rb.n))
    ag_report_races(t, (uptr)addr, sz, AF_WRITE | AF_ATOMIC, site, &rb);
  ag_leave();
}

/* Caller holds s->lock. Read side already done. */
static inline int release_part(struct ag_thread *t, struct ag_sync *s,
                               unsigned order) {
  if (has_release(order)) {
    vc_join(&s->vc, &t->vc);
    return 1;
  }
  vc_join(&s->vc, &t->rel_fence);
  return 0;
}

AG_EXPORT uint64_t __atomicguard_atomic_rmw(void *addr, uint64_t operand,
                                            const struct ag_site *site) {
  struct ag_thread *t = ag_get_thread();
  t->calls[AG_CALL_ATOMIC]++;
  unsigned sz = norm_size(site->size);
  if (UNLIKELY(!ag_enter()))
    return do_rmw(addr, operand, site->rmw_op, sz) & mask_of(sz);
  struct racebuf rb;
  rb.n = 0;
  struct ag_sync *s = ag_sync_get((uptr)addr);
  ag_seqlock_lock(&s->lock);
  uint64_t old = do_rmw(addr, operand, site->rmw_op, sz);
  acquire_part(t, s, site->order);
  record(t, addr, sz, AF_WRITE, site, &rb);
  int ticked = release_part(t, s, site->order);
  ag_seqlock_unlock(&s->lock);
  if (ticked)
    ag_tick(t);
  if (UNLIKELY(rb.n))
    ag_report_races(t, (uptr)addr, sz, AF_WRITE | AF_ATOMIC, site, &rb);
  ag_leave();
  return old & mask_of(sz);
}

AG_EXPORT uint64_t __atomicguard_atomic_cmpxchg(void *addr, uint64_t expected,
                                                uint64_t desired,
                                                const struct ag_site *site) {
  struct ag_thread *t = ag_get_thread();
  t->calls[AG_CALL_ATOMIC]++;
  unsigned sz = norm_size(site->size);
  int ok;
  if (UNLIKELY(!ag_enter()))
    return do_cas(addr, expected, desired, sz, &ok) & mask_of(sz);
  struct racebuf rb;
  rb.n = 0;
  struct ag_sync *s = ag_sync_get((uptr)addr);
  ag_seqlock_lock(&s->lock);
  uint64_t old = do_cas(addr, expected, desired, sz, &ok);
  int ticked = 0, af;
  if (ok) {
    acquire_part(t, s, site->order);
    af = AF_WRITE;
    record(t, addr, sz, af, site, &rb);
    ticked = release_part(t, s, site->order);
  } else {
    acquire_part(t, s, site->order_fail);
    af = 0;
    record(t, addr, sz, af, site, &rb);
  }
  ag_seqlock_unlock(&s->lock);
  if (ticked)
    ag_tick(t);
  if (UNLIKELY(rb.n))
    ag_report_races(t, (uptr)addr, sz, af | AF_ATOMIC, site, &rb);
  ag_leave();
  return old & mask_of(sz);
}

AG_EXPORT void __atomicguard_fence(const struct ag_site *site) {
  struct ag_thread *t = ag_get_thread();
  unsigned o = site->order;
  if (!ag_enter())
    return;
  if (has_acquire(o) && t->pending_acq.len) {
    vc_join(&t->vc, &t->pending_acq);
    vc_clear(&t->pending_acq);
  }
  if (has_release(o)) {
    vc_assign(&t->rel_fence, &t->vc);
    ag_tick(t);
  }
  ag_leave();
}

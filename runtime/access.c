/*===- access.c - Entry points for plain accesses and ranges ----------------===*/
#include "rt_internal.h"

void ag_check_access(struct ag_thread *t, uptr a, uptr n, int af,
                     const struct ag_site *site) {
  struct racebuf rb;
  rb.n = 0;
  ag_shadow_access(t, a, n, af, site, &rb);
  if (UNLIKELY(rb.n))
    ag_report_races(t, a, n, af, site, &rb);
}

void ag_check_range(struct ag_thread *t, uptr a, uptr n, int af,
                    const struct ag_site *site) {
  ag_range_note(t, site, a, n);
  ag_check_access(t, a, n, af, site);
}

static AG_NOINLINE void plain_access_slow(struct ag_thread *t, uptr a,
                                         unsigned sz, int af,
                                         const struct ag_site *site) {
  if (!ag_enter())
    return;
  ag_check_access(t, a, sz, af, site);
  ag_leave();
}

/* The common case (one granule, already recorded in this epoch) touches the
 * thread pointer, one top-level table entry and one cell, without locks. */
AG_INLINE void plain_access(uptr a, unsigned sz, int af,
                            const struct ag_site *site) {
  struct ag_thread *t = ag_get_thread();
  t->calls_plain++;
  if (UNLIKELY(sz == 0))
    sz = 1;
  uptr off = a & 7;
  if (LIKELY(off + sz <= 8 && a < AG_ADDR_LIMIT)) {
    struct chunk *ch = ld_acquire(&ag_top[a >> CHUNK_SHIFT]);
    if (LIKELY(ch != 0)) {
      uint32_t m = ((1u << sz) - 1) << off;
      struct cell *c = &chunk_cells(ch)[(a >> 3) & (CHUNK_GRANULES - 1)];
      if (LIKELY(ag_shadow_fast(c, m, t, af)))
        return;
    }
  }
  plain_access_slow(t, a, sz, af, site);
}

AG_EXPORT void __atomicguard_read(const void *addr, const struct ag_site *site) {
  plain_access((uptr)addr, site->size, 0, site);
}

AG_EXPORT void __atomicguard_write(void *addr, const struct ag_site *site) {
  plain_access((uptr)addr, site->size, AF_WRITE, site);
}

static void range_access(uptr a, uint64_t n, int af,
                         const struct ag_site *site) {
  if (n == 0)
    return;
  struct ag_thread *t = ag_get_thread();
  t->calls_range++;
  if (!ag_enter())
    return;
  ag_check_range(t, a, n, af, site);
  ag_leave();
}

AG_EXPORT void __atomicguard_read_range(const void *addr, uint64_t size,
                                        const struct ag_site *site) {
  range_access((uptr)addr, size, 0, site);
}

AG_EXPORT void __atomicguard_write_range(void *addr, uint64_t size,
                                         const struct ag_site *site) {
  range_access((uptr)addr, size, AF_WRITE, site);
}

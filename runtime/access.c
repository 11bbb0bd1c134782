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
  if (!ag_enter_access(a, sz))
    return;
  ag_check_access(t, a, sz, af, site);
  ag_leave();
}

/* Whether the site's last access found [a, a+n) among the bytes page runs
 * hold as this thread's own in its epoch (struct ag_recent). */
AG_INLINE int recent_recorded(struct ag_thread *t, uptr a, uptr n,
                              const struct ag_site *site) {
  const struct ag_recent *rc = ag_recent_slot(t->recent, site);
  return rc->site == site && rc->lo <= a && a + n <= rc->hi &&
         rc->epoch == t->epoch &&
         rc->reset_gen == ld_acquire(&ag_shadow_reset_gen);
}

/* Whether [a, a+n), accessed from site, is among the bytes of the run that
 * held the thread's last access to page runs (struct ag_held). */
AG_INLINE int held_recorded(struct ag_thread *t, uptr a, uptr n, int af,
                            const struct ag_site *site) {
  const struct ag_held *h = &t->held;
  return h->lo <= a && a + n <= h->hi &&
         (site == h->site || h->lo < a || a + n < h->hi) &&
         h->epoch == t->epoch &&
         (h->write || !(af & AF_WRITE)) &&
         h->reset_gen == ld_acquire(&ag_shadow_reset_gen) &&
         h->race_gen == ld_relaxed(&ag_race_gen);
}

/* The common case (one granule, already recorded in this epoch) touches the
 * thread pointer, one top-level table entry and one cell, without locks; in a
 * page kept as runs, only the thread's own state. */
AG_INLINE void plain_access(uptr a, unsigned sz, int af,
                            const struct ag_site *site) {
  struct ag_thread *t = ag_get_thread();
  t->calls[AG_CALL_PLAIN]++;
  if (UNLIKELY(ag_single_threaded()))
    return;
  if (UNLIKELY(sz == 0))
    sz = 1;
  if (LIKELY((a & 7) + sz <= 8 && a < AG_ADDR_LIMIT &&
             (recent_recorded(t, a, sz, site) ||
              held_recorded(t, a, sz, af, site) ||
              ag_granule_recorded(t, a, sz, af))))
    return;
  plain_access_slow(t, a, sz, af, site);
}

AG_EXPORT void __atomicguard_read(const void *addr, const struct ag_site *site) {
  plain_access((uptr)addr, site->size, 0, site);
}

AG_EXPORT void __atomicguard_write(void *addr, const struct ag_site *site) {
  plain_access((uptr)addr, site->size, AF_WRITE, site);
}

/* Vector loads and stores are small ranges, mostly of granules this thread
 * already recorded in its epoch: checked like plain accesses, without a
 * lock, before anything else. */
static int small_range_recorded(struct ag_thread *t, uptr a, uptr n, int af) {
  uptr end = a + n;
  if (n > 64 || end > AG_ADDR_LIMIT || end < a)
    return 0;
  for (uptr g = a & ~(uptr)7; g < end; g += 8) {
    uptr lo = g > a ? g : a, hi = g + 8 < end ? g + 8 : end;
    if (!ag_granule_recorded(t, lo, hi - lo, af))
      return 0;
  }
  return 1;
}

static void range_access(uptr a, uint64_t n, int af,
                         const struct ag_site *site) {
  if (n == 0)
    return;
  struct ag_thread *t = ag_get_thread();
  t->calls[AG_CALL_RANGE]++;
  if (UNLIKELY(ag_single_threaded()))
    return;
  if (recent_recorded(t, a, n, site) || held_recorded(t, a, n, af, site) ||
      small_range_recorded(t, a, n, af))
    return;
  if (!ag_enter_access(a, n))
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

/* A loop's accesses of one site, checked at once: [a, a+n) holds the
 * elements the loop reads or writes, each of site->size bytes. The loop has
 * no synchronization inside, so the thread's epoch is the one each access
 * would have seen. A range this site already checked in this epoch is
 * skipped: every byte of it still has this thread's entry for the site
 * (or a stronger one of its own), unless another thread's racing access
 * replaced it, a race already reported for this pair of sites. */
static int loop_seen(struct ag_thread *t, uptr a, uptr n,
                     const struct ag_site *site, uint64_t gen) {
  struct ag_loop_cache *lc = &t->loops;
  if (lc->epoch != t->epoch || lc->reset_gen != gen) {
    for (int i = 0; i < AG_LOOP_CACHE; i++)
      lc->ent[i].site = 0;
    lc->epoch = t->epoch;
    lc->reset_gen = gen;
    lc->stamp++;
    return 0;
  }
  for (int i = 0; i < AG_LOOP_CACHE; i++)
    if (lc->ent[i].site == site && lc->ent[i].lo <= a &&
        a + n <= lc->ent[i].hi)
      return 1;
  return 0;
}

/* Remember [a, a+n) for site, joining a range of the site it touches (a
 * loop nest walks rows one after another). */
static void loop_remember(struct ag_thread *t, uptr a, uptr n,
                          const struct ag_site *site) {
  struct ag_loop_cache *lc = &t->loops;
  for (int i = 0; i < AG_LOOP_CACHE; i++) {
    if (lc->ent[i].site != site || a > lc->ent[i].hi || a + n < lc->ent[i].lo)
      continue;
    if (a < lc->ent[i].lo)
      lc->ent[i].lo = a;
    if (a + n > lc->ent[i].hi)
      lc->ent[i].hi = a + n;
    return;
  }
  uint32_t v = lc->next++ % AG_LOOP_CACHE;
  lc->ent[v].site = site;
  lc->ent[v].lo = a;
  lc->ent[v].hi = a + n;
}

/* Check a loop's range page by page, skipping the parts of pages the site
 * already checked under the cache's stamp. Pages are cut at element
 * boundaries (elements of a power-of-two size, aligned), so a report still
 * names the racing element. */
#define LOOP_PAGE 4096
static void loop_check(struct ag_thread *t, uptr a, uptr n, int af,
                       const struct ag_site *site) {
  const uptr sz = site->size;
  if (!sz || (sz & (sz - 1)) || (a & (sz - 1)) || sz > LOOP_PAGE) {
    ag_check_access(t, a, n, af, site);
    return;
  }
  struct ag_loop_cache *lc = &t->loops;
  const uptr end = a + n;
  for (uptr page = a & ~(uptr)(LOOP_PAGE - 1); page < end;
       page += LOOP_PAGE) {
    const uptr lo = a > page ? a - page : 0;
    const uptr hi = end - page < LOOP_PAGE ? end - page : LOOP_PAGE;
    uint32_t i = (uint32_t)((((page >> 12) ^ ((uptr)site >> 3)) *
                             0x9E3779B97F4A7C15ull) >>
                            52) &
                 (AG_PAGE_CACHE - 1);
    int same = lc->pages[i].page == page && lc->pages[i].site == site &&
               lc->pages[i].stamp == lc->stamp;
    if (same && lc->pages[i].lo <= lo && hi <= lc->pages[i].hi)
      continue;
    ag_check_access(t, page + lo, hi - lo, af, site);
    if (same && lo <= lc->pages[i].hi && lc->pages[i].lo <= hi) {
      /* touching or overlapping what the entry holds: keep the union */
      if (lo < lc->pages[i].lo)
        lc->pages[i].lo = (uint16_t)lo;
      if (hi > lc->pages[i].hi)
        lc->pages[i].hi = (uint16_t)hi;
      continue;
    }
    lc->pages[i].page = page;
    lc->pages[i].site = site;
    lc->pages[i].stamp = lc->stamp;
    lc->pages[i].lo = (uint16_t)lo;
    lc->pages[i].hi = (uint16_t)hi;
  }
}

/*------------------------------------------------------ deferred reads ---*/

/* A scan reads a buffer in many short loops: a text word by word, with one
 * loop for the letters and one for the spaces in between. Each loop's range
 * is new bytes of the page, and recording it is a locked update of the
 * page's runs. So a loop's read range is not checked at once: the thread
 * keeps up to AG_PENDING of them, joining ranges that touch, and checks them
 * when it next enters the runtime for anything (ag_enter), finishes, or the
 * process exits, as BigFoot checks at the next release.
 *
 * The check then is the one the loop would have had: until the thread enters
 * the runtime, its clock and epoch do not change, and every write another
 * thread recorded meanwhile is concurrent with the reads (the reader has not
 * synchronized since): the check finds it, instead of the write finding the
 * read. What a reset forgot meanwhile (memory allocated again, a thread's
 * stack, munmap) is left out: the reads came before it (reset_log in
 * shadow.c). A writer that another one replaced meanwhile may go unnamed:
 * the race is reported with the last writer.
 *
 * Ranges of different sites that touch are joined under the site that read
 * more of the bytes, as page runs join them (runs.c, joins): a race on the
 * bytes names that site. */

/* Check the deferred read [lo, hi) of site, made before the reset of
 * generation from + 1 (up to to, the current one); the caller has entered
 * the runtime. */
static void pending_check(struct ag_thread *t, const struct ag_site *site,
                          uptr lo, uptr hi, uint64_t from, uint64_t to) {
  /* Leave out the bytes a later reset forgot; each one that overlaps
   * splits the range in at most two. */
  for (uint64_t g = from + 1; g <= to && lo < hi; g++) {
    uptr rlo, rhi;
    if (!ag_shadow_reset_range(g, &rlo, &rhi) || rhi <= lo || hi <= rlo)
      continue;
    if (lo < rlo)
      pending_check(t, site, lo, rlo, g, to);
    lo = rhi;
  }
  if (lo < hi) {
    loop_check(t, lo, hi - lo, 0, site);
    loop_remember(t, lo, hi - lo, site);
  }
}

uint32_t ag_deferring;

static void pending_check_all(struct ag_thread *t) {
  const uint64_t gen = ld_acquire(&ag_shadow_reset_gen);
  const uint32_t n = t->npend;
  t->npend = 0;
  for (uint32_t i = 0; i < n; i++) {
    const struct ag_pending *p = &t->pend[i];
    pending_check(t, p->site, p->lo, p->hi, p->reset_gen, gen);
  }
}

void ag_pending_flush(struct ag_thread *t) {
  pending_check_all(t);
  __atomic_fetch_sub(&ag_deferring, 1, __ATOMIC_SEQ_CST);
}

void ag_pending_fork_child(void) {
  ag_deferring = ag_cur && ag_cur->npend;
}

/* Whether the reads [lo, hi), of reset generation gen (struct ag_pending),
 * touch or overlap those of p, of the same generation. */
static int pending_touches(const struct ag_pending *p, uptr lo, uptr hi,
                           uint64_t gen) {
  return p->reset_gen == gen && lo <= p->hi && p->lo <= hi;
}

/* Join the reads [lo, hi) of site into p, under the site that read more. */
static void pending_join(struct ag_pending *p, uptr lo, uptr hi,
                         const struct ag_site *site) {
  if (p->site != site && hi - lo > p->hi - p->lo)
    p->site = site;
  if (lo < p->lo)
    p->lo = lo;
  if (hi > p->hi)
    p->hi = hi;
}

/* Defer the read [a, a+n) of a loop at site, unless this epoch has checked
 * it already. */
static void pending_add(struct ag_thread *t, uptr a, uptr n,
                       const struct ag_site *site, uint64_t gen) {
  if (ag_in_rt)
    return;
  /* A signal handler that enters the runtime meanwhile skips its checks,
   * as in any other part of the runtime, instead of flushing entries half
   * changed. */
  ag_in_rt = 1;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  const uptr end = a + n;
  uint32_t i = 0;
  for (; i < t->npend; i++) {
    struct ag_pending *p = &t->pend[i];
    if (!pending_touches(p, a, end, gen))
      continue;
    pending_join(p, a, end, site);
    /* Grown, it may touch another: a stencil reads row i whole after row
     * i + 1 short of its ends, and the rows then meet. */
    for (uint32_t j = i + 1; j < t->npend;) {
      struct ag_pending *q = &t->pend[j];
      if (!pending_touches(q, p->lo, p->hi, gen)) {
        j++;
        continue;
      }
      pending_join(p, q->lo, q->hi, q->site);
      *q = t->pend[--t->npend];
    }
    break;
  }
  if (i == t->npend && !loop_seen(t, a, n, site, gen)) {
    /* A thread that defers reads while others reset memory without end
     * checks before the log of their ranges wraps. */
    const int counted = t->npend != 0;
    if (t->npend == AG_PENDING ||
        (t->npend && gen - t->pend[0].reset_gen >= AG_RESET_LOG / 2))
      pending_check_all(t);
    if (!counted) {
      /* Resets log their ranges from now on (before the generation is read
       * again), even those that forgot nothing: the reads are not in the
       * shadow yet. A reset that read the count before came before this
       * call, where a check at once would have found the memory reset too. */
      __atomic_fetch_add(&ag_deferring, 1, __ATOMIC_SEQ_CST);
      gen = ld_acquire(&ag_shadow_reset_gen);
    }
    t->pend[t->npend] = (struct ag_pending){site, a, end, gen};
    t->npend++;
  }
  ag_leave();
}

static void loop_access(uptr a, uint64_t n, int af,
                        const struct ag_site *site) {
  if (n == 0 || a + n < a)
    return;
  struct ag_thread *t = ag_get_thread();
  t->calls[AG_CALL_LOOP]++;
  if (UNLIKELY(ag_single_threaded()))
    return;
  if (held_recorded(t, a, n, af, site))
    return;
  /* Read before checking: a reset that overlaps the check bumps it after. */
  uint64_t gen = ld_acquire(&ag_shadow_reset_gen);
  if (!(af & AF_WRITE)) {
    pending_add(t, a, n, site, gen);
    return;
  }
  if (loop_seen(t, a, n, site, gen))
    return;
  if (!ag_enter_access(a, n))
    return;
  loop_check(t, a, n, af, site);
  ag_leave();
  loop_remember(t, a, n, site);
}

AG_EXPORT void __atomicguard_read_loop(const void *addr, uint64_t size,
                                       const struct ag_site *site) {
  loop_access((uptr)addr, size, 0, site);
}

AG_EXPORT void __atomicguard_write_loop(void *addr, uint64_t size,
                                        const struct ag_site *site) {
  loop_access((uptr)addr, size, AF_WRITE, site);
}

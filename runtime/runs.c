/*===- runs.c - Page summaries: a page's history as a few byte runs ---------===*
 *
 * The FastTrack rules of shadow.c, for plain accesses, applied to a run (a
 * byte range with one last write and a few reads) instead of a granule: an
 * access of a page splits the runs it partly covers, updates the ones it
 * covers, and joins neighbours left with the same state. Runs only ever hold
 * plain accesses; the caller turns the page into cells for anything else.
 *
 * Writers hold the page's lock and bracket changes with an odd sequence
 * number; the lock-free check reads the runs between two equal even
 * sequence numbers, field by field with atomic loads.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>

/* Copies of one access that the optimizer made (the stores of an unrolled
 * body) are sites that differ at most in their size. Runs take them for one,
 * so that copies taking turns do not cut a page into a run per access; the
 * run keeps the first one. */
static int site_copy(const struct ag_site *a, const struct ag_site *b) {
  if (a == b)
    return 1;
  return a && b && a->line == b->line && a->column == b->column &&
         a->file == b->file && a->function == b->function &&
         a->var == b->var && a->kind == b->kind && a->order == b->order &&
         a->order_fail == b->order_fail && a->rmw_op == b->rmw_op &&
         a->flags == b->flags && a->intent == b->intent &&
         a->reserved == b->reserved;
}

/* Which entry of run r makes an access of epoch e (a plain read if write
 * is 0, else a write) recorded already: the last write (0), read j (j + 1),
 * or none (-1). */
static int run_covering(const struct run *r, uint64_t e, int write) {
  if (ld_relaxed(&r->w) == e)
    return 0;
  if (write)
    return -1;
  uint32_t nr = ld_relaxed(&r->nr);
  for (uint32_t j = 0; j < nr && j < RUN_READS; j++)
    if (ld_relaxed(&r->r[j].e) == e)
      return (int)j + 1;
  return -1;
}

/* Whether run r may take the accessing site to join run q next to it: a
 * thread reading a page with two statements in turn (the first letter of
 * each word, then the whole word) would otherwise cut it into a run per
 * statement. Only a run no longer than q joins it: a short run taken into a
 * long one saves a run for good, while a long run taken into a short one
 * (a row's first element, read by one statement, next to the rest of the
 * row, read by another) is split again when the rest is read anew. */
static int joins(uint32_t rlo, uint32_t rhi, uint32_t qlo, uint32_t qhi) {
  return rhi - rlo <= qhi - qlo;
}

/* The site of entry k (run_covering) of r. */
static const struct ag_site *run_site(const struct run *r, int k) {
  return k ? ld_relaxed(&r->r[k - 1].s) : ld_relaxed(&r->ws);
}

/* Whether r records an access of epoch e like this one from site. */
static int held_by(const struct run *r, uint64_t e, int write,
                   const struct ag_site *site) {
  const int k = run_covering(r, e, write);
  return k >= 0 && (k || write) && site_copy(run_site(r, k), site);
}

int ag_runs_recorded(const struct runs_page *p, uint64_t e, uint32_t lo,
                     uint32_t hi, int write, const struct ag_site *site,
                     uint32_t *ext_lo, uint32_t *ext_hi, uint32_t *ext_runs) {
  const uint32_t seq = ld_acquire(&p->seq);
  if (seq & 1)
    return 0;
  /* After the sequence number: an array that moves after this has moved
   * with an odd one in between, and a check that saw it fails. Until then
   * the count may already be the new array's: no more than this one holds
   * is read (the last page's inline runs end its chunk's mapping). */
  uint32_t cap;
  const struct run *const R = page_runs_in(p, &cap);
  uint32_t n = ld_relaxed(&p->n);
  if (n > cap)
    return 0;
  uint32_t pos = lo, first = lo, runs = 0;
  for (uint32_t i = 0; i < n; i++) {
    const struct run *r = &R[i];
    const uint32_t rlo = ld_relaxed(&r->lo), rhi = ld_relaxed(&r->hi);
    if (rhi <= pos)
      continue;
    const int k = rlo > pos ? -1 : run_covering(r, e, write);
    if (k < 0)
      break; /* bytes with no history, or not of this epoch */
    /* A run this access covers whole, held by another site of the thread,
     * next to one held by this site: the locked path gives it this site
     * and joins them (run_adoptable). */
    if ((k || write) && lo <= rlo && rhi <= hi &&
        !site_copy(run_site(r, k), site) &&
        ((i > 0 && ld_relaxed(&R[i - 1].hi) == rlo &&
          joins(rlo, rhi, ld_relaxed(&R[i - 1].lo), rlo) &&
          held_by(&R[i - 1], e, write, site)) ||
         (i + 1 < n && ld_relaxed(&R[i + 1].lo) == rhi &&
          joins(rlo, rhi, rhi, ld_relaxed(&R[i + 1].hi)) &&
          held_by(&R[i + 1], e, write, site))))
      return 0;
    if (pos == lo)
      first = rlo;
    pos = rhi;
    runs++;
  }
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  if (pos < hi || ld_relaxed(&p->seq) != seq)
    return 0;
  *ext_lo = first;
  *ext_hi = pos;
  *ext_runs = runs;
  return 1;
}

static int same_state(const struct run *a, const struct run *b) {
  if (a->w != b->w || !site_copy(a->ws, b->ws) || a->nr != b->nr)
    return 0;
  for (uint32_t i = 0; i < a->nr; i++)
    if (a->r[i].e != b->r[i].e || !site_copy(a->r[i].s, b->r[i].s))
      return 0;
  return 1;
}

/* The runs a change builds before it replaces the page's (the thread's
 * scratch, RUNS_OUT_MAX runs: too large for the stack of a signal handler
 * that runs instrumented code). */
struct runs_out {
  uint32_t n;
  struct run *run;
};

/* Append [lo, hi) with state s, joining the previous run when it ends at lo
 * with the same state. Empty state is no run. */
static void out_push(struct runs_out *o, uint32_t lo, uint32_t hi,
                     const struct run *s) {
  if (lo >= hi || (!s->w && !s->nr))
    return;
  struct run *prev = o->n ? &o->run[o->n - 1] : 0;
  if (prev && prev->hi == lo && same_state(prev, s)) {
    prev->hi = (uint16_t)hi;
    return;
  }
  struct run *r = &o->run[o->n++];
  *r = *s;
  r->lo = (uint16_t)lo;
  r->hi = (uint16_t)hi;
}

static void run_store(struct run *d, const struct run *s) {
  st_relaxed(&d->lo, s->lo);
  st_relaxed(&d->hi, s->hi);
  st_relaxed(&d->nr, s->nr);
  st_relaxed(&d->w, s->w);
  st_relaxed(&d->ws, s->ws);
  for (uint32_t j = 0; j < RUN_READS; j++) {
    st_relaxed(&d->r[j].e, j < s->nr ? s->r[j].e : 0);
    st_relaxed(&d->r[j].s, j < s->nr ? s->r[j].s : 0);
  }
}

/* A change of the runs, under p's lock, is bracketed by these: the sequence
 * number is odd in between, and a lock-free reader that sees it odd or
 * changed falls back to the locked path. */
static void change_begin(struct runs_page *p) {
  st_relaxed(&p->seq, p->seq + 1);
  __atomic_thread_fence(__ATOMIC_RELEASE);
}
static void change_end(struct runs_page *p) {
  st_release(&p->seq, p->seq + 1);
}

/* Make room for n runs: the page's runs move to an array of their own, of
 * the next power of two runs (8 at least), when the one they are in is too
 * small. 0 if n is more than a page keeps. */
static int runs_reserve(struct runs_page *p, uint32_t n) {
  uint32_t old_cap;
  struct run *old = page_runs_in(p, &old_cap);
  if (n <= old_cap)
    return 1;
  if (n > RUNS_MAX)
    return 0;
  uint32_t cap = 8;
  while (cap < n)
    cap *= 2;
  struct run *R = ag_alloc((size_t)cap * sizeof *R);
  memcpy(R, old, (size_t)p->n * sizeof *R);
  change_begin(p);
  st_relaxed(&p->run, R);
  st_release(&p->cap, cap);
  change_end(p);
  if (old != p->inline_run)
    ag_free_deferred(old, (size_t)old_cap * sizeof *R);
  return 1;
}

/* Whether o's runs all hold the same last write, or none (data written
 * once, or before the second thread started, then read: commit). */
static int one_write(const struct runs_out *o) {
  for (uint32_t i = 1; i < o->n; i++)
    if (o->run[i].w != o->run[0].w)
      return 0;
  return 1;
}

/* Replace the page's runs with o's; 0 if they do not fit. Past
 * RUNS_MIXED_MAX runs, only data written once and read since (a shared input
 * read in windows: every run holds the same last write, or none) stays in
 * runs, up to RUNS_MAX, where cells would need a read vector per granule.
 * A page cut by scattered accesses (the slots of a hash table, written or
 * probed) goes to cells, where the inline checks serve its later accesses. */
static int commit(struct runs_page *p, const struct runs_out *o) {
  if ((o->n > RUNS_MIXED_MAX && !one_write(o)) || !runs_reserve(p, o->n))
    return 0;
  struct run *const R = page_runs(p);
  change_begin(p);
  for (uint32_t i = 0; i < o->n; i++)
    run_store(&R[i], &o->run[i]);
  st_relaxed(&p->n, o->n);
  change_end(p);
  return 1;
}

/* One access by t (epoch e) of bytes of state s, which it updates; races
 * go to rb at byte. -1 if the reads would not fit. The rules are those of
 * cell_update_slow for plain accesses: an own write of the epoch covers
 * anything; a write drops every read and the old write (it conflicts with
 * whatever they would), a read drops the reads ordered before it. */
static int state_access(struct run *s, struct ag_thread *t, uint64_t e,
                        int write, const struct ag_site *site,
                        struct racebuf *rb, uptr byte) {
  if (s->w == e)
    return 0;
  if (s->w && !ag_hb(s->w, t))
    ag_race_add(rb, s->w, s->ws, 1, byte);
  if (write) {
    for (uint32_t j = 0; j < s->nr; j++)
      if (!ag_hb(s->r[j].e, t))
        ag_race_add(rb, s->r[j].e, s->r[j].s, 0, byte);
    s->w = e;
    s->ws = site;
    s->nr = 0;
    return 0;
  }
  for (uint32_t j = 0; j < s->nr; j++)
    if (s->r[j].e == e)
      return 0;
  uint32_t k = 0;
  for (uint32_t j = 0; j < s->nr; j++)
    if (!ag_hb(s->r[j].e, t))
      s->r[k++] = s->r[j];
  if (k == RUN_READS)
    return -1;
  s->r[k].e = e;
  s->r[k].s = site;
  s->nr = k + 1;
  return 0;
}

/* The entry of epoch e that makes an access of s a no-op (this thread's own
 * read of the epoch for a read, its write for a write), given to site: an
 * access of all of s's bytes from site means that site accessed every one
 * of them in the epoch too. 1 if that changed s. */
static int state_adopt(struct run *s, uint64_t e, int write,
                       const struct ag_site *site) {
  if (s->w == e) {
    if (!write || site_copy(s->ws, site))
      return 0;
    s->ws = site;
    return 1;
  }
  for (uint32_t j = 0; j < s->nr; j++)
    if (s->r[j].e == e) {
      if (write || site_copy(s->r[j].s, site))
        return 0;
      s->r[j].s = site;
      return 1;
    }
  return 0;
}

/* Whether run i of p, accessed whole with no change to its state s, would
 * join a neighbour if its entry were given to the accessing site (joins).
 * Taking the site only where it joins runs keeps a run that two statements
 * read in turn from changing at each. prev is the run the new list ends
 * with (or 0); next is whether run i + 1 stays as it is. */
static int run_adoptable(const struct runs_page *p, uint32_t i,
                         struct run *s, uint64_t e, int write,
                         const struct ag_site *site, const struct run *prev,
                         int next) {
  struct run *const R = page_runs(p);
  const struct run *r = &R[i];
  const struct run *q = next && i + 1 < p->n ? &R[i + 1] : 0;
  struct run a = *s;
  if (!state_adopt(&a, e, write, site))
    return 0;
  if (!((prev && prev->hi == r->lo &&
         joins(r->lo, r->hi, prev->lo, prev->hi) && same_state(prev, &a)) ||
        (q && q->lo == r->hi && joins(r->lo, r->hi, q->lo, q->hi) &&
         same_state(q, &a))))
    return 0;
  *s = a;
  return 1;
}

/* The commonest change: an access of exactly one run's bytes, or of a few
 * runs' with no gap (a loop over the same part of a page in each epoch),
 * updates them in place. Runs left with the same state stay apart: the
 * next epoch's accesses (a row that starts inside a page) tend to cut them
 * where they were. 1 if it did, 0 if the access is of another shape or the
 * runs cannot hold it. */
#define IN_PLACE_MAX 4
static int run_update_in_place(struct runs_page *p, struct ag_thread *t,
                               uptr page, uint32_t lo, uint32_t hi, int write,
                               const struct ag_site *site,
                               struct racebuf *rb) {
  struct run *const R = page_runs(p);
  uint32_t i = 0;
  while (i < p->n && R[i].hi <= lo)
    i++;
  if (i == p->n || R[i].lo != lo)
    return 0;
  uint32_t j = i; /* the last run of the access */
  while (R[j].hi < hi) {
    if (j + 1 == p->n || R[j + 1].lo != R[j].hi)
      return 0;
    j++;
  }
  if (R[j].hi != hi || j - i >= IN_PLACE_MAX)
    return 0;
  struct run s[IN_PLACE_MAX];
  int changed = 0;
  for (uint32_t k = i; k <= j; k++) {
    const struct run *r = &R[k];
    struct run *x = &s[k - i];
    *x = *r;
    if (state_access(x, t, t->epoch, write, site, rb, page + r->lo) < 0)
      return 0;
    if (same_state(x, r)) {
      /* joining a neighbour is the general path's */
      const struct run *left = k > i ? &s[k - i - 1] : k ? &R[k - 1] : 0;
      if (run_adoptable(p, k, x, t->epoch, write, site, left, k == j))
        return 0;
    } else {
      changed = 1;
    }
  }
  if (!changed)
    return 1;
  change_begin(p);
  for (uint32_t k = i; k <= j; k++)
    if (!same_state(&s[k - i], &R[k]))
      run_store(&R[k], &s[k - i]);
  change_end(p);
  return 1;
}

/* Whether the access leaves the bytes of run q (all of which it covers)
 * with state s: it changes nothing there, and gives q's entry its site
 * (state_adopt) if that is what makes q's state s. */
static int run_becomes(const struct run *q, const struct run *s,
                       struct ag_thread *t, int write,
                       const struct ag_site *site, struct racebuf *rb,
                       uptr byte) {
  struct run x = *q;
  if (state_access(&x, t, t->epoch, write, site, rb, byte) < 0 ||
      !same_state(&x, q))
    return 0;
  if (same_state(&x, s))
    return 1;
  state_adopt(&x, t->epoch, write, site);
  return joins(q->lo, q->hi, s->lo, s->hi) && same_state(&x, s);
}

/* Store g as a new run [lo, hi) at index i, moving the later ones up; 0 if
 * that takes a larger array, or more runs than any page but one written
 * once keeps (the general path decides: commit). */
static int run_insert(struct runs_page *p, uint32_t i, uint32_t lo,
                      uint32_t hi, struct run *g) {
  uint32_t cap;
  struct run *const R = page_runs_in(p, &cap);
  if (p->n == cap || p->n >= RUNS_MIXED_MAX)
    return 0;
  g->lo = (uint16_t)lo;
  g->hi = (uint16_t)hi;
  change_begin(p);
  for (uint32_t k = p->n; k > i; k--)
    run_store(&R[k], &R[k - 1]);
  run_store(&R[i], g);
  st_relaxed(&p->n, p->n + 1);
  change_end(p);
  return 1;
}

/* The other common changes, made in place: an access that continues a run,
 * changing nothing of it, into bytes with no history (a thread reading or
 * filling its part of a page) and, going forward, into runs it gives the
 * run's state (a word's first letter that another statement read first):
 * the run grows over them; or one whose bytes with no history, after any it
 * leaves as they are, become a run of their own (that first letter). 1 if
 * it did. */
static int run_grow_in_place(struct runs_page *p, struct ag_thread *t,
                             uptr page, uint32_t lo, uint32_t hi, int write,
                             const struct ag_site *site, struct racebuf *rb) {
  struct run *const R = page_runs(p);
  uint32_t i = 0;
  while (i < p->n && R[i].hi < lo)
    i++;
  struct run g; /* what bytes with no history become */
  memset(&g, 0, sizeof g);
  state_access(&g, t, t->epoch, write, site, rb, page + lo);
  struct run *r = i < p->n ? &R[i] : 0;
  if (!r || hi < r->lo) {
    /* all in bytes with no history, touching no run */
    return run_insert(p, i, lo, hi, &g);
  }
  const int same = same_state(&g, r);
  if (lo < r->lo) {
    /* backwards: only over bytes with no history (run i - 1 ends < lo) */
    if (!same || hi > r->hi ||
        (hi > r->lo && !run_becomes(r, r, t, write, site, rb, page + r->lo)))
      return 0;
    change_begin(p);
    st_relaxed(&r->lo, (uint16_t)lo);
    change_end(p);
    return 1;
  }
  if (hi <= r->hi ||
      (lo < r->hi && !run_becomes(r, r, t, write, site, rb, page + lo)))
    return 0;
  uint32_t j = i + 1;
  struct run *next = j < p->n ? &R[j] : 0;
  if (!same) {
    if (next && next->lo < hi)
      return 0;
    if (next && next->lo == hi && same_state(next, &g)) {
      change_begin(p);
      st_relaxed(&next->lo, r->hi);
      change_end(p);
      return 1;
    }
    return run_insert(p, j, r->hi, hi, &g);
  }
  for (; j < p->n && R[j].lo < hi; j++)
    if (R[j].hi > hi ||
        !run_becomes(&R[j], r, t, write, site, rb,
                     page + R[j].lo))
      return 0;
  uint32_t end = hi; /* a run that starts there with r's state joins it */
  if (j < p->n && R[j].lo == hi && same_state(&R[j], r))
    end = R[j++].hi;
  const uint32_t gone = j - i - 1;
  change_begin(p);
  st_relaxed(&r->hi, (uint16_t)end);
  for (uint32_t k = j; k < p->n; k++)
    run_store(&R[k - gone], &R[k]);
  st_relaxed(&p->n, p->n - gone);
  change_end(p);
  return 1;
}

/* The run that holds all of [lo, hi), if one does: [*ext_lo, *ext_hi). */
static void run_holding(const struct runs_page *p, uint32_t lo, uint32_t hi,
                        uint32_t *ext_lo, uint32_t *ext_hi) {
  struct run *const R = page_runs(p);
  *ext_lo = *ext_hi = 0;
  for (uint32_t i = 0; i < p->n; i++)
    if (R[i].lo <= lo && hi <= R[i].hi) {
      *ext_lo = R[i].lo;
      *ext_hi = R[i].hi;
      return;
    }
}

/* ag_runs_access's change: in place where one of the common shapes allows
 * it, else the page's list rebuilt. */
static int runs_change(struct runs_page *p, struct ag_thread *t, uptr page,
                       uint32_t lo, uint32_t hi, int write,
                       const struct ag_site *site, struct racebuf *rb) {
  struct run *const R = page_runs(p);
  if (run_update_in_place(p, t, page, lo, hi, write, site, rb) ||
      run_grow_in_place(p, t, page, lo, hi, write, site, rb))
    return 1;
  const uint64_t e = t->epoch;
  if (!t->runs_scratch)
    t->runs_scratch = ag_alloc(RUNS_OUT_MAX * sizeof(struct run));
  struct runs_out o = {0, t->runs_scratch};
  uint32_t pos = 0;
  for (uint32_t i = 0; i <= p->n; i++) {
    const struct run *r = i < p->n ? &R[i] : 0;
    const uint32_t rlo = r ? r->lo : RUNS_PAGE, rhi = r ? r->hi : RUNS_PAGE;
    /* the gap before r: no history */
    uint32_t glo = pos > lo ? pos : lo, ghi = rlo < hi ? rlo : hi;
    if (glo < ghi) {
      struct run s;
      memset(&s, 0, sizeof s);
      state_access(&s, t, e, write, site, rb, page + glo);
      out_push(&o, glo, ghi, &s);
    }
    if (!r)
      break;
    uint32_t olo = rlo > lo ? rlo : lo, ohi = rhi < hi ? rhi : hi;
    if (olo >= ohi) {
      out_push(&o, rlo, rhi, r);
    } else {
      out_push(&o, rlo, olo, r);
      struct run s = *r;
      if (state_access(&s, t, e, write, site, rb, page + olo) < 0)
        return 0;
      if (olo == rlo && ohi == rhi && same_state(&s, r))
        run_adoptable(p, i, &s, e, write, site,
                      o.n ? &o.run[o.n - 1] : 0, hi == rhi);
      out_push(&o, olo, ohi, &s);
      out_push(&o, ohi, rhi, r);
    }
    pos = rhi;
  }
  return commit(p, &o);
}

int ag_runs_access(struct runs_page *p, struct ag_thread *t, uptr page,
                   uint32_t lo, uint32_t hi, int write,
                   const struct ag_site *site, struct racebuf *rb,
                   uint32_t *held_lo, uint32_t *held_hi) {
  if (!runs_change(p, t, page, lo, hi, write, site, rb))
    return 0;
  run_holding(p, lo, hi, held_lo, held_hi);
  return 1;
}

/* Made in place (no list is built: resets come from any context, and
 * only a run that holds [lo, hi) inside it needs room for one more). */
int ag_runs_forget(struct runs_page *p, uint32_t lo, uint32_t hi) {
  struct run *R = page_runs(p);
  const uint32_t n = p->n;
  uint32_t i = 0;
  while (i < n && R[i].hi <= lo)
    i++;
  if (i == n || R[i].lo >= hi)
    return 0;
  if (R[i].lo < lo && hi < R[i].hi) {
    if (!runs_reserve(p, n + 1))
      return -1;
    R = page_runs(p);
    change_begin(p);
    for (uint32_t k = n; k > i; k--)
      run_store(&R[k], &R[k - 1]);
    st_relaxed(&R[i].hi, (uint16_t)lo);
    st_relaxed(&R[i + 1].lo, (uint16_t)hi);
    st_relaxed(&p->n, n + 1);
    change_end(p);
    return 1;
  }
  /* Each run left overlapping [lo, hi) keeps the part before it or the
   * part after it; later runs move down over the ones it removes. */
  change_begin(p);
  uint32_t k = i;
  for (uint32_t j = i; j < n; j++) {
    struct run x = R[j];
    if (x.lo < hi) {
      if (x.lo < lo)
        x.hi = (uint16_t)lo;
      else if (x.hi > hi)
        x.lo = (uint16_t)hi;
      else
        continue;
    }
    run_store(&R[k++], &x);
  }
  st_relaxed(&p->n, k);
  change_end(p);
  return 1;
}

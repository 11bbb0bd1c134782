/*===- shadow.c - Byte-precise FastTrack shadow memory ----------------------===*
 *
 * Layout: a top-level table (one pointer per MiB of the 47-bit user address
 * space, 1 GiB of MAP_NORESERVE virtual memory, touched lazily) points to
 * chunks mmap'd on first use (installed with CAS). A chunk has a 4 KiB header
 * (dirty bitmap: one bit per 64 granules; count of sync objects inside) and
 * one 32-byte cell per 8-byte granule: 4 bytes of shadow per application
 * byte, only for pages of shadow actually touched.
 *
 * A uniform cell describes the bytes in its mask (the bytes the accesses so
 * far covered). An access covering a different set of bytes splits the
 * granule into eight per-byte cells, so accesses to disjoint bytes never
 * conflict while overlapping bytes do.
 *
 * Reads: one epoch, promoted to a read vector (sparse: slot, clock, site) only
 * when a read is concurrent with the recorded one. Once a granule has a read
 * vector it keeps it (cleared in place on writes) until the memory is reset,
 * so lock-free readers never see it freed under them.
 *
 * Fast path (no lock): the access is already recorded in the current epoch.
 * Slow path: under one of 4096 striped futex locks, keyed by granule.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>
#include <sys/mman.h>

struct chunk **ag_top;

#define NSTRIPES 4096
static ag_mutex_t stripes[NSTRIPES];

static inline ag_mutex_t *stripe_of(uptr g) {
  return &stripes[((g >> 3) * 0x9E3779B97F4A7C15ull) >> 52];
}

void ag_shadow_init(void) {
  if (ag_top)
    return;
  size_t n = (size_t)(AG_ADDR_LIMIT >> CHUNK_SHIFT) * sizeof(struct chunk *);
  struct chunk **t = ag_mmap(n, 1);
  struct chunk **z = 0;
  if (!__atomic_compare_exchange_n(&ag_top, &z, t, 0, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    ag_sys_munmap(t, n);
}

struct chunk *ag_chunk_alloc(uptr a) {
  if (!ag_top)
    ag_shadow_init();
  struct chunk **slot = &ag_top[a >> CHUNK_SHIFT];
  struct chunk *c = ld_acquire(slot);
  if (c)
    return c;
  struct chunk *n = ag_mmap(CHUNK_BYTES, 1);
  if (__atomic_compare_exchange_n(slot, &c, n, 0, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE))
    return n;
  ag_sys_munmap(n, CHUNK_BYTES);
  return c;
}

static inline void mark_dirty(struct chunk *ch, uint32_t gi) {
  uint32_t grp = gi / GROUP_GRANULES;
  uint64_t bit = 1ull << (grp & 63);
  if (!(ld_relaxed(&ch->dirty[grp >> 6]) & bit))
    __atomic_fetch_or(&ch->dirty[grp >> 6], bit, __ATOMIC_RELAXED);
}

static inline int hb(uint64_t e, const struct ag_thread *t) {
  uint32_t s = AG_EPOCH_SLOT(e);
  if (s == t->slot)
    return 1;
  return AG_EPOCH_CLOCK(e) <= vc_get(&t->vc, s);
}

static inline void *ptr_of(uint64_t w) { return (void *)(uptr)(w & PTR_BITS); }

static inline size_t rvec_bytes(uint32_t cap) {
  return sizeof(struct rvec) + (size_t)cap * sizeof(struct rent);
}

static struct rvec *rvec_new(uint32_t cap) {
  struct rvec *rv = ag_alloc(rvec_bytes(cap));
  rv->cap = cap;
  return rv;
}

static struct rvec *rvec_dup(const struct rvec *o) {
  struct rvec *rv = rvec_new(o->cap);
  rv->n = o->n;
  memcpy(rv->ent, o->ent, (size_t)o->n * sizeof(struct rent));
  return rv;
}

static void add_race(struct racebuf *rb, uint64_t prev,
                     const struct ag_site *site, int prev_write, uptr byte) {
  if (!site)
    return;
  for (int i = 0; i < rb->n; i++)
    if (rb->r[i].site == site && rb->r[i].prev_write == prev_write)
      return;
  if (rb->n >= RACEBUF_MAX)
    return;
  struct race *r = &rb->r[rb->n++];
  r->prev = prev;
  r->site = site;
  r->prev_write = prev_write;
  r->byte = byte;
}

/*------------------------------------------------------------ fast path ---*/

static inline int cell_fast(struct cell *c, uint64_t w, uint64_t e, int af) {
  if (af & AF_WRITE) {
    if (af & AF_ATOMIC)
      return (w & ~F_ATOMIC) == e; /* own plain write dominates */
    return w == e;
  }
  if ((w & ~F_ATOMIC) == e && (!(w & F_ATOMIC) || (af & AF_ATOMIC)))
    return 1; /* own write in this epoch subsumes the read */
  uint64_t r = ld_relaxed(&c->r);
  if (r == e || ((af & AF_ATOMIC) && r == (e | F_ATOMIC)))
    return 1;
  if (r & F_SHARED) {
    struct rvec *rv = ptr_of(r);
    uint32_t n = ld_relaxed(&rv->n);
    if (n > RVEC_MIN_CAP)
      n = RVEC_MIN_CAP;
    for (uint32_t i = 0; i < n; i++) {
      uint64_t x = ld_relaxed(&rv->ent[i].e);
      if (x == e || ((af & AF_ATOMIC) && x == (e | F_ATOMIC)))
        return 1;
    }
  }
  return 0;
}

int ag_shadow_fast_slowpart(struct cell *c, uint64_t w0, uint32_t m,
                            struct ag_thread *t, int af) {
  uint64_t w = ld_acquire(&c->w);
  uint64_t e = t->epoch;
  (void)w0;
  if (LIKELY(!(w & F_PERBYTE))) {
    if (((w >> MASK_SHIFT) & 0xff) != m)
      return 0;
    return cell_fast(c, w & ~MASK_BITS, e, af);
  }
  struct cell *pb = ptr_of(w);
  for (uint32_t bits = m; bits; bits &= bits - 1) {
    struct cell *b = &pb[__builtin_ctz(bits)];
    if (!cell_fast(b, ld_relaxed(&b->w), e, af))
      return 0;
  }
  return 1;
}

/*------------------------------------------------------------ slow path ---*/

/* Do an earlier access x and the current access (a_write, a_atomic)
 * conflict? Two atomic accesses never do; two reads never do. */
static inline int conflicts(uint64_t x, int x_write, int a_write,
                            int a_atomic) {
  return (x_write || a_write) && !((x & F_ATOMIC) && a_atomic);
}

/* Append an entry, switching the cell to a vector if needed. */
static struct rvec *vec_append(struct cell *c, struct rvec *rv, uint64_t e,
                               const struct ag_site *s) {
  if (!rv) {
    rv = rvec_new(RVEC_MIN_CAP);
    if (c->r) {
      rv->ent[0].e = c->r;
      rv->ent[0].s = c->rs;
      rv->n = 1;
    }
    rv->ent[rv->n].e = e;
    rv->ent[rv->n].s = s;
    rv->n++;
    st_release(&c->r, F_SHARED | (uint64_t)(uptr)rv);
    return rv;
  }
  if (rv->n == rv->cap) {
    struct rvec *nv = rvec_new(rv->cap * 2);
    memcpy(nv->ent, rv->ent, (size_t)rv->n * sizeof(struct rent));
    nv->n = rv->n;
    nv->ent[nv->n].e = e;
    nv->ent[nv->n].s = s;
    nv->n++;
    st_release(&c->r, F_SHARED | (uint64_t)(uptr)nv);
    ag_free_deferred(rv, rvec_bytes(rv->cap));
    return nv;
  }
  rv->ent[rv->n].s = s;
  rv->ent[rv->n].e = e;
  st_release(&rv->n, rv->n + 1);
  return rv;
}

/* Check and update one cell (uniform: mbits is its mask in place; per-byte
 * cell: mbits 0). Caller holds the granule's stripe lock.
 *
 * State: the last write w, plus reads, plus (in the vector, flagged F_WENT)
 * earlier writes that the last write does not make redundant. An earlier
 * access E is dropped when the current access A happens after it (or raced
 * with it, and was reported) and A conflicts with every future access E
 * would conflict with: a write subsumes E unless A is atomic and E plain
 * (a later atomic access conflicts with E but not with A); a read subsumes
 * only reads, and a plain read only if A is plain too. */
static void cell_update(struct cell *c, uint64_t mbits, struct ag_thread *t,
                        int af, const struct ag_site *site, struct racebuf *rb,
                        uptr byte) {
  const uint64_t e = t->epoch;
  const int atomic = (af & AF_ATOMIC) != 0;
  const int is_write = (af & AF_WRITE) != 0;
  t->last_recorded = e;
  const uint64_t abit = atomic ? F_ATOMIC : 0;
  uint64_t w = c->w & ~MASK_BITS;
  const int w_has = (w & AG_EPOCH_BITS) != 0;

  if (!(c->w & MASK_BITS) && mbits)
    st_release(&c->w, c->w | mbits); /* empty granule adopts the mask */

  /* This thread's own write in this epoch already covers the access. */
  if (w_has && (w & ~F_ATOMIC) == e && (!(w & F_ATOMIC) || atomic))
    return;

  /* The last write. */
  int w_hb = 0, w_conf = 0;
  if (w_has) {
    w_hb = hb(w, t);
    w_conf = conflicts(w, 1, is_write, atomic);
    if (w_conf && !w_hb)
      add_race(rb, w, c->ws, 1, byte);
  }

  /* Reads and retained writes. */
  uint64_t r = c->r;
  struct rvec *rv = (r & F_SHARED) ? ptr_of(r) : 0;
  int have_own = 0;
  if (rv) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < rv->n; i++) {
      struct rent x = rv->ent[i];
      int xw = (x.e & F_WENT) != 0;
      uint64_t xe = x.e & ~F_WENT;
      int h = hb(xe, t);
      int conf = conflicts(xe, xw, is_write, atomic);
      if (conf && !h)
        add_race(rb, xe, x.s, xw, byte);
      int drop;
      if (is_write) {
        drop = (h || conf) && (!atomic || (xe & F_ATOMIC));
      } else if (!xw && (xe & ~F_ATOMIC) == e) {
        /* own read in this epoch: keep the stronger one */
        if (!(xe & F_ATOMIC) || atomic) {
          have_own = 1;
          drop = 0;
        } else {
          drop = 1;
        }
      } else {
        drop = !xw && h && ((xe & F_ATOMIC) || !atomic);
      }
      if (!drop)
        rv->ent[k++] = x;
    }
    st_release(&rv->n, k);
  } else if (r) {
    int h = hb(r, t);
    int conf = conflicts(r, 0, is_write, atomic);
    if (conf && !h)
      add_race(rb, r, c->rs, 0, byte);
    int drop;
    if (is_write) {
      drop = (h || conf) && (!atomic || (r & F_ATOMIC));
    } else if ((r & ~F_ATOMIC) == e) {
      drop = (r & F_ATOMIC) && !atomic;
      have_own = !drop;
    } else {
      drop = h && ((r & F_ATOMIC) || !atomic);
    }
    if (drop) {
      st_relaxed(&c->r, 0);
      r = 0;
    }
  }

  if (is_write) {
    /* Keep the previous write if this one does not make it redundant. */
    if (w_has && !((w_hb || w_conf) && (!atomic || (w & F_ATOMIC))))
      rv = vec_append(c, rv, w | F_WENT, c->ws);
    c->ws = site;
    st_release(&c->w, e | abit | mbits);
    return;
  }

  if (have_own)
    return;
  const uint64_t ne = e | abit;
  if (rv) {
    vec_append(c, rv, ne, site);
  } else if (c->r) {
    vec_append(c, 0, ne, site); /* concurrent (or not redundant) reads */
  } else {
    c->rs = site;
    st_release(&c->r, ne);
  }
}

/* Split a uniform granule with mask M into per-byte cells. Stripe held. */
static struct cell *to_perbyte(struct cell *c) {
  uint64_t w = c->w;
  uint32_t M = (uint32_t)((w >> MASK_SHIFT) & 0xff);
  struct cell *pb = ag_alloc(8 * sizeof(struct cell));
  uint64_t r = c->r;
  for (int i = 0; i < 8; i++) {
    if (!((M >> i) & 1))
      continue;
    pb[i].w = w & ~MASK_BITS;
    pb[i].ws = c->ws;
    pb[i].rs = c->rs;
    if (r & F_SHARED)
      pb[i].r = F_SHARED | (uint64_t)(uptr)rvec_dup(ptr_of(r));
    else
      pb[i].r = r;
  }
  st_release(&c->w, F_PERBYTE | (uint64_t)(uptr)pb);
  if (r & F_SHARED) {
    struct rvec *rv = ptr_of(r);
    ag_free_deferred(rv, rvec_bytes(rv->cap));
  }
  st_relaxed(&c->r, 0);
  c->ws = 0;
  c->rs = 0;
  return pb;
}

void ag_shadow_slow(struct chunk *ch, uptr g, uint32_t m, struct ag_thread *t,
                    int af, const struct ag_site *site, struct racebuf *rb) {
  uint32_t gi = (uint32_t)((g >> 3) & (CHUNK_GRANULES - 1));
  struct cell *c = &chunk_cells(ch)[gi];
  ag_mutex_t *lk = stripe_of(g);
  ag_mutex_lock(lk);
  mark_dirty(ch, gi);
  uint64_t w = c->w;
  struct cell *pb;
  if (!(w & F_PERBYTE)) {
    uint32_t M = (uint32_t)((w >> MASK_SHIFT) & 0xff);
    if (M == 0 && (w & AG_EPOCH_BITS) == 0 && c->r == 0)
      M = m; /* empty: adopt the access's bytes */
    if (M == m) {
      cell_update(c, (uint64_t)m << MASK_SHIFT, t, af, site, rb,
                  g + __builtin_ctz(m));
      ag_mutex_unlock(lk);
      return;
    }
    if (M == 0) {
      /* mask lost (should not happen): treat the state as covering all */
      st_relaxed(&c->w, c->w | (0xffull << MASK_SHIFT));
    }
    pb = to_perbyte(c);
  } else {
    pb = ptr_of(w);
  }
  for (uint32_t bits = m; bits; bits &= bits - 1) {
    int i = __builtin_ctz(bits);
    cell_update(&pb[i], 0, t, af, site, rb, g + i);
  }
  ag_mutex_unlock(lk);
}

void ag_shadow_access(struct ag_thread *t, uptr a, uptr n, int af,
                      const struct ag_site *site, struct racebuf *rb) {
  uptr end = a + n;
  if (end < a || end > AG_ADDR_LIMIT)
    end = AG_ADDR_LIMIT;
  struct chunk *ch = 0;
  uptr chunk_id = ~(uptr)0;
  while (a < end) {
    uptr g = a & ~(uptr)7;
    uptr ge = g + 8;
    uptr e2 = end < ge ? end : ge;
    uint32_t m = ((1u << (e2 - a)) - 1) << (a - g);
    if ((g >> CHUNK_SHIFT) != chunk_id) {
      chunk_id = g >> CHUNK_SHIFT;
      ch = ag_chunk_get(g);
      if (!ch)
        return;
    }
    struct cell *c =
        &chunk_cells(ch)[(g >> 3) & (CHUNK_GRANULES - 1)];
    if (!ag_shadow_fast(c, m, t, af))
      ag_shadow_slow(ch, g, m, t, af, site, rb);
    a = e2;
  }
}

/*---------------------------------------------------------------- reset ---*/

static void cell_drop(struct cell *c) {
  uint64_t r = c->r;
  if (r & F_SHARED) {
    struct rvec *rv = ptr_of(r);
    ag_free_deferred(rv, rvec_bytes(rv->cap));
  }
  st_relaxed(&c->r, 0);
  c->rs = 0;
  c->ws = 0;
  st_release(&c->w, 0);
}

/* Forget the bytes in mreset of one granule. Stripe held. */
static void granule_reset(struct cell *c, uint32_t mreset) {
  uint64_t w = c->w;
  if (!(w & F_PERBYTE)) {
    uint32_t M = (uint32_t)((w >> MASK_SHIFT) & 0xff);
    if ((M & ~mreset) == 0 || M == 0) {
      cell_drop(c);
      return;
    }
    if (!(M & mreset))
      return;
    to_perbyte(c);
    w = c->w;
  }
  struct cell *pb = ptr_of(w);
  if (mreset == 0xff) {
    for (int i = 0; i < 8; i++)
      cell_drop(&pb[i]);
    st_release(&c->w, 0);
    st_relaxed(&c->r, 0);
    ag_free_deferred(pb, 8 * sizeof(struct cell));
    return;
  }
  for (uint32_t bits = mreset; bits; bits &= bits - 1)
    cell_drop(&pb[__builtin_ctz(bits)]);
}

static void chunk_reset(struct chunk *ch, uptr cbase, uptr lo, uptr hi) {
  /* [lo, hi) inside this chunk, as addresses */
  struct cell *cells = chunk_cells(ch);
  uint32_t g0 = (uint32_t)((lo - cbase) >> 3);
  uint32_t g1 = (uint32_t)((hi - cbase + 7) >> 3); /* exclusive */
  int whole = (lo == cbase && hi == cbase + ((uptr)1 << CHUNK_SHIFT));
  int any = 0;
  for (uint32_t grp = g0 / GROUP_GRANULES; grp <= (g1 - 1) / GROUP_GRANULES;
       grp++) {
    uint64_t bit = 1ull << (grp & 63);
    if (!(ld_relaxed(&ch->dirty[grp >> 6]) & bit))
      continue;
    any = 1;
    uint32_t a0 = grp * GROUP_GRANULES, a1 = a0 + GROUP_GRANULES;
    uint32_t s0 = g0 > a0 ? g0 : a0, s1 = g1 < a1 ? g1 : a1;
    if (s0 == a0 && s1 == a1) {
      /* whole group covered, unless its edge granules are partial */
      uptr first = cbase + ((uptr)s0 << 3), last = cbase + ((uptr)s1 << 3);
      if (first >= lo && last <= hi)
        __atomic_fetch_and(&ch->dirty[grp >> 6], ~bit, __ATOMIC_RELAXED);
    }
    for (uint32_t gi = s0; gi < s1; gi++) {
      struct cell *c = &cells[gi];
      if (!ld_relaxed(&c->w) && !ld_relaxed(&c->r))
        continue;
      uptr g = cbase + ((uptr)gi << 3);
      uptr b0 = g > lo ? g : lo, b1 = g + 8 < hi ? g + 8 : hi;
      uint32_t mr = ((1u << (b1 - b0)) - 1) << (b0 - g);
      ag_mutex_t *lk = stripe_of(g);
      ag_mutex_lock(lk);
      granule_reset(c, mr);
      ag_mutex_unlock(lk);
    }
  }
  if (whole && any)
    madvise(cells, (size_t)CHUNK_GRANULES * sizeof(struct cell),
            MADV_DONTNEED);
}

void ag_shadow_reset(uptr a, uptr n) {
  if (!ag_top || n == 0 || a >= AG_ADDR_LIMIT)
    return;
  uptr end = a + n;
  if (end < a || end > AG_ADDR_LIMIT)
    end = AG_ADDR_LIMIT;
  while (a < end) {
    uptr cbase = a & ~(((uptr)1 << CHUNK_SHIFT) - 1);
    uptr cend = cbase + ((uptr)1 << CHUNK_SHIFT);
    uptr hi = end < cend ? end : cend;
    struct chunk *ch = ld_acquire(&ag_top[a >> CHUNK_SHIFT]);
    if (ch)
      chunk_reset(ch, cbase, a, hi);
    a = hi;
  }
}

void ag_shadow_sync_count(uptr a, int delta) {
  struct chunk *ch = ag_chunk_get(a);
  if (ch)
    __atomic_fetch_add(&ch->nsync, (uint32_t)delta, __ATOMIC_RELAXED);
}

uint32_t ag_shadow_sync_in(uptr a) {
  struct chunk *ch = ag_chunk_peek(a);
  return ch ? ld_relaxed(&ch->nsync) : 0;
}

void ag_shadow_fork_child(void) {
  for (int i = 0; i < NSTRIPES; i++)
    ag_mutex_reset(&stripes[i]);
}

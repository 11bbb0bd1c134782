/*===- shadow.c - Byte-precise FastTrack shadow memory ----------------------===*
 *
 * Layout: a top-level table (one pointer per MiB of the 47-bit user address
 * space, 1 GiB of MAP_NORESERVE virtual memory, touched lazily) points to
 * chunks mmap'd on first use (installed with CAS). A chunk has a 4 KiB header
 * (dirty bitmap: one bit per 64 granules; count of sync objects inside),
 * one 16-byte cell per 8-byte granule and, in an array of their own, the
 * cell's two sites (16 bytes): about 4 bytes of shadow per application
 * byte, only for pages of shadow actually touched.
 *
 * Byte precision comes from masks: every entry (last write, last read, each
 * vector entry) records which bytes of the granule it covers, and an access
 * only meets the entries whose bytes it shares. The rules are the per-byte
 * FastTrack rules, applied at once to all the bytes an entry and the access
 * share. One thread's accesses in one epoch, of one kind and from one site
 * merge into one entry (x[0] then x[1]: one entry of 8 bytes), so loops over
 * small elements stay on the fast path and need no per-byte state.
 *
 * Reads: one entry, moved into an overflow vector only when a read is not
 * redundant with the recorded one (concurrent readers, or readers of other
 * bytes); earlier writes that a later one does not make redundant go there
 * too. Once a granule has a vector it keeps it (cleared in place) until the
 * memory is reset, so lock-free readers never see it freed under them; a
 * vector that grows is replaced and the old one freed after a quarantine.
 *
 * Fast path (no lock): the access is already covered by an entry of this
 * thread's current epoch. Slow path: under the cell's own lock, a bit of its
 * write word (F_LOCKED): taking it brings in the line the update needs, and
 * threads working on neighbouring granules never share a lock.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>
#include <sys/mman.h>

AG_EXPORT struct chunk **ag_top;
uint64_t ag_shadow_reset_gen;

static uint64_t stat_chunks, stat_vectors, stat_cell_pages; /* verbosity */
static struct chunk *all_chunks;

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
                                  __ATOMIC_ACQUIRE)) {
    __atomic_fetch_add(&stat_chunks, 1, __ATOMIC_RELAXED);
    struct chunk *head = ld_relaxed(&all_chunks);
    do
      n->next = head;
    while (!__atomic_compare_exchange_n(&all_chunks, &head, n, 1,
                                        __ATOMIC_RELEASE, __ATOMIC_RELAXED));
    return n;
  }
  ag_sys_munmap(n, CHUNK_BYTES);
  return c;
}

static inline void mark_dirty(struct chunk *ch, uint32_t gi) {
  uint32_t grp = gi / GROUP_GRANULES;
  if (!chunk_group_used(ch, grp))
    __atomic_fetch_or(&ch->dirty[grp >> 6], 1ull << (grp & 63),
                      __ATOMIC_RELAXED);
}

/* Cell locks. While a cell is locked its write word carries F_LOCKED, which
 * the holder's reads strip (cell_w) and writes keep (cell_set_w); unlocking
 * publishes the word without it. A locked cell's group is marked dirty
 * first, so that a forked child finds it. */
AG_INLINE void cell_lock(struct cell *c) { ag_bit_lock(&c->w, F_LOCKED); }
AG_INLINE uint64_t cell_w(const struct cell *c) { return c->w & ~F_LOCKED; }
AG_INLINE void cell_set_w(struct cell *c, uint64_t w) {
  st_relaxed(&c->w, w | F_LOCKED);
}
AG_INLINE void cell_unlock(struct cell *c) {
  st_release(&c->w, c->w & ~F_LOCKED);
}

static inline void *ptr_of(uint64_t w) { return (void *)(uptr)(w & PTR_BITS); }

static inline uint32_t ent_mask(uint64_t x) {
  return (uint32_t)(x >> MASK_SHIFT) & 0xff;
}

/* x without the bytes m; 0 when no byte is left. */
static inline uint64_t ent_without(uint64_t x, uint32_t m) {
  x &= ~((uint64_t)m << MASK_SHIFT);
  return (x & MASK_BITS) ? x : 0;
}

static inline size_t rvec_bytes(uint32_t cap) {
  return sizeof(struct rvec) + (size_t)cap * sizeof(struct rent);
}

static uint32_t n_interned;

void ag_shadow_stats(uint64_t *chunks, uint64_t *cell_pages,
                     uint64_t *vectors, uint64_t *shared) {
  *chunks = ld_relaxed(&stat_chunks);
  *cell_pages = ld_relaxed(&stat_cell_pages);
  *vectors = ld_relaxed(&stat_vectors);
  *shared = ld_relaxed(&n_interned);
}

static struct rvec *rvec_new(uint32_t cap) {
  struct rvec *rv = ag_alloc(rvec_bytes(cap));
  rv->cap = cap;
  return rv;
}

/*------------------------------------------------------ interned vectors ---*/

/* Read-shared data (an array one thread filled and every thread reads) gives
 * most of its granules the same read vector: the same threads' reads, in
 * the same epochs, from the same sites. Such vectors are kept once, in a
 * table, immutable: cells point to the shared copy, and a cell that changes
 * copies it first (cell_private). Interned vectors are never freed, so the
 * table is bounded (a full table interns nothing more). */
#define INTERN_SLOTS 16384
#define INTERN_PROBES 8
/* Each slot keeps its vector's hash next to it, so that a probe reads the
 * table's lines only, not every candidate vector: once the table is full of
 * vectors that are never needed again (epochs of reads long past), a miss
 * costs two cache lines. The hash is stored after the vector is installed
 * (by the thread that installed it): a probe that sees the vector without
 * its hash yet only misses a chance to share. */
static struct {
  uint64_t hash;
  struct rvec *v;
} interned[INTERN_SLOTS];

static uint64_t rents_hash(const struct rent *e, uint32_t n) {
  uint64_t h = n;
  for (uint32_t i = 0; i < n; i++)
    h = (h ^ e[i].e ^ ((uint64_t)(uptr)e[i].s << 7)) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

/* The interned vector holding exactly e[0..n), interned now if need be;
 * NULL when the table has no room for it. */
static struct rvec *intern_lookup(const struct rent *e, uint32_t n) {
  uint64_t h = rents_hash(e, n);
  for (uint32_t k = 0; k < INTERN_PROBES; k++) {
    const uint32_t i = (uint32_t)(h + k) & (INTERN_SLOTS - 1);
    struct rvec *v = ld_acquire(&interned[i].v);
    if (!v) {
      if (ld_relaxed(&n_interned) >= INTERN_SLOTS / 2)
        return 0;
      struct rvec *nv = rvec_new(RVEC_MIN_CAP);
      memcpy(nv->ent, e, (size_t)n * sizeof *e);
      nv->n = n;
      nv->interned = 1;
      if (__atomic_compare_exchange_n(&interned[i].v, &v, nv, 0,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        st_relaxed(&interned[i].hash, h);
        __atomic_fetch_add(&n_interned, 1, __ATOMIC_RELAXED);
        return nv;
      }
      ag_free(nv, rvec_bytes(RVEC_MIN_CAP));
    }
    if (ld_relaxed(&interned[i].hash) == h && v->n == n &&
        !memcmp(v->ent, e, (size_t)n * sizeof *e))
      return v;
  }
  return 0;
}

/* Lookups this thread made in a full table since the last one that found
 * its vector. Once the table is full of vectors nobody needs again (reads
 * in epochs long past), a lookup costs a cache miss and finds nothing: after
 * INTERN_GIVE_UP such misses in a row, a thread looks up one vector in
 * INTERN_SAMPLE, and goes back to every one when one is found. */
#define INTERN_GIVE_UP 64
#define INTERN_SAMPLE 16
static __thread uint32_t intern_misses;

/* intern_lookup, with the lookups of a thread that keeps missing in a full
 * table thinned out. */
static struct rvec *intern(const struct rent *e, uint32_t n) {
  const int full = ld_relaxed(&n_interned) >= INTERN_SLOTS / 2;
  if (full && intern_misses >= INTERN_GIVE_UP &&
      ++intern_misses % INTERN_SAMPLE)
    return 0;
  struct rvec *v = intern_lookup(e, n);
  if (v)
    intern_misses = 0;
  else if (full && intern_misses < INTERN_GIVE_UP)
    intern_misses++;
  return v;
}

/* A copy of rv with capacity cap, installed as the cell's vector (readers
 * see it whole or not at all). */
static struct rvec *vec_copy(struct cell *c, const struct rvec *rv,
                             uint32_t cap) {
  struct rvec *nv = rvec_new(cap);
  memcpy(nv->ent, rv->ent, (size_t)rv->n * sizeof(struct rent));
  nv->n = rv->n;
  st_release(&c->r, F_SHARED | (uint64_t)(uptr)nv);
  return nv;
}

/* The cell's vector, made private (copied) if it is interned, so that the
 * caller may change it. Caller holds the cell's lock. */
static struct rvec *cell_private(struct cell *c, struct rvec *rv) {
  if (!rv || !rv->interned)
    return rv;
  __atomic_fetch_add(&stat_vectors, 1, __ATOMIC_RELAXED);
  return vec_copy(c, rv, rv->cap);
}

/* Set entry i of the cell's vector rv to x; when rv is interned, through
 * the interned copy of the result if there is room for it. */
static void vec_set(struct cell *c, struct rvec *rv, uint32_t i, uint64_t x) {
  if (rv->interned) {
    struct rent all[RVEC_MIN_CAP];
    memcpy(all, rv->ent, (size_t)rv->n * sizeof *all);
    all[i].e = x;
    struct rvec *v = intern(all, rv->n);
    if (v) {
      st_release(&c->r, F_SHARED | (uint64_t)(uptr)v);
      return;
    }
    rv = cell_private(c, rv);
  }
  st_release(&rv->ent[i].e, x);
}

/* Bumped by every race found: notes of what a thread's entries hold
 * (struct ag_held) are valid only while it is unchanged. */
uint64_t ag_race_gen;

/* Races are kept in the order of their first racing byte, as a scan byte by
 * byte would find them (the first RACEBUF_MAX of them): one per earlier site
 * and kind, at its first racing byte, whichever entry holds it. */
void ag_race_add(struct racebuf *rb, uint64_t prev, const struct ag_site *site,
                 int prev_write, uptr byte) {
  if (!site)
    return;
  __atomic_fetch_add(&ag_race_gen, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < rb->n; i++) {
    if (rb->r[i].site != site || rb->r[i].prev_write != prev_write)
      continue;
    if (byte >= rb->r[i].byte)
      return;
    memmove(&rb->r[i], &rb->r[i + 1], (size_t)(rb->n - i - 1) * sizeof *rb->r);
    rb->n--;
    break;
  }
  int k = rb->n;
  while (k > 0 && rb->r[k - 1].byte > byte)
    k--;
  if (k >= RACEBUF_MAX)
    return;
  int n = rb->n < RACEBUF_MAX ? rb->n : RACEBUF_MAX - 1;
  memmove(&rb->r[k + 1], &rb->r[k], (size_t)(n - k) * sizeof *rb->r);
  rb->r[k].prev = prev & (F_ATOMIC | AG_EPOCH_BITS);
  rb->r[k].site = site;
  rb->r[k].byte = byte;
  rb->r[k].prev_write = prev_write;
  rb->n = n + 1;
}

/*------------------------------------------------------------ fast path ---*/

/* The vector part of ag_shadow_fast: a read covered by one of this thread's
 * reads in its epoch, or an access covered by this thread's write when that
 * write is still the last one of these bytes (the last write of bytes outside
 * w's mask is the newest vector write that covers them). The vector may be
 * replaced under us: it is only read up to its smallest capacity, and stale
 * contents only make the check fail. */
int ag_shadow_fast_vec(struct cell *c, uint64_t r, uint64_t mb,
                       struct ag_thread *t, int af) {
  struct rvec *rv = ptr_of(r);
  const uint64_t e = t->epoch;
  uint32_t n = ld_acquire(&rv->n);
  int last_write = !(ld_relaxed(&c->w) & mb) && n <= RVEC_MIN_CAP;
  if (n > RVEC_MIN_CAP)
    n = RVEC_MIN_CAP;
  for (uint32_t i = n; i-- > 0;) {
    uint64_t x = ld_relaxed(&rv->ent[i].e);
    if (!(x & mb))
      continue;
    if (x & F_WENT) {
      if (last_write && ag_ent_covers(x, e, mb, af))
        return 1;
      last_write = 0;
    } else if (!(af & AF_WRITE) && ag_ent_covers(x, e, mb, af)) {
      return 1;
    }
  }
  return 0;
}

/*------------------------------------------------------------ slow path ---*/

/* Two sites that no report can tell apart (copies of one access made by the
 * optimizer, e.g. when unrolling) may share an entry. A range site must be
 * the same object: its extent is looked up by address when reporting. */
static inline int site_same(const struct ag_site *a, const struct ag_site *b) {
  return a == b || (a && b && a->kind != AG_SITE_READ_RANGE &&
                    a->kind != AG_SITE_WRITE_RANGE && !memcmp(a, b, sizeof *a));
}

/* One access being recorded in one granule. */
struct acc {
  struct ag_thread *t;
  uint64_t e;       /* the thread's epoch */
  uint32_t m;       /* bytes still to check and record */
  uint32_t own;     /* read: bytes this thread already read in this epoch */
  int write, atomic;
  const struct ag_site *site;
  struct racebuf *rb;
  uptr g; /* granule address */
};

/* Bytes of the access whose last write is this thread's own, in this epoch
 * and at least as strong: nothing changes for them (earlier accesses were
 * checked against that write, and any later access that would conflict with
 * the current one conflicts with it). */
static uint32_t covered(const struct cell *c, const struct rvec *rv,
                        const struct acc *a) {
  const int af = a->atomic ? AF_ATOMIC : 0;
  const uint64_t w = cell_w(c);
  uint32_t cov = 0, seen = ent_mask(w);
  if (ag_ent_covers(w, a->e, 0, af))
    cov = seen & a->m;
  for (uint32_t i = rv ? rv->n : 0; i-- > 0 && (a->m & ~seen);) {
    uint64_t x = rv->ent[i].e;
    if (!(x & F_WENT))
      continue;
    if (ag_ent_covers(x, a->e, 0, af))
      cov |= ent_mask(x) & a->m & ~seen;
    seen |= ent_mask(x);
  }
  return cov;
}

/* Bytes of a read covered by this thread's own reads in this epoch that are
 * at least as strong. When these and the covered writes cover the whole
 * read, it changes nothing (as ag_shadow_fast, byte by byte). */
static uint32_t covered_reads(const struct cell *c, const struct rvec *rv,
                              const struct acc *a) {
  const int af = a->atomic ? AF_ATOMIC : 0;
  if (!rv)
    return ag_ent_covers(c->r, a->e, 0, af) ? ent_mask(c->r) & a->m : 0;
  uint32_t cov = 0;
  for (uint32_t i = 0; i < rv->n; i++) {
    uint64_t x = rv->ent[i].e;
    if (!(x & F_WENT) && ag_ent_covers(x, a->e, 0, af))
      cov |= ent_mask(x) & a->m;
  }
  return cov;
}

/* Check an earlier access x (write if xw) against the current one on the
 * bytes they share, and return what is left of x: x itself, or x without
 * those bytes if the current access makes it redundant there (0 if nothing
 * is left).
 *
 * An earlier access X is dropped where the current access A happens after it
 * (or raced with it, and was reported) and A conflicts with every future
 * access X would conflict with: a write subsumes X unless A is atomic and X
 * plain (a later atomic access conflicts with X but not with A); a read
 * subsumes only reads, and a plain read only if A is plain too. Of this
 * thread's own reads in this epoch the stronger one is kept. */
static uint64_t ent_check(struct acc *a, uint64_t x, const struct ag_site *xs,
                          int xw) {
  const uint32_t xm = ent_mask(x) & a->m;
  if (!xm)
    return x;
  const int xa = (x & F_ATOMIC) != 0;
  const int h = ag_hb(x, a->t);
  /* Two atomic accesses never conflict; two reads never do. */
  const int conf = (xw || a->write) && !(xa && a->atomic);
  if (conf && !h)
    ag_race_add(a->rb, x, xs, xw, a->g + __builtin_ctz(xm));
  int drop;
  if (a->write) {
    drop = (h || conf) && (!a->atomic || xa);
  } else if (xw) {
    drop = 0;
  } else if (ENT_KEY(x) == a->e) {
    drop = xa && !a->atomic;
    if (!drop)
      a->own |= xm;
  } else {
    drop = h && (xa || !a->atomic);
  }
  return drop ? ent_without(x, xm) : x;
}

/* Same thread, epoch, kind and site: one entry can stand for both. */
static inline int mergeable(uint64_t x, const struct ag_site *xs,
                            const struct acc *a) {
  return ENT_KEY(x) == a->e && ((x & F_ATOMIC) != 0) == a->atomic &&
         site_same(xs, a->site);
}

/* Append an entry, switching the cell to a vector if needed (rv is the
 * cell's vector or NULL). A short result goes to the interned copy of the
 * same contents when there is one or room for one. */
static void vec_append(struct cell *c, struct rvec *rv, uint64_t e,
                       const struct ag_site *s) {
  uint32_t n = rv ? rv->n : (c->r ? 1 : 0);
  if (n < RVEC_MIN_CAP) {
    struct rent all[RVEC_MIN_CAP];
    if (rv)
      memcpy(all, rv->ent, (size_t)n * sizeof *all);
    else if (n)
      all[0] = (struct rent){c->r, cell_sites(c)->rs};
    all[n] = (struct rent){e, s};
    struct rvec *v = intern(all, n + 1);
    if (v) {
      st_release(&c->r, F_SHARED | (uint64_t)(uptr)v);
      if (rv && !rv->interned)
        ag_free_deferred(rv, rvec_bytes(rv->cap));
      return;
    }
  }
  rv = cell_private(c, rv);
  if (!rv) {
    rv = rvec_new(RVEC_MIN_CAP);
    __atomic_fetch_add(&stat_vectors, 1, __ATOMIC_RELAXED);
    if (c->r) {
      rv->ent[0].e = c->r;
      rv->ent[0].s = cell_sites(c)->rs;
      rv->n = 1;
    }
    rv->ent[rv->n].e = e;
    rv->ent[rv->n].s = s;
    rv->n++;
    st_release(&c->r, F_SHARED | (uint64_t)(uptr)rv);
    return;
  }
  if (rv->n == rv->cap) {
    /* 2 * cap + 1 keeps the vector a power of two in bytes */
    struct rvec *old = rv;
    rv = vec_copy(c, old, old->cap * 2 + 1);
    ag_free_deferred(old, rvec_bytes(old->cap));
  }
  rv->ent[rv->n].s = s;
  st_relaxed(&rv->ent[rv->n].e, e);
  st_release(&rv->n, rv->n + 1);
}

/* Drop the vector entries that are 0, keeping the order. */
static void vec_compact(struct rvec *rv) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < rv->n; i++) {
    struct rent x = rv->ent[i];
    if (!x.e)
      continue;
    if (k != i) {
      rv->ent[k].s = x.s;
      st_relaxed(&rv->ent[k].e, x.e);
    }
    k++;
  }
  st_release(&rv->n, k);
}

/* The common slow case: an access re-recording, in a new epoch, what an
 * earlier access of exactly these bytes and of the same kind (plain or
 * atomic) left: a loop over the same data after each barrier, a ring slot
 * or the index of a queue. The rules of cell_update_slow then reduce to
 * replacing that entry: for a read, this thread's earlier read or no read
 * (the reader of what another thread wrote), with the last write ordered
 * before (or atomic, when the read is); for a write, the ordered last
 * write, and a read of some of its bytes that the write makes redundant
 * (ordered) or that cannot conflict with it (both atomic).
 * Returns 0 for any other shape. */
AG_INLINE int cell_rerecord(struct cell *c, const struct ag_thread *t,
                            uint32_t m, int af, const struct ag_site *site) {
  const uint64_t r = c->r, w = cell_w(c), e = t->epoch;
  const uint64_t fa = (af & AF_ATOMIC) ? F_ATOMIC : 0;
  const uint64_t ne = e | fa | ((uint64_t)m << MASK_SHIFT);
  if (r & F_SHARED)
    return 0;
  if (!(af & AF_WRITE)) {
    if (r && ((r & F_ATOMIC) != fa || AG_EPOCH_SLOT(r) != t->slot ||
              ENT_KEY(r) == e || ent_mask(r) != m))
      return 0;
    if (w && (ENT_KEY(w) == e || !(ag_hb(w, t) || (fa & w))))
      return 0;
    cell_sites(c)->rs = site;
    st_release(&c->r, ne);
    return 1;
  }
  if (!w || (w & F_ATOMIC) != fa || ENT_KEY(w) == e || ent_mask(w) != m ||
      !ag_hb(w, t))
    return 0;
  uint64_t nr = r;
  if (r) {
    const int ordered = ag_hb(r, t);
    if (ordered && (!fa || (r & F_ATOMIC)) && !(ent_mask(r) & ~m))
      nr = 0;
    else if (ordered || !(fa & r))
      return 0;
  }
  if (nr != r)
    st_relaxed(&c->r, nr);
  cell_sites(c)->ws = site;
  cell_set_w(c, ne);
  return 1;
}

/* The same for a plain read of a granule with a vector of its own (read by
 * threads in turn: read-shared data after each one's synchronization): the
 * thread's earlier read of exactly these bytes is replaced in place when
 * that is all the rules do, that is when the last write is ordered before
 * the read (or absent), no retained write is kept, and every other
 * thread's read is concurrent with it (none is dropped). */
static int vec_rerecord(struct cell *c, struct acc *a) {
  const uint64_t r = c->r, w = cell_w(c);
  if (a->write || a->atomic || !(r & F_SHARED) ||
      (w && (ENT_KEY(w) == a->e || !ag_hb(w, a->t))))
    return 0;
  struct rvec *rv = ptr_of(r);
  if (rv->interned)
    return 0;
  int own = -1;
  for (uint32_t i = 0; i < rv->n; i++) {
    const uint64_t x = rv->ent[i].e;
    if (x & (F_WENT | F_ATOMIC))
      return 0;
    if (AG_EPOCH_SLOT(x) == a->t->slot) {
      if (own >= 0 || ENT_KEY(x) == a->e || ent_mask(x) != a->m)
        return 0;
      own = (int)i;
    } else if (ag_hb(x, a->t)) {
      return 0;
    }
  }
  if (own < 0)
    return 0;
  rv->ent[own].s = a->site;
  st_release(&rv->ent[own].e, a->e | ((uint64_t)a->m << MASK_SHIFT));
  return 1;
}

/* Check and update one granule, whose lock is held, by the general rules
 * (cell_record tries cell_rerecord first). */
static AG_NOINLINE void cell_update_slow(struct cell *c, struct acc *a) {
  if (vec_rerecord(c, a))
    return;
  uint64_t r = c->r;
  struct rvec *rv = (r & F_SHARED) ? ptr_of(r) : 0;
  const uint32_t cov = covered(c, rv, a);
  if (!a->write && !(a->m & ~(cov | covered_reads(c, rv, a))))
    return;
  a->m &= ~cov;
  if (!a->m)
    return;
  const uint64_t mb = (uint64_t)a->m << MASK_SHIFT;
  const uint64_t ne = a->e | (a->atomic ? F_ATOMIC : 0) | mb;

  /* The last write, then the reads and retained writes. */
  uint64_t w = cell_w(c);
  if (w)
    w = ent_check(a, w, cell_sites(c)->ws, 1);
  if (rv && rv->interned) {
    /* Copied only if it changes, and not at all if it empties (a write
     * after the readers); ent_check is idempotent, the loop below repeats
     * it on the copy. */
    int changed = 0, left = 0;
    for (uint32_t i = 0; i < rv->n; i++) {
      uint64_t x = rv->ent[i].e;
      uint64_t y = ent_check(a, x, rv->ent[i].s, (x & F_WENT) != 0);
      changed |= y != x;
      left |= y != 0;
    }
    if (!left) {
      st_release(&c->r, 0);
      rv = 0;
      r = 0;
    } else if (changed) {
      rv = cell_private(c, rv);
    }
  }
  if (rv) {
    int dropped = 0;
    for (uint32_t i = 0; i < rv->n; i++) {
      uint64_t x = rv->ent[i].e;
      uint64_t y = ent_check(a, x, rv->ent[i].s, (x & F_WENT) != 0);
      if (y != x) {
        st_relaxed(&rv->ent[i].e, y);
        dropped |= !y;
      }
    }
    if (dropped)
      vec_compact(rv);
  } else if (r) {
    r = ent_check(a, r, cell_sites(c)->rs, 0);
    st_relaxed(&c->r, r);
  }

  if (a->write) {
    uint64_t nw = ne;
    /* Fold this thread's own writes of the epoch from the same site into the
     * new last write: the old last write, and retained ones that are still
     * the last write of all their bytes. */
    if (w && mergeable(w, cell_sites(c)->ws, a)) {
      nw |= w & MASK_BITS;
      w = 0;
    }
    if (rv) {
      rv = cell_private(c, rv);
      uint32_t later = ent_mask(w);
      int merged = 0;
      for (uint32_t i = rv->n; i-- > 0;) {
        uint64_t x = rv->ent[i].e;
        if (!(x & F_WENT))
          continue;
        if (!(ent_mask(x) & later) && mergeable(x, rv->ent[i].s, a)) {
          nw |= x & MASK_BITS;
          st_relaxed(&rv->ent[i].e, 0);
          merged = 1;
        }
        later |= ent_mask(x);
      }
      if (merged)
        vec_compact(rv);
    }
    /* What is left of the previous write is still the last write of its
     * other bytes (or, unordered, of these too): keep it, newest in the
     * vector. */
    if (w)
      vec_append(c, rv, w | F_WENT, cell_sites(c)->ws);
    cell_sites(c)->ws = a->site;
    cell_set_w(c, nw);
    return;
  }

  const uint64_t add = ((uint64_t)(a->m & ~a->own)) << MASK_SHIFT;
  if (!add)
    return;
  if (rv) {
    for (uint32_t i = 0; i < rv->n; i++) {
      uint64_t x = rv->ent[i].e;
      if (!(x & F_WENT) && mergeable(x, rv->ent[i].s, a)) {
        vec_set(c, rv, i, x | add);
        return;
      }
    }
    vec_append(c, rv, (ne & ~MASK_BITS) | add, a->site);
  } else if (!r) {
    cell_sites(c)->rs = a->site;
    st_release(&c->r, (ne & ~MASK_BITS) | add);
  } else if (mergeable(r, cell_sites(c)->rs, a)) {
    st_release(&c->r, r | add);
  } else {
    /* concurrent reads, or reads of other bytes */
    vec_append(c, 0, (ne & ~MASK_BITS) | add, a->site);
  }
}

/* Forget everything the cell holds; its lock is held. */
static void cell_drop(struct cell *c) {
  uint64_t r = c->r;
  if (r & F_SHARED) {
    struct rvec *rv = ptr_of(r);
    if (!rv->interned)
      ag_free_deferred(rv, rvec_bytes(rv->cap));
  }
  st_relaxed(&c->r, 0);
  cell_sites(c)->rs = 0;
  cell_sites(c)->ws = 0;
  cell_set_w(c, 0);
}

/* Add entry x of site s after the cell's others (its write is set). */
static void cell_add(struct cell *c, uint64_t x, const struct ag_site *s) {
  if (!c->r && !(x & F_WENT)) {
    cell_sites(c)->rs = s;
    st_release(&c->r, x);
    return;
  }
  vec_append(c, (c->r & F_SHARED) ? ptr_of(c->r) : 0, x, s);
}

/*------------------------------------------------------ deferred stores ---*/

/* A ring's index is stored by one thread and loaded by another, item after
 * item. Recording each store in the index's cell would move the cell's line
 * to the storing core and back to the loading one, whose loads record their
 * reads there, on top of the sync object's line that both take anyway. So
 * once a thread's atomic store is the cell's last write, of exactly these
 * bytes, the cell defers (F_DEFERRED) that thread's next stores of the same
 * bytes from the same site to the sync object: each one only replaces the
 * entry in ag_sync.stored, in the line the store's lock brings.
 *
 * Loads leave the deferred write as it is: atomic accesses never race with
 * each other, and a read never drops a write. Every other access of the
 * cell, with its lock, first takes the stores back (the last one's entry
 * becomes the last write) and so ends the deferral: the storing thread
 * finds the entry in the sync object gone, compares and swaps in vain, and
 * records its store in the cell again, which checks it against what the
 * other access left. A deferred store needs no check of its own: whatever
 * the cell holds that it could race with was there when the first store
 * was recorded, checked against a store of the same thread and site made
 * before it, and reported then for the same two sites. */

/* The entry of t's atomic store of the bytes m. */
static inline uint64_t store_entry(const struct ag_thread *t, uint32_t m) {
  return t->epoch | F_ATOMIC | (uint64_t)m << MASK_SHIFT;
}

/* Take back the stores the cell of granule g defers; the cell's lock is
 * held. s is a sync object the caller has, perhaps their location's. */
static void cell_take_stores(struct cell *c, uptr g, struct ag_sync *s) {
  const uint64_t w = cell_w(c);
  if (LIKELY(!(w & F_DEFERRED)))
    return;
  const uptr a = g + __builtin_ctz(ent_mask(w));
  if (!s || s->addr != a)
    s = ag_sync_find(a);
  const uint64_t x = s ? __atomic_exchange_n(&s->stored, 0, __ATOMIC_SEQ_CST)
                       : 0;
  uint64_t nw = w & ~F_DEFERRED;
  if (x && AG_EPOCH_SLOT(x) == AG_EPOCH_SLOT(nw) &&
      ent_mask(x) == ent_mask(nw) && AG_EPOCH_CLOCK(x) > AG_EPOCH_CLOCK(nw))
    nw = x;
  cell_set_w(c, nw);
}

/* After t's atomic store of the bytes m, from site, was recorded in the cell:
 * defer t's next ones to s if the store is the cell's whole last write. */
static void cell_defer_stores(struct cell *c, struct ag_thread *t, uint32_t m,
                              const struct ag_site *site, struct ag_sync *s) {
  const uint64_t e = store_entry(t, m);
  if (cell_w(c) != e || cell_sites(c)->ws != site || ld_relaxed(&s->stored))
    return;
  if (s->stored_site != site) /* a line that lookups read */
    st_relaxed(&s->stored_site, site);
  __atomic_store_n(&s->stored, e, __ATOMIC_SEQ_CST);
  cell_set_w(c, e | F_DEFERRED);
}

/* t's atomic store of the bytes m, from site, if the cell defers it to s:
 * its entry replaces the last one there. Returns 0 if the cell takes it. */
static int store_deferred(struct ag_thread *t, struct ag_sync *s, uint32_t m,
                          const struct ag_site *site) {
  uint64_t x = ld_relaxed(&s->stored);
  if (!x || AG_EPOCH_SLOT(x) != t->slot || ent_mask(x) != m ||
      ld_relaxed(&s->stored_site) != site)
    return 0;
  const uint64_t e = store_entry(t, m);
  return x == e || __atomic_compare_exchange_n(&s->stored, &x, e, 0,
                                               __ATOMIC_SEQ_CST,
                                               __ATOMIC_RELAXED);
}

/* A thread that still stores to the location as s goes away (its memory
 * freed under it) may defer stores to s after this: the free's own check
 * reported that race. */
void ag_shadow_sync_gone(struct ag_sync *s) {
  if (!ld_relaxed(&s->stored))
    return;
  struct chunk *ch = ag_chunk_peek(s->addr);
  if (!ch)
    return;
  struct cell *c = &chunk_cells(ch)[granule_index(s->addr)];
  cell_lock(c);
  cell_take_stores(c, s->addr & ~(uptr)7, s);
  cell_unlock(c);
}

/* Turn the page's runs into cells, for good: each granule gets, for each run
 * it overlaps, the run's write and reads with the run's bytes as mask (runs
 * are disjoint, so the order of their entries does not matter). Cells a
 * reset left behind (an access racing with the reset of its memory) are
 * dropped first. Caller holds p's lock; the cell locks are taken as a cell
 * path that saw the page in cells before that reset may still write. */
#define BLOCK 64 /* bytes of application memory per step (one dirty check) */
static void page_to_cells(struct chunk *ch, struct runs_page *p, uptr page) {
  const struct run *const R = page_runs(p);
  struct cell *cells = chunk_cells(ch);
  const uint32_t g0 = granule_index(page);
  uint32_t ri = 0;
  for (uint32_t off = 0; off < RUNS_PAGE; off += BLOCK) {
    const uint32_t gi0 = g0 + (off >> 3), grp = gi0 / GROUP_GRANULES;
    while (ri < p->n && R[ri].hi <= off)
      ri++;
    const int dirty = chunk_group_used(ch, grp);
    const int runs = ri < p->n && R[ri].lo < off + BLOCK;
    if (!dirty && !runs)
      continue;
    if (runs)
      mark_dirty(ch, gi0);
    for (uint32_t k = 0; k < BLOCK; k += 8) {
      struct cell *c = &cells[gi0 + (k >> 3)];
      const uint32_t go = off + k;
      cell_lock(c);
      cell_take_stores(c, page + go, 0);
      if (cell_w(c) || c->r)
        cell_drop(c);
      for (uint32_t j = ri; j < p->n && R[j].lo < go + 8; j++) {
        const struct run *r = &R[j];
        if (r->hi <= go)
          continue;
        uint32_t lo = (r->lo > go ? r->lo : go) - go;
        uint32_t hi = (r->hi < go + 8 ? r->hi : go + 8) - go;
        uint64_t mb = (uint64_t)(((1u << (hi - lo)) - 1) << lo) << MASK_SHIFT;
        if (r->w && !cell_w(c)) {
          cell_sites(c)->ws = r->ws;
          cell_set_w(c, r->w | mb);
        } else if (r->w) {
          cell_add(c, r->w | mb | F_WENT, r->ws);
        }
        for (uint32_t q = 0; q < r->nr; q++)
          cell_add(c, r->r[q].e | mb, r->r[q].s);
      }
      cell_unlock(c);
    }
  }
  __atomic_fetch_add(&stat_cell_pages, 1, __ATOMIC_RELAXED);
  st_release(&p->cells, 1);
}

/* Note [page + lo, page + hi), made of `runs` runs, as held by t's entries
 * of its epoch (a write if write), for site and, if one run, for any site
 * (struct ag_recent, ag_held), as of the generations read before the
 * check. */
static void note_held(struct ag_thread *t, const struct ag_site *site,
                      uptr page, uint32_t lo, uint32_t hi, uint32_t runs,
                      int write, uint64_t reset_gen, uint64_t race_gen) {
  struct ag_recent *rc = ag_recent_slot(t->recent, site);
  rc->site = site;
  rc->lo = page + lo;
  rc->hi = page + hi;
  rc->epoch = t->epoch;
  rc->reset_gen = reset_gen;
  if (runs != 1)
    return;
  struct ag_held *h = &t->held;
  h->site = site;
  h->lo = page + lo;
  h->hi = page + hi;
  h->epoch = t->epoch;
  h->reset_gen = reset_gen;
  h->race_gen = race_gen;
  h->write = write;
}

/* The part [a, end) of one page whose summary p is in runs: 1 if it was
 * checked and recorded there, 0 if the page is (now) in cells. */
static int runs_access(struct ag_thread *t, struct chunk *ch,
                       struct runs_page *p, uptr a, uptr end, int af,
                       const struct ag_site *site, struct racebuf *rb) {
  const uptr page = a & ~(uptr)(RUNS_PAGE - 1);
  const uint32_t lo = (uint32_t)(a - page), hi = (uint32_t)(end - page);
  const int write = (af & AF_WRITE) != 0, plain = !(af & AF_ATOMIC);
  /* Read before checking: a reset or race that overlaps the check bumps
   * them after. */
  const uint64_t gen = ld_acquire(&ag_shadow_reset_gen);
  const uint64_t race_gen = ld_relaxed(&ag_race_gen);
  uint32_t ext_lo, ext_hi, ext_runs;
  if (plain && ag_runs_recorded(p, t->epoch, lo, hi, write, site, &ext_lo,
                                &ext_hi, &ext_runs)) {
    note_held(t, site, page, ext_lo, ext_hi, ext_runs, write, gen, race_gen);
    return 1;
  }
  int done = 0;
  ag_mutex_lock(&p->lock);
  if (!ld_relaxed(&p->cells)) {
    t->last_recorded = t->epoch;
    done = plain && ag_runs_access(p, t, page, lo, hi, write, site, rb,
                                   &ext_lo, &ext_hi);
    if (!done)
      page_to_cells(ch, p, page);
    else if (ext_lo < ext_hi)
      note_held(t, site, page, ext_lo, ext_hi, 1, write, gen, race_gen);
  }
  ag_mutex_unlock(&p->lock);
  return done;
}

/* cell_update_slow for the bytes m of granule g (cell c), under its lock. */
static AG_NOINLINE void granule_update(struct ag_thread *t, struct cell *c,
                                       uptr g, uint32_t m, int af,
                                       const struct ag_site *site,
                                       struct racebuf *rb) {
  struct acc acc = {
      .t = t,
      .e = t->epoch,
      .m = m,
      .write = (af & AF_WRITE) != 0,
      .atomic = (af & AF_ATOMIC) != 0,
      .site = site,
      .rb = rb,
      .g = g,
  };
  cell_update_slow(c, &acc);
}

/* Check and record the bytes m of granule g (cell c, index gi of chunk ch),
 * which the lock-free check did not find recorded; for an atomic store
 * whose location's sync object is defer_to, let the cell defer the next
 * ones there. */
AG_INLINE void cell_record(struct ag_thread *t, struct chunk *ch,
                           struct cell *c, uint32_t gi, uptr g, uint32_t m,
                           int af, const struct ag_site *site,
                           struct racebuf *rb, struct ag_sync *defer_to) {
  t->last_recorded = t->epoch;
  mark_dirty(ch, gi);
  cell_lock(c);
  if (af != AF_ATOMIC) /* all but a load: see deferred stores */
    cell_take_stores(c, g, defer_to);
  if (!cell_rerecord(c, t, m, af, site))
    granule_update(t, c, g, m, af, site, rb);
  if (defer_to)
    cell_defer_stores(c, t, m, site, defer_to);
  cell_unlock(c);
}

/* The part [a, end) of one page in cells. */
#define PREFETCH_AHEAD 4
static void cells_access(struct ag_thread *t, struct chunk *ch, uptr a,
                         uptr end, int af, const struct ag_site *site,
                         struct racebuf *rb) {
  while (a < end) {
    uptr g = a & ~(uptr)7;
    uptr ge = g + 8;
    uptr e2 = end < ge ? end : ge;
    uint32_t m = granule_mask(a, e2 - a);
    uint32_t gi = granule_index(g);
    struct cell *c = &chunk_cells(ch)[gi];
    /* A range over read-shared memory meets a vector in each granule, each
     * somewhere else: ask for the ones a few granules ahead now. */
    if (end - a > PREFETCH_AHEAD * 8 && gi + PREFETCH_AHEAD < CHUNK_GRANULES) {
      const uint64_t ahead = ld_relaxed(&c[PREFETCH_AHEAD].r);
      if (ahead & F_SHARED)
        __builtin_prefetch(ptr_of(ahead));
    }
    if (!ag_shadow_fast(c, m, t, af))
      cell_record(t, ch, c, gi, g, m, af, site, rb, 0);
    a = e2;
  }
}

/* An access of n > 0 bytes at a inside one granule below AG_ADDR_LIMIT:
 * every plain access the inline checks did not find recorded, and every
 * atomic one. ag_shadow_access without its loops. */
AG_INLINE void granule_access(struct ag_thread *t, uptr a, uptr n, int af,
                              const struct ag_site *site, struct racebuf *rb,
                              struct ag_sync *defer_to) {
  struct chunk *ch = ag_chunk_get(a);
  if (!ch)
    return;
  struct runs_page *p = chunk_page(ch, a);
  if (!ld_acquire(&p->cells) && runs_access(t, ch, p, a, a + n, af, site, rb))
    return;
  const uint32_t m = granule_mask(a, n);
  const uint32_t gi = granule_index(a);
  struct cell *c = &chunk_cells(ch)[gi];
  if (!ag_shadow_fast(c, m, t, af))
    cell_record(t, ch, c, gi, a & ~(uptr)7, m, af, site, rb, defer_to);
}

/* Any other access: page by page. */
static AG_NOINLINE void range_access(struct ag_thread *t, uptr a, uptr n,
                                     int af, const struct ag_site *site,
                                     struct racebuf *rb) {
  uptr end = a + n;
  if (end < a || end > AG_ADDR_LIMIT)
    end = AG_ADDR_LIMIT;
  struct chunk *ch = 0;
  uptr chunk_id = ~(uptr)0;
  while (a < end) {
    uptr pe = (a | (RUNS_PAGE - 1)) + 1;
    if (pe > end)
      pe = end;
    if ((a >> CHUNK_SHIFT) != chunk_id) {
      chunk_id = a >> CHUNK_SHIFT;
      ch = ag_chunk_get(a);
      if (!ch)
        break;
    }
    struct runs_page *p = chunk_page(ch, a);
    if (ld_acquire(&p->cells) || !runs_access(t, ch, p, a, pe, af, site, rb))
      cells_access(t, ch, a, pe, af, site, rb);
    a = pe;
  }
}

/* Whether [a, a+n) is n > 0 bytes inside one granule below AG_ADDR_LIMIT
 * (granule_access), not a range. */
static inline int one_granule(uptr a, uptr n) {
  return n && (a & 7) + n <= 8 && a < AG_ADDR_LIMIT;
}

void ag_shadow_access(struct ag_thread *t, uptr a, uptr n, int af,
                      const struct ag_site *site, struct racebuf *rb) {
  if (LIKELY(one_granule(a, n)))
    granule_access(t, a, n, af, site, rb, 0);
  else
    range_access(t, a, n, af, site, rb);
}

void ag_shadow_atomic_store(struct ag_thread *t, uptr a, uptr n,
                            struct ag_sync *s, const struct ag_site *site,
                            struct racebuf *rb) {
  if (UNLIKELY(!one_granule(a, n)))
    range_access(t, a, n, AF_WRITE | AF_ATOMIC, site, rb);
  else if (!store_deferred(t, s, granule_mask(a, n), site))
    granule_access(t, a, n, AF_WRITE | AF_ATOMIC, site, rb, s);
}

/*---------------------------------------------------------------- reset ---*/

/* Forget the bytes in mreset of one granule, whose lock is held. */
static void granule_reset(struct cell *c, uint32_t mreset) {
  uint64_t r = c->r;
  struct rvec *rv = (r & F_SHARED) ? ptr_of(r) : 0;
  uint32_t all = ent_mask(cell_w(c));
  if (rv)
    for (uint32_t i = 0; i < rv->n; i++)
      all |= ent_mask(rv->ent[i].e);
  else
    all |= ent_mask(r);
  if (!(all & ~mreset)) {
    cell_drop(c);
    return;
  }
  cell_set_w(c, ent_without(cell_w(c), mreset));
  if (!rv) {
    st_relaxed(&c->r, ent_without(r, mreset));
    return;
  }
  rv = cell_private(c, rv);
  for (uint32_t i = 0; i < rv->n; i++)
    st_relaxed(&rv->ent[i].e, ent_without(rv->ent[i].e, mreset));
  vec_compact(rv);
}

/* Forget [lo, hi), inside one page in cells, of the chunk based at cbase.
 * Returns 1 if it forgot any recorded access. */
static int cells_reset(struct chunk *ch, uptr cbase, uptr lo, uptr hi) {
  struct cell *cells = chunk_cells(ch);
  uint32_t g0 = (uint32_t)((lo - cbase) >> 3);
  uint32_t g1 = (uint32_t)((hi - cbase + 7) >> 3); /* exclusive */
  int forgot = 0;
  for (uint32_t grp = g0 / GROUP_GRANULES; grp <= (g1 - 1) / GROUP_GRANULES;
       grp++) {
    if (!chunk_group_used(ch, grp))
      continue;
    uint32_t a0 = grp * GROUP_GRANULES, a1 = a0 + GROUP_GRANULES;
    uint32_t s0 = g0 > a0 ? g0 : a0, s1 = g1 < a1 ? g1 : a1;
    for (uint32_t gi = s0; gi < s1; gi++) {
      struct cell *c = &cells[gi];
      if (!ld_relaxed(&c->w) && !ld_relaxed(&c->r))
        continue;
      uptr g = cbase + ((uptr)gi << 3);
      uptr b0 = g > lo ? g : lo, b1 = g + 8 < hi ? g + 8 : hi;
      uint32_t mr = granule_mask(b0, b1 - b0);
      cell_lock(c);
      cell_take_stores(c, g, 0);
      granule_reset(c, mr);
      cell_unlock(c);
      forgot = 1;
    }
    if (s0 == a0 && s1 == a1) {
      /* whole group covered, unless its edge granules are partial; cleared
       * after its cells, none of which is locked by this reset any more */
      uptr first = cbase + ((uptr)s0 << 3), last = cbase + ((uptr)s1 << 3);
      if (first >= lo && last <= hi)
        __atomic_fetch_and(&ch->dirty[grp >> 6], ~(1ull << (grp & 63)),
                           __ATOMIC_RELAXED);
    }
  }
  return forgot;
}

/* Forget [lo, hi) inside the chunk based at cbase, page by page: in runs
 * where the runs can say it, else in cells; a page forgotten whole goes
 * back to runs. Returns 1 if it forgot any recorded access. */
static int chunk_reset(struct chunk *ch, uptr cbase, uptr lo, uptr hi) {
  int forgot = 0, cells = 0;
  for (uptr page = lo & ~(uptr)(RUNS_PAGE - 1); page < hi;
       page += RUNS_PAGE) {
    const uptr plo = lo > page ? lo : page;
    const uptr phi = hi < page + RUNS_PAGE ? hi : page + RUNS_PAGE;
    struct runs_page *p = chunk_page(ch, page);
    /* A page in runs that holds none has nothing to forget: skipped without
     * its lock, as cells_reset skips clean groups, so that freeing memory
     * writes nothing to the summaries of the pages nobody checked. */
    if (!ld_acquire(&p->cells) && !ld_acquire(&p->n))
      continue;
    ag_mutex_lock(&p->lock);
    int r = ld_relaxed(&p->cells)
                ? -1
                : ag_runs_forget(p, (uint32_t)(plo - page),
                                 (uint32_t)(phi - page));
    if (r < 0) {
      if (!ld_relaxed(&p->cells))
        page_to_cells(ch, p, page);
      cells = 1;
      r = cells_reset(ch, cbase, plo, phi);
      if (plo == page && phi == page + RUNS_PAGE) {
        ag_runs_forget(p, 0, RUNS_PAGE);
        st_release(&p->cells, 0);
      }
    }
    forgot |= r;
    ag_mutex_unlock(&p->lock);
  }
  if (cells && lo == cbase && hi == cbase + ((uptr)1 << CHUNK_SHIFT))
    madvise(chunk_cells(ch), CHUNK_RUNS_OFF - CHUNK_CELLS_OFF, MADV_DONTNEED);
  return forgot;
}

/* The ranges of the last AG_RESET_LOG resets that took a generation, slot
 * gen % AG_RESET_LOG for generation gen: a thread's deferred loop reads
 * came before them, and must leave out what they forgot (access.c). Each
 * slot is a sequence lock: gen is 0 while lo and hi change, and the reset
 * of generation gen waits until the one of gen - AG_RESET_LOG has logged,
 * so that two never write one slot at once. */
static struct {
  uint64_t gen;
  uptr lo, hi;
} reset_log[AG_RESET_LOG];

static void reset_log_put(uint64_t gen, uptr lo, uptr hi) {
  __typeof__(reset_log[0]) *r = &reset_log[gen % AG_RESET_LOG];
  const uint64_t prev = gen > AG_RESET_LOG ? gen - AG_RESET_LOG : 0;
  for (unsigned spins = 0;; spins++) {
    uint64_t g = prev;
    if (__atomic_compare_exchange_n(&r->gen, &g, 0, 0, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      break;
    ag_wait_step(spins);
  }
  __atomic_thread_fence(__ATOMIC_RELEASE);
  st_relaxed(&r->lo, lo);
  st_relaxed(&r->hi, hi);
  st_release(&r->gen, gen);
}

int ag_shadow_reset_range(uint64_t gen, uptr *lo, uptr *hi) {
  __typeof__(reset_log[0]) *r = &reset_log[gen % AG_RESET_LOG];
  for (unsigned spins = 0;; spins++) {
    const uint64_t g = ld_acquire(&r->gen);
    if (g > gen)
      return 0;
    if (g == gen) {
      *lo = ld_relaxed(&r->lo);
      *hi = ld_relaxed(&r->hi);
      __atomic_thread_fence(__ATOMIC_ACQUIRE);
      if (ld_relaxed(&r->gen) == gen)
        return 1;
      return 0;
    }
    /* The reset that took gen has not logged its range yet, or a later
     * one is logging over the slot. */
    ag_wait_step(spins);
  }
}

void ag_shadow_reset(uptr a, uptr n) {
  if (!ag_top || n == 0 || a >= AG_ADDR_LIMIT)
    return;
  uptr end = a + n;
  if (end < a || end > AG_ADDR_LIMIT)
    end = AG_ADDR_LIMIT;
  const uptr start = a;
  int forgot = 0;
  while (a < end) {
    uptr cbase = a & ~(((uptr)1 << CHUNK_SHIFT) - 1);
    uptr cend = cbase + ((uptr)1 << CHUNK_SHIFT);
    uptr hi = end < cend ? end : cend;
    struct chunk *ch = ld_acquire(&ag_top[a >> CHUNK_SHIFT]);
    if (ch)
      forgot |= chunk_reset(ch, cbase, a, hi);
    a = hi;
  }
  if (forgot || __atomic_load_n(&ag_deferring, __ATOMIC_SEQ_CST))
    reset_log_put(__atomic_add_fetch(&ag_shadow_reset_gen, 1, __ATOMIC_ACQ_REL),
                  start, end);
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
  /* A reset on another thread may have taken a generation without logging
   * its range: its slot would keep readers and the next writer waiting.
   * Every slot gets its latest generation, unlogged ones an empty range. */
  const uint64_t gen = ag_shadow_reset_gen;
  for (uint64_t i = 0; i < AG_RESET_LOG; i++) {
    const uint64_t g = gen - (gen - i) % AG_RESET_LOG;
    if (i > gen || g == 0 || reset_log[i].gen == g)
      continue;
    reset_log[i].lo = reset_log[i].hi = 0;
    reset_log[i].gen = g;
  }
  for (struct chunk *ch = all_chunks; ch; ch = ch->next) {
    struct cell *cells = chunk_cells(ch);
    for (uint32_t grp = 0; grp < NGROUPS; grp++)
      if (chunk_group_used(ch, grp))
        for (uint32_t gi = grp * GROUP_GRANULES;
             gi < (grp + 1) * GROUP_GRANULES; gi++)
          cells[gi].w &= ~F_LOCKED;
    for (uint32_t i = 0; i < CHUNK_PAGES; i++)
      ag_mutex_reset(&chunk_page(ch, (uptr)i << RUNS_PAGE_SHIFT)->lock);
  }
}

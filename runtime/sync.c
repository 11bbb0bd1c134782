/*===- sync.c - Sync objects: one per address used for synchronization ------===*
 *
 * Mutexes, rwlocks, semaphores, barriers, once flags and atomic locations get
 * a sync object holding the clock(s) released into them. Objects live in a
 * hash table keyed by address (hashed by 64-byte line so that a freed range
 * is found by probing the lines it covers). Lookups are lock-free (nodes are
 * published with a release store and freed through the quarantine); inserts
 * and removals take the bucket lock. Each object has its own lock, held while
 * its clocks change (and, for atomics, around the operation itself).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#define SYNC_BUCKETS (1u << 16)

struct sbucket {
  struct ag_sync *head;
  ag_mutex_t lock;
};
static struct sbucket sbuckets[SYNC_BUCKETS];

static inline struct sbucket *bucket_of(uptr a) {
  return &sbuckets[((a >> 6) * 0x9E3779B97F4A7C15ull) >> 48];
}

struct ag_sync *ag_sync_find(uptr a) {
  struct sbucket *b = bucket_of(a);
  for (struct ag_sync *s = ld_acquire(&b->head); s; s = ld_acquire(&s->next))
    if (s->addr == a)
      return s;
  return 0;
}

struct ag_sync *ag_sync_get(uptr a) {
  struct ag_sync *s = ag_sync_find(a);
  if (LIKELY(s != 0))
    return s;
  struct sbucket *b = bucket_of(a);
  ag_mutex_lock(&b->lock);
  for (s = b->head; s; s = s->next)
    if (s->addr == a)
      break;
  if (!s) {
    s = ag_alloc(sizeof(*s));
    vc_init_inline(&s->vc, s->vc_inline, AG_SYNC_VC_INLINE);
    s->addr = a;
    s->next = b->head;
    st_release(&b->head, s);
    ag_shadow_sync_count(a, 1);
  }
  ag_mutex_unlock(&b->lock);
  return s;
}

uint64_t ag_sync_destroyed;

static void sync_destroy(struct ag_sync *s) {
  __atomic_fetch_add(&ag_sync_destroyed, 1, __ATOMIC_RELEASE);
  ag_shadow_sync_count(s->addr, -1);
  ag_shadow_sync_gone(s);
  vc_free_deferred(&s->vc);
  vc_free_deferred(&s->rvc);
  vc_free_deferred(&s->bvc[0]);
  vc_free_deferred(&s->bvc[1]);
  vc_free_deferred(&s->avc);
  ag_free_deferred(s, sizeof(*s));
}

/* Unlink every object of bucket b inside [lo, hi). */
static void bucket_remove(struct sbucket *b, uptr lo, uptr hi) {
  int found = 0;
  for (struct ag_sync *s = ld_acquire(&b->head); s; s = ld_acquire(&s->next))
    if (s->addr >= lo && s->addr < hi) {
      found = 1;
      break;
    }
  if (!found)
    return;
  ag_mutex_lock(&b->lock);
  struct ag_sync **pp = &b->head;
  while (*pp) {
    struct ag_sync *s = *pp;
    if (s->addr >= lo && s->addr < hi) {
      st_release(pp, s->next); /* s->next stays valid for readers */
      sync_destroy(s);
    } else {
      pp = &s->next;
    }
  }
  ag_mutex_unlock(&b->lock);
}

void ag_sync_remove(uptr a) {
  if (!ag_sync_find(a) || !ag_enter())
    return;
  bucket_remove(bucket_of(a), a, a + 1);
  ag_leave();
}

void ag_sync_remove_range(uptr a, uptr n) {
  if (n == 0 || a >= AG_ADDR_LIMIT)
    return;
  uptr end = a + n;
  if (end < a || end > AG_ADDR_LIMIT)
    end = AG_ADDR_LIMIT;
  uptr p = a;
  while (p < end) {
    uptr cend = (p & ~(((uptr)1 << CHUNK_SHIFT) - 1)) + ((uptr)1 << CHUNK_SHIFT);
    uptr hi = end < cend ? end : cend;
    if (ag_shadow_sync_in(p)) {
      if ((hi - p) / 64 >= SYNC_BUCKETS) {
        for (uint32_t i = 0; i < SYNC_BUCKETS; i++)
          bucket_remove(&sbuckets[i], p, hi);
      } else {
        for (uptr line = p & ~(uptr)63; line < hi; line += 64)
          bucket_remove(bucket_of(line), p, hi);
      }
    }
    p = hi;
  }
}

void ag_acquire(struct ag_thread *t, const void *addr) {
  struct ag_sync *s = ag_sync_find((uptr)addr);
  if (!s || !ag_enter())
    return;
  ag_seqlock_lock(&s->lock);
  vc_join(&t->vc, &s->vc);
  ag_seqlock_unlock(&s->lock);
  ag_leave();
}

void ag_release(struct ag_thread *t, const void *addr) {
  if (!ag_enter())
    return;
  struct ag_sync *s = ag_sync_get((uptr)addr);
  ag_seqlock_lock(&s->lock);
  vc_join(&s->vc, &t->vc);
  ag_seqlock_unlock(&s->lock);
  ag_tick(t);
  ag_leave();
}

void ag_sync_fork_child(void) {
  for (uint32_t i = 0; i < SYNC_BUCKETS; i++) {
    ag_mutex_reset(&sbuckets[i].lock);
    for (struct ag_sync *s = sbuckets[i].head; s; s = s->next)
      ag_seqlock_reset(&s->lock);
  }
}

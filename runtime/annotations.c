/*===- annotations.c - Dynamic annotations: happens-before and benign races -===*
 *
 * The annotations a program makes at run time, under two sets of names: the
 * ones code already carries for ThreadSanitizer and Valgrind
 * (AnnotateHappensBefore/After, AnnotateBenignRace[Sized], __tsan_acquire/
 * __tsan_release, with their signatures) and atomicguard's own
 * (__atomicguard_*, called by the ag_* functions of atomicguard.h).
 *
 * Happens-before annotations use the sync object at the address, with a
 * clock of their own (avc): an atomic store to the same address replaces
 * the object's release clock, and the usual idiom annotates right before a
 * relaxed store of the flag it names.
 *
 * Benign ranges are a sorted array of disjoint, non-touching intervals under
 * one lock. Reports consult it; memory that gets a new identity (freed,
 * unmapped, an escaping local starting its lifetime) drops its ranges.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>

/*------------------------------------------------------- happens-before ---*/

static void happens_before(const volatile void *addr) {
  struct ag_thread *t = ag_get_thread();
  if (!ag_enter())
    return;
  struct ag_sync *s = ag_sync_get((uptr)addr);
  ag_seqlock_lock(&s->lock);
  vc_join(&s->avc, &t->vc);
  ag_seqlock_unlock(&s->lock);
  ag_tick(t);
  ag_leave();
}

/* Also acquires what releases of the lock or atomic object at addr
 * published, as ThreadSanitizer does (one clock per address there). */
static void happens_after(const volatile void *addr) {
  struct ag_thread *t = ag_get_thread();
  struct ag_sync *s = ag_sync_find((uptr)addr);
  if (!s || !ag_enter())
    return;
  ag_seqlock_lock(&s->lock);
  vc_join(&t->vc, &s->avc);
  vc_join(&t->vc, &s->vc);
  ag_seqlock_unlock(&s->lock);
  ag_leave();
}

/*--------------------------------------------------------- benign ranges ---*/

struct brange {
  uptr lo, hi; /* [lo, hi) */
};

static ag_mutex_t benign_lock;
static struct brange *benign;
static uint32_t benign_n, benign_cap;
/* Lowest and highest benign byte bounds, [0, 0) when there are none: lets
 * the forget hook, which runs on every free, skip the lock. */
static uptr benign_span_lo, benign_span_hi;

/* First range whose end is above a (the first one that may hold byte a). */
static uint32_t first_ending_above(uptr a) {
  uint32_t lo = 0, hi = benign_n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (benign[mid].hi <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* First range starting at or above a. */
static uint32_t first_starting_at(uptr a) {
  uint32_t lo = 0, hi = benign_n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (benign[mid].lo < a)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Replaces ranges [i, k) with the n (at most 2) ranges in with. */
static void benign_splice(uint32_t i, uint32_t k, const struct brange *with,
                          uint32_t n) {
  uint32_t count = benign_n - (k - i) + n;
  if (count > benign_cap) {
    uint32_t cap = benign_cap ? 2 * benign_cap : 16;
    struct brange *grown = ag_alloc(cap * sizeof(*grown));
    if (benign_n)
      memcpy(grown, benign, benign_n * sizeof(*grown));
    ag_free(benign, benign_cap * sizeof(*benign));
    benign = grown;
    benign_cap = cap;
  }
  memmove(&benign[i + n], &benign[k], (benign_n - k) * sizeof(*benign));
  memcpy(&benign[i], with, n * sizeof(*with));
  benign_n = count;
  st_relaxed(&benign_span_lo, count ? benign[0].lo : 0);
  st_relaxed(&benign_span_hi, count ? benign[count - 1].hi : 0);
}

/* Keeps ranges merged with their neighbours, so that a run of benign bytes
 * is always inside one range. */
static void benign_add(uptr lo, uptr hi) {
  ag_mutex_lock(&benign_lock);
  /* [i, k): the ranges that overlap or touch [lo, hi) */
  uint32_t i = first_ending_above(lo ? lo - 1 : 0);
  uint32_t k = first_starting_at(hi + 1);
  struct brange merged = {lo, hi};
  if (i < k) {
    if (benign[i].lo < merged.lo)
      merged.lo = benign[i].lo;
    if (benign[k - 1].hi > merged.hi)
      merged.hi = benign[k - 1].hi;
  }
  benign_splice(i, k, &merged, 1);
  ag_mutex_unlock(&benign_lock);
}

static void benign_annotate(const volatile void *addr, uptr size) {
  uptr lo = (uptr)addr, hi = lo + size;
  if (size == 0 || lo >= AG_ADDR_LIMIT)
    return;
  if (hi < lo || hi > AG_ADDR_LIMIT)
    hi = AG_ADDR_LIMIT;
  if (!ag_enter())
    return;
  benign_add(lo, hi);
  ag_leave();
}

void ag_benign_forget(uptr a, uptr n) {
  uptr end = a + n;
  if (end < a)
    end = ~(uptr)0;
  if (end <= ld_relaxed(&benign_span_lo) || a >= ld_relaxed(&benign_span_hi))
    return;
  ag_mutex_lock(&benign_lock);
  /* [i, k): the ranges that overlap [a, end); their parts outside stay */
  uint32_t i = first_ending_above(a), k = first_starting_at(end);
  if (i < k) {
    struct brange keep[2];
    uint32_t nkeep = 0;
    if (benign[i].lo < a)
      keep[nkeep++] = (struct brange){benign[i].lo, a};
    if (benign[k - 1].hi > end)
      keep[nkeep++] = (struct brange){end, benign[k - 1].hi};
    benign_splice(i, k, keep, nkeep);
  }
  ag_mutex_unlock(&benign_lock);
}

/* The race starts at r->byte; it cannot extend past the end of the current
 * access, nor past the earlier access when that was a plain or atomic one
 * (which began at or before r->byte). An earlier range's extent is not known
 * here, so the current access bounds it. */
int ag_race_is_benign(uptr addr, uptr size, const struct race *r) {
  uptr lo = r->byte, hi = addr + size;
  const struct ag_site *ps = r->site;
  if (ps->kind != AG_SITE_READ_RANGE && ps->kind != AG_SITE_WRITE_RANGE &&
      ps->size && lo + ps->size < hi)
    hi = lo + ps->size;
  if (hi <= lo)
    hi = lo + 1;
  if (hi <= ld_relaxed(&benign_span_lo) || lo >= ld_relaxed(&benign_span_hi))
    return 0;
  ag_mutex_lock(&benign_lock);
  uint32_t i = first_ending_above(lo);
  int covered = i < benign_n && benign[i].lo <= lo && benign[i].hi >= hi;
  ag_mutex_unlock(&benign_lock);
  return covered;
}

void ag_benign_fork_child(void) { ag_mutex_reset(&benign_lock); }

/*------------------------------------------------------ atomicguard.h API ---*/

AG_EXPORT void __atomicguard_happens_before(const volatile void *addr) {
  happens_before(addr);
}

AG_EXPORT void __atomicguard_happens_after(const volatile void *addr) {
  happens_after(addr);
}

AG_EXPORT void __atomicguard_benign_race(const volatile void *addr,
                                         size_t size, const char *why) {
  benign_annotate(addr, size);
}

/*------------------------------- ThreadSanitizer and Valgrind spellings ---*/

AG_EXPORT void AnnotateHappensBefore(const char *file, int line,
                                     const volatile void *addr) {
  happens_before(addr);
}

AG_EXPORT void AnnotateHappensAfter(const char *file, int line,
                                    const volatile void *addr) {
  happens_after(addr);
}

AG_EXPORT void AnnotateBenignRaceSized(const char *file, int line,
                                       const volatile void *addr, size_t size,
                                       const char *desc) {
  benign_annotate(addr, size);
}

/* One byte, as in ThreadSanitizer. */
AG_EXPORT void AnnotateBenignRace(const char *file, int line,
                                  const volatile void *addr,
                                  const char *desc) {
  benign_annotate(addr, 1);
}

AG_EXPORT void __tsan_acquire(void *addr) { happens_after(addr); }

AG_EXPORT void __tsan_release(void *addr) { happens_before(addr); }

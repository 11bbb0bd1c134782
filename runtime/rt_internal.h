/*===- rt_internal.h - Shared declarations of the atomicguard runtime -------===*
 *
 * Everything here is internal (hidden visibility, localized when the objects
 * are combined into the single archive member). Only the abi.h entry points
 * and the libc interceptors are exported.
 *
 *===----------------------------------------------------------------------===*/
#ifndef AG_RT_INTERNAL_H
#define AG_RT_INTERNAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

#include "atomicguard/abi.h"

typedef uintptr_t uptr;

#define AG_EXPORT __attribute__((visibility("default")))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define AG_INLINE static inline __attribute__((always_inline))
#define AG_NOINLINE __attribute__((noinline))

#define ld_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ld_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define st_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define st_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

/*---------------------------------------------------------------- locks ---*/
/* A futex mutex (Drepper's three-state lock) with a short spin. Never a
 * pthread mutex: those are intercepted. 0 = free, 1 = locked, 2 = contended. */
typedef struct { uint32_t v; } ag_mutex_t;

void ag_mutex_lock_slow(ag_mutex_t *m);
void ag_mutex_wake(ag_mutex_t *m);

AG_INLINE void ag_mutex_lock(ag_mutex_t *m) {
  uint32_t z = 0;
  if (LIKELY(__atomic_compare_exchange_n(&m->v, &z, 1, 0, __ATOMIC_ACQUIRE,
                                         __ATOMIC_RELAXED)))
    return;
  ag_mutex_lock_slow(m);
}
AG_INLINE int ag_mutex_trylock(ag_mutex_t *m) {
  uint32_t z = 0;
  return __atomic_compare_exchange_n(&m->v, &z, 1, 0, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED);
}
AG_INLINE void ag_mutex_unlock(ag_mutex_t *m) {
  if (UNLIKELY(__atomic_exchange_n(&m->v, 0, __ATOMIC_RELEASE) == 2))
    ag_mutex_wake(m);
}
/* After fork in the child: every lock whose holder vanished is freed. */
AG_INLINE void ag_mutex_reset(ag_mutex_t *m) { m->v = 0; }

/* A spinning lock whose word counts: odd while held, and one more at each
 * lock and unlock. What it guards can be read without writing to it: read
 * the count, the data, then the count again; equal even counts mean no
 * holder changed the data in between. Unlocking is a plain store. For short
 * critical sections only: waiters spin, then yield. */
typedef struct { uint64_t seq; } ag_seqlock_t; /* 64 bits: never wraps */

/* Step number step of waiting for another thread to leave a short critical
 * section: pause, and past 128 steps yield (it may have been preempted). */
void ag_wait_step(unsigned step);
/* Wait until bit of *word is clear. */
void ag_wait_clear(const uint64_t *word, uint64_t bit);
/* Take the spinning lock that bit of *word is (acquire): the sequence lock
 * (bit 0 of the count) and the shadow cells' locks (F_LOCKED, shadow.c). */
AG_INLINE void ag_bit_lock(uint64_t *word, uint64_t bit) {
  for (;;) {
    uint64_t w = ld_relaxed(word);
    if (LIKELY(!(w & bit)) &&
        LIKELY(__atomic_compare_exchange_n(word, &w, w | bit, 0,
                                           __ATOMIC_ACQUIRE,
                                           __ATOMIC_RELAXED)))
      return;
    ag_wait_clear(word, bit);
  }
}
AG_INLINE void ag_seqlock_wait(const ag_seqlock_t *l) {
  ag_wait_clear(&l->seq, 1);
}
AG_INLINE void ag_seqlock_lock(ag_seqlock_t *l) {
  ag_bit_lock(&l->seq, 1); /* an even count plus one */
  /* The odd count is visible before anything written under it. */
  __atomic_thread_fence(__ATOMIC_RELEASE);
}
AG_INLINE void ag_seqlock_unlock(ag_seqlock_t *l) {
  st_release(&l->seq, l->seq + 1);
}
/* The count to read under; odd: a holder is changing the data. */
AG_INLINE uint64_t ag_seqlock_read_begin(const ag_seqlock_t *l) {
  return ld_acquire(&l->seq);
}
/* Whether the (relaxed atomic) reads since ag_seqlock_read_begin returned
 * the even count s saw no holder. */
AG_INLINE int ag_seqlock_read_valid(const ag_seqlock_t *l, uint64_t s) {
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  return ld_relaxed(&l->seq) == s;
}
AG_INLINE void ag_seqlock_reset(ag_seqlock_t *l) { l->seq += l->seq & 1; }

/*---------------------------------------------------------------- alloc ---*/
/* Internal arena (alloc.c). Memory is zeroed. Blocks up to AG_ALLOC_MAX_SMALL
 * come from size classes whose memory is never unmapped (so a stale pointer
 * read by a lock-free fast path never faults), each block aligned to its
 * class's size (a power of two from 16 bytes) up to a page; larger blocks
 * are mmap'd. */
#define AG_ALLOC_MAX_SMALL 65536
void *ag_alloc(size_t n);
void ag_free(void *p, size_t n);
/* Free after a delay (quarantine), for memory that lock-free readers may
 * still be looking at (overflow vectors, sync objects). */
void ag_free_deferred(void *p, size_t n);
void *ag_mmap(size_t n, int noreserve);
void *ag_sys_mmap(size_t n, int flags);
void ag_sys_munmap(void *p, size_t n);
__attribute__((noreturn)) void ag_sys_exit(int status);
char *ag_strdup(const char *s);
void ag_alloc_fork_child(void);

/*---------------------------------------------------------------- clock ---*/
struct vc {
  uint32_t len; /* entries [len, cap) are zero */
  uint32_t cap; /* below VC_MIN_CAP (clock.c): c is the owner's own
                   storage (vc_init_inline), which the clock never frees */
  uint32_t *c;
};
AG_INLINE uint32_t vc_get(const struct vc *v, uint32_t s) {
  return s < v->len ? v->c[s] : 0;
}
void vc_ensure(struct vc *v, uint32_t n);
void vc_set(struct vc *v, uint32_t s, uint32_t val);
void vc_join(struct vc *dst, const struct vc *src);
void vc_join_raw(struct vc *dst, const uint32_t *src, uint32_t n);
void vc_assign(struct vc *dst, const struct vc *src);
void vc_clear(struct vc *v);
void vc_free(struct vc *v);
void vc_free_deferred(struct vc *v);
/* Start v (empty) on n < 16 entries of storage its owner keeps next to it;
 * a longer clock moves to an array of its own. */
void vc_init_inline(struct vc *v, uint32_t *storage, uint32_t n);

/*--------------------------------------------------------------- thread ---*/
/* Epoch words (shadow cells, read vectors): clock in bits 0..31, slot in
 * bits 32..52, flags above. */
#define AG_SLOT_BITS 21
#define AG_MAX_SLOTS (1u << AG_SLOT_BITS)
#define AG_SLOT_MASK ((uint64_t)AG_MAX_SLOTS - 1)
#define AG_EPOCH_BITS ((1ull << (32 + AG_SLOT_BITS)) - 1)
#define AG_EPOCH_SLOT(e) ((uint32_t)(((e) >> 32) & AG_SLOT_MASK))
#define AG_EPOCH_CLOCK(e) ((uint32_t)(e))

/* Entry points counted per thread, for verbosity=1. */
enum ag_call_kind {
  AG_CALL_PLAIN,
  AG_CALL_RANGE,
  AG_CALL_LOOP,
  AG_CALL_ATOMIC,
  AG_CALL_KINDS
};

/* The byte ranges each loop site checked in the thread's current epoch
 * (access.c). A loop nest calls its site once per inner loop, mostly over the
 * same bytes or the next ones; those calls can only repeat what the first
 * one recorded. Valid while the epoch and the shadow reset generation are
 * those it was filled in. */
#define AG_LOOP_CACHE 8
#define AG_PAGE_CACHE 4096
struct ag_loop_cache {
  uint64_t epoch, reset_gen;
  uint64_t stamp; /* bumped with epoch or reset_gen: older pages are stale */
  uint32_t next;  /* round-robin victim */
  struct {
    const struct ag_site *site;
    uptr lo, hi;
  } ent[AG_LOOP_CACHE];
  /* The part [lo, hi) of a 4 KiB page a loop site checked, direct-mapped:
   * a loop over blocks that other threads' blocks interleave with never
   * joins ranges, but revisits the same pages. */
  struct {
    uptr page;
    const struct ag_site *site;
    uint64_t stamp;
    uint16_t lo, hi;
  } pages[AG_PAGE_CACHE];
};

/* For a few sites, the bytes around the site's last access that page runs
 * showed as this thread's own in its epoch (access.c, shadow.c): inline
 * checks read cells, so accesses to a page kept as runs (a thread's own
 * buffer it fills and updates) would otherwise all take the slow path. Valid
 * while the epoch and the shadow reset generation are those it was filled
 * in, as the loop cache. */
#define AG_RECENT 4
struct ag_recent {
  const struct ag_site *site;
  uptr lo, hi;
  uint64_t epoch, reset_gen;
};
AG_INLINE struct ag_recent *ag_recent_slot(struct ag_recent *rc,
                                           const struct ag_site *s) {
  return &rc[((uptr)s >> 4 ^ (uptr)s >> 10) & (AG_RECENT - 1)];
}

/* The same for any site: the run of a page in runs that holds the thread's
 * last access there with its entry of its epoch (a write if write). An
 * access of its bytes from any site changes nothing (a read or write
 * covered by the thread's own entry of the epoch, as strong, is a no-op
 * whatever its site), as long as no other thread replaced those entries:
 * only a racing access can (an access ordered after them needs a
 * synchronization that ends the epoch), and every race found bumps
 * ag_race_gen. Another site's access must leave part of the run out: one of
 * the whole run may give the run its site (runs.c, run_adoptable). A scan's
 * range, then the statements that read the bytes it covered again (a hash,
 * a compare), pay one check. */
struct ag_held {
  const struct ag_site *site;
  uptr lo, hi;
  uint64_t epoch, reset_gen, race_gen;
  int write;
};
extern uint64_t ag_race_gen;

/* A loop's read range the thread has not checked yet (access.c): the
 * check waits for the thread's next entry into the runtime (ag_enter), so
 * that a scan's consecutive loops pay one check together. reset_gen: the
 * shadow reset generation its reads all came before. */
#define AG_PENDING 4
struct ag_pending {
  const struct ag_site *site;
  uptr lo, hi;
  uint64_t reset_gen;
};

struct ag_thread {
  /* struct ag_thread_head, read by the pass's inline checks */
  uint64_t epoch; /* slot << 32 | own clock; the fast-path key */
  uint64_t inline_hits;
  uint64_t last_recorded; /* epoch of the last access written to shadow */
  struct ag_recent recent[AG_RECENT];
  struct ag_held held;
  uint32_t npend;
  struct ag_pending pend[AG_PENDING];
  struct run *runs_scratch; /* RUNS_OUT_MAX runs (runs.c), made on first use */
  /* Entry-point calls, for verbosity (enum ag_call_kind). */
  uint64_t calls[AG_CALL_KINDS];
  struct ag_loop_cache loops;
  uint32_t slot;
  uint32_t tid; /* display id */
  struct vc vc;
  struct vc rel_fence;   /* snapshot at last release fence */
  struct vc pending_acq; /* joined clocks of relaxed loads/RMWs */
  /* The sync object whose clock the last lock-free acquire load joined
   * (atomic.c), the count of its lock then, and ag_sync_destroyed then: a
   * load that finds that count again has nothing to join. */
  const struct ag_sync *acq_sync;
  uint64_t acq_seq;
  uint64_t acq_destroyed;
  const struct ag_site *spawn_site; /* from __atomicguard_before_spawn */
  /* thread start */
  void *(*fn)(void *);
  int (*c11fn)(void *);
  void *arg;
  pthread_t pth;
  uint64_t sigmask[16]; /* creator's signal mask, restored once registered */
  int frozen;   /* finished: clock no longer ticks */
  int finished; /* guarded by the registry lock */
  int detached;
  int joined;
  int started;
  int dead; /* forgotten after fork */
  /* detached after it finished: it may still run TSD destructors under
   * this struct, so a later occupant of its slot must not free it */
  int keep_on_reuse;
  int exit_rounds; /* TSD destructor rounds seen at thread exit */
};

/* Per-slot record: who occupies (or last occupied) a slot, for slot reuse and
 * for naming threads in reports. */
#define AG_LOCALS_RING 32
struct ag_local {
  uptr addr;
  uint64_t size;
  const struct ag_var *var;
  uint64_t seq;
};
struct ag_slot {
  struct ag_thread *thr;
  uint32_t tid;
  int32_t parent_tid; /* -1: unknown */
  uint32_t start_clock;
  uint32_t final_clock;
  const struct ag_site *create_site;
  int state; /* AG_SLOT_* */
  struct ag_slot *next_free;
  uint32_t index;
  uint32_t locals_head;
  struct ag_local locals[AG_LOCALS_RING];
};
enum { AG_SLOT_ACTIVE = 1, AG_SLOT_FINISHED = 2, AG_SLOT_FREE = 3 };

extern __thread struct ag_thread *ag_cur __asm__(AG_SYM_THREAD);

/* Re-entrancy guard: set while this thread is inside a part of the runtime
 * that takes locks. An entry point reached again on the same thread (a
 * signal handler running instrumented code or calling malloc) skips its
 * bookkeeping instead of deadlocking on a lock its own thread holds. */
extern __thread int ag_in_rt;
void ag_pending_flush(struct ag_thread *t);
/* Entering the runtime to check [a, a+n): set the guard, and check the
 * deferred loop reads (struct ag_pending) that overlap those bytes. For
 * anything else (ag_enter) it checks them all: whatever the runtime does
 * next may change the thread's clock or epoch, which those checks need as
 * they were. A check of a plain access or range changes neither, so
 * the reads of other bytes keep waiting, across the writes of the loop they
 * feed (a stencil's rows). Reads of the same bytes go first, as without the
 * deferral: which of the thread's accesses meets another thread's first
 * decides the sites a report names. */
AG_INLINE int ag_enter_access(uptr a, uptr n) {
  if (UNLIKELY(ag_in_rt))
    return 0;
  ag_in_rt = 1;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  struct ag_thread *t = ag_cur;
  if (UNLIKELY(t && t->npend))
    for (uint32_t i = 0; i < t->npend; i++)
      if (t->pend[i].lo >= a ? t->pend[i].lo - a < n : a < t->pend[i].hi) {
        ag_pending_flush(t);
        break;
      }
  return 1;
}
AG_INLINE int ag_enter(void) { return ag_enter_access(0, ~(uptr)0); }
AG_INLINE void ag_leave(void) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  ag_in_rt = 0;
}
/* For the paths that change a thread's clock without entering the runtime
 * otherwise (thread creation, join, finish). */
AG_INLINE void ag_pending_settle(void) {
  if (ag_enter())
    ag_leave();
}
extern int ag_state; /* 0 = not initialized, 1 = initializing, 2 = ready */

/* Slots ever used (thread.c). While it is at most 1, the process has never
 * had a second thread: every thread it starts later begins after all of the
 * main thread's accesses so far (its creation orders them before it), so
 * plain accesses then can race with nothing, and are not recorded. */
extern uint32_t ag_nslots;
AG_INLINE int ag_single_threaded(void) { return ld_relaxed(&ag_nslots) <= 1; }

struct ag_thread *ag_thread_slow(void);
AG_INLINE struct ag_thread *ag_get_thread(void) {
  struct ag_thread *t = ag_cur;
  if (LIKELY(t != 0))
    return t;
  return ag_thread_slow();
}
AG_INLINE void ag_tick(struct ag_thread *t) {
  if (UNLIKELY(t->frozen))
    return;
  t->vc.c[t->slot]++;
  t->epoch++;
}
void ag_thread_init_main(void);
struct ag_thread *ag_thread_create(struct ag_thread *parent, int detached);
void ag_thread_create_failed(struct ag_thread *child);
void ag_thread_start(struct ag_thread *t);
void ag_thread_finish(struct ag_thread *t);
/* 1 if threads are finished by a TSD destructor at their real exit; else the
 * interceptors finish them when their routine returns or exits. */
int ag_thread_finish_at_exit(void);
void ag_thread_map_parent(pthread_t pth, struct ag_thread *child);
void ag_thread_joined(struct ag_thread *joiner, pthread_t pth);
void ag_thread_detached(pthread_t pth);
struct ag_slot *ag_slot_get(uint32_t s); /* NULL if out of range */
uint32_t ag_slot_count(void);
void ag_thread_fork_prepare(void);
void ag_thread_fork_parent(void);
void ag_thread_fork_child(void);
void ag_thread_stats(uint32_t *created, uint32_t *max_live, uint32_t *slots);
/* Checks made by every thread so far, by enum ag_call_kind: entry-point
 * calls, and for plain accesses also the pass's inline checks that hit. */
void ag_thread_call_counts(uint64_t counts[AG_CALL_KINDS]);
void ag_thread_key_init(void);

/*--------------------------------------------------------------- shadow ---*/
/* Shadow cell for one 8-byte granule. Every recorded access is an entry: an
 * epoch word ATOMIC | WENT | mask | slot | clock, where the mask says which
 * bytes of the granule it covers, plus its site. Accesses to disjoint bytes
 * are separate entries that never interact, so byte precision costs no
 * per-byte state.
 *  w: the last write (0: none). Only bytes outside its mask can have a more
 *     recent write, which is then in the vector.
 *  r: the last read (0: none), or SHARED | pointer to an overflow vector
 *     holding the reads that are not redundant (concurrent readers) and the
 *     writes that later writes did not make redundant (flagged WENT), in the
 *     order they were recorded. */
struct cell {
  uint64_t w;
  uint64_t r;
};
/* The sites of a cell's w and r, in an array of their own beside the cells:
 * checks read only the entries, and 16-byte cells put four granules' in a
 * line. */
struct cell_sites {
  const struct ag_site *ws;
  const struct ag_site *rs;
};
#define F_ATOMIC (1ull << 63)
#define F_SHARED (1ull << 62) /* r: points to a vector */
/* w: the cell is locked (shadow.c). Never part of an epoch, so that no
 * lock-free check (nor the pass's inline one) finds a locked cell's write
 * its own. */
#define F_LOCKED (1ull << 62)
#define F_WENT (1ull << 61)   /* vector entry that is a retained write */
/* w: the last write is an atomic store whose thread records its later
 * stores of the same bytes, from the same site, in the location's sync
 * object (ag_sync.stored) and not here: a ring's index then stays out of
 * the line its reader writes. Any access but an atomic load takes them
 * back first (shadow.c, cell_take_stores); an atomic load never races
 * with them and leaves the write as it is. The bit is F_WENT's, which
 * only vector entries use. */
#define F_DEFERRED F_WENT
#define MASK_SHIFT 53
#define MASK_BITS (0xffull << MASK_SHIFT)
#define PTR_BITS ((1ull << 47) - 1)
/* The epoch of an entry; for r, SHARED | pointer, which is never an epoch. */
#define ENT_KEY(x) ((x) & ~(MASK_BITS | F_ATOMIC | F_WENT))

struct rent {
  uint64_t e; /* entry word */
  const struct ag_site *s;
};
struct rvec {
  uint32_t n, cap;
  uint32_t interned; /* shared by many cells, immutable, never freed */
  uint32_t reserved;
  struct rent ent[];
};
/* 16 + 3 * 16 = 64 bytes: two concurrent readers and a retained write, the
 * common shapes, fit without growing. */
#define RVEC_MIN_CAP 3

/* Page summaries (runs.c). Memory that loops walk (an array a thread fills,
 * rows of a grid each thread sweeps) has the same history for long stretches
 * of bytes: one write epoch and the same few reads. A 4 KiB page starts as a
 * list of runs, byte ranges [lo, hi) each holding one such state (bytes in no
 * run have none), so a range is checked and recorded once per run instead of
 * once per granule, and its cells are never touched. A page whose history a
 * few runs cannot hold (an atomic access, more than RUN_READS concurrent
 * reads, more than RUNS_MAX runs) is turned into cells for good, until a
 * reset of the whole page.
 *
 * A page keeps RUNS_INLINE runs in its summary, which is all most pages
 * need (a row's part of the page, the bytes next to it), and moves its runs
 * to an array of its own, doubled as needed up to RUNS_MAX, when it needs
 * more (a grid whose rows are shorter than a page: two runs per row; a
 * shared input read in windows). */
#define RUNS_PAGE_SHIFT 12
#define RUNS_PAGE (1u << RUNS_PAGE_SHIFT)
#define RUNS_INLINE 4
#define RUNS_MAX 32
#define RUNS_MIXED_MAX 16 /* runs.c, commit */
/* An access of a page's runs cuts at most the two it ends in, and fills
 * at most one gap before each run and one after the last. */
#define RUNS_OUT_MAX (2 * RUNS_MAX + 3)
#define RUN_READS 6
struct run {
  uint16_t lo, hi;
  uint32_t nr;                 /* reads held */
  uint64_t w;                  /* epoch of the last write, 0: none */
  const struct ag_site *ws;
  struct rent r[RUN_READS];    /* plain reads not ordered before each other */
};
struct runs_page {
  ag_mutex_t lock; /* taken before any of the page's cell locks */
  uint32_t cells;  /* 1: the page is in cells, its runs mean nothing */
  uint32_t seq;    /* odd while the runs change (lock-free readers) */
  uint32_t n;
  uint32_t cap;     /* of *run; 0: the runs are in inline_run */
  struct run *run;  /* replaced only by a larger array */
  struct run inline_run[RUNS_INLINE];
};
/* The page's runs, and in *cap how many the array they are in holds.
 * Lock-free readers read them between two equal even sequence numbers: a
 * pointer they read while the array moved may be stale, but points to
 * memory that stays mapped, and holds *cap runs. */
AG_INLINE struct run *page_runs_in(const struct runs_page *p, uint32_t *cap) {
  const uint32_t c = ld_acquire(&p->cap);
  *cap = c ? c : RUNS_INLINE;
  return c ? ld_relaxed(&p->run) : (struct run *)p->inline_run;
}
AG_INLINE struct run *page_runs(const struct runs_page *p) {
  uint32_t cap;
  return page_runs_in(p, &cap);
}

#define CHUNK_SHIFT 20
#define CHUNK_GRANULES (1u << (CHUNK_SHIFT - 3))
#define CHUNK_PAGES (1u << (CHUNK_SHIFT - RUNS_PAGE_SHIFT))
#define PAGE_GROUPS (RUNS_PAGE / 8 / 64) /* dirty groups per page */
#define GROUP_GRANULES 64
#define NGROUPS (CHUNK_GRANULES / GROUP_GRANULES)
#define CHUNK_HDR 4096
#define CHUNK_CELLS_OFF CHUNK_HDR
#define CHUNK_SITES_OFF                                                        \
  (CHUNK_CELLS_OFF + (size_t)CHUNK_GRANULES * sizeof(struct cell))
#define CHUNK_RUNS_OFF                                                         \
  (CHUNK_SITES_OFF + (size_t)CHUNK_GRANULES * sizeof(struct cell_sites))
#define CHUNK_BYTES                                                            \
  (CHUNK_RUNS_OFF + (size_t)CHUNK_PAGES * sizeof(struct runs_page))
#define AG_ADDR_LIMIT (1ull << 47)

struct chunk {
  uint64_t dirty[NGROUPS / 64]; /* group has (had) non-empty cells */
  uint32_t nsync;               /* sync objects inside this MiB */
  struct chunk *next;           /* every chunk, for fork */
};
/* Whether a cell of group grp (GROUP_GRANULES granules) may hold anything:
 * set before any of them is written, cleared after all were emptied. */
AG_INLINE int chunk_group_used(const struct chunk *ch, uint32_t grp) {
  return (ld_relaxed(&ch->dirty[grp >> 6]) >> (grp & 63)) & 1;
}
AG_INLINE struct cell *chunk_cells(struct chunk *ch) {
  return (struct cell *)((char *)ch + CHUNK_CELLS_OFF);
}
/* The index in its chunk of the granule holding address a. */
AG_INLINE uint32_t granule_index(uptr a) {
  return (uint32_t)((a >> 3) & (CHUNK_GRANULES - 1));
}
/* The byte mask of [a, a+n) in its granule (the bytes lie in one). */
AG_INLINE uint32_t granule_mask(uptr a, uptr n) {
  return ((1u << n) - 1) << (a & 7);
}
AG_INLINE struct cell_sites *cell_sites(const struct cell *c) {
  return (struct cell_sites *)((char *)c + (CHUNK_SITES_OFF - CHUNK_CELLS_OFF));
}
_Static_assert(offsetof(struct chunk, dirty) == 0 &&
                   GROUP_GRANULES * 8 == 1u << AG_SHADOW_GROUP_SHIFT &&
                   CHUNK_CELLS_OFF == AG_SHADOW_CELLS_OFFSET &&
                   CHUNK_SHIFT == AG_SHADOW_CHUNK_SHIFT &&
                   AG_ADDR_LIMIT == AG_SHADOW_ADDR_LIMIT &&
                   sizeof(struct cell) == AG_SHADOW_CELL_SIZE &&
                   offsetof(struct cell, w) == AG_SHADOW_CELL_WRITE &&
                   offsetof(struct cell, r) == AG_SHADOW_CELL_READ &&
                   MASK_SHIFT == AG_ENTRY_MASK_SHIFT &&
                   (AG_EPOCH_BITS | F_SHARED | F_ATOMIC) == AG_ENTRY_KEY_BITS,
               "shadow layout differs from abi.h");
_Static_assert(offsetof(struct ag_thread, epoch) ==
                       offsetof(struct ag_thread_head, epoch) &&
                   offsetof(struct ag_thread, inline_hits) ==
                       offsetof(struct ag_thread_head, inline_hits),
               "thread layout differs from abi.h");

/* The summary of the page holding address a. */
AG_INLINE struct runs_page *chunk_page(struct chunk *ch, uptr a) {
  return &((struct runs_page *)((char *)ch + CHUNK_RUNS_OFF))
      [(a >> RUNS_PAGE_SHIFT) & (CHUNK_PAGES - 1)];
}

extern struct chunk **ag_top __asm__(AG_SYM_SHADOW_DIR);
struct chunk *ag_chunk_alloc(uptr a);
AG_INLINE struct chunk *ag_chunk_get(uptr a) {
  if (UNLIKELY(a >= AG_ADDR_LIMIT))
    return 0;
  struct chunk *c = ld_acquire(&ag_top[a >> CHUNK_SHIFT]);
  if (LIKELY(c != 0))
    return c;
  return ag_chunk_alloc(a);
}
AG_INLINE struct chunk *ag_chunk_peek(uptr a) {
  if (a >= AG_ADDR_LIMIT || !ag_top)
    return 0;
  return ld_acquire(&ag_top[a >> CHUNK_SHIFT]);
}
void ag_shadow_init(void);

/* access flags */
#define AF_WRITE 1
#define AF_ATOMIC 2

struct race {
  uint64_t prev;                 /* epoch word of the earlier access */
  const struct ag_site *site;    /* its site */
  uptr byte;                     /* first conflicting byte */
  int prev_write;
};
#define RACEBUF_MAX 4
struct racebuf {
  int n;
  struct race r[RACEBUF_MAX];
};

/* Is the access of epoch word e ordered before t's current point? */
AG_INLINE int ag_hb(uint64_t e, const struct ag_thread *t) {
  uint32_t s = AG_EPOCH_SLOT(e);
  if (s == t->slot)
    return 1;
  return AG_EPOCH_CLOCK(e) <= vc_get(&t->vc, s);
}

/* Note a race of the current access with the earlier one prev (its epoch
 * word, site, and whether it wrote) at byte: racebuf keeps the first racing
 * byte per earlier site and kind, in byte order. */
void ag_race_add(struct racebuf *rb, uint64_t prev, const struct ag_site *site,
                 int prev_write, uptr byte);

/* Page runs (runs.c). Whether t's current epoch already recorded, in p's
 * runs, an access of bytes [lo, hi) of the page (page offsets) at least as
 * strong as a plain read (write = 0) or write, so that the access from site
 * changes nothing; lock-free. If so, [*ext_lo, *ext_hi) is the extent of
 * the *ext_runs runs around it that hold one too. */
int ag_runs_recorded(const struct runs_page *p, uint64_t e, uint32_t lo,
                     uint32_t hi, int write, const struct ag_site *site,
                     uint32_t *ext_lo, uint32_t *ext_hi, uint32_t *ext_runs);
/* Check and record t's plain access of [lo, hi) of the page at address page,
 * under p's lock, noting races in rb. 0 if the runs cannot hold the result:
 * then the runs did not change, and rb may hold races the caller's check in
 * cells will note again (ag_race_add keeps one per earlier site and kind).
 * If 1, [*held_lo, *held_hi) is the run that now holds the whole access
 * (with t's entry of its epoch), or empty if no one run does. */
int ag_runs_access(struct runs_page *p, struct ag_thread *t, uptr page,
                   uint32_t lo, uint32_t hi, int write,
                   const struct ag_site *site, struct racebuf *rb,
                   uint32_t *held_lo, uint32_t *held_hi);
/* Forget [lo, hi) of the page, under p's lock: 1 if it held anything, 0 if
 * not, -1 if the runs that remain would not fit (nothing changed). */
int ag_runs_forget(struct runs_page *p, uint32_t lo, uint32_t hi);

/* Does entry x, recorded by this thread in its current epoch, make an
 * access of the bytes mb (mask bits in place) redundant? It must cover them
 * and be at least as strong: a plain entry covers plain and atomic accesses,
 * an atomic one only atomic accesses. */
AG_INLINE int ag_ent_covers(uint64_t x, uint64_t e, uint64_t mb, int af) {
  return ENT_KEY(x) == e && (x & mb) == mb &&
         (!(x & F_ATOMIC) || (af & AF_ATOMIC));
}

/* Fast check (no lock): 1 if the access changes nothing, i.e. this thread
 * already recorded an equivalent access of these bytes in its current epoch:
 * for a write, the last write; for a read, the last write or a read. */
int ag_shadow_fast_vec(struct cell *c, uint64_t r, uint64_t mb,
                       struct ag_thread *t, int af);
AG_INLINE int ag_shadow_fast(struct cell *c, uint32_t m, struct ag_thread *t,
                             int af) {
  const uint64_t e = t->epoch, mb = (uint64_t)m << MASK_SHIFT;
  if (LIKELY(ag_ent_covers(ld_acquire(&c->w), e, mb, af)))
    return 1;
  uint64_t r = ld_acquire(&c->r);
  if (!(af & AF_WRITE) && LIKELY(ag_ent_covers(r, e, mb, af)))
    return 1;
  if (LIKELY(!(r & F_SHARED)))
    return 0;
  return ag_shadow_fast_vec(c, r, mb, t, af);
}
/* Whether t already recorded, in its epoch, an access of [a, a+n) at least
 * as strong; the bytes lie in one granule below AG_ADDR_LIMIT. Lock-free. */
AG_INLINE int ag_granule_recorded(struct ag_thread *t, uptr a, uptr n,
                                  int af) {
  struct chunk *ch = ld_acquire(&ag_top[a >> CHUNK_SHIFT]);
  if (!ch)
    return 0;
  const uint32_t gi = granule_index(a);
  if (!chunk_group_used(ch, gi / GROUP_GRANULES))
    return 0; /* no cell of the group holds anything: left unread */
  return ag_shadow_fast(&chunk_cells(ch)[gi], granule_mask(a, n), t, af);
}
/* Check and record an access of [a, a+n). */
void ag_shadow_access(struct ag_thread *t, uptr a, uptr n, int af,
                      const struct ag_site *site, struct racebuf *rb);
struct ag_sync;
/* The same for an atomic store of [a, a+n) whose location's sync object is
 * s: recorded in s alone while the cell defers this thread's stores there. */
void ag_shadow_atomic_store(struct ag_thread *t, uptr a, uptr n,
                            struct ag_sync *s, const struct ag_site *site,
                            struct racebuf *rb);
/* The shadow's last word on s's location before s goes away (sync.c). */
void ag_shadow_sync_gone(struct ag_sync *s);
/* Check and record an access of [a, a+n) by t, already inside the runtime,
 * and report what races with it (access.c). */
void ag_check_access(struct ag_thread *t, uptr a, uptr n, int af,
                     const struct ag_site *site);
/* The same for a range, which reports give with its whole extent. */
void ag_check_range(struct ag_thread *t, uptr a, uptr n, int af,
                    const struct ag_site *site);
/* Forget everything about [a, a+n) (fresh memory). */
void ag_shadow_reset(uptr a, uptr n);
/* Bumped whenever a reset forgets recorded accesses (what a thread
 * remembers having recorded may be gone), and by every reset while a
 * thread has deferred reads. */
extern uint64_t ag_shadow_reset_gen;
/* The range the reset of generation gen forgot: 1 and [*lo, *hi), or 0 if
 * the log no longer holds it (AG_RESET_LOG resets since). */
#define AG_RESET_LOG 1024
int ag_shadow_reset_range(uint64_t gen, uptr *lo, uptr *hi);
/* Threads with deferred reads (access.c): while there are any, every reset
 * takes a generation and logs its range. */
extern uint32_t ag_deferring;
void ag_pending_fork_child(void);
void ag_shadow_sync_count(uptr a, int delta);
uint32_t ag_shadow_sync_in(uptr a);
void ag_shadow_fork_child(void);
/* For verbosity: chunks mapped, pages turned from runs into cells,
 * overflow vectors allocated for one cell, and vectors interned (shared by
 * cells with the same contents) so far. */
void ag_shadow_stats(uint64_t *chunks, uint64_t *cell_pages,
                     uint64_t *vectors, uint64_t *shared);

/*----------------------------------------------------------------- sync ---*/
#define AG_SYNC_VC_INLINE 6
struct ag_sync {
  /* The line the threads that use the object write (lock, release clock),
   * apart from the one every lookup reads: a thread finding the object
   * that another thread released last then hits in its cache, and taking
   * the lock is the one transfer of the written line, not a read of it
   * first and then a second transfer to own it. (In a profile of the ring
   * benchmark, lookups went from 10% of the time to 4-5%.) */
  ag_seqlock_t lock; /* lock-free readers: acquire loads (atomic.c) */
  uint32_t seq_head; /* atomic: tid + 1 of the thread whose store heads the
                        current release sequence, 0 if none */
  struct vc vc; /* release clock (mutex, atomic location, ...) */
  /* vc's entries while it has at most AG_SYNC_VC_INLINE (up to that many
   * thread slots): a store writes and a load reads them with the lock, in
   * the line the lock's transfer brings, not in an array elsewhere. */
  uint32_t vc_inline[AG_SYNC_VC_INLINE];
  /* Atomic location: the entry (epoch word) of the last of the stores the
   * shadow cell defers to this object (F_DEFERRED, shadow.c), 0 if none. */
  uint64_t stored;
  /* Written when the object is made or unlinked, by rwlock writers and
   * readers' unlocks, barriers, happens-before annotations, and when a cell
   * starts deferring stores. */
  _Alignas(64) uptr addr;
  struct ag_sync *next;
  struct vc rvc; /* rwlock: clock released by readers */
  struct vc bvc[2];
  struct vc avc; /* released by happens-before annotations (annotations.c) */
  const struct ag_site *stored_site; /* the site of every deferred store */
  uint32_t writer; /* rwlock: slot + 1 of the writer holding it */
  uint32_t bcount; /* barrier: count given to init, 0 if unknown */
  uint32_t barrivals;
};
_Static_assert(offsetof(struct ag_sync, stored) + 8 <= 64 &&
                   offsetof(struct ag_sync, addr) == 64 &&
                   sizeof(struct ag_sync) == 192,
               "a sync object's first line holds its lock, release clock, "
               "that clock's entries and the deferred stores' entry");
/* Sync objects destroyed so far: a pointer to one is only known to be
 * the same object while this has not changed. */
extern uint64_t ag_sync_destroyed;
struct ag_sync *ag_sync_find(uptr a);
struct ag_sync *ag_sync_get(uptr a);
void ag_sync_remove(uptr a);
void ag_sync_remove_range(uptr a, uptr n);
void ag_sync_fork_child(void);
/* T.vc ⊔= S.vc */
void ag_acquire(struct ag_thread *t, const void *addr);
/* S.vc ⊔= T.vc; T ticks */
void ag_release(struct ag_thread *t, const void *addr);

/*---------------------------------------------------------- annotations ---*/
/* Whether race r of the access [addr, addr+size) lies in memory annotated
 * benign at run time (AnnotateBenignRaceSized, ag_benign_race). */
int ag_race_is_benign(uptr addr, uptr size, const struct race *r);
/* [a, a+n) holds new memory: forget its benign annotations. Caller is inside
 * the runtime. */
void ag_benign_forget(uptr a, uptr n);
void ag_benign_fork_child(void);

/*---------------------------------------------------------------- heap ----*/
struct ag_heap_info {
  uptr addr, size;
  const struct ag_site *site;
  uint32_t tid;
};
int ag_heap_find(uptr a, struct ag_heap_info *out);
void ag_heap_fork_child(void);

/*---------------------------------------------------------------- vars ----*/
int ag_global_find(uptr a, uptr *base, const struct ag_var **var);
int ag_global_var_covers(const struct ag_var *v, uptr a, uptr *base);
int ag_local_find(uptr a, uptr *base, const struct ag_var **var);
int ag_local_var_covers(const struct ag_var *v, uptr a, uptr *base);

/*--------------------------------------------------------------- report ---*/
void ag_report_races(struct ag_thread *t, uptr addr, uptr size, int af,
                     const struct ag_site *site, const struct racebuf *rb);
void ag_range_note(struct ag_thread *t, const struct ag_site *site, uptr addr,
                   uptr size);
uint32_t ag_reported_count(void);
void ag_report_fork_prepare(void);
void ag_report_fork_parent(void);
void ag_report_fork_child(void);
/* exit path: bounded-spinning lock, summary line, _exit */
/* Flush stdio if flush_stdio; then, if anything was reported, print the
 * summary line and exit with exitcode. Otherwise return. */
void ag_finish_process(int have_lock, int flush_stdio);
void ag_out_write(const char *s, size_t n); /* to the report destination */
/* report_format=sarif (sarif.c): one result object, report lock held; the
 * document at exit; a forked child's own document. */
void ag_sarif_add_result(const char *json, size_t n);
void ag_sarif_finish(void);
void ag_sarif_fork_child(void);
void ag_err_write(const char *s);          /* to stderr */

/*---------------------------------------------------------------- flags ---*/
enum ag_report_format { AG_FORMAT_TEXT, AG_FORMAT_JSON, AG_FORMAT_SARIF };
struct ag_flags {
  int halt_on_error;
  int exitcode;
  int report_format; /* enum ag_report_format */
  int verbosity;
  int help;
  const char *log_path;     /* NULL: the standard stream log_fd */
  int log_fd;               /* 1 or 2 when not a path */
  const char *strip_path_prefix; /* NULL: none */
  const char *suppressions;      /* NULL: none */
  int print_suppressions;
};
extern struct ag_flags ag_flags;
void ag_flags_init(void);
void ag_print_options(void);

/*----------------------------------------------------------------- init ---*/
void ag_init(void);
__attribute__((noreturn)) void ag_die(const char *msg);
void ag_write_fd(int fd, const char *s, size_t n);
size_t ag_strlen(const char *s);
void *ag_dlsym(const char *name);

#endif /* AG_RT_INTERNAL_H */

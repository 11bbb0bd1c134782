/*===- thread.c - Thread slots, display ids, create/join/exit --------------===*
 *
 * A thread occupies a slot (its index in vector clocks and epochs). Slots of
 * joined threads, and of detached threads once they finished, are reused,
 * but a new thread may take slot s only if its creator's clock already
 * covers the final clock of s's previous occupant (it joined it, or
 * synchronized with it or with whoever did); the new occupant continues s's
 * clock from that final clock + 1, so its epochs never collide with the old
 * ones. Otherwise a fresh slot is used. The final clock is the last clock
 * value anything recorded: a release hands out the clock before its tick, so
 * a detached thread whose last act was sem_post or an unlock ends with a
 * final clock its waker has seen. Display ids (T0 = main, T1, ...)
 * count creations and are never reused; a slot remembers the clock at which
 * its current occupant started, so an epoch older than that belongs to "a
 * finished thread".
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <limits.h>
#include <string.h>

AG_EXPORT __thread struct ag_thread *ag_cur
    __attribute__((tls_model("initial-exec")));
__thread int ag_in_rt __attribute__((tls_model("initial-exec")));

static ag_mutex_t reg_lock;
static struct ag_slot **slot_tab; /* AG_MAX_SLOTS pointers, NORESERVE */
uint32_t ag_nslots; /* slots ever used */
static struct ag_slot *free_slots; /* finished and joined, LIFO */
static uint32_t next_tid;
static uint32_t live_threads, max_live, threads_created;
static pthread_key_t exit_key;
static int exit_key_ok;

/* pthread_t -> thread, for join/detach. Guarded by reg_lock. */
#define MAP_BUCKETS 1024
struct map_node {
  pthread_t pth;
  struct ag_thread *thr;
  struct map_node *next;
};
static struct map_node *tmap[MAP_BUCKETS];

static inline uint32_t map_hash(pthread_t p) {
  return (uint32_t)(((uint64_t)p * 0x9E3779B97F4A7C15ull) >> 54);
}

static struct ag_thread *map_get(pthread_t p) {
  for (struct map_node *n = tmap[map_hash(p)]; n; n = n->next)
    if (n->pth == p)
      return n->thr;
  return 0;
}

/* replace: 1 = always, 0 = only if absent or the old thread finished */
static void map_put(pthread_t p, struct ag_thread *t, int replace) {
  struct map_node **b = &tmap[map_hash(p)];
  for (struct map_node *n = *b; n; n = n->next)
    if (n->pth == p) {
      if (replace || n->thr->finished)
        n->thr = t;
      return;
    }
  struct map_node *n = ag_alloc(sizeof(*n));
  n->pth = p;
  n->thr = t;
  n->next = *b;
  *b = n;
}

static void map_del(pthread_t p, struct ag_thread *t) {
  for (struct map_node **pp = &tmap[map_hash(p)]; *pp; pp = &(*pp)->next)
    if ((*pp)->pth == p && (!t || (*pp)->thr == t)) {
      struct map_node *n = *pp;
      *pp = n->next;
      ag_free(n, sizeof(*n));
      return;
    }
}

struct ag_slot *ag_slot_get(uint32_t s) {
  if (!slot_tab || s >= ld_acquire(&ag_nslots))
    return 0;
  return ld_acquire(&slot_tab[s]);
}

uint32_t ag_slot_count(void) { return ld_acquire(&ag_nslots); }

/* Entry-point calls of the earlier occupants of slots (registry lock). */
static uint64_t calls_retired[AG_CALL_KINDS];

static void retire_calls(const struct ag_thread *t) {
  for (int k = 0; k < AG_CALL_KINDS; k++)
    calls_retired[k] += t->calls[k];
  calls_retired[AG_CALL_PLAIN] += t->inline_hits;
}

static void free_thread(struct ag_thread *t) {
  vc_free(&t->vc);
  vc_free(&t->rel_fence);
  vc_free(&t->pending_acq);
  if (t->runs_scratch)
    ag_free(t->runs_scratch, RUNS_OUT_MAX * sizeof(struct run));
  ag_free(t, sizeof(*t));
}

/* Registry lock held. Picks a slot for a thread created by parent (NULL:
 * unknown creator, never reuses). Returns the new thread. */
static struct ag_thread *new_thread_locked(struct ag_thread *parent) {
  if (!slot_tab)
    slot_tab = ag_mmap((size_t)AG_MAX_SLOTS * sizeof(*slot_tab), 1);
  struct ag_slot *sl = 0;
  if (parent) {
    struct ag_slot **pp = &free_slots;
    for (int scanned = 0; *pp && scanned < 64; scanned++) {
      struct ag_slot *c = *pp;
      if (vc_get(&parent->vc, c->index) >= c->final_clock) {
        *pp = c->next_free;
        sl = c;
        break;
      }
      pp = &c->next_free;
    }
  }
  uint32_t start = 1;
  if (sl) {
    start = sl->final_clock + 1;
    if (sl->thr)
      retire_calls(sl->thr);
    if (sl->thr && !sl->thr->keep_on_reuse)
      free_thread(sl->thr);
  } else {
    if (ag_nslots >= AG_MAX_SLOTS)
      ag_die("AtomicGuard: fatal: too many threads\n");
    sl = ag_alloc(sizeof(*sl));
    sl->index = ag_nslots;
    st_release(&slot_tab[ag_nslots], sl);
    st_release(&ag_nslots, ag_nslots + 1);
  }
  struct ag_thread *t = ag_alloc(sizeof(*t));
  t->slot = sl->index;
  t->tid = next_tid++;
  if (parent)
    vc_assign(&t->vc, &parent->vc);
  vc_set(&t->vc, t->slot, start);
  t->epoch = ((uint64_t)t->slot << 32) | start;

  sl->thr = t;
  sl->next_free = 0;
  memset(sl->locals, 0, sizeof(sl->locals));
  sl->locals_head = 0;
  sl->create_site = parent ? parent->spawn_site : 0;
  sl->parent_tid = parent ? (int32_t)parent->tid : -1;
  sl->final_clock = 0;
  st_release(&sl->tid, t->tid);
  st_release(&sl->start_clock, start);
  sl->state = AG_SLOT_ACTIVE;
  if (parent)
    parent->spawn_site = 0;
  threads_created++;
  live_threads++;
  if (live_threads > max_live)
    max_live = live_threads;
  return t;
}

void ag_thread_init_main(void) {
  ag_mutex_lock(&reg_lock);
  struct ag_thread *t = new_thread_locked(0);
  ag_slot_get(t->slot)->parent_tid = -1;
  threads_created = 0; /* T0 is not "created" */
  ag_mutex_unlock(&reg_lock);
  t->started = 1;
  t->pth = pthread_self();
  ag_cur = t;
}

struct ag_thread *ag_thread_create(struct ag_thread *parent, int detached) {
  ag_pending_settle();
  ag_mutex_lock(&reg_lock);
  struct ag_thread *t = new_thread_locked(parent);
  t->detached = detached;
  ag_mutex_unlock(&reg_lock);
  ag_tick(parent); /* parent's later accesses are not before the child */
  return t;
}

/* A thread that nobody joins records nothing more under its slot. Its
 * current clock value was handed to nobody (a release hands out the value
 * before its tick; only a join hands out the final one) and, unless shadow
 * memory holds an access of the current epoch, appears nowhere: then the
 * slot's history ends one below it, and whoever received its last release
 * can reuse the slot. */
static void slot_finished_unjoinable_locked(struct ag_thread *t) {
  struct ag_slot *sl = slot_tab[t->slot];
  if (t->last_recorded != t->epoch && sl->final_clock > 0)
    sl->final_clock--;
}

static void slot_finished_locked(struct ag_thread *t) {
  struct ag_slot *sl = slot_tab[t->slot];
  sl->final_clock = vc_get(&t->vc, t->slot);
  sl->state = AG_SLOT_FINISHED;
}

static void slot_release_locked(struct ag_thread *t) {
  struct ag_slot *sl = slot_tab[t->slot];
  if (sl->thr != t || sl->state != AG_SLOT_FINISHED)
    return;
  sl->state = AG_SLOT_FREE;
  sl->next_free = free_slots;
  free_slots = sl;
}

/* The thread never ran: its display id is given back if no other creation
 * took the next one meanwhile, and its slot is free for the creator's next
 * thread (it recorded nothing). */
void ag_thread_create_failed(struct ag_thread *t) {
  ag_mutex_lock(&reg_lock);
  t->finished = 1;
  t->frozen = 1;
  t->joined = 1;
  slot_finished_locked(t);
  slot_finished_unjoinable_locked(t);
  slot_release_locked(t);
  if (next_tid == t->tid + 1)
    next_tid--;
  threads_created--;
  live_threads--;
  ag_mutex_unlock(&reg_lock);
}

/* A thread ends at its real exit, not when its routine returns: cleanup
 * handlers and TSD destructors still run after that as the same thread
 * (releasing, recording accesses). glibc repeats destructor rounds while
 * destructors set values again, so this one re-arms itself until the last
 * round and so runs after the other keys' destructors of the earlier rounds. */
static void exit_key_dtor(void *p) {
  struct ag_thread *t = p;
  if (!t || t->finished)
    return;
  if (++t->exit_rounds < PTHREAD_DESTRUCTOR_ITERATIONS &&
      pthread_setspecific(exit_key, t) == 0)
    return;
  ag_thread_finish(t);
}

int ag_thread_finish_at_exit(void) { return exit_key_ok; }

void ag_thread_key_init(void) {
  if (!exit_key_ok && pthread_key_create(&exit_key, exit_key_dtor) == 0)
    exit_key_ok = 1;
}

/* glibc reuses the stacks of finished threads (its stack cache), and a
 * thread's static TLS block lives at the top of its stack block. Forget what
 * that memory saw under its previous owner, who need not be ordered before
 * this thread: escaping locals announce themselves (local_begin), but
 * variable-length arrays and alloca'd buffers, and memory only libc touched,
 * do not. */
static AG_NOINLINE void reset_own_stack(void) {
  pthread_attr_t attr;
  void *lo;
  size_t n;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return;
  if (pthread_attr_getstack(&attr, &lo, &n) == 0)
    ag_shadow_reset((uptr)lo, n);
  pthread_attr_destroy(&attr);
  /* The TLS block sits between the initial stack pointer and the thread
   * pointer (x86-64 TLS variant II), in case it lies above that range. */
  uptr sp = (uptr)__builtin_frame_address(0) & ~(uptr)4095;
  uptr tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  if (tp > sp && tp - sp < ((uptr)64 << 20))
    ag_shadow_reset(sp, tp - sp);
}

void ag_thread_start(struct ag_thread *t) {
  ag_cur = t;
  t->pth = pthread_self();
  t->started = 1;
  reset_own_stack();
  if (exit_key_ok)
    pthread_setspecific(exit_key, t);
  if (!t->detached) {
    ag_mutex_lock(&reg_lock);
    map_put(t->pth, t, 1);
    ag_mutex_unlock(&reg_lock);
  }
}

void ag_thread_map_parent(pthread_t pth, struct ag_thread *child) {
  ag_mutex_lock(&reg_lock);
  if (!child->finished || !child->detached)
    map_put(pth, child, 0);
  ag_mutex_unlock(&reg_lock);
}

void ag_thread_finish(struct ag_thread *t) {
  if (t == ag_cur)
    ag_pending_settle();
  ag_mutex_lock(&reg_lock);
  if (t->finished) {
    ag_mutex_unlock(&reg_lock);
    return;
  }
  t->frozen = 1;
  t->finished = 1;
  slot_finished_locked(t);
  live_threads--;
  if (t->detached) {
    map_del(t->pth, t);
    /* Nobody will join it: its identity ends here. Instrumented TSD
     * destructors that still run on this thread register afresh. */
    if (ag_cur == t)
      ag_cur = 0;
    slot_finished_unjoinable_locked(t);
    slot_release_locked(t);
  } else if (t->joined) {
    slot_release_locked(t);
  }
  ag_mutex_unlock(&reg_lock);
}

void ag_thread_joined(struct ag_thread *j, pthread_t pth) {
  ag_pending_settle();
  ag_mutex_lock(&reg_lock);
  struct ag_thread *t = map_get(pth);
  if (t)
    map_del(pth, t);
  ag_mutex_unlock(&reg_lock);
  if (!t || t == j)
    return;
  /* The thread has terminated: its clock is frozen. */
  vc_join(&j->vc, &t->vc);
  ag_mutex_lock(&reg_lock);
  t->joined = 1;
  if (t->finished)
    slot_release_locked(t);
  ag_mutex_unlock(&reg_lock);
}

void ag_thread_detached(pthread_t pth) {
  ag_mutex_lock(&reg_lock);
  struct ag_thread *t = map_get(pth);
  if (!t && ag_cur && pthread_equal(pth, pthread_self()))
    t = ag_cur;
  if (t) {
    t->detached = 1;
    map_del(pth, t);
    if (t->finished) {
      t->keep_on_reuse = 1;
      slot_finished_unjoinable_locked(t);
      slot_release_locked(t);
    }
  }
  ag_mutex_unlock(&reg_lock);
}

/* Entry from a thread we did not see being created (or before init). */
struct ag_thread *ag_thread_slow(void) {
  if (ag_state != 2) {
    ag_init();
    if (ag_cur)
      return ag_cur;
  }
  ag_mutex_lock(&reg_lock);
  struct ag_thread *t = new_thread_locked(0);
  ag_mutex_unlock(&reg_lock);
  ag_thread_start(t);
  return t;
}

void ag_thread_call_counts(uint64_t counts[AG_CALL_KINDS]) {
  ag_mutex_lock(&reg_lock);
  for (int k = 0; k < AG_CALL_KINDS; k++)
    counts[k] = calls_retired[k];
  for (uint32_t i = 0; i < ag_nslots; i++) {
    const struct ag_thread *t = slot_tab[i] ? slot_tab[i]->thr : 0;
    if (!t)
      continue;
    /* Other threads may still be counting: an estimate is all we need. */
    for (int k = 0; k < AG_CALL_KINDS; k++)
      counts[k] += ld_relaxed(&t->calls[k]);
    counts[AG_CALL_PLAIN] += ld_relaxed(&t->inline_hits);
  }
  ag_mutex_unlock(&reg_lock);
}

void ag_thread_stats(uint32_t *created, uint32_t *maxl, uint32_t *slots) {
  *created = threads_created;
  *maxl = max_live;
  *slots = ag_nslots;
}

void ag_thread_fork_prepare(void) { ag_mutex_lock(&reg_lock); }
void ag_thread_fork_parent(void) { ag_mutex_unlock(&reg_lock); }

void ag_thread_fork_child(void) {
  /* Only the forking thread survives. Everything the other threads did is in
   * the child's memory snapshot and nothing of theirs can run concurrently
   * with the child any more: the survivor covers every slot's history up to
   * its final clock (as read from the snapshot) and the slots become
   * reusable. */
  struct ag_thread *me = ag_cur;
  live_threads = 1;
  for (uint32_t i = 0; i < ag_nslots; i++) {
    struct ag_slot *sl = slot_tab[i];
    if (!sl || !sl->thr || (me && i == me->slot))
      continue;
    struct ag_thread *t = sl->thr;
    if (sl->state == AG_SLOT_ACTIVE || sl->state == AG_SLOT_FINISHED) {
      t->dead = 1;
      t->finished = 1;
      t->frozen = 1;
      t->joined = 1;
      sl->final_clock = vc_get(&t->vc, i);
      sl->state = AG_SLOT_FINISHED;
      if (me)
        slot_release_locked(t);
    }
    if (me && vc_get(&me->vc, i) < sl->final_clock)
      vc_set(&me->vc, i, sl->final_clock);
  }
  for (int i = 0; i < MAP_BUCKETS; i++) {
    struct map_node **pp = &tmap[i];
    while (*pp) {
      if ((*pp)->thr != me) {
        struct map_node *n = *pp;
        *pp = n->next;
        ag_free(n, sizeof(*n));
      } else {
        pp = &(*pp)->next;
      }
    }
  }
  if (me)
    me->pth = pthread_self();
  ag_mutex_reset(&reg_lock);
}

/*===- interceptors.c - pthread, C11 threads, semaphores, fork --------------===*
 *
 * Link-level definitions of the libc symbols; the real functions come from
 * dlsym(RTLD_NEXT). Because the executable defines them, calls from
 * uninstrumented shared libraries bind here too. glibc's C11 functions call
 * internal pthread entry points directly, so they are intercepted on their
 * own. None of this calls libc malloc.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#define REAL(name)                                                             \
  (LIKELY(real_##name != 0)                                                    \
       ? real_##name                                                           \
       : (real_##name = (__typeof__(real_##name))ag_dlsym(#name)))

#define DECL_REAL(ret, name, ...) static ret (*real_##name)(__VA_ARGS__)

/*---------------------------------------------------------------- threads ---*/

DECL_REAL(int, pthread_create, pthread_t *, const pthread_attr_t *,
          void *(*)(void *), void *);
DECL_REAL(int, pthread_join, pthread_t, void **);
DECL_REAL(int, pthread_tryjoin_np, pthread_t, void **);
DECL_REAL(int, pthread_timedjoin_np, pthread_t, void **,
          const struct timespec *);
DECL_REAL(int, pthread_clockjoin_np, pthread_t, void **, clockid_t,
          const struct timespec *);
DECL_REAL(int, pthread_detach, pthread_t);
DECL_REAL(void, pthread_exit, void *);

/* A new thread starts with every signal blocked, so that no signal handler
 * runs instrumented code on it before it is registered; the trampoline
 * restores the creator's mask right after registration. */
static void block_signals(struct ag_thread *child, sigset_t *old) {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, old);
  _Static_assert(sizeof(sigset_t) <= sizeof(child->sigmask), "sigmask");
  memcpy(child->sigmask, old, sizeof(sigset_t));
}

static void restore_signals(const sigset_t *old) {
  pthread_sigmask(SIG_SETMASK, old, 0);
}

static void *thread_trampoline(void *p) {
  struct ag_thread *t = p;
  ag_thread_start(t);
  restore_signals((const sigset_t *)t->sigmask);
  void *ret = t->fn(t->arg);
  if (!ag_thread_finish_at_exit())
    ag_thread_finish(t);
  return ret;
}

AG_EXPORT int pthread_create(pthread_t *th, const pthread_attr_t *attr,
                             void *(*fn)(void *), void *arg) {
  struct ag_thread *p = ag_get_thread();
  int detached = 0, ds;
  if (attr && pthread_attr_getdetachstate(attr, &ds) == 0 &&
      ds == PTHREAD_CREATE_DETACHED)
    detached = 1;
  struct ag_thread *c = ag_thread_create(p, detached);
  c->fn = fn;
  c->arg = arg;
  sigset_t old;
  block_signals(c, &old);
  int r = REAL(pthread_create)(th, attr, thread_trampoline, c);
  restore_signals(&old);
  if (r != 0)
    ag_thread_create_failed(c);
  else if (!detached)
    ag_thread_map_parent(*th, c);
  return r;
}

AG_EXPORT int pthread_join(pthread_t th, void **ret) {
  struct ag_thread *t = ag_get_thread();
  int r = REAL(pthread_join)(th, ret);
  if (r == 0)
    ag_thread_joined(t, th);
  return r;
}

AG_EXPORT int pthread_tryjoin_np(pthread_t th, void **ret) {
  struct ag_thread *t = ag_get_thread();
  int r = REAL(pthread_tryjoin_np)(th, ret);
  if (r == 0)
    ag_thread_joined(t, th);
  return r;
}

AG_EXPORT int pthread_timedjoin_np(pthread_t th, void **ret,
                                   const struct timespec *ts) {
  struct ag_thread *t = ag_get_thread();
  int r = REAL(pthread_timedjoin_np)(th, ret, ts);
  if (r == 0)
    ag_thread_joined(t, th);
  return r;
}

AG_EXPORT int pthread_clockjoin_np(pthread_t th, void **ret, clockid_t clk,
                                   const struct timespec *ts) {
  struct ag_thread *t = ag_get_thread();
  int r = REAL(pthread_clockjoin_np)(th, ret, clk, ts);
  if (r == 0)
    ag_thread_joined(t, th);
  return r;
}

AG_EXPORT int pthread_detach(pthread_t th) {
  ag_get_thread();
  ag_thread_detached(th);
  return REAL(pthread_detach)(th);
}

AG_EXPORT void pthread_exit(void *ret) {
  struct ag_thread *t = ag_cur;
  if (t && !ag_thread_finish_at_exit())
    ag_thread_finish(t);
  REAL(pthread_exit)(ret);
  __builtin_unreachable();
}

/*------------------------------------------------------------ C11 threads ---*/

DECL_REAL(int, thrd_create, thrd_t *, thrd_start_t, void *);
DECL_REAL(int, thrd_join, thrd_t, int *);
DECL_REAL(int, thrd_detach, thrd_t);
DECL_REAL(void, thrd_exit, int);

static int c11_trampoline(void *p) {
  struct ag_thread *t = p;
  ag_thread_start(t);
  restore_signals((const sigset_t *)t->sigmask);
  int ret = t->c11fn(t->arg);
  if (!ag_thread_finish_at_exit())
    ag_thread_finish(t);
  return ret;
}

AG_EXPORT int thrd_create(thrd_t *thr, thrd_start_t fn, void *arg) {
  struct ag_thread *p = ag_get_thread();
  struct ag_thread *c = ag_thread_create(p, 0);
  c->c11fn = fn;
  c->arg = arg;
  sigset_t old;
  block_signals(c, &old);
  int r = REAL(thrd_create)(thr, c11_trampoline, c);
  restore_signals(&old);
  if (r != thrd_success)
    ag_thread_create_failed(c);
  else
    ag_thread_map_parent((pthread_t)*thr, c);
  return r;
}

AG_EXPORT int thrd_join(thrd_t thr, int *res) {
  struct ag_thread *t = ag_get_thread();
  int r = REAL(thrd_join)(thr, res);
  if (r == thrd_success)
    ag_thread_joined(t, (pthread_t)thr);
  return r;
}

AG_EXPORT int thrd_detach(thrd_t thr) {
  ag_get_thread();
  ag_thread_detached((pthread_t)thr);
  return REAL(thrd_detach)(thr);
}

AG_EXPORT void thrd_exit(int res) {
  struct ag_thread *t = ag_cur;
  if (t && !ag_thread_finish_at_exit())
    ag_thread_finish(t);
  REAL(thrd_exit)(res);
  __builtin_unreachable();
}

/*---------------------------------------------------------------- mutexes ---*/

DECL_REAL(int, pthread_mutex_init, pthread_mutex_t *,
          const pthread_mutexattr_t *);
DECL_REAL(int, pthread_mutex_destroy, pthread_mutex_t *);
DECL_REAL(int, pthread_mutex_lock, pthread_mutex_t *);
DECL_REAL(int, pthread_mutex_trylock, pthread_mutex_t *);
DECL_REAL(int, pthread_mutex_timedlock, pthread_mutex_t *,
          const struct timespec *);
DECL_REAL(int, pthread_mutex_clocklock, pthread_mutex_t *, clockid_t,
          const struct timespec *);
DECL_REAL(int, pthread_mutex_unlock, pthread_mutex_t *);

static inline void lock_acquired(int r, const void *m) {
  if (r == 0 || r == EOWNERDEAD)
    ag_acquire(ag_get_thread(), m);
}

AG_EXPORT int pthread_mutex_init(pthread_mutex_t *m,
                                 const pthread_mutexattr_t *a) {
  ag_get_thread();
  ag_sync_remove((uptr)m);
  return REAL(pthread_mutex_init)(m, a);
}

AG_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m) {
  int r = REAL(pthread_mutex_destroy)(m);
  if (r == 0)
    ag_sync_remove((uptr)m);
  return r;
}

/* The runtime's work inside a critical section (the acquire, the checks of
 * the data the mutex protects, the release) makes it several times longer,
 * so a thread finds a mutex held that it would have found free, and
 * blocking costs a futex wait and wake, with a context switch each. Lock
 * therefore retries trylock a little first, as glibc's adaptive mutexes do
 * (docs/design.md, Locks and other primitives, has the measurements); a
 * trylock that succeeds is the same acquisition. Any answer but "busy" is
 * lock's answer too (EOWNERDEAD, EINVAL; an error-checking mutex the
 * thread holds is busy to trylock and then EDEADLK to lock). */
#define LOCK_TRIES 50

static int mutex_lock_trying(pthread_mutex_t *m) {
  for (int i = 0; i < LOCK_TRIES; i++) {
    int r = REAL(pthread_mutex_trylock)(m);
    if (r != EBUSY)
      return r;
    __builtin_ia32_pause();
  }
  return REAL(pthread_mutex_lock)(m);
}

AG_EXPORT int pthread_mutex_lock(pthread_mutex_t *m) {
  int r = mutex_lock_trying(m);
  lock_acquired(r, m);
  return r;
}

AG_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m) {
  int r = REAL(pthread_mutex_trylock)(m);
  lock_acquired(r, m);
  return r;
}

AG_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m,
                                      const struct timespec *ts) {
  int r = REAL(pthread_mutex_timedlock)(m, ts);
  lock_acquired(r, m);
  return r;
}

AG_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t c,
                                      const struct timespec *ts) {
  int r = REAL(pthread_mutex_clocklock)(m, c, ts);
  lock_acquired(r, m);
  return r;
}

AG_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m) {
  ag_release(ag_get_thread(), m);
  return REAL(pthread_mutex_unlock)(m);
}

/*-------------------------------------------------------------- spinlocks ---*/

DECL_REAL(int, pthread_spin_init, pthread_spinlock_t *, int);
DECL_REAL(int, pthread_spin_destroy, pthread_spinlock_t *);
DECL_REAL(int, pthread_spin_lock, pthread_spinlock_t *);
DECL_REAL(int, pthread_spin_trylock, pthread_spinlock_t *);
DECL_REAL(int, pthread_spin_unlock, pthread_spinlock_t *);

AG_EXPORT int pthread_spin_init(pthread_spinlock_t *l, int pshared) {
  ag_get_thread();
  ag_sync_remove((uptr)l);
  return REAL(pthread_spin_init)(l, pshared);
}

AG_EXPORT int pthread_spin_destroy(pthread_spinlock_t *l) {
  int r = REAL(pthread_spin_destroy)(l);
  ag_sync_remove((uptr)l);
  return r;
}

AG_EXPORT int pthread_spin_lock(pthread_spinlock_t *l) {
  int r = REAL(pthread_spin_lock)(l);
  lock_acquired(r, (const void *)l);
  return r;
}

AG_EXPORT int pthread_spin_trylock(pthread_spinlock_t *l) {
  int r = REAL(pthread_spin_trylock)(l);
  lock_acquired(r, (const void *)l);
  return r;
}

AG_EXPORT int pthread_spin_unlock(pthread_spinlock_t *l) {
  ag_release(ag_get_thread(), (const void *)l);
  return REAL(pthread_spin_unlock)(l);
}

/*---------------------------------------------------------------- rwlocks ---*/

DECL_REAL(int, pthread_rwlock_init, pthread_rwlock_t *,
          const pthread_rwlockattr_t *);
DECL_REAL(int, pthread_rwlock_destroy, pthread_rwlock_t *);
DECL_REAL(int, pthread_rwlock_rdlock, pthread_rwlock_t *);
DECL_REAL(int, pthread_rwlock_tryrdlock, pthread_rwlock_t *);
DECL_REAL(int, pthread_rwlock_timedrdlock, pthread_rwlock_t *,
          const struct timespec *);
DECL_REAL(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *, clockid_t,
          const struct timespec *);
DECL_REAL(int, pthread_rwlock_wrlock, pthread_rwlock_t *);
DECL_REAL(int, pthread_rwlock_trywrlock, pthread_rwlock_t *);
DECL_REAL(int, pthread_rwlock_timedwrlock, pthread_rwlock_t *,
          const struct timespec *);
DECL_REAL(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *, clockid_t,
          const struct timespec *);
DECL_REAL(int, pthread_rwlock_unlock, pthread_rwlock_t *);

/* Readers acquire what writers released; a writer acquires what writers and
 * readers released. Readers release into a separate clock. */
static void rw_rdlocked(int r, pthread_rwlock_t *l) {
  if (r == 0)
    ag_acquire(ag_get_thread(), l);
}

static void rw_wrlocked(int r, pthread_rwlock_t *l) {
  if (r != 0)
    return;
  struct ag_thread *t = ag_get_thread();
  if (!ag_enter())
    return;
  struct ag_sync *s = ag_sync_get((uptr)l);
  ag_seqlock_lock(&s->lock);
  vc_join(&t->vc, &s->vc);
  vc_join(&t->vc, &s->rvc);
  s->writer = t->slot + 1;
  ag_seqlock_unlock(&s->lock);
  ag_leave();
}

AG_EXPORT int pthread_rwlock_init(pthread_rwlock_t *l,
                                  const pthread_rwlockattr_t *a) {
  ag_get_thread();
  ag_sync_remove((uptr)l);
  return REAL(pthread_rwlock_init)(l, a);
}

AG_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *l) {
  int r = REAL(pthread_rwlock_destroy)(l);
  if (r == 0)
    ag_sync_remove((uptr)l);
  return r;
}

AG_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *l) {
  int r = REAL(pthread_rwlock_rdlock)(l);
  rw_rdlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t *l) {
  int r = REAL(pthread_rwlock_tryrdlock)(l);
  rw_rdlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *l,
                                         const struct timespec *ts) {
  int r = REAL(pthread_rwlock_timedrdlock)(l, ts);
  rw_rdlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t c,
                                         const struct timespec *ts) {
  int r = REAL(pthread_rwlock_clockrdlock)(l, c, ts);
  rw_rdlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *l) {
  int r = REAL(pthread_rwlock_wrlock)(l);
  rw_wrlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t *l) {
  int r = REAL(pthread_rwlock_trywrlock)(l);
  rw_wrlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *l,
                                         const struct timespec *ts) {
  int r = REAL(pthread_rwlock_timedwrlock)(l, ts);
  rw_wrlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t c,
                                         const struct timespec *ts) {
  int r = REAL(pthread_rwlock_clockwrlock)(l, c, ts);
  rw_wrlocked(r, l);
  return r;
}

AG_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *l) {
  struct ag_thread *t = ag_get_thread();
  if (!ag_enter())
    return REAL(pthread_rwlock_unlock)(l);
  struct ag_sync *s = ag_sync_get((uptr)l);
  ag_seqlock_lock(&s->lock);
  if (s->writer == t->slot + 1) {
    vc_join(&s->vc, &t->vc);
    s->writer = 0;
  } else {
    vc_join(&s->rvc, &t->vc);
  }
  ag_seqlock_unlock(&s->lock);
  ag_tick(t);
  ag_leave();
  return REAL(pthread_rwlock_unlock)(l);
}

/*------------------------------------------------------------- conditions ---*/

DECL_REAL(int, pthread_cond_wait, pthread_cond_t *, pthread_mutex_t *);
DECL_REAL(int, pthread_cond_timedwait, pthread_cond_t *, pthread_mutex_t *,
          const struct timespec *);
DECL_REAL(int, pthread_cond_clockwait, pthread_cond_t *, pthread_mutex_t *,
          clockid_t, const struct timespec *);

/* glibc releases and re-acquires the mutex internally: model both. The mutex
 * is held again on return, whatever the result, and also when the wait is
 * cancelled: cleanup handlers run with it held, so the cancellation path
 * acquires too. */
struct cond_wait {
  struct ag_thread *t;
  void *m;
};

static void cond_wait_cancelled(void *arg) {
  struct cond_wait *w = arg;
  ag_acquire(w->t, w->m);
}

#define COND_WAIT(m, call)                                                     \
  struct cond_wait w = {ag_get_thread(), (m)};                                 \
  ag_release(w.t, w.m);                                                        \
  int r;                                                                       \
  pthread_cleanup_push(cond_wait_cancelled, &w);                               \
  r = (call);                                                                  \
  pthread_cleanup_pop(0);                                                      \
  ag_acquire(w.t, w.m);                                                        \
  return r
AG_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  COND_WAIT(m, REAL(pthread_cond_wait)(c, m));
}

AG_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                     const struct timespec *ts) {
  COND_WAIT(m, REAL(pthread_cond_timedwait)(c, m, ts));
}

AG_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
                                     clockid_t clk, const struct timespec *ts) {
  COND_WAIT(m, REAL(pthread_cond_clockwait)(c, m, clk, ts));
}

/*--------------------------------------------------------------- barriers ---*/

DECL_REAL(int, pthread_barrier_init, pthread_barrier_t *,
          const pthread_barrierattr_t *, unsigned);
DECL_REAL(int, pthread_barrier_destroy, pthread_barrier_t *);
DECL_REAL(int, pthread_barrier_wait, pthread_barrier_t *);

AG_EXPORT int pthread_barrier_init(pthread_barrier_t *b,
                                   const pthread_barrierattr_t *a,
                                   unsigned count) {
  ag_get_thread();
  ag_sync_remove((uptr)b);
  int r = REAL(pthread_barrier_init)(b, a, count);
  if (r == 0 && ag_enter()) {
    struct ag_sync *s = ag_sync_get((uptr)b);
    ag_seqlock_lock(&s->lock);
    s->bcount = count;
    s->barrivals = 0;
    ag_seqlock_unlock(&s->lock);
    ag_leave();
  }
  return r;
}

AG_EXPORT int pthread_barrier_destroy(pthread_barrier_t *b) {
  int r = REAL(pthread_barrier_destroy)(b);
  if (r == 0)
    ag_sync_remove((uptr)b);
  return r;
}

/* Every arrival of a round releases into that round's clock; every departure
 * acquires it. Rounds alternate between two clocks when the count is known
 * (the first arrival of round r+2 clears round r's clock, which everyone has
 * acquired by then); otherwise one clock accumulates. */
AG_EXPORT int pthread_barrier_wait(pthread_barrier_t *b) {
  struct ag_thread *t = ag_get_thread();
  if (!ag_enter())
    return REAL(pthread_barrier_wait)(b);
  struct ag_sync *s = ag_sync_get((uptr)b);
  ag_seqlock_lock(&s->lock);
  int which = 0;
  if (s->bcount) {
    uint32_t round = s->barrivals / s->bcount;
    which = round & 1;
    if (s->barrivals % s->bcount == 0)
      vc_clear(&s->bvc[which]);
    s->barrivals++;
  }
  vc_join(&s->bvc[which], &t->vc);
  ag_seqlock_unlock(&s->lock);
  ag_tick(t);
  ag_leave();
  int r = REAL(pthread_barrier_wait)(b);
  if (ag_enter()) {
    ag_seqlock_lock(&s->lock);
    vc_join(&t->vc, &s->bvc[which]);
    ag_seqlock_unlock(&s->lock);
    ag_leave();
  }
  return r;
}

/*------------------------------------------------------------------- once ---*/

DECL_REAL(int, pthread_once, pthread_once_t *, void (*)(void));
DECL_REAL(void, call_once, once_flag *, void (*)(void));

static __thread struct {
  void (*fn)(void);
  const void *obj;
} once_cur __attribute__((tls_model("initial-exec")));

static void once_wrapper(void) {
  void (*fn)(void) = once_cur.fn;
  const void *obj = once_cur.obj;
  fn();
  ag_release(ag_get_thread(), obj);
}

AG_EXPORT int pthread_once(pthread_once_t *o, void (*fn)(void)) {
  struct ag_thread *t = ag_get_thread();
  __typeof__(once_cur) saved = once_cur;
  once_cur.fn = fn;
  once_cur.obj = o;
  int r = REAL(pthread_once)(o, once_wrapper);
  once_cur = saved;
  ag_acquire(t, o);
  return r;
}

AG_EXPORT void call_once(once_flag *o, void (*fn)(void)) {
  struct ag_thread *t = ag_get_thread();
  __typeof__(once_cur) saved = once_cur;
  once_cur.fn = fn;
  once_cur.obj = o;
  REAL(call_once)(o, once_wrapper);
  once_cur = saved;
  ag_acquire(t, o);
}

/*------------------------------------------------------------ C11 mutexes ---*/

DECL_REAL(int, mtx_init, mtx_t *, int);
DECL_REAL(void, mtx_destroy, mtx_t *);
DECL_REAL(int, mtx_lock, mtx_t *);
DECL_REAL(int, mtx_trylock, mtx_t *);
DECL_REAL(int, mtx_timedlock, mtx_t *__restrict,
          const struct timespec *__restrict);
DECL_REAL(int, mtx_unlock, mtx_t *);
DECL_REAL(int, cnd_wait, cnd_t *, mtx_t *);
DECL_REAL(int, cnd_timedwait, cnd_t *__restrict, mtx_t *__restrict,
          const struct timespec *__restrict);

AG_EXPORT int mtx_init(mtx_t *m, int type) {
  ag_get_thread();
  ag_sync_remove((uptr)m);
  return REAL(mtx_init)(m, type);
}

AG_EXPORT void mtx_destroy(mtx_t *m) {
  REAL(mtx_destroy)(m);
  ag_sync_remove((uptr)m);
}

/* As mutex_lock_trying: mtx_lock is pthread_mutex_lock in glibc. */
static int mtx_lock_trying(mtx_t *m) {
  for (int i = 0; i < LOCK_TRIES; i++) {
    int r = REAL(mtx_trylock)(m);
    if (r != thrd_busy)
      return r;
    __builtin_ia32_pause();
  }
  return REAL(mtx_lock)(m);
}

AG_EXPORT int mtx_lock(mtx_t *m) {
  int r = mtx_lock_trying(m);
  if (r == thrd_success)
    ag_acquire(ag_get_thread(), m);
  return r;
}

AG_EXPORT int mtx_trylock(mtx_t *m) {
  int r = REAL(mtx_trylock)(m);
  if (r == thrd_success)
    ag_acquire(ag_get_thread(), m);
  return r;
}

AG_EXPORT int mtx_timedlock(mtx_t *__restrict m,
                            const struct timespec *__restrict ts) {
  int r = REAL(mtx_timedlock)(m, ts);
  if (r == thrd_success)
    ag_acquire(ag_get_thread(), m);
  return r;
}

AG_EXPORT int mtx_unlock(mtx_t *m) {
  ag_release(ag_get_thread(), m);
  return REAL(mtx_unlock)(m);
}

AG_EXPORT int cnd_wait(cnd_t *c, mtx_t *m) {
  COND_WAIT(m, REAL(cnd_wait)(c, m));
}

AG_EXPORT int cnd_timedwait(cnd_t *__restrict c, mtx_t *__restrict m,
                            const struct timespec *__restrict ts) {
  COND_WAIT(m, REAL(cnd_timedwait)(c, m, ts));
}

/*------------------------------------------------------------- semaphores ---*/

DECL_REAL(int, sem_init, sem_t *, int, unsigned);
DECL_REAL(int, sem_destroy, sem_t *);
DECL_REAL(int, sem_post, sem_t *);
DECL_REAL(int, sem_wait, sem_t *);
DECL_REAL(int, sem_trywait, sem_t *);
DECL_REAL(int, sem_timedwait, sem_t *__restrict,
          const struct timespec *__restrict);
DECL_REAL(int, sem_clockwait, sem_t *, clockid_t, const struct timespec *);

AG_EXPORT int sem_init(sem_t *s, int pshared, unsigned v) {
  ag_get_thread();
  ag_sync_remove((uptr)s);
  return REAL(sem_init)(s, pshared, v);
}

AG_EXPORT int sem_destroy(sem_t *s) {
  int r = REAL(sem_destroy)(s);
  if (r == 0)
    ag_sync_remove((uptr)s);
  return r;
}

AG_EXPORT int sem_post(sem_t *s) {
  ag_release(ag_get_thread(), s);
  return REAL(sem_post)(s);
}

AG_EXPORT int sem_wait(sem_t *s) {
  int r = REAL(sem_wait)(s);
  if (r == 0)
    ag_acquire(ag_get_thread(), s);
  return r;
}

AG_EXPORT int sem_trywait(sem_t *s) {
  int r = REAL(sem_trywait)(s);
  if (r == 0)
    ag_acquire(ag_get_thread(), s);
  return r;
}

AG_EXPORT int sem_timedwait(sem_t *__restrict s,
                            const struct timespec *__restrict ts) {
  int r = REAL(sem_timedwait)(s, ts);
  if (r == 0)
    ag_acquire(ag_get_thread(), s);
  return r;
}

AG_EXPORT int sem_clockwait(sem_t *s, clockid_t c, const struct timespec *ts) {
  int r = REAL(sem_clockwait)(s, c, ts);
  if (r == 0)
    ag_acquire(ag_get_thread(), s);
  return r;
}

/*------------------------------------------------------------------- fork ---*/

DECL_REAL(pid_t, fork, void);

/* The pthread_atfork handlers registered at init do the work (lock the
 * report and registry locks around the fork; in the child, reset every
 * runtime lock and forget the other threads). */
AG_EXPORT pid_t fork(void) {
  ag_get_thread();
  return REAL(fork)();
}

/*--------------------------------------------------------------- mappings ---*/

/* Pages that are unmapped, or mapped afresh (MAP_FIXED over old pages
 * included), hold new memory: forget what the old memory saw, or a pool
 * allocator built on mmap would be reported for reusing its pages. */
static void forget_mapping(void *a, size_t n) {
  ag_shadow_reset((uptr)a, n);
  ag_sync_remove_range((uptr)a, n);
  ag_benign_forget((uptr)a, n);
}

DECL_REAL(void *, mmap, void *, size_t, int, int, int, off_t);
DECL_REAL(int, munmap, void *, size_t);

AG_EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd,
                     off_t off) {
  void *p = REAL(mmap)(addr, len, prot, flags, fd, off);
  if (p != MAP_FAILED)
    forget_mapping(p, len);
  return p;
}

AG_EXPORT int munmap(void *addr, size_t len) {
  int r = REAL(munmap)(addr, len);
  if (r == 0)
    forget_mapping(addr, len);
  return r;
}

/*---------------------------------------------------------- spawn marker ---*/

AG_EXPORT void __atomicguard_before_spawn(const struct ag_site *site) {
  /* no locks: safe at any nesting */
  ag_get_thread()->spawn_site = site;
}

// unsync-write: a plain write to a shared global or static local (or a field
// of one) in code reachable from a thread routine, with no lock held (a
// must-lockset over the CFG: pthread mutex, spin lock and rwlock write lock,
// C11 mtx_lock; an internal function inherits the locks all its callers in
// the unit hold) and no atomic.
//
// RUN: %agcc -g -O0 -c -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O2 -c -Xclang -verify %s -o /dev/null

#include <atomicguard.h>
#include <pthread.h>
#include <threads.h>

size_t tasks_completed;
static long under_mutex, under_spin, under_wrlock, under_rdlock, under_mtx;
static long half_locked, after_unlock, in_helper, in_mixed_helper;
static long main_only, via_pointer, in_pointer_helper;
AG_BENIGN_RACE("a progress hint; stale values are fine") long progress;
struct stats { long runs, fails; } stats;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t spin;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static mtx_t cm;

static void __attribute__((noinline)) helper(void) {
  in_helper++; // every caller holds m
}

static void __attribute__((noinline)) mixed_helper(void) {
  in_mixed_helper++; // expected-warning {{plain write to shared 'in_mixed_helper' in code reachable from thread routine 'worker' with no lock held and no atomic [atomicguard-unsync-write]}}
}

static void __attribute__((noinline)) pointer_helper(void) {
  in_pointer_helper++; // the caller holds a lock it reached through a pointer
}

struct guarded { pthread_mutex_t lock; };
static void __attribute__((noinline)) locked_by_pointer(struct guarded *g) {
  pthread_mutex_lock(&g->lock);
  via_pointer++;
  pointer_helper();
  pthread_mutex_unlock(&g->lock);
  via_pointer--; // expected-warning {{plain write to shared 'via_pointer'}}
}

static void *worker(void *arg) {
  tasks_completed++; // expected-warning {{plain write to shared 'tasks_completed' in code reachable from thread routine 'worker' with no lock held and no atomic [atomicguard-unsync-write]}}
  pthread_mutex_lock(&m);
  under_mutex++;
  helper();
  mixed_helper();
  pthread_mutex_unlock(&m);
  after_unlock = 1; // expected-warning {{plain write to shared 'after_unlock'}}
  mixed_helper();
  pthread_spin_lock(&spin);
  under_spin++;
  pthread_spin_unlock(&spin);
  pthread_rwlock_wrlock(&rw);
  under_wrlock++;
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_rdlock(&rw);
  under_rdlock++; // a read lock does not exclude other readers: expected-warning {{plain write to shared 'under_rdlock'}}
  pthread_rwlock_unlock(&rw);
  mtx_lock(&cm);
  under_mtx++;
  mtx_unlock(&cm);
  if (arg) {
    pthread_mutex_lock(&m);
    half_locked = 1;
  }
  half_locked = 2; // locked on one path only: expected-warning {{plain write to shared 'half_locked'}}
  if (arg)
    pthread_mutex_unlock(&m);
  progress++; // benign: never reported
  stats.runs++; // expected-warning {{plain write to shared 'stats'}}
  static int calls;
  calls++; // expected-warning {{plain write to shared 'calls'}}
  static struct guarded g = {PTHREAD_MUTEX_INITIALIZER};
  locked_by_pointer(&g);
  return 0;
}

int main(void) {
  pthread_t t;
  main_only = 1; // main is not reachable from a thread routine
  mtx_init(&cm, mtx_plain);
  pthread_spin_init(&spin, 0);
  pthread_create(&t, 0, worker, 0);
  main_only = 2;
  pthread_mutex_lock(&m);
  helper();
  pthread_mutex_unlock(&m);
  pthread_join(t, 0);
  return (int)(tasks_completed + main_only + under_mutex + under_spin +
               under_wrlock + under_rdlock + under_mtx + half_locked +
               after_unlock + in_helper + in_mixed_helper + progress +
               stats.runs + via_pointer + in_pointer_helper);
}

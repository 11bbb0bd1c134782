// pthread_mutex_lock and mtx_lock give each kind of mutex the answer the
// C library gives, although the runtime tries trylock first: an
// error-checking mutex the thread holds is EDEADLK, a recursive one is
// taken again, a robust one whose owner died is EOWNERDEAD (and taken), and
// the data the mutexes then protect is ordered: no report.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 0 %t | FileCheck %s
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <threads.h>

static pthread_mutex_t robust;
static long guarded; // written under each mutex in turn

static void *die_holding(void *arg) {
  (void)arg;
  pthread_mutex_lock(&robust);
  guarded = 1;
  return 0; // ends without unlocking
}

static void *touch_under(void *arg) {
  pthread_mutex_t *m = arg;
  pthread_mutex_lock(m);
  guarded++;
  pthread_mutex_unlock(m);
  return 0;
}

int main(void) {
  pthread_mutexattr_t a;
  pthread_mutex_t errcheck, recursive;

  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&errcheck, &a);
  pthread_mutex_lock(&errcheck);
  printf("errorcheck relock: %s\n",
         pthread_mutex_lock(&errcheck) == EDEADLK ? "EDEADLK" : "other");
  pthread_mutex_unlock(&errcheck);

  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&recursive, &a);
  pthread_mutex_lock(&recursive);
  printf("recursive relock: %d\n", pthread_mutex_lock(&recursive));
  pthread_mutex_unlock(&recursive);
  pthread_mutex_unlock(&recursive);
  pthread_t t;
  pthread_create(&t, 0, touch_under, &recursive);
  pthread_join(t, 0);

  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_NORMAL);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&robust, &a);
  pthread_create(&t, 0, die_holding, 0);
  pthread_join(t, 0);
  int r = pthread_mutex_lock(&robust);
  printf("robust, owner dead: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : "other");
  pthread_mutex_consistent(&robust);
  guarded++;
  pthread_mutex_unlock(&robust);
  pthread_create(&t, 0, touch_under, &robust);
  pthread_join(t, 0);

  mtx_t m;
  mtx_init(&m, mtx_recursive);
  mtx_lock(&m);
  printf("mtx_recursive relock: %s\n",
         mtx_lock(&m) == thrd_success ? "thrd_success" : "other");
  mtx_unlock(&m);
  mtx_unlock(&m);
  pthread_mutexattr_destroy(&a);
  printf("guarded: %ld\n", guarded);
  return 0;
}

// CHECK-NOT: WARNING: AtomicGuard
// CHECK:     errorcheck relock: EDEADLK
// CHECK:     recursive relock: 0
// CHECK:     robust, owner dead: EOWNERDEAD
// CHECK:     mtx_recursive relock: thrd_success
// CHECK:     guarded: 3
// CHECK-NOT: WARNING: AtomicGuard

// AnnotateHappensAfter(addr) also acquires what a release operation on an
// atomic object at addr published, as in ThreadSanitizer: a reader that
// polls a release-stored flag with relaxed loads and then annotates is
// ordered after the writer. Without the annotation the read of `data`
// races.
//
// RUN: %agcc -g -O1 -DANNOTATE %s -o %t.ann %agrt
// RUN: %exitcode 0 %t.ann | FileCheck %s --check-prefix=CLEAN
// RUN: %agcc -g -O1 %s -o %t.plain %agrt
// RUN: %exitcode 66 %t.plain | FileCheck %s --check-prefix=RACE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#ifdef ANNOTATE
void AnnotateHappensAfter(const char *file, int line,
                          const volatile void *addr);
#define ANNOTATE_HAPPENS_AFTER(a) AnnotateHappensAfter(__FILE__, __LINE__, a)
#else
#define ANNOTATE_HAPPENS_AFTER(a)
#endif

int data;
atomic_int ready;

static void *writer(void *arg) {
  data = 7;
  atomic_store_explicit(&ready, 1, memory_order_release);
  return 0;
}

static void *reader(void *arg) {
  while (!atomic_load_explicit(&ready, memory_order_relaxed))
    sched_yield();
  ANNOTATE_HAPPENS_AFTER(&ready);
  printf("data=%d\n", data);
  return 0;
}

int main(void) {
  pthread_t w, r;
  pthread_create(&r, 0, reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(w, 0);
  pthread_join(r, 0);
  return 0;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     data=7
// CLEAN-NOT: AtomicGuard

// RACE:      WARNING: AtomicGuard: data race
// RACE:        Location is global 'data'
// RACE:      AtomicGuard: reported 1 data race(s)

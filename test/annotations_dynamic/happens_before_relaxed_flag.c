// Code annotated for ThreadSanitizer needs no change: the writer publishes
// `data` with a relaxed store of `ready`, which orders nothing, and says so
// with AnnotateHappensBefore right before it; the reader says
// AnnotateHappensAfter once it has seen the flag. The runtime implements
// both (with the Valgrind/TSan signatures), so the annotated program is
// clean. The annotation's clock survives the relaxed store to the same
// address. Built without the annotations the same program races on `data`.
//
// RUN: %agcc -g -O1 -DANNOTATE %s -o %t.ann %agrt
// RUN: %exitcode 0 %t.ann | FileCheck %s --check-prefix=CLEAN
// RUN: %agcc -g -O0 -DANNOTATE %s -o %t.ann0 %agrt
// RUN: %exitcode 0 %t.ann0 | FileCheck %s --check-prefix=CLEAN
// RUN: %agcc -g -O1 %s -o %t.plain %agrt
// RUN: %exitcode 66 %t.plain | FileCheck %s --check-prefix=RACE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#ifdef ANNOTATE
void AnnotateHappensBefore(const char *file, int line,
                           const volatile void *addr);
void AnnotateHappensAfter(const char *file, int line,
                          const volatile void *addr);
#define ANNOTATE_HAPPENS_BEFORE(a) AnnotateHappensBefore(__FILE__, __LINE__, a)
#define ANNOTATE_HAPPENS_AFTER(a) AnnotateHappensAfter(__FILE__, __LINE__, a)
#else
#define ANNOTATE_HAPPENS_BEFORE(a)
#define ANNOTATE_HAPPENS_AFTER(a)
#endif

int data;
atomic_int ready;

static void *writer(void *arg) {
  data = 42;
  ANNOTATE_HAPPENS_BEFORE(&ready);
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
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
// CLEAN:     data=42
// CLEAN-NOT: AtomicGuard

// RACE:      WARNING: AtomicGuard: data race
// RACE-NEXT:   Read of size 4 at {{.*}} by thread T1:
// RACE-NEXT:     #0 reader {{.*}}happens_before_relaxed_flag.c:46:{{[0-9]+}}
// RACE-NEXT:   Previous write of size 4 at {{.*}} by thread T2:
// RACE-NEXT:     #0 writer {{.*}}happens_before_relaxed_flag.c:36:{{[0-9]+}}
// RACE:      AtomicGuard: reported 1 data race(s)

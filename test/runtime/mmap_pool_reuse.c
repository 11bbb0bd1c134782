// A pool built directly on mmap: a thread fills a page and the page is
// unmapped; main then maps a page again (often at the same address) and
// fills it with no synchronization with that thread. Fresh pages hold new
// memory, so nothing is reported. A second page shared while mapped is
// written by both threads and is reported, so the check is live.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE 4096

static long *pool_page;
static long *shared_page;
// Orders the threads in time (relaxed: no happens-before), so the report is
// the same on every run.
static atomic_int step;

static void *filler(void *arg) {
  (void)arg;
  for (int i = 0; i < PAGE / (int)sizeof(long); i++)
    pool_page[i] = i;
  shared_page[0] = 1;
  munmap(pool_page, PAGE);
  atomic_store_explicit(&step, 1, memory_order_relaxed);
  return 0;
}

static long *map_page(void) {
  void *p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  return p == MAP_FAILED ? 0 : p;
}

int main(void) {
  pool_page = map_page();
  shared_page = map_page();
  if (!pool_page || !shared_page)
    return 2;
  pthread_t t;
  pthread_create(&t, 0, filler, 0);
  while (!atomic_load_explicit(&step, memory_order_relaxed))
    sched_yield();
  long *again = map_page();
  if (!again)
    return 2;
  for (int i = 0; i < PAGE / (int)sizeof(long); i++)
    again[i] = -i;
  shared_page[0] = 2;
  pthread_join(t, 0);
  printf("remapped %s\n", again == pool_page ? "same" : "other");
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}mmap_pool_reuse.c:58:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 filler {{.*}}mmap_pool_reuse.c:32:{{[0-9]+}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)

// A benign declaration belongs to the memory as it is when declared: once the
// memory is freed (or mapped afresh) it is forgotten, so the next object
// there is checked again. Phase 1 races on a heap block and a mapped page
// that are declared benign: nothing is reported. Then the block is freed and
// malloc hands the same address out again, and the page is mapped afresh at
// its address; phase 2 races on both the same way: both are reported.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 66 %t | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

void AnnotateBenignRaceSized(const char *file, int line,
                             const volatile void *addr, size_t size,
                             const char *desc);

static long *block;
static long *page;
static atomic_int turn;

static void *writer(void *arg) {
  int me = (int)(long)arg;
  while (atomic_load_explicit(&turn, memory_order_relaxed) != me)
    sched_yield();
  block[0] = me;
  page[0] = me;
  atomic_store_explicit(&turn, me + 1, memory_order_relaxed);
  return 0;
}

/* Two writers, one after the other in time but not in happens-before. */
static void race(int phase) {
  pthread_t a, b;
  atomic_store_explicit(&turn, 1, memory_order_relaxed);
  pthread_create(&a, 0, writer, (void *)1L);
  pthread_create(&b, 0, writer, (void *)2L);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("phase %d done\n", phase);
  fflush(stdout);
}

int main(void) {
  block = malloc(64);
  page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
              -1, 0);
  AnnotateBenignRaceSized(__FILE__, __LINE__, block, 64, "phase 1 only");
  AnnotateBenignRaceSized(__FILE__, __LINE__, page, 4096, "phase 1 only");
  race(1);

  long *old_block = block, *old_page = page;
  free(block);
  block = malloc(64);
  page = mmap(page, 4096, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  printf("same block: %d, same page: %d\n", block == old_block,
         page == old_page);
  fflush(stdout);
  race(2);
  return 0;
}

// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      phase 1 done
// CHECK-NEXT: same block: 1, same page: 1
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T4:
// CHECK-NEXT:     #0 writer {{.*}}benign_forgotten.c:29:{{[0-9]+}}
// CHECK:        Location is heap block of 64 bytes at offset 0
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T4:
// CHECK-NEXT:     #0 writer {{.*}}benign_forgotten.c:30:{{[0-9]+}}
// CHECK:      phase 2 done
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 2 data race(s)

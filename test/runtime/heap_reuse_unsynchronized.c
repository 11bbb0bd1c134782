// Heap memory reused with no synchronization at all between its two lives:
// T1 allocates a large block, writes it and frees it; T2, which never
// synchronizes with T1 (they only take turns through a relaxed atomic),
// then allocates a block of the same size -- with a fixed mmap threshold the
// allocator hands back the same pages -- and writes it. The two writes are to
// different objects: a fresh allocation starts a new history, and reused
// memory is never reported. No report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The threads take turns through a relaxed atomic: that orders them in time,
// so the report is the same on every run, but creates no happens-before edge.
static atomic_int turn = 1;
static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
  __asm__ __volatile__("" ::: "memory"); // compiler barrier only
}
static void pass_turn(int t) {
  __asm__ __volatile__("" ::: "memory");
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

#define BLOCK (1 << 20)

// Each block is published through a pointer (so it is shared memory that
// atomicguard instruments); each pointer is written by one thread only and read
// by main after joining.
static char *first_block, *second_block;

static void *first_life(void *arg) {
  (void)arg;
  wait_turn(1);
  char *p = malloc(BLOCK);
  first_block = p;
  memset(p, 1, 4096);
  for (int i = 0; i < BLOCK; i += 4096)
    p[i] = 2;
  free(p);
  pass_turn(2);
  return 0;
}

static void *second_life(void *arg) {
  (void)arg;
  wait_turn(2);
  char *q = malloc(BLOCK);
  second_block = q;
  for (int i = 0; i < BLOCK; i += 4096)
    q[i] = 3;
  memset(q, 4, 4096);
  free(q);
  pass_turn(3);
  return 0;
}

int main(void) {
  mallopt(M_MMAP_THRESHOLD, 64 * 1024); // fixed: big blocks come from mmap
  pthread_t a, b;
  pthread_create(&a, 0, first_life, 0);
  pthread_create(&b, 0, second_life, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  // Informational: whether the allocator actually handed back the same memory.
  fprintf(stderr, "same address: %s\n", first_block == second_block ? "yes" : "no");
  printf("done\n");
  return 0;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     done
// CLEAN-NOT: AtomicGuard

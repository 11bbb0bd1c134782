// What a loop site remembers having checked is forgotten when the memory is
// released: main sums a fresh mapping in a loop, unmaps it, maps the same
// pages again (Linux reuses the hole), and sums them again with the same
// loop, all in one epoch.
// The second sum must still be recorded, so the thread's later unordered
// write of the new block is reported (relaxed atomics order the threads in
// time but create no happens-before edge).
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>

static _Atomic(long *) published;
static atomic_int done;
int count = 16; // not a constant the optimizer could unroll the loop by

__attribute__((noinline)) static long sum(const long *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the loop's read
  return s;
}

static void *writer(void *arg) {
  (void)arg;
  long *p;
  while (!(p = atomic_load_explicit(&published, memory_order_relaxed)))
    sched_yield();
  p[3] = 1; // the racing write
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  long *a = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  long s = sum(a, count);
  munmap(a, 4096);
  long *b = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  s += sum(b, count);
  atomic_store_explicit(&published, b, memory_order_relaxed);
  while (!atomic_load_explicit(&done, memory_order_relaxed))
    sched_yield();
  pthread_join(t, 0);
  munmap(b, 4096);
  return (int)s;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}loop_range_reused_block.c:34:
// CHECK-NEXT:   Previous read of size {{[0-9]+}} at {{.*}} by main thread:
// CHECK-NEXT:     #0 sum {{.*}}loop_range_reused_block.c:25:
// CHECK:      AtomicGuard: reported 1 data race(s)

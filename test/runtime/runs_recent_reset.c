// What a site remembers of page runs it found recorded by its thread is
// forgotten when the memory is released: main reads a[3] twice (the second
// read finds the first one in the page's runs, and remembers it), unmaps the
// page, maps it again (Linux reuses the hole) and reads b[3] at the same
// address with the same statement, all in one epoch. That read must still be
// recorded, so the thread's later unordered write of b[3] is reported
// (relaxed atomics order the threads in time but create no happens-before
// edge).
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

__attribute__((noinline)) static long get(const long *p, int i) {
  return p[i]; // the read
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
  long s = get(a, 3);
  s += get(a, 3);
  munmap(a, 4096);
  long *b = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  s += get(b, 3);
  atomic_store_explicit(&published, b, memory_order_relaxed);
  while (!atomic_load_explicit(&done, memory_order_relaxed))
    sched_yield();
  pthread_join(t, 0);
  munmap(b, 4096);
  return (int)s;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}runs_recent_reset.c:31:
// CHECK-NEXT:   Previous read of size 8 at {{.*}} by main thread:
// CHECK-NEXT:     #0 get {{.*}}runs_recent_reset.c:23:
// CHECK:      AtomicGuard: reported 1 data race(s)

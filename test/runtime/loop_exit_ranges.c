// A loop that leaves when its data says so (a scan to a delimiter) is
// checked on its way out, as the bytes its iterations read: exactly those,
// whichever exit it takes. A thread scans text[0..] up to the ';' at 100
// (leaving after reading it), then text[200..250) (no ';': it leaves on the
// bound, without reading text[250]). main then writes the byte after each
// scan (no race) and the last byte each scan read (a race each, reported at
// main's write with the scan's read). Relaxed atomics order the threads in
// time but create no happens-before edge.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

char text[4096];
static atomic_int scanned;

__attribute__((noinline)) static size_t span(const char *p, size_t n) {
  size_t i = 0;
  while (i < n && p[i] != ';') // the scan
    i++;
  return i;
}

static void *scanner(void *arg) {
  (void)arg;
  size_t a = span(text, sizeof text);
  size_t b = span(text + 200, 50);
  atomic_store_explicit(&scanned, 1, memory_order_relaxed);
  return (void *)(a + b);
}

#define BARRIER() __asm__ volatile("" ::: "memory")

int main(void) {
  memset(text, 'x', sizeof text);
  text[100] = ';';
  pthread_t t;
  pthread_create(&t, 0, scanner, 0);
  while (!atomic_load_explicit(&scanned, memory_order_relaxed))
    sched_yield();
  text[101] = 'a'; // not read
  BARRIER();
  text[100] = 'b'; // read last by the first scan
  BARRIER();
  text[250] = 'c'; // not read
  BARRIER();
  text[249] = 'd'; // read last by the second scan
  void *r;
  pthread_join(t, &r);
  return r != (void *)150;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 1 at {{.*}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}loop_exit_ranges.c:49:
// CHECK-NEXT:   Previous read of size 1 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 span {{.*}}loop_exit_ranges.c:25:
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 1 at {{.*}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}loop_exit_ranges.c:53:
// CHECK-NEXT:   Previous read of size 1 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 span {{.*}}loop_exit_ranges.c:25:
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 2 data race(s)

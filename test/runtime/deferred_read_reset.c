// A deferred loop read leaves out what a reset forgot after it: main reads
// a page in a loop, then T1 unmaps the page, maps a new one at the same
// address and writes it, all before main enters the runtime again (it waits
// in an uninstrumented helper, Inputs/phase_helper.c). The read was of the
// old page; checked as is at pthread_join it would look like a read of the
// new page racing with T1's write. Checked at once (-O0), it went with the
// old page. Neither build reports anything.
//
// RUN: %cc -g -O1 -c %S/Inputs/phase_helper.c -o %t.helper.o
// RUN: %agcc -g -O0 %s %t.helper.o -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s %t.helper.o -o %t.O2 %agrt
// RUN: %t.O0 2>&1 | FileCheck %s --allow-empty
// RUN: %t.O2 2>&1 | FileCheck %s --allow-empty
// CHECK-NOT: AtomicGuard
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>

void phase_set(int p);
void phase_wait(int p);
void pointer_set(void *p);
void *pointer_get(void);

__attribute__((noinline)) static long sum(const long *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the loop's read, of the old page
  return s;
}

static void *remapper(void *arg) {
  (void)arg;
  phase_wait(1);
  long *old = pointer_get();
  munmap(old, 4096);
  long *p = mmap(old, 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p != old)
    fprintf(stderr, "remap: not at the old address\n");
  p[100] = 5; // a write of the new page
  phase_set(2);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, remapper, 0);
  long *page = mmap(0, 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long s = sum(page, 512);
  pointer_set(page);
  phase_set(1);
  phase_wait(2);
  pthread_join(t, 0);
  return (int)s;
}

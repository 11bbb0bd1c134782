// Read-shared memory: two threads read every element of an array main
// filled, so its granules share a few interned read vectors instead of one
// vector each. A third thread then writes two elements with no
// happens-before edge to the readers (ordered in time by a relaxed counter):
// the race with the readers is still found on each element's own history,
// while the other granules keep their shared vector. Freeing and refilling
// the block afterwards forgets the shared vectors without freeing them.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O0 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define N 4096
long *data;
static atomic_int readers_done;
static long sums[2];

static void *reader(void *arg) {
  long id = (long)arg, s = 0;
  for (int i = 0; i < N; i++)
    s += data[i]; // the readers' statement
  sums[id] = s;
  atomic_fetch_add_explicit(&readers_done, 1, memory_order_relaxed);
  return 0;
}

static void *writer(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&readers_done, memory_order_relaxed) != 2)
    sched_yield();
  data[100] = -1; // races with both readers' reads
  data[2000] = -1;
  return 0;
}

int main(void) {
  data = malloc(N * sizeof *data);
  for (int i = 0; i < N; i++)
    data[i] = i;
  pthread_t t[3];
  pthread_create(&t[0], 0, reader, (void *)0L);
  pthread_create(&t[1], 0, reader, (void *)1L);
  pthread_create(&t[2], 0, writer, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  free(data);
  data = malloc(N * sizeof *data);
  for (int i = 0; i < N; i++)
    data[i] = 1;
  long again = 0;
  for (int i = 0; i < N; i++)
    again += data[i];
  printf("%ld %ld %ld\n", sums[0], sums[1], again);
  free(data);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T3:
// CHECK-NEXT:     #0 writer {{.*}}read_shared_interned.c:37:
// CHECK-NEXT:   Previous read of size {{[0-9]+}} at {{.*}} by thread T{{[12]}}:
// CHECK-NEXT:     #0 reader {{.*}}read_shared_interned.c:27:
// CHECK-NEXT:   Location is heap block of 32768 bytes at offset 800
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T3:
// CHECK-NEXT:     #0 writer {{.*}}read_shared_interned.c:38:
// CHECK-NEXT:   Previous read of size {{[0-9]+}} at {{.*}} by thread T{{[12]}}:
// CHECK-NEXT:     #0 reader {{.*}}read_shared_interned.c:27:
// CHECK-NEXT:   Location is heap block of 32768 bytes at offset 16000
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      8386560 8386560 4096
// CHECK:      AtomicGuard: shadow: {{[0-9]+}} chunks of 1 MiB, {{[0-9]+}} pages in cells, {{[0-9]}} overflow vectors, {{[1-9][0-9]*}} shared read vectors

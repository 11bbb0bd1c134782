// AnnotateBenignRaceSized(addr, size) hides races on exactly the bytes
// [addr, addr+size), and AnnotateBenignRace(addr) on the one byte at addr.
// Two threads write the same fields with no happens-before (a relaxed flag
// only keeps them apart in time, so the output is deterministic):
// - hint[0..7] is declared benign: not reported;
// - next, the byte right after hint, is not: reported;
// - tag has a one-byte benign declaration: not reported;
// - a write of 8 bytes at offset 4 straddles the end of the benign bytes:
//   reported, since bytes 8..11 race too.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 66 %t | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void AnnotateBenignRaceSized(const char *file, int line,
                             const volatile void *addr, size_t size,
                             const char *desc);
void AnnotateBenignRace(const char *file, int line, const volatile void *addr,
                        const char *desc);

struct record {
  char hint[8];
  char next;
  char tag;
  char pad[6];
} rec;

static atomic_int turn = 1;

static void *writer(void *arg) {
  int me = (int)(long)arg;
  while (atomic_load_explicit(&turn, memory_order_relaxed) != me)
    sched_yield();
  for (int i = 0; i < 8; i++)
    rec.hint[i] = (char)me;
  rec.next = (char)me;
  rec.tag = (char)me;
  long straddle = me;
  memcpy((char *)&rec + 4, &straddle, sizeof straddle);
  atomic_store_explicit(&turn, me + 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  AnnotateBenignRaceSized(__FILE__, __LINE__, rec.hint, sizeof rec.hint,
                          "a hint; any recent value will do");
  AnnotateBenignRace(__FILE__, __LINE__, &rec.tag, "last writer wins");
  pthread_t a, b;
  pthread_create(&a, 0, writer, (void *)1L);
  pthread_create(&b, 0, writer, (void *)2L);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("done\n");
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 1 at [[NEXT:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 writer {{.*}}benign_race_sized.c:41:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 1 at [[NEXT]] by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}benign_race_sized.c:41:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'rec' of size 16 declared at {{.*}}benign_race_sized.c:31
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T2:
// CHECK-NEXT:     #0 writer {{.*}}benign_race_sized.c:44:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}benign_race_sized.c:44:{{[0-9]+}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 2 data race(s)

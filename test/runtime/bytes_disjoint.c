// Byte precision: four threads each write a different field of one 8-byte
// struct (two chars, a short and an int, all in one machine word) with no
// synchronization. Disjoint bytes never race: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

struct flags {
  char a;
  char b;
  short c;
  int d;
};
_Static_assert(sizeof(struct flags) == 8, "one word");

struct flags flags;

static void *set_a(void *arg) { (void)arg; for (int i = 0; i < 100; i++) flags.a = (char)i; return 0; }
static void *set_b(void *arg) { (void)arg; for (int i = 0; i < 100; i++) flags.b = (char)(i + 1); return 0; }
static void *set_c(void *arg) { (void)arg; for (int i = 0; i < 100; i++) flags.c = (short)(i + 2); return 0; }
static void *set_d(void *arg) { (void)arg; for (int i = 0; i < 100; i++) flags.d = i + 3; return 0; }

int main(void) {
  void *(*fns[4])(void *) = {set_a, set_b, set_c, set_d};
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], 0, fns[i], 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  printf("%d %d %d %d done\n", flags.a, flags.b, flags.c, flags.d);
  return 0;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     99 100 101 102 done
// CLEAN-NOT: AtomicGuard

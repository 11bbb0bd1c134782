// A thread that reads a page with two statements in turn (the first letter
// of each word, then the whole word, as a tokenizer does) keeps the page in
// one run: the whole-word statement read every byte the run holds, so the
// run takes its site. Without that, each word would be two runs (the first
// letter's, the rest's), the page would go to cells, and the first letter's
// entry would name the other statement. main's later write of a first
// letter races with the reader (relaxed atomics order them in time but
// create no happens-before edge), and the report names the whole-word read.
// One page goes to cells: the counter's, by its atomic accesses.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O0 \
// RUN:   | FileCheck %s %if ag-optimized %{--check-prefixes=CHECK,COUNT%}
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O2 \
// RUN:   | FileCheck %s %if ag-optimized %{--check-prefixes=CHECK,COUNT%}
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>

#define WORD 8
_Alignas(4096) char text[4096];
_Alignas(4096) atomic_int done;

__attribute__((noinline)) static long first_letter(const char *w) {
  return w[0]; // the first letter
}

__attribute__((noinline)) static long whole_word(const char *w) {
  long s = 0;
  for (int k = 0; k < WORD; k++)
    s += w[k]; // the whole word
  return s;
}

static void *reader(void *arg) {
  long s = 0;
  for (int i = 0; i < (int)sizeof text; i += WORD)
    s += first_letter(&text[i]) + whole_word(&text[i]);
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return (void *)s;
}

int main(void) {
  memset(text, 'x', sizeof text);
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  while (!atomic_load_explicit(&done, memory_order_relaxed))
    sched_yield();
  text[10 * WORD] = 'y'; // the racing write
  void *s;
  pthread_join(t, &s);
  return s == 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 1 at {{.*}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}runs_two_statements.c:51:
// CHECK-NEXT:   Previous read of size 1 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 whole_word {{.*}}runs_two_statements.c:33:
// CHECK:      AtomicGuard: threads:
// COUNT:      AtomicGuard: shadow: {{[0-9]+}} chunks of 1 MiB, 1 pages in cells,
// CHECK:      AtomicGuard: reported 1 data race(s)

// AG_JUSTIFY("why", expr) silences weak-order and strict for the atomic
// operations inside expr only, at every optimization level, with and without
// -g; its value is expr's (or void). Operations right after the macro are
// not covered.
//
// RUN: %agcc -g -O0 -c -mllvm -atomicguard-strict -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O1 -c -mllvm -atomicguard-strict -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O2 -c -mllvm -atomicguard-strict -Xclang -verify %s -o /dev/null
// Without -g the locations are the function's, but the same operations are
// covered (two warnings, both in uncovered()):
// RUN: %agcc -O0 -c -mllvm -atomicguard-strict %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NODEBUG
// RUN: %agcc -O2 -c -mllvm -atomicguard-strict %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NODEBUG
// NODEBUG-COUNT-2: justify.c:[[@LINE+31]]:{{[0-9]+}}: warning: relaxed atomic {{.*}} [atomicguard-{{weak-order|strict}}]
// NODEBUG-NOT: warning:
// The justification is a remark:
// RUN: %agcc -g -O2 -c -Rpass-analysis=atomicguard %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK: justify.c:[[@LINE+16]]:{{[0-9]+}}: remark: relaxed atomic store to 'ready' is justified: the reader spins on done, which is release/acquire
// The program computes the same values as without the macro:
// RUN: %agcc -O2 -DMAIN %s -o %t %agrt && %t
// RUN: %cc -O0 -std=c11 -Wall -Wextra -pedantic -Werror -DMAIN %s -o %t.plain -lpthread && %t.plain

#include <atomicguard.h>
#include <stdatomic.h>
#include <stdlib.h>

AG_PUBLISH _Atomic int ready;
_Atomic long counter;
long plain_counter;
int sink;

void __attribute__((noinline)) justified(void) {
  AG_JUSTIFY("the reader spins on done, which is release/acquire",
             atomic_store_explicit(&ready, 1, memory_order_relaxed));
  long old = AG_JUSTIFY("only the final value matters",
                        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed));
  long expected = old;
  _Bool swapped = AG_JUSTIFY("retried until it succeeds",
                             __atomic_compare_exchange_n(&plain_counter, &expected, 5, 0,
                                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  if (AG_JUSTIFY("a hint", atomic_load_explicit(&ready, memory_order_relaxed)))
    sink = (int)swapped;
}

void __attribute__((noinline)) uncovered(int n) {
  AG_JUSTIFY("covers only the first store",
             atomic_store_explicit(&ready, 1, memory_order_relaxed));
  atomic_store_explicit(&ready, 2, memory_order_relaxed); // expected-warning {{relaxed atomic store to 'ready' is weaker than its declared intent 'publish'}}
  for (int i = 0; i < n; i++)
    AG_JUSTIFY("in a loop", atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed));
  atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed); // expected-warning {{relaxed atomic read-modify-write of 'counter' is weaker than seq_cst and has neither a declared intent nor an AG_JUSTIFY rationale [atomicguard-strict]}}
}

#ifdef MAIN
int main(void) {
  justified();
  uncovered(3);
  if (atomic_load(&ready) != 2 || atomic_load(&counter) != 5 ||
      plain_counter != 5 || sink != 1)
    abort();
  return 0;
}
#endif

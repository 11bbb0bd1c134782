// strict (-mllvm -atomicguard-strict): every atomic operation on shared
// state weaker than seq_cst needs a declared intent or an AG_JUSTIFY
// rationale. Without the option the same code is clean.
//
// RUN: %agcc -g -O0 -c -mllvm -atomicguard-strict -Xclang -verify=strict %s -o /dev/null
// RUN: %agcc -g -O2 -c -mllvm -atomicguard-strict -Xclang -verify=strict %s -o /dev/null
// RUN: %agcc -g -O2 -c -Xclang -verify=default %s -o /dev/null
// default-no-diagnostics

#include <atomicguard.h>
#include <stdatomic.h>

_Atomic int flag;
long plain;
AG_COUNTER _Atomic long hits;
AG_BENIGN_RACE("diagnostic output only") _Atomic int verbose;
struct ring { _Atomic unsigned head; };

int f(struct ring *r) {
  atomic_store_explicit(&flag, 1, memory_order_release); // strict-warning {{release atomic store to 'flag' is weaker than seq_cst and has neither a declared intent nor an AG_JUSTIFY rationale [atomicguard-strict]}}
  atomic_store(&flag, 2);
  __atomic_fetch_add(&plain, 1, __ATOMIC_RELAXED); // strict-warning {{relaxed atomic read-modify-write of 'plain' is weaker than seq_cst}}
  __atomic_fetch_add(&plain, 1, __ATOMIC_SEQ_CST);
  long expected = 0;
  __atomic_compare_exchange_n(&plain, &expected, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE); // strict-warning {{compare-exchange (seq_cst/acquire) on 'plain' is weaker than seq_cst}}
  atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed); // covered by the intent
  atomic_store_explicit(&verbose, 1, memory_order_relaxed); // benign
  AG_JUSTIFY("ordered by the release store to flag above",
             __atomic_fetch_add(&plain, 1, __ATOMIC_RELAXED));
  return atomic_load_explicit(&r->head, memory_order_acquire); // strict-warning {{acquire atomic load from 'ring.head' is weaker than seq_cst}}
}

int private_state(void) {
  _Atomic int mine = 0; // never escapes: not shared state
  atomic_store_explicit(&mine, 1, memory_order_relaxed);
  return atomic_load_explicit(&mine, memory_order_relaxed);
}

// mixed-access: a plain access to memory this unit also accesses atomically.
// Plain accesses that provably run before any thread is spawned (or, for a
// local, before its address escapes) are initialization and exempt.
// Intent-annotated variables are reported by weak-order instead (never
// twice).
//
// RUN: %agcc -g -O0 -c -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O2 -c -Xclang -verify %s -o /dev/null
// Initialization shows up as a remark:
// RUN: %agcc -g -O0 -c -Rpass-analysis=atomicguard %s -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK
// REMARK-DAG: mixed-access.c:[[@LINE+41]]:{{[0-9]+}}: remark: plain write to 'nconn' is initialization: no other thread can observe it yet
// REMARK-DAG: mixed-access.c:[[@LINE+41]]:{{[0-9]+}}: remark: plain write to 'stat' is initialization: no other thread can observe it yet

#include <atomicguard.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

long nconn;             // __atomic_* builtins and plain accesses
static long stat;       // likewise, internal
_Atomic int published;  // _Atomic: only memcpy can access it plainly
struct pair { long a, b; } pair;
AG_COUNTER long declared; // has an intent: weak-order, not mixed-access
struct node { long refs; long id; };

void *worker(void *arg) {
  struct node *n = arg;
  __atomic_fetch_add(&nconn, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&stat, 1, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&pair.a, 1, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&n->refs, 1, __ATOMIC_ACQ_REL);
  __atomic_fetch_add(&declared, 1, __ATOMIC_RELAXED);
  static long calls;
  __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
  calls = 0; // expected-warning {{plain write to 'calls', which is accessed atomically elsewhere in this unit (mixed-access.c:35) [atomicguard-mixed-access]}}
  n->id = 1; // another field: fine
  pair.b = 2; // other bytes of pair: not mixed, but unsynchronized: expected-warning {{plain write to shared 'pair' in code reachable from thread routine 'worker' with no lock held and no atomic [atomicguard-unsync-write]}}
  return 0;
}

long plain_reader(struct node *n) {
  return nconn + n->refs; // expected-warning {{plain read of 'nconn', which is accessed atomically elsewhere in this unit (mixed-access.c:29)}} \
                          // expected-warning {{plain read of 'node.refs', which is accessed atomically elsewhere in this unit (mixed-access.c:32)}}
}

void copy_out(_Atomic int *dst) {
  memcpy(dst, &published, sizeof published); // a load at -O2: expected-warning-re {{plain {{copy from|read of}} 'published', which is accessed atomically elsewhere}}
}

int main(void) {
  static struct node node;
  nconn = 0; // before any spawn: initialization
  stat = 5;  // likewise
  declared = 0; // likewise (the intent is not violated by initialization)
  pthread_t t;
  pthread_create(&t, 0, worker, &node);
  atomic_store(&published, 1);
  pthread_join(t, 0);
  stat = 0; // expected-warning {{plain write to 'stat', which is accessed atomically elsewhere in this unit}}
  return (int)(pair.a + pair.b + declared); // expected-warning {{plain read of 'pair', which is accessed atomically elsewhere in this unit}} \
                                            // expected-warning {{plain read of 'declared' declared 'counter': needs an atomic access (any ordering) [atomicguard-weak-order]}}
}

void local_escape(void (*use)(long *)) {
  long local = 0; // before the address escapes: initialization
  use(&local);
  __atomic_store_n(&local, 1, __ATOMIC_RELEASE);
  local = 2; // expected-warning {{plain write to 'local', which is accessed atomically elsewhere in this unit}}
  use(&local);
}

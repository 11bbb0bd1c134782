// weak-order: every access is checked against the declared intent of the
// variable or field it touches, for each declaration kind (global, static
// local, local, field) and each atomic spelling (_Atomic operators,
// <stdatomic.h> functions, __atomic_* builtins on plain types), at -O0 and
// -O2. The diagnostics say which ordering is needed.
//
// RUN: %agcc -g -O0 -c -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O1 -c -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O2 -c -Xclang -verify %s -o /dev/null
// The column is the operation's (checked once, with FileCheck):
// RUN: %agcc -g -O2 -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: weak-order.c:[[@LINE+11]]:3: warning: relaxed atomic store to 'ready' is weaker than its declared intent 'publish': needs release or stronger [atomicguard-weak-order]

#include <atomicguard.h>
#include <stdatomic.h>

AG_PUBLISH _Atomic int ready;
AG_PUBLISH int plain_ready; // plain type, __atomic_* builtins
AG_SEQ_CST _Atomic long total;
AG_COUNTER _Atomic unsigned hits;

void publish_global(void) {
  atomic_store_explicit(&ready, 1, memory_order_relaxed); // expected-warning {{relaxed atomic store to 'ready' is weaker than its declared intent 'publish': needs release or stronger [atomicguard-weak-order]}}
  atomic_store_explicit(&ready, 1, memory_order_release);
  atomic_store_explicit(&ready, 1, memory_order_seq_cst);
  ready = 2; // _Atomic assignment: seq_cst store
}

int load_global(void) {
  int a = atomic_load_explicit(&ready, memory_order_relaxed); // expected-warning {{relaxed atomic load from 'ready' is weaker than its declared intent 'publish': needs acquire or stronger}}
  int b = atomic_load_explicit(&ready, memory_order_acquire);
  int c = ready;
  return a + b + c;
}

int rmw_global(void) {
  int a = atomic_fetch_add_explicit(&ready, 1, memory_order_release); // expected-warning {{release atomic read-modify-write of 'ready' is weaker than its declared intent 'publish': needs acq_rel or stronger}}
  int b = atomic_fetch_add_explicit(&ready, 1, memory_order_acq_rel);
  int c = atomic_exchange_explicit(&ready, 0, memory_order_acquire); // expected-warning {{acquire atomic read-modify-write of 'ready' is weaker than its declared intent 'publish': needs acq_rel or stronger}}
  return a + b + c + ready++;
}

_Bool cmpxchg_global(int expected) {
  _Bool a = atomic_compare_exchange_strong_explicit(&ready, &expected, 1, memory_order_relaxed, memory_order_relaxed); // expected-warning {{compare-exchange (relaxed/relaxed) on 'ready' is weaker than its declared intent 'publish': needs acq_rel/acquire or stronger}}
  _Bool b = atomic_compare_exchange_weak_explicit(&ready, &expected, 1, memory_order_acq_rel, memory_order_relaxed); // expected-warning {{compare-exchange (acq_rel/relaxed) on 'ready' is weaker than its declared intent 'publish': needs acq_rel/acquire or stronger}}
  _Bool c = atomic_compare_exchange_strong_explicit(&ready, &expected, 1, memory_order_acq_rel, memory_order_acquire);
  return a + b + c;
}

int builtins_on_plain(void) {
  __atomic_store_n(&plain_ready, 1, __ATOMIC_RELAXED); // expected-warning {{relaxed atomic store to 'plain_ready' is weaker than its declared intent 'publish': needs release or stronger}}
  __atomic_store_n(&plain_ready, 1, __ATOMIC_RELEASE);
  int a = __atomic_load_n(&plain_ready, __ATOMIC_CONSUME); // clang lowers consume to acquire
  return a + __atomic_load_n(&plain_ready, __ATOMIC_ACQUIRE);
}

void plain_write_to_publish(void) {
  plain_ready = 3; // expected-warning {{plain write to 'plain_ready' declared 'publish': needs an atomic access with release or stronger ordering [atomicguard-weak-order]}}
}

int plain_read_of_publish(void) {
  return plain_ready; // expected-warning {{plain read of 'plain_ready' declared 'publish': needs an atomic access with acquire or stronger ordering}}
}

long seq_cst_global(void) {
  long a = atomic_load_explicit(&total, memory_order_acquire); // expected-warning {{acquire atomic load from 'total' is weaker than its declared intent 'seq_cst': needs seq_cst or stronger}}
  atomic_fetch_add_explicit(&total, 1, memory_order_acq_rel); // expected-warning {{acq_rel atomic read-modify-write of 'total' is weaker than its declared intent 'seq_cst'}}
  total += 2;
  return a + atomic_load(&total);
}

unsigned counter_global(void) {
  atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed); // any ordering
  hits++;
  return atomic_load_explicit(&hits, memory_order_relaxed);
}

int static_local(void) {
  static AG_SEQ_CST _Atomic int calls;
  static AG_PUBLISH int *slot; // pointer published with __atomic builtins
  int *p = __atomic_load_n(&slot, __ATOMIC_RELAXED); // expected-warning {{relaxed atomic load from 'slot' is weaker than its declared intent 'publish': needs acquire or stronger}}
  return atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed) + (p != 0); // expected-warning {{relaxed atomic read-modify-write of 'calls' is weaker than its declared intent 'seq_cst': needs seq_cst or stronger}}
}

void take(_Atomic int *p);
void local_counter(void) {
  AG_COUNTER _Atomic int n = 0; // the initializing store is not an access another thread can see
  AG_PUBLISH _Atomic int flag;
  take(&n);
  take(&flag);
  atomic_fetch_add_explicit(&n, 1, memory_order_relaxed);
  atomic_store_explicit(&flag, 1, memory_order_relaxed); // expected-warning {{relaxed atomic store to 'flag' is weaker than its declared intent 'publish': needs release or stronger}}
}

struct conn {
  int id;
  AG_PUBLISH _Atomic(struct conn *) next;
  AG_COUNTER long bytes; // plain type, __atomic_* builtins
  AG_SEQ_CST _Atomic int state;
};

void fields(struct conn *c, struct conn *n) {
  atomic_store_explicit(&c->next, n, memory_order_relaxed); // expected-warning {{relaxed atomic store to 'conn.next' is weaker than its declared intent 'publish': needs release or stronger}}
  atomic_store_explicit(&c->next, n, memory_order_release);
  __atomic_fetch_add(&c->bytes, 10, __ATOMIC_RELAXED);
  c->bytes = 0; // expected-warning {{plain write to 'conn.bytes' declared 'counter': needs an atomic access (any ordering)}}
  atomic_store_explicit(&c->state, 1, memory_order_release); // expected-warning {{release atomic store to 'conn.state' is weaker than its declared intent 'seq_cst': needs seq_cst or stronger}}
  c->state = 2;
  c->id = 7; // not annotated: nothing to check
}

struct conn global_conn;
void field_of_global(void) {
  // A field's intent applies through any object, named or not.
  atomic_store_explicit(&global_conn.state, 1, memory_order_relaxed); // expected-warning {{relaxed atomic store to 'conn.state' is weaker than its declared intent 'seq_cst'}}
}

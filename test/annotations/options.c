// The checks are clang warnings: -Werror turns them into errors, and
// -mllvm -atomicguard-disable-check=NAME,... switches checks off by name.
// An unknown name is a hard error that lists the valid ones.
//
// RUN: %agcc -g -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALL
// ALL-DAG: warning: {{.*}} [atomicguard-weak-order]
// ALL-DAG: warning: {{.*}} [atomicguard-mixed-access]
// ALL-DAG: warning: {{.*}} [atomicguard-unsync-write]
// ALL: 3 warnings generated.
//
// RUN: not %agcc -g -O1 -Werror -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=WERROR
// WERROR-DAG: error: {{.*}} [atomicguard-weak-order]
// WERROR-DAG: error: {{.*}} [atomicguard-mixed-access]
// WERROR-DAG: error: {{.*}} [atomicguard-unsync-write]
//
// RUN: %agcc -g -O1 -Werror -c %s -o /dev/null \
// RUN:   -mllvm -atomicguard-disable-check=weak-order,mixed-access \
// RUN:   -mllvm -atomicguard-disable-check=unsync-write,strict \
// RUN:   -mllvm -atomicguard-strict
// RUN: %agcc -g -O1 -c %s -o /dev/null -mllvm -atomicguard-disable-check=mixed-access 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SOME --implicit-check-not=warning:
// SOME-DAG: warning: {{.*}} [atomicguard-weak-order]
// SOME-DAG: warning: {{.*}} [atomicguard-unsync-write]
//
// RUN: not %agcc -O1 -c %s -o /dev/null -mllvm -atomicguard-disable-check=weak-order,wek-order 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: atomicguard: unknown check 'wek-order' in -atomicguard-disable-check (valid: weak-order, mixed-access, unsync-write, strict, openmp; bad-annotation cannot be disabled)
// RUN: not %agcc -O1 -c %s -o /dev/null -mllvm -atomicguard-disable-check=bad-annotation 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN-BAD
// UNKNOWN-BAD: error: atomicguard: unknown check 'bad-annotation'

#include <atomicguard.h>
#include <pthread.h>
#include <stdatomic.h>

AG_PUBLISH _Atomic int ready;
long hits;
long done;

static void *worker(void *arg) {
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  __atomic_fetch_add(&hits, 1, __ATOMIC_SEQ_CST);
  done = 1;
  return arg;
}

long reader(void) { return hits; }

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  return pthread_join(t, 0);
}

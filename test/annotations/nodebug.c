// Without debug info clang knows no statement locations: a warning points
// at the enclosing function (add -g or -gline-tables-only for file:line:col);
// globals keep their names, locals are "local variable" in annotation errors,
// fields are named by offset.
//
// RUN: %agcc -O2 -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: nodebug.c:[[@LINE+11]]:6: warning: relaxed atomic store to 'ready' is weaker than its declared intent 'publish': needs release or stronger [atomicguard-weak-order]
// CHECK: nodebug.c:[[@LINE+10]]:6: warning: relaxed atomic store to 'conn.<offset 4>' is weaker than its declared intent 'publish': needs release or stronger [atomicguard-weak-order]
// With -gline-tables-only the locations are exact and names come from the IR:
// RUN: %agcc -O2 -gline-tables-only -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LINES
// LINES: nodebug.c:[[@LINE+8]]:3: warning: relaxed atomic store to 'ready'
// LINES: nodebug.c:[[@LINE+8]]:3: warning: relaxed atomic store to 'conn.<offset 4>'

#include <atomicguard.h>
#include <stdatomic.h>
AG_PUBLISH _Atomic int ready;
struct conn { int id; AG_PUBLISH _Atomic int state; };
void set(struct conn *c) {
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  atomic_store_explicit(&c->state, 1, memory_order_relaxed);
}

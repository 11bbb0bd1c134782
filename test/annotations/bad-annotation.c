// bad-annotation: malformed annotations are errors (never warnings, never
// ignored, not affected by -atomicguard-disable-check or -w), at the
// declaration's line even without -g (where a local is "local variable" and
// a field is named by its offset).
//
// RUN: %agcc -O0 -c -Xclang -verify %s -o /dev/null
// RUN: %agcc -O2 -c -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O2 -c -Xclang -verify=expected,debug %s -o /dev/null
// RUN: not %agcc -O2 -w -c -mllvm -atomicguard-disable-check=weak-order,mixed-access,unsync-write,strict %s -o /dev/null 2>&1 \
// RUN:   | FileCheck %s
// CHECK-COUNT-14: error: {{.*}} [atomicguard-bad-annotation]
// CHECK-NOT: error:

#include <atomicguard.h>
#include <stdatomic.h>

AG_INTENT("publsh") _Atomic int typo; // expected-error {{unknown intent 'publsh' on 'typo'; valid intents: publish, counter, seq_cst, benign [atomicguard-bad-annotation]}}
AG_PUBLISH AG_COUNTER _Atomic int two; // expected-error {{conflicting intents 'counter' and 'publish' on 'two'}}
AG_BENIGN_RACE("") int empty; // expected-error {{AG_BENIGN_RACE on 'empty' has an empty rationale}}
AG_BENIGN_RACE("  ") int blank; // expected-error {{AG_BENIGN_RACE on 'blank' has an empty rationale}}
AG_BENIGN_RACE("x") AG_BENIGN_RACE("y") int two_reasons; // expected-error {{conflicting intents 'benign' and 'benign' on 'two_reasons'}}
AG_PUBLISH struct { int x, y; } aggregate; // expected-error {{intent 'publish' on 'aggregate' needs an atomic object, but its type (8 bytes, an aggregate) can never be atomic}}
AG_COUNTER char array[3]; // expected-error {{intent 'counter' on 'array' needs an atomic object, but its type (3 bytes, an aggregate) can never be atomic}}
AG_INTENT("benign") int no_reason; // expected-error {{intent 'benign' on 'no_reason' needs a rationale: use AG_BENIGN_RACE("why")}}
AG_SPAWNER int not_a_function; // expected-error {{annotation 'atomicguard.spawner' does not apply to variable 'not_a_function'}}
AG_PUBLISH AG_PUBLISH _Atomic int twice; // the same intent twice is fine
AG_PUBLISH int never_atomic; // debug-error {{intent 'publish' on 'never_atomic' needs an atomic object, but it is not _Atomic and this unit never accesses it atomically}}
AG_PUBLISH int accessed_atomically; // plain type, but accessed with __atomic_*
AG_PUBLISH void not_a_variable(void) {} // expected-error {{annotation 'atomicguard.intent:publish' does not apply to function 'not_a_variable'}}

struct s {
  AG_INTENT("nope") int field; // expected-error-re {{unknown intent 'nope' on 's.{{field|<offset 0>}}'}}
};

int use(struct s *p) {
  AG_SEQ_CST AG_PUBLISH _Atomic int local = 0; // expected-error-re {{conflicting intents 'publish' and 'seq_cst' on '{{local|local variable}}'}}
  static AG_INTENT("x") int static_local; // expected-error {{unknown intent 'x' on 'static_local'}}
  return AG_JUSTIFY("", atomic_load_explicit(&typo, memory_order_relaxed)) + // expected-error {{AG_JUSTIFY has an empty rationale}}
         p->field + local + static_local + twice +
         __atomic_load_n(&accessed_atomically, __ATOMIC_ACQUIRE);
}

// A malformed annotation in a unit that defines no function is still an
// error (reported without a location).
// RUN: not %agcc -O0 -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: error: unknown intent 'publsh' on 'flag'; valid intents: publish, counter, seq_cst, benign [atomicguard-bad-annotation]

#include <atomicguard.h>
AG_INTENT("publsh") _Atomic int flag;

// Names and paths are bytes; JSON output must still be exact, valid UTF-8
// JSON: quotes, backslashes and control characters escaped, well-formed
// UTF-8 kept as is, and every byte that is not part of well-formed UTF-8
// (a stray continuation byte, an overlong form, a surrogate, a truncated
// sequence, 0xff) replaced by \ufffd. The file name comes from #line; the
// variable name is a UTF-8 identifier.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: env ATOMICGUARD_OPTIONS=report_format=json %exitcode 66 %t | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=report_format=json %exitcode 66 %t | python3 %S/Inputs/check_json.py | FileCheck %s --check-prefix=VALID
#include <pthread.h>

long café;

static void *bump(void *arg) {
  (void)arg;
#line 100 "q\"b\\t\tc\001x\x80y\xc0\xafz\xed\xa0\x80w\xe2\x82v\xff\xf0\x9f\x98\x80.c"
  café++;
#line 22 "json_escaping.c"
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

// CHECK: "current":{"access"{{.*}}"function":"bump","file":"q\"b\\t\tc\u0001x\ufffdy\ufffd\ufffdz\ufffd\ufffd\ufffdw\ufffd\ufffdv\ufffd😀.c","line":100,
// CHECK-SAME: "location":{"kind":"global","name":"café",

// VALID: json: 1 reports ok

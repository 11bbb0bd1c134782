// Names and paths are bytes; JSON and SARIF output must still be exact, valid UTF-8
// JSON: quotes, backslashes and control characters escaped, well-formed
// UTF-8 kept as is, and every byte that is not part of well-formed UTF-8
// (a stray continuation byte, an overlong form, a surrogate, a truncated
// sequence, 0xff) replaced by \ufffd. The file name comes from #line; the
// variable name is a UTF-8 identifier.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: env ATOMICGUARD_OPTIONS=report_format=json %exitcode 66 %t | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=report_format=json %exitcode 66 %t | python3 %S/Inputs/check_json.py | FileCheck %s --check-prefix=VALID
// In SARIF the message text is escaped the same way and the file's URI is
// percent-encoded byte by byte.
// RUN: not env ATOMICGUARD_OPTIONS=report_format=sarif %t 2> %t.sarif
// RUN: python3 %src_root/test/validate_sarif.py %t.sarif | FileCheck %s --check-prefix=SARIF_VALID
// RUN: FileCheck %s --input-file %t.sarif --check-prefix=SARIF
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

// SARIF_VALID: sarif: valid, 1 results
// SARIF: "message":{"text":"Data race on global 'café': {{read|write}} of size 8 by thread T{{[12]}} in bump at q\"b\\t\tc\u0001x\ufffdy\ufffd\ufffdz\ufffd\ufffd\ufffdw\ufffd\ufffdv\ufffd😀.c:100:
// SARIF-SAME: "locations":[{"physicalLocation":{"artifactLocation":{"uri":"q%22b%5Ct%09c%01x%80y%C0%AFz%ED%A0%80w%E2%82v%FF%F0%9F%98%80.c","uriBaseId":"%SRCROOT%"},"region":{"startLine":100,

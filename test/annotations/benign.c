// AG_BENIGN_RACE("why") silences every check for that variable or field, in
// every declaration kind, including strict mode (the runtime never reports
// it either; its ag_var/ag_site descriptors carry intent 4 and the reason).
//
// RUN: %agcc -g -O0 -c -mllvm -atomicguard-strict -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O2 -c -mllvm -atomicguard-strict -Xclang -verify %s -o /dev/null
// RUN: %agcc -g -O1 -S -emit-llvm %s -o - | FileCheck %s
// CHECK-DAG: @[[WHY:ag\.str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"a monotonic hint\00"
// CHECK-DAG: @[[VAR:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @{{.*}}, ptr @{{.*}}, ptr null, i32 [[@LINE+7]], i8 1, i8 4, i16 0, ptr @[[WHY]], i64 8 }
// CHECK-DAG: @{{ag\.site[.0-9]*}} = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VAR]], {{.*}}, i8 4, i8 0 }

#include <atomicguard.h>
#include <pthread.h>
#include <stdatomic.h>

AG_BENIGN_RACE("a monotonic hint") long high_water;
struct cache { AG_BENIGN_RACE("recomputed on mismatch") unsigned hint; long data; };
struct cache cache;
// expected-no-diagnostics

static void *worker(void *arg) {
  static AG_BENIGN_RACE("debug counter") int calls;
  AG_BENIGN_RACE("only this thread writes it after the handoff") _Atomic int local = 0;
  *(_Atomic int *volatile *)arg = &local;
  calls++;
  high_water = 5;
  __atomic_store_n(&high_water, 6, __ATOMIC_RELAXED);
  cache.hint++;
  __atomic_fetch_add(&cache.hint, 1, __ATOMIC_RELAXED);
  atomic_store_explicit(&local, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t;
  _Atomic int *slot;
  pthread_create(&t, 0, worker, &slot);
  pthread_join(t, 0);
  return (int)high_water;
}

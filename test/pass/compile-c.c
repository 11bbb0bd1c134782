// End to end through clang: -fpass-plugin runs the pass at the end of the
// optimization pipeline at -O0 and -O2, with -g, and -Rpass/-Rpass-missed
// show its remarks at source locations. No runtime is needed to compile.
//
// RUN: %agcc -O0 -mllvm -atomicguard-elide-redundant=false -g -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=IR,O0
// RUN: %agcc -O2 -mllvm -atomicguard-elide-redundant=false -g -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=IR,O2
// RUN: %agcc -O0 -mllvm -atomicguard-elide-redundant=false -g -c -Rpass=atomicguard -Rpass-missed=atomicguard %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK-O0
// RUN: %agcc -O2 -mllvm -atomicguard-elide-redundant=false -c -Rpass=atomicguard -Rpass-missed=atomicguard %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK-O2

#include <pthread.h>
#include <stdatomic.h>

int tasks_completed;
static int cache;
_Atomic int ready;

static void *worker(void *arg) {
  int *slot = arg;
  *slot += 1;
  tasks_completed++;
  atomic_store_explicit(&ready, 1, memory_order_release);
  return 0;
}

int main(void) {
  pthread_t t;
  int total = 0;
  int slot = 0;
  for (int i = 0; i < 3; i++)
    total += i;
  cache = total;
  pthread_create(&t, 0, worker, &slot);
  while (!atomic_load_explicit(&ready, memory_order_acquire)) {
  }
  pthread_join(t, 0);
  return slot + cache + tasks_completed;
}

// IR-DAG: @[[FILE:ag\.str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"{{.*}}compile-c.c\00"
// IR-DAG: @[[NAME:ag\.str[.0-9]*]] = private unnamed_addr constant [16 x i8] c"tasks_completed\00"
// IR-DAG: @[[VAR:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NAME]], ptr @[[FILE]], ptr null, i32 15, i8 1,
// IR-DAG: @[[SITE:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @{{ag\.str[.0-9]*}}, ptr @[[VAR]], i32 22, i32 18, i8 1, i8 0, i8 0, i8 4,
// IR-DAG: @llvm.global_ctors = appending global {{.*}} @atomicguard.module_ctor

// IR-LABEL: define {{.*}}i32 @main()
// O0:         call void @__atomicguard_local_begin(ptr
// O2:         call void @llvm.lifetime.start.p0(ptr nonnull %[[T:[0-9]+]])
// O2:         call void @__atomicguard_local_begin(ptr %[[T]], i64 8,
// IR-NOT:     __atomicguard_{{read|write}}(ptr @cache
// IR:         call void @__atomicguard_before_spawn(ptr
// IR-NEXT:    call i32 @pthread_create(
// IR:         call i64 @__atomicguard_atomic_load(ptr @ready,
// IR-NOT:     __atomicguard_{{read|write}}(ptr @cache
// IR:         ret i32

// IR-LABEL: define internal {{.*}}ptr @worker(
// IR:         call void @__atomicguard_write(ptr @tasks_completed, ptr @[[SITE]])
// IR:         call void @__atomicguard_atomic_store(ptr @ready, i64 {{%[0-9]+|1}}, ptr

// IR-LABEL: define internal void @atomicguard.module_ctor()
// IR-NEXT:    call void @__atomicguard_register_globals(ptr @ag.globals, i64 2)

// REMARK-O0-DAG: compile-c.c:28:13: remark: 't' is shared: its address escapes
// REMARK-O0-DAG: compile-c.c:29:7: remark: 'total' is private: its address does not escape
// REMARK-O0-DAG: compile-c.c:30:7: remark: 'slot' is shared: its address escapes
// REMARK-O0-DAG: compile-c.c:27:{{[0-9]+}}: remark: instrumented 5 memory accesses in 'main' (3 reads, 1 writes, 1 atomic operations, 0 fences, 0 ranges, 0 loop ranges)
// REMARK-O0-DAG: compile-c.c:19:{{[0-9]+}}: remark: instrumented 5 memory accesses in 'worker' (2 reads, 2 writes, 1 atomic operations, 0 fences, 0 ranges, 0 loop ranges)
// REMARK-O0-DAG: compile-c.c:15:{{[0-9]+}}: remark: 'tasks_completed' is shared: it has external linkage
// REMARK-O0-DAG: compile-c.c:16:{{[0-9]+}}: remark: 'cache' is private: internal and not reachable from any thread routine
// REMARK-O0-DAG: compile-c.c:17:{{[0-9]+}}: remark: 'ready' is shared: it has external linkage

// Without -g, -Rpass still has line tables, but no variable debug info: the
// shared local is not named, and globals are reported at their first access.
// REMARK-O2-DAG: compile-c.c:{{[0-9]+}}:{{[0-9]+}}: remark: instrumented {{[0-9]+}} memory accesses in 'main'
// REMARK-O2-DAG: compile-c.c:{{[0-9]+}}:{{[0-9]+}}: remark: instrumented {{[0-9]+}} memory accesses in 'worker'
// REMARK-O2-DAG: compile-c.c:38:25: remark: 'tasks_completed' is shared: it has external linkage

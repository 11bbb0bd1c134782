// A loop whose reads are checked once as a range (at -O2) reports the race
// on the one element another thread writes, naming the variable and the
// loop's statement, exactly as the per-access checks do (at -O0). The
// writer stores data[500] after main's loop has read it (ordered in time by
// a relaxed atomic, which creates no happens-before edge).
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 -Rpass=atomicguard %s -o %t.O2 %agrt 2>&1 \
// RUN:   | %if ag-optimized %{ FileCheck %s --check-prefix=REMARK %} %else %{ cat %}
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O2 \
// RUN:   | FileCheck %s %if ag-optimized %{--check-prefixes=CHECK,COUNT%}
// REMARK: loop_range_race.c:{{[0-9]+}}:{{[0-9]+}}: remark: checked {{[1-9][0-9]*}} accesses in loops of 'sum' once per loop
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

int data[1000];
static atomic_int phase;

__attribute__((noinline)) static long sum(const int *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the loop's read
  return s;
}

static void *writer(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&phase, memory_order_relaxed) != 1)
    sched_yield();
  data[500] = 7; // the racing write
  atomic_store_explicit(&phase, 2, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  long s = sum(data, 1000);
  atomic_store_explicit(&phase, 1, memory_order_relaxed);
  while (atomic_load_explicit(&phase, memory_order_relaxed) != 2)
    sched_yield();
  pthread_join(t, 0);
  return (int)s;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}loop_range_race.c:32:
// CHECK-NEXT:   Previous read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 sum {{.*}}loop_range_race.c:24:
// CHECK-NEXT:   Location is global 'data' of size 4000
// COUNT:      AtomicGuard: checks: {{[0-9]+}} plain accesses, {{[0-9]+}} ranges, {{[1-9][0-9]*}} loop ranges
// CHECK:      AtomicGuard: reported 1 data race(s)

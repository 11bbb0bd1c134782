// OpenMP constructs are not modeled by the runtime: a unit that has any
// gets one warning, at the first, whatever the optimization level; tasks
// count too. -atomicguard-disable-check=openmp silences it, and without
// -fopenmp the pragmas make no runtime calls and there is nothing to say.
//
// RUN: %agcc -g -O0 -fopenmp -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %agcc -g -O2 -fopenmp -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not %agcc -g -O2 -fopenmp -Werror -c %s -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WERROR
// RUN: %agcc -g -O2 -fopenmp -Werror -c %s -o /dev/null \
// RUN:   -mllvm -atomicguard-disable-check=openmp
// RUN: %agcc -g -O2 -Wno-unknown-pragmas -Werror -c %s -o /dev/null
// RUN: %agcc -g -O2 -fopenmp -DTASK_ONLY -c %s -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TASK

long total;
int squares[100];

void fill(void) {
#ifndef TASK_ONLY
#pragma omp parallel for
  // CHECK: openmp.c:[[#@LINE-1]]:1: warning: OpenMP constructs are not modeled: accesses that only the OpenMP runtime orders (a parallel region's fork and join, its barriers, critical sections and tasks) are reported as races [atomicguard-openmp]
  // WERROR: openmp.c:[[#@LINE-2]]:1: error: OpenMP constructs are not modeled
  for (int i = 0; i < 100; i++)
    squares[i] = i * i;
#pragma omp parallel for reduction(+ : total)
  for (int i = 0; i < 100; i++)
    total += squares[i];
#endif
#pragma omp task
  // TASK: openmp.c:[[#@LINE-1]]:1: warning: OpenMP constructs are not modeled
  total++;
}
// CHECK-NOT: warning:
// CHECK: 1 warning generated.
// TASK-NOT: warning:

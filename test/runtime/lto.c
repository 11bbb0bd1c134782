// Link-time optimization: each translation unit is instrumented when it is
// compiled to bitcode, and only then. Full LTO links with clang's default
// linker (through LLVM's gold plugin); ThinLTO links through the
// atomicguard-clang wrapper with lld, which is also told to load the plugin
// (-Wl,--load-pass-plugin): the link's own optimization pipeline then runs
// it again, and it must not instrument the instrumentation. Each build
// reports the race between the two translation units once, naming the
// variable and both source locations, and checks each of the 2000 volatile
// stores once: instrumented twice, they would be checked twice (4000).
//
// RUN: %agcc -g -O1 -DPART=1 -c %s -o %t.main.o
// RUN: %agcc -g -O1 -DPART=2 -c %s -o %t.worker.o
// RUN: %agcc %t.main.o %t.worker.o -o %t.nolto %agrt
// RUN: %agcc -g -O1 -flto -DPART=1 -c %s -o %t.main.full.o
// RUN: %agcc -g -O1 -flto -DPART=2 -c %s -o %t.worker.full.o
// RUN: %agcc -flto %t.main.full.o %t.worker.full.o -o %t.full %agrt
// RUN: %agclang -g -O1 -flto=thin -DPART=1 -c %s -o %t.main.thin.o
// RUN: %agclang -g -O1 -flto=thin -DPART=2 -c %s -o %t.worker.thin.o
// RUN: %agclang -flto=thin -fuse-ld=lld -Wl,--load-pass-plugin=%plugin \
// RUN:   %t.main.thin.o %t.worker.thin.o -o %t.thin
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.nolto 2>&1 \
// RUN:   | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.full 2>&1 \
// RUN:   | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.thin 2>&1 \
// RUN:   | FileCheck %s
#include <pthread.h>

#define ROUNDS 1000

extern volatile long hits;
extern long guarded;
extern pthread_mutex_t lock;
void *worker(void *arg);

#if PART == 1
volatile long hits;
long guarded;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_t th[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&th[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(th[i], 0);
  return guarded == 2 * ROUNDS ? 0 : 1;
}
#else
void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; i++)
    hits = i;
  pthread_mutex_lock(&lock);
  guarded += ROUNDS;
  pthread_mutex_unlock(&lock);
  return 0;
}
#endif

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT: Volatile write of size 8 at 0x{{[0-9a-f]+}} by thread T{{[12]}}:
// CHECK-NEXT: #0 worker {{.*}}lto.c:[[#@LINE-10]]:10
// CHECK-NEXT: Previous volatile write of size 8 at 0x{{[0-9a-f]+}} by thread T{{[12]}}:
// CHECK-NEXT: #0 worker {{.*}}lto.c:[[#@LINE-12]]:10
// CHECK-NEXT: Location is global 'hits' of size 8 declared at {{.*}}lto.c:[[#@LINE-29]]
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      checks: 20{{[0-9][0-9]}} plain accesses, 0 ranges, 0 loop ranges, 0 atomic operations
// CHECK-NEXT: reported 1 data race(s)

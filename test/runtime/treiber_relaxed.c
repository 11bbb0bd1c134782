// The Treiber stack of treiber_acq_rel.c with every operation relaxed: the
// CAS that publishes a node no longer releases its plain fields and the pop
// no longer acquires them, so the consumer's reads of the popped node's
// `next` and `payload` and its free of the node race with the producer's
// writes. Four reports, each naming the heap node, offset and allocation.
// (The producer pushes all its nodes before the consumer pops one -- they take
// turns through a relaxed atomic -- so the reports are the same on every run.)
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

// The threads take turns through a relaxed atomic: that orders them in time,
// so the report is the same on every run, but creates no happens-before edge.
static atomic_int turn = 1;
static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
  __asm__ __volatile__("" ::: "memory"); // compiler barrier only
}
static void pass_turn(int t) {
  __asm__ __volatile__("" ::: "memory");
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

#define COUNT 3

struct node {
  long payload;
  struct node *next;
};

static _Atomic(struct node *) top;

static void *producer(void *arg) {
  (void)arg;
  wait_turn(1);
  for (long i = 1; i <= COUNT; i++) {
    struct node *n = malloc(sizeof *n);
    n->payload = i;
    struct node *old = atomic_load_explicit(&top, memory_order_relaxed);
    do
      n->next = old;
    while (!atomic_compare_exchange_weak_explicit(&top, &old, n, memory_order_relaxed,
                                                  memory_order_relaxed));
  }
  pass_turn(2);
  return 0;
}

static void *consumer(void *arg) {
  (void)arg;
  wait_turn(2);
  struct node *old = atomic_load_explicit(&top, memory_order_relaxed);
  while (!atomic_compare_exchange_weak_explicit(&top, &old, old->next,
                                                memory_order_relaxed,
                                                memory_order_relaxed))
    ;
  long payload = old->payload;
  free(old);
  return (void *)(intptr_t)payload;
}

int main(void) {
  pthread_t p, c;
  void *payload;
  pthread_create(&p, 0, producer, 0);
  pthread_create(&c, 0, consumer, 0);
  pthread_join(p, 0);
  pthread_join(c, &payload);
  for (struct node *n = atomic_load(&top), *next; n; n = next) {
    next = n->next;
    free(n);
  }
  return (intptr_t)payload == COUNT ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Read of size 8 at [[NEXT:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 consumer {{.*}}treiber_relaxed.c:63:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[NEXT]] by thread T1:
// CHECK-NEXT:     #0 producer {{.*}}treiber_relaxed.c:51:{{[0-9]+}}
// CHECK-NEXT:   Location is heap block of 16 bytes at offset 8 allocated at {{.*}}treiber_relaxed.c:47:{{[0-9]+}} in producer by thread T1{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}treiber_relaxed.c:76:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}treiber_relaxed.c:75:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}treiber_relaxed.c:63:{{[0-9]+}} in consumer
// CHECK-NEXT: ==================
// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Read of size 8 at [[PAYLOAD:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 consumer {{.*}}treiber_relaxed.c:67:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[PAYLOAD]] by thread T1:
// CHECK-NEXT:     #0 producer {{.*}}treiber_relaxed.c:48:{{[0-9]+}}
// CHECK-NEXT:   Location is heap block of 16 bytes at offset 0 allocated at {{.*}}treiber_relaxed.c:47:{{[0-9]+}} in producer by thread T1{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}treiber_relaxed.c:76:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}treiber_relaxed.c:75:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}treiber_relaxed.c:67:{{[0-9]+}} in consumer
// CHECK-NEXT: ==================
// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 16 at [[PAYLOAD]] by thread T2:
// CHECK-NEXT:     #0 free{{$}}
// CHECK-NEXT:   Previous write of size 8 at [[PAYLOAD]] by thread T1:
// CHECK-NEXT:     #0 producer {{.*}}treiber_relaxed.c:48:{{[0-9]+}}
// CHECK-NEXT:   Location is heap block of 16 bytes at offset 0 allocated at {{.*}}treiber_relaxed.c:47:{{[0-9]+}} in producer by thread T1{{$}}
// CHECK:      SUMMARY: AtomicGuard: data race in free{{$}}
// CHECK-NEXT: ==================
// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 16 at [[PAYLOAD]] by thread T2:
// CHECK-NEXT:     #0 free{{$}}
// CHECK-NEXT:   Previous write of size 8 at [[NEXT]] by thread T1:
// CHECK-NEXT:     #0 producer {{.*}}treiber_relaxed.c:51:{{[0-9]+}}
// CHECK-NEXT:   Location is heap block of 16 bytes at offset 8 allocated at {{.*}}treiber_relaxed.c:47:{{[0-9]+}} in producer by thread T1{{$}}
// CHECK:      SUMMARY: AtomicGuard: data race in free{{$}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 4 data race(s)

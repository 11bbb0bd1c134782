// Lock-free Treiber stack: two producers push heap nodes with a plain payload
// using atomic_compare_exchange_weak (acq_rel), while a consumer pops them
// with acq_rel CAS and reads the payload. The successful CAS that publishes a
// node releases its plain fields; the pop acquires them (CASes on `top` form
// release sequences). No report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define PER_PRODUCER 2000

struct node {
  long payload;
  struct node *next;
};

static _Atomic(struct node *) top;

static void push(struct node *n) {
  struct node *old = atomic_load_explicit(&top, memory_order_relaxed);
  do
    n->next = old;
  while (!atomic_compare_exchange_weak_explicit(&top, &old, n, memory_order_acq_rel,
                                                memory_order_relaxed));
}

// Only one thread pops, and nodes are freed only after every thread is
// joined, so there is no ABA problem.
static struct node *pop(void) {
  struct node *old = atomic_load_explicit(&top, memory_order_acquire);
  while (old && !atomic_compare_exchange_weak_explicit(&top, &old, old->next,
                                                       memory_order_acq_rel,
                                                       memory_order_acquire))
    ;
  return old;
}

static void *producer(void *arg) {
  long base = *(const long *)arg;
  for (long i = 1; i <= PER_PRODUCER; i++) {
    struct node *n = malloc(sizeof *n);
    n->payload = base + i;
    push(n);
  }
  return 0;
}

static struct node *popped[2 * PER_PRODUCER];
static long sum;
static void *consumer(void *arg) {
  (void)arg;
  int got = 0;
  while (got < 2 * PER_PRODUCER) {
    struct node *n = pop();
    if (!n) {
      sched_yield();
      continue;
    }
    sum += n->payload;
    popped[got++] = n;
  }
  return 0;
}

int main(void) {
  static const long bases[2] = {0, 1000000};
  pthread_t c, p[2];
  pthread_create(&c, 0, consumer, 0);
  for (int i = 0; i < 2; i++)
    pthread_create(&p[i], 0, producer, (void *)&bases[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(p[i], 0);
  pthread_join(c, 0);
  for (int i = 0; i < 2 * PER_PRODUCER; i++)
    free(popped[i]);
  long want = 2L * PER_PRODUCER * (PER_PRODUCER + 1) / 2 + 1000000L * PER_PRODUCER;
  printf("sum=%ld done\n", sum);
  return sum == want ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     sum=2004002000 done
// CLEAN-NOT: AtomicGuard

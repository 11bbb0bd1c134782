// Shared by the options_*.test files: two distinct races, always reported in
// the same order. T1 and T2 take turns through a relaxed atomic (ordered in
// time, no happens-before edge); T2 first overwrites `counter` (race 1, in
// writer_b) and then `status` (race 2, in set_status).
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

long counter;
int status;

static atomic_int turn = 1;
static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
  __asm__ __volatile__("" ::: "memory");
}
static void pass_turn(int t) {
  __asm__ __volatile__("" ::: "memory");
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

__attribute__((noinline)) void set_status(int s) {
  status = s;
}

static void *writer_a(void *arg) {
  (void)arg;
  wait_turn(1);
  counter = 1;
  set_status(1);
  pass_turn(2);
  return 0;
}

static void *writer_b(void *arg) {
  (void)arg;
  wait_turn(2);
  counter = 2;
  set_status(2);
  pass_turn(3);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, writer_a, 0);
  pthread_create(&b, 0, writer_b, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("main-done\n");
  return 0;
}

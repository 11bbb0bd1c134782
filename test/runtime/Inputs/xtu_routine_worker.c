// The thread routine used by xtu_routine.c, compiled separately. It knows
// nothing about threads: it only sees an extern global and an extern turn.
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

extern long hits;
extern atomic_int xtu_turn;

void *xtu_worker(void *arg) {
  int id = (int)(intptr_t)arg;
  while (atomic_load_explicit(&xtu_turn, memory_order_relaxed) != id)
    sched_yield();
  __asm__ __volatile__("" ::: "memory");
  hits = id * 100;
  __asm__ __volatile__("" ::: "memory");
  atomic_store_explicit(&xtu_turn, id + 1, memory_order_relaxed);
  return 0;
}

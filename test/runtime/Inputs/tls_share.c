// T1 publishes the address of its own tl_counter (defined in another unit)
// and later calls bump(); T2 writes T1's instance through the pointer with
// nothing ordering the write before bump()'s increment.
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

extern _Thread_local int tl_counter;
void bump(void);
static _Atomic(int *) shared;

static void *owner(void *arg) {
  (void)arg;
  atomic_store(&shared, &tl_counter);
  usleep(50 * 1000);
  bump();
  return 0;
}

static void *intruder(void *arg) {
  (void)arg;
  int *p;
  while (!(p = atomic_load(&shared)))
    usleep(1000);
  *p = 100;
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, owner, 0);
  pthread_create(&b, 0, intruder, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

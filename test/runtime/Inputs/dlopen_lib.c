// An instrumented shared object whose two threads race on its global.
#include <pthread.h>

long lib_counter;

static void *bump(void *arg) {
  (void)arg;
  lib_counter++;
  return 0;
}

void lib_run(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
}

// Two threads increment a counter under a mutex: no race, so a SARIF log
// has an empty results array and the process keeps its own exit status.
#include <pthread.h>
#include <stdio.h>

long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *bump(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("counter %ld\n", counter);
  return 0;
}

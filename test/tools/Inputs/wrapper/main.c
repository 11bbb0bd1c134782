// Runs count_hit (counter.c) in two threads at once.
#include <pthread.h>

void *count_hit(void *arg);

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, count_hit, 0);
  pthread_create(&b, 0, count_hit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

// A tiny lock library compiled WITHOUT the plugin (uninstrumented), used by
// uninstrumented_lock_object.c and uninstrumented_lock_shared.c. Its
// synchronization goes through pthread_mutex_*, which the runtime intercepts
// wherever the call comes from.
#include <pthread.h>

static pthread_mutex_t helper_mutex = PTHREAD_MUTEX_INITIALIZER;
static int helper_depth; // private bookkeeping, uninstrumented

void helper_lock(void) {
  pthread_mutex_lock(&helper_mutex);
  helper_depth++;
}

void helper_unlock(void) {
  helper_depth--;
  pthread_mutex_unlock(&helper_mutex);
}

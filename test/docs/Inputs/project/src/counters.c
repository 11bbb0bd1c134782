// count_locked is correct; count_unlocked is the planted race.
#include "counters.h"
#include <pthread.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
long hits;
void count_unlocked(void) { hits++; }
void count_locked(void) { pthread_mutex_lock(&lock); hits++; pthread_mutex_unlock(&lock); }
long counted(void) { return hits; }

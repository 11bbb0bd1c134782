// Needs the wrapper's include directory: atomicguard.h.
#include <atomicguard.h>

AG_COUNTER unsigned long events;

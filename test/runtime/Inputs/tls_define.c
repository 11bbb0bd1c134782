// Defines an external thread-local and a function that increments it;
// nothing here takes its address, but another unit may.
_Thread_local int tl_counter;
void bump(void) { tl_counter++; }

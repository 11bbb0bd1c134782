// Defines the global that xtu_global.c races on (compiled separately).
long shared_counter;

long read_shared_counter(void) { return shared_counter; }

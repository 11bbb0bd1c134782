// The racy half: every thread bumps hits without synchronization.
long hits;

void *count_hit(void *arg) {
  (void)arg;
  hits++;
  return 0;
}

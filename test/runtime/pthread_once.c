// pthread_once: several threads ask for a lazily built configuration; the
// builder runs once and every pthread_once return happens after it. No
// report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct config {
  int workers;
  int retries;
  char name[16];
};

static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static struct config *config;

static void build_config(void) {
  struct config *c = malloc(sizeof *c);
  c->workers = 4;
  c->retries = 3;
  snprintf(c->name, sizeof c->name, "primary");
  config = c;
}

static const struct config *get_config(void) {
  pthread_once(&config_once, build_config);
  return config;
}

static void *worker(void *arg) {
  const struct config *c = get_config();
  *(int *)arg = c->workers * 10 + c->retries;
  return 0;
}

int main(void) {
  pthread_t t[4];
  int out[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], 0, worker, &out[i]);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  int ok = 1;
  for (int i = 0; i < 4; i++)
    ok &= out[i] == 43;
  printf("config=%s done\n", get_config()->name);
  free(config);
  return ok ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     config=primary done
// CLEAN-NOT: AtomicGuard

// Heap memory reused across threads after a join: T1 allocates a block,
// writes it and frees it; main joins T1 and starts T2, which allocates a block
// of the same size (typically the same memory) and writes it. The join
// orders everything, and reused memory is never reported anyway: no report,
// exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long *last_block; // publishes the block: it is shared memory

static void *use_block(void *arg) {
  long *block = malloc(32 * sizeof(long));
  last_block = block;
  for (int i = 0; i < 32; i++)
    block[i] = i + (long)(intptr_t)arg;
  memset(block, 0, 8 * sizeof(long));
  long sum = 0;
  for (int i = 0; i < 32; i++)
    sum += block[i];
  free(block);
  return (void *)(intptr_t)sum;
}

int main(void) {
  for (int round = 1; round <= 3; round++) {
    pthread_t t;
    void *sum;
    pthread_create(&t, 0, use_block, (void *)(intptr_t)round);
    pthread_join(t, &sum);
    if ((intptr_t)sum != 24 * round + (8 + 31) * 24 / 2)
      return 1;
  }
  printf("done\n");
  return 0;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     done
// CLEAN-NOT: AtomicGuard

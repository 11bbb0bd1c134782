/*
 * scheduler.c - a small task scheduler with a lost-update race.
 *
 * main fills a queue with tasks, then starts NUM_WORKERS worker threads.
 * Each worker repeatedly takes the next task from the queue -- properly, under
 * `queue_lock` -- runs it, and then counts it:
 *
 *     tasks_completed++;
 *
 * `tasks_completed` is a plain size_t shared by every worker, and nothing
 * orders one worker's increment with another's: the mutex is released before
 * the task runs, so it protects the queue but not the counter. Two workers
 * finishing at the same moment both read N and both write N + 1; the final
 * count comes out short now and then, and nothing in a test run shows it.
 *
 * atomicguard reports the race on the first run, whatever the timing: the
 * unlock that ends one worker's dequeue happens before the next worker's
 * dequeue, but nothing happens between the increment and the next unlock the
 * other worker acquires.
 *
 * Fix: make the counter atomic_size_t and use atomic_fetch_add_explicit(...,
 * memory_order_relaxed) (see logger.c), or increment it under queue_lock.
 *
 * Expected verdict: race (on 'tasks_completed'; exit status 66)
 *
 * Build and run:
 *   clang-22 -g -O1 -fpass-plugin=build/lib/atomicguard.so examples/scheduler.c \
 *     -Lbuild/lib -latomicguard_rt -lpthread -o scheduler && ./scheduler
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define NUM_WORKERS 4
#define NUM_TASKS 64

struct task {
  int id;
  unsigned input;
  unsigned long result;
};

static struct task tasks[NUM_TASKS];
static size_t next_task;              /* protected by queue_lock */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start_line;  /* all workers start together */

size_t tasks_completed;               /* BUG: shared, never synchronized */

/* Takes the next task, or returns NULL when the queue is empty. */
static struct task *take_task(void) {
  struct task *t = NULL;
  pthread_mutex_lock(&queue_lock);
  if (next_task < NUM_TASKS)
    t = &tasks[next_task++];
  pthread_mutex_unlock(&queue_lock);
  return t;
}

/* A task: a little computation and a little simulated I/O. */
static void run_task(struct task *t) {
  unsigned long h = t->input;
  for (int i = 0; i < 10000; i++)
    h = h * 6364136223846793005UL + 1442695040888963407UL;
  t->result = h;
  struct timespec io = {0, 1000 * 1000}; /* 1 ms */
  nanosleep(&io, NULL);
}

static void *worker(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start_line);
  struct task *t;
  while ((t = take_task()) != NULL) {
    run_task(t);
    tasks_completed++; /* the race */
  }
  return NULL;
}

int main(void) {
  for (int i = 0; i < NUM_TASKS; i++)
    tasks[i] = (struct task){.id = i, .input = 17u * (unsigned)i + 1};
  pthread_barrier_init(&start_line, NULL, NUM_WORKERS);

  pthread_t workers[NUM_WORKERS];
  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_create(&workers[i], NULL, worker, NULL);
  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_join(workers[i], NULL);
  pthread_barrier_destroy(&start_line);

  printf("scheduler: %zu of %d tasks counted as completed\n", tasks_completed,
         NUM_TASKS);
  return 0;
}

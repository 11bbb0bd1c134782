// For options_log_path_fork.test: the parent reports a race, then forks;
// the child runs the same racy code and reports it again as a process of its
// own. Both print their pids on stdout.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

long counter;

static void *bump(void *arg) {
  (void)arg;
  counter++;
  return 0;
}

static void race(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
}

int main(void) {
  race();
  fflush(0);
  pid_t pid = fork();
  if (pid == 0) {
    race();
    printf("child %d\n", (int)getpid());
    exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  printf("parent %d, child exit status %d\n", (int)getpid(),
         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}

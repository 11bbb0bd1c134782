#ifndef WORKER_H
#define WORKER_H

#define JOBS_PER_WORKER 8

/* arg: the first job of the worker's slice (const int *). */
void *worker(void *arg);
long jobs_total(void);

#endif

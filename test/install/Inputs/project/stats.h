#ifndef STATS_H
#define STATS_H

void record_job(void);
unsigned long jobs_recorded(void);

#endif

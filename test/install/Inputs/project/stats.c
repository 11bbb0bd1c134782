// Job statistics. The planted bug: every worker updates jobs_done with no
// lock held.
#include "stats.h"

unsigned long jobs_done;

void record_job(void) { jobs_done++; }

unsigned long jobs_recorded(void) { return jobs_done; }

/*===- sarif.c - The SARIF 2.1.0 log of report_format=sarif -----------------===*
 *
 * A SARIF log is one JSON document, but races are found one at a time, so
 * report.c hands each result (a complete JSON object) to this file, which
 * owns the document around them:
 *
 * - log_path=PREFIX: the document is the file PREFIX.PID.sarif, created at
 *   the first result (or at exit if there is none) and complete on disk
 *   after every result: a result is written over the closing brackets,
 *   which are written again after it, in one pwritev. A process that dies
 *   (a crash, a kill, abort) therefore leaves a valid log of the races
 *   found so far. Each process, also a forked child, writes its own file
 *   (a forked child only if it found races).
 * - log_path=stderr or stdout: the results are kept in runtime memory
 *   (ag_alloc) and the whole document is written at exit (normal exit,
 *   halt_on_error, _exit, _Exit, quick_exit); a process killed by a signal
 *   writes none.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef AG_VERSION
#error "AG_VERSION (the project version) must be defined by the build"
#endif

static const char doc_head[] =
    "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
    "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
    "\"name\":\"atomicguard\",\"version\":\"" AG_VERSION "\","
    "\"semanticVersion\":\"" AG_VERSION "\",\"rules\":[{"
    "\"id\":\"data-race\",\"name\":\"DataRace\","
    "\"shortDescription\":{\"text\":\"Data race\"},"
    "\"fullDescription\":{\"text\":\"Two threads access the same memory, at "
    "least one of them writes, and nothing orders the two accesses "
    "(no lock, join, or release/acquire pair): the behavior of the program "
    "is undefined (C11 5.1.2.4).\"},"
    "\"help\":{\"text\":\"Make both accesses atomic, or order them: hold one "
    "lock around both, join the thread that made the first, or publish "
    "with a release store that the other thread reads with an acquire "
    "load. A race accepted on purpose can be declared with "
    "AG_BENIGN_RACE(\\\"why\\\") (atomicguard.h) or suppressed with a "
    "race: rule in the suppressions file.\"},"
    "\"defaultConfiguration\":{\"level\":\"error\"},"
    "\"properties\":{\"tags\":[\"concurrency\",\"correctness\"],"
    "\"precision\":\"high\",\"problem.severity\":\"error\"}}]}},"
    "\"results\":[";
static const char doc_tail[] = "\n]}]}\n";
static const char result_sep_first[] = "\n";
static const char result_sep[] = ",\n";

static uint32_t nresults;
/* A forked child writes a log only if it found races: a child that
 * execs, or fails to and _exits, must not add an empty log to its
 * parent's stream (or an empty file). */
static int forked_child;

/* log_path=PREFIX: the open document and where its tail starts. */
static int file_fd = -1;
static off_t file_tail_at;
static int use_stream; /* no log_path, or its file could not be opened */

/* stderr/stdout: the results, each preceded by its separator. */
static char *mem;
static size_t mem_len, mem_cap;
static uint32_t nresults_written = UINT32_MAX; /* none written yet */

static int pwritev_all(int fd, struct iovec *iov, int n, off_t off) {
  while (n) {
    ssize_t w = pwritev(fd, iov, n, off);
    if (w < 0)
      return 0;
    off += w;
    while (n && (size_t)w >= iov->iov_len) {
      w -= (ssize_t)iov->iov_len;
      iov++;
      n--;
    }
    if (n) {
      iov->iov_base = (char *)iov->iov_base + w;
      iov->iov_len -= (size_t)w;
    }
  }
  return 1;
}

/* Opens PREFIX.PID.sarif as an empty document; falls back to stderr (with
 * a warning) if it cannot be created. */
static void open_file(void) {
  char path[4200];
  snprintf(path, sizeof path, "%.4000s.%d.sarif", ag_flags.log_path,
           (int)getpid());
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  struct iovec iov[2] = {{(void *)doc_head, sizeof doc_head - 1},
                         {(void *)doc_tail, sizeof doc_tail - 1}};
  if (fd < 0 || !pwritev_all(fd, iov, 2, 0)) {
    char msg[4400];
    int n = snprintf(msg, sizeof msg,
                     "AtomicGuard: warning: cannot write SARIF log '%s'; "
                     "writing it to stderr at exit\n",
                     path);
    ag_write_fd(2, msg, (size_t)n);
    if (fd >= 0)
      close(fd);
    use_stream = 1;
    return;
  }
  file_fd = fd;
  file_tail_at = (off_t)(sizeof doc_head - 1);
}

static int writing_file(void) {
  if (use_stream || !ag_flags.log_path)
    return 0;
  if (file_fd < 0)
    open_file();
  return !use_stream;
}

static void mem_append(const char *s, size_t n) {
  if (mem_len + n > mem_cap) {
    size_t cap = mem_cap ? mem_cap : 65536;
    while (cap < mem_len + n)
      cap *= 2;
    char *m = ag_alloc(cap);
    memcpy(m, mem, mem_len);
    ag_free(mem, mem_cap);
    mem = m;
    mem_cap = cap;
  }
  memcpy(mem + mem_len, s, n);
  mem_len += n;
}

void ag_sarif_add_result(const char *json, size_t n) {
  const char *sep = nresults ? result_sep : result_sep_first;
  size_t sep_n = ag_strlen(sep);
  nresults++;
  if (writing_file()) {
    struct iovec iov[3] = {{(void *)sep, sep_n},
                           {(void *)json, n},
                           {(void *)doc_tail, sizeof doc_tail - 1}};
    if (pwritev_all(file_fd, iov, 3, file_tail_at))
      file_tail_at += (off_t)(sep_n + n);
    return;
  }
  mem_append(sep, sep_n);
  mem_append(json, n);
}

void ag_sarif_finish(void) {
  if (forked_child && !nresults)
    return;
  if (writing_file())
    return; /* complete on disk already */
  if (nresults_written == nresults)
    return; /* nothing new since the document was written */
  int fd = ag_flags.log_path ? 2 : ag_flags.log_fd;
  ag_write_fd(fd, doc_head, sizeof doc_head - 1);
  ag_write_fd(fd, mem, mem_len);
  ag_write_fd(fd, doc_tail, sizeof doc_tail - 1);
  nresults_written = nresults;
}

/* The child is a process of its own: its own file, its own results. */
void ag_sarif_fork_child(void) {
  if (file_fd >= 0)
    close(file_fd);
  file_fd = -1;
  use_stream = 0;
  forked_child = 1;
  nresults = 0;
  mem_len = 0;
  nresults_written = UINT32_MAX;
}

/*===- alloc.c - Internal mmap arena; the runtime never calls libc malloc ---===*
 *
 * Power-of-two size classes from 16 bytes to 64 KiB, each a free list plus a
 * bump region, under its own lock. Class memory is never returned to the OS,
 * so lock-free readers holding a stale pointer read mapped memory. Larger
 * blocks are mmap'd individually. A quarantine delays frees of objects that
 * lock-free fast paths may still be reading.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NCLASS 13 /* 16 << 12 == 65536 */
#define LARGE_HDR 64

struct size_class {
  ag_mutex_t lock;
  void *free;
  char *bump, *end;
} __attribute__((aligned(64)));

static struct size_class classes[NCLASS];

/* Raw system calls: mmap and munmap are intercepted (interceptors.c), and
 * the interceptors take runtime locks that the callers here may hold. */
void *ag_sys_mmap(size_t n, int flags) {
  long r = syscall(SYS_mmap, 0, n, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
  return r < 0 && r > -4096 ? MAP_FAILED : (void *)r;
}

void ag_sys_munmap(void *p, size_t n) { syscall(SYS_munmap, p, n); }

/* _exit and _Exit are intercepted too (they must print the summary and
 * replace the exit status); the runtime's own exits bypass them. */
void ag_sys_exit(int status) {
  for (;;)
    syscall(SYS_exit_group, status);
}

void *ag_mmap(size_t n, int noreserve) {
  void *p = ag_sys_mmap(n, noreserve ? MAP_NORESERVE : 0);
  if (p == MAP_FAILED)
    ag_die("AtomicGuard: fatal: out of memory (mmap failed)\n");
  return p;
}

static inline int class_of(size_t n) {
  if (n <= 16)
    return 0;
  return 64 - __builtin_clzll(n - 1) - 4;
}

void *ag_alloc(size_t n) {
  if (n == 0)
    n = 1;
  if (n > AG_ALLOC_MAX_SMALL) {
    size_t total = (n + LARGE_HDR + 4095) & ~(size_t)4095;
    char *p = ag_mmap(total, 0);
    *(size_t *)p = total;
    return p + LARGE_HDR;
  }
  int c = class_of(n);
  size_t sz = (size_t)16 << c;
  struct size_class *sc = &classes[c];
  ag_mutex_lock(&sc->lock);
  void *p = sc->free;
  if (p) {
    sc->free = *(void **)p;
  } else {
    if (sc->bump + sz > sc->end || !sc->bump) {
      size_t rs = sz * 32 < (1u << 20) ? (1u << 20) : sz * 32;
      sc->bump = ag_mmap(rs, 0);
      sc->end = sc->bump + rs;
    }
    p = sc->bump;
    sc->bump += sz;
  }
  ag_mutex_unlock(&sc->lock);
  memset(p, 0, n < sizeof(void *) ? sizeof(void *) : n);
  return p;
}

void ag_free(void *p, size_t n) {
  if (!p)
    return;
  if (n == 0)
    n = 1;
  if (n > AG_ALLOC_MAX_SMALL) {
    char *b = (char *)p - LARGE_HDR;
    ag_sys_munmap(b, *(size_t *)b);
    return;
  }
  struct size_class *sc = &classes[class_of(n)];
  ag_mutex_lock(&sc->lock);
  *(void **)p = sc->free;
  sc->free = p;
  ag_mutex_unlock(&sc->lock);
}

#define QUARANTINE 4096
static struct {
  void *p;
  size_t n;
} quarantine[QUARANTINE];
static unsigned qhead;
static ag_mutex_t qlock;

void ag_free_deferred(void *p, size_t n) {
  if (!p)
    return;
  ag_mutex_lock(&qlock);
  void *op = quarantine[qhead].p;
  size_t on = quarantine[qhead].n;
  quarantine[qhead].p = p;
  quarantine[qhead].n = n;
  qhead = (qhead + 1) % QUARANTINE;
  ag_mutex_unlock(&qlock);
  ag_free(op, on);
}

char *ag_strdup(const char *s) {
  size_t n = ag_strlen(s);
  char *d = ag_alloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

void ag_alloc_fork_child(void) {
  ag_mutex_reset(&qlock);
  for (int i = 0; i < NCLASS; i++)
    ag_mutex_reset(&classes[i].lock);
}

/*===- heap.c - malloc family interceptors and the live heap block table ----===*
 *
 * The interceptors forward to glibc's exported __libc_* allocator entry
 * points (no dlsym, so no recursion), record each live block (address, size,
 * allocation site from __atomicguard_note_alloc, allocating thread) and reset
 * the shadow and sync objects of the block's range, so fresh memory never
 * inherits the history of a freed block. Resetting only visits shadow that
 * exists and is marked dirty, so huge allocations stay cheap.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

#define HEAP_BUCKETS (1u << 16)

struct hnode {
  uptr addr, size;
  const struct ag_site *site;
  uint32_t tid;
  struct hnode *next;
};
struct hbucket {
  struct hnode *head;
  ag_mutex_t lock;
};
static struct hbucket hbuckets[HEAP_BUCKETS];

static inline struct hbucket *hbucket_of(uptr a) {
  return &hbuckets[((a >> 4) * 0x9E3779B97F4A7C15ull) >> 48];
}

static void heap_add(void *p, size_t n) {
  if (!p)
    return;
  uptr a = (uptr)p;
  struct ag_thread *t = ag_cur;
  struct hbucket *b = hbucket_of(a);
  struct hnode *nn = ag_alloc(sizeof(*nn));
  nn->addr = a;
  nn->size = n;
  nn->tid = t ? t->tid : 0;
  ag_mutex_lock(&b->lock);
  struct hnode **pp = &b->head;
  while (*pp) {
    if ((*pp)->addr == a) { /* stale entry: freed behind our back */
      struct hnode *o = *pp;
      *pp = o->next;
      ag_free(o, sizeof(*o));
      break;
    }
    pp = &(*pp)->next;
  }
  nn->next = b->head;
  b->head = nn;
  ag_mutex_unlock(&b->lock);
  ag_shadow_reset(a, n);
}

/* Returns 1 and the size if the block was known. */
static int heap_del(uptr a, uptr *size) {
  struct hbucket *b = hbucket_of(a);
  ag_mutex_lock(&b->lock);
  for (struct hnode **pp = &b->head; *pp; pp = &(*pp)->next)
    if ((*pp)->addr == a) {
      struct hnode *o = *pp;
      *pp = o->next;
      ag_mutex_unlock(&b->lock);
      *size = o->size;
      ag_free(o, sizeof(*o));
      return 1;
    }
  ag_mutex_unlock(&b->lock);
  return 0;
}

static int heap_get_size(uptr a, uptr *size) {
  struct hbucket *b = hbucket_of(a);
  int found = 0;
  ag_mutex_lock(&b->lock);
  for (struct hnode *n = b->head; n; n = n->next)
    if (n->addr == a) {
      *size = n->size;
      found = 1;
      break;
    }
  ag_mutex_unlock(&b->lock);
  return found;
}

static void heap_set_size(uptr a, uptr size) {
  struct hbucket *b = hbucket_of(a);
  ag_mutex_lock(&b->lock);
  for (struct hnode *n = b->head; n; n = n->next)
    if (n->addr == a) {
      n->size = size;
      break;
    }
  ag_mutex_unlock(&b->lock);
}

static int copy_if_inside(struct hbucket *b, uptr a, uptr exact,
                          struct ag_heap_info *out) {
  int found = 0;
  ag_mutex_lock(&b->lock);
  for (struct hnode *n = b->head; n; n = n->next)
    if ((exact ? n->addr == exact : 1) && a >= n->addr &&
        a < n->addr + (n->size ? n->size : 1)) {
      out->addr = n->addr;
      out->size = n->size;
      out->site = n->site;
      out->tid = n->tid;
      found = 1;
      break;
    }
  ag_mutex_unlock(&b->lock);
  return found;
}

int ag_heap_find(uptr a, struct ag_heap_info *out) {
  /* Blocks start 16-aligned: probe candidate starts below a (64 KiB), then
   * scan everything. Reports are rare, so this is fine. */
  uptr start = a & ~(uptr)15;
  for (int i = 0; i < 4096 && start <= a; i++, start -= 16) {
    if (copy_if_inside(hbucket_of(start), a, start, out))
      return 1;
    if (start < 16)
      break;
  }
  for (uint32_t i = 0; i < HEAP_BUCKETS; i++) {
    if (!ld_relaxed(&hbuckets[i].head))
      continue;
    if (copy_if_inside(&hbuckets[i], a, 0, out))
      return 1;
  }
  return 0;
}

void ag_heap_fork_child(void) {
  for (uint32_t i = 0; i < HEAP_BUCKETS; i++)
    ag_mutex_reset(&hbuckets[i].lock);
}

AG_EXPORT void __atomicguard_note_alloc(const void *ptr,
                                        const struct ag_site *site) {
  if (!ptr || !ag_enter())
    return;
  uptr a = (uptr)ptr;
  struct hbucket *b = hbucket_of(a);
  ag_mutex_lock(&b->lock);
  for (struct hnode *n = b->head; n; n = n->next)
    if (n->addr == a) {
      n->site = site;
      break;
    }
  ag_mutex_unlock(&b->lock);
  ag_leave();
}

/*---------------------------------------------------------- interceptors ---*/
/* Each interceptor enters the runtime once (ag_enter); when re-entered on
 * the same thread (a signal handler allocating while this thread is inside
 * the runtime) it only forwards to glibc. */

/* free and realloc access the whole block (C11 7.22.3): they are checked as
 * writes of it, so a free racing with a use of the block is reported. The
 * freed block keeps that write as its history (only a new allocation resets
 * it), so a later unsynchronized use through a stale pointer is reported
 * too. */
static const struct ag_site free_site = {
    .function = "free", .kind = AG_SITE_WRITE_RANGE};
static const struct ag_site realloc_site = {
    .function = "realloc", .kind = AG_SITE_WRITE_RANGE};

static void check_release(void *p, uptr size, const struct ag_site *site) {
  if (ag_cur && size)
    ag_check_range(ag_cur, (uptr)p, size, AF_WRITE, site);
}

static void do_free(void *p) {
  uptr size;
  int known = heap_get_size((uptr)p, &size);
  if (!known)
    size = malloc_usable_size(p);
  check_release(p, size, &free_site);
  if (known)
    heap_del((uptr)p, &size);
  ag_sync_remove_range((uptr)p, size);
  ag_benign_forget((uptr)p, size);
  __libc_free(p);
}

static void *do_realloc(void *p, size_t n) {
  if (!p) {
    void *q = __libc_malloc(n);
    heap_add(q, n);
    return q;
  }
  if (n == 0) {
    do_free(p);
    return 0;
  }
  uptr old;
  int known = heap_get_size((uptr)p, &old);
  if (!known)
    old = malloc_usable_size(p);
  check_release(p, old, &realloc_site);
  void *q = __libc_realloc(p, n);
  if (!q)
    return 0; /* p untouched */
  if (q == p) {
    if (known)
      heap_set_size((uptr)p, n);
    else
      heap_add(p, n);
    if (n > old)
      ag_shadow_reset((uptr)p + old, n - old);
    return q;
  }
  uptr dummy;
  heap_del((uptr)p, &dummy);
  ag_sync_remove_range((uptr)p, old);
  ag_benign_forget((uptr)p, old);
  heap_add(q, n);
  return q;
}

static void *do_memalign(size_t al, size_t n) {
  void *p = __libc_memalign(al, n);
  heap_add(p, n);
  return p;
}

AG_EXPORT void *malloc(size_t n) {
  if (!ag_enter())
    return __libc_malloc(n);
  void *p = __libc_malloc(n);
  heap_add(p, n);
  ag_leave();
  return p;
}

AG_EXPORT void free(void *p) {
  if (!p)
    return;
  if (!ag_enter()) {
    __libc_free(p);
    return;
  }
  do_free(p);
  ag_leave();
}

AG_EXPORT void *calloc(size_t n, size_t m) {
  if (!ag_enter())
    return __libc_calloc(n, m);
  void *p = __libc_calloc(n, m);
  if (p)
    heap_add(p, n * m);
  ag_leave();
  return p;
}

AG_EXPORT void *realloc(void *p, size_t n) {
  if (!ag_enter())
    return __libc_realloc(p, n);
  void *q = do_realloc(p, n);
  ag_leave();
  return q;
}

AG_EXPORT void *reallocarray(void *p, size_t n, size_t m) {
  size_t total;
  if (__builtin_mul_overflow(n, m, &total)) {
    errno = ENOMEM;
    return 0;
  }
  return realloc(p, total);
}

AG_EXPORT void *memalign(size_t al, size_t n) {
  if (!ag_enter())
    return __libc_memalign(al, n);
  void *p = do_memalign(al, n);
  ag_leave();
  return p;
}

AG_EXPORT void *aligned_alloc(size_t al, size_t n) {
  if (al == 0 || (al & (al - 1))) {
    errno = EINVAL;
    return 0;
  }
  return memalign(al, n);
}

AG_EXPORT int posix_memalign(void **pp, size_t al, size_t n) {
  if (al % sizeof(void *) != 0 || (al & (al - 1)) || al == 0)
    return EINVAL;
  void *p = memalign(al, n);
  if (!p)
    return ENOMEM;
  *pp = p;
  return 0;
}

AG_EXPORT void *valloc(size_t n) {
  return memalign((size_t)sysconf(_SC_PAGESIZE), n);
}

AG_EXPORT void *pvalloc(size_t n) {
  size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  size_t r = (n + ps - 1) & ~(ps - 1);
  if (r == 0)
    r = ps;
  return memalign(ps, r);
}

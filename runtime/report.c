/*===- report.c - Race reports (text/JSON/SARIF), dedup, suppressions, exit -===*
 *
 * Formats exactly the shapes of docs/reports.md into a static buffer (under
 * the report lock) and writes it with write(2). Each unordered pair of sites
 * is reported once per process; suppressed pairs are dropped silently.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static ag_mutex_t rlock;
static uint32_t reported;
static int exit_begun; /* ag_finish_process has run */

/*---------------------------------------------------------------- output ---*/

/* The log file of log_path=PREFIX, PREFIX.PID, is opened at the first line
 * written, by each process for itself: a forked child gets its own file. */
static int out_fd = -1;
static int out_fd_is_log; /* out_fd is the log file we opened */
static pid_t out_pid;

void ag_write_fd(int fd, const char *s, size_t n) {
  while (n) {
    ssize_t w = write(fd, s, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return;
    }
    s += w;
    n -= (size_t)w;
  }
}

void ag_err_write(const char *s) { ag_write_fd(2, s, ag_strlen(s)); }

static int out_get_fd(void) {
  if (!ag_flags.log_path)
    return ag_flags.log_fd;
  pid_t pid = getpid();
  if (out_fd >= 0 && out_pid == pid)
    return out_fd;
  char path[4096];
  snprintf(path, sizeof path, "%s.%d", ag_flags.log_path, (int)pid);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    char msg[4200];
    int n = snprintf(msg, sizeof msg,
                     "AtomicGuard: warning: cannot open log file '%s'; "
                     "writing to stderr\n",
                     path);
    ag_write_fd(2, msg, (size_t)n);
    fd = 2;
  }
  out_fd = fd;
  out_fd_is_log = fd != 2;
  out_pid = pid;
  return fd;
}

void ag_out_write(const char *s, size_t n) { ag_write_fd(out_get_fd(), s, n); }

/*---------------------------------------------------------------- buffer ---*/

static char rbuf[1 << 16];
static size_t rlen;

static void put(const char *s) {
  if (!s)
    s = "??";
  size_t n = ag_strlen(s);
  if (rlen + n > sizeof rbuf - 1)
    n = sizeof rbuf - 1 - rlen;
  memcpy(rbuf + rlen, s, n);
  rlen += n;
}

__attribute__((format(printf, 1, 2))) static void putf(const char *fmt, ...) {
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  size_t room = sizeof rbuf - 1 - rlen;
  int n = vsnprintf(rbuf + rlen, room + 1, fmt, ap);
  __builtin_va_end(ap);
  if (n < 0)
    return;
  rlen += (size_t)n > room ? room : (size_t)n;
}

/* Length of the well-formed UTF-8 sequence (RFC 3629) at s, 0 if there is
 * none: overlong forms, surrogates and code points above U+10FFFF are
 * ill-formed. */
static size_t utf8_sequence_length(const unsigned char *s) {
  unsigned char c = s[0];
  size_t n;
  unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0)
      lo = 0xa0;
    else if (c == 0xed)
      hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0)
      lo = 0x90;
    else if (c == 0xf4)
      hi = 0x8f;
  } else
    return 0;
  if (s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xbf)
      return 0;
  return n;
}

/* s as a JSON string (RFC 8259): quotes, backslashes and control characters
 * escaped, well-formed UTF-8 kept, and each byte that is not part of
 * well-formed UTF-8 (names and paths are bytes) replaced by U+FFFD, so the
 * output is always valid UTF-8 JSON. NULL is null. */
static void put_json_str(const char *s) {
  if (!s) {
    put("null");
    return;
  }
  put("\"");
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned char c = *p;
    if (c == '"') {
      put("\\\"");
    } else if (c == '\\') {
      put("\\\\");
    } else if (c == '\n') {
      put("\\n");
    } else if (c == '\t') {
      put("\\t");
    } else if (c < 0x20) {
      putf("\\u%04x", c);
    } else if (c < 0x80) {
      char ch[2] = {(char)c, 0};
      put(ch);
    } else {
      size_t n = utf8_sequence_length(p);
      if (!n) {
        put("\\ufffd");
        p++;
        continue;
      }
      char seq[5] = {0};
      memcpy(seq, p, n);
      put(seq);
      p += n;
      continue;
    }
    p++;
  }
  put("\"");
}

static void put_json_uint_or_null(int has, unsigned long long v) {
  if (has)
    putf("%llu", v);
  else
    put("null");
}

/*----------------------------------------------------------------- dedup ---*/

#define DEDUP_SIZE (1u << 16)
/* Keys are source sites, not descriptor addresses: the optimizer may copy a
 * statement (inlining, unrolling) and each copy gets its own descriptor. */
static struct {
  uint64_t a, b;
} dedup[DEDUP_SIZE];
static uint32_t dedup_count;

static uint64_t str_hash(uint64_t h, const char *p) {
  if (!p)
    return h * 0x100000001B3ull;
  for (; *p; p++)
    h = (h ^ (unsigned char)*p) * 0x100000001B3ull;
  return (h ^ 0xff) * 0x100000001B3ull;
}

static uint64_t site_key(const struct ag_site *s) {
  uint64_t h = 0xCBF29CE484222325ull;
  h = str_hash(h, s->file);
  h = str_hash(h, s->function);
  h = (h ^ s->line) * 0x100000001B3ull;
  h = (h ^ s->column) * 0x100000001B3ull;
  /* With a position, the read and the write of one expression (`n++`) are
   * one site, so a racy increment is one report, as in TSan, and so are the
   * copies the optimizer made of one statement, whatever their sizes (a
   * vectorized loop and its scalar remainder). Without debug info the
   * position is only FILE+FUNCTION: the kind and the size still tell
   * different statements apart. The variable tells apart the accesses a
   * macro expands to at one position. */
  if (!s->line) {
    h = (h ^ s->kind) * 0x100000001B3ull;
    h = (h ^ s->size) * 0x100000001B3ull;
  }
  h = str_hash(h, s->var ? s->var->name : 0);
  return h ? h : 1;
}

static inline uint32_t pair_hash(uint64_t a, uint64_t b) {
  uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full);
  return (uint32_t)(h >> 48);
}

static int dedup_seen(uint64_t a, uint64_t b) {
  for (uint32_t i = pair_hash(a, b), k = 0; k < DEDUP_SIZE;
       k++, i = (i + 1) & (DEDUP_SIZE - 1)) {
    uint64_t x = ld_acquire(&dedup[i].a);
    if (!x)
      return 0;
    if (x == a && ld_relaxed(&dedup[i].b) == b)
      return 1;
  }
  return 0;
}

/* report lock held */
static void dedup_insert(uint64_t a, uint64_t b) {
  if (dedup_count >= DEDUP_SIZE / 4 * 3)
    return;
  for (uint32_t i = pair_hash(a, b);; i = (i + 1) & (DEDUP_SIZE - 1)) {
    if (!dedup[i].a) {
      st_relaxed(&dedup[i].b, b);
      st_release(&dedup[i].a, a);
      dedup_count++;
      return;
    }
  }
}

/*---------------------------------------------------------- suppressions ---*/

struct suppression {
  const char *type; /* "race" or "race_top", as written */
  const char *pattern;
  int top_only; /* race_top: only the current access's function and file */
  uint32_t hits; /* races it suppressed; report lock held */
};
static struct suppression *supp;
static uint32_t nsupp;

static int glob_match(const char *p, const char *s) {
  const char *star = 0, *ss = 0;
  while (*s) {
    if (*p == '*') {
      star = p++;
      ss = s;
    } else if (*p == *s) {
      p++;
      s++;
    } else if (star) {
      p = star + 1;
      s = ++ss;
    } else {
      return 0;
    }
  }
  while (*p == '*')
    p++;
  return *p == 0;
}

/* The first rule, in file order, that matches one of names[0, n); a
 * race_top rule only looks at names[0, ntop), the current access's top
 * frame. It counts the race. Report lock held. */
static int suppressed(const char *const *names, int ntop, int n) {
  for (uint32_t i = 0; i < nsupp; i++) {
    int limit = supp[i].top_only ? ntop : n;
    for (int j = 0; j < limit; j++)
      if (names[j] && glob_match(supp[i].pattern, names[j])) {
        supp[i].hits++;
        return 1;
      }
  }
  return 0;
}

/* print_suppressions=1: the rules that matched, with how many races each
 * suppressed, as TSan's "Suppressions used". */
static void print_used_suppressions(void) {
  int any = 0;
  for (uint32_t i = 0; i < nsupp && !any; i++)
    any = supp[i].hits != 0;
  if (!any)
    return;
  static const char head[] = "AtomicGuard: suppressions used:\n";
  ag_out_write(head, sizeof head - 1);
  for (uint32_t i = 0; i < nsupp; i++) {
    if (!supp[i].hits)
      continue;
    char buf[512];
    int k = snprintf(buf, sizeof buf, "  %u %s:%.400s\n", supp[i].hits,
                     supp[i].type, supp[i].pattern);
    if (k > (int)sizeof buf - 1)
      k = (int)sizeof buf - 1;
    ag_out_write(buf, (size_t)k);
  }
}

__attribute__((noreturn, format(printf, 3, 4))) static void
supp_error(const char *path, unsigned line, const char *fmt, ...) {
  char buf[5000];
  int k = snprintf(buf, sizeof buf, "AtomicGuard: error: %.4000s:%u: ", path,
                   line);
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  k += vsnprintf(buf + k, sizeof buf - 1 - (size_t)k, fmt, ap);
  __builtin_va_end(ap);
  if (k > (int)sizeof buf - 2)
    k = (int)sizeof buf - 2;
  buf[k++] = '\n';
  ag_write_fd(2, buf, (size_t)k);
  ag_sys_exit(1);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static int span_is(const char *p, size_t n, const char *lit) {
  return n == ag_strlen(lit) && memcmp(p, lit, n) == 0;
}

/* One rule TYPE:PATTERN in [p, e), blanks trimmed at both ends. */
static void parse_suppression(const char *path, unsigned lineno,
                              const char *p, const char *e,
                              struct suppression *out) {
  const char *colon = memchr(p, ':', (size_t)(e - p));
  if (!colon)
    supp_error(path, lineno, "expected TYPE:PATTERN, got '%.*s'",
               (int)(e - p > 300 ? 300 : e - p), p);
  const char *te = colon;
  while (te > p && is_space(te[-1]))
    te--;
  size_t tn = (size_t)(te - p);
  if (span_is(p, tn, "race") || span_is(p, tn, "race_top")) {
    out->top_only = tn != 4;
    out->type = tn == 4 ? "race" : "race_top";
  } else if (span_is(p, tn, "thread") || span_is(p, tn, "mutex") ||
             span_is(p, tn, "signal") || span_is(p, tn, "deadlock") ||
             span_is(p, tn, "called_from_lib")) {
    supp_error(path, lineno,
               "suppression type '%.*s' is not supported (AtomicGuard "
               "supports race and race_top)",
               (int)tn, p);
  } else {
    supp_error(path, lineno,
               "unknown suppression type '%.*s' (expected race or race_top)",
               (int)(tn > 100 ? 100 : tn), p);
  }
  const char *pat = colon + 1;
  while (pat < e && is_space(*pat))
    pat++;
  if (pat == e)
    supp_error(path, lineno, "empty pattern in '%.*s'", (int)(e - p), p);
  size_t pn = (size_t)(e - pat);
  char *d = ag_alloc(pn + 1);
  memcpy(d, pat, pn);
  d[pn] = 0;
  out->pattern = d;
}

void ag_suppressions_load(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    char buf[4200];
    int k = snprintf(buf, sizeof buf,
                     "AtomicGuard: error: cannot open suppressions file "
                     "'%.4000s'\n",
                     path);
    ag_write_fd(2, buf, (size_t)k);
    ag_sys_exit(1);
  }
  size_t cap = 4096, len = 0;
  char *data = ag_alloc(cap);
  for (;;) {
    if (len + 1 >= cap) {
      char *nd = ag_alloc(cap * 2);
      memcpy(nd, data, len);
      ag_free(data, cap);
      data = nd;
      cap *= 2;
    }
    ssize_t r = read(fd, data + len, cap - 1 - len);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    len += (size_t)r;
  }
  close(fd);
  uint32_t maxn = 16;
  supp = ag_alloc(maxn * sizeof *supp);
  unsigned lineno = 0;
  for (const char *p = data, *end = data + len; p < end;) {
    lineno++;
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
      e = end;
    const char *next = e < end ? e + 1 : e;
    const char *hash = memchr(p, '#', (size_t)(e - p));
    if (hash)
      e = hash;
    while (p < e && is_space(*p))
      p++;
    while (e > p && is_space(e[-1]))
      e--;
    if (p < e) {
      if (nsupp == maxn) {
        struct suppression *ns = ag_alloc(maxn * 2 * sizeof *supp);
        memcpy(ns, supp, maxn * sizeof *supp);
        ag_free(supp, maxn * sizeof *supp);
        supp = ns;
        maxn *= 2;
      }
      parse_suppression(path, lineno, p, e, &supp[nsupp++]);
    }
    p = next;
  }
  ag_free(data, cap);
}

/*---------------------------------------------------------- range history ---*/

#define RHIST 4096
static struct {
  const struct ag_site *site;
  uint32_t slot;
  uptr addr, size;
} rhist[RHIST];

static inline uint32_t rhist_idx(const struct ag_site *s, uint32_t slot) {
  return (uint32_t)((((uint64_t)(uptr)s ^ ((uint64_t)slot << 40)) *
                     0x9E3779B97F4A7C15ull) >> 52);
}

void ag_range_note(struct ag_thread *t, const struct ag_site *site, uptr addr,
                   uptr size) {
  uint32_t i = rhist_idx(site, t->slot);
  st_relaxed(&rhist[i].site, 0);
  st_relaxed(&rhist[i].slot, t->slot);
  st_relaxed(&rhist[i].addr, addr);
  st_relaxed(&rhist[i].size, size);
  st_release(&rhist[i].site, site);
}

/*-------------------------------------------------------------- location ---*/

enum { LOC_UNKNOWN, LOC_VAR, LOC_HEAP };
struct loc {
  int kind;
  const struct ag_var *var;
  uptr offset;
  int has_offset;
  struct ag_heap_info heap;
};

/* Where is site variable v? 1: an instance covers a (base known); 0: its
 * instances are known and none covers a; -1: its address is unknown. */
static int var_where(const struct ag_var *v, uptr a, uptr *base) {
  if (v->kind == AG_VAR_LOCAL)
    return ag_local_var_covers(v, a, base);
  return ag_global_var_covers(v, a, base);
}

static void loc_var(struct loc *L, const struct ag_var *v, uptr a, uptr base,
                    int has_base) {
  L->kind = LOC_VAR;
  L->var = v;
  L->has_offset = has_base;
  L->offset = has_base ? a - base : 0;
}

/* Naming order: a site variable of either access known to cover the
 * address, then the globals table, escaping locals, the heap table; a site
 * variable whose address is unknown (e.g. an extern declaration in another
 * module, or an unregistered object) is trusted only after those. */
static void resolve_loc(uptr a, const struct ag_site *cur,
                        const struct ag_site *prev, struct loc *L) {
  memset(L, 0, sizeof *L);
  const struct ag_var *unverified = 0;
  const struct ag_site *sites[2] = {cur, prev};
  uptr base;
  for (int i = 0; i < 2; i++) {
    const struct ag_var *v = sites[i] ? sites[i]->var : 0;
    if (!v)
      continue;
    int r = var_where(v, a, &base);
    if (r == 1) {
      loc_var(L, v, a, base, 1);
      return;
    }
    if (r < 0 && !unverified)
      unverified = v;
  }
  const struct ag_var *v;
  if (ag_global_find(a, &base, &v) || ag_local_find(a, &base, &v)) {
    loc_var(L, v, a, base, 1);
    return;
  }
  if (ag_heap_find(a, &L->heap)) {
    L->kind = LOC_HEAP;
    L->offset = a - L->heap.addr;
    L->has_offset = 1;
    return;
  }
  if (unverified) {
    loc_var(L, unverified, a, 0, 0);
    return;
  }
  L->kind = LOC_UNKNOWN;
}

/*--------------------------------------------------------------- threads ---*/

struct tinfo {
  int known; /* 0: a finished thread whose slot was reused */
  uint32_t tid;
  int32_t parent;
  const struct ag_site *create_site;
};

static void thread_info_of(uint64_t epoch, struct tinfo *ti) {
  memset(ti, 0, sizeof *ti);
  struct ag_slot *sl = ag_slot_get(AG_EPOCH_SLOT(epoch));
  if (!sl)
    return;
  uint32_t start = ld_acquire(&sl->start_clock);
  if (AG_EPOCH_CLOCK(epoch) < start)
    return;
  ti->known = 1;
  ti->tid = ld_relaxed(&sl->tid);
  ti->parent = sl->parent_tid;
  ti->create_site = sl->create_site;
}

static void thread_info_cur(struct ag_thread *t, struct tinfo *ti) {
  memset(ti, 0, sizeof *ti);
  ti->known = 1;
  ti->tid = t->tid;
  struct ag_slot *sl = ag_slot_get(t->slot);
  ti->parent = sl ? sl->parent_tid : -1;
  ti->create_site = sl ? sl->create_site : 0;
}

static void put_thread_name(uint32_t tid) {
  if (tid == 0)
    put("main thread");
  else
    putf("thread T%u", tid);
}

/*------------------------------------------------------------ formatting ---*/

/* A file path as reports show it: without strip_path_prefix in front (a
 * path that is nothing but the prefix is kept whole). */
static const char *shown_path(const char *f) {
  const char *prefix = ag_flags.strip_path_prefix;
  if (!f || !prefix)
    return f;
  size_t n = ag_strlen(prefix);
  return strncmp(f, prefix, n) == 0 && f[n] ? f + n : f;
}

static const char *order_name(unsigned o) {
  switch (o) {
  case AG_ORDER_RELAXED: return "relaxed";
  case AG_ORDER_CONSUME: return "consume";
  case AG_ORDER_ACQUIRE: return "acquire";
  case AG_ORDER_RELEASE: return "release";
  case AG_ORDER_ACQ_REL: return "acq_rel";
  default: return "seq_cst";
  }
}

static int site_is_atomic(const struct ag_site *s) {
  return s->kind >= AG_SITE_ATOMIC_LOAD && s->kind <= AG_SITE_ATOMIC_CMPXCHG;
}

static int site_is_range(const struct ag_site *s) {
  return s->kind == AG_SITE_READ_RANGE || s->kind == AG_SITE_WRITE_RANGE;
}

/* Text access kind: "Write", "Atomic load (acquire)", "Previous write", ...
 * (capital: the first letter upper case). */
static void put_access_kind(const struct ag_site *s, int is_write, int prev,
                            int capital) {
  const char *base;
  int vol = (s->flags & AG_SITE_VOLATILE) != 0;
  switch (s->kind) {
  case AG_SITE_READ: base = vol ? "volatile read" : "read"; break;
  case AG_SITE_WRITE: base = vol ? "volatile write" : "write"; break;
  case AG_SITE_READ_RANGE: base = "read"; break;
  case AG_SITE_WRITE_RANGE: base = "write"; break;
  case AG_SITE_ATOMIC_LOAD: base = "atomic load"; break;
  case AG_SITE_ATOMIC_STORE: base = "atomic store"; break;
  case AG_SITE_ATOMIC_RMW: base = "atomic read-modify-write"; break;
  case AG_SITE_ATOMIC_CMPXCHG: base = "atomic compare-exchange"; break;
  default: base = is_write ? "write" : "read"; break;
  }
  if (prev) {
    put(capital ? "Previous " : "previous ");
    put(base);
  } else if (capital) {
    char first[2] = {(char)(base[0] - 'a' + 'A'), 0};
    put(first);
    put(base + 1);
  } else {
    put(base);
  }
  if (site_is_atomic(s))
    putf(" (%s)", order_name(s->order));
}

static const char *json_access(const struct ag_site *s, int is_write) {
  switch (s->kind) {
  case AG_SITE_READ:
  case AG_SITE_READ_RANGE: return "read";
  case AG_SITE_WRITE:
  case AG_SITE_WRITE_RANGE: return "write";
  case AG_SITE_ATOMIC_LOAD: return "load";
  case AG_SITE_ATOMIC_STORE: return "store";
  case AG_SITE_ATOMIC_RMW: return "rmw";
  case AG_SITE_ATOMIC_CMPXCHG: return "cmpxchg";
  default: return is_write ? "write" : "read";
  }
}

static void put_srcpos(const struct ag_site *s) {
  put(shown_path(s->file));
  if (s->line)
    putf(":%u:%u", s->line, s->column);
}

/* Sites of the runtime's own (free, realloc) have a function but no file. */
static void put_frame(const struct ag_site *s) {
  put("    #0 ");
  put(s->function);
  if (s->file) {
    put(" ");
    put_srcpos(s);
  }
  put("\n");
}

static void put_declared(const struct ag_var *v) {
  if (v->file && v->line)
    putf(" declared at %s:%u", shown_path(v->file), v->line);
  else if (v->file)
    putf(" declared in %s", shown_path(v->file));
}

/* What the racing memory is: "global 'counter'", "static 'n' in f",
 * "local 'buf' of main", "heap block of 64 bytes at offset 8" or "unknown
 * memory at 0x...". */
static void put_location_brief(uptr a, const struct loc *L) {
  if (L->kind == LOC_VAR) {
    const struct ag_var *v = L->var;
    switch (v->kind) {
    case AG_VAR_STATIC_LOCAL:
      put("static '");
      put(v->name);
      put("' in ");
      put(v->function);
      break;
    case AG_VAR_LOCAL:
      put("local '");
      put(v->name);
      put("' of ");
      put(v->function);
      break;
    default:
      put("global '");
      put(v->name);
      put("'");
      break;
    }
  } else if (L->kind == LOC_HEAP) {
    putf("heap block of %llu bytes at offset %llu",
         (unsigned long long)L->heap.size, (unsigned long long)L->offset);
  } else {
    putf("unknown memory at 0x%llx", (unsigned long long)a);
  }
}

static void put_location_text(uptr a, const struct loc *L) {
  put("  Location is ");
  put_location_brief(a, L);
  if (L->kind == LOC_VAR) {
    putf(" of size %llu", (unsigned long long)L->var->size);
    put_declared(L->var);
  } else if (L->kind == LOC_HEAP) {
    put(" allocated");
    if (L->heap.site) {
      put(" at ");
      put_srcpos(L->heap.site);
      put(" in ");
      put(L->heap.site->function);
    }
    put(" by ");
    put_thread_name(L->heap.tid);
  }
  put("\n");
}

static void put_location_json(const struct loc *L) {
  put("\"location\":{\"kind\":");
  if (L->kind == LOC_VAR) {
    const struct ag_var *v = L->var;
    const char *k = v->kind == AG_VAR_STATIC_LOCAL ? "static"
                    : v->kind == AG_VAR_LOCAL      ? "local"
                                                   : "global";
    putf("\"%s\",\"name\":", k);
    put_json_str(v->name);
    put(",\"function\":");
    put_json_str(v->kind == AG_VAR_STATIC_LOCAL || v->kind == AG_VAR_LOCAL
                     ? v->function
                     : 0);
    putf(",\"size\":%llu,\"file\":", (unsigned long long)v->size);
    put_json_str(shown_path(v->file));
    put(",\"line\":");
    put_json_uint_or_null(v->line != 0, v->line);
    putf(",\"offset\":%llu}", (unsigned long long)L->offset);
  } else if (L->kind == LOC_HEAP) {
    const struct ag_site *s = L->heap.site;
    put("\"heap\",\"name\":null,\"function\":");
    put_json_str(s ? s->function : 0);
    putf(",\"size\":%llu,\"file\":", (unsigned long long)L->heap.size);
    put_json_str(s ? shown_path(s->file) : 0);
    put(",\"line\":");
    put_json_uint_or_null(s && s->line, s ? s->line : 0);
    putf(",\"offset\":%llu}", (unsigned long long)L->offset);
  } else {
    put("\"unknown\",\"name\":null,\"function\":null,\"size\":null,"
        "\"file\":null,\"line\":null,\"offset\":null}");
  }
}

static void put_access_json(const char *key, const struct ag_site *s,
                            int is_write, uptr size, uptr addr,
                            const struct tinfo *ti) {
  putf("\"%s\":{\"access\":\"%s\",\"atomic\":%s,\"order\":", key,
       json_access(s, is_write), site_is_atomic(s) ? "true" : "false");
  if (site_is_atomic(s))
    putf("\"%s\"", order_name(s->order));
  else
    put("null");
  putf(",\"volatile\":%s,\"size\":%llu,\"address\":\"0x%llx\",\"thread\":",
       (s->flags & AG_SITE_VOLATILE) ? "true" : "false",
       (unsigned long long)size, (unsigned long long)addr);
  put_json_uint_or_null(ti->known, ti->tid);
  put(",\"function\":");
  put_json_str(s->function);
  put(",\"file\":");
  put_json_str(shown_path(s->file));
  put(",\"line\":");
  put_json_uint_or_null(s->line != 0, s->line);
  put(",\"column\":");
  put_json_uint_or_null(s->line != 0, s->column);
  put("}");
}

static void put_thread_json(const struct tinfo *ti) {
  putf("{\"id\":%u,\"parent\":", ti->tid);
  put_json_uint_or_null(ti->parent >= 0, (unsigned)ti->parent);
  const struct ag_site *s = ti->create_site;
  put(",\"function\":");
  put_json_str(s ? s->function : 0);
  put(",\"file\":");
  put_json_str(s ? shown_path(s->file) : 0);
  put(",\"line\":");
  put_json_uint_or_null(s && s->line, s ? s->line : 0);
  put(",\"column\":");
  put_json_uint_or_null(s && s->line, s ? s->column : 0);
  put("}");
}

static void put_thread_text(const struct tinfo *ti) {
  putf("  Thread T%u created by ", ti->tid);
  if (ti->parent < 0)
    put("an unknown thread");
  else
    put_thread_name((uint32_t)ti->parent);
  if (ti->create_site) {
    put(" at:\n");
    put_frame(ti->create_site);
  } else {
    put(" at an unknown site\n");
  }
}

static const char *basename_of(const char *f) {
  if (!f)
    return 0;
  const char *b = strrchr(f, '/');
  return b ? b + 1 : f;
}

/* The intent declared for the racing memory: the variable's own, else the
 * field intent either access carries (fields of heap objects have no ag_var). */
static int declared_intent(const struct ag_site *a, const struct ag_site *b,
                           const struct loc *L) {
  if (L->kind == LOC_VAR && L->var->intent != AG_INTENT_NONE)
    return L->var->intent;
  if (a->intent == AG_INTENT_BENIGN || b->intent == AG_INTENT_BENIGN)
    return AG_INTENT_BENIGN;
  return a->intent != AG_INTENT_NONE ? a->intent : b->intent;
}

static const char *intent_name(int intent) {
  switch (intent) {
  case AG_INTENT_PUBLISH:
    return "publish";
  case AG_INTENT_COUNTER:
    return "counter";
  case AG_INTENT_SEQ_CST:
    return "seq_cst";
  case AG_INTENT_BENIGN:
    return "benign";
  }
  return 0;
}

static const char *intent_rule(int intent) {
  switch (intent) {
  case AG_INTENT_PUBLISH:
    return "stores release or stronger, loads acquire or stronger, "
           "read-modify-writes acq_rel";
  case AG_INTENT_COUNTER:
    return "atomic accesses only, any ordering";
  case AG_INTENT_SEQ_CST:
    return "every access seq_cst";
  }
  return "";
}

/*---------------------------------------------------------------- report ---*/

/* Everything a report says about one race. */
struct race_report {
  const struct ag_site *site; /* the current access */
  int is_write;
  uptr size, addr;
  struct tinfo thread;
  const struct ag_site *prev_site; /* the earlier access */
  int prev_write;
  uptr prev_size, prev_addr;
  struct tinfo prev_thread;
  struct loc loc;
  uptr loc_addr;
  int intent;
};

static void put_report_json(const struct race_report *R) {
  put("{\"type\":\"data-race\",");
  put_access_json("current", R->site, R->is_write, R->size, R->addr,
                  &R->thread);
  put(",");
  put_access_json("previous", R->prev_site, R->prev_write, R->prev_size,
                  R->prev_addr, &R->prev_thread);
  put(",");
  put_location_json(&R->loc);
  put(",\"intent\":");
  put_json_str(intent_name(R->intent));
  put(",\"threads\":[");
  int first = 1;
  if (R->thread.tid != 0) {
    put_thread_json(&R->thread);
    first = 0;
  }
  if (R->prev_thread.known && R->prev_thread.tid != 0) {
    if (!first)
      put(",");
    put_thread_json(&R->prev_thread);
  }
  put("]}\n");
}

static void put_report_text(const struct race_report *R) {
  put("==================\n");
  putf("WARNING: AtomicGuard: data race (pid=%d)\n", (int)getpid());
  put("  ");
  put_access_kind(R->site, R->is_write, 0, 1);
  putf(" of size %llu at 0x%llx by ", (unsigned long long)R->size,
       (unsigned long long)R->addr);
  put_thread_name(R->thread.tid);
  put(":\n");
  put_frame(R->site);
  put("  ");
  put_access_kind(R->prev_site, R->prev_write, 1, 1);
  putf(" of size %llu at 0x%llx by ", (unsigned long long)R->prev_size,
       (unsigned long long)R->prev_addr);
  if (R->prev_thread.known)
    put_thread_name(R->prev_thread.tid);
  else
    put("a finished thread");
  put(":\n");
  put_frame(R->prev_site);
  put_location_text(R->loc_addr, &R->loc);
  if (R->intent != AG_INTENT_NONE)
    putf("  Declared intent is %s: %s\n", intent_name(R->intent),
         intent_rule(R->intent));
  if (R->thread.tid != 0)
    put_thread_text(&R->thread);
  if (R->prev_thread.known && R->prev_thread.tid != 0)
    put_thread_text(&R->prev_thread);
  put("SUMMARY: AtomicGuard: data race ");
  if (R->site->file) {
    put_srcpos(R->site);
    put(" ");
  }
  put("in ");
  put(R->site->function);
  put("\n==================\n");
}

/* SARIF (sarif.c owns the document): one result object per race. */

/* A file path as a URI reference (RFC 3986): every byte percent-encoded
 * except unreserved characters, sub-delimiters, '@' and '/'. ':' is encoded
 * too, so a relative path never reads as a scheme. An absolute path becomes
 * a file: URI. */
static void put_sarif_uri(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  put("\"");
  if (path[0] == '/')
    put("file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    unsigned char c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=@/", c)) {
      char ch[2] = {(char)c, 0};
      put(ch);
    } else {
      char esc[4] = {'%', hex[c >> 4], hex[c & 15], 0};
      put(esc);
    }
  }
  put("\"");
}

/* A relative path is relative to the source root (%SRCROOT%); line 0 (no
 * debug info) has no region, as SARIF lines start at 1. */
static void put_sarif_physical(const char *file, unsigned line,
                               unsigned column) {
  const char *shown = shown_path(file);
  put("\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
  put_sarif_uri(shown);
  if (shown[0] != '/')
    put(",\"uriBaseId\":\"%SRCROOT%\"");
  put("}");
  if (line) {
    putf(",\"region\":{\"startLine\":%u", line);
    if (column)
      putf(",\"startColumn\":%u", column);
    put("}");
  }
  put("}");
}

/* Text is formatted with the text report's helpers at the end of the
 * report buffer, then taken back out, to be put again as a JSON string. */
static char sarif_text[8192];
static const char *take_text(size_t mark) {
  size_t n = rlen - mark;
  if (n > sizeof sarif_text - 1)
    n = sizeof sarif_text - 1;
  memcpy(sarif_text, rbuf + mark, n);
  sarif_text[n] = 0;
  rlen = mark;
  return sarif_text;
}

/* A location object; id < 0: none. mark: where its message text starts in
 * the buffer (taken back out here). */
static void put_sarif_location(int id, const char *file, unsigned line,
                               unsigned column, const char *function,
                               size_t mark) {
  const char *message = take_text(mark);
  put("{");
  if (id >= 0)
    putf("\"id\":%d,", id);
  if (file) {
    put_sarif_physical(file, line, column);
    put(",");
  }
  if (function) {
    put("\"logicalLocations\":[{\"name\":");
    put_json_str(function);
    put(",\"kind\":\"function\"}],");
  }
  put("\"message\":{\"text\":");
  put_json_str(message);
  put("}}");
}

static void put_thread_by(const struct tinfo *ti) {
  if (ti->known)
    put_thread_name(ti->tid);
  else
    put("a finished thread");
}

/* "Write of size 8 by thread T2 in writer_b" */
static void put_access_summary(const struct ag_site *s, int is_write,
                               int prev, int capital, uptr size,
                               const struct tinfo *ti) {
  put_access_kind(s, is_write, prev, capital);
  putf(" of size %llu by ", (unsigned long long)size);
  put_thread_by(ti);
  put(" in ");
  put(s->function);
}

/* Stable across runs and independent of which access came first: a hash
 * of both positions (paths as shown) and the variable's name. */
static uint64_t sarif_fingerprint(const struct race_report *R) {
  const struct ag_site *sides[2] = {R->site, R->prev_site};
  uint64_t h[2];
  for (int i = 0; i < 2; i++) {
    uint64_t x = str_hash(0xCBF29CE484222325ull, shown_path(sides[i]->file));
    x = str_hash(x, sides[i]->function);
    x = (x ^ sides[i]->line) * 0x100000001B3ull;
    h[i] = (x ^ sides[i]->column) * 0x100000001B3ull;
  }
  uint64_t lo = h[0] < h[1] ? h[0] : h[1], hi = h[0] < h[1] ? h[1] : h[0];
  uint64_t x = str_hash(lo * 0x9E3779B97F4A7C15ull ^ hi,
                        R->loc.kind == LOC_VAR ? R->loc.var->name : 0);
  return x;
}

static void put_report_sarif(const struct race_report *R) {
  const struct ag_site *cur = R->site, *prev = R->prev_site;
  put("{\"ruleId\":\"data-race\",\"ruleIndex\":0,\"level\":\"error\","
      "\"message\":{\"text\":");
  size_t mark = rlen;
  put("Data race on ");
  put_location_brief(R->loc_addr, &R->loc);
  put(": ");
  put_access_summary(cur, R->is_write, 0, 0, R->size, &R->thread);
  if (cur->file) {
    put(" at ");
    put_srcpos(cur);
  }
  put(" is not ordered with the ");
  put_access_summary(prev, R->prev_write, 1, 0, R->prev_size,
                     &R->prev_thread);
  if (prev->file) {
    put(" at ");
    put_srcpos(prev);
  }
  put(".");
  if (R->intent != AG_INTENT_NONE)
    putf(" Declared intent is %s: %s.", intent_name(R->intent),
         intent_rule(R->intent));
  put_json_str(take_text(mark));

  /* GitHub annotates the first location's file: the current access, or the
   * previous one when the current has no file (free, realloc). */
  const struct ag_site *primary = cur->file ? cur : prev;
  put("},\"locations\":[");
  mark = rlen;
  put_access_summary(primary, primary == cur ? R->is_write : R->prev_write,
                     primary != cur, 1,
                     primary == cur ? R->size : R->prev_size,
                     primary == cur ? &R->thread : &R->prev_thread);
  put_sarif_location(-1, primary->file, primary->line, primary->column,
                     primary->function, mark);

  put("],\"relatedLocations\":[");
  int id = 1, any = 0;
  if (prev->file) {
    mark = rlen;
    put_access_summary(prev, R->prev_write, 1, 1, R->prev_size,
                       &R->prev_thread);
    put_sarif_location(id, prev->file, prev->line, prev->column,
                       prev->function, mark);
    any = 1;
  }
  id++;
  const struct tinfo *threads[2] = {&R->thread, &R->prev_thread};
  for (int i = 0; i < 2; i++) {
    const struct tinfo *ti = threads[i];
    if (!ti->known || ti->tid == 0 || !ti->create_site ||
        !ti->create_site->file)
      continue;
    if (any)
      put(",");
    mark = rlen;
    putf("Thread T%u created by ", ti->tid);
    if (ti->parent < 0)
      put("an unknown thread");
    else
      put_thread_name((uint32_t)ti->parent);
    put(" in ");
    put(ti->create_site->function);
    const struct ag_site *cs = ti->create_site;
    put_sarif_location(id++, cs->file, cs->line, cs->column, cs->function,
                       mark);
    any = 1;
  }
  const struct loc *L = &R->loc;
  if (L->kind == LOC_VAR && L->var->file) {
    if (any)
      put(",");
    mark = rlen;
    put_location_brief(R->loc_addr, L);
    putf(" of size %llu declared here", (unsigned long long)L->var->size);
    put_sarif_location(id++, L->var->file, L->var->line, 0, 0, mark);
  } else if (L->kind == LOC_HEAP && L->heap.site && L->heap.site->file) {
    if (any)
      put(",");
    mark = rlen;
    putf("Heap block of %llu bytes allocated here by ",
         (unsigned long long)L->heap.size);
    put_thread_name(L->heap.tid);
    const struct ag_site *hs = L->heap.site;
    put_sarif_location(id++, hs->file, hs->line, hs->column, hs->function,
                       mark);
  }
  putf("],\"partialFingerprints\":{\"racePairHash/v1\":\"%016llx\"}}",
       (unsigned long long)sarif_fingerprint(R));
}

static void report_one(struct ag_thread *t, uptr addr, uptr size, int af,
                       const struct ag_site *site, const struct race *r) {
  /* Before dedup: the same pair of sites may race on other bytes later. */
  if (ag_race_is_benign(addr, size, r))
    return;
  uint64_t ka = site_key(site), kb = site_key(r->site);
  uint64_t lo = ka < kb ? ka : kb, hi = ka < kb ? kb : ka;
  if (dedup_seen(lo, hi))
    return;
  ag_mutex_lock(&rlock);
  if (dedup_seen(lo, hi)) {
    ag_mutex_unlock(&rlock);
    return;
  }

  struct race_report R;
  const int cur_range = site_is_range(site);
  R.loc_addr = cur_range ? r->byte : addr;
  resolve_loc(R.loc_addr, site, r->site, &R.loc);

  /* A declared benign race is never reported, whichever side declared it;
   * the pair is not marked as seen, since a declared field or object is
   * only some of the memory its sites reach. */
  R.intent = declared_intent(site, r->site, &R.loc);
  if (R.intent == AG_INTENT_BENIGN) {
    ag_mutex_unlock(&rlock);
    return;
  }
  dedup_insert(lo, hi);

  /* suppressions: race_top rules see only the first four names, the
   * current access's top frame */
  if (nsupp) {
    const char *names[12];
    int n = 0;
    names[n++] = site->function;
    names[n++] = site->file;
    names[n++] = shown_path(site->file);
    names[n++] = basename_of(site->file);
    const int ntop = n;
    names[n++] = site->var ? site->var->name : 0;
    names[n++] = r->site->function;
    names[n++] = r->site->file;
    names[n++] = shown_path(r->site->file);
    names[n++] = basename_of(r->site->file);
    names[n++] = r->site->var ? r->site->var->name : 0;
    names[n++] = R.loc.kind == LOC_VAR ? R.loc.var->name : 0;
    if (suppressed(names, ntop, n)) {
      ag_mutex_unlock(&rlock);
      return;
    }
  }

  /* the earlier access: address and size */
  const struct ag_site *ps = r->site;
  uptr paddr = r->byte, psize = 1;
  uint32_t pslot = AG_EPOCH_SLOT(r->prev);
  if (site_is_range(ps)) {
    uint32_t i = rhist_idx(ps, pslot);
    if (ld_acquire(&rhist[i].site) == ps && rhist[i].slot == pslot &&
        r->byte >= rhist[i].addr && r->byte < rhist[i].addr + rhist[i].size) {
      paddr = rhist[i].addr;
      psize = rhist[i].size;
    }
  } else {
    psize = ps->size ? ps->size : 1;
    if (!cur_range && psize == size && r->byte >= addr && r->byte < addr + size)
      paddr = addr;
    else if (psize <= 8 && !(psize & (psize - 1)))
      paddr = r->byte & ~(uptr)(psize - 1);
  }

  R.site = site;
  R.is_write = (af & AF_WRITE) != 0;
  R.size = size;
  R.addr = addr;
  thread_info_cur(t, &R.thread);
  R.prev_site = ps;
  R.prev_write = r->prev_write;
  R.prev_size = psize;
  R.prev_addr = paddr;
  thread_info_of(r->prev, &R.prev_thread);

  rlen = 0;
  switch (ag_flags.report_format) {
  case AG_FORMAT_JSON:
    put_report_json(&R);
    ag_out_write(rbuf, rlen);
    break;
  case AG_FORMAT_SARIF:
    put_report_sarif(&R);
    ag_sarif_add_result(rbuf, rlen);
    break;
  default:
    put_report_text(&R);
    ag_out_write(rbuf, rlen);
    break;
  }
  __atomic_add_fetch(&reported, 1, __ATOMIC_RELAXED);
  /* After the exit handler has run (a destructor, or a thread still running
   * while the process exits), nothing would report this race's count or
   * write it to a SARIF log on a stream: end the process here. */
  if (ag_flags.halt_on_error || exit_begun)
    ag_finish_process(1, 1); /* does not return */
  ag_mutex_unlock(&rlock);
}

void ag_report_races(struct ag_thread *t, uptr addr, uptr size, int af,
                     const struct ag_site *site, const struct racebuf *rb) {
  if (!site)
    return;
  for (int i = 0; i < rb->n; i++) {
    /* A loop's elements checked at once: report the element that races. */
    uptr a = addr, n = size;
    if (!site_is_range(site) && site->size && size > site->size) {
      a = addr + (rb->r[i].byte - addr) / site->size * site->size;
      n = site->size;
    }
    report_one(t, a, n, af, site, &rb->r[i]);
  }
}

uint32_t ag_reported_count(void) { return ld_relaxed(&reported); }

void ag_report_fork_prepare(void) { ag_mutex_lock(&rlock); }
void ag_report_fork_parent(void) { ag_mutex_unlock(&rlock); }
/* The child is a process of its own: it reports what it finds, also pairs
 * its parent reported before the fork, and exits by its own count. */
void ag_report_fork_child(void) {
  ag_mutex_reset(&rlock);
  if (out_fd_is_log)
    close(out_fd); /* the parent's log file */
  out_fd = -1;
  out_fd_is_log = 0;
  reported = 0;
  memset(dedup, 0, sizeof dedup);
  dedup_count = 0;
  for (uint32_t i = 0; i < nsupp; i++)
    supp[i].hits = 0;
  exit_begun = 0;
  ag_sarif_fork_child();
}

/*------------------------------------------------------------------ exit ---*/

/* glibc's list of open streams and its lock (exported; its exit walks the
 * list too, under that lock). */
extern FILE *_IO_list_all;
void _IO_list_lock(void);
void _IO_list_unlock(void);
#define STREAM_NO_WRITES 0x0008 /* glibc's _IO_NO_WRITES flag */

/* What glibc's exit does before its _exit: write out every stream's
 * buffered output, without the streams' locks. fflush(NULL) takes each
 * stream's lock, and a thread blocked reading stdin holds that one until
 * input comes. Streams without output are left alone (an input stream's
 * flush would move a shared file offset). */
static void flush_streams_unlocked(void) {
  _IO_list_lock();
  for (FILE *f = _IO_list_all; f; f = f->_chain) {
    int narrow_pending = f->_mode <= 0 && f->_IO_write_ptr > f->_IO_write_base;
    int wide_writer = f->_mode > 0 && !(f->_flags & STREAM_NO_WRITES);
    if (narrow_pending || wide_writer)
      fflush_unlocked(f);
  }
  _IO_list_unlock();
}

void ag_finish_process(int have_lock, int flush_stdio) {
  /* This thread's deferred reads are checked before the count is final;
   * with the report lock held (halt_on_error) no check may report. */
  if (!have_lock)
    ag_pending_settle();
  int locked = have_lock;
  for (int i = 0; !locked && i < 2000; i++) {
    locked = ag_mutex_trylock(&rlock);
    if (!locked) {
      for (int k = 0; k < 100; k++)
        __builtin_ia32_pause();
      if (i % 16 == 15)
        sched_yield();
    }
  }
  exit_begun = 1;
  uint32_t n = ld_relaxed(&reported);
  /* The program's buffered output comes before any line written here (or
   * it would split a half-buffered last line), and before the _exit below. */
  if (flush_stdio)
    flush_streams_unlocked();
  if (ag_flags.print_suppressions)
    print_used_suppressions();
  if (ag_flags.verbosity) {
    ag_print_options();
    uint32_t created, maxl, slots;
    ag_thread_stats(&created, &maxl, &slots);
    char buf[256];
    int k = snprintf(buf, sizeof buf,
                     "AtomicGuard: threads: %u created, %u max live, %u slots; "
                     "%u data race(s) reported\n",
                     created, maxl, slots, n);
    ag_out_write(buf, (size_t)k);
    uint64_t chunks, cell_pages, vectors, shared;
    ag_shadow_stats(&chunks, &cell_pages, &vectors, &shared);
    k = snprintf(buf, sizeof buf,
                 "AtomicGuard: shadow: %llu chunks of 1 MiB, %llu pages in "
                 "cells, %llu overflow vectors, %llu shared read vectors\n",
                 (unsigned long long)chunks, (unsigned long long)cell_pages,
                 (unsigned long long)vectors, (unsigned long long)shared);
    ag_out_write(buf, (size_t)k);
    uint64_t calls[AG_CALL_KINDS];
    ag_thread_call_counts(calls);
    k = snprintf(buf, sizeof buf,
                 "AtomicGuard: checks: %llu plain accesses, %llu ranges, %llu "
                 "loop ranges, %llu atomic operations\n",
                 (unsigned long long)calls[AG_CALL_PLAIN],
                 (unsigned long long)calls[AG_CALL_RANGE],
                 (unsigned long long)calls[AG_CALL_LOOP],
                 (unsigned long long)calls[AG_CALL_ATOMIC]);
    ag_out_write(buf, (size_t)k);
  }
  if (ag_flags.report_format == AG_FORMAT_SARIF)
    ag_sarif_finish();
  if (n) {
    if (ag_flags.report_format == AG_FORMAT_TEXT) {
      char buf[128];
      int k = snprintf(buf, sizeof buf,
                       "AtomicGuard: reported %u data race(s)\n", n);
      ag_out_write(buf, (size_t)k);
    }
    ag_sys_exit(ag_flags.exitcode);
  }
  if (locked && !have_lock)
    ag_mutex_unlock(&rlock);
}

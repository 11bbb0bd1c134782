/*===- flags.c - ATOMICGUARD_OPTIONS parsing --------------------------------===*
 *
 * key=value pairs separated by ':', ' ' or ',', first from the program's
 * __atomicguard_default_options(), if it defines one, then from the
 * environment. An unknown key or a bad value stops the process (status 1)
 * before main, per docs/reports.md.
 *
 * Every option is one row of the `options` table: the parser, help=1, the
 * "valid options" error line and the verbosity=1 "options:" line all walk
 * that table, so they cannot disagree.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AG_FLAG_DEFAULTS                                                       \
  {                                                                            \
    .halt_on_error = 0, .exitcode = 66, .report_format = AG_FORMAT_TEXT,       \
    .verbosity = 0, .help = 0, .log_path = 0, .log_fd = 2,                     \
    .strip_path_prefix = 0, .suppressions = 0, .print_suppressions = 0,        \
  }

struct ag_flags ag_flags = AG_FLAG_DEFAULTS;
/* help=1 prints these through the same formatter as verbosity=1 prints the
 * values in force. */
static const struct ag_flags flag_defaults = AG_FLAG_DEFAULTS;

void ag_suppressions_load(const char *path);

enum option_type {
  OPT_UINT,          /* int from 0 to max */
  OPT_REPORT_FORMAT, /* enum ag_report_format, by name */
  OPT_LOG_PATH,      /* stderr, stdout or a path prefix */
  OPT_STRING,        /* any text; empty: none */
};

struct option {
  const char *name;
  enum option_type type;
  size_t offset; /* of the value in struct ag_flags */
  long max;      /* OPT_UINT: largest valid value */
  const char *expected; /* what a bad value should have been */
  const char *meaning;  /* for help=1 */
};

#define FLAG(field) offsetof(struct ag_flags, field)

static const struct option options[] = {
    {"halt_on_error", OPT_UINT, FLAG(halt_on_error), 1, "0 or 1",
     "1: exit with exitcode right after the first report"},
    {"exitcode", OPT_UINT, FLAG(exitcode), 255, "an integer from 0 to 255",
     "exit status of a process that reported anything"},
    {"log_path", OPT_LOG_PATH, FLAG(log_path), 0,
     "stderr, stdout or a path prefix",
     "stderr, stdout, or a path prefix: output goes to PATH.PID (the SARIF "
     "log to PATH.PID.sarif)"},
    {"report_format", OPT_REPORT_FORMAT, FLAG(report_format), 0,
     "text, json or sarif",
     "text, json (one object per race) or sarif (one SARIF 2.1.0 log)"},
    {"strip_path_prefix", OPT_STRING, FLAG(strip_path_prefix), 0, "a path",
     "removed from the front of every file path in reports (empty: none)"},
    {"suppressions", OPT_STRING, FLAG(suppressions), 0, "a file name",
     "file of race:PATTERN and race_top:PATTERN rules (empty: none)"},
    {"print_suppressions", OPT_UINT, FLAG(print_suppressions), 1, "0 or 1",
     "1: print at exit the suppressions that matched and how many races "
     "each suppressed"},
    {"verbosity", OPT_UINT, FLAG(verbosity), 1000000,
     "a non-negative integer",
     "1: print at exit the options in force, thread statistics, shadow "
     "memory in use and the number of checks made"},
    {"help", OPT_UINT, FLAG(help), 1, "0 or 1",
     "1: print every option with its default and exit 0"},
};
#define NUM_OPTIONS (sizeof options / sizeof options[0])

static const char *const report_format_names[] = {
    [AG_FORMAT_TEXT] = "text",
    [AG_FORMAT_JSON] = "json",
    [AG_FORMAT_SARIF] = "sarif",
};
#define NUM_REPORT_FORMATS                                                     \
  (sizeof report_format_names / sizeof report_format_names[0])

static int *int_field(struct ag_flags *f, const struct option *o) {
  return (int *)((char *)f + o->offset);
}
static const char **string_field(struct ag_flags *f, const struct option *o) {
  return (const char **)((char *)f + o->offset);
}
static int int_value(const struct ag_flags *f, const struct option *o) {
  return *(const int *)((const char *)f + o->offset);
}
static const char *string_value(const struct ag_flags *f,
                                const struct option *o) {
  return *(const char *const *)((const char *)f + o->offset);
}

/*--------------------------------------------------------------- output ---*/

/* The value of option o in f, as key=value would spell it. */
static const char *format_value(const struct ag_flags *f,
                                const struct option *o, char *buf,
                                size_t n) {
  switch (o->type) {
  case OPT_UINT:
    snprintf(buf, n, "%d", int_value(f, o));
    return buf;
  case OPT_REPORT_FORMAT:
    return report_format_names[int_value(f, o)];
  case OPT_LOG_PATH:
    if (f->log_path)
      return f->log_path;
    return f->log_fd == 1 ? "stdout" : "stderr";
  case OPT_STRING: {
    const char *s = string_value(f, o);
    return s ? s : "";
  }
  }
  return "";
}

static void print_help(void) {
  static const char head[] =
      "AtomicGuard: runtime options, as key=value pairs separated by ':', ' ' "
      "or ',' in ATOMICGUARD_OPTIONS (defaults shown):\n";
  ag_write_fd(2, head, sizeof head - 1);
  for (size_t i = 0; i < NUM_OPTIONS; i++) {
    char vbuf[32], line[512];
    const char *v = format_value(&flag_defaults, &options[i], vbuf,
                                 sizeof vbuf);
    char kv[64];
    snprintf(kv, sizeof kv, "%s=%s", options[i].name, v);
    int n = snprintf(line, sizeof line, "  %-22s %s\n", kv,
                     options[i].meaning);
    if (n > (int)sizeof line - 1)
      n = (int)sizeof line - 1;
    ag_write_fd(2, line, (size_t)n);
  }
}

static void print_valid_options(void) {
  ag_err_write("AtomicGuard: valid options:");
  for (size_t i = 0; i < NUM_OPTIONS; i++) {
    ag_err_write(" ");
    ag_err_write(options[i].name);
  }
  ag_err_write("\n");
}

void ag_print_options(void) {
  char buf[4096];
  size_t len = 0;
  len += (size_t)snprintf(buf, sizeof buf, "AtomicGuard: options:");
  for (size_t i = 0; i < NUM_OPTIONS && len < sizeof buf; i++) {
    char vbuf[32];
    const char *v = format_value(&ag_flags, &options[i], vbuf, sizeof vbuf);
    len += (size_t)snprintf(buf + len, sizeof buf - len, " %s=%s",
                            options[i].name, v);
  }
  if (len > sizeof buf - 2)
    len = sizeof buf - 2;
  buf[len++] = '\n';
  ag_out_write(buf, len);
}

/*--------------------------------------------------------------- parsing ---*/

__attribute__((noreturn)) static void bad_key(const char *k, size_t kn,
                                              const char *source) {
  char buf[512];
  int n = snprintf(buf, sizeof buf,
                   "AtomicGuard: error: unknown option '%.*s' in %s\n",
                   (int)(kn > 200 ? 200 : kn), k, source);
  ag_write_fd(2, buf, (size_t)n);
  print_valid_options();
  ag_sys_exit(1);
}

__attribute__((noreturn)) static void bad_value(const struct option *o,
                                                const char *v, size_t vn) {
  char buf[768];
  int n = snprintf(buf, sizeof buf,
                   "AtomicGuard: error: invalid value '%.*s' for option '%s' "
                   "(expected %s)\n",
                   (int)(vn > 300 ? 300 : vn), v, o->name, o->expected);
  ag_write_fd(2, buf, (size_t)n);
  ag_sys_exit(1);
}

static int parse_uint(const char *v, size_t vn, long max, long *out) {
  if (vn == 0 || vn > 12)
    return 0;
  long x = 0;
  for (size_t i = 0; i < vn; i++) {
    if (v[i] < '0' || v[i] > '9')
      return 0;
    x = x * 10 + (v[i] - '0');
  }
  if (x > max)
    return 0;
  *out = x;
  return 1;
}

static int eq(const char *s, size_t n, const char *lit) {
  return n == ag_strlen(lit) && memcmp(s, lit, n) == 0;
}

static char *dup_n(const char *s, size_t n) {
  char *d = ag_alloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

/* Sets option o from the text v (has_value: written key=value, not a bare
 * key); returns 0 if v is not a valid value. */
static int set_option(const struct option *o, const char *v, size_t vn,
                      int has_value) {
  if (!has_value)
    return 0;
  long x;
  switch (o->type) {
  case OPT_UINT:
    if (!parse_uint(v, vn, o->max, &x))
      return 0;
    *int_field(&ag_flags, o) = (int)x;
    return 1;
  case OPT_REPORT_FORMAT:
    for (size_t i = 0; i < NUM_REPORT_FORMATS; i++)
      if (eq(v, vn, report_format_names[i])) {
        *int_field(&ag_flags, o) = (int)i;
        return 1;
      }
    return 0;
  case OPT_LOG_PATH:
    if (vn == 0)
      return 0;
    ag_flags.log_path = 0;
    if (eq(v, vn, "stderr"))
      ag_flags.log_fd = 2;
    else if (eq(v, vn, "stdout"))
      ag_flags.log_fd = 1;
    else
      ag_flags.log_path = dup_n(v, vn);
    return 1;
  case OPT_STRING:
    *string_field(&ag_flags, o) = vn ? dup_n(v, vn) : 0;
    return 1;
  }
  return 0;
}

static void parse_options(const char *s, const char *source) {
  const char *p = s;
  while (*p) {
    while (*p == ':' || *p == ' ' || *p == ',')
      p++;
    if (!*p)
      break;
    const char *tok = p;
    while (*p && *p != ':' && *p != ' ' && *p != ',')
      p++;
    size_t tn = (size_t)(p - tok);
    const char *eqp = memchr(tok, '=', tn);
    size_t kn = eqp ? (size_t)(eqp - tok) : tn;
    const char *v = eqp ? eqp + 1 : tok + tn;
    size_t vn = (size_t)(tok + tn - v);
    const struct option *o = 0;
    for (size_t i = 0; i < NUM_OPTIONS && !o; i++)
      if (eq(tok, kn, options[i].name))
        o = &options[i];
    if (!o)
      bad_key(tok, kn, source);
    if (!set_option(o, v, vn, eqp != 0))
      bad_value(o, v, vn);
  }
}

/* A program may define this, like __tsan_default_options, to give its own
 * defaults; ATOMICGUARD_OPTIONS overrides them key by key. Weak, as most
 * programs do not. It runs before any constructor, so it can only return a
 * constant. */
AG_EXPORT __attribute__((weak)) const char *
__atomicguard_default_options(void);

extern char **ag_preinit_envp;

static const char *get_env(const char *name) {
  size_t n = ag_strlen(name);
  char **env = ag_preinit_envp;
  if (env) {
    for (; *env; env++)
      if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
        return *env + n + 1;
    return 0;
  }
  return getenv(name);
}

void ag_flags_init(void) {
  if (__atomicguard_default_options) {
    const char *d = __atomicguard_default_options();
    if (d)
      parse_options(d, "__atomicguard_default_options()");
  }
  const char *s = get_env("ATOMICGUARD_OPTIONS");
  if (s)
    parse_options(s, "ATOMICGUARD_OPTIONS");
  if (ag_flags.help) {
    print_help();
    ag_sys_exit(0);
  }
  if (ag_flags.suppressions)
    ag_suppressions_load(ag_flags.suppressions);
}

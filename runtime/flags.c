/*===- flags.c - ATOMICGUARD_OPTIONS parsing --------------------------------===*
 *
 * key=value pairs separated by ':', ' ' or ','. An unknown key or a bad value
 * stops the process (status 1) before main, per docs/reports.md.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ag_flags ag_flags = {
    .halt_on_error = 0,
    .exitcode = 66,
    .json = 0,
    .verbosity = 0,
    .help = 0,
    .log_path = 0,
    .log_fd = 2,
    .suppressions = 0,
};

void ag_suppressions_load(const char *path);

static const char *const valid_line =
    "AtomicGuard: valid options: halt_on_error exitcode log_path "
    "report_format suppressions verbosity help\n";

__attribute__((noreturn)) static void bad_key(const char *k, size_t kn) {
  char buf[512];
  int n = snprintf(buf, sizeof buf,
                   "AtomicGuard: error: unknown option '%.*s' in "
                   "ATOMICGUARD_OPTIONS\n",
                   (int)(kn > 200 ? 200 : kn), k);
  ag_write_fd(2, buf, (size_t)n);
  ag_write_fd(2, valid_line, ag_strlen(valid_line));
  ag_sys_exit(1);
}

__attribute__((noreturn)) static void bad_value(const char *key,
                                                const char *v, size_t vn,
                                                const char *expected) {
  char buf[768];
  int n = snprintf(buf, sizeof buf,
                   "AtomicGuard: error: invalid value '%.*s' for option '%s' "
                   "(expected %s)\n",
                   (int)(vn > 300 ? 300 : vn), v, key, expected);
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

static void set_option(const char *k, size_t kn, const char *v, size_t vn) {
  long x;
  if (eq(k, kn, "halt_on_error")) {
    if (!parse_uint(v, vn, 1, &x))
      bad_value("halt_on_error", v, vn, "0 or 1");
    ag_flags.halt_on_error = (int)x;
  } else if (eq(k, kn, "exitcode")) {
    if (!parse_uint(v, vn, 255, &x))
      bad_value("exitcode", v, vn, "an integer from 0 to 255");
    ag_flags.exitcode = (int)x;
  } else if (eq(k, kn, "log_path")) {
    if (vn == 0)
      bad_value("log_path", v, vn, "stderr, stdout or a path prefix");
    if (eq(v, vn, "stderr")) {
      ag_flags.log_path = 0;
      ag_flags.log_fd = 2;
    } else if (eq(v, vn, "stdout")) {
      ag_flags.log_path = 0;
      ag_flags.log_fd = 1;
    } else {
      ag_flags.log_path = dup_n(v, vn);
    }
  } else if (eq(k, kn, "report_format")) {
    if (eq(v, vn, "text"))
      ag_flags.json = 0;
    else if (eq(v, vn, "json"))
      ag_flags.json = 1;
    else
      bad_value("report_format", v, vn, "text or json");
  } else if (eq(k, kn, "suppressions")) {
    if (vn == 0)
      bad_value("suppressions", v, vn, "a file name");
    ag_flags.suppressions = dup_n(v, vn);
  } else if (eq(k, kn, "verbosity")) {
    if (!parse_uint(v, vn, 1000000, &x))
      bad_value("verbosity", v, vn, "a non-negative integer");
    ag_flags.verbosity = (int)x;
  } else if (eq(k, kn, "help")) {
    if (!parse_uint(v, vn, 1, &x))
      bad_value("help", v, vn, "0 or 1");
    ag_flags.help = (int)x;
  } else {
    bad_key(k, kn);
  }
}

static void print_help(void) {
  static const char help[] =
      "AtomicGuard: runtime options, set in ATOMICGUARD_OPTIONS as key=value "
      "pairs separated by ':', ' ' or ','\n"
      "  halt_on_error=0    1: exit with exitcode right after the first "
      "report\n"
      "  exitcode=66        exit status of a process that reported anything "
      "(0-255)\n"
      "  log_path=stderr    stderr, stdout, or a path prefix: reports go to "
      "PATH.PID\n"
      "  report_format=text text or json\n"
      "  suppressions=      file of race:PATTERN lines (default: none)\n"
      "  verbosity=0        1: print the options in force and thread "
      "statistics at exit\n"
      "  help=0             1: print every option with its default and exit "
      "0\n";
  ag_write_fd(2, help, sizeof help - 1);
}

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
  const char *s = get_env("ATOMICGUARD_OPTIONS");
  if (s) {
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
      if (!eqp) {
        /* a bare key: unknown key or missing value */
        set_option(tok, tn, tok + tn, 0);
        continue;
      }
      set_option(tok, (size_t)(eqp - tok), eqp + 1,
                 (size_t)(tok + tn - (eqp + 1)));
    }
  }
  if (ag_flags.help) {
    print_help();
    ag_sys_exit(0);
  }
  if (ag_flags.suppressions)
    ag_suppressions_load(ag_flags.suppressions);
}

void ag_print_options(void) {
  char buf[1024];
  int n = snprintf(
      buf, sizeof buf,
      "AtomicGuard: options: halt_on_error=%d exitcode=%d log_path=%s "
      "report_format=%s suppressions=%s verbosity=%d help=%d\n",
      ag_flags.halt_on_error, ag_flags.exitcode,
      ag_flags.log_path ? ag_flags.log_path
                        : (ag_flags.log_fd == 1 ? "stdout" : "stderr"),
      ag_flags.json ? "json" : "text",
      ag_flags.suppressions ? ag_flags.suppressions : "none",
      ag_flags.verbosity, ag_flags.help);
  if (n > (int)sizeof buf - 1)
    n = (int)sizeof buf - 1;
  ag_out_write(buf, (size_t)n);
}

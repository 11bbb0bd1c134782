/*===- audit.h - The audit document model (docs/audit-format.md) ----------===*
 *
 * A parsed and checked audit file, or the merge of several: the same shape
 * either way, as the format promises. JSON null is NULL for strings, 0 for
 * line and column (the format never uses a zero line or column: unknown is
 * null) and -1 for `size`. Enumerated strings (op, order, check, ...) point
 * at the canonical spellings the loader checked them against, so they can be
 * compared with strcmp and printed as they are.
 *
 *===----------------------------------------------------------------------===*/
#ifndef AG_AUDIT_AUDIT_H
#define AG_AUDIT_AUDIT_H

#include "util.h"

#include <stdio.h>

#define AUDIT_FORMAT "atomicguard-audit"
#define AUDIT_VERSION 1

/* In the order variables are sorted (docs/audit-format.md). */
enum var_kind { KIND_GLOBAL, KIND_STATIC_LOCAL, KIND_FIELD, KIND_LOCAL };

enum tristate { TRI_NULL, TRI_FALSE, TRI_TRUE };

struct source_loc {
  const char *file; /* NULL: unknown */
  int64_t line, column; /* 0: unknown */
};

struct spawn_site {
  const char *id, *callee;
  const char *routine, *function; /* either may be NULL */
  struct source_loc loc;
};
typedef VEC(struct spawn_site) spawn_site_vec;

struct access {
  struct source_loc loc;
  const char *function;
  const char *op;
  bool atomic;
  const char *order, *order_fail; /* NULL for plain accesses */
  const char *rationale;
  bool thread_reachable;
};
typedef VEC(struct access) access_vec;

struct finding {
  const char *check;
  const char *severity; /* "error" or "warning" */
  const char *message;
  struct source_loc loc;
};
typedef VEC(struct finding) finding_vec;

struct shared_because {
  const char *reason;
  str_vec thread_routines;
  str_vec spawn_sites; /* ids */
};

struct variable {
  const char *name;
  enum var_kind kind;
  const char *record, *function;
  const char *linkage; /* "external", "internal" or "none" */
  bool has_defined_at;
  struct source_loc defined_at; /* column always 0 */
  const char *type;
  int64_t size; /* -1: unknown */
  enum tristate atomic_type;
  struct shared_because *shared_because; /* NULL: not shared */
  const char *intent, *rationale;
  access_vec accesses;
  finding_vec findings;
};
typedef VEC(struct variable) variable_vec;

struct audit_doc {
  const char *path; /* the file it was read from ("" for a merge) */
  str_vec units;
  spawn_site_vec spawn_sites;
  str_vec thread_routines;
  variable_vec variables;
  int64_t findings; /* the total count */
};
typedef VEC(struct audit_doc) audit_doc_vec;

/* Reads and checks one audit file; fatal (with file:line:column) when it is
 * not valid JSON or does not follow the format. */
struct audit_doc audit_load(const char *path);

/* Merges documents per the format's rules into one sorted document. */
struct audit_doc audit_merge(const struct audit_doc *docs, size_t count);

/* Writes a document as pretty-printed JSON. */
void audit_write_json(const struct audit_doc *doc, FILE *out);

/* Writes the Markdown concurrency review of a (merged) document. */
void audit_write_markdown(const struct audit_doc *doc, const char *title,
                          FILE *out);

/* Shared helpers. */
const char *var_kind_name(enum var_kind kind);
/* How messages name a variable: "conn.state" for a field, else its name. */
const char *variable_label(const struct variable *v);
/* Sort orders of docs/audit-format.md (unknown values last). */
int cmp_source_loc(const struct source_loc *a, const struct source_loc *b);
int cmp_access(const struct access *a, const struct access *b);
int cmp_finding(const struct finding *a, const struct finding *b);
int cmp_spawn_site(const struct spawn_site *a, const struct spawn_site *b);
int cmp_variable(const struct variable *a, const struct variable *b);

#endif

/*===- merge.c - Merge unit audit files into one project document --------===*
 *
 * Implements "Merging" of docs/audit-format.md:
 *
 * - Variables are the same entity when their identity matches: an external
 *   global by name, a field by record and name, anything else by name,
 *   function and defined_at.file. The kind is part of every identity (a
 *   static local and a local of one function may share a name).
 * - "The first unit that knows" a scalar is the first in the order of the
 *   units' names (then file names), not of the command line, so the result
 *   does not depend on how the inputs were listed. The rationale is taken
 *   only from a unit whose intent is the one kept (or null).
 * - Lists of places (accesses, findings) are merged as multisets: an entry
 *   occurs as many times as in the unit that has it most often. Identical
 *   entries from two units (an inline function of a header compiled into
 *   both) count once, two accesses a unit could not tell apart (no debug
 *   info: no line) stay two, and merging a merged file again changes nothing.
 *   An access's thread_reachable is not part of its identity: it is true when
 *   any unit found the access reachable from a thread routine.
 * - Lists of names (units, routines, spawn sites) are set unions.
 * - Different intents for one entity add a bad-annotation error.
 *
 *===----------------------------------------------------------------------===*/
#include "audit.h"

#include <stdlib.h>
#include <string.h>

/*===------------------------------ Sort orders ---------------------------===*/

int cmp_source_loc(const struct source_loc *a, const struct source_loc *b) {
  int c = cmp_nullable_str(a->file, b->file);
  if (!c)
    c = cmp_optional_int(a->line, b->line);
  if (!c)
    c = cmp_optional_int(a->column, b->column);
  return c;
}

/* Everything but thread_reachable, which merging ORs. */
static int cmp_access_identity(const struct access *a,
                               const struct access *b) {
  int c = cmp_source_loc(&a->loc, &b->loc);
  if (!c)
    c = strcmp(a->op, b->op);
  if (!c)
    c = cmp_nullable_str(a->function, b->function);
  if (!c)
    c = cmp_int(a->atomic, b->atomic);
  if (!c)
    c = cmp_nullable_str(a->order, b->order);
  if (!c)
    c = cmp_nullable_str(a->order_fail, b->order_fail);
  if (!c)
    c = cmp_nullable_str(a->rationale, b->rationale);
  return c;
}

int cmp_access(const struct access *a, const struct access *b) {
  int c = cmp_access_identity(a, b);
  return c ? c : cmp_int(a->thread_reachable, b->thread_reachable);
}

int cmp_finding(const struct finding *a, const struct finding *b) {
  int c = cmp_source_loc(&a->loc, &b->loc);
  if (!c)
    c = strcmp(a->check, b->check);
  if (!c)
    c = strcmp(a->severity, b->severity);
  if (!c)
    c = strcmp(a->message, b->message);
  return c;
}

int cmp_spawn_site(const struct spawn_site *a, const struct spawn_site *b) {
  int c = cmp_source_loc(&a->loc, &b->loc);
  if (!c)
    c = strcmp(a->id, b->id);
  if (!c)
    c = strcmp(a->callee, b->callee);
  if (!c)
    c = cmp_nullable_str(a->routine, b->routine);
  if (!c)
    c = cmp_nullable_str(a->function, b->function);
  return c;
}

static const char *defined_file(const struct variable *v) {
  return v->has_defined_at ? v->defined_at.file : NULL;
}

int cmp_variable(const struct variable *a, const struct variable *b) {
  /* The format's order is kind, name, function; the rest only makes ties
   * (two files' static globals of one name) come out the same every time. */
  int c = cmp_int(a->kind, b->kind);
  if (!c)
    c = strcmp(a->name, b->name);
  if (!c)
    c = cmp_nullable_str(a->function, b->function);
  if (!c)
    c = cmp_nullable_str(a->record, b->record);
  if (!c)
    c = cmp_nullable_str(defined_file(a), defined_file(b));
  if (!c)
    c = strcmp(a->linkage, b->linkage);
  return c;
}

/* qsort adapters. */
static int qcmp_access(const void *a, const void *b) { return cmp_access(a, b); }
static int qcmp_finding(const void *a, const void *b) {
  return cmp_finding(a, b);
}
static int qcmp_spawn_site(const void *a, const void *b) {
  return cmp_spawn_site(a, b);
}
static int qcmp_variable(const void *a, const void *b) {
  return cmp_variable(a, b);
}

/*===------------------------------- Identity -----------------------------===*/

enum identity_rule { BY_NAME, BY_RECORD_AND_NAME, BY_NAME_FUNCTION_FILE };

static enum identity_rule identity_rule(const struct variable *v) {
  if (v->kind == KIND_GLOBAL && strcmp(v->linkage, "external") == 0)
    return BY_NAME;
  if (v->kind == KIND_FIELD)
    return BY_RECORD_AND_NAME;
  return BY_NAME_FUNCTION_FILE;
}

static int cmp_identity(const struct variable *a, const struct variable *b) {
  int c = cmp_int(a->kind, b->kind);
  if (!c)
    c = cmp_int(identity_rule(a), identity_rule(b));
  if (!c)
    c = strcmp(a->name, b->name);
  if (c)
    return c;
  switch (identity_rule(a)) {
  case BY_NAME:
    return 0;
  case BY_RECORD_AND_NAME:
    return cmp_nullable_str(a->record, b->record);
  case BY_NAME_FUNCTION_FILE:
    c = cmp_nullable_str(a->function, b->function);
    return c ? c : cmp_nullable_str(defined_file(a), defined_file(b));
  }
  return 0;
}

/* One unit's view of a variable; `doc` is the unit's rank in merge order. */
struct occurrence {
  const struct variable *var;
  size_t doc;
};

static int qcmp_occurrence(const void *pa, const void *pb) {
  const struct occurrence *a = pa, *b = pb;
  int c = cmp_identity(a->var, b->var);
  return c ? c : cmp_int((int64_t)a->doc, (int64_t)b->doc);
}

/*===--------------------------- Multiset unions --------------------------===*/

/* An access or finding with the rank of the unit it came from. */
struct tagged {
  const void *item;
  size_t doc;
};

/* qsort has no context argument; this is the identity comparison of the
 * union in progress (merging is single-threaded). */
static int (*tagged_identity)(const void *, const void *);

static int qcmp_tagged(const void *pa, const void *pb) {
  const struct tagged *a = pa, *b = pb;
  int c = tagged_identity(a->item, b->item);
  return c ? c : cmp_int((int64_t)a->doc, (int64_t)b->doc);
}

/* Sorts `t` and calls `emit` once per distinct item with its run of equal
 * items and how many copies the union keeps (the largest count any one unit
 * has). */
static void multiset_union(struct tagged *t, size_t n,
                           int (*identity)(const void *, const void *),
                           void (*emit)(const struct tagged *run,
                                        size_t run_len, size_t copies,
                                        void *ctx),
                           void *ctx) {
  if (n == 0)
    return; /* t may be NULL, which qsort must not see */
  tagged_identity = identity;
  qsort(t, n, sizeof *t, qcmp_tagged);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1, copies = 1, same_doc = 1;
    for (; j < n && identity(t[i].item, t[j].item) == 0; j++) {
      same_doc = t[j].doc == t[j - 1].doc ? same_doc + 1 : 1;
      if (same_doc > copies)
        copies = same_doc;
    }
    emit(t + i, j - i, copies, ctx);
    i = j;
  }
}

static int identity_of_access(const void *a, const void *b) {
  return cmp_access_identity(a, b);
}
static int identity_of_finding(const void *a, const void *b) {
  return cmp_finding(a, b);
}

static void emit_access(const struct tagged *run, size_t run_len,
                        size_t copies, void *ctx) {
  access_vec *out = ctx;
  struct access a = *(const struct access *)run[0].item;
  for (size_t i = 1; i < run_len; i++)
    a.thread_reachable |= ((const struct access *)run[i].item)->thread_reachable;
  while (copies--)
    VEC_PUSH(*out, a);
}

static void emit_finding(const struct tagged *run, size_t run_len,
                         size_t copies, void *ctx) {
  (void)run_len;
  finding_vec *out = ctx;
  while (copies--)
    VEC_PUSH(*out, *(const struct finding *)run[0].item);
}

/*===--------------------------- Merging variables ------------------------===*/

/* What a unit is called in messages: its source file, or for an input that
 * is itself a merge, the file it was read from. */
static const char *doc_label(const struct audit_doc *doc) {
  return doc->units.len == 1 ? doc->units.items[0] : doc->path;
}

const char *variable_label(const struct variable *v) {
  if (v->kind == KIND_FIELD)
    return arena_printf("%s.%s", v->record ? v->record : "<anonymous>",
                        v->name);
  return v->name;
}

/* A finding for units that declared different intents for one entity: lists
 * each intent with the units that declared it, in merge order. */
static struct finding intent_conflict(const struct variable *merged,
                                      const struct occurrence *occ, size_t n,
                                      const struct audit_doc *const *docs) {
  str_vec intents = {0};
  for (size_t i = 0; i < n; i++)
    if (occ[i].var->intent && !str_vec_contains(&intents, occ[i].var->intent))
      VEC_PUSH(intents, occ[i].var->intent);
  char_vec msg = {0};
  buf_printf(&msg, "units declare different intents for '%s': ",
             variable_label(merged));
  for (size_t k = 0; k < intents.len; k++) {
    buf_printf(&msg, "%s'%s' in ", k ? ", " : "", intents.items[k]);
    str_vec labels = {0};
    for (size_t i = 0; i < n; i++) {
      const char *label = doc_label(docs[occ[i].doc]);
      if (occ[i].var->intent == intents.items[k] &&
          !str_vec_contains(&labels, label)) {
        buf_printf(&msg, "%s%s", labels.len ? " and " : "", label);
        VEC_PUSH(labels, label);
      }
    }
  }
  buf_printf(&msg, "; the merge keeps '%s'", merged->intent);

  struct finding f = {.check = "bad-annotation", .severity = "error",
                      .message = buf_cstr(&msg)};
  if (merged->has_defined_at) {
    f.loc.file = merged->defined_at.file;
    f.loc.line = merged->defined_at.line;
  }
  return f;
}

/* "The definition's defined_at wins over null": the first unit that has
 * one provides it. */
static void merge_defined_at(struct variable *m, const struct occurrence *occ,
                             size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (occ[i].var->has_defined_at) {
      m->has_defined_at = true;
      m->defined_at = occ[i].var->defined_at;
      return;
    }
  }
}

static struct variable merge_entity(const struct occurrence *occ, size_t n,
                                    const struct audit_doc *const *docs) {
  struct variable m = *occ[0].var;
  m.has_defined_at = false;
  m.defined_at = (struct source_loc){0};
  m.shared_because = NULL;
  m.accesses = (access_vec){0};
  m.findings = (finding_vec){0};
  m.type = NULL;
  m.size = -1;
  m.atomic_type = TRI_NULL;
  m.intent = m.rationale = NULL;
  merge_defined_at(&m, occ, n);

  bool intents_differ = false;
  VEC(struct tagged) accesses = {0};
  VEC(struct tagged) findings = {0};
  for (size_t i = 0; i < n; i++) {
    const struct variable *v = occ[i].var;
    if (!m.type)
      m.type = v->type;
    if (m.size < 0)
      m.size = v->size;
    if (m.atomic_type == TRI_NULL)
      m.atomic_type = v->atomic_type;
    if (!m.intent)
      m.intent = v->intent;
    else if (v->intent && v->intent != m.intent)
      intents_differ = true;
    if (v->shared_because) {
      if (!m.shared_because)
        m.shared_because = arena_alloc(sizeof *m.shared_because);
      struct shared_because *sb = m.shared_because;
      if (!sb->reason)
        sb->reason = v->shared_because->reason;
      for (size_t k = 0; k < v->shared_because->thread_routines.len; k++)
        VEC_PUSH(sb->thread_routines,
                 v->shared_because->thread_routines.items[k]);
      for (size_t k = 0; k < v->shared_because->spawn_sites.len; k++)
        VEC_PUSH(sb->spawn_sites, v->shared_because->spawn_sites.items[k]);
    }
    for (size_t k = 0; k < v->accesses.len; k++)
      VEC_PUSH(accesses, ((struct tagged){&v->accesses.items[k], occ[i].doc}));
    for (size_t k = 0; k < v->findings.len; k++)
      VEC_PUSH(findings, ((struct tagged){&v->findings.items[k], occ[i].doc}));
  }
  /* The rationale is "the string given with benign": it is taken only from
   * a unit that agrees with the intent kept, so a conflict cannot pair one
   * unit's intent with another's justification for a different one. */
  for (size_t i = 0; i < n && !m.rationale; i++)
    if (!occ[i].var->intent || occ[i].var->intent == m.intent)
      m.rationale = occ[i].var->rationale;
  if (m.shared_because) {
    str_vec_sort_unique(&m.shared_because->thread_routines);
    str_vec_sort_unique(&m.shared_because->spawn_sites);
  }
  multiset_union(accesses.items, accesses.len, identity_of_access, emit_access,
                 &m.accesses);
  multiset_union(findings.items, findings.len, identity_of_finding,
                 emit_finding, &m.findings);
  if (intents_differ)
    VEC_PUSH(m.findings, intent_conflict(&m, occ, n, docs));
  if (m.accesses.len)
    qsort(m.accesses.items, m.accesses.len, sizeof *m.accesses.items,
          qcmp_access);
  if (m.findings.len)
    qsort(m.findings.items, m.findings.len, sizeof *m.findings.items,
          qcmp_finding);
  return m;
}

/*===------------------------------ The merge -----------------------------===*/

static int qcmp_doc(const void *pa, const void *pb) {
  const struct audit_doc *a = *(const struct audit_doc *const *)pa;
  const struct audit_doc *b = *(const struct audit_doc *const *)pb;
  int c = cmp_nullable_str(a->units.len ? a->units.items[0] : NULL,
                           b->units.len ? b->units.items[0] : NULL);
  return c ? c : strcmp(a->path, b->path);
}

struct audit_doc audit_merge(const struct audit_doc *in, size_t count) {
  struct audit_doc out = {.path = ""};
  const struct audit_doc **docs = arena_alloc((count + 1) * sizeof *docs);
  for (size_t i = 0; i < count; i++)
    docs[i] = &in[i];
  qsort(docs, count, sizeof *docs, qcmp_doc);

  VEC(struct occurrence) occ = {0};
  for (size_t d = 0; d < count; d++) {
    for (size_t i = 0; i < docs[d]->units.len; i++)
      VEC_PUSH(out.units, docs[d]->units.items[i]);
    for (size_t i = 0; i < docs[d]->thread_routines.len; i++)
      VEC_PUSH(out.thread_routines, docs[d]->thread_routines.items[i]);
    for (size_t i = 0; i < docs[d]->spawn_sites.len; i++)
      VEC_PUSH(out.spawn_sites, docs[d]->spawn_sites.items[i]);
    for (size_t i = 0; i < docs[d]->variables.len; i++)
      VEC_PUSH(occ, ((struct occurrence){&docs[d]->variables.items[i], d}));
  }
  str_vec_sort_unique(&out.units);
  str_vec_sort_unique(&out.thread_routines);

  /* Spawn sites are places: a set, kept once however many units list one. */
  if (out.spawn_sites.len) {
    qsort(out.spawn_sites.items, out.spawn_sites.len,
          sizeof *out.spawn_sites.items, qcmp_spawn_site);
    size_t kept = 1;
    for (size_t i = 1; i < out.spawn_sites.len; i++)
      if (cmp_spawn_site(&out.spawn_sites.items[i],
                         &out.spawn_sites.items[kept - 1]) != 0)
        out.spawn_sites.items[kept++] = out.spawn_sites.items[i];
    out.spawn_sites.len = kept;
  }

  if (occ.len)
    qsort(occ.items, occ.len, sizeof *occ.items, qcmp_occurrence);
  for (size_t i = 0; i < occ.len;) {
    size_t j = i + 1;
    while (j < occ.len && cmp_identity(occ.items[i].var, occ.items[j].var) == 0)
      j++;
    struct variable m = merge_entity(occ.items + i, j - i, docs);
    out.findings += (int64_t)m.findings.len;
    VEC_PUSH(out.variables, m);
    i = j;
  }
  if (out.variables.len)
    qsort(out.variables.items, out.variables.len, sizeof *out.variables.items,
          qcmp_variable);
  return out;
}

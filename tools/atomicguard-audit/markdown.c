/*===- markdown.c - The Markdown concurrency review ----------------------===*
 *
 * For a reader who has not seen the code: what was looked at and what was
 * found (summary), what needs attention (findings, errors first), what is
 * shared and how it is meant to be synchronized (the table), and where each
 * shared variable is touched (one section per variable).
 *
 * Text that comes from the program (names, messages, rationales) can hold
 * any character, so it is written either backslash-escaped or as a code
 * span with a fence longer than any backtick run inside; in tables a '|'
 * is escaped in both, since GitHub-flavoured Markdown splits cells on it even
 * inside code spans.
 *
 *===----------------------------------------------------------------------===*/
#include "audit.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

enum context { IN_TEXT, IN_TABLE };

/* Plain text: every character Markdown could read as syntax is escaped
 * (CommonMark allows a backslash before any ASCII punctuation); control
 * characters become spaces, so a message cannot end a list item or a table
 * row. */
static void md_text(char_vec *b, const char *s) {
  for (; *s; s++) {
    if ((unsigned char)*s < 0x20 || *s == 0x7f) {
      buf_append(b, " ", 1);
      continue;
    }
    if (strchr("\\`*_[]<>|~&#!", *s))
      buf_append(b, "\\", 1);
    buf_append(b, s, 1);
  }
}

/* A code span: `s`, fenced with one backtick more than the longest run in
 * it, padded with a space when it starts or ends with a backtick. */
static void md_code(char_vec *b, const char *s, enum context ctx) {
  size_t longest = 0, run = 0;
  for (const char *p = s; *p; p++) {
    run = *p == '`' ? run + 1 : 0;
    if (run > longest)
      longest = run;
  }
  size_t len = strlen(s);
  bool pad = len && (s[0] == '`' || s[len - 1] == '`');
  for (size_t i = 0; i <= longest; i++)
    buf_append(b, "`", 1);
  if (pad)
    buf_append(b, " ", 1);
  for (const char *p = s; *p; p++) {
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      buf_append(b, " ", 1);
    else if (*p == '|' && ctx == IN_TABLE)
      buf_append(b, "\\|", 2);
    else
      buf_append(b, p, 1);
  }
  if (pad)
    buf_append(b, " ", 1);
  for (size_t i = 0; i <= longest; i++)
    buf_append(b, "`", 1);
}

/* "file:line:column" with what is known; NULL when nothing is. */
static const char *location_text(const struct source_loc *loc) {
  if (!loc->file && !loc->line)
    return NULL;
  char_vec b = {0};
  buf_printf(&b, "%s", loc->file ? loc->file : "<unknown file>");
  if (loc->line)
    buf_printf(&b, ":%" PRId64, loc->line);
  if (loc->line && loc->column)
    buf_printf(&b, ":%" PRId64, loc->column);
  return buf_cstr(&b);
}

/* A code span, or plain `fallback` text when the value is unknown. */
static void md_code_or(char_vec *b, const char *s, enum context ctx,
                       const char *fallback) {
  if (s)
    md_code(b, s, ctx);
  else
    buf_printf(b, "%s", fallback);
}

/* The header row and the delimiter row of a table. */
static void md_table_header(char_vec *b, const char *const *columns) {
  size_t n = 0;
  for (; columns[n]; n++)
    buf_printf(b, "| %s ", columns[n]);
  buf_printf(b, "|\n");
  for (size_t i = 0; i < n; i++)
    buf_printf(b, "| --- ");
  buf_printf(b, "|\n");
}

static void md_location(char_vec *b, const struct source_loc *loc,
                        enum context ctx) {
  md_code_or(b, location_text(loc), ctx, "unknown location");
}

static const char *plural(int64_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

/* The separator before item i of n in "a, b and c". */
static void md_join(char_vec *b, size_t i, size_t n) {
  if (i > 0)
    buf_printf(b, i + 1 == n ? " and " : ", ");
}

/*===-------------------------------- Summary -----------------------------===*/

static const char *const CHECK_NAMES[] = {"bad-annotation", "mixed-access",
                                          "strict", "unsync-write",
                                          "weak-order"};
enum { NUM_CHECKS = sizeof CHECK_NAMES / sizeof *CHECK_NAMES };

/* "2 errors (1 bad-annotation and 1 strict)" for one severity. */
static void summarize_severity(char_vec *b, const struct audit_doc *doc,
                               const char *severity, const char *one,
                               const char *many) {
  int64_t per_check[NUM_CHECKS] = {0}, total = 0;
  for (size_t i = 0; i < doc->variables.len; i++) {
    const finding_vec *f = &doc->variables.items[i].findings;
    for (size_t k = 0; k < f->len; k++) {
      if (strcmp(f->items[k].severity, severity) != 0)
        continue;
      total++;
      for (size_t c = 0; c < NUM_CHECKS; c++)
        if (strcmp(f->items[k].check, CHECK_NAMES[c]) == 0)
          per_check[c]++;
    }
  }
  buf_printf(b, "%" PRId64 " %s", total, plural(total, one, many));
  if (!total)
    return;
  size_t kinds = 0, shown = 0;
  for (size_t c = 0; c < NUM_CHECKS; c++)
    kinds += per_check[c] != 0;
  buf_printf(b, " (");
  for (size_t c = 0; c < NUM_CHECKS; c++) {
    if (!per_check[c])
      continue;
    md_join(b, shown++, kinds);
    buf_printf(b, "%" PRId64 " ", per_check[c]);
    md_code(b, CHECK_NAMES[c], IN_TEXT);
  }
  buf_printf(b, ")");
}

enum { MAX_LISTED = 8 }; /* longer lists are cut in the summary */

/* How the review names kinds of variables (indexed by enum var_kind). */
static const char *const KIND_ONE[] = {"global", "static local", "field",
                                       "local"};
static const char *const KIND_MANY[] = {"globals", "static locals", "fields",
                                        "locals"};

/* " (`a`, `b`, `c` and 3 more)" for a list of names; nothing when empty. */
static void md_name_list(char_vec *b, const str_vec *names) {
  for (size_t i = 0; i < names->len && i < MAX_LISTED; i++) {
    buf_printf(b, i ? ", " : " (");
    md_code(b, names->items[i], IN_TEXT);
  }
  if (names->len > MAX_LISTED)
    buf_printf(b, " and %zu more", names->len - MAX_LISTED);
  if (names->len)
    buf_printf(b, ")");
}

/* The format gives no shared/private flag (a variable listed for its intent
 * carries the reason it is private), so the summary counts what the data
 * says: the variables listed, by kind, and how many of them thread routines
 * reach or spawn calls receive. */
static void summarize_variables(char_vec *b, const struct audit_doc *doc) {
  int64_t per_kind[4] = {0}, threaded = 0;
  for (size_t i = 0; i < doc->variables.len; i++) {
    const struct variable *v = &doc->variables.items[i];
    per_kind[v->kind]++;
    const struct shared_because *sb = v->shared_because;
    if (sb && (sb->thread_routines.len || sb->spawn_sites.len))
      threaded++;
  }
  int64_t listed = (int64_t)doc->variables.len;
  buf_printf(b, "It lists %" PRId64 " %s", listed,
             plural(listed, "variable", "variables"));
  size_t kinds = 0, shown = 0;
  for (int k = 0; k < 4; k++)
    kinds += per_kind[k] != 0;
  for (int k = 0; k < 4; k++) {
    if (!per_kind[k])
      continue;
    if (!shown)
      buf_printf(b, " (");
    md_join(b, shown++, kinds);
    buf_printf(b, "%" PRId64 " %s", per_kind[k],
               plural(per_kind[k], KIND_ONE[k], KIND_MANY[k]));
  }
  buf_printf(b, "%s", kinds ? ")" : "");
  buf_printf(b, ", %" PRId64 " of them reached from a thread routine or "
                "passed to a spawn call",
             threaded);
}

static void write_summary(char_vec *b, const struct audit_doc *doc) {
  size_t units = doc->units.len;
  buf_printf(b, "This review covers %zu translation %s", units,
             plural((int64_t)units, "unit", "units"));
  md_name_list(b, &doc->units);
  buf_printf(b, ". ");
  summarize_variables(b, doc);
  buf_printf(b, ". The compile-time checks report %" PRId64 " %s: ",
             doc->findings, plural(doc->findings, "finding", "findings"));
  summarize_severity(b, doc, "error", "error", "errors");
  buf_printf(b, " and ");
  summarize_severity(b, doc, "warning", "warning", "warnings");
  buf_printf(b, ". ");

  size_t routines = doc->thread_routines.len;
  buf_printf(b, "Threads run %zu thread %s", routines,
             plural((int64_t)routines, "routine", "routines"));
  md_name_list(b, &doc->thread_routines);
  size_t sites = doc->spawn_sites.len;
  buf_printf(b, ", started from %zu spawn %s", sites,
             plural((int64_t)sites, "site", "sites"));
  for (size_t i = 0; i < sites && i < MAX_LISTED; i++) {
    const struct spawn_site *s = &doc->spawn_sites.items[i];
    buf_printf(b, i ? "; " : " (");
    md_code(b, s->callee, IN_TEXT);
    if (s->routine) {
      buf_printf(b, " of ");
      md_code(b, s->routine, IN_TEXT);
    }
    if (s->function) {
      buf_printf(b, " in ");
      md_code(b, s->function, IN_TEXT);
    }
    buf_printf(b, " at ");
    const char *where = location_text(&s->loc);
    md_code(b, where ? where : s->id, IN_TEXT);
  }
  if (sites > MAX_LISTED)
    buf_printf(b, "; and %zu more", sites - MAX_LISTED);
  buf_printf(b, "%s.\n\n", sites ? ")" : "");
}

/*===------------------------------- Findings -----------------------------===*/

struct listed_finding {
  const struct finding *finding;
  const struct variable *variable;
};

/* The numbers (1-based, in the Findings list) of one variable's findings. */
typedef VEC(size_t) number_vec;

static int qcmp_listed_finding(const void *pa, const void *pb) {
  const struct listed_finding *a = pa, *b = pb;
  bool a_err = strcmp(a->finding->severity, "error") == 0;
  bool b_err = strcmp(b->finding->severity, "error") == 0;
  if (a_err != b_err)
    return a_err ? -1 : 1;
  int c = cmp_finding(a->finding, b->finding);
  /* Equal findings of two variables: keep the variables' order. */
  return c ? c : (a->variable > b->variable) - (a->variable < b->variable);
}

static void md_variable_name(char_vec *b, const struct variable *v,
                             enum context ctx) {
  md_code(b, variable_label(v), ctx);
  if (v->function && v->kind != KIND_FIELD) {
    buf_printf(b, " in ");
    md_code(b, v->function, ctx);
  }
}

/* Writes the numbered list and returns, for each variable (by index), the
 * numbers its findings got, for the per-variable sections to refer to. */
static number_vec *write_findings(char_vec *b, const struct audit_doc *doc) {
  struct listed_finding *list =
      arena_alloc(((size_t)doc->findings + 1) * sizeof *list);
  number_vec *numbers =
      arena_alloc((doc->variables.len + 1) * sizeof *numbers);
  size_t n = 0;
  for (size_t i = 0; i < doc->variables.len; i++) {
    const struct variable *v = &doc->variables.items[i];
    for (size_t k = 0; k < v->findings.len; k++)
      list[n++] = (struct listed_finding){&v->findings.items[k], v};
  }
  if (n)
    qsort(list, n, sizeof *list, qcmp_listed_finding);
  buf_printf(b, "## Findings\n\n");
  if (!n)
    buf_printf(b, "No findings.\n\n");
  for (size_t i = 0; i < n; i++) {
    const struct finding *f = list[i].finding;
    VEC_PUSH(numbers[list[i].variable - doc->variables.items], i + 1);
    buf_printf(b, "%zu. **%s** ", i + 1, f->severity);
    md_code(b, f->check, IN_TEXT);
    buf_printf(b, " on ");
    md_variable_name(b, list[i].variable, IN_TEXT);
    buf_printf(b, " at ");
    md_location(b, &f->loc, IN_TEXT);
    buf_printf(b, ": ");
    md_text(b, f->message);
    buf_printf(b, "\n");
  }
  if (n)
    buf_printf(b, "\n");
  return numbers;
}

/*===------------------------------- Variables ----------------------------===*/

static void md_kind(char_vec *b, const struct variable *v) {
  switch (v->kind) {
  case KIND_GLOBAL:
    buf_printf(b, "global (%s)", v->linkage);
    return;
  case KIND_FIELD:
    buf_printf(b, "field of ");
    md_code(b, arena_printf("struct %s", v->record ? v->record : "<anonymous>"),
            IN_TABLE);
    return;
  case KIND_STATIC_LOCAL:
  case KIND_LOCAL:
    buf_printf(b, "%s", v->kind == KIND_LOCAL ? "local" : "static local");
    if (v->function) {
      buf_printf(b, " in ");
      md_code(b, v->function, IN_TABLE);
    }
    return;
  }
}

/* Memory orders from weakest to strongest, for the "Orders" column. */
static const char *const ORDER_NAMES[] = {"relaxed", "consume", "acquire",
                                          "release", "acq_rel", "seq_cst"};

static void md_orders_used(char_vec *b, const struct variable *v) {
  bool used[6] = {false};
  for (size_t i = 0; i < v->accesses.len; i++)
    for (int k = 0; k < 6; k++) {
      const struct access *a = &v->accesses.items[i];
      if ((a->order && strcmp(a->order, ORDER_NAMES[k]) == 0) ||
          (a->order_fail && strcmp(a->order_fail, ORDER_NAMES[k]) == 0))
        used[k] = true;
    }
  bool any = false;
  for (int k = 0; k < 6; k++) {
    if (!used[k])
      continue;
    buf_printf(b, any ? ", " : "");
    md_code(b, ORDER_NAMES[k], IN_TABLE);
    any = true;
  }
  if (!any)
    buf_printf(b, "none");
}

static void md_shared_because(char_vec *b, const struct variable *v) {
  const struct shared_because *sb = v->shared_because;
  if (!sb) {
    buf_printf(b, "no reason recorded");
    return;
  }
  md_text(b, sb->reason ? sb->reason : "no reason recorded");
  const str_vec *lists[2] = {&sb->thread_routines, &sb->spawn_sites};
  const char *names[2] = {"thread routines: ", "spawn sites: "};
  bool open = false;
  for (int l = 0; l < 2; l++) {
    if (!lists[l]->len)
      continue;
    buf_printf(b, open ? "; %s" : " (%s", names[l]);
    open = true;
    for (size_t i = 0; i < lists[l]->len; i++) {
      buf_printf(b, i ? ", " : "");
      md_code(b, lists[l]->items[i], IN_TABLE);
    }
  }
  buf_printf(b, "%s", open ? ")" : "");
}

static void write_variable_table(char_vec *b, const struct audit_doc *doc) {
  buf_printf(b, "## Variables\n\n");
  if (!doc->variables.len) {
    buf_printf(b, "No variables.\n\n");
    return;
  }
  static const char *const columns[] = {
      "Variable",       "Kind",           "Type",
      "Defined at",     "Intent",         "Shared because",
      "Accesses (plain / atomic)",        "Orders",
      NULL};
  md_table_header(b, columns);
  for (size_t i = 0; i < doc->variables.len; i++) {
    const struct variable *v = &doc->variables.items[i];
    buf_printf(b, "| ");
    md_code(b, variable_label(v), IN_TABLE);
    buf_printf(b, " | ");
    md_kind(b, v);
    buf_printf(b, " | ");
    md_code_or(b, v->type, IN_TABLE, "unknown");
    if (v->size >= 0)
      buf_printf(b, ", %" PRId64 " %s", v->size, plural(v->size, "byte", "bytes"));
    buf_printf(b, " | ");
    md_code_or(b, v->has_defined_at ? location_text(&v->defined_at) : NULL,
               IN_TABLE, "unknown");
    buf_printf(b, " | ");
    md_code_or(b, v->intent, IN_TABLE, "none");
    if (v->rationale) {
      buf_printf(b, ": ");
      md_text(b, v->rationale);
    }
    buf_printf(b, " | ");
    md_shared_because(b, v);
    size_t atomic = 0;
    for (size_t k = 0; k < v->accesses.len; k++)
      atomic += v->accesses.items[k].atomic;
    buf_printf(b, " | %zu / %zu | ", v->accesses.len - atomic, atomic);
    md_orders_used(b, v);
    buf_printf(b, " |\n");
  }
  buf_printf(b, "\n");
}

static void md_cell(char_vec *b, const char *s, const char *unknown) {
  if (s)
    md_text(b, s);
  else
    buf_printf(b, "%s", unknown);
}

static void write_access_sites(char_vec *b, const struct audit_doc *doc,
                               const number_vec *finding_numbers) {
  buf_printf(b, "## Access sites\n\n");
  if (!doc->variables.len)
    buf_printf(b, "No variables.\n\n");
  for (size_t i = 0; i < doc->variables.len; i++) {
    const struct variable *v = &doc->variables.items[i];
    buf_printf(b, "### ");
    md_variable_name(b, v, IN_TEXT);
    buf_printf(b, " (%s", KIND_ONE[v->kind]);
    const char *def = v->has_defined_at ? location_text(&v->defined_at) : NULL;
    if (def) {
      buf_printf(b, ", ");
      md_code(b, def, IN_TEXT);
    }
    buf_printf(b, ")\n\n");
    const number_vec *mine = &finding_numbers[i];
    for (size_t k = 0; k < mine->len; k++) {
      if (k == 0)
        buf_printf(b, "See %s ",
                   plural((int64_t)mine->len, "finding", "findings"));
      md_join(b, k, mine->len);
      buf_printf(b, "%zu", mine->items[k]);
    }
    if (mine->len)
      buf_printf(b, " above.\n\n");
    if (!v->accesses.len) {
      buf_printf(b, "No accesses recorded.\n\n");
      continue;
    }
    static const char *const columns[] = {
        "Location", "Function",  "Operation",     "Atomic",
        "Order",    "Rationale", "From a thread", NULL};
    md_table_header(b, columns);
    for (size_t k = 0; k < v->accesses.len; k++) {
      const struct access *a = &v->accesses.items[k];
      buf_printf(b, "| ");
      md_location(b, &a->loc, IN_TABLE);
      buf_printf(b, " | ");
      md_code_or(b, a->function, IN_TABLE, "unknown");
      buf_printf(b, " | ");
      md_text(b, a->op);
      buf_printf(b, " | %s | ", a->atomic ? "atomic" : "plain");
      md_cell(b, a->order, "none");
      if (a->order_fail) {
        buf_printf(b, " (failure: ");
        md_text(b, a->order_fail);
        buf_printf(b, ")");
      }
      buf_printf(b, " | ");
      md_cell(b, a->rationale, "none");
      buf_printf(b, " | %s |\n", a->thread_reachable ? "yes" : "no");
    }
    buf_printf(b, "\n");
  }
}

void audit_write_markdown(const struct audit_doc *doc, const char *title,
                          FILE *out) {
  char_vec b = {0};
  buf_printf(&b, "# ");
  md_text(&b, title);
  buf_printf(&b, "\n\n");
  write_summary(&b, doc);
  const number_vec *finding_numbers = write_findings(&b, doc);
  write_variable_table(&b, doc);
  write_access_sites(&b, doc, finding_numbers);
  /* One trailing newline, not a blank line. */
  while (b.len >= 2 && b.items[b.len - 1] == '\n' && b.items[b.len - 2] == '\n')
    b.len--;
  fwrite(b.items, 1, b.len, out);
}

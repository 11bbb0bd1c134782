/*===- load.c - Read one audit file and check it against the format -------===*
 *
 * The merge trusts its input completely, so everything the format promises
 * is checked here: every field present with the right JSON type, enumerated
 * strings among their documented values, lines and columns positive. A
 * problem is fatal and names the file, the line and column of the offending
 * value, and its path in the document (variables[3].accesses[0].op), so the
 * author of the pass can find it. Fields the format does not define are
 * ignored, which lets a newer pass add some without breaking this tool.
 *
 *===----------------------------------------------------------------------===*/
#include "audit.h"

#include "json.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

static const char *const KINDS[] = {"global", "static_local", "field", "local",
                                    NULL};
static const char *const LINKAGES[] = {"external", "internal", "none", NULL};
static const char *const INTENTS[] = {"publish", "counter", "seq_cst",
                                      "benign", NULL};
static const char *const OPS[] = {"read",    "write",      "rmw",
                                  "cmpxchg", "read_range", "write_range",
                                  NULL};
static const char *const ORDERS[] = {"relaxed", "consume", "acquire", "release",
                                     "acq_rel", "seq_cst", NULL};
static const char *const CHECKS[] = {"weak-order",   "mixed-access",
                                     "unsync-write", "strict",
                                     "bad-annotation", NULL};
static const char *const SEVERITIES[] = {"warning", "error", NULL};

const char *var_kind_name(enum var_kind kind) { return KINDS[kind]; }

struct loader {
  const char *path;
};

enum nullable { REQUIRED, NULLABLE };

AG_PRINTF(4, 5)
static _Noreturn void invalid(const struct loader *l,
                              const struct json_value *at, const char *where,
                              const char *fmt, ...) {
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  fatal("%s:%u:%u: %s%s%s", l->path, at->line, at->column, where,
        *where ? ": " : "", message);
}

/* "where.key", or just "key" at the top level. */
static const char *member_path(const char *where, const char *key) {
  return *where ? scratch_printf("%s.%s", where, key) : key;
}

static const struct json_value *require(const struct loader *l,
                                        const struct json_value *obj,
                                        const char *where, const char *key) {
  const struct json_value *v = json_object_get(obj, key);
  if (!v)
    invalid(l, obj, where, "missing required field \"%s\"", key);
  return v;
}

static void expect_kind(const struct loader *l, const struct json_value *v,
                        const char *where, const char *key,
                        enum json_kind kind, enum nullable nullable) {
  if (v->kind == kind || (nullable == NULLABLE && v->kind == JSON_NULL))
    return;
  invalid(l, v, member_path(where, key), "expected %s%s, found %s",
          json_kind_name(kind), nullable == NULLABLE ? " or null" : "",
          json_kind_name(v->kind));
}

/* The string of `v`, found at where.key (key NULL: at `where` itself). */
static const char *checked_string(const struct loader *l,
                                  const struct json_value *v,
                                  const char *where, const char *key) {
  /* The model uses C strings; an embedded NUL would silently cut one. */
  if (strlen(v->u.string.chars) != v->u.string.len)
    invalid(l, v, key ? member_path(where, key) : where,
            "string contains a NUL character");
  return intern(v->u.string.chars);
}

static const char *get_string(const struct loader *l,
                              const struct json_value *obj, const char *where,
                              const char *key, enum nullable nullable) {
  const struct json_value *v = require(l, obj, where, key);
  expect_kind(l, v, where, key, JSON_STRING, nullable);
  if (v->kind == JSON_NULL)
    return NULL;
  return checked_string(l, v, where, key);
}

/* One of `allowed`, returned as the canonical (static) spelling. */
static const char *get_enum(const struct loader *l,
                            const struct json_value *obj, const char *where,
                            const char *key, const char *const *allowed,
                            enum nullable nullable) {
  const char *s = get_string(l, obj, where, key, nullable);
  if (!s)
    return NULL;
  for (const char *const *a = allowed; *a; a++)
    if (strcmp(*a, s) == 0)
      return *a;
  char list[256] = "";
  for (const char *const *a = allowed; *a; a++) {
    strcat(list, a == allowed ? "\"" : ", \"");
    strcat(list, *a);
    strcat(list, "\"");
  }
  invalid(l, json_object_get(obj, key), member_path(where, key),
          "unknown value \"%.80s\" (expected %s%s)", s, list,
          nullable == NULLABLE ? " or null" : "");
}

/* A line or column: a positive integer, or null (returned as 0). */
static int64_t get_position(const struct loader *l,
                            const struct json_value *obj, const char *where,
                            const char *key) {
  const struct json_value *v = require(l, obj, where, key);
  expect_kind(l, v, where, key, JSON_INT, NULLABLE);
  if (v->kind == JSON_NULL)
    return 0;
  if (v->u.integer < 1)
    invalid(l, v, member_path(where, key),
            "expected a positive integer or null, found %" PRId64,
            v->u.integer);
  return v->u.integer;
}

static bool get_bool(const struct loader *l, const struct json_value *obj,
                     const char *where, const char *key) {
  const struct json_value *v = require(l, obj, where, key);
  expect_kind(l, v, where, key, JSON_BOOL, REQUIRED);
  return v->u.boolean;
}

static const struct json_value *get_container(const struct loader *l,
                                              const struct json_value *obj,
                                              const char *where,
                                              const char *key,
                                              enum json_kind kind,
                                              enum nullable nullable) {
  const struct json_value *v = require(l, obj, where, key);
  expect_kind(l, v, where, key, kind, nullable);
  return v->kind == JSON_NULL ? NULL : v;
}

static const char *element_path(const char *where, const char *key,
                                size_t i) {
  return scratch_printf("%s[%zu]", member_path(where, key), i);
}

static str_vec get_string_list(const struct loader *l,
                               const struct json_value *obj, const char *where,
                               const char *key) {
  const struct json_value *arr =
      get_container(l, obj, where, key, JSON_ARRAY, REQUIRED);
  str_vec out = {0};
  for (size_t i = 0; i < arr->u.array.len; i++) {
    const struct json_value *v = arr->u.array.items[i];
    const char *path = element_path(where, key, i);
    if (v->kind != JSON_STRING)
      invalid(l, v, path, "expected a string, found %s",
              json_kind_name(v->kind));
    VEC_PUSH(out, checked_string(l, v, path, NULL));
  }
  return out;
}

/* Element i of an array, which must be an object. */
static const struct json_value *
get_object_element(const struct loader *l, const struct json_value *arr,
                   size_t i, const char *path) {
  const struct json_value *v = arr->u.array.items[i];
  if (v->kind != JSON_OBJECT)
    invalid(l, v, path, "expected an object, found %s",
            json_kind_name(v->kind));
  return v;
}

static struct source_loc get_location(const struct loader *l,
                                      const struct json_value *obj,
                                      const char *where) {
  struct source_loc loc;
  loc.file = get_string(l, obj, where, "file", NULLABLE);
  loc.line = get_position(l, obj, where, "line");
  loc.column = get_position(l, obj, where, "column");
  return loc;
}

static struct spawn_site load_spawn_site(const struct loader *l,
                                         const struct json_value *obj,
                                         const char *where) {
  struct spawn_site s;
  s.id = get_string(l, obj, where, "id", REQUIRED);
  s.callee = get_string(l, obj, where, "callee", REQUIRED);
  s.routine = get_string(l, obj, where, "routine", NULLABLE);
  s.function = get_string(l, obj, where, "function", NULLABLE);
  s.loc = get_location(l, obj, where);
  return s;
}

static struct access load_access(const struct loader *l,
                                 const struct json_value *obj,
                                 const char *where) {
  struct access a;
  a.loc = get_location(l, obj, where);
  a.function = get_string(l, obj, where, "function", NULLABLE);
  a.op = get_enum(l, obj, where, "op", OPS, REQUIRED);
  a.atomic = get_bool(l, obj, where, "atomic");
  a.order = get_enum(l, obj, where, "order", ORDERS, NULLABLE);
  a.order_fail = get_enum(l, obj, where, "order_fail", ORDERS, NULLABLE);
  a.rationale = get_string(l, obj, where, "rationale", NULLABLE);
  a.thread_reachable = get_bool(l, obj, where, "thread_reachable");
  return a;
}

static struct finding load_finding(const struct loader *l,
                                   const struct json_value *obj,
                                   const char *where) {
  struct finding f;
  f.check = get_enum(l, obj, where, "check", CHECKS, REQUIRED);
  f.severity = get_enum(l, obj, where, "severity", SEVERITIES, REQUIRED);
  f.message = get_string(l, obj, where, "message", REQUIRED);
  f.loc = get_location(l, obj, where);
  return f;
}

static struct shared_because *load_shared_because(const struct loader *l,
                                                  const struct json_value *obj,
                                                  const char *where) {
  const struct json_value *sb = get_container(l, obj, where, "shared_because",
                                              JSON_OBJECT, NULLABLE);
  if (!sb)
    return NULL;
  where = member_path(where, "shared_because");
  struct shared_because *out = arena_alloc(sizeof *out);
  out->reason = get_string(l, sb, where, "reason", NULLABLE);
  out->thread_routines = get_string_list(l, sb, where, "thread_routines");
  out->spawn_sites = get_string_list(l, sb, where, "spawn_sites");
  return out;
}

static struct variable load_variable(const struct loader *l,
                                     const struct json_value *obj,
                                     const char *where) {
  struct variable v = {0};
  v.name = get_string(l, obj, where, "name", REQUIRED);
  /* KINDS is in enum var_kind order. */
  const char *kind = get_enum(l, obj, where, "kind", KINDS, REQUIRED);
  for (int k = 0; KINDS[k]; k++)
    if (KINDS[k] == kind)
      v.kind = (enum var_kind)k;
  v.record = get_string(l, obj, where, "record", NULLABLE);
  v.function = get_string(l, obj, where, "function", NULLABLE);
  v.linkage = get_enum(l, obj, where, "linkage", LINKAGES, REQUIRED);

  const struct json_value *def =
      get_container(l, obj, where, "defined_at", JSON_OBJECT, NULLABLE);
  if (def) {
    const char *def_where = member_path(where, "defined_at");
    v.has_defined_at = true;
    v.defined_at.file = get_string(l, def, def_where, "file", NULLABLE);
    v.defined_at.line = get_position(l, def, def_where, "line");
  }

  v.type = get_string(l, obj, where, "type", NULLABLE);
  const struct json_value *size = require(l, obj, where, "size");
  expect_kind(l, size, where, "size", JSON_INT, NULLABLE);
  v.size = -1;
  if (size->kind == JSON_INT) {
    if (size->u.integer < 0)
      invalid(l, size, member_path(where, "size"),
              "expected a size in bytes (>= 0) or null, found %" PRId64,
              size->u.integer);
    v.size = size->u.integer;
  }
  const struct json_value *atomic = require(l, obj, where, "atomic_type");
  expect_kind(l, atomic, where, "atomic_type", JSON_BOOL, NULLABLE);
  v.atomic_type = atomic->kind == JSON_NULL ? TRI_NULL
                  : atomic->u.boolean      ? TRI_TRUE
                                           : TRI_FALSE;

  v.shared_because = load_shared_because(l, obj, where);
  v.intent = get_enum(l, obj, where, "intent", INTENTS, NULLABLE);
  v.rationale = get_string(l, obj, where, "rationale", NULLABLE);

  const struct json_value *arr =
      get_container(l, obj, where, "accesses", JSON_ARRAY, REQUIRED);
  for (size_t i = 0; i < arr->u.array.len; i++) {
    const char *path = element_path(where, "accesses", i);
    VEC_PUSH(v.accesses,
             load_access(l, get_object_element(l, arr, i, path), path));
  }
  arr = get_container(l, obj, where, "findings", JSON_ARRAY, REQUIRED);
  for (size_t i = 0; i < arr->u.array.len; i++) {
    const char *path = element_path(where, "findings", i);
    VEC_PUSH(v.findings,
             load_finding(l, get_object_element(l, arr, i, path), path));
  }
  return v;
}

struct audit_doc audit_load(const char *path) {
  struct loader l = {.path = path};
  size_t len;
  scratch_begin();
  char *text = read_file(path, &len);
  struct json_error err;
  struct json_value *root = json_parse(text, len, &err);
  scratch_end();
  if (!root)
    fatal("%s:%u:%u: malformed JSON: %s", path, err.line, err.column,
          err.message);
  if (root->kind != JSON_OBJECT)
    invalid(&l, root, "", "expected an audit document (an object), found %s",
            json_kind_name(root->kind));

  /* Format and version first: for a file of another kind they are the only
   * useful thing to say. */
  const struct json_value *format = json_object_get(root, "format");
  if (!format || format->kind != JSON_STRING ||
      strcmp(format->u.string.chars, AUDIT_FORMAT) != 0 ||
      strlen(format->u.string.chars) != format->u.string.len)
    invalid(&l, format ? format : root, "",
            "not an atomicguard audit file (\"format\" is not \"%s\")",
            AUDIT_FORMAT);
  const struct json_value *version = require(&l, root, "", "version");
  if (version->kind != JSON_INT || version->u.integer != AUDIT_VERSION) {
    if (version->kind == JSON_INT)
      invalid(&l, version, "version",
              "unsupported version %" PRId64 " (this tool reads version %d)",
              version->u.integer, AUDIT_VERSION);
    invalid(&l, version, "version", "expected the integer %d, found %s",
            AUDIT_VERSION, json_kind_name(version->kind));
  }

  struct audit_doc doc = {0};
  doc.path = path;
  doc.units = get_string_list(&l, root, "", "units");
  const struct json_value *arr =
      get_container(&l, root, "", "spawn_sites", JSON_ARRAY, REQUIRED);
  for (size_t i = 0; i < arr->u.array.len; i++) {
    const char *where = element_path("", "spawn_sites", i);
    VEC_PUSH(doc.spawn_sites,
             load_spawn_site(&l, get_object_element(&l, arr, i, where), where));
  }
  doc.thread_routines = get_string_list(&l, root, "", "thread_routines");
  arr = get_container(&l, root, "", "variables", JSON_ARRAY, REQUIRED);
  for (size_t i = 0; i < arr->u.array.len; i++) {
    const char *where = element_path("", "variables", i);
    VEC_PUSH(doc.variables,
             load_variable(&l, get_object_element(&l, arr, i, where), where));
  }

  const struct json_value *count = require(&l, root, "", "findings");
  expect_kind(&l, count, "", "findings", JSON_INT, REQUIRED);
  int64_t listed = 0;
  for (size_t i = 0; i < doc.variables.len; i++)
    listed += (int64_t)doc.variables.items[i].findings.len;
  /* The count is redundant; the merge recomputes it from the lists, so a
   * wrong one is worth telling but not worth refusing the file. */
  if (count->u.integer != listed)
    warning("%s:%u:%u: \"findings\" is %" PRId64
            ", but the variables hold %" PRId64 "; using %" PRId64,
            path, count->line, count->column, count->u.integer, listed, listed);
  doc.findings = listed;
  /* Every string the model keeps was interned into the permanent arena. */
  scratch_release();
  return doc;
}

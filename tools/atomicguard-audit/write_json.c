/*===- write_json.c - Write an audit document as JSON ---------------------===*
 *
 * Fields come out in the order of docs/audit-format.md, every one of them
 * every time (unknown is null), so a merged report diffs cleanly against the
 * previous one and reads like a unit file.
 *
 *===----------------------------------------------------------------------===*/
#include "audit.h"

#include "json.h"

static void field_string(struct json_writer *w, const char *key,
                         const char *value) {
  json_key(w, key);
  json_string(w, value);
}

static void field_bool(struct json_writer *w, const char *key, bool value) {
  json_key(w, key);
  json_bool(w, value);
}

/* `unknown` is the model's stand-in for null (0 for lines, -1 for sizes). */
static void field_optional_int(struct json_writer *w, const char *key,
                               int64_t value, int64_t unknown) {
  json_key(w, key);
  if (value == unknown)
    json_null(w);
  else
    json_int(w, value);
}

static void write_location_fields(struct json_writer *w,
                                  const struct source_loc *loc) {
  field_string(w, "file", loc->file);
  field_optional_int(w, "line", loc->line, 0);
  field_optional_int(w, "column", loc->column, 0);
}

static void write_string_list(struct json_writer *w, const str_vec *list) {
  json_begin_array(w);
  for (size_t i = 0; i < list->len; i++)
    json_string(w, list->items[i]);
  json_end_array(w);
}

static void write_spawn_site(struct json_writer *w, const struct spawn_site *s) {
  json_begin_object(w);
  field_string(w, "id", s->id);
  field_string(w, "callee", s->callee);
  field_string(w, "routine", s->routine);
  field_string(w, "function", s->function);
  write_location_fields(w, &s->loc);
  json_end_object(w);
}

static void write_access(struct json_writer *w, const struct access *a) {
  json_begin_object(w);
  write_location_fields(w, &a->loc);
  field_string(w, "function", a->function);
  field_string(w, "op", a->op);
  field_bool(w, "atomic", a->atomic);
  field_string(w, "order", a->order);
  field_string(w, "order_fail", a->order_fail);
  field_string(w, "rationale", a->rationale);
  field_bool(w, "thread_reachable", a->thread_reachable);
  json_end_object(w);
}

static void write_finding(struct json_writer *w, const struct finding *f) {
  json_begin_object(w);
  field_string(w, "check", f->check);
  field_string(w, "severity", f->severity);
  field_string(w, "message", f->message);
  write_location_fields(w, &f->loc);
  json_end_object(w);
}

static void write_variable(struct json_writer *w, const struct variable *v) {
  json_begin_object(w);
  field_string(w, "name", v->name);
  field_string(w, "kind", var_kind_name(v->kind));
  field_string(w, "record", v->record);
  field_string(w, "function", v->function);
  field_string(w, "linkage", v->linkage);
  json_key(w, "defined_at");
  if (v->has_defined_at) {
    json_begin_object(w);
    field_string(w, "file", v->defined_at.file);
    field_optional_int(w, "line", v->defined_at.line, 0);
    json_end_object(w);
  } else {
    json_null(w);
  }
  field_string(w, "type", v->type);
  field_optional_int(w, "size", v->size, -1);
  json_key(w, "atomic_type");
  if (v->atomic_type == TRI_NULL)
    json_null(w);
  else
    json_bool(w, v->atomic_type == TRI_TRUE);
  json_key(w, "shared_because");
  if (v->shared_because) {
    json_begin_object(w);
    field_string(w, "reason", v->shared_because->reason);
    json_key(w, "thread_routines");
    write_string_list(w, &v->shared_because->thread_routines);
    json_key(w, "spawn_sites");
    write_string_list(w, &v->shared_because->spawn_sites);
    json_end_object(w);
  } else {
    json_null(w);
  }
  field_string(w, "intent", v->intent);
  field_string(w, "rationale", v->rationale);
  json_key(w, "accesses");
  json_begin_array(w);
  for (size_t i = 0; i < v->accesses.len; i++)
    write_access(w, &v->accesses.items[i]);
  json_end_array(w);
  json_key(w, "findings");
  json_begin_array(w);
  for (size_t i = 0; i < v->findings.len; i++)
    write_finding(w, &v->findings.items[i]);
  json_end_array(w);
  json_end_object(w);
}

void audit_write_json(const struct audit_doc *doc, FILE *out) {
  struct json_writer w;
  json_writer_init(&w, out);
  json_begin_object(&w);
  json_key(&w, "format");
  json_string(&w, AUDIT_FORMAT);
  json_key(&w, "version");
  json_int(&w, AUDIT_VERSION);
  json_key(&w, "units");
  write_string_list(&w, &doc->units);
  json_key(&w, "spawn_sites");
  json_begin_array(&w);
  for (size_t i = 0; i < doc->spawn_sites.len; i++)
    write_spawn_site(&w, &doc->spawn_sites.items[i]);
  json_end_array(&w);
  json_key(&w, "thread_routines");
  write_string_list(&w, &doc->thread_routines);
  json_key(&w, "variables");
  json_begin_array(&w);
  for (size_t i = 0; i < doc->variables.len; i++)
    write_variable(&w, &doc->variables.items[i]);
  json_end_array(&w);
  json_key(&w, "findings");
  json_int(&w, doc->findings);
  json_end_object(&w);
  json_writer_finish(&w);
}

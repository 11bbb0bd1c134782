/*===- json.h - A small strict JSON parser and a pretty-printing writer ----===*
 *
 * The parser is recursive descent over a byte buffer (RFC 8259, no
 * extensions), with a nesting limit so hostile input cannot exhaust the
 * stack. Every value remembers the line and column where it starts, so the
 * checks done later on the parsed tree can point at the offending place.
 * Strings are decoded (all escapes, \uXXXX with surrogate pairs) and checked
 * to be valid UTF-8; numbers without fraction or exponent that fit in int64
 * are integers, any other number is a double.
 *
 * The writer streams a document with two-space indentation; it tracks commas
 * and indentation itself so its callers only say what comes next.
 *
 *===----------------------------------------------------------------------===*/
#ifndef AG_AUDIT_JSON_H
#define AG_AUDIT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Deeper documents are rejected; audit files nest at most 5 levels. */
#define JSON_MAX_DEPTH 64

enum json_kind {
  JSON_NULL,
  JSON_BOOL,
  JSON_INT,
  JSON_DOUBLE,
  JSON_STRING,
  JSON_ARRAY,
  JSON_OBJECT
};

struct json_member;

struct json_value {
  enum json_kind kind;
  unsigned line, column; /* 1-based; column counts bytes */
  union {
    bool boolean;
    int64_t integer;
    double number;
    struct {
      char *chars; /* NUL-terminated, but may also contain NULs */
      size_t len;
    } string;
    struct {
      struct json_value **items;
      size_t len;
    } array;
    struct {
      struct json_member *members; /* in document order, keys unique */
      size_t len;
    } object;
  } u;
};

struct json_member {
  const char *key;
  size_t key_len;
  struct json_value *value;
  unsigned line, column; /* of the key */
};

struct json_error {
  unsigned line, column;
  char message[160];
};

/* Parses one JSON document filling `text[0, len)`. Returns NULL and fills
 * *err on the first error. Memory comes from the arena. */
struct json_value *json_parse(const char *text, size_t len,
                              struct json_error *err);

/* The member `key` of an object, or NULL when absent. */
struct json_value *json_object_get(const struct json_value *object,
                                   const char *key);

/* "null", "a string", "an object", ... for messages. */
const char *json_kind_name(enum json_kind kind);

struct json_writer {
  FILE *out;
  int depth;
  /* Whether the container at each depth has had an element yet. */
  bool has_items[JSON_MAX_DEPTH + 1];
  bool after_key;
};

void json_writer_init(struct json_writer *w, FILE *out);
void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s); /* NULL writes null */
void json_int(struct json_writer *w, int64_t value);
void json_bool(struct json_writer *w, bool value);
void json_null(struct json_writer *w);
/* Ends the document with a newline. */
void json_writer_finish(struct json_writer *w);

#endif

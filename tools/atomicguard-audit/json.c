/*===- json.c - A small strict JSON parser and a pretty-printing writer ----===*/
#include "json.h"

#include "util.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*===-------------------------------- Parser ------------------------------===*/

struct parser {
  const char *pos, *end;
  const char *line_start; /* first byte of the current line, for columns */
  unsigned line;
  int depth;
  struct json_error *err;
  jmp_buf fail_jump; /* errors unwind straight out: the arena owns memory */
};

static unsigned column_of(const struct parser *p, const char *at) {
  return (unsigned)(at - p->line_start) + 1;
}

AG_PRINTF(3, 4)
static _Noreturn void fail_at(struct parser *p, const char *at,
                              const char *fmt, ...) {
  va_list ap;
  p->err->line = p->line;
  p->err->column = column_of(p, at);
  va_start(ap, fmt);
  vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
  va_end(ap);
  longjmp(p->fail_jump, 1);
}

/* Names the byte at `at` for a message: 'x', a control byte in hex, or the
 * end of input. */
static const char *describe_byte(const struct parser *p, const char *at,
                                 char buf[16]) {
  if (at >= p->end)
    return "end of input";
  unsigned char c = (unsigned char)*at;
  if (c >= 0x21 && c < 0x7f)
    snprintf(buf, 16, "'%c'", c);
  else
    snprintf(buf, 16, "byte 0x%02x", c);
  return buf;
}

AG_PRINTF(2, 3)
static _Noreturn void fail_unexpected(struct parser *p, const char *expected,
                                      ...) {
  char what[16], wanted[96];
  va_list ap;
  va_start(ap, expected);
  vsnprintf(wanted, sizeof wanted, expected, ap);
  va_end(ap);
  fail_at(p, p->pos, "expected %s, found %s", wanted,
          describe_byte(p, p->pos, what));
}

static void skip_whitespace(struct parser *p) {
  while (p->pos < p->end) {
    char c = *p->pos;
    if (c == '\n') {
      p->line++;
      p->line_start = ++p->pos;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      p->pos++;
    } else {
      break;
    }
  }
}

static struct json_value *new_value(struct parser *p, enum json_kind kind,
                                    const char *at) {
  struct json_value *v = arena_alloc(sizeof *v);
  v->kind = kind;
  v->line = p->line;
  v->column = column_of(p, at);
  return v;
}

static void expect_literal(struct parser *p, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(p->end - p->pos) < n || memcmp(p->pos, word, n) != 0)
    fail_at(p, p->pos, "invalid literal (expected '%s')", word);
  p->pos += n;
}

static unsigned hex_digit(struct parser *p, const char *at) {
  if (at >= p->end)
    fail_at(p, at, "unterminated \\u escape");
  char c = *at;
  if (c >= '0' && c <= '9')
    return (unsigned)(c - '0');
  if (c >= 'a' && c <= 'f')
    return (unsigned)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F')
    return (unsigned)(c - 'A' + 10);
  fail_at(p, at, "invalid hex digit in \\u escape");
}

/* Reads XXXX after "\u" at p->pos. */
static unsigned read_hex4(struct parser *p) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++)
    v = v * 16 + hex_digit(p, p->pos + i);
  p->pos += 4;
  return v;
}

static void put_utf8(char_vec *out, uint32_t cp) {
  if (cp < 0x80) {
    VEC_PUSH(*out, (char)cp);
  } else if (cp < 0x800) {
    VEC_PUSH(*out, (char)(0xC0 | (cp >> 6)));
    VEC_PUSH(*out, (char)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    VEC_PUSH(*out, (char)(0xE0 | (cp >> 12)));
    VEC_PUSH(*out, (char)(0x80 | ((cp >> 6) & 0x3F)));
    VEC_PUSH(*out, (char)(0x80 | (cp & 0x3F)));
  } else {
    VEC_PUSH(*out, (char)(0xF0 | (cp >> 18)));
    VEC_PUSH(*out, (char)(0x80 | ((cp >> 12) & 0x3F)));
    VEC_PUSH(*out, (char)(0x80 | ((cp >> 6) & 0x3F)));
    VEC_PUSH(*out, (char)(0x80 | (cp & 0x3F)));
  }
}

/* Decodes the escape after a backslash (p->pos is on the letter). */
static void read_escape(struct parser *p, char_vec *out) {
  const char *start = p->pos - 1;
  if (p->pos >= p->end)
    fail_at(p, start, "unterminated string");
  char c = *p->pos++;
  switch (c) {
  case '"': VEC_PUSH(*out, '"'); return;
  case '\\': VEC_PUSH(*out, '\\'); return;
  case '/': VEC_PUSH(*out, '/'); return;
  case 'b': VEC_PUSH(*out, '\b'); return;
  case 'f': VEC_PUSH(*out, '\f'); return;
  case 'n': VEC_PUSH(*out, '\n'); return;
  case 'r': VEC_PUSH(*out, '\r'); return;
  case 't': VEC_PUSH(*out, '\t'); return;
  case 'u': break;
  default: fail_at(p, start, "invalid escape sequence in string");
  }
  uint32_t cp = read_hex4(p);
  if (cp >= 0xDC00 && cp <= 0xDFFF)
    fail_at(p, start, "unpaired low surrogate in \\u escape");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    /* UTF-16 pair: a high surrogate must be followed by "\uDC00-DFFF". */
    if (p->end - p->pos < 2 || p->pos[0] != '\\' || p->pos[1] != 'u')
      fail_at(p, start, "unpaired high surrogate in \\u escape");
    p->pos += 2;
    uint32_t low = read_hex4(p);
    if (low < 0xDC00 || low > 0xDFFF)
      fail_at(p, start, "unpaired high surrogate in \\u escape");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  put_utf8(out, cp);
}

/* Copies one raw UTF-8 sequence starting with a byte >= 0x80, rejecting
 * overlong forms, surrogates and code points past U+10FFFF. */
static void read_utf8(struct parser *p, char_vec *out) {
  const unsigned char *s = (const unsigned char *)p->pos;
  size_t avail = (size_t)(p->end - p->pos);
  unsigned char c = s[0];
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    if (c == 0xED)
      hi = 0x9F; /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    if (c == 0xF4)
      hi = 0x8F; /* past U+10FFFF */
  } else {
    fail_at(p, p->pos, "invalid UTF-8 in string");
  }
  if (avail < n || s[1] < lo || s[1] > hi)
    fail_at(p, p->pos, "invalid UTF-8 in string");
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xBF)
      fail_at(p, p->pos, "invalid UTF-8 in string");
  for (size_t i = 0; i < n; i++)
    VEC_PUSH(*out, (char)s[i]);
  p->pos += n;
}

/* p->pos is on the opening quote. */
static void read_string(struct parser *p, char **chars, size_t *len) {
  const char *open = p->pos++;
  /* Fast path: most strings are plain ASCII without escapes, and copying
   * them in one exact-size piece keeps big inputs from costing many times
   * their size in memory. */
  for (const char *s = p->pos; s < p->end; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"') {
      *len = (size_t)(s - p->pos);
      *chars = arena_strndup(p->pos, *len);
      p->pos = s + 1;
      return;
    }
    if (c == '\\' || c < 0x20 || c >= 0x80)
      break;
  }
  char_vec out = {0};
  for (;;) {
    if (p->pos >= p->end)
      fail_at(p, open, "unterminated string");
    unsigned char c = (unsigned char)*p->pos;
    if (c == '"') {
      p->pos++;
      break;
    }
    if (c == '\\') {
      p->pos++;
      read_escape(p, &out);
    } else if (c < 0x20) {
      fail_at(p, p->pos, "unescaped control character in string");
    } else if (c >= 0x80) {
      read_utf8(p, &out);
    } else {
      VEC_PUSH(out, (char)c);
      p->pos++;
    }
  }
  *len = out.len;
  VEC_PUSH(out, '\0');
  *chars = out.items;
}

static bool is_digit(const struct parser *p, const char *at) {
  return at < p->end && *at >= '0' && *at <= '9';
}

static struct json_value *read_number(struct parser *p) {
  const char *start = p->pos, *s = p->pos;
  bool integral = true;
  if (s < p->end && *s == '-')
    s++;
  if (!is_digit(p, s))
    fail_at(p, start, "invalid number");
  if (*s == '0') {
    s++;
    if (is_digit(p, s))
      fail_at(p, start, "invalid number (leading zero)");
  } else {
    while (is_digit(p, s))
      s++;
  }
  if (s < p->end && *s == '.') {
    integral = false;
    s++;
    if (!is_digit(p, s))
      fail_at(p, start, "invalid number (no digit after '.')");
    while (is_digit(p, s))
      s++;
  }
  if (s < p->end && (*s == 'e' || *s == 'E')) {
    integral = false;
    s++;
    if (s < p->end && (*s == '+' || *s == '-'))
      s++;
    if (!is_digit(p, s))
      fail_at(p, start, "invalid number (no digit in exponent)");
    while (is_digit(p, s))
      s++;
  }
  p->pos = s;
  struct json_value *v = new_value(p, JSON_INT, start);
  if (integral) {
    /* Accumulate negatively so INT64_MIN fits; overflow falls back to a
     * double like any other non-int64 number. */
    bool negative = *start == '-';
    int64_t acc = 0;
    const char *d = start + negative;
    for (; d < s; d++) {
      int digit = *d - '0';
      if (acc < (INT64_MIN + digit) / 10)
        break;
      acc = acc * 10 - digit;
    }
    if (d == s && (negative || acc != INT64_MIN)) {
      v->u.integer = negative ? acc : -acc;
      return v;
    }
  }
  /* strtod needs a NUL-terminated copy; the C locale is never changed, so
   * '.' is the decimal point. */
  char *copy = arena_strndup(start, (size_t)(s - start));
  v->kind = JSON_DOUBLE;
  v->u.number = strtod(copy, NULL);
  return v;
}

static struct json_value *read_value(struct parser *p);

static int cmp_member_key(const void *a, const void *b) {
  const struct json_member *x = *(const struct json_member *const *)a;
  const struct json_member *y = *(const struct json_member *const *)b;
  size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
  int c = memcmp(x->key, y->key, n);
  return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* Objects with a repeated key are rejected: which one would win is left
 * open by RFC 8259, and an audit file never repeats one. Sorting pointers
 * keeps this O(n log n) on hostile input. */
static void reject_duplicate_keys(struct parser *p, struct json_value *obj) {
  size_t n = obj->u.object.len;
  if (n < 2)
    return;
  const struct json_member **sorted = arena_alloc(n * sizeof *sorted);
  for (size_t i = 0; i < n; i++)
    sorted[i] = &obj->u.object.members[i];
  qsort(sorted, n, sizeof *sorted, cmp_member_key);
  for (size_t i = 1; i < n; i++) {
    if (cmp_member_key(&sorted[i - 1], &sorted[i]) != 0)
      continue;
    /* Point at the later of the two in the document. */
    const struct json_member *dup =
        sorted[i] > sorted[i - 1] ? sorted[i] : sorted[i - 1];
    p->err->line = dup->line;
    p->err->column = dup->column;
    snprintf(p->err->message, sizeof p->err->message,
             "duplicate key \"%.60s\" in object", dup->key);
    longjmp(p->fail_jump, 1);
  }
}

static struct json_value *read_object(struct parser *p) {
  struct json_value *obj = new_value(p, JSON_OBJECT, p->pos);
  VEC(struct json_member) members = {0};
  p->pos++;
  skip_whitespace(p);
  if (p->pos < p->end && *p->pos == '}') {
    p->pos++;
    return obj;
  }
  for (;;) {
    skip_whitespace(p);
    if (p->pos >= p->end || *p->pos != '"')
      fail_unexpected(p, "a string key");
    struct json_member m = {.line = p->line, .column = column_of(p, p->pos)};
    char *key;
    read_string(p, &key, &m.key_len);
    m.key = key;
    skip_whitespace(p);
    if (p->pos >= p->end || *p->pos != ':')
      fail_unexpected(p, "':' after an object key");
    p->pos++;
    m.value = read_value(p);
    VEC_PUSH(members, m);
    skip_whitespace(p);
    if (p->pos < p->end && *p->pos == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->end && *p->pos == '}') {
      p->pos++;
      break;
    }
    fail_unexpected(p, "',' or '}' after an object member");
  }
  obj->u.object.members = members.items;
  obj->u.object.len = members.len;
  reject_duplicate_keys(p, obj);
  return obj;
}

static struct json_value *read_array(struct parser *p) {
  struct json_value *arr = new_value(p, JSON_ARRAY, p->pos);
  VEC(struct json_value *) items = {0};
  p->pos++;
  skip_whitespace(p);
  if (p->pos < p->end && *p->pos == ']') {
    p->pos++;
    return arr;
  }
  for (;;) {
    VEC_PUSH(items, read_value(p));
    skip_whitespace(p);
    if (p->pos < p->end && *p->pos == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->end && *p->pos == ']') {
      p->pos++;
      break;
    }
    fail_unexpected(p, "',' or ']' after an array element");
  }
  arr->u.array.items = items.items;
  arr->u.array.len = items.len;
  return arr;
}

static struct json_value *read_value(struct parser *p) {
  skip_whitespace(p);
  if (p->pos >= p->end)
    fail_unexpected(p, "a value");
  const char *start = p->pos;
  struct json_value *v;
  switch (*p->pos) {
  case '{':
  case '[':
    if (++p->depth > JSON_MAX_DEPTH)
      fail_at(p, start, "nesting deeper than %d levels", JSON_MAX_DEPTH);
    v = *p->pos == '{' ? read_object(p) : read_array(p);
    p->depth--;
    return v;
  case '"':
    v = new_value(p, JSON_STRING, start);
    read_string(p, &v->u.string.chars, &v->u.string.len);
    return v;
  case 't':
    expect_literal(p, "true");
    v = new_value(p, JSON_BOOL, start);
    v->u.boolean = true;
    return v;
  case 'f':
    expect_literal(p, "false");
    return new_value(p, JSON_BOOL, start);
  case 'n':
    expect_literal(p, "null");
    return new_value(p, JSON_NULL, start);
  default:
    if (*p->pos == '-' || (*p->pos >= '0' && *p->pos <= '9'))
      return read_number(p);
    fail_unexpected(p, "a value");
  }
}

struct json_value *json_parse(const char *text, size_t len,
                              struct json_error *err) {
  struct parser p = {.pos = text, .end = text + len, .line_start = text,
                     .line = 1, .err = err};
  /* volatile: read after longjmp. */
  struct json_value *volatile root = NULL;
  if (setjmp(p.fail_jump))
    return NULL;
  root = read_value(&p);
  skip_whitespace(&p);
  if (p.pos < p.end)
    fail_unexpected(&p, "end of input after the document");
  return root;
}

struct json_value *json_object_get(const struct json_value *object,
                                   const char *key) {
  size_t n = strlen(key);
  for (size_t i = 0; i < object->u.object.len; i++) {
    const struct json_member *m = &object->u.object.members[i];
    if (m->key_len == n && memcmp(m->key, key, n) == 0)
      return m->value;
  }
  return NULL;
}

const char *json_kind_name(enum json_kind kind) {
  switch (kind) {
  case JSON_NULL: return "null";
  case JSON_BOOL: return "a boolean";
  case JSON_INT: return "an integer";
  case JSON_DOUBLE: return "a non-integer number";
  case JSON_STRING: return "a string";
  case JSON_ARRAY: return "an array";
  case JSON_OBJECT: return "an object";
  }
  return "?";
}

/*===-------------------------------- Writer ------------------------------===*/

void json_writer_init(struct json_writer *w, FILE *out) {
  memset(w, 0, sizeof *w);
  w->out = out;
}

static void newline_indent(struct json_writer *w, int depth) {
  fputc('\n', w->out);
  for (int i = 0; i < depth; i++)
    fputs("  ", w->out);
}

/* Separates a new element (or key) from what came before in its container.
 * A value right after its key stays on the key's line. */
static void before_value(struct json_writer *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->depth == 0)
    return;
  if (w->has_items[w->depth])
    fputc(',', w->out);
  w->has_items[w->depth] = true;
  newline_indent(w, w->depth);
}

static void begin_container(struct json_writer *w, char open) {
  before_value(w);
  fputc(open, w->out);
  if (w->depth >= JSON_MAX_DEPTH)
    fatal("internal error: JSON output nested too deeply");
  w->has_items[++w->depth] = false;
}

static void end_container(struct json_writer *w, char close) {
  bool had_items = w->has_items[w->depth--];
  if (had_items)
    newline_indent(w, w->depth);
  fputc(close, w->out);
}

void json_begin_object(struct json_writer *w) { begin_container(w, '{'); }
void json_end_object(struct json_writer *w) { end_container(w, '}'); }
void json_begin_array(struct json_writer *w) { begin_container(w, '['); }
void json_end_array(struct json_writer *w) { end_container(w, ']'); }

static void write_quoted(FILE *out, const char *s) {
  fputc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\b': fputs("\\b", out); break;
    case '\f': fputs("\\f", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      /* Other bytes, UTF-8 included, are written as they are: the parser
       * accepted only valid UTF-8. */
      if (c < 0x20)
        fprintf(out, "\\u%04x", c);
      else
        fputc(c, out);
    }
  }
  fputc('"', out);
}

void json_key(struct json_writer *w, const char *key) {
  before_value(w);
  write_quoted(w->out, key);
  fputs(": ", w->out);
  w->after_key = true;
}

void json_string(struct json_writer *w, const char *s) {
  if (!s) {
    json_null(w);
    return;
  }
  before_value(w);
  write_quoted(w->out, s);
}

void json_int(struct json_writer *w, int64_t value) {
  before_value(w);
  fprintf(w->out, "%" PRId64, value);
}

void json_bool(struct json_writer *w, bool value) {
  before_value(w);
  fputs(value ? "true" : "false", w->out);
}

void json_null(struct json_writer *w) {
  before_value(w);
  fputs("null", w->out);
}

void json_writer_finish(struct json_writer *w) { fputc('\n', w->out); }

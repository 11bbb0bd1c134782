/*===- util.c - Errors, arena memory, growable arrays, files ---------------===*/
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fatal(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fputs(TOOL_NAME ": error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  arena_release();
  exit(1);
}

void warning(const char *fmt, ...) {
  va_list ap;
  fputs(TOOL_NAME ": warning: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* A block of the arena: a header followed by its bytes. Large requests get a
 * block of their own so a huge input does not waste a second huge chunk. */
struct arena_block {
  struct arena_block *next;
  size_t size, used;
  max_align_t data[];
};

enum { ARENA_CHUNK = 64 * 1024 };

struct arena {
  struct arena_block *head;
};

/* The model lives in the permanent arena; a file's text and JSON tree live in
 * the scratch arena, released once the file is loaded, so the peak memory is
 * the merged model plus one file's tree rather than every file's tree. */
static struct arena permanent, scratch;
static struct arena *current = &permanent;

void *arena_alloc(size_t size) {
  const size_t align = _Alignof(max_align_t);
  size = (size + align - 1) & ~(align - 1);
  if (size == 0)
    size = align;
  struct arena_block *head = current->head;
  if (!head || head->size - head->used < size) {
    size_t bytes = size > ARENA_CHUNK / 2 ? size : ARENA_CHUNK;
    if (bytes > SIZE_MAX - sizeof(struct arena_block))
      fatal("out of memory");
    struct arena_block *b = malloc(sizeof *b + bytes);
    if (!b)
      fatal("out of memory");
    b->size = bytes;
    b->used = size;
    if (head && size > ARENA_CHUNK / 2) {
      /* Keep filling the current chunk: put the big block behind it. */
      b->next = head->next;
      head->next = b;
    } else {
      b->next = head;
      current->head = b;
    }
    memset(b->data, 0, size);
    return b->data;
  }
  void *p = (char *)head->data + head->used;
  head->used += size;
  memset(p, 0, size);
  return p;
}

static void free_blocks(struct arena *a) {
  while (a->head) {
    struct arena_block *next = a->head->next;
    free(a->head);
    a->head = next;
  }
}

void arena_release(void) {
  free_blocks(&scratch);
  free_blocks(&permanent);
  current = &permanent;
}

void scratch_begin(void) { current = &scratch; }
void scratch_end(void) { current = &permanent; }
void scratch_release(void) { free_blocks(&scratch); }

char *scratch_printf(const char *fmt, ...) {
  struct arena *saved = current;
  current = &scratch;
  char_vec b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  const char *text = buf_cstr(&b);
  current = saved;
  return (char *)text;
}

/* Open addressing over a power-of-two table; FNV-1a. */
static struct {
  const char **slots;
  size_t cap, len;
} interned;

static uint64_t hash_string(const char *s, size_t len) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  return h;
}

const char *intern(const char *s) {
  struct arena *saved = current;
  current = &permanent;
  if (2 * (interned.len + 1) > interned.cap) {
    size_t cap = interned.cap ? interned.cap * 2 : 1024;
    const char **slots = arena_alloc(cap * sizeof *slots);
    for (size_t i = 0; i < interned.cap; i++) {
      const char *old = interned.slots[i];
      if (!old)
        continue;
      size_t j = hash_string(old, strlen(old)) & (cap - 1);
      while (slots[j])
        j = (j + 1) & (cap - 1);
      slots[j] = old;
    }
    interned.slots = slots;
    interned.cap = cap;
  }
  size_t len = strlen(s);
  size_t j = hash_string(s, len) & (interned.cap - 1);
  while (interned.slots[j] && strcmp(interned.slots[j], s) != 0)
    j = (j + 1) & (interned.cap - 1);
  if (!interned.slots[j]) {
    interned.slots[j] = arena_strndup(s, len);
    interned.len++;
  }
  current = saved;
  return interned.slots[j];
}

char *arena_strndup(const char *s, size_t len) {
  char *p = arena_alloc(len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *arena_strdup(const char *s) { return arena_strndup(s, strlen(s)); }

char *arena_printf(const char *fmt, ...) {
  char_vec b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return (char *)buf_cstr(&b);
}

void vec_grow(void **items, size_t len, size_t *cap, size_t elem_size) {
  size_t new_cap = *cap ? *cap * 2 : 8;
  if (new_cap > SIZE_MAX / elem_size)
    fatal("out of memory");
  void *p = arena_alloc(new_cap * elem_size);
  if (len)
    memcpy(p, *items, len * elem_size);
  *items = p;
  *cap = new_cap;
}

void buf_append(char_vec *b, const char *s, size_t len) {
  while (b->cap - b->len < len + 1)
    vec_grow((void **)&b->items, b->len, &b->cap, 1);
  memcpy(b->items + b->len, s, len);
  b->len += len;
}

void buf_vprintf(char_vec *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n < 0)
    fatal("cannot format a message");
  while (b->cap - b->len < (size_t)n + 1)
    vec_grow((void **)&b->items, b->len, &b->cap, 1);
  vsnprintf(b->items + b->len, (size_t)n + 1, fmt, again);
  va_end(again);
  b->len += (size_t)n;
}

void buf_printf(char_vec *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

const char *buf_cstr(char_vec *b) {
  if (b->cap == b->len)
    vec_grow((void **)&b->items, b->len, &b->cap, 1);
  b->items[b->len] = '\0';
  return b->items;
}

char *read_file(const char *path, size_t *len_out) {
  FILE *f = fopen(path, "rb");
  if (!f)
    fatal("cannot read '%s': %s", path, strerror(errno));
  char_vec buf = {0};
  char chunk[65536];
  for (;;) {
    size_t n = fread(chunk, 1, sizeof chunk, f);
    buf_append(&buf, chunk, n);
    if (n < sizeof chunk)
      break; /* end of file or error: ferror tells which */
  }
  int failed = ferror(f);
  int saved = errno;
  fclose(f);
  if (failed)
    fatal("cannot read '%s': %s", path, strerror(saved));
  *len_out = buf.len;
  return (char *)buf_cstr(&buf);
}

int cmp_nullable_str(const char *a, const char *b) {
  if (!a || !b)
    return (a == NULL) - (b == NULL);
  return strcmp(a, b);
}

int cmp_int(int64_t a, int64_t b) { return (a > b) - (a < b); }

int cmp_optional_int(int64_t a, int64_t b) {
  if (a == 0 || b == 0)
    return (a == 0) - (b == 0);
  return cmp_int(a, b);
}

static int cmp_str_ptr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void str_vec_sort_unique(str_vec *v) {
  if (v->len == 0)
    return;
  qsort(v->items, v->len, sizeof *v->items, cmp_str_ptr);
  size_t out = 1;
  for (size_t i = 1; i < v->len; i++)
    if (strcmp(v->items[i], v->items[out - 1]) != 0)
      v->items[out++] = v->items[i];
  v->len = out;
}

bool str_vec_contains(const str_vec *v, const char *s) {
  for (size_t i = 0; i < v->len; i++)
    if (strcmp(v->items[i], s) == 0)
      return true;
  return false;
}

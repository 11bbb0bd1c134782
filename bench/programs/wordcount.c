/*
 * wordcount.c - word frequencies of a generated text, per-thread hash tables.
 *
 * main generates a text of NWORDS words drawn with a skewed distribution
 * from a vocabulary of VOCAB distinct words (4 letters that encode the word's
 * index, then 0-6 more letters), separated by spaces and newlines. The text is
 * read-only once the threads run. Each thread counts the words of its slice
 * (slice boundaries moved forward to the next word start) in its own
 * open-addressing hash table (keys point into the text); after pthread_join
 * main merges the per-thread tables into one.
 *
 * Check: the merged table holds exactly the words that were generated, each
 * with the count main recorded while generating, and NWORDS words in total.
 *
 * Usage: wordcount [-t threads]     (default 2 worker threads)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_threads.h"

#define NWORDS (10u << 20)
#define VOCAB 20000
#define TABLE (1u << 16) /* slots per table, a power of two > 2 * VOCAB */

struct entry {
  const char *word; /* NULL: empty slot */
  uint32_t len, count;
  uint64_t hash;
};

struct table {
  struct entry *e;
  size_t distinct, total;
};

static char *text;
static size_t text_len;
static int nthreads = 2;
static struct table *tables; /* tables[t] filled by thread t */

static uint64_t hash_word(const char *w, size_t len) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)w[i]) * 0x100000001b3ull;
  return h;
}

static struct entry *lookup(struct table *t, const char *w, size_t len,
                            uint64_t h) {
  for (size_t i = h & (TABLE - 1);; i = (i + 1) & (TABLE - 1)) {
    struct entry *e = &t->e[i];
    if (!e->word || (e->hash == h && e->len == len && !memcmp(e->word, w, len)))
      return e;
  }
}

static void add(struct table *t, const char *w, size_t len, uint64_t h,
                uint32_t n) {
  struct entry *e = lookup(t, w, len, h);
  if (!e->word) {
    *e = (struct entry){w, (uint32_t)len, 0, h};
    t->distinct++;
  }
  e->count += n;
  t->total += n;
}

static int is_letter(char c) { return c >= 'a' && c <= 'z'; }

static void *worker(void *arg) {
  int id = (int)(long)arg;
  size_t lo = text_len * id / nthreads, hi = text_len * (id + 1) / nthreads;
  /* A word belongs to the slice it starts in. */
  while (lo > 0 && lo < text_len && is_letter(text[lo - 1]))
    lo++;
  struct table *t = &tables[id];
  t->e = calloc(TABLE, sizeof(struct entry));
  if (!t->e) {
    perror("calloc");
    exit(1);
  }
  size_t i = lo;
  while (i < hi) {
    while (i < text_len && !is_letter(text[i]))
      i++;
    if (i >= hi)
      break;
    size_t start = i;
    while (i < text_len && is_letter(text[i]))
      i++;
    add(t, &text[start], i - start, hash_word(&text[start], i - start), 1);
  }
  return NULL;
}

/* Word number v: its index in base 26 (4 letters), then 0-6 more letters. */
static size_t make_word(uint32_t v, char *out) {
  size_t n = 0;
  for (int d = 0; d < 4; d++, v /= 26)
    out[n++] = 'a' + v % 26;
  uint64_t h = (uint64_t)(out[0] * 31 + out[1]) * 2654435761u + out[2] * 7 + out[3];
  for (unsigned extra = h % 7; extra > 0; extra--, h /= 26)
    out[n++] = 'a' + (h >> 8) % 26;
  return n;
}

int main(int argc, char **argv) {
  nthreads = parse_threads(argc, argv);
  static char vocab[VOCAB][12];
  static uint8_t vlen[VOCAB];
  static uint32_t expect[VOCAB];
  for (uint32_t v = 0; v < VOCAB; v++)
    vlen[v] = (uint8_t)make_word(v, vocab[v]);
  text = malloc((size_t)NWORDS * 12);
  tables = calloc(nthreads, sizeof *tables);
  if (!text || !tables) {
    perror("malloc");
    return 1;
  }
  uint64_t s = 2024;
  for (size_t n = 0; n < NWORDS; n++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t u = (s >> 40) & 0xffff; /* skewed: v = VOCAB * u^3 / 2^48 */
    uint32_t v = (uint32_t)(u * u * u * VOCAB >> 48);
    expect[v]++;
    memcpy(&text[text_len], vocab[v], vlen[v]);
    text_len += vlen[v];
    text[text_len++] = (n % 12 == 11) ? '\n' : ' ';
  }

  pthread_t th[256];
  for (long t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, (void *)t);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);

  struct table all = {calloc(TABLE, sizeof(struct entry)), 0, 0};
  if (!all.e) {
    perror("calloc");
    return 1;
  }
  for (int t = 0; t < nthreads; t++) {
    for (size_t i = 0; i < TABLE; i++) {
      struct entry *e = &tables[t].e[i];
      if (e->word)
        add(&all, e->word, e->len, e->hash, e->count);
    }
    free(tables[t].e);
  }
  size_t distinct = 0;
  uint64_t checksum = 0;
  for (uint32_t v = 0; v < VOCAB; v++) {
    uint64_t h = hash_word(vocab[v], vlen[v]);
    struct entry *e = lookup(&all, vocab[v], vlen[v], h);
    uint32_t got = e->word ? e->count : 0;
    if (got != expect[v]) {
      fprintf(stderr, "wordcount: '%.*s' counted %u times, expected %u\n",
              (int)vlen[v], vocab[v], got, expect[v]);
      return 1;
    }
    distinct += expect[v] > 0;
    checksum += h * got;
  }
  if (all.distinct != distinct || all.total != NWORDS) {
    fprintf(stderr, "wordcount: %zu distinct / %zu words, expected %zu / %u\n",
            all.distinct, all.total, distinct, NWORDS);
    return 1;
  }
  printf("ok wordcount %016llx\n", (unsigned long long)checksum);
  free(all.e);
  free(text);
  free(tables);
  return 0;
}

/*===- vars.c - Globals table and escaping locals, for naming locations -----===*
 *
 * Globals: each __atomicguard_register_globals call adds its (static) array
 * to an append-only list, read lock-free at report time.
 * Locals: __atomicguard_local_begin forgets the shadow of the variable's
 * storage (stack reuse) and records (addr, size, var) in a small ring in the
 * calling thread's slot; reports scan all rings, newest entry wins.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

struct greg {
  const struct ag_global *g;
  uint64_t n;
  struct greg *next;
};
static struct greg *globals_head;
static uint64_t locals_seq;

AG_EXPORT void __atomicguard_register_globals(const struct ag_global *globals,
                                              uint64_t count) {
  if (!globals || !count)
    return;
  if (ag_state != 2)
    ag_init();
  if (!ag_enter())
    return;
  struct greg *r = ag_alloc(sizeof(*r));
  ag_leave();
  r->g = globals;
  r->n = count;
  struct greg *old = ld_acquire(&globals_head);
  do
    r->next = old;
  while (!__atomic_compare_exchange_n(&globals_head, &old, r, 0,
                                      __ATOMIC_RELEASE, __ATOMIC_ACQUIRE));
}

static inline int covers(uptr base, uint64_t size, uptr a) {
  return a >= base && a < base + (size ? size : 1);
}

int ag_global_find(uptr a, uptr *base, const struct ag_var **var) {
  for (struct greg *r = ld_acquire(&globals_head); r; r = r->next)
    for (uint64_t i = 0; i < r->n; i++) {
      const struct ag_global *g = &r->g[i];
      if (g->var && covers((uptr)g->addr, g->var->size, a)) {
        *base = (uptr)g->addr;
        *var = g->var;
        return 1;
      }
    }
  return 0;
}

/* 1: an instance of v covers a (base set); 0: v is registered but no
 * instance covers a; -1: v is not registered. */
int ag_global_var_covers(const struct ag_var *v, uptr a, uptr *base) {
  int known = 0;
  for (struct greg *r = ld_acquire(&globals_head); r; r = r->next)
    for (uint64_t i = 0; i < r->n; i++)
      if (r->g[i].var == v) {
        known = 1;
        if (covers((uptr)r->g[i].addr, v->size, a)) {
          *base = (uptr)r->g[i].addr;
          return 1;
        }
      }
  return known ? 0 : -1;
}

AG_EXPORT void __atomicguard_local_begin(void *addr, uint64_t size,
                                         const struct ag_var *var) {
  struct ag_thread *t = ag_get_thread();
  if (!ag_enter())
    return;
  ag_shadow_reset((uptr)addr, size);
  ag_sync_remove_range((uptr)addr, size); /* e.g. a stack atomic's clock */
  ag_benign_forget((uptr)addr, size);
  ag_leave();
  struct ag_slot *sl = ag_slot_get(t->slot);
  if (!sl || !var)
    return;
  uint32_t h = sl->locals_head;
  struct ag_local *l = &sl->locals[h % AG_LOCALS_RING];
  /* the same variable at the same address: refresh in place */
  for (uint32_t i = 0; i < AG_LOCALS_RING; i++) {
    struct ag_local *x = &sl->locals[i];
    if (x->addr == (uptr)addr && x->var == var) {
      l = x;
      h--;
      break;
    }
  }
  st_relaxed(&l->seq, 0);
  l->addr = (uptr)addr;
  l->size = size;
  l->var = var;
  st_release(&l->seq, __atomic_add_fetch(&locals_seq, 1, __ATOMIC_RELAXED));
  sl->locals_head = h + 1;
}

static int local_search(uptr a, const struct ag_var *want, uptr *base,
                        const struct ag_var **var, int *known) {
  uint64_t best = 0;
  uint32_t n = ag_slot_count();
  for (uint32_t s = 0; s < n; s++) {
    struct ag_slot *sl = ag_slot_get(s);
    if (!sl)
      continue;
    for (int i = 0; i < AG_LOCALS_RING; i++) {
      struct ag_local *l = &sl->locals[i];
      uint64_t seq = ld_acquire(&l->seq);
      if (!seq || seq <= best)
        continue;
      if (want && l->var == want)
        *known = 1;
      if ((!want || l->var == want) && covers(l->addr, l->size, a)) {
        best = seq;
        *base = l->addr;
        if (var)
          *var = l->var;
      }
    }
  }
  return best != 0;
}

int ag_local_find(uptr a, uptr *base, const struct ag_var **var) {
  int known = 0;
  return local_search(a, 0, base, var, &known);
}

/* Same convention as ag_global_var_covers. */
int ag_local_var_covers(const struct ag_var *v, uptr a, uptr *base) {
  int known = 0;
  if (local_search(a, v, base, 0, &known))
    return 1;
  return known ? 0 : -1;
}


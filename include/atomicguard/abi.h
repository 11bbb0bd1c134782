/*===- atomicguard/abi.h - Contract between the pass and the runtime -------===*
 *
 * The instrumentation pass (lib/) emits static descriptors with exactly this
 * layout and calls exactly these entry points; the runtime (runtime/) reads the
 * descriptors and implements the entry points. Nothing else connects the two.
 * The pass static_asserts the layout it emits against these structs, so any
 * change here must be made in both at once (and AG_ABI_VERSION bumped).
 *
 *===----------------------------------------------------------------------===*/
#ifndef ATOMICGUARD_ABI_H
#define ATOMICGUARD_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AG_ABI_VERSION 4

/* Where a variable lives; selects the wording of a report's location line. */
enum ag_var_kind {
  AG_VAR_UNKNOWN = 0,
  AG_VAR_GLOBAL = 1,       /* file-scope object, any linkage */
  AG_VAR_STATIC_LOCAL = 2, /* block-scope object with static storage */
  AG_VAR_LOCAL = 3,        /* automatic object whose address escapes */
};

/* Declared ordering intent of a variable or struct field (atomicguard.h).
 * The pass checks operations against it at compile time; the runtime names it
 * in reports and never reports a race on AG_INTENT_BENIGN memory. */
enum ag_intent {
  AG_INTENT_NONE = 0,
  AG_INTENT_PUBLISH = 1, /* stores >= release, loads >= acquire, RMW acq_rel */
  AG_INTENT_COUNTER = 2, /* atomic accesses only, any ordering */
  AG_INTENT_SEQ_CST = 3, /* every access seq_cst */
  AG_INTENT_BENIGN = 4,  /* an accepted race; rationale is mandatory */
};

/* One source-level variable. Emitted once per variable per translation unit. */
struct ag_var {
  const char *name;     /* source name ("tasks_completed"); never NULL */
  const char *file;     /* defining file, NULL if unknown */
  const char *function; /* enclosing function for locals/static locals */
  uint32_t line;        /* definition line, 0 if unknown */
  uint8_t kind;         /* enum ag_var_kind */
  uint8_t intent;       /* enum ag_intent */
  uint16_t reserved;
  const char *rationale; /* justification attached to the intent, or NULL */
  uint64_t size;         /* object size in bytes, 0 if unknown */
};

/* What an instrumented site does. */
enum ag_site_kind {
  AG_SITE_READ = 0,
  AG_SITE_WRITE = 1,
  AG_SITE_READ_RANGE = 2,  /* memcpy/memmove source, oversized loads */
  AG_SITE_WRITE_RANGE = 3, /* memcpy/memmove/memset destination */
  AG_SITE_ATOMIC_LOAD = 4,
  AG_SITE_ATOMIC_STORE = 5,
  AG_SITE_ATOMIC_RMW = 6,
  AG_SITE_ATOMIC_CMPXCHG = 7,
  AG_SITE_FENCE = 8,
  AG_SITE_ALLOC = 9, /* a call returning fresh heap memory */
  AG_SITE_SPAWN = 10 /* a call to a thread spawn function */
};

/* C11 memory_order values (identical to <stdatomic.h> and __ATOMIC_*). */
enum ag_order {
  AG_ORDER_RELAXED = 0,
  AG_ORDER_CONSUME = 1,
  AG_ORDER_ACQUIRE = 2,
  AG_ORDER_RELEASE = 3,
  AG_ORDER_ACQ_REL = 4,
  AG_ORDER_SEQ_CST = 5
};

/* Operation of an AG_SITE_ATOMIC_RMW site. Float ops use the site's size
 * (4 = float, 8 = double). */
enum ag_rmw_op {
  AG_RMW_XCHG = 0,
  AG_RMW_ADD = 1,
  AG_RMW_SUB = 2,
  AG_RMW_AND = 3,
  AG_RMW_NAND = 4,
  AG_RMW_OR = 5,
  AG_RMW_XOR = 6,
  AG_RMW_MAX = 7,
  AG_RMW_MIN = 8,
  AG_RMW_UMAX = 9,
  AG_RMW_UMIN = 10,
  AG_RMW_FADD = 11,
  AG_RMW_FSUB = 12,
  AG_RMW_FMAX = 13,
  AG_RMW_FMIN = 14
};

enum ag_site_flags {
  AG_SITE_VOLATILE = 1u << 0, /* a volatile access: still a plain access */
  AG_SITE_WEAK_CAS = 1u << 1, /* cmpxchg weak (may fail spuriously) */
};

/* One instrumented instruction. Emitted as a private constant. */
struct ag_site {
  const char *file;          /* "dir/x.c" as the compiler saw it */
  const char *function;      /* enclosing function's source name */
  const struct ag_var *var;  /* accessed variable if statically known */
  uint32_t line, column;     /* 0 when compiled without -g */
  uint8_t kind;              /* enum ag_site_kind */
  uint8_t order;             /* enum ag_order; success order for cmpxchg */
  uint8_t order_fail;        /* cmpxchg failure order */
  uint8_t size;              /* access (loop: element) size in bytes; 0 for
                                ranges and fences */
  uint8_t rmw_op;            /* enum ag_rmw_op */
  uint8_t flags;             /* enum ag_site_flags */
  uint8_t intent;            /* enum ag_intent of the accessed variable or
                                field; lets the runtime honour field intents */
  uint8_t reserved;
};

/* Address of one instrumented global, registered by a module constructor so
 * that reports can name globals reached through pointers. */
struct ag_global {
  const void *addr;
  const struct ag_var *var;
};

/* Inline check. Before a plain access of 1, 2, 4 or 8 bytes that stays in
 * one 8-byte granule, the pass emits what the runtime's own fast path does:
 * if this thread already recorded an access of these bytes at least as
 * strong in its current epoch, the access changes nothing and no call is
 * made. The check reads runtime state through these symbols and layouts,
 * which the runtime static_asserts against its own:
 *
 *  AG_SYM_THREAD: a thread-local (initial-exec) pointer to the calling
 *    thread's state, which starts with struct ag_thread_head; NULL until
 *    the runtime knows the thread.
 *  AG_SYM_SHADOW_DIR: pointer to the shadow directory, one chunk pointer
 *    per 2^AG_SHADOW_CHUNK_SHIFT bytes of addresses below
 *    AG_SHADOW_ADDR_LIMIT; NULL (directory or entry): no shadow yet.
 *  A chunk starts with a bitmap of 64-bit words, one bit per
 *    2^AG_SHADOW_GROUP_SHIFT bytes of addresses: clear, no cell of those
 *    bytes holds anything, and the check misses without reading them (so
 *    that it does not bring in, nor on some kernels allocate, cells that
 *    were never written).
 *  A chunk holds, from AG_SHADOW_CELLS_OFFSET, one AG_SHADOW_CELL_SIZE-byte
 *    cell per 8-byte granule, with the last write's entry at
 *    AG_SHADOW_CELL_WRITE and the last read's at AG_SHADOW_CELL_READ.
 *  An entry covers a plain access of the granule's bytes M (bit i: byte i)
 *    by a thread in epoch E iff (entry & AG_ENTRY_KEY_BITS) == E and
 *    ((entry >> AG_ENTRY_MASK_SHIFT) & M) == M. (The write entry of a cell
 *    the runtime is updating has a key bit set that no epoch has.) */
#define AG_SYM_THREAD "__atomicguard_thread"
#define AG_SYM_SHADOW_DIR "__atomicguard_shadow_dir"
struct ag_thread_head {
  uint64_t epoch;       /* the thread's epoch key */
  uint64_t inline_hits; /* accesses the inline check found recorded */
};
#define AG_SHADOW_ADDR_LIMIT (1ull << 47)
#define AG_SHADOW_CHUNK_SHIFT 20
#define AG_SHADOW_GROUP_SHIFT 9
#define AG_SHADOW_CELLS_OFFSET 4096
#define AG_SHADOW_CELL_SIZE 16
#define AG_SHADOW_CELL_WRITE 0
#define AG_SHADOW_CELL_READ 8
#define AG_ENTRY_KEY_BITS 0xC01FFFFFFFFFFFFFull
#define AG_ENTRY_MASK_SHIFT 53

/* Entry points. Sizes of plain accesses are in site->size (1, 2, 4, 8);
 * atomic values travel zero-extended in a uint64_t and the runtime performs
 * the atomic operation itself, so the operation and its happens-before
 * bookkeeping are one indivisible step. */
#define AG_FN_READ "__atomicguard_read"
#define AG_FN_WRITE "__atomicguard_write"
#define AG_FN_READ_RANGE "__atomicguard_read_range"
#define AG_FN_WRITE_RANGE "__atomicguard_write_range"
#define AG_FN_READ_LOOP "__atomicguard_read_loop"
#define AG_FN_WRITE_LOOP "__atomicguard_write_loop"
#define AG_FN_ATOMIC_LOAD "__atomicguard_atomic_load"
#define AG_FN_ATOMIC_STORE "__atomicguard_atomic_store"
#define AG_FN_ATOMIC_RMW "__atomicguard_atomic_rmw"
#define AG_FN_ATOMIC_CMPXCHG "__atomicguard_atomic_cmpxchg"
#define AG_FN_FENCE "__atomicguard_fence"
#define AG_FN_NOTE_ALLOC "__atomicguard_note_alloc"
#define AG_FN_BEFORE_SPAWN "__atomicguard_before_spawn"
#define AG_FN_LOCAL_BEGIN "__atomicguard_local_begin"
#define AG_FN_REGISTER_GLOBALS "__atomicguard_register_globals"

void __atomicguard_read(const void *addr, const struct ag_site *site);
void __atomicguard_write(void *addr, const struct ag_site *site);
void __atomicguard_read_range(const void *addr, uint64_t size,
                              const struct ag_site *site);
void __atomicguard_write_range(void *addr, uint64_t size,
                               const struct ag_site *site);
/* The accesses of one loop site (kind AG_SITE_READ or AG_SITE_WRITE, element
 * size in site->size) over all its iterations, checked once: [addr,
 * addr+size) is exactly the bytes the loop accesses, and the loop has no
 * synchronization inside. Reports name the element that races. */
void __atomicguard_read_loop(const void *addr, uint64_t size,
                             const struct ag_site *site);
void __atomicguard_write_loop(void *addr, uint64_t size,
                              const struct ag_site *site);
uint64_t __atomicguard_atomic_load(const void *addr, const struct ag_site *site);
void __atomicguard_atomic_store(void *addr, uint64_t value,
                                const struct ag_site *site);
/* Returns the old value. */
uint64_t __atomicguard_atomic_rmw(void *addr, uint64_t operand,
                                  const struct ag_site *site);
/* Returns the old value; the exchange happened iff it equals expected. */
uint64_t __atomicguard_atomic_cmpxchg(void *addr, uint64_t expected,
                                      uint64_t desired,
                                      const struct ag_site *site);
void __atomicguard_fence(const struct ag_site *site);
/* After a call that returned fresh heap memory (malloc-like): names the block's
 * allocation site. ptr may be NULL. */
void __atomicguard_note_alloc(const void *ptr, const struct ag_site *site);
/* Immediately before a call to a spawn function: the next thread this thread
 * creates was created at site. */
void __atomicguard_before_spawn(const struct ag_site *site);
/* An escaping automatic variable comes to life (its storage may have held
 * another object before, so its history is forgotten). */
void __atomicguard_local_begin(void *addr, uint64_t size,
                               const struct ag_var *var);
void __atomicguard_register_globals(const struct ag_global *globals,
                                    uint64_t count);

#ifdef __cplusplus
}
#endif

#endif /* ATOMICGUARD_ABI_H */

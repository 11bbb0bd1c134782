; -atomicguard-stats prints the pass's counters (instrumented accesses by
; kind, skipped ones by reason, elided checks) after the module, even though
; this LLVM keeps no statistics of its own. The read of @shared is elided: the
; write right after it checks the same bytes.
; RUN: %opt_ag -passes=atomicguard -atomicguard-stats -disable-output %s 2>&1 | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty

@shared = global i32 0
@limit = constant i32 10
@tls = internal thread_local global i32 0

define void @f(ptr %p) {
  %local = alloca i32
  store i32 1, ptr %local
  %a = load i32, ptr %local
  %b = load i32, ptr @shared
  store i32 %b, ptr @shared
  %c = load i32, ptr @limit
  %d = load i32, ptr @tls
  %e = load atomic i32, ptr %p acquire, align 4
  fence release
  call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 16, i1 false)
  ret void
}
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

; CHECK:      atomicguard statistics for '{{.*}}stats.ll':
; CHECK-NEXT:        0 atomicguard - Instrumented plain reads
; CHECK-NEXT:        1 atomicguard - Instrumented plain writes
; CHECK-NEXT:        1 atomicguard - Instrumented read/write ranges
; CHECK-NEXT:        1 atomicguard - Atomic operations replaced by calls
; CHECK-NEXT:        1 atomicguard - Instrumented fences
; CHECK-NEXT:        0 atomicguard - Instrumented thread spawn calls
; CHECK-NEXT:        0 atomicguard - Instrumented heap allocation calls
; CHECK-NEXT:        0 atomicguard - Escaping locals reported
; CHECK-NEXT:        2 atomicguard - Accesses skipped: non-escaping local or heap block
; CHECK-NEXT:        0 atomicguard - Accesses skipped: internal global no thread reaches
; CHECK-NEXT:        1 atomicguard - Accesses skipped: constant global
; CHECK-NEXT:        1 atomicguard - Accesses skipped: non-escaping thread-local
; CHECK-NEXT:        0 atomicguard - Accesses left uninstrumented: unsupported shape
; CHECK-NEXT:        0 atomicguard - Plain accesses checked once per loop as a range
; CHECK-NEXT:        1 atomicguard - Checks elided: covered by another check

; QUIET-NOT: statistics

; Remark texts. -pass-remarks=atomicguard (OptimizationRemark) names each
; shared variable with the reason and summarizes each instrumented function;
; -pass-remarks-missed=atomicguard (OptimizationRemarkMissed) names each
; private variable with the reason and each access left uninstrumented.
; Function remarks come in function order (locals, unsupported accesses, then
; the summary); variable remarks for globals come last, in order of first
; access.
;
; The pass also keeps STATISTICs (reads, writes, ranges, atomics, fences,
; skipped-private-local/-global/-constant/-thread-local/-unsupported), but
; they are not tested: Debian's LLVM 22 is built without statistics, so
; opt-22 -stats only prints "Statistics are disabled".
;
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -pass-remarks=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=PASS --implicit-check-not=remark
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -pass-remarks-missed=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=MISSED --implicit-check-not=remark

@tasks_completed = global i32 0
@seen = internal global i32 0
@cache = internal global i32 0
@tbl = constant [4 x i32] [i32 1, i32 2, i32 3, i32 4]
@tls = internal thread_local global i32 0

define internal ptr @worker(ptr %arg) {
  %n = load i32, ptr @tasks_completed
  %n1 = add i32 %n, 1
  store i32 %n1, ptr @tasks_completed
  store i32 1, ptr @seen
  %old = atomicrmw add ptr @tasks_completed, i32 1 seq_cst
  %big = atomicrmw add ptr %arg, i128 1 seq_cst
  fence seq_cst
  call void @llvm.memcpy.p0.p0.i64(ptr %arg, ptr @tbl, i64 16, i1 false)
  call void asm sideeffect "", "~{memory}"()
  ret ptr null
}

define i32 @main() {
  %total = alloca i32
  %slot = alloca i32
  %t = alloca i64
  store i32 0, ptr %total
  %c = load i32, ptr @cache
  %e = load i32, ptr @tbl
  %tp = call ptr @llvm.threadlocal.address.p0(ptr @tls)
  %f = load i32, ptr %tp
  %r = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %slot)
  %v = load i32, ptr %slot
  ret i32 %v
}

declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare ptr @llvm.threadlocal.address.p0(ptr)

; PASS:      remark: <unknown>:0:0: instrumented 6 memory accesses in 'worker' (1 reads, 2 writes, 1 atomic operations, 1 fences, 1 ranges, 0 loop ranges)
; PASS-NEXT: remark: <unknown>:0:0: 'slot' is shared: its address escapes
; PASS-NEXT: remark: <unknown>:0:0: 't' is shared: its address escapes
; PASS-NEXT: remark: <unknown>:0:0: instrumented 1 memory accesses in 'main' (1 reads, 0 writes, 0 atomic operations, 0 fences, 0 ranges, 0 loop ranges)
; PASS-NEXT: remark: <unknown>:0:0: 'tasks_completed' is shared: it has external linkage
; PASS-NEXT: remark: <unknown>:0:0: 'seen' is shared: it is accessed from thread routine 'worker'

; MISSED:      remark: <unknown>:0:0: 16-byte atomicrmw is not instrumented: only 1, 2, 4 and 8-byte atomics are
; MISSED-NEXT: remark: <unknown>:0:0: inline asm is not instrumented
; MISSED-NEXT: remark: <unknown>:0:0: 'total' is private: its address does not escape
; MISSED-NEXT: remark: <unknown>:0:0: 'tbl' is private: it is constant
; MISSED-NEXT: remark: <unknown>:0:0: 'cache' is private: internal and not reachable from any thread routine
; MISSED-NEXT: remark: <unknown>:0:0: 'tls' is private: it is thread-local

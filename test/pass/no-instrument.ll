; Functions annotated AG_NO_INSTRUMENT ("atomicguard.no_instrument") have
; their plain accesses left unchecked, but their atomic operations, fences and
; allocation sites are still instrumented, so the synchronization they perform
; is seen (as with the ignorelist, ignorelist-*.test). Functions named
; __atomicguard*, naked ones, those with disable_sanitizer_instrumentation,
; and declarations are never instrumented; instructions with !nosanitize are
; skipped too. Annotating a function does not take its address: quiet stays
; an ordinary internal function that only main calls, so @counter stays
; private.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard \
; RUN:   -pass-remarks-missed=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK

@.str = private unnamed_addr constant [26 x i8] c"atomicguard.no_instrument\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"q.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [2 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @quiet, ptr @.str, ptr @.file, i32 3, ptr null }, { ptr, ptr, ptr, i32, ptr } { ptr @quiet_api, ptr @.str, ptr @.file, i32 9, ptr null }], section "llvm.metadata"

@g = global i32 0
@counter = internal global i32 0

define internal void @quiet(ptr %p) {
; CHECK-LABEL: define internal void @quiet(
; CHECK-NEXT:    store i32 1, ptr %p
; CHECK-NEXT:    call i64 @__atomicguard_atomic_rmw(ptr @g, i64 1,
; CHECK-NEXT:    %v = trunc i64
; CHECK-NEXT:    call void @__atomicguard_fence(
; CHECK-NEXT:    fence seq_cst
; CHECK-NEXT:    store i32 %v, ptr @counter
; CHECK-NEXT:    %m = call ptr @malloc(i64 4)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %m,
; CHECK-NEXT:    ret void
  store i32 1, ptr %p
  %v = atomicrmw add ptr @g, i32 1 seq_cst
  fence seq_cst
  store i32 %v, ptr @counter
  %m = call ptr @malloc(i64 4)
  ret void
}

define void @quiet_api(ptr %p) {
; CHECK-LABEL: define void @quiet_api(
; CHECK-NEXT:    store i32 2, ptr %p
; CHECK-NEXT:    ret void
  store i32 2, ptr %p
  ret void
}

define void @__atomicguard_helper(ptr %p) {
; CHECK-LABEL: define void @__atomicguard_helper(
; CHECK-NEXT:    store i32 3, ptr %p
; CHECK-NEXT:    ret void
  store i32 3, ptr %p
  ret void
}

define void @bare() naked {
; CHECK-LABEL: define void @bare(
; CHECK-NEXT:    store i32 4, ptr @g
; CHECK-NEXT:    unreachable
  store i32 4, ptr @g
  unreachable
}

define void @opted_out(ptr %p) disable_sanitizer_instrumentation {
; CHECK-LABEL: define void @opted_out(
; CHECK-NEXT:    store i32 5, ptr %p
; CHECK-NEXT:    ret void
  store i32 5, ptr %p
  ret void
}

define i32 @main(ptr %p) {
; CHECK-LABEL: define i32 @main(
; CHECK-NEXT:    call void @quiet(ptr %p)
; CHECK-NOT:     __atomicguard
; CHECK:         %a = load i32, ptr %p, align 4, !nosanitize
; CHECK-NEXT:    %c = load i32, ptr @counter
; CHECK-NEXT:    call void @__atomicguard_read(ptr %p,
; CHECK-NEXT:    %b = load i32, ptr %p
  call void @quiet(ptr %p)
  %a = load i32, ptr %p, align 4, !nosanitize !0
  %c = load i32, ptr @counter
  %b = load i32, ptr %p
  %s = add i32 %a, %b
  %t = add i32 %s, %c
  ret i32 %t
}

declare ptr @malloc(i64)

!0 = !{}

; REMARK-DAG: remark: <unknown>:0:0: plain accesses in 'quiet' are not checked: it is marked AG_NO_INSTRUMENT
; REMARK-DAG: remark: <unknown>:0:0: instrumented 2 memory accesses in 'quiet' (0 reads, 0 writes, 1 atomic operations, 1 fences, 0 ranges, 0 loop ranges)
; REMARK-DAG: remark: <unknown>:0:0: plain accesses in 'quiet_api' are not checked: it is marked AG_NO_INSTRUMENT
; REMARK-DAG: remark: <unknown>:0:0: 'counter' is private: internal and not reachable from any thread routine

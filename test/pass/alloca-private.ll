; Locals whose address is not captured, and malloc'd blocks that are not
; captured, cannot be reached by another thread: their accesses are not
; instrumented and they get no local_begin. Comparing an address only captures
; the address, not the right to access the memory, so it keeps them private.
; Memory behind a pointer argument stays shared.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks-missed=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

define i1 @sum(ptr %out) {
; CHECK-LABEL: define i1 @sum(
; CHECK-NOT:     __atomicguard_local_begin
; CHECK-NOT:     call void @__atomicguard_{{read|write}}
; CHECK:         %m = call noalias ptr @malloc(i64 4)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %m,
; CHECK-NEXT:    store i32 1, ptr %m
; CHECK-NOT:     call void @__atomicguard_{{read|write}}
; CHECK:         call void @__atomicguard_write(ptr %out,
; CHECK-NEXT:    store i32 %v, ptr %out
; CHECK-NOT:     __atomicguard
; CHECK:         ret i1
  %total = alloca i32
  %arr = alloca [4 x i32]
  call void @llvm.lifetime.start.p0(ptr %total)
  store i32 0, ptr %total
  %p = getelementptr [4 x i32], ptr %arr, i64 0, i64 1
  store i32 1, ptr %p
  call void @llvm.memset.p0.i64(ptr %arr, i8 0, i64 16, i1 false)
  call void @inspect(ptr %arr)
  %v = load i32, ptr %total
  %m = call noalias ptr @malloc(i64 4)
  store i32 1, ptr %m
  %same = icmp eq ptr %total, %out
  store i32 %v, ptr %out
  %w = load i32, ptr %p
  call void @llvm.lifetime.end.p0(ptr %total)
  ret i1 %same
}

declare noalias ptr @malloc(i64)
declare void @inspect(ptr captures(none))
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.lifetime.start.p0(ptr)
declare void @llvm.lifetime.end.p0(ptr)

; Without debug info a local is named by its IR name in remarks only.
; REMARK-DAG: remark: <unknown>:0:0: 'total' is private: its address does not escape
; REMARK-DAG: remark: <unknown>:0:0: 'arr' is private: its address does not escape

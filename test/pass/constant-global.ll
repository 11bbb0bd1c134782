; Constant globals cannot be written, so reading them cannot race: their
; loads (direct, through GEPs, and memcpy from them) are not instrumented.
; RUN: %opt_ag -passes=atomicguard -S %s \
; RUN:   | FileCheck %s --implicit-check-not=__atomicguard_read
; RUN: %opt_ag -passes=atomicguard -pass-remarks-missed=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

@tbl = constant [4 x i32] [i32 1, i32 2, i32 3, i32 4]
@ext_tbl = external constant i32
@shared = global i32 0

define i32 @lookup(i64 %i, ptr %dst) {
; CHECK-LABEL: define i32 @lookup(
; CHECK-NOT:     __atomicguard
; CHECK:         call void @__atomicguard_write_range(ptr %dst, i64 16,
; CHECK-NEXT:    call void @llvm.memcpy
; CHECK-NOT:     __atomicguard
; CHECK:         ret i32
  %p = getelementptr [4 x i32], ptr @tbl, i64 0, i64 %i
  %a = load i32, ptr %p
  %b = load i32, ptr @ext_tbl
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr @tbl, i64 16, i1 false)
  %s = add i32 %a, %b
  ret i32 %s
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; REMARK-DAG: remark: {{.*}}'tbl' is private: it is constant
; REMARK-DAG: remark: {{.*}}'ext_tbl' is private: it is constant

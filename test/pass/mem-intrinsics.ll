; memcpy, memmove, memset and their .inline forms keep the intrinsic and report
; ranges before it: read_range for a shared source, write_range for a shared
; destination, with the length zero-extended to i64. Sites have kind 2 (read
; range) or 3 (write range), size 0, and flag 1 when volatile. Element-wise
; atomic intrinsics are not instrumented (missed remark).
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks-missed=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

@g = global [64 x i8] zeroinitializer

; CHECK-DAG: @[[RR:ag\.site[.0-9]*]] = {{.*}}, i8 2, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[WR:ag\.site[.0-9]*]] = {{.*}}, ptr @ag.var{{[.0-9]*}}, i32 0, i32 0, i8 3, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[VRR:ag\.site[.0-9]*]] = {{.*}}, i8 2, i8 0, i8 0, i8 0, i8 0, i8 1, i8 0, i8 0 }
; CHECK-DAG: @[[VWR:ag\.site[.0-9]*]] = {{.*}}, i8 3, i8 0, i8 0, i8 0, i8 0, i8 1, i8 0, i8 0 }

define void @copies(ptr %dst, ptr %src, i64 %n, i32 %n32) {
; CHECK-LABEL: define void @copies(
; CHECK-NEXT:    %local = alloca [64 x i8]
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %src, i64 %n, ptr @[[RR]])
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %dst, i64 %n, ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 %n, i1 false)
; CHECK-NEXT:    [[N:%.*]] = zext i32 %n32 to i64
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %src, i64 [[N]],
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %dst, i64 [[N]],
; CHECK-NEXT:    call void @llvm.memmove.p0.p0.i32(ptr %dst, ptr %src, i32 %n32, i1 false)
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr @g, i64 64, ptr @[[WR]])
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr @g, i8 0, i64 64, i1 false)
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %src, i64 16,
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %dst, i64 16,
; CHECK-NEXT:    call void @llvm.memcpy.inline.p0.p0.i64(ptr %dst, ptr %src, i64 16, i1 false)
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %dst, i64 8,
; CHECK-NEXT:    call void @llvm.memset.inline.p0.i64(ptr %dst, i8 1, i64 8, i1 false)
; Private destination: only the source is reported; private source: only the
; destination.
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr @g, i64 64,
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr %local, ptr @g, i64 64, i1 false)
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %dst, i64 64,
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %local, i64 64, i1 false)
; CHECK-NOT:     __atomicguard_write_range(ptr %local
; CHECK:         call void @llvm.memset.p0.i64(ptr %local, i8 0, i64 64, i1 false)
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %src, i64 %n, ptr @[[VRR]])
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %dst, i64 %n, ptr @[[VWR]])
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 %n, i1 true)
; CHECK-NOT:     __atomicguard
; CHECK:         call void @llvm.memcpy.element.unordered.atomic.p0.p0.i64(ptr align 4 %dst, ptr align 4 %src, i64 16, i32 4)
; CHECK-NEXT:    ret void
  %local = alloca [64 x i8]
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 %n, i1 false)
  call void @llvm.memmove.p0.p0.i32(ptr %dst, ptr %src, i32 %n32, i1 false)
  call void @llvm.memset.p0.i64(ptr @g, i8 0, i64 64, i1 false)
  call void @llvm.memcpy.inline.p0.p0.i64(ptr %dst, ptr %src, i64 16, i1 false)
  call void @llvm.memset.inline.p0.i64(ptr %dst, i8 1, i64 8, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %local, ptr @g, i64 64, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %local, i64 64, i1 false)
  call void @llvm.memset.p0.i64(ptr %local, i8 0, i64 64, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 %n, i1 true)
  call void @llvm.memcpy.element.unordered.atomic.p0.p0.i64(ptr align 4 %dst, ptr align 4 %src, i64 16, i32 4)
  ret void
}

; REMARK: remark: <unknown>:0:0: 'llvm.memcpy.element.unordered.atomic' is not instrumented

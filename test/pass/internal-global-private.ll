; An internal global whose address never escapes (every use is the address of
; a load, store or memory intrinsic, possibly through GEPs) and that is only
; touched by functions no root reaches is private. main is not a root, and
; neither is an internal helper that only main calls.
; RUN: %opt_ag -passes=atomicguard -S %s \
; RUN:   | FileCheck %s --implicit-check-not=__atomicguard --implicit-check-not=llvm.global_ctors
; RUN: %opt_ag -passes=atomicguard -pass-remarks-missed=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

@counter = internal global i32 0
@table = internal global [8 x i32] zeroinitializer
@buf = private global [16 x i8] zeroinitializer

define internal void @bump(i32 %by) {
; CHECK-LABEL: define internal void @bump(
; CHECK-NEXT:    %v = load i32, ptr @counter
; CHECK-NEXT:    %n = add i32 %v, %by
; CHECK-NEXT:    store i32 %n, ptr @counter
; CHECK-NEXT:    ret void
  %v = load i32, ptr @counter
  %n = add i32 %v, %by
  store i32 %n, ptr @counter
  ret void
}

define i32 @main() {
; CHECK-LABEL: define i32 @main()
; CHECK-NEXT:    call void @bump(i32 1)
; CHECK-NEXT:    %i = load i32, ptr @counter
; CHECK-NEXT:    %idx = zext i32 %i to i64
; CHECK-NEXT:    %slot = getelementptr [8 x i32], ptr @table, i64 0, i64 %idx
; CHECK-NEXT:    store i32 %i, ptr %slot
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr @buf, i8 0, i64 16, i1 false)
; CHECK-NEXT:    %b = load i8, ptr getelementptr (i8, ptr @buf, i64 3)
; CHECK-NEXT:    ret i32 %i
  call void @bump(i32 1)
  %i = load i32, ptr @counter
  %idx = zext i32 %i to i64
  %slot = getelementptr [8 x i32], ptr @table, i64 0, i64 %idx
  store i32 %i, ptr %slot
  call void @llvm.memset.p0.i64(ptr @buf, i8 0, i64 16, i1 false)
  %b = load i8, ptr getelementptr (i8, ptr @buf, i64 3)
  ret i32 %i
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

; REMARK-DAG: remark: <unknown>:0:0: 'counter' is private: internal and not reachable from any thread routine
; REMARK-DAG: remark: <unknown>:0:0: 'table' is private: internal and not reachable from any thread routine
; REMARK-DAG: remark: <unknown>:0:0: 'buf' is private: internal and not reachable from any thread routine

; An internal global whose address escapes (passed to a call, stored, used in
; another global's initializer, converted to an integer) is shared, even
; though only main touches it here.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

@passed = internal global i32 0
@stored = internal global i32 0
@in_init = internal global i32 0
@as_int = internal global i32 0
@kept = internal global i32 0
@sink = global ptr null
@ref = global ptr @in_init
@addr = global i64 ptrtoint (ptr @as_int to i64)

define i32 @main() {
; CHECK-LABEL: define i32 @main()
; CHECK-NEXT:    call void @use(ptr @passed)
; CHECK-NEXT:    call void @__atomicguard_write(ptr @sink,
; CHECK-NEXT:    store ptr @stored, ptr @sink
; CHECK-NEXT:    call void @__atomicguard_read(ptr @passed,
; CHECK-NEXT:    %a = load i32, ptr @passed
; CHECK-NEXT:    call void @__atomicguard_read(ptr @stored,
; CHECK-NEXT:    %b = load i32, ptr @stored
; CHECK-NEXT:    call void @__atomicguard_read(ptr @in_init,
; CHECK-NEXT:    %c = load i32, ptr @in_init
; CHECK-NEXT:    call void @__atomicguard_read(ptr @as_int,
; CHECK-NEXT:    %d = load i32, ptr @as_int
; CHECK-NOT:     __atomicguard_read(ptr @kept
; CHECK:         %e = load i32, ptr @kept
; CHECK-NEXT:    ret i32 %e
  call void @use(ptr @passed)
  store ptr @stored, ptr @sink
  %a = load i32, ptr @passed
  %b = load i32, ptr @stored
  %c = load i32, ptr @in_init
  %d = load i32, ptr @as_int
  %e = load i32, ptr @kept
  ret i32 %e
}

declare void @use(ptr)

; REMARK-DAG: remark: <unknown>:0:0: 'passed' is shared: its address escapes
; REMARK-DAG: remark: <unknown>:0:0: 'stored' is shared: its address escapes
; REMARK-DAG: remark: <unknown>:0:0: 'in_init' is shared: its address escapes
; REMARK-DAG: remark: <unknown>:0:0: 'as_int' is shared: its address escapes

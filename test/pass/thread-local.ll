; An internal thread-local variable whose address does not escape is private,
; whether it is reached through llvm.threadlocal.address (as clang emits) or
; directly. One whose address escapes is shared, and so is one with external
; linkage (another unit may pass its address to a thread); neither is
; registered by the module constructor (its address is per thread).
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard \
; RUN:   -pass-remarks-missed=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK

@tls = internal thread_local global i32 0
@tls_external = thread_local global i32 0
@tls_internal = internal thread_local global i32 0
@tls_escaped = internal thread_local global i32 0
@sink = global ptr null

; CHECK: @ag.globals = private constant [1 x %struct.ag_global] [%struct.ag_global { ptr @sink, ptr @{{ag\.var[.0-9]*}} }]

define void @f() {
; CHECK-LABEL: define void @f()
; CHECK-NOT:     __atomicguard
; CHECK:         %p = call ptr @llvm.threadlocal.address.p0(ptr @tls)
; CHECK-NEXT:    %v = load i32, ptr %p
; CHECK-NEXT:    store i32 %v, ptr %p
; CHECK-NEXT:    %w = load i32, ptr @tls_internal
; CHECK-NEXT:    store i32 %w, ptr @tls_internal
; CHECK-NEXT:    %q = call ptr @llvm.threadlocal.address.p0(ptr @tls_escaped)
; CHECK-NEXT:    call void @__atomicguard_write(ptr @sink,
; CHECK-NEXT:    store ptr %q, ptr @sink
; CHECK-NEXT:    call void @__atomicguard_write(ptr %q,
; CHECK-NEXT:    store i32 1, ptr %q
; CHECK-NEXT:    %x = call ptr @llvm.threadlocal.address.p0(ptr @tls_external)
; CHECK-NEXT:    call void @__atomicguard_write(ptr %x,
; CHECK-NEXT:    store i32 2, ptr %x
; CHECK-NEXT:    ret void
  %p = call ptr @llvm.threadlocal.address.p0(ptr @tls)
  %v = load i32, ptr %p
  store i32 %v, ptr %p
  %w = load i32, ptr @tls_internal
  store i32 %w, ptr @tls_internal
  %q = call ptr @llvm.threadlocal.address.p0(ptr @tls_escaped)
  store ptr %q, ptr @sink
  store i32 1, ptr %q
  %x = call ptr @llvm.threadlocal.address.p0(ptr @tls_external)
  store i32 2, ptr %x
  ret void
}

declare ptr @llvm.threadlocal.address.p0(ptr)

; REMARK-DAG: remark: <unknown>:0:0: 'tls' is private: it is thread-local
; REMARK-DAG: remark: <unknown>:0:0: 'tls_internal' is private: it is thread-local
; REMARK-DAG: remark: <unknown>:0:0: 'tls_external' is shared: it is thread-local, but has external linkage: another unit may pass its address to a thread
; REMARK-DAG: remark: <unknown>:0:0: 'tls_escaped' is shared: its address escapes

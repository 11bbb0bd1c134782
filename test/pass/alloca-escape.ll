; A local whose address is captured (here: handed to another thread) is
; shared: its accesses are instrumented and the runtime is told when it comes
; to life with local_begin(addr, size, var). That call follows each
; llvm.lifetime.start of the local; a local without lifetime markers is
; announced right after the allocas that begin its block, in order.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard \
; RUN:   -pass-remarks-missed=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK

define i32 @main() {
; CHECK-LABEL: define i32 @main()
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %t = alloca i64
; CHECK-NEXT:    %x = alloca i32
; CHECK-NEXT:    %y = alloca i32
; CHECK-NEXT:    %priv = alloca i32
; CHECK-NEXT:    call void @__atomicguard_local_begin(ptr %t, i64 8, ptr null)
; CHECK-NEXT:    call void @__atomicguard_local_begin(ptr %x, i64 4, ptr null)
; CHECK-NEXT:    call void @__atomicguard_write(ptr %x,
; CHECK-NEXT:    store i32 0, ptr %x
; CHECK-NEXT:    store i32 0, ptr %priv
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(ptr %y)
; CHECK-NEXT:    call void @__atomicguard_local_begin(ptr %y, i64 4, ptr null)
; CHECK-NEXT:    call void @__atomicguard_write(ptr %y,
; CHECK-NEXT:    store i32 0, ptr %y
; CHECK:         call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %x)
; CHECK:         call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %y)
; CHECK-NEXT:    call void @__atomicguard_read(ptr %x,
; CHECK-NEXT:    %v = load i32, ptr %x
; CHECK-NEXT:    %p = load i32, ptr %priv
; CHECK-NEXT:    call void @llvm.lifetime.end.p0(ptr %y)
; CHECK-NOT:     __atomicguard_local_begin(ptr %priv
entry:
  %t = alloca i64
  %x = alloca i32
  %y = alloca i32
  %priv = alloca i32
  store i32 0, ptr %x
  store i32 0, ptr %priv
  call void @llvm.lifetime.start.p0(ptr %y)
  store i32 0, ptr %y
  %r1 = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %x)
  %r2 = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %y)
  %v = load i32, ptr %x
  %p = load i32, ptr %priv
  call void @llvm.lifetime.end.p0(ptr %y)
  %s = add i32 %v, %p
  ret i32 %s
}

; A local that is born in every loop iteration is announced every time.
define void @loop(i32 %n) {
; CHECK-LABEL: define void @loop(
; CHECK:       body:
; CHECK-NEXT:    %i = phi i32
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(ptr %slot)
; CHECK-NEXT:    call void @__atomicguard_local_begin(ptr %slot, i64 16, ptr null)
; CHECK-NEXT:    call void @publish(ptr %slot)
entry:
  %slot = alloca [4 x i32]
  br label %body
body:
  %i = phi i32 [ 0, %entry ], [ %next, %body ]
  call void @llvm.lifetime.start.p0(ptr %slot)
  call void @publish(ptr %slot)
  call void @llvm.lifetime.end.p0(ptr %slot)
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, %n
  br i1 %done, label %exit, label %body
exit:
  ret void
}

; A dynamically sized local is still instrumented, but its lifetime is not
; reported.
define void @vla(i64 %n) {
; CHECK-LABEL: define void @vla(
; CHECK-NOT:     __atomicguard_local_begin
; CHECK:         call void @publish(ptr %buf)
; CHECK-NEXT:    call void @__atomicguard_write(ptr %buf,
  %buf = alloca i32, i64 %n
  call void @publish(ptr %buf)
  store i32 1, ptr %buf
  ret void
}

define internal ptr @worker(ptr %arg) {
  ret ptr null
}

declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare void @publish(ptr)
declare void @llvm.lifetime.start.p0(ptr)
declare void @llvm.lifetime.end.p0(ptr)

; REMARK-DAG: remark: <unknown>:0:0: 'x' is shared: its address escapes
; REMARK-DAG: remark: <unknown>:0:0: 'y' is shared: its address escapes
; REMARK-DAG: remark: <unknown>:0:0: 'priv' is private: its address does not escape
; REMARK-DAG: remark: <unknown>:0:0: 'buf' has a dynamic size: its lifetime is not tracked

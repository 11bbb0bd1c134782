; An internal global is shared when a function that accesses it is reachable,
; through direct calls, from a root: a thread routine (an argument of
; pthread_create), an externally visible function other than main, or an
; address-taken function. Its accesses are then instrumented everywhere,
; including in main.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard \
; RUN:   -pass-remarks-missed=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK

@direct = internal global i32 0
@via_helper = internal global i32 0
@from_api = internal global i32 0
@from_callback = internal global i32 0
@only_main = internal global i32 0

define internal ptr @worker(ptr %arg) {
; CHECK-LABEL: define internal ptr @worker(
; CHECK-NEXT:    call void @__atomicguard_write(ptr @direct,
; CHECK-NEXT:    store i32 1, ptr @direct
; CHECK-NEXT:    call void @helper()
  store i32 1, ptr @direct
  call void @helper()
  ret ptr null
}

define internal void @helper() {
; CHECK-LABEL: define internal void @helper()
; CHECK-NEXT:    call void @__atomicguard_write(ptr @via_helper,
; CHECK-NEXT:    store i32 2, ptr @via_helper
  store i32 2, ptr @via_helper
  ret void
}

define void @api() {
; CHECK-LABEL: define void @api()
; CHECK-NEXT:    call void @__atomicguard_write(ptr @from_api,
  store i32 3, ptr @from_api
  ret void
}

define internal void @callback() {
; CHECK-LABEL: define internal void @callback()
; CHECK-NEXT:    call void @__atomicguard_write(ptr @from_callback,
  store i32 4, ptr @from_callback
  ret void
}

define i32 @main() {
; CHECK-LABEL: define i32 @main()
; CHECK:         call void @__atomicguard_read(ptr @direct,
; CHECK-NEXT:    %a = load i32, ptr @direct
; CHECK-NEXT:    call void @__atomicguard_read(ptr @via_helper,
; CHECK-NEXT:    %b = load i32, ptr @via_helper
; CHECK-NEXT:    call void @__atomicguard_read(ptr @from_api,
; CHECK-NEXT:    %c = load i32, ptr @from_api
; CHECK-NEXT:    call void @__atomicguard_read(ptr @from_callback,
; CHECK-NEXT:    %d = load i32, ptr @from_callback
; CHECK-NOT:     __atomicguard_read(ptr @only_main
; CHECK:         %e = load i32, ptr @only_main
  %t = alloca i64
  %r = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr null)
  call void @register(ptr @callback)
  %a = load i32, ptr @direct
  %b = load i32, ptr @via_helper
  %c = load i32, ptr @from_api
  %d = load i32, ptr @from_callback
  %e = load i32, ptr @only_main
  ret i32 %e
}

declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare void @register(ptr)

; REMARK-DAG: remark: <unknown>:0:0: 'direct' is shared: it is accessed from thread routine 'worker'
; REMARK-DAG: remark: <unknown>:0:0: 'via_helper' is shared: it is accessed from 'helper', which is reachable from thread routine 'worker'
; REMARK-DAG: remark: <unknown>:0:0: 'from_api' is shared: it is accessed from externally visible function 'api'
; REMARK-DAG: remark: <unknown>:0:0: 'from_callback' is shared: it is accessed from address-taken function 'callback'
; REMARK-DAG: remark: <unknown>:0:0: 'only_main' is private: internal and not reachable from any thread routine

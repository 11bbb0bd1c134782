; The pass instruments a module once: run twice (as with two -fpass-plugin
; flags naming two copies of the plugin), the second run changes nothing.
; RUN: %opt_ag -passes=atomicguard,atomicguard -S %s | FileCheck %s

@g = global i32 0

define void @f() {
; CHECK-LABEL: define void @f()
; CHECK-NEXT:    call void @__atomicguard_write(ptr @g,
; CHECK-NEXT:    store i32 1, ptr @g
; CHECK-NEXT:    ret void
  store i32 1, ptr @g
  ret void
}
; CHECK: !{i32 2, !"atomicguard.instrumented", i32 1}

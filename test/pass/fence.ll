; A cross-thread fence gets __atomicguard_fence(site) just before it (the fence
; itself stays); the site has kind 8 and the fence's order. Single-thread
; (signal) fences only order against the same thread and are left alone.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

; Fields after the location: kind, order, order_fail, size, rmw_op, flags.
; CHECK-DAG: @[[ACQ:ag\.site[.0-9]*]] = {{.*}}, i8 8, i8 2, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[REL:ag\.site[.0-9]*]] = {{.*}}, i8 8, i8 3, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[AR:ag\.site[.0-9]*]] = {{.*}}, i8 8, i8 4, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SC:ag\.site[.0-9]*]] = {{.*}}, i8 8, i8 5, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }

define void @fences() {
; CHECK-LABEL: define void @fences()
; CHECK-NEXT:    call void @__atomicguard_fence(ptr @[[ACQ]])
; CHECK-NEXT:    fence acquire
; CHECK-NEXT:    call void @__atomicguard_fence(ptr @[[REL]])
; CHECK-NEXT:    fence release
; CHECK-NEXT:    call void @__atomicguard_fence(ptr @[[AR]])
; CHECK-NEXT:    fence acq_rel
; CHECK-NEXT:    call void @__atomicguard_fence(ptr @[[SC]])
; CHECK-NEXT:    fence seq_cst
; CHECK-NOT:     __atomicguard_fence
; CHECK:         fence syncscope("singlethread") seq_cst
; CHECK-NEXT:    fence syncscope("singlethread") acquire
; CHECK-NEXT:    ret void
  fence acquire
  fence release
  fence acq_rel
  fence seq_cst
  fence syncscope("singlethread") seq_cst
  fence syncscope("singlethread") acquire
  ret void
}

; CHECK: declare void @__atomicguard_fence(ptr) #{{[0-9]+}}

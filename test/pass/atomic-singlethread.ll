; Atomics of syncscope("singlethread") order only against the thread's own
; signal handlers: they are instrumented as atomics, with relaxed (0) as the
; order the runtime models, whatever their ordering; the same operations of
; system scope keep theirs. (Single-thread fences are left alone, fence.ll.)
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

@g = global i64 0

; Fields after the location: kind, order, order_fail, size, rmw_op, flags.
; CHECK-DAG: @[[LST:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 0, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SST:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 0, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[RST:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 0, i8 0, i8 8, i8 1, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[CST:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 0, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[LSYS:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 2, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SSYS:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 3, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[RSYS:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 4, i8 0, i8 8, i8 1, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[CSYS:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 5, i8 2, i8 8, i8 0, i8 0, i8 0, i8 0 }

define void @single_thread(i64 %v) {
; CHECK-LABEL: define void @single_thread(
; CHECK: call i64 @__atomicguard_atomic_load(ptr @g, ptr @[[LST]])
; CHECK: call void @__atomicguard_atomic_store(ptr @g, i64 %v, ptr @[[SST]])
; CHECK: call i64 @__atomicguard_atomic_rmw(ptr @g, i64 %v, ptr @[[RST]])
; CHECK: call i64 @__atomicguard_atomic_cmpxchg(ptr @g, i64 0, i64 %v, ptr @[[CST]])
  %l = load atomic i64, ptr @g syncscope("singlethread") acquire, align 8
  store atomic i64 %v, ptr @g syncscope("singlethread") release, align 8
  %r = atomicrmw add ptr @g, i64 %v syncscope("singlethread") acq_rel
  %c = cmpxchg ptr @g, i64 0, i64 %v syncscope("singlethread") seq_cst acquire
  ret void
}

define void @system(i64 %v) {
; CHECK-LABEL: define void @system(
; CHECK: call i64 @__atomicguard_atomic_load(ptr @g, ptr @[[LSYS]])
; CHECK: call void @__atomicguard_atomic_store(ptr @g, i64 %v, ptr @[[SSYS]])
; CHECK: call i64 @__atomicguard_atomic_rmw(ptr @g, i64 %v, ptr @[[RSYS]])
; CHECK: call i64 @__atomicguard_atomic_cmpxchg(ptr @g, i64 0, i64 %v, ptr @[[CSYS]])
  %l = load atomic i64, ptr @g acquire, align 8
  store atomic i64 %v, ptr @g release, align 8
  %r = atomicrmw add ptr @g, i64 %v acq_rel
  %c = cmpxchg ptr @g, i64 0, i64 %v seq_cst acquire
  ret void
}

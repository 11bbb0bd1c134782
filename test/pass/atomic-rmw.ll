; atomicrmw is replaced by __atomicguard_atomic_rmw(addr, operand, site), which
; returns the old value. The site holds kind 6, the order, the size and the
; operation: xchg 0, add 1, sub 2, and 3, nand 4, or 5, xor 6, max 7, min 8,
; umax 9, umin 10, fadd 11, fsub 12, fmax 13, fmin 14. Orders: monotonic 0,
; acquire 2, release 3, acq_rel 4, seq_cst 5.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

; Fields after the location: kind, order, order_fail, size, rmw_op, flags.
; CHECK-DAG: @[[XCHG:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[ADD:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 2, i8 0, i8 4, i8 1, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SUB:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 3, i8 0, i8 4, i8 2, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[AND:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 4, i8 0, i8 4, i8 3, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[NAND:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 5, i8 0, i8 4, i8 4, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[OR:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 0, i8 0, i8 1, i8 5, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[XOR:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 2, i8 0, i8 2, i8 6, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[MAX:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 3, i8 0, i8 8, i8 7, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[MIN:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 4, i8 0, i8 4, i8 8, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[UMAX:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 5, i8 0, i8 4, i8 9, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[UMIN:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 0, i8 0, i8 4, i8 10, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[FADD:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 5, i8 0, i8 4, i8 11, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[FSUB:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 0, i8 0, i8 8, i8 12, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[FMAX:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 2, i8 0, i8 4, i8 13, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[FMIN:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 4, i8 0, i8 8, i8 14, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[XCHGP:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 5, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[XCHGF:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 3, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }

define void @ints(ptr %p, i32 %v) {
; CHECK-LABEL: define void @ints(
; CHECK-NEXT:    [[V:%.*]] = zext i32 %v to i64
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_rmw(ptr %p, i64 [[V]], ptr @[[XCHG]])
; CHECK-NEXT:    %o0 = trunc i64 [[R]] to i32
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[ADD]])
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[SUB]])
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[AND]])
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[NAND]])
; CHECK:         [[V:%.*]] = zext i8 %b to i64
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_rmw(ptr %p, i64 [[V]], ptr @[[OR]])
; CHECK-NEXT:    %o5 = trunc i64 [[R]] to i8
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[XOR]])
; CHECK-NEXT:    %o6 = trunc i64
; CHECK-NEXT:    %l = sext i32 %v to i64
; CHECK-NEXT:    %o7 = call i64 @__atomicguard_atomic_rmw(ptr %p, i64 %l, ptr @[[MAX]])
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[MIN]])
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[UMAX]])
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[UMIN]])
; CHECK-NOT:     atomicrmw
; CHECK:         ret void
  %o0 = atomicrmw xchg ptr %p, i32 %v monotonic
  %o1 = atomicrmw add ptr %p, i32 %v acquire
  %o2 = atomicrmw sub ptr %p, i32 %v release
  %o3 = atomicrmw and ptr %p, i32 %v acq_rel
  %o4 = atomicrmw nand ptr %p, i32 %v seq_cst
  %b = trunc i32 %v to i8
  %o5 = atomicrmw or ptr %p, i8 %b monotonic
  %h = trunc i32 %v to i16
  %o6 = atomicrmw xor ptr %p, i16 %h acquire
  %l = sext i32 %v to i64
  %o7 = atomicrmw max ptr %p, i64 %l release
  %o8 = atomicrmw min ptr %p, i32 %v acq_rel
  %o9 = atomicrmw umax ptr %p, i32 %v seq_cst
  %o10 = atomicrmw umin ptr %p, i32 %v monotonic
  call void @use32(i32 %o0, i32 %o1, i32 %o2, i32 %o3, i32 %o4, i32 %o8, i32 %o9, i32 %o10)
  call void @use_small(i8 %o5, i16 %o6, i64 %o7)
  ret void
}

define void @floats(ptr %p, float %f, double %d, ptr %q) {
; CHECK-LABEL: define void @floats(
; CHECK-NEXT:    [[B:%.*]] = bitcast float %f to i32
; CHECK-NEXT:    [[V:%.*]] = zext i32 [[B]] to i64
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_rmw(ptr %p, i64 [[V]], ptr @[[FADD]])
; CHECK-NEXT:    [[T:%.*]] = trunc i64 [[R]] to i32
; CHECK-NEXT:    %a = bitcast i32 [[T]] to float
; CHECK-NEXT:    [[V:%.*]] = bitcast double %d to i64
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_rmw(ptr %p, i64 [[V]], ptr @[[FSUB]])
; CHECK-NEXT:    %b = bitcast i64 [[R]] to double
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[FMAX]])
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[FMIN]])
; CHECK:         [[V:%.*]] = ptrtoint ptr %q to i64
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_rmw(ptr %p, i64 [[V]], ptr @[[XCHGP]])
; CHECK-NEXT:    %e = inttoptr i64 [[R]] to ptr
; CHECK:         call i64 @__atomicguard_atomic_rmw(ptr %p, i64 {{%.*}}, ptr @[[XCHGF]])
; CHECK-NOT:     atomicrmw
; CHECK:         ret void
  %a = atomicrmw fadd ptr %p, float %f seq_cst
  %b = atomicrmw fsub ptr %p, double %d monotonic
  %c = atomicrmw fmax ptr %p, float %f acquire
  %x = atomicrmw fmin ptr %p, double %d acq_rel
  %e = atomicrmw xchg ptr %p, ptr %q seq_cst
  %g = atomicrmw xchg ptr %p, float %f release
  call void @usef(float %a, double %b, float %c, double %x, ptr %e, float %g)
  ret void
}

declare void @use32(i32, i32, i32, i32, i32, i32, i32, i32)
declare void @use_small(i8, i16, i64)
declare void @usef(float, double, float, double, ptr, float)

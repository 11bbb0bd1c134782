; cmpxchg is replaced by __atomicguard_atomic_cmpxchg(addr, expected, desired,
; site), which returns the old value; the { T, i1 } result is rebuilt with
; success = (old == expected) on the zero-extended i64 values. The site holds
; kind 7, the success order, the failure order (relaxed 0, acquire 2,
; release 3, acq_rel 4, seq_cst 5) and flags (1 volatile, 2 weak).
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

; Fields after the location: kind, order, order_fail, size, rmw_op, flags.
; CHECK-DAG: @[[MM:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[AM_WEAK:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 2, i8 0, i8 4, i8 0, i8 2, i8 0, i8 0 }
; CHECK-DAG: @[[RM:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 3, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[ARA:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 4, i8 2, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SS_WEAK:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 5, i8 5, i8 8, i8 0, i8 2, i8 0, i8 0 }
; CHECK-DAG: @[[SA_PTR:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 5, i8 2, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SM_VOL:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 5, i8 0, i8 1, i8 0, i8 1, i8 0, i8 0 }
; CHECK-DAG: @[[MS:ag\.site[.0-9]*]] = {{.*}}, i8 7, i8 0, i8 5, i8 2, i8 0, i8 0, i8 0, i8 0 }

define i1 @strong(ptr %p, i32 %cmp, i32 %new) {
; CHECK-LABEL: define i1 @strong(
; CHECK-NEXT:    [[E:%.*]] = zext i32 %cmp to i64
; CHECK-NEXT:    [[D:%.*]] = zext i32 %new to i64
; CHECK-NEXT:    [[O:%.*]] = call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 [[E]], i64 [[D]], ptr @[[MM]])
; CHECK-NEXT:    [[T:%.*]] = trunc i64 [[O]] to i32
; CHECK-NEXT:    [[P:%.*]] = insertvalue { i32, i1 } poison, i32 [[T]], 0
; CHECK-NEXT:    [[S:%.*]] = icmp eq i64 [[O]], [[E]]
; CHECK-NEXT:    %r = insertvalue { i32, i1 } [[P]], i1 [[S]], 1
; CHECK-NEXT:    %ok = extractvalue { i32, i1 } %r, 1
; CHECK-NEXT:    ret i1 %ok
  %r = cmpxchg ptr %p, i32 %cmp, i32 %new monotonic monotonic
  %ok = extractvalue { i32, i1 } %r, 1
  ret i1 %ok
}

define void @orders(ptr %p, i32 %c, i32 %n, i64 %c64, i64 %n64, ptr %cp, ptr %np, i8 %c8, i16 %c16) {
; CHECK-LABEL: define void @orders(
; CHECK:         call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 {{%.*}}, i64 {{%.*}}, ptr @[[AM_WEAK]])
; CHECK:         call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 {{%.*}}, i64 {{%.*}}, ptr @[[RM]])
; CHECK:         call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 {{%.*}}, i64 {{%.*}}, ptr @[[ARA]])
; CHECK:         [[O:%.*]] = call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 %c64, i64 %n64, ptr @[[SS_WEAK]])
; CHECK-NEXT:    [[P:%.*]] = insertvalue { i64, i1 } poison, i64 [[O]], 0
; CHECK-NEXT:    [[S:%.*]] = icmp eq i64 [[O]], %c64
; CHECK-NEXT:    %r4 = insertvalue { i64, i1 } [[P]], i1 [[S]], 1
; CHECK-NEXT:    [[E:%.*]] = ptrtoint ptr %cp to i64
; CHECK-NEXT:    [[D:%.*]] = ptrtoint ptr %np to i64
; CHECK-NEXT:    [[O:%.*]] = call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 [[E]], i64 [[D]], ptr @[[SA_PTR]])
; CHECK-NEXT:    [[T:%.*]] = inttoptr i64 [[O]] to ptr
; CHECK-NEXT:    [[P:%.*]] = insertvalue { ptr, i1 } poison, ptr [[T]], 0
; CHECK-NEXT:    [[S:%.*]] = icmp eq i64 [[O]], [[E]]
; CHECK-NEXT:    %r5 = insertvalue { ptr, i1 } [[P]], i1 [[S]], 1
; CHECK:         call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 {{%.*}}, i64 {{%.*}}, ptr @[[SM_VOL]])
; CHECK:         call i64 @__atomicguard_atomic_cmpxchg(ptr %p, i64 {{%.*}}, i64 {{%.*}}, ptr @[[MS]])
; CHECK-NOT:     cmpxchg
; CHECK:         ret void
  %r1 = cmpxchg weak ptr %p, i32 %c, i32 %n acquire monotonic
  %r2 = cmpxchg ptr %p, i32 %c, i32 %n release monotonic
  %r3 = cmpxchg ptr %p, i32 %c, i32 %n acq_rel acquire
  %r4 = cmpxchg weak ptr %p, i64 %c64, i64 %n64 seq_cst seq_cst
  %r5 = cmpxchg ptr %p, ptr %cp, ptr %np seq_cst acquire
  %r6 = cmpxchg volatile ptr %p, i8 %c8, i8 %c8 seq_cst monotonic
  %r7 = cmpxchg ptr %p, i16 %c16, i16 %c16 monotonic seq_cst
  call void @use(ptr %p, { i32, i1 } %r1, { i32, i1 } %r2, { i32, i1 } %r3, { i64, i1 } %r4, { ptr, i1 } %r5, { i8, i1 } %r6, { i16, i1 } %r7)
  ret void
}

declare void @use(ptr, { i32, i1 }, { i32, i1 }, { i32, i1 }, { i64, i1 }, { ptr, i1 }, { i8, i1 }, { i16, i1 })

; Atomic loads and stores of shared memory are replaced by runtime calls that
; perform them: values travel zero-extended in an i64 (pointers via
; ptrtoint/inttoptr, floating point via bitcast). The site holds kind
; (4 load, 5 store), the C11 order (unordered and monotonic -> 0 relaxed,
; acquire 2, release 3, seq_cst 5) and the size.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

@g = global [16 x i64] zeroinitializer

; Fields after the location: kind, order, order_fail, size, rmw_op, flags.
; CHECK-DAG: @[[L8:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 0, i8 0, i8 1, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[L16:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 0, i8 0, i8 2, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[L32:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 2, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[L64:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 5, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[LPTR:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 2, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[LF:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 5, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[LD:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 0, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[LH:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 2, i8 0, i8 2, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[S8:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 0, i8 0, i8 1, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[S16:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 3, i8 0, i8 2, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[S32:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 5, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[S64:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 3, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SPTR:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 5, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SF:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 3, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SD:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 0, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SH:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 5, i8 0, i8 2, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SU:ag\.site[.0-9]*]] = {{.*}}, i8 5, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }

define void @loads(ptr %p) {
; CHECK-LABEL: define void @loads(
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[L8]])
; CHECK-NEXT:    %a = trunc i64 [[R]] to i8
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[L16]])
; CHECK-NEXT:    %b = trunc i64 [[R]] to i16
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[L32]])
; CHECK-NEXT:    %c = trunc i64 [[R]] to i32
; CHECK-NEXT:    %d = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[L64]])
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[LPTR]])
; CHECK-NEXT:    %e = inttoptr i64 [[R]] to ptr
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[LF]])
; CHECK-NEXT:    [[T:%.*]] = trunc i64 [[R]] to i32
; CHECK-NEXT:    %f = bitcast i32 [[T]] to float
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[LD]])
; CHECK-NEXT:    %g = bitcast i64 [[R]] to double
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[LH]])
; CHECK-NEXT:    [[T:%.*]] = trunc i64 [[R]] to i16
; CHECK-NEXT:    %h = bitcast i16 [[T]] to half
; CHECK-NEXT:    call void @use(i8 %a, i16 %b, i32 %c, i64 %d, ptr %e, float %f, double %g, half %h)
; CHECK-NOT:     load atomic
  %a = load atomic i8, ptr %p unordered, align 1
  %b = load atomic i16, ptr %p monotonic, align 2
  %c = load atomic i32, ptr %p acquire, align 4
  %d = load atomic i64, ptr %p seq_cst, align 8
  %e = load atomic ptr, ptr %p acquire, align 8
  %f = load atomic float, ptr %p seq_cst, align 4
  %g = load atomic double, ptr %p monotonic, align 8
  %h = load atomic half, ptr %p acquire, align 2
  call void @use(i8 %a, i16 %b, i32 %c, i64 %d, ptr %e, float %f, double %g, half %h)
  ret void
}

define void @stores(ptr %p, i8 %a, i16 %b, i32 %c, i64 %d, ptr %e, float %f, double %g, half %h) {
; CHECK-LABEL: define void @stores(
; CHECK-NEXT:    [[V:%.*]] = zext i8 %a to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[S8]])
; CHECK-NEXT:    [[V:%.*]] = zext i16 %b to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[S16]])
; CHECK-NEXT:    [[V:%.*]] = zext i32 %c to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[S32]])
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 %d, ptr @[[S64]])
; CHECK-NEXT:    [[V:%.*]] = ptrtoint ptr %e to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[SPTR]])
; CHECK-NEXT:    [[B:%.*]] = bitcast float %f to i32
; CHECK-NEXT:    [[V:%.*]] = zext i32 [[B]] to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[SF]])
; CHECK-NEXT:    [[V:%.*]] = bitcast double %g to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[SD]])
; CHECK-NEXT:    [[B:%.*]] = bitcast half %h to i16
; CHECK-NEXT:    [[V:%.*]] = zext i16 [[B]] to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[SH]])
; CHECK-NEXT:    [[V:%.*]] = zext i32 %c to i64
; CHECK-NEXT:    call void @__atomicguard_atomic_store(ptr %p, i64 [[V]], ptr @[[SU]])
; CHECK-NEXT:    ret void
  store atomic i8 %a, ptr %p monotonic, align 1
  store atomic i16 %b, ptr %p release, align 2
  store atomic i32 %c, ptr %p seq_cst, align 4
  store atomic i64 %d, ptr %p release, align 8
  store atomic ptr %e, ptr %p seq_cst, align 8
  store atomic float %f, ptr %p release, align 4
  store atomic double %g, ptr %p monotonic, align 8
  store atomic half %h, ptr %p seq_cst, align 2
  store atomic i32 %c, ptr %p unordered, align 4
  ret void
}

; Atomics on private memory are left alone.
define i32 @private() {
; CHECK-LABEL: define i32 @private()
; CHECK-NEXT:    %x = alloca i32
; CHECK-NEXT:    store atomic i32 1, ptr %x release, align 4
; CHECK-NEXT:    %v = load atomic i32, ptr %x acquire, align 4
; CHECK-NEXT:    ret i32 %v
  %x = alloca i32
  store atomic i32 1, ptr %x release, align 4
  %v = load atomic i32, ptr %x acquire, align 4
  ret i32 %v
}

declare void @use(i8, i16, i32, i64, ptr, float, double, half)

; CHECK: declare i64 @__atomicguard_atomic_load(ptr, ptr) [[ATTR:#[0-9]+]]
; CHECK: declare void @__atomicguard_atomic_store(ptr, i64, ptr) [[ATTR]]

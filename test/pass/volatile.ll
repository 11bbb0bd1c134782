; Volatile accesses are still plain accesses: they are instrumented like the
; others with flag 1 (AG_SITE_VOLATILE) in the site. Volatile atomics are
; replaced like other atomics and keep the flag. Volatile accesses to private
; memory are left alone.
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -S %s | FileCheck %s

; Fields after the location: kind, order, order_fail, size, rmw_op, flags.
; CHECK-DAG: @[[VR:ag\.site[.0-9]*]] = {{.*}}, i8 0, i8 0, i8 0, i8 4, i8 0, i8 1, i8 0, i8 0 }
; CHECK-DAG: @[[VW:ag\.site[.0-9]*]] = {{.*}}, i8 1, i8 0, i8 0, i8 4, i8 0, i8 1, i8 0, i8 0 }
; CHECK-DAG: @[[R:ag\.site[.0-9]*]] = {{.*}}, i8 0, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[VRANGE:ag\.site[.0-9]*]] = {{.*}}, i8 2, i8 0, i8 0, i8 0, i8 0, i8 1, i8 0, i8 0 }
; CHECK-DAG: @[[VALOAD:ag\.site[.0-9]*]] = {{.*}}, i8 4, i8 2, i8 0, i8 4, i8 0, i8 1, i8 0, i8 0 }
; CHECK-DAG: @[[VARMW:ag\.site[.0-9]*]] = {{.*}}, i8 6, i8 5, i8 0, i8 4, i8 1, i8 1, i8 0, i8 0 }

define i32 @f(ptr %p) {
; CHECK-LABEL: define i32 @f(
; CHECK-NEXT:    %local = alloca i32
; CHECK-NEXT:    call void @__atomicguard_read(ptr %p, ptr @[[VR]])
; CHECK-NEXT:    %a = load volatile i32, ptr %p
; CHECK-NEXT:    call void @__atomicguard_write(ptr %p, ptr @[[VW]])
; CHECK-NEXT:    store volatile i32 %a, ptr %p
; CHECK-NEXT:    call void @__atomicguard_read(ptr %p, ptr @[[R]])
; CHECK-NEXT:    %b = load i32, ptr %p
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %p, i64 16, ptr @[[VRANGE]])
; CHECK-NEXT:    %v = load volatile <4 x i32>, ptr %p
; CHECK-NOT:     __atomicguard_{{.*}}(ptr %local
; CHECK:         store volatile i32 %b, ptr %local
; CHECK-NEXT:    %c = load volatile i32, ptr %local
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_load(ptr %p, ptr @[[VALOAD]])
; CHECK-NEXT:    %d = trunc i64 [[R]] to i32
; CHECK-NEXT:    [[X:%.*]] = zext i32 %d to i64
; CHECK-NEXT:    [[R:%.*]] = call i64 @__atomicguard_atomic_rmw(ptr %p, i64 [[X]], ptr @[[VARMW]])
; CHECK-NEXT:    %e = trunc i64 [[R]] to i32
  %local = alloca i32
  %a = load volatile i32, ptr %p
  store volatile i32 %a, ptr %p
  %b = load i32, ptr %p
  %v = load volatile <4 x i32>, ptr %p
  store volatile i32 %b, ptr %local
  %c = load volatile i32, ptr %local
  %d = load atomic volatile i32, ptr %p acquire, align 4
  %e = atomicrmw volatile add ptr %p, i32 %d seq_cst
  %s = add i32 %c, %e
  ret i32 %s
}

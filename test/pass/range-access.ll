; Plain accesses whose store size is not 1, 2, 4 or 8 bytes (aggregates,
; vectors, i128, odd integer widths, x86_fp80) are reported as ranges:
; read_range/write_range(addr, size, site) with site kind 2/3 and size 0.
; An 8-byte aggregate is an ordinary 8-byte access.
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -S %s | FileCheck %s --implicit-check-not="_range(ptr %p, i64 8,"

%pair = type { i32, i32 }
%triple = type { i32, i32, i32 }

; Fields after the location: kind, order, order_fail, size, rmw_op, flags.
; CHECK-DAG: @[[RR:ag\.site[.0-9]*]] = {{.*}}, i8 2, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[WR:ag\.site[.0-9]*]] = {{.*}}, i8 3, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }

define void @f(ptr %p) {
; CHECK-LABEL: define void @f(
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %p, i64 12, ptr @[[RR]])
; CHECK-NEXT:    %s = load %triple, ptr %p
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %p, i64 12, ptr @[[WR]])
; CHECK-NEXT:    store %triple %s, ptr %p
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %p, i64 16,
; CHECK-NEXT:    %v = load <4 x i32>, ptr %p
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %p, i64 16,
; CHECK-NEXT:    store i128 0, ptr %p
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %p, i64 3,
; CHECK-NEXT:    %odd = load i24, ptr %p
; CHECK-NEXT:    call void @__atomicguard_write_range(ptr %p, i64 10,
; CHECK-NEXT:    store x86_fp80 0xK00000000000000000000, ptr %p
; CHECK-NEXT:    call void @__atomicguard_read_range(ptr %p, i64 16,
; CHECK-NEXT:    %arr = load [2 x i64], ptr %p
; CHECK-NEXT:    call void @__atomicguard_read(ptr %p,
; CHECK-NEXT:    %pr = load %pair, ptr %p
; CHECK-NEXT:    call void @__atomicguard_write(ptr %p,
; CHECK-NEXT:    store <2 x i32> zeroinitializer, ptr %p
; CHECK-NEXT:    ret void
  %s = load %triple, ptr %p
  store %triple %s, ptr %p
  %v = load <4 x i32>, ptr %p
  store i128 0, ptr %p
  %odd = load i24, ptr %p
  store x86_fp80 0xK00000000000000000000, ptr %p
  %arr = load [2 x i64], ptr %p
  %pr = load %pair, ptr %p
  store <2 x i32> zeroinitializer, ptr %p
  ret void
}

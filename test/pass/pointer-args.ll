; Memory reached through pointer arguments, loaded pointers, integer casts and
; phis of unknown pointers may belong to any thread: it is instrumented, with
; no variable in the site. A select between a private local and an argument is
; shared because one of its objects is.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

; CHECK-DAG: @[[R:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{[^,]*}}, ptr @{{[^,]*}}, ptr null, i32 0, i32 0, i8 0, i8 0, i8 0, i8 4,
; CHECK-DAG: @[[W:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{[^,]*}}, ptr @{{[^,]*}}, ptr null, i32 0, i32 0, i8 1, i8 0, i8 0, i8 8,

define void @f(ptr %p, ptr %pp, i64 %addr, i1 %c) {
; CHECK-LABEL: define void @f(
; CHECK-NEXT:    %local = alloca i32
; CHECK-NEXT:    call void @__atomicguard_read(ptr %p, ptr @[[R]])
; CHECK-NEXT:    %v = load i32, ptr %p
; CHECK-NEXT:    call void @__atomicguard_read(ptr %pp,
; CHECK-NEXT:    %q = load ptr, ptr %pp
; CHECK-NEXT:    call void @__atomicguard_write(ptr %q, ptr @[[W]])
; CHECK-NEXT:    store i64 1, ptr %q
; CHECK-NEXT:    %i = inttoptr i64 %addr to ptr
; CHECK-NEXT:    call void @__atomicguard_write(ptr %i,
; CHECK-NEXT:    store i8 0, ptr %i
; CHECK-NEXT:    %s = select i1 %c, ptr %local, ptr %p
; CHECK-NEXT:    call void @__atomicguard_write(ptr %s,
; CHECK-NEXT:    store i32 %v, ptr %s
; CHECK-NOT:     __atomicguard_write(ptr %local
; CHECK:         store i32 %v, ptr %local
; CHECK-NEXT:    ret void
  %local = alloca i32
  %v = load i32, ptr %p
  %q = load ptr, ptr %pp
  store i64 1, ptr %q
  %i = inttoptr i64 %addr to ptr
  store i8 0, ptr %i
  %s = select i1 %c, ptr %local, ptr %p
  store i32 %v, ptr %s
  store i32 %v, ptr %local
  ret void
}

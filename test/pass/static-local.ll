; Without debug info, clang's name for a static local, "fn.var" (plus ".N"
; when fn has several with that name), gives a STATIC_LOCAL variable "var" in
; "fn". Other dotted names are ordinary globals.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

source_filename = "stat.c"

@next_id.counter = internal global i32 0
@next_id.counter.1 = internal global i32 0
@not.a.function = internal global i32 0

; ag_var kinds: 1 = global, 2 = static local. The file is the module's source.
; CHECK-DAG: @[[FILE:ag\.str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"stat.c\00"
; CHECK-DAG: @[[NAME:ag\.str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"counter\00"
; CHECK-DAG: @[[FN:ag\.str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"next_id\00"
; CHECK-DAG: @[[DOTTED:ag\.str[.0-9]*]] = private unnamed_addr constant [15 x i8] c"not.a.function\00"
; CHECK-DAG: @[[VAR:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NAME]], ptr @[[FILE]], ptr @[[FN]], i32 0, i8 2, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[VAR1:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NAME]], ptr @[[FILE]], ptr @[[FN]], i32 0, i8 2, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[VAR2:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[DOTTED]], ptr @[[FILE]], ptr null, i32 0, i8 1, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[SITE:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{[^,]*}}, ptr @[[FN]], ptr @[[VAR]], i32 0, i32 0, i8 0,
; CHECK-DAG: @[[SITE1:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{[^,]*}}, ptr @[[FN]], ptr @[[VAR1]], i32 0, i32 0, i8 0,
; CHECK-DAG: @[[SITE2:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{[^,]*}}, ptr @[[FN]], ptr @[[VAR2]], i32 0, i32 0, i8 0,

; next_id is externally visible, so the statics it touches are shared.
define i32 @next_id() {
; CHECK-LABEL: define i32 @next_id()
; CHECK-NEXT:    call void @__atomicguard_read(ptr @next_id.counter, ptr @[[SITE]])
; CHECK-NEXT:    %a = load i32, ptr @next_id.counter
; CHECK-NEXT:    call void @__atomicguard_read(ptr @next_id.counter.1, ptr @[[SITE1]])
; CHECK-NEXT:    %b = load i32, ptr @next_id.counter.1
; CHECK-NEXT:    call void @__atomicguard_read(ptr @not.a.function, ptr @[[SITE2]])
; CHECK-NEXT:    %c = load i32, ptr @not.a.function
; CHECK-NOT:     __atomicguard
; CHECK:         ret i32
  %a = load i32, ptr @next_id.counter
  %b = load i32, ptr @next_id.counter.1
  %c = load i32, ptr @not.a.function
  %s = add i32 %a, %b
  %t = add i32 %s, %c
  ret i32 %t
}

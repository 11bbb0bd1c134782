; A module constructor (priority 0) registers every shared global defined in
; this module that has a variable descriptor: one ag_global { addr, var } each.
; Declarations, private, constant and thread-local globals are not registered.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s \
; RUN:   --implicit-check-not="{ ptr @private_only," --implicit-check-not="{ ptr @constant," \
; RUN:   --implicit-check-not="{ ptr @declared," --implicit-check-not="{ ptr @tls," \
; RUN:   --implicit-check-not="{ ptr @available,"

source_filename = "reg.c"

@shared = global i32 0
@shared_array = global [4 x i64] zeroinitializer
@reached = internal global i32 0
@private_only = internal global i32 0
@constant = constant i32 7
@declared = external global i32
@tls = thread_local global i32 0
@available = available_externally global i32 0

; CHECK-DAG: @[[FILE:ag\.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"reg.c\00"
; CHECK-DAG: @[[NS:ag\.str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"shared\00"
; CHECK-DAG: @[[VS:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NS]], ptr @[[FILE]], ptr null, i32 0, i8 1, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[NA:ag\.str[.0-9]*]] = private unnamed_addr constant [13 x i8] c"shared_array\00"
; CHECK-DAG: @[[VA:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NA]], ptr @[[FILE]], ptr null, i32 0, i8 1, i8 0, i16 0, ptr null, i64 32 }
; CHECK-DAG: @[[NR:ag\.str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"reached\00"
; CHECK-DAG: @[[VR:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NR]], ptr @[[FILE]], ptr null, i32 0, i8 1, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @ag.globals = private constant [3 x %struct.ag_global] [%struct.ag_global { ptr @shared, ptr @[[VS]] }, %struct.ag_global { ptr @shared_array, ptr @[[VA]] }, %struct.ag_global { ptr @reached, ptr @[[VR]] }]
; CHECK-DAG: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 0, ptr @atomicguard.module_ctor, ptr null }]

; CHECK-LABEL: define void @api()
define void @api() {
  store i32 1, ptr @reached
  ret void
}

define i32 @main() {
  %v = load i32, ptr @private_only
  ret i32 %v
}

; CHECK-LABEL: define internal void @atomicguard.module_ctor()
; CHECK-NEXT:    call void @__atomicguard_register_globals(ptr @ag.globals, i64 3)
; CHECK-NEXT:    ret void

; Odd shapes of annotations and field accesses are ignored, never a crash:
; annotation strings that are not constants, llvm.var.annotation on an
; argument, a field annotation on a pointer from nowhere, annotations that
; are not atomicguard's, a truncated llvm.global.annotations entry, GEPs
; into literal structs and by bytes.
; RUN: %opt_ag -passes=atomicguard-fields,atomicguard -atomicguard-strict -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --allow-empty --implicit-check-not=error: --implicit-check-not=warning:

@g = global i32 0
@other = private constant [6 x i8] c"other\00", section "llvm.metadata"
@.f = private constant [4 x i8] c"t.c\00", section "llvm.metadata"
@.pub = private constant [27 x i8] c"atomicguard.intent:publish\00", section "llvm.metadata"
@llvm.global.annotations = appending global [2 x { ptr, ptr }] [
  { ptr, ptr } { ptr @g, ptr @.pub },
  { ptr, ptr } { ptr @f, ptr @other }], section "llvm.metadata"

define void @f(ptr %arg, ptr %str, ptr %o) {
  call void @llvm.var.annotation.p0.p0(ptr %arg, ptr @.pub, ptr @.f, i32 1, ptr null)
  call void @llvm.var.annotation.p0.p0(ptr %arg, ptr %str, ptr @.f, i32 1, ptr null)
  %a = call ptr @llvm.ptr.annotation.p0.p0(ptr %arg, ptr @.pub, ptr @.f, i32 2, ptr null)
  %b = call ptr @llvm.ptr.annotation.p0.p0(ptr %a, ptr %str, ptr @.f, i32 2, ptr null)
  %c = call ptr @llvm.ptr.annotation.p0.p0(ptr %b, ptr @other, ptr @.f, i32 2, ptr null)
  store atomic i32 1, ptr %c seq_cst, align 4
  %n = call i32 @llvm.annotation.i32.p0(i32 0, ptr %str, ptr @.f, i32 3)
  %lit = getelementptr { i32, i32 }, ptr %o, i32 0, i32 1
  store atomic i32 1, ptr %lit seq_cst, align 4
  %op = getelementptr i8, ptr %o, i64 4
  store atomic i32 1, ptr %op seq_cst, align 4
  ret void
}

declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare ptr @llvm.ptr.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare i32 @llvm.annotation.i32.p0(i32, ptr, ptr, i32)

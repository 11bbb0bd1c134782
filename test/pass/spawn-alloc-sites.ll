; before_spawn(site) goes immediately before each spawn call (site kind 10 at
; the call's location); note_alloc(result, site) goes immediately after each
; direct call to malloc, calloc, realloc, aligned_alloc, memalign, valloc,
; pvalloc, strdup and strndup (site kind 9), whatever happens to the block
; later. Other functions, invokes and musttail calls get nothing.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s

; CHECK-DAG: @[[FILE:ag\.str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"alloc.c\00"
; CHECK-DAG: @[[FN:ag\.str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"main\00"
; CHECK-DAG: @[[SPAWN:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[FN]], ptr null, i32 9, i32 3, i8 10, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[MALLOC:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[FN]], ptr null, i32 4, i32 12, i8 9, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }

define i32 @main(ptr %s) !dbg !5 {
; CHECK-LABEL: define i32 @main(
; CHECK-NEXT:    %t = alloca i64
; CHECK-NEXT:    call void @__atomicguard_local_begin(ptr %t, i64 8, ptr null)
; CHECK-NEXT:    %m = call ptr @malloc(i64 8), !dbg
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %m, ptr @[[MALLOC]]), !dbg
; CHECK-NEXT:    %c = call ptr @calloc(i64 1, i64 8)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %c, ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    %r = call ptr @realloc(ptr %m, i64 16)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %r,
; CHECK-NEXT:    %a = call ptr @aligned_alloc(i64 64, i64 64)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %a,
; CHECK-NEXT:    %ma = call ptr @memalign(i64 64, i64 64)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %ma,
; CHECK-NEXT:    %v = call ptr @valloc(i64 64)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %v,
; CHECK-NEXT:    %pv = call ptr @pvalloc(i64 64)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %pv,
; CHECK-NEXT:    %d = call ptr @strdup(ptr %s)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %d,
; CHECK-NEXT:    %dn = call ptr @strndup(ptr %s, i64 3)
; CHECK-NEXT:    call void @__atomicguard_note_alloc(ptr %dn,
; CHECK-NEXT:    %o = call ptr @my_alloc(i64 8)
; CHECK-NOT:     __atomicguard_note_alloc
; CHECK:         call void @__atomicguard_before_spawn(ptr @[[SPAWN]]), !dbg
; CHECK-NEXT:    %rc = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %m), !dbg
; CHECK-NEXT:    ret i32 %rc
  %t = alloca i64
  %m = call ptr @malloc(i64 8), !dbg !7
  %c = call ptr @calloc(i64 1, i64 8)
  %r = call ptr @realloc(ptr %m, i64 16)
  %a = call ptr @aligned_alloc(i64 64, i64 64)
  %ma = call ptr @memalign(i64 64, i64 64)
  %v = call ptr @valloc(i64 64)
  %pv = call ptr @pvalloc(i64 64)
  %d = call ptr @strdup(ptr %s)
  %dn = call ptr @strndup(ptr %s, i64 3)
  %o = call ptr @my_alloc(i64 8)
  %rc = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %m), !dbg !8
  ret i32 %rc
}

define ptr @tail(i64 %n) {
; CHECK-LABEL: define ptr @tail(
; CHECK-NOT:     __atomicguard
; CHECK:         %p = musttail call ptr @malloc(i64 %n)
; CHECK-NEXT:    ret ptr %p
  %p = musttail call ptr @malloc(i64 %n)
  ret ptr %p
}

define internal ptr @worker(ptr %arg) {
  ret ptr null
}

declare ptr @malloc(i64)
declare ptr @calloc(i64, i64)
declare ptr @realloc(ptr, i64)
declare ptr @aligned_alloc(i64, i64)
declare ptr @memalign(i64, i64)
declare ptr @valloc(i64)
declare ptr @pvalloc(i64)
declare ptr @strdup(ptr)
declare ptr @strndup(ptr, i64)
declare ptr @my_alloc(i64)
declare i32 @pthread_create(ptr, ptr, ptr, ptr)

; CHECK-DAG: declare void @__atomicguard_note_alloc(ptr, ptr)
; CHECK-DAG: declare void @__atomicguard_before_spawn(ptr)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "alloc.c", directory: "/src")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !DISubroutineType(types: !4)
!4 = !{null}
!5 = distinct !DISubprogram(name: "main", scope: !1, file: !1, line: 2, type: !3, scopeLine: 2, spFlags: DISPFlagDefinition, unit: !0)
!7 = !DILocation(line: 4, column: 12, scope: !5)
!8 = !DILocation(line: 9, column: 3, scope: !5)

; With debug info, descriptors carry source names and positions:
;  - ag_var of a global: DIGlobalVariable name, file and line (kind 1);
;  - ag_var of an escaping local: its dbg_declare variable, with the function
;    (kind 3), passed to local_begin and referenced by its sites;
;  - ag_site: the DILocation's file, line and column, and the function of its
;    (innermost, possibly inlined) scope by its source name. An instruction
;    without a location gets line 0 and its function's file.
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -S %s | FileCheck %s

source_filename = "ignored-when-debug-info.c"

@counter = global i32 0, !dbg !20

; CHECK-DAG: @[[FILE:ag\.str[.0-9]*]] = private unnamed_addr constant [10 x i8] c"src/dbg.c\00"
; CHECK-DAG: @[[WORKER:ag\.str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"worker\00"
; CHECK-DAG: @[[MAIN:ag\.str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"main\00"
; CHECK-DAG: @[[BUMP:ag\.str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"bump\00"
; CHECK-DAG: @[[NCOUNTER:ag\.str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"counter\00"
; CHECK-DAG: @[[NLOCAL:ag\.str[.0-9]*]] = private unnamed_addr constant [13 x i8] c"shared_local\00"
; CHECK-DAG: @[[VCOUNTER:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NCOUNTER]], ptr @[[FILE]], ptr null, i32 2, i8 1, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[VLOCAL:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NLOCAL]], ptr @[[FILE]], ptr @[[MAIN]], i32 13, i8 3, i8 0, i16 0, ptr null, i64 4 }
; The read of counter in worker (IR name _worker_impl), line 7 column 10:
; CHECK-DAG: @[[S_READ:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[WORKER]], ptr @[[VCOUNTER]], i32 7, i32 10, i8 0, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; The same write, inlined from bump (line 20, column 5):
; CHECK-DAG: @[[S_INLINED:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[BUMP]], ptr @[[VCOUNTER]], i32 20, i32 5, i8 1, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; A write without a location:
; CHECK-DAG: @[[S_NOLOC:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[WORKER]], ptr @[[VCOUNTER]], i32 0, i32 0, i8 1, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; The store to the escaping local in main, line 13 column 7:
; CHECK-DAG: @[[S_LOCAL:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[MAIN]], ptr @[[VLOCAL]], i32 13, i32 7, i8 1, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[S_SPAWN:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[MAIN]], ptr null, i32 15, i32 3, i8 10,

define ptr @_worker_impl(ptr %arg) !dbg !10 {
; CHECK-LABEL: define ptr @_worker_impl(
; CHECK-NEXT:    call void @__atomicguard_read(ptr @counter, ptr @[[S_READ]]), !dbg [[L7:![0-9]+]]
; CHECK-NEXT:    %v = load i32, ptr @counter, align 4, !dbg [[L7]]
; CHECK-NEXT:    %n = add i32 %v, 1
; CHECK-NEXT:    call void @__atomicguard_write(ptr @counter, ptr @[[S_INLINED]]), !dbg [[L20:![0-9]+]]
; CHECK-NEXT:    store i32 %n, ptr @counter, align 4, !dbg [[L20]]
; CHECK-NEXT:    call void @__atomicguard_write(ptr @counter, ptr @[[S_NOLOC]]){{$}}
; CHECK-NEXT:    store i32 %n, ptr @counter, align 4{{$}}
  %v = load i32, ptr @counter, align 4, !dbg !14
  %n = add i32 %v, 1
  store i32 %n, ptr @counter, align 4, !dbg !17
  store i32 %n, ptr @counter, align 4
  ret ptr null
}

define i32 @main() !dbg !30 {
; CHECK-LABEL: define i32 @main()
; CHECK-NEXT:    %t = alloca i64
; CHECK-NEXT:    %shared_local = alloca i32
; CHECK-NEXT:      #dbg_declare(ptr %t
; CHECK-NEXT:      #dbg_declare(ptr %shared_local
; CHECK-NEXT:    call void @__atomicguard_local_begin(ptr %t, i64 8, ptr @{{ag\.var[.0-9]*}})
; CHECK-NEXT:    call void @__atomicguard_local_begin(ptr %shared_local, i64 4, ptr @[[VLOCAL]])
; CHECK-NEXT:    call void @__atomicguard_write(ptr %shared_local, ptr @[[S_LOCAL]]), !dbg
; CHECK-NEXT:    store i32 0, ptr %shared_local
; CHECK-NEXT:    call void @__atomicguard_before_spawn(ptr @[[S_SPAWN]]), !dbg
; CHECK-NOT:     __atomicguard
; CHECK:         ret i32 0
  %t = alloca i64, align 8
  %shared_local = alloca i32, align 4
    #dbg_declare(ptr %t, !35, !DIExpression(), !37)
    #dbg_declare(ptr %shared_local, !33, !DIExpression(), !34)
  store i32 0, ptr %shared_local, align 4, !dbg !34
  %r = call i32 @pthread_create(ptr %t, ptr null, ptr @_worker_impl, ptr %shared_local), !dbg !36
  ret i32 0
}

declare i32 @pthread_create(ptr, ptr, ptr, ptr)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug, globals: !3)
!1 = !DIFile(filename: "src/dbg.c", directory: "/work")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !{!20}
!4 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!5 = !DISubroutineType(types: !6)
!6 = !{null}
!10 = distinct !DISubprogram(name: "worker", linkageName: "_worker_impl", scope: !1, file: !1, line: 4, type: !5, scopeLine: 4, spFlags: DISPFlagDefinition, unit: !0)
!14 = !DILocation(line: 7, column: 10, scope: !10)
!15 = distinct !DISubprogram(name: "bump", scope: !1, file: !1, line: 19, type: !5, scopeLine: 19, spFlags: DISPFlagDefinition, unit: !0)
!16 = distinct !DILocation(line: 8, column: 3, scope: !10)
!17 = !DILocation(line: 20, column: 5, scope: !15, inlinedAt: !16)
!20 = !DIGlobalVariableExpression(var: !21, expr: !DIExpression())
!21 = distinct !DIGlobalVariable(name: "counter", scope: !0, file: !1, line: 2, type: !4, isLocal: false, isDefinition: true)
!30 = distinct !DISubprogram(name: "main", scope: !1, file: !1, line: 11, type: !5, scopeLine: 11, spFlags: DISPFlagDefinition, unit: !0)
!33 = !DILocalVariable(name: "shared_local", scope: !30, file: !1, line: 13, type: !4)
!34 = !DILocation(line: 13, column: 7, scope: !30)
!35 = !DILocalVariable(name: "t", scope: !30, file: !1, line: 14, type: !4)
!36 = !DILocation(line: 15, column: 3, scope: !30)
!37 = !DILocation(line: 14, column: 13, scope: !30)

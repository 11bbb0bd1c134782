; With debug info, a static local is the DIGlobalVariable whose scope is a
; function (or a block inside one): kind 2 (STATIC_LOCAL) with that function's
; source name, its file and line. The IR name does not matter.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK

@next_id.calls = internal global i32 0, !dbg !20
@renamed = internal global i64 0, !dbg !23

; CHECK-DAG: @[[FILE:ag\.str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"stat.c\00"
; CHECK-DAG: @[[FN:ag\.str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"next_id\00"
; CHECK-DAG: @[[NCALLS:ag\.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"calls\00"
; CHECK-DAG: @[[NNESTED:ag\.str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"nested\00"
; CHECK-DAG: @[[VCALLS:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NCALLS]], ptr @[[FILE]], ptr @[[FN]], i32 3, i8 2, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[VNESTED:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NNESTED]], ptr @[[FILE]], ptr @[[FN]], i32 6, i8 2, i8 0, i16 0, ptr null, i64 8 }
; CHECK-DAG: @ag.globals = private constant [2 x %struct.ag_global] [%struct.ag_global { ptr @next_id.calls, ptr @[[VCALLS]] }, %struct.ag_global { ptr @renamed, ptr @[[VNESTED]] }]

define i32 @next_id() !dbg !10 {
; CHECK-LABEL: define i32 @next_id()
; CHECK-NEXT:    call void @__atomicguard_read(ptr @next_id.calls,
; CHECK-NEXT:    %a = load i32, ptr @next_id.calls
; CHECK-NEXT:    call void @__atomicguard_read(ptr @renamed,
; CHECK-NEXT:    %b = load i64, ptr @renamed
; CHECK-NOT:     __atomicguard
; CHECK:         ret i32
  %a = load i32, ptr @next_id.calls, !dbg !14
  %b = load i64, ptr @renamed, !dbg !14
  ret i32 %a
}

; Remarks point at the declaration.
; REMARK-DAG: remark: stat.c:3:0: 'calls' is shared: it is accessed from externally visible function 'next_id'
; REMARK-DAG: remark: stat.c:6:0: 'nested' is shared: it is accessed from externally visible function 'next_id'

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug, globals: !3)
!1 = !DIFile(filename: "stat.c", directory: "/work")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !{!20, !23}
!4 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!5 = !DISubroutineType(types: !6)
!6 = !{null}
!10 = distinct !DISubprogram(name: "next_id", scope: !1, file: !1, line: 2, type: !5, scopeLine: 2, spFlags: DISPFlagDefinition, unit: !0)
!11 = distinct !DILexicalBlock(scope: !10, file: !1, line: 5, column: 3)
!14 = !DILocation(line: 8, column: 3, scope: !10)
!20 = !DIGlobalVariableExpression(var: !21, expr: !DIExpression())
!21 = distinct !DIGlobalVariable(name: "calls", scope: !10, file: !1, line: 3, type: !4, isLocal: true, isDefinition: true)
!23 = !DIGlobalVariableExpression(var: !24, expr: !DIExpression())
!24 = distinct !DIGlobalVariable(name: "nested", scope: !11, file: !1, line: 6, type: !4, isLocal: true, isDefinition: true)

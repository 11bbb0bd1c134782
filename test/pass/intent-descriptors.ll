; Declared intents reach the runtime: every ag_var carries its variable's
; intent and rationale (AG_BENIGN_RACE), and every ag_site the intent of the
; variable or field it accesses (enum ag_intent: 1 publish, 2 counter,
; 3 seq_cst, 4 benign). Field intents come from clang's llvm.ptr.annotation,
; whose field the atomicguard-fields pass names while the struct GEP exists.
; RUN: %opt_ag -passes=atomicguard-fields,atomicguard -S %s | FileCheck %s

%struct.conn = type { i32, i32 }

@ready = global i32 0
@hits = global i64 0
@progress = global i64 0
@plain = global i32 0
@.s.publish = private constant [27 x i8] c"atomicguard.intent:publish\00", section "llvm.metadata"
@.s.counter = private constant [27 x i8] c"atomicguard.intent:counter\00", section "llvm.metadata"
@.s.seq = private constant [27 x i8] c"atomicguard.intent:seq_cst\00", section "llvm.metadata"
@.s.benign = private constant [39 x i8] c"atomicguard.benign:stale values are ok\00", section "llvm.metadata"
@.s.file = private constant [4 x i8] c"t.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [3 x { ptr, ptr, ptr, i32, ptr }] [
  { ptr, ptr, ptr, i32, ptr } { ptr @ready, ptr @.s.publish, ptr @.s.file, i32 1, ptr null },
  { ptr, ptr, ptr, i32, ptr } { ptr @hits, ptr @.s.counter, ptr @.s.file, i32 2, ptr null },
  { ptr, ptr, ptr, i32, ptr } { ptr @progress, ptr @.s.benign, ptr @.s.file, i32 3, ptr null }], section "llvm.metadata"

; CHECK-DAG: @[[NREADY:ag\.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"ready\00"
; CHECK-DAG: @[[NHITS:ag\.str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"hits\00"
; CHECK-DAG: @[[NPROG:ag\.str[.0-9]*]] = private unnamed_addr constant [9 x i8] c"progress\00"
; CHECK-DAG: @[[NPLAIN:ag\.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"plain\00"
; CHECK-DAG: @[[NLOC:ag\.str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"loc\00"
; CHECK-DAG: @[[WHY:ag\.str[.0-9]*]] = private unnamed_addr constant [20 x i8] c"stale values are ok\00"
; CHECK-DAG: @[[VREADY:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NREADY]], ptr @{{.*}}, ptr null, i32 0, i8 1, i8 1, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[VHITS:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NHITS]], ptr @{{.*}}, ptr null, i32 0, i8 1, i8 2, i16 0, ptr null, i64 8 }
; CHECK-DAG: @[[VPROG:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NPROG]], ptr @{{.*}}, ptr null, i32 0, i8 1, i8 4, i16 0, ptr @[[WHY]], i64 8 }
; CHECK-DAG: @[[VPLAIN:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NPLAIN]], ptr @{{.*}}, ptr null, i32 0, i8 1, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[VLOC:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NLOC]], ptr @{{.*}}, ptr @{{.*}}, i32 9, i8 3, i8 3, i16 0, ptr null, i64 4 }
; Sites: kind, order, order_fail, size, rmw_op, flags, intent, reserved.
; CHECK-DAG: @[[SREADY:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VREADY]], i32 0, i32 0, i8 5, i8 3, i8 0, i8 4, i8 0, i8 0, i8 1, i8 0 }
; CHECK-DAG: @[[SHITS:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VHITS]], i32 0, i32 0, i8 6, i8 0, i8 0, i8 8, i8 1, i8 0, i8 2, i8 0 }
; CHECK-DAG: @[[SPROG:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VPROG]], i32 0, i32 0, i8 1, i8 0, i8 0, i8 8, i8 0, i8 0, i8 4, i8 0 }
; CHECK-DAG: @[[SPLAIN:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VPLAIN]], i32 0, i32 0, i8 0, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[SFIELD:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr null, i32 0, i32 0, i8 4, i8 2, i8 0, i8 4, i8 0, i8 0, i8 1, i8 0 }
; CHECK-DAG: @[[SOTHER:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr null, i32 0, i32 0, i8 0, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }
; memcpy(&hits, &progress, 8): the source range is benign, the destination a counter.
; CHECK-DAG: @[[SSRC:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VPROG]], i32 0, i32 0, i8 2, i8 0, i8 0, i8 0, i8 0, i8 0, i8 4, i8 0 }
; CHECK-DAG: @[[SDST:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VHITS]], i32 0, i32 0, i8 3, i8 0, i8 0, i8 0, i8 0, i8 0, i8 2, i8 0 }
; CHECK-DAG: @[[SLOC:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @{{.*}}, ptr @{{.*}}, ptr @[[VLOC]], i32 9, i32 3, i8 5, i8 5, i8 0, i8 4, i8 0, i8 0, i8 3, i8 0 }

define void @f(ptr %c) {
; CHECK-LABEL: define void @f(
; CHECK: call void @__atomicguard_atomic_store(ptr @ready, i64 1, ptr @[[SREADY]])
; CHECK: call i64 @__atomicguard_atomic_rmw(ptr @hits, i64 1, ptr @[[SHITS]])
; CHECK: call void @__atomicguard_write(ptr @progress, ptr @[[SPROG]])
; CHECK: call void @__atomicguard_read(ptr @plain, ptr @[[SPLAIN]])
; CHECK: call i64 @__atomicguard_atomic_load(ptr %ann, ptr @[[SFIELD]])
; CHECK: call void @__atomicguard_read(ptr %other, ptr @[[SOTHER]])
; CHECK: call void @__atomicguard_read_range(ptr @progress, i64 8, ptr @[[SSRC]])
; CHECK: call void @__atomicguard_write_range(ptr @hits, i64 8, ptr @[[SDST]])
  store atomic i32 1, ptr @ready release, align 4
  %h = atomicrmw add ptr @hits, i64 1 monotonic
  store i64 1, ptr @progress
  %p = load i32, ptr @plain
  %state = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 1
  %ann = call ptr @llvm.ptr.annotation.p0.p0(ptr %state, ptr @.s.publish, ptr @.s.file, i32 5, ptr null)
  %s = load atomic i32, ptr %ann acquire, align 4
  %other = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 0
  %o = load i32, ptr %other
  call void @llvm.memcpy.p0.p0.i64(ptr @hits, ptr @progress, i64 8, i1 false)
  ret void
}

declare void @take(ptr)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @g() !dbg !5 {
; CHECK-LABEL: define void @g(
; CHECK: call void @__atomicguard_atomic_store(ptr %loc, i64 2, ptr @[[SLOC]])
  %loc = alloca i32, align 4
    #dbg_declare(ptr %loc, !8, !DIExpression(), !10)
  call void @llvm.var.annotation.p0.p0(ptr %loc, ptr @.s.seq, ptr @.s.file, i32 9, ptr null)
  call void @take(ptr %loc)
  store atomic i32 2, ptr %loc seq_cst, align 4, !dbg !11
  ret void
}

declare ptr @llvm.ptr.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "t.c", directory: "/d")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "g", scope: !1, file: !1, line: 8, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !{null})
!7 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!8 = !DILocalVariable(name: "loc", scope: !5, file: !1, line: 9, type: !9)
!9 = !DIDerivedType(tag: DW_TAG_atomic_type, baseType: !7)
!10 = !DILocation(line: 9, column: 3, scope: !5)
!11 = !DILocation(line: 9, column: 3, scope: !5)

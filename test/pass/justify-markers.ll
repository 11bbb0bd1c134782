; AG_JUSTIFY's markers: an atomic operation is justified when the nearest
; marker before it -- earlier in its block, else in the closest dominating
; block -- is a begin marker ("atomicguard.justify:<why>"); an end marker
; ("atomicguard.justify.end") closes the region.
; RUN: %opt_ag -passes=atomicguard -atomicguard-strict -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --implicit-check-not=warning:

@x = global i32 0
@.why = private constant [28 x i8] c"atomicguard.justify:a reason", section "llvm.metadata"
@.end = private constant [24 x i8] c"atomicguard.justify.end\00", section "llvm.metadata"
@.file = private constant [4 x i8] c"t.c\00", section "llvm.metadata"

define void @f(i1 %c) !dbg !5 {
entry:
  %b = call i32 @llvm.annotation.i32.p0(i32 0, ptr @.why, ptr @.file, i32 1)
  store atomic i32 1, ptr @x monotonic, align 4, !dbg !10
  br i1 %c, label %then, label %join

then:
  ; dominated by the begin marker in entry: justified
  store atomic i32 2, ptr @x monotonic, align 4, !dbg !11
  %e = call i32 @llvm.annotation.i32.p0(i32 %b, ptr @.end, ptr @.file, i32 1)
  ; after the end marker: not justified
  store atomic i32 3, ptr @x monotonic, align 4, !dbg !12
  br label %join

join:
  ; the closest dominator is entry, whose last marker is the begin marker
  store atomic i32 4, ptr @x monotonic, align 4, !dbg !13
  ret void
}

define void @g() !dbg !14 {
  ; no marker at all
  store atomic i32 5, ptr @x release, align 4, !dbg !15
  ret void
}

; CHECK: warning: t.c:3:1: in function f {{.*}}: relaxed atomic store to 'x' is weaker than seq_cst and has neither a declared intent nor an AG_JUSTIFY rationale [atomicguard-strict]
; CHECK: warning: t.c:9:1: in function g {{.*}}: release atomic store to 'x' is weaker than seq_cst

declare i32 @llvm.annotation.i32.p0(i32, ptr, ptr, i32)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "t.c", directory: "/d")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !{null})
!10 = !DILocation(line: 1, column: 1, scope: !5)
!11 = !DILocation(line: 2, column: 1, scope: !5)
!12 = !DILocation(line: 3, column: 1, scope: !5)
!13 = !DILocation(line: 4, column: 1, scope: !5)
!14 = distinct !DISubprogram(name: "g", scope: !1, file: !1, line: 8, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!15 = !DILocation(line: 9, column: 1, scope: !14)

; Atomics the runtime cannot perform are left exactly as they are, with a
; missed remark at their location: sizes other than 1, 2, 4 and 8 bytes
; (i128), atomicrmw operations without a runtime code (uinc_wrap, udec_wrap,
; usub_cond, usub_sat, fmaximum, fminimum) and float operations on types
; other than float and double. Calls to libatomic (__atomic_load, ...), which
; clang emits for atomics of other sizes or alignments, are not instrumented
; either.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s --implicit-check-not=__atomicguard
; RUN: %opt_ag -passes=atomicguard -pass-remarks-missed=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

define void @f(ptr %p, i128 %w, i32 %v, half %h, float %f) !dbg !5 {
; CHECK-LABEL: define void @f(
; CHECK-NEXT:    %a = load atomic i128, ptr %p seq_cst, align 16
; CHECK-NEXT:    store atomic i128 %w, ptr %p release, align 16
; CHECK-NEXT:    %b = atomicrmw add ptr %p, i128 %w seq_cst
; CHECK-NEXT:    %c = cmpxchg ptr %p, i128 %w, i128 %a seq_cst seq_cst
; CHECK-NEXT:    %d = atomicrmw uinc_wrap ptr %p, i32 %v seq_cst
; CHECK-NEXT:    %e = atomicrmw udec_wrap ptr %p, i32 %v seq_cst
; CHECK-NEXT:    %g = atomicrmw usub_cond ptr %p, i32 %v seq_cst
; CHECK-NEXT:    %i = atomicrmw usub_sat ptr %p, i32 %v seq_cst
; CHECK-NEXT:    %j = atomicrmw fmaximum ptr %p, float %f seq_cst
; CHECK-NEXT:    %k = atomicrmw fminimum ptr %p, float %f seq_cst
; CHECK-NEXT:    %l = atomicrmw fadd ptr %p, half %h seq_cst
; CHECK-NEXT:    call void @__atomic_load(i64 24, ptr %p, ptr %p, i32 5)
; CHECK-NEXT:    ret void
  %a = load atomic i128, ptr %p seq_cst, align 16, !dbg !7
  store atomic i128 %w, ptr %p release, align 16, !dbg !8
  %b = atomicrmw add ptr %p, i128 %w seq_cst, !dbg !9
  %c = cmpxchg ptr %p, i128 %w, i128 %a seq_cst seq_cst, !dbg !10
  %d = atomicrmw uinc_wrap ptr %p, i32 %v seq_cst, !dbg !11
  %e = atomicrmw udec_wrap ptr %p, i32 %v seq_cst
  %g = atomicrmw usub_cond ptr %p, i32 %v seq_cst
  %i = atomicrmw usub_sat ptr %p, i32 %v seq_cst
  %j = atomicrmw fmaximum ptr %p, float %f seq_cst
  %k = atomicrmw fminimum ptr %p, float %f seq_cst
  %l = atomicrmw fadd ptr %p, half %h seq_cst
  call void @__atomic_load(i64 24, ptr %p, ptr %p, i32 5)
  ret void
}

declare void @__atomic_load(i64, ptr, ptr, i32)

; REMARK:      remark: atom.c:3:7: 16-byte atomic load is not instrumented: only 1, 2, 4 and 8-byte atomics are
; REMARK-NEXT: remark: atom.c:4:7: 16-byte atomic store is not instrumented: only 1, 2, 4 and 8-byte atomics are
; REMARK-NEXT: remark: atom.c:5:7: 16-byte atomicrmw is not instrumented: only 1, 2, 4 and 8-byte atomics are
; REMARK-NEXT: remark: atom.c:6:7: 16-byte cmpxchg is not instrumented: only 1, 2, 4 and 8-byte atomics are
; REMARK-NEXT: remark: atom.c:7:7: atomicrmw uinc_wrap is not instrumented: the runtime has no such operation
; REMARK-NEXT: remark: atom.c:2:0: atomicrmw udec_wrap is not instrumented: the runtime has no such operation
; REMARK-NEXT: remark: atom.c:2:0: atomicrmw usub_cond is not instrumented: the runtime has no such operation
; REMARK-NEXT: remark: atom.c:2:0: atomicrmw usub_sat is not instrumented: the runtime has no such operation
; REMARK-NEXT: remark: atom.c:2:0: atomicrmw fmaximum is not instrumented: the runtime has no such operation
; REMARK-NEXT: remark: atom.c:2:0: atomicrmw fminimum is not instrumented: the runtime has no such operation
; REMARK-NEXT: remark: atom.c:2:0: atomicrmw fadd is not instrumented: only float and double are
; REMARK-NEXT: remark: atom.c:2:0: libatomic call '__atomic_load' is not instrumented
; REMARK-NOT:  remark

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "atom.c", directory: "/src")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !DISubroutineType(types: !4)
!4 = !{null}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 2, type: !3, scopeLine: 2, spFlags: DISPFlagDefinition, unit: !0)
!7 = !DILocation(line: 3, column: 7, scope: !5)
!8 = !DILocation(line: 4, column: 7, scope: !5)
!9 = !DILocation(line: 5, column: 7, scope: !5)
!10 = !DILocation(line: 6, column: 7, scope: !5)
!11 = !DILocation(line: 7, column: 7, scope: !5)

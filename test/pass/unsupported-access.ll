; Shapes the runtime cannot check are skipped with a missed remark at their
; location: scalable vectors, accesses outside address space 0, and masked or
; gather/scatter vector intrinsics. Nothing is inserted for them.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s --implicit-check-not=__atomicguard
; RUN: %opt_ag -passes=atomicguard -pass-remarks-missed=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

define void @f(ptr %p, ptr addrspace(1) %q, <4 x ptr> %ps, <4 x i1> %m) !dbg !5 {
; CHECK-LABEL: define void @f(
; CHECK-NEXT:    %s = load <vscale x 4 x i32>, ptr %p
; CHECK-NEXT:    store <vscale x 4 x i32> %s, ptr %p
; CHECK-NEXT:    %a = load i32, ptr addrspace(1) %q
; CHECK-NEXT:    store i32 %a, ptr addrspace(1) %q
; CHECK-NEXT:    %b = atomicrmw add ptr addrspace(1) %q, i32 1 seq_cst
; CHECK-NEXT:    %ml = call <4 x i32> @llvm.masked.load.v4i32.p0(ptr
; CHECK-NEXT:    call void @llvm.masked.store.v4i32.p0(<4 x i32> %ml, ptr
; CHECK-NEXT:    %g = call <4 x i32> @llvm.masked.gather.v4i32.v4p0(<4 x ptr>
; CHECK-NEXT:    call void @llvm.masked.scatter.v4i32.v4p0(<4 x i32> %g, <4 x ptr>
; CHECK-NEXT:    ret void
  %s = load <vscale x 4 x i32>, ptr %p, !dbg !7
  store <vscale x 4 x i32> %s, ptr %p, !dbg !8
  %a = load i32, ptr addrspace(1) %q, !dbg !9
  store i32 %a, ptr addrspace(1) %q, !dbg !9
  %b = atomicrmw add ptr addrspace(1) %q, i32 1 seq_cst, !dbg !9
  %ml = call <4 x i32> @llvm.masked.load.v4i32.p0(ptr align 4 %p, <4 x i1> %m, <4 x i32> poison), !dbg !10
  call void @llvm.masked.store.v4i32.p0(<4 x i32> %ml, ptr align 4 %p, <4 x i1> %m), !dbg !10
  %g = call <4 x i32> @llvm.masked.gather.v4i32.v4p0(<4 x ptr> align 4 %ps, <4 x i1> %m, <4 x i32> poison), !dbg !10
  call void @llvm.masked.scatter.v4i32.v4p0(<4 x i32> %g, <4 x ptr> align 4 %ps, <4 x i1> %m), !dbg !10
  ret void
}

; swifterror values may only be loaded, stored or passed on: left alone, with
; no remark (C code has none).
define void @swift(ptr swifterror %err) {
; CHECK-LABEL: define void @swift(
; CHECK-NEXT:    %e = alloca swifterror ptr
; CHECK-NEXT:    store ptr null, ptr %e
; CHECK-NEXT:    store ptr null, ptr %err
; CHECK-NEXT:    call void @takes_error(ptr swifterror %e)
  %e = alloca swifterror ptr
  store ptr null, ptr %e
  store ptr null, ptr %err
  call void @takes_error(ptr swifterror %e)
  ret void
}

declare void @takes_error(ptr swifterror)
declare <4 x i32> @llvm.masked.load.v4i32.p0(ptr, <4 x i1>, <4 x i32>)
declare void @llvm.masked.store.v4i32.p0(<4 x i32>, ptr, <4 x i1>)
declare <4 x i32> @llvm.masked.gather.v4i32.v4p0(<4 x ptr>, <4 x i1>, <4 x i32>)
declare void @llvm.masked.scatter.v4i32.v4p0(<4 x i32>, <4 x ptr>, <4 x i1>)

; REMARK:      remark: vec.c:3:5: scalable vector access is not instrumented
; REMARK-NEXT: remark: vec.c:4:5: scalable vector access is not instrumented
; REMARK-NEXT: remark: vec.c:5:9: access to address space 1 is not instrumented
; REMARK-NEXT: remark: vec.c:5:9: access to address space 1 is not instrumented
; REMARK-NEXT: remark: vec.c:5:9: access to address space 1 is not instrumented
; REMARK-NEXT: remark: vec.c:6:3: 'llvm.masked.load' is not instrumented
; REMARK-NEXT: remark: vec.c:6:3: 'llvm.masked.store' is not instrumented
; REMARK-NEXT: remark: vec.c:6:3: 'llvm.masked.gather' is not instrumented
; REMARK-NEXT: remark: vec.c:6:3: 'llvm.masked.scatter' is not instrumented
; REMARK-NOT:  remark

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "vec.c", directory: "/src")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !DISubroutineType(types: !4)
!4 = !{null}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 2, type: !3, scopeLine: 2, spFlags: DISPFlagDefinition, unit: !0)
!7 = !DILocation(line: 3, column: 5, scope: !5)
!8 = !DILocation(line: 4, column: 5, scope: !5)
!9 = !DILocation(line: 5, column: 9, scope: !5)
!10 = !DILocation(line: 6, column: 3, scope: !5)

; atomicguard-fields (run at pipeline start, while clang's GEPs still name
; struct fields) tags field accesses and field annotations with
; !atomicguard.field !{record, member}: member names from debug info (by
; offset), "<offset N>" without; s.arr[i] is the field arr; the first field
; of a named object, whose GEP clang folds away, is found from the object's
; type (the member declared on the annotation's line).
; RUN: %opt_ag -passes=atomicguard-fields -S %s | FileCheck %s

target datalayout = "e-m:e-i64:64-n8:16:32:64-S128"

%struct.outer = type { %struct.inner, [4 x i32], i64 }
%struct.inner = type { i32, i32 }
%struct.nodebug = type { i32, i64 }

@o = global %struct.outer zeroinitializer
@.s = private constant [27 x i8] c"atomicguard.intent:counter\00", section "llvm.metadata"
@.f = private constant [4 x i8] c"t.c\00", section "llvm.metadata"

define void @f(ptr %p, ptr %q, i64 %i) {
; CHECK-LABEL: define void @f(
; CHECK: load i64, ptr %last, align 8, !atomicguard.field ![[LAST:[0-9]+]]
; CHECK: store i32 1, ptr %elt, align 4, !atomicguard.field ![[ARR:[0-9]+]]
; CHECK: atomicrmw add ptr %second, i32 1 monotonic, align 4, !atomicguard.field ![[SECOND:[0-9]+]]
; CHECK: call ptr @llvm.ptr.annotation.p0.p0(ptr @o, {{.*}}), !atomicguard.field ![[FIRST:[0-9]+]]
; CHECK: load i64, ptr %nd, align 8, !atomicguard.field ![[ND:[0-9]+]]
; CHECK: load i32, ptr %p, align 4{{$}}
  %last = getelementptr inbounds %struct.outer, ptr %p, i32 0, i32 2
  %a = load i64, ptr %last, align 8
  %elt = getelementptr inbounds %struct.outer, ptr %p, i32 0, i32 1, i64 %i
  store i32 1, ptr %elt, align 4
  %in = getelementptr inbounds %struct.outer, ptr %p, i32 0, i32 0
  %second = getelementptr inbounds %struct.inner, ptr %in, i32 0, i32 1
  %r = atomicrmw add ptr %second, i32 1 monotonic, align 4
  %first = call ptr @llvm.ptr.annotation.p0.p0(ptr @o, ptr @.s, ptr @.f, i32 4, ptr null)
  %nd = getelementptr inbounds %struct.nodebug, ptr %q, i32 0, i32 1
  %b = load i64, ptr %nd, align 8
  %c = load i32, ptr %p, align 4
  ret void
}

; CHECK-DAG: ![[LAST]] = !{!"outer", !"total"}
; CHECK-DAG: ![[ARR]] = !{!"outer", !"arr"}
; CHECK-DAG: ![[SECOND]] = !{!"inner", !"y"}
; CHECK-DAG: ![[FIRST]] = !{!"inner", !"x"}
; CHECK-DAG: ![[ND]] = !{!"nodebug", !"<offset 8>"}

declare ptr @llvm.ptr.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug, retainedTypes: !{!10})
!1 = !DIFile(filename: "t.c", directory: "/d")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!5 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!10 = !DICompositeType(tag: DW_TAG_structure_type, name: "outer", file: !1, line: 1, size: 256, elements: !{!11, !12, !13})
!11 = !DIDerivedType(tag: DW_TAG_member, name: "in", scope: !10, file: !1, line: 2, baseType: !20, size: 64)
!12 = !DIDerivedType(tag: DW_TAG_member, name: "arr", scope: !10, file: !1, line: 3, baseType: !4, size: 128, offset: 64)
!13 = !DIDerivedType(tag: DW_TAG_member, name: "total", scope: !10, file: !1, line: 5, baseType: !5, size: 64, offset: 192)
!20 = !DICompositeType(tag: DW_TAG_structure_type, name: "inner", file: !1, line: 3, size: 64, elements: !{!21, !22})
!21 = !DIDerivedType(tag: DW_TAG_member, name: "x", scope: !20, file: !1, line: 4, baseType: !4, size: 32)
!22 = !DIDerivedType(tag: DW_TAG_member, name: "y", scope: !20, file: !1, line: 4, baseType: !4, size: 32, offset: 32)

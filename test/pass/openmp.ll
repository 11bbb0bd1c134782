; A call into the OpenMP runtime that hands code to other threads (parallel,
; teams, task) gets one warning per unit, at the first such call: the
; runtime does not model OpenMP's synchronization. Other __kmpc_ calls do
; not warn, and -atomicguard-disable-check=openmp silences it.
; RUN: %opt_ag -passes=atomicguard -disable-output %s 2>&1 | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -atomicguard-disable-check=openmp -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --allow-empty --check-prefix=OFF
; RUN: sed -e 's/@__kmpc_fork_call(/@__kmpc_fork_teams(/' %s \
; RUN:   | %opt_ag -passes=atomicguard -disable-output 2>&1 | FileCheck %s
; RUN: sed -e 's/call void (ptr, i32, ptr, ...) @__kmpc_fork_call(.*$//' %s \
; RUN:   | %opt_ag -passes=atomicguard -disable-output 2>&1 \
; RUN:   | FileCheck %s --check-prefix=TASK

; CHECK:     warning: omp.c:5:1: in function f {{.*}}: OpenMP constructs are not modeled: accesses that only the OpenMP runtime orders (a parallel region's fork and join, its barriers, critical sections and tasks) are reported as races [atomicguard-openmp]
; CHECK-NOT: warning:
; TASK:      warning: omp.c:9:1: in function f {{.*}}: OpenMP constructs are not modeled
; TASK-NOT:  warning:
; OFF-NOT:   warning:

@loc = private constant { i32, i32, i32, i32, ptr } zeroinitializer

define void @outlined(ptr %gtid, ptr %btid) {
  ret void
}

define void @f() !dbg !5 {
  %tid = call i32 @__kmpc_global_thread_num(ptr @loc), !dbg !8
  call void (ptr, i32, ptr, ...) @__kmpc_fork_call(ptr @loc, i32 0, ptr @outlined), !dbg !9
  call void (ptr, i32, ptr, ...) @__kmpc_fork_call(ptr @loc, i32 0, ptr @outlined), !dbg !10
  %t = call ptr @__kmpc_omp_task_alloc(ptr @loc, i32 %tid, i32 1, i64 40, i64 0, ptr @outlined), !dbg !11
  ret void
}

declare i32 @__kmpc_global_thread_num(ptr)
declare void @__kmpc_fork_call(ptr, i32, ptr, ...)
declare ptr @__kmpc_omp_task_alloc(ptr, i32, i32, i64, i64, ptr)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "omp.c", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 3, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 4, column: 1, scope: !5)
!9 = !DILocation(line: 5, column: 1, scope: !5)
!10 = !DILocation(line: 7, column: 1, scope: !5)
!11 = !DILocation(line: 9, column: 1, scope: !5)

; Spawn calls are pthread_create (routine = argument 2), thrd_create
; (argument 1), functions named by -atomicguard-spawners=a,b and functions
; annotated AG_SPAWNER ("atomicguard.spawner" in llvm.global.annotations),
; whose function arguments are all routines. Each spawn call gets
; before_spawn(site) right before it, and what the routines reach is shared.
; RUN: %opt_ag -passes=atomicguard -atomicguard-spawners=pool_submit,run_later \
; RUN:   -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s --check-prefix=NOOPT
; RUN: %opt_ag -passes=atomicguard -atomicguard-spawners=pool_submit,run_later \
; RUN:   -pass-remarks=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=NOOPT-REMARK

@.str = private unnamed_addr constant [20 x i8] c"atomicguard.spawner\00", section "llvm.metadata"
@.file = private unnamed_addr constant [7 x i8] c"pool.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @my_spawn, ptr @.str, ptr @.file, i32 3, ptr null }], section "llvm.metadata"

@by_pthread = internal global i32 0
@by_thrd = internal global i32 0
@by_option = internal global i32 0
@by_annotation = internal global i32 0

; Spawn sites: kind 10.
; CHECK-DAG: @[[SPAWN:ag\.site[.0-9]*]] = {{.*}}, i8 10, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0, i8 0 }

define internal ptr @pthread_routine(ptr %a) {
  store i32 1, ptr @by_pthread
  ret ptr null
}

define internal i32 @thrd_routine(ptr %a) {
  store i32 1, ptr @by_thrd
  ret i32 0
}

define internal void @pool_task(ptr %a) {
  store i32 1, ptr @by_option
  ret void
}

define internal void @annotated_task(ptr %a) {
  store i32 1, ptr @by_annotation
  ret void
}

define i32 @main() {
; CHECK-LABEL: define i32 @main()
; CHECK:         call void @__atomicguard_before_spawn(ptr @[[SPAWN]])
; CHECK-NEXT:    %1 = call i32 @pthread_create(ptr %t, ptr null, ptr @pthread_routine, ptr null)
; CHECK-NEXT:    call void @__atomicguard_before_spawn(ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    %2 = call i32 @thrd_create(ptr %t, ptr @thrd_routine, ptr null)
; CHECK-NEXT:    call void @__atomicguard_before_spawn(ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    call void @pool_submit(ptr @pool_task, ptr null)
; CHECK-NEXT:    call void @__atomicguard_before_spawn(ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    call void @my_spawn(i32 4, ptr @annotated_task)
; CHECK-NOT:     __atomicguard_before_spawn
; CHECK:         call void @other(ptr @pool_task)
; CHECK-NEXT:    call void @__atomicguard_read(ptr @by_pthread,
; CHECK-NEXT:    %a = load i32, ptr @by_pthread
; CHECK-NEXT:    call void @__atomicguard_read(ptr @by_thrd,
; CHECK-NEXT:    %b = load i32, ptr @by_thrd
; CHECK-NEXT:    call void @__atomicguard_read(ptr @by_option,
; CHECK-NEXT:    %c = load i32, ptr @by_option
; CHECK-NEXT:    call void @__atomicguard_read(ptr @by_annotation,
; CHECK-NEXT:    %d = load i32, ptr @by_annotation
; NOOPT-LABEL: define i32 @main()
; NOOPT:         call void @__atomicguard_before_spawn(
; NOOPT-NEXT:    call i32 @pthread_create(
; NOOPT-NEXT:    call void @__atomicguard_before_spawn(
; NOOPT-NEXT:    call i32 @thrd_create(
; NOOPT-NEXT:    call void @pool_submit(
; NOOPT-NEXT:    call void @__atomicguard_before_spawn(
; NOOPT-NEXT:    call void @my_spawn(
  %t = alloca i64
  call i32 @pthread_create(ptr %t, ptr null, ptr @pthread_routine, ptr null)
  call i32 @thrd_create(ptr %t, ptr @thrd_routine, ptr null)
  call void @pool_submit(ptr @pool_task, ptr null)
  call void @my_spawn(i32 4, ptr @annotated_task)
  call void @other(ptr @pool_task)
  %a = load i32, ptr @by_pthread
  %b = load i32, ptr @by_thrd
  %c = load i32, ptr @by_option
  %d = load i32, ptr @by_annotation
  %s1 = add i32 %a, %b
  %s2 = add i32 %c, %d
  %s = add i32 %s1, %s2
  ret i32 %s
}

declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare i32 @thrd_create(ptr, ptr, ptr)
declare void @pool_submit(ptr, ptr)
declare void @my_spawn(i32, ptr)
declare void @other(ptr)

; REMARK-DAG: 'by_pthread' is shared: it is accessed from thread routine 'pthread_routine'
; REMARK-DAG: 'by_thrd' is shared: it is accessed from thread routine 'thrd_routine'
; REMARK-DAG: 'by_option' is shared: it is accessed from thread routine 'pool_task'
; REMARK-DAG: 'by_annotation' is shared: it is accessed from thread routine 'annotated_task'
; Without the option, pool_task is only an address-taken function.
; NOOPT-REMARK: 'by_option' is shared: it is accessed from address-taken function 'pool_task'

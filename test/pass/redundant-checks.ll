; Checks that another check of the same bytes by the same thread covers are
; left out (with nothing that may synchronize in between), and the ones that
; must stay, stay. With -atomicguard-elide-redundant=false every access is
; checked. (Loop ranges are off: test/pass/loop-ranges.ll tests them.)
; RUN: %opt_ag -passes=atomicguard -atomicguard-coalesce-loops=false -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -atomicguard-coalesce-loops=false -atomicguard-elide-redundant=false -S %s \
; RUN:   | FileCheck %s --check-prefix=ALL
; RUN: %opt_ag -passes=atomicguard -atomicguard-coalesce-loops=false -pass-remarks=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK

@g = global i32 0
@h = global i64 0

declare void @unknown()
declare i32 @pure(i32) nosync memory(none)

; Reads before a write of the same bytes, a second write, and reads after a
; write are all covered by the one write check; so is a read after a call
; that cannot synchronize (nosync, touches no memory).
define i32 @repeat() {
; CHECK-LABEL: define i32 @repeat()
; CHECK-NEXT:  %a = load i32, ptr @g
; CHECK-NEXT:  %b = load i32, ptr @g
; CHECK-NEXT:  call void @__atomicguard_write(ptr @g
; CHECK-NEXT:  store i32 %b, ptr @g
; CHECK-NEXT:  %c = load i32, ptr @g
; CHECK-NEXT:  store i32 %c, ptr @g
; CHECK-NEXT:  %d = call i32 @pure(i32 %c)
; CHECK-NEXT:  %e = load i32, ptr @g
  %a = load i32, ptr @g
  %b = load i32, ptr @g
  store i32 %b, ptr @g
  %c = load i32, ptr @g
  store i32 %c, ptr @g
  %d = call i32 @pure(i32 %c)
  %e = load i32, ptr @g
  %s = add i32 %a, %e
  ret i32 %s
}

; n++: the read is covered by the write that follows it.
define void @increment() {
; CHECK-LABEL: define void @increment()
; CHECK-NEXT:  %n = load i32, ptr @g
; CHECK-NEXT:  %n1 = add i32 %n, 1
; CHECK-NEXT:  call void @__atomicguard_write(ptr @g
; CHECK-NEXT:  store i32 %n1, ptr @g
; ALL-LABEL:   define void @increment()
; ALL-NEXT:    call void @__atomicguard_read(ptr @g
  %n = load i32, ptr @g
  %n1 = add i32 %n, 1
  store i32 %n1, ptr @g
  ret void
}

; Anything that may synchronize ends what a check covers: a call to an
; unknown function, a fence, an atomic (even relaxed).
define void @barriers(ptr %p) {
; CHECK-LABEL: define void @barriers(ptr %p)
; CHECK:       call void @__atomicguard_read(ptr @g
; CHECK-NEXT:  %a = load i32, ptr @g
; CHECK-NEXT:  call void @unknown()
; CHECK-NEXT:  call void @__atomicguard_read(ptr @g
; CHECK-NEXT:  %b = load i32, ptr @g
; CHECK-NEXT:  call void @__atomicguard_fence(
; CHECK-NEXT:  fence release
; CHECK-NEXT:  call void @__atomicguard_read(ptr @g
; CHECK-NEXT:  %c = load i32, ptr @g
; CHECK-NEXT:  %{{[0-9]+}} = call i64 @__atomicguard_atomic_load(ptr %p
; CHECK:       call void @__atomicguard_read(ptr @g
; CHECK-NEXT:  %e = load i32, ptr @g
  %a = load i32, ptr @g
  call void @unknown()
  %b = load i32, ptr @g
  fence release
  %c = load i32, ptr @g
  %d = load atomic i32, ptr %p monotonic, align 4
  %e = load i32, ptr @g
  ret void
}

; A read does not cover a write (the write is checked; the read before it
; is covered by it), and a smaller write does not cover a larger read.
define void @weaker() {
; CHECK-LABEL: define void @weaker()
; CHECK-NEXT:  %a = load i32, ptr @h
; CHECK-NEXT:  call void @__atomicguard_write(ptr @h
; CHECK-NEXT:  store i32 1, ptr @h
; CHECK-NEXT:  call void @__atomicguard_read(ptr @h
; CHECK-NEXT:  %b = load i64, ptr @h
  %a = load i32, ptr @h
  store i32 1, ptr @h
  %b = load i64, ptr @h
  ret void
}

; Across blocks: a block with one predecessor inherits what is covered; a
; join (two predecessors) starts afresh.
define void @blocks(i1 %c) {
; CHECK-LABEL: define void @blocks(i1 %c)
; CHECK:       entry:
; CHECK-NEXT:    call void @__atomicguard_write(ptr @g
; CHECK-NEXT:    store i32 1, ptr @g
; CHECK:       then:
; CHECK-NEXT:    %a = load i32, ptr @g
; CHECK:       join:
; CHECK-NEXT:    call void @__atomicguard_read(ptr @g
; CHECK-NEXT:    %b = load i32, ptr @g
entry:
  store i32 1, ptr @g
  br i1 %c, label %then, label %join
then:
  %a = load i32, ptr @g
  br label %join
join:
  %b = load i32, ptr @g
  ret void
}

; In a loop the header has two predecessors: each iteration checks again.
define void @loop(i32 %n) {
; CHECK-LABEL: define void @loop(i32 %n)
; CHECK:       body:
; CHECK:         call void @__atomicguard_write(ptr @g
; CHECK-NEXT:    store i32 %i, ptr @g
entry:
  br label %body
body:
  %i = phi i32 [ 0, %entry ], [ %i1, %body ]
  store i32 %i, ptr @g
  %i1 = add i32 %i, 1
  %done = icmp eq i32 %i1, %n
  br i1 %done, label %exit, label %body
exit:
  ret void
}

; REMARK: remark: <unknown>:0:0: elided 5 checks in 'repeat' that other checks of the same bytes cover
; REMARK: remark: <unknown>:0:0: elided 1 checks in 'increment' that other checks of the same bytes cover
; REMARK: remark: <unknown>:0:0: elided 1 checks in 'blocks' that other checks of the same bytes cover

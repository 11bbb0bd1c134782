; A plain access that walks memory contiguously in a loop with nothing that
; may synchronize inside is checked once, on the edge into the loop, as the
; range all its iterations access, or, in a loop that leaves when its data
; says so, on each edge out of it, as the range the iterations up to there
; accessed; and the checks that must stay in the loop, stay. With
; -atomicguard-coalesce-loops=false every access is checked in the loop.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -atomicguard-coalesce-loops=false -S %s \
; RUN:   | FileCheck %s --check-prefix=OFF
; RUN: %opt_ag -passes=atomicguard -pass-remarks=atomicguard -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK

@flag = global i32 0

declare void @unknown()
declare i32 @pure(i32) nosync willreturn memory(none)
declare i32 @forever(i32) nosync memory(none)
declare void @scribble(ptr) nosync willreturn memory(argmem: write)
declare i32 @peek(ptr) nosync willreturn memory(argmem: read)

; p[i] = 0 for i in [0, n): one write check of n * 4 bytes at p, before the
; loop; none inside.
define void @fill(ptr %p, i64 %n) {
; CHECK-LABEL: define void @fill(
; CHECK:       entry:
; CHECK:         [[BYTES:%.*]] = shl i64 %n, 2
; CHECK-NEXT:    call void @__atomicguard_write_loop(ptr %p, i64 [[BYTES]], ptr @ag.site
; CHECK-NEXT:    br label %loop
; CHECK:       loop:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1
; OFF-LABEL:   define void @fill(
; OFF:         loop:
; OFF:           call void @__atomicguard_write(ptr %a,
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  store i32 0, ptr %a
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; Walking down from p[n-1] to p[0]: the range starts at p.
define i32 @sum_backwards(ptr %p, i64 %n) {
; CHECK-LABEL: define i32 @sum_backwards(
; CHECK:       entry:
; CHECK:         [[N4:%.*]] = shl i64 %n, 2
; CHECK-NEXT:    call void @__atomicguard_read_loop(ptr %p, i64 [[N4]], ptr @ag.site
; CHECK-NEXT:    br label %loop
; CHECK:       loop:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1
entry:
  br label %loop
loop:
  %i = phi i64 [ %n, %entry ], [ %i.next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %loop ]
  %i.next = add i64 %i, -1
  %a = getelementptr inbounds i32, ptr %p, i64 %i.next
  %v = load i32, ptr %a
  %s.next = add i32 %s, %v
  %done = icmp eq i64 %i.next, 0
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %s.next
}

; The two accesses of an unrolled (or vectorized) body, p[2i] and p[2i+1],
; tile each iteration's 8 bytes: one range for both, and a call that cannot
; synchronize and returns does not stop it.
define void @unrolled(ptr %p, i64 %n) {
; CHECK-LABEL: define void @unrolled(
; CHECK:       entry:
; CHECK:         call void @__atomicguard_write_loop(ptr %p, i64 {{%.*}}, ptr @ag.site
; CHECK-NEXT:    br label %loop
; CHECK:       loop:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %x = call i32 @pure(i32 1)
  %a = getelementptr inbounds i64, ptr %p, i64 %i
  store i32 %x, ptr %a
  %b = getelementptr inbounds i32, ptr %a, i64 1
  store i32 %x, ptr %b
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The same with the higher element first: the range starts at the lower.
define void @unrolled_high_first(ptr %p, i64 %n) {
; CHECK-LABEL: define void @unrolled_high_first(
; CHECK:       entry:
; CHECK:         call void @__atomicguard_write_loop(ptr %p, i64 {{%.*}}, ptr @ag.site
; CHECK-NEXT:    br label %loop
; CHECK:       loop:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %a = getelementptr inbounds i64, ptr %p, i64 %i
  %b = getelementptr inbounds i32, ptr %a, i64 1
  store i32 1, ptr %b
  store i32 0, ptr %a
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; A stencil, vectorized: two overlapping 16-byte reads of a row, at src[i]
; and src[i+1], reach past each iteration's 8-byte step (together they read
; src[0..n+2) over the loop: one range of 99 * 8 + 24 bytes), and a read of
; another row, at a constant distance but with a gap in between, is a range
; of its own, as is the write.
define void @stencil(ptr %dst, ptr %src) {
; CHECK-LABEL: define void @stencil(
; CHECK:       entry:
; CHECK-DAG:     call void @__atomicguard_read_loop(ptr %src, i64 816, ptr @ag.site
; CHECK-DAG:     call void @__atomicguard_read_loop(ptr [[ROW:%.*]], i64 800, ptr @ag.site
; CHECK-DAG:     [[ROW]] = getelementptr {{.*}}i8, ptr %src, i64 8192
; CHECK-DAG:     call void @__atomicguard_write_loop(ptr %dst, i64 800, ptr @ag.site
; CHECK:         br label %loop
; CHECK:       loop:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %a = getelementptr inbounds i64, ptr %src, i64 %i
  %v0 = load <2 x i64>, ptr %a
  %b = getelementptr inbounds i64, ptr %a, i64 1
  %v1 = load <2 x i64>, ptr %b
  %c = getelementptr inbounds i8, ptr %a, i64 8192
  %v2 = load i64, ptr %c
  %s = add <2 x i64> %v0, %v1
  %e = extractelement <2 x i64> %s, i64 0
  %t = add i64 %e, %v2
  %d = getelementptr inbounds i64, ptr %dst, i64 %i
  store i64 %t, ptr %d
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, 100
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; An address the loop does not change (a running total the optimizer could
; not keep in a register) is checked once before the loop, for its bytes.
define void @invariant(ptr %p, ptr %total, i64 %n) {
; CHECK-LABEL: define void @invariant(
; CHECK:       entry:
; CHECK:         call void @__atomicguard_read_loop(ptr %p, i64
; CHECK-NEXT:    call void @__atomicguard_write_loop(ptr %total, i64 8, ptr @ag.site
; CHECK-NEXT:    br label %loop
; CHECK:       loop:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load i32, ptr %a
  %t = load i64, ptr %total
  %w = sext i32 %v to i64
  %t2 = add i64 %t, %w
  store i64 %t2, ptr %total
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The same with a call that may synchronize in the loop: both checks stay.
define void @invariant_must_stay(ptr %p, ptr %total, i64 %n) {
; CHECK-LABEL: define void @invariant_must_stay(
; CHECK-NOT:     call void @__atomicguard_{{read|write}}_loop
; CHECK:       loop:
; CHECK:         call void @__atomicguard_read(ptr %a,
; CHECK:         call void @__atomicguard_write(ptr %total,
; CHECK:         ret void
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load i32, ptr %a
  %t = load i64, ptr %total
  %w = sext i32 %v to i64
  %t2 = add i64 %t, %w
  store i64 %t2, ptr %total
  call void @unknown()
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The loop's trip count divides by a value that may be zero (a thread's
; share, n / threads): the range reuses the function's own quotient.
define void @share(ptr %p, i64 %n, i64 %threads) {
; CHECK-LABEL: define void @share(
; CHECK:       entry:
; CHECK-NEXT:    %per = udiv i64 %n, %threads
; CHECK:       atomicguard.loop:
; CHECK-NEXT:    [[BYTES:%.*]] = shl i64 %per, 2
; CHECK-NEXT:    call void @__atomicguard_write_loop(ptr %p, i64 [[BYTES]], ptr @ag.site
; CHECK:       loop:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1
entry:
  %per = udiv i64 %n, %threads
  %some = icmp ne i64 %per, 0
  br i1 %some, label %loop, label %exit
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  store i32 0, ptr %a
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %per
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The loop is entered from a block that may also skip it: the check goes on
; a new block on the entering edge, so a skipped loop checks nothing.
; CHECK-LABEL: define void @guarded(
; CHECK:       entry:
; CHECK-NEXT:    %some = icmp ne i64 %n, 0
; CHECK-NEXT:    br i1 %some, label %atomicguard.loop, label %exit
; CHECK:       atomicguard.loop:
; CHECK:         call void @__atomicguard_write_loop(ptr %p,
; CHECK-NEXT:    br label %loop
define void @guarded(ptr %p, i64 %n) {
entry:
  %some = icmp ne i64 %n, 0
  br i1 %some, label %loop, label %exit
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  store i32 0, ptr %a
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; Checks that must stay in the loop, one reason per loop:
; an atomic operation, a call that may synchronize, a call that may not
; return, a gap between elements (stride 8, size 4), an
; access not made in every iteration, a volatile access, and an address
; loaded in the loop (p = *pp: a pointer the loop reads anew; the read of pp
; itself, at an address the loop does not change, is checked before it).
define void @must_stay(ptr %p, ptr %pp, i64 %n) {
; CHECK-LABEL: define void @must_stay(
; CHECK-NOT:     call void @__atomicguard_{{read|write}}_loop
; CHECK:       atomic:
; CHECK:         call void @__atomicguard_write(ptr %a1,
; CHECK:       call:
; CHECK:         call void @__atomicguard_write(ptr %a2,
; CHECK:       noreturn:
; CHECK:         call void @__atomicguard_write(ptr %a3,
; CHECK:       strided:
; CHECK:         call void @__atomicguard_write(ptr %a5,
; CHECK:       sometimes.then:
; CHECK:         call void @__atomicguard_write(ptr %a6,
; CHECK:       volatile:
; CHECK:         call void @__atomicguard_write(ptr %a7,
; CHECK:       reloaded.pre:
; CHECK-NEXT:    call void @__atomicguard_read_loop(ptr %pp, i64 8,
; CHECK:       reloaded:
; CHECK:         call void @__atomicguard_write(ptr %a8,
; CHECK-NOT:     call void @__atomicguard_{{read|write}}_loop
; CHECK:         ret void
entry:
  br label %atomic
atomic:
  %i1 = phi i64 [ 0, %entry ], [ %i1.next, %atomic ]
  %a1 = getelementptr inbounds i32, ptr %p, i64 %i1
  store i32 0, ptr %a1
  %old = atomicrmw add ptr @flag, i32 1 monotonic
  %i1.next = add nuw i64 %i1, 1
  %d1 = icmp eq i64 %i1.next, %n
  br i1 %d1, label %call.pre, label %atomic
call.pre:
  br label %call
call:
  %i2 = phi i64 [ 0, %call.pre ], [ %i2.next, %call ]
  %a2 = getelementptr inbounds i32, ptr %p, i64 %i2
  store i32 0, ptr %a2
  call void @unknown()
  %i2.next = add nuw i64 %i2, 1
  %d2 = icmp eq i64 %i2.next, %n
  br i1 %d2, label %noreturn.pre, label %call
noreturn.pre:
  br label %noreturn
noreturn:
  %i3 = phi i64 [ 0, %noreturn.pre ], [ %i3.next, %noreturn ]
  %a3 = getelementptr inbounds i32, ptr %p, i64 %i3
  store i32 0, ptr %a3
  %f = call i32 @forever(i32 0)
  %i3.next = add nuw i64 %i3, 1
  %d3 = icmp eq i64 %i3.next, %n
  br i1 %d3, label %strided.pre, label %noreturn
strided.pre:
  br label %strided
strided:
  %i5 = phi i64 [ 0, %strided.pre ], [ %i5.next, %strided ]
  %a5 = getelementptr inbounds i64, ptr %p, i64 %i5
  store i32 0, ptr %a5
  %i5.next = add nuw i64 %i5, 1
  %d5 = icmp eq i64 %i5.next, %n
  br i1 %d5, label %sometimes.pre, label %strided
sometimes.pre:
  br label %sometimes
sometimes:
  %i6 = phi i64 [ 0, %sometimes.pre ], [ %i6.next, %sometimes.latch ]
  %odd = and i64 %i6, 1
  %isodd = icmp ne i64 %odd, 0
  br i1 %isodd, label %sometimes.then, label %sometimes.latch
sometimes.then:
  %a6 = getelementptr inbounds i32, ptr %p, i64 %i6
  store i32 0, ptr %a6
  br label %sometimes.latch
sometimes.latch:
  %i6.next = add nuw i64 %i6, 1
  %d6 = icmp eq i64 %i6.next, %n
  br i1 %d6, label %volatile.pre, label %sometimes
volatile.pre:
  br label %volatile
volatile:
  %i7 = phi i64 [ 0, %volatile.pre ], [ %i7.next, %volatile ]
  %a7 = getelementptr inbounds i32, ptr %p, i64 %i7
  store volatile i32 0, ptr %a7
  %i7.next = add nuw i64 %i7, 1
  %d7 = icmp eq i64 %i7.next, %n
  br i1 %d7, label %reloaded.pre, label %volatile
reloaded.pre:
  br label %reloaded
reloaded:
  %i8 = phi i64 [ 0, %reloaded.pre ], [ %i8.next, %reloaded ]
  %base = load ptr, ptr %pp
  %a8 = getelementptr inbounds i32, ptr %base, i64 %i8
  store i32 0, ptr %a8
  %i8.next = add nuw i64 %i8, 1
  %d8 = icmp eq i64 %i8.next, %n
  br i1 %d8, label %exit, label %reloaded
exit:
  ret void
}

;-------------------------------------------------- checked at the exits ---

; while (i < n && p[i] != 0) i++: the loop leaves before reading p[i] (i
; bytes read: none when i is 0) or after (i + 1), and each edge out checks
; what was read, with one site for both.
define i64 @scan(ptr %p, i64 %n) {
; CHECK-LABEL: define i64 @scan(
; CHECK:       head:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1 %in, label %body, label %[[BEFORE:.*]]
; CHECK:       [[BEFORE]]:
; CHECK:         [[LAST:%.*]] = sub i64 %i, 1
; CHECK-NEXT:    [[N:%.*]] = add i64 [[LAST]], 1
; CHECK-NEXT:    [[NONE:%.*]] = icmp eq i64 %i, 0
; CHECK-NEXT:    [[BYTES:%.*]] = select i1 [[NONE]], i64 0, i64 [[N]]
; CHECK-NEXT:    call void @__atomicguard_read_loop(ptr %p, i64 [[BYTES]], ptr [[SITE:@ag.site[.0-9]*]])
; CHECK:       body:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1 %z, label %[[AFTER:.*]], label %head
; CHECK:       [[AFTER]]:
; CHECK:         [[N1:%.*]] = add i64 %i, 1
; CHECK-NEXT:    call void @__atomicguard_read_loop(ptr %p, i64 [[N1]], ptr [[SITE]])
; OFF-LABEL:   define i64 @scan(
; OFF:         body:
; OFF:           call void @__atomicguard_read(ptr %a,
entry:
  br label %head
head:
  %i = phi i64 [ 0, %entry ], [ %i.next, %body ]
  %in = icmp ult i64 %i, %n
  br i1 %in, label %body, label %exit
body:
  %a = getelementptr inbounds i8, ptr %p, i64 %i
  %c = load i8, ptr %a
  %z = icmp eq i8 %c, 0
  %i.next = add nuw i64 %i, 1
  br i1 %z, label %exit, label %head
exit:
  %r = phi i64 [ %i, %head ], [ %i, %body ]
  ret i64 %r
}

; Backwards, 4 bytes at a time, from p[n-1]: the loop counts its iterations
; (indvar, k when it leaves), and the range of N iterations starts N - 1
; elements below p[n-1], at p + 4(n-1) - 4(N-1).
define i64 @scan_back(ptr %p, i64 %n) {
; CHECK-LABEL: define i64 @scan_back(
; CHECK:       head:
; CHECK-NEXT:    %indvar = phi i64 [ %indvar.next, %body ], [ 0, %entry ]
; CHECK:         br i1 %in, label %body, label %[[BEFORE:.*]]
; CHECK:       [[BEFORE]]:
; CHECK:         [[LAST:%.*]] = sub i64 %indvar, 1
; CHECK-NEXT:    [[M:%.*]] = mul i64 [[LAST]], 4
; CHECK-NEXT:    [[N:%.*]] = add i64 [[M]], 4
; CHECK-NEXT:    [[NONE:%.*]] = icmp eq i64 %indvar, 0
; CHECK-NEXT:    [[BYTES:%.*]] = select i1 [[NONE]], i64 0, i64 [[N]]
; CHECK-NEXT:    [[N4:%.*]] = shl i64 %n, 2
; CHECK-NEXT:    [[TOP:%.*]] = add i64 [[N4]], -4
; CHECK-NEXT:    [[FIRST:%.*]] = getelementptr i8, ptr %p, i64 [[TOP]]
; CHECK-NEXT:    [[DOWN:%.*]] = mul i64 [[LAST]], -4
; CHECK-NEXT:    [[BEGIN:%.*]] = getelementptr i8, ptr [[FIRST]], i64 [[DOWN]]
; CHECK-NEXT:    call void @__atomicguard_read_loop(ptr [[BEGIN]], i64 [[BYTES]], ptr [[SITE:@ag.site[.0-9]*]])
; CHECK:       body:
; CHECK-NOT:     call void @__atomicguard
; CHECK:         br i1 %z, label %[[AFTER:.*]], label %head
; CHECK:       [[AFTER]]:
; CHECK:         [[M1:%.*]] = mul i64 %indvar, 4
; CHECK-NEXT:    [[N1:%.*]] = add i64 [[M1]], 4
; CHECK:         [[DOWN1:%.*]] = mul i64 %indvar, -4
; CHECK-NEXT:    [[BEGIN1:%.*]] = getelementptr i8, ptr {{%.*}}, i64 [[DOWN1]]
; CHECK-NEXT:    call void @__atomicguard_read_loop(ptr [[BEGIN1]], i64 [[N1]], ptr [[SITE]])
entry:
  br label %head
head:
  %i = phi i64 [ %n, %entry ], [ %i.next, %body ]
  %in = icmp ne i64 %i, 0
  br i1 %in, label %body, label %exit
body:
  %i.next = add i64 %i, -1
  %a = getelementptr inbounds i32, ptr %p, i64 %i.next
  %c = load i32, ptr %a
  %z = icmp eq i32 %c, 0
  br i1 %z, label %exit, label %head
exit:
  %r = phi i64 [ %i, %head ], [ %i, %body ]
  ret i64 %r
}

; A fill that stops early when a flag says so: the write runs before either
; exit (k + 1 elements), and the read of the flag, at an address the loop
; does not change, stays in the loop (a loop polling a flag another thread
; sets might never leave, and its check must not wait for that).
define void @early_exit(ptr %p, i64 %n) {
; CHECK-LABEL: define void @early_exit(
; CHECK:       early:
; CHECK-NOT:     call void @__atomicguard_write
; CHECK:         call void @__atomicguard_read(ptr @flag,
; CHECK:         br i1 %quit, label %[[QUIT:.*]], label %early.latch
; CHECK:       [[QUIT]]:
; CHECK-NEXT:    [[M:%.*]] = mul i64 %i, 4
; CHECK-NEXT:    [[BYTES:%.*]] = add i64 [[M]], 4
; CHECK-NEXT:    call void @__atomicguard_write_loop(ptr %p, i64 [[BYTES]], ptr [[SITE:@ag.site[.0-9]*]])
; CHECK:       early.latch:
; CHECK:         br i1 %done, label %[[DONE:.*]], label %early
; CHECK:       [[DONE]]:
; CHECK-NEXT:    [[M1:%.*]] = mul i64 %i, 4
; CHECK-NEXT:    [[BYTES1:%.*]] = add i64 [[M1]], 4
; CHECK-NEXT:    call void @__atomicguard_write_loop(ptr %p, i64 [[BYTES1]], ptr [[SITE]])
entry:
  br label %early
early:
  %i = phi i64 [ 0, %entry ], [ %i.next, %early.latch ]
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  store i32 0, ptr %a
  %stop = load i32, ptr @flag
  %quit = icmp ne i32 %stop, 0
  br i1 %quit, label %exit, label %early.latch
early.latch:
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %early
exit:
  ret void
}

; Checks that must stay in loops that leave when their data says so: a call
; that may write memory (it may free what the loop reads, before a check
; after the loop), and an exit on a path the access may or may not have
; run on (the test of every other iteration, before the access, can leave).
define void @exits_must_stay(ptr %p, ptr %q) {
; CHECK-LABEL: define void @exits_must_stay(
; CHECK-NOT:     call void @__atomicguard_{{read|write}}_loop
; CHECK:       writes:
; CHECK:         call void @__atomicguard_read(ptr %a1,
; CHECK:       side.body:
; CHECK:         call void @__atomicguard_read(ptr %a2,
; CHECK-NOT:     call void @__atomicguard_{{read|write}}_loop
; CHECK:         ret void
entry:
  br label %writes
writes:
  %i1 = phi i64 [ 0, %entry ], [ %i1.next, %writes ]
  %a1 = getelementptr inbounds i8, ptr %p, i64 %i1
  %c1 = load i8, ptr %a1
  call void @scribble(ptr %q)
  %i1.next = add nuw i64 %i1, 1
  %z1 = icmp eq i8 %c1, 0
  br i1 %z1, label %side.pre, label %writes
side.pre:
  br label %side
side:
  %i2 = phi i64 [ 0, %side.pre ], [ %i2.next, %side.latch ]
  %odd = trunc i64 %i2 to i1
  br i1 %odd, label %side.test, label %side.body
side.test:
  %v = call i32 @peek(ptr %q)
  %stop = icmp eq i32 %v, 0
  br i1 %stop, label %exit, label %side.body
side.body:
  %a2 = getelementptr inbounds i8, ptr %p, i64 %i2
  %c2 = load i8, ptr %a2
  %i2.next = add nuw i64 %i2, 1
  br label %side.latch
side.latch:
  %z2 = icmp eq i8 %c2, 0
  br i1 %z2, label %exit, label %side
exit:
  ret void
}

; REMARK: remark: <unknown>:0:0: checked 1 accesses in loops of 'fill' once per loop, as the range all iterations access
; REMARK: remark: <unknown>:0:0: checked 2 accesses in loops of 'unrolled' once per loop, as the range all iterations access
; REMARK: remark: <unknown>:0:0: checked 4 accesses in loops of 'stencil' once per loop, as the range all iterations access
; REMARK: remark: <unknown>:0:0: checked 1 accesses in loops of 'must_stay' once per loop, as the range all iterations access
; REMARK: remark: <unknown>:0:0: checked 1 accesses in loops of 'scan' once per loop, as the range all iterations access
; REMARK: remark: <unknown>:0:0: checked 1 accesses in loops of 'scan_back' once per loop, as the range all iterations access
; REMARK: remark: <unknown>:0:0: checked 1 accesses in loops of 'early_exit' once per loop, as the range all iterations access
; REMARK-NOT: loops of 'exits_must_stay'

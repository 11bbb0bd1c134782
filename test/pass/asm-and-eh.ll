; Inline asm is left alone with a missed remark. Code with exceptions keeps
; working: calls go before the instrumented instruction (an invoke, or a load
; after a landingpad), and no note_alloc is placed after an invoke of malloc
; (it would have to go on the normal edge).
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s
; RUN: %opt_ag -passes=atomicguard -pass-remarks-missed=atomicguard \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

@g = global i32 0

define i32 @f(ptr %p) personality ptr @__gxx_personality_v0 {
; CHECK-LABEL: define i32 @f(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    call void asm sideeffect "", "~{memory}"()
; CHECK-NEXT:    %x = call i32 asm "movl ($1), $0", "=r,r"(ptr %p)
; CHECK-NEXT:    call void @__atomicguard_before_spawn(ptr
; CHECK-NEXT:    %r = invoke i32 @pthread_create(ptr %p, ptr null, ptr @worker, ptr null)
; CHECK-NEXT:            to label %cont unwind label %lpad
; CHECK:       cont:
; CHECK-NEXT:    %m = invoke ptr @malloc(i64 4)
; CHECK-NEXT:            to label %done unwind label %lpad
; CHECK:       done:
; CHECK-NEXT:    call void @__atomicguard_write(ptr %m,
; CHECK-NEXT:    store i32 %x, ptr %m
; CHECK:       lpad:
; CHECK-NEXT:    %lp = landingpad { ptr, i32 }
; CHECK-NEXT:            cleanup
; CHECK-NEXT:    call void @__atomicguard_read(ptr @g,
; CHECK-NEXT:    %v = load i32, ptr @g
; CHECK-NEXT:    resume { ptr, i32 } %lp
; CHECK-NOT:     __atomicguard_note_alloc
entry:
  call void asm sideeffect "", "~{memory}"()
  %x = call i32 asm "movl ($1), $0", "=r,r"(ptr %p)
  %r = invoke i32 @pthread_create(ptr %p, ptr null, ptr @worker, ptr null)
          to label %cont unwind label %lpad
cont:
  %m = invoke ptr @malloc(i64 4)
          to label %done unwind label %lpad
done:
  store i32 %x, ptr %m
  ret i32 %r
lpad:
  %lp = landingpad { ptr, i32 }
          cleanup
  %v = load i32, ptr @g
  resume { ptr, i32 } %lp
}

define internal ptr @worker(ptr %arg) {
  ret ptr null
}

declare i32 @__gxx_personality_v0(...)
declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare ptr @malloc(i64)

; REMARK:      remark: <unknown>:0:0: inline asm is not instrumented
; REMARK-NEXT: remark: <unknown>:0:0: inline asm is not instrumented

; With no shared global definitions there is nothing to register: no array,
; no constructor.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s \
; RUN:   --implicit-check-not=llvm.global_ctors --implicit-check-not=register_globals \
; RUN:   --implicit-check-not=ag.globals

@private_only = internal global i32 0
@constant = constant i32 7
@declared = external global i32

; CHECK-LABEL: define i32 @main()
define i32 @main() {
  %v = load i32, ptr @private_only
  %c = load i32, ptr @constant
  %d = load i32, ptr @declared
  %s = add i32 %v, %c
  %t = add i32 %s, %d
  ret i32 %t
}

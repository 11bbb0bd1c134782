; -atomicguard-scope=all drops the sharing analysis: every access is
; instrumented (non-escaping locals, constants, private internal globals,
; atomics on private memory), and every fixed-size local is announced with
; local_begin. The default (shared) instruments none of these.
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -atomicguard-scope=all -S %s | FileCheck %s --check-prefix=ALL
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -atomicguard-scope=shared -S %s \
; RUN:   | FileCheck %s --check-prefix=SHARED --implicit-check-not=__atomicguard
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -S %s \
; RUN:   | FileCheck %s --check-prefix=SHARED --implicit-check-not=__atomicguard

@private_global = internal global i32 0
@tbl = constant i32 5

define i32 @main() {
; ALL-LABEL: define i32 @main()
; ALL-NEXT:    %x = alloca i32
; ALL-NEXT:    call void @__atomicguard_local_begin(ptr %x, i64 4, ptr null)
; ALL-NEXT:    call void @__atomicguard_write(ptr %x,
; ALL-NEXT:    store i32 1, ptr %x
; ALL-NEXT:    call void @__atomicguard_read(ptr %x,
; ALL-NEXT:    %a = load i32, ptr %x
; ALL-NEXT:    call void @__atomicguard_read(ptr @tbl,
; ALL-NEXT:    %b = load i32, ptr @tbl
; ALL-NEXT:    call void @__atomicguard_write(ptr @private_global,
; ALL-NEXT:    store i32 %a, ptr @private_global
; ALL-NEXT:    {{%.*}} = zext i32 %b to i64
; ALL-NEXT:    {{%.*}} = call i64 @__atomicguard_atomic_rmw(ptr %x,
; SHARED-LABEL: define i32 @main()
; SHARED-NEXT:    %x = alloca i32
; SHARED-NEXT:    store i32 1, ptr %x
; SHARED-NEXT:    %a = load i32, ptr %x
; SHARED-NEXT:    %b = load i32, ptr @tbl
; SHARED-NEXT:    store i32 %a, ptr @private_global
; SHARED-NEXT:    %c = atomicrmw add ptr %x, i32 %b seq_cst
  %x = alloca i32
  store i32 1, ptr %x
  %a = load i32, ptr %x
  %b = load i32, ptr @tbl
  store i32 %a, ptr @private_global
  %c = atomicrmw add ptr %x, i32 %b seq_cst
  ret i32 %c
}

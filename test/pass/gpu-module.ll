; Device code (NVPTX, AMDGPU, SPIR/SPIR-V) cannot call the host runtime: such
; modules are left untouched.
; RUN: %opt_ag -passes=atomicguard -S %s | FileCheck %s --implicit-check-not=__atomicguard --implicit-check-not=ag.site

target triple = "nvptx64-nvidia-cuda"

@g = global i32 0

; CHECK-LABEL: define void @kernel(
; CHECK-NEXT:    store i32 1, ptr @g
; CHECK-NEXT:    %v = atomicrmw add ptr @g, i32 1 seq_cst
define void @kernel() {
  store i32 1, ptr @g
  %v = atomicrmw add ptr @g, i32 1 seq_cst
  ret void
}

; Globals with external linkage (definitions and declarations) are shared:
; 1, 2, 4 and 8-byte loads and stores get a read/write call just before them,
; with the access size and the variable in the site descriptor.
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -S %s | FileCheck %s
; A declaration is registered by the module that defines it, not here:
; RUN: %opt_ag -passes=atomicguard -atomicguard-elide-redundant=false -S %s | FileCheck %s --check-prefix=REG
; REG: @ag.globals = private constant [4 x %struct.ag_global] [%struct.ag_global { ptr @g8,
; REG-NOT: { ptr @ext,
; REG: define void @touch()

source_filename = "ext.c"

@g8 = global i8 0
@g16 = global i16 0
@g32 = global i32 0
@g64 = global i64 0
@ext = external global i32

; ag_var: name, file, function, line, kind (1 = global), intent, reserved,
; rationale, size. Without debug info a definition is declared in the module's
; source file; a declaration's file is unknown.
; CHECK-DAG: @[[N8:ag\.str[.0-9]*]] = private unnamed_addr constant [3 x i8] c"g8\00", align 1
; CHECK-DAG: @[[FILE:ag\.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"ext.c\00", align 1
; CHECK-DAG: @[[V8:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[N8]], ptr @[[FILE]], ptr null, i32 0, i8 1, i8 0, i16 0, ptr null, i64 1 }
; CHECK-DAG: @[[NEXT:ag\.str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"ext\00", align 1
; CHECK-DAG: @[[VEXT:ag\.var[.0-9]*]] = private constant %struct.ag_var { ptr @[[NEXT]], ptr null, ptr null, i32 0, i8 1, i8 0, i16 0, ptr null, i64 4 }
; CHECK-DAG: @[[FN:ag\.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"touch\00", align 1
; ag_site: file, function, var, line, column, kind (0 read, 1 write), order,
; order_fail, size, rmw_op, flags, reserved.
; CHECK-DAG: @[[R1:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[FN]], ptr @[[V8]], i32 0, i32 0, i8 0, i8 0, i8 0, i8 1, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[W1:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[FN]], ptr @[[V8]], i32 0, i32 0, i8 1, i8 0, i8 0, i8 1, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[R2:ag\.site[.0-9]*]] = private constant %struct.ag_site { {{.*}}, i8 0, i8 0, i8 0, i8 2, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[W2:ag\.site[.0-9]*]] = private constant %struct.ag_site { {{.*}}, i8 1, i8 0, i8 0, i8 2, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[R8:ag\.site[.0-9]*]] = private constant %struct.ag_site { {{.*}}, i8 0, i8 0, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[W8:ag\.site[.0-9]*]] = private constant %struct.ag_site { {{.*}}, i8 1, i8 0, i8 0, i8 8, i8 0, i8 0, i8 0, i8 0 }
; CHECK-DAG: @[[R4EXT:ag\.site[.0-9]*]] = private constant %struct.ag_site { ptr @[[FILE]], ptr @[[FN]], ptr @[[VEXT]], i32 0, i32 0, i8 0, i8 0, i8 0, i8 4, i8 0, i8 0, i8 0, i8 0 }

define void @touch() {
; CHECK-LABEL: define void @touch()
; CHECK-NEXT:    call void @__atomicguard_read(ptr @g8, ptr @[[R1]])
; CHECK-NEXT:    %a = load i8, ptr @g8
; CHECK-NEXT:    call void @__atomicguard_write(ptr @g8, ptr @[[W1]])
; CHECK-NEXT:    store i8 %a, ptr @g8
; CHECK-NEXT:    call void @__atomicguard_read(ptr @g16, ptr @[[R2]])
; CHECK-NEXT:    %b = load i16, ptr @g16
; CHECK-NEXT:    call void @__atomicguard_write(ptr @g16, ptr @[[W2]])
; CHECK-NEXT:    store i16 %b, ptr @g16
; CHECK-NEXT:    call void @__atomicguard_read(ptr @g32, ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    %c = load i32, ptr @g32
; CHECK-NEXT:    call void @__atomicguard_write(ptr @g32, ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    store i32 %c, ptr @g32
; CHECK-NEXT:    call void @__atomicguard_read(ptr @g64, ptr @[[R8]])
; CHECK-NEXT:    %d = load i64, ptr @g64
; CHECK-NEXT:    call void @__atomicguard_write(ptr @g64, ptr @[[W8]])
; CHECK-NEXT:    store i64 %d, ptr @g64
; CHECK-NEXT:    call void @__atomicguard_read(ptr @ext, ptr @[[R4EXT]])
; CHECK-NEXT:    %e = load i32, ptr @ext
; CHECK-NEXT:    ret void
  %a = load i8, ptr @g8
  store i8 %a, ptr @g8
  %b = load i16, ptr @g16
  store i16 %b, ptr @g16
  %c = load i32, ptr @g32
  store i32 %c, ptr @g32
  %d = load i64, ptr @g64
  store i64 %d, ptr @g64
  %e = load i32, ptr @ext
  ret void
}

; A GEP into an external global is the same object.
define i32 @field(i64 %i) {
; CHECK-LABEL: define i32 @field(
; CHECK-NEXT:    %p = getelementptr i32, ptr @g64, i64 %i
; CHECK-NEXT:    call void @__atomicguard_read(ptr %p, ptr @{{ag\.site[.0-9]*}})
; CHECK-NEXT:    %v = load i32, ptr %p
; CHECK-NOT:     __atomicguard
; CHECK:         ret i32 %v
  %p = getelementptr i32, ptr @g64, i64 %i
  %v = load i32, ptr %p
  ret i32 %v
}

; The runtime entry points are declared nounwind.
; CHECK: declare void @__atomicguard_read(ptr, ptr) [[ATTR:#[0-9]+]]
; CHECK: declare void @__atomicguard_write(ptr, ptr) [[ATTR]]
; CHECK: attributes [[ATTR]] = { nounwind }

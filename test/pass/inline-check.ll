; Before calling the runtime for a plain access of 1-8 bytes, the pass checks
; inline whether the thread already recorded these bytes in its epoch: the
; thread and the shadow chunk must exist, some cell of the address's group
; must hold something, the entry's epoch key must be the thread's and its
; byte mask must hold the access's bytes (shifted by the address's offset in
; its granule unless 8-aligned); a read may also be covered by the last
; read; an access that may cross a granule is tested.
; Only a miss calls the runtime, and a hit is counted.
; RUN: opt -load-pass-plugin=%plugin -passes=atomicguard -S %s | FileCheck %s

; A 4-byte store, 4-aligned: cannot cross a granule, but may sit at offset 4.
define void @store4(ptr %p) {
; CHECK-LABEL: define void @store4(
; CHECK:         [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT:    [[TLS:%.*]] = call {{.*}}ptr @llvm.threadlocal.address.p0(ptr @__atomicguard_thread)
; CHECK-NEXT:    [[T:%.*]] = load ptr, ptr [[TLS]]
; CHECK-NEXT:    [[DIR:%.*]] = load ptr, ptr @__atomicguard_shadow_dir
; CHECK:         icmp ult i64 [[A]], 140737488355328
; CHECK:         br i1 {{%.*}}, label %ag.lookup, label %ag.slow
; CHECK:       ag.lookup:
; CHECK-NEXT:    [[IDX:%.*]] = lshr i64 [[A]], 20
; CHECK-NEXT:    [[SLOT:%.*]] = getelementptr ptr, ptr [[DIR]], i64 [[IDX]]
; CHECK-NEXT:    [[CH:%.*]] = load ptr, ptr [[SLOT]]
; CHECK-NEXT:    [[OK:%.*]] = icmp ne ptr [[CH]], null
; CHECK-NEXT:    [[OFF:%.*]] = and i64 [[A]], 7
; CHECK-NEXT:    br i1 [[OK]], label %ag.used, label %ag.slow
; The bit of the address's 512-byte group in the chunk's bitmap: clear, no
; cell of the group holds anything, and the check misses without reading one.
; CHECK:       ag.used:
; CHECK-NEXT:    [[GS:%.*]] = lshr i64 [[A]], 9
; CHECK-NEXT:    [[GR:%.*]] = and i64 [[GS]], 2047
; CHECK-NEXT:    [[GW:%.*]] = lshr i64 [[GR]], 6
; CHECK-NEXT:    [[GP:%.*]] = getelementptr i64, ptr [[CH]], i64 [[GW]]
; CHECK-NEXT:    [[GB:%.*]] = load atomic i64, ptr [[GP]] monotonic, align 8
; CHECK-NEXT:    [[GI:%.*]] = and i64 [[GR]], 63
; CHECK-NEXT:    [[SH:%.*]] = lshr i64 [[GB]], [[GI]]
; CHECK-NEXT:    [[USED:%.*]] = trunc i64 [[SH]] to i1
; CHECK-NEXT:    br i1 [[USED]], label %ag.compare, label %ag.slow
; CHECK:       ag.compare:
; CHECK-NEXT:    [[E:%.*]] = load i64, ptr [[T]]
; The granule's 16-byte cell, after the chunk's 4096-byte header.
; CHECK-NEXT:    [[G:%.*]] = lshr i64 [[A]], 3
; CHECK-NEXT:    [[GI:%.*]] = and i64 [[G]], 131071
; CHECK-NEXT:    [[GO:%.*]] = mul i64 [[GI]], 16
; CHECK-NEXT:    [[CO:%.*]] = add i64 [[GO]], 4096
; CHECK-NEXT:    [[CELL:%.*]] = getelementptr i8, ptr [[CH]], i64 [[CO]]
; CHECK-NEXT:    [[MASK:%.*]] = shl i64 135107988821114880, [[OFF]]
; CHECK-NEXT:    [[WP:%.*]] = getelementptr i8, ptr [[CELL]], i64 0
; CHECK-NEXT:    [[W:%.*]] = load atomic i64, ptr [[WP]] monotonic, align 8
; CHECK-NEXT:    [[KEY:%.*]] = and i64 [[W]], -4602678819172646913
; CHECK-NEXT:    icmp eq i64 [[KEY]], [[E]]
; CHECK-NOT:     load atomic
; CHECK:         br i1 {{%.*}}, label %ag.hit, label %ag.slow
; CHECK:       ag.hit:
; CHECK-NEXT:    [[HP:%.*]] = getelementptr i8, ptr [[T]], i64 8
; CHECK-NEXT:    [[H:%.*]] = load i64, ptr [[HP]]
; CHECK-NEXT:    [[H1:%.*]] = add i64 [[H]], 1
; CHECK-NEXT:    store i64 [[H1]], ptr [[HP]]
; CHECK-NEXT:    br label %ag.cont
; CHECK:       ag.slow:
; CHECK-NEXT:    call void @__atomicguard_write(ptr %p, ptr @ag.site
; CHECK-NEXT:    br label %ag.cont
; CHECK:       ag.cont:
; CHECK-NEXT:    store i32 0, ptr %p, align 4
  store i32 0, ptr %p, align 4
  ret void
}

; An 8-byte load, 8-aligned: a constant mask; the last read may cover it too.
define i64 @load8(ptr %p) {
; CHECK-LABEL: define i64 @load8(
; CHECK:       ag.compare:
; CHECK-NOT:     shl i64
; CHECK:         load atomic i64, ptr {{%.*}} monotonic, align 8
; CHECK:         and i64 {{%.*}}, 2296835809958952960
; CHECK:         [[RP:%.*]] = getelementptr i8, ptr {{%.*}}, i64 8
; CHECK-NEXT:    load atomic i64, ptr [[RP]] monotonic, align 8
; CHECK:       ag.slow:
; CHECK-NEXT:    call void @__atomicguard_read(ptr %p, ptr @ag.site
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

; A 2-byte load with alignment 1 may cross into the next granule: tested.
define i16 @load2_unaligned(ptr %p) {
; CHECK-LABEL: define i16 @load2_unaligned(
; CHECK:       ag.lookup:
; CHECK:         [[OFF:%.*]] = and i64 {{%.*}}, 7
; CHECK-NEXT:    [[END:%.*]] = add i64 [[OFF]], 2
; CHECK-NEXT:    [[IN:%.*]] = icmp ule i64 [[END]], 8
; CHECK-NEXT:    and i1 {{%.*}}, [[IN]]
  %v = load i16, ptr %p, align 1
  ret i16 %v
}

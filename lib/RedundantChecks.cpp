//===- RedundantChecks.cpp - Checks that an earlier or later check covers -===//
//
// Between two synchronization points a thread's epoch does not change, so a
// second check of the same bytes by the same thread can only repeat what the
// first one recorded (the runtime's fast path would find it and do nothing),
// and a race the second one would see was already seen by the first or by
// the other thread's own check. Two rules, for plain loads and stores of
// the same pointer value:
//  - forward: an access is covered by an earlier check of at least its size
//    that dominates it with no synchronization point in between, where a
//    write covers reads and writes and a read covers reads;
//  - backward: a read is covered by a later write of at least its size in
//    the same block with no synchronization point in between (the write
//    conflicts with everything the read would, and records more).
// A synchronization point is anything that may tick the thread's clock or
// make another thread's accesses ordered before this one: an atomic
// operation, a fence, or a call that may synchronize.
//
//===----------------------------------------------------------------------===//

#include "AtomicGuardInternal.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace {

/// The largest read and write checked for one pointer since the last
/// synchronization point.
struct Covered {
  uint64_t Read = 0, Write = 0;
};
using CoverMap = DenseMap<const Value *, Covered>;

/// The pointer and size a plain load or store checks, if it is one.
std::optional<std::pair<const Value *, uint64_t>>
checkedBytes(const Instruction &I, const DataLayout &DL) {
  if (const auto *LI = dyn_cast<LoadInst>(&I))
    return std::make_pair(LI->getPointerOperand()->stripPointerCasts(),
                          DL.getTypeStoreSize(LI->getType()).getFixedValue());
  if (const auto *SI = dyn_cast<StoreInst>(&I))
    return std::make_pair(
        SI->getPointerOperand()->stripPointerCasts(),
        DL.getTypeStoreSize(SI->getValueOperand()->getType()).getFixedValue());
  return std::nullopt;
}

} // namespace

bool atomicguard::isSyncPoint(const Instruction &I) {
  if (I.isAtomic() || isa<FenceInst>(I))
    return true;
  const auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  // Debug info, lifetime markers, assumptions and plain memory intrinsics do
  // not synchronize; nor does anything that touches no memory or is nosync.
  if (isa<DbgInfoIntrinsic>(CB) || CB->isLifetimeStartOrEnd() ||
      isa<AssumeInst>(CB))
    return false;
  if (const auto *MI = dyn_cast<MemIntrinsic>(CB))
    return MI->isVolatile();
  return !CB->doesNotAccessMemory() && !CB->hasFnAttr(Attribute::NoSync);
}

SmallPtrSet<const Instruction *, 16>
atomicguard::findRedundantChecks(const Function &F,
                                 const SmallPtrSetImpl<const Instruction *>
                                     &Checked) {
  const DataLayout &DL = F.getParent()->getDataLayout();
  SmallPtrSet<const Instruction *, 16> Redundant;
  auto IsCandidate = [&](const Instruction &I) {
    return Checked.count(&I) && !I.isAtomic() &&
           (isa<LoadInst>(I) || isa<StoreInst>(I)) &&
           !getLoadStoreType(const_cast<Instruction *>(&I))->isScalableTy();
  };

  // Forward, in reverse post-order: a block with one predecessor (which
  // dominates it) starts from that predecessor's state; any other block
  // starts empty.
  DenseMap<const BasicBlock *, CoverMap> AtEnd;
  ReversePostOrderTraversal<const Function *> RPOT(&F);
  for (const BasicBlock *BB : RPOT) {
    CoverMap Cover;
    if (const BasicBlock *Pred = BB->getSinglePredecessor()) {
      auto It = AtEnd.find(Pred);
      if (It != AtEnd.end())
        Cover = It->second;
    }
    for (const Instruction &I : *BB) {
      if (isSyncPoint(I)) {
        Cover.clear();
        continue;
      }
      if (!IsCandidate(I))
        continue;
      auto [Ptr, Size] = *checkedBytes(I, DL);
      Covered &C = Cover[Ptr];
      if (isa<StoreInst>(I)) {
        if (C.Write >= Size)
          Redundant.insert(&I);
        else
          C.Write = Size;
      } else if (C.Write >= Size || C.Read >= Size) {
        Redundant.insert(&I);
      } else {
        C.Read = Size;
      }
    }
    AtEnd[BB] = std::move(Cover);
  }

  // Backward, within each block: reads a later kept write covers.
  for (const BasicBlock &BB : F) {
    DenseMap<const Value *, uint64_t> LaterWrite;
    for (const Instruction &I : reverse(BB)) {
      if (isSyncPoint(I)) {
        LaterWrite.clear();
        continue;
      }
      if (!IsCandidate(I) || Redundant.count(&I))
        continue;
      auto [Ptr, Size] = *checkedBytes(I, DL);
      uint64_t &W = LaterWrite[Ptr];
      if (isa<StoreInst>(I))
        W = std::max(W, Size);
      else if (W >= Size)
        Redundant.insert(&I);
    }
  }
  return Redundant;
}

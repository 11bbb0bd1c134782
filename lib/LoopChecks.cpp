//===- LoopChecks.cpp - One range check for all iterations of a loop ------===//
//
// In the spirit of BigFoot (Rhodes, Flanagan, Freund, PLDI 2017): a plain
// access that walks memory contiguously in a loop with no synchronization
// inside is checked once, as the range of bytes all its iterations access.
// The thread's epoch cannot change inside such a loop, so the range check
// records exactly what the per-iteration checks would have, and races the
// same pairs of sites.
//
// The range must be exactly the bytes the loop accesses, or the check would
// report races on bytes the program never touched. Where it goes:
//  - before the loop, on the edge into it (split if need be), when the loop
//    runs to the end of its trip count once entered: it is entered from one
//    block outside it, its latch is its only exit (a rotated loop: entering
//    it runs at least one iteration, and no iteration leaves early), and
//    SCEV computes its backedge-taken count;
//  - otherwise after the loop, on each edge out of it, when it leaves by
//    branches (a scan to a delimiter): a counter of its iterations (a
//    canonical induction variable) says how many ran, and the access ran in
//    the one that left if its block dominates the exiting block, and did not
//    if the exiting block dominates it (any other shape stays in the loop).
//    An access at an address the loop does not change stays too: a loop
//    polling a flag might never leave, and its check must not wait for it.
//    No call in the loop may write memory: a free of the memory and its
//    allocation anew would otherwise come between the accesses and their
//    check (a free alone keeps its write as the block's history, which the
//    check then meets).
// Either way the loop is innermost, nothing in it synchronizes, every call
// in it returns (exit() or longjmp would end the walk early), and no local
// begins its lifetime in it (the runtime forgets a fresh local's history);
// the access's block dominates the latch (it runs in every iteration), it
// is not volatile, and its address is an affine recurrence of this loop
// whose step is the access size, forwards or backwards, or the step of a
// cluster of such accesses that together cover at least a step without
// gaps (unrolled, vectorized and stencil loops), or (before the loop only)
// does not change in the loop.
//
//===----------------------------------------------------------------------===//

#include "AtomicGuardInternal.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;
using namespace atomicguard;

namespace {
/// Where a loop's walks are checked (LoopRange): nowhere (they stay in the
/// loop), on the edge into it, or on the edges out of it.
enum class LoopShape { None, Before, AtExits };
} // namespace

/// Whether nothing in L synchronizes, every call in it returns (exit() or
/// longjmp would end the walk early), and no local begins its lifetime in it
/// (the runtime forgets a fresh local's history). For checks after the loop,
/// also that no call in it writes memory: a free of the memory and its
/// allocation anew would come between the accesses and their check.
static bool quietBody(const Loop &L, bool ReadOnlyCalls) {
  for (const BasicBlock *BB : L.blocks())
    for (const Instruction &I : *BB) {
      if (isSyncPoint(I))
        return false;
      const auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || isa<DbgInfoIntrinsic>(CB))
        continue;
      if (CB->isLifetimeStartOrEnd() || !CB->willReturn() ||
          (ReadOnlyCalls && !CB->onlyReadsMemory()))
        return false;
    }
  return true;
}

/// Before: every iteration of L, once entered, runs to its latch and the
/// loop runs its computed trip count. AtExits: L leaves by branches, and
/// where it leaves is known only when it does.
static LoopShape shapeOf(const Loop &L, ScalarEvolution &SE) {
  if (!L.isInnermost() || !L.getLoopLatch())
    return LoopShape::None;
  const BasicBlock *Entry = L.getLoopPredecessor();
  if (Entry && isa<BranchInst>(Entry->getTerminator()) &&
      L.getExitingBlock() == L.getLoopLatch() &&
      !isa<SCEVCouldNotCompute>(SE.getBackedgeTakenCount(&L)))
    return quietBody(L, /*ReadOnlyCalls=*/false) ? LoopShape::Before
                                                 : LoopShape::None;
  // The exits count iterations from the edge into the loop.
  SmallVector<BasicBlock *, 4> Exiting;
  L.getExitingBlocks(Exiting);
  if (!Entry || !isa<BranchInst>(Entry->getTerminator()) || Exiting.empty() ||
      !all_of(Exiting, [](const BasicBlock *X) {
        return isa<BranchInst>(X->getTerminator());
      }))
    return LoopShape::None;
  return quietBody(L, /*ReadOnlyCalls=*/true) ? LoopShape::AtExits
                                              : LoopShape::None;
}

namespace {
/// A candidate access: at Start + i * Step in iteration i of L. For a loop
/// checked at its exits, Exits holds each exiting block and whether the
/// access runs before it in the iteration that leaves there.
struct Walk {
  Instruction *Access;
  Loop *L;
  const SCEV *Start;
  int64_t Step;
  uint64_t Size;
  bool IsWrite;
  SmallVector<std::pair<BasicBlock *, bool>, 2> Exits;
};
} // namespace

/// The walk of I, if it is a non-volatile load or store that runs in every
/// iteration of an eligible loop at an affine address.
static std::optional<Walk> walkOf(Instruction *I, LoopInfo &LI,
                                  ScalarEvolution &SE, DominatorTree &DT,
                                  DenseMap<const Loop *, LoopShape> &Shapes) {
  if (I->isAtomic() || !(isa<LoadInst>(I) || isa<StoreInst>(I)) ||
      (isa<LoadInst>(I) ? cast<LoadInst>(I)->isVolatile()
                        : cast<StoreInst>(I)->isVolatile()))
    return std::nullopt;
  Loop *L = LI.getLoopFor(I->getParent());
  if (!L)
    return std::nullopt;
  auto [It, New] = Shapes.try_emplace(L, LoopShape::None);
  if (New)
    It->second = shapeOf(*L, SE);
  const LoopShape Shape = It->second;
  BasicBlock *BB = I->getParent();
  if (Shape == LoopShape::None || !DT.dominates(BB, L->getLoopLatch()))
    return std::nullopt;
  Type *Ty = getLoadStoreType(I);
  if (Ty->isScalableTy())
    return std::nullopt;
  const DataLayout &DL = I->getModule()->getDataLayout();
  uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
  if (Size == 0 || Size > UINT8_MAX)
    return std::nullopt;
  const SCEV *Ptr = SE.getSCEV(getLoadStorePointerOperand(I));
  if (SE.isLoopInvariant(Ptr, L)) {
    // After a loop that may wait for data (a flag other threads set), the
    // check of an address it polls could come too late or never.
    if (Shape == LoopShape::AtExits)
      return std::nullopt;
    return Walk{I, L, Ptr, 0, Size, isa<StoreInst>(I), {}};
  }
  const auto *Addr = dyn_cast<SCEVAddRecExpr>(Ptr);
  if (!Addr || Addr->getLoop() != L || !Addr->isAffine())
    return std::nullopt;
  const auto *Step = dyn_cast<SCEVConstant>(Addr->getStepRecurrence(SE));
  if (!Step || Step->getAPInt().getSignificantBits() > 32)
    return std::nullopt;
  Walk W{I,    L, Addr->getStart(), Step->getAPInt().getSExtValue(),
         Size, isa<StoreInst>(I), {}};
  if (Shape == LoopShape::AtExits) {
    // Every full iteration runs the access (its block dominates the latch);
    // the one that leaves does if it runs before the exit's branch, and
    // must not if it may run either way.
    SmallVector<BasicBlock *, 4> Exiting;
    L->getExitingBlocks(Exiting);
    for (BasicBlock *X : Exiting) {
      if (DT.dominates(BB, X))
        W.Exits.push_back({X, true});
      else if (DT.properlyDominates(X, BB))
        W.Exits.push_back({X, false});
      else
        return std::nullopt;
    }
  }
  return W;
}

namespace {
/// Walks of one loop, kind and step that together access, in each
/// iteration, one contiguous span of bytes [Low, Low + Span) relative to the
/// first walk's start. A vectorized or unrolled loop reads x[i] and x[i+1]
/// as two accesses; a stencil reads x[i-1] and x[i+1] in overlapping ones.
struct Cluster {
  SmallVector<const Walk *, 4> Walks;
  int64_t Low;
  uint64_t Span;
};
} // namespace

/// The clusters of a group of walks whose starts differ by constants: the
/// walks sorted by offset, cut where a gap leaves bytes unaccessed. A walk
/// cluster (non-zero step) counts only if its span reaches the next
/// iteration's, so that all iterations together access every byte between
/// the first and the last; an invariant one (step 0) is any contiguous span.
static SmallVector<Cluster, 2> clustersOf(ArrayRef<const Walk *> Group,
                                          ScalarEvolution &SE) {
  SmallVector<std::pair<int64_t, const Walk *>, 4> Offsets;
  const SCEV *First = Group.front()->Start;
  for (const Walk *W : Group) {
    const auto *Off = dyn_cast<SCEVConstant>(SE.getMinusSCEV(W->Start, First));
    if (!Off || Off->getAPInt().getSignificantBits() > 32)
      return {};
    Offsets.push_back({Off->getAPInt().getSExtValue(), W});
  }
  llvm::sort(Offsets); // by offset, then by position in the walk list
  SmallVector<Cluster, 2> Clusters;
  const int64_t Step = std::abs(Group.front()->Step);
  int64_t End = 0;
  for (const auto &[O, W] : Offsets) {
    if (Clusters.empty() || O > End) {
      Clusters.push_back({{}, O, 0});
      End = O;
    }
    Clusters.back().Walks.push_back(W);
    End = std::max(End, O + int64_t(W->Size));
    Clusters.back().Span = uint64_t(End - Clusters.back().Low);
  }
  if (Step != 0)
    llvm::erase_if(Clusters,
                   [&](const Cluster &C) { return C.Span < uint64_t(Step); });
  return Clusters;
}

namespace {
/// Replaces each division the function already computes, at a point that
/// dominates the loop's entry, by that value. SCEVExpander will not
/// materialize a division whose divisor may be zero (trip counts of loops
/// over a thread's share, N * id / nthreads, have one), but reusing the
/// program's own quotient is exactly as safe as the program.
class ReuseQuotients : public SCEVRewriteVisitor<ReuseQuotients> {
  const SmallVectorImpl<Instruction *> &Divisions;
  const Instruction *At;
  DominatorTree &DT;

public:
  ReuseQuotients(ScalarEvolution &SE,
                 const SmallVectorImpl<Instruction *> &Divisions,
                 const Instruction *At, DominatorTree &DT)
      : SCEVRewriteVisitor(SE), Divisions(Divisions), At(At), DT(DT) {}

  const SCEV *visitUDivExpr(const SCEVUDivExpr *E) {
    for (Instruction *D : Divisions)
      if (SE.getSCEV(D) == E && DT.dominates(D, At))
        return SE.getUnknown(D);
    return SCEVRewriteVisitor::visitUDivExpr(E);
  }
};
} // namespace

/// S, made safe to expand at At if the function's own divisions allow it;
/// null if not.
static const SCEV *expandableAt(const SCEV *S, Instruction *At,
                                ScalarEvolution &SE, DominatorTree &DT,
                                const SmallVectorImpl<Instruction *> &Divs) {
  SCEVExpander Expander(SE, "atomicguard");
  if (Expander.isSafeToExpandAt(S, At))
    return S;
  S = ReuseQuotients(SE, Divs, At, DT).visit(S);
  return Expander.isSafeToExpandAt(S, At) ? S : nullptr;
}

SmallVector<LoopRange, 8>
atomicguard::findLoopRanges(ArrayRef<Instruction *> Candidates, LoopInfo &LI,
                            ScalarEvolution &SE, DominatorTree &DT) {
  SmallVector<LoopRange, 8> Ranges;
  DenseMap<const Loop *, LoopShape> Shapes;
  SmallVector<Walk, 16> Walks;
  for (Instruction *I : Candidates)
    if (std::optional<Walk> W = walkOf(I, LI, SE, DT, Shapes))
      Walks.push_back(*W);

  SmallVector<Instruction *, 8> Divisions;
  if (!Walks.empty())
    for (Instruction &I : instructions(*Walks.front().Access->getFunction()))
      if (I.getOpcode() == Instruction::UDiv && SE.isSCEVable(I.getType()))
        Divisions.push_back(&I);

  SmallVector<bool, 16> Taken(Walks.size(), false);
  for (size_t I = 0; I < Walks.size(); ++I) {
    if (Taken[I])
      continue;
    const Walk &Lead = Walks[I];
    SmallVector<const Walk *, 4> Group{&Lead};
    for (size_t J = I + 1; J < Walks.size(); ++J) {
      const Walk &W = Walks[J];
      if (Taken[J] || W.L != Lead.L || W.IsWrite != Lead.IsWrite ||
          W.Step != Lead.Step || W.Exits != Lead.Exits ||
          !isa<SCEVConstant>(SE.getMinusSCEV(W.Start, Lead.Start)))
        continue;
      Group.push_back(&W);
    }
    Type *I64 = Type::getInt64Ty(Lead.Access->getContext());
    BasicBlock *Entry = Lead.L->getLoopPredecessor();
    const bool AtExits = !Lead.Exits.empty();
    const SCEV *BackedgesTaken =
        AtExits ? nullptr
                : SE.getTruncateOrZeroExtend(SE.getBackedgeTakenCount(Lead.L),
                                             I64);
    for (const Cluster &C : clustersOf(Group, SE)) {
      // Iteration i covers [Low + i * Step, Low + i * Step + Span); spans
      // reach each other, so all iterations cover one range of
      // BackedgesTaken * |Step| + Span bytes (an invariant address: Span).
      // Checked at the exits, it starts at the first iteration's bytes and
      // its length is known there.
      const SCEV *Begin = SE.getAddExpr(
          Lead.Start,
          SE.getConstant(SE.getEffectiveSCEVType(Lead.Start->getType()), C.Low,
                         /*isSigned=*/true));
      const SCEV *Bytes = nullptr;
      if (!AtExits) {
        Bytes = expandableAt(
            SE.getAddExpr(
                SE.getMulExpr(BackedgesTaken,
                              SE.getConstant(I64, std::abs(Lead.Step))),
                SE.getConstant(I64, C.Span)),
            Entry->getTerminator(), SE, DT, Divisions);
        if (Lead.Step < 0)
          Begin = SE.getAddExpr(
              Begin, SE.getMulExpr(BackedgesTaken,
                                   SE.getConstant(I64, Lead.Step,
                                                  /*isSigned=*/true)));
        if (!Bytes)
          continue;
      }
      Begin = expandableAt(Begin, Entry->getTerminator(), SE, DT, Divisions);
      if (!Begin)
        continue;
      // The cluster's accesses share the source statement in practice
      // (copies made by the vectorizer or unroller); the first one names
      // them.
      LoopRange R{{},
                  AtExits ? nullptr : Entry,
                  Lead.L->getHeader(),
                  Begin,
                  Bytes,
                  C.Walks.front()->Size,
                  AtExits ? Lead.L : nullptr,
                  AtExits ? Lead.Step : 0,
                  AtExits ? C.Span : 0,
                  Lead.Exits};
      for (const Walk *W : C.Walks) {
        Taken[W - Walks.begin()] = true;
        R.Accesses.push_back(W->Access);
      }
      Ranges.push_back(std::move(R));
    }
  }
  return Ranges;
}

BasicBlock *atomicguard::loopEntryBlock(const LoopRange &R, DominatorTree &DT,
                                        LoopInfo &LI) {
  if (R.Entry->getSingleSuccessor() == R.Header)
    return R.Entry;
  return SplitEdge(R.Entry, R.Header, &DT, &LI, nullptr, "atomicguard.loop");
}

Value *atomicguard::expandLoopRange(const LoopRange &R, BasicBlock *At,
                                    ScalarEvolution &SE, Value *&Bytes) {
  SCEVExpander Expander(SE, "atomicguard");
  Instruction *Before = At->getTerminator();
  LLVMContext &Ctx = Before->getContext();
  Bytes = Expander.expandCodeFor(R.Bytes, Type::getInt64Ty(Ctx), Before);
  return Expander.expandCodeFor(R.Begin, PointerType::getUnqual(Ctx), Before);
}

SmallVector<ExitRange, 2> atomicguard::expandExitRanges(
    const LoopRange &R, ScalarEvolution &SE, DominatorTree &DT, LoopInfo &LI,
    DenseMap<std::pair<BasicBlock *, BasicBlock *>, BasicBlock *> &ExitBlocks,
    DenseMap<const Loop *, Value *> &IterOf) {
  LLVMContext &Ctx = R.Header->getContext();
  Type *I64 = Type::getInt64Ty(Ctx);
  Value *&Iter = IterOf[R.L];
  if (!Iter) {
    if (!R.L->getLoopPreheader())
      InsertPreheaderForLoop(R.L, &DT, &LI, nullptr, /*PreserveLCSSA=*/false);
    SCEVExpander Expander(SE, "atomicguard");
    Iter = Expander.expandCodeFor(
        SE.getAddRecExpr(SE.getZero(I64), SE.getOne(I64), R.L,
                         SCEV::FlagNUW),
        I64, R.Header->getFirstInsertionPt());
  }
  SmallVector<ExitRange, 2> Ranges;
  for (const auto &[Exiting, Ran] : R.Exits) {
    SmallVector<BasicBlock *, 2> Outside;
    for (BasicBlock *S : successors(Exiting))
      if (!R.L->contains(S) && !is_contained(Outside, S))
        Outside.push_back(S);
    for (BasicBlock *S : Outside) {
      BasicBlock *&At = ExitBlocks[{Exiting, S}];
      if (!At)
        At = SplitEdge(Exiting, S, &DT, &LI, nullptr, "atomicguard.exit");
      // Iter iterations ran before the one that left, and that one too if
      // Ran: the last of them, N - 1, starts at Begin + (N - 1) * Step.
      IRBuilder<> B(At->getTerminator());
      Value *Last = Ran ? Iter : B.CreateSub(Iter, B.getInt64(1));
      const uint64_t Stride = std::abs(R.Step);
      Value *Bytes = B.CreateAdd(
          Stride == 1 ? Last : B.CreateMul(Last, B.getInt64(Stride)),
          B.getInt64(R.Span));
      if (!Ran)
        Bytes = B.CreateSelect(B.CreateICmpEQ(Iter, B.getInt64(0)),
                               B.getInt64(0), Bytes);
      SCEVExpander Expander(SE, "atomicguard");
      Value *Begin = Expander.expandCodeFor(R.Begin, PointerType::getUnqual(Ctx),
                                            At->getTerminator());
      B.SetInsertPoint(At->getTerminator());
      if (R.Step < 0)
        Begin = B.CreatePtrAdd(Begin,
                               B.CreateMul(Last, ConstantInt::getSigned(
                                                     I64, R.Step)));
      Ranges.push_back({At, Begin, Bytes});
    }
  }
  return Ranges;
}

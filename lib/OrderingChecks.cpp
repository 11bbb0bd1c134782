//===- OrderingChecks.cpp - Compile-time ordering and sharing checks ------===//
//
// Runs on the module before it is instrumented and reports, as clang
// warnings ending in "[atomicguard-<check>]":
//
//  weak-order    an access weaker than the declared intent of its variable;
//  mixed-access  a plain access to memory this unit also accesses atomically;
//  unsync-write  a plain write to a shared global in code a thread routine
//                reaches, with no lock held;
//  strict        (-atomicguard-strict) an atomic weaker than seq_cst with
//                neither an intent nor an AG_JUSTIFY rationale.
//
// The instrumenter adds one more, openmp: OpenMP constructs, whose
// synchronization the runtime does not see (AtomicGuard.cpp).
//
// Malformed annotations (bad-annotation) are errors, see Annotations.cpp.
//
//===----------------------------------------------------------------------===//

#include "AtomicGuardInternal.h"

#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace llvm;
using namespace atomicguard;

#define DEBUG_TYPE "atomicguard"

static cl::list<std::string> ClDisableChecks(
    "atomicguard-disable-check",
    cl::desc("Compile-time checks not to run: weak-order, mixed-access, "
             "unsync-write, strict, openmp (bad-annotation cannot be "
             "disabled)"),
    cl::value_desc("check,check,..."), cl::CommaSeparated);

static cl::opt<bool> ClStrict(
    "atomicguard-strict",
    cl::desc("Warn about every atomic operation on shared state that is "
             "weaker than seq_cst and covered neither by a declared intent "
             "nor by an AG_JUSTIFY rationale"),
    cl::init(false));

StringRef atomicguard::checkName(Check C) {
  switch (C) {
  case Check::WeakOrder:
    return "weak-order";
  case Check::MixedAccess:
    return "mixed-access";
  case Check::UnsyncWrite:
    return "unsync-write";
  case Check::Strict:
    return "strict";
  case Check::OpenMP:
    return "openmp";
  case Check::BadAnnotation:
    return "bad-annotation";
  }
  return "";
}

StringRef atomicguard::accessOpName(AccessOp Op) {
  switch (Op) {
  case AccessOp::Read:
    return "read";
  case AccessOp::Write:
    return "write";
  case AccessOp::RMW:
    return "rmw";
  case AccessOp::CmpXchg:
    return "cmpxchg";
  case AccessOp::ReadRange:
    return "read_range";
  case AccessOp::WriteRange:
    return "write_range";
  }
  return "";
}

void atomicguard::diagnose(const Function &F, const DebugLoc &Loc, Check C,
                           const Twine &Msg, bool Error) {
  std::string Text = (Msg + " [atomicguard-" + checkName(C) + "]").str();
  DiagnosticLocation Where = Loc ? DiagnosticLocation(Loc)
                             : F.getSubprogram()
                                 ? DiagnosticLocation(F.getSubprogram())
                                 : DiagnosticLocation();
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, Text, Where, Error ? DS_Error : DS_Warning));
}

StringRef atomicguard::orderName(AtomicOrdering O) {
  switch (O) {
  case AtomicOrdering::Acquire:
    return "acquire";
  case AtomicOrdering::Release:
    return "release";
  case AtomicOrdering::AcquireRelease:
    return "acq_rel";
  case AtomicOrdering::SequentiallyConsistent:
    return "seq_cst";
  default:
    return "relaxed";
  }
}

bool atomicguard::isChecked(Check C) {
  if (C == Check::Strict && !ClStrict)
    return false;
  return C == Check::BadAnnotation ||
         !is_contained(ClDisableChecks, checkName(C));
}

namespace {

bool needsAtomic(Intent I) {
  return I == Intent::Publish || I == Intent::Counter || I == Intent::SeqCst;
}

/// The weakest ordering the intent allows for Op (success ordering for
/// cmpxchg), or NotAtomic when any atomic ordering will do.
AtomicOrdering required(Intent I, AccessOp Op) {
  if (I == Intent::SeqCst)
    return AtomicOrdering::SequentiallyConsistent;
  if (I != Intent::Publish)
    return AtomicOrdering::NotAtomic;
  switch (Op) {
  case AccessOp::Read:
  case AccessOp::ReadRange:
    return AtomicOrdering::Acquire;
  case AccessOp::Write:
  case AccessOp::WriteRange:
    return AtomicOrdering::Release;
  default:
    return AtomicOrdering::AcquireRelease;
  }
}

AtomicOrdering requiredFail(Intent I) {
  return I == Intent::SeqCst   ? AtomicOrdering::SequentiallyConsistent
         : I == Intent::Publish ? AtomicOrdering::Acquire
                                : AtomicOrdering::NotAtomic;
}

bool atLeast(AtomicOrdering Actual, AtomicOrdering Needed) {
  return Needed == AtomicOrdering::NotAtomic ||
         isAtLeastOrStrongerThan(Actual, Needed);
}

/// "relaxed atomic store to 'x'", "plain read of 'x'", ...
std::string describeAccess(const AccessRecord &A, StringRef Name) {
  std::string S;
  raw_string_ostream OS(S);
  if (A.Op == AccessOp::CmpXchg) {
    OS << "compare-exchange (" << orderName(A.Order) << "/"
       << orderName(A.OrderFail) << ") on '" << Name << "'";
    return S;
  }
  if (A.Atomic)
    OS << orderName(A.Order) << " atomic ";
  else
    OS << "plain ";
  switch (A.Op) {
  case AccessOp::Read:
    OS << (A.Atomic ? "load from" : "read of");
    break;
  case AccessOp::Write:
    OS << (A.Atomic ? "store to" : "write to");
    break;
  case AccessOp::RMW:
    OS << "read-modify-write of";
    break;
  case AccessOp::ReadRange:
    OS << "copy from";
    break;
  case AccessOp::WriteRange:
    OS << "copy or set of";
    break;
  case AccessOp::CmpXchg:
    break;
  }
  OS << " '" << Name << "'";
  return S;
}

bool isWrite(AccessOp Op) {
  return Op == AccessOp::Write || Op == AccessOp::WriteRange;
}

/// Whether two accesses may touch the same bytes (unknown offsets overlap).
bool overlaps(const AccessRecord &X, const AccessRecord &Y) {
  if (!X.Offset || !Y.Offset || !X.Size || !Y.Size)
    return true;
  return *X.Offset < *Y.Offset + *Y.Size && *Y.Offset < *X.Offset + *X.Size;
}

/// Calls that acquire (+1) or release (-1) a lock for writing.
int lockEffect(const CallBase &CB) {
  const Function *Callee =
      dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee || CB.arg_size() == 0)
    return 0;
  return StringSwitch<int>(Callee->getName())
      .Cases({"pthread_mutex_lock", "pthread_spin_lock",
              "pthread_rwlock_wrlock", "mtx_lock"},
             1)
      .Cases({"pthread_mutex_unlock", "pthread_spin_unlock",
              "pthread_rwlock_unlock", "mtx_unlock"},
             -1)
      .Default(0);
}

using LockSet = std::set<const Value *>;

/// A lock held by the caller that the callee cannot name.
const Value *callerLock(const Function &Callee) { return &Callee; }

/// Lock keys: a global mutex is itself; any other is the pointer's
/// underlying value, meaningful inside one function only.
const Value *lockKey(const CallBase &CB) {
  return getUnderlyingObject(CB.getArgOperand(0));
}

void applyLock(const CallBase &CB, LockSet &S) {
  int Effect = lockEffect(CB);
  if (Effect > 0) {
    S.insert(lockKey(CB));
  } else if (Effect < 0 && !S.erase(lockKey(CB))) {
    // Unlocking a lock we cannot name: forget every lock but globals.
    for (auto It = S.begin(); It != S.end();)
      It = isa<GlobalVariable>(*It) ? std::next(It) : S.erase(It);
  }
}

LockSet meet(const std::optional<LockSet> &A, const LockSet &B) {
  if (!A)
    return B;
  LockSet R;
  std::set_intersection(A->begin(), A->end(), B.begin(), B.end(),
                        std::inserter(R, R.begin()));
  return R;
}

bool onlyCalledDirectly(const Function &F) {
  return F.hasLocalLinkage() && all_of(F.uses(), [](const Use &U) {
           const auto *CB = dyn_cast<CallBase>(U.getUser());
           return CB && CB->isCallee(&U);
         });
}

std::string sourceFunctionName(const Instruction &I) {
  if (const DILocation *Loc = I.getDebugLoc())
    if (const DISubprogram *SP = Loc->getScope()->getSubprogram())
      if (!SP->getName().empty())
        return SP->getName().str();
  const Function &F = *I.getFunction();
  if (const DISubprogram *SP = F.getSubprogram())
    if (!SP->getName().empty())
      return SP->getName().str();
  return F.getName().str();
}

std::string sourceFile(const Instruction &I) {
  if (const DILocation *Loc = I.getDebugLoc())
    return Loc->getFilename().str();
  if (const DISubprogram *SP = I.getFunction()->getSubprogram())
    return SP->getFilename().str();
  return I.getModule()->getSourceFileName();
}

/// Byte offset of Addr from Obj when constant (through llvm.ptr.annotation).
std::optional<uint64_t> offsetFrom(const Value *Addr, const Value *Obj,
                                   const DataLayout &DL) {
  uint64_t Total = 0;
  for (;;) {
    APInt Off(DL.getIndexTypeSizeInBits(Addr->getType()), 0);
    Addr = Addr->stripAndAccumulateConstantOffsets(DL, Off, true);
    if (Off.isNegative())
      return std::nullopt;
    Total += Off.getZExtValue();
    if (Addr == Obj)
      return Total;
    const auto *II = dyn_cast<IntrinsicInst>(Addr);
    if (!II || (II->getIntrinsicID() != Intrinsic::ptr_annotation &&
                II->getIntrinsicID() != Intrinsic::threadlocal_address))
      return std::nullopt;
    Addr = II->getArgOperand(0);
  }
}

} // namespace

OrderingChecker::OrderingChecker(Module &M, FunctionAnalysisManager &FAM,
                                 ModuleFacts &Facts, const Annotations &A)
    : M(M), FAM(FAM), Facts(Facts), A(A) {}

void OrderingChecker::run() {
  // Every check but bad-annotation, named as checkName() names it.
  static constexpr Check Disableable[] = {Check::WeakOrder, Check::MixedAccess,
                                          Check::UnsyncWrite, Check::Strict,
                                          Check::OpenMP};
  for (const std::string &Name : ClDisableChecks)
    if (none_of(Disableable, [&](Check C) { return checkName(C) == Name; })) {
      std::string Valid;
      for (Check C : Disableable)
        Valid += (Valid.empty() ? "" : ", ") + checkName(C).str();
      M.getContext().emitError("atomicguard: unknown check '" + Name +
                               "' in -atomicguard-disable-check (valid: " +
                               Valid + "; bad-annotation cannot be disabled)");
    }

  // Declared variables and fields, and shared globals, appear in the audit
  // even if this unit does not access them.
  for (const auto &Declared : A.objects())
    entityFor(Declared.first, std::nullopt);
  for (const GlobalVariable &G : M.globals()) {
    std::optional<VarInfo> Info = Facts.describe(&G);
    if (Info && namedObjectOf(&G) && Facts.sharing(&G).first)
      entityFor(&G, std::nullopt);
  }
  for (const auto &Declared : A.fields())
    entityFor(nullptr, Declared.first);

  Justifications J(FAM);
  for (Function &F : M)
    if (!F.isDeclaration() && !F.getName().starts_with("__atomicguard"))
      collect(F, J);
  collectSpawnSites();
  computeAfterSpawn();
  computeLocksets();
  for (Entity &E : Entities)
    checkNeverAtomic(E);
  checkAccesses();
  for (const Annotations::Error &Err : A.errors())
    for (Entity &E : Entities)
      if ((Err.Obj && E.Obj == Err.Obj) ||
          (Err.Field && E.Field && *E.Field == *Err.Field))
        E.Findings.push_back({Check::BadAnnotation, true, Err.Message,
                              Err.File, Err.Line, 0});
}

Entity *OrderingChecker::entityFor(const Value *Obj,
                                   const std::optional<FieldKey> &Field) {
  if (Field) {
    auto [It, New] = FieldIndex.try_emplace(*Field, Entities.size());
    if (!New)
      return &Entities[It->second];
    Entities.emplace_back();
    Entity &E = Entities.back();
    E.Field = Field;
    E.Name = Field->Record + "." + Field->Name;
    if (const IntentDecl *D = A.forField(*Field))
      E.Intent = *D;
    E.Shared = true;
    E.SharedReason = "a field of struct " + Field->Record +
                     ", reached through pointers";
    return &E;
  }
  auto [It, New] = ObjectIndex.try_emplace(Obj, Entities.size());
  if (!New)
    return &Entities[It->second];
  Entities.emplace_back();
  Entity &E = Entities.back();
  E.Obj = Obj;
  std::optional<VarInfo> Info = Facts.describe(Obj);
  E.Name = Info && !Info->Name.empty() ? Info->Name
           : Obj->hasName()            ? Obj->getName().str()
                                       : "<unnamed>";
  if (const IntentDecl *D = A.forObject(Obj))
    E.Intent = *D;
  std::tie(E.Shared, E.SharedReason) = Facts.sharing(Obj);
  return &E;
}

void OrderingChecker::collect(Function &F, Justifications &J) {
  for (Instruction &I : instructions(F)) {
    if (auto *LI = dyn_cast<LoadInst>(&I)) {
      record(I, LI->getPointerOperand(), AccessOp::Read, std::nullopt, J);
    } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
      record(I, SI->getPointerOperand(), AccessOp::Write, std::nullopt, J);
    } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
      record(I, RMW->getPointerOperand(), AccessOp::RMW, std::nullopt, J);
    } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
      record(I, CX->getPointerOperand(), AccessOp::CmpXchg, std::nullopt, J);
    } else if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
      std::optional<uint64_t> Len;
      if (auto *C = dyn_cast<ConstantInt>(MI->getLength()))
        Len = C->getZExtValue();
      if (auto *MT = dyn_cast<MemTransferInst>(MI))
        record(I, MT->getRawSource(), AccessOp::ReadRange, Len, J);
      record(I, MI->getRawDest(), AccessOp::WriteRange, Len, J);
    }
  }
}

void OrderingChecker::record(Instruction &I, const Value *Addr, AccessOp Op,
                             std::optional<uint64_t> Size, Justifications &J) {
  const Value *Obj = namedObjectOf(Addr);
  std::optional<FieldKey> Field = fieldOf(I, Addr);
  // A field is its own entity when reached through a pointer or when the
  // field itself declares an intent; s.x of a named s belongs to s.
  bool UseField = Field && (!Obj || A.forField(*Field));
  if (!UseField) {
    Field.reset();
    if (!Obj)
      return;
    // Locals no other thread can see are not worth listing.
    if (isa<AllocaInst>(Obj) && !A.forObject(Obj) && !Facts.sharing(Obj).first)
      return;
  }
  Entity &E = *entityFor(UseField ? nullptr : Obj, Field);

  AccessRecord R;
  R.I = &I;
  R.File = sourceFile(I);
  R.Function = sourceFunctionName(I);
  if (const DILocation *Loc = I.getDebugLoc()) {
    R.Line = Loc->getLine();
    R.Column = Loc->getColumn();
  }
  R.Op = Op;
  R.Atomic = I.isAtomic() && !isa<MemIntrinsic>(I);
  auto StoreSize = [&](const Value *V) {
    return M.getDataLayout().getTypeStoreSize(V->getType()).getKnownMinValue();
  };
  if (auto *LI = dyn_cast<LoadInst>(&I)) {
    R.Order = LI->getOrdering();
    Size = StoreSize(LI);
  } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
    R.Order = SI->getOrdering();
    Size = StoreSize(SI->getValueOperand());
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
    R.Order = RMW->getOrdering();
    Size = StoreSize(RMW->getValOperand());
  } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
    R.Order = CX->getSuccessOrdering();
    R.OrderFail = CX->getFailureOrdering();
    Size = StoreSize(CX->getNewValOperand());
  }
  if (R.Atomic)
    R.Rationale = J.of(I);
  for (const Function *Routine : Facts.routinesReaching(*I.getFunction())) {
    R.ThreadReachable = true;
    E.Routines.insert(Routine->getName().str());
  }
  if (!UseField) {
    R.Offset = offsetFrom(Addr, Obj, M.getDataLayout());
    R.Size = Size;
  }
  (Op == AccessOp::ReadRange ? SourceIntents : SiteIntents)[&I] =
      E.Intent.Kind;
  E.Accesses.push_back(std::move(R));
}

/// Spawn sites for the audit, and which of them pass an object's address.
void OrderingChecker::collectSpawnSites() {
  StringMap<unsigned> PerFunction;
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || !Facts.isSpawnCall(*CB))
        continue;
      SpawnSite S;
      S.Callee = CB->getCalledOperand()->stripPointerCasts()->getName().str();
      S.Function = sourceFunctionName(I);
      S.File = sourceFile(I);
      unsigned N = ++PerFunction[S.Function];
      StringRef Base = sys::path::filename(S.File);
      if (const DILocation *Loc = I.getDebugLoc()) {
        S.Line = Loc->getLine();
        S.Column = Loc->getColumn();
        S.Id = (Base + ":" + Twine(S.Line) + ":" + Twine(S.Column)).str();
      } else {
        S.Id = (Base + ":" + S.Function + "#" + Twine(N)).str();
      }
      for (const Use &Arg : CB->args()) {
        const Value *V = Arg->stripPointerCasts();
        if (const auto *Routine = dyn_cast<Function>(V)) {
          S.Routine = Routine->getName().str();
          continue;
        }
        if (const Value *Obj = namedObjectOf(V)) {
          auto It = ObjectIndex.find(Obj);
          if (It != ObjectIndex.end())
            Entities[It->second].SpawnSites.insert(S.Id);
        }
      }
      SpawnSites.push_back(S);
    }
  // A variable a thread routine reaches is shared by that routine's spawns.
  for (Entity &E : Entities)
    for (const SpawnSite &S : SpawnSites)
      if (!S.Routine.empty() && E.Routines.count(S.Routine))
        E.SpawnSites.insert(S.Id);
}

/// MaySpawn: the function (or a callee) starts a thread. AfterSpawnAtEntry:
/// a thread may already run when the function is entered.
void OrderingChecker::computeAfterSpawn() {
  auto DirectCallee = [](const CallBase &CB) -> const Function * {
    const auto *F =
        dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
    return F && !F->isDeclaration() ? F : nullptr;
  };
  for (Function &F : M)
    if (!F.isDeclaration()) {
      MaySpawn[&F] = any_of(instructions(F), [&](const Instruction &I) {
        const auto *CB = dyn_cast<CallBase>(&I);
        return CB && Facts.isSpawnCall(*CB);
      });
      AfterSpawnAtEntry[&F] = !Facts.routinesReaching(F).empty() ||
                              (F.getName() != "main" && !onlyCalledDirectly(F));
    }
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M)
      for (Instruction &I : instructions(F))
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (const Function *Callee = DirectCallee(*CB))
            if (MaySpawn.lookup(Callee) && !MaySpawn[&F])
              Changed = MaySpawn[&F] = true;
  }
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (const auto *CB = dyn_cast<CallBase>(&I)) {
        const Function *Callee = DirectCallee(*CB);
        if (Facts.isSpawnCall(*CB) || (Callee && MaySpawn.lookup(Callee)))
          Spawning[&F].push_back(&I);
      }
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M)
      for (Instruction &I : instructions(F))
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (const Function *Callee = DirectCallee(*CB))
            if (!AfterSpawnAtEntry.lookup(Callee) && mayRunAfterSpawn(I))
              Changed = AfterSpawnAtEntry[Callee] = true;
  }
}

/// Whether From may execute before To (in To's function).
bool OrderingChecker::reaches(const Instruction &From, const Instruction &To) {
  auto &DT = FAM.getResult<DominatorTreeAnalysis>(
      const_cast<Function &>(*To.getFunction()));
  return &From != &To && isPotentiallyReachable(&From, &To, nullptr, &DT);
}

/// Whether a thread may already run when I executes: I's function may be
/// entered after a spawn, or a spawn (or a call that may spawn) precedes I.
bool OrderingChecker::mayRunAfterSpawn(const Instruction &I) {
  const Function &F = *I.getFunction();
  return AfterSpawnAtEntry.lookup(&F) ||
         any_of(Spawning.lookup(&F),
                [&](const Instruction *S) { return reaches(*S, I); });
}

/// A plain access no other thread can observe yet: a local's before its
/// address escapes; any other before the first thread starts.
bool OrderingChecker::isInitialization(const Entity &E, const AccessRecord &A) {
  if (const auto *AI = dyn_cast_or_null<AllocaInst>(E.Obj)) {
    for (const User *U : AI->users()) {
      const auto *UI = dyn_cast<Instruction>(U);
      if (!UI || isa<LoadInst>(UI) || UI->isLifetimeStartOrEnd() ||
          isa<DbgInfoIntrinsic>(UI))
        continue;
      if (const auto *II = dyn_cast<IntrinsicInst>(UI))
        if (II->getIntrinsicID() == Intrinsic::var_annotation)
          continue;
      if (const auto *SI = dyn_cast<StoreInst>(UI))
        if (SI->getValueOperand() != AI)
          continue;
      if (reaches(*UI, *A.I))
        return false;
    }
    return true;
  }
  return !mayRunAfterSpawn(*A.I);
}

/// A must-lockset dataflow over each function's CFG; functions that only
/// have direct callers in this unit start with the locks all of those call
/// sites hold.
void OrderingChecker::computeLocksets() {
  DenseMap<const Function *, std::optional<LockSet>> Entry;
  SmallVector<Function *, 16> Worklist;
  for (Function &F : M)
    if (!F.isDeclaration()) {
      if (!onlyCalledDirectly(F))
        Entry[&F] = LockSet();
      Worklist.push_back(&F);
    }
  // Runs the dataflow on F; Final records the state at each plain write.
  auto Solve = [&](Function &F, bool Final) {
    DenseMap<const BasicBlock *, LockSet> Out;
    DenseMap<const BasicBlock *, bool> Seen;
    LockSet Start = Entry.lookup(&F).value_or(LockSet());
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (BasicBlock &BB : F) {
        std::optional<LockSet> In;
        if (&BB == &F.getEntryBlock())
          In = Start;
        for (const BasicBlock *Pred : predecessors(&BB))
          if (Seen.lookup(Pred))
            In = meet(In, Out[Pred]);
        if (!In)
          continue;
        LockSet S = *In;
        for (Instruction &I : BB) {
          if (auto *CB = dyn_cast<CallBase>(&I)) {
            applyLock(*CB, S);
            const auto *Callee = dyn_cast<Function>(
                CB->getCalledOperand()->stripPointerCasts());
            if (!Final && Callee && onlyCalledDirectly(*Callee) &&
                !Callee->isDeclaration()) {
              LockSet Passed;
              for (const Value *K : S)
                Passed.insert(isa<GlobalVariable>(K) ? K
                                                     : callerLock(*Callee));
              std::optional<LockSet> &CE = Entry[Callee];
              LockSet New = meet(CE, Passed);
              if (!CE || New != *CE) {
                CE = New;
                Worklist.push_back(const_cast<Function *>(Callee));
              }
            }
          }
          if (Final && !I.isAtomic() &&
              (isa<StoreInst>(I) || isa<MemIntrinsic>(I)))
            Unlocked[&I] = S.empty();
        }
        if (!Seen.lookup(&BB) || Out[&BB] != S) {
          Seen[&BB] = true;
          Out[&BB] = S;
          Changed = true;
        }
      }
    }
  };
  while (!Worklist.empty())
    Solve(*Worklist.pop_back_val(), /*Final=*/false);
  for (Function &F : M)
    if (!F.isDeclaration())
      Solve(F, /*Final=*/true);
}

void OrderingChecker::report(Entity &E, const AccessRecord &A, Check C,
                             const std::string &Msg) {
  if (!isChecked(C))
    return;
  // Inlined and unrolled copies of one source access are reported once.
  if (A.Line && !Reported.insert({A.File, A.Line, A.Column, Msg}).second)
    return;
  diagnose(*A.I->getFunction(), A.I->getDebugLoc(), C, Msg, /*Error=*/false);
  E.Findings.push_back({C, false, Msg, A.File, A.Line, A.Column});
}

/// With -g: an atomic-needing intent on a variable whose C type is not
/// _Atomic and that this unit never accesses atomically is a mistake.
void OrderingChecker::checkNeverAtomic(Entity &E) {
  if (!needsAtomic(E.Intent.Kind) ||
      any_of(E.Accesses, [](const AccessRecord &A) { return A.Atomic; }))
    return;
  const DIType *Ty = nullptr;
  StringRef File, Dir;
  unsigned Line = 0;
  if (E.Field) {
    if (!Records)
      Records = recordsOf(M);
    if (const DIDerivedType *Member = findMember(*Records, *E.Field)) {
      Ty = Member->getBaseType();
      File = Member->getFilename();
      Dir = Member->getDirectory();
      Line = Member->getLine();
    }
  } else if (std::optional<VarInfo> Info = Facts.describe(E.Obj);
             Info && Info->DIVar) {
    Ty = Info->DIVar->getType();
    File = Info->DIVar->getFilename();
    Dir = Info->DIVar->getDirectory();
    Line = Info->Line;
  }
  if (!Ty || isAtomicDIType(Ty))
    return;
  std::string Msg = ("intent '" + intentName(E.Intent.Kind) + "' on '" +
                     E.Name +
                     "' needs an atomic object, but it is not _Atomic and "
                     "this unit never accesses it atomically")
                        .str();
  diagnoseAt(M, File, Dir, Line, Check::BadAnnotation, Msg, /*Error=*/true);
  E.Findings.push_back(
      {Check::BadAnnotation, true, Msg, File.str(), Line, 0});
}

/// Checks every access, in source order so that diagnostics read top-down.
void OrderingChecker::checkAccesses() {
  std::vector<std::tuple<StringRef, unsigned, unsigned, size_t, size_t>> Order;
  for (size_t EI = 0; EI < Entities.size(); ++EI)
    for (size_t AI = 0; AI < Entities[EI].Accesses.size(); ++AI) {
      const AccessRecord &A = Entities[EI].Accesses[AI];
      Order.emplace_back(A.File, A.Line, A.Column, EI, AI);
    }
  llvm::sort(Order);
  for (auto &[File, Line, Column, EI, AI] : Order) {
    Entity &E = Entities[EI];
    if (E.Intent.Kind == Intent::Benign)
      continue; // Accepted races are never reported.
    const AccessRecord &A = E.Accesses[AI];
    A.Atomic ? checkAtomic(E, A) : checkPlain(E, A);
  }
}

void OrderingChecker::checkAtomic(Entity &E, const AccessRecord &A) {
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(
      *A.I->getFunction());
  Intent In = E.Intent.Kind;
  bool Weak = !atLeast(A.Order, required(In, A.Op)) ||
              (A.Op == AccessOp::CmpXchg &&
               !atLeast(A.OrderFail, requiredFail(In)));
  bool BelowSeqCst =
      A.Order != AtomicOrdering::SequentiallyConsistent ||
      (A.Op == AccessOp::CmpXchg &&
       A.OrderFail != AtomicOrdering::SequentiallyConsistent);
  if (A.Rationale && (Weak || BelowSeqCst)) {
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(DEBUG_TYPE, "Justified", A.I)
             << describeAccess(A, E.Name) << " is justified: "
             << *A.Rationale;
    });
    return;
  }
  if (Weak) {
    std::string Need = orderName(required(In, A.Op)).str();
    if (A.Op == AccessOp::CmpXchg)
      Need += "/" + orderName(requiredFail(In)).str();
    report(E, A, Check::WeakOrder,
           describeAccess(A, E.Name) + " is weaker than its declared intent '" +
               intentName(In).str() + "': needs " + Need + " or stronger");
    return;
  }
  if (In == Intent::None && BelowSeqCst && E.Shared)
    report(E, A, Check::Strict,
           describeAccess(A, E.Name) +
               " is weaker than seq_cst and has neither a declared intent "
               "nor an AG_JUSTIFY rationale");
}

void OrderingChecker::checkPlain(Entity &E, const AccessRecord &A) {
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(
      *A.I->getFunction());
  Intent In = E.Intent.Kind;
  auto Atomic = find_if(E.Accesses, [&](const AccessRecord &B) {
    return B.Atomic && overlaps(A, B);
  });
  if ((needsAtomic(In) || Atomic != E.Accesses.end()) &&
      isInitialization(E, A)) {
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(DEBUG_TYPE, "Initialization", A.I)
             << describeAccess(A, E.Name)
             << " is initialization: no other thread can observe it yet";
    });
    return;
  }
  if (needsAtomic(In)) {
    std::string Need =
        In == Intent::Counter
            ? std::string("an atomic access (any ordering)")
            : "an atomic access with " +
                  orderName(required(In, A.Op)).str() + " or stronger ordering";
    report(E, A, Check::WeakOrder,
           describeAccess(A, E.Name) + " declared '" + intentName(In).str() +
               "': needs " + Need);
    return;
  }
  if (Atomic != E.Accesses.end()) {
    std::string Where = Atomic->Line
                            ? (" (" + sys::path::filename(Atomic->File) + ":" +
                               Twine(Atomic->Line) + ")")
                                  .str()
                            : std::string(" (in '" + Atomic->Function + "')");
    report(E, A, Check::MixedAccess,
           describeAccess(A, E.Name) +
               ", which is accessed atomically elsewhere in this unit" + Where);
    return;
  }
  if (isWrite(A.Op) && In == Intent::None && E.Shared &&
      isa_and_nonnull<GlobalVariable>(E.Obj) && A.ThreadReachable &&
      Unlocked.lookup(A.I))
    report(E, A, Check::UnsyncWrite,
           ("plain write to shared '" + E.Name +
            "' in code reachable from thread routine '" +
            Facts.routinesReaching(*A.I->getFunction()).front()->getName() +
            "' with no lock held and no atomic")
               .str());
}

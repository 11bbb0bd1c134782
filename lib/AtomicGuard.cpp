//===- AtomicGuard.cpp - Instrumentation for the atomicguard race checker -===//
//
// A module pass that instruments C code for the atomicguard runtime:
//
//  * Plain loads and stores of memory another thread may reach are preceded
//    by __atomicguard_read/write (or the _range variants for sizes other than
//    1, 2, 4 and 8 bytes); memcpy/memmove/memset become ranges.
//  * Atomic instructions are replaced by runtime calls that perform the
//    operation, so the operation and its happens-before bookkeeping are one
//    step.
//  * Fences, thread spawns, heap allocations and escaping locals are reported.
//
// Every call passes a private constant descriptor (see atomicguard/abi.h) that
// names the source location and, when statically known, the variable and its
// declared intent (atomicguard.h).
//
// Before instrumenting, the pass reads the intent annotations
// (Annotations.cpp), runs the compile-time ordering checks on the unmodified
// module (OrderingChecks.cpp) and, with -atomicguard-audit-dir, writes the
// shared-state audit (Audit.cpp); they see this file's sharing analysis
// through the ModuleFacts interface (AtomicGuardInternal.h).
//
// Which memory is "shared" is decided per underlying object: non-captured
// allocas and malloc results, constants, thread-locals that do not escape and
// internal globals that do not escape and are not reachable from a thread
// routine (or any other entry into the module) are private and left alone.
//
//===----------------------------------------------------------------------===//

#include "AtomicGuardInternal.h"
#include "atomicguard/abi.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <cstddef>
#include <optional>
#include <string>
#include <tuple>

using namespace llvm;
using namespace atomicguard;

#define DEBUG_TYPE "atomicguard"

// The plugin is built with NDEBUG, where STATISTIC compiles to nothing, so
// these are always tracked. They print with -stats only if the host LLVM keeps
// statistics: Debian's LLVM 22 does not (opt-22 -stats just says "Statistics
// are disabled"), hence -atomicguard-stats.
ALWAYS_ENABLED_STATISTIC(NumReads, "Instrumented plain reads");
ALWAYS_ENABLED_STATISTIC(NumWrites, "Instrumented plain writes");
ALWAYS_ENABLED_STATISTIC(NumRanges, "Instrumented read/write ranges");
ALWAYS_ENABLED_STATISTIC(NumAtomics, "Atomic operations replaced by calls");
ALWAYS_ENABLED_STATISTIC(NumFences, "Instrumented fences");
ALWAYS_ENABLED_STATISTIC(NumSpawnSites, "Instrumented thread spawn calls");
ALWAYS_ENABLED_STATISTIC(NumAllocSites, "Instrumented heap allocation calls");
ALWAYS_ENABLED_STATISTIC(NumLocalBegins, "Escaping locals reported");
ALWAYS_ENABLED_STATISTIC(NumSkippedPrivateLocal,
                         "Accesses skipped: non-escaping local or heap block");
ALWAYS_ENABLED_STATISTIC(NumSkippedPrivateGlobal,
                         "Accesses skipped: internal global no thread reaches");
ALWAYS_ENABLED_STATISTIC(NumSkippedConstant,
                         "Accesses skipped: constant global");
ALWAYS_ENABLED_STATISTIC(NumSkippedThreadLocal,
                         "Accesses skipped: non-escaping thread-local");
ALWAYS_ENABLED_STATISTIC(NumSkippedUnsupported,
                         "Accesses left uninstrumented: unsupported shape");
ALWAYS_ENABLED_STATISTIC(NumLoopRanges,
                         "Plain accesses checked once per loop as a range");
ALWAYS_ENABLED_STATISTIC(NumElidedRedundant,
                         "Checks elided: covered by another check");

namespace {

enum class InstrumentScope { Shared, All };

cl::opt<bool> ClElideRedundant(
    "atomicguard-elide-redundant",
    cl::desc("Leave out the check of a plain load or store that another check "
             "of the same bytes by the same thread covers with no atomic, "
             "fence or possibly synchronizing call in between (same race "
             "verdicts, fewer runtime calls)"),
    cl::init(true));

cl::opt<bool> ClCoalesceLoops(
    "atomicguard-coalesce-loops",
    cl::desc("Check a plain load or store that walks memory contiguously in a "
             "loop without synchronization once, before the loop, as the "
             "range of bytes all its iterations access (same race verdicts, "
             "one runtime call per loop instead of one per iteration)"),
    cl::init(true));

cl::opt<bool> ClInlineChecks(
    "atomicguard-inline-checks",
    cl::desc("Check inline, before calling the runtime, whether a plain load "
             "or store of 1-8 bytes repeats what the thread already recorded "
             "in its current epoch (the runtime's own fast path, without the "
             "call)"),
    cl::init(true));

cl::opt<InstrumentScope> ClScope(
    "atomicguard-scope", cl::desc("Which memory accesses atomicguard checks"),
    cl::values(
        clEnumValN(InstrumentScope::Shared, "shared",
                   "Only accesses to memory another thread may reach: "
                   "external or escaping globals, globals reachable from a "
                   "thread routine, escaping locals and heap blocks, memory "
                   "behind pointers (default)"),
        clEnumValN(InstrumentScope::All, "all",
                   "Every load, store, atomic operation and memory intrinsic, "
                   "private or not, and the lifetime of every local (a "
                   "ThreadSanitizer-like baseline)")),
    cl::init(InstrumentScope::Shared));

cl::list<std::string> ClSpawners(
    "atomicguard-spawners",
    cl::desc("Functions that start threads like pthread_create: their "
             "function-pointer arguments become thread routines (same as "
             "AG_SPAWNER)"),
    cl::value_desc("name,name,..."), cl::CommaSeparated);

cl::opt<std::string> ClAuditDir(
    "atomicguard-audit-dir",
    cl::desc("Write the shared-state audit of each translation unit to "
             "DIR/<unit>.agaudit.json (docs/audit-format.md); DIR is created "
             "if missing"),
    cl::value_desc("DIR"));

//===----------------------------------------------------------------------===//
// Descriptor layout. The IR struct types are built from these field lists;
// the static_asserts tie them to the C structs of abi.h.
//===----------------------------------------------------------------------===//

enum class Field : uint8_t { Ptr, I8, I16, I32, I64 };

constexpr Field VarLayout[] = {Field::Ptr, Field::Ptr, Field::Ptr,
                               Field::I32, Field::I8,  Field::I8,
                               Field::I16, Field::Ptr, Field::I64};
constexpr Field SiteLayout[] = {Field::Ptr, Field::Ptr, Field::Ptr, Field::I32,
                                Field::I32, Field::I8,  Field::I8,  Field::I8,
                                Field::I8,  Field::I8,  Field::I8,  Field::I8,
                                Field::I8};
constexpr Field GlobalLayout[] = {Field::Ptr, Field::Ptr};

constexpr size_t hostSize(Field F) {
  switch (F) {
  case Field::Ptr:
    return sizeof(void *);
  case Field::I8:
    return 1;
  case Field::I16:
    return 2;
  case Field::I32:
    return 4;
  case Field::I64:
    return sizeof(uint64_t);
  }
  return 0;
}

constexpr size_t hostAlign(Field F) {
  switch (F) {
  case Field::Ptr:
    return alignof(void *);
  case Field::I64:
    return alignof(uint64_t);
  default:
    return hostSize(F);
  }
}

constexpr size_t roundUp(size_t X, size_t A) { return (X + A - 1) / A * A; }

/// Offset of field Index (or, for Index == N, the size) when laid out the way
/// both C and LLVM lay out a non-packed struct.
template <size_t N>
constexpr size_t naturalOffset(const Field (&Fields)[N], size_t Index) {
  size_t Offset = 0, MaxAlign = 1;
  for (size_t I = 0; I < N; ++I) {
    Offset = roundUp(Offset, hostAlign(Fields[I]));
    if (I == Index)
      return Offset;
    Offset += hostSize(Fields[I]);
    MaxAlign =
        hostAlign(Fields[I]) > MaxAlign ? hostAlign(Fields[I]) : MaxAlign;
  }
  return roundUp(Offset, MaxAlign);
}

#define AG_CHECK_FIELD(Layout, Struct, Index, Member)                          \
  static_assert(naturalOffset(Layout, Index) == offsetof(Struct, Member),      \
                #Struct "::" #Member " does not match the emitted IR type")
#define AG_CHECK_SIZE(Layout, Struct)                                          \
  static_assert(naturalOffset(Layout, std::size(Layout)) == sizeof(Struct),    \
                "sizeof(" #Struct ") does not match the emitted IR type")

AG_CHECK_FIELD(VarLayout, ag_var, 0, name);
AG_CHECK_FIELD(VarLayout, ag_var, 1, file);
AG_CHECK_FIELD(VarLayout, ag_var, 2, function);
AG_CHECK_FIELD(VarLayout, ag_var, 3, line);
AG_CHECK_FIELD(VarLayout, ag_var, 4, kind);
AG_CHECK_FIELD(VarLayout, ag_var, 5, intent);
AG_CHECK_FIELD(VarLayout, ag_var, 6, reserved);
AG_CHECK_FIELD(VarLayout, ag_var, 7, rationale);
AG_CHECK_FIELD(VarLayout, ag_var, 8, size);
AG_CHECK_SIZE(VarLayout, ag_var);
AG_CHECK_FIELD(SiteLayout, ag_site, 0, file);
AG_CHECK_FIELD(SiteLayout, ag_site, 1, function);
AG_CHECK_FIELD(SiteLayout, ag_site, 2, var);
AG_CHECK_FIELD(SiteLayout, ag_site, 3, line);
AG_CHECK_FIELD(SiteLayout, ag_site, 4, column);
AG_CHECK_FIELD(SiteLayout, ag_site, 5, kind);
AG_CHECK_FIELD(SiteLayout, ag_site, 6, order);
AG_CHECK_FIELD(SiteLayout, ag_site, 7, order_fail);
AG_CHECK_FIELD(SiteLayout, ag_site, 8, size);
AG_CHECK_FIELD(SiteLayout, ag_site, 9, rmw_op);
AG_CHECK_FIELD(SiteLayout, ag_site, 10, flags);
AG_CHECK_FIELD(SiteLayout, ag_site, 11, intent);
AG_CHECK_FIELD(SiteLayout, ag_site, 12, reserved);
AG_CHECK_SIZE(SiteLayout, ag_site);
AG_CHECK_FIELD(GlobalLayout, ag_global, 0, addr);
AG_CHECK_FIELD(GlobalLayout, ag_global, 1, var);
AG_CHECK_SIZE(GlobalLayout, ag_global);
static_assert(uint8_t(Intent::None) == AG_INTENT_NONE &&
                  uint8_t(Intent::Publish) == AG_INTENT_PUBLISH &&
                  uint8_t(Intent::Counter) == AG_INTENT_COUNTER &&
                  uint8_t(Intent::SeqCst) == AG_INTENT_SEQ_CST &&
                  uint8_t(Intent::Benign) == AG_INTENT_BENIGN,
              "Intent does not match enum ag_intent");

template <size_t N>
StructType *buildStructType(LLVMContext &Ctx, const Field (&Fields)[N],
                            StringRef Name) {
  SmallVector<Type *, N> Types;
  for (Field F : Fields) {
    switch (F) {
    case Field::Ptr:
      Types.push_back(PointerType::getUnqual(Ctx));
      break;
    case Field::I8:
      Types.push_back(Type::getInt8Ty(Ctx));
      break;
    case Field::I16:
      Types.push_back(Type::getInt16Ty(Ctx));
      break;
    case Field::I32:
      Types.push_back(Type::getInt32Ty(Ctx));
      break;
    case Field::I64:
      Types.push_back(Type::getInt64Ty(Ctx));
      break;
    }
  }
  return StructType::create(Ctx, Types, Name);
}

/// When the target lays out structs like the host, the IR type must match
/// the C struct exactly (the static_asserts cover the host side).
template <size_t N>
bool matchesHostLayout(const DataLayout &DL, StructType *T,
                       const Field (&Fields)[N]) {
  if (DL.getPointerSize() != sizeof(void *) ||
      DL.getABITypeAlign(Type::getInt64Ty(T->getContext())).value() !=
          alignof(uint64_t))
    return true; // A different ABI; the C struct differs there too.
  const StructLayout *SL = DL.getStructLayout(T);
  for (size_t I = 0; I < N; ++I)
    if (SL->getElementOffset(I) != naturalOffset(Fields, I))
      return false;
  return SL->getSizeInBytes() == naturalOffset(Fields, N);
}

//===----------------------------------------------------------------------===//
// Small static helpers.
//===----------------------------------------------------------------------===//

/// The source-level name of F.
StringRef sourceName(const Function &F) {
  if (const DISubprogram *SP = F.getSubprogram())
    if (!SP->getName().empty())
      return SP->getName();
  return F.getName();
}

uint8_t toC11Order(AtomicOrdering O) {
  switch (O) {
  case AtomicOrdering::NotAtomic:
  case AtomicOrdering::Unordered:
  case AtomicOrdering::Monotonic:
    return AG_ORDER_RELAXED;
  case AtomicOrdering::Acquire:
    return AG_ORDER_ACQUIRE;
  case AtomicOrdering::Release:
    return AG_ORDER_RELEASE;
  case AtomicOrdering::AcquireRelease:
    return AG_ORDER_ACQ_REL;
  case AtomicOrdering::SequentiallyConsistent:
    return AG_ORDER_SEQ_CST;
  }
  return AG_ORDER_SEQ_CST;
}

/// The order the runtime models for atomic instruction I's ordering O: an
/// operation of syncscope("singlethread") orders only against signal
/// handlers of its own thread, so between threads it is relaxed. The
/// runtime call it becomes still keeps the compiler from moving the
/// thread's other accesses across it.
static uint8_t modeledOrder(const Instruction &I, AtomicOrdering O) {
  if (getAtomicSyncScopeID(&I) == SyncScope::SingleThread)
    return AG_ORDER_RELAXED;
  return toC11Order(O);
}

/// The runtime's code for an atomicrmw operation, if it has one.
std::optional<uint8_t> toRMWOp(const AtomicRMWInst &RMW) {
  Type *Ty = RMW.getValOperand()->getType();
  bool FloatOrDouble = Ty->isFloatTy() || Ty->isDoubleTy();
  switch (RMW.getOperation()) {
  case AtomicRMWInst::Xchg:
    return AG_RMW_XCHG;
  case AtomicRMWInst::Add:
    return AG_RMW_ADD;
  case AtomicRMWInst::Sub:
    return AG_RMW_SUB;
  case AtomicRMWInst::And:
    return AG_RMW_AND;
  case AtomicRMWInst::Nand:
    return AG_RMW_NAND;
  case AtomicRMWInst::Or:
    return AG_RMW_OR;
  case AtomicRMWInst::Xor:
    return AG_RMW_XOR;
  case AtomicRMWInst::Max:
    return AG_RMW_MAX;
  case AtomicRMWInst::Min:
    return AG_RMW_MIN;
  case AtomicRMWInst::UMax:
    return AG_RMW_UMAX;
  case AtomicRMWInst::UMin:
    return AG_RMW_UMIN;
  case AtomicRMWInst::FAdd:
    return FloatOrDouble ? std::optional<uint8_t>(AG_RMW_FADD) : std::nullopt;
  case AtomicRMWInst::FSub:
    return FloatOrDouble ? std::optional<uint8_t>(AG_RMW_FSUB) : std::nullopt;
  case AtomicRMWInst::FMax:
    return FloatOrDouble ? std::optional<uint8_t>(AG_RMW_FMAX) : std::nullopt;
  case AtomicRMWInst::FMin:
    return FloatOrDouble ? std::optional<uint8_t>(AG_RMW_FMIN) : std::nullopt;
  default:
    return std::nullopt;
  }
}

bool isPlainAccessSize(uint64_t Size) {
  return Size == 1 || Size == 2 || Size == 4 || Size == 8;
}

/// Atomic values travel zero-extended in an i64: the type must be exactly
/// 1, 2, 4 or 8 bytes of bits we can reinterpret as an integer.
bool fitsInI64(Type *Ty, const DataLayout &DL) {
  if (Ty->isPtrOrPtrVectorTy() &&
      (Ty->isVectorTy() || DL.isNonIntegralPointerType(Ty)))
    return false;
  if (!Ty->isIntegerTy() && !Ty->isPointerTy() && !Ty->isFloatingPointTy() &&
      !isa<FixedVectorType>(Ty))
    return false;
  uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
  return isPlainAccessSize(Size) && DL.getTypeSizeInBits(Ty) == Size * 8;
}

Value *toI64(IRBuilder<> &B, Value *V, const DataLayout &DL) {
  Type *IntTy = B.getIntNTy(DL.getTypeSizeInBits(V->getType()));
  if (V->getType()->isPointerTy())
    V = B.CreatePtrToInt(V, IntTy);
  else if (!V->getType()->isIntegerTy())
    V = B.CreateBitCast(V, IntTy);
  return B.CreateZExt(V, B.getInt64Ty());
}

Value *fromI64(IRBuilder<> &B, Value *V, Type *Ty, const DataLayout &DL) {
  V = B.CreateTrunc(V, B.getIntNTy(DL.getTypeSizeInBits(Ty)));
  if (Ty->isPointerTy())
    return B.CreateIntToPtr(V, Ty);
  return Ty->isIntegerTy() ? V : B.CreateBitCast(V, Ty);
}

bool isMaskedOrVectorMemIntrinsic(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::masked_load:
  case Intrinsic::masked_store:
  case Intrinsic::masked_gather:
  case Intrinsic::masked_scatter:
  case Intrinsic::masked_expandload:
  case Intrinsic::masked_compressstore:
  case Intrinsic::vp_load:
  case Intrinsic::vp_store:
  case Intrinsic::vp_gather:
  case Intrinsic::vp_scatter:
  case Intrinsic::experimental_vp_strided_load:
  case Intrinsic::experimental_vp_strided_store:
    return true;
  default:
    return false;
  }
}

/// The thread-local variable behind a llvm.threadlocal.address call, or V.
const Value *lookThroughThreadLocalAddress(const Value *V) {
  if (const auto *II = dyn_cast<IntrinsicInst>(V))
    if (II->getIntrinsicID() == Intrinsic::threadlocal_address)
      return II->getArgOperand(0)->stripPointerCasts();
  return V;
}

/// The address operand of a load, store, atomicrmw or cmpxchg.
Value *accessAddress(Instruction &I) {
  if (Value *Addr = getLoadStorePointerOperand(&I))
    return Addr;
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return RMW->getPointerOperand();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getPointerOperand();
  return nullptr;
}

/// True if U is the address operand of an instruction that reads or writes
/// the memory it points to (and does nothing else with the pointer).
bool isAccessAddress(const Use &U) {
  const User *I = U.getUser();
  unsigned Op = U.getOperandNo();
  if (isa<LoadInst>(I))
    return true;
  if (isa<StoreInst>(I))
    return Op == StoreInst::getPointerOperandIndex();
  if (isa<AtomicRMWInst>(I))
    return Op == AtomicRMWInst::getPointerOperandIndex();
  if (isa<AtomicCmpXchgInst>(I))
    return Op == AtomicCmpXchgInst::getPointerOperandIndex();
  if (isa<MemTransferInst>(I))
    return Op == 0 || Op == 1;
  if (isa<MemSetInst>(I))
    return Op == 0;
  return false;
}

/// True if Usr only feeds llvm.global.annotations (annotating a function
/// does not take its address).
bool onlyFeedsAnnotations(const User *Usr) {
  if (const auto *GV = dyn_cast<GlobalVariable>(Usr))
    return GV->getName() == "llvm.global.annotations";
  if (!isa<Constant>(Usr) || isa<GlobalValue>(Usr))
    return false;
  return all_of(Usr->users(),
                [](const User *U) { return onlyFeedsAnnotations(U); });
}

/// True if U is the annotated pointer of a llvm.ptr.annotation call (clang's
/// field annotations), which returns that pointer.
bool isPtrAnnotationOf(const Use &U) {
  const auto *II = dyn_cast<IntrinsicInst>(U.getUser());
  return II && II->getIntrinsicID() == Intrinsic::ptr_annotation &&
         U.getOperandNo() == 0;
}

/// Collects the functions whose instructions access the memory of V (looking
/// through GEPs, casts, phis, selects and llvm.threadlocal.address). Returns
/// false if some use lets the address escape.
bool collectAccessors(const Value *V, SmallPtrSetImpl<const Function *> &Out,
                      SmallPtrSetImpl<const Value *> &Visited) {
  if (!Visited.insert(V).second)
    return true;
  for (const Use &U : V->uses()) {
    const User *Usr = U.getUser();
    if (onlyFeedsAnnotations(Usr))
      continue;
    if (isa<GEPOperator>(Usr) || isa<BitCastOperator>(Usr) ||
        isa<AddrSpaceCastOperator>(Usr) || isa<PHINode>(Usr) ||
        isa<SelectInst>(Usr) || lookThroughThreadLocalAddress(Usr) != Usr ||
        isPtrAnnotationOf(U)) {
      if (!collectAccessors(Usr, Out, Visited))
        return false;
      continue;
    }
    if (!isa<Instruction>(Usr) || !isAccessAddress(U))
      return false;
    Out.insert(cast<Instruction>(Usr)->getFunction());
  }
  return true;
}

bool isAddressTaken(const Function &F) {
  for (const Use &U : F.uses()) {
    const auto *CB = dyn_cast<CallBase>(U.getUser());
    if (CB && CB->isCallee(&U))
      continue;
    if (!onlyFeedsAnnotations(U.getUser()))
      return true;
  }
  return false;
}

const Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

bool isAllocFunctionName(StringRef Name) {
  return StringSwitch<bool>(Name)
      .Cases({"malloc", "calloc", "realloc", "aligned_alloc", "memalign"}, true)
      .Cases({"valloc", "pvalloc", "strdup", "strndup"}, true)
      .Default(false);
}

//===----------------------------------------------------------------------===//
// The instrumenter: module-wide analysis, then function by function.
//===----------------------------------------------------------------------===//

/// Why a function is reachable by another thread (or from outside).
enum class RootKind { ThreadRoutine, ExternallyVisible, AddressTaken };

struct Reach {
  RootKind Kind = RootKind::AddressTaken;
  const Function *Root = nullptr;
};

/// Whether an object is shared; the private kinds say why it is not.
enum class Sharing {
  Shared,
  PrivateLocal,
  PrivateGlobal,
  Constant,
  ThreadLocal
};

struct Verdict {
  Sharing S = Sharing::Shared;
  std::string Reason; // completes "'x' is shared: " or "'x' is private: "
};

/// The decision for one address operand.
struct AddrDecision {
  bool Instrument = false;
  Sharing Why = Sharing::Shared; // for the skipped-* statistics
  const Value *Object = nullptr; // the single named object, if known
};

/// What one site descriptor holds besides the location.
struct SiteSpec {
  uint8_t Kind;
  uint8_t Size = 0;
  uint8_t Order = 0, OrderFail = 0, RMWOp = 0, Flags = 0;
  const Value *Object = nullptr;
};

/// Instrumented-access counts of one function, for its remark.
struct Counts {
  unsigned Reads = 0, Writes = 0, Atomics = 0, Fences = 0, Ranges = 0;
  unsigned LoopRanges = 0;
  unsigned total() const {
    return Reads + Writes + Atomics + Fences + Ranges + LoopRanges;
  }
};

/// A memcpy/memmove/memset, as an intrinsic or a call (the _FORTIFY_SOURCE
/// __mem*_chk functions, or the library functions under -fno-builtin).
struct MemOp {
  CallBase *Call;
  Value *Dst, *Src, *Length; ///< Src is null for memset.
  bool Volatile;
  AddrDecision DstD, SrcD;
};

/// What instrumentFunction() found to do in one function.
struct FunctionPlan {
  /// Loads, stores and atomics of shared memory.
  SmallVector<std::pair<Instruction *, AddrDecision>, 32> Accesses;
  /// Plain loads and stores checked once per loop, before it.
  SmallVector<std::pair<LoopRange, AddrDecision>, 8> LoopRanges;
  /// Memory intrinsics and mem* library calls, as ranges.
  SmallVector<MemOp, 4> MemOps;
  SmallVector<CallBase *, 4> Spawns;
  SmallVector<CallInst *, 4> Allocs;
  SmallVector<FenceInst *, 4> Fences;
  /// Locals whose accesses are instrumented: the runtime must see them born.
  SmallVector<AllocaInst *, 8> Locals;
};

class Instrumenter : public ModuleFacts {
public:
  Instrumenter(Module &M, FunctionAnalysisManager &FAM)
      : M(M), Ctx(M.getContext()), DL(M.getDataLayout()), FAM(FAM),
        All(ClScope == InstrumentScope::All),
        PtrTy(PointerType::getUnqual(Ctx)), I64Ty(Type::getInt64Ty(Ctx)),
        VoidTy(Type::getVoidTy(Ctx)),
        VarTy(buildStructType(Ctx, VarLayout, "struct.ag_var")),
        SiteTy(buildStructType(Ctx, SiteLayout, "struct.ag_site")),
        GlobalTy(buildStructType(Ctx, GlobalLayout, "struct.ag_global")) {}

  bool run();

  // ModuleFacts, for the checks and the audit.
  bool isSpawnCall(const CallBase &CB) const override;
  ArrayRef<const Function *> threadRoutines() const override {
    return ThreadRoutines;
  }
  SmallVector<const Function *, 2>
  routinesReaching(const Function &F) const override;
  std::pair<bool, std::string> sharing(const Value *Obj) override;
  std::optional<VarInfo> describe(const Value *Obj) const override {
    return describeVariable(Obj);
  }

private:
  // Module-wide analysis.
  void collectSpawnersAndRoutines();
  void computeReachability();
  Verdict classifyGlobal(const GlobalVariable &G);
  std::string describeReach(const Function &Accessor, const Reach &R) const;

  // Per-access decisions (made before the function is changed).
  Sharing sharingOf(const Value *Obj);
  AddrDecision decide(const Value *Addr, const Instruction &I);
  bool isCaptured(const Value *V);

  // Rewriting: plan() decides on the unmodified function, apply() changes it.
  void instrumentFunction(Function &F);
  FunctionPlan plan(Function &F, OptimizationRemarkEmitter &ORE);
  void planAccess(Instruction &I, Value *Addr, FunctionPlan &P,
                  OptimizationRemarkEmitter &ORE);
  void planCall(CallBase &CB, FunctionPlan &P, OptimizationRemarkEmitter &ORE);
  unsigned elideRedundant(Function &F, FunctionPlan &P);
  unsigned coalesceLoops(Function &F, FunctionPlan &P);
  Counts apply(Function &F, const FunctionPlan &P,
               OptimizationRemarkEmitter &ORE);
  Constant *loopRangeSite(const LoopRange &R, const AddrDecision &D);
  void emitLoopRange(const LoopRange &R, Constant *Site, BasicBlock *At,
                     Value *Begin, Value *Bytes);
  void instrumentPlain(Instruction &I, Value *Addr, Type *Ty, bool IsWrite,
                       bool IsVolatile, const Value *Obj, Counts &C);
  void instrumentAtomic(Instruction &I, const Value *Obj);
  void emitPlainCheck(Instruction &I, Value *Addr, uint64_t Size, bool IsWrite,
                      Constant *Site);
  void instrumentMemOp(const MemOp &Op, Counts &C);
  void instrumentEscapingLocal(AllocaInst &AI, OptimizationRemarkEmitter &ORE);
  bool checkAtomic(Instruction &I, OptimizationRemarkEmitter &ORE);
  void registerGlobals();

  // Descriptors.
  Constant *getString(StringRef S);
  Constant *getVar(const Value *Obj);
  Constant *makeSite(const Instruction &I, const SiteSpec &S);
  std::optional<VarInfo> describeVariable(const Value *Obj) const;
  CallInst *emitCall(IRBuilder<> &B, StringRef Name, Type *RetTy,
                     ArrayRef<Value *> Args);

  // Remarks.
  void remarkUnsupported(OptimizationRemarkEmitter &ORE, const Instruction &I,
                         const Twine &Msg);
  void remarkLocals(Function &F, OptimizationRemarkEmitter &ORE);
  void remarkGlobals();

  Module &M;
  LLVMContext &Ctx;
  const DataLayout &DL;
  FunctionAnalysisManager &FAM;
  const bool All;
  PointerType *PtrTy;
  IntegerType *I64Ty;
  Type *VoidTy;
  StructType *VarTy, *SiteTy, *GlobalTy;

  StringSet<> SpawnerNames;
  SmallPtrSet<const Function *, 8> AnnotatedSpawners, NoInstrument;
  SmallVector<const Function *, 8> ThreadRoutines;
  DenseMap<const Function *, Reach> Reached;
  /// Thread routines from which each function is reachable.
  DenseMap<const Function *, SmallVector<const Function *, 2>> RoutinesOf;
  Annotations Intents;
  const OrderingChecker *Checker = nullptr;
  PlainAccessFilter *PlainFilter = nullptr;
  DenseMap<const GlobalVariable *, Verdict> GlobalVerdicts;
  bool WarnedOpenMP = false;
  /// Where instrumented code first accesses a global (for its remark; the
  /// instruction itself may be replaced).
  struct FirstAccess {
    const BasicBlock *BB;
    DebugLoc Loc;
  };
  MapVector<const GlobalVariable *, FirstAccess> AccessedGlobals;
  DenseMap<const Value *, bool> Captured;
  DenseMap<const Value *, Constant *> Vars;
  StringMap<Constant *> Strings;
  bool Changed = false;
};

bool Instrumenter::run() {
  const Triple &TT = M.getTargetTriple();
  if (TT.isNVPTX() || TT.isAMDGPU() || TT.isSPIRV() || TT.isSPIR())
    return false; // Device code: the runtime lives on the host.
  if (!matchesHostLayout(DL, VarTy, VarLayout) ||
      !matchesHostLayout(DL, SiteTy, SiteLayout) ||
      !matchesHostLayout(DL, GlobalTy, GlobalLayout)) {
    Ctx.emitError("atomicguard: descriptor layout does not match abi.h on "
                  "this target");
    return false;
  }
  // A second copy of the plugin in the same compiler (two -fpass-plugin
  // flags) must not instrument the instrumentation.
  if (M.getModuleFlag("atomicguard.instrumented"))
    return false;
  M.addModuleFlag(Module::Warning, "atomicguard.instrumented", 1);
  collectSpawnersAndRoutines();
  PlainAccessFilter Filter(M, NoInstrument);
  PlainFilter = &Filter;
  computeReachability();
  for (const GlobalVariable &G : M.globals())
    if (!G.getName().starts_with("llvm.") && G.getSection() != "llvm.metadata")
      GlobalVerdicts[&G] = classifyGlobal(G);

  // The checks see the module as the optimizer left it; instrumentation
  // rewrites the atomics they look at.
  Intents.read(M, [&](const Value *V) {
    std::optional<VarInfo> Info = describeVariable(V);
    return Info ? Info->Name : std::string();
  });
  OrderingChecker Checks(M, FAM, *this, Intents);
  Checks.run();
  Checker = &Checks;

  SmallVector<Function *, 32> Worklist;
  for (Function &F : M)
    Worklist.push_back(&F);
  for (Function *F : Worklist)
    instrumentFunction(*F);
  PlainFilter = nullptr;

  remarkGlobals();
  registerGlobals();
  if (!ClAuditDir.empty())
    writeAudit(M, ClAuditDir, *this, Checks);
  Checker = nullptr;
  return Changed;
}

//===-- Module-wide analysis ----------------------------------------------===//

void Instrumenter::collectSpawnersAndRoutines() {
  SpawnerNames.insert("pthread_create");
  SpawnerNames.insert("thrd_create");
  for (const std::string &Name : ClSpawners)
    if (!Name.empty())
      SpawnerNames.insert(Name);

  if (const GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations"))
    if (const auto *CA =
            dyn_cast_or_null<ConstantArray>(GA->getInitializer())) {
      for (const Use &Entry : CA->operands()) {
        const auto *CS = dyn_cast<ConstantStruct>(Entry.get());
        if (!CS || CS->getNumOperands() < 2)
          continue;
        const auto *F =
            dyn_cast<Function>(CS->getOperand(0)->stripPointerCasts());
        StringRef Text;
        if (!F || !getConstantStringInfo(CS->getOperand(1), Text))
          continue;
        if (Text == "atomicguard.spawner")
          AnnotatedSpawners.insert(F);
        else if (Text == "atomicguard.no_instrument")
          NoInstrument.insert(F);
      }
    }

  SmallPtrSet<const Function *, 8> Seen;
  for (const Function &F : M)
    for (const Instruction &I : instructions(F)) {
      const auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || !isSpawnCall(*CB))
        continue;
      StringRef Name = directCallee(*CB)->getName();
      for (unsigned Arg = 0, E = CB->arg_size(); Arg != E; ++Arg) {
        if ((Name == "pthread_create" && Arg != 2) ||
            (Name == "thrd_create" && Arg != 1))
          continue;
        const auto *Routine =
            dyn_cast<Function>(CB->getArgOperand(Arg)->stripPointerCasts());
        if (Routine && Seen.insert(Routine).second)
          ThreadRoutines.push_back(Routine);
      }
    }
}

SmallVector<const Function *, 2>
Instrumenter::routinesReaching(const Function &F) const {
  return RoutinesOf.lookup(&F);
}

std::pair<bool, std::string> Instrumenter::sharing(const Value *Obj) {
  if (const auto *G = dyn_cast<GlobalVariable>(Obj)) {
    auto It = GlobalVerdicts.find(G);
    if (It != GlobalVerdicts.end())
      return {It->second.S == Sharing::Shared, It->second.Reason};
    return {!G->isConstant(), G->isConstant() ? "it is constant" : ""};
  }
  if (isa<AllocaInst>(Obj))
    return isCaptured(Obj)
               ? std::make_pair(true, std::string("its address escapes"))
               : std::make_pair(false,
                                std::string("its address does not escape"));
  return {true, "it is reached through a pointer"};
}

bool Instrumenter::isSpawnCall(const CallBase &CB) const {
  const Function *Callee = directCallee(CB);
  return Callee && (AnnotatedSpawners.count(Callee) ||
                    SpawnerNames.contains(Callee->getName()));
}

/// Roots are the functions another thread or another module can enter:
/// thread routines first (so remarks name them), then externally visible
/// functions other than main, then address-taken functions.
void Instrumenter::computeReachability() {
  auto Visit = [&](const Function *Root, RootKind Kind) {
    SmallVector<const Function *, 16> Stack{Root};
    while (!Stack.empty()) {
      const Function *F = Stack.pop_back_val();
      if (!Reached.try_emplace(F, Reach{Kind, Root}).second)
        continue;
      for (const Instruction &I : instructions(*F))
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (const Function *Callee = directCallee(*CB))
            if (!Callee->isDeclaration())
              Stack.push_back(Callee);
    }
  };
  for (const Function *F : ThreadRoutines)
    Visit(F, RootKind::ThreadRoutine);
  // Every routine that reaches each function (Reached keeps the first).
  SmallVector<const Function *, 8> Sorted(ThreadRoutines.begin(),
                                          ThreadRoutines.end());
  sort(Sorted, [](const Function *A, const Function *B) {
    return A->getName() < B->getName();
  });
  for (const Function *Routine : Sorted) {
    SmallPtrSet<const Function *, 16> Seen;
    SmallVector<const Function *, 16> Stack{Routine};
    while (!Stack.empty()) {
      const Function *F = Stack.pop_back_val();
      if (!Seen.insert(F).second)
        continue;
      RoutinesOf[F].push_back(Routine);
      for (const Instruction &I : instructions(*F))
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (const Function *Callee = directCallee(*CB))
            if (!Callee->isDeclaration())
              Stack.push_back(Callee);
    }
  }
  for (const Function &F : M)
    if (!F.isDeclaration() && !F.hasLocalLinkage() && F.getName() != "main")
      Visit(&F, RootKind::ExternallyVisible);
  for (const Function &F : M)
    if (!F.isDeclaration() && isAddressTaken(F))
      Visit(&F, RootKind::AddressTaken);
}

std::string Instrumenter::describeReach(const Function &Accessor,
                                        const Reach &R) const {
  const char *What = R.Kind == RootKind::ThreadRoutine ? "thread routine"
                     : R.Kind == RootKind::ExternallyVisible
                         ? "externally visible function"
                         : "address-taken function";
  std::string Root = (Twine(What) + " '" + sourceName(*R.Root) + "'").str();
  if (&Accessor == R.Root)
    return "it is accessed from " + Root;
  return ("it is accessed from '" + sourceName(Accessor) +
          "', which is reachable from " + Root)
      .str();
}

Verdict Instrumenter::classifyGlobal(const GlobalVariable &G) {
  if (G.isConstant())
    return {Sharing::Constant, "it is constant"};
  SmallPtrSet<const Function *, 8> Accessors;
  SmallPtrSet<const Value *, 8> Visited;
  bool Contained = collectAccessors(&G, Accessors, Visited);
  // Another unit can take the address of an external thread-local and hand
  // it to a thread, so only an internal one can be proved private here.
  if (G.isThreadLocal() && !G.hasLocalLinkage())
    return {Sharing::Shared,
            "it is thread-local, but has external linkage: another unit may "
            "pass its address to a thread"};
  if (G.isThreadLocal())
    return Contained ? Verdict{Sharing::ThreadLocal, "it is thread-local"}
                     : Verdict{Sharing::Shared, "its address escapes"};
  if (!G.hasLocalLinkage())
    return {Sharing::Shared, "it has external linkage"};
  if (!Contained)
    return {Sharing::Shared, "its address escapes"};
  // Name the most telling accessor: thread routines first, then roots
  // themselves; the name breaks ties so that remarks are deterministic.
  auto Rank = [&](const Function *F) {
    const Reach &R = Reached.find(F)->second;
    return std::make_tuple(R.Kind, F != R.Root, F->getName());
  };
  const Function *Best = nullptr;
  for (const Function *F : Accessors)
    if (Reached.count(F) && (!Best || Rank(F) < Rank(Best)))
      Best = F;
  if (!Best)
    return {Sharing::PrivateGlobal,
            "internal and not reachable from any thread routine"};
  return {Sharing::Shared, describeReach(*Best, Reached.lookup(Best))};
}

//===-- Per-access decisions ----------------------------------------------===//

/// Finds uses that could let another thread access an object: those that
/// capture its provenance, except volatile accesses to the object itself
/// (which LLVM counts as captures because the access is observable).
/// Annotations (atomicguard.h intents) are not captures: llvm.var.annotation
/// only names the local, llvm.ptr.annotation returns the pointer it is given.
struct ThreadEscapeTracker : public CaptureTracker {
  bool Escaped = false;
  void tooManyUses() override { Escaped = true; }
  Action captured(const Use *U, UseCaptureInfo CI) override {
    if (isAccessAddress(*U) && isVolatileAccess(*U->getUser()))
      return ContinueIgnoringReturn;
    if (const auto *II = dyn_cast<IntrinsicInst>(U->getUser())) {
      if (II->getIntrinsicID() == Intrinsic::var_annotation)
        return ContinueIgnoringReturn;
      if (isPtrAnnotationOf(*U)) {
        PointerMayBeCaptured(II, this);
        return Escaped ? Stop : ContinueIgnoringReturn;
      }
    }
    if (!capturesAnyProvenance(CI.UseCC))
      return Continue;
    Escaped = true;
    return Stop;
  }
  static bool isVolatileAccess(const User &I) {
    if (const auto *MI = dyn_cast<MemIntrinsic>(&I))
      return MI->isVolatile();
    return isa<Instruction>(I) && cast<Instruction>(I).isVolatile();
  }
};

bool Instrumenter::isCaptured(const Value *V) {
  auto [It, Inserted] = Captured.try_emplace(V, true);
  if (Inserted) {
    ThreadEscapeTracker Tracker;
    // LLVM's default gives up after 100 uses, which would make every local
    // of a large function look escaping: a use costs little here.
    PointerMayBeCaptured(V, &Tracker, /*MaxUsesToExplore=*/1u << 16);
    It->second = Tracker.Escaped;
  }
  return It->second;
}

Sharing Instrumenter::sharingOf(const Value *Obj) {
  if (const auto *G = dyn_cast<GlobalVariable>(Obj)) {
    auto It = GlobalVerdicts.find(G);
    if (It != GlobalVerdicts.end())
      return It->second.S;
    return G->isConstant() ? Sharing::Constant : Sharing::Shared;
  }
  if (isa<AllocaInst>(Obj) || isNoAliasCall(Obj))
    return isCaptured(Obj) ? Sharing::Shared : Sharing::PrivateLocal;
  return Sharing::Shared;
}

AddrDecision Instrumenter::decide(const Value *Addr, const Instruction &I) {
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Addr, Objects);
  AddrDecision D;
  D.Instrument = All;
  for (const Value *&Obj : Objects) {
    Obj = lookThroughThreadLocalAddress(Obj);
    if (All)
      continue;
    Sharing S = sharingOf(Obj);
    if (S == Sharing::Shared)
      D.Instrument = true;
    else if (D.Why == Sharing::Shared)
      D.Why = S;
    if (const auto *G = dyn_cast<GlobalVariable>(Obj))
      if (GlobalVerdicts.count(G))
        AccessedGlobals.insert({G, {I.getParent(), I.getDebugLoc()}});
  }
  if (Objects.size() == 1 &&
      (isa<GlobalVariable>(Objects[0]) || isa<AllocaInst>(Objects[0])))
    D.Object = Objects[0];
  if (!D.Instrument) {
    switch (D.Why) {
    case Sharing::PrivateLocal:
      ++NumSkippedPrivateLocal;
      break;
    case Sharing::PrivateGlobal:
      ++NumSkippedPrivateGlobal;
      break;
    case Sharing::Constant:
      ++NumSkippedConstant;
      break;
    case Sharing::ThreadLocal:
      ++NumSkippedThreadLocal;
      break;
    case Sharing::Shared:
      break;
    }
  }
  return D;
}

//===-- Descriptors -------------------------------------------------------===//

Constant *Instrumenter::getString(StringRef S) {
  Constant *&Slot = Strings[S];
  if (!Slot) {
    Constant *Init = ConstantDataArray::getString(Ctx, S);
    auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init, "ag.str");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    Slot = GV;
  }
  return Slot;
}

std::optional<VarInfo> Instrumenter::describeVariable(const Value *Obj) const {
  VarInfo Info;
  if (const auto *G = dyn_cast<GlobalVariable>(Obj)) {
    if (G->getValueType()->isSized())
      Info.Size = DL.getTypeAllocSize(G->getValueType()).getKnownMinValue();
    SmallVector<DIGlobalVariableExpression *, 1> GVEs;
    G->getDebugInfo(GVEs);
    if (!GVEs.empty() && GVEs[0]->getVariable()) {
      const DIGlobalVariable *DV = GVEs[0]->getVariable();
      Info.Name = DV->getName().str();
      Info.File = DV->getFilename();
      Info.Line = DV->getLine();
      Info.Kind = AG_VAR_GLOBAL;
      Info.FromDebugInfo = true;
      Info.DIVar = DV;
      if (const auto *LS = dyn_cast_or_null<DILocalScope>(DV->getScope())) {
        Info.Kind = AG_VAR_STATIC_LOCAL;
        if (const DISubprogram *SP = LS->getSubprogram())
          Info.Function = SP->getName().str();
      }
      return Info;
    }
    // Names clang makes up (".str", "__const.f.x", ...) are not variables.
    StringRef Name = G->getName();
    if (Name.empty() || Name.starts_with(".") || Name.starts_with("llvm.") ||
        (G->hasPrivateLinkage() && G->hasGlobalUnnamedAddr()))
      return std::nullopt;
    Info.Kind = AG_VAR_GLOBAL;
    Info.Name = Name.str();
    // Defined here: declared in this file (for reports' "declared in FILE").
    if (!G->isDeclaration())
      Info.File = M.getSourceFileName();
    // clang names a static local "fn.var" (plus ".N" when fn has several).
    auto [Fn, Var] = Name.split('.');
    if (G->hasLocalLinkage() && !Var.empty() && M.getFunction(Fn)) {
      auto [Base, Suffix] = Var.rsplit('.');
      if (!Suffix.empty() && all_of(Suffix, isDigit))
        Var = Base;
      Info.Kind = AG_VAR_STATIC_LOCAL;
      Info.Name = Var.str();
      Info.Function = Fn.str();
    }
    return Info;
  }
  if (const auto *AI = dyn_cast<AllocaInst>(Obj)) {
    if (std::optional<TypeSize> Size = AI->getAllocationSize(DL))
      if (!Size->isScalable())
        Info.Size = Size->getFixedValue();
    Info.Kind = AG_VAR_LOCAL;
    auto *Mutable = const_cast<AllocaInst *>(AI);
    DbgVariableRecord *DVR = nullptr;
    if (auto Declares = findDVRDeclares(Mutable); !Declares.empty())
      DVR = Declares.front();
    else if (auto Assigns = at::getDVRAssignmentMarkers(AI); !Assigns.empty())
      DVR = Assigns.front();
    if (DVR && DVR->getVariable()) {
      const DILocalVariable *LV = DVR->getVariable();
      Info.Name = LV->getName().str();
      Info.File = LV->getFilename();
      Info.Line = LV->getLine();
      Info.FromDebugInfo = true;
      Info.DIVar = LV;
      Info.DeclLoc = DVR->getDebugLoc();
      if (const DISubprogram *SP = LV->getScope()->getSubprogram())
        Info.Function = SP->getName().str();
      return Info;
    }
    if (!AI->hasName())
      return std::nullopt;
    Info.Name = AI->getName().str(); // For remarks only (see getVar).
    Info.Function = sourceName(*AI->getFunction()).str();
    return Info;
  }
  return std::nullopt;
}

Constant *Instrumenter::getVar(const Value *Obj) {
  if (!Obj)
    return nullptr;
  auto It = Vars.find(Obj);
  if (It != Vars.end())
    return It->second;
  std::optional<VarInfo> Info = describeVariable(Obj);
  Constant *Result = nullptr;
  // Without debug info, only globals have a trustworthy source name.
  if (Info && !Info->Name.empty() &&
      (Info->FromDebugInfo || isa<GlobalVariable>(Obj))) {
    auto OrNull = [&](StringRef S) {
      return S.empty() ? ConstantPointerNull::get(PtrTy) : getString(S);
    };
    IntentDecl Decl;
    if (const IntentDecl *D = Intents.forObject(Obj))
      Decl = *D;
    Constant *Fields[] = {
        getString(Info->Name),
        OrNull(Info->File),
        OrNull(Info->Function),
        ConstantInt::get(Type::getInt32Ty(Ctx), Info->Line),
        ConstantInt::get(Type::getInt8Ty(Ctx), Info->Kind),
        ConstantInt::get(Type::getInt8Ty(Ctx), uint8_t(Decl.Kind)),
        ConstantInt::get(Type::getInt16Ty(Ctx), 0),
        OrNull(Decl.Rationale),
        ConstantInt::get(I64Ty, Info->Size)};
    Result = new GlobalVariable(M, VarTy, /*isConstant=*/true,
                                GlobalValue::PrivateLinkage,
                                ConstantStruct::get(VarTy, Fields), "ag.var");
  }
  Vars[Obj] = Result;
  return Result;
}

/// Reports show one frame, so an access inlined from a system header (the
/// _FORTIFY_SOURCE memcpy wrapper, a libc inline function) is shown where the
/// user's code called it.
static const DILocation *userLocation(const DILocation *Loc) {
  auto IsSystem = [](const DILocation *L) {
    SmallString<128> Path(L->getFilename());
    if (!sys::path::is_absolute(Path)) {
      Path = L->getDirectory();
      sys::path::append(Path, L->getFilename());
    }
    return Path.starts_with("/usr/include/") || Path.starts_with("/usr/lib/");
  };
  while (Loc->getInlinedAt() && IsSystem(Loc))
    Loc = Loc->getInlinedAt();
  return Loc;
}

Constant *Instrumenter::makeSite(const Instruction &I, const SiteSpec &S) {
  const Function &F = *I.getFunction();
  StringRef File = M.getSourceFileName();
  StringRef Func = sourceName(F);
  unsigned Line = 0, Column = 0;
  if (const DILocation *Loc = I.getDebugLoc()) {
    Loc = userLocation(Loc);
    File = Loc->getFilename();
    Line = Loc->getLine();
    Column = Loc->getColumn();
    if (const DISubprogram *SP = Loc->getScope()->getSubprogram())
      if (!SP->getName().empty())
        Func = SP->getName();
  } else if (const DISubprogram *SP = F.getSubprogram()) {
    File = SP->getFilename();
  }
  Constant *Var = getVar(S.Object);
  auto *I8 = Type::getInt8Ty(Ctx);
  Intent SiteIntent =
      Checker ? Checker->intentOf(I, isa<AnyMemIntrinsic>(I) &&
                                         S.Kind == AG_SITE_READ_RANGE)
              : Intent::None;
  Constant *Fields[] = {getString(File),
                        getString(Func),
                        Var ? Var : ConstantPointerNull::get(PtrTy),
                        ConstantInt::get(Type::getInt32Ty(Ctx), Line),
                        ConstantInt::get(Type::getInt32Ty(Ctx), Column),
                        ConstantInt::get(I8, S.Kind),
                        ConstantInt::get(I8, S.Order),
                        ConstantInt::get(I8, S.OrderFail),
                        ConstantInt::get(I8, S.Size),
                        ConstantInt::get(I8, S.RMWOp),
                        ConstantInt::get(I8, S.Flags),
                        ConstantInt::get(I8, uint8_t(SiteIntent)),
                        ConstantInt::get(I8, 0)};
  return new GlobalVariable(M, SiteTy, /*isConstant=*/true,
                            GlobalValue::PrivateLinkage,
                            ConstantStruct::get(SiteTy, Fields), "ag.site");
}

CallInst *Instrumenter::emitCall(IRBuilder<> &B, StringRef Name, Type *RetTy,
                                 ArrayRef<Value *> Args) {
  SmallVector<Type *, 4> ArgTys;
  for (Value *A : Args)
    ArgTys.push_back(A->getType());
  AttributeList Attrs =
      AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind);
  FunctionCallee Fn = M.getOrInsertFunction(
      Name, FunctionType::get(RetTy, ArgTys, /*isVarArg=*/false), Attrs);
  Changed = true;
  return B.CreateCall(Fn, Args);
}

//===-- Rewriting ---------------------------------------------------------===//

void Instrumenter::instrumentFunction(Function &F) {
  if (F.isDeclaration() || F.getName().starts_with("__atomicguard") ||
      F.hasFnAttribute(Attribute::Naked) ||
      F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
    return;
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  FunctionPlan P = plan(F, ORE);
  if (!All)
    remarkLocals(F, ORE);
  unsigned Elided = ClElideRedundant ? elideRedundant(F, P) : 0;
  unsigned Coalesced = ClCoalesceLoops ? coalesceLoops(F, P) : 0;
  Counts C = apply(F, P, ORE);
  if (Elided)
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Elided", &F)
             << "elided " << ore::NV("Elided", Elided)
             << " checks in '" << sourceName(F)
             << "' that other checks of the same bytes cover";
    });
  if (Coalesced)
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "LoopRanges", &F)
             << "checked " << ore::NV("LoopRanges", Coalesced)
             << " accesses in loops of '" << sourceName(F)
             << "' once per loop, as the range all iterations access";
    });
  if (C.total() == 0)
    return;
  ORE.emit([&] {
    return OptimizationRemark(DEBUG_TYPE, "Instrumented", &F)
           << "instrumented " << ore::NV("Accesses", C.total())
           << " memory accesses in '" << sourceName(F) << "' ("
           << ore::NV("Reads", C.Reads) << " reads, "
           << ore::NV("Writes", C.Writes) << " writes, "
           << ore::NV("Atomics", C.Atomics) << " atomic operations, "
           << ore::NV("Fences", C.Fences) << " fences, "
           << ore::NV("Ranges", C.Ranges) << " ranges, "
           << ore::NV("LoopRanges", C.LoopRanges) << " loop ranges)";
  });
}

/// Drops planned plain accesses whose check another one covers.
unsigned Instrumenter::elideRedundant(Function &F, FunctionPlan &P) {
  SmallPtrSet<const Instruction *, 32> Checked;
  for (const auto &Access : P.Accesses)
    Checked.insert(Access.first);
  SmallPtrSet<const Instruction *, 16> Redundant =
      findRedundantChecks(F, Checked);
  erase_if(P.Accesses,
           [&](const auto &Access) { return Redundant.count(Access.first); });
  NumElidedRedundant += Redundant.size();
  return Redundant.size();
}

/// Moves the plain accesses that can be checked once per loop from
/// P.Accesses to P.LoopRanges.
unsigned Instrumenter::coalesceLoops(Function &F, FunctionPlan &P) {
  SmallVector<Instruction *, 32> Candidates;
  DenseMap<const Instruction *, AddrDecision> Decisions;
  for (const auto &[I, D] : P.Accesses)
    if (!I->isAtomic()) {
      Candidates.push_back(I);
      Decisions[I] = D;
    }
  if (Candidates.empty())
    return 0;
  SmallVector<LoopRange, 8> Ranges =
      findLoopRanges(Candidates, FAM.getResult<LoopAnalysis>(F),
                     FAM.getResult<ScalarEvolutionAnalysis>(F),
                     FAM.getResult<DominatorTreeAnalysis>(F));
  SmallPtrSet<const Instruction *, 16> Coalesced;
  for (const LoopRange &R : Ranges) {
    Coalesced.insert(R.Accesses.begin(), R.Accesses.end());
    P.LoopRanges.push_back({R, Decisions[R.Accesses.front()]});
  }
  erase_if(P.Accesses,
           [&](const auto &Access) { return Coalesced.count(Access.first); });
  NumLoopRanges += Coalesced.size();
  return Coalesced.size();
}

/// Decides everything on the unmodified function: the calls we insert would
/// capture every pointer they are given.
FunctionPlan Instrumenter::plan(Function &F, OptimizationRemarkEmitter &ORE) {
  FunctionPlan P;
  for (Instruction &I : instructions(F)) {
    if (I.hasMetadata(LLVMContext::MD_nosanitize))
      continue;
    if (auto *AI = dyn_cast<AllocaInst>(&I)) {
      if (!AI->isSwiftError() && (All || isCaptured(AI)))
        P.Locals.push_back(AI);
    } else if (auto *FI = dyn_cast<FenceInst>(&I)) {
      if (FI->getSyncScopeID() != SyncScope::SingleThread)
        P.Fences.push_back(FI);
    } else if (Value *Addr = accessAddress(I)) {
      planAccess(I, Addr, P, ORE);
    } else if (auto *CB = dyn_cast<CallBase>(&I)) {
      planCall(*CB, P, ORE);
    }
  }
  return P;
}

void Instrumenter::planAccess(Instruction &I, Value *Addr, FunctionPlan &P,
                              OptimizationRemarkEmitter &ORE) {
  if (!I.isAtomic() && !PlainFilter->checks(I, ORE))
    return;
  if (Addr->isSwiftError())
    return; // May only be loaded, stored or passed as swifterror.
  if (unsigned AS = Addr->getType()->getPointerAddressSpace())
    return remarkUnsupported(ORE, I,
                             "access to address space " + Twine(AS) +
                                 " is not instrumented");
  if ((isa<LoadInst>(I) || isa<StoreInst>(I)) &&
      getLoadStoreType(&I)->isScalableTy())
    return remarkUnsupported(ORE, I,
                             "scalable vector access is not instrumented");
  AddrDecision D = decide(Addr, I);
  if (D.Instrument && (!I.isAtomic() || checkAtomic(I, ORE)))
    P.Accesses.push_back({&I, D});
}

/// The library spellings of memcpy/memmove/memset: the _FORTIFY_SOURCE
/// checking versions (which clang emits at -O1 and above with
/// -D_FORTIFY_SOURCE) and the plain functions (under -fno-builtin). Their
/// first three arguments are those of the intrinsic.
static std::optional<MemOp> memLibraryCall(CallBase &CB, StringRef Name) {
  bool IsSet = Name == "memset" || Name == "__memset_chk";
  bool IsTransfer = Name == "memcpy" || Name == "memmove" ||
                    Name == "__memcpy_chk" || Name == "__memmove_chk";
  if ((!IsSet && !IsTransfer) || CB.arg_size() < 3 ||
      !CB.getArgOperand(0)->getType()->isPointerTy() ||
      !CB.getArgOperand(2)->getType()->isIntegerTy())
    return std::nullopt;
  if (IsTransfer && !CB.getArgOperand(1)->getType()->isPointerTy())
    return std::nullopt;
  return MemOp{&CB,
               CB.getArgOperand(0),
               IsTransfer ? CB.getArgOperand(1) : nullptr,
               CB.getArgOperand(2),
               /*Volatile=*/false,
               {},
               {}};
}

/// The OpenMP runtime's entry points that hand code to other threads, as
/// clang emits them for parallel, teams and task constructs.
static bool startsOpenMPWork(StringRef Name) {
  return Name == "__kmpc_fork_call" || Name == "__kmpc_fork_call_if" ||
         Name == "__kmpc_fork_teams" || Name == "__kmpc_omp_task_alloc" ||
         Name == "__kmpc_omp_target_task_alloc";
}

void Instrumenter::planCall(CallBase &CB, FunctionPlan &P,
                            OptimizationRemarkEmitter &ORE) {
  if (CB.isInlineAsm())
    return remarkUnsupported(ORE, CB, "inline asm is not instrumented");
  if (isSpawnCall(CB))
    P.Spawns.push_back(&CB);
  const Function *Callee = directCallee(CB);
  if (!Callee)
    return;
  StringRef Name = Callee->getName();
  if (!WarnedOpenMP && startsOpenMPWork(Name) && isChecked(Check::OpenMP)) {
    WarnedOpenMP = true; // once per unit: every construct has the problem
    diagnose(*CB.getFunction(), CB.getDebugLoc(), Check::OpenMP,
             "OpenMP constructs are not modeled: accesses that only the "
             "OpenMP runtime orders (a parallel region's fork and join, its "
             "barriers, critical sections and tasks) are reported as races",
             /*Error=*/false);
  }
  if (auto *CI = dyn_cast<CallInst>(&CB); CI && !CI->isMustTailCall() &&
                                          CI->getType() == PtrTy &&
                                          isAllocFunctionName(Name))
    P.Allocs.push_back(CI);
  if (Name.starts_with("__atomic_") && Callee->isDeclaration())
    return remarkUnsupported(
        ORE, CB, "libatomic call '" + Name + "' is not instrumented");
  if (!PlainFilter->checks(CB, ORE))
    return; // memory ranges are plain accesses

  if (std::optional<MemOp> Op = memLibraryCall(CB, Name)) {
    Op->DstD = decide(Op->Dst, CB);
    if (Op->Src)
      Op->SrcD = decide(Op->Src, CB);
    if (Op->DstD.Instrument || Op->SrcD.Instrument)
      P.MemOps.push_back(*Op);
    return;
  }

  Intrinsic::ID ID = Callee->getIntrinsicID();
  auto *MI = dyn_cast<AnyMemIntrinsic>(&CB);
  if (isMaskedOrVectorMemIntrinsic(ID) ||
      (MI &&
       (MI->isAtomic() || !(isa<MemTransferInst>(MI) || isa<MemSetInst>(MI)))))
    return remarkUnsupported(
        ORE, CB, "'" + Intrinsic::getBaseName(ID) + "' is not instrumented");
  if (!MI)
    return;
  auto *Transfer = dyn_cast<MemTransferInst>(MI);
  if (MI->getDestAddressSpace() != 0 ||
      (Transfer && Transfer->getSourceAddressSpace() != 0))
    return remarkUnsupported(
        ORE, CB,
        "memory intrinsic outside address space 0 is not instrumented");
  MemOp Op{MI,
           MI->getRawDest(),
           Transfer ? Transfer->getRawSource() : nullptr,
           MI->getLength(),
           cast<MemIntrinsic>(MI)->isVolatile(),
           decide(MI->getRawDest(), CB),
           {}};
  if (Transfer)
    Op.SrcD = decide(Op.Src, CB);
  if (Op.DstD.Instrument || Op.SrcD.Instrument)
    P.MemOps.push_back(Op);
}

/// Inserts the runtime calls that plan() decided on.
Counts Instrumenter::apply(Function &F, const FunctionPlan &P,
                           OptimizationRemarkEmitter &ORE) {
  Counts C;
  // First, while the loops are as ScalarEvolution analyzed them.
  if (!P.LoopRanges.empty()) {
    auto &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
    auto &DT = FAM.getResult<DominatorTreeAnalysis>(F);
    auto &LI = FAM.getResult<LoopAnalysis>(F);
    // The edges into loops first: the blocks found then are still there.
    DenseMap<const BasicBlock *, BasicBlock *> EntryOf;
    for (const auto &[R, D] : P.LoopRanges) {
      if (!R.Entry)
        continue;
      BasicBlock *&At = EntryOf[R.Header];
      if (!At)
        At = loopEntryBlock(R, DT, LI);
      Value *Bytes;
      Value *Begin = expandLoopRange(R, At, SE, Bytes);
      emitLoopRange(R, loopRangeSite(R, D), At, Begin, Bytes);
      ++C.LoopRanges;
    }
    DenseMap<std::pair<BasicBlock *, BasicBlock *>, BasicBlock *> ExitBlocks;
    DenseMap<const Loop *, Value *> IterOf;
    for (const auto &[R, D] : P.LoopRanges) {
      if (R.Entry)
        continue;
      // One site for every exit: a check per exit is still one access.
      Constant *Site = loopRangeSite(R, D);
      for (const ExitRange &E :
           expandExitRanges(R, SE, DT, LI, ExitBlocks, IterOf))
        emitLoopRange(R, Site, E.At, E.Begin, E.Bytes);
      ++C.LoopRanges;
    }
  }
  for (CallBase *CB : P.Spawns) {
    IRBuilder<> B(CB);
    emitCall(B, AG_FN_BEFORE_SPAWN, VoidTy, {makeSite(*CB, {AG_SITE_SPAWN})});
    ++NumSpawnSites;
  }
  for (AllocaInst *AI : P.Locals)
    instrumentEscapingLocal(*AI, ORE);
  for (auto &[I, D] : P.Accesses) {
    if (I->isAtomic()) {
      instrumentAtomic(*I, D.Object);
      ++C.Atomics;
      ++NumAtomics;
    } else if (auto *LI = dyn_cast<LoadInst>(I)) {
      instrumentPlain(*LI, LI->getPointerOperand(), LI->getType(),
                      /*IsWrite=*/false, LI->isVolatile(), D.Object, C);
    } else if (auto *SI = dyn_cast<StoreInst>(I)) {
      instrumentPlain(*SI, SI->getPointerOperand(),
                      SI->getValueOperand()->getType(), /*IsWrite=*/true,
                      SI->isVolatile(), D.Object, C);
    }
  }
  for (const MemOp &Op : P.MemOps)
    instrumentMemOp(Op, C);
  for (FenceInst *FI : P.Fences) {
    IRBuilder<> B(FI);
    SiteSpec S{AG_SITE_FENCE};
    S.Order = toC11Order(FI->getOrdering());
    emitCall(B, AG_FN_FENCE, VoidTy, {makeSite(*FI, S)});
    ++C.Fences;
    ++NumFences;
  }
  for (CallInst *CI : P.Allocs) {
    IRBuilder<> B(CI->getParent(), std::next(CI->getIterator()));
    B.SetCurrentDebugLocation(CI->getDebugLoc());
    emitCall(B, AG_FN_NOTE_ALLOC, VoidTy, {CI, makeSite(*CI, {AG_SITE_ALLOC})});
    ++NumAllocSites;
  }
  return C;
}

/// Atomics the runtime cannot perform are left as they are.
bool Instrumenter::checkAtomic(Instruction &I, OptimizationRemarkEmitter &ORE) {
  Type *Ty = nullptr;
  const char *What = "atomic operation";
  if (auto *LI = dyn_cast<LoadInst>(&I)) {
    Ty = LI->getType();
    What = "atomic load";
  } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
    Ty = SI->getValueOperand()->getType();
    What = "atomic store";
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
    Ty = RMW->getValOperand()->getType();
    What = "atomicrmw";
    if (!toRMWOp(*RMW)) {
      AtomicRMWInst::BinOp Op = RMW->getOperation();
      bool WrongType = Op == AtomicRMWInst::FAdd || Op == AtomicRMWInst::FSub ||
                       Op == AtomicRMWInst::FMax || Op == AtomicRMWInst::FMin;
      remarkUnsupported(ORE, I,
                        "atomicrmw " + AtomicRMWInst::getOperationName(Op) +
                            (WrongType ? " is not instrumented: only float "
                                         "and double are"
                                       : " is not instrumented: the runtime "
                                         "has no such operation"));
      return false;
    }
  } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
    Ty = CX->getNewValOperand()->getType();
    What = "cmpxchg";
  }
  if (Ty && fitsInI64(Ty, DL))
    return true;
  remarkUnsupported(
      ORE, I,
      Twine(Ty && Ty->isSized() ? DL.getTypeStoreSize(Ty).getKnownMinValue()
                                : 0) +
          "-byte " + What +
          " is not instrumented: only 1, 2, 4 and 8-byte atomics are");
  return false;
}

void Instrumenter::instrumentPlain(Instruction &I, Value *Addr, Type *Ty,
                                   bool IsWrite, bool IsVolatile,
                                   const Value *Obj, Counts &C) {
  if (!Ty->isSized())
    return;
  uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
  if (Size == 0)
    return;
  IRBuilder<> B(&I);
  uint8_t Flags = IsVolatile ? AG_SITE_VOLATILE : 0;
  if (isPlainAccessSize(Size)) {
    SiteSpec S{uint8_t(IsWrite ? AG_SITE_WRITE : AG_SITE_READ), uint8_t(Size)};
    S.Flags = Flags;
    S.Object = Obj;
    emitPlainCheck(I, Addr, Size, IsWrite, makeSite(I, S));
    ++(IsWrite ? C.Writes : C.Reads);
    ++(IsWrite ? NumWrites : NumReads);
    return;
  }
  SiteSpec S{uint8_t(IsWrite ? AG_SITE_WRITE_RANGE : AG_SITE_READ_RANGE)};
  S.Flags = Flags;
  S.Object = Obj;
  emitCall(B, IsWrite ? AG_FN_WRITE_RANGE : AG_FN_READ_RANGE, VoidTy,
           {Addr, B.getInt64(Size), makeSite(I, S)});
  ++C.Ranges;
  ++NumRanges;
}

Constant *Instrumenter::loopRangeSite(const LoopRange &R,
                                      const AddrDecision &D) {
  SiteSpec S{uint8_t(isa<StoreInst>(R.Accesses.front()) ? AG_SITE_WRITE
                                                         : AG_SITE_READ),
             uint8_t(R.ElementSize)};
  S.Object = D.Object;
  return makeSite(*R.Accesses.front(), S);
}

void Instrumenter::emitLoopRange(const LoopRange &R, Constant *Site,
                                 BasicBlock *At, Value *Begin, Value *Bytes) {
  IRBuilder<> B(At->getTerminator());
  emitCall(B,
           isa<StoreInst>(R.Accesses.front()) ? AG_FN_WRITE_LOOP
                                              : AG_FN_READ_LOOP,
           VoidTy, {Begin, Bytes, Site});
}

/// The check of a plain access of Size (1, 2, 4 or 8) bytes before I: the
/// runtime's fast path inline (abi.h, "Inline check"), and the call only if
/// it misses.
void Instrumenter::emitPlainCheck(Instruction &I, Value *Addr, uint64_t Size,
                                  bool IsWrite, Constant *Site) {
  StringRef Fn = IsWrite ? AG_FN_WRITE : AG_FN_READ;
  IRBuilder<> B(&I);
  if (!ClInlineChecks) {
    emitCall(B, Fn, VoidTy, {Addr, Site});
    return;
  }
  Function &F = *I.getFunction();
  BasicBlock *Head = I.getParent();
  BasicBlock *Cont = Head->splitBasicBlock(&I, "ag.cont");
  Head->getTerminator()->eraseFromParent();
  auto *Lookup = BasicBlock::Create(Ctx, "ag.lookup", &F, Cont);
  auto *Used = BasicBlock::Create(Ctx, "ag.used", &F, Cont);
  auto *Compare = BasicBlock::Create(Ctx, "ag.compare", &F, Cont);
  auto *Hit = BasicBlock::Create(Ctx, "ag.hit", &F, Cont);
  auto *Slow = BasicBlock::Create(Ctx, "ag.slow", &F, Cont);
  MDNode *Likely = MDBuilder(Ctx).createBranchWeights(2000, 1);
  auto *DirVar = cast<GlobalVariable>(
      M.getOrInsertGlobal(AG_SYM_SHADOW_DIR, PtrTy));
  auto *ThreadVar =
      cast<GlobalVariable>(M.getOrInsertGlobal(AG_SYM_THREAD, PtrTy));
  ThreadVar->setThreadLocalMode(GlobalValue::InitialExecTLSModel);

  // The thread, the directory and this address's chunk must exist.
  B.SetInsertPoint(Head);
  B.SetCurrentDebugLocation(I.getDebugLoc());
  Value *A = B.CreatePtrToInt(Addr, I64Ty);
  Value *Thread =
      B.CreateLoad(PtrTy, B.CreateThreadLocalAddress(ThreadVar), "ag.thread");
  Value *Dir = B.CreateLoad(PtrTy, DirVar, "ag.dir");
  Value *Ready = B.CreateAnd(
      B.CreateAnd(B.CreateIsNotNull(Thread), B.CreateIsNotNull(Dir)),
      B.CreateICmpULT(A, B.getInt64(AG_SHADOW_ADDR_LIMIT)));
  B.CreateCondBr(Ready, Lookup, Slow, Likely);

  // Within one granule: known from the alignment, else tested.
  B.SetInsertPoint(Lookup);
  Value *Chunk = B.CreateLoad(
      PtrTy,
      B.CreateGEP(PtrTy, Dir, B.CreateLShr(A, AG_SHADOW_CHUNK_SHIFT)),
      "ag.chunk");
  Value *Usable = B.CreateIsNotNull(Chunk);
  Value *Offset = B.CreateAnd(A, 7);
  uint64_t Alignment = getLoadStoreAlignment(&I).value();
  if (Alignment < Size)
    Usable = B.CreateAnd(
        Usable, B.CreateICmpULE(B.CreateAdd(Offset, B.getInt64(Size)),
                                B.getInt64(8)));
  B.CreateCondBr(Usable, Used, Slow, Likely);

  // Some cell of these bytes' group holds something.
  B.SetInsertPoint(Used);
  Value *Group = B.CreateAnd(
      B.CreateLShr(A, AG_SHADOW_GROUP_SHIFT),
      (1u << (AG_SHADOW_CHUNK_SHIFT - AG_SHADOW_GROUP_SHIFT)) - 1);
  LoadInst *Groups = B.CreateAlignedLoad(
      I64Ty, B.CreateGEP(I64Ty, Chunk, B.CreateLShr(Group, 6)), Align(8),
      "ag.groups");
  Groups->setAtomic(AtomicOrdering::Monotonic);
  Value *InUse = B.CreateTrunc(
      B.CreateLShr(Groups, B.CreateAnd(Group, 63)), B.getInt1Ty());
  B.CreateCondBr(InUse, Compare, Slow, Likely);

  // Covered by the last write, or for a read also by the last read.
  B.SetInsertPoint(Compare);
  Value *Epoch = B.CreateLoad(I64Ty, Thread, "ag.epoch");
  Value *Cell = B.CreateGEP(
      B.getInt8Ty(), Chunk,
      B.CreateAdd(B.CreateMul(B.CreateAnd(B.CreateLShr(A, 3),
                                          (1u << (AG_SHADOW_CHUNK_SHIFT - 3)) -
                                              1),
                              B.getInt64(AG_SHADOW_CELL_SIZE)),
                  B.getInt64(AG_SHADOW_CELLS_OFFSET)));
  uint64_t Bytes = (1ull << Size) - 1;
  Value *Mask = B.getInt64(Bytes << AG_ENTRY_MASK_SHIFT);
  if (Alignment < 8)
    Mask = B.CreateShl(Mask, Offset);
  auto Covers = [&](unsigned At, const char *Name) {
    LoadInst *Entry = B.CreateAlignedLoad(
        I64Ty, B.CreateConstGEP1_64(B.getInt8Ty(), Cell, At), Align(8), Name);
    Entry->setAtomic(AtomicOrdering::Monotonic);
    return B.CreateAnd(
        B.CreateICmpEQ(B.CreateAnd(Entry, AG_ENTRY_KEY_BITS), Epoch),
        B.CreateICmpEQ(B.CreateAnd(Entry, Mask), Mask));
  };
  Value *Recorded = Covers(AG_SHADOW_CELL_WRITE, "ag.w");
  if (!IsWrite)
    Recorded = B.CreateOr(Recorded, Covers(AG_SHADOW_CELL_READ, "ag.r"));
  B.CreateCondBr(Recorded, Hit, Slow, Likely);

  // Counted, for verbosity=1's check counts.
  B.SetInsertPoint(Hit);
  Value *HitsAt = B.CreateConstGEP1_64(B.getInt8Ty(), Thread,
                                       offsetof(ag_thread_head, inline_hits));
  B.CreateStore(B.CreateAdd(B.CreateLoad(I64Ty, HitsAt), B.getInt64(1)),
                HitsAt);
  B.CreateBr(Cont);

  B.SetInsertPoint(Slow);
  emitCall(B, Fn, VoidTy, {Addr, Site});
  B.CreateBr(Cont);
}

void Instrumenter::instrumentAtomic(Instruction &I, const Value *Obj) {
  IRBuilder<> B(&I);
  SiteSpec S{0};
  S.Object = Obj;
  Value *Result = nullptr;
  if (auto *LI = dyn_cast<LoadInst>(&I)) {
    S.Kind = AG_SITE_ATOMIC_LOAD;
    S.Size = DL.getTypeStoreSize(LI->getType()).getFixedValue();
    S.Order = modeledOrder(I, LI->getOrdering());
    S.Flags = LI->isVolatile() ? AG_SITE_VOLATILE : 0;
    Value *Old = emitCall(B, AG_FN_ATOMIC_LOAD, I64Ty,
                          {LI->getPointerOperand(), makeSite(I, S)});
    Result = fromI64(B, Old, LI->getType(), DL);
  } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
    Value *Val = SI->getValueOperand();
    S.Kind = AG_SITE_ATOMIC_STORE;
    S.Size = DL.getTypeStoreSize(Val->getType()).getFixedValue();
    S.Order = modeledOrder(I, SI->getOrdering());
    S.Flags = SI->isVolatile() ? AG_SITE_VOLATILE : 0;
    emitCall(B, AG_FN_ATOMIC_STORE, VoidTy,
             {SI->getPointerOperand(), toI64(B, Val, DL), makeSite(I, S)});
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
    Value *Val = RMW->getValOperand();
    S.Kind = AG_SITE_ATOMIC_RMW;
    S.Size = DL.getTypeStoreSize(Val->getType()).getFixedValue();
    S.Order = modeledOrder(I, RMW->getOrdering());
    S.RMWOp = *toRMWOp(*RMW);
    S.Flags = RMW->isVolatile() ? AG_SITE_VOLATILE : 0;
    Value *Old =
        emitCall(B, AG_FN_ATOMIC_RMW, I64Ty,
                 {RMW->getPointerOperand(), toI64(B, Val, DL), makeSite(I, S)});
    Result = fromI64(B, Old, Val->getType(), DL);
  } else {
    auto *CX = cast<AtomicCmpXchgInst>(&I);
    Type *Ty = CX->getNewValOperand()->getType();
    S.Kind = AG_SITE_ATOMIC_CMPXCHG;
    S.Size = DL.getTypeStoreSize(Ty).getFixedValue();
    S.Order = modeledOrder(I, CX->getSuccessOrdering());
    S.OrderFail = modeledOrder(I, CX->getFailureOrdering());
    S.Flags = (CX->isVolatile() ? AG_SITE_VOLATILE : 0) |
              (CX->isWeak() ? AG_SITE_WEAK_CAS : 0);
    Value *Expected = toI64(B, CX->getCompareOperand(), DL);
    Value *Old =
        emitCall(B, AG_FN_ATOMIC_CMPXCHG, I64Ty,
                 {CX->getPointerOperand(), Expected,
                  toI64(B, CX->getNewValOperand(), DL), makeSite(I, S)});
    Value *Pair = B.CreateInsertValue(PoisonValue::get(CX->getType()),
                                      fromI64(B, Old, Ty, DL), 0);
    Result = B.CreateInsertValue(Pair, B.CreateICmpEQ(Old, Expected), 1);
  }
  if (Result) {
    Result->takeName(&I);
    I.replaceAllUsesWith(Result);
  }
  I.eraseFromParent();
}

void Instrumenter::instrumentMemOp(const MemOp &Op, Counts &C) {
  IRBuilder<> B(Op.Call);
  Value *Length = B.CreateZExtOrTrunc(Op.Length, I64Ty);
  auto Range = [&](StringRef Fn, uint8_t Kind, Value *Addr,
                   const AddrDecision &D) {
    SiteSpec S{Kind};
    S.Flags = Op.Volatile ? AG_SITE_VOLATILE : 0;
    S.Object = D.Object;
    emitCall(B, Fn, VoidTy, {Addr, Length, makeSite(*Op.Call, S)});
    ++C.Ranges;
    ++NumRanges;
  };
  if (Op.Src && Op.SrcD.Instrument)
    Range(AG_FN_READ_RANGE, AG_SITE_READ_RANGE, Op.Src, Op.SrcD);
  if (Op.DstD.Instrument)
    Range(AG_FN_WRITE_RANGE, AG_SITE_WRITE_RANGE, Op.Dst, Op.DstD);
}

/// Tells the runtime when an escaping local comes to life: after each
/// lifetime.start, or else right after the allocas that begin its block.
void Instrumenter::instrumentEscapingLocal(AllocaInst &AI,
                                           OptimizationRemarkEmitter &ORE) {
  std::optional<TypeSize> Size = AI.getAllocationSize(DL);
  if (!Size || Size->isScalable()) {
    std::optional<VarInfo> Info = describeVariable(&AI);
    remarkUnsupported(ORE, AI,
                      (Info ? "'" + Info->Name + "' " : std::string("local ")) +
                          "has a dynamic size: its lifetime is not tracked");
    return;
  }
  SmallVector<Instruction *, 2> InsertAfter;
  for (User *U : AI.users())
    if (auto *II = dyn_cast<IntrinsicInst>(U))
      if (II->getIntrinsicID() == Intrinsic::lifetime_start)
        InsertAfter.push_back(II);
  if (InsertAfter.empty()) {
    // Skip the allocas (and the local_begin calls already placed after them)
    // so that locals are announced in order.
    auto IsLocalBegin = [](const Instruction *I) {
      const auto *CI = dyn_cast_or_null<CallInst>(I);
      const Function *Callee = CI ? directCallee(*CI) : nullptr;
      return Callee && Callee->getName() == AG_FN_LOCAL_BEGIN;
    };
    Instruction *Last = &AI;
    while (isa_and_nonnull<AllocaInst>(Last->getNextNode()) ||
           IsLocalBegin(Last->getNextNode()))
      Last = Last->getNextNode();
    InsertAfter.push_back(Last);
  }
  Constant *Var = getVar(&AI);
  for (Instruction *After : InsertAfter) {
    IRBuilder<> B(After->getParent(), std::next(After->getIterator()));
    B.SetCurrentDebugLocation(After->getDebugLoc());
    emitCall(B, AG_FN_LOCAL_BEGIN, VoidTy,
             {&AI, B.getInt64(Size->getFixedValue()),
              Var ? Var : ConstantPointerNull::get(PtrTy)});
    ++NumLocalBegins;
  }
}

void Instrumenter::registerGlobals() {
  SmallVector<GlobalVariable *, 16> Candidates;
  for (GlobalVariable &G : M.globals()) {
    auto It = GlobalVerdicts.find(&G);
    if (It == GlobalVerdicts.end() || G.isDeclarationForLinker() ||
        G.isThreadLocal() || G.getAddressSpace() != 0)
      continue;
    if (All || It->second.S == Sharing::Shared)
      Candidates.push_back(&G);
  }
  SmallVector<Constant *, 16> Entries;
  for (GlobalVariable *G : Candidates)
    if (Constant *Var = getVar(G))
      Entries.push_back(ConstantStruct::get(GlobalTy, {G, Var}));
  if (Entries.empty())
    return;
  auto *ArrayTy = ArrayType::get(GlobalTy, Entries.size());
  auto *Array = new GlobalVariable(
      M, ArrayTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantArray::get(ArrayTy, Entries), "ag.globals");
  auto [Ctor, Init] = createSanitizerCtorAndInitFunctions(
      M, "atomicguard.module_ctor", AG_FN_REGISTER_GLOBALS, {PtrTy, I64Ty},
      {Array, ConstantInt::get(I64Ty, Entries.size())});
  appendToGlobalCtors(M, Ctor, /*Priority=*/0);
  Changed = true;
}

//===-- Remarks -----------------------------------------------------------===//

/// Where a remark about a variable points: its declaration when debug info
/// knows it (Decl, or the variable's line in F), else Fallback.
static DiagnosticLocation declarationLoc(const VarInfo &Info, const Function &F,
                                         DebugLoc Decl,
                                         DiagnosticLocation Fallback) {
  if (Decl && Decl.getLine() != 0)
    return DiagnosticLocation(Decl);
  DISubprogram *SP = F.getSubprogram();
  if (!SP || !Info.DIVar || !Info.DIVar->getFile() || Info.Line == 0)
    return Fallback;
  LLVMContext &Ctx = F.getContext();
  return DiagnosticLocation(DebugLoc(DILocation::get(
      Ctx, Info.Line, 0,
      DILexicalBlockFile::get(Ctx, SP, Info.DIVar->getFile(), 0))));
}

void Instrumenter::remarkUnsupported(OptimizationRemarkEmitter &ORE,
                                     const Instruction &I, const Twine &Msg) {
  ++NumSkippedUnsupported;
  ORE.emit([&] {
    // Without a location of its own, point at the enclosing function.
    DiagnosticLocation Loc =
        I.getDebugLoc() ? DiagnosticLocation(I.getDebugLoc())
                        : DiagnosticLocation(I.getFunction()->getSubprogram());
    return OptimizationRemarkMissed(DEBUG_TYPE, "Unsupported", Loc,
                                    I.getParent())
           << Msg.str();
  });
}

/// One remark per named local: shared when its address escapes.
void Instrumenter::remarkLocals(Function &F, OptimizationRemarkEmitter &ORE) {
  if (!ORE.allowExtraAnalysis(DEBUG_TYPE))
    return;
  for (Instruction &I : instructions(F)) {
    auto *AI = dyn_cast<AllocaInst>(&I);
    if (!AI)
      continue;
    std::optional<VarInfo> Info = describeVariable(AI);
    if (!Info || Info->Name.empty())
      continue;
    DiagnosticLocation Loc = declarationLoc(
        *Info, F, Info->DeclLoc, DiagnosticLocation(F.getSubprogram()));
    if (isCaptured(AI))
      ORE.emit(
          OptimizationRemark(DEBUG_TYPE, "SharedVariable", Loc, AI->getParent())
          << "'" << Info->Name << "' is shared: its address escapes");
    else
      ORE.emit(OptimizationRemarkMissed(DEBUG_TYPE, "PrivateVariable", Loc,
                                        AI->getParent())
               << "'" << Info->Name
               << "' is private: its address does not escape");
  }
}

/// One remark per named global that instrumented code accesses, placed at
/// its definition when debug info has it, else at its first access.
void Instrumenter::remarkGlobals() {
  for (auto &[G, First] : AccessedGlobals) {
    const Function &F = *First.BB->getParent();
    auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(
        const_cast<Function &>(F));
    if (!ORE.allowExtraAnalysis(DEBUG_TYPE))
      continue;
    std::optional<VarInfo> Info = describeVariable(G);
    if (!Info || Info->Name.empty())
      continue;
    DiagnosticLocation Loc =
        declarationLoc(*Info, F, DebugLoc(), DiagnosticLocation(First.Loc));
    const Verdict &V = GlobalVerdicts[G];
    const BasicBlock *BB = First.BB;
    if (V.S == Sharing::Shared)
      ORE.emit(OptimizationRemark(DEBUG_TYPE, "SharedVariable", Loc, BB)
               << "'" << Info->Name << "' is shared: " << V.Reason);
    else
      ORE.emit(OptimizationRemarkMissed(DEBUG_TYPE, "PrivateVariable", Loc, BB)
               << "'" << Info->Name << "' is private: " << V.Reason);
  }
}

//===----------------------------------------------------------------------===//
// The pass and its registration.
//===----------------------------------------------------------------------===//

cl::opt<bool> ClPrintStats(
    "atomicguard-stats",
    cl::desc("Print atomicguard's statistics (instrumented and skipped "
             "accesses by reason) to stderr after each module, in the format "
             "of -stats, also when the host LLVM keeps no statistics"),
    cl::init(false));

void printStats(const Module &M) {
  const TrackingStatistic *Stats[] = {
      &NumReads,           &NumWrites,
      &NumRanges,          &NumAtomics,
      &NumFences,          &NumSpawnSites,
      &NumAllocSites,      &NumLocalBegins,
      &NumSkippedPrivateLocal,
      &NumSkippedPrivateGlobal,
      &NumSkippedConstant,
      &NumSkippedThreadLocal,
      &NumSkippedUnsupported,
      &NumLoopRanges,
      &NumElidedRedundant};
  errs() << "atomicguard statistics for '" << M.getSourceFileName() << "':\n";
  for (const TrackingStatistic *S : Stats)
    errs() << format("%8u", S->getValue()) << " " << S->getDebugType()
           << " - " << S->getDesc() << "\n";
}

class AtomicGuardPass : public PassInfoMixin<AtomicGuardPass> {
public:
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    auto &FAM =
        MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
    bool Changed = Instrumenter(M, FAM).run();
    if (ClPrintStats)
      printStats(M);
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }
  // Also run at -O0 and on optnone functions.
  static bool isRequired() { return true; }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "atomicguard", "0.1.0", [](PassBuilder &PB) {
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name == "atomicguard-fields") {
                    MPM.addPass(FieldTaggerPass());
                    return true;
                  }
                  if (Name != "atomicguard")
                    return false;
                  MPM.addPass(AtomicGuardPass());
                  return true;
                });
            // Fields are named while clang's struct-typed GEPs still exist.
            PB.registerPipelineStartEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) {
                  MPM.addPass(FieldTaggerPass());
                });
            PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM,
                                                  OptimizationLevel,
                                                  ThinOrFullLTOPhase Phase) {
              // Instrument once: before the link in (Thin)LTO builds.
              if (Phase != ThinOrFullLTOPhase::ThinLTOPostLink &&
                  Phase != ThinOrFullLTOPhase::FullLTOPostLink)
                MPM.addPass(AtomicGuardPass());
            });
          }};
}

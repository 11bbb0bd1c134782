//===- AtomicGuardInternal.h - Shared pieces of the atomicguard pass -------===//
//
// The instrumenter (AtomicGuard.cpp) owns the module-wide sharing analysis;
// the annotation reader (Annotations.cpp), the compile-time checks
// (OrderingChecks.cpp) and the audit writer (Audit.cpp) see it only through
// the ModuleFacts interface below.
//
//===----------------------------------------------------------------------===//

#ifndef ATOMICGUARD_LIB_INTERNAL_H
#define ATOMICGUARD_LIB_INTERNAL_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Support/AtomicOrdering.h"

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace llvm {
class DominatorTree;
class Loop;
class LoopInfo;
class SCEV;
class ScalarEvolution;
} // namespace llvm

namespace llvm {
class CallBase;
class DICompositeType;
class DIDerivedType;
class DIType;
class DISubprogram;
class DIVariable;
class Function;
class GEPOperator;
class GlobalVariable;
class Module;
class OptimizationRemarkEmitter;
} // namespace llvm

namespace atomicguard {

/// enum ag_intent of abi.h.
enum class Intent : uint8_t { None, Publish, Counter, SeqCst, Benign };

llvm::StringRef intentName(Intent I);

/// What a declaration says about the memory it names.
struct IntentDecl {
  Intent Kind = Intent::None;
  std::string Rationale; // for Benign
};

/// A struct field, identified across all objects of its struct type.
struct FieldKey {
  std::string Record; // the struct's tag ("conn" for struct conn)
  std::string Name;   // the member's name, or "<offset N>" without -g
  bool operator<(const FieldKey &O) const {
    return std::tie(Record, Name) < std::tie(O.Record, O.Name);
  }
  bool operator==(const FieldKey &O) const {
    return Record == O.Record && Name == O.Name;
  }
};

/// Metadata kind the pipeline-start tagger attaches to field accesses (and
/// field annotations): !{!"record", !"field"}. Clang's struct-typed GEPs are
/// gone after InstCombine, so the field is named while they still exist.
inline constexpr const char *FieldMDKind = "atomicguard.field";

/// The named structs and unions of the module's debug info, by tag.
llvm::StringMap<const llvm::DICompositeType *>
recordsOf(const llvm::Module &M);

/// The debug-info member a field key names, if any.
const llvm::DIDerivedType *
findMember(const llvm::StringMap<const llvm::DICompositeType *> &Records,
           const FieldKey &F);

/// The field that Addr (a GEP or what clang's field annotations return)
/// names, from the tag on I or on a llvm.ptr.annotation feeding Addr, else
/// from a struct-typed GEP.
std::optional<FieldKey> fieldOf(const llvm::Instruction &I,
                                const llvm::Value *Addr);

/// The object Addr points into after looking through llvm.ptr.annotation
/// (which getUnderlyingObject does not), if it is a single global or alloca.
const llvm::Value *namedObjectOf(const llvm::Value *Addr);

/// The declared intents of one module, read from clang's annotate
/// attributes; malformed annotations are reported as errors while reading.
class Annotations {
public:
  /// Reads llvm.global.annotations, llvm.var.annotation and
  /// llvm.ptr.annotation; NameOf gives a variable's source name for messages
  /// ("" if unknown). Errors are diagnosed through the module's context.
  void read(llvm::Module &M,
            llvm::function_ref<std::string(const llvm::Value *)> NameOf);

  const IntentDecl *forObject(const llvm::Value *Obj) const {
    auto It = Objects.find(Obj);
    return It == Objects.end() ? nullptr : &It->second;
  }
  const IntentDecl *forField(const FieldKey &F) const {
    auto It = Fields.find(F);
    return It == Fields.end() ? nullptr : &It->second;
  }
  const llvm::MapVector<const llvm::Value *, IntentDecl> &objects() const {
    return Objects;
  }
  const std::map<FieldKey, IntentDecl> &fields() const { return Fields; }

  /// An error found while reading, for the audit.
  struct Error {
    const llvm::Value *Obj = nullptr; // or
    std::optional<FieldKey> Field;
    std::string Message, File;
    unsigned Line = 0;
  };
  const std::vector<Error> &errors() const { return Errors; }

private:
  friend class AnnotationReader;
  llvm::MapVector<const llvm::Value *, IntentDecl> Objects;
  std::map<FieldKey, IntentDecl> Fields;
  std::vector<Error> Errors;
};

/// The justification of an AG_JUSTIFY region enclosing I, if any.
class Justifications {
public:
  explicit Justifications(llvm::FunctionAnalysisManager &FAM) : FAM(FAM) {}
  std::optional<std::string> of(const llvm::Instruction &I);

private:
  const llvm::CallBase *lastMarker(const llvm::BasicBlock &BB);
  llvm::FunctionAnalysisManager &FAM;
  llvm::DenseMap<const llvm::BasicBlock *, const llvm::CallBase *> Cache;
};

/// What a variable descriptor, a remark, a diagnostic and the audit say
/// about one object.
struct VarInfo {
  std::string Name, Function;
  llvm::StringRef File;
  unsigned Line = 0;
  uint8_t Kind = 0; // enum ag_var_kind
  uint64_t Size = 0;
  bool FromDebugInfo = false;
  const llvm::DIVariable *DIVar = nullptr;
  llvm::DebugLoc DeclLoc; // a local's declaration
};

/// What the instrumenter knows about the module, for the checks and audit.
class ModuleFacts {
public:
  virtual ~ModuleFacts() = default;
  virtual bool isSpawnCall(const llvm::CallBase &CB) const = 0;
  virtual llvm::ArrayRef<const llvm::Function *> threadRoutines() const = 0;
  /// Thread routines from which F is reachable through direct calls, sorted
  /// by name.
  virtual llvm::SmallVector<const llvm::Function *, 2>
  routinesReaching(const llvm::Function &F) const = 0;
  /// Whether another thread may access Obj and, as a sentence, why (or why
  /// not).
  virtual std::pair<bool, std::string> sharing(const llvm::Value *Obj) = 0;
  virtual std::optional<VarInfo> describe(const llvm::Value *Obj) const = 0;
};

/// The checks' names, as used in diagnostics and -atomicguard-disable-check.
enum class Check {
  WeakOrder,
  MixedAccess,
  UnsyncWrite,
  Strict,
  OpenMP,
  BadAnnotation
};
llvm::StringRef checkName(Check C);
/// Whether check C runs (-atomicguard-disable-check, -atomicguard-strict).
bool isChecked(Check C);

/// The C11 name of an LLVM ordering ("relaxed" for monotonic/unordered).
llvm::StringRef orderName(llvm::AtomicOrdering O);

/// The kind of one access, as the audit names it.
enum class AccessOp { Read, Write, RMW, CmpXchg, ReadRange, WriteRange };
llvm::StringRef accessOpName(AccessOp Op);

struct Finding {
  Check Kind;
  bool Error = false;
  std::string Message; // without location and without the [check] suffix
  std::string File;
  unsigned Line = 0, Column = 0;
};

/// One access to a named variable or field, recorded before instrumentation.
struct AccessRecord {
  llvm::Instruction *I = nullptr; // only valid until instrumentation
  std::string File, Function;
  unsigned Line = 0, Column = 0;
  AccessOp Op = AccessOp::Read;
  bool Atomic = false;
  llvm::AtomicOrdering Order = llvm::AtomicOrdering::NotAtomic;
  llvm::AtomicOrdering OrderFail = llvm::AtomicOrdering::NotAtomic;
  std::optional<std::string> Rationale; // AG_JUSTIFY
  bool ThreadReachable = false;
  /// Byte range within the object; nullopt when not constant.
  std::optional<uint64_t> Offset, Size;
};

/// A call that starts a thread.
struct SpawnSite {
  std::string Id, Callee, Routine, Function, File;
  unsigned Line = 0, Column = 0;
};

/// A variable (global, static local, local) or field with its accesses.
struct Entity {
  const llvm::Value *Obj = nullptr;  // global or alloca, or
  std::optional<FieldKey> Field;     // a field through any pointer
  IntentDecl Intent;
  std::vector<AccessRecord> Accesses;
  std::vector<Finding> Findings;
  /// Display name in diagnostics: "x" or "conn.flag".
  std::string Name;
  /// Whether another thread may access it, and why (or why not).
  bool Shared = false;
  std::string SharedReason;
  std::set<std::string> Routines, SpawnSites;
};

/// Runs the compile-time checks on the unmodified module, emitting the
/// diagnostics; the results feed the descriptors and the audit.
class OrderingChecker {
public:
  OrderingChecker(llvm::Module &M, llvm::FunctionAnalysisManager &FAM,
                  ModuleFacts &Facts, const Annotations &A);
  void run();

  /// The intent of the variable or field instruction I accesses (for a
  /// memcpy/memmove, at its source or at its destination).
  Intent intentOf(const llvm::Instruction &I, bool Source = false) const {
    return (Source ? SourceIntents : SiteIntents).lookup(&I);
  }
  const std::vector<Entity> &entities() const { return Entities; }
  const std::vector<SpawnSite> &spawnSites() const { return SpawnSites; }

private:
  void collect(llvm::Function &F, Justifications &J);
  void record(llvm::Instruction &I, const llvm::Value *Addr, AccessOp Op,
              std::optional<uint64_t> Size, Justifications &J);
  Entity *entityFor(const llvm::Value *Obj,
                    const std::optional<FieldKey> &Field);
  void collectSpawnSites();
  void checkNeverAtomic(Entity &E);
  void checkAccesses();
  void checkAtomic(Entity &E, const AccessRecord &A);
  void checkPlain(Entity &E, const AccessRecord &A);
  void computeAfterSpawn();
  bool reaches(const llvm::Instruction &From, const llvm::Instruction &To);
  bool mayRunAfterSpawn(const llvm::Instruction &I);
  bool isInitialization(const Entity &E, const AccessRecord &A);
  void computeLocksets();
  void report(Entity &E, const AccessRecord &A, Check C, const std::string &Msg);

  llvm::Module &M;
  llvm::FunctionAnalysisManager &FAM;
  ModuleFacts &Facts;
  const Annotations &A;
  std::vector<Entity> Entities;
  std::vector<SpawnSite> SpawnSites;
  /// Spawn calls and the objects whose address they pass.
  std::vector<std::pair<const llvm::CallBase *, std::string>> SpawnCalls;
  llvm::DenseMap<const llvm::Value *, size_t> ObjectIndex;
  std::map<FieldKey, size_t> FieldIndex;
  llvm::DenseMap<const llvm::Instruction *, Intent> SiteIntents, SourceIntents;
  /// Functions that may start running after a thread was spawned.
  llvm::DenseMap<const llvm::Function *, bool> AfterSpawnAtEntry, MaySpawn;
  /// Each function's spawn calls and calls that may spawn.
  llvm::DenseMap<const llvm::Function *,
                 llvm::SmallVector<const llvm::Instruction *, 2>>
      Spawning;
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Reported;
  /// Debug-info records, read on first need.
  std::optional<llvm::StringMap<const llvm::DICompositeType *>> Records;
  /// Plain writes made with no lock held.
  llvm::DenseMap<const llvm::Instruction *, bool> Unlocked;
};

/// Writes DIR/<unit>.agaudit.json (docs/audit-format.md); diagnoses I/O
/// errors through the context.
void writeAudit(llvm::Module &M, llvm::StringRef Dir, ModuleFacts &Facts,
                const OrderingChecker &Checker);

/// Pipeline-start pass: tags field accesses with FieldMDKind while clang's
/// struct-typed GEPs still exist.
class FieldTaggerPass : public llvm::PassInfoMixin<FieldTaggerPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// Like diagnose(), at a declaration's file (relative to Dir unless
/// absolute) and line, as clang records them in annotations even without -g.
void diagnoseAt(llvm::Module &M, llvm::StringRef File, llvm::StringRef Dir,
                unsigned Line, Check C, const llvm::Twine &Msg, bool Error);

/// Whether a debug-info type is _Atomic-qualified (through typedefs and cv).
bool isAtomicDIType(const llvm::DIType *T);

/// Emits a diagnostic of the atomicguard checks at Loc (or at F when Loc is
/// invalid): "<Msg> [atomicguard-<check>]".
void diagnose(const llvm::Function &F, const llvm::DebugLoc &Loc, Check C,
              const llvm::Twine &Msg, bool Error);

class SpecialCaseList;

/// Which code has its plain accesses (loads, stores, memory ranges) checked:
/// not that of functions marked AG_NO_INSTRUMENT, matched by
/// -atomicguard-ignorelist or, when there is one, missed by
/// -atomicguard-allowlist (IgnoreList.cpp). Atomic operations and fences are
/// instrumented everywhere.
class PlainAccessFilter {
public:
  /// Reads the list files named by the options; a missing file or a
  /// malformed line is an error diagnosed through M's context.
  PlainAccessFilter(const llvm::Module &M,
                    const llvm::SmallPtrSetImpl<const llvm::Function *>
                        &NoInstrument);
  ~PlainAccessFilter();

  /// Whether the plain accesses of the function I was written in (the
  /// inlined callee, with debug info) are checked. The first time a
  /// function's own code, or code inlined into it from another function,
  /// is found unchecked, a remark says why.
  bool checks(const llvm::Instruction &I,
              llvm::OptimizationRemarkEmitter &ORE);

private:
  struct Decision {
    std::string Name; // the function's source name
    std::string Why;  // empty: checked
  };
  const Decision &decide(const llvm::DISubprogram *SP,
                         const llvm::Function &F);

  const llvm::Module &M;
  const llvm::SmallPtrSetImpl<const llvm::Function *> &NoInstrument;
  llvm::SmallPtrSet<const llvm::DISubprogram *, 8> NoInstrumentSPs;
  std::vector<std::unique_ptr<SpecialCaseList>> Ignore, Allow;
  bool HasAllowlist = false;
  /// By subprogram, or by function without debug info.
  std::map<const void *, Decision> Decisions;
  std::set<std::pair<const llvm::Function *, const Decision *>> Remarked;
};

/// Plain loads and stores among Checked whose check another check of the
/// same bytes covers, with no synchronization in between (RedundantChecks.cpp).
llvm::SmallPtrSet<const llvm::Instruction *, 16>
findRedundantChecks(const llvm::Function &F,
                    const llvm::SmallPtrSetImpl<const llvm::Instruction *>
                        &Checked);

/// Whether I may tick the thread's clock or order another thread's accesses
/// before the thread's next ones: an atomic operation, a fence, or a call
/// that may synchronize (RedundantChecks.cpp).
bool isSyncPoint(const llvm::Instruction &I);

/// Plain accesses whose checks for all iterations of their loop are made
/// once: one access, or several that tile each iteration's bytes together
/// (x[i] and x[i+1]); the first names them in reports. A loop that runs its
/// computed trip count is checked on the edge into it (Entry to Header),
/// over the bytes [Begin, Begin + Bytes). A loop that leaves when its data
/// says so (a scan to a delimiter) is checked on each edge out of it
/// instead (Entry null): the access ran in the iterations before the one
/// that left, and in that one too when it ran before the exit's branch
/// (Exits: each exiting block, and whether it did).
struct LoopRange {
  llvm::SmallVector<llvm::Instruction *, 2> Accesses;
  llvm::BasicBlock *Entry, *Header; ///< the edge into the loop
  const llvm::SCEV *Begin, *Bytes;
  uint64_t ElementSize;
  /// Checked at the exits: iteration i accesses [Begin + i * Step,
  /// Begin + i * Step + Span).
  llvm::Loop *L = nullptr;
  int64_t Step = 0;
  uint64_t Span = 0;
  llvm::SmallVector<std::pair<llvm::BasicBlock *, bool>, 2> Exits;
};

/// The accesses among Candidates that can be checked once per loop
/// (LoopChecks.cpp states the conditions).
llvm::SmallVector<LoopRange, 8>
findLoopRanges(llvm::ArrayRef<llvm::Instruction *> Candidates,
               llvm::LoopInfo &LI, llvm::ScalarEvolution &SE,
               llvm::DominatorTree &DT);

/// The block on R's edge into its loop (split off the first time a loop
/// needs one), where the loop's checks go.
llvm::BasicBlock *loopEntryBlock(const LoopRange &R, llvm::DominatorTree &DT,
                                 llvm::LoopInfo &LI);

/// Materializes R's begin address and byte count at the end of At.
llvm::Value *expandLoopRange(const LoopRange &R, llvm::BasicBlock *At,
                             llvm::ScalarEvolution &SE, llvm::Value *&Bytes);

/// For a range checked at its loop's exits: the block on each edge out of
/// the loop (split off the first time one needs it, through ExitBlocks), the
/// begin address and byte count of the range at the end of that block, and
/// the block; IterOf caches, per loop, the number of the current iteration
/// (a canonical induction variable).
struct ExitRange {
  llvm::BasicBlock *At;
  llvm::Value *Begin, *Bytes;
};
llvm::SmallVector<ExitRange, 2> expandExitRanges(
    const LoopRange &R, llvm::ScalarEvolution &SE, llvm::DominatorTree &DT,
    llvm::LoopInfo &LI,
    llvm::DenseMap<std::pair<llvm::BasicBlock *, llvm::BasicBlock *>,
                   llvm::BasicBlock *> &ExitBlocks,
    llvm::DenseMap<const llvm::Loop *, llvm::Value *> &IterOf);

} // namespace atomicguard

#endif // ATOMICGUARD_LIB_INTERNAL_H

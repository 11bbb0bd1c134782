//===- Audit.cpp - The per-unit shared-state audit ------------------------===//
//
// Writes DIR/<unit>.agaudit.json in the format of docs/audit-format.md: the
// spawn sites, thread routines and every shared or annotated variable with
// its accesses and the findings of the compile-time checks. Everything is
// sorted so that the files diff cleanly.
//
//===----------------------------------------------------------------------===//

#include "AtomicGuardInternal.h"
#include "atomicguard/abi.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

using namespace llvm;
using namespace atomicguard;

namespace {

/// Orders "global", "static_local", "field", "local" as the format lists.
int kindRank(StringRef Kind) {
  return StringSwitch<int>(Kind)
      .Case("global", 0)
      .Case("static_local", 1)
      .Case("field", 2)
      .Default(3);
}

StringRef kindName(const Entity &E, const std::optional<VarInfo> &Info) {
  if (E.Field)
    return "field";
  if (isa<AllocaInst>(E.Obj))
    return "local";
  return Info && Info->Kind == AG_VAR_STATIC_LOCAL ? "static_local" : "global";
}

/// The C type as debug info spells it: "size_t", "_Atomic(int)",
/// "struct task *".
std::string typeName(const DIType *T) {
  if (!T)
    return "void";
  if (const auto *DT = dyn_cast<DIDerivedType>(T)) {
    switch (DT->getTag()) {
    case dwarf::DW_TAG_atomic_type:
      return "_Atomic(" + typeName(DT->getBaseType()) + ")";
    case dwarf::DW_TAG_const_type:
      return "const " + typeName(DT->getBaseType());
    case dwarf::DW_TAG_volatile_type:
      return "volatile " + typeName(DT->getBaseType());
    case dwarf::DW_TAG_pointer_type:
      return typeName(DT->getBaseType()) + " *";
    default:
      break;
    }
  }
  if (const auto *CT = dyn_cast<DICompositeType>(T)) {
    switch (CT->getTag()) {
    case dwarf::DW_TAG_structure_type:
      return ("struct " + CT->getName()).str();
    case dwarf::DW_TAG_union_type:
      return ("union " + CT->getName()).str();
    case dwarf::DW_TAG_array_type:
      return typeName(CT->getBaseType()) + "[]";
    default:
      break;
    }
  }
  return T->getName().str();
}

/// A string, or null for unknown ("missing knowledge is null").
void stringOrNull(json::OStream &J, StringRef Key, StringRef S) {
  if (S.empty())
    J.attribute(Key, nullptr);
  else
    J.attribute(Key, S);
}

void lineOrNull(json::OStream &J, StringRef Key, unsigned N) {
  if (N == 0)
    J.attribute(Key, nullptr);
  else
    J.attribute(Key, int64_t(N));
}

struct Row {
  const Entity *E;
  std::optional<VarInfo> Info;
  std::string Kind;
};

void writeVariable(json::OStream &J, const Row &R, const Module &M,
                   const StringMap<const DICompositeType *> &Records) {
  const Entity &E = *R.E;
  const DIDerivedType *Member =
      E.Field ? findMember(Records, *E.Field) : nullptr;
  const DataLayout &DL = M.getDataLayout();
  const auto *G = dyn_cast_or_null<GlobalVariable>(E.Obj);
  J.attribute("name", E.Field ? E.Field->Name
                              : (R.Info ? R.Info->Name : E.Name));
  J.attribute("kind", R.Kind);
  stringOrNull(J, "record", E.Field ? StringRef(E.Field->Record) : "");
  stringOrNull(J, "function",
               R.Kind == "static_local" || R.Kind == "local"
                   ? StringRef(R.Info ? R.Info->Function : "")
                   : "");
  J.attribute("linkage", !G                     ? "none"
                         : G->hasLocalLinkage() ? "internal"
                                                : "external");
  // defined_at: null when only declared here or the file is unknown.
  StringRef File = R.Info ? R.Info->File : "";
  unsigned Line = R.Info ? R.Info->Line : 0;
  if (G && G->isDeclaration())
    File = "";
  if (Member) {
    File = Member->getFilename();
    Line = Member->getLine();
  }
  if (File.empty()) {
    J.attribute("defined_at", nullptr);
  } else {
    J.attributeObject("defined_at", [&] {
      J.attribute("file", File);
      lineOrNull(J, "line", Line);
    });
  }
  const DIType *DIT = Member ? Member->getBaseType() : nullptr;
  if (R.Info && R.Info->DIVar)
    DIT = R.Info->DIVar->getType();
  Type *IRTy = G                      ? G->getValueType()
               : isa_and_nonnull<AllocaInst>(E.Obj)
                   ? cast<AllocaInst>(E.Obj)->getAllocatedType()
                   : nullptr;
  if (DIT) {
    J.attribute("type", typeName(DIT));
  } else if (IRTy) {
    std::string S;
    raw_string_ostream OS(S);
    IRTy->print(OS);
    J.attribute("type", S);
  } else {
    J.attribute("type", nullptr);
  }
  if (R.Info && R.Info->Size)
    J.attribute("size", int64_t(R.Info->Size));
  else if (Member)
    J.attribute("size", int64_t(Member->getSizeInBits() / 8));
  else if (IRTy && IRTy->isSized())
    J.attribute("size", int64_t(DL.getTypeAllocSize(IRTy).getKnownMinValue()));
  else
    J.attribute("size", nullptr);
  if (DIT || Member)
    J.attribute("atomic_type", isAtomicDIType(DIT));
  else
    J.attribute("atomic_type", nullptr);
  J.attributeObject("shared_because", [&] {
    J.attribute("reason", E.SharedReason);
    J.attributeArray("thread_routines", [&] {
      for (const std::string &R : E.Routines)
        J.value(R);
    });
    J.attributeArray("spawn_sites", [&] {
      for (const std::string &S : E.SpawnSites)
        J.value(S);
    });
  });
  stringOrNull(J, "intent",
               E.Intent.Kind == Intent::None ? "" : intentName(E.Intent.Kind));
  stringOrNull(J, "rationale", E.Intent.Rationale);

  // Inlined copies of one source access are listed once.
  std::vector<const AccessRecord *> Accesses;
  std::set<std::tuple<std::string, unsigned, unsigned, AccessOp, bool>> Seen;
  for (const AccessRecord &A : E.Accesses)
    if (!A.Line ||
        Seen.insert({A.File, A.Line, A.Column, A.Op, A.Atomic}).second)
      Accesses.push_back(&A);
  // Ties keep the order of the records (pointers into one vector).
  llvm::sort(Accesses, [](const AccessRecord *X, const AccessRecord *Y) {
    return std::make_tuple(X->File, X->Line, X->Column, accessOpName(X->Op),
                           X) < std::make_tuple(Y->File, Y->Line, Y->Column,
                                                accessOpName(Y->Op), Y);
  });
  J.attributeArray("accesses", [&] {
    for (const AccessRecord *A : Accesses)
      J.object([&] {
        J.attribute("file", A->File);
        lineOrNull(J, "line", A->Line);
        lineOrNull(J, "column", A->Column);
        J.attribute("function", A->Function);
        J.attribute("op", accessOpName(A->Op));
        J.attribute("atomic", A->Atomic);
        stringOrNull(J, "order", A->Atomic ? orderName(A->Order) : "");
        stringOrNull(J, "order_fail",
                     A->Op == AccessOp::CmpXchg ? orderName(A->OrderFail)
                                                : "");
        if (A->Rationale)
          J.attribute("rationale", *A->Rationale);
        else
          J.attribute("rationale", nullptr);
        J.attribute("thread_reachable", A->ThreadReachable);
      });
  });

  std::vector<const Finding *> Findings;
  for (const Finding &F : E.Findings)
    Findings.push_back(&F);
  llvm::sort(Findings, [](const Finding *X, const Finding *Y) {
    return std::make_tuple(X->File, X->Line, X->Column, checkName(X->Kind),
                           X) <
           std::make_tuple(Y->File, Y->Line, Y->Column, checkName(Y->Kind), Y);
  });
  J.attributeArray("findings", [&] {
    for (const Finding *F : Findings)
      J.object([&] {
        J.attribute("check", checkName(F->Kind));
        J.attribute("severity", F->Error ? "error" : "warning");
        J.attribute("message", F->Message);
        stringOrNull(J, "file", F->File);
        lineOrNull(J, "line", F->Line);
        lineOrNull(J, "column", F->Column);
      });
  });
}

} // namespace

void atomicguard::writeAudit(Module &M, StringRef Dir, ModuleFacts &Facts,
                             const OrderingChecker &Checker) {
  LLVMContext &Ctx = M.getContext();
  std::string Unit = M.getSourceFileName();
  std::string FileName = Unit;
  std::replace(FileName.begin(), FileName.end(), '/', '_');
  SmallString<256> Path(Dir);
  sys::path::append(Path, FileName + ".agaudit.json");
  if (std::error_code EC = sys::fs::create_directories(Dir)) {
    Ctx.emitError("atomicguard: cannot create audit directory '" + Dir +
                  "': " + EC.message());
    return;
  }
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_TextWithCRLF);
  if (EC) {
    Ctx.emitError("atomicguard: cannot write audit file '" + Path +
                  "': " + EC.message());
    return;
  }

  // Shared variables, plus any with an intent or a finding; fields only
  // when they declare an intent, are accessed atomically or have findings.
  std::vector<Row> Rows;
  size_t Total = 0;
  for (const Entity &E : Checker.entities()) {
    bool Listed = E.Intent.Kind != Intent::None || !E.Findings.empty() ||
                  (E.Field ? any_of(E.Accesses,
                                    [](const AccessRecord &A) {
                                      return A.Atomic;
                                    })
                           : E.Shared);
    if (!Listed)
      continue;
    std::optional<VarInfo> Info;
    if (E.Obj)
      Info = Facts.describe(E.Obj);
    Rows.push_back({&E, Info, kindName(E, Info).str()});
    Total += E.Findings.size();
  }
  llvm::sort(Rows, [](const Row &X, const Row &Y) {
    auto Key = [](const Row &R) {
      return std::make_tuple(
          kindRank(R.Kind),
          R.E->Field ? R.E->Field->Name : (R.Info ? R.Info->Name : R.E->Name),
          R.Info ? R.Info->Function : std::string(),
          R.E->Field ? R.E->Field->Record : std::string(), R.E);
    };
    return Key(X) < Key(Y);
  });

  std::vector<SpawnSite> Spawns = Checker.spawnSites();
  llvm::sort(Spawns, [](const SpawnSite &X, const SpawnSite &Y) {
    return std::make_tuple(X.File, X.Line, X.Column, X.Id) <
           std::make_tuple(Y.File, Y.Line, Y.Column, Y.Id);
  });
  std::vector<std::string> Routines;
  for (const Function *F : Facts.threadRoutines())
    Routines.push_back(F->getName().str());
  llvm::sort(Routines);

  json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("format", "atomicguard-audit");
    J.attribute("version", 1);
    J.attributeArray("units", [&] { J.value(Unit); });
    J.attributeArray("spawn_sites", [&] {
      for (const SpawnSite &S : Spawns)
        J.object([&] {
          J.attribute("id", S.Id);
          J.attribute("callee", S.Callee);
          stringOrNull(J, "routine", S.Routine);
          J.attribute("function", S.Function);
          J.attribute("file", S.File);
          lineOrNull(J, "line", S.Line);
          lineOrNull(J, "column", S.Column);
        });
    });
    J.attributeArray("thread_routines", [&] {
      for (const std::string &R : Routines)
        J.value(R);
    });
    J.attributeArray("variables", [&] {
      StringMap<const DICompositeType *> Records = recordsOf(M);
      for (const Row &R : Rows)
        J.object([&] { writeVariable(J, R, M, Records); });
    });
    J.attribute("findings", int64_t(Total));
  });
  OS << "\n";
}

//===- Annotations.cpp - Reading atomicguard.h annotations ----------------===//
//
// atomicguard.h expands its intents to clang's annotate attribute and
// AG_JUSTIFY to a pair of __builtin_annotation markers. Clang lowers them as:
//
//  * globals and static locals: an entry of llvm.global.annotations;
//  * locals: a call to llvm.var.annotation on the alloca;
//  * struct fields: a call to llvm.ptr.annotation on the field's address at
//    every member access (chained when a field has several annotations);
//  * AG_JUSTIFY: llvm.annotation calls before and after the expression.
//
// All of them survive the -O1/-O2 pipelines up to OptimizerLast (they are
// removed by CodeGenPrepare), but InstCombine rewrites clang's struct-typed
// GEPs to byte offsets, so the field a pointer names is recorded by a
// pipeline-start pass (FieldTaggerPass) as instruction metadata.
//
//===----------------------------------------------------------------------===//

#include "AtomicGuardInternal.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"

#include <set>

using namespace llvm;
using namespace atomicguard;

namespace {

constexpr StringLiteral IntentPrefix = "atomicguard.intent:";
constexpr StringLiteral BenignPrefix = "atomicguard.benign:";
constexpr StringLiteral JustifyPrefix = "atomicguard.justify:";
constexpr StringLiteral JustifyEnd = "atomicguard.justify.end";

/// The annotation string of an annotation intrinsic call or global entry.
StringRef annotationText(const Value *V) {
  StringRef Text;
  if (!getConstantStringInfo(V, Text))
    return "";
  return Text;
}

bool isAnnotationCall(const Value *V, Intrinsic::ID ID) {
  const auto *II = dyn_cast<IntrinsicInst>(V);
  return II && II->getIntrinsicID() == ID;
}

/// Looks through llvm.ptr.annotation calls (not through stripPointerCasts,
/// which would also drop the all-zero GEP that names a struct's first field).
const Value *stripAnnotations(const Value *V) {
  while (isAnnotationCall(V, Intrinsic::ptr_annotation))
    V = cast<IntrinsicInst>(V)->getArgOperand(0);
  return V;
}

/// "struct.conn" -> "conn" (also unions and renamed "struct.conn.12").
std::string recordName(const StructType *ST) {
  if (!ST->hasName())
    return "";
  StringRef Name = ST->getName();
  if (!Name.consume_front("struct.") && !Name.consume_front("union."))
    return Name.str();
  auto [Base, Suffix] = Name.rsplit('.');
  if (!Suffix.empty() && all_of(Suffix, isDigit))
    Name = Base;
  return Name.str();
}

/// The C name of member Index of ST, from the debug info of the record.
std::string memberName(const StructType *ST, unsigned Index,
                       const DataLayout &DL,
                       const StringMap<const DICompositeType *> &Records) {
  uint64_t Offset = DL.getStructLayout(const_cast<StructType *>(ST))
                        ->getElementOffset(Index);
  if (const DICompositeType *CT = Records.lookup(recordName(ST)))
    for (const DINode *N : CT->getElements())
      if (const auto *DT = dyn_cast_or_null<DIDerivedType>(N))
        if (DT->getTag() == dwarf::DW_TAG_member &&
            DT->getOffsetInBits() == Offset * 8 && !DT->isBitField())
          return DT->getName().str();
  return ("<offset " + Twine(Offset) + ">").str();
}

/// The field the address names: the last struct step of the GEP chain
/// (looking through array subscripts of the field, s.arr[i] is s.arr).
std::optional<std::pair<StructType *, unsigned>>
structFieldOf(const Value *Addr) {
  for (const Value *V = stripAnnotations(Addr);;) {
    const auto *GEP = dyn_cast<GEPOperator>(V);
    if (!GEP)
      return std::nullopt;
    std::optional<std::pair<StructType *, unsigned>> Last;
    for (gep_type_iterator GTI = gep_type_begin(GEP), E = gep_type_end(GEP);
         GTI != E; ++GTI)
      if (StructType *ST = GTI.getStructTypeOrNull())
        if (const auto *Index = dyn_cast<ConstantInt>(GTI.getOperand()))
          Last = {ST, unsigned(Index->getZExtValue())};
    if (Last)
      return Last;
    V = stripAnnotations(GEP->getPointerOperand());
  }
}

/// Clang folds the all-zero GEP of a named object's first field, so the
/// annotation of s.first is on &s itself: the field is element 0 of the
/// object's struct type, or of a struct nested at offset 0, whichever member
/// is declared on the annotation's line (the outermost without -g).
std::optional<std::pair<StructType *, unsigned>>
firstFieldOf(const IntrinsicInst &Annotation, const DataLayout &DL,
             const StringMap<const DICompositeType *> &Records) {
  const Value *Obj = stripAnnotations(Annotation.getArgOperand(0));
  Type *Ty = nullptr;
  if (const auto *G = dyn_cast<GlobalVariable>(Obj))
    Ty = G->getValueType();
  else if (const auto *AI = dyn_cast<AllocaInst>(Obj))
    Ty = AI->getAllocatedType();
  const auto *Line = dyn_cast<ConstantInt>(Annotation.getArgOperand(3));
  std::optional<std::pair<StructType *, unsigned>> Outermost;
  for (auto *ST = dyn_cast_or_null<StructType>(Ty);
       ST && ST->getNumElements() > 0;
       ST = dyn_cast<StructType>(ST->getElementType(0))) {
    if (!Outermost)
      Outermost = {ST, 0};
    if (const DICompositeType *CT = Records.lookup(recordName(ST)))
      for (const DINode *N : CT->getElements())
        if (const auto *DT = dyn_cast_or_null<DIDerivedType>(N))
          if (DT->getTag() == dwarf::DW_TAG_member &&
              DT->getOffsetInBits() == 0 && Line &&
              DT->getLine() == Line->getZExtValue())
            return std::make_pair(ST, 0u);
  }
  return Outermost;
}

MDNode *fieldTag(LLVMContext &Ctx, const FieldKey &F) {
  return MDNode::get(Ctx, {MDString::get(Ctx, F.Record),
                           MDString::get(Ctx, F.Name)});
}

std::optional<FieldKey> fieldFromTag(const Instruction &I) {
  const MDNode *MD = I.getMetadata(FieldMDKind);
  if (!MD || MD->getNumOperands() != 2)
    return std::nullopt;
  const auto *Record = dyn_cast<MDString>(MD->getOperand(0));
  const auto *Name = dyn_cast<MDString>(MD->getOperand(1));
  if (!Record || !Name)
    return std::nullopt;
  return FieldKey{Record->getString().str(), Name->getString().str()};
}

} // namespace

void atomicguard::diagnoseAt(Module &M, StringRef File, StringRef Dir,
                             unsigned Line, Check C, const Twine &Msg,
                             bool Error) {
  const Function *Anchor = nullptr;
  for (const Function &F : M)
    if (!F.isDeclaration()) {
      Anchor = &F;
      break;
    }
  LLVMContext &Ctx = M.getContext();
  if (!Anchor) {
    Ctx.emitError(Msg + " [atomicguard-" + checkName(C) + "]");
    return;
  }
  // A location needs a scope: a subprogram made up for the declaration's
  // file (not attached to any function).
  DebugLoc Loc;
  if (!File.empty() && Line != 0) {
    DIFile *DF = DIFile::get(Ctx, File, Dir);
    auto *SP = DISubprogram::get(Ctx, DF, "", "", DF, Line, nullptr, 0,
                                 nullptr, 0, 0, DINode::FlagZero,
                                 DISubprogram::SPFlagZero, nullptr);
    Loc = DILocation::get(Ctx, Line, 0, SP);
  }
  diagnose(*Anchor, Loc, C, Msg, Error);
}

bool atomicguard::isAtomicDIType(const DIType *T) {
  while (const auto *DT = dyn_cast_or_null<DIDerivedType>(T)) {
    if (DT->getTag() == dwarf::DW_TAG_atomic_type)
      return true;
    if (DT->getTag() != dwarf::DW_TAG_typedef &&
        DT->getTag() != dwarf::DW_TAG_const_type &&
        DT->getTag() != dwarf::DW_TAG_volatile_type)
      return false;
    T = DT->getBaseType();
  }
  return false;
}

StringRef atomicguard::intentName(Intent I) {
  switch (I) {
  case Intent::None:
    return "none";
  case Intent::Publish:
    return "publish";
  case Intent::Counter:
    return "counter";
  case Intent::SeqCst:
    return "seq_cst";
  case Intent::Benign:
    return "benign";
  }
  return "none";
}

std::optional<FieldKey> atomicguard::fieldOf(const Instruction &I,
                                             const Value *Addr) {
  if (std::optional<FieldKey> F = fieldFromTag(I))
    return F;
  for (const Value *V = Addr; isAnnotationCall(V, Intrinsic::ptr_annotation);
       V = cast<IntrinsicInst>(V)->getArgOperand(0))
    if (std::optional<FieldKey> F = fieldFromTag(*cast<Instruction>(V)))
      return F;
  return std::nullopt;
}

const Value *atomicguard::namedObjectOf(const Value *Addr) {
  const Value *Obj = getUnderlyingObject(Addr);
  while (isAnnotationCall(Obj, Intrinsic::ptr_annotation))
    Obj = getUnderlyingObject(cast<IntrinsicInst>(Obj)->getArgOperand(0));
  if (const auto *II = dyn_cast<IntrinsicInst>(Obj))
    if (II->getIntrinsicID() == Intrinsic::threadlocal_address)
      Obj = II->getArgOperand(0)->stripPointerCasts();
  if (isa<AllocaInst>(Obj))
    return Obj;
  const auto *G = dyn_cast<GlobalVariable>(Obj);
  if (!G || G->isConstant() || G->getName().starts_with("llvm."))
    return nullptr;
  return G;
}

//===-- The field tagger --------------------------------------------------===//

StringMap<const DICompositeType *> atomicguard::recordsOf(const Module &M) {
  StringMap<const DICompositeType *> Records;
  DebugInfoFinder Finder;
  Finder.processModule(M);
  for (const DIType *T : Finder.types())
    if (const auto *CT = dyn_cast<DICompositeType>(T))
      if ((CT->getTag() == dwarf::DW_TAG_structure_type ||
           CT->getTag() == dwarf::DW_TAG_union_type) &&
          !CT->getName().empty() && !CT->isForwardDecl())
        Records.try_emplace(CT->getName(), CT);
  return Records;
}

const DIDerivedType *
atomicguard::findMember(const StringMap<const DICompositeType *> &Records,
                        const FieldKey &F) {
  if (const DICompositeType *CT = Records.lookup(F.Record))
    for (const DINode *N : CT->getElements())
      if (const auto *DT = dyn_cast_or_null<DIDerivedType>(N))
        if (DT->getTag() == dwarf::DW_TAG_member && DT->getName() == F.Name)
          return DT;
  return nullptr;
}

PreservedAnalyses FieldTaggerPass::run(Module &M, ModuleAnalysisManager &) {
  StringMap<const DICompositeType *> Records = recordsOf(M);

  const DataLayout &DL = M.getDataLayout();
  bool Changed = false;
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      const Value *Addr = getLoadStorePointerOperand(&I);
      if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
        Addr = RMW->getPointerOperand();
      else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
        Addr = CX->getPointerOperand();
      else if (isAnnotationCall(&I, Intrinsic::ptr_annotation))
        Addr = cast<IntrinsicInst>(I).getArgOperand(0);
      if (!Addr)
        continue;
      auto SF = structFieldOf(Addr);
      if (!SF && isa<IntrinsicInst>(I))
        SF = firstFieldOf(cast<IntrinsicInst>(I), DL, Records);
      // Only named structs with a fixed layout have fields to name.
      if (!SF || !SF->first->hasName() || !SF->first->isSized() ||
          SF->first->isScalableTy())
        continue;
      FieldKey Key{recordName(SF->first),
                   memberName(SF->first, SF->second, DL, Records)};
      I.setMetadata(FieldMDKind, fieldTag(M.getContext(), Key));
      Changed = true;
    }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

//===-- Reading intents ---------------------------------------------------===//

namespace atomicguard {

/// Collects the annotation strings of each declaration, then turns them into
/// one IntentDecl or an error.
class AnnotationReader {
public:
  AnnotationReader(Module &M, Annotations &Out,
                   function_ref<std::string(const Value *)> NameOf)
      : M(M), Out(Out), NameOf(NameOf) {}
  void read();

private:
  struct Site {
    std::string File;
    unsigned Line = 0;
  };
  struct Pending {
    std::set<std::string> Texts; // distinct annotation strings
    Site Where;
    std::string Name;
    Type *Ty = nullptr; // the declared object's IR type
  };
  void add(Pending &P, StringRef Text, const Value *File, const Value *Line,
           const Twine &Name, Type *Ty);
  std::optional<IntentDecl> parse(const Pending &P, std::string &Error) const;
  void error(const Pending &P, const std::string &Msg,
             const Value *Obj, const std::optional<FieldKey> &Field);

  Module &M;
  Annotations &Out;
  function_ref<std::string(const Value *)> NameOf;
  /// Errors already reported (inlining and unrolling copy AG_JUSTIFY).
  std::set<std::pair<std::string, unsigned>> Reported;
};

} // namespace atomicguard

void AnnotationReader::add(Pending &P, StringRef Text, const Value *File,
                           const Value *Line, const Twine &Name, Type *Ty) {
  P.Texts.insert(Text.str());
  if (P.Where.Line == 0) {
    P.Where.File = annotationText(File).str();
    if (const auto *CI = dyn_cast<ConstantInt>(Line))
      P.Where.Line = CI->getZExtValue();
  }
  if (P.Name.empty())
    P.Name = Name.str();
  if (!P.Ty)
    P.Ty = Ty;
}

/// Intents that only make sense on memory accessed atomically.
static bool needsAtomic(Intent I) {
  return I == Intent::Publish || I == Intent::Counter || I == Intent::SeqCst;
}

std::optional<IntentDecl> AnnotationReader::parse(const Pending &P,
                                                  std::string &Error) const {
  IntentDecl D;
  for (StringRef Text : P.Texts) {
    IntentDecl This;
    if (Text.consume_front(IntentPrefix)) {
      This.Kind = StringSwitch<Intent>(Text)
                      .Case("publish", Intent::Publish)
                      .Case("counter", Intent::Counter)
                      .Case("seq_cst", Intent::SeqCst)
                      .Case("benign", Intent::Benign)
                      .Default(Intent::None);
      if (This.Kind == Intent::None) {
        Error = ("unknown intent '" + Text + "' on '" + P.Name +
                 "'; valid intents: publish, counter, seq_cst, benign")
                    .str();
        return std::nullopt;
      }
      if (This.Kind == Intent::Benign) {
        Error = "intent 'benign' on '" + P.Name +
                "' needs a rationale: use AG_BENIGN_RACE(\"why\")";
        return std::nullopt;
      }
    } else if (Text.consume_front(BenignPrefix)) {
      This = {Intent::Benign, Text.trim().str()};
      if (This.Rationale.empty()) {
        Error = "AG_BENIGN_RACE on '" + P.Name + "' has an empty rationale";
        return std::nullopt;
      }
    } else if (Text.starts_with("atomicguard.")) {
      Error = ("annotation '" + Text + "' does not apply to variable '" +
               P.Name + "'")
                  .str();
      return std::nullopt;
    } else {
      continue; // Someone else's annotation.
    }
    if (D.Kind != Intent::None &&
        (D.Kind != This.Kind || D.Rationale != This.Rationale)) {
      Error = ("conflicting intents '" + intentName(D.Kind) + "' and '" +
               intentName(This.Kind) + "' on '" + P.Name + "'")
                  .str();
      return std::nullopt;
    }
    D = This;
  }
  if (D.Kind == Intent::None)
    return std::nullopt;
  // An aggregate or an odd size can never be accessed atomically.
  if (needsAtomic(D.Kind) && P.Ty) {
    const DataLayout &DL = M.getDataLayout();
    uint64_t Size = P.Ty->isSized() ? DL.getTypeStoreSize(P.Ty) : 0;
    if (P.Ty->isAggregateType() || !(Size == 1 || Size == 2 || Size == 4 ||
                                     Size == 8 || Size == 16)) {
      Error = ("intent '" + intentName(D.Kind) + "' on '" + P.Name +
               "' needs an atomic object, but its type (" + Twine(Size) +
               " bytes" + (P.Ty->isAggregateType() ? ", an aggregate" : "") +
               ") can never be atomic")
                  .str();
      return std::nullopt;
    }
  }
  return D;
}

/// Annotation errors point at the declaration's file and line, which clang
/// records in every annotation even without -g.
void AnnotationReader::error(const Pending &P, const std::string &Msg,
                             const Value *Obj,
                             const std::optional<FieldKey> &Field) {
  if (!Reported.insert({Msg, P.Where.Line}).second)
    return;
  Out.Errors.push_back({Obj, Field, Msg, P.Where.File, P.Where.Line});
  diagnoseAt(M, P.Where.File, "", P.Where.Line, Check::BadAnnotation, Msg,
             /*Error=*/true);
}

void AnnotationReader::read() {
  // Declarations in a deterministic order: globals as listed, then locals
  // and fields in instruction order.
  MapVector<const Value *, Pending> Objects;
  std::map<FieldKey, Pending> Fields;
  std::vector<FieldKey> FieldOrder;

  if (const GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations"))
    if (const auto *CA = dyn_cast_or_null<ConstantArray>(GA->getInitializer()))
      for (const Use &Entry : CA->operands()) {
        const auto *CS = dyn_cast<ConstantStruct>(Entry.get());
        if (!CS || CS->getNumOperands() < 4)
          continue;
        const Value *Target = CS->getOperand(0)->stripPointerCasts();
        StringRef Text = annotationText(CS->getOperand(1));
        if (const auto *F = dyn_cast<Function>(Target)) {
          // AG_SPAWNER and AG_NO_INSTRUMENT are read by the instrumenter.
          if (Text.starts_with(IntentPrefix) || Text.starts_with(BenignPrefix)) {
            Pending P;
            add(P, Text, CS->getOperand(2), CS->getOperand(3), F->getName(),
                nullptr);
            error(P, ("annotation '" + Text + "' does not apply to function '" +
                      F->getName() + "'")
                         .str(),
                  F, std::nullopt);
          }
          continue;
        }
        const auto *G = dyn_cast<GlobalVariable>(Target);
        if (G && Text.starts_with("atomicguard."))
          add(Objects[G], Text, CS->getOperand(2), CS->getOperand(3), "",
              G->getValueType());
      }

  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      auto *II = dyn_cast<IntrinsicInst>(&I);
      if (!II)
        continue;
      StringRef Text = II->arg_size() > 3
                           ? annotationText(II->getArgOperand(1))
                           : StringRef();
      if (!Text.starts_with("atomicguard."))
        continue;
      if (II->getIntrinsicID() == Intrinsic::annotation) {
        // AG_JUSTIFY markers: the begin marker carries the rationale.
        if (Text == JustifyEnd ||
            (Text.starts_with(JustifyPrefix) &&
             !Text.drop_front(JustifyPrefix.size()).trim().empty()))
          continue;
        Pending P;
        add(P, Text, II->getArgOperand(2), II->getArgOperand(3), "", nullptr);
        error(P,
              Text.starts_with(JustifyPrefix)
                  ? "AG_JUSTIFY has an empty rationale"
                  : ("annotation '" + Text + "' does not apply to an expression")
                        .str(),
              nullptr, std::nullopt);
        continue;
      }
      if (II->getIntrinsicID() != Intrinsic::var_annotation &&
          II->getIntrinsicID() != Intrinsic::ptr_annotation)
        continue;
      if (II->getIntrinsicID() == Intrinsic::var_annotation) {
        const auto *AI = dyn_cast<AllocaInst>(
            getUnderlyingObject(II->getArgOperand(0)));
        if (!AI)
          continue;
        add(Objects[AI], Text, II->getArgOperand(2), II->getArgOperand(3), "",
            AI->getAllocatedType());
        continue;
      }
      std::optional<FieldKey> Key = fieldOf(*II, II);
      if (!Key)
        continue;
      auto [It, New] = Fields.try_emplace(*Key);
      if (New)
        FieldOrder.push_back(*Key);
      Type *Ty = nullptr;
      if (auto SF = structFieldOf(II->getArgOperand(0)))
        Ty = SF->first->getElementType(SF->second);
      add(It->second, Text, II->getArgOperand(2), II->getArgOperand(3),
          Key->Record + "." + Key->Name, Ty);
    }

  // Locals and static locals are named like their C declaration.
  for (auto &[Obj, P] : Objects) {
    std::string Name = NameOf(Obj);
    P.Name = Name.empty() ? "local variable" : Name;
    std::string Msg;
    if (std::optional<IntentDecl> D = parse(P, Msg))
      Out.Objects[Obj] = *D;
    else if (!Msg.empty())
      error(P, Msg, Obj, std::nullopt);
  }
  for (const FieldKey &Key : FieldOrder) {
    std::string Msg;
    if (std::optional<IntentDecl> D = parse(Fields[Key], Msg))
      Out.Fields[Key] = *D;
    else if (!Msg.empty())
      error(Fields[Key], Msg, nullptr, Key);
  }
}

void Annotations::read(Module &M,
                       function_ref<std::string(const Value *)> NameOf) {
  AnnotationReader(M, *this, NameOf).read();
}

//===-- AG_JUSTIFY --------------------------------------------------------===//

/// The last AG_JUSTIFY marker (begin or end) in BB, or null.
const CallBase *Justifications::lastMarker(const BasicBlock &BB) {
  auto [It, New] = Cache.try_emplace(&BB, nullptr);
  if (!New)
    return It->second;
  for (const Instruction &I : reverse(BB))
    if (isAnnotationCall(&I, Intrinsic::annotation)) {
      StringRef Text = annotationText(cast<CallBase>(I).getArgOperand(1));
      if (Text.starts_with(JustifyPrefix) || Text == JustifyEnd) {
        It->second = cast<CallBase>(&I);
        break;
      }
    }
  return It->second;
}

/// An operation is justified when the nearest marker before it (in its block,
/// then up the dominator tree) opens an AG_JUSTIFY region. Markers are calls
/// with side effects on inaccessible memory, so the optimizer keeps them and
/// their order relative to atomic operations.
std::optional<std::string> Justifications::of(const Instruction &I) {
  const CallBase *Marker = nullptr;
  for (const Instruction *P = I.getPrevNode(); P && !Marker;
       P = P->getPrevNode())
    if (isAnnotationCall(P, Intrinsic::annotation)) {
      StringRef Text = annotationText(cast<CallBase>(P)->getArgOperand(1));
      if (Text.starts_with(JustifyPrefix) || Text == JustifyEnd)
        Marker = cast<CallBase>(P);
    }
  if (!Marker) {
    auto &DT = FAM.getResult<DominatorTreeAnalysis>(
        const_cast<Function &>(*I.getFunction()));
    const DomTreeNode *N = DT.getNode(I.getParent());
    for (N = N ? N->getIDom() : nullptr; N && !Marker; N = N->getIDom())
      Marker = lastMarker(*N->getBlock());
  }
  if (!Marker)
    return std::nullopt;
  StringRef Text = annotationText(Marker->getArgOperand(1));
  if (!Text.consume_front(JustifyPrefix))
    return std::nullopt;
  return Text.str();
}

//===- IgnoreList.cpp - Which code has its plain accesses checked ---------===//
//
// -atomicguard-ignorelist=FILE and -atomicguard-allowlist=FILE name functions
// by source file or name, in a subset of the sanitizer special case list
// format (docs/annotations.md lists exactly what is accepted). Together with
// AG_NO_INSTRUMENT they decide which code has its plain accesses (loads,
// stores, memory ranges) checked. Atomic operations and fences are
// instrumented everywhere, as with ThreadSanitizer's ignorelist, so the
// synchronization that unchecked code performs is still seen.
//
// The decision is made per instruction, for the function the code was
// written in: code inlined from an ignored function stays unchecked in its
// caller (clang's own ignorelist keeps such functions from being inlined
// into instrumented ones). That needs debug info; without it inlined code
// belongs to the function it ended up in.
//
// The glob matcher is written here rather than taken from LLVM's
// SpecialCaseList/GlobPattern, which not every LLVM host of the plugin
// (rustc) exports.
//
//===----------------------------------------------------------------------===//

#include "AtomicGuardInternal.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"

#include <bitset>

using namespace llvm;
using namespace atomicguard;

#define DEBUG_TYPE "atomicguard"

static cl::list<std::string> ClIgnorelist(
    "atomicguard-ignorelist",
    cl::desc("Special case list (src:, fun:, mainfile: globs) of functions "
             "whose plain accesses are not checked; their atomic operations "
             "and fences still are (may be repeated)"),
    cl::value_desc("file"));

static cl::list<std::string> ClAllowlist(
    "atomicguard-allowlist",
    cl::desc("Special case list (src:, fun:, mainfile: globs) of the only "
             "functions whose plain accesses are checked; the ignorelist and "
             "AG_NO_INSTRUMENT still apply (may be repeated)"),
    cl::value_desc("file"));

namespace atomicguard {

/// A glob of the special case list format: '*', '?', '[set]' with ranges
/// and '!' or '^' negation, '\' escapes and '{a,b}' alternatives (not
/// nested). '*' also matches '/'.
class Glob {
public:
  static std::optional<Glob> parse(StringRef Text, std::string &Err);
  bool match(StringRef S) const;

private:
  /// One character of a set, or any string.
  struct Token {
    bool Star = false;
    std::bitset<256> Chars;
  };
  using Sequence = std::vector<Token>;

  static bool parseToken(StringRef Text, size_t &I, Token &T, std::string &Err);
  static bool matchSequence(const Sequence &P, StringRef S);

  /// The brace alternatives, expanded: the glob matches if one does.
  std::vector<Sequence> Alternatives;
};

/// The applicable entries of the special case list files of one option.
class SpecialCaseList {
public:
  enum class Kind { Src, Fun, MainFile };
  struct Entry {
    Kind K;
    Glob Pattern;
    std::string Text;  // as written, for remarks: "fun:work*"
    std::string Where; // "file:line"
  };

  /// Reads Path, the What ("ignorelist") file; diagnoses a missing file or
  /// the first malformed line through Ctx and returns false.
  bool load(StringRef Path, StringRef What, LLVMContext &Ctx);
  /// The first entry matching a function Name defined in File, in a unit
  /// whose main file is MainFile.
  const Entry *match(StringRef Name, StringRef File, StringRef MainFile) const;

private:
  std::vector<Entry> Entries;
};

} // namespace atomicguard

//===-- Globs -------------------------------------------------------------===//

bool Glob::parseToken(StringRef Text, size_t &I, Token &T, std::string &Err) {
  char C = Text[I++];
  if (C == '*') {
    T.Star = true;
    return true;
  }
  if (C == '?') {
    T.Chars.set();
    return true;
  }
  if (C == '\\') {
    if (I == Text.size()) {
      Err = "'\\' at the end of the pattern";
      return false;
    }
    T.Chars.set((unsigned char)Text[I++]);
    return true;
  }
  if (C != '[') {
    T.Chars.set((unsigned char)C);
    return true;
  }
  bool Negate = I < Text.size() && (Text[I] == '!' || Text[I] == '^');
  if (Negate)
    ++I;
  // A ']' right after the opening bracket is a member, not the end.
  for (bool First = true;; First = false) {
    if (I == Text.size()) {
      Err = "unterminated '['";
      return false;
    }
    char Lo = Text[I++];
    if (Lo == ']' && !First)
      break;
    if (Lo == '\\') {
      if (I == Text.size()) {
        Err = "unterminated '['";
        return false;
      }
      Lo = Text[I++];
    }
    char Hi = Lo;
    if (I + 1 < Text.size() && Text[I] == '-' && Text[I + 1] != ']') {
      Hi = Text[I + 1];
      I += 2;
      if (Hi == '\\' && I < Text.size())
        Hi = Text[I++];
      if ((unsigned char)Hi < (unsigned char)Lo) {
        Err = (Twine("invalid range '") + Twine(Lo) + "-" + Twine(Hi) + "'")
                  .str();
        return false;
      }
    }
    for (unsigned Ch = (unsigned char)Lo; Ch <= (unsigned char)Hi; ++Ch)
      T.Chars.set(Ch);
  }
  if (Negate)
    T.Chars.flip();
  return true;
}

std::optional<Glob> Glob::parse(StringRef Text, std::string &Err) {
  // Keeps a pattern from expanding into more alternatives than anyone writes
  // on purpose.
  constexpr size_t MaxAlternatives = 1024;
  Glob G;
  G.Alternatives.emplace_back();
  size_t I = 0;
  while (I < Text.size()) {
    if (Text[I] == '}') {
      Err = "unmatched '}'";
      return std::nullopt;
    }
    if (Text[I] != '{') {
      Token T;
      if (!parseToken(Text, I, T, Err))
        return std::nullopt;
      for (Sequence &A : G.Alternatives)
        A.push_back(T);
      continue;
    }
    std::vector<Sequence> Options(1);
    for (++I;;) {
      if (I == Text.size()) {
        Err = "unterminated '{'";
        return std::nullopt;
      }
      if (Text[I] == '}') {
        ++I;
        break;
      }
      if (Text[I] == '{') {
        Err = "nested '{' is not supported";
        return std::nullopt;
      }
      if (Text[I] == ',') {
        ++I;
        Options.emplace_back();
        continue;
      }
      Token T;
      if (!parseToken(Text, I, T, Err))
        return std::nullopt;
      Options.back().push_back(T);
    }
    if (G.Alternatives.size() * Options.size() > MaxAlternatives) {
      Err = "more than " + std::to_string(MaxAlternatives) +
            " alternatives in '{...}'";
      return std::nullopt;
    }
    std::vector<Sequence> Product;
    for (const Sequence &A : G.Alternatives)
      for (const Sequence &O : Options) {
        Product.push_back(A);
        Product.back().insert(Product.back().end(), O.begin(), O.end());
      }
    G.Alternatives = std::move(Product);
  }
  return G;
}

/// Backtracks only to the last '*': linear in practice, quadratic at worst.
bool Glob::matchSequence(const Sequence &P, StringRef S) {
  size_t PI = 0, SI = 0, StarP = P.size(), StarS = 0;
  while (SI < S.size()) {
    if (PI < P.size() && P[PI].Star) {
      StarP = PI++;
      StarS = SI;
    } else if (PI < P.size() && P[PI].Chars.test((unsigned char)S[SI])) {
      ++PI;
      ++SI;
    } else if (StarP != P.size()) {
      PI = StarP + 1;
      SI = ++StarS;
    } else {
      return false;
    }
  }
  while (PI < P.size() && P[PI].Star)
    ++PI;
  return PI == P.size();
}

bool Glob::match(StringRef S) const {
  for (const Sequence &A : Alternatives)
    if (matchSequence(A, S))
      return true;
  return false;
}

//===-- Special case lists ------------------------------------------------===//

/// Sections whose entries apply: those whose name glob matches one of these
/// (so one list can serve ThreadSanitizer and atomicguard).
static bool sectionApplies(const Glob &Section) {
  return Section.match("atomicguard") || Section.match("thread");
}

/// A file name as compared with src: and mainfile: globs.
static StringRef normalizedPath(StringRef Path) {
  while (Path.consume_front("./"))
    ;
  return Path;
}

bool SpecialCaseList::load(StringRef Path, StringRef What, LLVMContext &Ctx) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf) {
    Ctx.emitError("atomicguard: cannot read the " + What + " '" + Path +
                  "': " + Buf.getError().message());
    return false;
  }
  bool Applies = true; // entries before any section header apply
  unsigned LineNo = 0;
  SmallVector<StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  for (StringRef Line : Lines) {
    ++LineNo;
    auto Where = [&] { return (Path + ":" + Twine(LineNo)).str(); };
    auto Fail = [&](const Twine &Msg) {
      Ctx.emitError("atomicguard: " + Where() + ": " + Msg);
      return false;
    };
    Line = Line.trim();
    if (Line.empty() || Line.starts_with("#"))
      continue;
    std::string Err;
    if (Line.starts_with("[")) {
      if (!Line.ends_with("]") || Line.size() < 3)
        return Fail("malformed section header '" + Line +
                    "' (expected [GLOB])");
      std::optional<Glob> Section =
          Glob::parse(Line.drop_front().drop_back(), Err);
      if (!Section)
        return Fail("invalid section glob '" + Line + "': " + Err);
      Applies = sectionApplies(*Section);
      continue;
    }
    auto [Type, Pattern] = Line.split(':');
    if (Type.size() == Line.size() || Type.empty())
      return Fail("malformed line '" + Line +
                  "' (expected src:GLOB, fun:GLOB, mainfile:GLOB or "
                  "[SECTION])");
    if (!Applies)
      continue; // another tool's section: its entities are not ours to check
    std::optional<Kind> K;
    if (Type == "src")
      K = Kind::Src;
    else if (Type == "fun")
      K = Kind::Fun;
    else if (Type == "mainfile")
      K = Kind::MainFile;
    else
      return Fail("unsupported entity type '" + Type +
                  "' (atomicguard supports src, fun and mainfile)");
    if (Pattern.contains('='))
      return Fail("categories ('" + Pattern.substr(Pattern.find('=')) +
                  "') are not supported");
    if (Pattern.empty())
      return Fail("empty pattern in '" + Line + "'");
    std::optional<Glob> G = Glob::parse(Pattern, Err);
    if (!G)
      return Fail("invalid glob '" + Pattern + "': " + Err);
    Entries.push_back({*K, std::move(*G), Line.str(), Where()});
  }
  return true;
}

const SpecialCaseList::Entry *SpecialCaseList::match(StringRef Name,
                                                     StringRef File,
                                                     StringRef MainFile) const {
  for (const Entry &E : Entries) {
    bool Matches = false;
    switch (E.K) {
    case Kind::Src:
      Matches = E.Pattern.match(normalizedPath(File));
      break;
    case Kind::Fun:
      Matches = E.Pattern.match(Name);
      break;
    case Kind::MainFile:
      Matches = E.Pattern.match(normalizedPath(MainFile));
      break;
    }
    if (Matches)
      return &E;
  }
  return nullptr;
}

//===-- The filter --------------------------------------------------------===//

PlainAccessFilter::PlainAccessFilter(
    const Module &M, const SmallPtrSetImpl<const Function *> &NoInstrument)
    : M(M), NoInstrument(NoInstrument) {
  for (const Function *F : NoInstrument)
    if (const DISubprogram *SP = F->getSubprogram())
      NoInstrumentSPs.insert(SP);
  LLVMContext &Ctx = M.getContext();
  for (const std::string &Path : ClIgnorelist) {
    Ignore.push_back(std::make_unique<SpecialCaseList>());
    if (!Ignore.back()->load(Path, "ignorelist", Ctx))
      Ignore.pop_back();
  }
  for (const std::string &Path : ClAllowlist) {
    Allow.push_back(std::make_unique<SpecialCaseList>());
    if (!Allow.back()->load(Path, "allowlist", Ctx))
      Allow.pop_back();
  }
  HasAllowlist = !ClAllowlist.empty();
}

PlainAccessFilter::~PlainAccessFilter() = default;

const PlainAccessFilter::Decision &
PlainAccessFilter::decide(const DISubprogram *SP, const Function &F) {
  const void *Key = SP ? static_cast<const void *>(SP) : &F;
  auto [It, New] = Decisions.try_emplace(Key);
  Decision &D = It->second;
  if (!New)
    return D;
  StringRef Name = F.getName(), File = M.getSourceFileName();
  D.Name = F.getName().str();
  if (SP) {
    Name = SP->getLinkageName().empty() ? SP->getName() : SP->getLinkageName();
    File = SP->getFilename();
    D.Name = SP->getName().str();
  }
  if (SP ? NoInstrumentSPs.count(SP) : NoInstrument.count(&F)) {
    D.Why = "it is marked AG_NO_INSTRUMENT";
    return D;
  }
  StringRef MainFile = M.getSourceFileName();
  for (const auto &List : Ignore)
    if (const SpecialCaseList::Entry *E = List->match(Name, File, MainFile)) {
      D.Why =
          "it matches '" + E->Text + "' of the ignorelist (" + E->Where + ")";
      return D;
    }
  if (!HasAllowlist)
    return D;
  for (const auto &List : Allow)
    if (List->match(Name, File, MainFile))
      return D;
  D.Why = "it matches no entry of the allowlist";
  return D;
}

bool PlainAccessFilter::checks(const Instruction &I,
                               OptimizationRemarkEmitter &ORE) {
  const Function &F = *I.getFunction();
  const DISubprogram *SP = F.getSubprogram();
  if (const DILocation *Loc = I.getDebugLoc())
    if (const DISubprogram *Origin = Loc->getScope()->getSubprogram())
      SP = Origin;
  const Decision &D = decide(SP, F);
  if (D.Why.empty())
    return true;
  const bool Inlined = SP && SP != F.getSubprogram();
  if (Remarked.insert({&F, &D}).second)
    ORE.emit([&] {
      if (!Inlined)
        return OptimizationRemark(DEBUG_TYPE, "NotChecked", &F)
               << "plain accesses in '" << D.Name
               << "' are not checked: " << D.Why;
      return OptimizationRemark(DEBUG_TYPE, "NotChecked", &I)
             << "plain accesses of '" << D.Name << "' inlined into '"
             << (F.getSubprogram() ? F.getSubprogram()->getName() : F.getName())
             << "' are not checked: " << D.Why;
    });
  return false;
}

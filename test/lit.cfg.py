# lit configuration for atomicguard. Substitutions:
#   %agcc      clang with the plugin and the public headers (compile + link
#              needs %agrt as well)
#   %agrt      link flags for the runtime
#   %cc        the same clang without the plugin (uninstrumented code)
#   %opt_ag    opt with the plugin loaded
#   %exitcode  N CMD...: run CMD with stderr merged into stdout and fail
#              unless it exits with status N
#   %agaudit   the atomicguard-audit tool (build/bin)
#   %agclang, %agclangxx, %agconfig
#              atomicguard-clang, atomicguard-clang++ and atomicguard-config
#              in build/bin
#   %ag_build  the build tree (what `cmake --install` installs)
#   %cmake     the cmake that configured the build
#   %clang     the clang that built atomicguard, alone
import os
import shutil
import lit.formats

config.name = "atomicguard"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".ll", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ag_obj_root, "test")

plugin = os.path.join(config.ag_obj_root, "lib", "atomicguard.so")
libdir = os.path.join(config.ag_obj_root, "lib")
include = os.path.join(config.ag_src_root, "include")
cc = config.ag_cc

# --param ag_unoptimized=1 turns off every optimization that leaves checks
# out or makes them inline, so that the same tests show the same verdicts
# with and without them.
ag_extra = ""
if lit_config.params.get("ag_unoptimized"):
    ag_extra = (" -mllvm -atomicguard-elide-redundant=false"
                " -mllvm -atomicguard-coalesce-loops=false"
                " -mllvm -atomicguard-inline-checks=false")
else:
    # Tests may also check that the optimizations happened: %if ag-optimized.
    config.available_features.add("ag-optimized")
config.substitutions.append(("%agcc", f"{cc} -fpass-plugin={plugin} -I{include}{ag_extra}"))
config.substitutions.append(("%agrt", f"-L{libdir} -latomicguard_rt -lpthread"))
config.substitutions.append(("%cc", f"{cc} -I{include}"))
# IR tests see the runtime calls; test/pass/inline-check.ll tests the inline
# fast path that otherwise guards every plain access's call.
config.substitutions.append(("%opt_ag", f"{config.llvm_tools_dir}/opt -load-pass-plugin={plugin} -atomicguard-inline-checks=false"))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%ag_libdir", libdir))
config.substitutions.append(("%exitcode", f"python3 {config.ag_src_root}/test/exitcode.py"))
config.substitutions.append(("%src_root", config.ag_src_root))
bindir = os.path.join(config.ag_obj_root, "bin")
config.substitutions.append(("%agaudit", os.path.join(bindir, "atomicguard-audit")))
# %agclangxx before %agclang, which is its prefix.
config.substitutions.append(("%agclangxx", os.path.join(bindir, "atomicguard-clang++")))
config.substitutions.append(("%agclang", os.path.join(bindir, "atomicguard-clang")))
config.substitutions.append(("%agconfig", os.path.join(bindir, "atomicguard-config")))
config.substitutions.append(("%ag_build", config.ag_obj_root))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%clang", cc))

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
# rustc (whose LLVM is 22 too) is an optional host for the plugin.
rustc = shutil.which("rustc")
if rustc:
    config.available_features.add("rustc")
    config.substitutions.append(("%rustc", rustc))

# Tests choose their own runtime options and compilers.
for var in ("ATOMICGUARD_OPTIONS", "ATOMICGUARD_CC", "ATOMICGUARD_CXX"):
    config.environment.pop(var, None)

#!/usr/bin/env bash
# Installs what atomicguard needs (Debian 12 + LLVM 22 packages) when it is
# missing, then configures and builds into build/. Safe to run repeatedly.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

need=()
# make and pkg-config: the install test builds projects with them; lld: the
# LTO test links with it.
for pkg_bin in clang-22:clang-22 llvm-22-dev:llvm-config-22 llvm-22-tools:/usr/lib/llvm-22/bin/FileCheck \
               lld-22:/usr/lib/llvm-22/bin/ld.lld \
               cmake:cmake ninja-build:ninja python3:python3 make:make pkgconf:pkg-config; do
  pkg=${pkg_bin%%:*} bin=${pkg_bin#*:}
  command -v "$bin" >/dev/null 2>&1 || need+=("$pkg")
done
# The ThreadSanitizer runtime is only used for comparisons (bench/, docs).
[ -e /usr/lib/llvm-22/lib/clang/22/lib/linux/libclang_rt.tsan-x86_64.a ] ||
  ls /usr/lib/llvm-22/lib/clang/*/lib/*/libclang_rt.tsan*.a >/dev/null 2>&1 ||
  need+=(libclang-rt-22-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing packages and not root; run: apt-get install ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

build=${AG_BUILD_DIR:-$root/build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_DIR="$(llvm-config-22 --cmakedir)" >/dev/null
fi
cmake --build "$build" -j"$(nproc)"

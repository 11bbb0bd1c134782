#!/usr/bin/env bash
# Builds atomicguard (installing missing packages first) and runs the whole
# lit suite. Extra arguments go to lit (e.g. -v, --filter=fence).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap.sh"
build=${AG_BUILD_DIR:-$root/build}
exec "$(llvm-config-22 --bindir)/lit" -sv "$@" "$build/test"

#!/usr/bin/env bash
# Writes the merged shared-state audit of the example programs as Markdown
# (default: docs/audit-example.md): each example is compiled with
# -mllvm -atomicguard-audit-dir, then tools' atomicguard-audit merges the
# per-unit files. connection_manager_fixed.c is left out: it is a second
# version of connection_manager.c, and its globals would merge with that
# program's (the merge treats equal external names as one variable, as in one
# project). Usage: scripts/audit-examples.sh [OUT.md]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/audit-example.md}
build=${AG_BUILD_DIR:-$root/build}
[ -e "$build/bin/atomicguard-audit" ] || "$root/scripts/bootstrap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" # relative paths in the audit
for src in examples/*.c; do
  case $src in *_fixed.c) continue ;; esac
  clang-22 -g -O1 -c -fpass-plugin="$build/lib/atomicguard.so" -Iinclude "$src" \
    -o "$work/$(basename "$src" .c).o" -mllvm -atomicguard-audit-dir="$work/audit" \
    2>/dev/null
done
"$build/bin/atomicguard-audit" --title "Concurrency review of examples/" \
  --markdown "$out" "$work/audit"

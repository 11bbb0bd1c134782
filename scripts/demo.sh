#!/usr/bin/env bash
# Builds atomicguard (installing what is missing, see bootstrap.sh), then
# compiles every program in examples/ with the plugin at -O1 -g into
# build/examples/, runs it and shows what atomicguard says. Each example states
# its expected verdict in its header ("Expected verdict: race" or "clean"):
# a racy example must exit with status 66 and print a report, a clean one must
# exit with 0 and print none. Exits 0 iff every example behaved as expected.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap.sh"

build=${AG_BUILD_DIR:-$root/build}
out=$build/examples
mkdir -p "$out"
cc=clang-22
plugin=$build/lib/atomicguard.so
for f in "$plugin" "$build/lib/libatomicguard_rt.a"; do
  [ -e "$f" ] || { echo "demo: $f is missing after the build" >&2; exit 1; }
done

bold='' normal=''
if [ -t 1 ]; then
  bold=$(tput bold 2>/dev/null || true)
  normal=$(tput sgr0 2>/dev/null || true)
fi
cd "$root" # relative source paths keep the reports short
failures=()
for src in examples/*.c; do
  name=$(basename "$src" .c)
  expect=$(sed -n 's/^.*Expected verdict: *\([a-z]*\).*$/\1/p' "$src" | head -n 1)
  case "$expect" in
    race | clean) ;;
    *) echo "demo: $src has no 'Expected verdict: race|clean' line" >&2
       failures+=("$name (no expected verdict)")
       continue ;;
  esac

  echo
  echo "${bold}=== examples/$name.c (expected: $expect) ===${normal}"
  compile=("$cc" -g -O1 -fpass-plugin="$plugin" -Iinclude "$src" -o "$out/$name"
           -L"$build/lib" -latomicguard_rt -lpthread)
  echo "\$ ${compile[*]}"
  if ! "${compile[@]}"; then
    echo "${bold}--- $name: does not compile${normal}"
    failures+=("$name (compile error)")
    continue
  fi

  echo "\$ $out/$name"
  log=$out/$name.log
  status=0
  # ATOMICGUARD_OPTIONS from the caller's environment would change verdicts.
  env -u ATOMICGUARD_OPTIONS "$out/$name" >"$log" 2>&1 || status=$?
  cat "$log"
  reports=$(grep -c '^WARNING: AtomicGuard: data race' "$log" || true)

  if [ "$expect" = race ]; then
    ok=$([ "$status" -eq 66 ] && [ "$reports" -gt 0 ] && echo yes || echo no)
  else
    ok=$([ "$status" -eq 0 ] && [ "$reports" -eq 0 ] && echo yes || echo no)
  fi
  verdict=$([ "$reports" -gt 0 ] && echo "race ($reports report(s))" || echo clean)
  if [ "$ok" = yes ]; then
    echo "${bold}--- $name: exit status $status, $verdict: as expected${normal}"
  else
    echo "${bold}--- $name: exit status $status, $verdict: UNEXPECTED (expected $expect)${normal}"
    failures+=("$name")
  fi
done

echo
if [ ${#failures[@]} -eq 0 ]; then
  echo "demo: every example behaved as expected"
  exit 0
fi
echo "demo: unexpected results: ${failures[*]}" >&2
exit 1

#!/usr/bin/env bash
# Mutation testing of the two browser-free floors (src/core/, src/state/) with cargo-mutants: each mutant is one small
# change to the code (a function returning a default, a flipped comparison, a deleted match arm); the
# core's native tests must notice it. Not part of CI: about 6 seconds a mutant on 2 cores, some 1,250
# mutants in all.
#
#   scripts/mutants.sh                    every mutant of src/core/ and src/state/
#   scripts/mutants.sh -j 2               two at a time (each in its own copy of the tree)
#   scripts/mutants.sh --iterate          only those not caught by the earlier runs, or changed since;
#                                         the figures merge this run with the earlier ones (history/)
#   scripts/mutants.sh --file src/core/digest.rs [--file ...]   only these files
#   scripts/mutants.sh --report           print the last run's figures again, and write them
#
# Settings (which files, which tests, the debug-info-free build profile) are in .cargo/mutants.toml.
# The outcome is kept in target/mutants/mutants.out/; the per-file table and every surviving mutant are
# printed and written into docs/figures.md between the `mutants` markers. Installs cargo-mutants when
# it is missing.
set -uo pipefail
cd "$(dirname "$0")/.."

out=target/mutants
history=$out/history   # earlier runs, newest last: an --iterate run is merged with them
files=()
[[ " $* " == *" --file "* || " $* " == *" -f "* ]] || files=(--file 'src/core/**/*.rs' --file 'src/state/**/*.rs')
if [[ ${1:-} != --report ]]; then
  if ! command -v cargo-mutants >/dev/null; then
    cargo install --locked cargo-mutants || exit 1
  fi
  mkdir -p "$out"
  if [[ " $* " == *" --iterate "* ]]; then
    if [ -f "$out/mutants.out/outcomes.json" ]; then
      mkdir -p "$history"
      cp -r "$out/mutants.out" "$history/$(date -u +%Y%m%dT%H%M%S)"
    fi
  else
    rm -rf "$history"   # a whole run starts a new history
  fi
  cargo mutants --output "$out" "${files[@]}" "$@"
  rc=$?
  # 0: all caught; 2: some missed; 3: some timed out. Anything else is a failure of the run itself.
  if ((rc != 0 && rc != 2 && rc != 3)); then
    echo "cargo mutants failed (exit $rc); see $out/mutants.out/debug.log" >&2
    exit "$rc"
  fi
fi
# The current code's mutants (only they count), then this run and the earlier ones, newest first.
file_args=()
for ((i = 1; i <= $#; i++)); do
  if [[ ${!i} == --file || ${!i} == -f ]]; then j=$((i + 1)); file_args+=(--file "${!j}"); fi
done
cargo mutants --list "${files[@]}" "${file_args[@]}" >"$out/list.txt" || exit 1
runs=("$out/mutants.out")
if [ -d "$history" ]; then
  while IFS= read -r dir; do runs+=("$dir"); done < <(ls -d "$history"/* 2>/dev/null | sort -r)
fi
exec python3 scripts/mutants-report.py --list "$out/list.txt" "${runs[@]}" docs/figures.md

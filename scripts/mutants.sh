#!/usr/bin/env bash
# Mutation testing of the browser-free core (src/core/) with cargo-mutants: each mutant is one small
# change to the code (a function returning a default, a flipped comparison, a deleted match arm); the
# core's native tests must notice it. Not part of CI: about 6 seconds a mutant on 2 cores, some 1,250
# mutants in all.
#
#   scripts/mutants.sh                    every mutant of src/core/
#   scripts/mutants.sh -j 2               two at a time (each in its own copy of the tree)
#   scripts/mutants.sh --iterate          only those not caught by the last run
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
if [[ ${1:-} != --report ]]; then
  if ! command -v cargo-mutants >/dev/null; then
    cargo install --locked cargo-mutants || exit 1
  fi
  mkdir -p "$out"
  files=()
  [[ " $* " == *" --file "* || " $* " == *" -f "* ]] || files=(--file 'src/core/**/*.rs')
  cargo mutants --output "$out" "${files[@]}" "$@"
  rc=$?
  # 0: all caught; 2: some missed; 3: some timed out. Anything else is a failure of the run itself.
  if ((rc != 0 && rc != 2 && rc != 3)); then
    echo "cargo mutants failed (exit $rc); see $out/mutants.out/debug.log" >&2
    exit "$rc"
  fi
fi
exec python3 scripts/mutants-report.py "$out/mutants.out" docs/figures.md

#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets) one after the other and prints, per target, how many
# inputs ran, how long, and whether it crashed. Not part of CI: it needs nightly and cargo-fuzz
# (`cargo install cargo-fuzz`).
#
#   scripts/fuzz.sh              60 seconds per target
#   scripts/fuzz.sh 300          300 seconds per target
#   scripts/fuzz.sh -runs 10000000 [target...]   a number of inputs per target
#   scripts/fuzz.sh 30 go_template json_path     only these targets
#
# New inputs go to fuzz/work/<target> (not committed); fuzz/corpus/<target> (committed: seeds and
# regression inputs) is only read. A crash is saved under fuzz/artifacts/<target>/: minimize it with
# `cargo +nightly fuzz tmin -s none <target> <file>`, fix it, and commit the minimized input to fuzz/corpus/<target>/
# so tests/fuzz_corpus.rs replays it in every `cargo test`.
set -uo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time=60)
if [[ ${1:-} == -runs ]]; then
  limit=(-runs="${2:?-runs needs a count}")
  shift 2
elif [[ ${1:-} =~ ^[0-9]+$ ]]; then
  limit=(-max_total_time="$1")
  shift
fi
if (($#)); then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi

# Release, without AddressSanitizer (safe Rust: panics, hangs and memory blow-ups are what is looked for;
# about twice the inputs a second); one build for all targets.
mkdir -p fuzz/work
cargo +nightly fuzz build -O -s none >fuzz/work/build.log 2>&1 || { cat fuzz/work/build.log; exit 1; }
printf '%-18s %14s %10s %8s %8s  %s\n' target executions exec/s seconds crashes note
failed=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/work/$t" "fuzz/artifacts/$t"
  log="fuzz/work/$t.log"
  start=$(date +%s)
  # One process at a time (no -jobs: it sends the output to fuzz-N.log). Upstream gtmpl leaked a thread
  # per parse; leaks are not what this looks for.
  cargo +nightly fuzz run -O -s none "$t" "fuzz/work/$t" "fuzz/corpus/$t" -- \
    "${limit[@]}" -detect_leaks=0 -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  secs=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  # libFuzzer stops at the first crash, hang (-timeout) or out-of-memory: at most one per run.
  crashes=0 note=""
  if ((rc != 0)); then
    failed=1 crashes=1
    note="$(grep -m1 -oE 'ERROR: libFuzzer: [a-z-]+|panicked at [^ ]+|ERROR: AddressSanitizer: [a-z-]+' "$log")"
    note="${note:-exit $rc}; $(grep -m1 -oE 'Test unit written to [^ ]+' "$log"); see $log"
  fi
  printf '%-18s %14s %10s %8s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$secs" "$crashes" "$note"
done
exit "$failed"

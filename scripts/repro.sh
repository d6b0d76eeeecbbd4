#!/usr/bin/env bash
# Is the release build reproducible? Builds the committed HEAD twice, in two clones at different paths with
# different cargo homes (the second a copy of this machine's crates, so nothing is downloaded), with
# scripts/release.sh, then compares the two dist/ byte for byte and names every file that differs. It also
# fails when a wasm module holds a path of either build (a checkout or a cargo home).
#
#   ./scripts/repro.sh          (test.sh runs it; about 6 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
./scripts/setup.sh >/dev/null
commit=$(git rev-parse HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] \
  || echo "repro: building the committed $commit; uncommitted changes are not in either build" >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/keymint-repro.XXXXXX")"
# KEYMINT_REPRO_KEEP=1 keeps both checkouts and their dist/ to look into a difference.
[ "${KEYMINT_REPRO_KEEP:-}" = 1 ] && echo "repro: keeping $work" || trap 'rm -rf "$work"' EXIT

build() { # build <checkout> <cargo home>
  local checkout=$1 home=$2
  git clone --quiet --no-hardlinks "$root" "$checkout"
  git -C "$checkout" checkout --quiet "$commit"
  mkdir -p "$home" "$checkout/tools"
  cp -r "${CARGO_HOME:-$HOME/.cargo}/registry" "$home/"
  ln -s "$root/tools/node_modules" "$checkout/tools/node_modules"
  echo "repro: building $commit in $checkout (CARGO_HOME=$home)"
  (cd "$checkout" && CARGO_HOME="$home" KEYMINT_SKIP_SETUP=1 ./scripts/release.sh >"$work/$(basename "$home").log" 2>&1) \
    || { tail -n 30 "$work/$(basename "$home").log" >&2; echo "repro: the build in $checkout failed" >&2; exit 1; }
}

start=$(date +%s)
a="$work/a/keymint" b="$work/second-checkout/under/another/name"
build "$a" "$work/cargo-home-a"
build "$b" "$work/a-different-cargo-home"

status=0
for wasm in "$a"/dist/*.wasm "$b"/dist/*.wasm; do
  if grep -aq -e "$work" -e "${CARGO_HOME:-$HOME/.cargo}" -e "$(rustc --print sysroot)" "$wasm"; then
    echo "repro: $(basename "$wasm") holds a path of the build machine:" >&2
    grep -ao -e "$work[^\"]*" -e "${CARGO_HOME:-$HOME/.cargo}[^\"]*" "$wasm" | sort -u | head -n 5 >&2
    status=1
  fi
done
differ=$(diff -rq "$a/dist" "$b/dist" || true)
if [ -n "$differ" ]; then
  echo "repro: the two builds differ:" >&2
  echo "$differ" >&2
  status=1
fi
files=$(find "$a/dist" -type f | wc -l)
if [ $status -eq 0 ]; then
  echo "repro: identical dist/ from two checkouts and two cargo homes: $files files, $(( $(date +%s) - start )) s"
  echo "repro: SHA256SUMS $(sha256sum "$a/dist/SHA256SUMS" | cut -c1-16)…"
fi
exit $status

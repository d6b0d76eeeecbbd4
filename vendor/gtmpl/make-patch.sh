#!/usr/bin/env bash
# Writes vendor/gtmpl/KEYMINT.patch: every difference between this copy and the published gtmpl 0.7.1.
#
#   vendor/gtmpl/make-patch.sh           regenerate KEYMINT.patch (run it after every change to this copy)
#   vendor/gtmpl/make-patch.sh --check   exit 1 if KEYMINT.patch is not what this copy gives
#
# Upstream is the crate as cargo downloads it (the registry's own checksum), taken from cargo's registry
# cache, or fetched there by `cargo fetch` in a throwaway project (a workspace of its own, wherever TMPDIR is). GTMPL_UPSTREAM=<dir>
# names an unpacked gtmpl-0.7.1 instead. The patch applies with `patch -p1` inside a copy of upstream.
#
# Not part of the patch: README.md (upstream's text plus our "Keymint's changes" section, which describes
# this patch), this script and the patch itself, and what cargo adds or we do not vendor (upstream's tests/,
# Cargo.toml.orig, .cargo-ok, .cargo_vcs_info.json).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=0.7.1
out="$here/KEYMINT.patch"

upstream="${GTMPL_UPSTREAM:-}"
if [ -z "$upstream" ]; then
  cargo_home="${CARGO_HOME:-$HOME/.cargo}"
  find_upstream() { ls -d "$cargo_home"/registry/src/*/gtmpl-$version 2>/dev/null | head -n 1; }
  upstream="$(find_upstream || true)"
  if [ -z "$upstream" ]; then
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/src"
    # Its own [workspace]: TMPDIR may lie inside the repository (test.sh puts it in .tmp/), and cargo
    # takes any Cargo.toml below the root as a would-be member of the root's workspace.
    printf '[package]\nname = "gtmpl-upstream"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\ngtmpl = "=%s"\n\n[workspace]\n' \
      "$version" >"$scratch/Cargo.toml"
    : >"$scratch/src/lib.rs"
    (cd "$scratch" && cargo fetch --quiet)
    upstream="$(find_upstream)"
  fi
fi
[ -f "$upstream/src/lexer.rs" ] || { echo "no gtmpl $version at '$upstream'" >&2; exit 1; }

excluded='^(README\.md|KEYMINT\.patch|make-patch\.sh|Cargo\.toml\.orig|\.cargo-ok|\.cargo_vcs_info\.json|tests/.*|target/.*)$'
files() { (cd "$1" && find . -type f | sed 's|^\./||'); }

patch="$(
  { files "$upstream"; files "$here"; } | LC_ALL=C sort -u | grep -Ev "$excluded" | while read -r f; do
    a="$upstream/$f"; b="$here/$f"
    [ -f "$a" ] || a=/dev/null
    [ -f "$b" ] || b=/dev/null
    # diff exits 1 when the files differ: that is the point, not an error.
    diff -u --label "a/$f" --label "b/$f" "$a" "$b" || [ $? -eq 1 ]
  done
)"

if [ "${1:-}" = "--check" ]; then
  if [ "$patch" == "$(cat "$out" 2>/dev/null)" ]; then
    echo "KEYMINT.patch matches vendor/gtmpl"
  else
    echo "KEYMINT.patch is stale: run vendor/gtmpl/make-patch.sh" >&2
    exit 1
  fi
else
  printf '%s\n' "$patch" >"$out"
  echo "wrote $out ($(grep -c '^+[^+]' "$out") lines added, $(grep -c '^-[^-]' "$out") removed)"
fi

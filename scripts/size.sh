#!/usr/bin/env bash
# Prints the size of the release bundle in dist/: raw, gzip -9 and brotli (when available), per file and as
# two totals. A figure, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
printf '%-40s %10s %10s %10s\n' file raw gzip brotli
# Two totals: the first load (every file but the on-demand module, which nothing loads up front) and the
# on-demand module (keymint-ondemand-*, fetched the first time a feature needs it).
first_raw=0; first_gz=0; first_br=0; od_raw=0; od_gz=0; od_br=0
for f in dist/*; do
  [ -f "$f" ] || continue
  case "$f" in *.gz|*.br|*/SHA256SUMS) continue ;; esac   # the build's precompressed siblings, its checksums
  raw=$(wc -c <"$f"); gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
  case "$(basename "$f")" in
    keymint-ondemand-*) od_raw=$((od_raw + raw)); od_gz=$((od_gz + gz)); od_br=$((od_br + br)) ;;
    *) first_raw=$((first_raw + raw)); first_gz=$((first_gz + gz)); first_br=$((first_br + br)) ;;
  esac
  printf '%-40s %10d %10d %10s\n' "$(basename "$f")" "$raw" "$gz" "$([ "$br" -gt 0 ] && echo "$br" || echo -)"
done
dash() { [ "$1" -gt 0 ] && echo "$1" || echo -; }
printf '%-40s %10d %10d %10s\n' FIRST-LOAD "$first_raw" "$first_gz" "$(dash "$first_br")"
printf '%-40s %10d %10d %10s\n' ON-DEMAND "$od_raw" "$od_gz" "$(dash "$od_br")"

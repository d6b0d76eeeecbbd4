#!/usr/bin/env bash
# Prints the size of the release bundle in dist/: raw, gzip -9 and brotli (when available). A figure, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
printf '%-40s %10s %10s %10s\n' file raw gzip brotli
total_raw=0; total_gz=0; total_br=0
for f in dist/*; do
  [ -f "$f" ] || continue
  case "$f" in *.gz|*.br) continue ;; esac   # the build's precompressed siblings
  raw=$(wc -c <"$f"); gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '%-40s %10d %10d %10s\n' "$(basename "$f")" "$raw" "$gz" "$([ "$br" -gt 0 ] && echo "$br" || echo -)"
done
printf '%-40s %10d %10d %10s\n' TOTAL "$total_raw" "$total_gz" "$([ "$total_br" -gt 0 ] && echo "$total_br" || echo -)"

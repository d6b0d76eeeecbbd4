#!/usr/bin/env bash
# The release build, reproducible: installs what is missing (setup.sh), then `trunk build --release` with
# the build machine's paths mapped out of the wasm (release-env.sh). Writes dist/ and dist/SHA256SUMS (by
# scripts/post-build.py). The same commit with the same tool versions (README: "Checking a build") gives
# the same bytes on any machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
[ "${KEYMINT_SKIP_SETUP:-}" = 1 ] || ./scripts/setup.sh
export PATH="$root/tools/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
source scripts/release-env.sh
trunk build --release
(cd dist && sha256sum --quiet -c SHA256SUMS)
echo "dist/ built; dist/SHA256SUMS lists its $(wc -l <dist/SHA256SUMS) files"

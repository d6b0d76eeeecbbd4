#!/usr/bin/env bash
# Every check and test: formatting, lints (host and wasm), the vendored gtmpl's patch file, the core's native
# tests, the emulator's tests (curl and Python requests as third-party Digest clients, spec schemas), the
# release build, component tests in headless Chromium and Firefox, and end-to-end tests of the real page
# through real proxies in Chromium, Firefox ESR and WebKitGTK.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# What setup.sh installs with cargo lands in the cargo home's bin/, which may not be on PATH yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
./scripts/setup.sh
export PATH="$root/tools/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
# The build machine's paths mapped out of every wasm build of this run (the release build included).
source scripts/release-env.sh
export TMPDIR="$root/.tmp/test"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
log="$TMPDIR/test.log"
: >"$log"

step() { printf '\n==> %s\n' "$*"; }
run() { "$@" 2>&1 | tee -a "$log"; }

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p keymint --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
# No import cycle among src/'s modules, and no import up a floor (core < state < web).
python3 scripts/import-cycles.py
# The vendored gtmpl's patch file must be the whole of our changes to it (it fetches gtmpl 0.7.1 if needed).
vendor/gtmpl/make-patch.sh --check

step "native tests: core and Atlas emulator"
run cargo test --workspace --exclude keymint-e2e

step "release build (trunk, reproducible: scripts/release.sh) and its checksums"
KEYMINT_SKIP_SETUP=1 ./scripts/release.sh
./scripts/size.sh

step "component tests in headless Chromium and headless Firefox ESR (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180 \
  run cargo test -p keymint --target wasm32-unknown-unknown --test components
GECKODRIVER="$(command -v geckodriver)" WASM_BINDGEN_TEST_TIMEOUT=180 \
  run cargo test -p keymint --target wasm32-unknown-unknown --test components

step "end-to-end tests: the page in Chromium (every test), Firefox ESR and WebKitGTK (the flows in all three), through Trunk, cors-anywhere and nginx"
cargo build --quiet -p atlas-emulator
start=$(date +%s)
KEYMINT_DIST="$root/dist" KEYMINT_EMULATOR="$root/target/debug/atlas-emulator" \
  KEYMINT_TOOLS="$root/tools/node_modules" \
  run cargo test -p keymint-e2e -- --test-threads=1
echo "e2e wall time: $(( $(date +%s) - start )) s" | tee -a "$log"

step "reproducible build: the committed HEAD built in two checkouts with two cargo homes, compared"
run ./scripts/repro.sh

step "summary"
grep -E '^test result:' "$log" || true
echo "all checks passed"

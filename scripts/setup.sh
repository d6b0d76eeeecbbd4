#!/usr/bin/env bash
# Installs what Keymint needs on a fresh machine; each step checks first, so a rerun costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
# cargo install puts tools in the cargo home's bin/ (an empty CARGO_HOME has it off PATH).
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
CORS_ANYWHERE_VERSION=0.4.4
AXE_CORE_VERSION=4.14.1
GECKODRIVER_VERSION=0.37.1

say() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a webpki-roots the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Every crate Cargo.lock names, for every target. Trunk builds offline (Trunk.toml), so on a new machine
# (or a new CARGO_HOME) `run.sh`'s first build would otherwise find the wasm crates missing.
say "fetching the crates of Cargo.lock"
cargo fetch --locked --quiet

if ! geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then
  say "installing geckodriver $GECKODRIVER_VERSION (Firefox's WebDriver, for the e2e and component tests; about 4 minutes)"
  cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
fi

# npm tools live in tools/node_modules (binaryen's wasm-opt; cors-anywhere and axe-core for the e2e tests).
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -d tools/node_modules/cors-anywhere ] \
  || ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" tools/node_modules/axe-core/package.json; then
  say "installing npm tools (binaryen $BINARYEN_VERSION, cors-anywhere $CORS_ANYWHERE_VERSION, axe-core $AXE_CORE_VERSION)"
  (cd tools && npm ci --no-audit --no-fund)
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || need_apt+=(webkit2gtk-driver) # drives WebKitGTK's MiniBrowser
command -v xvfb-run >/dev/null 2>&1 || need_apt+=(xvfb)                      # MiniBrowser needs a display
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)   # the build's .br files, size figures
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl) # a throwaway certificate for the TLS test
command -v age >/dev/null 2>&1 || need_apt+=(age)         # age, age-keygen: sealed keys checked against the reference tool
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! python3 -c 'import requests' 2>/dev/null; then
  say "installing python requests (for the emulator's third-party client test)"
  python3 -m pip install --quiet requests
fi
if ! python3 -c 'import icalendar' 2>/dev/null; then
  say "installing python icalendar 7.3.2 (reads the page's calendar reminder in the e2e test)"
  python3 -m pip install --quiet icalendar==7.3.2
fi

say "toolchain ready"

#!/usr/bin/env bash
# The demo: the Atlas emulator, Trunk's dev server (which also is the CORS-free same-origin proxy) and the page.
# Stops only what it started, by PID, on exit or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# What setup.sh installs with cargo lands in the cargo home's bin/, which may not be on PATH yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
./scripts/setup.sh
export PATH="$root/tools/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
source scripts/release-env.sh
port=${KEYMINT_PORT:-8080}
run_dir="$root/.tmp/run"
rm -rf "$run_dir" && mkdir -p "$run_dir"

cargo build --quiet -p atlas-emulator

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

"$root/target/debug/atlas-emulator" --port 0 >"$run_dir/emulator.json" 2>"$run_dir/emulator.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$run_dir/emulator.json" ] && break; sleep 0.1; done
info=$(head -n 1 "$run_dir/emulator.json")
[ -n "$info" ] || { echo "the emulator did not start; see $run_dir/emulator.log" >&2; exit 1; }
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, {"d": d}))' "$info" "$1"; }
emu_url=$(field 'd["url"]')

# Trunk serves the page and forwards /atlas/* to the emulator, like a same-origin reverse proxy would to Atlas.
trunk serve --port "$port" --address 127.0.0.1 --proxy-backend="$emu_url/" --proxy-rewrite=/atlas/ \
  >"$run_dir/trunk.log" 2>&1 &
pids+=($!)
echo "Building and starting the page (log: $run_dir/trunk.log) ..."
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  kill -0 "${pids[1]}" 2>/dev/null || { echo "trunk serve stopped; see $run_dir/trunk.log" >&2; exit 1; }
  sleep 0.5
done

cat <<INFO

  Keymint is running:   http://127.0.0.1:$port/
  Atlas emulator:       $emu_url   (Trunk proxies /atlas/* to it; the page's proxy setting is /atlas{path})

  Demo credentials (an API key with Project Owner on the demo project):
    Project ID    $(field 'd["projectId"]')
    Public key    $(field '[k for k in d["apiKeys"] if k["name"]=="owner"][0]["publicKey"]')
    Private key   $(field '[k for k in d["apiKeys"] if k["name"]=="owner"][0]["privateKey"]')

  Press Ctrl-C to stop (the emulator and trunk started here are stopped by PID).
INFO
wait "${pids[1]}"

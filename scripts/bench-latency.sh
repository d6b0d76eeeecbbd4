#!/usr/bin/env bash
# Latency per create, side by side in one run (a benchmark, not a test: it asserts nothing about time).
# Ten creates in a row against the Atlas emulator with added latency (LATENCY_MS, default 100) for:
#   curl --digest (a new process per create), Python requests (one Session with HTTPDigestAuth), and
#   the release page in headless Chromium through cors-anywhere (click to reveal, measured in the page
#   with performance.now(); tests/e2e/tests/one_round_trip.rs, click_to_reveal_benchmark).
# POSTs are counted by the emulator (GET /__emulator/counts). Prints a markdown section for docs/figures.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
latency=${LATENCY_MS:-100}
creates=10

export PATH="$root/tools/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
export TMPDIR="$root/.tmp/bench-latency"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"

echo "[bench] building the emulator and the release page" >&2
cargo build --quiet -p atlas-emulator
source scripts/release-env.sh
trunk build --release >"$TMPDIR/trunk.log" 2>&1 || { cat "$TMPDIR/trunk.log" >&2; exit 1; }

emu_pid=""
stop() { [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true; }
trap stop EXIT
"$root/target/debug/atlas-emulator" --port 0 --latency-ms "$latency" >"$TMPDIR/emulator.json" 2>/dev/null &
emu_pid=$!
for _ in $(seq 100); do [ -s "$TMPDIR/emulator.json" ] && break; sleep 0.1; done
field() { python3 -c "import json,sys; i=json.loads(open(sys.argv[1]).readline()); print(eval(sys.argv[2]))" "$TMPDIR/emulator.json" "$1"; }
url=$(field 'i["url"]')
public=$(field 'i["apiKeys"][0]["publicKey"]')
private=$(field 'i["apiKeys"][0]["privateKey"]')
project=$(field 'i["projectId"]')
create_url="$url/api/atlas/v2/groups/$project/apiKeys"
media="application/vnd.atlas.2023-01-01+json"
counts() { curl -sS "$url/__emulator/counts"; }

# One line per client: name, signed POSTs, unsigned POSTs, times in ms (space separated).
results="$TMPDIR/results"
: >"$results"
measure() { # name, then the command that prints one time (ms) per create
  local name=$1 before after
  shift
  before=$(counts)
  local times
  times=$("$@" | tr '\n' ' ')
  after=$(counts)
  python3 - "$name" "$before" "$after" "$times" >>"$results" <<'PY'
import json, sys
name, before, after, times = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
d = lambda k: after[k] - before[k]
print(json.dumps({"name": name, "signed": d("signedPosts"), "unsigned": d("unsignedPosts"),
                  "times": [float(t) for t in times.split()]}))
PY
}

echo "[bench] curl --digest" >&2
curl_creates() {
  for i in $(seq "$creates"); do
    curl -sS -o /dev/null -w '%{time_total}\n' --digest -u "$public:$private" \
      -H "Accept: $media" -H "Content-Type: $media" -X POST "$create_url" \
      --data "{\"desc\":\"bench curl $i\",\"roles\":[\"GROUP_READ_ONLY\"]}" |
      awk '{ printf "%.1f\n", $1 * 1000 }'
  done
}
measure "curl --digest" curl_creates

echo "[bench] Python requests" >&2
python_creates() {
  python3 - "$create_url" "$public" "$private" "$creates" <<'PY'
import json, sys, time
import requests
from requests.auth import HTTPDigestAuth
url, public, private, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
media = "application/vnd.atlas.2023-01-01+json"
s = requests.Session()
s.auth = HTTPDigestAuth(public, private)
for i in range(n):
    t = time.perf_counter()
    r = s.post(url, headers={"Accept": media, "Content-Type": media},
               data=json.dumps({"desc": f"bench requests {i}", "roles": ["GROUP_READ_ONLY"]}), timeout=30)
    r.raise_for_status()
    print(f"{(time.perf_counter() - t) * 1000:.1f}")
PY
}
measure "Python requests (Session + HTTPDigestAuth)" python_creates

echo "[bench] the page in headless Chromium (its own emulator, same latency)" >&2
KEYMINT_DIST="$root/dist" KEYMINT_EMULATOR="$root/target/debug/atlas-emulator" \
  KEYMINT_TOOLS="$root/tools/node_modules" KEYMINT_BENCH_LATENCY_MS="$latency" \
  cargo test --quiet -p keymint-e2e --test one_round_trip -- --ignored --nocapture \
  click_to_reveal_benchmark >"$TMPDIR/page.log" 2>&1 || { cat "$TMPDIR/page.log" >&2; exit 1; }
grep '^BENCH ' "$TMPDIR/page.log" | sed 's/^BENCH //' >"$TMPDIR/page.row"

python3 - "$results" "$TMPDIR/page.row" "$latency" "$creates" "$(git rev-parse --short HEAD)" <<'PY'
import json, statistics, sys, datetime
results, page_row, latency, n, commit = sys.argv[1:6]
print(f"## Latency per create ({n} creates in a row, emulator with {latency} ms added latency)")
print()
print(f"Measured {datetime.date.today().isoformat()} at {commit} by `scripts/bench-latency.sh`. POSTs are counted "
      "by the emulator; the page's time is click to reveal, measured in the page.")
print()
print("| client | POSTs per create | median per create | signed POSTs | unsigned POSTs |")
print("|---|---|---|---|---|")
for line in open(results):
    r = json.loads(line)
    posts = (r["signed"] + r["unsigned"]) / int(n)
    print(f"| {r['name']} | {posts:.1f} | {statistics.median(r['times']):.0f} ms | {r['signed']} | {r['unsigned']} |")
print(open(page_row).read().strip())
PY

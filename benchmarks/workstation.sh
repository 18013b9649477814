#!/usr/bin/env bash
# The workstation's responsiveness (docs/workstation.md "Long work does not block"): while a
# solve of a large county keeps both cores busy, 200 page loads on loopback (the data, plan and
# review pages and the style sheet in turn); their median, p95 and worst times in ms.
# Usage: benchmarks/workstation.sh [SCENARIO]  (after `swift build -c release --product rotaplan`)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/nanchang-county}
name=$(basename "$scenario")
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/scenarios"
cp -r "$scenario" "$work/scenarios/$name"
.build/release/rotaplan serve --root "$work" --port 0 >"$work/address" 2>/dev/null &
server=$!
for _ in $(seq 50); do grep -q http "$work/address" && break; sleep 0.1; done
address=$(grep -o 'http://[^ ]*' "$work/address")
python3 - "$address" "scenarios/$name" <<'PY'
import json, statistics, subprocess, sys, time, urllib.parse
sys.path.insert(0, "Tests/RotaplanTests/Support/Scripts")
from workstation_http import Session
base, scenario = sys.argv[1], sys.argv[2]
quoted = urllib.parse.quote(scenario)
session = Session(base)
session.start()
# A first plan (the heuristic, quickly), so that the review page has one to show.
assert session.request("POST", "/solve?s=" + quoted, {"time_limit": "60", "gap": "1e-6", "method": "heuristic", "seed": "0"})[0] == 303
session.request("GET", "/events?s=" + quoted)
# Then a long GLPK solve on both cores, and the page loads beside it.
assert session.request("POST", "/solve?s=" + quoted, {"time_limit": "300", "gap": "0", "method": "glpk", "seed": "0"})[0] == 303
time.sleep(2)
load = subprocess.run(["sh", "-c", "top -b -n 1 | grep rotaplan | head -1"], capture_output=True, text=True).stdout.split()
times = []
paths = ["/", "/scenario?s=" + quoted, "/review?s=" + quoted, "/assets/style.css"]
for index in range(200):
    start = time.perf_counter()
    status, _ = session.request("GET", paths[index % len(paths)])
    times.append((time.perf_counter() - start) * 1000)
    assert status == 200, status
running = "running" in session.request("GET", "/scenario?s=" + quoted)[1].split('id="job-state">')[1][:10]
by_path = {path: sorted(t for i, t in enumerate(times) if paths[i % len(paths)] == path) for path in paths}
times.sort()
p95 = times[int(0.95 * len(times)) - 1]
print(f"scenario {scenario}: 200 page loads while a GLPK solve ran (server at {load[8] if len(load) > 8 else '?'}% CPU when they began; still solving at the end: {running})")
print(f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, worst {times[-1]:.1f} ms")
for path, own in by_path.items():
    print(f"  {path.split('?')[0]}: median {statistics.median(own):.1f} ms, worst {own[-1]:.1f} ms")
PY

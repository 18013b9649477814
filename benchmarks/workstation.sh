#!/usr/bin/env bash
# The workstation under load (docs/workstation.md "Pages are fast under load"): 南昌县 (the
# largest committed county) copied into a fresh workspace and planned once (the heuristic), then
#   idle:  single loads of its plan page (the review, every list) one after another (the first
#          right after the solve, which renders it), then 50 concurrent loads;
#   busy:  the same while GLPK solves two data versions of the county (both cores), and rounds
#          of 50 concurrent loads of the plan page: their median, p95 and worst times in ms.
# Each concurrent load is a session of its own; the client is one Python process (its threads
# share one core's worth of Python), so the times include the client's own waiting.
# Goals: a single load under 100 ms idle (200 ms busy); p95 of 50 concurrent loads under 1 s.
# Usage: benchmarks/workstation.sh [SCENARIO] [ROUNDS]
#   after `swift build -c release --product rotaplan` (through the shared build lock).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/nanchang-county}
rounds=${2:-5}
name=$(basename "$scenario")
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/scenarios"
cp -r "$scenario" "$work/scenarios/$name"
# A second copy of the county's data (a comment added): its second data version, solved beside
# the first so that both cores are busy.
cp -r "$scenario" "$work/scenarios/$name-again"
echo "# the same county again" >>"$work/scenarios/$name-again/scenario.yaml"
.build/release/rotaplan serve --root "$work" --port 0 >"$work/address" 2>"$work/errors" &
server=$!
for _ in $(seq 100); do grep -q http "$work/address" && break; sleep 0.1; done
address=$(grep -o 'http://[^ ]*' "$work/address")
python3 - "$address" "scenarios/$name" "$server" "$rounds" <<'PY'
import os, re, statistics, sys, threading, time, urllib.parse
sys.path.insert(0, "Tests/RotaplanTests/Support/Scripts")
from workstation_http import Session

base, scenario, pid, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
session = Session(base)
session.start()
status, _, got = session.exchange("POST", "/adopt?s=" + urllib.parse.quote(scenario), {})
assert status == 303, status
county = urllib.parse.parse_qs(urllib.parse.urlparse(got["Location"]).query)["c"][0]
# A first plan (the heuristic, quickly), so that the plan page has one to show.
assert session.request("POST", f"/solve?c={county}&v=1", {"time_limit": "60", "gap": "0.0001%", "method": "heuristic", "seed": "0"})[0] == 303
assert session.wait(county, 1).startswith("finished")
page = f"/plan?c={county}&p=2025-1-1"


def load(who=session):
    start = time.perf_counter()
    status, text = who.request("GET", page)
    assert status == 200, status
    return (time.perf_counter() - start) * 1000, len(text)


def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def concurrent(count):
    """`count` loads at once, each from a session of its own (a browser each)."""
    people = [Session(base) for _ in range(count)]
    for person in people:
        person.start()
    times = [0.0] * count
    gate = threading.Barrier(count)

    def one(index):
        gate.wait()
        times[index] = load(people[index])[0]

    threads = [threading.Thread(target=one, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


first, size = load()
idle = [load()[0] for _ in range(30)]
print(f"{scenario}: plan page {size / 1024:.0f} KiB; idle: first load {first:.0f} ms (rendered when the solve finished), "
      f"then 30 single loads median {statistics.median(idle):.1f} ms, worst {max(idle):.1f} ms")
idle_concurrent = concurrent(50)
print(f"idle: 50 concurrent loads median {statistics.median(idle_concurrent):.0f} ms, p95 {p95(idle_concurrent):.0f} ms, "
      f"worst {max(idle_concurrent):.0f} ms")

# Long GLPK solves (gap 0: they run to their limit) of both data versions: both cores busy.
assert session.request("POST", "/adopt?s=" + urllib.parse.quote(scenario + "-again"), {})[0] == 303
for version in [1, 2]:
    answer = session.request("POST", f"/solve?c={county}&v={version}", {"time_limit": "600", "gap": "0", "method": "glpk", "seed": "0"})
    assert answer[0] == 303, answer
time.sleep(3)
before, clock = cpu_seconds(), time.perf_counter()
time.sleep(2)
usage = (cpu_seconds() - before) / (time.perf_counter() - clock) * 100
busy = [load()[0] for _ in range(30)]
print(f"busy (server at {usage:.0f}% CPU from the two solves): 30 single loads median {statistics.median(busy):.1f} ms, "
      f"worst {max(busy):.1f} ms")
every = []
for number in range(rounds):
    times = concurrent(50)
    every += times
    print(f"busy: round {number + 1}: 50 concurrent loads median {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms, "
          f"worst {max(times):.0f} ms")
print(f"busy: all {len(every)} concurrent loads: median {statistics.median(every):.0f} ms, p95 {p95(every):.0f} ms, worst {max(every):.0f} ms")
states = []
for version in [1, 2]:
    status, text = session.request("GET", f"/data?c={county}&v={version}")
    states.append((re.search(r'id="job-state" data-state="(\w+)"', text) or [None, "?"])[1])
    session.request("POST", f"/cancel?c={county}&v={version}", {})
print(f"the solves at the end: {', '.join(states)}")
PY

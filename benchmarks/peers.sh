#!/usr/bin/env bash
# rotaplan against the solvers a user would pick instead, on the same instances, in one run:
# glpsol and CBC on the exported county program, HiGHS on it and on one program per community
# or component (exact: no row crosses them; X is 南昌县 with the county exchange, whose Part 1 is
# one county program). Prints one table with each peer's time divided by
# rotaplan's. Usage: benchmarks/peers.sh [SIZES…] [--time-limit SECONDS]   (default: S M, 120 s)
# Needs glpk-utils, coinor-cbc and highspy; installs them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=120
sizes=()
while [ $# -gt 0 ]; do
    case "$1" in
        --time-limit) limit=$2; shift 2 ;;
        *) sizes+=("$1"); shift ;;
    esac
done
[ ${#sizes[@]} -eq 0 ] && sizes=(S M)
command -v glpsol >/dev/null && command -v cbc >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq glpk-utils coinor-cbc >/dev/null; }
python3 -c "import highspy" 2>/dev/null || pip install -q highspy
swift build -c release --product rotaplan >/dev/null
swift build -c release --package-path benchmarks >/dev/null
rotaplan=.build/release/rotaplan
bench=benchmarks/.build/release/RotaplanBench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
row() { # size part solver status objective seconds rotaplan-seconds
    local ratio="-"
    if [ "$7" != "-" ]; then
        if [ "$4" = "optimal" ]; then ratio=$(python3 -c "print('%.1f' % ($6 / max($7, 0.005)))"); else ratio="> ${limit} s / $7 s"; fi
    fi
    printf '| %s | %s | %s | %s | %s | %.2f | %s |\n' "$1" "$2" "$3" "$4" "$5" "$6" "$ratio"
}

echo "| size | part | solver | status | objective | seconds | time ÷ rotaplan's |"
echo "|---|---|---|---|---:|---:|---:|"
for size in "${sizes[@]}"; do
    folder=$($bench generate "$size" "$work")
    out=$($rotaplan solve "$folder" --time-limit "$limit" --quiet --out "$work/plan-$size")
    for part in rotation itinerant; do
        line=$(echo "$out" | grep "^$part:")
        status=$(echo "$line" | awk '{print $2}')
        objective=$(echo "$line" | awk '{print $4}')
        seconds=$(echo "$line" | sed 's/.* in \([0-9.]*\) s.*/\1/')
        row "$size" "$part" "rotaplan" "$status" "$objective" "$seconds" "-"
        reference=$seconds
        $rotaplan export "$folder" --part "$part" -o "$work/$part.lp" --time-limit "$limit" >/dev/null
        mkdir -p "$work/split-$part" && rm -f "$work/split-$part"/*
        outside=$($rotaplan export "$folder" --part "$part" --split -o "$work/split-$part/p.lp" --time-limit "$limit" | sed 's/.*outside them: \([-0-9.e+]*\).*/\1/')

        started=$(now)
        timeout $((${limit%.*} + 60)) glpsol --lp "$work/$part.lp" --tmlim "${limit%.*}" -o "$work/glpsol.sol" >"$work/glpsol.log" 2>&1 || true
        elapsed=$(python3 -c "print($(now) - $started)")
        if grep -q "INTEGER OPTIMAL" "$work/glpsol.log"; then s=optimal; else s=feasible_or_none; fi
        value=$(grep -m1 "^Objective:" "$work/glpsol.sol" 2>/dev/null | sed 's/.*= \([-0-9.e+]*\).*/\1/' || echo "-")
        # Without an integer solution glpsol still prints "obj = 0".
        if grep -q "INTEGER UNDEFINED" "$work/glpsol.sol" 2>/dev/null; then value="-"; fi
        row "$size" "$part" "glpsol (whole county)" "$s" "${value:--}" "$elapsed" "$reference"

        started=$(now)
        timeout $((${limit%.*} + 60)) cbc "$work/$part.lp" -sec "$limit" -threads 2 -solve -quit >"$work/cbc.log" 2>&1 || true
        elapsed=$(python3 -c "print($(now) - $started)")
        if grep -q "Result - Optimal solution found" "$work/cbc.log"; then s=optimal; else s=feasible_or_none; fi
        value=$(grep -m1 "^Objective value:" "$work/cbc.log" | awk '{print $3}' || true)
        row "$size" "$part" "CBC (whole county)" "$s" "${value:--}" "$elapsed" "$reference"

        for mode in whole split; do
            if [ $mode = whole ]; then files=("$work/$part.lp"); label="HiGHS (whole county)"; else files=("$work/split-$part"/p-*.lp); label="HiGHS (per community/component)"; fi
            result=$(timeout $((${limit%.*} + 120)) python3 benchmarks/highs.py "$limit" "${files[@]}" 2>/dev/null | tail -1 || true)
            [ -n "$result" ] || result='{"status": "failed", "objective": NaN, "seconds": 0}'
            s=$(echo "$result" | python3 -c "import json,sys; print(json.load(sys.stdin)['status'])")
            add=0; [ $mode = split ] && add=$outside
            value=$(echo "$result" | python3 -c "import json,sys; print('%.2f' % (json.load(sys.stdin)['objective'] + $add))")
            elapsed=$(echo "$result" | python3 -c "import json,sys; print(json.load(sys.stdin)['seconds'])")
            row "$size" "$part" "$label" "$s" "$value" "$elapsed" "$reference"
        done
    done
done

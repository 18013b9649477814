#!/usr/bin/env bash
# Ten published years of the whole city (the ladder's XL) in one ledger: each year's rotation
# plan (the heuristic, Part 1) published, the time of each `ledger publish` (it loads and
# verifies the scenario, then writes), the file's size, and `ledger show --teacher` answers.
# R4 is relaxed to 0 cadres per member: with the default cooldown the city runs out of eligible
# cadres in its third myopic year (the ledger is measured here, not the policy).
# Usage: benchmarks/ledger.sh  (after `swift build -c release` here and in benchmarks/)
set -euo pipefail
cd "$(dirname "$0")/.."
rotaplan=.build/release/rotaplan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
city=$(benchmarks/.build/release/RotaplanBench generate XL "$work")
mv "$city/history.csv" "$work/history.csv"
rm -f "$city/pins.csv"  # pins hold decisions for the first year only
"$rotaplan" ledger import "$city" "$work/history.csv" >/dev/null
echo "| year | secondments | publish (s) | peak memory (MB) |"
echo "|---:|---:|---:|---:|"
for year in $(seq 2025 2034); do
    sed -i "s/^year: .*/year: $year/" "$city/scenario.yaml"
    "$rotaplan" solve "$city" --part rotation --method heuristic --set policy.rotation.min_cadres_per_member=0 --out "$work/plan-$year" --quiet >/dev/null
    /usr/bin/time -f "%e %M" -o "$work/time" "$rotaplan" ledger publish "$city" "$work/plan-$year/plan.json" >"$work/out"
    read -r seconds kilobytes <"$work/time"
    count=$(grep -o '[0-9]* secondments' "$work/out" | cut -d' ' -f1)
    echo "| $year | $count | $seconds | $((kilobytes / 1024)) |"
done
echo
echo "ledger.sqlite: $(du -k "$city/ledger.sqlite" | cut -f1) KiB; $(sqlite3 "$city/ledger.sqlite" 'select count(*) from secondment') secondment rows"
teachers=$(sqlite3 "$city/ledger.sqlite" "select teacher from secondment order by random() limit 20")
start=$(date +%s.%N)
for teacher in $teachers; do "$rotaplan" ledger show --teacher "$teacher" --ledger "$city/ledger.sqlite" >/dev/null; done
end=$(date +%s.%N)
echo "ledger show --teacher: $(echo "($end - $start) * 1000 / 20" | bc -l | cut -c1-5) ms per call (whole process, 20 teachers)"

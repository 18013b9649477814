#!/usr/bin/env bash
# Ten published years of the whole city (the ladder's XL) in one ledger: each year's rotation
# plan (the heuristic, Part 1) published, the time of each `ledger publish` (it loads and
# verifies the scenario, backs the ledger up, then writes the hash-chained event and its rows),
# the file's size, `ledger show --teacher` answers, and `ledger verify` and `ledger backup` of
# the ten-year ledger.
# R4 is relaxed to 0 cadres per member: with the default cooldown the city runs out of eligible
# cadres in its third myopic year (the ledger is measured here, not the policy).
# REPLACES=N then publishes each year N times more with --replace (an upheld objection's
# re-publication; the earlier rows stay in the record), for a file nearer the size of
# LEDGER.md's 30,000 secondments: the generated city rotates about 1,000 teachers a year, and
# a higher policy.rotation.min_ratio runs out of eligible teachers by the fourth year.
# ROTAPLAN and ROTAPLAN_BENCH name other builds (e.g. an earlier commit's) to compare.
# Usage: benchmarks/ledger.sh  (after `swift build -c release` here and in benchmarks/)
set -euo pipefail
cd "$(dirname "$0")/.."
rotaplan=${ROTAPLAN:-.build/release/rotaplan}
bench=${ROTAPLAN_BENCH:-benchmarks/.build/release/RotaplanBench}
settings=(--set policy.rotation.min_cadres_per_member=0)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
city=$("$bench" generate XL "$work")
mv "$city/history.csv" "$work/history.csv"
rm -f "$city/pins.csv"  # pins hold decisions for the first year only
"$rotaplan" ledger import "$city" "$work/history.csv" >/dev/null
echo "| year | secondments | publish (s) | peak memory (MB) |"
echo "|---:|---:|---:|---:|"
for year in $(seq 2025 2034); do
    sed -i "s/^year: .*/year: $year/" "$city/scenario.yaml"
    "$rotaplan" solve "$city" --part rotation --method heuristic "${settings[@]}" --out "$work/plan-$year" --quiet >/dev/null
    /usr/bin/time -f "%e %M" -o "$work/time" "$rotaplan" ledger publish "$city" "$work/plan-$year/plan.json" >"$work/out"
    read -r seconds kilobytes <"$work/time"
    count=$(grep -o '交流 [0-9]* 人' "$work/out" | cut -d' ' -f2)
    echo "| $year | $count | $seconds | $((kilobytes / 1024)) |"
done
for round in $(seq 1 "${REPLACES:-0}"); do
    echo "| re-published (round $round) | | | |"
    for year in $(seq 2025 2034); do
        sed -i "s/^year: .*/year: $year/" "$city/scenario.yaml"
        /usr/bin/time -f "%e %M" -o "$work/time" "$rotaplan" ledger publish "$city" "$work/plan-$year/plan.json" --replace --note "benchmark" >"$work/out"
        read -r seconds kilobytes <"$work/time"
        count=$(grep -o '交流 [0-9]* 人' "$work/out" | cut -d' ' -f2)
        echo "| $year | $count | $seconds | $((kilobytes / 1024)) |"
    done
done
echo
ledger="$city/ledger.sqlite"
echo "ledger.sqlite: $(du -k "$ledger" | cut -f1) KiB; $(sqlite3 "$ledger" 'select count(*) from secondment') secondment rows"
if [ -d "$city/ledger-backups" ]; then
    echo "ledger-backups/: $(find "$city/ledger-backups" -name '*.sqlite' | wc -l) backups, $(du -sk "$city/ledger-backups" | cut -f1) KiB"
fi
teachers=$(sqlite3 "$ledger" "select teacher from secondment order by random() limit 20")
start=$(date +%s.%N)
for teacher in $teachers; do "$rotaplan" ledger show --teacher "$teacher" --ledger "$ledger" >/dev/null; done
end=$(date +%s.%N)
echo "ledger show --teacher: $(echo "($end - $start) * 1000 / 20" | bc -l | cut -c1-5) ms per call (whole process, 20 teachers)"
if "$rotaplan" ledger --help | grep -q "verify"; then
    /usr/bin/time -f "%e %M" -o "$work/time" "$rotaplan" ledger verify --ledger "$ledger" >/dev/null
    read -r seconds kilobytes <"$work/time"
    echo "ledger verify: $seconds s, $((kilobytes / 1024)) MB peak (whole process)"
    /usr/bin/time -f "%e %M" -o "$work/time" "$rotaplan" ledger backup "$work/copy.sqlite" --ledger "$ledger" >/dev/null
    read -r seconds kilobytes <"$work/time"
    echo "ledger backup: $seconds s, $((kilobytes / 1024)) MB peak (whole process)"
fi

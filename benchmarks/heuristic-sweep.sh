#!/usr/bin/env bash
# The heuristic alone on counties it has not seen (issue [7/7 speed], goal 3): two fresh seeds
# for each of the twelve county profiles (benchmarks/sweep-seeds.txt, chosen once; none is a
# committed scenario's seed), each part against GLPK (its optimum, or its bound when not proven
# within the limit). Part 2 runs on GLPK's rotation plan for every method.
# --exchange: the same counties with the county exchange (`rotaplan generate --exchange`).
# Usage: benchmarks/heuristic-sweep.sh [SECONDS] [--exchange]  (after `swift build -c release` here and in benchmarks/)
set -euo pipefail
cd "$(dirname "$0")/.."
limit=30
exchange=()
for argument in "$@"; do
    case "$argument" in
        --exchange) exchange=(--exchange) ;;
        *) limit=$argument ;;
    esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -v '^#' benchmarks/sweep-seeds.txt | while read -r slug seed; do
    [ -n "$slug" ] || continue
    .build/release/rotaplan generate --county "$slug" --seed "$seed" --out "$work/$slug-seed$seed" ${exchange[@]+"${exchange[@]}"} >/dev/null
done
benchmarks/.build/release/RotaplanBench scenarios "$work" "$limit"

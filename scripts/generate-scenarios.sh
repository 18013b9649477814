#!/usr/bin/env bash
# Regenerates every committed scenario from its seed (the generator is deterministic).
# A test compares the committed files with this output, so run it after changing the generator.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product rotaplan >/dev/null
rotaplan=".build/release/rotaplan"
generate() { # slug seed [extra options]
    local slug=$1 seed=$2
    shift 2
    rm -rf "scenarios/$slug"
    "$rotaplan" generate --county "$slug" --seed "$seed" "$@" -o "scenarios/$slug" >/dev/null
}
while read -r slug seed extra; do
    [ -z "$slug" ] || [ "${slug#\#}" != "$slug" ] && continue
    # shellcheck disable=SC2086 # the extra options are words
    generate "$slug" "$seed" $extra
done < scenarios/seeds.txt
rm -rf scenarios/demo
"$rotaplan" generate --county anyi-county --seed 1 --communities 2 --scale 0.35 --independent 2 --slug demo -o scenarios/demo >/dev/null
echo "regenerated scenarios/"

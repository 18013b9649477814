#!/usr/bin/env bash
# Renders a plan's report.html in headless Chromium (PNG and A4 PDF) and checks what it shows.
# Installs Debian's chromium and fonts-noto-cjk when missing; skips, saying so, where they
# cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    sudo_cmd=""
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
    if ! ( $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-noto-cjk >/dev/null ); then
        echo "check-report: SKIPPED — chromium and fonts-noto-cjk cannot be installed on this machine."
        exit 0
    fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=${1:-scenarios/anyi-county}
swift run -c debug rotaplan solve "$scenario" --out "$work/plan" --time-limit 30 --quiet >/dev/null
page="file://$work/plan/report.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile")
timeout 120 chromium "${flags[@]}" --window-size=1280,2400 --screenshot="$work/report.png" "$page" >/dev/null 2>&1
timeout 120 chromium "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "$page" >/dev/null 2>&1
timeout 120 chromium "${flags[@]}" --dump-dom "$page" >"$work/report.dom" 2>/dev/null
python3 scripts/check-report.py "$work/report.png" "$work/report.pdf" "$work/report.dom" "$work/plan/plan.json" 1280 2400
if [ -n "${ROTAPLAN_REPORT_COPY:-}" ]; then cp "$work/report.png" "$work/report.pdf" "$ROTAPLAN_REPORT_COPY"/; fi

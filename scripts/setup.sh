#!/usr/bin/env bash
# Installs what rotaplan needs on a Debian machine that has Swift: GLPK's and SQLite's headers
# and libraries (the solver, and the ledger through GRDB).
# With --tests, also what the tests drive: LibreOffice Calc (headless, with its Python bridge),
# Chromium with its WebDriver and CJK fonts (the workstation's browser tests), and Python's
# openpyxl, msoffcrypto-tool and selenium, and PyYAML for the oracle's sweep that .ci/run runs
# (../shared/oracle). A test whose program cannot be installed is reported as skipped with the
# reason.
set -euo pipefail
sudo_cmd=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
missing=()
dpkg -s libglpk-dev >/dev/null 2>&1 || missing+=(libglpk-dev)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
if [ "${1:-}" = "--tests" ]; then
    dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
    dpkg -s python3-uno >/dev/null 2>&1 || missing+=(python3-uno)
    for package in chromium chromium-driver fonts-noto-cjk; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} ..." >&2
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = "--tests" ] && ! python3 -c "import openpyxl, msoffcrypto, selenium, yaml" 2>/dev/null; then
    echo "setup: installing openpyxl, msoffcrypto-tool, selenium and pyyaml (pip) ..." >&2
    python3 -m pip install -q openpyxl msoffcrypto-tool selenium pyyaml 2>/dev/null \
        || python3 -m pip install -q --break-system-packages openpyxl msoffcrypto-tool selenium pyyaml \
        || echo "setup: openpyxl, msoffcrypto-tool, selenium or pyyaml could not be installed; the tests that need them will be skipped." >&2
fi
command -v swift >/dev/null || { echo "setup: Swift 6.1 or later is needed (https://swift.org/install)" >&2; exit 1; }

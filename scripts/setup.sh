#!/usr/bin/env bash
# Installs what rotaplan needs on a Debian machine that has Swift: GLPK's headers and library.
# With --tests, also what the tests drive: LibreOffice Calc (headless, with its Python bridge)
# and Python's openpyxl and msoffcrypto-tool. A test whose program cannot be installed is
# reported as skipped with the reason.
set -euo pipefail
sudo_cmd=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
missing=()
dpkg -s libglpk-dev >/dev/null 2>&1 || missing+=(libglpk-dev)
if [ "${1:-}" = "--tests" ]; then
    dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
    dpkg -s python3-uno >/dev/null 2>&1 || missing+=(python3-uno)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} ..." >&2
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = "--tests" ] && ! python3 -c "import openpyxl, msoffcrypto" 2>/dev/null; then
    echo "setup: installing openpyxl and msoffcrypto-tool (pip) ..." >&2
    python3 -m pip install -q openpyxl msoffcrypto-tool 2>/dev/null \
        || python3 -m pip install -q --break-system-packages openpyxl msoffcrypto-tool \
        || echo "setup: openpyxl and msoffcrypto-tool could not be installed; the spreadsheet tests will be skipped." >&2
fi
command -v swift >/dev/null || { echo "setup: Swift 6.1 or later is needed (https://swift.org/install)" >&2; exit 1; }

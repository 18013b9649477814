#!/usr/bin/env bash
# Installs what rotaplan needs on a Debian machine that has Swift: GLPK's headers and library.
set -euo pipefail
if ! dpkg -s libglpk-dev >/dev/null 2>&1; then
    echo "setup: installing libglpk-dev (GLPK) ..." >&2
    sudo_cmd=""
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libglpk-dev >/dev/null
fi
command -v swift >/dev/null || { echo "setup: Swift 6.1 or later is needed (https://swift.org/install)" >&2; exit 1; }

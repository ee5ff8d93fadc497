#!/usr/bin/env bash
# Set-up shared by ./run and ./run-tests: system libraries Qt needs, the virtual
# environment, and the Python packages. Safe to run again: it does only what is missing.
#   usage: tools/bootstrap.sh run|test
set -euo pipefail

purpose="${1:-run}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$here/.venv"

say() { printf 'familywatch setup: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# --- Python ------------------------------------------------------------------
. "$here/tools/find-python.sh"
python="$(find_python)" || die "Python 3.11 or newer is needed (Debian 12: apt-get install python3)."

# --- Debian packages -----------------------------------------------------------
missing_packages=()
need_lib() {  # need_lib SONAME PACKAGE
    if ! { /sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null; } | grep -q "$1"; then
        missing_packages+=("$2")
    fi
}
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    pyver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    missing_packages+=("python${pyver}-venv")
fi
# Qt (PySide6) offscreen and in tests:
need_lib 'libGL.so.1' libgl1
need_lib 'libEGL.so.1' libegl1
need_lib 'libxkbcommon.so.0' libxkbcommon0
need_lib 'libfontconfig.so.1' libfontconfig1
need_lib 'libdbus-1.so.3' libdbus-1-3
need_lib 'libglib-2.0.so.0' libglib2.0-0
if [ "$purpose" = run ]; then
    # ... and for real windows and the tray icon on an X11/XWayland desktop:
    need_lib 'libxcb-cursor.so.0' libxcb-cursor0
    need_lib 'libxcb-icccm.so.4' libxcb-icccm4
    need_lib 'libxcb-keysyms.so.1' libxcb-keysyms1
    need_lib 'libxcb-shape.so.0' libxcb-shape0
    need_lib 'libxkbcommon-x11.so.0' libxkbcommon-x11-0
fi

if [ "${#missing_packages[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        die "missing system libraries (${missing_packages[*]}); install their equivalents with your package manager, then run this again."
    fi
    if [ "$(id -u)" -ne 0 ]; then
        say "these system packages are missing: ${missing_packages[*]}"
        say "install them with:"
        printf '\n    sudo apt-get install -y %s\n\n' "${missing_packages[*]}" >&2
        die "then run this command again."
    fi
    say "installing system packages: ${missing_packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
fi

# Optional for tests (validators of packaging/ files, and libfaketime for the clock-change
# tests on the real monitor; the tests skip without them):
# installed only when we may, never a reason to stop (offline, or not in this distribution).
if [ "$purpose" = test ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    optional_packages=()
    for tool in desktop-file-validate:desktop-file-utils appstreamcli:appstream faketime:faketime; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || optional_packages+=("${tool##*:}")
    done
    if [ "${#optional_packages[@]}" -gt 0 ]; then
        say "installing optional test tools: ${optional_packages[*]}"
        { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
              "${optional_packages[@]}"; } >/dev/null 2>&1 ||
            say "could not install ${optional_packages[*]}: the tests that need them are skipped"
    fi
fi

# --- virtual environment and Python packages -------------------------------------
extras=""
[ "$purpose" = test ] && extras="[dev]"
stamp="$venv/.familywatch-installed"
want="$(cat "$here/pyproject.toml" | "$python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())') $extras"

if [ ! -x "$venv/bin/python" ]; then
    say "creating the virtual environment in .venv"
    "$python" -m venv "$venv"
fi
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$have" != "$want" ] && ! { [ -z "$extras" ] && [ "${have% *}" = "${want% *}" ]; }; then
    say "installing Python packages into .venv (first time: a minute or two)"
    log="$venv/pip-install.log"  # pip's and setuptools' chatter, shown only on failure
    if ! { "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip &&
           "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$here$extras"
         } >"$log" 2>&1; then
        cat "$log" >&2
        die "installing the Python packages failed (the output above is also in $log)"
    fi
    echo "$want" > "$stamp"
fi

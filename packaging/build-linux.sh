#!/usr/bin/env bash
# Build the Linux bundle dist/familywatch/ with PyInstaller, then smoke-test it.
#
#   packaging/build-linux.sh            build, then test the bundle
#   packaging/build-linux.sh --test     only test an existing dist/familywatch/
#
# PyInstaller and FamilyWatch's dependencies go into their own virtual environment,
# build/pyinstaller-venv (the development .venv is left alone). build/ and dist/ are
# not committed. The smoke test runs the bundled program the way people will:
#   familywatch --version          the right version
#   familywatch probe --json       valid JSON, the Linux backends loaded from the bundle
#   familywatch status --json      a new database created: Alembic ran the bundled migrations
#   familywatch monitor (4 s)      APScheduler found its triggers; stopped cleanly by SIGTERM
# and checks that every platform's probes and keyring's backends are in the archive.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$here/build"
venv="$build/pyinstaller-venv"
dist="$here/dist"
bundle="$dist/familywatch"
program="$bundle/familywatch"

say() { printf 'build-linux: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

. "$here/tools/find-python.sh"

prepare_venv() {
    local python stamp want
    python="$(find_python)" || die "Python 3.11 or newer is needed"
    [ -x "$venv/bin/python" ] || { say "creating $venv"; "$python" -m venv "$venv"; }
    # FamilyWatch's run-time dependencies, read from pyproject.toml, plus PyInstaller.
    mapfile -t requirements < <("$venv/bin/python" - "$here/pyproject.toml" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as file:
    project = tomllib.load(file)["project"]
print("pyinstaller>=6.10,<7")
print(*project["dependencies"], sep="\n")
EOF
    )
    stamp="$venv/.familywatch-build-requirements"
    want="$(printf '%s\n' "${requirements[@]}")"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        say "installing PyInstaller and the dependencies into $venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            "${requirements[@]}" 2> >(grep -v "^WARNING: Location" >&2)
        printf '%s' "$want" > "$stamp"
    fi
}

build_bundle() {
    say "building with $("$venv/bin/python" -m PyInstaller --version 2>/dev/null | head -1)"
    local started=$SECONDS
    (cd "$here" && "$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath "$dist" --workpath "$build/pyinstaller" \
        packaging/pyinstaller/familywatch.spec)
    say "built in $((SECONDS - started)) s"
}

smoke_test() {
    [ -x "$program" ] || die "$program is missing: build first"
    local data version expected started pid status
    data="$(mktemp -d)"
    trap 'rm -rf "$data"' RETURN
    export FAMILYWATCH_DATA_DIR="$data" QT_QPA_PLATFORM=offscreen

    expected="familywatch $(cd "$here" && python3 -c 'import re; print(re.search(r"__version__ = \"(.+)\"", open("familywatch/__init__.py").read())[1])')"
    version="$("$program" --version)"
    [ "$version" = "$expected" ] || die "--version said '$version', expected '$expected'"
    say "ok: --version -> $version"

    started=$SECONDS
    "$program" probe --json > "$data/probe.json" || die "probe --json exited with $?"
    python3 - "$data/probe.json" <<'EOF' || die "probe --json output is not what FamilyWatch writes"
import json, sys
data = json.load(open(sys.argv[1]))
for key in ("camera", "microphone", "apps", "backends"):
    assert key in data, f"probe --json lacks {key!r}"
backends = {(b["probe"], b["backend"]) for b in data["backends"]}
assert ("apps", "linux-proc") in backends, f"no Linux app backend in {sorted(backends)}"
assert ("camera", "linux-proc") in backends, f"no Linux camera backend in {sorted(backends)}"
assert not data["catalogue_errors"], data["catalogue_errors"]
print(f"build-linux: ok: probe --json -> {len(data['backends'])} backends, "
      f"{len(data['apps'])} catalogued apps running", file=sys.stderr)
EOF
    say "     (probe took $((SECONDS - started)) s)"

    "$program" status --json > "$data/status.json" || die "status --json exited with $?"
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$data/status.json" ||
        die "status --json is not JSON"
    [ -f "$data/familywatch.sqlite3" ] || die "no database was created"
    python3 - "$data/familywatch.sqlite3" <<'EOF' || die "the bundled migrations did not run"
import sqlite3, sys
(revision,) = sqlite3.connect(sys.argv[1]).execute("SELECT version_num FROM alembic_version").fetchone()
print(f"build-linux: ok: status --json; the database is at schema {revision}", file=sys.stderr)
EOF

    "$program" monitor > "$data/monitor.log" 2>&1 &
    pid=$!
    sleep 4
    kill -TERM "$pid" 2>/dev/null || true
    status=0
    wait "$pid" || status=$?
    [ "$status" -eq 0 ] || { cat "$data/monitor.log" >&2; die "monitor exited with $status"; }
    grep -q "monitoring the camera" "$data/monitor.log" ||
        { cat "$data/monitor.log" >&2; die "the monitor did not start"; }
    say "ok: monitor ran 4 s and stopped on SIGTERM"

    local toc="$build/pyinstaller/familywatch/PYZ-00.toc"
    if [ -f "$toc" ]; then
        for module in familywatch.probes.windows.notify familywatch.probes.macos.native \
            familywatch.probes.linux.watcher apscheduler.triggers.cron \
            keyring.backends.SecretService sqlalchemy.dialects.sqlite alembic.ddl.sqlite; do
            grep -q "'$module'" "$toc" || die "$module is not in the bundle"
        done
        say "ok: every platform's probes, keyring backends and the SQLite dialect are bundled"
    fi
    say "bundle: $(du -sh "$bundle" | cut -f1) in $(find "$bundle" -type f | wc -l) files"
}

case "${1:-}" in
    --test) smoke_test ;;
    "") prepare_venv; build_bundle; smoke_test ;;
    *) die "unknown option $1 (use --test to only test)" ;;
esac
say "all good"

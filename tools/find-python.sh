# Sourced by tools/bootstrap.sh and packaging/build-linux.sh: prints the path of a
# Python 3.11 or newer (FAMILYWATCH_PYTHON first, then the newest found).
find_python() {
    for candidate in "${FAMILYWATCH_PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

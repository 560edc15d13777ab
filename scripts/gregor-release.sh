#!/usr/bin/env bash
# Prints the path of a release build of the `gregor` CLI, building it first (shared by demo.sh and
# the benchmark scripts). GREGOR_BIN=path uses an already built binary instead; GREGOR_BUILD_DIR
# chooses the SwiftPM scratch folder (default ./.build). On a failed build it prints the compiler's
# errors on stderr and exits 1.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ -n "${GREGOR_BIN:-}" ]; then
    gregor="$GREGOR_BIN"
else
    build_dir="${GREGOR_BUILD_DIR:-$repo/.build}"
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    echo "building gregor (release) ..." >&2
    if ! swift build -c release --product gregor --scratch-path "$build_dir" >"$log" 2>&1; then
        grep -E 'error|warning: ' "$log" >&2 || tail -n 40 "$log" >&2
        echo "the release build of gregor failed" >&2
        exit 1
    fi
    gregor="$build_dir/release/gregor"
fi
[ -x "$gregor" ] || { echo "the build did not produce $gregor" >&2; exit 1; }
printf '%s\n' "$gregor"

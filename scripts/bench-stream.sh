#!/usr/bin/env bash
# Stream benchmark on one broker, same data for every tool: Gregor's ordered replay
# (`gregor bench stream`) vs kafkars (its defaults, and its best setting: batch_size=100000 polled
# every 10 ms), confluent-kafka raw consume(num_messages=10000), and kcat (Debian's, with the
# librdkafka 2.16 of the confluent-kafka wheel; defaults and fetch.wait.max.ms=10).
#   throughput: RECORDS (default 1 M) records, 16 B keys, 100 B values, 4 partitions, read from
#               earliest until every record present at start is received;
#   ordering:   SKEWED_RECORDS (default 200 k) keyed records with explicit timestamps, partitions of
#               unequal volume and lagging clocks; each tool's timestamp inversions in delivery order.
# Each partition ends with a single-record batch so that Tansu's ListOffsets(latest) is exact.
# RUNS runs (default 3), the tool order reversed every other run; the table shows medians and spread.
#
#   bash scripts/bench-stream.sh                 # starts its own Tansu broker, stops it at the end
#   bash scripts/bench-stream.sh -b host:9092    # uses that broker
#   RECORDS=200000 RUNS=1 bash scripts/bench-stream.sh
#
# GREGOR_BUILD_DIR / GREGOR_BIN choose the gregor release build (see scripts/gregor-release.sh).
# SKIP_GREGOR=1 leaves Gregor out (for testing the peers only; the table then has no ratios).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-}"
records="${RECORDS:-1000000}"
skewed_records="${SKEWED_RECORDS:-200000}"
runs="${RUNS:-3}"
partitions=4
command_line="bash scripts/bench-stream.sh${*:+ $*}"
[ "$records" = 1000000 ] || command_line="RECORDS=$records $command_line"
[ "$runs" = 3 ] || command_line="RUNS=$runs $command_line"
[ "$skewed_records" = 200000 ] || command_line="SKEWED_RECORDS=$skewed_records $command_line"
[ "${SKIP_GREGOR:-}" != 1 ] || command_line="SKIP_GREGOR=1 $command_line"
while [ $# -gt 0 ]; do
    case "$1" in
        -b|--bootstrap-server) bootstrap="${2:?$1 needs host:port}"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-stream: unknown option $1" >&2; exit 2 ;;
    esac
done

source "$repo/scripts/bench-common.sh"
bench_prepare

# Debian's kcat; it runs with the wheel's librdkafka (stream_kcat.py sets LD_LIBRARY_PATH).
if ! command -v kcat >/dev/null 2>&1; then
    echo "bench-stream: installing kcat" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq </dev/null
    $SUDO apt-get install -y -qq --no-install-recommends kcat </dev/null >/dev/null
fi

gregor=""
if [ "${SKIP_GREGOR:-}" = 1 ]; then
    echo "bench-stream: SKIP_GREGOR=1, Gregor is left out" >&2
else
    gregor="$(bash scripts/gregor-release.sh)"
fi

bench_broker bench-stream

peers="$repo/Benchmarks/peers"
kcat_version="$("$python" "$peers/stream_kcat.py" --version)"
echo "kcat: $kcat_version" >&2
versions="$("$python" -c '
import importlib.metadata as m, confluent_kafka
print(", ".join(f"{n} {m.version(n)}" for n in ("kafkars", "confluent-kafka", "pyarrow"))
      + f" (librdkafka {confluent_kafka.libversion()[0]})")')"
versions="$versions, kcat $(dpkg-query -W -f='${Version}' kcat 2>/dev/null || echo '?') (Debian)"
results="$work/results.jsonl"
: >"$results"

# Runs one measurement: appends its JSON line, with the run number, the data kind and (when the tool
# does not name one) the setting, to the results.
measure() {
    local run="$1" data="$2" setting="$3"; shift 3
    local line
    if ! line="$("$@")"; then
        echo "bench-stream: this measurement failed: $*" >&2
        exit 1
    fi
    echo "$line" >&2
    printf '%s\n' "$line" | "$python" -c '
import json, sys
d = json.loads(sys.stdin.read())
d["run"] = int(sys.argv[1]); d["data"] = sys.argv[2]
if not d.get("setting"):
    d["setting"] = sys.argv[3]
print(json.dumps(d))' "$run" "$data" "$setting" >>"$results"
}

# The tools in their order; run_tool NAME RUN DATA TOPIC [--inversions] measures one of them.
tool_names=(kafkars-defaults kafkars-best confluent kcat-defaults kcat-short-wait)
[ -z "$gregor" ] || tool_names=(gregor-default gregor-batch "${tool_names[@]}")
run_tool() {
    local name="$1" run="$2" data="$3" topic="$4"; shift 4
    case "$name" in
        gregor-default) measure "$run" "$data" default "$gregor" bench stream -b "$bootstrap" --topic "$topic" "$@" ;;
        gregor-batch) measure "$run" "$data" "--batch-size 100000" "$gregor" bench stream -b "$bootstrap" --topic "$topic" --batch-size 100000 "$@" ;;
        kafkars-*) measure "$run" "$data" "" "$python" "$peers/stream_kafkars.py" --bootstrap "$bootstrap" --topic "$topic" --partitions "$partitions" --setting "${name#kafkars-}" "$@" ;;
        confluent) measure "$run" "$data" "" "$python" "$peers/stream_confluent.py" --bootstrap "$bootstrap" --topic "$topic" --partitions "$partitions" "$@" ;;
        kcat-*) measure "$run" "$data" "" "$python" "$peers/stream_kcat.py" --bootstrap "$bootstrap" --topic "$topic" --partitions "$partitions" --setting "${name#kcat-}" "$@" ;;
    esac
}

# Every tool reads the topic once; odd runs go down the list, even runs up.
measure_all() {
    local run="$1" data="$2" topic="$3"; shift 3
    local i name count=${#tool_names[@]}
    for ((i = 0; i < count; i++)); do
        if [ $((run % 2)) -eq 1 ]; then name="${tool_names[$i]}"; else name="${tool_names[$((count - 1 - i))]}"; fi
        run_tool "$name" "$run" "$data" "$topic" "$@" </dev/null
    done
}

for run in $(seq 1 "$runs"); do
    stamp="$(date +%s)-$run"
    topic="bench-stream-$stamp"
    skewed="bench-stream-skewed-$stamp"
    echo "run $run/$runs: writing $records records to $topic and $skewed_records skewed records to $skewed" >&2
    "$python" "$peers/stream_data.py" throughput --bootstrap "$bootstrap" --topic "$topic" --records "$records" --partitions "$partitions" >&2
    "$python" "$peers/stream_data.py" skewed --bootstrap "$bootstrap" --topic "$skewed" --records "$skewed_records" --partitions "$partitions" >&2

    echo "run $run/$runs: throughput" >&2
    measure_all "$run" throughput "$topic"
    echo "run $run/$runs: ordering" >&2
    measure_all "$run" skewed "$skewed" --inversions

    # Tansu keeps topics in memory: drop them between runs.
    "$python" "$peers/stream_data.py" delete --bootstrap "$bootstrap" --topic "$topic" --topic "$skewed" || true
done

"$python" "$peers/stream_report.py" "$results" --broker "$broker_name" --records "$records" \
    --skewed-records "$skewed_records" --partitions "$partitions" --command "$command_line" \
    --versions "$versions" --kcat "$kcat_version" \
    --commit "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || true)"

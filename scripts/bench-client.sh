#!/usr/bin/env bash
# Client benchmarks on one broker, same data, Gregor vs confluent-kafka (librdkafka):
#   produce: 1 M records (16 B keys, 100 B values) into a 4-partition topic, acks=all, no
#            compression, no idempotence, murmur2 partitioning — until every record is acknowledged;
#   consume: the same topic from earliest — Gregor into columnar MessageBatches (fetch engine),
#            confluent-kafka with consume(num_messages=10000) — until every record is received.
# Each partition ends with a single-record batch so that Tansu's ListOffsets(latest) is exact.
# Every measurement runs RUNS times (default 3); the table shows the median and the spread.
#
#   bash scripts/bench-client.sh                 # starts its own Tansu broker, stops it at the end
#   bash scripts/bench-client.sh -b host:9092    # uses that broker
#   RECORDS=200000 RUNS=5 bash scripts/bench-client.sh
#
# GREGOR_BUILD_DIR chooses the SwiftPM scratch folder of the release build (default ./.build);
# GREGOR_BIN=path uses an already built gregor (it should be a release build).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-}"
records="${RECORDS:-1000000}"
runs="${RUNS:-3}"
partitions=4
while [ $# -gt 0 ]; do
    case "$1" in
        -b|--bootstrap-server) bootstrap="${2:?$1 needs host:port}"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-client: unknown option $1" >&2; exit 2 ;;
    esac
done

source "$repo/scripts/bench-common.sh"
bench_prepare
gregor="$(bash scripts/gregor-release.sh)"
bench_broker bench

peers="$repo/Benchmarks/peers"
results="$work/results.jsonl"
: >"$results"

# Runs one measurement; appends its JSON line (with the run number) to the results.
measure() {
    local run="$1"; shift
    local line
    line="$("$@")"
    echo "$line" >&2
    printf '%s\n' "$line" | "$python" -c 'import json, sys; d = json.loads(sys.stdin.read()); d["run"] = int(sys.argv[1]); print(json.dumps(d))' "$run" >>"$results"
}

for run in $(seq 1 "$runs"); do
    stamp="$(date +%s)-$run"
    gregor_topic="bench-gregor-$stamp"
    peer_topic="bench-confluent-$stamp"
    "$gregor" topics create "$gregor_topic" --partitions "$partitions" -b "$bootstrap" >/dev/null
    "$gregor" topics create "$peer_topic" --partitions "$partitions" -b "$bootstrap" >/dev/null

    echo "run $run/$runs: produce" >&2
    measure "$run" "$gregor" bench produce -b "$bootstrap" --topic "$gregor_topic" --records "$records" --partitions "$partitions"
    measure "$run" "$python" "$peers/produce.py" --bootstrap "$bootstrap" --topic "$peer_topic" --records "$records" --partitions "$partitions"

    # Both consumers read the same topic (written by confluent-kafka), alternating who goes first.
    echo "run $run/$runs: consume $peer_topic" >&2
    if [ $((run % 2)) -eq 1 ]; then
        measure "$run" "$gregor" bench consume -b "$bootstrap" --topic "$peer_topic"
        measure "$run" "$python" "$peers/consume.py" --bootstrap "$bootstrap" --topic "$peer_topic" --partitions "$partitions"
    else
        measure "$run" "$python" "$peers/consume.py" --bootstrap "$bootstrap" --topic "$peer_topic" --partitions "$partitions"
        measure "$run" "$gregor" bench consume -b "$bootstrap" --topic "$peer_topic"
    fi
    # Tansu keeps topics in memory: drop them between runs.
    "$gregor" topics delete "$gregor_topic" -b "$bootstrap" >/dev/null || true
    "$gregor" topics delete "$peer_topic" -b "$bootstrap" >/dev/null || true
done

"$python" "$peers/report.py" "$results" --broker "$broker_name" --records "$records" --partitions "$partitions"

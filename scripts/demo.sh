#!/usr/bin/env bash
# Gregor's main job, end to end: create a topic, produce a keyed sample, consume it back, summarize;
# then a global table: register services with a writer, read them live, prove the last write with a barrier;
# then the Stream: write skewed events into 4 partitions, replay them in timestamp order (progress
# shown) into an Arrow IPC file, which pyarrow reads back and checks.
#
#   bash scripts/demo.sh                        # starts its own Tansu broker, stops it at the end
#   bash scripts/demo.sh -b host:9092           # uses that broker (or set KAFKA_BOOTSTRAP_SERVERS)
#   bash scripts/demo.sh --records 50000 --partitions 8 --stream-events 500000
#
# Any other option (--tls, --tls-ca-file …, --sasl-mechanism …) is passed to every gregor command.
# With no broker given it installs what it needs (Debian -dev packages, the Python venv holding
# Tansu), starts Tansu on a free loopback port with memory storage, and stops it on exit.
# GREGOR_BUILD_DIR chooses the SwiftPM scratch folder (default ./.build); GREGOR_BIN=path uses an
# already built gregor instead of building one.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-}"
records=10000
partitions=4
stream_events=100000
topic="gregor-demo-$(date +%s)-$$"
passthrough=()
while [ $# -gt 0 ]; do
    case "$1" in
        -b|--bootstrap-server) bootstrap="${2:?$1 needs host:port}"; shift 2 ;;
        --bootstrap-server=*) bootstrap="${1#*=}"; shift ;;
        --records) records="${2:?--records needs a number}"; shift 2 ;;
        --partitions) partitions="${2:?--partitions needs a number}"; shift 2 ;;
        --stream-events) stream_events="${2:?--stream-events needs a number}"; shift 2 ;;
        --topic) topic="${2:?--topic needs a name}"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) passthrough+=("$1"); shift ;;
    esac
done
case "$records" in ''|*[!0-9]*) echo "demo: --records must be a positive number" >&2; exit 2 ;; esac
[ "$records" -gt 0 ] || { echo "demo: --records must be a positive number" >&2; exit 2; }

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

work="$(mktemp -d)"
started_broker=""
cleanup() {
    local status=$?
    if [ -n "$started_broker" ]; then
        TANSU_STATE_DIR="$started_broker" bash "$repo/scripts/tansu.sh" stop || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT INT TERM

step "Installing build dependencies"
bash scripts/install-deps.sh

if [ -z "$bootstrap" ]; then
    step "Starting a Tansu broker (no bootstrap server given)"
    bash scripts/setup-python.sh
    started_broker="$repo/.tansu/demo"
    bootstrap="$(TANSU_STATE_DIR="$started_broker" bash scripts/tansu.sh start)"
    echo "Tansu is listening on $bootstrap" >&2
fi

step "Building gregor (release)"
gregor="$(bash scripts/gregor-release.sh)"

run_gregor() { "$gregor" "$@" --bootstrap-server "$bootstrap" ${passthrough[@]+"${passthrough[@]}"}; }

step "Creating topic $topic ($partitions partitions)"
run_gregor topics create "$topic" --partitions "$partitions"
run_gregor topics describe "$topic"

step "Producing $records keyed records (key<TAB>JSON value)"
# user-N keys (a tenth as many users as records, so keys repeat) and a small JSON document each.
awk -v n="$records" 'BEGIN {
    users = int(n / 10); if (users < 1) users = 1
    for (i = 0; i < n; i++)
        printf "user-%d\t{\"event\":%d,\"kind\":\"%s\",\"amount\":%d.%02d}\n", i % users, i, (i % 3 == 0 ? "click" : "view"), i % 997, i % 100
}' >"$work/sample.tsv"
run_gregor produce "$topic" --key-separator $'\t' --acks all --compression lz4 <"$work/sample.tsv" 2>"$work/produce.log" || {
    cat "$work/produce.log" >&2; exit 1; }
cat "$work/produce.log" >&2
# Each partition ends with a single-record batch, so that a broker whose ListOffsets(latest) is
# the last batch's base offset + 1 (Tansu, brokers.md) reports the exact end of the replay.
for ((p = 0; p < partitions; p++)); do
    printf 'end-%d\t{"end":true}\n' "$p" | tee -a "$work/sample.tsv" |
        run_gregor produce "$topic" --key-separator $'\t' --acks all --partition "$p" 2>/dev/null
done
records_written=$((records + partitions))

step "Consuming $topic in timestamp order from earliest until everything produced so far has been read"
run_gregor consume "$topic" --from earliest --until live --format jsonl >"$work/consumed.jsonl" 2>"$work/consume.log" || {
    cat "$work/consume.log" >&2; exit 1; }
cat "$work/consume.log" >&2
echo "first records:" >&2
head -n 3 "$work/consumed.jsonl" >&2

step "Checking"
consumed="$(wc -l <"$work/consumed.jsonl" | tr -d ' ')"
# Every produced (key, value) pair must come back exactly once: compare the sorted pairs.
sed -E 's/^([^\t]*)\t(.*)$/\1\t\2/' "$work/sample.tsv" | sort >"$work/expected.sorted"
sed -E 's/.*"key":"([^"]*)","value":"(.*)","headers":.*/\1\t\2/; s/\\"/"/g' "$work/consumed.jsonl" | sort >"$work/actual.sorted"
per_partition="$(grep -o '"partition":[0-9]*' "$work/consumed.jsonl" | sort | uniq -c | awk '{ sub("\"partition\":", "", $2); printf "%s p%s=%s", sep, $2, $1; sep = "," }')"
if cmp -s "$work/expected.sorted" "$work/actual.sorted"; then
    verdict="all $records_written records ($records + one end marker per partition) came back intact"
else
    verdict="MISMATCH between produced and consumed records"
fi

step "A global table: a writer registers services, a live table reads them, a barrier proves the last write visible"
run_gregor table-demo "$topic-registry" --services 8 >"$work/table.log" 2>&1 || { cat "$work/table.log" >&2; exit 1; }
cat "$work/table.log" >&2
table_summary="$(grep '^barrier:' "$work/table.log")"

step "Ordered replay: skewed events in 4 partitions, replayed in timestamp order into an Arrow file"
run_gregor stream-demo "$topic-events" --events "$stream_events" --partitions 4 --output "$work/events.arrow" >"$work/stream.log" 2>&1 || {
    cat "$work/stream.log" >&2; exit 1; }
cat "$work/stream.log" >&2
# An independent reader: pyarrow opens the file, checks the schema and the order.
arrow_check="$("$repo/.venv/bin/python" - "$work/events.arrow" <<'PY'
import sys
import pyarrow.compute as pc
import pyarrow.ipc as ipc
table = ipc.open_file(sys.argv[1]).read_all()
timestamps = table.column("timestamp").cast("int64")
ordered = table.num_rows < 2 or pc.all(pc.greater_equal(timestamps[1:], timestamps[:-1])).as_py()
print(f"pyarrow read {table.num_rows} rows, {table.num_columns} columns "
      f"({', '.join(table.schema.names)}); timestamps non-decreasing: {'yes' if ordered else 'NO'}")
PY
)"
echo "$arrow_check" >&2
stream_summary="$(grep '^replayed:' "$work/stream.log")"

if [ -z "$started_broker" ]; then
    run_gregor topics delete "$topic" >/dev/null
    run_gregor topics delete "$topic-registry" >/dev/null
    run_gregor topics delete "$topic-events" >/dev/null
fi

step "Summary"
printf 'broker:     %s%s\n' "$bootstrap" "${started_broker:+ (Tansu, started and stopped by this script)}"
printf 'topic:      %s (%s partitions)\n' "$topic" "$partitions"
printf 'produced:   %s\n' "$(tail -n 1 "$work/produce.log")"
printf 'consumed:   %s\n' "$(tail -n 1 "$work/consume.log")"
printf 'partitions: %s\n' "$per_partition"
printf 'check:      %s (%s lines read)\n' "$verdict" "$consumed"
printf 'table:      %s\n' "$table_summary"
printf 'stream:     %s\n' "$stream_summary"
printf 'arrow:      %s\n' "$arrow_check"
[[ "$verdict" == all* ]] && [[ "$arrow_check" == *"non-decreasing: yes" ]]

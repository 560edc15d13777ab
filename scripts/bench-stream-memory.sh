#!/usr/bin/env bash
# Stream memory under backpressure: replays a topic of at least 1 GB with a consumer that sleeps
# between polls, and reports the process's peak resident memory beside the memory budget.
#
#   bash scripts/bench-stream-memory.sh               # starts its own Tansu broker, stops it at the end
#   bash scripts/bench-stream-memory.sh -b host:9092  # uses that broker
#   RECORDS=110000 VALUE_SIZE=10000 BUDGET_MB=64 SLEEP_MS=20 BATCH=1000 bash scripts/bench-stream-memory.sh
#
# The fixed overhead (runtime, connections, code) is measured by the same replay of a small topic
# (RECORDS/100 records); the bound checked is: peak RSS <= fixed overhead + budget + one Fetch
# response (4 partitions x a quarter of each partition's share) + three batches (the one being
# filled, one ready, the one the consumer holds). Prints a JSON line per replay and a verdict.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-}"
records="${RECORDS:-110000}"
value_size="${VALUE_SIZE:-10000}"
budget_mb="${BUDGET_MB:-64}"
sleep_ms="${SLEEP_MS:-20}"
batch="${BATCH:-1000}"
partitions=4
while [ $# -gt 0 ]; do
    case "$1" in
        -b|--bootstrap-server) bootstrap="${2:?$1 needs host:port}"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-stream-memory: unknown option $1" >&2; exit 2 ;;
    esac
done

source "$repo/scripts/bench-common.sh"
bench_prepare
gregor="$(bash scripts/gregor-release.sh)"
bench_broker bench-memory

stamp="$(date +%s)"
big="bench-memory-$stamp"
small="bench-memory-small-$stamp"
small_records=$((records / 100))
"$gregor" topics create "$big" --partitions "$partitions" -b "$bootstrap" >/dev/null
"$gregor" topics create "$small" --partitions "$partitions" -b "$bootstrap" >/dev/null
echo "writing $records records of $value_size B values to $big, $small_records to $small" >&2
"$gregor" bench produce -b "$bootstrap" --topic "$big" --records "$records" --partitions "$partitions" --value-size "$value_size" >&2
"$gregor" bench produce -b "$bootstrap" --topic "$small" --records "$small_records" --partitions "$partitions" --value-size "$value_size" >&2

replay() {
    "$gregor" bench stream -b "$bootstrap" --topic "$1" --memory-budget-mb "$budget_mb" --poll-sleep-ms "$sleep_ms" --batch-size "$batch"
}
small_line="$(replay "$small")"
echo "$small_line"
big_line="$(replay "$big")"
echo "$big_line"
"$gregor" topics delete "$big" -b "$bootstrap" >/dev/null || true
"$gregor" topics delete "$small" -b "$bootstrap" >/dev/null || true

"$python" - "$small_line" "$big_line" "$budget_mb" "$partitions" "$batch" "$value_size" "$sleep_ms" <<'PY'
import json, sys
small, big = json.loads(sys.argv[1]), json.loads(sys.argv[2])
budget = int(sys.argv[3]) << 20
partitions, batch, value_size, sleep_ms = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
response = partitions * max(1, (budget // partitions) // 4)
batches = 3 * batch * (value_size + 16 + 64)
bound = small["peak_rss_bytes"] + budget + response + batches
mib = lambda n: f"{n / (1 << 20):.1f} MiB"
print(f"replayed {big['bytes'] / (1 << 30):.2f} GiB ({big['records']} records) in {big['seconds']:.1f} s with a consumer sleeping {sleep_ms} ms after each {batch}-record batch")
print(f"peak RSS {mib(big['peak_rss_bytes'])}; fixed overhead (small replay) {mib(small['peak_rss_bytes'])}; "
      f"budget {mib(budget)}; one Fetch response {mib(response)}; three batches {mib(batches)}")
print(f"bound {mib(bound)}: {'within' if big['peak_rss_bytes'] <= bound else 'EXCEEDED'}")
sys.exit(0 if big["peak_rss_bytes"] <= bound else 1)
PY

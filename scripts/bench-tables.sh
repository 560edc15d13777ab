#!/usr/bin/env bash
# Tables benchmarks, Gregor beside ktables 2.0.0 (Python, aiokafka), same data, one run:
#   Tansu (throughput): catch-up of 100 k and 1 M keys (raw bytes and JSON values) beside the fetch
#                       alone (the ceiling), pipelined writer throughput, memory per key for 256 B
#                       values (100 k and 1 M keys);
#   mock cluster (latency; Tansu wakes a waiting Fetch late, brokers.md): idle barrier, barrier
#                       under churn, propagation write -> visible; plus catch-up of 100 k keys and
#                       writer throughput.
# Each metric runs in its own process on a fresh topic; the catch-up and memory pre-fills run in a
# process of their own before it (both clients), and each ends every partition with a
# single-record batch so Tansu's ListOffsets(latest) is exact. Prints a Markdown table.
#
#   bash scripts/bench-tables.sh                 # KEYS=100000 BIG_KEYS=1000000
#   KEYS=20000 BIG_KEYS=0 bash scripts/bench-tables.sh   # a quick run (no 1 M catch-up)
#
# GREGOR_BUILD_DIR chooses the SwiftPM scratch folder of the release build (default ./.build);
# GREGOR_BIN=path uses an already built gregor (it should be a release build).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
keys="${KEYS:-100000}"
big_keys="${BIG_KEYS:-1000000}"

work="$(mktemp -d)"
tansu_state="$work/tansu"
mock_state="$work/mock"
cleanup() {
    local status=$?
    TANSU_STATE_DIR="$tansu_state" bash "$repo/scripts/tansu.sh" stop >/dev/null 2>&1 || true
    MOCK_CLUSTER_STATE_DIR="$mock_state" bash "$repo/scripts/mock-cluster.sh" stop >/dev/null 2>&1 || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT INT TERM

bash scripts/install-deps.sh
bash scripts/setup-python.sh
bash scripts/mock-cluster.sh build >/dev/null
python="$repo/.venv/bin/python"

gregor="$(bash scripts/gregor-release.sh)"

tansu="$(TANSU_STATE_DIR="$tansu_state" bash scripts/tansu.sh start)"
mock="$(MOCK_CLUSTER_STATE_DIR="$mock_state" bash scripts/mock-cluster.sh start --brokers 3)"
echo "Tansu on $tansu, mock cluster on $mock" >&2
# The brokers' processes: both clients report the broker's CPU time during a catch-up beside their own.
declare -A broker_pid=([tansu]="$(cat "$tansu_state/pid")" [mock]="$(cat "$mock_state/pid")")
results="$work/results.jsonl"
: >"$results"

# measure BROKER-NAME BOOTSTRAP METRIC KEYS; extra flags in the arrays gregor_flags / ktables_flags
gregor_flags=()
ktables_flags=()
# Gregor-only rows (a setting ktables has no counterpart for) compare with ktables' default row.
clients=(gregor ktables)
last_gregor_line=""
tuned="defaults"
# record LINE BROKER N TUNED [METRIC]: appends one result line to the results, tagged with the
# broker, the key count, the settings and (when given) the metric.
record() {
    printf '%s\n' "$1" | "$python" -c 'import json, sys; d = json.loads(sys.stdin.read()); d["broker"] = sys.argv[1]; d["n"] = int(sys.argv[2]); d["tuned"] = sys.argv[3]; d.update({"metric": sys.argv[4]} if len(sys.argv) > 4 else {}); print(json.dumps(d))' "${@:2}" >>"$results"
}

measure() {
    local broker="$1" bootstrap="$2" metric="$3" n="$4"
    shift 4
    local admin=() pid=(--broker-pid "${broker_pid[$broker]}")
    [ "$broker" = mock ] && admin=(--no-admin)
    echo "$broker $metric ($n keys)" >&2
    for client in "${clients[@]}"; do
        local line
        if [ "$client" = gregor ]; then
            local topic=() filled=() fill_failed=""
            if [ "$broker" = mock ]; then
                # Gregor never asks for auto-creation: the mock creates the topic (4 partitions, 3 replicas).
                topic=(--topic "gb-mock-$metric-$RANDOM$RANDOM")
                MOCK_CLUSTER_STATE_DIR="$mock_state" bash scripts/mock-cluster.sh cmd "create-topic ${topic[1]} 4 3" >/dev/null
            fi
            case "$metric" in
                catchup-raw | catchup-json | memory)
                    # As ktables_bench.py does, the pre-fill runs in a process of its own, so the
                    # measuring process has produced nothing (no producer's memory or threads).
                    [ ${#topic[@]} -gt 0 ] || topic=(--topic "gb-$broker-$metric-$RANDOM$RANDOM")
                    if "$gregor" bench table -b "$bootstrap" --metric "$metric" --keys "$n" --fill-only ${admin[@]+"${admin[@]}"} "${topic[@]}" >/dev/null; then
                        filled=(--prefilled)
                    else
                        fill_failed=1
                    fi
                    ;;
            esac
            if [ -n "$fill_failed" ]; then
                line="{\"client\": \"gregor\", \"metric\": \"$metric\", \"error\": \"pre-fill failed\"}"
            else
                line="$("$gregor" bench table -b "$bootstrap" --metric "$metric" --keys "$n" --topic-prefix "gb-$broker" ${admin[@]+"${admin[@]}"} ${topic[@]+"${topic[@]}"} ${filled[@]+"${filled[@]}"} "${pid[@]}" ${gregor_flags[@]+"${gregor_flags[@]}"} || true)"
            fi
        else
            line="$("$python" Benchmarks/peers/ktables_bench.py --bootstrap "$bootstrap" --metrics "$metric" --keys "$n" --topic-prefix "kb-$broker" ${admin[@]+"${admin[@]}"} "${pid[@]}" ${ktables_flags[@]+"${ktables_flags[@]}"} 2>>"$work/ktables.log" || true)"
        fi
        [ -n "$line" ] || line="{\"client\": \"$client\", \"metric\": \"$metric\", \"error\": \"no result\"}"
        if [ "$client" = gregor ]; then last_gregor_line="$line"; fi
        echo "  $line" >&2
        record "$line" "$broker" "$n" "$tuned"
    done
}

# fetch_only BROKER BOOTSTRAP KEYS: the ceiling of a catch-up — Gregor's fetch engine reading the
# topic the last Gregor catch-up replayed into columnar batches, without a table (`bench consume`).
fetch_only() {
    local broker="$1" bootstrap="$2" n="$3" topic line
    topic="$(printf '%s' "$last_gregor_line" | "$python" -c 'import json, sys; print(json.loads(sys.stdin.read()).get("topic", ""))' 2>/dev/null || true)"
    [ -n "$topic" ] || return 0
    line="$("$gregor" bench consume -b "$bootstrap" --topic "$topic" || true)"
    [ -n "$line" ] || line='{"client": "gregor", "error": "no result"}'
    echo "  fetch only: $line" >&2
    record "$line" "$broker" "$n" "no table" fetch-only
}

measure tansu "$tansu" catchup-raw "$keys"
fetch_only tansu "$tansu" "$keys"
measure tansu "$tansu" catchup-json "$keys"
if [ "$big_keys" -gt 0 ]; then
    measure tansu "$tansu" catchup-raw "$big_keys"
    fetch_only tansu "$tansu" "$big_keys"
    measure tansu "$tansu" catchup-json "$big_keys"
fi
measure tansu "$tansu" writer "$keys"
measure tansu "$tansu" memory "$keys"
# At 1 M keys the per-key figure is steadier: the process's fixed cost (about 5 MB with 1 k keys,
# most of it the program's code paged in on first use) weighs tens of B/key at 100 k keys.
if [ "$big_keys" -gt 0 ]; then measure tansu "$tansu" memory "$big_keys"; fi
measure mock "$mock" catchup-raw "$keys"
measure mock "$mock" barrier-idle "$keys"
measure mock "$mock" barrier-churn "$keys"
measure mock "$mock" propagation "$keys"
measure mock "$mock" writer "$keys"
# Both with a 10 ms Fetch max wait (ktables also a 10 ms poll timeout, its documented tuning):
# the mock answers a waiting Fetch only at its full max wait, even when a write comes meanwhile,
# which otherwise dominates propagation. The propagation probes wait a random part of the max wait
# between writes, so that they see every point of the long poll, not the same one every time.
tuned="fetch max wait 10 ms"
gregor_flags=(--fetch-max-wait-ms 10)
ktables_flags=(--fetch-max-wait-ms 10 --poll-timeout-ms 10)
measure mock "$mock" barrier-churn "$keys"
measure mock "$mock" propagation "$keys"
# And with a 1 ms max wait: the mock's wait is then small beside each client's own path from a
# Fetch answer to the change seen (and from one Fetch to the next).
tuned="fetch max wait 1 ms"
gregor_flags=(--fetch-max-wait-ms 1)
ktables_flags=(--fetch-max-wait-ms 1 --poll-timeout-ms 1)
measure mock "$mock" propagation "$keys"
# Gregor's tables with two Fetch connections per broker (tables default to up to four;
# KafkaTableConfiguration.fetch), to keep the effect of the extra connections in view.
tuned="2 fetch connections per broker"
gregor_flags=(--fetch-connections 2)
clients=(gregor)
measure tansu "$tansu" catchup-raw "$keys"
measure tansu "$tansu" catchup-json "$keys"
if [ "$big_keys" -gt 0 ]; then
    measure tansu "$tansu" catchup-raw "$big_keys"
    measure tansu "$tansu" catchup-json "$big_keys"
fi
measure tansu "$tansu" memory "$keys"

"$python" - "$results" <<'PY'
import json, os, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def figure(d):
    if "error" in d: return "error: " + str(d["error"])[:60]
    m = d["metric"]
    if m == "fetch-only": return f'{d["seconds"]:.3f} s ({d["records"]:,} records, {d["records"] / d["seconds"]:,.0f}/s)'
    if m.startswith("catchup"): return f'{d["seconds"]:.3f} s ({d.get("table_size", "?")} keys, {d.get("status")})'
    if m == "writer": return f'{d["upserts_per_second"]:,.0f} upserts/s ({d.get("acks")})'
    if m == "memory":
        anon = f', anon {d["anon_bytes_per_key"]:.0f}' if d.get("anon_bytes_per_key") is not None else ""
        return f'{d["bytes_per_key"]:.0f} B/key{anon} (payload {d.get("payload_per_key", d.get("payload_bytes_per_key", 272)):.0f})'
    extra = f', {d["churn_writes_per_second"]:.0f} churn writes/s' if "churn_writes_per_second" in d else ""
    return f'p50 {d["p50_ms"]:.1f} ms / p99 {d["p99_ms"]:.1f} ms ({d.get("samples")} samples{extra})'
def value(d):
    if "error" in d: return None
    m = d["metric"]
    if m.startswith("catchup"): return d["seconds"]
    if m == "writer": return d["upserts_per_second"]
    if m == "memory": return d["bytes_per_key"]
    return d["p50_ms"]
print("| broker | metric | keys | settings | Gregor | ktables 2.0.0 | Gregor vs ktables |")
print("| --- | --- | ---: | --- | --- | --- | ---: |")
pairs = {}
for d in rows: pairs.setdefault((d["broker"], d["metric"], d["n"], d.get("tuned", "defaults")), {})[d["client"]] = d
for (broker, metric, n, tuned), by in pairs.items():
    g, k = by.get("gregor", {"error": "missing"}), by.get("ktables", {"error": "missing"})
    if "ktables" not in by and tuned != "defaults":  # a Gregor-only row
        k = pairs.get((broker, metric, n, "defaults"), {}).get("ktables", {"error": "missing"})
    if metric == "fetch-only":
        # No peer row: compared with ktables' catch-up of the same size on the same broker.
        peer = pairs.get((broker, "catchup-raw", n, "defaults"), {}).get("ktables", {})
        ceiling = f'ktables catch-up ÷ this = {peer["seconds"] / g["seconds"]:.1f}×' if "seconds" in peer and "seconds" in g else ""
        print(f"| {broker} | fetch only, no table (ceiling) | {n:,} | Gregor `bench consume` of the catchup-raw topic | {figure(g)} | — | {ceiling} |")
        continue
    gv, kv = value(g), value(k)
    ratio = ""
    if gv and kv:
        better = gv / kv if metric == "writer" else kv / gv  # > 1 when Gregor is ahead
        word = ("less", "more") if metric == "memory" else ("faster", "slower")
        # Just below 10×, two decimals rounded down, so that a ratio short of the 10× target never
        # reads "10.0×".
        shown = f"{int(better * 100) / 100:.2f}" if 9.9 <= better < 10 else f"{better:.1f}"
        ratio = f"{shown}× {word[0]}" if better >= 1 else f"{1 / better:.1f}× {word[1]}"
    print(f"| {broker} | {metric} | {n:,} | {tuned} | {figure(g)} | {figure(k)} | {ratio} |")

# Where the catch-up time goes: each client's CPU time and the broker's during it. The broker shares
# the machine's cores, so a catch-up takes at least (client CPU + broker CPU) / cores of wall time.
cores = os.cpu_count() or 1
def cpu(d, field):
    return f'{d[field]:.3f}' if isinstance(d.get(field), (int, float)) else "—"
def floor(d):
    if not all(isinstance(d.get(f), (int, float)) for f in ("cpu_seconds", "broker_cpu_seconds")): return "—"
    return f'{(d["cpu_seconds"] + d["broker_cpu_seconds"]) / cores:.3f}'
print()
print(f"Catch-up CPU ({cores} cores): wall and CPU seconds of each client, the broker's CPU seconds during it, and (client + broker CPU) ÷ {cores}, the least wall time that work can take on this machine.")
print()
print("| broker | metric | keys | settings | Gregor wall / CPU / broker CPU / floor | ktables wall / CPU / broker CPU / floor | ktables wall ÷ 10 |")
print("| --- | --- | ---: | --- | --- | --- | ---: |")
for (broker, metric, n, tuned), by in pairs.items():
    if not metric.startswith("catchup"): continue
    g, k = by.get("gregor", {}), by.get("ktables", {})
    cells = [f'{cpu(d, "seconds")} / {cpu(d, "cpu_seconds")} / {cpu(d, "broker_cpu_seconds")} / {floor(d)}' if d else "—" for d in (g, k)]
    target = f'{k["seconds"] / 10:.3f}' if isinstance(k.get("seconds"), (int, float)) else "—"
    print(f"| {broker} | {metric} | {n:,} | {tuned} | {cells[0]} | {cells[1]} | {target} |")
PY

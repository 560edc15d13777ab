#!/usr/bin/env python3
"""Turns scripts/bench-stream.sh's JSON lines into markdown for BENCHMARKS.md: a header (date,
machine, command, broker, versions), a throughput table per tool and setting (median records/s over
the runs, the spread min–max, Gregor's ratio to each), the ordering table on the skewed topic
(inversions and late records per run) and the targets with their verdicts.

Every result line has "client", "operation": "stream", "records", "seconds", optionally
"setting", "inversions" and "late"; the driver adds "run" and "data" ("throughput" or "skewed").
"""
import argparse
import datetime
import json
import os
import platform
import statistics

RECORD_BYTES = 116  # 16 B key + 100 B value
CLIENT_NAMES = {"gregor": "Gregor", "kafkars": "kafkars", "confluent-kafka": "confluent-kafka", "kcat": "kcat"}
CLIENT_ORDER = ["gregor", "kafkars", "confluent-kafka", "kcat"]


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ordered(keys):
    return sorted(keys, key=lambda k: (CLIENT_ORDER.index(k[0]) if k[0] in CLIENT_ORDER else 99,
                                       not k[1].startswith("default"), k[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--broker", default="")
    parser.add_argument("--records", type=int, default=0)
    parser.add_argument("--skewed-records", type=int, default=0)
    parser.add_argument("--partitions", type=int, default=0)
    parser.add_argument("--command", default="bash scripts/bench-stream.sh")
    parser.add_argument("--versions", default="", help="peer versions, one free-text line")
    parser.add_argument("--kcat", default="", help="kcat -V line as run (librdkafka actually loaded)")
    parser.add_argument("--commit", default="")
    args = parser.parse_args()

    rates: dict[tuple[str, str], list[float]] = {}
    throughput_inversions: dict[tuple[str, str], list] = {}
    ordering: dict[tuple[str, str], list[tuple]] = {}
    for line in open(args.results):
        line = line.strip()
        if not line:
            continue
        result = json.loads(line)
        key = (result["client"], result.get("setting") or "default")
        if result.get("data") == "skewed":
            ordering.setdefault(key, []).append((result.get("inversions"), result.get("late")))
        else:
            rates.setdefault(key, []).append(result["records"] / result["seconds"])
            throughput_inversions.setdefault(key, []).append(result.get("inversions"))

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"- Date: {now}" + (f"; Gregor at commit {args.commit}" if args.commit else ""))
    print(f"- Machine: {os.cpu_count()} cores ({cpu_model()}), {platform.system()} {platform.release()} "
          f"{platform.machine()}, Python {platform.python_version()}")
    print(f"- Command: `{args.command}`")
    print(f"- Broker: {args.broker}")
    print(f"- Data: {args.records:,} records (16 B keys, 100 B values) in {args.partitions} partitions for throughput; "
          f"{args.skewed_records:,} skewed, keyed records for ordering (Benchmarks/peers/stream_data.py); "
          "each partition ends with a single-record batch")
    if args.versions:
        print(f"- Peers: {args.versions}")
    if args.kcat:
        print(f"- kcat as run: {args.kcat}")
    print()

    def show(values):
        return ", ".join("—" if v is None else f"{v:,}" for v in values)

    medians = {key: statistics.median(values) for key, values in rates.items()}
    gregor = {key: value for key, value in medians.items() if key[0] == "gregor"}
    gregor_best = max(gregor.values()) if gregor else None

    print("Throughput (replay from earliest until every record present at start is received):")
    print()
    print("| tool | setting | runs | median records/s | spread (min–max) | MB/s (median) | Gregor (best) ÷ tool "
          "| inversions (where the tool counts them) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key in ordered(rates):
        values = rates[key]
        median = medians[key]
        ratio = f"{gregor_best / median:.2f}×" if gregor_best and key[0] != "gregor" else ""
        print(f"| {CLIENT_NAMES.get(key[0], key[0])} | {key[1]} | {len(values)} | {median:,.0f} "
              f"| {min(values):,.0f}–{max(values):,.0f} | {median * RECORD_BYTES / 1e6:.1f} | {ratio} "
              f"| {show(throughput_inversions[key]) if any(v is not None for v in throughput_inversions[key]) else '—'} |")
    print()

    print("Ordering on the skewed topic (in delivery order; inversions = records whose timestamp is below the "
          "previous record's, late = records whose timestamp is below the largest delivered before them; per run):")
    print()
    print("| tool | setting | inversions | late records |")
    print("| --- | --- | ---: | ---: |")

    for key in ordered(ordering):
        runs = ordering[key]
        print(f"| {CLIENT_NAMES.get(key[0], key[0])} | {key[1]} | {show(r[0] for r in runs)} | {show(r[1] for r in runs)} |")
    print()
    if any(key[0] == "gregor" and any(r[1] is None for r in runs) for key, runs in ordering.items()):
        print("(Gregor prints inversions only; a run with 0 inversions has no late records either.)")
        print()

    def best_of(client):
        values = [value for key, value in medians.items() if key[0] == client]
        return max(values) if values else None

    kafkars_best = medians.get(next((k for k in medians if k[0] == "kafkars" and k[1].startswith("best")), None))
    kcat_best = best_of("kcat")
    gregor_inversions = [r[0] for key, runs in ordering.items() if key[0] == "gregor" for r in runs]
    print("Targets (Gregor's fastest setting by median):")
    print()

    def verdict(ratio, target):
        return "met" if ratio >= target else "NOT met"

    if gregor_best and kafkars_best:
        ratio = gregor_best / kafkars_best
        print(f"- Gregor ≥ 3× kafkars' best setting (batch_size=100000, poll 10 ms): {ratio:.2f}× — {verdict(ratio, 3.0)}")
    else:
        print("- Gregor ≥ 3× kafkars' best setting: not measured")
    if gregor_best and kcat_best:
        ratio = gregor_best / kcat_best
        print(f"- Gregor ≥ 1.0× kcat (its fastest setting): {ratio:.2f}× — {verdict(ratio, 1.0)}")
    else:
        print("- Gregor ≥ 1.0× kcat: not measured")
    if gregor_inversions:
        ok = all(v == 0 for v in gregor_inversions)
        print(f"- Gregor 0 inversions during replay on the skewed topic: {show(gregor_inversions)} — {'met' if ok else 'NOT met'}")
    else:
        print("- Gregor 0 inversions during replay: not measured")


if __name__ == "__main__":
    main()

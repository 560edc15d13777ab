#!/usr/bin/env python3
"""Turns scripts/bench-client.sh's JSON lines into a markdown table: per operation and client the
median rate over the runs, the spread (min-max), and Gregor's ratio to confluent-kafka."""
import argparse
import json
import platform
import statistics


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--broker", default="")
    parser.add_argument("--records", type=int, default=0)
    parser.add_argument("--partitions", type=int, default=0)
    args = parser.parse_args()

    rates = {}
    for line in open(args.results):
        line = line.strip()
        if not line:
            continue
        result = json.loads(line)
        rate = result["records"] / result["seconds"]
        rates.setdefault((result["operation"], result["client"]), []).append(rate)

    targets = {"produce": 1.0, "consume": 1.5}
    print(f"Broker: {args.broker}; {args.records} records (16 B keys, 100 B values), "
          f"{args.partitions} partitions; {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}.")
    print()
    print("| benchmark | client | runs | median records/s | spread (min–max) | MB/s (median) | Gregor ÷ confluent-kafka | target |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for operation in ("produce", "consume"):
        gregor = rates.get((operation, "gregor"), [])
        peer = rates.get((operation, "confluent-kafka"), [])
        ratio = f"{statistics.median(gregor) / statistics.median(peer):.2f}×" if gregor and peer else "n/a"
        for client, values in (("Gregor", gregor), ("confluent-kafka", peer)):
            if not values:
                continue
            median = statistics.median(values)
            megabytes = median * 116 / 1e6
            print(f"| {operation} | {client} | {len(values)} | {median:,.0f} | {min(values):,.0f}–{max(values):,.0f} "
                  f"| {megabytes:.1f} | {ratio if client == 'Gregor' else ''} | {'≥ %.1f×' % targets[operation] if client == 'Gregor' else ''} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""confluent-kafka producer benchmark: produces the benchmark records and prints one JSON line.

  produce.py --bootstrap HOST:PORT --topic T --records 1000000 --partitions 4

Times from the first produce() to the end of flush() (every record acknowledged), then writes the
single-record end batches (untimed). Settings: acks=all, no compression, no idempotence, the
murmur2_random partitioner (Java-compatible), librdkafka's default linger and batch size.
"""
import argparse
import json
import sys
import time

from confluent_kafka import KafkaException, Producer

from bench_data import key, value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--acks", default="all")
    args = parser.parse_args()

    failures = []

    def on_delivery(error, _message):
        if error is not None:
            failures.append(error)

    producer = Producer({
        "bootstrap.servers": args.bootstrap,
        "acks": args.acks,
        "compression.type": "none",
        "enable.idempotence": False,
        "partitioner": "murmur2_random",
        "queue.buffering.max.messages": 2_000_000,
        "queue.buffering.max.kbytes": 2_097_151,
    })
    # Data prepared before the clock starts, as for Gregor.
    keys = [key(i) for i in range(args.records)]
    values = [value(i) for i in range(args.records)]
    payload = sum(len(k) + len(v) for k, v in zip(keys, values))

    start = time.perf_counter()
    produce = producer.produce
    for i in range(args.records):
        while True:
            try:
                produce(args.topic, values[i], keys[i], on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.01)
        if i & 0x3FFF == 0:
            producer.poll(0)
    remaining = producer.flush(120)
    seconds = time.perf_counter() - start
    if remaining or failures:
        print(f"produce.py: {remaining} undelivered, {len(failures)} failed: {failures[:3]}", file=sys.stderr)
        return 1

    for partition in range(args.partitions):
        produce(args.topic, b"end", b"end", partition=partition, on_delivery=on_delivery)
        producer.flush(30)
    if failures:
        print(f"produce.py: end batches failed: {failures[:3]}", file=sys.stderr)
        return 1

    print(json.dumps({"client": "confluent-kafka", "operation": "produce", "records": args.records,
                      "bytes": payload, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KafkaException as error:
        print(f"produce.py: {error}", file=sys.stderr)
        sys.exit(1)

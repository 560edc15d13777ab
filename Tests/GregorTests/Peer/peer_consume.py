#!/usr/bin/env python3
"""Consumes a topic from the beginning with confluent-kafka (librdkafka) for Gregor's interop tests.

Usage: peer_consume.py --bootstrap HOST:PORT --topic TOPIC --count N [--timeout SECONDS]
                       [--partition P]... [--config KEY=VALUE]...

Assigns every partition of TOPIC (or the given ones) at the earliest offset — no consumer group —
and reads until N records arrived or the timeout passed. Prints one JSON object on stdout, records
ordered by (partition, offset), byte values as hex:
  {"records": [{"topic": "t", "partition": 0, "offset": 0, "timestamp": 1700000000000,
                "timestamp_type": "create", "key": "6b31" | null, "value": "7631" | null,
                "headers": [["name", "6869" | null], ...]}, ...],
   "timed_out": false}
Exit status 0 when N records arrived, 1 on timeout (the JSON still lists what arrived), 2 for bad
arguments or a consumer error (reason on stderr).
"""
import argparse
import json
import sys
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

TIMESTAMP_TYPES = {0: "not_available", 1: "create", 2: "log_append"}


def fail(message):
    print(f"peer_consume: {message}", file=sys.stderr)
    sys.exit(2)


def hex_or_none(value):
    return None if value is None else bytes(value).hex()


def parse_arguments():
    parser = argparse.ArgumentParser(description="Consume a topic from the beginning with confluent-kafka.")
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--count", type=int, required=True, help="records to wait for")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait at most")
    parser.add_argument("--partition", type=int, action="append", default=[])
    parser.add_argument("--config", action="append", default=[], metavar="KEY=VALUE",
                        help="extra librdkafka setting (repeatable)")
    return parser.parse_args()


def topic_partitions(consumer, topic, deadline):
    """The partition ids of TOPIC from metadata, retried until the deadline."""
    while True:
        metadata = consumer.list_topics(topic, timeout=max(0.5, deadline - time.monotonic()))
        described = metadata.topics.get(topic)
        if described is not None and described.error is None and described.partitions:
            return sorted(described.partitions)
        if time.monotonic() >= deadline:
            error = described.error if described is not None else "not in metadata"
            fail(f"topic {topic!r} has no partitions: {error}")
        time.sleep(0.1)


def main():
    arguments = parse_arguments()
    deadline = time.monotonic() + arguments.timeout
    config = {
        "bootstrap.servers": arguments.bootstrap,
        "group.id": f"gregor-peer-{uuid.uuid4().hex}",
        "enable.auto.commit": False,
        "enable.partition.eof": False,
        "fetch.wait.max.ms": 100,
    }
    for item in arguments.config:
        key, separator, value = item.partition("=")
        if not separator:
            fail(f"--config {item!r} is not KEY=VALUE")
        config[key] = value
    consumer = Consumer(config)
    partitions = arguments.partition or topic_partitions(consumer, arguments.topic, deadline)
    consumer.assign([TopicPartition(arguments.topic, p, OFFSET_BEGINNING) for p in partitions])

    records = []
    while len(records) < arguments.count and time.monotonic() < deadline:
        wanted = min(arguments.count - len(records), 1000)
        for message in consumer.consume(num_messages=wanted, timeout=min(0.5, max(0.01, deadline - time.monotonic()))):
            error = message.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    continue
                consumer.close()
                fail(f"consumer error: {error}")
            timestamp_type, timestamp = message.timestamp()
            records.append({
                "topic": message.topic(),
                "partition": message.partition(),
                "offset": message.offset(),
                "timestamp": timestamp if timestamp_type != 0 else None,
                "timestamp_type": TIMESTAMP_TYPES.get(timestamp_type, str(timestamp_type)),
                "key": hex_or_none(message.key()),
                "value": hex_or_none(message.value()),
                "headers": [[name, hex_or_none(value)] for name, value in (message.headers() or [])],
            })
    consumer.close()
    records.sort(key=lambda record: (record["partition"], record["offset"]))
    timed_out = len(records) < arguments.count
    json.dump({"records": records, "timed_out": timed_out}, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(1 if timed_out else 0)


if __name__ == "__main__":
    main()

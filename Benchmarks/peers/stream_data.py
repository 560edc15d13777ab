#!/usr/bin/env python3
"""Writes the Stream benchmark's topics with confluent-kafka (untimed) and deletes them again.

  stream_data.py throughput --bootstrap HOST:PORT --topic T --records 1000000 --partitions 4
  stream_data.py skewed     --bootstrap HOST:PORT --topic T --records 200000  --partitions 4
  stream_data.py delete     --bootstrap HOST:PORT --topic T [--topic U ...]

throughput: the records of bench_data.py (16 B keys, 100 B values), partitioned by murmur2 of the
  key as the Java client does, broker-assigned CreateTime.
skewed: the ordering check. Event i (key(i), value(i)) goes to a partition chosen so that the
  partitions differ in volume (weights 8 : 4 : 2 : 1 …, halving per partition), and carries an
  explicit CreateTime. Every partition's events are spread evenly over the same one-hour window,
  so the partitions' timestamps interleave; partition p's clock also lags by p × 5 minutes, so the
  small partitions hold older records than the big one at the same position. Timestamps never
  go backwards inside a partition: a strict timestamp merge across partitions delivers the topic
  with 0 inversions, while a tool that delivers partition by partition (or chunk by chunk) shows
  an inversion at (nearly) every switch between partitions.

Both kinds end every partition with one single-record batch (key b"end", value b"end", its
timestamp after the partition's last record) so that a broker whose ListOffsets(latest) is the
last batch's base offset + 1 (Tansu) reports the exact end. Prints one JSON line with what was
written (records per partition, watermarks) on stdout.
"""
import argparse
import json
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from bench_data import key, value

SKEW_BASE_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
SKEW_WINDOW_MS = 3_600_000        # every partition spans one hour of event time
SKEW_LAG_MS = 300_000             # partition p's clock runs p × 5 minutes behind


def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap, "log_level": 4})
    future = admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])[topic]
    future.result(timeout=30)


def delete_topics(bootstrap: str, topics: list[str]) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap, "log_level": 4})
    for topic, future in admin.delete_topics(topics, operation_timeout=30).items():
        try:
            future.result(timeout=30)
        except KafkaException as error:
            print(f"stream_data.py: delete {topic}: {error}", file=sys.stderr)


def new_producer(bootstrap: str, failures: list) -> Producer:
    return Producer({
        "bootstrap.servers": bootstrap,
        "acks": "all",
        "compression.type": "none",
        "enable.idempotence": False,
        "partitioner": "murmur2_random",
        "linger.ms": 20,
        "queue.buffering.max.messages": 2_000_000,
        "queue.buffering.max.kbytes": 2_097_151,
        "error_cb": lambda error: failures.append(error),
    })


def produce_all(producer: Producer, messages, failures: list) -> None:
    """Produces (topic, partition or None, key, value, timestamp or None) tuples, then flushes."""

    def on_delivery(error, _message):
        if error is not None:
            failures.append(error)

    produce = producer.produce
    for n, (topic, partition, k, v, timestamp) in enumerate(messages):
        extra = {}
        if partition is not None:
            extra["partition"] = partition
        if timestamp is not None:
            extra["timestamp"] = timestamp
        while True:
            try:
                produce(topic, v, k, on_delivery=on_delivery, **extra)
                break
            except BufferError:
                producer.poll(0.01)
        if n & 0x3FFF == 0:
            producer.poll(0)
    if producer.flush(120):
        raise RuntimeError("records left undelivered after 120 s")


def end_batches(producer: Producer, topic: str, partitions: int, timestamps: list, failures: list) -> None:
    """One single-record batch per partition (a flush after each keeps it alone in its batch)."""
    for partition in range(partitions):
        produce_all(producer, [(topic, partition, b"end", b"end", timestamps[partition])], failures)


def skewed_counts(records: int, partitions: int) -> list[int]:
    weights = [2 ** (partitions - 1 - p) for p in range(partitions)]
    counts = [records * w // sum(weights) for w in weights]
    counts[0] += records - sum(counts)
    return counts


def skewed_messages(topic: str, counts: list[int]):
    """Events in global timestamp order; event i = key(i), value(i)."""
    events = []
    for partition, count in enumerate(counts):
        lag = partition * SKEW_LAG_MS
        for j in range(count):
            events.append((SKEW_BASE_MS - lag + j * SKEW_WINDOW_MS // count, partition))
    events.sort()
    for i, (timestamp, partition) in enumerate(events):
        yield topic, partition, key(i), value(i), timestamp


def watermarks(bootstrap: str, topic: str, partitions: int) -> list[list[int]]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "gregor-bench-data"})
    try:
        return [list(consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)) for p in range(partitions)]
    finally:
        consumer.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["throughput", "skewed", "delete"])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", action="append", required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()

    if args.kind == "delete":
        delete_topics(args.bootstrap, args.topic)
        return 0

    topic = args.topic[0]
    create_topic(args.bootstrap, topic, args.partitions)
    failures: list = []
    producer = new_producer(args.bootstrap, failures)
    start = time.perf_counter()
    if args.kind == "throughput":
        produce_all(producer, ((topic, None, key(i), value(i), None) for i in range(args.records)), failures)
        end_batches(producer, topic, args.partitions, [None] * args.partitions, failures)
        counts = None
    else:
        counts = skewed_counts(args.records, args.partitions)
        produce_all(producer, skewed_messages(topic, counts), failures)
        last = [SKEW_BASE_MS - p * SKEW_LAG_MS + SKEW_WINDOW_MS for p in range(args.partitions)]
        end_batches(producer, topic, args.partitions, last, failures)
    if failures:
        print(f"stream_data.py: {len(failures)} failures: {failures[:3]}", file=sys.stderr)
        return 1

    marks = watermarks(args.bootstrap, topic, args.partitions)
    expected = args.records + args.partitions
    written = sum(high - low for low, high in marks)
    print(json.dumps({"topic": topic, "kind": args.kind, "records": args.records, "per_partition": counts,
                      "watermarks": marks, "seconds": round(time.perf_counter() - start, 2)}))
    if written != expected:
        print(f"stream_data.py: watermarks say {written} records, expected {expected}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (KafkaException, RuntimeError) as error:
        print(f"stream_data.py: {error}", file=sys.stderr)
        sys.exit(1)

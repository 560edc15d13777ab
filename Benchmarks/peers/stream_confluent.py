#!/usr/bin/env python3
"""confluent-kafka stream benchmark: reads a topic from earliest with consume(num_messages=10000)
(raw, unordered across partitions) until every record that existed at start has been received;
prints one JSON line.

  stream_confluent.py --bootstrap HOST:PORT --topic T --partitions 4 [--inversions]

As consume.py: the expected count comes from the watermark offsets before the clock starts (exact
on Tansu when each partition ends with a single-record batch, see bench_data.py); times from the
assignment to the last record. With --inversions, also counts the places where a message's
timestamp is smaller than the previous message's in delivery order, and the late messages (timestamp
below the largest delivered before it) — a Python call per message, so only asked for on the
ordering topic.
"""
import argparse
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, KafkaException, TopicPartition

from inversions import InversionTally
from peer_consumer import new_consumer, record_count, watermarks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--inversions", action="store_true")
    args = parser.parse_args()

    consumer = new_consumer(args.bootstrap)
    expected = record_count(watermarks(consumer, args.topic, args.partitions))

    received = 0
    tally = InversionTally()
    start = time.perf_counter()
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in range(args.partitions)])
    deadline = start + 300
    while received < expected:
        messages = consumer.consume(num_messages=args.batch, timeout=1.0)
        for message in messages:
            if message.error() is not None:
                raise KafkaException(message.error())
        if args.inversions:
            for message in messages:
                tally.add(message.timestamp()[1])
        received += len(messages)
        if time.perf_counter() > deadline:
            print(f"stream_confluent.py: timed out after {received} of {expected} records", file=sys.stderr)
            return 1
    seconds = time.perf_counter() - start
    consumer.close()
    print(json.dumps({"client": "confluent-kafka", "operation": "stream", "records": received, "seconds": seconds,
                      "inversions": tally.inversions if args.inversions else None,
                      "late": tally.late if args.inversions else None,
                      "setting": f"consume(num_messages={args.batch})"}))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KafkaException as error:
        print(f"stream_confluent.py: {error}", file=sys.stderr)
        sys.exit(1)

#!/usr/bin/env python3
"""confluent-kafka consumer benchmark: reads a topic from earliest with consume(num_messages=10000)
until every record that existed at start has been received; prints one JSON line.

  consume.py --bootstrap HOST:PORT --topic T --partitions 4

The expected count comes from the watermark offsets before the clock starts (exact on Tansu when
each partition ends with a single-record batch, see bench_data.py). Times from the first consume()
call to the last record.
"""
import argparse
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, KafkaException, TopicPartition

from peer_consumer import new_consumer, record_count, watermarks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()

    consumer = new_consumer(args.bootstrap)
    expected = record_count(watermarks(consumer, args.topic, args.partitions))
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in range(args.partitions)])

    received = 0
    payload = 0
    start = time.perf_counter()
    deadline = start + 300
    while received < expected:
        messages = consumer.consume(num_messages=args.batch, timeout=1.0)
        for message in messages:
            if message.error() is not None:
                raise KafkaException(message.error())
        received += len(messages)
        if time.perf_counter() > deadline:
            print(f"consume.py: timed out after {received} of {expected} records", file=sys.stderr)
            return 1
    seconds = time.perf_counter() - start
    consumer.close()
    print(json.dumps({"client": "confluent-kafka", "operation": "consume", "records": received,
                      "seconds": seconds}))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KafkaException as error:
        print(f"consume.py: {error}", file=sys.stderr)
        sys.exit(1)

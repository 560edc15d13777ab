#!/usr/bin/env python3
"""Produces records with confluent-kafka (librdkafka) for Gregor's interop tests.

Usage: peer_produce.py --bootstrap HOST:PORT --topic TOPIC [--codec none|gzip|snappy|lz4|zstd]
                       [--acks 0|1|all] [--config KEY=VALUE]... < spec.json

The spec on stdin (byte values as hex so that any bytes survive JSON):
  {"records": [{"key": "6b31" | null, "value": "7631" | null,
                "headers": [["name", "6869" | null], ...],
                "timestamp": 1700000000000 | null, "partition": 0 | null}, ...],
   "codec": "zstd"}                       # optional; --codec wins
Prints one JSON object on stdout once every record is delivered (or failed):
  {"reports": [{"index": 0, "topic": "t", "partition": 0, "offset": 5, "timestamp": 1700000000000,
                "timestamp_type": "create", "error": null}, ...]}
Exit status 0 when every record was delivered, 1 when some failed (reports name the error),
2 for bad input or a flush timeout (reason on stderr).
"""
import argparse
import json
import sys

from confluent_kafka import Producer

CODECS = ("none", "gzip", "snappy", "lz4", "zstd")
TIMESTAMP_TYPES = {0: "not_available", 1: "create", 2: "log_append"}


def fail(message):
    print(f"peer_produce: {message}", file=sys.stderr)
    sys.exit(2)


def hex_bytes(value, what):
    if value is None:
        return None
    try:
        return bytes.fromhex(value)
    except (TypeError, ValueError):
        fail(f"{what} is not a hex string: {value!r}")


def parse_arguments():
    parser = argparse.ArgumentParser(description="Produce records with confluent-kafka.")
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--codec", choices=CODECS)
    parser.add_argument("--acks", default="all", choices=("0", "1", "all", "-1"))
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for delivery")
    parser.add_argument("--config", action="append", default=[], metavar="KEY=VALUE",
                        help="extra librdkafka setting (repeatable)")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    try:
        spec = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        fail(f"the spec on stdin is not JSON: {error}")
    records = spec.get("records")
    if not isinstance(records, list):
        fail("the spec has no 'records' list")
    codec = arguments.codec or spec.get("codec") or "none"
    if codec not in CODECS:
        fail(f"unknown codec {codec!r}")

    config = {
        "bootstrap.servers": arguments.bootstrap,
        "compression.type": codec,
        "acks": arguments.acks,
        # Long enough that every partition's records go out together at flush(): librdkafka sends
        # a batch uncompressed when compressing does not make it smaller, which a lone small
        # record on a busy machine would do (and the interop tests need the codec on the broker).
        "linger.ms": 1000,
        "message.timeout.ms": int(arguments.timeout * 1000),
    }
    for item in arguments.config:
        key, separator, value = item.partition("=")
        if not separator:
            fail(f"--config {item!r} is not KEY=VALUE")
        config[key] = value
    producer = Producer(config)

    reports = [None] * len(records)

    def on_delivery(index):
        def callback(error, message):
            timestamp_type, timestamp = message.timestamp()
            reports[index] = {
                "index": index,
                "topic": message.topic(),
                "partition": message.partition(),
                "offset": message.offset() if error is None else None,
                "timestamp": timestamp if timestamp_type != 0 else None,
                "timestamp_type": TIMESTAMP_TYPES.get(timestamp_type, str(timestamp_type)),
                "error": None if error is None else str(error),
            }
        return callback

    for index, record in enumerate(records):
        if not isinstance(record, dict):
            fail(f"record {index} is not an object")
        headers = []
        for header in record.get("headers") or []:
            if not (isinstance(header, list) and len(header) == 2 and isinstance(header[0], str)):
                fail(f"record {index}: a header is not [name, hex-or-null]: {header!r}")
            headers.append((header[0], hex_bytes(header[1], f"record {index} header {header[0]!r}")))
        options = {
            "key": hex_bytes(record.get("key"), f"record {index} key"),
            "value": hex_bytes(record.get("value"), f"record {index} value"),
            "on_delivery": on_delivery(index),
        }
        if headers:
            options["headers"] = headers
        if record.get("timestamp") is not None:
            options["timestamp"] = int(record["timestamp"])
        if record.get("partition") is not None:
            options["partition"] = int(record["partition"])
        while True:
            try:
                producer.produce(arguments.topic, **options)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)

    remaining = producer.flush(arguments.timeout)
    if remaining > 0 or any(report is None for report in reports):
        fail(f"{remaining} record(s) not delivered within {arguments.timeout} s")
    json.dump({"reports": reports}, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(1 if any(report["error"] for report in reports) else 0)


if __name__ == "__main__":
    main()

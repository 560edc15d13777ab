#!/usr/bin/env python3
"""Writes and reads ktables 2.0.0 tables (aiokafka) for Gregor's Tables interop tests.

Usage:
  ktables_peer.py write-grouped --bootstrap B --topic T --input OPS.json [write options]
  ktables_peer.py write-flat    --bootstrap B --topic T --input OPS.json [write options]
  ktables_peer.py read-grouped  --bootstrap B --topic T [read options]
  ktables_peer.py read-flat     --bootstrap B --topic T [read options]

OPS.json is a JSON list, applied in order, each write awaited (acked) before the next:
  grouped: [{"op": "set", "group": "g", "member": "m", "value": <JSON>},
            {"op": "delete", "group": "g", "member": "m"}, ...]
  flat:    [{"op": "set", "key": "k", "value": <JSON>}, {"op": "delete", "key": "k"}, ...]
A value is any JSON except null (a tombstone is written with "delete", never as a value).
Values go on the wire as compact UTF-8 JSON (json.dumps with separators (",", ":") and
ensure_ascii=False: the bytes pydantic's model_dump_json, which ktables' .json() presets call,
makes for the same data). Keys: flat keys as UTF-8; grouped keys through ktables' default
LengthPrefixedKeyCodec, "<len(group)>:<group><member>" as UTF-8.

Write options: --codec preset|raw (default preset: the ktables .json() preset fed a tiny
model-free shim; raw: plain value_encoder/value_decoder callables; same bytes either way),
--no-ensure-topic (the librdkafka mock cluster has no admin APIs), --partitions N (topic created
with N partitions when missing; default 1, ktables' default), --acks 0|1|all, --idempotence.
Writes print {"written": n, "ensure_topic": {"outcome": ..., "policy": ...} | null}.

Read options: --codec, --no-ensure-topic, --timeout SECONDS (ktables' catchup_timeout; default
30), --expect-records N (after catch-up, also wait until N records were seen: applied + tombstones
+ keyless + undecodable; Tansu's ListOffsets(latest) is exact only when the last batch holds one
record, so its catch-up can end early), --barrier (call table.barrier() once after catch-up),
--fetch-max-wait-ms, --poll-timeout-ms (ktables' knobs). Reads print
  read-grouped: {"status": "caught_up", "groups": {g: {m: value}}, "stats": {...},
                 "barrier": true | false | null, "expected_seen": true | false | null}
  read-flat:    {"status": ..., "entries": {k: value}, "stats": {...}, "barrier": ...,
                 "expected_seen": ...}
"stats" holds ktables' ViewStats fields (records_applied, tombstones_applied, keyless_records,
key_decode_errors, value_decode_errors, callback_errors, catch_up_seconds,
replayed_at_catch_up); read-grouped adds foreign_key_count. Groups, members and keys are sorted.

Exit status 0 on success; 1 when a read did not end caught up, the barrier returned false, or
--expect-records was not reached in time (the JSON is still printed); 2 for bad arguments or
input, or a Kafka/ktables error (reason on stderr). Nothing is read from stdin. Logs of ktables
and aiokafka (WARNING and up) go to stderr.
"""
import argparse
import asyncio
import dataclasses
import json
import logging
import sys
import time

from ktables import (
    GroupedKafkaTable,
    GroupedKafkaTableWriter,
    KafkaConnectionConfig,
    KafkaTable,
    KafkaTableWriter,
    ensure_topic,
)


class PeerFailure(Exception):
    """Bad arguments or input: reported on stderr, exit status 2."""


def fail(message):
    print(f"ktables_peer: {message}", file=sys.stderr)
    sys.exit(2)


def encode_json(value):
    """Compact UTF-8 JSON, as pydantic's model_dump_json writes it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode_json(data):
    return json.loads(data)


class JsonValue:
    """A model-free stand-in for a pydantic model, so ktables' .json() presets carry plain JSON.

    The writer preset calls value.model_dump_json(); the reader preset calls
    Model.model_validate_json(bytes), which here returns the plain decoded value.
    """

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def model_dump_json(self):
        return encode_json(self.value).decode("utf-8")

    @classmethod
    def model_validate_json(cls, data):
        return decode_json(data)


# ---- input ----

def load_ops(path, grouped):
    try:
        with open(path, encoding="utf-8") as handle:
            ops = json.load(handle)
    except OSError as error:
        raise PeerFailure(f"cannot read --input {path!r}: {error}")
    except json.JSONDecodeError as error:
        raise PeerFailure(f"--input {path!r} is not JSON: {error}")
    if not isinstance(ops, list):
        raise PeerFailure("--input must hold a JSON list of ops")
    names = ("group", "member") if grouped else ("key",)
    checked = []
    for index, op in enumerate(ops):
        if not isinstance(op, dict):
            raise PeerFailure(f"op {index} is not an object")
        kind = op.get("op")
        if kind not in ("set", "delete"):
            raise PeerFailure(f"op {index}: 'op' must be 'set' or 'delete', got {kind!r}")
        for name in names:
            if not isinstance(op.get(name), str):
                raise PeerFailure(f"op {index}: {name!r} must be a string")
        if kind == "set":
            if "value" not in op:
                raise PeerFailure(f"op {index}: a set needs a 'value'")
            if op["value"] is None:
                raise PeerFailure(f"op {index}: a null value is not allowed (write a tombstone with 'delete')")
        checked.append(op)
    return checked


# ---- writing ----

def writer_options(arguments):
    options = {"ensure_topic": False, "enable_idempotence": arguments.idempotence}
    if arguments.acks is not None:
        options["acks"] = "all" if arguments.acks == "all" else int(arguments.acks)
    return options


async def ensure(connection, arguments):
    if arguments.no_ensure_topic:
        return None
    result = await ensure_topic(connection, arguments.topic, num_partitions=arguments.partitions)
    return {"outcome": result.outcome, "policy": result.policy}


async def write(arguments, grouped):
    ops = load_ops(arguments.input, grouped)
    connection = KafkaConnectionConfig(bootstrap_servers=arguments.bootstrap)
    # ensure_topic is ktables' own function, called here rather than inside the writer's start()
    # so that --partitions applies and its outcome can be reported.
    ensured = await ensure(connection, arguments)
    options = writer_options(arguments)
    preset = arguments.codec == "preset"
    wrap = JsonValue if preset else (lambda value: value)
    if grouped:
        writer = (GroupedKafkaTableWriter.json(connection=connection, topic=arguments.topic, model=JsonValue, **options)
                  if preset else
                  GroupedKafkaTableWriter(connection=connection, topic=arguments.topic, value_encoder=encode_json, **options))
    else:
        writer = (KafkaTableWriter.json(connection=connection, topic=arguments.topic, model=JsonValue, **options)
                  if preset else
                  KafkaTableWriter(connection=connection, topic=arguments.topic, value_encoder=encode_json, **options))
    written = 0
    async with writer:
        for op in ops:
            where = (op["group"], op["member"]) if grouped else (op["key"],)
            if op["op"] == "set":
                await writer.set(*where, wrap(op["value"]))
            else:
                await writer.delete(*where)
            written += 1
    return {"written": written, "ensure_topic": ensured}, 0


# ---- reading ----

def seen_records(stats):
    return (stats.records_applied + stats.tombstones_applied + stats.keyless_records
            + stats.key_decode_errors + stats.value_decode_errors)


async def wait_for_records(table, expected, deadline):
    while seen_records(table.stats) < expected:
        if time.monotonic() >= deadline or table.status == "failed":
            return False
        await asyncio.sleep(0.01)
    return True


async def read(arguments, grouped):
    connection = KafkaConnectionConfig(bootstrap_servers=arguments.bootstrap)
    options = {
        "connection": connection,
        "topic": arguments.topic,
        "catchup_timeout": arguments.timeout,
        "poll_timeout_ms": arguments.poll_timeout_ms,
        "fetch_max_wait_ms": arguments.fetch_max_wait_ms,
        "ensure_topic": not arguments.no_ensure_topic,
    }
    preset = arguments.codec == "preset"
    if grouped:
        table = (GroupedKafkaTable.json(model=JsonValue, **options) if preset
                 else GroupedKafkaTable(value_decoder=decode_json, **options))
    else:
        table = (KafkaTable.json(model=JsonValue, **options) if preset
                 else KafkaTable(value_decoder=decode_json, **options))
    deadline = time.monotonic() + arguments.timeout
    await table.start()
    try:
        expected_seen = None
        if arguments.expect_records is not None:
            expected_seen = await wait_for_records(table, arguments.expect_records, deadline)
        barrier = None
        if arguments.barrier:
            barrier = await table.barrier(timeout=max(1.0, deadline - time.monotonic()))
        status = table.status
        stats = dataclasses.asdict(table.stats)
        if grouped:
            view = table.snapshot()
            stats["foreign_key_count"] = table.foreign_key_count
            body = {"groups": {group: dict(sorted(view[group].items())) for group in sorted(view)}}
        else:
            view = table.snapshot()
            body = {"entries": dict(sorted(view.items()))}
    finally:
        await table.stop()
    result = {"status": status, **body, "stats": stats, "barrier": barrier, "expected_seen": expected_seen}
    ok = status == "caught_up" and barrier is not False and expected_seen is not False
    return result, 0 if ok else 1


# ---- main ----

def parse_arguments():
    parser = argparse.ArgumentParser(description="Write or read ktables 2.0.0 tables for interop tests.")
    parser.add_argument("mode", choices=("write-grouped", "read-grouped", "write-flat", "read-flat"))
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--input", help="the ops file (write modes)")
    parser.add_argument("--codec", choices=("preset", "raw"), default="preset")
    parser.add_argument("--no-ensure-topic", action="store_true",
                        help="skip ktables' ensure_topic (needed on the librdkafka mock cluster)")
    parser.add_argument("--partitions", type=int, default=1, help="partitions when ensure_topic creates the topic")
    parser.add_argument("--acks", choices=("0", "1", "all"))
    parser.add_argument("--idempotence", action="store_true")
    parser.add_argument("--timeout", type=float, default=30.0, help="catch-up (and read) timeout in seconds")
    parser.add_argument("--expect-records", type=int)
    parser.add_argument("--barrier", action="store_true")
    parser.add_argument("--fetch-max-wait-ms", type=int, default=500)
    parser.add_argument("--poll-timeout-ms", type=int, default=200)
    arguments = parser.parse_args()
    if arguments.mode.startswith("write") and not arguments.input:
        parser.error(f"{arguments.mode} needs --input")
    if arguments.partitions < 1:
        parser.error("--partitions must be at least 1")
    if arguments.timeout <= 0:
        parser.error("--timeout must be positive")
    return arguments


def main():
    arguments = parse_arguments()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s %(levelname)s %(message)s")
    grouped = arguments.mode.endswith("grouped")
    action = write if arguments.mode.startswith("write") else read
    try:
        result, status = asyncio.run(action(arguments, grouped))
    except PeerFailure as error:
        fail(str(error))
    except Exception as error:  # a Kafka/ktables failure: name it, exit 2
        fail(f"{arguments.mode} failed: {type(error).__name__}: {error}")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(status)


if __name__ == "__main__":
    main()

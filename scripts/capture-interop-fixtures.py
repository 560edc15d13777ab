#!/usr/bin/env python3
"""Captures record batches written by a real producer (librdkafka, through confluent-kafka) as fixtures.

For each compression codec (none, gzip, snappy, lz4, zstd) the script produces a topic of records
with headers (including null- and empty-valued ones), null keys, tombstones, empty keys and values,
explicit CreateTime timestamps (one earlier than the batch's first, so a negative delta) and values
larger than 64 KiB (multi-block lz4/snappy framing), spread over three batches. librdkafka writes
snappy as one raw block, so the same records are also produced by kafka-python's producer, which
writes the Java client's xerial framing (fixture `snappy-xerial`; without the records kafka-python
refuses: null key with null value, null header values). It also produces a transactional topic:
committed transaction, aborted transaction, committed transaction (Tansu writes both markers).

It then sends its own Fetch requests over a socket (built and parsed with kafka-python's protocol
classes, not with any Gregor code) and writes, into Tests/GregorProtocolTests/Fixtures/interop/:

  <name>.records   the partition's `records` bytes exactly as the broker returned them
  <name>.json      what the producer sent: every record's offset, timestamp, key/value (hex, or null),
                   headers ([key, value hex or null]); the batch headers as parsed here; for the
                   transactional topic the control markers seen and the aborted-transaction list
                   (producer id, first offset) a broker would report for read_committed
  fetch-response-v<N>.response / .json
                   one whole FetchResponse body (after the response header) for the transactional
                   topic at v4 (classic), v12 (flexible, topic names) and v17 (topic ids), with what
                   kafka-python decoded from it

The expectations come from what this script produced (offsets from the delivery reports) and are
cross-checked against a confluent-kafka Consumer reading the topic back.

Regenerate (from the repository root):

    bash scripts/setup-python.sh
    BOOTSTRAP=$(bash scripts/tansu.sh start)
    .venv/bin/python scripts/capture-interop-fixtures.py "$BOOTSTRAP"
    bash scripts/tansu.sh stop

Without an argument the script reads the running broker's port from .tansu/port. Timestamps and
payloads are fixed: a rerun reproduces the codec fixtures byte for byte (with the same library
versions); the transactional batches differ (producer id, broker-written marker timestamps, CRCs).
"""

import json
import random
import socket
import struct
import sys
import time
import uuid
from pathlib import Path

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka.protocol.consumer import FetchRequest, FetchResponse
from kafka.protocol.metadata import MetadataRequest, MetadataResponse

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "GregorProtocolTests" / "Fixtures" / "interop"
CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
BASE_TIMESTAMP = 1_700_000_000_000  # 2023-11-14T22:13:20Z, a fixed CreateTime for every fixture
FETCH_CLIENT_ID = "gregor-fixture-capture"


def text_payload(seed, size):
    """Deterministic, moderately compressible bytes: words drawn from a small vocabulary."""
    rng = random.Random(seed)
    words = [b"kafka", b"gregor", b"record", b"batch", b"offset", b"swift", b"broker", b"header",
             b"varint", b"timestamp", b"partition", b"topic", b"lz4", b"zstd", b"snappy", b"gzip"]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words)
        out += bytes([rng.randrange(32, 127)])
    return bytes(out[:size])


def noise_payload(seed, size):
    """Deterministic incompressible bytes (so compressed batches still cross block boundaries)."""
    return random.Random(seed).randbytes(size)


def codec_records():
    """The records of one codec topic, grouped by batch: (key, value, headers, timestamp ms)."""
    t = BASE_TIMESTAMP
    large = text_payload(1, 40 * 1024) + noise_payload(2, 26 * 1024)  # 66 KiB > 64 KiB
    return [
        [  # batch 1: the small edge cases
            (b"key-0", b"value-0", [("h1", b"v1"), ("h2", b"v2"), ("h1", b"again")], t),
            (None, b"value with a null key", [], t + 1),
            (b"tombstone-key", None, [("reason", b"deleted")], t + 2),
            (b"empty-value-key", b"", [], t + 3),
            (b"", b"empty key", [], t + 4),
            (None, None, [], t + 5),
            (b"header-edge-cases", b"x", [("null-header", None), ("empty-header", b""), ("", b"empty name")], t + 6),
            (b"earlier", b"timestamp before the batch's first", [], t - 1000),
            (b"\x00\xff\x01binary", bytes(range(256)), [("bin", bytes(range(16))), ("ключ-ü", "значение".encode())], t + 8),
        ],
        [  # batch 2: larger values
            (b"large-66k", large, [("size", b"67584")], t + 10_000),
            (b"medium-3k", text_payload(3, 3 * 1024), [], t + 10_001),
            (None, text_payload(4, 300), [("k", b"v")], t + 10_002),
        ],
        [  # batch 3: one record alone (compressible, so librdkafka keeps it compressed)
            (b"last", b"only record of its batch; " * 20, [("h", b"v")], t + 20_000),
        ],
    ]


def transactional_records():
    """Transactions in order: (outcome, records); records as in codec_records."""
    t = BASE_TIMESTAMP + 100_000
    return [
        ("commit", [(b"txn1-a", b"committed 1", [("txn", b"1")], t),
                    (b"txn1-b", b"committed 2", [], t + 1),
                    (None, b"committed 3", [], t + 2)]),
        ("abort", [(b"txn2-a", b"aborted 1", [("txn", b"2")], t + 10),
                   (b"txn2-b", None, [], t + 11)]),
        ("commit", [(b"txn3-a", b"committed 4", [("txn", b"3")], t + 20)]),
    ]


def hex_or_none(data):
    return None if data is None else data.hex()


class DeliveryLog:
    """Collects delivery reports: (key, value, headers, timestamp) -> offset, in send order."""

    def __init__(self):
        self.delivered = []
        self.errors = []

    def callback(self, sent):
        def report(err, msg):
            if err is not None:
                self.errors.append(str(err))
            else:
                self.delivered.append((sent, msg.offset()))
        return report


def expected_record(sent, offset):
    key, value, headers, timestamp = sent
    return {
        "offset": offset,
        "timestamp": timestamp,
        "key": hex_or_none(key),
        "value": hex_or_none(value),
        "headers": [[name, hex_or_none(hvalue)] for name, hvalue in headers],
    }


def produce_batches(producer, topic, batches, log):
    for batch in batches:
        for sent in batch:
            key, value, headers, timestamp = sent
            producer.produce(topic, key=key, value=value, headers=headers, timestamp=timestamp,
                             partition=0, on_delivery=log.callback(sent))
        remaining = producer.flush(30)
        if remaining:
            raise RuntimeError(f"{remaining} records not delivered to {topic}")
        if log.errors:
            raise RuntimeError(f"delivery errors on {topic}: {log.errors}")


def create_topics(bootstrap, names):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(n, num_partitions=1, replication_factor=1) for n in names])
    for name, future in futures.items():
        future.result(30)


class KafkaSocket:
    """One plain connection for our own requests (kafka-python encodes and decodes them)."""

    def __init__(self, bootstrap):
        host, port = bootstrap.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.correlation_id = 0

    def _read_exactly(self, n):
        chunks = []
        while n:
            chunk = self.sock.recv(n)
            if not chunk:
                raise RuntimeError("broker closed the connection")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def round_trip(self, request):
        """Sends a request; returns (correlation id, raw response frame without the size prefix)."""
        self.correlation_id += 1
        request.with_header(correlation_id=self.correlation_id, client_id=FETCH_CLIENT_ID)
        self.sock.sendall(request.encode(header=True, framed=True))
        (size,) = struct.unpack(">i", self._read_exactly(4))
        frame = self._read_exactly(size)
        (correlation,) = struct.unpack(">i", frame[:4])
        if correlation != self.correlation_id:
            raise RuntimeError(f"correlation id {correlation} != {self.correlation_id}")
        return self.correlation_id, frame


def fetch_request(version, topic, offset, topic_id=None):
    """A full (sessionless) read_uncommitted fetch of partition 0; v13+ names the topic by id."""
    partition = FetchRequest.FetchTopic.FetchPartition(
        partition=0, current_leader_epoch=-1, fetch_offset=offset, last_fetched_epoch=-1,
        log_start_offset=-1, partition_max_bytes=8 << 20)
    fetch_topic = (FetchRequest.FetchTopic(topic_id=topic_id, partitions=[partition]) if version >= 13
                   else FetchRequest.FetchTopic(topic=topic, partitions=[partition]))
    return FetchRequest[version](
        replica_id=-1, max_wait_ms=500, min_bytes=1, max_bytes=16 << 20, isolation_level=0,
        session_id=0, session_epoch=-1, topics=[fetch_topic], forgotten_topics_data=[], rack_id="")


def topic_id_of(conn, topic):
    """The topic's id from a Metadata v12 response (Fetch v13+ names topics by id)."""
    request = MetadataRequest[12](topics=[MetadataRequest.MetadataRequestTopic(name=topic, topic_id=None)],
                                  allow_auto_topic_creation=False, include_topic_authorized_operations=False)
    _, frame = conn.round_trip(request)
    response = MetadataResponse[12].decode(frame[5:])
    return response.topics[0].topic_id


def response_header_length(version, frame):
    """Fetch responses use header v1 (correlation id + tagged fields) from v12 on, v0 before."""
    if version < 12:
        return 4
    if frame[4] != 0:
        raise RuntimeError("response header carries tagged fields; not expected from this broker")
    return 5


def parse_batches(records):
    """Walks magic-2 batch headers (Kafka's documented layout) to describe what the broker holds."""
    batches = []
    pos = 0
    while pos + 61 <= len(records):
        base_offset, batch_length = struct.unpack_from(">qi", records, pos)
        end = pos + 12 + batch_length
        if end > len(records):
            break  # a partial trailing batch
        (leader_epoch, magic, crc, attributes, last_offset_delta, base_timestamp, max_timestamp,
         producer_id, producer_epoch, base_sequence, count) = struct.unpack_from(
            ">ibIhiqqqhii", records, pos + 12)
        if magic != 2:
            raise RuntimeError(f"magic {magic} at {pos}")
        batch = {
            "base_offset": base_offset,
            "batch_length": batch_length,
            "byte_offset": pos,
            "partition_leader_epoch": leader_epoch,
            "crc": crc,
            "attributes": attributes,
            "compression": ["none", "gzip", "snappy", "lz4", "zstd"][attributes & 7],
            "timestamp_type": "LogAppendTime" if attributes & 8 else "CreateTime",
            "transactional": bool(attributes & 16),
            "control": bool(attributes & 32),
            "last_offset_delta": last_offset_delta,
            "base_timestamp": base_timestamp,
            "max_timestamp": max_timestamp,
            "producer_id": producer_id,
            "producer_epoch": producer_epoch,
            "base_sequence": base_sequence,
            "record_count": count,
            "compressed_payload_head": records[pos + 61:min(end, pos + 61 + 16)].hex(),
        }
        if batch["control"]:
            batch["control_records"] = parse_uncompressed_control_records(records[pos + 61:end], base_offset)
        batches.append(batch)
        pos = end
    return batches, pos


def read_varint(data, pos):
    shift = 0
    raw = 0
    while True:
        byte = data[pos]
        pos += 1
        raw |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return (raw >> 1) ^ -(raw & 1), pos


def parse_uncompressed_control_records(data, base_offset):
    """Control batches are never compressed: decode their records (key: version, type)."""
    out = []
    pos = 0
    while pos < len(data):
        length, pos = read_varint(data, pos)
        end = pos + length
        pos += 1  # attributes
        ts_delta, pos = read_varint(data, pos)
        offset_delta, pos = read_varint(data, pos)
        key_len, pos = read_varint(data, pos)
        key = data[pos:pos + key_len] if key_len >= 0 else None
        pos += max(key_len, 0)
        value_len, pos = read_varint(data, pos)
        value = data[pos:pos + value_len] if value_len >= 0 else None
        version, kind = struct.unpack(">hh", key)
        coordinator_epoch = struct.unpack(">hi", value)[1] if value and len(value) >= 6 else None
        out.append({"offset": base_offset + offset_delta, "timestamp_delta": ts_delta,
                    "key": key.hex(), "value": hex_or_none(value), "version": version,
                    "type": {0: "abort", 1: "commit"}.get(kind, f"unknown-{kind}"),
                    "coordinator_epoch": coordinator_epoch})
        pos = end
    return out


def fetch_all(conn, topic, high_watermark, version=12):
    """Fetches from offset 0 until the high watermark; returns the concatenated records bytes."""
    offset = 0
    collected = b""
    fetches = 0
    while offset < high_watermark:
        fetches += 1
        if fetches > 20:
            raise RuntimeError(f"{topic}: no progress at offset {offset}")
        _, frame = conn.round_trip(fetch_request(version, topic, offset))
        body = frame[response_header_length(version, frame):]
        response = FetchResponse[version].decode(body)
        partition = response.responses[0].partitions[0]
        if partition.error_code != 0:
            raise RuntimeError(f"{topic}: fetch error {partition.error_code}")
        records = bytes(partition.records or b"")
        batches, complete = parse_batches(records)
        if not batches:
            time.sleep(0.2)
            continue
        collected += records[:complete]
        last = batches[-1]
        offset = last["base_offset"] + last["last_offset_delta"] + 1
    return collected, fetches


def read_back(bootstrap, topic, count):
    """Reads the topic with a confluent-kafka Consumer (read_uncommitted) as a cross-check."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"capture-{uuid.uuid4()}",
                         "enable.auto.commit": False, "isolation.level": "read_uncommitted",
                         "auto.offset.reset": "earliest"})
    consumer.assign([TopicPartition(topic, 0, 0)])
    seen = []
    deadline = time.time() + 30
    while len(seen) < count and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            raise KafkaException(msg.error())
        ts_type, ts = msg.timestamp()
        seen.append({"offset": msg.offset(), "timestamp": ts, "timestamp_type": ts_type,
                     "key": hex_or_none(msg.key()), "value": hex_or_none(msg.value()),
                     "headers": [[k, hex_or_none(v)] for k, v in (msg.headers() or [])]})
    consumer.close()
    return seen


def cross_check(topic, expected, seen):
    from confluent_kafka import TIMESTAMP_CREATE_TIME
    if len(seen) != len(expected):
        raise RuntimeError(f"{topic}: consumer saw {len(seen)} records, expected {len(expected)}")
    for want, got in zip(expected, seen):
        if got["timestamp_type"] != TIMESTAMP_CREATE_TIME:
            raise RuntimeError(f"{topic}: offset {got['offset']} has timestamp type {got['timestamp_type']}")
        got = {k: v for k, v in got.items() if k != "timestamp_type"}
        if got != want:
            raise RuntimeError(f"{topic}: consumer disagrees\n want {want}\n got  {got}")


def high_watermark(bootstrap, topic):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"capture-{uuid.uuid4()}"})
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    consumer.close()
    return high


def write_fixture(name, records, document):
    (OUT / f"{name}.records").write_bytes(records)
    (OUT / f"{name}.json").write_text(json.dumps(document, indent=1) + "\n")


def capture_codec(bootstrap, conn, codec, run):
    topic = f"interop-{codec}-{run}"
    create_topics(bootstrap, [topic])
    producer = Producer({"bootstrap.servers": bootstrap, "compression.type": codec,
                         "linger.ms": 1000, "acks": "all", "enable.idempotence": False,
                         "message.max.bytes": 1_000_000})
    log = DeliveryLog()
    produce_batches(producer, topic, codec_records(), log)
    expected = [expected_record(sent, offset) for sent, offset in sorted(log.delivered, key=lambda d: d[1])]
    hw = high_watermark(bootstrap, topic)
    records, fetches = fetch_all(conn, topic, expected[-1]["offset"] + 1)
    batches, _ = parse_batches(records)
    if [b["compression"] for b in batches] != [codec] * 3:
        raise RuntimeError(f"{topic}: batches {[b['compression'] for b in batches]}, expected 3 × {codec}")
    cross_check(topic, expected, read_back(bootstrap, topic, len(expected)))
    write_fixture(f"{codec}", records, {
        "description": f"librdkafka {producer_version()} producer, compression.type={codec}, "
                       "3 batches, non-idempotent, CreateTime timestamps",
        "topic": topic, "partition": 0, "compression": codec, "fetches": fetches,
        "high_watermark_reported": hw, "batches": batches, "records": expected,
    })
    return len(records)


def capture_xerial_snappy(bootstrap, conn, run):
    """kafka-python's producer writes snappy in the Java client's xerial framing (32 KiB blocks)."""
    from kafka import KafkaProducer
    topic = f"interop-snappy-xerial-{run}"
    create_topics(bootstrap, [topic])
    producer = KafkaProducer(bootstrap_servers=bootstrap, compression_type="snappy", linger_ms=1000,
                             batch_size=1_000_000, max_request_size=1_000_000, acks="all",
                             enable_idempotence=False)
    delivered = []
    for batch in codec_records():
        # kafka-python refuses a record whose key and value are both null, and null header values:
        # those are left out here (the librdkafka fixtures cover them).
        batch = [(key, value, [(n, v) for n, v in headers if v is not None], ts)
                 for key, value, headers, ts in batch if key is not None or value is not None]
        futures = [(sent, producer.send(topic, key=sent[0], value=sent[1], headers=sent[2],
                                        timestamp_ms=sent[3], partition=0)) for sent in batch]
        producer.flush(30)
        delivered += [(sent, future.get(30).offset) for sent, future in futures]
    producer.close(10)
    expected = [expected_record(sent, offset) for sent, offset in sorted(delivered, key=lambda d: d[1])]
    records, fetches = fetch_all(conn, topic, expected[-1]["offset"] + 1)
    batches, _ = parse_batches(records)
    # kafka-python stores a batch uncompressed when compression does not make it smaller.
    snappy_batches = [b for b in batches if b["compression"] == "snappy"]
    if len(batches) != 3 or len(snappy_batches) < 2:
        raise RuntimeError(f"{topic}: batches {[b['compression'] for b in batches]}, expected snappy ones")
    if not all(b["compressed_payload_head"].startswith("82534e41505059") for b in snappy_batches):
        raise RuntimeError(f"{topic}: snappy payloads are not xerial-framed")
    cross_check(topic, expected, read_back(bootstrap, topic, len(expected)))
    import kafka
    write_fixture("snappy-xerial", records, {
        "description": f"kafka-python {kafka.__version__} producer, compression_type=snappy (xerial framing "
                       "as the Java client writes it, 32 KiB blocks), same records as the codec fixtures",
        "topic": topic, "partition": 0, "compression": "snappy", "fetches": fetches,
        "batches": batches, "records": expected,
    })
    return len(records)


def capture_transactional(bootstrap, conn, run):
    topic = f"interop-transactional-{run}"
    create_topics(bootstrap, [topic])
    producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": f"gregor-interop-{run}",
                         "linger.ms": 100, "acks": "all"})
    producer.init_transactions(30)
    outcomes = []
    all_expected = []
    for outcome, records in transactional_records():
        producer.begin_transaction()
        log = DeliveryLog()
        for sent in records:
            key, value, headers, timestamp = sent
            producer.produce(topic, key=key, value=value, headers=headers, timestamp=timestamp,
                             partition=0, on_delivery=log.callback(sent))
        producer.flush(30)
        if log.errors:
            raise RuntimeError(f"{topic}: delivery errors {log.errors}")
        if outcome == "commit":
            producer.commit_transaction(30)
        else:
            producer.abort_transaction(30)
        expected = [expected_record(s, o) for s, o in sorted(log.delivered, key=lambda d: d[1])]
        for e in expected:
            e["transaction"] = outcome
        outcomes.append((outcome, expected))
        all_expected += expected
    time.sleep(0.5)  # let the coordinator's markers land
    hw = high_watermark(bootstrap, topic)
    records, fetches = fetch_all(conn, topic, hw)
    batches, _ = parse_batches(records)

    data_batches = [b for b in batches if not b["control"]]
    markers = [c for b in batches if b["control"] for c in b["control_records"]]
    if not data_batches or not all(b["transactional"] for b in data_batches):
        raise RuntimeError(f"{topic}: data batches are not all transactional")
    producer_ids = {(b["producer_id"], b["producer_epoch"]) for b in data_batches}
    if len(producer_ids) != 1:
        raise RuntimeError(f"{topic}: several producer ids {producer_ids}")
    (producer_id, producer_epoch), = producer_ids
    want_markers = [o for o, _ in outcomes]
    got_markers = [m["type"] for m in markers]
    notes = []
    if got_markers != want_markers:
        notes.append(f"broker wrote markers {got_markers}, the producer ended transactions {want_markers}")
    # Each marker must follow its transaction's last record and precede the next transaction.
    for (outcome, expected), marker in zip(outcomes, markers):
        if marker["offset"] <= expected[-1]["offset"]:
            raise RuntimeError(f"{topic}: marker at {marker['offset']} does not follow its transaction")
    aborted = [{"producer_id": producer_id, "first_offset": expected[0]["offset"]}
               for outcome, expected in outcomes if outcome == "abort"]
    cross_check(topic, [{k: v for k, v in e.items() if k != "transaction"} for e in all_expected],
                read_back(bootstrap, topic, len(all_expected)))
    write_fixture("transactional", records, {
        "description": f"librdkafka {producer_version()} transactional producer: commit, abort, commit. "
                      "Markers are written by the broker (Tansu) and listed as seen in its batches.",
        "topic": topic, "partition": 0, "compression": "none", "fetches": fetches,
        "high_watermark_reported": hw,
        "producer_id": producer_id, "producer_epoch": producer_epoch,
        "batches": batches, "records": all_expected, "control_markers": markers,
        # What a correct broker reports in a read_committed Fetch (Tansu reports none).
        "aborted_transactions": aborted,
        "notes": notes,
    })
    return topic, hw, len(records), markers


def capture_responses(conn, topic, hw):
    """Saves whole FetchResponse bodies for the transactional topic at v4, v12 and v17."""
    sizes = []
    topic_id = topic_id_of(conn, topic)
    for version in (4, 12, 17):
        correlation_id, frame = conn.round_trip(fetch_request(version, topic, 0, topic_id))
        header_length = response_header_length(version, frame)
        body = frame[header_length:]
        decoded = FetchResponse[version].decode(body)
        partition = decoded.responses[0].partitions[0]
        records = bytes(partition.records or b"")
        name = f"fetch-response-v{version}"
        (OUT / f"{name}.response").write_bytes(body)
        (OUT / f"{name}.json").write_text(json.dumps({
            "description": "Whole Fetch response body (after the response header) from Tansu for the "
                           "transactional fixture's topic; fields below decoded by kafka-python.",
            "api_key": 1, "version": version, "correlation_id": correlation_id,
            "header_hex": frame[:header_length].hex(),
            "throttle_time_ms": decoded.throttle_time_ms,
            "error_code": getattr(decoded, "error_code", None),
            "session_id": getattr(decoded, "session_id", None),
            "topics": [{
                "topic": getattr(t, "topic", None) if version < 13 else None,
                "topic_id": str(t.topic_id) if version >= 13 else None,
                "partitions": [{
                    "partition_index": p.partition_index,
                    "error_code": p.error_code,
                    "high_watermark": p.high_watermark,
                    "last_stable_offset": p.last_stable_offset,
                    "log_start_offset": p.log_start_offset,
                    "aborted_transactions": None if p.aborted_transactions is None else
                        [[a.producer_id, a.first_offset] for a in p.aborted_transactions],
                    "preferred_read_replica": getattr(p, "preferred_read_replica", None),
                    "records_length": None if p.records is None else len(p.records),
                    "records_equal_transactional_fixture":
                        bytes(p.records or b"") == (OUT / "transactional.records").read_bytes(),
                } for p in t.partitions],
            } for t in decoded.responses],
        }, indent=1) + "\n")
        sizes.append(len(body))
    return sizes


def producer_version():
    from confluent_kafka import libversion
    return libversion()[0]


def main():
    if len(sys.argv) > 1:
        bootstrap = sys.argv[1]
    else:
        bootstrap = "127.0.0.1:" + (REPO / ".tansu" / "port").read_text().strip()
    OUT.mkdir(parents=True, exist_ok=True)
    run = uuid.uuid4().hex[:8]
    conn = KafkaSocket(bootstrap)
    for codec in CODECS:
        size = capture_codec(bootstrap, conn, codec, run)
        print(f"{codec}: {size} bytes of records")
    print(f"snappy-xerial: {capture_xerial_snappy(bootstrap, conn, run)} bytes of records")
    topic, hw, size, markers = capture_transactional(bootstrap, conn, run)
    print(f"transactional: {size} bytes of records, markers {[(m['offset'], m['type']) for m in markers]}")
    print(f"fetch responses: {capture_responses(conn, topic, hw)} bytes")


if __name__ == "__main__":
    main()
